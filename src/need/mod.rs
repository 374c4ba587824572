//! Least privilege from the operations an integration calls (DESIGN §2b). No I/O.
//!
//! An operation lists its requirement as alternatives, any one of which authorizes it;
//! inside one alternative every scope is needed. Given operations O, [`need`] finds a
//! selection S such that every operation has an alternative inside H(S), with the least
//! privilege: the smallest G(S) by inclusion where comparable, then the fewest atomic
//! grants, then the fewest tokens; then, given a [`Reach`], what S lets the code call:
//! an S authorizing a strict subset of the catalog's operations another authorizes goes
//! first; then the operations' own order of their alternatives, then catalog order.
//!
//! Why the operations authorized are compared by inclusion and not counted: a subset is
//! less privilege whatever the data, but two sets neither inside the other are different
//! data, and their sizes say little of it. Google's `drive.file` (the app's own files)
//! allows twice as many Drive calls as `drive.readonly` (every file, a scope Google
//! classes as restricted).
//!
//! An alternative naming a scope usable only in a particular setting (the catalog's
//! `only_in`, as Gmail add-ons' scopes) is never chosen for an operation that has another
//! alternative: it is listed after the others, and the search leaves it out. Unless some
//! operation has no other alternative: then the integration runs in that setting, and such
//! alternatives count as any other.
//!
//! An alternative naming a deprecated scope is avoided the same way, even where it grants
//! less: the provider is retiring the scope (Slack's legacy `chat:write:user`, where the
//! call also takes `chat:write`), so an answer built on it may stop working, and `check`
//! warns of it. Kept are only the deprecated scopes no answer can do without: those every
//! alternative of some operation names, and what they hold; other operations may use
//! those too. An operation all of whose alternatives name a deprecated scope uses them as
//! any other. Where an operation's alternatives are all to be avoided for some reason, it
//! considers those with the least to avoid: deprecated before usable only elsewhere.
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
//! far is returned, marked as not proven. What a selection authorizes does not add up
//! over groups (a call may need scopes of two), so with a [`Reach`] each group keeps all
//! its unions tied on grants and tokens, and their combinations are compared whole
//! (`combine.rs`).

use crate::catalog::{Catalog, OperationId, ScopeId};
use crate::grants::{GrantModel, Minimal};
use fixedbitset::FixedBitSet;

mod avoid;
mod budget;
mod combine;
mod coverage;
mod groups;
mod prefer;
mod report;
mod search;

pub use coverage::{ByScope, Coverage};
pub use prefer::{Leaning, Leanings, Surface, part_of_the_data, resource};
use search::Problem;
pub use search::Weight;

impl Problem {
    /// The minimal string of `scopes` where the integration runs.
    fn minimal(&self, model: &GrantModel, scopes: &[ScopeId]) -> Minimal {
        if self.runs_restricted {
            model.minimal_in_setting(scopes)
        } else {
            model.minimal(scopes)
        }
    }

    /// The minimal string of the answer `fitting` makes for the operations `inputs`. It is
    /// drawn from the scopes of every alternative they may use inside its grants, not
    /// only of those taken: a deprecated scope stands in a minimal string only where it
    /// is selected, so which of two alternatives alike came first in an operation's list
    /// changed the tokens (a deprecated composite that covers two grants in one token).
    fn answer(
        &self,
        model: &GrantModel,
        fitting: &search::Fitting,
        inputs: impl Iterator<Item = usize>,
    ) -> Minimal {
        let mut scopes = fitting.scopes.clone();
        for input in inputs {
            // A call needing no scope takes its empty alternative: the others it lists
            // are no part of the answer.
            if self.ordered[input]
                .first()
                .is_some_and(|a| a.scopes.is_empty())
            {
                continue;
            }
            for alternative in &self.ordered[input][..self.considered[input]] {
                if alternative.bits.is_subset(&fitting.union) {
                    scopes.extend_from_slice(&alternative.scopes);
                }
            }
        }
        scopes.sort_unstable();
        scopes.dedup();
        self.minimal(model, &scopes)
    }
}

/// Which of a catalog's operations a selection authorizes: the tie-break between answers
/// alike in grants and tokens. It must grow with what the selection holds.
pub trait Reach {
    fn reach(&self, scopes: &[ScopeId]) -> FixedBitSet;
}

/// Tied unions kept per group of operations for [`Reach`] to decide between; past it
/// the answer is marked not proven.
pub const TIED_LIMIT: usize = 256;

/// Search effort (branch-and-bound nodes per group of operations, a node that weighs
/// many operations counting as several) after which [`need`] returns the best selection
/// found so far, marked as not proven.
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
    /// The other alternatives name scopes usable only in a particular setting.
    Usable,
    /// The other alternatives name deprecated scopes.
    Current,
    /// The other alternatives name deprecated scopes or scopes usable only in a particular
    /// setting.
    Avoided,
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
    need_with(model, operations, None, budget)
}

