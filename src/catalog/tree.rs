//! The resource tree: a flat pre-order list of nodes, each a resource group (a name
//! segment such as `prospects`) or a scope. Built once per catalog. The same tree groups
//! a catalog's operations by resource ([`ResourceTree::of_operations`]): there each leaf
//! is an operation.
//!
//! Why this file is long: a quarter of it is unit tests beside the code.

use super::text::Store;
use super::{Catalog, ScopeId, Text, TreeSpec};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

pub type NodeId = usize;

/// In the tree's columns: no scope (a group), no parent (a top-level node), no title.
pub(crate) const NONE: u32 = u32::MAX;

/// One node of a [`ResourceTree`], as read from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeNode<'t> {
    /// The full scope name (operation id), or the group's name segment.
    pub label: &'t str,
    /// The human name of a group, where the catalog gives one.
    pub title: Option<&'t str>,
    /// The leaf's item: a scope, or in a tree of operations an [`super::OperationId`].
    pub scope: Option<ScopeId>,
    pub depth: usize,
    pub parent: Option<NodeId>,
    /// One past the last node of this node's subtree (pre-order), so a subtree is
    /// `id..subtree_end`.
    pub subtree_end: NodeId,
}

/// The nodes in pre-order, as columns of numbers: no allocation per node, so a tree of
/// 100,000 scopes is built (or read from the compiled catalog) in a few milliseconds.
/// Labels are pieces of one text: for a catalog's tree the catalog's own scope text.
#[derive(Debug, Clone, Default)]
pub struct ResourceTree {
    pub(crate) text: Arc<Store>,
    /// Each node's label, a byte range of `text`.
    pub(crate) labels: Vec<[u32; 2]>,
    /// Each node's title, an index into `titles`, or [`NONE`].
    pub(crate) title_of: Vec<u32>,
    pub(crate) titles: Vec<String>,
    /// Each node's scope (or operation), or [`NONE`] for a group.
    pub(crate) scopes: Vec<u32>,
    pub(crate) parents: Vec<u32>,
    pub(crate) depths: Vec<u32>,
    pub(crate) ends: Vec<u32>,
    pub(crate) node_of_scope: Vec<u32>,
}

impl PartialEq for ResourceTree {
    fn eq(&self, other: &ResourceTree) -> bool {
        self.node_of_scope == other.node_of_scope && self.nodes().eq(other.nodes())
    }
}

impl Eq for ResourceTree {}

/// A catalog's resource tree being built on another thread while the catalog is still
/// being checked: the first to ask for the tree takes it ([`PendingTree::take`]). A large
/// catalog's tree is asked for by nearly every load (the compiled-catalog cache stores
/// it, the explorer draws it); building it beside the edges takes it off the path.
#[derive(Default)]
pub(crate) struct PendingTree(std::sync::Mutex<Option<std::thread::JoinHandle<ResourceTree>>>);

impl PendingTree {
    /// From this many scopes on, a tree is worth a thread.
    pub(crate) const FROM: usize = if cfg!(test) { 64 } else { 4096 };

    /// Starts building a large catalog's tree on another thread, to be taken by the first
    /// to ask for it ([`Catalog::tree`]); a small catalog's is built when asked. Called
    /// once loading is done and the file's text is let go, so that the tree's memory
    /// reuses the text's rather than adding to it.
    pub(crate) fn start_for(catalog: &Catalog) {
        if catalog.scopes.len() >= PendingTree::FROM && catalog.tree.get().is_none() {
            catalog.tree_job.start(catalog);
        }
    }

    /// Starts building the tree of `catalog` (its names and explicit parents, split as its
    /// tree spec says, groups titled by its resource names); the catalog must not change
    /// them after. When no thread can be started, nothing is pending: the tree is built
    /// when asked for.
    fn start(&self, catalog: &Catalog) {
        let names: Vec<Text> = catalog.scopes.iter().map(|s| s.name.clone()).collect();
        let parents: Vec<Option<u32>> = catalog
            .scopes
            .iter()
            .map(|s| s.parent.and_then(|p| u32::try_from(p).ok()))
            .collect();
        let spec = catalog.tree_spec.clone();
        let resource_names = catalog.resource_names.clone();
        let build = move || {
            ResourceTree::of_scopes(
                names.len(),
                |id| &names[id],
                |id| parents[id].map(|p| p as ScopeId),
                &spec,
                &resource_names,
            )
        };
        let handle = std::thread::Builder::new().spawn(build).ok();
        if let Ok(mut pending) = self.0.lock() {
            *pending = handle;
        }
    }

