//! The explorer's state: one catalog as a foldable, filterable tree with a selection of
//! scopes and everything derived from it. No terminal code.
//!
//! The selection is keyed by scope and the focus by tree node, never by row, so folding
//! and filtering never lose either. Derived data is recomputed only when what it depends
//! on changed: the closure, minimal string and explanation when the selection version
//! moves, the search when the query changes, the visible rows when folds or the filter do.

use super::action::Action;
use super::message::{Effect, Outcome, Status};
use super::selection::Selection;
use super::text::sanitize;
use crate::catalog::{Catalog, NodeId, ResourceTree, ScopeId};
use crate::export::Format;
use crate::grants::{Explanation, GrantModel, HeldReason};
use crate::search::{Match, Searcher};
use fixedbitset::FixedBitSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};

/// Rows moved by one wheel notch.
const SCROLL_STEP: usize = 3;

/// The checkbox state of a tree row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not held.
    None,
    /// A group some of whose scopes are held.
    Partial,
    /// Held through what is selected, without being selected itself (for a group: all its
    /// scopes held, not all selected).
    Held,
    /// Selected (for a group: all its scopes selected).
    Selected,
}

/// Catalog text made safe for the terminal, once per catalog.
#[derive(Debug, Clone)]
pub struct Labels {
    pub catalog_name: String,
    pub catalog_id: String,
    pub scope_names: Vec<String>,
    pub descriptions: Vec<String>,
    pub node_labels: Vec<String>,
    pub node_titles: Vec<Option<String>>,
    pub edge_notes: Vec<Option<String>>,
    /// Per scope, the indices of its edges out (what it implies) and in (what implies it).
    pub edges_out: Vec<Vec<usize>>,
    pub edges_in: Vec<Vec<usize>>,
}

impl Labels {
    fn new(catalog: &Catalog, tree: &ResourceTree) -> Labels {
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

/// Everything that follows from the selection, recomputed when its version moves.
#[derive(Debug, Clone)]
pub struct Derived {
    pub version: u64,
    /// The selected scopes, in catalog order.
    pub selection: Vec<ScopeId>,
    pub held: FixedBitSet,
    pub explanation: Explanation,
    /// For each tree node `i`, how many scope nodes before it are held and selected:
    /// a group's subtree is a range of nodes, so its counts are two differences.
    held_before: Vec<u32>,
    selected_before: Vec<u32>,
    /// The minimal string in `format`.
    pub minimal_text: String,
    pub format: Format,
}

/// What toggling the focused row would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Ticking grants these atomic scopes (none: nothing new).
    Tick { adds: Vec<ScopeId> },
    /// Unticking revokes these grants; `still_held` names why the row stays held.
    Untick {
        removes: Vec<ScopeId>,
        still_held: Option<String>,
    },
    /// An empty group, or no row.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusInfo {
    pub node: NodeId,
    pub version: u64,
    pub change: Change,
}

/// The result of the current query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// The matching scopes.
    matched: FixedBitSet,
    count: usize,
    /// Matching nodes and their ancestors.
    visible: FixedBitSet,
}

/// `node_scopes` of a group.
const NO_SCOPE: u32 = u32::MAX;

/// Up to this many matches are ranked on the spot; more on another thread, so that
/// typing never waits for the matcher.
const RANK_NOW: usize = 256;

/// The best match of the current query being found on another thread. Dropping it
/// tells the thread to stop.
struct Ranking {
    cancelled: Arc<AtomicBool>,
    best: Receiver<Option<ScopeId>>,
    /// The focus the filter gave while waiting: when the user has moved it since, the
    /// best match does not take it away.
    interim_focus: NodeId,
}

impl Drop for Ranking {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    /// The search field has the keyboard.
    pub editing: bool,
    pub results: Option<SearchResults>,
    /// Moves each time the query changes.
    pub version: u64,
}

impl Search {
    pub fn filtering(&self) -> bool {
        self.results.is_some()
    }

    pub fn match_count(&self) -> usize {
        self.results.as_ref().map_or(0, |r| r.count)
    }

    pub fn is_match(&self, scope: ScopeId) -> bool {
        self.results
            .as_ref()
            .is_some_and(|r| r.matched.contains(scope))
    }
}

