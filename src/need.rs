//! Least privilege from the operations an integration calls (DESIGN §2b). No I/O.
//!
//! An operation lists its requirement as alternatives, any one of which authorizes it;
//! inside one alternative every scope is needed. Given operations O, [`need`] finds a
//! selection S such that every operation has an alternative inside H(S), with the least
//! privilege: the smallest G(S) by inclusion where comparable, then the fewest atomic
//! grants, then the fewest tokens, then the operations' own order of their alternatives,
//! then catalog order.
//!
//! The order of alternatives is the provider's where it means something: Microsoft
//! marks the least privileged permissions of a path and the Graph catalog lists them
//! first. Between alternatives the privilege order cannot tell apart (one grant each,
//! different data), each operation prefers its earlier alternatives: a selection is ranked
//! by the sum, over the operations, of the position of the alternative it uses.
//!
//! Why this search is enough: an alternative lies inside H(S) exactly when its grants lie
//! inside G(S), so a selection authorizes O exactly when G(S) contains, for each
//! operation, the grants of one of its alternatives. The least G(S) is therefore the union
//! of the grants of one alternative per operation, and S is the minimal string of that
//! union. A union with the fewest atoms is never strictly above another feasible union,
//! so "fewest atoms" already gives an inclusion-minimal answer.
//!
//! The search runs on each group of operations whose grants can interact (shared atoms, or
//! a scope that could cover atoms of both in the minimal string) on its own: atoms and
//! tokens add up over groups and catalog order compares the same way, so the best of each
//! group together are the best overall. Inside a group it is branch and bound over the
//! operations, bounded by [`SEARCH_BUDGET`] nodes; past the bound the best union found so
//! far is returned, marked as not proven.

use crate::catalog::ScopeId;
use crate::grants::GrantModel;
use fixedbitset::FixedBitSet;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Search effort (branch-and-bound nodes per group of operations) after which [`need`]
/// returns the best selection found so far, marked as not proven.
pub const SEARCH_BUDGET: usize = 20_000;

/// The least-privilege selection for a list of operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The minimal scope string of the selection, in catalog order.
    pub scopes: Vec<ScopeId>,
    /// G(scopes): the atomic scopes the selection grants, in catalog order.
    pub grants: Vec<ScopeId>,
    /// False when the search or the minimal string gave up before proving the answer
    /// least.
    pub proven: bool,
    /// One entry per input operation, in input order.
    pub operations: Vec<OperationNeed>,
}

/// How one operation is authorized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNeed {
    /// The operation's alternatives from least to most privilege: fewer grants first, then
    /// fewer scopes, then the operation's own order. An alternative whose grants lie
    /// strictly inside another's always comes first.
    pub alternatives: Vec<Alternative>,
    /// Index into `alternatives` of the one the selection is meant for: the first
    /// authorized one. None only for an operation with no alternative at all.
    pub chosen: Option<usize>,
    pub why: Why,
    /// Indices into `alternatives` of the least-privilege alternatives when there are
    /// several, none covering another (different data, not less or more), the chosen one
    /// is among them, and another could make a different answer: a person should decide.
    /// Empty otherwise: one least alternative, all of them allowed anyway, or what the
    /// chosen one grants is granted by every possible answer.
    pub incomparable: Vec<usize>,
}

/// One alternative of an operation, as it stands against the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// Its position in the operation's own list.
    pub index: usize,
    /// Its scopes, in catalog order, without repeats.
    pub scopes: Vec<ScopeId>,
    /// What it grants: atomic scopes, in catalog order.
    pub grants: Vec<ScopeId>,
    /// Inside H(selection): this alternative is allowed by the selection.
    pub authorized: bool,
    /// How many grants it would add to the selection (0 when authorized).
    pub adds: usize,
}

/// Why an operation's chosen alternative was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// It is the operation's only alternative.
    Only,
    /// It grants no more than any other alternative of the operation.
    Least,
    /// The other operations already need everything it grants: it costs nothing.
    Shared,
    /// Of alternatives that do not cover one another, it adds the fewest grants.
    Fewest,
    /// Other alternatives would add as few grants; fewer tokens, then the operation's own
    /// order of its alternatives, decided.
    Tie,
    /// The operation has no alternative: nothing authorizes it.
    Unsatisfiable,
}