    /// The tree, once built; `None` when none is pending (or its thread failed).
    pub(crate) fn take(&self) -> Option<ResourceTree> {
        let handle = self.0.lock().ok()?.take()?;
        handle.join().ok()
    }
}

/// A copy of a catalog builds its own tree when asked for it.
impl Clone for PendingTree {
    fn clone(&self) -> PendingTree {
        PendingTree::default()
    }
}

impl std::fmt::Debug for PendingTree {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pending = self.0.lock().map(|h| h.is_some()).unwrap_or(false);
        f.debug_tuple("PendingTree").field(&pending).finish()
    }
}

/// Groups by parent group ([`NONE`] at the top) and segment, the segment borrowed from
/// the text it was first seen in.
type Groups<'a> = HashMap<(u32, &'a str), u32, foldhash::fast::RandomState>;

/// The tree as it is built: drafts (items first, then groups as they are met), who each
/// one's parent is, and the (parent, child) links in the order they were made, which is
/// the order of the children.
struct Drafts {
    labels: Vec<[u32; 2]>,
    title_of: Vec<u32>,
    items: Vec<u32>,
    links: Vec<(u32, u32)>,
}

impl Drafts {
    fn with_capacity(capacity: usize) -> Drafts {
        Drafts {
            labels: Vec::with_capacity(capacity),
            title_of: Vec::with_capacity(capacity),
            items: Vec::with_capacity(capacity),
            links: Vec::with_capacity(capacity),
        }
    }

    fn push(&mut self, label: [u32; 2], title: u32, item: u32, parent: u32) -> u32 {
        let id = self.labels.len() as u32;
        self.labels.push(label);
        self.title_of.push(title);
        self.items.push(item);
        self.links.push((parent, id));
        id
    }
}

/// Where labels are kept while a tree is built: the pieces of a text the items share, or
/// copies in a text of the tree's own.
struct LabelText {
    shared: Option<Arc<Store>>,
    own: String,
}

impl LabelText {
    /// Labels cut from `texts`: borrowed when they all lie in one buffer.
    fn for_texts<'a>(mut texts: impl Iterator<Item = &'a Text>) -> LabelText {
        let shared = texts.next().map(|first| Arc::clone(first.buffer()));
        let shared = shared.filter(|buffer| texts.all(|t| Arc::ptr_eq(t.buffer(), buffer)));
        LabelText {
            shared,
            own: String::new(),
        }
    }

    /// `text`, or its bytes `range`, as a label.
    fn label(&mut self, text: &Text, range: Option<Range<usize>>) -> [u32; 2] {
        let (start, end) = text.range();
        let [start, end] = match range {
            Some(range) => [start + range.start as u32, start + range.end as u32],
            None => [start, end],
        };
        if self.shared.is_some() {
            return [start, end];
        }
        let piece = text
            .buffer()
            .get(start as usize..end as usize)
            .unwrap_or_default();
        self.copy(piece)
    }

    fn copy(&mut self, piece: &str) -> [u32; 2] {
        let start = self.own.len();
        self.own.push_str(piece);
        // A catalog's text is under 4 GiB (its file is at most MAX_FILE_BYTES).
        [
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(self.own.len()).unwrap_or(u32::MAX),
        ]
    }

    fn finish(self) -> Arc<Store> {
        self.shared.unwrap_or_else(|| Arc::new(self.own.into()))
    }
}

/// The titles of groups, each once.
struct Titles<'c> {
    names: &'c HashMap<String, String>,
    index: HashMap<*const u8, u32>,
    titles: Vec<String>,
}

impl<'c> Titles<'c> {
    fn new(names: &'c HashMap<String, String>) -> Titles<'c> {
        Titles {
            names,
            index: HashMap::new(),
            titles: Vec::new(),
        }
    }

    fn of(&mut self, segment: &str) -> u32 {
        let Some(title) = self.names.get(segment) else {
            return NONE;
        };
        *self.index.entry(title.as_ptr()).or_insert_with(|| {
            self.titles.push(title.clone());
            (self.titles.len() - 1) as u32
        })
    }
}

impl ResourceTree {
    /// A tree of no nodes yet, room made for `count`, labels in `text`.
    pub(crate) fn with_capacity(
        text: Arc<Store>,
        titles: Vec<String>,
        count: usize,
        node_of_scope: Vec<u32>,
    ) -> ResourceTree {
        ResourceTree {
            text,
            labels: Vec::with_capacity(count),
            title_of: Vec::with_capacity(count),
            titles,
            scopes: Vec::with_capacity(count),
            parents: Vec::with_capacity(count),
            depths: Vec::with_capacity(count),
            ends: Vec::with_capacity(count),
            node_of_scope,
        }
    }

