//! Ticking operations: the scopes they need added to those ticked by hand, and the
//! operations unticked when the scopes left no longer allow them, so that a ticked
//! operation is always one the selection authorizes.

use super::GROUP_TICK_LIMIT;
use crate::catalog::{OperationId, ScopeId};
use crate::tui::explorer::Explorer;
use crate::tui::message::Status;
use crate::tui::text::{self, plural};

impl Explorer {
    /// Ticks the operations a profile lists (those of the catalog, once each), leaving the
    /// selection as the profile has it: saving lists them again. The scopes they need
    /// count as theirs (unticking them all takes those away), the profile's others as
    /// ticked by hand; ticking another call adds its scopes to all of them. A call the
    /// profile's scopes do not allow stays unticked, as it would after any change of the
    /// selection: returns those (the profile keeps listing them until the user ticks one).
    pub fn tick_listed_operations(&mut self, ids: &[OperationId]) -> Vec<OperationId> {
        if ids.is_empty() {
            return Vec::new(); // the operations are read later, on another thread
        }
        let count = self.operations_len();
        let allowed = |id: OperationId| match self.catalog.operations() {
            Ok(operations) => operations.get(id).is_none_or(|op| {
                op.requires.is_empty() || crate::need::allows(&self.derived.held, &op.requires)
            }),
            Err(_) => true,
        };
        let (listed, not_allowed): (Vec<OperationId>, Vec<OperationId>) = ids
            .iter()
            .copied()
            .filter(|&id| id < count)
            .partition(|&id| allowed(id));
        let mut not_allowed = not_allowed;
        not_allowed.sort_unstable();
        not_allowed.dedup();
        let state = &mut self.operations;
        state.ticked_set.grow(count);
        for id in listed {
            if !state.ticked_set.contains(id) {
                state.ticked.push(id);
                state.ticked_set.insert(id);
            }
        }
        if !state.ticked.is_empty() {
            state.ticks += 1;
            let ticked = state.ticked.clone();
            let need = self.need(&ticked);
            self.operations.added = need
                .scopes
                .iter()
                .copied()
                .filter(|&s| self.selection.contains(s))
                .collect();
            self.operations.need = Some(need);
            self.bump_view();
        }
        not_allowed
    }

    /// Ticks or unticks the focused operation, or every operation of the focused group
    /// (unticks them when some are ticked); the selection becomes the scopes ticked by
    /// hand and what the ticked operations need beyond them.
    pub(in crate::tui::explorer) fn toggle_operation(&mut self, status: &mut Option<Status>) {
        let state = &mut self.operations;
        if state.view.focus_row().is_none() {
            return;
        }
        let node = state.view.focus();
        let Some(tree_node) = state.tree.get(node) else {
            return;
        };
        match tree_node.scope {
            Some(id) => match state.ticked.iter().position(|&t| t == id) {
                Some(at) => {
                    state.ticked.remove(at);
                    state.ticked_set.set(id, false);
                }
                None => {
                    state.ticked.push(id);
                    state.ticked_set.insert(id);
                }
            },
            None => {
                let under: Vec<OperationId> = state.tree.scopes_under(node).collect();
                if under.iter().any(|&id| state.ticked_set.contains(id)) {
                    state.ticked.retain(|&id| !under.contains(&id));
                    for &id in &under {
                        state.ticked_set.set(id, false);
                    }
                } else if under.len() > GROUP_TICK_LIMIT {
                    *status = Some(Status::warning(format!(
                        "{} operations in {}: tick them one by one, or search",
                        under.len(),
                        text::sanitize(tree_node.label)
                    )));
                    return;
                } else {
                    for id in under {
                        state.ticked.push(id);
                        state.ticked_set.insert(id);
                    }
                }
            }
        }
        self.bump_view();
        self.operations.ticks += 1;
        let ticked = self.operations.ticked.clone();
        // What the calls added before goes; what was ticked by hand stays, and the calls
        // get what they need beyond it.
        let before = std::mem::take(&mut self.operations.added);
        let by_hand: Vec<ScopeId> = self
            .selection
            .ids()
            .filter(|s| !before.contains(s))
            .collect();
        let result = if ticked.is_empty() {
            None
        } else {
            let held = self.grants.get().held_set(&by_hand);
            Some(self.need_beyond(Some(&held), &ticked))
        };
        let added: Vec<ScopeId> = result
            .as_ref()
            .map(|r| r.scopes.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|s| !by_hand.contains(s))
            .collect();
        self.selection.untick(before);
        self.selection.tick(added.iter().copied());
        self.operations.added = added;
        self.refresh_derived();
        if let Some(result) = &result {
            let names: Vec<String> = self
                .operations
                .added
                .iter()
                .map(|&s| self.labels().short_name(s).into_owned())
                .collect();
            let undecided = result
                .operations
                .iter()
                .filter(|o| !o.incomparable.is_empty())
                .count();
            let ticked = plural(ticked.len(), "operation", "operations");
            let all_need_none = result.scopes.is_empty()
                && result.operations.iter().all(|o| {
                    o.chosen
                        .and_then(|c| o.alternatives.get(c))
                        .is_some_and(|a| a.grants.is_empty())
                });
            let mut text = match (by_hand.is_empty(), names.is_empty()) {
                (true, true) if all_need_none => {
                    let it = if result.operations.len() == 1 {
                        "it"
                    } else {
                        "them"
                    };
                    format!("{ticked} ticked: no scope needed (any token allows {it})")
                }
                (true, _) => format!("{ticked} ticked → {}", names.join(" ")),
                (false, true) => {
                    format!("{ticked} ticked: the scopes ticked by hand allow them")
                }
                (false, false) => format!("{ticked} ticked → adds {}", names.join(" ")),
            };
            // Segments: a line too short cuts the scope names, not what is left to do.
            if undecided > 0 {
                text.push_str(&format!(
                    " · {undecided} with a choice to make: see details"
                ));
            }
            *status = Some(if result.proven {
                Status::info(text)
            } else {
                Status::warning(format!("{text} · not proven least"))
            });
        }
        self.operations.need = result;
    }

