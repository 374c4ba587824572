//! Ticking and unticking: a scope, or every scope of a group, with the status line
//! saying when that changes less than it seems (still held, already held).

use super::Explorer;
use crate::catalog::{NodeId, ScopeId};
use crate::tui::message::Status;
use crate::tui::text::plural;

impl Explorer {
    pub(super) fn toggle(&mut self, node: NodeId, status: &mut Option<Status>) {
        match self.tree.node(node).scope {
            Some(scope) => self.toggle_scope(scope, status),
            None => self.toggle_group(node, status),
        }
    }

    fn toggle_scope(&mut self, scope: ScopeId, status: &mut Option<Status>) {
        let name = self.labels().short_name(scope).into_owned();
        if self.selection.contains(scope) {
            self.selection.untick([scope]);
            self.refresh_derived();
            if let Some(calls) = self.dropped_operations_text() {
                *status = Some(Status::info(format!("{name} unticked · {calls}")));
            } else if let Some(reason) = self.held_reason(scope) {
                let through = self.held_through_short(reason);
                *status = Some(Status::info(format!(
                    "{name} is still held through {through}"
                )));
            }
        } else {
            let already = self
                .held_reason(scope)
                .map(|reason| self.held_through_short(reason));
            self.selection.tick([scope]);
            self.refresh_derived();
            if let Some(through) = already {
                *status = Some(Status::info(format!(
                    "{name} was already held through {through} · ticking it adds nothing"
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
                    .map(|reason| self.held_through_short(reason))
                    .unwrap_or_default();
                let name = self.labels().short_name(first);
                let who = match still.len() {
                    1 => format!("{name} is"),
                    n => format!("{name} and {} more are", n - 1),
                };
                *status = Some(Status::info(format!("{who} still held through {through}")));
            }
            if let Some(calls) = self.dropped_operations_text() {
                let scopes = plural(unticked.len(), "scope", "scopes");
                *status = Some(Status::info(format!("Unticked {scopes} · {calls}")));
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
    pub(super) fn group_unticks(&self, scopes: &[ScopeId]) -> bool {
        scopes.iter().any(|&s| self.selection.contains(s))
            && scopes.iter().all(|&s| self.derived.held.contains(s))
    }
}