/// What the state of the explorer looks like, for "did anything change".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    focus: NodeId,
    offset: usize,
    viewport: usize,
    version: u64,
    rows_version: u64,
    search_version: u64,
    editing: bool,
    format: Format,
}

pub struct Explorer {
    catalog: Arc<Catalog>,
    tree: ResourceTree,
    grants: GrantModel,
    searcher: Searcher,
    labels: Labels,
    selection: Selection,
    derived: Derived,
    user_folded: FixedBitSet,
    search_folded: FixedBitSet,
    search: Search,
    /// The query changed and the search has not run yet.
    search_pending: bool,
    /// Earlier queries the current one extends, with their matches (id order): typing
    /// on searches only among the last one's, deleting goes back to one.
    history: Vec<(String, Vec<ScopeId>)>,
    ranking: Option<Ranking>,
    /// The scope of each tree node (`NO_SCOPE` for a group), compactly, and how many
    /// scope nodes come before each node: what the checkboxes are counted from.
    node_scopes: Vec<u32>,
    scopes_before: Vec<u32>,
    rows: Vec<NodeId>,
    row_of: Vec<Option<usize>>,
    rows_version: u64,
    focus: NodeId,
    offset: usize,
    viewport: usize,
    format: Format,
    focus_info: FocusInfo,
}

impl Explorer {
    /// Opens `catalog` with `select` ticked (ids outside the catalog are ignored). Groups
    /// start folded, except around the ticked scopes.
    pub fn new(catalog: Catalog, select: &[ScopeId]) -> Explorer {
        let tree = catalog.tree();
        let grants = GrantModel::new(&catalog);
        let labels = Labels::new(&catalog, &tree);
        let selection = Selection::new(catalog.len(), select);
        let mut user_folded = FixedBitSet::with_capacity(tree.len());
        for (id, node) in tree.nodes.iter().enumerate() {
            if !node.children.is_empty() {
                user_folded.insert(id);
            }
        }
        for scope in selection.ids() {
            for ancestor in tree.ancestors(tree.node_of_scope(scope)) {
                user_folded.set(ancestor, false);
            }
        }
        let focus = selection
            .ids()
            .next()
            .map_or(0, |scope| tree.node_of_scope(scope));
        let derived = Derived {
            version: u64::MAX,
            selection: Vec::new(),
            held: FixedBitSet::new(),
            explanation: grants.explain(&[]),
            held_before: Vec::new(),
            selected_before: Vec::new(),
            minimal_text: String::new(),
            format: Format::default(),
        };
        let node_count = tree.len();
        let node_scopes: Vec<u32> = tree
            .nodes
            .iter()
            .map(|n| n.scope.map_or(NO_SCOPE, |s| s as u32))
            .collect();
        let mut scopes_before = Vec::with_capacity(node_count + 1);
        scopes_before.push(0);
        for &scope in &node_scopes {
            let last = scopes_before.last().copied().unwrap_or(0);
            scopes_before.push(last + u32::from(scope != NO_SCOPE));
        }
        let mut explorer = Explorer {
            search_folded: FixedBitSet::with_capacity(node_count),
            catalog: Arc::new(catalog),
            tree,
            grants,
            searcher: Searcher::default(),
            labels,
            selection,
            derived,
            user_folded,
            search: Search::default(),
            search_pending: false,
            history: Vec::new(),
            ranking: None,
            node_scopes,
            scopes_before,
            rows: Vec::new(),
            row_of: vec![None; node_count],
            rows_version: 0,
            focus,
            offset: 0,
            viewport: 1,
            format: Format::default(),
            focus_info: FocusInfo {
                node: usize::MAX,
                version: u64::MAX,
                change: Change::Nothing,
            },
        };
        explorer.rebuild_rows();
        explorer.refresh();
        explorer
    }

    // ----- what the views read -----

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn tree(&self) -> &ResourceTree {
        &self.tree
    }

