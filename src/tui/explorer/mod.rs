//! The explorer's state: one catalog as a foldable, filterable tree with a selection of
//! scopes and everything derived from it. No terminal code.
//!
//! The selection is keyed by scope and the focus by tree node, never by row, so folding
//! and filtering never lose either. Derived data is recomputed only when what it depends
//! on changed: the closure, minimal string and explanation when the selection version
//! moves, the search when the query changes, the visible rows when folds or the filter do.

use super::action::Action;
use super::input::LineInput;
use super::message::{Effect, Outcome, Panel, Status};
use super::selection::Selection;
use derived::NO_SCOPE;
pub use derived::{Change, Derived, FocusInfo, Mark};
use finder::{Finder, Found, Ranked};
pub use finder::{Search, SearchResults};
pub use labels::Labels;
pub use operations::{Authorized, Operations};
use ticked::TickedFilter;
use tree_view::{Filter, TreeView};

mod derived;
mod finder;
mod labels;
mod operations;
mod ticked;
mod ticking;
mod tree_view;
use crate::catalog::{Catalog, Evidence, NodeId, ResourceTree, ScopeId};
use crate::export::Format;
use crate::grants::{GrantModel, HeldReason, Trust};
use crate::search::Match;
use fixedbitset::FixedBitSet;
use std::cell::Cell;
use std::sync::Arc;

/// Rows moved by one wheel notch.
pub const SCROLL_STEP: usize = 3;

/// What the state of the explorer looks like, for "did anything change".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    panel: Panel,
    panel_offsets: [usize; 4],
    view: u64,
    version: u64,
    search: u64,
    operations: u64,
    format: Format,
    trust: Trust,
}

pub struct Explorer {
    catalog: Arc<Catalog>,
    tree: ResourceTree,
    grants: GrantModel,
    labels: Labels,
    selection: Selection,
    derived: Derived,
    finder: Finder,
    /// The scope of each tree node (`NO_SCOPE` for a group), compactly, and how many
    /// scope nodes come before each node: what the checkboxes are counted from.
    node_scopes: Vec<u32>,
    scopes_before: Vec<u32>,
    view: TreeView,
    format: Format,
    focus_info: FocusInfo,
    /// What was ticked at the start: quitting loses only what differs from it.
    initial: FixedBitSet,
    /// The operations view (the left panel's other face).
    operations: Operations,
    /// Moves each time the operations view changes.
    operations_version: u64,
    /// The panel the movement keys act on, and how far each side panel is scrolled.
    panel: Panel,
    panels: [PanelScroll; 4],
    /// The node the details panel was scrolled for, and whether of the operations view:
    /// another focus starts at its top.
    details_of: (bool, NodeId),
    /// The filter "only ticked and held", when on.
    ticked: Option<TickedFilter>,
    /// The token's name on a token page: the open profile's.
    token_name: Option<String>,
}

/// How far a side panel is scrolled, and (told by the view when it draws, since only it
/// knows how its text wraps) how far it can be and how many lines it shows.
#[derive(Debug, Default)]
pub struct PanelScroll {
    offset: usize,
    max: Cell<usize>,
    rows: Cell<usize>,
}