/// The least-privilege selection authorizing every operation. Each operation is a list of
/// alternatives (any one suffices), each a list of scopes (all needed). An empty
/// alternative needs nothing; an operation with no alternative is reported as
/// [`Why::Unsatisfiable`] and left out of the search.
pub fn need<R, A>(model: &GrantModel, operations: &[R]) -> Need
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    need_within(model, operations, SEARCH_BUDGET)
}

/// [`need`] with another search budget (nodes per group of operations).
pub fn need_within<R, A>(model: &GrantModel, operations: &[R], budget: usize) -> Need
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    let problem = Problem::new(model, operations);
    let mut granted = FixedBitSet::with_capacity(problem.atoms.len());
    let mut proven = true;
    for group in problem.groups() {
        let (best, group_proven) = problem.solve(model, &group, budget);
        proven &= group_proven;
        granted.union_with(&best);
    }
    let fitting = problem.fitting(granted.clone(), 0..problem.ordered.len());
    let minimal = model.minimal(&fitting.scopes);
    proven &= minimal.proven;
    let grants = model.grants(&minimal.scopes);
    let operations = problem.report(&granted);
    Need {
        scopes: minimal.scopes,
        grants,
        proven,
        operations,
    }
}

/// Which of a catalog's operations an alternative authorizes: the API surface it opens.
/// It orders the alternatives the privilege order cannot tell apart (as many grants and
/// scopes): an alternative that authorizes strictly fewer operations than another of the
/// same operation (every one it allows, the other allows too) goes before it. Google's
/// discovery documents list a method's scopes alphabetically, so their order says
/// nothing; what the methods accept does: `gmail.send` is accepted by `messages.send`
/// alone, `https://mail.google.com/` by every Gmail method.
pub struct Coverage<'a, R, A> {
    model: &'a GrantModel,
    operations: &'a [R],
    alternative: std::marker::PhantomData<fn() -> A>,
    /// The index kept by the caller ([`Coverage::with_index`]), built from `operations`.
    kept: Option<&'a ByScope>,
    /// Otherwise built when first needed.
    built: std::cell::OnceCell<ByScope>,
}

/// Per scope, the (operation, alternative) pairs that name it: which alternatives a held
/// scope can complete. It depends on the operations alone (not on trust), so it can be
/// built once for a loaded catalog and kept.
#[derive(Debug, Clone, Default)]
pub struct ByScope {
    /// Scope `s`'s pairs are `pairs[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl ByScope {
    /// The index of `operations` (each a list of alternatives) over `scope_count` scopes;
    /// scopes past it are left out.
    pub fn new<R, A>(scope_count: usize, operations: &[R]) -> ByScope
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let mentions =
            || {
                operations
                    .iter()
                    .enumerate()
                    .flat_map(|(op, alternatives)| {
                        alternatives.as_ref().iter().enumerate().flat_map(
                            move |(alt, alternative)| {
                                alternative
                                    .as_ref()
                                    .iter()
                                    .map(move |&scope| (scope, (op as u32, alt as u32)))
                            },
                        )
                    })
            };
        let mut starts = vec![0u32; scope_count + 1];
        for (scope, _) in mentions() {
            if scope < scope_count {
                starts[scope + 1] += 1;
            }
        }
        for s in 0..scope_count {
            starts[s + 1] += starts[s];
        }
        let mut next: Vec<u32> = starts[..scope_count].to_vec();
        let mut pairs = vec![(0u32, 0u32); starts[scope_count] as usize];
        for (scope, pair) in mentions() {
            if let Some(at) = next.get_mut(scope) {
                pairs[*at as usize] = pair;
                *at += 1;
            }
        }
        ByScope { starts, pairs }
    }

    /// The (operation, alternative) pairs that name `scope`, in operation order.
    pub fn of(&self, scope: ScopeId) -> &[(u32, u32)] {
        match (self.starts.get(scope), self.starts.get(scope + 1)) {
            (Some(&start), Some(&end)) => &self.pairs[start as usize..end as usize],
            _ => &[],
        }
    }
}

