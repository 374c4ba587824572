//! What the views read of the explorer: the catalog, the tree's rows and focus, the
//! selection and what it holds, the panels' scroll. Nothing here changes the state.

use super::*;
use crate::grants::{GrantModel, walk};

impl Explorer {
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn tree(&self) -> &ResourceTree {
        &self.tree
    }

    /// The grant model, waiting for it if it is still being built.
    pub fn grants(&self) -> &GrantModel {
        self.grants.get()
    }

    /// The evidence the grant model trusts.
    pub fn trust(&self) -> Trust {
        self.grants.trust()
    }

    /// Is `scope` composite as the grant model sees it (see
    /// [`GrantModel::is_composite`])? Answered without waiting for the model.
    pub fn is_composite(&self, scope: ScopeId) -> bool {
        match self.grants.is_ready() {
            true => self.grants.get().is_composite(scope),
            false => walk::is_composite(&self.catalog, self.grants.trust(), scope),
        }
    }

    /// The catalog's text, made safe for the terminal as it is read.
    pub fn labels(&self) -> Labels<'_> {
        Labels::new(&self.catalog, &self.tree, &self.catalog_name)
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
    pub(super) fn filter(&self) -> Filter<'_> {
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

    /// What Space ticks in the left panel as it is now: "calls" in the operations view
    /// (their least-privilege scopes are selected), "scopes" otherwise.
    pub fn ticks(&self) -> &'static str {
        if self.operations.shown {
            "calls"
        } else {
            "scopes"
        }
    }

    /// The selected scopes in the order they were ticked (those given at start first).
    pub fn selection_order(&self) -> &[ScopeId] {
        self.selection.order()
    }

    /// Moves each time the selection, or the ticked operations, change.
    pub fn version(&self) -> u64 {
        self.selection.version() + self.operations.ticks()
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
        self.tree.get(self.focus())?.scope
    }

    /// The state of `node` itself: a scope's own, a group's from all its scopes.
    pub fn mark(&self, node: NodeId) -> Mark {
        let Some(tree_node) = self.tree.get(node) else {
            return Mark::None;
        };
        match tree_node.scope {
            Some(scope) if self.selection.contains(scope) => Mark::Selected,
            Some(scope) if self.derived.held.contains(scope) => Mark::Held,
            Some(_) => Mark::None,
            None => {
                let (total, held, selected) = self.subtree_counts(node);
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

    /// The checkbox of `node`'s row: its [`Explorer::mark`], but a folded scope that is
    /// not held while something folded away under it is (GitHub's `repo` with
    /// `repo:status` ticked) is partial, so the fold hides no tick.
    pub fn row_mark(&self, node: NodeId) -> Mark {
        let mark = self.mark(node);
        let folded_scope = self
            .tree
            .get(node)
            .is_some_and(|tree_node| tree_node.scope.is_some())
            && self.has_children(node)
            && self.is_folded(node);
        if mark == Mark::None && folded_scope && self.subtree_counts(node).1 > 0 {
            Mark::Partial
        } else {
            mark
        }
    }

    /// (scopes, held, selected) in the subtree of `node`, itself included.
    fn subtree_counts(&self, node: NodeId) -> (u32, u32, u32) {
        let Some(tree_node) = self.tree.get(node) else {
            return (0, 0, 0);
        };
        let end = tree_node.subtree_end;
        let count = |before: &[u32]| match (before.get(node), before.get(end)) {
            (Some(start), Some(end)) => end - start,
            _ => 0,
        };
        (
            count(&self.scopes_before),
            count(&self.derived.held_before),
            count(&self.derived.selected_before),
        )
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
            HeldReason::Implied { origin, .. } => self.labels().scope_name(*origin).into_owned(),
            HeldReason::Covered { .. } => "its members".to_string(),
        }
    }

    /// [`Explorer::held_through`] for the status line: a long name shortened as
    /// [`Labels::short_name`] does.
    pub(super) fn held_through_short(&self, reason: &HeldReason) -> String {
        match reason {
            HeldReason::Implied { origin, .. } => self.labels().short_name(*origin).into_owned(),
            _ => self.held_through(reason),
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

    pub(super) fn names(&self, scopes: &[ScopeId]) -> Vec<String> {
        scopes
            .iter()
            .map(|&s| self.catalog.name(s).to_string())
            .collect()
    }
}