impl Explorer {
    /// Opens `catalog` with `select` ticked (ids outside the catalog are ignored). Groups
    /// start folded, except around the ticked scopes.
    pub fn new(catalog: Catalog, select: &[ScopeId]) -> Explorer {
        let tree = catalog.tree();
        let grants = GrantModel::new(&catalog);
        let labels = Labels::new(&catalog, &tree);
        let selection = Selection::new(catalog.len(), select);
        let open: Vec<NodeId> = selection.ids().map(|s| tree.node_of_scope(s)).collect();
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
        let view = TreeView::new(&tree, &open, focus);
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
        let initial = selection.set().clone();
        let mut explorer = Explorer {
            catalog: Arc::new(catalog),
            tree,
            grants,
            labels,
            selection,
            derived,
            finder: Finder::default(),
            node_scopes,
            scopes_before,
            view,
            format: Format::default(),
            focus_info: FocusInfo {
                node: usize::MAX,
                version: u64::MAX,
                change: Change::Nothing,
            },
            initial,
            operations: Operations::default(),
            operations_version: 0,
            panel: Panel::Tree,
            panels: Default::default(),
            details_of: (false, focus),
            ticked: None,
            token_name: None,
        };
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

    /// The search of the left panel: the scope tree's, or the operations view's when it
    /// is shown.
    pub fn search(&self) -> &Search {
        if self.operations.shown {
            self.operations.search()
        } else {
            self.finder.search()
        }
    }

    /// How `scope` matches the query, with the matched characters; `None` when it does
    /// not (or there is no query).
    pub fn match_of(&self, scope: ScopeId) -> Option<Match> {
        self.finder.match_of(&self.catalog, scope)
    }

    /// Is the best match of the query still being found on another thread?
    pub fn ranking(&self) -> bool {
        self.finder.ranking()
    }

    /// Waits for the best match being found on another thread, and focuses it as if it
    /// had come in on its own.
    pub fn finish_ranking(&mut self) {
        if let Some(ranked) = self.finder.finish_ranking() {
            self.ranked(ranked);
            self.refresh();
        }
    }

    /// The visible rows, as tree nodes, top to bottom.
    pub fn rows(&self) -> &[NodeId] {
        self.view.rows()
    }

    pub fn offset(&self) -> usize {
        self.view.offset()
    }

    pub fn focus(&self) -> NodeId {
        self.view.focus()
    }

    /// The focused row, when it is visible.
    pub fn focus_row(&self) -> Option<usize> {
        self.view.focus_row()
    }

    /// The nodes the filters show, when there is one.
    fn filter(&self) -> Filter<'_> {
        ticked::shown(&self.finder, self.ticked.as_ref())
    }

