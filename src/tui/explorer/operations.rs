//! The operations view: the catalog's operations (API calls) grouped by resource in a
//! foldable tree the left panel shows instead of the scope tree, with a search of its own.
//! Ticking operations adds the least-privilege scopes for them (`need`) to the scopes
//! ticked by hand, live, so the held and minimal panels show what those calls need; a call
//! the scopes ticked by hand already allow adds nothing. Unticking scopes unticks the
//! calls what is left no longer allows.
//!
//! The tree is the scope tree's ([`ResourceTree::of_operations`], [`TreeView`]): the same
//! folds, focus and filter, each leaf an operation. The search is the scope tree's too
//! (the same field and editing, the same ranking and highlights), over each operation's
//! id, then its method and path and its description.

use super::authorized::Authorized;
use super::finder::{Finder, Search, SearchResults};
use super::tree_view::{Filter, TreeView};
use super::{Explorer, Mark};
use crate::catalog::{NodeId, OperationId, ResourceTree, ScopeId};
use crate::need::{ByScope, Coverage, Leanings, Need, SEARCH_BUDGET, Surface, need_ranked};
use crate::search::{FieldMatch, Fields, Searcher};
use crate::tui::message::Status;
use crate::tui::text;
use fixedbitset::FixedBitSet;
use std::collections::HashMap;
use std::sync::Arc;
use std::thread::JoinHandle;

mod ticks;

/// Ticking a group ticks each of its operations, up to this many.
const GROUP_TICK_LIMIT: usize = 100;

/// Catalogs with at most this many operations open with every group unfolded.
const OPEN_UP_TO: usize = 64;

/// Where the operations view stands: shown or not, the tree and its folds and focus, the
/// search, the ticked operations and what they need.
pub struct Operations {
    /// The left panel shows the operations instead of the scope tree.
    pub shown: bool,
    /// The operations grouped by resource; built when first shown.
    tree: ResourceTree,
    view: TreeView,
    /// Per operation, the texts it is found and shown by (sanitized): its id, and its
    /// method and path followed by its description.
    names: Vec<String>,
    others: Vec<String>,
    /// How many characters of `others[op]` are the method and path.
    route_chars: Vec<usize>,
    finder: Finder,
    searcher: Searcher,
    /// The matches of the query, with their matched characters.
    matches: HashMap<OperationId, FieldMatch>,
    /// The ticked operations, in the order they were ticked, and as a set.
    ticked: Vec<OperationId>,
    ticked_set: FixedBitSet,
    /// Moves whenever the ticked operations change.
    ticks: u64,
    /// What the ticked operations need beyond the scopes ticked by hand, when some are
    /// ticked: one entry per ticked operation, in the same order.
    need: Option<Need>,
    /// The scopes the ticked operations added to the selection (the others were ticked by
    /// hand, or came with a profile): unticking the calls takes only these away.
    added: Vec<ScopeId>,
    /// The operations the last change of the selection unticked: what was left no longer
    /// allowed them.
    dropped: Vec<OperationId>,
    /// The catalog's operations by scope, built on the first tick that needs it and kept:
    /// each tick after it pays only the lookups.
    pub(super) by_scope: std::sync::OnceLock<ByScope>,
    /// The catalog's operations (and their index by scope) being read on another thread,
    /// started once a frame is on the screen; and whether it was started.
    reader: Option<JoinHandle<Option<ByScope>>>,
    reader_started: bool,
    /// The operations the focused scope authorizes, once the operations are read.
    pub(super) authorized: Option<Authorized>,
}

impl Default for Operations {
    fn default() -> Operations {
        let tree = ResourceTree::default();
        Operations {
            shown: false,
            view: TreeView::new(&tree, &[], 0),
            tree,
            names: Vec::new(),
            others: Vec::new(),
            route_chars: Vec::new(),
            finder: Finder::default(),
            searcher: Searcher::default(),
            matches: HashMap::new(),
            ticked: Vec::new(),
            ticked_set: FixedBitSet::new(),
            ticks: 0,
            need: None,
            added: Vec::new(),
            dropped: Vec::new(),
            by_scope: std::sync::OnceLock::new(),
            reader: None,
            reader_started: false,
            authorized: None,
        }
    }
}