    pub fn build(catalog: &Catalog) -> ResourceTree {
        let scopes = &catalog.scopes;
        ResourceTree::of_scopes(
            scopes.len(),
            |id| &scopes[id].name,
            |id| scopes[id].parent,
            &catalog.tree_spec,
            &catalog.resource_names,
        )
    }

    /// The tree of `count` scopes, each named `name(id)` with the explicit parent
    /// `parent(id)`, their names split as `spec` says, groups titled by `resource_names`.
    pub(crate) fn of_scopes<'t>(
        count: usize,
        name: impl Fn(ScopeId) -> &'t Text,
        parent: impl Fn(ScopeId) -> Option<ScopeId>,
        spec: &TreeSpec,
        resource_names: &HashMap<String, String>,
    ) -> ResourceTree {
        let mut text = LabelText::for_texts((0..count).map(&name));
        let mut titles = Titles::new(resource_names);
        // The first drafts are the scopes, in catalog order; groups follow.
        let mut drafts = Drafts::with_capacity(count + count / 2);
        for id in 0..count {
            drafts.labels.push(text.label(name(id), None));
            drafts.title_of.push(NONE);
            drafts.items.push(id as u32);
        }
        let mut groups = Groups::default();
        let mut segments: Vec<Range<usize>> = Vec::new();
        // The group path of the scope before, to skip the lookups of the segments a name
        // shares with it (neighbours in a catalog mostly share their groups).
        let mut previous: Vec<(&str, u32)> = Vec::new();
        for id in 0..count {
            let scope_name = name(id);
            let parent = match parent(id) {
                Some(p) => p as u32,
                None => {
                    group_path(spec, scope_name, &mut segments);
                    let shared = segments
                        .iter()
                        .zip(&previous)
                        .take_while(|(range, (segment, _))| {
                            scope_name.get((*range).clone()) == Some(*segment)
                        })
                        .count();
                    previous.truncate(shared);
                    let mut parent = previous.last().map_or(NONE, |&(_, group)| group);
                    for range in segments.drain(..).skip(shared) {
                        let segment = scope_name.get(range.clone()).unwrap_or_default();
                        let group = *groups.entry((parent, segment)).or_insert_with(|| {
                            let label = text.label(scope_name, Some(range));
                            drafts.push(label, titles.of(segment), NONE, parent)
                        });
                        previous.push((segment, group));
                        parent = group;
                    }
                    parent
                }
            };
            drafts.links.push((parent, id as u32));
        }
        drop(groups);
        ResourceTree::flatten(drafts, text.finish(), titles.titles, count)
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
        let mut text = LabelText {
            shared: None,
            own: String::new(),
        };
        let mut titles = Titles::new(&catalog.resource_names);
        let mut drafts = Drafts::with_capacity(operations.len());
        let mut groups = Groups::default();
        for (id, path) in paths.iter().enumerate() {
            let mut parent = NONE;
            for &segment in path.iter().skip(common) {
                let group = *groups.entry((parent, segment)).or_insert_with(|| {
                    drafts.push(text.copy(segment), titles.of(segment), NONE, parent)
                });
                parent = group;
            }
            drafts.push(text.copy(&operations[id].id), NONE, id as u32, parent);
        }
        drop(groups);
        ResourceTree::flatten(drafts, text.finish(), titles.titles, operations.len())
    }

