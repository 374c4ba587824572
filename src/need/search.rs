//! The search behind [`super::need`]: each operation's alternatives prepared as sets of
//! atoms, the operations split into groups that cannot interact, and branch and bound
//! over each group within a budget of nodes.

use super::{TIED_LIMIT, avoid::*, groups::UnionFind};
use crate::catalog::ScopeId;
use crate::grants::GrantModel;
use fixedbitset::FixedBitSet;
use std::cmp::Ordering;
use std::collections::HashSet;

/// One alternative, prepared: grants as sorted atom numbers local to the problem.
#[derive(Debug, Clone)]
pub(super) struct Prepared {
    pub(super) index: usize,
    pub(super) scopes: Vec<ScopeId>,
    pub(super) grants: Vec<ScopeId>,
    pub(super) local: Vec<u32>,
    pub(super) bits: FixedBitSet,
    /// Why the search would rather not choose it: it names a scope usable only in a
    /// particular setting, or a deprecated one (see [`Avoid`]).
    pub(super) avoid: Avoid,
    /// What counts against it among alternatives alike in privilege (a
    /// [`super::Leaning`]'s weight; nothing where none is given).
    pub(super) weight: Weight,
}

/// An operation as the search sees it: its distinct inclusion-minimal grant sets.
#[derive(Debug, Clone)]
pub(super) struct Searched {
    /// Sorted local atoms of each option, sorted: the canonical form.
    pub(super) options: Vec<Vec<u32>>,
    pub(super) bits: Vec<FixedBitSet>,
    /// The input operations with these options.
    pub(super) inputs: Vec<usize>,
}

/// An alternative as read: its position, its scopes, its grants, what makes it one to
/// avoid, what counts against it among those alike in privilege.
pub(super) type Listed = (usize, Vec<ScopeId>, Vec<ScopeId>, Avoid, Weight);

/// What counts against an alternative among those alike in privilege, in two parts: the
/// first weighs before what answers authorize, the second after (see
/// [`super::Leaning::weight`]). Sums add up part by part.
pub type Weight = (u64, u64);

fn add(a: Weight, b: Weight) -> Weight {
    (a.0 + b.0, a.1 + b.1)
}

pub(super) struct Problem {
    /// Every atom any alternative grants, as atomic scope ids, sorted.
    pub(super) atoms: Vec<ScopeId>,
    /// Per input operation, its alternatives from least to most privilege: first those
    /// the search may choose, then those naming a scope usable only in a particular
    /// setting (where others exist).
    pub(super) ordered: Vec<Vec<Prepared>>,
    /// Per input operation, how many of its `ordered` alternatives the search may choose.
    pub(super) considered: Vec<usize>,
    /// Distinct operations for the search, in canonical order.
    pub(super) searched: Vec<Searched>,
    /// Group (a representative local atom) of each local atom.
    pub(super) group_of_atom: Vec<u32>,
    /// Some operation has only alternatives usable in a particular setting: the
    /// integration runs there, and such scopes serve as any other.
    pub(super) runs_restricted: bool,
}

impl Problem {
    /// `weights`: per operation, per alternative in its own order, what counts against
    /// it among alternatives alike in privilege (none: nothing does).
    pub(super) fn new<R, A>(
        model: &GrantModel,
        operations: &[R],
        weights: Option<&[Vec<Weight>]>,
    ) -> Problem
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let avoiding = Avoiding::new(model, operations);
        let mut raw: Vec<Vec<Listed>> = Vec::with_capacity(operations.len());
        let mut considered: Vec<usize> = Vec::with_capacity(operations.len());
        let mut atoms: Vec<ScopeId> = Vec::new();
        for (op, operation) in operations.iter().enumerate() {
            let mut alternatives = Vec::new();
            for (index, alternative) in operation.as_ref().iter().enumerate() {
                let weight = weights
                    .and_then(|w| w.get(op))
                    .and_then(|w| w.get(index))
                    .copied()
                    .unwrap_or_default();
                let mut scopes = alternative.as_ref().to_vec();
                scopes.sort_unstable();
                scopes.dedup();
                let grants = model.grants(&scopes);
                atoms.extend_from_slice(&grants);
                let avoid = avoiding.of(model, &scopes);
                alternatives.push((index, scopes, grants, avoid, weight));
            }
            // The alternatives with the least to avoid are considered, the others listed
            // after them.
            let least = alternatives.iter().map(|a| a.3).min().unwrap_or_default();
            alternatives.sort_by_key(|a| (a.3 != least, a.2.len(), a.1.len(), a.4.0, a.0));
            considered.push(alternatives.iter().filter(|a| a.3 == least).count());
            raw.push(alternatives);
        }
        atoms.sort_unstable();
        atoms.dedup();
        let k = atoms.len();
        let local_of = |atom: ScopeId| atoms.binary_search(&atom).unwrap_or_default() as u32;
        let ordered: Vec<Vec<Prepared>> = raw
            .into_iter()
            .map(|alternatives| {
                alternatives
                    .into_iter()
                    .map(|(index, scopes, grants, avoid, weight)| {
                        let local: Vec<u32> = grants.iter().map(|&g| local_of(g)).collect();
                        let mut bits = FixedBitSet::with_capacity(k);
                        local.iter().for_each(|&a| bits.insert(a as usize));
                        Prepared {
                            index,
                            scopes,
                            grants,
                            local,
                            bits,
                            avoid,
                            weight,
                        }
                    })
                    .collect()
            })
            .collect();

