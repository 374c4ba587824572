//! `scopex need` in process: the least-privilege scopes for 50 operations of a catalog
//! with 30,000 operations (Google's built-in catalog has 27,724).
//!
//! The catalog is a synthetic one from `scopex_synth` (5,000 scopes) with 30,000
//! operations appended, shaped like Google's: each operation is allowed by a scope, by
//! the scopes that imply or include it, sometimes by an unrelated scope (different data)
//! and sometimes only by two scopes together. It is loaded by the real loader.
//!
//! `cargo bench --bench need` runs them; with `-- need/resolve_and_solve` one of them.
//!
//! `resolve_and_solve_50_of_30k` is what a request pays once the catalog's operation
//! indexes (the request-path trie and the operations by scope) are built and kept, as
//! the explorer keeps them while operations are ticked; `first_resolve_and_solve_50_of_30k`
//! adds building them, which a one-shot `scopex need` pays after loading the catalog;
//! `indexes_30k` is that building alone. `load_30k` parses the catalog's text and reads
//! its operations, as `scopex need` does before any of that; `load_30k_lazy` parses it
//! leaving the operations for their first use, as the explorer opens it.

use criterion::{Criterion, criterion_group, criterion_main};
use scopex::catalog::{Catalog, OperationId, Origin, ScopeId, parse_catalog};
use scopex::grants::GrantModel;
use scopex::need::{ByScope, Coverage, need};
use scopex::routes::{OperationFinder, Routes};
use std::fmt::Write as _;
use std::hint::black_box;

const SCOPES: usize = 5_000;
const OPERATIONS: usize = 30_000;
const CALLS: usize = 50;

/// splitmix64, the same numbers on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

const METHODS: [&str; 4] = ["GET", "POST", "PATCH", "DELETE"];

/// The synthetic catalog with its operations, as catalog text.
fn catalog_text() -> String {
    let mut text = scopex_synth::generate(SCOPES, 0);
    let scopes = match parse_catalog(&text, "synth.toml", Origin::Builtin) {
        Ok(catalog) => catalog,
        Err(error) => panic!("the synthetic catalog does not load:\n{error}"),
    };
    let mut rng = Rng(0x0BE7);
    text.push('\n');
    for i in 0..OPERATIONS {
        let scope: ScopeId = rng.below(scopes.len());
        let mut alternatives: Vec<Vec<ScopeId>> = vec![vec![scope]];
        // What implies or includes it authorizes the call too.
        for edge in scopes.edges_to(scope).take(3) {
            alternatives.push(vec![edge.from]);
        }
        match rng.below(4) {
            0 => alternatives.push(vec![rng.below(scopes.len())]),
            1 => alternatives[0].push(rng.below(scopes.len())),
            _ => {}
        }
        let requires: Vec<String> = alternatives
            .iter()
            .map(|alternative| {
                let mut names: Vec<String> = alternative
                    .iter()
                    .map(|&s| format!("\"{}\"", scopes.name(s)))
                    .collect();
                names.dedup();
                format!("[{}]", names.join(", "))
            })
            .collect();
        let _ = write!(
            text,
            "[[operation]]\nid = \"api.items{i}.call\"\nmethod = \"{}\"\npath = \"/v1/items{i}/{{itemId}}\"\nrequires = [{}]\n\n",
            METHODS[i % METHODS.len()],
            requires.join(", ")
        );
    }
    text
}