impl<'a, R, A> Coverage<'a, R, A>
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    /// `operations`: every operation of the catalog, as its alternatives.
    pub fn new(model: &'a GrantModel, operations: &'a [R]) -> Coverage<'a, R, A> {
        Coverage {
            model,
            operations,
            alternative: std::marker::PhantomData,
            kept: None,
            built: std::cell::OnceCell::new(),
        }
    }

    /// As [`Coverage::new`], with the index of these same operations built once
    /// ([`ByScope::new`]) and kept for repeated requests.
    pub fn with_index(
        model: &'a GrantModel,
        operations: &'a [R],
        index: &'a ByScope,
    ) -> Coverage<'a, R, A> {
        Coverage {
            kept: Some(index),
            ..Coverage::new(model, operations)
        }
    }

    fn by_scope(&self) -> &ByScope {
        match self.kept {
            Some(index) => index,
            None => self
                .built
                .get_or_init(|| ByScope::new(self.model.scope_count(), self.operations)),
        }
    }

    /// The operations (indices) that `scopes` authorize: those with an alternative inside
    /// what they hold.
    pub fn authorized_by(&self, scopes: &[ScopeId]) -> FixedBitSet {
        let held = self.model.held_set(scopes);
        let by_scope = self.by_scope();
        let mut authorized = FixedBitSet::with_capacity(self.operations.len());
        for scope in held.ones() {
            for &(op, alt) in by_scope.of(scope) {
                if authorized.contains(op as usize) {
                    continue;
                }
                let alternative = self.operations[op as usize].as_ref()[alt as usize].as_ref();
                if alternative.iter().all(|&s| held.contains(s)) {
                    authorized.insert(op as usize);
                }
            }
        }
        authorized
    }

    /// The positions of operation `op`'s alternatives in the order [`need`] should prefer
    /// them: by privilege first (fewer grants, then fewer scopes), then, between
    /// alternatives alike in both, those that authorize strictly fewer operations than
    /// another such alternative before it, then the operation's own order.
    pub fn order(&self, op: usize) -> Vec<usize> {
        let alternatives = self.operations[op].as_ref();
        let keys: Vec<(usize, usize)> = alternatives
            .iter()
            .map(|alternative| {
                let mut scopes = alternative.as_ref().to_vec();
                scopes.sort_unstable();
                scopes.dedup();
                (self.model.grants(&scopes).len(), scopes.len())
            })
            .collect();
        let mut covered: Vec<Option<FixedBitSet>> = vec![None; alternatives.len()];
        let mut wider = vec![false; alternatives.len()];
        for i in 0..alternatives.len() {
            for j in 0..alternatives.len() {
                if i == j || keys[i] != keys[j] {
                    continue;
                }
                for k in [i, j] {
                    if covered[k].is_none() {
                        covered[k] = Some(self.authorized_by(alternatives[k].as_ref()));
                    }
                }
                if let (Some(mine), Some(theirs)) = (&covered[i], &covered[j])
                    && theirs.is_subset(mine)
                    && theirs != mine
                {
                    wider[i] = true;
                }
            }
        }
        let mut order: Vec<usize> = (0..alternatives.len()).collect();
        order.sort_by_key(|&i| (keys[i], wider[i], i));
        order
    }
}

/// How a selection stands against the operations it is meant for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    /// The operations (indices) that no alternative inside H(selection) authorizes.
    pub unauthorized: Vec<usize>,
    /// The least-privilege answer for the authorized operations using only what the
    /// selection grants.
    pub least: Need,
    /// Atomic scopes the selection grants beyond `least`, in catalog order, each with
    /// whether some authorized alternative of a listed operation grants it at all.
    pub unneeded: Vec<(ScopeId, bool)>,
}

impl Fit {
    /// The selection grants exactly what its operations need.
    pub fn exact(&self) -> bool {
        self.unauthorized.is_empty() && self.unneeded.is_empty()
    }
}

/// Compares a selection with what `operations` need: which of them it does not
/// authorize, and what it grants that the least-privilege answer within it does not.
pub fn fit<R, A>(model: &GrantModel, selection: &[ScopeId], operations: &[R]) -> Fit
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    let held = model.held_set(selection);
    let mut unauthorized = Vec::new();
    let mut allowed: Vec<Vec<Vec<ScopeId>>> = Vec::new();
    for (i, operation) in operations.iter().enumerate() {
        let inside: Vec<Vec<ScopeId>> = operation
            .as_ref()
            .iter()
            .map(AsRef::as_ref)
            .filter(|alternative| alternative.iter().all(|&s| held.contains(s)))
            .map(<[ScopeId]>::to_vec)
            .collect();
        if inside.is_empty() {
            unauthorized.push(i);
        } else {
            allowed.push(inside);
        }
    }
    let least = need(model, &allowed);
    let some_alternative: Vec<ScopeId> = {
        let scopes: Vec<ScopeId> = allowed.iter().flatten().flatten().copied().collect();
        model.grants(&scopes)
    };
    let unneeded = model
        .grants(selection)
        .into_iter()
        .filter(|atom| least.grants.binary_search(atom).is_err())
        .map(|atom| (atom, some_alternative.binary_search(&atom).is_ok()))
        .collect();
    Fit {
        unauthorized,
        least,
        unneeded,
    }
}