        // The search needs, per operation, only its inclusion-minimal grant sets: an
        // alternative above another of the same operation never makes a smaller union.
        let mut searched: Vec<Searched> = Vec::new();
        for (input, alternatives) in ordered.iter().enumerate() {
            let alternatives = &alternatives[..considered[input]];
            if alternatives.is_empty() || alternatives[0].local.is_empty() {
                continue; // unsatisfiable, or satisfied by anything
            }
            let mut options: Vec<&Prepared> = Vec::new();
            for alternative in alternatives {
                // Ordered by size: anything inside this one came earlier.
                if !options.iter().any(|o| o.bits.is_subset(&alternative.bits)) {
                    options.push(alternative);
                }
            }
            let mut canonical: Vec<Vec<u32>> = options.iter().map(|o| o.local.clone()).collect();
            canonical.sort();
            searched.push(Searched {
                bits: canonical.iter().map(|o| bits_of(o, k)).collect(),
                options: canonical,
                inputs: vec![input],
            });
        }
        searched.sort_by(|a, b| a.options.cmp(&b.options));
        searched.dedup_by(|later, earlier| {
            if later.options == earlier.options {
                earlier.inputs.append(&mut later.inputs);
                true
            } else {
                false
            }
        });

        // Groups: atoms that share an operation, or that a scope covering only searched
        // atoms spans (it may join them in one token of the minimal string).
        let mut groups = UnionFind::new(k);
        let mut searched_atoms: Vec<ScopeId> = Vec::new();
        for operation in &searched {
            let mut all = operation.options.iter().flatten();
            if let Some(&first) = all.next() {
                for &atom in all {
                    groups.union(first, atom);
                }
            }
            for option in &operation.options {
                searched_atoms.extend(option.iter().map(|&a| atoms[a as usize]));
            }
        }
        searched_atoms.sort_unstable();
        searched_atoms.dedup();
        for scope in model.held(&searched_atoms) {
            let grants = model.grants_of(scope);
            if let Some((&first, rest)) = grants.split_first() {
                for &atom in rest {
                    groups.union(local_of(first), local_of(atom));
                }
            }
        }
        let group_of_atom = (0..k as u32).map(|a| groups.find(a)).collect();
        Problem {
            atoms,
            ordered,
            considered,
            searched,
            group_of_atom,
            runs_restricted: avoiding.runs_restricted,
        }
    }

    /// The searched operations by group, each group in canonical order, groups ordered by
    /// their first operation.
    pub(super) fn groups(&self) -> Vec<Vec<usize>> {
        let mut by_group: Vec<(u32, Vec<usize>)> = Vec::new();
        for (i, operation) in self.searched.iter().enumerate() {
            let group = self.group_of_atom[operation.options[0][0] as usize];
            match by_group.iter_mut().find(|(g, _)| *g == group) {
                Some((_, members)) => members.push(i),
                None => by_group.push((group, vec![i])),
            }
        }
        by_group.into_iter().map(|(_, members)| members).collect()
    }

    /// For each of `inputs`, its first alternative inside `granted`: the scopes of those
    /// alternatives together, the union of their grants, and their positions summed.
    pub(super) fn fitting(
        &self,
        granted: FixedBitSet,
        inputs: impl Iterator<Item = usize>,
    ) -> Fitting {
        let mut fitting = Fitting {
            scopes: Vec::new(),
            union: FixedBitSet::with_capacity(granted.len()),
            positions: 0,
            weight: (0, 0),
        };
        for input in inputs {
            if let Some(alternative) = self.ordered[input][..self.considered[input]]
                .iter()
                .find(|a| a.bits.is_subset(&granted))
            {
                fitting.scopes.extend_from_slice(&alternative.scopes);
                fitting.union.union_with(&alternative.bits);
                fitting.positions += alternative.index;
                fitting.weight = add(fitting.weight, alternative.weight);
            }
        }
        fitting.scopes.sort_unstable();
        fitting.scopes.dedup();
        fitting
    }

    /// The best answer for one group (with `keep_ties`, every answer with as few grants
    /// and tokens, each union once, up to [`TIED_LIMIT`]), and whether it is proven
    /// best.
    pub(super) fn solve(
        &self,
        model: &GrantModel,
        group: &[usize],
        budget: usize,
        keep_ties: bool,
    ) -> (Vec<Candidate>, bool) {
        let k = self.atoms.len();
        let mut search = Search {
            problem: self,
            model,
            inputs: group
                .iter()
                .flat_map(|&i| self.searched[i].inputs.iter().copied())
                .collect(),
            tied: Vec::new(),
            keep_ties,
            truncated: false,
            nodes: 0,
            budget,
            exhausted: false,
            seen: HashSet::new(),
        };
        search.inputs.sort_unstable();
        // A first answer greedily, then the exact search.
        let mut union = FixedBitSet::with_capacity(k);
        for &i in group {
            let operation = &self.searched[i];
            if operation.bits.iter().any(|o| o.is_subset(&union)) {
                continue;
            }
            if let Some(cheapest) = operation
                .bits
                .iter()
                .min_by_key(|o| o.difference_count(&union))
            {
                union.union_with(cheapest);
            }
        }
        search.leaf(union);
        search.branch(FixedBitSet::with_capacity(k), group);
        let proven = !search.exhausted && !search.truncated;
        (search.tied, proven)
    }
}

