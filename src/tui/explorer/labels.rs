//! Catalog text made safe for the terminal, once per catalog, and each scope's edges.

use crate::catalog::{Catalog, ResourceTree};
use crate::tui::text::sanitize;

/// Catalog text made safe for the terminal, once per catalog.
#[derive(Debug, Clone)]
pub struct Labels {
    pub catalog_name: String,
    pub catalog_id: String,
    pub scope_names: Vec<String>,
    pub descriptions: Vec<String>,
    /// Why each deprecated scope is, and its replacement.
    pub deprecated: Vec<Option<String>>,
    pub node_labels: Vec<String>,
    pub node_titles: Vec<Option<String>>,
    pub edge_notes: Vec<Option<String>>,
    /// Per scope, the indices of its edges out (what it implies) and in (what implies it).
    pub edges_out: Vec<Vec<usize>>,
    pub edges_in: Vec<Vec<usize>>,
}

impl Labels {
    pub(super) fn new(catalog: &Catalog, tree: &ResourceTree) -> Labels {
        let clean = |s: &str| sanitize(s).into_owned();
        let mut edges_out = vec![Vec::new(); catalog.len()];
        let mut edges_in = vec![Vec::new(); catalog.len()];
        for (index, edge) in catalog.edges.iter().enumerate() {
            edges_out[edge.from].push(index);
            edges_in[edge.to].push(index);
        }
        Labels {
            edges_out,
            edges_in,
            catalog_name: clean(&catalog.name),
            catalog_id: clean(&catalog.id),
            scope_names: catalog.scopes.iter().map(|s| clean(&s.name)).collect(),
            descriptions: catalog
                .scopes
                .iter()
                .map(|s| clean(&s.description))
                .collect(),
            deprecated: catalog
                .scopes
                .iter()
                .map(|s| s.deprecated.as_deref().map(clean))
                .collect(),
            node_labels: tree.nodes.iter().map(|n| clean(&n.label)).collect(),
            node_titles: tree
                .nodes
                .iter()
                .map(|n| n.title.as_deref().map(clean))
                .collect(),
            edge_notes: catalog
                .edges
                .iter()
                .map(|e| e.note.as_deref().map(clean))
                .collect(),
        }
    }
}
