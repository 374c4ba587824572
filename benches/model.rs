//! Benchmarks of the model at up to 100 times today's catalog sizes: loading, the grant
//! algebra and one search keystroke. Catalogs come from `scopex_synth` (seed 0: names
//! like `phonelines:voicemails:greetings:read`).
//!
//! `cargo bench --bench model` runs them all (a few minutes); a filter narrows them:
//! `cargo bench --bench model -- search_100k/full`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use scopex::catalog::{Catalog, Origin, ScopeId, parse_catalog};
use scopex::grants::GrantModel;
use scopex::search::Searcher;
use std::hint::black_box;
use std::time::Duration;

const SEED: u64 = 0;

fn catalog_text(scopes: usize) -> String {
    scopex_synth::generate(scopes, SEED)
}

fn load(text: &str) -> Catalog {
    match parse_catalog(text, "synth.toml", Origin::Builtin) {
        Ok(catalog) => catalog,
        Err(error) => panic!("the synthetic catalog does not load:\n{error}"),
    }
}

fn label(scopes: usize) -> String {
    format!("{}k", scopes / 1_000)
}

/// `count` distinct scopes spread over the catalog, the same on every run.
fn selection(catalog: &Catalog, count: usize) -> Vec<ScopeId> {
    let mut state = 0x5EED_u64;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut chosen = std::collections::BTreeSet::new();
    while chosen.len() < count.min(catalog.len()) {
        chosen.insert((next() % catalog.len() as u64) as usize);
    }
    // In the order a user might tick them, not sorted.
    let mut chosen: Vec<ScopeId> = chosen.into_iter().collect();
    for i in (1..chosen.len()).rev() {
        chosen.swap(i, (next() % (i as u64 + 1)) as usize);
    }
    chosen
}

fn loading(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for scopes in [1_000, 10_000, 100_000] {
        let text = catalog_text(scopes);
        if scopes == 100_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(3));
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(label(scopes)),
            &text,
            |b, text| b.iter(|| load(black_box(text))),
        );
    }
    group.finish();
}

fn grant_model(c: &mut Criterion) {
    let mut group = c.benchmark_group("grant_model_new");
    for scopes in [1_000, 10_000, 100_000] {
        let catalog = load(&catalog_text(scopes));
        if scopes == 100_000 {
            group.sample_size(10);
        }
        group.bench_with_input(
            BenchmarkId::from_parameter(label(scopes)),
            &catalog,
            |b, catalog| b.iter(|| GrantModel::new(black_box(catalog))),
        );
    }
    group.finish();
}

fn grant_algebra(c: &mut Criterion) {
    let catalog = load(&catalog_text(100_000));
    let model = GrantModel::new(&catalog);
    let mut group = c.benchmark_group("grants_100k");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2));
    for count in [1, 10, 1_000] {
        let selected = selection(&catalog, count);
        group.bench_with_input(BenchmarkId::new("grants", count), &selected, |b, s| {
            b.iter(|| model.grants(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("held_set", count), &selected, |b, s| {
            b.iter(|| model.held_set(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("minimal", count), &selected, |b, s| {
            b.iter(|| model.minimal(black_box(s)))
        });
    }
    group.finish();
}

/// What a user types, one keystroke at a time; each keystroke is one search.
const KEYSTROKES: &str = "phonelines";

/// Each keystroke searched as `scopex search` does, ranking the whole catalog (`full`),
/// and as the explorer does, finding the matches among the previous keystroke's without
/// scoring them (`narrowed`, `Searcher::matching`).
fn search_keystrokes(c: &mut Criterion) {
    let searcher = Searcher::default();
    for scopes in [10_000, 100_000] {
        let catalog = load(&catalog_text(scopes));
        let mut group = c.benchmark_group(format!("search_{}", label(scopes)));
        if scopes == 100_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(2));
        } else {
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(1));
        }
        let mut previous: Vec<ScopeId> = (0..catalog.len()).collect();
        for typed in 1..=KEYSTROKES.len() {
            let query = &KEYSTROKES[..typed];
            group.bench_with_input(BenchmarkId::new("full", query), query, |b, query| {
                b.iter(|| searcher.search(black_box(&catalog), black_box(query)))
            });
            group.bench_with_input(BenchmarkId::new("narrowed", query), query, |b, query| {
                b.iter(|| searcher.matching(black_box(&catalog), black_box(query), Some(&previous)))
            });
            previous = searcher.matching(&catalog, query, None);
        }
        // Two words, as fzf splits them.
        group.bench_with_input(
            BenchmarkId::new("full", "voice greet"),
            "voice greet",
            |b, query| b.iter(|| searcher.search(black_box(&catalog), black_box(query))),
        );
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = loading, grant_model, grant_algebra, search_keystrokes
}
criterion_main!(benches);
