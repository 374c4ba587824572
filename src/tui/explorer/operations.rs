//! The operations view: the catalog's operations (API calls) in a list the left panel
//! shows instead of the scope tree. Ticking operations selects the least-privilege scopes
//! for them (`need`), live, so the held and minimal panels show what those calls need.

use super::Explorer;
use crate::catalog::{OperationId, ScopeId};
use crate::need::{ByScope, Coverage, Need, need};
use crate::tui::message::Status;

/// Where the operations view stands: shown or not, the focused operation, the ticked ones
/// and what they need.
#[derive(Debug, Clone, Default)]
pub struct Operations {
    /// The left panel shows the operations instead of the scope tree.
    pub shown: bool,
    /// The focused operation (an index into the catalog's operations).
    focus: usize,
    /// The first visible row.
    offset: usize,
    viewport: usize,
    /// The ticked operations, in the order they were ticked.
    ticked: Vec<OperationId>,
    /// What the ticked operations need, when some are ticked.
    need: Option<Need>,
    /// The catalog's operations by scope, built on the first tick that needs it and kept:
    /// each tick after it pays only the lookups.
    by_scope: std::sync::OnceLock<ByScope>,
}

impl Operations {
    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    pub fn ticked(&self) -> &[OperationId] {
        &self.ticked
    }

    pub fn is_ticked(&self, id: OperationId) -> bool {
        self.ticked.contains(&id)
    }

    /// What the ticked operations need (None with nothing ticked).
    pub fn need(&self) -> Option<&Need> {
        self.need.as_ref()
    }

    /// Moves the focus to `row` of `len`, keeping it on screen.
    fn focus_on(&mut self, row: usize, len: usize) {
        if len == 0 {
            return;
        }
        self.focus = row.min(len - 1);
        let viewport = self.viewport.max(1);
        if self.focus < self.offset {
            self.offset = self.focus;
        } else if self.focus >= self.offset + viewport {
            self.offset = self.focus + 1 - viewport;
        }
    }

    pub(super) fn set_viewport(&mut self, rows: usize, len: usize) {
        self.viewport = rows;
        self.focus_on(self.focus, len);
    }

    pub(super) fn move_by(&mut self, delta: isize, len: usize) {
        let row = self.focus.saturating_add_signed(delta);
        self.focus_on(row, len);
    }

    pub(super) fn move_to(&mut self, row: usize, len: usize) {
        self.focus_on(row, len);
    }

    pub(super) fn scroll(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(self.viewport.max(1));
        self.offset = self.offset.saturating_add_signed(delta).min(last);
        let bottom = self.offset + self.viewport.max(1) - 1;
        self.focus = self
            .focus
            .clamp(self.offset, bottom.min(len.saturating_sub(1)));
    }

    pub fn viewport(&self) -> usize {
        self.viewport
    }
}

impl Explorer {
    pub fn operations(&self) -> &Operations {
        &self.operations
    }

    /// Shows the operations instead of the scope tree, or the tree again.
    pub(super) fn toggle_operations_view(&mut self, status: &mut Option<Status>) {
        match self.catalog.operations() {
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
            Ok(_) => {}
        }
        self.operations.shown = !self.operations.shown;
        self.bump_view();
    }

    /// The alternatives of operations in the order `need` prefers them.
    pub fn preferred(&self, ids: &[OperationId]) -> Vec<Vec<Vec<ScopeId>>> {
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
            .get_or_init(|| ByScope::new(self.grants.scope_count(), &all));
        let coverage = Coverage::with_index(&self.grants, &all, index);
        ids.iter()
            .map(|&id| {
                let requires = &self.catalog.operation(id).requires;
                coverage
                    .order(id)
                    .into_iter()
                    .map(|i| requires[i].to_vec())
                    .collect()
            })
            .collect()
    }

    /// What `need` says of one operation alone: its alternatives from least to most
    /// privilege.
    pub fn operation_alone(&self, id: OperationId) -> Need {
        need(&self.grants, &self.preferred(&[id]))
    }

    /// Ticks or unticks the focused operation; the scope selection becomes what the
    /// ticked operations need.
    pub(super) fn toggle_operation(&mut self, status: &mut Option<Status>) {
        if self.operations_len() == 0 {
            return;
        }
        let id = self.operations.focus;
        match self.operations.ticked.iter().position(|&t| t == id) {
            Some(at) => {
                self.operations.ticked.remove(at);
            }
            None => self.operations.ticked.push(id),
        }
        let ticked = self.operations.ticked.clone();
        let result = if ticked.is_empty() {
            None
        } else {
            Some(need(&self.grants, &self.preferred(&ticked)))
        };
        let scopes: Vec<ScopeId> = result
            .as_ref()
            .map(|r| r.scopes.clone())
            .unwrap_or_default();
        let current: Vec<ScopeId> = self.selection.ids().collect();
        self.selection.untick(current);
        self.selection.tick(scopes.iter().copied());
        self.refresh_derived();
        if let Some(result) = &result {
            let names: Vec<&str> = result
                .scopes
                .iter()
                .map(|&s| self.catalog.name(s))
                .collect();
            let undecided = result
                .operations
                .iter()
                .filter(|o| !o.incomparable.is_empty())
                .count();
            let mut text = format!(
                "{} ticked → {}",
                plural(ticked.len(), "operation", "operations"),
                names.join(" ")
            );
            if undecided > 0 {
                text.push_str(&format!(
                    " ({} with alternatives of different data: see details)",
                    undecided
                ));
            }
            *status = Some(if result.proven {
                Status::info(text)
            } else {
                Status::warning(format!("{text}; not proven least"))
            });
        }
        self.operations.need = result;
    }

    /// How many operations the catalog has (none where they do not load).
    pub fn operations_len(&self) -> usize {
        self.catalog.operations().map_or(0, <[_]>::len)
    }

    pub(super) fn operations_move_by(&mut self, delta: isize) {
        let len = self.operations_len();
        self.operations.move_by(delta, len);
        self.bump_view();
    }

    pub(super) fn operations_move_to(&mut self, row: usize) {
        let len = self.operations_len();
        self.operations.move_to(row, len);
        self.bump_view();
    }

    pub(super) fn operations_scroll(&mut self, delta: isize) {
        let len = self.operations_len();
        self.operations.scroll(delta, len);
        self.bump_view();
    }

    pub(super) fn operations_viewport(&mut self, rows: usize) {
        let len = self.operations_len();
        self.operations.set_viewport(rows, len);
    }

    /// Is the operation authorized by what the selection holds?
    pub fn operation_allowed(&self, id: OperationId) -> bool {
        crate::need::allows(&self.derived.held, &self.catalog.operation(id).requires)
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}
