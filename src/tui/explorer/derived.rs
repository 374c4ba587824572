//! Everything that follows from the selection: what is held and why, the minimal string,
//! the checkbox of each row, and what toggling the focused row would change. Recomputed
//! only when the selection's version (or the format) moves.

use super::Explorer;
use crate::catalog::{NodeId, ScopeId};
use crate::export::Format;
use crate::grants::{Explanation, walk};
use fixedbitset::FixedBitSet;

/// The checkbox state of a tree row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not held.
    None,
    /// A group some of whose scopes are held; on a tree row also a folded scope, not
    /// held, with something held under it.
    Partial,
    /// Held through what is selected, without being selected itself (for a group: all its
    /// scopes held, not all selected).
    Held,
    /// Selected (for a group: all its scopes selected).
    Selected,
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
    pub(super) held_before: Vec<u32>,
    pub(super) selected_before: Vec<u32>,
    /// The minimal string in `format`.
    pub minimal_text: String,
    pub format: Format,
}

/// What toggling the focused row would change, in held scopes (what the tree marks):
/// the scope itself, what it implies, and a composite whose members it completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Ticking makes these scopes held, in catalog order (none: nothing new).
    Tick { adds: Vec<ScopeId> },
    /// Unticking makes these scopes no longer held, in catalog order; `still_held` names
    /// why the row stays held.
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

/// [`ResourceTree::scope_column`] of a group.
///
/// [`ResourceTree::scope_column`]: crate::catalog::ResourceTree::scope_column
pub(super) const NO_SCOPE: u32 = u32::MAX;

impl Explorer {
    /// Brings derived data up to date; cheap when nothing it depends on moved.
    pub(super) fn refresh(&mut self) {
        self.refresh_derived();
        self.refresh_ticked_filter();
        self.view.keep_focus_visible();
        self.details_follow_focus();
        self.refresh_focus_info();
        self.refresh_authorized();
    }

    pub(super) fn refresh_derived(&mut self) {
        if self.derived.version != self.selection.version() {
            let selection: Vec<ScopeId> = self.selection.ids().collect();
            let explanation = if selection.is_empty() && !self.grants.is_ready() {
                Explanation::of_nothing()
            } else {
                self.grants.get().explain(&selection)
            };
            let mut held = FixedBitSet::with_capacity(self.catalog.len());
            for (scope, _) in &explanation.held {
                held.insert(*scope);
            }
            count_before(
                self.tree.scope_column(),
                &held,
                &mut self.derived.held_before,
            );
            count_before(
                self.tree.scope_column(),
                self.selection.set(),
                &mut self.derived.selected_before,
            );
            self.derived.held = held;
            self.derived.selection = selection;
            self.derived.explanation = explanation;
            self.derived.version = self.selection.version();
            self.derived.format = self.format;
            self.derived.minimal_text = self.render_minimal();
            self.drop_unallowed_operations();
        } else if self.derived.format != self.format {
            self.derived.format = self.format;
            self.derived.minimal_text = self.render_minimal();
        }
    }

    pub(super) fn render_minimal(&self) -> String {
        self.format.render_named(
            &self.catalog,
            &self.names(&self.derived.explanation.minimal.scopes),
            self.token_name.as_deref(),
        )
    }

    fn refresh_focus_info(&mut self) {
        if self.focus_info.node == self.focus()
            && self.focus_info.version == self.selection.version()
        {
            return;
        }
        let change = if self.focus_row().is_none() || self.tree.is_empty() {
            Change::Nothing
        } else {
            self.change_of(self.focus())
        };
        self.focus_info = FocusInfo {
            node: self.focus(),
            version: self.selection.version(),
            change,
        };
    }

    /// What toggling `node` would do to the grants.
    fn change_of(&self, node: NodeId) -> Change {
        let selection = &self.derived.selection;
        let (untick, toggled): (bool, Vec<ScopeId>) = match self.tree.node(node).scope {
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
            let held_after = self.grants.get().held_set(&after);
            let removes = self.derived.held.difference(&held_after).collect();
            let still_held = match self.tree.node(node).scope {
                Some(scope) if held_after.contains(scope) => {
                    let explanation = self.grants.get().explain(&after);
                    explanation
                        .reason(scope)
                        .map(|reason| self.held_through(reason))
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
            // With nothing ticked the model may still be building: what ticking would
            // hold is then found from the catalog's edges (the same answer).
            let held_after = if selection.is_empty() && !self.grants.is_ready() {
                walk::held_by_walking(&self.catalog, self.grants.trust(), &after)
            } else {
                self.grants.get().held_set(&after)
            };
            Change::Tick {
                adds: held_after.difference(&self.derived.held).collect(),
            }
        }
    }
}

/// For each node `i` (and one past the last), how many of the scope nodes before it are
/// in `set`: one pass over a compact list, into memory kept from the last call.
pub(super) fn count_before(node_scopes: &[u32], set: &FixedBitSet, before: &mut Vec<u32>) {
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