/// [`need`] for operations of `catalog`: between answers alike in grants and tokens,
/// those whose alternatives a person more likely means ([`Leanings`]: not limited to
/// part of the data, then allowing other calls on the call's resource), then those
/// authorizing fewer of the catalog's operations ([`Coverage`]), then the catalog's order.
pub fn need_in(catalog: &Catalog, model: &GrantModel, ids: &[OperationId]) -> Need {
    let all = requirements(catalog);
    let coverage = Coverage::new(model, &all);
    let leanings = Leanings::new(catalog);
    let (ordered, weights) = ranked_by(&coverage, &leanings, model, catalog, ids);
    let surface = Surface {
        coverage: &coverage,
        leanings: &leanings,
    };
    need_ranked(
        model,
        &ordered,
        Some(&weights),
        Some(&surface),
        SEARCH_BUDGET,
    )
}

/// [`need_within`], breaking ties between answers alike in grants and tokens by what
/// they `reach`: one authorizing a strict subset of another's operations first, then the
/// operations' own order.
pub fn need_with<R, A>(
    model: &GrantModel,
    operations: &[R],
    reach: Option<&dyn Reach>,
    budget: usize,
) -> Need
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    need_ranked(model, operations, None, reach, budget)
}

/// [`need_with`], where between answers alike in grants and tokens the least sum of
/// `weights` (per operation, per alternative in its list: what counts against it, a
/// [`Leaning`]'s weight) comes before what they `reach`.
pub fn need_ranked<R, A>(
    model: &GrantModel,
    operations: &[R],
    weights: Option<&[Vec<Weight>]>,
    reach: Option<&dyn Reach>,
    budget: usize,
) -> Need
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    let problem = Problem::new(model, operations, weights);
    let mut proven = true;
    let mut tied = Vec::new();
    for group in problem.groups() {
        let (candidates, group_proven) = problem.solve(model, &group, budget, reach.is_some());
        proven &= group_proven;
        tied.push(candidates);
    }
    let (granted, combined) = combine::combine(problem.atoms.len(), tied, reach);
    proven &= combined;
    let fitting = problem.fitting(granted.clone(), 0..problem.ordered.len());
    let minimal = problem.answer(model, &fitting, 0..problem.ordered.len());
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

/// The alternatives of each operation in the order `need` should prefer them where the
/// privilege order cannot tell them apart (see [`Leanings::order`]).
pub fn preferred<'c>(
    catalog: &'c Catalog,
    model: &GrantModel,
    ids: &[OperationId],
) -> Vec<Vec<&'c [ScopeId]>> {
    let all = requirements(catalog);
    let coverage = Coverage::new(model, &all);
    ranked_by(&coverage, &Leanings::new(catalog), model, catalog, ids).0
}

/// Every operation of `catalog`, as its alternatives. Callers have read the operations
/// already; where they do not load there is nothing to order by.
pub fn requirements(catalog: &Catalog) -> Vec<&[Box<[ScopeId]>]> {
    catalog
        .operations()
        .unwrap_or_default()
        .iter()
        .map(|op| &op.requires[..])
        .collect()
}

/// The alternatives of each of `ids` in the order `need` prefers them
/// ([`Leanings::order`]), and each one's weight.
pub fn ranked_by<'c, R, A>(
    coverage: &Coverage<'_, R, A>,
    leanings: &Leanings<'_>,
    model: &GrantModel,
    catalog: &'c Catalog,
    ids: &[OperationId],
) -> (Vec<Vec<&'c [ScopeId]>>, Vec<Vec<Weight>>)
where
    R: AsRef<[A]>,
    A: AsRef<[ScopeId]>,
{
    ids.iter()
        .map(|&id| {
            let requires = &catalog.operation(id).requires;
            leanings
                .order(model, coverage, id)
                .into_iter()
                .map(|(i, weight)| (&requires[i][..], weight))
                .unzip::<_, _, Vec<_>, Vec<_>>()
        })
        .unzip()
}

/// What an empty alternative (a call any token may make) is called where alternatives
/// are listed.
pub const NO_SCOPE: &str = "(no scope)";

/// An alternative as people write it: its scopes joined with ` + `, or [`NO_SCOPE`].
pub fn alternative_text(catalog: &Catalog, scopes: &[ScopeId]) -> String {
    if scopes.is_empty() {
        return NO_SCOPE.to_string();
    }
    scopes
        .iter()
        .map(|&s| catalog.name(s))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Why the answer is empty: every call asked for needs no scope (each has an empty
/// alternative), so any token of the catalog may make them.
pub fn no_scope_note(catalog: &Catalog, ids: &[OperationId]) -> String {
    let calls: Vec<&str> = ids
        .iter()
        .map(|&id| catalog.operation(id).id.as_str())
        .collect();
    let (verb, it) = if calls.len() == 1 {
        ("needs", "it")
    } else {
        ("need", "them")
    };
    format!(
        "note: {} {verb} no scope: any token of the {} catalog may make {it}, so the scope \
         string is empty",
        calls.join(", "),
        catalog.name
    )
}

/// `METHOD /path`, or nothing.
pub fn route(catalog: &Catalog, id: OperationId) -> String {
    let op = catalog.operation(id);
    match (op.method, op.path.as_deref()) {
        (Some(method), Some(path)) => format!("{method} {path}"),
        _ => String::new(),
    }
}