impl Operations {
    /// The operations grouped by resource (empty until first shown).
    pub fn tree(&self) -> &ResourceTree {
        &self.tree
    }

    /// The visible rows, as tree nodes, top to bottom.
    pub fn rows(&self) -> &[NodeId] {
        self.view.rows()
    }

    /// The focused tree node.
    pub fn focus(&self) -> NodeId {
        self.view.focus()
    }

    /// The focused row, when it is visible.
    pub fn focus_row(&self) -> Option<usize> {
        self.view.focus_row()
    }

    /// The operation of the focused row, when it is a visible operation (not a group).
    pub fn focused_operation(&self) -> Option<OperationId> {
        self.view.focus_row()?;
        self.tree.get(self.view.focus())?.scope
    }

    pub fn offset(&self) -> usize {
        self.view.offset()
    }

    pub fn viewport(&self) -> usize {
        self.view.viewport()
    }

    fn filter(&self) -> Filter<'_> {
        self.finder.filter()
    }

    /// Does `node` have children in the current view (the filter hides some)?
    pub fn has_children(&self, node: NodeId) -> bool {
        self.view.has_children(&self.tree, self.filter(), node)
    }

    pub fn is_folded(&self, node: NodeId) -> bool {
        self.view.is_folded(self.filter(), node)
    }

    /// The search of the operations view.
    pub fn search(&self) -> &Search {
        self.finder.search()
    }

    /// The sanitized id of an operation.
    pub fn name(&self, id: OperationId) -> &str {
        self.names.get(id).map_or("", String::as_str)
    }

    /// The sanitized `METHOD /path` of an operation (empty without a path).
    pub fn route(&self, id: OperationId) -> &str {
        match (self.others.get(id), self.route_chars.get(id)) {
            (Some(other), Some(&chars)) => {
                let end = other
                    .char_indices()
                    .nth(chars)
                    .map_or(other.len(), |(at, _)| at);
                &other[..end]
            }
            _ => "",
        }
    }

    /// How `id` matches the query: the matched characters of its id, and of its route
    /// (`METHOD /path`); `None` when it does not match (or there is no query).
    pub fn match_of(&self, id: OperationId) -> Option<(Vec<usize>, Vec<usize>)> {
        let found = self.matches.get(&id)?;
        let route_chars = self.route_chars.get(id).copied().unwrap_or(0);
        let route = found
            .other_positions
            .iter()
            .copied()
            .filter(|&p| p < route_chars)
            .collect();
        Some((found.name_positions.clone(), route))
    }

    pub fn ticked(&self) -> &[OperationId] {
        &self.ticked
    }

    /// Moves whenever the ticked operations change.
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    pub fn is_ticked(&self, id: OperationId) -> bool {
        self.ticked_set.contains(id)
    }

    /// The checkbox of a group: how many of its operations are ticked.
    pub fn group_mark(&self, node: NodeId) -> Mark {
        let mut total = 0;
        let mut ticked = 0;
        for id in self.tree.scopes_under(node) {
            total += 1;
            ticked += usize::from(self.ticked_set.contains(id));
        }
        match ticked {
            0 => Mark::None,
            _ if ticked == total => Mark::Selected,
            _ => Mark::Partial,
        }
    }

    /// What the ticked operations need (None with nothing ticked).
    pub fn need(&self) -> Option<&Need> {
        self.need.as_ref()
    }

    /// The view's version: moves when the rows, the focus or the scrolling change.
    pub(super) fn version(&self) -> u64 {
        self.view.version()
    }
}

impl Explorer {
    pub fn operations(&self) -> &Operations {
        &self.operations
    }

