//! The minimal scope string: the fewest scopes with the same grants as a selection,
//! by exact set cover within a search budget, a greedy cover marked unproven past it.

use super::{Dense, GrantModel, is_subset};
use crate::catalog::ScopeId;
use fixedbitset::FixedBitSet;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Search effort (branch-and-bound nodes) after which the minimal string falls back to a
/// greedy cover marked as not proven minimal.
const SEARCH_BUDGET: usize = 20_000;

/// A smallest scope list with the same grants as a selection, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minimal {
    pub scopes: Vec<ScopeId>,
    /// False when the search gave up and returned a greedy cover.
    pub proven: bool,
}

/// The order in which scopes of equal grants are preferred (derived `Ord`: field order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    unselected: bool,
    composite: bool,
    avoided: bool,
    scope: ScopeId,
}

/// Where a minimal string is sent: anywhere, or only in the particular setting where
/// the scopes marked `only_in` work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Setting {
    Anywhere,
    Restricted,
}

/// Held scopes with equal grants: the first in catalog order, and the best-ranked one.
#[derive(Debug, Clone, Copy)]
struct Group {
    first: ScopeId,
    rank: Rank,
}

impl Group {
    fn add(&mut self, scope: ScopeId, rank: Rank) {
        self.first = self.first.min(scope);
        if rank < self.rank {
            self.rank = rank;
        }
    }

    /// The scope that stands for the group in a scope string.
    fn scope(self) -> ScopeId {
        self.rank.scope
    }
}

impl GrantModel {
    /// A smallest set of scopes with the same grants as the selection.
    pub fn minimal(&self, selection: &[ScopeId]) -> Minimal {
        let atoms = self.atom_set(selection);
        let held = self.held_from_atoms(&atoms);
        self.minimal_from(selection, &atoms, &held, Setting::Anywhere)
    }

    /// [`GrantModel::minimal`] for an integration that runs in the particular setting
    /// where the scopes marked `only_in` work (an add-on): there they serve as any other.
    pub fn minimal_in_setting(&self, selection: &[ScopeId]) -> Minimal {
        let atoms = self.atom_set(selection);
        let held = self.held_from_atoms(&atoms);
        self.minimal_from(selection, &atoms, &held, Setting::Restricted)
    }

    pub(super) fn minimal_from(
        &self,
        selection: &[ScopeId],
        atoms: &FixedBitSet,
        held: &FixedBitSet,
        setting: Setting,
    ) -> Minimal {
        let mut selected: Vec<ScopeId> = selection.to_vec();
        selected.sort_unstable();
        selected.dedup();
        // A deprecated scope, or one usable only in a particular setting (a Gmail add-on's)
        // when the string may be sent anywhere, stands in the string only where the user
        // asked for it: chosen in place of the user's own scopes, the one would stop
        // working some day and the other fail wherever it is sent.
        let allowed = |s: ScopeId| !self.avoided(s, setting) || selected.binary_search(&s).is_ok();
        // Groups of held scopes with equal grants, each ordered by its first scope in
        // catalog order and standing as its best-ranked scope. Where groups overlap, the
        // smallest cover keeps as many of the user's own scopes as it can.
        let mut maximal = match &self.dense {
            Some(dense) => self.maximal_groups(dense, held, &selected, &allowed),
            None => self.maximal_groups_by_traversal(held, &selected, &allowed),
        };
        maximal.sort_unstable_by_key(|(_, group)| group.first);

        let total = atoms.count_ones(..);
        let sum: usize = maximal.iter().map(|(grants, _)| grants.len()).sum();
        let chosen: Vec<usize>;
        let proven;
        if sum == total {
            // Disjoint maximal sets (the laminar case): each needs its own token.
            chosen = (0..maximal.len()).collect();
            proven = true;
        } else {
            let sets: Vec<&[u32]> = maximal.iter().map(|(grants, _)| &grants[..]).collect();
            let preferred: Vec<bool> = maximal
                .iter()
                .map(|(_, group)| !group.rank.unselected)
                .collect();
            (chosen, proven) = set_cover(atoms, &sets, &preferred);
        }
        let mut scopes: Vec<ScopeId> = chosen.into_iter().map(|i| maximal[i].1.scope()).collect();
        scopes.sort_unstable();
        Minimal { scopes, proven }
    }