    pub fn grants(&self) -> &GrantModel {
        &self.grants
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    pub fn search(&self) -> &Search {
        &self.search
    }

    /// How `scope` matches the query, with the matched characters; `None` when it does
    /// not (or there is no query).
    pub fn match_of(&self, scope: ScopeId) -> Option<Match> {
        if !self.search.is_match(scope) {
            return None;
        }
        self.searcher
            .match_scope(&self.catalog, scope, &self.search.query)
    }

    /// Is the best match of the query still being found on another thread?
    pub fn ranking(&self) -> bool {
        self.ranking.is_some()
    }

    /// Waits for the best match being found on another thread, and focuses it as if it
    /// had come in on its own.
    pub fn finish_ranking(&mut self) {
        if let Some(ranking) = self.ranking.take() {
            let best = ranking.best.recv().ok().flatten();
            self.ranked(&ranking, best);
            self.refresh();
        }
    }

    /// The visible rows, as tree nodes, top to bottom.
    pub fn rows(&self) -> &[NodeId] {
        &self.rows
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn focus(&self) -> NodeId {
        self.focus
    }

    /// The focused row, when it is visible.
    pub fn focus_row(&self) -> Option<usize> {
        self.row_of.get(self.focus).copied().flatten()
    }

    pub fn focus_info(&self) -> &FocusInfo {
        &self.focus_info
    }

    pub fn format(&self) -> Format {
        self.format
    }

    pub fn is_selected(&self, scope: ScopeId) -> bool {
        self.selection.contains(scope)
    }

    pub fn selected_count(&self) -> usize {
        self.selection.count()
    }

    /// The selected scopes in the order they were ticked (those given at start first).
    pub fn selection_order(&self) -> &[ScopeId] {
        self.selection.order()
    }

    /// Moves each time the selection changes.
    pub fn version(&self) -> u64 {
        self.selection.version()
    }

    /// What is ticked.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// The scope of the focused row, when it is a visible scope row (not a group).
    pub fn focused_scope(&self) -> Option<ScopeId> {
        self.focus_row()?;
        self.tree.nodes.get(self.focus)?.scope
    }

    pub fn mark(&self, node: NodeId) -> Mark {
        let Some(tree_node) = self.tree.nodes.get(node) else {
            return Mark::None;
        };
        match tree_node.scope {
            Some(scope) if self.selection.contains(scope) => Mark::Selected,
            Some(scope) if self.derived.held.contains(scope) => Mark::Held,
            Some(_) => Mark::None,
            None => {
                let end = tree_node.subtree_end;
                let count = |before: &[u32]| match (before.get(node), before.get(end)) {
                    (Some(start), Some(end)) => end - start,
                    _ => 0,
                };
                let total = count(&self.scopes_before);
                let held = count(&self.derived.held_before);
                let selected = count(&self.derived.selected_before);
                if held == 0 {
                    Mark::None
                } else if held < total {
                    Mark::Partial
                } else if selected == total {
                    Mark::Selected
                } else {
                    Mark::Held
                }
            }
        }
    }

    /// Does `node` have children in the current view (the filter hides some)?
    pub fn has_children(&self, node: NodeId) -> bool {
        let children = &self.tree.nodes[node].children;
        match &self.search.results {
            None => !children.is_empty(),
            Some(results) => children.iter().any(|&c| results.visible.contains(c)),
        }
    }

    pub fn is_folded(&self, node: NodeId) -> bool {
        self.folds().contains(node)
    }

    /// Why a held scope is held, in a few words.
    pub fn held_reason(&self, scope: ScopeId) -> Option<&HeldReason> {
        let held = &self.derived.explanation.held;
        held.binary_search_by_key(&scope, |(s, _)| *s)
            .ok()
            .map(|i| &held[i].1)
    }

    /// "prospects.all", "its members", or "selected": what holds `scope`.
    pub fn held_through(&self, reason: &HeldReason) -> String {
        match reason {
            HeldReason::Selected => "its own tick".to_string(),
            HeldReason::Implied { chain } => chain
                .first()
                .map(|&edge| self.labels.scope_names[self.catalog.edges[edge].from].clone())
                .unwrap_or_default(),
            HeldReason::Covered { .. } => "its members".to_string(),
        }
    }

    pub(crate) fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            focus: self.focus,
            offset: self.offset,
            viewport: self.viewport,
            version: self.selection.version(),
            rows_version: self.rows_version,
            search_version: self.search.version,
            editing: self.search.editing,
            format: self.format,
        }
    }