    /// Shows the operations instead of the scope tree, or the tree again. The tree of
    /// operations is built the first time.
    pub(super) fn toggle_operations_view(&mut self, status: &mut Option<Status>) {
        let operations = match self.catalog.operations() {
            Err(error) => {
                *status = Some(Status::error(format!(
                    "The operations do not load: {error}"
                )));
                return;
            }
            Ok([]) => {
                *status = Some(Status::warning(format!(
                    "The {} catalog lists no operations",
                    self.catalog.name
                )));
                return;
            }
            Ok(operations) => operations,
        };
        let state = &mut self.operations;
        if state.tree.is_empty() {
            state.tree = ResourceTree::of_operations(&self.catalog);
            state.names = operations
                .iter()
                .map(|op| text::sanitize(op.id.as_str()).into_owned())
                .collect();
            state.others = Vec::with_capacity(operations.len());
            state.route_chars = Vec::with_capacity(operations.len());
            for op in operations {
                let mut other = match (op.method, op.path.as_deref()) {
                    (Some(method), Some(path)) => format!("{method} {}", text::sanitize(path)),
                    _ => String::new(),
                };
                state.route_chars.push(other.chars().count());
                if let Some(description) = op.description.as_deref() {
                    other.push(' ');
                    other.push_str(&text::sanitize(description));
                }
                state.others.push(other);
            }
            state.ticked_set = FixedBitSet::with_capacity(operations.len());
            state
                .ticked
                .iter()
                .for_each(|&id| state.ticked_set.insert(id));
            let open: Vec<NodeId> = if operations.len() <= OPEN_UP_TO {
                (0..state.tree.len())
                    .filter(|&n| !state.tree.has_children(n))
                    .collect()
            } else {
                Vec::new()
            };
            let viewport = state.view.viewport();
            state.view = TreeView::new(&state.tree, &open, 0);
            state.view.set_viewport(&state.tree, viewport);
        }
        state.shown = !state.shown;
        self.bump_view();
    }

    /// Runs the operations view's query when it changed: the filtered tree, the focus on
    /// the best match.
    pub(super) fn settle_operations(&mut self) {
        let state = &mut self.operations;
        if !state.finder.pending() {
            return;
        }
        let query = state.finder.search().query.clone();
        let ranked = state.searcher.rank(
            &query,
            state
                .names
                .iter()
                .zip(&state.others)
                .map(|(name, other)| Fields {
                    name,
                    other,
                    other_is_name: false,
                }),
        );
        state.matches.clear();
        if crate::search::Query::parse(&query).is_empty() {
            state.finder.show(None);
            state.view.rebuild(&state.tree, None);
            self.bump_view();
            return;
        }
        let best = ranked.first().map(|(id, _)| *id);
        let mut matched = FixedBitSet::with_capacity(state.names.len());
        let mut visible = FixedBitSet::with_capacity(state.tree.len());
        for (id, found) in ranked {
            matched.insert(id);
            let node = state.tree.node_of_scope(id);
            visible.insert(node);
            for ancestor in state.tree.ancestors(node) {
                if visible.put(ancestor) {
                    break;
                }
            }
            state.matches.insert(id, found);
        }
        state
            .finder
            .show(Some(SearchResults::new(matched, visible)));
        if let Some(best) = best {
            state.view.set_focus(state.tree.node_of_scope(best));
        }
        state.view.refilter(&state.tree, state.finder.filter());
        self.bump_view();
    }

    /// What `need` says of these operations: their alternatives in the order it prefers
    /// them and, between answers alike in grants and tokens, the catalog's operations
    /// each allows deciding.
    pub fn need(&self, ids: &[OperationId]) -> Need {
        self.need_beyond(None, ids)
    }

    /// [`Explorer::need`] on top of the scopes `held` already holds: each alternative asks
    /// only for its scopes not held, so a call `held` allows needs nothing, and the answer
    /// is what to add.
    pub(super) fn need_beyond(&self, held: Option<&FixedBitSet>, ids: &[OperationId]) -> Need {
        let all: Vec<&[Box<[ScopeId]>]> = self
            .catalog
            .operations()
            .unwrap_or_default()
            .iter()
            .map(|op| &op.requires[..])
            .collect();
        let index = self
            .operations
            .by_scope
            .get_or_init(|| ByScope::new(self.catalog.len(), &all));
        let coverage = Coverage::with_index(self.grants.get(), &all, index);
        let not_held = |s: &ScopeId| held.is_none_or(|h| !h.contains(*s));
        let leanings = Leanings::new(&self.catalog);
        let (ordered, weights): (Vec<Vec<Vec<ScopeId>>>, Vec<Vec<crate::need::Weight>>) = ids
            .iter()
            .map(|&id| {
                let requires = &self.catalog.operation(id).requires;
                leanings
                    .order(self.grants.get(), &coverage, id)
                    .into_iter()
                    .map(|(i, weight)| {
                        let scopes = requires[i].iter().copied().filter(not_held).collect();
                        (scopes, weight)
                    })
                    .unzip::<_, _, Vec<_>, Vec<_>>()
            })
            .unzip();
        let surface = Surface {
            coverage: &coverage,
            leanings: &leanings,
        };
        need_ranked(
            self.grants.get(),
            &ordered,
            Some(&weights),
            Some(&surface),
            SEARCH_BUDGET,
        )
    }

