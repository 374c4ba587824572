//! What [`super::need`] says of each operation against the answer: its alternatives in
//! order, the one chosen and why, and whether a person should decide between
//! alternatives that give different data.

use super::search::{Prepared, Problem};
use super::{Alternative, OperationNeed, Why, avoid::avoided_why};
use fixedbitset::FixedBitSet;

impl Problem {
    /// Each input operation against the final grants.
    pub(super) fn report(&self, granted: &FixedBitSet) -> Vec<OperationNeed> {
        // How many operations' chosen alternatives grant each atom.
        let mut users = vec![0u32; self.atoms.len()];
        let chosen: Vec<Option<usize>> = self
            .ordered
            .iter()
            .zip(&self.considered)
            .map(|(alternatives, &considered)| {
                let found = alternatives[..considered]
                    .iter()
                    .position(|a| a.bits.is_subset(granted));
                if let Some(c) = found {
                    alternatives[c]
                        .local
                        .iter()
                        .for_each(|&a| users[a as usize] += 1);
                }
                found
            })
            .collect();
        // Atoms every answer grants: those each alternative of some operation grants.
        let mut forced = FixedBitSet::with_capacity(self.atoms.len());
        for (alternatives, &considered) in self.ordered.iter().zip(&self.considered) {
            if let Some((first, rest)) = alternatives[..considered].split_first() {
                let mut common = first.bits.clone();
                rest.iter().for_each(|a| common.intersect_with(&a.bits));
                forced.union_with(&common);
            }
        }
        self.ordered
            .iter()
            .zip(&self.considered)
            .zip(chosen)
            .map(|((all, &considered), chosen)| {
                let listed: Vec<Alternative> = all
                    .iter()
                    .map(|a| {
                        let adds = a.bits.difference_count(granted);
                        Alternative {
                            index: a.index,
                            scopes: a.scopes.clone(),
                            grants: a.grants.clone(),
                            authorized: adds == 0,
                            adds,
                        }
                    })
                    .collect();
                let Some(c) = chosen else {
                    return OperationNeed {
                        alternatives: listed,
                        chosen: None,
                        why: Why::Unsatisfiable,
                        incomparable: Vec::new(),
                    };
                };
                // What is said of the choice is said among the alternatives it was made from.
                let alternatives = &all[..considered];
                let mine = &alternatives[c];
                // Grants of an alternative beyond what the other operations need.
                let own = |a: &Prepared| {
                    a.local
                        .iter()
                        .filter(|&&x| {
                            users[x as usize] - u32::from(mine.bits.contains(x as usize)) == 0
                        })
                        .count()
                };
                let least: Vec<usize> = least_alternatives(alternatives);
                let why = if all.len() == 1 {
                    Why::Only
                } else if alternatives.len() == 1 {
                    avoided_why(all[considered..].iter().map(|a| a.avoid))
                } else if alternatives.iter().all(|a| mine.bits.is_subset(&a.bits)) {
                    Why::Least
                } else if own(mine) == 0 {
                    Why::Shared
                } else {
                    let cost = own(mine);
                    let tied = alternatives
                        .iter()
                        .any(|a| a.bits != mine.bits && own(a) == cost);
                    if tied { Why::Tie } else { Why::Fewest }
                };
                // A decision only when the chosen one is itself one of the least: when other
                // operations force more, there is nothing to choose.
                let chosen_is_least = least.iter().any(|&l| alternatives[l].bits == mine.bits);
                let open_choice = least
                    .iter()
                    .any(|&l| !alternatives[l].bits.is_subset(granted))
                    && !mine.bits.is_subset(&forced);
                let incomparable = if least.len() > 1 && chosen_is_least && open_choice {
                    least
                } else {
                    Vec::new()
                };
                OperationNeed {
                    alternatives: listed,
                    chosen: Some(c),
                    why,
                    incomparable,
                }
            })
            .collect()
    }
}

/// Indices of the first alternative of each distinct inclusion-minimal grant set.
pub(super) fn least_alternatives(alternatives: &[Prepared]) -> Vec<usize> {
    let mut least: Vec<usize> = Vec::new();
    for (i, alternative) in alternatives.iter().enumerate() {
        if !least
            .iter()
            .any(|&l| alternatives[l].bits.is_subset(&alternative.bits))
        {
            least.push(i);
        }
    }
    least
}
