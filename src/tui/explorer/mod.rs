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
pub use authorized::Authorized;
use derived::NO_SCOPE;
pub use derived::{Change, Derived, FocusInfo, Mark};
use finder::{Finder, Found, Ranked};
pub use finder::{Search, SearchResults};
pub use labels::Labels;
pub use operations::Operations;
use ticked::TickedFilter;
use tree_view::{Filter, TreeView};

mod authorized;
mod derived;
mod finder;
mod labels;
mod model;
mod operations;
mod reading;
mod ticked;
mod ticking;
mod tree_view;
mod update;
use crate::catalog::{Catalog, Evidence, NodeId, ResourceTree, ScopeId};
use crate::export::Format;
use crate::grants::{Explanation, HeldReason, Trust};
use crate::search::Match;
use fixedbitset::FixedBitSet;
use model::Model;
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
    tree: Arc<ResourceTree>,
    /// Built on another thread when the explorer opens with nothing ticked.
    grants: Model,
    /// The catalog's name, made safe for the terminal (other text is, as it is drawn).
    catalog_name: String,
    selection: Selection,
    derived: Derived,
    finder: Finder,
    /// How many scope nodes come before each node: what the checkboxes are counted from.
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
        Explorer::with_model(catalog, select, Model::later)
    }

    /// [`Explorer::new`], its grant model made by `later` when nothing is ticked (the
    /// first frame then needs no model, see `model.rs`), else at once.
    fn with_model(
        catalog: Catalog,
        select: &[ScopeId],
        later: impl FnOnce(&Arc<Catalog>, Trust) -> Model,
    ) -> Explorer {
        let tree = catalog.tree();
        let catalog = Arc::new(catalog);
        let catalog_name = crate::tui::text::sanitize(&catalog.name).into_owned();
        let selection = Selection::new(catalog.len(), select);
        let grants = match selection.ids().next() {
            None => later(&catalog, Trust::DEFAULT),
            Some(_) => Model::now(&catalog, Trust::DEFAULT),
        };
        let open: Vec<NodeId> = selection.ids().map(|s| tree.node_of_scope(s)).collect();
        let focus = selection
            .ids()
            .next()
            .map_or(0, |scope| tree.node_of_scope(scope));
        let derived = Derived {
            version: u64::MAX,
            selection: Vec::new(),
            held: FixedBitSet::new(),
            explanation: Explanation::of_nothing(),
            held_before: Vec::new(),
            selected_before: Vec::new(),
            minimal_text: String::new(),
            format: Format::default(),
        };
        let node_count = tree.len();
        let view = TreeView::new(&tree, &open, focus);
        let mut scopes_before = Vec::with_capacity(node_count + 1);
        scopes_before.push(0);
        for &scope in tree.scope_column() {
            let last = scopes_before.last().copied().unwrap_or(0);
            scopes_before.push(last + u32::from(scope != NO_SCOPE));
        }
        let initial = selection.set().clone();
        let mut explorer = Explorer {
            catalog,
            tree,
            grants,
            catalog_name,
            selection,
            derived,
            finder: Finder::default(),
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

    // ----- changes -----

    /// Uses only the edges `trust` accepts from now on: what is held, the minimal string
    /// and the details all follow.
    pub fn set_trust(&mut self, trust: Trust) {
        if trust == self.grants.trust() {
            return;
        }
        self.grants = Model::now(&self.catalog, trust);
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

    /// Makes on another thread what ranking the matches of a search reads (see
    /// [`Finder::prepare_ranking`]).
    pub(crate) fn prepare_search(&mut self) {
        self.finder.prepare_ranking(&self.catalog);
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
                    self.tree
                        .node(node)
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
