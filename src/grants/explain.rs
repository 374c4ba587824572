//! Why each held scope is held, what a minimal string drops, and how two selections
//! differ.

use super::minimal::Setting;
use super::{GrantModel, Minimal, is_subset};
use crate::catalog::ScopeId;
use fixedbitset::FixedBitSet;
use std::borrow::Cow;
use std::collections::VecDeque;

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
    /// Why each held scope is held, and what the minimal string drops.
    pub fn explain(&self, selection: &[ScopeId]) -> Explanation {
        let n = self.scope_count();
        let atoms = self.atom_set(selection);
        let held = self.held_from_atoms(&atoms);
        let minimal = self.minimal_from(selection, &atoms, &held, Setting::Anywhere);

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
            for &(to, edge) in self.out.get(s) {
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
                        members: self.out.get(s).iter().map(|&(to, _)| to as usize).collect(),
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
                for &(to, _) in self.out.get(s) {
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