    /// The pre-order list of the drafts; `leaves`: how many leaf items.
    fn flatten(
        drafts: Drafts,
        text: Arc<Store>,
        titles: Vec<String>,
        leaves: usize,
    ) -> ResourceTree {
        let count = drafts.labels.len();
        // Each draft's children, in the order they were linked (roots under NONE, kept
        // at the end).
        let slot = |parent: u32| {
            if parent == NONE {
                count
            } else {
                parent as usize
            }
        };
        let mut offsets = vec![0u32; count + 2];
        for &(parent, _) in &drafts.links {
            offsets[slot(parent) + 1] += 1;
        }
        for i in 0..=count {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut children = vec![0u32; drafts.links.len()];
        for &(parent, child) in &drafts.links {
            let at = &mut next[slot(parent)];
            children[*at as usize] = child;
            *at += 1;
        }
        let children_of =
            |slot: usize| &children[offsets[slot] as usize..offsets[slot + 1] as usize];
        let mut tree = ResourceTree::with_capacity(text, titles, count, vec![0; leaves]);
        // Iterative pre-order walk: deep trees must not overflow the stack.
        let mut stack: Vec<(u32, u32, u32)> = children_of(count)
            .iter()
            .rev()
            .map(|&r| (r, NONE, 0))
            .collect();
        while let Some((draft, parent, depth)) = stack.pop() {
            let id = tree.labels.len() as u32;
            let d = draft as usize;
            let item = drafts.items[d];
            if item != NONE {
                tree.node_of_scope[item as usize] = id;
            }
            tree.labels.push(drafts.labels[d]);
            tree.title_of.push(drafts.title_of[d]);
            tree.scopes.push(item);
            tree.parents.push(parent);
            tree.depths.push(depth);
            tree.ends.push(id + 1);
            stack.extend(
                children_of(d)
                    .iter()
                    .rev()
                    .map(|&child| (child, id, depth + 1)),
            );
        }
        // Subtree ends: a node's descendants come after it, so in reverse order each end
        // is final before it is handed to the parent.
        for id in (0..tree.ends.len()).rev() {
            let parent = tree.parents[id];
            if parent != NONE {
                let end = tree.ends[id];
                let parent_end = &mut tree.ends[parent as usize];
                *parent_end = (*parent_end).max(end);
            }
        }
        tree
    }

    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// The node `id` (which must be one of this tree's).
    pub fn node(&self, id: NodeId) -> TreeNode<'_> {
        TreeNode {
            label: self.label(id),
            title: self
                .titles
                .get(self.title_of[id] as usize)
                .map(String::as_str),
            scope: self.scope(id),
            depth: self.depths[id] as usize,
            parent: self.parent(id),
            subtree_end: self.subtree_end(id),
        }
    }

    /// The node `id`, if there is one.
    pub fn get(&self, id: NodeId) -> Option<TreeNode<'_>> {
        (id < self.len()).then(|| self.node(id))
    }

    /// Every node, in pre-order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = TreeNode<'_>> + '_ {
        (0..self.len()).map(|id| self.node(id))
    }

    pub fn label(&self, id: NodeId) -> &str {
        let [start, end] = self.labels[id];
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    pub fn scope(&self, id: NodeId) -> Option<ScopeId> {
        let scope = self.scopes[id];
        (scope != NONE).then_some(scope as usize)
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let parent = self.parents[id];
        (parent != NONE).then_some(parent as usize)
    }

    pub fn depth(&self, id: NodeId) -> usize {
        self.depths[id] as usize
    }

    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        self.ends[id] as usize
    }

    /// Each node's scope, `u32::MAX` for a group.
    pub fn scope_column(&self) -> &[u32] {
        &self.scopes
    }

    /// The direct children of `id`, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        let end = self.subtree_end(id);
        let first = (id + 1 < end).then_some(id + 1);
        std::iter::successors(first, move |&child| {
            let next = self.subtree_end(child);
            (next < end).then_some(next)
        })
    }

    pub fn has_children(&self, id: NodeId) -> bool {
        self.subtree_end(id) > id + 1
    }

    pub fn node_of_scope(&self, scope: ScopeId) -> NodeId {
        self.node_of_scope[scope] as usize
    }

    /// The scopes in the subtree of `node`, itself included.
    pub fn scopes_under(&self, node: NodeId) -> impl Iterator<Item = ScopeId> + '_ {
        self.scopes[node..self.subtree_end(node)]
            .iter()
            .filter(|&&s| s != NONE)
            .map(|&s| s as usize)
    }

    /// The ancestors of `node`, nearest first.
    pub fn ancestors(&self, node: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(node), |&n| self.parent(n))
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