    /// The groups of allowed held scopes with equal grants whose grants are inside no
    /// other group's, from the tables.
    fn maximal_groups<'m>(
        &'m self,
        dense: &'m Dense,
        held: &FixedBitSet,
        selected: &[ScopeId],
        allowed: &dyn Fn(ScopeId) -> bool,
    ) -> Vec<(Cow<'m, [u32]>, Group)> {
        let grants_of =
            |s: ScopeId| -> &'m [u32] { dense.component_grants.get(self.component[s] as usize) };
        let mut groups: HashMap<&[u32], Group> = HashMap::new();
        for s in held.ones().filter(|&s| allowed(s)) {
            let rank = self.rank(s, selected);
            groups
                .entry(grants_of(s))
                .and_modify(|group| group.add(s, rank))
                .or_insert(Group { first: s, rank });
        }
        // A grant set strictly inside another is never needed. Any superset also holds
        // the rarest atom of the set.
        let strictly_inside = |grants: &[u32]| -> bool {
            let Some(&rarest) = grants
                .iter()
                .min_by_key(|&&a| dense.holders.get(a as usize).len())
            else {
                return false;
            };
            dense.holders.get(rarest as usize).iter().any(|&s| {
                let other = grants_of(s as usize);
                other.len() > grants.len()
                    && held.contains(s as usize)
                    && allowed(s as usize)
                    && is_subset(grants, other)
            })
        };
        groups
            .into_iter()
            .filter(|&(grants, _)| !strictly_inside(grants))
            .map(|(grants, group)| (Cow::Borrowed(grants), group))
            .collect()
    }

    /// [`GrantModel::maximal_groups`] without tables. A held component reached from
    /// another held component that has an allowed scope grants no more than that one, so
    /// only the components reached from none (the tops) can stand for a maximal group,
    /// with those below them that grant exactly as much: below a component with no
    /// atomic scope of its own, along successors that grant as much.
    fn maximal_groups_by_traversal(
        &self,
        held: &FixedBitSet,
        selected: &[ScopeId],
        allowed: &dyn Fn(ScopeId) -> bool,
    ) -> Vec<(Cow<'_, [u32]>, Group)> {
        let count = self.component_count();
        let mut held_components = FixedBitSet::with_capacity(count);
        for s in held.ones() {
            held_components.insert(self.component[s] as usize);
        }
        let has_allowed = |c: usize| {
            self.component_scopes
                .get(c)
                .iter()
                .any(|&s| allowed(s as usize))
        };
        // Predecessors have larger numbers: decreasing order sees them first.
        let mut below_allowed = FixedBitSet::with_capacity(count);
        let listed: Vec<usize> = held_components.ones().collect();
        let mut tops: Vec<u32> = Vec::new();
        for &c in listed.iter().rev() {
            let allowed_here = has_allowed(c);
            if allowed_here && !below_allowed.contains(c) {
                tops.push(c as u32);
            }
            if allowed_here || below_allowed.contains(c) {
                for &d in self.successors.get(c) {
                    below_allowed.insert(d as usize);
                }
            }
        }
        let mut groups: HashMap<Vec<u32>, Group> = HashMap::new();
        // The allowed scopes of a component join the group of `grants` (looked up once:
        // a cycle's grants are as long as the cycle).
        let join = |grants: &Vec<u32>, component: u32, groups: &mut HashMap<Vec<u32>, Group>| {
            let mut joining = self
                .component_scopes
                .get(component as usize)
                .iter()
                .map(|&s| s as usize)
                .filter(|&s| allowed(s))
                .map(|s| (s, self.rank(s, selected)));
            let Some((first, rank)) = joining.next() else {
                return;
            };
            let group = groups
                .entry(grants.clone())
                .and_modify(|group| group.add(first, rank))
                .or_insert(Group { first, rank });
            for (s, rank) in joining {
                group.add(s, rank);
            }
        };
        for &top in &tops {
            let grants = self.traverse_grants(top);
            join(&grants, top, &mut groups);
            if self.has_atom(top) {
                continue;
            }
            let mut seen: HashSet<u32> = HashSet::from([top]);
            let mut stack = vec![top];
            while let Some(c) = stack.pop() {
                let next = self.successors.get(c as usize);
                for &d in next {
                    if !seen.insert(d) {
                        continue;
                    }
                    // One successor grants all a component without atoms grants.
                    let equal = next.len() == 1 || self.traverse_grants(d).len() == grants.len();
                    if equal {
                        join(&grants, d, &mut groups);
                        if !self.has_atom(d) {
                            stack.push(d);
                        }
                    }
                }
            }
        }
        // Keep the groups inside no other: any superset also holds the rarest atom.
        let keys: Vec<Vec<u32>> = groups.keys().cloned().collect();
        let mut containing: HashMap<u32, Vec<usize>> = HashMap::new();
        for (k, key) in keys.iter().enumerate() {
            for &a in key {
                containing.entry(a).or_default().push(k);
            }
        }
        let inside = |key: &Vec<u32>| -> bool {
            let Some(rarest) = key.iter().min_by_key(|a| containing[a].len()) else {
                return false;
            };
            containing[rarest]
                .iter()
                .any(|&k| keys[k].len() > key.len() && is_subset(key, &keys[k]))
        };
        groups
            .into_iter()
            .filter(|(key, _)| !inside(key))
            .map(|(key, group)| (Cow::Owned(key), group))
            .collect()
    }

    /// How strongly a scope asks to stand for its group of equal grants, smallest first:
    /// selected by the user, then atomic, then not deprecated nor restricted to a
    /// setting, then catalog order.
    fn rank(&self, scope: ScopeId, selected: &[ScopeId]) -> Rank {
        Rank {
            unselected: selected.binary_search(&scope).is_err(),
            composite: self.composite[scope],
            avoided: self.deprecated[scope] || self.is_restricted(scope),
            scope,
        }
    }

    /// Is the scope deprecated in its catalog?
    pub fn is_deprecated(&self, scope: ScopeId) -> bool {
        self.deprecated[scope]
    }

    /// Can the scope be used only in a particular setting (the catalog's `only_in`)?
    pub fn is_restricted(&self, scope: ScopeId) -> bool {
        self.setting(scope).is_some()
    }

    /// The particular setting alone where the scope can be used, as a number the same
    /// for every scope with the same `only_in`.
    pub fn setting(&self, scope: ScopeId) -> Option<u32> {
        self.settings.get(scope).copied().filter(|&s| s != 0)
    }

    /// Is the scope one a minimal string sent to `setting` uses only when the user
    /// selected it: deprecated, or usable only in a particular setting?
    fn avoided(&self, scope: ScopeId, setting: Setting) -> bool {
        self.deprecated[scope] || (setting == Setting::Anywhere && self.is_restricted(scope))
    }
}

