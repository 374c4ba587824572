//! Catalog text made safe for the terminal when it is drawn: only what a frame shows is
//! looked at, so opening a large catalog copies none of its text.

use crate::catalog::{Catalog, Edge, NodeId, ResourceTree, ScopeId};
use crate::tui::text::sanitize;
use std::borrow::Cow;

/// The catalog's text as the views show it: each piece passed through [`sanitize`] when
/// asked for (borrowed, unless it holds something to neutralise).
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    catalog: &'a Catalog,
    tree: &'a ResourceTree,
    /// The catalog's name, made safe once.
    pub catalog_name: &'a str,
}

impl<'a> Labels<'a> {
    pub(super) fn new(
        catalog: &'a Catalog,
        tree: &'a ResourceTree,
        catalog_name: &'a str,
    ) -> Labels<'a> {
        Labels {
            catalog,
            tree,
            catalog_name,
        }
    }

    pub fn scope_name(self, scope: ScopeId) -> Cow<'a, str> {
        sanitize(self.catalog.name(scope))
    }

    /// `scope`'s name for a one-line message: a name under a catalog's URL prefix
    /// (Google's `https://www.googleapis.com/auth/`) from the prefix's last `/` on
    /// (`…/drive.appdata`), the part that tells it from the others.
    pub fn short_name(self, scope: ScopeId) -> Cow<'a, str> {
        let name = self.scope_name(scope);
        let prefix = self.catalog.tree_spec.prefix.as_deref().unwrap_or_default();
        match name.strip_prefix(prefix) {
            Some(rest) if prefix.ends_with('/') && !rest.is_empty() => {
                Cow::Owned(format!("…/{rest}"))
            }
            _ => name,
        }
    }

    pub fn description(self, scope: ScopeId) -> Cow<'a, str> {
        sanitize(&self.catalog.scope(scope).description)
    }

    /// Why `scope` is deprecated, and its replacement.
    pub fn deprecated(self, scope: ScopeId) -> Option<Cow<'a, str>> {
        self.catalog
            .scope(scope)
            .deprecated
            .as_deref()
            .map(sanitize)
    }

    /// Where alone `scope` can be used (the catalog's `only_in`).
    pub fn only_in(self, scope: ScopeId) -> Option<Cow<'a, str>> {
        self.catalog.scope(scope).only_in.as_deref().map(sanitize)
    }

    pub fn is_deprecated(self, scope: ScopeId) -> bool {
        self.catalog.scope(scope).deprecated.is_some()
    }

    /// A tree node's label: the scope's name, or the group's name segment.
    pub fn node_label(self, node: NodeId) -> Cow<'a, str> {
        sanitize(self.tree.label(node))
    }

    /// A group's human name, where the catalog gives one.
    pub fn node_title(self, node: NodeId) -> Option<Cow<'a, str>> {
        self.tree.node(node).title.map(sanitize)
    }

    /// The note of an edge of the catalog.
    pub fn edge_note(self, edge: &'a Edge) -> Option<Cow<'a, str>> {
        edge.note.as_deref().map(sanitize)
    }
}
