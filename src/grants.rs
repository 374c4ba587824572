//! The grant algebra: what a selection of scopes really grants, what it holds, and the
//! smallest scope string with the same privilege. No I/O; dense indices throughout.
//!
//! Definitions (for a selection S):
//! - G(a) of an atomic scope is {a} ∪ G(every scope a implies); G(c) of a composite is the
//!   union of G(members). Cycles are fine: G(s) is the set of atomic scopes reachable
//!   from s, s included when atomic.
//! - H(S) = { s : G(s) ⊆ G(S) }: the effectively held scopes.
//! - minimal(S): a smallest T with G(T) = G(S), drawn from the scopes with G(t) ⊆ G(S)
//!   that are not deprecated or are in S.

use crate::catalog::{Catalog, Evidence, ScopeId};
use fixedbitset::FixedBitSet;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

/// Search effort (branch-and-bound nodes) after which the minimal string falls back to a
/// greedy cover marked as not proven minimal.
const SEARCH_BUDGET: usize = 20_000;

/// Entries per scope and edge the dense tables (every component's grants, every atom's
/// holders) may take before the model computes grants on demand instead. Realistic
/// catalogs stay far below it; a long implication chain or cycle would need n² entries.
const DENSE_ENTRIES_PER_ITEM: usize = 32;

/// The kinds of evidence the algebra uses. An edge whose evidence is not trusted is
/// dropped, and a composite that loses a member edge becomes atomic: it may grant what
/// the catalog cannot show. A wrong edge makes a minimal string ask for too little (a 403
/// in production); a missing one only costs a redundant token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trust(u8);

impl Trust {
    /// The levels by name, weakest evidence last, with their bits.
    const LEVELS: [(&'static str, u8); 4] = [
        ("documented", 1),
        ("description", 2),
        ("derived", 4),
        ("inferred", 8),
    ];
    /// Nothing trusted: every edge dropped.
    pub const NONE: Trust = Trust(0);
    /// Everything the provider's own words or data support: all but `inferred`.
    pub const DEFAULT: Trust = Trust(1 | 2 | 4);
    pub const ALL: Trust = Trust(1 | 2 | 4 | 8);

    fn bit(evidence: Evidence) -> u8 {
        match evidence {
            Evidence::Documented => 1,
            Evidence::Description => 2,
            Evidence::Derived => 4,
            Evidence::Inferred => 8,
        }
    }

    pub fn trusts(self, evidence: Evidence) -> bool {
        self.0 & Trust::bit(evidence) != 0
    }

    /// This trust with `evidence` trusted or not.
    pub fn with(self, evidence: Evidence, trusted: bool) -> Trust {
        if trusted {
            Trust(self.0 | Trust::bit(evidence))
        } else {
            Trust(self.0 & !Trust::bit(evidence))
        }
    }

    /// Is everything `other` trusts trusted here too?
    pub fn includes(self, other: Trust) -> bool {
        other.0 & !self.0 == 0
    }

    /// The trusted levels by name, strongest evidence first.
    pub fn levels(self) -> Vec<&'static str> {
        Trust::LEVELS
            .iter()
            .filter(|&&(_, bit)| self.0 & bit != 0)
            .map(|&(name, _)| name)
            .collect()
    }

    /// Reads a comma-separated list of levels (`documented`, `description`, `derived`,
    /// `inferred`), or `all`.
    pub fn parse(text: &str) -> Result<Trust, String> {
        let names: Vec<&str> = text.split(',').map(str::trim).collect();
        if names.iter().all(|name| name.is_empty()) {
            return Err(
                "no evidence levels given: name some of documented, description, derived, \
                 inferred, or all"
                    .to_string(),
            );
        }
        let mut trust = Trust::NONE;
        for name in names.into_iter().filter(|name| !name.is_empty()) {
            if name.eq_ignore_ascii_case("all") {
                trust = Trust::ALL;
                continue;
            }
            match Trust::LEVELS
                .iter()
                .find(|(level, _)| level.eq_ignore_ascii_case(name))
            {
                Some(&(_, bit)) => trust.0 |= bit,
                None => {
                    let known = Trust::LEVELS.iter().map(|&(level, _)| level);
                    let suggestions = crate::catalog::suggest(name, known.chain(["all"]));
                    let hint = match suggestions.first() {
                        Some(best) => format!("; did you mean `{best}`?"),
                        None => String::new(),
                    };
                    return Err(format!(
                        "`{name}` is not an evidence level (documented, description, \
                         derived, inferred, or all){hint}"
                    ));
                }
            }
        }
        Ok(trust)
    }
}