/// Exact minimum set cover of `universe` by `sets` (each a sorted list of atoms, all
/// inside the universe, together covering it), bounded by [`SEARCH_BUDGET`]. Among the
/// smallest covers, one with the fewest sets not `preferred` (the user's own scopes).
/// Returns the chosen set indices and whether the result is proven minimal.
fn set_cover(universe: &FixedBitSet, sets: &[&[u32]], preferred: &[bool]) -> (Vec<usize>, bool) {
    // Local atom numbering 0..k.
    let atoms: Vec<usize> = universe.ones().collect();
    let local: HashMap<u32, usize> = atoms
        .iter()
        .enumerate()
        .map(|(i, &a)| (a as u32, i))
        .collect();
    let local_sets: Vec<Vec<usize>> = sets
        .iter()
        .map(|set| set.iter().map(|a| local[a]).collect())
        .collect();
    let mut containing: Vec<Vec<usize>> = vec![Vec::new(); atoms.len()];
    for (i, set) in local_sets.iter().enumerate() {
        for &a in set {
            containing[a].push(i);
        }
    }
    let mut state = Cover {
        sets: &local_sets,
        preferred,
        containing: &containing,
        covered: vec![0; atoms.len()],
        uncovered: atoms.len(),
        chosen: Vec::new(),
    };
    // Forced: a set that alone covers some atom is in every cover.
    for (atom, sets) in containing.iter().enumerate() {
        if let [only] = sets.as_slice()
            && state.covered[atom] == 0
        {
            state.choose(*only);
        }
    }
    let forced = state.chosen.clone();
    let greedy = state.clone_greedy();
    let mut search = Search {
        best: greedy,
        nodes: 0,
        exhausted: false,
        largest: local_sets.iter().map(Vec::len).max().unwrap_or(1).max(1),
    };
    search.branch(&mut state);
    debug_assert!(search.best.len() >= forced.len());
    (search.best, !search.exhausted)
}