    /// The minimal string for Accept: always the plain delimited form.
    pub fn minimal_delimited(&self) -> String {
        Format::Delimited.render(
            &self.catalog,
            &self.names(&self.derived.explanation.minimal.scopes),
        )
    }

    /// The expanded string (every held scope) in the current format.
    pub fn expanded_text(&self) -> String {
        let held: Vec<ScopeId> = self.derived.held.ones().collect();
        self.format.render(&self.catalog, &self.names(&held))
    }

    fn names(&self, scopes: &[ScopeId]) -> Vec<String> {
        scopes
            .iter()
            .map(|&s| self.catalog.name(s).to_string())
            .collect()
    }

    // ----- changes -----

    pub(crate) fn set_viewport(&mut self, rows: usize) {
        let grew = rows > self.viewport;
        self.viewport = rows.max(1);
        // More room (the first real size, too): show the focus's groups above it.
        if grew && let Some(row) = self.focus_row() {
            let top = self
                .tree
                .ancestors(self.focus)
                .filter_map(|a| self.row_of[a])
                .min()
                .unwrap_or(row);
            if row - top < self.viewport {
                self.offset = self.offset.min(top);
            }
        }
        self.keep_focus_visible();
    }

    /// Applies one action. Query edits only mark the search as pending, so that a burst
    /// of typing searches once, in [`Explorer::settle`]; any other action settles first.
    pub(crate) fn update(&mut self, action: Action, status: &mut Option<Status>) -> Effect {
        let edits_query = matches!(
            action,
            Action::InsertChar(_) | Action::DeleteChar | Action::DeleteWord | Action::ClearSearch
        );
        if !edits_query {
            // The user acts on what the screen shows: a best match not yet taken in
            // must not move the focus under them.
            self.ranking = None;
            self.settle();
        }
        let effect = match action {
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::PageUp => self.move_by(-(self.viewport as isize)),
            Action::PageDown => self.move_by(self.viewport as isize),
            Action::Top => self.move_to_row(0),
            Action::Bottom => self.move_to_row(self.rows.len().saturating_sub(1)),
            Action::Fold => self.fold(),
            Action::Unfold => self.unfold(),
            Action::FoldAll => self.fold_all(),
            Action::UnfoldAll => {
                self.folds_mut().clear();
                self.rebuild_rows();
                Effect::None
            }
            Action::ToggleScope => {
                if self.focus_row().is_some() {
                    self.toggle(self.focus, status);
                }
                Effect::None
            }
            Action::ToggleRow(row) => {
                if let Some(&node) = self.rows.get(row) {
                    self.focus = node;
                    self.toggle(node, status);
                }
                Effect::None
            }
            Action::FocusRow(row) => {
                if let Some(&node) = self.rows.get(row) {
                    self.focus = node;
                }
                Effect::None
            }
            Action::ScrollUp => self.scroll(-(SCROLL_STEP as isize)),
            Action::ScrollDown => self.scroll(SCROLL_STEP as isize),
            Action::FocusSearch => {
                self.search.editing = true;
                Effect::None
            }
            Action::InsertChar(c) => {
                if self.search.editing {
                    self.search.query.push(c);
                    self.query_changed();
                }
                Effect::None
            }
            Action::DeleteChar => {
                if self.search.editing && self.search.query.pop().is_some() {
                    self.query_changed();
                }
                Effect::None
            }
            Action::DeleteWord => {
                if self.search.editing && !self.search.query.is_empty() {
                    let kept = self.search.query.trim_end();
                    let cut = kept.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                    self.search.query.truncate(cut);
                    self.query_changed();
                }
                Effect::None
            }
            Action::ClearSearch => {
                self.clear_search();
                Effect::None
            }
            Action::KeepSearch => {
                self.search.editing = false;
                if !self.search.filtering() {
                    self.clear_search();
                }
                Effect::None
            }
            Action::CopyMinimal => {
                if self.selection.is_empty() {
                    *status = Some(Status::warning(
                        "Nothing selected yet: tick scopes with Space",
                    ));
                    Effect::None
                } else {
                    Effect::Copy {
                        text: self.derived.minimal_text.clone(),
                        what: "minimal string",
                    }
                }
            }
            Action::CopyExpanded => {
                if self.selection.is_empty() {
                    *status = Some(Status::warning(
                        "Nothing selected yet: tick scopes with Space",
                    ));
                    Effect::None
                } else {
                    Effect::Copy {
                        text: self.expanded_text(),
                        what: "expanded string",
                    }
                }
            }
            Action::CycleFormat => {
                self.format = self.format.next();
                *status = Some(Status::info(format!(
                    "Export format: {}",
                    self.format.label()
                )));
                Effect::None
            }
            Action::Accept => {
                if self.selection.is_empty() {
                    *status = Some(Status::warning(
                        "Nothing selected: tick scopes with Space, or press q to quit",
                    ));
                    Effect::None
                } else {
                    Effect::Exit(Outcome::Accepted(self.minimal_delimited()))
                }
            }
            Action::Back => {
                if self.search.filtering() || self.search.editing {
                    self.clear_search();
                    Effect::None
                } else {
                    Effect::Exit(Outcome::Cancelled)
                }
            }
            Action::Quit => Effect::Exit(Outcome::Cancelled),
            // The app handles these before the explorer sees an action.
            Action::OpenCatalog
            | Action::ShowHelp
            | Action::CloseHelp
            | Action::Resize(..)
            | Action::SaveProfile
            | Action::EditReason
            | Action::Confirm
            | Action::Cancel
            | Action::Decline
            | Action::DiscardChanges
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorStart
            | Action::CursorEnd
            | Action::DeleteForward
            | Action::ClearInput
            | Action::Click(..) => Effect::None,
        };
        if !self.search_pending {
            self.refresh();
        }
        effect
    }

