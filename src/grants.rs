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
use std::collections::{HashMap, VecDeque};
use std::fmt;

/// Search effort (branch-and-bound nodes) after which the minimal string falls back to a
/// greedy cover marked as not proven minimal.
const SEARCH_BUDGET: usize = 20_000;

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
#[derive(Debug, Clone)]
pub struct GrantModel {
    /// scope → atom index (atoms are the atomic scopes, numbered in catalog order).
    atom_of: Vec<Option<u32>>,
    /// atom → scope.
    atoms: Vec<ScopeId>,
    /// scope → strongly connected component of the implication graph.
    component: Vec<u32>,
    /// component → its grants: sorted atom indices.
    component_grants: Vec<Box<[u32]>>,
    /// atom → the scopes whose grants contain it.
    holders: Vec<Vec<u32>>,
    /// scope → (target, edge index) in catalog edge order.
    out: Vec<Vec<(u32, u32)>>,
    composite: Vec<bool>,
    /// Deprecated scopes: never put in a minimal string the user did not select them for.
    deprecated: Vec<bool>,
    trust: Trust,
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
    /// Reached along a shortest chain of edges (edge indices into `Catalog::edges`) that
    /// starts at a selected scope.
    Implied {
        chain: Vec<usize>,
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
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); count];
        for (s, &c) in component.iter().enumerate() {
            members[c as usize].push(s as u32);
        }
        // Tarjan numbers components so that every edge leaving a component points to a
        // smaller number: computing in increasing order sees successors first.
        let mut component_grants: Vec<Box<[u32]>> = Vec::with_capacity(count);
        for (c, scopes) in members.iter().enumerate() {
            let mut grants: Vec<u32> = Vec::new();
            for &s in scopes {
                if let Some(a) = atom_of[s as usize] {
                    grants.push(a);
                }
                for &(to, _) in &out[s as usize] {
                    let target = component[to as usize] as usize;
                    if target != c {
                        grants.extend_from_slice(&component_grants[target]);
                    }
                }
            }
            grants.sort_unstable();
            grants.dedup();
            component_grants.push(grants.into_boxed_slice());
        }

        let mut holders: Vec<Vec<u32>> = vec![Vec::new(); atoms.len()];
        for s in 0..n {
            for &a in component_grants[component[s] as usize].iter() {
                holders[a as usize].push(s as u32);
            }
        }
        GrantModel {
            atom_of,
            atoms,
            component,
            component_grants,
            holders,
            out,
            composite,
            deprecated: catalog
                .scopes
                .iter()
                .map(|s| s.deprecated.is_some())
                .collect(),
            trust,
        }
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
    fn atoms_of(&self, scope: ScopeId) -> &[u32] {
        &self.component_grants[self.component[scope] as usize]
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
        for &s in selection {
            for &a in self.atoms_of(s) {
                set.insert(a as usize);
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
        let n = self.scope_count();
        let mut held = FixedBitSet::with_capacity(n);
        // A scope is held when every one of its atoms is granted: count the granted
        // atoms of each scope that holds any.
        let mut hits: HashMap<u32, u32> = HashMap::new();
        for a in atoms.ones() {
            for &s in &self.holders[a] {
                *hits.entry(s).or_insert(0) += 1;
            }
        }
        for (s, count) in hits {
            if count as usize == self.atoms_of(s as usize).len() {
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
        let mut groups: HashMap<&[u32], Group> = HashMap::new();
        for s in held.ones().filter(|&s| allowed(s)) {
            let rank = self.rank(s, &selected);
            groups
                .entry(self.atoms_of(s))
                .and_modify(|group| {
                    if rank < group.rank {
                        group.rank = rank;
                    }
                })
                .or_insert(Group { first: s, rank });
        }
        // Keep the maximal ones: a grant set strictly inside another is never needed.
        let mut maximal: Vec<(&[u32], Group)> = groups
            .into_iter()
            .filter(|&(grants, _)| {
                !self.strictly_inside(grants, |s| held.contains(s) && allowed(s))
            })
            .collect();
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
            let sets: Vec<&[u32]> = maximal.iter().map(|&(grants, _)| grants).collect();
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

    /// Is there a candidate scope whose grants strictly contain `grants`?
    fn strictly_inside(&self, grants: &[u32], candidate: impl Fn(ScopeId) -> bool) -> bool {
        // Any superset also holds the rarest atom of `grants`.
        let Some(&rarest) = grants
            .iter()
            .min_by_key(|&&a| self.holders[a as usize].len())
        else {
            return false;
        };
        self.holders[rarest as usize].iter().any(|&s| {
            let other = self.atoms_of(s as usize);
            other.len() > grants.len() && candidate(s as usize) && is_subset(grants, other)
        })
    }

    /// Why each held scope is held, and what the minimal string drops.
    pub fn explain(&self, selection: &[ScopeId]) -> Explanation {
        let n = self.scope_count();
        let atoms = self.atom_set(selection);
        let held = self.held_from_atoms(&atoms);
        let minimal = self.minimal_from(selection, &atoms, &held);

        // Multi-source breadth-first search: shortest chains from the selection.
        let mut sources: Vec<ScopeId> = selection.to_vec();
        sources.sort_unstable();
        sources.dedup();
        let mut via: Vec<Option<(u32, u32)>> = vec![None; n]; // (previous scope, edge)
        let mut seen = FixedBitSet::with_capacity(n);
        let mut queue = VecDeque::new();
        for &s in &sources {
            seen.insert(s);
            queue.push_back(s);
        }
        while let Some(s) = queue.pop_front() {
            for &(to, edge) in &self.out[s] {
                if !seen.put(to as usize) {
                    via[to as usize] = Some((s as u32, edge));
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
                } else if seen.contains(s) {
                    let mut chain = Vec::new();
                    let mut at = s;
                    while let Some((previous, edge)) = via[at] {
                        chain.push(edge as usize);
                        at = previous as usize;
                    }
                    chain.reverse();
                    HeldReason::Implied { chain }
                } else {
                    HeldReason::Covered {
                        members: self.out[s].iter().map(|&(to, _)| to as usize).collect(),
                    }
                };
                (s, reason)
            })
            .collect();

        let dropped = sources
            .iter()
            .filter(|s| minimal.scopes.binary_search(s).is_err())
            .map(|&s| {
                let grants = self.atoms_of(s);
                let covering: Vec<ScopeId> = match minimal
                    .scopes
                    .iter()
                    .find(|&&k| is_subset(grants, self.atoms_of(k)))
                {
                    Some(&one) => vec![one],
                    None => minimal
                        .scopes
                        .iter()
                        .copied()
                        .filter(|&k| intersects(grants, self.atoms_of(k)))
                        .collect(),
                };
                (s, covering)
            })
            .collect();

        Explanation {
            held: held_reasons,
            minimal,
            dropped,
        }
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