struct Cover<'a> {
    sets: &'a [Vec<usize>],
    preferred: &'a [bool],
    containing: &'a [Vec<usize>],
    covered: Vec<u32>,
    uncovered: usize,
    chosen: Vec<usize>,
}

impl Cover<'_> {
    fn choose(&mut self, set: usize) {
        for &a in &self.sets[set] {
            self.covered[a] += 1;
            if self.covered[a] == 1 {
                self.uncovered -= 1;
            }
        }
        self.chosen.push(set);
    }

    fn unchoose(&mut self) {
        if let Some(set) = self.chosen.pop() {
            for &a in &self.sets[set] {
                self.covered[a] -= 1;
                if self.covered[a] == 0 {
                    self.uncovered += 1;
                }
            }
        }
    }

    /// What a cover costs: its size, then how many of its sets are not preferred.
    fn cost(&self, chosen: &[usize]) -> (usize, usize) {
        let unpreferred = chosen.iter().filter(|&&s| !self.preferred[s]).count();
        (chosen.len(), unpreferred)
    }

    /// The least cost any completion of the current partial cover can have, given that
    /// it needs at least `more` further sets.
    fn lower_bound(&self, more: usize) -> (usize, usize) {
        let (size, unpreferred) = self.cost(&self.chosen);
        let preferred_left = (0..self.sets.len())
            .filter(|&s| self.preferred[s] && !self.chosen.contains(&s))
            .count();
        (
            size + more,
            unpreferred + more.saturating_sub(preferred_left),
        )
    }

    fn gain(&self, set: usize) -> usize {
        self.sets[set]
            .iter()
            .filter(|&&a| self.covered[a] == 0)
            .count()
    }

    /// Completes the current partial cover greedily (most new atoms first, then a
    /// preferred set, then the lowest index) without changing `self`.
    fn clone_greedy(&self) -> Vec<usize> {
        let mut covered = self.covered.clone();
        let mut uncovered = self.uncovered;
        let mut chosen = self.chosen.clone();
        while uncovered > 0 {
            let best = (0..self.sets.len())
                .map(|s| (self.sets[s].iter().filter(|&&a| covered[a] == 0).count(), s))
                .max_by(|x, y| {
                    x.0.cmp(&y.0)
                        .then(self.preferred[x.1].cmp(&self.preferred[y.1]))
                        .then(y.1.cmp(&x.1))
                });
            let Some((gain, set)) = best else { break };
            if gain == 0 {
                break;
            }
            for &a in &self.sets[set] {
                if covered[a] == 0 {
                    uncovered -= 1;
                }
                covered[a] += 1;
            }
            chosen.push(set);
        }
        chosen
    }
}

struct Search {
    best: Vec<usize>,
    nodes: usize,
    exhausted: bool,
    largest: usize,
}

impl Search {
    fn branch(&mut self, state: &mut Cover) {
        self.nodes += 1;
        if self.nodes > SEARCH_BUDGET {
            self.exhausted = true;
            return;
        }
        if state.uncovered == 0 {
            if state.cost(&state.chosen) < state.cost(&self.best) {
                self.best = state.chosen.clone();
            }
            return;
        }
        let more = state.uncovered.div_ceil(self.largest);
        if state.lower_bound(more) >= state.cost(&self.best) {
            return;
        }
        // Branch on the uncovered atom with the fewest sets that could cover it.
        let Some(atom) = (0..state.covered.len())
            .filter(|&a| state.covered[a] == 0)
            .min_by_key(|&a| state.containing[a].len())
        else {
            return;
        };
        let mut options: Vec<usize> = state.containing[atom].clone();
        options.sort_by_key(|&s| (std::cmp::Reverse(state.gain(s)), !state.preferred[s], s));
        for set in options {
            state.choose(set);
            self.branch(state);
            state.unchoose();
            if self.exhausted {
                return;
            }
        }
    }
}
