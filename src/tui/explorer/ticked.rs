//! What acts on the ticked scopes as a whole: unticking them all, the filter that shows
//! only them and the scopes held through them (with their groups), and jumping from one
//! ticked scope to the next.

use super::Explorer;
use super::finder::Finder;
use super::tree_view::Filter;
use crate::catalog::{NodeId, ResourceTree};
use crate::tui::message::Status;
use fixedbitset::FixedBitSet;

/// The filter "only ticked and held": the nodes it shows, alone and with the search.
#[derive(Debug, Clone)]
pub struct TickedFilter {
    /// The selection version and the search version it was computed for.
    versions: (u64, u64),
    /// The ticked and held scopes.
    scopes: FixedBitSet,
    /// Their nodes and the groups above them.
    visible: FixedBitSet,
    /// With a search too: the matching ones among them, and their groups.
    with_search: FixedBitSet,
}

/// The nodes shown under the search and the ticked filter, whichever are on.
pub(super) fn shown<'a>(finder: &'a Finder, ticked: Option<&'a TickedFilter>) -> Filter<'a> {
    match (ticked, finder.filter()) {
        (None, search) => search,
        (Some(ticked), None) => Some(&ticked.visible),
        (Some(ticked), Some(_)) => Some(&ticked.with_search),
    }
}

/// `scopes`' nodes and all their ancestors.
fn nodes_and_groups(tree: &ResourceTree, scopes: impl Iterator<Item = usize>) -> FixedBitSet {
    let mut visible = FixedBitSet::with_capacity(tree.len());
    for scope in scopes {
        let node = tree.node_of_scope(scope);
        visible.insert(node);
        for ancestor in tree.ancestors(node) {
            // Seen before: so are all its ancestors.
            if visible.put(ancestor) {
                break;
            }
        }
    }
    visible
}

impl Explorer {
    /// Is the filter "only ticked and held" on?
    pub fn ticked_filter(&self) -> bool {
        self.ticked.is_some()
    }

    /// Unticks every scope, and so every operation they allowed; says how many scopes
    /// and how many operations were ticked.
    pub(crate) fn untick_all(&mut self) -> (usize, usize) {
        let ticked: Vec<usize> = self.selection.ids().collect();
        self.selection.untick(ticked.iter().copied());
        self.refresh();
        (ticked.len(), self.dropped_operations())
    }

    /// `f`: shows only the ticked scopes and those held through them, or everything
    /// again. With nothing ticked there is nothing to show: it says so and stays off.
    pub(super) fn toggle_ticked_filter(&mut self, status: &mut Option<Status>) {
        if self.ticked.take().is_some() {
            self.view.refilter(&self.tree, shown(&self.finder, None));
            return;
        }
        if self.selection.is_empty() {
            *status = Some(Status::info(
                "Nothing ticked yet: the filter would show nothing",
            ));
            return;
        }
        self.ticked = Some(TickedFilter {
            versions: (u64::MAX, u64::MAX),
            scopes: FixedBitSet::new(),
            visible: FixedBitSet::new(),
            with_search: FixedBitSet::new(),
        });
        self.update_ticked_filter();
        self.view
            .refilter(&self.tree, shown(&self.finder, self.ticked.as_ref()));
    }

    /// Turns the filter off (Esc); false when it was not on.
    pub(super) fn clear_ticked_filter(&mut self) -> bool {
        if self.ticked.take().is_none() {
            return false;
        }
        self.view.refilter(&self.tree, shown(&self.finder, None));
        true
    }

    /// Brings the filter up to date with the selection and the search; says whether what
    /// it shows may have changed.
    pub(super) fn update_ticked_filter(&mut self) -> bool {
        let versions = (self.selection.version(), self.finder.search().version);
        let Some(ticked) = &mut self.ticked else {
            return false;
        };
        if ticked.versions == versions {
            return false;
        }
        if ticked.versions.0 != versions.0 {
            let mut scopes = self.derived.held.clone();
            scopes.grow(self.catalog.len());
            scopes.union_with(self.selection.set());
            ticked.visible = nodes_and_groups(&self.tree, scopes.ones());
            ticked.scopes = scopes;
        }
        let search = self.finder.search();
        ticked.with_search = if search.filtering() {
            nodes_and_groups(
                &self.tree,
                ticked.scopes.ones().filter(|&scope| search.is_match(scope)),
            )
        } else {
            FixedBitSet::new()
        };
        ticked.versions = versions;
        true
    }

    /// After a change of the selection: the filter shows what is ticked and held now.
    pub(super) fn refresh_ticked_filter(&mut self) {
        if self.update_ticked_filter() {
            self.view
                .rebuild(&self.tree, shown(&self.finder, self.ticked.as_ref()));
        }
    }

    /// `n` / `N`: focuses the next (`forward`) or previous ticked scope in tree order
    /// among those the filters show, round, unfolding the groups that hide it. The
    /// status line says which one of how many it is.
    pub(super) fn jump_to_ticked(&mut self, forward: bool, status: &mut Option<Status>) {
        let filter = shown(&self.finder, self.ticked.as_ref());
        let mut nodes: Vec<NodeId> = self
            .selection
            .ids()
            .map(|scope| self.tree.node_of_scope(scope))
            .filter(|&node| filter.is_none_or(|visible| visible.contains(node)))
            .collect();
        if nodes.is_empty() {
            *status = Some(Status::info(if self.selection.is_empty() {
                "Nothing ticked yet: Space ticks the focused scope"
            } else {
                "No ticked scope among the matches"
            }));
            return;
        }
        nodes.sort_unstable();
        let focus = self.view.focus();
        let (index, wrapped) = if forward {
            match nodes.iter().position(|&node| node > focus) {
                Some(index) => (index, false),
                None => (0, true),
            }
        } else {
            match nodes.iter().rposition(|&node| node < focus) {
                Some(index) => (index, false),
                None => (nodes.len() - 1, true),
            }
        };
        let node = nodes[index];
        self.view.reveal(&self.tree, filter, node);
        let name = self
            .tree
            .node(node)
            .scope
            .map(|scope| self.labels().short_name(scope))
            .unwrap_or_default();
        let round = match (wrapped, forward) {
            (false, _) => "",
            (true, true) => " · from the top",
            (true, false) => " · from the bottom",
        };
        *status = Some(Status::info(format!(
            "Ticked {} of {}: {name}{round}",
            index + 1,
            nodes.len()
        )));
    }
}