impl Default for Trust {
    fn default() -> Trust {
        Trust::DEFAULT
    }
}

impl fmt::Display for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let levels = self.levels();
        if levels.is_empty() {
            f.write_str("no implication")
        } else {
            f.write_str(&levels.join(", "))
        }
    }
}

impl std::str::FromStr for Trust {
    type Err = String;

    fn from_str(text: &str) -> Result<Trust, String> {
        Trust::parse(text)
    }
}

/// Derived, immutable data of one catalog for grant computations.
///
/// Grants are computed on the strongly connected components of the implication graph
/// (scopes that imply each other grant the same). Where it is cheap, every component's
/// grants are tabulated (the dense tables); otherwise, for long chains and cycles, each
/// question is answered by a traversal, so time and memory follow the edges rather than
/// the square of the catalog.
#[derive(Debug, Clone)]
pub struct GrantModel {
    /// scope → atom index (atoms are the atomic scopes, numbered in catalog order).
    atom_of: Vec<Option<u32>>,
    /// atom → scope.
    atoms: Vec<ScopeId>,
    /// scope → strongly connected component of the implication graph. Components are
    /// numbered so that every edge leaving one points to a smaller number.
    component: Vec<u32>,
    /// component → its scopes, in catalog order.
    component_scopes: Csr,
    /// component → the other components its edges reach directly.
    successors: Csr,
    /// component → the other components whose edges reach it directly.
    predecessors: Csr,
    /// The tabulated grants, where they fit in [`DENSE_ENTRIES_PER_ITEM`].
    dense: Option<Dense>,
    /// scope → (target, edge index) in catalog edge order.
    out: Vec<Vec<(u32, u32)>>,
    composite: Vec<bool>,
    /// Deprecated scopes: never put in a minimal string the user did not select them for.
    deprecated: Vec<bool>,
    trust: Trust,
}

#[derive(Debug, Clone)]
struct Dense {
    /// component → its grants: sorted atom indices.
    component_grants: Vec<Box<[u32]>>,
    /// atom → the scopes whose grants contain it.
    holders: Vec<Vec<u32>>,
}