pub(super) fn bits_of(atoms: &[u32], k: usize) -> FixedBitSet {
    let mut bits = FixedBitSet::with_capacity(k);
    atoms.iter().for_each(|&a| bits.insert(a as usize));
    bits
}

/// The alternatives a union of grants lets each operation use (its first inside).
pub(super) struct Fitting {
    /// Their scopes together, sorted, without repeats.
    pub(super) scopes: Vec<ScopeId>,
    /// The union of their grants.
    pub(super) union: FixedBitSet,
    /// The sum of their positions in their operations' own lists.
    pub(super) positions: usize,
    /// The sum of their weights ([`Prepared::weight`]).
    pub(super) weight: Weight,
}

/// A candidate answer for one group, with the order that ranks it.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub(super) union: FixedBitSet,
    pub(super) atoms: usize,
    pub(super) tokens: usize,
    pub(super) positions: usize,
    pub(super) weight: Weight,
    pub(super) scopes: Vec<ScopeId>,
}

impl Candidate {
    pub(super) fn rank(&self, other: &Candidate) -> Ordering {
        (
            self.atoms,
            self.tokens,
            self.weight,
            self.positions,
            &self.scopes,
        )
            .cmp(&(
                other.atoms,
                other.tokens,
                other.weight,
                other.positions,
                &other.scopes,
            ))
    }
}

pub(super) struct Search<'a> {
    pub(super) problem: &'a Problem,
    pub(super) model: &'a GrantModel,
    /// The input operations of the group, sorted.
    pub(super) inputs: Vec<usize>,
    /// The best answers so far: one, or with `keep_ties` all those with the fewest atoms
    /// and tokens.
    pub(super) tied: Vec<Candidate>,
    pub(super) keep_ties: bool,
    /// Ties were left out past [`TIED_LIMIT`].
    pub(super) truncated: bool,
    pub(super) nodes: usize,
    pub(super) budget: usize,
    pub(super) exhausted: bool,
    /// Unions already explored: the rest of the search depends on the union alone.
    pub(super) seen: HashSet<FixedBitSet>,
}