    /// Runs a pending search, takes in a best match found meanwhile, and brings
    /// everything derived up to date.
    pub(crate) fn settle(&mut self) {
        if self.search_pending {
            self.run_search();
        }
        if let Some(ranking) = &self.ranking {
            match ranking.best.try_recv() {
                Ok(best) => {
                    if let Some(ranking) = self.ranking.take() {
                        self.ranked(&ranking, best);
                    }
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.ranking = None,
            }
        }
        self.refresh();
    }

    /// The best match came in: it takes the focus, unless the user moved it meanwhile.
    fn ranked(&mut self, ranking: &Ranking, best: Option<ScopeId>) {
        if let Some(best) = best
            && self.focus == ranking.interim_focus
        {
            self.focus = self.tree.node_of_scope(best);
        }
    }

    fn folds(&self) -> &FixedBitSet {
        if self.search.filtering() {
            &self.search_folded
        } else {
            &self.user_folded
        }
    }

    fn folds_mut(&mut self) -> &mut FixedBitSet {
        if self.search.filtering() {
            &mut self.search_folded
        } else {
            &mut self.user_folded
        }
    }

    fn move_by(&mut self, delta: isize) -> Effect {
        if let Some(row) = self.focus_row() {
            let target = row.saturating_add_signed(delta);
            self.move_to_row(target);
        } else if let Some(&first) = self.rows.first() {
            self.focus = first;
        }
        Effect::None
    }

    fn move_to_row(&mut self, row: usize) -> Effect {
        if let Some(last) = self.rows.len().checked_sub(1) {
            self.focus = self.rows[row.min(last)];
        }
        Effect::None
    }

    fn scroll(&mut self, delta: isize) -> Effect {
        let max_offset = self.rows.len().saturating_sub(self.viewport);
        self.offset = self.offset.saturating_add_signed(delta).min(max_offset);
        if let Some(row) = self.focus_row() {
            let last_visible = self.offset + self.viewport - 1;
            let clamped = row.clamp(self.offset, last_visible.min(self.rows.len() - 1));
            self.focus = self.rows[clamped];
        }
        Effect::None
    }

    fn fold(&mut self) -> Effect {
        if self.focus_row().is_none() {
            return Effect::None;
        }
        let node = self.focus;
        if self.has_children(node) && !self.is_folded(node) {
            self.folds_mut().insert(node);
            self.rebuild_rows();
        } else if let Some(parent) = self.tree.nodes[node].parent {
            self.focus = parent;
        }
        Effect::None
    }

    fn unfold(&mut self) -> Effect {
        let Some(row) = self.focus_row() else {
            return Effect::None;
        };
        let node = self.focus;
        if !self.has_children(node) {
            return Effect::None;
        }
        if self.is_folded(node) {
            self.folds_mut().set(node, false);
            self.rebuild_rows();
        } else if let Some(&child) = self.rows.get(row + 1) {
            self.focus = child;
        }
        Effect::None
    }

    fn fold_all(&mut self) -> Effect {
        if self.tree.is_empty() {
            return Effect::None;
        }
        let foldable: Vec<NodeId> = (0..self.tree.len())
            .filter(|&n| self.has_children(n))
            .collect();
        let folds = self.folds_mut();
        for node in foldable {
            folds.insert(node);
        }
        if let Some(root) = self.tree.ancestors(self.focus).last() {
            self.focus = root;
        }
        self.rebuild_rows();
        Effect::None
    }

    fn clear_search(&mut self) {
        self.search.editing = false;
        if !self.search.query.is_empty() || self.search.filtering() {
            self.search.query.clear();
            self.query_changed();
        }
    }

    fn query_changed(&mut self) {
        self.search.version += 1;
        self.search_pending = true;
    }

    fn run_search(&mut self) {
        self.search_pending = false;
        self.ranking = None;
        let query = self.search.query.clone();
        if query.trim().is_empty() {
            self.search.results = None;
            self.history.clear();
            self.rebuild_rows();
            return;
        }
        // The last earlier query this one extends; the same query needs no search.
        while self
            .history
            .last()
            .is_some_and(|(earlier, _)| !query.starts_with(earlier.as_str()))
        {
            self.history.pop();
        }
        if self
            .history
            .last()
            .is_none_or(|(earlier, _)| *earlier != query)
        {
            let among = self.history.last().map(|(_, matches)| matches.as_slice());
            let matching = self.searcher.matching(&self.catalog, &query, among);
            self.history.push((query.clone(), matching));
        }
        let matching: &[ScopeId] = self.history.last().map_or(&[], |(_, m)| m.as_slice());
        let mut matched = FixedBitSet::with_capacity(self.catalog.len());
        let mut visible = FixedBitSet::with_capacity(self.tree.len());
        for &scope in matching {
            matched.insert(scope);
            let node = self.tree.node_of_scope(scope);
            visible.insert(node);
            for ancestor in self.tree.ancestors(node) {
                // Seen before: so are all its ancestors.
                if visible.put(ancestor) {
                    break;
                }
            }
        }
        // Tree order is kept; the focus goes to the best match, found here for a few
        // matches and on another thread for many.
        let count = matching.len();
        let (best, to_rank) = if count <= RANK_NOW {
            let candidates = self
                .searcher
                .best_candidates(&self.catalog, &query, matching);
            let never = AtomicBool::new(false);
            let best = self
                .searcher
                .best(&self.catalog, &query, &candidates, &never);
            (best, None)
        } else {
            (None, Some(matching.to_vec()))
        };
        self.search_folded.clear();
        self.search.results = Some(SearchResults {
            matched,
            count,
            visible,
        });
        let Some(matches) = to_rank else {
            if let Some(best) = best {
                self.focus = self.tree.node_of_scope(best);
            }
            self.rebuild_rows();
            return;
        };
        self.rebuild_rows();
        // Meanwhile the focus stays on a match, or goes to the first one.
        let is_match = |node: NodeId| {
            self.tree.nodes[node]
                .scope
                .is_some_and(|scope| self.search.is_match(scope))
        };
        if !is_match(self.focus)
            && let Some(&first) = self.rows.iter().find(|&&node| is_match(node))
        {
            self.focus = first;
        }
        self.start_ranking(query, matches);
    }

    /// Finds the best of `matches` on another thread (or here, when no thread starts).
    fn start_ranking(&mut self, query: String, matches: Vec<ScopeId>) {
        let cancelled = Arc::new(AtomicBool::new(false));
        let (send, best) = mpsc::channel();
        let catalog = Arc::clone(&self.catalog);
        let stop = Arc::clone(&cancelled);
        let ranking = Ranking {
            cancelled,
            best,
            interim_focus: self.focus,
        };
        let started = std::thread::Builder::new()
            .name("scopex-ranking".to_string())
            .spawn(move || {
                let searcher = Searcher::default();
                let candidates = searcher.best_candidates(&catalog, &query, &matches);
                let best = searcher.best(&catalog, &query, &candidates, &stop);
                // The explorer may have moved on (another query, or gone): nobody listens.
                let _ = send.send(best);
            });
        self.ranking = Some(ranking);
        if started.is_err() {
            self.finish_ranking();
        }
    }

    /// Derives the visible rows from the tree, the folds in force and the filter.
    fn rebuild_rows(&mut self) {
        // Only the rows shown so far have a row number to take back.
        for &node in &self.rows {
            self.row_of[node] = None;
        }
        self.rows.clear();
        let filter = self.search.results.as_ref().map(|r| &r.visible);
        let folds = match filter {
            Some(_) => &self.search_folded,
            None => &self.user_folded,
        };
        let mut node = 0;
        while node < self.tree.len() {
            let end = self.tree.nodes[node].subtree_end;
            if filter.is_some_and(|visible| !visible.contains(node)) {
                node = end;
                continue;
            }
            self.row_of[node] = Some(self.rows.len());
            self.rows.push(node);
            node = if folds.contains(node) { end } else { node + 1 };
        }
        self.rows_version += 1;
        // A hidden focus moves to its nearest visible ancestor. With no match at all it
        // stays where it is, for when the filter goes.
        if self.focus_row().is_none() && !self.tree.is_empty() {
            let ancestor = self
                .tree
                .ancestors(self.focus.min(self.tree.len() - 1))
                .find(|&a| self.row_of[a].is_some());
            if let Some(node) = ancestor.or_else(|| self.rows.first().copied()) {
                self.focus = node;
            }
        }
    }

    fn keep_focus_visible(&mut self) {
        let viewport = self.viewport.max(1);
        let max_offset = self.rows.len().saturating_sub(viewport);
        if let Some(row) = self.focus_row() {
            if row < self.offset {
                self.offset = row;
            } else if row >= self.offset + viewport {
                self.offset = row + 1 - viewport;
            }
        }
        self.offset = self.offset.min(max_offset);
    }

    fn toggle(&mut self, node: NodeId, status: &mut Option<Status>) {
        match self.tree.nodes[node].scope {
            Some(scope) => self.toggle_scope(scope, status),
            None => self.toggle_group(node, status),
        }
    }

    fn toggle_scope(&mut self, scope: ScopeId, status: &mut Option<Status>) {
        let name = self.labels.scope_names[scope].clone();
        if self.selection.contains(scope) {
            self.selection.untick([scope]);
            self.refresh_derived();
            if let Some(reason) = self.held_reason(scope) {
                let through = self.held_through(reason);
                *status = Some(Status::info(format!(
                    "{name} is still held through {through}"
                )));
            }
        } else {
            let already = self
                .held_reason(scope)
                .map(|reason| self.held_through(reason));
            self.selection.tick([scope]);
            self.refresh_derived();
            if let Some(through) = already {
                *status = Some(Status::info(format!(
                    "{name} was already held through {through}; ticking it adds nothing"
                )));
            }
        }
    }

    fn toggle_group(&mut self, node: NodeId, status: &mut Option<Status>) {
        let scopes: Vec<ScopeId> = self.tree.scopes_under(node).collect();
        if scopes.is_empty() {
            return;
        }
        if self.group_unticks(&scopes) {
            let unticked: Vec<ScopeId> = scopes
                .iter()
                .copied()
                .filter(|&s| self.selection.contains(s))
                .collect();
            self.selection.untick(unticked.iter().copied());
            self.refresh_derived();
            let still: Vec<ScopeId> = unticked
                .iter()
                .copied()
                .filter(|&s| self.derived.held.contains(s))
                .collect();
            if let Some(&first) = still.first() {
                let through = self
                    .held_reason(first)
                    .map(|reason| self.held_through(reason))
                    .unwrap_or_default();
                let name = &self.labels.scope_names[first];
                let who = match still.len() {
                    1 => format!("{name} is"),
                    n => format!("{name} and {} more are", n - 1),
                };
                *status = Some(Status::info(format!("{who} still held through {through}")));
            }
        } else {
            self.selection.tick(scopes);
            self.refresh_derived();
        }
    }

    /// Ticks `scope` (a reason was written for it); false when it already was.
    pub(crate) fn tick(&mut self, scope: ScopeId) -> bool {
        let changed = self.selection.tick([scope]);
        self.refresh_derived();
        changed
    }

    /// A group toggle unticks when some of its scopes are ticked and all are held.
    fn group_unticks(&self, scopes: &[ScopeId]) -> bool {
        scopes.iter().any(|&s| self.selection.contains(s))
            && scopes.iter().all(|&s| self.derived.held.contains(s))
    }

    /// Brings derived data up to date; cheap when nothing it depends on moved.
    fn refresh(&mut self) {
        self.refresh_derived();
        self.keep_focus_visible();
        self.refresh_focus_info();
    }

    fn refresh_derived(&mut self) {
        if self.derived.version != self.selection.version() {
            let selection: Vec<ScopeId> = self.selection.ids().collect();
            let explanation = self.grants.explain(&selection);
            let mut held = FixedBitSet::with_capacity(self.catalog.len());
            for (scope, _) in &explanation.held {
                held.insert(*scope);
            }
            count_before(&self.node_scopes, &held, &mut self.derived.held_before);
            count_before(
                &self.node_scopes,
                self.selection.set(),
                &mut self.derived.selected_before,
            );
            self.derived.held = held;
            self.derived.selection = selection;
            self.derived.explanation = explanation;
            self.derived.version = self.selection.version();
            self.derived.format = self.format;
            self.derived.minimal_text = self.render_minimal();
        } else if self.derived.format != self.format {
            self.derived.format = self.format;
            self.derived.minimal_text = self.render_minimal();
        }
    }

    fn render_minimal(&self) -> String {
        self.format.render(
            &self.catalog,
            &self.names(&self.derived.explanation.minimal.scopes),
        )
    }

    fn refresh_focus_info(&mut self) {
        if self.focus_info.node == self.focus && self.focus_info.version == self.selection.version()
        {
            return;
        }
        let change = if self.focus_row().is_none() || self.tree.is_empty() {
            Change::Nothing
        } else {
            self.change_of(self.focus)
        };
        self.focus_info = FocusInfo {
            node: self.focus,
            version: self.selection.version(),
            change,
        };
    }

    /// What toggling `node` would do to the grants.
    fn change_of(&self, node: NodeId) -> Change {
        let selection = &self.derived.selection;
        let (untick, toggled): (bool, Vec<ScopeId>) = match self.tree.nodes[node].scope {
            Some(scope) => (self.selection.contains(scope), vec![scope]),
            None => {
                let scopes: Vec<ScopeId> = self.tree.scopes_under(node).collect();
                if scopes.is_empty() {
                    return Change::Nothing;
                }
                (self.group_unticks(&scopes), scopes)
            }
        };
        if untick {
            let after: Vec<ScopeId> = selection
                .iter()
                .copied()
                .filter(|s| !toggled.contains(s))
                .collect();
            let removes = self.grants.diff(selection, &after).removed;
            let still_held = match self.tree.nodes[node].scope {
                Some(scope) if self.grants.held_set(&after).contains(scope) => {
                    let explanation = self.grants.explain(&after);
                    explanation
                        .held
                        .iter()
                        .find(|(s, _)| *s == scope)
                        .map(|(_, reason)| self.held_through(reason))
                }
                _ => None,
            };
            Change::Untick {
                removes,
                still_held,
            }
        } else {
            let mut after = selection.clone();
            after.extend(toggled);
            Change::Tick {
                adds: self.grants.diff(selection, &after).added,
            }
        }
    }
}

/// For each node `i` (and one past the last), how many of the scope nodes before it are
/// in `set`: one pass over a compact list, into memory kept from the last call.
fn count_before(node_scopes: &[u32], set: &FixedBitSet, before: &mut Vec<u32>) {
    before.clear();
    before.reserve(node_scopes.len() + 1);
    let mut count = 0u32;
    before.push(0);
    for &scope in node_scopes {
        if scope != NO_SCOPE && set.contains(scope as usize) {
            count += 1;
        }
        before.push(count);
    }
}