    /// After the selection changed: unticks the operations what it holds no longer
    /// allows (an operation with no alternative, which nothing allows, stays), and forgets
    /// the scopes the operations added that are no longer ticked.
    pub(in crate::tui::explorer) fn drop_unallowed_operations(&mut self) {
        let selection = &self.selection;
        let state = &mut self.operations;
        state.added.retain(|&s| selection.contains(s));
        state.dropped.clear();
        if state.ticked.is_empty() {
            return;
        }
        let Ok(operations) = self.catalog.operations() else {
            return;
        };
        let held = &self.derived.held;
        let allowed = |id: OperationId| {
            operations
                .get(id)
                .is_none_or(|op| op.requires.is_empty() || crate::need::allows(held, &op.requires))
        };
        let mut kept = Vec::with_capacity(state.ticked.len());
        for (at, &id) in state.ticked.iter().enumerate() {
            if allowed(id) {
                kept.push(at);
            } else {
                state.dropped.push(id);
                state.ticked_set.set(id, false);
            }
        }
        if state.dropped.is_empty() {
            return;
        }
        state.ticked = kept.iter().map(|&at| state.ticked[at]).collect();
        state.need = state
            .need
            .take()
            .filter(|_| !kept.is_empty())
            .map(|mut need| {
                let mut at = 0;
                need.operations.retain(|_| {
                    at += 1;
                    kept.contains(&(at - 1))
                });
                need
            });
        state.ticks += 1;
        self.bump_view();
    }

    /// What the status line says of the operations the last change of the selection
    /// unticked (None when it unticked none): `contacts.create-a-contact is no longer
    /// allowed: unticked too`.
    pub(in crate::tui::explorer) fn dropped_operations_text(&self) -> Option<String> {
        let dropped = &self.operations.dropped;
        let &first = dropped.first()?;
        let name = text::sanitize(self.catalog.operation(first).id.as_str()).into_owned();
        Some(match dropped.len() {
            1 => format!("{name} no longer allowed: unticked too"),
            n => format!(
                "{name} and {} no longer allowed: unticked too",
                plural(n - 1, "more call", "more calls")
            ),
        })
    }

    /// How many operations the last change of the selection unticked.
    pub(crate) fn dropped_operations(&self) -> usize {
        self.operations.dropped.len()
    }
}