/// Lists of numbers by index, in one buffer.
#[derive(Debug, Clone, Default)]
struct Csr {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    /// From (index, item) pairs; `len` indices. Items keep their order within an index.
    fn build(len: usize, pairs: &[(u32, u32)]) -> Csr {
        let mut offsets = vec![0u32; len + 1];
        for &(i, _) in pairs {
            offsets[i as usize + 1] += 1;
        }
        for i in 0..len {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(i, item) in pairs {
            items[next[i as usize] as usize] = item;
            next[i as usize] += 1;
        }
        Csr { offsets, items }
    }

    fn get(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// The order in which scopes of equal grants are preferred (derived `Ord`: field order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    unselected: bool,
    composite: bool,
    deprecated: bool,
    scope: ScopeId,
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

/// A smallest scope list with the same grants as a selection, in catalog order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Minimal {
    pub scopes: Vec<ScopeId>,
    /// False when the search gave up and returned a greedy cover.
    pub proven: bool,
}

/// Why a scope is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeldReason {
    Selected,
    /// Reached along a shortest chain of edges that starts at a selected scope. Only the
    /// chain's last step is kept (a chain can be as long as the catalog, and so the chains
    /// of all held scopes as long as its square): `previous` is held too, one step closer,
    /// and [`Explanation::chain`] rebuilds the whole chain.
    Implied {
        /// The scope before this one on the chain (`Catalog::edges[edge].from`).
        previous: ScopeId,
        /// The last edge, an index into `Catalog::edges`.
        edge: usize,
        /// The selected scope the chain starts at.
        origin: ScopeId,
        /// How many edges the chain has.
        length: usize,
    },
    /// A composite nobody selected or implied, all of whose members are held.
    Covered {
        members: Vec<ScopeId>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Every held scope in catalog order, with why.
    pub held: Vec<(ScopeId, HeldReason)>,
    pub minimal: Minimal,
    /// Each selected scope the minimal string leaves out, with the kept scopes that cover it.
    pub dropped: Vec<(ScopeId, Vec<ScopeId>)>,
}

impl Explanation {
    /// Why `scope` is held; `None` when it is not.
    pub fn reason(&self, scope: ScopeId) -> Option<&HeldReason> {
        self.held
            .binary_search_by_key(&scope, |(s, _)| *s)
            .ok()
            .map(|i| &self.held[i].1)
    }

    /// The edges of the chain that implies `scope`, from its last step back to the
    /// selected scope, one at a time: a caller that shows a few steps walks only those.
    /// Empty unless `scope` is implied.
    pub fn steps_back(&self, scope: ScopeId) -> impl Iterator<Item = usize> + '_ {
        let mut at = scope;
        std::iter::from_fn(move || match self.reason(at)? {
            HeldReason::Implied { previous, edge, .. } => {
                at = *previous;
                Some(*edge)
            }
            _ => None,
        })
    }

    /// The whole chain of edges (indices into `Catalog::edges`) that implies `scope`, from
    /// the selected scope; empty unless `scope` is implied.
    pub fn chain(&self, scope: ScopeId) -> Vec<usize> {
        let mut chain: Vec<usize> = self.steps_back(scope).collect();
        chain.reverse();
        chain
    }
}

/// How selection B differs from selection A, in grants (atomic scopes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    pub added: Vec<ScopeId>,
    pub removed: Vec<ScopeId>,
}

impl Diff {
    /// B asks for nothing A does not already grant.
    pub fn within(&self) -> bool {
        self.added.is_empty()
    }
}

impl GrantModel {
    /// The model under the default trust (all evidence but `inferred`).
    pub fn new(catalog: &Catalog) -> GrantModel {
        GrantModel::with_trust(catalog, Trust::DEFAULT)
    }

    /// The model using only the edges whose evidence `trust` accepts.
    pub fn with_trust(catalog: &Catalog, trust: Trust) -> GrantModel {
        let n = catalog.len();
        let mut composite: Vec<bool> = catalog.scopes.iter().map(|s| s.composite).collect();
        let mut out: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for (e, edge) in catalog.edges.iter().enumerate() {
            if trust.trusts(edge.evidence) {
                out[edge.from].push((edge.to as u32, e as u32));
            } else {
                // A composite missing a member may grant what no trusted edge shows.
                composite[edge.from] = false;
            }
        }
        let mut atom_of = vec![None; n];
        let mut atoms = Vec::new();
        for (s, &is_composite) in composite.iter().enumerate() {
            if !is_composite {
                atom_of[s] = Some(atoms.len() as u32);
                atoms.push(s);
            }
        }

        let (component, count) = strongly_connected(&out);
        let by_component: Vec<(u32, u32)> = (0..n).map(|s| (component[s], s as u32)).collect();
        let component_scopes = Csr::build(count, &by_component);
        let mut links: Vec<(u32, u32)> = Vec::new();
        for (s, targets) in out.iter().enumerate() {
            let from = component[s];
            for &(to, _) in targets {
                let to = component[to as usize];
                if to != from {
                    links.push((from, to));
                }
            }
        }
        links.sort_unstable();
        links.dedup();
        let successors = Csr::build(count, &links);
        let reversed: Vec<(u32, u32)> = links.iter().map(|&(from, to)| (to, from)).collect();
        let predecessors = Csr::build(count, &reversed);
        let mut model = GrantModel {
            atom_of,
            atoms,
            component,
            component_scopes,
            successors,
            predecessors,
            dense: None,
            out,
            composite,
            deprecated: catalog
                .scopes
                .iter()
                .map(|s| s.deprecated.is_some())
                .collect(),
            trust,
        };
        let budget = DENSE_ENTRIES_PER_ITEM * (n + catalog.edges.len()) + 65_536;
        model.dense = model.tabulate(budget);
        model
    }

