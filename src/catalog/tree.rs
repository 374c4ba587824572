//! The resource tree: a flat pre-order list of nodes, each a resource group (a name
//! segment such as `prospects`) or a scope. Built once per catalog. The same tree groups
//! a catalog's operations by resource ([`ResourceTree::of_operations`]): there each leaf
//! is an operation.

use super::{Catalog, ScopeId};
use std::collections::HashMap;

pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The full scope name (operation id), or the group's name segment.
    pub label: String,
    /// The human name of a group, where the catalog gives one.
    pub title: Option<String>,
    /// The leaf's item: a scope, or in a tree of operations an [`super::OperationId`].
    pub scope: Option<ScopeId>,
    pub depth: usize,
    pub parent: Option<NodeId>,
    /// Direct children, in order.
    pub children: Vec<NodeId>,
    /// One past the last node of this node's subtree (pre-order), so a subtree is
    /// `id..subtree_end`.
    pub subtree_end: NodeId,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        ResourceTree::flatten(&drafts, &roots, catalog.len())
    }

    /// A catalog's operations grouped by resource, in catalog order within a group:
    /// Google's `drive.files.list` under drive ▸ files when the ids read so (most of them
    /// have dots and no spaces or slashes), otherwise by the literal segments of the
    /// path (`GET /users/{id}/keys` under users ▸ keys), leaving out the segments every
    /// path begins with (`/api/v1`). Operations that do not load give an empty tree.
    pub fn of_operations(catalog: &Catalog) -> ResourceTree {
        let operations = catalog.operations().unwrap_or_default();
        let dotted = operations
            .iter()
            .filter(|op| op.id.contains('.') && !op.id.contains([' ', '/']))
            .count();
        let by_id = dotted * 10 >= operations.len() * 9;
        let paths: Vec<Vec<&str>> = operations
            .iter()
            .map(|op| {
                if by_id {
                    let mut segments: Vec<&str> = op.id.split('.').collect();
                    segments.pop();
                    segments.retain(|s| !s.is_empty());
                    segments
                } else {
                    op.path.as_deref().map(path_groups).unwrap_or_default()
                }
            })
            .collect();
        let common = if by_id {
            0
        } else {
            common_prefix(paths.iter().filter(|p| !p.is_empty()))
        };
        let mut drafts: Vec<Draft> = Vec::new();
        let mut roots: Vec<usize> = Vec::new();
        let mut groups: HashMap<(Option<usize>, &str), usize> = HashMap::new();
        for (id, (op, path)) in operations.iter().zip(&paths).enumerate() {
            let mut parent: Option<usize> = None;
            for &segment in path.iter().skip(common) {
                let group = *groups.entry((parent, segment)).or_insert_with(|| {
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
                    g
                });
                parent = Some(group);
            }
            let me = drafts.len();
            drafts.push(Draft {
                label: op.id.to_string(),
                title: None,
                scope: Some(id),
                children: Vec::new(),
            });
            match parent {
                Some(p) => drafts[p].children.push(me),
                None => roots.push(me),
            }
        }
        ResourceTree::flatten(&drafts, &roots, operations.len())
    }

    /// The pre-order list of the drafts under `roots`; `leaves`: how many leaf items.
    fn flatten(drafts: &[Draft], roots: &[usize], leaves: usize) -> ResourceTree {
        let mut nodes = Vec::with_capacity(drafts.len());
        let mut node_of_scope = vec![0; leaves];
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

/// The literal segments of a path template, the groups of an operation: parameters and
/// what follows a `:` (Google's custom verbs, `{name}:cancel`) left out.
fn path_groups(path: &str) -> Vec<&str> {
    path.split(['?', '#'])
        .next()
        .unwrap_or(path)
        .split('/')
        .map(|segment| segment.split(':').next().unwrap_or(segment))
        .filter(|segment| !segment.is_empty() && !segment.contains(['{', '}']))
        .collect()
}

/// How many first segments every path shares, keeping at least one for each (a single
/// path keeps its last segment).
fn common_prefix<'a, 'p: 'a>(mut paths: impl Iterator<Item = &'a Vec<&'p str>>) -> usize {
    let Some(first) = paths.next() else {
        return 0;
    };
    let mut common = first.len().saturating_sub(1);
    for path in paths {
        common = common.min(path.len().saturating_sub(1));
        common = first
            .iter()
            .zip(path)
            .take(common)
            .take_while(|(a, b)| a == b)
            .count();
    }
    common
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

    fn operation_labels(operations: &str) -> Vec<(usize, String)> {
        let text = format!(
            "id = \"t\"\nname = \"T\"\n[[scope]]\nname = \"read\"\ndescription = \"r\"\n{operations}"
        );
        let catalog = parse_catalog(&text, "t.toml", Origin::Builtin).expect("loads");
        let tree = super::ResourceTree::of_operations(&catalog);
        for (i, node) in tree.nodes.iter().enumerate() {
            if let Some(op) = node.scope {
                assert_eq!(tree.node_of_scope(op), i);
            }
        }
        tree.nodes
            .iter()
            .map(|n| (n.depth, n.label.clone()))
            .collect()
    }

    fn operation(id: &str, method: &str, path: &str) -> String {
        format!(
            "[[operation]]\nid = \"{id}\"\nmethod = \"{method}\"\npath = \"{path}\"\nrequires = [[\"read\"]]\n"
        )
    }

    #[test]
    fn operations_group_by_their_dotted_ids() {
        let labels = operation_labels(
            &[
                operation("drive.files.list", "GET", "/drive/v3/files"),
                operation("drive.about.get", "GET", "/drive/v3/about"),
                operation("drive.files.get", "GET", "/drive/v3/files/{fileId}"),
                operation("gmail.users.messages.send", "POST", "/gmail/v1/send"),
            ]
            .concat(),
        );
        let expected = [
            (0, "drive"),
            (1, "files"),
            (2, "drive.files.list"),
            (2, "drive.files.get"),
            (1, "about"),
            (2, "drive.about.get"),
            (0, "gmail"),
            (1, "users"),
            (2, "messages"),
            (3, "gmail.users.messages.send"),
        ];
        let expected: Vec<(usize, String)> =
            expected.iter().map(|&(d, l)| (d, l.to_string())).collect();
        assert_eq!(labels, expected);
    }

    #[test]
    fn operations_without_dotted_ids_group_by_their_paths_past_the_common_start() {
        let labels = operation_labels(
            &[
                operation("listUsers", "GET", "/api/v1/users"),
                operation("getUser", "GET", "/api/v1/users/{id}"),
                operation("listKeys", "GET", "/api/v1/users/{id}/keys"),
                operation("cancel", "POST", "/api/v1/jobs/{name}:cancel"),
            ]
            .concat(),
        );
        let expected = [
            (0, "users"),
            (1, "listUsers"),
            (1, "getUser"),
            (1, "keys"),
            (2, "listKeys"),
            (0, "jobs"),
            (1, "cancel"),
        ];
        let expected: Vec<(usize, String)> =
            expected.iter().map(|&(d, l)| (d, l.to_string())).collect();
        assert_eq!(labels, expected);
    }
}
