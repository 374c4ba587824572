//! The grant model on long implication chains and cycles: time and memory grow with the
//! catalog, not with its square. Sixteen times the scopes must cost well under 256 times
//! (quadratic) the memory (counted by the allocator) and the time (the least processor time of a few
//! runs, so that other work on the machine counts as little as possible).
//!
//! The allocator counts every thread of the process: the growth test measures memory
//! only while the other test (which allocates too) cannot run, behind a lock.

use scopex::catalog::{Catalog, Origin, parse_catalog};
use scopex::grants::GrantModel;
use scopex_synth::{Shape, generate_shape};
use std::time::Duration;

mod support;

use support::alloc::{self, Counting};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn catalog(shape: Shape, scopes: usize) -> Catalog {
    let text = generate_shape(shape, scopes, 0);
    parse_catalog(&text, "scale.toml", Origin::Builtin).expect("the generated catalog loads")
}

/// What `scopex minimize CAT s0` and the explorer do with the model: build it, then the
/// grants, the held set and the minimal string of the head of the chain.
fn work(catalog: &Catalog) {
    let model = GrantModel::new(catalog);
    let head = [0];
    assert_eq!(model.grants(&head).len(), catalog.len());
    assert_eq!(model.held(&head).len(), catalog.len());
    let minimal = model.minimal(&head);
    assert_eq!(minimal.scopes, [0]);
    let tail = [catalog.len() - 1];
    assert_eq!(model.minimal(&tail).scopes, tail);
    assert_eq!(model.diff(&head, &tail).added.len(), 0);
}

/// Peak bytes allocated beyond those held before, and the least processor time, of `work`.
fn cost(catalog: &Catalog) -> (usize, Duration) {
    let (first, peak) = alloc::peak_of(|| {
        let start = support::thread_time();
        work(catalog);
        support::thread_time() - start
    });
    let quickest = first.min(support::quickest(2, || work(catalog)));
    (peak, quickest)
}

#[test]
fn chains_and_cycles_cost_what_their_edges_cost() {
    let _turn = alloc::take_turn();
    for shape in [Shape::Chain, Shape::Cycle] {
        let small = catalog(shape, 2_000);
        let large = catalog(shape, 32_000);
        let (small_bytes, small_time) = cost(&small);
        let (large_bytes, large_time) = cost(&large);
        let memory = large_bytes as f64 / small_bytes as f64;
        let time = large_time.as_secs_f64() / small_time.as_secs_f64();
        assert!(
            memory < 48.0,
            "{shape:?}: 16x the scopes took {memory:.1}x the memory ({small_bytes} → {large_bytes} bytes)"
        );
        assert!(
            time < 64.0,
            "{shape:?}: 16x the scopes took {time:.1}x the time ({small_time:?} → {large_time:?})"
        );
    }
}

#[test]
fn realistic_catalogs_keep_their_tables() {
    let _turn = alloc::take_turn();
    for seed in 0..3 {
        let realistic = catalog_seeded(Shape::Realistic, 20_000, seed);
        assert!(GrantModel::new(&realistic).is_tabulated(), "seed {seed}");
    }
    assert!(!GrantModel::new(&catalog(Shape::Chain, 20_000)).is_tabulated());
}

fn catalog_seeded(shape: Shape, scopes: usize, seed: u64) -> Catalog {
    let text = generate_shape(shape, scopes, seed);
    parse_catalog(&text, "scale.toml", Origin::Builtin).expect("the generated catalog loads")
}