    /// The model without the dense tables, as for catalogs too large for them: every
    /// question answered by traversal. For tests, which check both ways on small catalogs.
    #[doc(hidden)]
    pub fn untabulated(catalog: &Catalog, trust: Trust) -> GrantModel {
        let mut model = GrantModel::with_trust(catalog, trust);
        model.dense = None;
        model
    }

    /// Every component's grants and every atom's holders, unless they would take more
    /// than `budget` entries.
    fn tabulate(&self, budget: usize) -> Option<Dense> {
        let count = self.successors.offsets.len() - 1;
        let mut used = 0usize;
        // Successors have smaller numbers: computing in increasing order sees them first.
        let mut component_grants: Vec<Box<[u32]>> = Vec::with_capacity(count);
        for c in 0..count {
            let mut grants: Vec<u32> = Vec::new();
            for &s in self.component_scopes.get(c) {
                if let Some(a) = self.atom_of[s as usize] {
                    grants.push(a);
                }
            }
            for &d in self.successors.get(c) {
                used += component_grants[d as usize].len();
                if used > budget {
                    return None;
                }
                grants.extend_from_slice(&component_grants[d as usize]);
            }
            grants.sort_unstable();
            grants.dedup();
            used += grants.len() * (1 + self.component_scopes.get(c).len());
            if used > budget {
                return None;
            }
            component_grants.push(grants.into_boxed_slice());
        }
        let mut holders: Vec<Vec<u32>> = vec![Vec::new(); self.atoms.len()];
        for (s, &c) in self.component.iter().enumerate() {
            for &a in component_grants[c as usize].iter() {
                holders[a as usize].push(s as u32);
            }
        }
        Some(Dense {
            component_grants,
            holders,
        })
    }

    /// Does the model tabulate every component's grants (true for realistic catalogs), or
    /// compute them on demand (long chains and cycles)?
    pub fn is_tabulated(&self) -> bool {
        self.dense.is_some()
    }

    fn component_count(&self) -> usize {
        self.successors.offsets.len() - 1
    }

    /// The components reachable from `start` (included), as a set and a list.
    fn reach(&self, start: impl IntoIterator<Item = u32>) -> (FixedBitSet, Vec<u32>) {
        let mut seen = FixedBitSet::with_capacity(self.component_count());
        let mut list: Vec<u32> = Vec::new();
        for c in start {
            if !seen.put(c as usize) {
                list.push(c);
            }
        }
        let mut next = 0;
        while next < list.len() {
            let c = list[next] as usize;
            next += 1;
            for &d in self.successors.get(c) {
                if !seen.put(d as usize) {
                    list.push(d);
                }
            }
        }
        (seen, list)
    }

    /// The atoms of the given components, sorted.
    fn atoms_in(&self, components: &[u32]) -> Vec<u32> {
        let mut atoms: Vec<u32> = components
            .iter()
            .flat_map(|&c| self.component_scopes.get(c as usize))
            .filter_map(|&s| self.atom_of[s as usize])
            .collect();
        atoms.sort_unstable();
        atoms
    }

    /// G of a component, by traversal: sorted atom indices.
    fn traverse_grants(&self, component: u32) -> Vec<u32> {
        let (_, reached) = self.reach([component]);
        self.atoms_in(&reached)
    }

    fn has_atom(&self, component: u32) -> bool {
        self.component_scopes
            .get(component as usize)
            .iter()
            .any(|&s| self.atom_of[s as usize].is_some())
    }

    /// The evidence this model trusts.
    pub fn trust(&self) -> Trust {
        self.trust
    }

    pub fn scope_count(&self) -> usize {
        self.atom_of.len()
    }

    pub fn is_composite(&self, scope: ScopeId) -> bool {
        self.composite[scope]
    }

