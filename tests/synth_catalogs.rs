//! The synthetic catalogs of the benchmarks and scale tests (`scopex-synth`) load, look
//! like their styles and have the chains and cycles the benchmarks need.

use scopex::catalog::{Catalog, Origin, parse_catalog};
use scopex::grants::GrantModel;
use scopex_synth::generate;

fn load(scopes: usize, seed: u64) -> Catalog {
    let text = generate(scopes, seed);
    parse_catalog(&text, "synth.toml", Origin::Builtin)
        .unwrap_or_else(|e| panic!("seed {seed}, {scopes} scopes:\n{e}"))
}

#[test]
fn thousand_and_ten_thousand_load_in_every_style() {
    for seed in 0..3 {
        for scopes in [1_000, 10_000] {
            let catalog = load(scopes, seed);
            assert_eq!(catalog.len(), scopes);
            let composites = catalog.scopes.iter().filter(|s| s.composite).count();
            assert!(
                composites > scopes / 200,
                "seed {seed}: {composites} composites"
            );
            assert!(catalog.edges.len() > scopes / 20, "seed {seed}");
            let tree = catalog.tree();
            let deepest = tree.nodes().map(|n| n.depth).max().unwrap_or(0);
            assert!(deepest >= 4, "seed {seed}: depth {deepest}");
        }
    }
}

#[test]
fn small_catalogs_load() {
    for scopes in [1, 2, 3, 7, 49, 50, 51, 120] {
        for seed in 0..6 {
            assert_eq!(load(scopes, seed).len(), scopes);
        }
    }
}

#[test]
fn deterministic_from_the_seed() {
    assert_eq!(generate(2_000, 7), generate(2_000, 7));
    assert_ne!(generate(2_000, 7), generate(2_000, 10));
}

#[test]
fn names_look_like_their_style() {
    let sipgate = load(500, 3);
    assert!(
        sipgate
            .scopes
            .iter()
            .any(|s| s.name.matches(':').count() >= 3)
    );
    let outreach = load(500, 4);
    assert!(outreach.scopes.iter().all(|s| !s.name.contains(':')));
    assert!(outreach.scopes.iter().any(|s| s.name.ends_with(".all")));
    let stora = load(500, 5);
    assert!(
        stora
            .scopes
            .iter()
            .filter(|s| s.name.contains(':'))
            .all(|s| s.name.starts_with("public."))
    );
}

#[test]
fn chains_and_cycles_exist_at_scale() {
    let catalog = load(10_000, 0);
    let model = GrantModel::new(&catalog);
    let longest = (0..catalog.len())
        .map(|s| model.grants_of(s).len())
        .max()
        .unwrap_or(0);
    assert!(longest >= 5, "largest grant set {longest}");
}
