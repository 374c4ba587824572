//! The tree as the user sees it: which groups are folded, the visible rows (a flat list
//! of nodes, pre-order), the focused node and how far the list is scrolled. Every method
//! that can change what is shown says whether it did; the version moves when it did.
//!
//! The focus is a node, never a row, so folding and filtering never lose it. The user's
//! folds are kept apart from those made while a filter is on, so that dropping the
//! filter gives the user's folds back.

use crate::catalog::{NodeId, ResourceTree};
use fixedbitset::FixedBitSet;

/// The nodes a filter shows (the matches and their ancestors); `None`: no filter.
pub type Filter<'a> = Option<&'a FixedBitSet>;

#[derive(Debug, Clone)]
pub struct TreeView {
    user_folded: FixedBitSet,
    filter_folded: FixedBitSet,
    rows: Vec<NodeId>,
    row_of: Vec<Option<usize>>,
    focus: NodeId,
    offset: usize,
    viewport: usize,
    /// Has the list had its first real size, and the focus been placed in it?
    placed: bool,
    /// Moves whenever anything above changed.
    version: u64,
}

impl TreeView {
    /// Every group folded but those above `open` scopes' nodes; the focus on `focus`.
    pub fn new(tree: &ResourceTree, open: &[NodeId], focus: NodeId) -> TreeView {
        let mut user_folded = FixedBitSet::with_capacity(tree.len());
        for id in 0..tree.len() {
            if tree.has_children(id) {
                user_folded.insert(id);
            }
        }
        for &node in open {
            for ancestor in tree.ancestors(node) {
                user_folded.set(ancestor, false);
            }
        }
        let mut view = TreeView {
            filter_folded: FixedBitSet::with_capacity(tree.len()),
            user_folded,
            rows: Vec::new(),
            row_of: vec![None; tree.len()],
            focus,
            offset: 0,
            viewport: 1,
            placed: false,
            version: 0,
        };
        view.rebuild(tree, None);
        view
    }

