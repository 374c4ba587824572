//! What a few scopes hold, and how the model sees a scope, found by walking the catalog's
//! own edges: no [`GrantModel`] is built. The explorer's first frame shows what ticking
//! the focused row would hold before the model of a large catalog is ready; the answers
//! are the model's (the grant-properties tests check them against it and an oracle).
//!
//! [`GrantModel`]: super::GrantModel

use super::{Explanation, Minimal, Trust};
use crate::catalog::{Catalog, ScopeId};
use fixedbitset::FixedBitSet;

/// Is `scope` composite as the model under `trust` sees it: composite in the catalog, and
/// every member edge trusted (one missing member makes it atomic, as it may grant what no
/// trusted edge shows)? [`super::GrantModel::is_composite`] without the model.
pub fn is_composite(catalog: &Catalog, trust: Trust, scope: ScopeId) -> bool {
    catalog.scope(scope).composite && catalog.edges_from(scope).all(|e| trust.trusts(e.evidence))
}

/// H(`selection`) under `trust`: every scope whose grants are some of the selection's,
/// [`super::GrantModel::held_set`] without the model. The work follows the scopes reached
/// from the selection, the scopes that reach what it grants, and what those reach; not
/// the whole catalog.
pub fn held_by_walking(catalog: &Catalog, trust: Trust, selection: &[ScopeId]) -> FixedBitSet {
    let n = catalog.len();
    let atomic = |s: ScopeId| !is_composite(catalog, trust, s);
    let forward = |s: ScopeId| {
        catalog
            .edges_from(s)
            .filter(|e| trust.trusts(e.evidence))
            .map(|e| e.to)
    };
    let backward = |s: ScopeId| {
        catalog
            .edges_to(s)
            .filter(|e| trust.trusts(e.evidence))
            .map(|e| e.from)
    };
    // G(S): the atoms among the scopes the selection reaches.
    let granted = reach(
        n,
        selection.iter().copied().filter(|&s| s < n),
        forward,
        |_| true,
    );
    // The candidates: every scope that reaches a granted atom (so grants something).
    let candidates = reach(n, granted.ones().filter(|&s| atomic(s)), backward, |_| true);
    // Of those, the ones that also reach an atom not granted are not held. Every path from
    // a candidate lies in what the candidates reach, so the walk back stays in it.
    let around = reach(n, candidates.ones(), forward, |_| true);
    let not_granted = around.ones().filter(|&s| atomic(s) && !granted.contains(s));
    let spoiled = reach(n, not_granted, backward, |s| around.contains(s));
    let mut held = candidates;
    held.difference_with(&spoiled);
    held
}

/// The scopes reached from `start` along `next`, staying where `inside` says.
fn reach<I: Iterator<Item = ScopeId>>(
    n: usize,
    start: impl Iterator<Item = ScopeId>,
    next: impl Fn(ScopeId) -> I,
    inside: impl Fn(ScopeId) -> bool,
) -> FixedBitSet {
    let mut seen = FixedBitSet::with_capacity(n);
    let mut stack: Vec<ScopeId> = Vec::new();
    for s in start {
        if !seen.put(s) {
            stack.push(s);
        }
    }
    while let Some(s) = stack.pop() {
        for t in next(s) {
            if inside(t) && !seen.put(t) {
                stack.push(t);
            }
        }
    }
    seen
}

impl Explanation {
    /// The explanation of the empty selection: nothing held, an empty minimal string.
    /// [`super::GrantModel::explain`] of `&[]`, without the model.
    pub fn of_nothing() -> Explanation {
        Explanation {
            held: Vec::new(),
            minimal: Minimal {
                scopes: Vec::new(),
                proven: true,
            },
            dropped: Vec::new(),
        }
    }
}