    /// G(scope) as sorted atom indices.
    fn atoms_of(&self, scope: ScopeId) -> Cow<'_, [u32]> {
        let component = self.component[scope];
        match &self.dense {
            Some(dense) => Cow::Borrowed(&dense.component_grants[component as usize]),
            None => Cow::Owned(self.traverse_grants(component)),
        }
    }

    /// G(scope): the atomic scopes it grants, in catalog order.
    pub fn grants_of(&self, scope: ScopeId) -> Vec<ScopeId> {
        self.atoms_of(scope)
            .iter()
            .map(|&a| self.atoms[a as usize])
            .collect()
    }

    /// G(S) as a bitset over atoms.
    fn atom_set(&self, selection: &[ScopeId]) -> FixedBitSet {
        let mut set = FixedBitSet::with_capacity(self.atoms.len());
        match &self.dense {
            Some(dense) => {
                for &s in selection {
                    for &a in dense.component_grants[self.component[s] as usize].iter() {
                        set.insert(a as usize);
                    }
                }
            }
            None => {
                let (_, reached) = self.reach(selection.iter().map(|&s| self.component[s]));
                for a in self.atoms_in(&reached) {
                    set.insert(a as usize);
                }
            }
        }
        set
    }

    /// G(S): the atomic scopes the selection grants, in catalog order.
    pub fn grants(&self, selection: &[ScopeId]) -> Vec<ScopeId> {
        self.atom_set(selection)
            .ones()
            .map(|a| self.atoms[a])
            .collect()
    }

    /// H(S) as a bitset over scopes.
    pub fn held_set(&self, selection: &[ScopeId]) -> FixedBitSet {
        self.held_from_atoms(&self.atom_set(selection))
    }

    fn held_from_atoms(&self, atoms: &FixedBitSet) -> FixedBitSet {
        let Some(dense) = &self.dense else {
            return self.held_by_traversal(atoms);
        };
        let n = self.scope_count();
        let mut held = FixedBitSet::with_capacity(n);
        // A scope is held when every one of its atoms is granted: count the granted
        // atoms of each scope that holds any.
        let mut hits: HashMap<u32, u32> = HashMap::new();
        for a in atoms.ones() {
            for &s in &dense.holders[a] {
                *hits.entry(s).or_insert(0) += 1;
            }
        }
        for (s, count) in hits {
            let component = self.component[s as usize] as usize;
            if count as usize == dense.component_grants[component].len() {
                held.insert(s as usize);
            }
        }
        held
    }

    /// H(S) from G(S) without tables: only the components that reach a granted atom can be
    /// held (every scope grants some atom), and of those the ones that reach no other
    /// atom. Work follows the edges into and out of those components.
    fn held_by_traversal(&self, atoms: &FixedBitSet) -> FixedBitSet {
        let count = self.component_count();
        let mut reaching = FixedBitSet::with_capacity(count);
        let mut stack: Vec<u32> = Vec::new();
        for a in atoms.ones() {
            let c = self.component[self.atoms[a]];
            if !reaching.put(c as usize) {
                stack.push(c);
            }
        }
        while let Some(c) = stack.pop() {
            for &p in self.predecessors.get(c as usize) {
                if !reaching.put(p as usize) {
                    stack.push(p);
                }
            }
        }
        // In increasing order, every successor is decided first.
        let mut held_components = FixedBitSet::with_capacity(count);
        for c in reaching.ones() {
            let own = self
                .component_scopes
                .get(c)
                .iter()
                .all(|&s| self.atom_of[s as usize].is_none_or(|a| atoms.contains(a as usize)));
            if own
                && self
                    .successors
                    .get(c)
                    .iter()
                    .all(|&d| held_components.contains(d as usize))
            {
                held_components.insert(c);
            }
        }
        let mut held = FixedBitSet::with_capacity(self.scope_count());
        for c in held_components.ones() {
            for &s in self.component_scopes.get(c) {
                held.insert(s as usize);
            }
        }
        held
    }

    /// H(S): every effectively held scope, in catalog order.
    pub fn held(&self, selection: &[ScopeId]) -> Vec<ScopeId> {
        self.held_set(selection).ones().collect()
    }

    /// The expanded scope string: H(S) in full, in catalog order.
    pub fn expanded(&self, selection: &[ScopeId]) -> Vec<ScopeId> {
        self.held(selection)
    }

    /// What ticking `scope` would add to the selection's grants (atomic scopes).
    pub fn added_by(&self, selection: &[ScopeId], scope: ScopeId) -> Vec<ScopeId> {
        let current = self.atom_set(selection);
        self.atoms_of(scope)
            .iter()
            .filter(|&&a| !current.contains(a as usize))
            .map(|&a| self.atoms[a as usize])
            .collect()
    }

    /// A smallest set of scopes with the same grants as the selection.
    pub fn minimal(&self, selection: &[ScopeId]) -> Minimal {
        let atoms = self.atom_set(selection);
        let held = self.held_from_atoms(&atoms);
        self.minimal_from(selection, &atoms, &held)
    }

    fn minimal_from(
        &self,
        selection: &[ScopeId],
        atoms: &FixedBitSet,
        held: &FixedBitSet,
    ) -> Minimal {
        let mut selected: Vec<ScopeId> = selection.to_vec();
        selected.sort_unstable();
        selected.dedup();
        // A deprecated scope stands in the string only where the user asked for it.
        let allowed = |s: ScopeId| !self.deprecated[s] || selected.binary_search(&s).is_ok();
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
            |s: ScopeId| -> &'m [u32] { &dense.component_grants[self.component[s] as usize] };
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
                .min_by_key(|&&a| dense.holders[a as usize].len())
            else {
                return false;
            };
            dense.holders[rarest as usize].iter().any(|&s| {
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
    /// selected by the user, then atomic, then not deprecated, then catalog order.
    fn rank(&self, scope: ScopeId, selected: &[ScopeId]) -> Rank {
        Rank {
            unselected: selected.binary_search(&scope).is_err(),
            composite: self.composite[scope],
            deprecated: self.deprecated[scope],
            scope,
        }
    }

    /// Is the scope deprecated in its catalog?
    pub fn is_deprecated(&self, scope: ScopeId) -> bool {
        self.deprecated[scope]
    }

    /// Why each held scope is held, and what the minimal string drops.
    pub fn explain(&self, selection: &[ScopeId]) -> Explanation {
        let n = self.scope_count();
        let atoms = self.atom_set(selection);
        let held = self.held_from_atoms(&atoms);
        let minimal = self.minimal_from(selection, &atoms, &held);

        // Multi-source breadth-first search: shortest chains from the selection, each
        // scope reached remembering its last step, its origin and its length.
        let mut sources: Vec<ScopeId> = selection.to_vec();
        sources.sort_unstable();
        sources.dedup();
        // (previous scope, edge, origin, length)
        let mut via: Vec<Option<(u32, u32, u32, u32)>> = vec![None; n];
        let mut seen = FixedBitSet::with_capacity(n);
        let mut queue = VecDeque::new();
        for &s in &sources {
            seen.insert(s);
            queue.push_back(s);
        }
        while let Some(s) = queue.pop_front() {
            let (origin, length) = match via[s] {
                Some((_, _, origin, length)) => (origin, length),
                None => (s as u32, 0),
            };
            for &(to, edge) in &self.out[s] {
                if !seen.put(to as usize) {
                    via[to as usize] = Some((s as u32, edge, origin, length + 1));
                    queue.push_back(to as usize);
                }
            }
        }
        let selected: FixedBitSet = {
            let mut set = FixedBitSet::with_capacity(n);
            sources.iter().for_each(|&s| set.insert(s));
            set
        };
        let held_reasons = held
            .ones()
            .map(|s| {
                let reason = if selected.contains(s) {
                    HeldReason::Selected
                } else if let Some((previous, edge, origin, length)) = via[s] {
                    HeldReason::Implied {
                        previous: previous as usize,
                        edge: edge as usize,
                        origin: origin as usize,
                        length: length as usize,
                    }
                } else {
                    HeldReason::Covered {
                        members: self.out[s].iter().map(|&(to, _)| to as usize).collect(),
                    }
                };
                (s, reason)
            })
            .collect();

        // Without tables, a kept scope that reaches a dropped one covers it: each scope is
        // labelled with the first kept scope (catalog order) that reaches it, in one pass.
        let reached_by = match self.dense {
            Some(_) => Vec::new(),
            None => self.first_reaching(&minimal.scopes),
        };
        let mut kept_grants: Option<Vec<Cow<'_, [u32]>>> = None;
        let mut dropped = Vec::new();
        for &s in sources
            .iter()
            .filter(|s| minimal.scopes.binary_search(s).is_err())
        {
            if let Some(&k) = reached_by.get(s)
                && k != u32::MAX
            {
                dropped.push((s, vec![k as usize]));
                continue;
            }
            let kept = kept_grants
                .get_or_insert_with(|| minimal.scopes.iter().map(|&k| self.atoms_of(k)).collect());
            dropped.push((s, covering(&self.atoms_of(s), &minimal.scopes, kept)));
        }

        Explanation {
            held: held_reasons,
            minimal,
            dropped,
        }
    }

    /// Each scope's first scope of `kept` (in its order) that reaches it along edges,
    /// `u32::MAX` for none. One pass: a scope reached earlier has its successors reached.
    fn first_reaching(&self, kept: &[ScopeId]) -> Vec<u32> {
        let mut label = vec![u32::MAX; self.scope_count()];
        let mut stack: Vec<usize> = Vec::new();
        for &k in kept {
            if label[k] != u32::MAX {
                continue;
            }
            label[k] = k as u32;
            stack.push(k);
            while let Some(s) = stack.pop() {
                for &(to, _) in &self.out[s] {
                    if label[to as usize] == u32::MAX {
                        label[to as usize] = k as u32;
                        stack.push(to as usize);
                    }
                }
            }
        }
        label
    }

    /// Grants B adds to and removes from A.
    pub fn diff(&self, a: &[ScopeId], b: &[ScopeId]) -> Diff {
        let ga = self.atom_set(a);
        let gb = self.atom_set(b);
        Diff {
            added: gb.difference(&ga).map(|x| self.atoms[x]).collect(),
            removed: ga.difference(&gb).map(|x| self.atoms[x]).collect(),
        }
    }
}

/// The first kept scope whose grants contain `grants`, else every kept scope that
/// shares some.
fn covering(grants: &[u32], kept: &[ScopeId], kept_grants: &[Cow<'_, [u32]>]) -> Vec<ScopeId> {
    match (0..kept.len()).find(|&i| is_subset(grants, &kept_grants[i])) {
        Some(i) => vec![kept[i]],
        None => (0..kept.len())
            .filter(|&i| intersects(grants, &kept_grants[i]))
            .map(|i| kept[i])
            .collect(),
    }
}

fn is_subset(small: &[u32], large: &[u32]) -> bool {
    if small.len() > large.len() {
        return false;
    }
    let mut j = 0;
    for &x in small {
        while j < large.len() && large[j] < x {
            j += 1;
        }
        if j == large.len() || large[j] != x {
            return false;
        }
        j += 1;
    }
    true
}

fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Tarjan's strongly connected components, iterative (deep chains must not overflow the
/// stack). Returns each node's component and the number of components; components are
/// numbered in reverse topological order.
fn strongly_connected(out: &[Vec<(u32, u32)>]) -> (Vec<u32>, usize) {
    const UNSEEN: u32 = u32::MAX;
    let n = out.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0u32;
    let mut count = 0u32;
    let mut calls: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root as u32);
        on_stack[root] = true;
        calls.push((root as u32, 0));
        while let Some(&mut (v, ref mut position)) = calls.last_mut() {
            let v = v as usize;
            if let Some(&(w, _)) = out[v].get(*position) {
                *position += 1;
                let w = w as usize;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w as u32);
                    on_stack[w] = true;
                    calls.push((w as u32, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u as usize] = low[u as usize].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(x) = stack.pop() {
                        on_stack[x as usize] = false;
                        component[x as usize] = count;
                        if x as usize == v {
                            break;
                        }
                    }
                    count += 1;
                }
            }
        }
    }
    (component, count as usize)
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
