//! The resource tree: a flat pre-order list of nodes, each a resource group (a name
//! segment such as `prospects`) or a scope. Built once per catalog. The same tree groups
//! a catalog's operations by resource ([`ResourceTree::of_operations`]): there each leaf
//! is an operation.

use super::{Catalog, ScopeId, Text};
use std::collections::HashMap;
use std::ops::Range;

pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The full scope name (operation id), or the group's name segment: a piece of the
    /// catalog's text, not a copy.
    pub label: Text,
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
    label: Text,
    title: Option<String>,
    scope: Option<ScopeId>,
    children: Vec<usize>,
}

/// Groups by parent group (`usize::MAX` at the top) and segment, the segment borrowed
/// from the text it was first seen in.
type Groups<'a> = HashMap<(usize, &'a str), usize, foldhash::fast::RandomState>;

impl ResourceTree {
    pub fn build(catalog: &Catalog) -> ResourceTree {
        let scopes = catalog.len();
        // The first drafts are the scopes, in catalog order; groups follow.
        let mut drafts: Vec<Draft> = Vec::with_capacity(scopes + scopes / 2);
        let mut roots: Vec<usize> = Vec::new();
        let mut groups = Groups::default();
        drafts.extend(catalog.scopes.iter().enumerate().map(|(id, scope)| Draft {
            label: scope.name.clone(),
            title: None,
            scope: Some(id),
            children: Vec::new(),
        }));
        let mut segments: Vec<Range<usize>> = Vec::new();
        for (id, scope) in catalog.scopes.iter().enumerate() {
            let parent = match scope.parent {
                Some(p) => Some(p),
                None => {
                    let mut parent: Option<usize> = None;
                    group_path(catalog, &scope.name, &mut segments);
                    for range in segments.drain(..) {
                        let segment = scope.name.get(range.clone()).unwrap_or_default();
                        let key = (parent.unwrap_or(usize::MAX), segment);
                        let group = *groups.entry(key).or_insert_with(|| {
                            new_group(
                                &mut drafts,
                                &mut roots,
                                parent,
                                Draft {
                                    label: scope.name.slice(range),
                                    title: catalog.resource_names.get(segment).cloned(),
                                    scope: None,
                                    children: Vec::new(),
                                },
                            )
                        });
                        parent = Some(group);
                    }
                    parent
                }
            };
            match parent {
                Some(p) => drafts[p].children.push(id),
                None => roots.push(id),
            }
        }
        drop(groups);
        ResourceTree::flatten(drafts, &roots, scopes)
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
        let mut groups = Groups::default();
        for (id, (op, path)) in operations.iter().zip(&paths).enumerate() {
            let mut parent: Option<usize> = None;
            // The text the segments were cut from.
            let source = if by_id {
                Some(&op.id)
            } else {
                op.path.as_ref()
            };
            for &segment in path.iter().skip(common) {
                let key = (parent.unwrap_or(usize::MAX), segment);
                let group = *groups.entry(key).or_insert_with(|| {
                    new_group(
                        &mut drafts,
                        &mut roots,
                        parent,
                        Draft {
                            label: source.map_or_else(|| op.id.slice(0..0), |s| piece(s, segment)),
                            title: catalog.resource_names.get(segment).cloned(),
                            scope: None,
                            children: Vec::new(),
                        },
                    )
                });
                parent = Some(group);
            }
            let me = drafts.len();
            drafts.push(Draft {
                label: op.id.clone(),
                title: None,
                scope: Some(id),
                children: Vec::new(),
            });
            match parent {
                Some(p) => drafts[p].children.push(me),
                None => roots.push(me),
            }
        }
        ResourceTree::flatten(drafts, &roots, operations.len())
    }

    /// The pre-order list of the drafts under `roots`; `leaves`: how many leaf items.
    fn flatten(mut drafts: Vec<Draft>, roots: &[usize], leaves: usize) -> ResourceTree {
        let mut nodes = Vec::with_capacity(drafts.len());
        let mut node_of_scope = vec![0; leaves];
        // Iterative pre-order walk: deep trees must not overflow the stack.
        let mut stack: Vec<(usize, Option<NodeId>, usize)> =
            roots.iter().rev().map(|&r| (r, None, 0)).collect();
        while let Some((draft, parent, depth)) = stack.pop() {
            let id = nodes.len();
            let d = &mut drafts[draft];
            if let Some(scope) = d.scope {
                node_of_scope[scope] = id;
            }
            if let Some(p) = parent {
                let parent_node: &mut TreeNode = &mut nodes[p];
                parent_node.children.push(id);
            }
            let children = std::mem::take(&mut d.children);
            stack.extend(
                children
                    .iter()
                    .rev()
                    .map(|&child| (child, Some(id), depth + 1)),
            );
            nodes.push(TreeNode {
                label: d.label.clone(),
                title: d.title.take(),
                scope: d.scope,
                depth,
                parent,
                children: Vec::with_capacity(children.len()),
                subtree_end: id + 1,
            });
        }
        drop(drafts);
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

/// A new group `draft` under `parent` (at the top when `None`): its draft's index.
fn new_group(
    drafts: &mut Vec<Draft>,
    roots: &mut Vec<usize>,
    parent: Option<usize>,
    draft: Draft,
) -> usize {
    let group = drafts.len();
    drafts.push(draft);
    match parent {
        Some(p) => drafts[p].children.push(group),
        None => roots.push(group),
    }
    group
}

/// `part` (a piece of `text`'s own string) as a piece of `text`, sharing its buffer.
fn piece(text: &Text, part: &str) -> Text {
    let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    text.slice(start..start.saturating_add(part.len()))
}

/// Where the resource segments of a name are, into `segments`:
/// `phonelines:voicemails:greetings:read` → `phonelines`, `voicemails`, `greetings`.
fn group_path(catalog: &Catalog, name: &str, segments: &mut Vec<Range<usize>>) {
    segments.clear();
    let Some(separator) = catalog.tree_spec.separator.as_deref() else {
        return;
    };
    // With a prefix, names outside it stay whole at the top: Google's
    // `https://mail.google.com/` is not split into `https://mail` > `google`.
    let (offset, stripped) = match catalog.tree_spec.prefix.as_deref() {
        Some(prefix) => match name.strip_prefix(prefix) {
            Some(rest) => (prefix.len(), rest),
            None => return,
        },
        None => (0, name),
    };
    // Every piece before a separator (the last piece, after it, is the scope's own).
    let mut start = 0;
    for (at, found) in stripped.match_indices(separator) {
        if at > start {
            segments.push(offset + start..offset + at);
        }
        start = at + found.len();
    }
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
            .map(|n| (n.depth, n.label.to_string()))
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
            .map(|n| (n.depth, n.label.to_string()))
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