/// 50 calls spread over the catalog: half by id, half as concrete requests.
fn calls(catalog: &Catalog) -> Vec<String> {
    let mut rng = Rng(0xCA11);
    (0..CALLS)
        .map(|k| {
            let id: OperationId = rng.below(catalog.operations().expect("operations load").len());
            let op = catalog.operation(id);
            if k % 2 == 0 {
                op.id.to_string()
            } else {
                let method = op.method.unwrap_or("GET");
                let path = op.path.as_deref().unwrap_or("/").replace("{itemId}", "42");
                format!("{method} {path}")
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let text = catalog_text();
    let catalog = match parse_catalog(&text, "synth-operations.toml", Origin::Builtin) {
        Ok(catalog) => catalog,
        Err(error) => panic!("the synthetic catalog with operations does not load:\n{error}"),
    };
    assert_eq!(
        catalog.operations().expect("operations load").len(),
        OPERATIONS
    );
    let model = GrantModel::new(&catalog);
    let calls = calls(&catalog);
    let every: Vec<&[Box<[ScopeId]>]> = catalog
        .operations()
        .expect("operations load")
        .iter()
        .map(|op| &op.requires[..])
        .collect();
    // As `scopex need` does: find each call, then order its alternatives (which uses the
    // index of operations by scope when some are alike in privilege).
    let resolve = |finder: &OperationFinder, coverage: &Coverage<_, _>| -> Vec<Vec<&[ScopeId]>> {
        calls
            .iter()
            .map(|call| match finder.find(call) {
                Ok(id) => {
                    let requires = &catalog.operation(id).requires;
                    coverage
                        .order(id)
                        .into_iter()
                        .map(|i| &requires[i][..])
                        .collect()
                }
                Err(error) => panic!("{call}: {error}"),
            })
            .collect()
    };
    let routes = Routes::of(&catalog);
    let by_scope = ByScope::new(catalog.len(), &every);
    let requirements = resolve(
        &OperationFinder::with_routes(&catalog, &routes),
        &Coverage::with_index(&model, &every, &by_scope),
    );
    let answer = need(&model, &requirements);
    assert!(answer.proven, "the benchmark problem is solved exactly");
    let cold = resolve(
        &OperationFinder::new(&catalog),
        &Coverage::new(&model, &every),
    );
    assert_eq!(cold, requirements, "kept indexes answer as fresh ones");

    eprintln!(
        "the synthetic catalog: {} bytes, {} of them its operations",
        text.len(),
        text.len() - text.find("[[operation]]").unwrap_or(text.len())
    );
    let mut group = c.benchmark_group("need");
    // A request once the indexes are kept: find the 50 calls, order their alternatives,
    // then solve.
    group.bench_function("resolve_and_solve_50_of_30k", |b| {
        b.iter(|| {
            let finder = OperationFinder::with_routes(&catalog, &routes);
            let coverage = Coverage::with_index(&model, &every, &by_scope);
            let requirements = resolve(&finder, &coverage);
            black_box(need(&model, &requirements))
        })
    });
    // The same with the indexes built first, as one `scopex need` run does.
    group.bench_function("first_resolve_and_solve_50_of_30k", |b| {
        b.iter(|| {
            let finder = OperationFinder::new(&catalog);
            let coverage = Coverage::new(&model, &every);
            let requirements = resolve(&finder, &coverage);
            black_box(need(&model, &requirements))
        })
    });
    group.bench_function("indexes_30k", |b| {
        b.iter(|| {
            black_box((
                Routes::of(black_box(&catalog)),
                ByScope::new(catalog.len(), black_box(&every)),
            ))
        })
    });
    group.bench_function("solve_50_of_30k", |b| {
        b.iter(|| black_box(need(&model, black_box(&requirements))))
    });
    group.bench_function("load_30k", |b| {
        b.iter(|| {
            let catalog = parse_catalog(black_box(&text), "synth-operations.toml", Origin::Builtin)
                .expect("loads");
            assert_eq!(catalog.operations().map(<[_]>::len).ok(), Some(OPERATIONS));
            black_box(catalog)
        })
    });
    // Google's built-in catalog (27,724 operations, as Google's discovery documents give
    // them) for comparison: loaded, then its operations read.
    group.bench_function("load_google", |b| {
        b.iter(|| {
            let catalog = scopex::catalog::builtin("google").expect("built in");
            assert!(catalog.operations().expect("operations load").len() > 27_000);
            black_box(catalog)
        })
    });
    group.bench_function("load_30k_lazy", |b| {
        b.iter(|| {
            black_box(
                parse_catalog(black_box(&text), "synth-operations.toml", Origin::Builtin)
                    .expect("loads"),
            )
        })
    });
    group.bench_function("grant_model_30k", |b| {
        b.iter(|| black_box(GrantModel::new(black_box(&catalog))))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