    /// What `need` says of one operation alone: its alternatives from least to most
    /// privilege.
    pub fn operation_alone(&self, id: OperationId) -> Need {
        self.need(&[id])
    }

    /// How many operations the catalog has (none where they do not load).
    pub fn operations_len(&self) -> usize {
        self.catalog.operations().map_or(0, <[_]>::len)
    }

    /// Applies a change to the operations' tree view with their tree and filter.
    pub(super) fn operations_view(
        &mut self,
        change: impl FnOnce(&mut TreeView, &ResourceTree, Filter) -> bool,
    ) {
        let state = &mut self.operations;
        let filter = state.finder.filter();
        change(&mut state.view, &state.tree, filter);
        self.bump_view();
    }

    /// Focuses the visible row `row`, when there is one.
    pub(super) fn operations_focus_row(&mut self, row: usize) -> bool {
        match self.operations.view.rows().get(row) {
            Some(&node) => {
                self.operations.view.set_focus(node);
                self.bump_view();
                true
            }
            None => false,
        }
    }

    /// The operations view's search field and filter, for the search actions.
    pub(super) fn operations_finder(&mut self) -> &mut Finder {
        self.bump_view();
        &mut self.operations.finder
    }

    pub(super) fn operations_viewport(&mut self, rows: usize) {
        let state = &mut self.operations;
        state.view.set_viewport(&state.tree, rows);
    }

    /// Starts reading the catalog's operations and indexing them by scope on another
    /// thread, when they are still to be read: a large catalog's take tens of milliseconds
    /// (Google's 27,724), which no key should wait for, and the details then say which
    /// operations the focused scope authorizes.
    pub(crate) fn read_operations_in_background(&mut self) {
        let state = &mut self.operations;
        if state.reader_started || self.catalog.operation_count() == 0 {
            return;
        }
        state.reader_started = true;
        let catalog = Arc::clone(&self.catalog);
        let scope_count = self.catalog.len();
        state.reader = std::thread::Builder::new()
            .name("operations".to_string())
            .spawn(move || {
                let operations = catalog.operations().ok()?;
                let all: Vec<&[Box<[ScopeId]>]> =
                    operations.iter().map(|op| &op.requires[..]).collect();
                Some(ByScope::new(scope_count, &all))
            })
            .ok();
    }

    /// Are the operations being read on another thread?
    pub fn reading_operations(&self) -> bool {
        self.operations.reader.is_some()
    }

    /// Takes in the operations read on another thread once they are (at once with
    /// `wait`, waiting for them).
    pub(super) fn settle_reader(&mut self, wait: bool) {
        let state = &mut self.operations;
        if !state
            .reader
            .as_ref()
            .is_some_and(|r| wait || r.is_finished())
        {
            return;
        }
        if let Some(Ok(Some(index))) = state.reader.take().map(JoinHandle::join) {
            // Built here meanwhile, the same index: either one will do.
            let _ = state.by_scope.set(index);
        }
        self.bump_view();
    }

    /// Waits for the operations being read on another thread and takes them in.
    pub fn finish_reading(&mut self) {
        self.settle_reader(true);
        self.refresh();
    }

    /// Is the operation authorized by what the selection holds?
    pub fn operation_allowed(&self, id: OperationId) -> bool {
        crate::need::allows(&self.derived.held, &self.catalog.operation(id).requires)
    }
}
