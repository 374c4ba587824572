//! One answer per group of operations, together. Without a [`Reach`], each group's best
//! (the least weights, then the least sum of positions, then catalog order) is best
//! together. With one, each group offers all its answers tied on grants and tokens, and
//! their combinations are compared whole, since what a selection authorizes does not add
//! up over groups: the least first weight, then the combinations authorizing no strict
//! superset of another's operations, then the least second weight, then the least sum
//! of positions, then catalog order.

use super::Reach;
use super::search::Candidate;
use crate::catalog::ScopeId;
use fixedbitset::FixedBitSet;

/// Combinations compared whole at most; past it each group is decided alone and the
/// answer is marked not proven.
pub const COMBINATION_LIMIT: usize = 512;

/// The chosen union of grants over `k` local atoms, and whether the choice is proven best.
pub(super) fn combine(
    k: usize,
    groups: Vec<Vec<Candidate>>,
    reach: Option<&dyn Reach>,
) -> (FixedBitSet, bool) {
    let mut granted = FixedBitSet::with_capacity(k);
    let groups: Vec<Vec<Candidate>> = groups.into_iter().filter(|g| !g.is_empty()).collect();
    let Some(reach) = reach else {
        // Positions and catalog order add up over groups: each group's best is best.
        for group in &groups {
            if let Some(best) = group.iter().min_by(|a, b| a.rank(b)) {
                granted.union_with(&best.union);
            }
        }
        return (granted, true);
    };
    let combinations = groups
        .iter()
        .try_fold(1usize, |product, group| product.checked_mul(group.len()))
        .filter(|&product| product <= COMBINATION_LIMIT);
    if combinations.is_none() {
        for group in &groups {
            let options: Vec<Whole> = group.iter().map(|c| Whole::new(reach, vec![c])).collect();
            let best = least(&options);
            granted.union_with(&group[best].union);
        }
        return (granted, false);
    }
    let mut wholes: Vec<Whole> = vec![Whole::new(reach, Vec::new())];
    for group in &groups {
        wholes = wholes
            .iter()
            .flat_map(|whole| {
                group.iter().map(move |candidate| {
                    let mut parts = whole.parts.clone();
                    parts.push(candidate);
                    parts
                })
            })
            .map(|parts| Whole::new(reach, parts))
            .collect();
    }
    let best = least(&wholes);
    for part in &wholes[best].parts {
        granted.union_with(&part.union);
    }
    (granted, true)
}

/// One answer for every group, and what it authorizes.
struct Whole<'a> {
    parts: Vec<&'a Candidate>,
    reached: FixedBitSet,
    count: usize,
    weight: super::search::Weight,
    positions: usize,
    scopes: Vec<ScopeId>,
}

impl<'a> Whole<'a> {
    fn new(reach: &dyn Reach, parts: Vec<&'a Candidate>) -> Whole<'a> {
        let mut scopes: Vec<ScopeId> = parts.iter().flat_map(|c| c.scopes.clone()).collect();
        scopes.sort_unstable();
        let reached = reach.reach(&scopes);
        Whole {
            count: reached.count_ones(..),
            reached,
            weight: parts
                .iter()
                .fold((0, 0), |w, c| (w.0 + c.weight.0, w.1 + c.weight.1)),
            positions: parts.iter().map(|c| c.positions).sum(),
            parts,
            scopes,
        }
    }
}

/// The index of the best of `wholes`: of those with the least first weight (what counts
/// against the alternatives they use, [`super::Leaning`]), those authorizing no strict
/// superset of another's operations; of those, the least second weight, then the least
/// sum of positions, then catalog order.
fn least(wholes: &[Whole]) -> usize {
    let lightest = wholes.iter().map(|w| w.weight.0).min().unwrap_or(0);
    let above_another = |whole: &Whole| {
        wholes.iter().any(|other| {
            other.weight.0 == lightest
                && other.count < whole.count
                && other.reached.is_subset(&whole.reached)
        })
    };
    (0..wholes.len())
        .filter(|&i| wholes[i].weight.0 == lightest && !above_another(&wholes[i]))
        .min_by(|&a, &b| {
            let (a, b) = (&wholes[a], &wholes[b]);
            (a.weight.1, a.positions, &a.scopes).cmp(&(b.weight.1, b.positions, &b.scopes))
        })
        .unwrap_or(0)
}