    pub fn focus_info(&self) -> &FocusInfo {
        &self.focus_info
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Shows and exports in `format` (the user's default, before anything is drawn).
    pub fn set_format(&mut self, format: Format) {
        self.format = format;
    }

    /// Names the token on a token page (the profile's name), redrawing what it shows.
    pub fn set_token_name(&mut self, name: Option<&str>) {
        if self.token_name.as_deref() != name {
            self.token_name = name.map(str::to_string);
            self.derived.minimal_text = self.render_minimal();
        }
    }

    /// The same explorer in `format`.
    pub fn with_format(mut self, format: Format) -> Explorer {
        self.format = format;
        self
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

    /// Does the selection differ from the one the explorer opened with?
    pub fn selection_changed(&self) -> bool {
        self.selection.set() != &self.initial
    }

    /// What is ticked.
    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    /// The scope of the focused row, when it is a visible scope row (not a group).
    pub fn focused_scope(&self) -> Option<ScopeId> {
        self.focus_row()?;
        self.tree.nodes.get(self.focus())?.scope
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
        self.view.has_children(&self.tree, self.filter(), node)
    }

    pub fn is_folded(&self, node: NodeId) -> bool {
        self.view.is_folded(self.filter(), node)
    }

    /// Why a held scope is held, in a few words.
    pub fn held_reason(&self, scope: ScopeId) -> Option<&HeldReason> {
        self.derived.explanation.reason(scope)
    }

    /// "prospects.all", "its members", or "selected": what holds `scope`.
    pub fn held_through(&self, reason: &HeldReason) -> String {
        match reason {
            HeldReason::Selected => "its own tick".to_string(),
            HeldReason::Implied { origin, .. } => self.labels.scope_names[*origin].clone(),
            HeldReason::Covered { .. } => "its members".to_string(),
        }
    }

    /// The panel the movement keys act on.
    pub fn panel(&self) -> Panel {
        self.panel
    }

    /// How many lines `panel`'s text is scrolled by.
    pub fn panel_offset(&self, panel: Panel) -> usize {
        self.panels[panel.index()]
            .offset
            .min(self.panels[panel.index()].max.get())
    }

    /// The view says how far `panel` can scroll and how many lines it shows, as drawn.
    pub fn report_panel(&self, panel: Panel, max: usize, rows: usize) {
        let scroll = &self.panels[panel.index()];
        scroll.max.set(max);
        scroll.rows.set(rows);
    }

    pub(crate) fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            panel: self.panel,
            panel_offsets: self.panels.each_ref().map(|p| p.offset),
            view: self.view.version(),
            version: self.selection.version(),
            search: self.finder.search().version,
            // Both only grow: their sum moves whenever either does.
            operations: self.operations_version + self.operations.version(),
            format: self.format,
            trust: self.grants.trust(),
        }
    }

    /// The minimal string for Accept: what the panel shows, in the format chosen with
    /// `e` (the plain string unless another was chosen).
    pub fn minimal_shown(&self) -> String {
        self.render_minimal()
    }

    /// The expanded string (every held scope) in the current format.
    pub fn expanded_text(&self) -> String {
        let held: Vec<ScopeId> = self.derived.held.ones().collect();
        self.format.render_named(
            &self.catalog,
            &self.names(&held),
            self.token_name.as_deref(),
        )
    }

    fn names(&self, scopes: &[ScopeId]) -> Vec<String> {
        scopes
            .iter()
            .map(|&s| self.catalog.name(s).to_string())
            .collect()
    }

    // ----- changes -----

    /// Uses only the edges `trust` accepts from now on: what is held, the minimal string
    /// and the details all follow.
    pub fn set_trust(&mut self, trust: Trust) {
        if trust == self.grants.trust() {
            return;
        }
        self.grants = GrantModel::with_trust(&self.catalog, trust);
        // Everything derived from the grants is stale, whatever the selection's version.
        self.derived.version = u64::MAX;
        self.focus_info.version = u64::MAX;
        self.refresh();
    }

    pub(crate) fn set_viewport(&mut self, rows: usize) {
        self.view.set_viewport(&self.tree, rows);
        self.operations_viewport(rows);
    }

    /// Something the operations view shows changed.
    fn bump_view(&mut self) {
        self.operations_version += 1;
    }

    /// Applies an action to the operations view, when it is shown and the action is one
    /// of its own; None otherwise. Its tree and search work as the scope tree's.
    fn update_operations(&mut self, action: Action, status: &mut Option<Status>) -> Option<Effect> {
        if !self.operations.shown {
            return None;
        }
        let page = self.operations.viewport().max(1) as isize;
        match action {
            Action::MoveUp => self.operations_view(|view, _, _| view.move_by(-1)),
            Action::MoveDown => self.operations_view(|view, _, _| view.move_by(1)),
            Action::PageUp => self.operations_view(|view, _, _| view.move_by(-page)),
            Action::PageDown => self.operations_view(|view, _, _| view.move_by(page)),
            Action::Top => self.operations_view(|view, _, _| view.move_to_row(0)),
            Action::Bottom => self.operations_view(|view, _, _| view.move_to_row(usize::MAX)),
            Action::ScrollUp => {
                self.operations_view(|view, _, _| view.scroll(-(SCROLL_STEP as isize)))
            }
            Action::ScrollDown => {
                self.operations_view(|view, _, _| view.scroll(SCROLL_STEP as isize))
            }
            Action::Fold => self.operations_view(TreeView::fold),
            Action::Unfold => self.operations_view(TreeView::unfold),
            Action::FoldAll => self.operations_view(TreeView::fold_all),
            Action::UnfoldAll => self.operations_view(TreeView::unfold_all),
            Action::FocusRow(row) => {
                if self.operations_focus_row(row) {
                    self.panel = Panel::Tree;
                }
            }
            Action::ToggleScope => self.toggle_operation(status),
            Action::ToggleRow(row) => {
                if self.operations_focus_row(row) {
                    self.panel = Panel::Tree;
                    self.toggle_operation(status);
                }
            }
            Action::ToggleFoldRow(row) => {
                if self.operations_focus_row(row) {
                    self.panel = Panel::Tree;
                    let node = self.operations.focus();
                    if self.operations.is_folded(node) {
                        self.operations_view(TreeView::unfold);
                    } else {
                        self.operations_view(TreeView::fold);
                    }
                }
            }
            Action::FocusSearch => {
                self.panel = Panel::Tree;
                self.operations_finder().start_editing();
            }
            Action::InsertChar(c) => {
                self.operations_finder().insert(c);
            }
            Action::DeleteChar => {
                self.operations_finder().delete_char();
            }
            Action::DeleteWord => {
                self.operations_finder().edit(LineInput::delete_word);
            }
            Action::DeleteForward => {
                self.operations_finder().edit(LineInput::delete_forward);
            }
            Action::ClearInput => {
                self.operations_finder().edit(LineInput::delete_to_start);
            }
            Action::CursorLeft => {
                self.operations_finder().edit(LineInput::left);
            }
            Action::CursorRight => {
                self.operations_finder().edit(LineInput::right);
            }
            Action::CursorStart => {
                self.operations_finder().edit(LineInput::home);
            }
            Action::CursorEnd => {
                self.operations_finder().edit(LineInput::end);
            }
            Action::CursorWordLeft => {
                self.operations_finder().edit(LineInput::word_left);
            }
            Action::CursorWordRight => {
                self.operations_finder().edit(LineInput::word_right);
            }
            Action::ClearSearch => {
                self.operations_finder().clear();
            }
            Action::KeepSearch => {
                self.operations_finder().keep();
            }
            Action::Back
                if self.panel == Panel::Tree
                    && (self.operations.search().filtering()
                        || self.operations.search().editing) =>
            {
                self.operations_finder().clear();
            }
            Action::ToggleTickedFilter | Action::NextTicked | Action::PreviousTicked => {
                *status = Some(Status::info("That works on scopes: o goes back to them"));
            }
            _ => return None,
        }
        Some(Effect::None)
    }

    /// Applies one action. Query edits only mark the search as pending, so that a burst
    /// of typing searches once, in [`Explorer::settle`]; any other action settles first.
    pub(crate) fn update(&mut self, action: Action, status: &mut Option<Status>) -> Effect {
        let edits_query = matches!(
            action,
            Action::InsertChar(_)
                | Action::DeleteChar
                | Action::DeleteWord
                | Action::ClearSearch
                | Action::DeleteForward
                | Action::ClearInput
                | Action::CursorLeft
                | Action::CursorRight
                | Action::CursorStart
                | Action::CursorEnd
                | Action::CursorWordLeft
                | Action::CursorWordRight
        );
        if !edits_query {
            // The user acts on what the screen shows: a best match not yet taken in
            // must not move the focus under them.
            self.finder.cancel_ranking();
            self.settle();
        }
        // With a side panel focused, the movement keys scroll it.
        if self.panel != Panel::Tree
            && let Some(delta) = self.panel_delta(action)
        {
            self.scroll_panel(self.panel, delta);
            return Effect::None;
        }
        if let Some(effect) = self.update_operations(action, status) {
            self.refresh();
            return effect;
        }
        let effect = match action {
            Action::ToggleOperations => {
                self.toggle_operations_view(status);
                Effect::None
            }
            Action::ToggleTickedFilter => {
                self.toggle_ticked_filter(status);
                Effect::None
            }
            Action::NextTicked => {
                self.panel = Panel::Tree;
                self.jump_to_ticked(true, status);
                Effect::None
            }
            Action::PreviousTicked => {
                self.panel = Panel::Tree;
                self.jump_to_ticked(false, status);
                Effect::None
            }
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::PageUp => self.move_by(-(self.view.viewport() as isize)),
            Action::PageDown => self.move_by(self.view.viewport() as isize),
            Action::Top => self.view_changed(|view, _, _| view.move_to_row(0)),
            Action::Bottom => self.view_changed(|view, _, _| view.move_to_row(usize::MAX)),
            Action::Fold => self.view_changed(TreeView::fold),
            Action::Unfold => self.view_changed(TreeView::unfold),
            Action::FoldAll => self.view_changed(TreeView::fold_all),
            Action::UnfoldAll => self.view_changed(TreeView::unfold_all),
            Action::ToggleScope => {
                if self.focus_row().is_some() {
                    self.toggle(self.focus(), status);
                }
                Effect::None
            }
            Action::ToggleRow(row) => {
                if let Some(&node) = self.rows().get(row) {
                    self.panel = Panel::Tree;
                    self.view.set_focus(node);
                    self.toggle(node, status);
                }
                Effect::None
            }
            Action::FocusRow(row) => {
                if let Some(&node) = self.rows().get(row) {
                    self.panel = Panel::Tree;
                    self.view.set_focus(node);
                }
                Effect::None
            }
            Action::ToggleFoldRow(row) => {
                if let Some(&node) = self.rows().get(row) {
                    self.panel = Panel::Tree;
                    self.view.set_focus(node);
                    if self.is_folded(node) {
                        self.view_changed(TreeView::unfold);
                    } else {
                        self.view_changed(TreeView::fold);
                    }
                }
                Effect::None
            }
            Action::FocusPanel(panel) => {
                self.panel = panel;
                Effect::None
            }
            Action::NextPanel => {
                self.panel = self.panel.cycle(1);
                Effect::None
            }
            Action::PreviousPanel => {
                self.panel = self.panel.cycle(-1);
                Effect::None
            }
            Action::ScrollPanel(panel, delta) => {
                self.scroll_panel(panel, isize::from(delta));
                Effect::None
            }
            Action::ScrollUp => {
                self.view_changed(|view, _, _| view.scroll(-(SCROLL_STEP as isize)))
            }
            Action::ScrollDown => self.view_changed(|view, _, _| view.scroll(SCROLL_STEP as isize)),
            Action::FocusSearch => {
                self.panel = Panel::Tree;
                self.finder.start_editing();
                Effect::None
            }
            Action::InsertChar(c) => {
                self.finder.insert(c);
                Effect::None
            }
            Action::DeleteChar => {
                self.finder.delete_char();
                Effect::None
            }
            Action::DeleteWord => {
                self.finder.edit(LineInput::delete_word);
                Effect::None
            }
            Action::DeleteForward => {
                self.finder.edit(LineInput::delete_forward);
                Effect::None
            }
            Action::ClearInput => {
                self.finder.edit(LineInput::delete_to_start);
                Effect::None
            }
            Action::CursorLeft => {
                self.finder.edit(LineInput::left);
                Effect::None
            }
            Action::CursorRight => {
                self.finder.edit(LineInput::right);
                Effect::None
            }
            Action::CursorStart => {
                self.finder.edit(LineInput::home);
                Effect::None
            }
            Action::CursorEnd => {
                self.finder.edit(LineInput::end);
                Effect::None
            }
            Action::CursorWordLeft => {
                self.finder.edit(LineInput::word_left);
                Effect::None
            }
            Action::CursorWordRight => {
                self.finder.edit(LineInput::word_right);
                Effect::None
            }
            Action::ClearSearch => {
                self.finder.clear();
                Effect::None
            }
            Action::KeepSearch => {
                self.finder.keep();
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
            Action::CycleTrust => {
                let trust = next_trust(self.grants.trust());
                self.set_trust(trust);
                *status = Some(Status::info(format!(
                    "Trusting {}: {}",
                    trust_label(trust),
                    if trust.trusts(Evidence::Inferred) {
                        "inferred edges (ours, not the provider's) count too"
                    } else if trust == Trust::DEFAULT {
                        "all but inferred edges (the default)"
                    } else {
                        "only what the provider states"
                    }
                )));
                Effect::None
            }
            Action::CycleFormat => {
                self.format = self.format.next(&self.catalog);
                *status = Some(Status::info(format!(
                    "Export format: {} · Enter prints and y copies it so",
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
                    Effect::Exit(Outcome::Accepted(self.minimal_shown()))
                }
            }
            Action::Back if self.panel != Panel::Tree => {
                self.panel = Panel::Tree;
                Effect::None
            }
            Action::Back => {
                if self.search().filtering() || self.search().editing {
                    self.finder.clear();
                    Effect::None
                } else if self.clear_ticked_filter() {
                    Effect::None
                } else {
                    Effect::Exit(Outcome::Cancelled)
                }
            }
            Action::Quit => Effect::Exit(Outcome::Cancelled),
            // The app handles these before the explorer sees an action.
            Action::OpenCatalog
            | Action::OpenPicker
            | Action::ShowHelp
            | Action::Suspend
            | Action::CloseHelp
            | Action::Resize(..)
            | Action::SaveProfile
            | Action::UntickAll
            | Action::EditReason
            | Action::Confirm
            | Action::Cancel
            | Action::Decline
            | Action::DiscardChanges
            | Action::WheelUp(..)
            | Action::WheelDown(..)
            | Action::Click(..) => Effect::None,
        };
        if !self.finder.pending() {
            self.refresh();
        }
        effect
    }

    /// Runs a pending search, takes in a best match found meanwhile, and brings
    /// everything derived up to date.
    pub(crate) fn settle(&mut self) {
        if self.finder.pending() {
            self.run_search();
        }
        self.settle_operations();
        self.settle_reader(false);
        if let Some(ranked) = self.finder.poll_ranking() {
            self.ranked(ranked);
        }
        self.refresh();
    }

    /// Runs the query and shows what it found: the filtered tree, the focus on the best
    /// match (or, while that is being ranked, on a match).
    fn run_search(&mut self) {
        let found = self.finder.run(&self.catalog, &self.tree);
        self.update_ticked_filter();
        let filter = ticked::shown(&self.finder, self.ticked.as_ref());
        match found {
            // Back to the ticked filter alone: its groups open again.
            Found::Nothing if filter.is_some() => {
                self.view.refilter(&self.tree, filter);
            }
            Found::Nothing => {
                self.view.rebuild(&self.tree, filter);
            }
            Found::Best(best) => {
                if let Some(best) = best {
                    self.view.set_focus(self.tree.node_of_scope(best));
                }
                self.view.refilter(&self.tree, filter);
            }
            Found::Many(matches) => {
                self.view.refilter(&self.tree, filter);
                let search = self.finder.search();
                let is_match = |node: NodeId| {
                    self.tree.nodes[node]
                        .scope
                        .is_some_and(|scope| search.is_match(scope))
                };
                if !is_match(self.view.focus())
                    && let Some(&first) = self.view.rows().iter().find(|&&node| is_match(node))
                {
                    self.view.set_focus(first);
                }
                let catalog = Arc::clone(&self.catalog);
                if let Some(ranked) = self
                    .finder
                    .start_ranking(catalog, matches, self.view.focus())
                {
                    self.ranked(ranked);
                }
            }
        }
    }

    /// The best match came in: it takes the focus, unless the user moved it meanwhile.
    fn ranked(&mut self, ranked: Ranked) {
        if let Some(best) = ranked.best
            && self.focus() == ranked.interim_focus
        {
            self.view.set_focus(self.tree.node_of_scope(best));
        }
    }

    /// How far a movement key scrolls a side panel, `None` for other actions.
    fn panel_delta(&self, action: Action) -> Option<isize> {
        let page = self.panels[self.panel.index()].rows.get().max(1) as isize;
        Some(match action {
            Action::MoveUp => -1,
            Action::MoveDown => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN,
            Action::Bottom => isize::MAX,
            _ => return None,
        })
    }

    fn scroll_panel(&mut self, panel: Panel, delta: isize) {
        let scroll = &mut self.panels[panel.index()];
        scroll.offset = scroll
            .offset
            .min(scroll.max.get())
            .saturating_add_signed(delta)
            .min(scroll.max.get());
    }

    /// The details of another node start at their top.
    fn details_follow_focus(&mut self) {
        let of = if self.operations.shown {
            (true, self.operations.focus())
        } else {
            (false, self.view.focus())
        };
        if self.details_of != of {
            self.details_of = of;
            self.panels[Panel::Details.index()].offset = 0;
        }
    }

    /// Moves the focus by `delta` rows.
    fn move_by(&mut self, delta: isize) -> Effect {
        self.view.move_by(delta);
        Effect::None
    }

    /// Applies a change to the tree view with the tree and the filter in force.
    fn view_changed(
        &mut self,
        change: impl FnOnce(&mut TreeView, &ResourceTree, Filter) -> bool,
    ) -> Effect {
        let filter = ticked::shown(&self.finder, self.ticked.as_ref());
        change(&mut self.view, &self.tree, filter);
        Effect::None
    }
}

/// The trust after `trust` in the cycle: the default, then everything, then documented
/// only.
fn next_trust(trust: Trust) -> Trust {
    if trust == Trust::DEFAULT {
        Trust::ALL
    } else if trust == Trust::ALL {
        Trust::NONE.with(Evidence::Documented, true)
    } else {
        Trust::DEFAULT
    }
}

/// "all evidence", or the trusted levels joined by `+`.
pub fn trust_label(trust: Trust) -> String {
    if trust == Trust::ALL {
        "all evidence".to_string()
    } else if trust == Trust::NONE {
        "no edge".to_string()
    } else {
        trust.levels().join("+")
    }
}