/// Which of `operations` the held scopes authorize: every operation with an alternative
/// whose scopes are all held. Indices in input order.
pub fn authorized<R, A>(held: &FixedBitSet, operations: &[R]) -> Vec<usize>
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    operations
        .iter()
        .enumerate()
        .filter(|(_, op)| allows(held, op.as_ref()))
        .map(|(i, _)| i)
        .collect()
}

/// Does an operation with these alternatives run with the held scopes?
pub fn allows<A: AsRef<[ScopeId]>>(held: &FixedBitSet, alternatives: &[A]) -> bool {
    alternatives
        .iter()
        .any(|alternative| alternative.as_ref().iter().all(|&s| held.contains(s)))
}

/// One alternative, prepared: grants as sorted atom numbers local to the problem.
#[derive(Debug, Clone)]
struct Prepared {
    index: usize,
    scopes: Vec<ScopeId>,
    grants: Vec<ScopeId>,
    local: Vec<u32>,
    bits: FixedBitSet,
}

/// An operation as the search sees it: its distinct inclusion-minimal grant sets.
#[derive(Debug, Clone)]
struct Searched {
    /// Sorted local atoms of each option, sorted: the canonical form.
    options: Vec<Vec<u32>>,
    bits: Vec<FixedBitSet>,
    /// The input operations with these options.
    inputs: Vec<usize>,
}

/// An alternative as read: its position, its scopes, its grants.
type Listed = (usize, Vec<ScopeId>, Vec<ScopeId>);

struct Problem {
    /// Every atom any alternative grants, as atomic scope ids, sorted.
    atoms: Vec<ScopeId>,
    /// Per input operation, its alternatives from least to most privilege.
    ordered: Vec<Vec<Prepared>>,
    /// Distinct operations for the search, in canonical order.
    searched: Vec<Searched>,
    /// Group (a representative local atom) of each local atom.
    group_of_atom: Vec<u32>,
}

impl Problem {
    fn new<R, A>(model: &GrantModel, operations: &[R]) -> Problem
    where
        R: AsRef<[A]>,
        A: AsRef<[ScopeId]>,
    {
        let mut raw: Vec<Vec<Listed>> = Vec::with_capacity(operations.len());
        let mut atoms: Vec<ScopeId> = Vec::new();
        for operation in operations {
            let mut alternatives = Vec::new();
            for (index, alternative) in operation.as_ref().iter().enumerate() {
                let mut scopes = alternative.as_ref().to_vec();
                scopes.sort_unstable();
                scopes.dedup();
                let grants = model.grants(&scopes);
                atoms.extend_from_slice(&grants);
                alternatives.push((index, scopes, grants));
            }
            alternatives.sort_by_key(|a| (a.2.len(), a.1.len(), a.0));
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
                    .map(|(index, scopes, grants)| {
                        let local: Vec<u32> = grants.iter().map(|&g| local_of(g)).collect();
                        let mut bits = FixedBitSet::with_capacity(k);
                        local.iter().for_each(|&a| bits.insert(a as usize));
                        Prepared {
                            index,
                            scopes,
                            grants,
                            local,
                            bits,
                        }
                    })
                    .collect()
            })
            .collect();

