//! Each scope's implication edges, leaving and arriving, as lists of edge indices in one
//! buffer: two allocations for a whole catalog instead of one per scope.

use super::{Edge, ScopeId};

/// Each scope's edges (indices into [`super::Catalog::edges`], in catalog order), in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct EdgeLists {
    offsets: Vec<u32>,
    edges: Vec<u32>,
}

impl EdgeLists {
    /// The edges of `scopes` scopes, each edge under the scope `end` says.
    pub(super) fn of(scopes: usize, edges: &[Edge], end: impl Fn(&Edge) -> usize) -> EdgeLists {
        let mut offsets = vec![0u32; scopes + 1];
        for edge in edges {
            offsets[end(edge) + 1] += 1;
        }
        for i in 0..scopes {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut lists = vec![0u32; edges.len()];
        for (e, edge) in edges.iter().enumerate() {
            let at = &mut next[end(edge)];
            lists[*at as usize] = e as u32;
            *at += 1;
        }
        EdgeLists {
            offsets,
            edges: lists,
        }
    }

    pub(super) fn of_scope(&self, scope: ScopeId) -> &[u32] {
        &self.edges[self.offsets[scope] as usize..self.offsets[scope + 1] as usize]
    }
}
