//! The resource tree: a flat pre-order list of nodes, each a resource group (a name
//! segment such as `prospects`) or a scope. Built once per catalog.

use super::{Catalog, ScopeId};
use std::collections::HashMap;

pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The full scope name, or the group's name segment.
    pub label: String,
    /// The human name of a group, where the catalog gives one.
    pub title: Option<String>,
    pub scope: Option<ScopeId>,
    pub depth: usize,
    pub parent: Option<NodeId>,
    /// Direct children, in order.
    pub children: Vec<NodeId>,
    /// One past the last node of this node's subtree (pre-order), so a subtree is
    /// `id..subtree_end`.
    pub subtree_end: NodeId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceTree {
    pub nodes: Vec<TreeNode>,
    node_of_scope: Vec<NodeId>,
}

/// Built as a pointer tree first, then flattened.
struct Draft {
    label: String,
    title: Option<String>,
    scope: Option<ScopeId>,
    children: Vec<usize>,
}

impl ResourceTree {
    pub fn build(catalog: &Catalog) -> ResourceTree {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut roots: Vec<usize> = Vec::new();
        let mut groups: HashMap<(Option<usize>, String), usize> = HashMap::new();
        let mut draft_of_scope: Vec<usize> = Vec::with_capacity(catalog.len());

        for (id, scope) in catalog.scopes.iter().enumerate() {
            draft_of_scope.push(drafts.len());
            drafts.push(Draft {
                label: scope.name.to_string(),
                title: None,
                scope: Some(id),
                children: Vec::new(),
            });
        }
        for (id, scope) in catalog.scopes.iter().enumerate() {
            let me = draft_of_scope[id];
            let parent = match scope.parent {
                Some(p) => Some(draft_of_scope[p]),
                None => {
                    let mut parent: Option<usize> = None;
                    for segment in group_path(catalog, &scope.name) {
                        let key = (parent, segment.to_string());
                        let group = match groups.get(&key) {
                            Some(&g) => g,
                            None => {
                                let g = drafts.len();
                                drafts.push(Draft {
                                    label: segment.to_string(),
                                    title: catalog.resource_names.get(segment).cloned(),
                                    scope: None,
                                    children: Vec::new(),
                                });
                                match parent {
                                    Some(p) => drafts[p].children.push(g),
                                    None => roots.push(g),
                                }
                                groups.insert(key, g);
                                g
                            }
                        };
                        parent = Some(group);
                    }
                    parent
                }
            };
            match parent {
                Some(p) => drafts[p].children.push(me),
                None => roots.push(me),
            }
        }

        let mut nodes = Vec::with_capacity(drafts.len());
        let mut node_of_scope = vec![0; catalog.len()];
        // Iterative pre-order walk: deep trees must not overflow the stack.
        let mut stack: Vec<(usize, Option<NodeId>, usize)> =
            roots.iter().rev().map(|&r| (r, None, 0)).collect();
        while let Some((draft, parent, depth)) = stack.pop() {
            let id = nodes.len();
            let d = &drafts[draft];
            if let Some(scope) = d.scope {
                node_of_scope[scope] = id;
            }
            if let Some(p) = parent {
                let parent_node: &mut TreeNode = &mut nodes[p];
                parent_node.children.push(id);
            }
            nodes.push(TreeNode {
                label: d.label.clone(),
                title: d.title.clone(),
                scope: d.scope,
                depth,
                parent,
                children: Vec::new(),
                subtree_end: id + 1,
            });
            for &child in d.children.iter().rev() {
                stack.push((child, Some(id), depth + 1));
            }
        }
        // Subtree ends, children before parents.
        for id in (0..nodes.len()).rev() {
            let end = nodes[id]
                .children
                .last()
                .map_or(id + 1, |&last| nodes[last].subtree_end);
            nodes[id].subtree_end = end;
        }
        ResourceTree {
            nodes,
            node_of_scope,
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node_of_scope(&self, scope: ScopeId) -> NodeId {
        self.node_of_scope[scope]
    }

    /// The scopes in the subtree of `node`, itself included.
    pub fn scopes_under(&self, node: NodeId) -> impl Iterator<Item = ScopeId> + '_ {
        self.nodes[node..self.nodes[node].subtree_end]
            .iter()
            .filter_map(|n| n.scope)
    }

    /// The ancestors of `node`, nearest first.
    pub fn ancestors(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[node].parent, |&n| self.nodes[n].parent)
    }
}

/// The resource segments of a name: `phonelines:voicemails:greetings:read` →
/// `phonelines`, `voicemails`, `greetings`.
fn group_path<'a>(catalog: &Catalog, name: &'a str) -> Vec<&'a str> {
    let Some(separator) = catalog.tree_spec.separator.as_deref() else {
        return Vec::new();
    };
    // With a prefix, names outside it stay whole at the top: Google's
    // `https://mail.google.com/` is not split into `https://mail` > `google`.
    let stripped = match catalog.tree_spec.prefix.as_deref() {
        Some(prefix) => match name.strip_prefix(prefix) {
            Some(rest) => rest,
            None => return Vec::new(),
        },
        None => name,
    };
    let mut segments: Vec<&str> = stripped.split(separator).collect();
    segments.pop();
    segments.retain(|s| !s.is_empty());
    segments
}

#[cfg(test)]
mod tests {
    use crate::catalog::{Origin, parse_catalog};

    #[test]
    fn names_outside_the_prefix_stay_whole_at_the_top() {
        let text = r#"
id = "t"
name = "T"
[tree]
separator = "."
prefix = "https://x.io/auth/"
[[scope]]
name = "https://x.io/auth/drive.readonly"
description = "d"
[[scope]]
name = "https://mail.x.io/"
description = "m"
"#;
        let catalog = parse_catalog(text, "t.toml", Origin::Builtin).expect("loads");
        let labels: Vec<(usize, String)> = catalog
            .tree()
            .nodes
            .iter()
            .map(|n| (n.depth, n.label.clone()))
            .collect();
        assert_eq!(
            labels,
            [
                (0, "drive".to_string()),
                (1, "https://x.io/auth/drive.readonly".to_string()),
                (0, "https://mail.x.io/".to_string()),
            ]
        );
    }
}
