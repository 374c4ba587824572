//! The grant algebra: what a selection of scopes really grants, what it holds, and the
//! smallest scope string with the same privilege. No I/O; dense indices throughout.
//!
//! Definitions (for a selection S):
//! - G(a) of an atomic scope is {a} ∪ G(every scope a implies); G(c) of a composite is the
//!   union of G(members). Cycles are fine: G(s) is the set of atomic scopes reachable
//!   from s, s included when atomic.
//! - H(S) = { s : G(s) ⊆ G(S) }: the effectively held scopes.
//! - minimal(S): a smallest T with G(T) = G(S), drawn from the scopes with G(t) ⊆ G(S)
//!   that are in S or are neither deprecated nor usable only in a particular setting.
//!
//! The model lives here (building it, grants and held scopes); `minimal` finds the
//! smallest scope string, `explain` says why each scope is held, `trust` names the
//! evidence levels, `walk` answers a few questions from the catalog's edges alone.

mod explain;
mod minimal;
mod trust;
pub mod walk;

pub use explain::{Diff, Explanation, HeldReason};
pub use minimal::Minimal;
pub use trust::Trust;

use crate::catalog::{Catalog, ScopeId};
use fixedbitset::FixedBitSet;
use std::borrow::Cow;
use std::collections::HashMap;

/// Entries per scope and edge the dense tables (every component's grants, every atom's
/// holders) may take before the model computes grants on demand instead. Realistic
/// catalogs stay far below it; a long implication chain or cycle would need n² entries.
const DENSE_ENTRIES_PER_ITEM: usize = 32;

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
    out: Csr<(u32, u32)>,
    composite: Vec<bool>,
    /// Deprecated scopes: never put in a minimal string the user did not select them for.
    deprecated: Vec<bool>,
    /// The particular setting alone where each scope can be used (`only_in`), numbered
    /// from 1 by its text (0: anywhere): `need` avoids such scopes.
    settings: Vec<u32>,
    trust: Trust,
}

#[derive(Debug, Clone)]
struct Dense {
    /// component → its grants: sorted atom indices.
    component_grants: Csr,
    /// atom → the scopes whose grants contain it, in catalog order.
    holders: Csr,
}

/// Lists by index, in one buffer: a few allocations for a whole catalog, not one per
/// scope.
#[derive(Debug, Clone)]
struct Csr<T = u32> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Default> Csr<T> {
    /// From (index, item) pairs; `len` indices. Items keep their order within an index.
    fn build(len: usize, pairs: impl Iterator<Item = (u32, T)> + Clone) -> Csr<T> {
        let mut offsets = vec![0u32; len + 1];
        for (i, _) in pairs.clone() {
            offsets[i as usize + 1] += 1;
        }
        for i in 0..len {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut items = vec![T::default(); offsets[len] as usize];
        for (i, item) in pairs {
            items[next[i as usize] as usize] = item;
            next[i as usize] += 1;
        }
        Csr { offsets, items }
    }

    fn get(&self, i: usize) -> &[T] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
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
        let trusted = catalog
            .edges
            .iter()
            .enumerate()
            .filter(|(_, edge)| trust.trusts(edge.evidence))
            .map(|(e, edge)| (edge.from as u32, (edge.to as u32, e as u32)));
        let out = Csr::build(n, trusted);
        for edge in &catalog.edges {
            if !trust.trusts(edge.evidence) {
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
        let component_scopes = Csr::build(count, (0..n).map(|s| (component[s], s as u32)));
        let mut links: Vec<(u32, u32)> = Vec::new();
        for s in 0..n {
            let from = component[s];
            for &(to, _) in out.get(s) {
                let to = component[to as usize];
                if to != from {
                    links.push((from, to));
                }
            }
        }
        links.sort_unstable();
        links.dedup();
        let successors = Csr::build(count, links.iter().copied());
        let predecessors = Csr::build(count, links.iter().map(|&(from, to)| (to, from)));
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
            settings: settings(catalog),
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
        let mut component_grants = Csr {
            offsets: Vec::with_capacity(count + 1),
            items: Vec::new(),
        };
        component_grants.offsets.push(0);
        let mut grants: Vec<u32> = Vec::new();
        for c in 0..count {
            grants.clear();
            for &s in self.component_scopes.get(c) {
                if let Some(a) = self.atom_of[s as usize] {
                    grants.push(a);
                }
            }
            for &d in self.successors.get(c) {
                let theirs = component_grants.get(d as usize);
                used += theirs.len();
                if used > budget {
                    return None;
                }
                grants.extend_from_slice(theirs);
            }
            grants.sort_unstable();
            grants.dedup();
            used += grants.len() * (1 + self.component_scopes.get(c).len());
            if used > budget {
                return None;
            }
            component_grants.items.extend_from_slice(&grants);
            component_grants
                .offsets
                .push(u32::try_from(component_grants.items.len()).ok()?);
        }
        let holders = Csr::build(
            self.atoms.len(),
            self.component.iter().enumerate().flat_map(|(s, &c)| {
                component_grants
                    .get(c as usize)
                    .iter()
                    .map(move |&a| (a, s as u32))
            }),
        );
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
            Some(dense) => Cow::Borrowed(dense.component_grants.get(component as usize)),
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
                    for &a in dense.component_grants.get(self.component[s] as usize) {
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
            for &s in dense.holders.get(a) {
                *hits.entry(s).or_insert(0) += 1;
            }
        }
        for (s, count) in hits {
            let component = self.component[s as usize] as usize;
            if count as usize == dense.component_grants.get(component).len() {
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

/// Tarjan's strongly connected components, iterative (deep chains must not overflow the
/// stack). Returns each node's component and the number of components; components are
/// numbered in reverse topological order.
fn strongly_connected(out: &Csr<(u32, u32)>) -> (Vec<u32>, usize) {
    const UNSEEN: u32 = u32::MAX;
    let n = out.offsets.len() - 1;
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
            if let Some(&(w, _)) = out.get(v).get(*position) {
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

/// Each scope's setting (`only_in`), numbered from 1 in the order the texts first come
/// (0: usable anywhere).
fn settings(catalog: &Catalog) -> Vec<u32> {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    catalog
        .scopes
        .iter()
        .map(|s| match s.only_in.as_deref() {
            None => 0,
            Some(setting) => {
                let next = u32::try_from(seen.len() + 1).unwrap_or(u32::MAX);
                *seen.entry(setting).or_insert(next)
            }
        })
        .collect()
}