/// Where the resource segments of a name are, into `segments`:
/// `phonelines:voicemails:greetings:read` → `phonelines`, `voicemails`, `greetings`.
fn group_path(spec: &TreeSpec, name: &str, segments: &mut Vec<Range<usize>>) {
    segments.clear();
    let Some(separator) = spec.separator.as_deref() else {
        return;
    };
    // With a prefix, names outside it stay whole at the top: Google's
    // `https://mail.google.com/` is not split into `https://mail` > `google`.
    let (offset, stripped) = match spec.prefix.as_deref() {
        Some(prefix) => match name.strip_prefix(prefix) {
            Some(rest) => (prefix.len(), rest),
            None => return,
        },
        None => (0, name),
    };
    // Every piece before a separator (the last piece, after it, is the scope's own).
    let mut start = 0;
    let mut piece = |at: usize, len: usize| {
        if at > start {
            segments.push(offset + start..offset + at);
        }
        start = at + len;
    };
    // A one-byte separator (the usual `.`, `:` or `/`) is found with `memchr`: a string
    // searcher is set up anew for every name.
    if let &[byte] = separator.as_bytes() {
        memchr::memchr_iter(byte, stripped.as_bytes()).for_each(|at| piece(at, 1));
    } else {
        for (at, found) in stripped.match_indices(separator) {
            piece(at, found.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{PendingTree, ResourceTree, TreeSpec, group_path};
    use crate::catalog::{Origin, parse_catalog};
    use std::fmt::Write as _;

    fn is_pending(job: &PendingTree) -> bool {
        job.0.lock().expect("not poisoned").is_some()
    }

    /// A catalog of `count` scopes under a prefix, some with explicit parents, some
    /// groups titled, split by `separator`.
    fn with_parents(count: usize, separator: &str) -> String {
        let mut text = format!(
            "id = \"t\"\nname = \"T\"\n[tree]\nseparator = \"{separator}\"\nprefix = \"p:\"\n[resources]\nr3 = \"R three\"\nx5 = \"X five\"\n"
        );
        for i in 0..count {
            let name = format!(
                "p:r{}{separator}x{}{separator}{separator}read{i}",
                i % 7,
                i % 11
            );
            let _ = write!(text, "[[scope]]\nname = \"{name}\"\ndescription = \"d\"\n");
            if i % 5 == 4 {
                let _ = writeln!(
                    text,
                    "parent = \"p:r1{separator}x1{separator}{separator}read1\""
                );
            }
        }
        text.push_str("[[scope]]\nname = \"outside.the.prefix\"\ndescription = \"o\"\n");
        text
    }

    #[test]
    fn a_tree_built_beside_the_loading_is_the_one_built_when_asked() {
        let texts = [
            scopex_synth::generate(1_000, 7),
            scopex_synth::generate(700, 8),
            with_parents(300, "."),
            with_parents(300, "::"),
        ];
        for text in &texts {
            let catalog = parse_catalog(text, "t.toml", Origin::Builtin).expect("loads");
            assert!(catalog.len() >= PendingTree::FROM);
            assert!(is_pending(&catalog.tree_job), "started while loading");
            let built = ResourceTree::build(&catalog);
            assert!(built.len() > catalog.len(), "has groups");
            assert_eq!(*catalog.tree(), built);
            assert!(!is_pending(&catalog.tree_job), "taken");
            assert_eq!(*catalog.clone().tree(), built, "a copy builds its own");
        }
        let small = with_parents(PendingTree::FROM - 2, ".");
        let catalog = parse_catalog(&small, "t.toml", Origin::Builtin).expect("loads");
        assert!(
            !is_pending(&catalog.tree_job),
            "a small tree is built when asked"
        );
        assert_eq!(*catalog.tree(), ResourceTree::build(&catalog));
    }

    #[test]
    fn a_one_byte_separator_splits_names_as_a_longer_one_does() {
        let names = [
            "",
            ".",
            "..",
            "a",
            "a.b",
            ".a.b.",
            "a..b",
            "a.b.c.read",
            "..a...b..",
            "é.ü.x",
        ];
        for separator in [".", ":", "/"] {
            // The same name with a two-byte separator in place of each one-byte one.
            let longer = format!("{separator}{separator}");
            for name in names {
                let name = name.replace('.', separator);
                let doubled = name.replace(separator, &longer);
                let split = |name: &str, separator: &str| {
                    let spec = TreeSpec {
                        separator: Some(separator.to_string()),
                        prefix: None,
                    };
                    let mut segments = Vec::new();
                    group_path(&spec, name, &mut segments);
                    segments
                        .into_iter()
                        .map(|range| name[range].to_string())
                        .collect::<Vec<_>>()
                };
                let expected: Vec<&str> = {
                    let mut pieces: Vec<&str> = name.split(separator).collect();
                    pieces.pop();
                    pieces.retain(|piece| !piece.is_empty());
                    pieces
                };
                assert_eq!(split(&name, separator), expected, "{name:?}");
                assert_eq!(split(&doubled, &longer), expected, "{doubled:?}");
            }
        }
    }

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
            .nodes()
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
        for (i, node) in tree.nodes().enumerate() {
            if let Some(op) = node.scope {
                assert_eq!(tree.node_of_scope(op), i);
            }
        }
        tree.nodes()
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