impl Search<'_> {
    pub(super) fn best_atoms(&self) -> usize {
        self.tied.first().map_or(usize::MAX, |b| b.atoms)
    }

    /// Ranks a union that authorizes every operation of the group.
    pub(super) fn leaf(&mut self, union: FixedBitSet) {
        self.nodes += super::budget::leaf_cost(self.inputs.len());
        // Each operation takes its least alternative inside the union: the union of those
        // may be smaller still, and it is what the minimal string is made from.
        let fitting = self.problem.fitting(union, self.inputs.iter().copied());
        let minimal = self
            .problem
            .answer(self.model, &fitting, self.inputs.iter().copied());
        let candidate = Candidate {
            atoms: fitting.union.count_ones(..),
            union: fitting.union,
            tokens: minimal.scopes.len(),
            positions: fitting.positions,
            weight: fitting.weight,
            scopes: minimal.scopes,
        };
        let Some(best) = self.tied.first() else {
            self.tied.push(candidate);
            return;
        };
        match (candidate.atoms, candidate.tokens).cmp(&(best.atoms, best.tokens)) {
            Ordering::Less => self.tied = vec![candidate],
            Ordering::Greater => {}
            Ordering::Equal if self.keep_ties => {
                if self.tied.iter().any(|t| t.union == candidate.union) {
                    return;
                }
                if self.tied.len() < TIED_LIMIT {
                    self.tied.push(candidate);
                } else {
                    self.truncated = true;
                }
            }
            Ordering::Equal => {
                if candidate.rank(best) == Ordering::Less {
                    self.tied[0] = candidate;
                }
            }
        }
    }

    pub(super) fn branch(&mut self, union: FixedBitSet, open: &[usize]) {
        if self.exhausted {
            return;
        }
        self.nodes += super::budget::cost(open.len());
        if self.nodes > self.budget {
            self.exhausted = true;
            return;
        }
        if !self.seen.insert(union.clone()) {
            return;
        }
        let searched = &self.problem.searched;
        // What each still unsatisfied operation could add: per option, its new atoms,
        // keeping only options whose new atoms contain no other option's.
        let mut rest: Vec<(usize, Vec<(usize, FixedBitSet)>)> = Vec::new();
        for &i in open {
            let operation = &searched[i];
            if operation.bits.iter().any(|o| o.is_subset(&union)) {
                continue;
            }
            let added: Vec<FixedBitSet> = operation
                .bits
                .iter()
                .map(|o| {
                    let mut new = o.clone();
                    new.difference_with(&union);
                    new
                })
                .collect();
            let mut options: Vec<(usize, FixedBitSet)> = Vec::new();
            for (j, new) in added.iter().enumerate() {
                let dominated = added
                    .iter()
                    .enumerate()
                    .any(|(l, other)| l != j && other.is_subset(new) && (other != new || l < j));
                if !dominated {
                    options.push((j, new.clone()));
                }
            }
            options.sort_by_key(|(j, new)| (new.count_ones(..), *j));
            rest.push((i, options));
        }
        if rest.is_empty() {
            self.leaf(union);
            return;
        }
        let size = union.count_ones(..);
        if size + lower_bound(&rest) > self.best_atoms() {
            return;
        }
        // Branch on the operation with the fewest options, the costliest on ties.
        let Some(pick) = (0..rest.len()).min_by_key(|&r| {
            let (i, options) = &rest[r];
            (
                options.len(),
                std::cmp::Reverse(options[0].1.count_ones(..)),
                *i,
            )
        }) else {
            return;
        };
        let open_rest: Vec<usize> = rest
            .iter()
            .enumerate()
            .filter(|&(r, _)| r != pick)
            .map(|(_, (i, _))| *i)
            .collect();
        let options = std::mem::take(&mut rest[pick].1);
        for (_, new) in options {
            let mut next = union.clone();
            next.union_with(&new);
            self.branch(next, &open_rest);
            if self.exhausted {
                return;
            }
        }
    }
}

/// Atoms any completion must still add: operations whose possible new atoms do not
/// overlap each cost at least their cheapest option, separately.
pub(super) fn lower_bound(rest: &[(usize, Vec<(usize, FixedBitSet)>)]) -> usize {
    let mut by_cost: Vec<(usize, usize)> = rest
        .iter()
        .enumerate()
        .map(|(r, (_, options))| (options[0].1.count_ones(..), r))
        .collect();
    by_cost.sort_by(|a, b| b.cmp(a));
    let mut used: Option<FixedBitSet> = None;
    let mut bound = 0;
    for (cost, r) in by_cost {
        let options = &rest[r].1;
        let mut reach = options[0].1.clone();
        options[1..].iter().for_each(|(_, o)| reach.union_with(o));
        match &mut used {
            None => {
                bound += cost;
                used = Some(reach);
            }
            Some(used) if used.is_disjoint(&reach) => {
                bound += cost;
                used.union_with(&reach);
            }
            Some(_) => {}
        }
    }
    bound
}