    /// The visible rows, as tree nodes, top to bottom.
    pub fn rows(&self) -> &[NodeId] {
        &self.rows
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn viewport(&self) -> usize {
        self.viewport
    }

    pub fn focus(&self) -> NodeId {
        self.focus
    }

    /// The row of `node`, when it is visible.
    pub fn row_of(&self, node: NodeId) -> Option<usize> {
        self.row_of.get(node).copied().flatten()
    }

    /// The focused row, when it is visible.
    pub fn focus_row(&self) -> Option<usize> {
        self.row_of(self.focus)
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    fn folds(&self, filter: Filter) -> &FixedBitSet {
        match filter {
            Some(_) => &self.filter_folded,
            None => &self.user_folded,
        }
    }

    fn folds_mut(&mut self, filter: Filter) -> &mut FixedBitSet {
        match filter {
            Some(_) => &mut self.filter_folded,
            None => &mut self.user_folded,
        }
    }

    /// Does `node` have children in the current view (a filter hides some)?
    pub fn has_children(&self, tree: &ResourceTree, filter: Filter, node: NodeId) -> bool {
        match filter {
            None => tree.has_children(node),
            Some(visible) => tree.children(node).any(|c| visible.contains(c)),
        }
    }

    pub fn is_folded(&self, filter: Filter, node: NodeId) -> bool {
        self.folds(filter).contains(node)
    }

    /// Runs `change`, then says whether it changed what is shown (and moves the version).
    fn track(&mut self, change: impl FnOnce(&mut TreeView)) -> bool {
        let before = (self.focus, self.offset, self.viewport, self.version);
        change(self);
        let changed = (self.focus, self.offset, self.viewport, self.version) != before;
        if changed && self.version == before.3 {
            self.version += 1;
        }
        changed
    }

    /// Derives the visible rows from the tree, the folds in force and the filter. A new
    /// filter starts with nothing folded.
    pub fn rebuild(&mut self, tree: &ResourceTree, filter: Filter) -> bool {
        self.track(|view| view.rebuild_rows(tree, filter))
    }

    /// A new filter's results: its folds start open.
    pub fn refilter(&mut self, tree: &ResourceTree, filter: Filter) -> bool {
        self.filter_folded.clear();
        self.rebuild(tree, filter)
    }

    fn rebuild_rows(&mut self, tree: &ResourceTree, filter: Filter) {
        // Only the rows shown so far have a row number to take back.
        for &node in &self.rows {
            self.row_of[node] = None;
        }
        self.rows.clear();
        let folds = match filter {
            Some(_) => &self.filter_folded,
            None => &self.user_folded,
        };
        let mut node = 0;
        while node < tree.len() {
            let end = tree.subtree_end(node);
            if filter.is_some_and(|visible| !visible.contains(node)) {
                node = end;
                continue;
            }
            self.row_of[node] = Some(self.rows.len());
            self.rows.push(node);
            node = if folds.contains(node) { end } else { node + 1 };
        }
        self.version += 1;
        // A hidden focus moves to its nearest visible ancestor. With no match at all it
        // stays where it is, for when the filter goes.
        if self.focus_row().is_none() && !tree.is_empty() {
            let ancestor = tree
                .ancestors(self.focus.min(tree.len() - 1))
                .find(|&a| self.row_of[a].is_some());
            if let Some(node) = ancestor.or_else(|| self.rows.first().copied()) {
                self.focus = node;
            }
        }
    }

    pub fn set_focus(&mut self, node: NodeId) -> bool {
        self.track(|view| view.focus = node)
    }

    /// Focuses the row `row` (clamped to the last).
    pub fn move_to_row(&mut self, row: usize) -> bool {
        self.track(|view| {
            if let Some(last) = view.rows.len().checked_sub(1) {
                view.focus = view.rows[row.min(last)];
            }
        })
    }

    /// Moves the focus by `delta` rows; a hidden focus goes to the first row.
    pub fn move_by(&mut self, delta: isize) -> bool {
        match self.focus_row() {
            Some(row) => self.move_to_row(row.saturating_add_signed(delta)),
            None => match self.rows.first() {
                Some(&first) => self.set_focus(first),
                None => false,
            },
        }
    }

    /// Scrolls by `delta` rows, the focus staying in view.
    pub fn scroll(&mut self, delta: isize) -> bool {
        self.track(|view| {
            let max_offset = view.rows.len().saturating_sub(view.viewport);
            view.offset = view.offset.saturating_add_signed(delta).min(max_offset);
            if let Some(row) = view.focus_row() {
                let last_visible = view.offset + view.viewport - 1;
                let clamped = row.clamp(view.offset, last_visible.min(view.rows.len() - 1));
                view.focus = view.rows[clamped];
            }
        })
    }

    /// Folds the focused group, or goes to the parent when there is nothing to fold.
    pub fn fold(&mut self, tree: &ResourceTree, filter: Filter) -> bool {
        if self.focus_row().is_none() {
            return false;
        }
        let node = self.focus;
        if self.has_children(tree, filter, node) && !self.is_folded(filter, node) {
            self.folds_mut(filter).insert(node);
            self.rebuild(tree, filter)
        } else if let Some(parent) = tree.parent(node) {
            self.set_focus(parent)
        } else {
            false
        }
    }

    /// Unfolds the focused group, or goes to its first child when it is open.
    pub fn unfold(&mut self, tree: &ResourceTree, filter: Filter) -> bool {
        let Some(row) = self.focus_row() else {
            return false;
        };
        let node = self.focus;
        if !self.has_children(tree, filter, node) {
            return false;
        }
        if self.is_folded(filter, node) {
            self.folds_mut(filter).set(node, false);
            self.rebuild(tree, filter)
        } else if let Some(&child) = self.rows.get(row + 1) {
            self.set_focus(child)
        } else {
            false
        }
    }

    /// Folds every group; the focus goes to its top-level group.
    pub fn fold_all(&mut self, tree: &ResourceTree, filter: Filter) -> bool {
        if tree.is_empty() {
            return false;
        }
        let foldable: Vec<NodeId> = (0..tree.len())
            .filter(|&n| self.has_children(tree, filter, n))
            .collect();
        let folds = self.folds_mut(filter);
        for node in foldable {
            folds.insert(node);
        }
        if let Some(root) = tree.ancestors(self.focus).last() {
            self.focus = root;
        }
        self.rebuild(tree, filter)
    }

    pub fn unfold_all(&mut self, tree: &ResourceTree, filter: Filter) -> bool {
        self.folds_mut(filter).clear();
        self.rebuild(tree, filter)
    }

    /// Focuses `node`, unfolding the groups above it that hide it (those the filter
    /// hides stay hidden).
    pub fn reveal(&mut self, tree: &ResourceTree, filter: Filter, node: NodeId) -> bool {
        let folded: Vec<NodeId> = tree
            .ancestors(node)
            .filter(|&a| self.is_folded(filter, a))
            .collect();
        let mut changed = false;
        if !folded.is_empty() {
            let folds = self.folds_mut(filter);
            for ancestor in folded {
                folds.set(ancestor, false);
            }
            changed |= self.rebuild(tree, filter);
        }
        changed | self.set_focus(node)
    }

    /// Scrolls just enough to show the focus.
    pub fn keep_focus_visible(&mut self) -> bool {
        self.track(|view| {
            let viewport = view.viewport.max(1);
            let max_offset = view.rows.len().saturating_sub(viewport);
            if let Some(row) = view.focus_row() {
                if row < view.offset {
                    view.offset = row;
                } else if row >= view.offset + viewport {
                    view.offset = row + 1 - viewport;
                }
            }
            view.offset = view.offset.min(max_offset);
        })
    }

    /// The list shows `rows` rows now. With more room, the focus's groups above it come
    /// into view. At the first real size the focus (a scope given at the start, say) gets
    /// a quarter of the list above its groups, so that what comes before shows too, and
    /// the rest of the list below, where the other scopes given at the start follow.
    pub fn set_viewport(&mut self, tree: &ResourceTree, rows: usize) -> bool {
        self.track(|view| {
            let grew = rows > view.viewport;
            view.viewport = rows.max(1);
            if grew && let Some(row) = view.focus_row() {
                let top = tree
                    .ancestors(view.focus)
                    .filter_map(|a| view.row_of[a])
                    .min()
                    .unwrap_or(row);
                let groups_fit = row - top < view.viewport;
                if !view.placed && view.viewport > 1 {
                    view.placed = true;
                    let context = view.viewport / 4;
                    view.offset = if row - top + context < view.viewport {
                        top.saturating_sub(context)
                    } else if groups_fit {
                        top
                    } else {
                        row.saturating_sub(context)
                    };
                } else if groups_fit {
                    view.offset = view.offset.min(top);
                }
            }
            view.keep_focus_visible();
        })
    }
}