        // The search needs, per operation, only its inclusion-minimal grant sets: an
        // alternative above another of the same operation never makes a smaller union.
        let mut searched: Vec<Searched> = Vec::new();
        for (input, alternatives) in ordered.iter().enumerate() {
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
            searched,
            group_of_atom,
        }
    }

    /// The searched operations by group, each group in canonical order, groups ordered by
    /// their first operation.
    fn groups(&self) -> Vec<Vec<usize>> {
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
    fn fitting(&self, granted: FixedBitSet, inputs: impl Iterator<Item = usize>) -> Fitting {
        let mut fitting = Fitting {
            scopes: Vec::new(),
            union: FixedBitSet::with_capacity(granted.len()),
            positions: 0,
        };
        for input in inputs {
            if let Some(alternative) = self.ordered[input]
                .iter()
                .find(|a| a.bits.is_subset(&granted))
            {
                fitting.scopes.extend_from_slice(&alternative.scopes);
                fitting.union.union_with(&alternative.bits);
                fitting.positions += alternative.index;
            }
        }
        fitting.scopes.sort_unstable();
        fitting.scopes.dedup();
        fitting
    }

    /// The best union of grants for one group, and whether it is proven best.
    fn solve(&self, model: &GrantModel, group: &[usize], budget: usize) -> (FixedBitSet, bool) {
        let k = self.atoms.len();
        let mut search = Search {
            problem: self,
            model,
            inputs: group
                .iter()
                .flat_map(|&i| self.searched[i].inputs.iter().copied())
                .collect(),
            best: None,
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
        let proven = !search.exhausted;
        let best = search.best.map(|b| b.union).unwrap_or_default();
        (best, proven)
    }

    /// Each input operation against the final grants.
    fn report(&self, granted: &FixedBitSet) -> Vec<OperationNeed> {
        // How many operations' chosen alternatives grant each atom.
        let mut users = vec![0u32; self.atoms.len()];
        let chosen: Vec<Option<usize>> = self
            .ordered
            .iter()
            .map(|alternatives| {
                let found = alternatives.iter().position(|a| a.bits.is_subset(granted));
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
        for alternatives in &self.ordered {
            if let Some((first, rest)) = alternatives.split_first() {
                let mut common = first.bits.clone();
                rest.iter().for_each(|a| common.intersect_with(&a.bits));
                forced.union_with(&common);
            }
        }
        self.ordered
            .iter()
            .zip(chosen)
            .map(|(alternatives, chosen)| {
                let listed: Vec<Alternative> = alternatives
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
                let why = if alternatives.len() == 1 {
                    Why::Only
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
fn least_alternatives(alternatives: &[Prepared]) -> Vec<usize> {
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

fn bits_of(atoms: &[u32], k: usize) -> FixedBitSet {
    let mut bits = FixedBitSet::with_capacity(k);
    atoms.iter().for_each(|&a| bits.insert(a as usize));
    bits
}

/// The alternatives a union of grants lets each operation use (its first inside).
struct Fitting {
    /// Their scopes together, sorted, without repeats.
    scopes: Vec<ScopeId>,
    /// The union of their grants.
    union: FixedBitSet,
    /// The sum of their positions in their operations' own lists.
    positions: usize,
}

/// A candidate answer for one group, with the order that ranks it.
struct Candidate {
    union: FixedBitSet,
    atoms: usize,
    tokens: usize,
    positions: usize,
    scopes: Vec<ScopeId>,
}

impl Candidate {
    fn rank(&self, other: &Candidate) -> Ordering {
        (self.atoms, self.tokens, self.positions, &self.scopes).cmp(&(
            other.atoms,
            other.tokens,
            other.positions,
            &other.scopes,
        ))
    }
}

struct Search<'a> {
    problem: &'a Problem,
    model: &'a GrantModel,
    /// The input operations of the group, sorted.
    inputs: Vec<usize>,
    best: Option<Candidate>,
    nodes: usize,
    budget: usize,
    exhausted: bool,
    /// Unions already explored: the rest of the search depends on the union alone.
    seen: HashSet<FixedBitSet>,
}

impl Search<'_> {
    fn best_atoms(&self) -> usize {
        self.best.as_ref().map_or(usize::MAX, |b| b.atoms)
    }

    /// Ranks a union that authorizes every operation of the group.
    fn leaf(&mut self, union: FixedBitSet) {
        // Each operation takes its least alternative inside the union: the union of those
        // may be smaller still, and it is what the minimal string is made from.
        let fitting = self.problem.fitting(union, self.inputs.iter().copied());
        let minimal = self.model.minimal(&fitting.scopes);
        let candidate = Candidate {
            atoms: fitting.union.count_ones(..),
            union: fitting.union,
            tokens: minimal.scopes.len(),
            positions: fitting.positions,
            scopes: minimal.scopes,
        };
        if self
            .best
            .as_ref()
            .is_none_or(|best| candidate.rank(best) == Ordering::Less)
        {
            self.best = Some(candidate);
        }
    }

    fn branch(&mut self, union: FixedBitSet, open: &[usize]) {
        if self.exhausted {
            return;
        }
        self.nodes += 1;
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
fn lower_bound(rest: &[(usize, Vec<(usize, FixedBitSet)>)]) -> usize {
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

/// Disjoint sets of local atoms.
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grandparent = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller root wins: groups do not depend on the order of unions.
        match ra.cmp(&rb) {
            Ordering::Less => self.parent[rb as usize] = ra,
            Ordering::Greater => self.parent[ra as usize] = rb,
            Ordering::Equal => {}
        }
    }
}
