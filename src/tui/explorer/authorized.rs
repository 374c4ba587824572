//! What the focused scope authorizes, for the details: the catalog's operations with an
//! alternative inside what the scope holds, found through the index of operations by
//! scope once the operations are read.

use super::Explorer;
use crate::catalog::{OperationId, ScopeId};
use crate::grants::Trust;
use crate::need::{ByScope, Coverage};

/// The details name this many of the operations a scope authorizes.
const AUTHORIZED_NAMED: usize = 3;

/// The operations a scope authorizes on its own (those with an alternative inside what
/// it holds), for the details: how many of how many, and the first few in catalog order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorized {
    pub scope: ScopeId,
    pub count: usize,
    pub total: usize,
    pub first: Vec<OperationId>,
    /// The trust they were found with.
    pub(super) trust: Trust,
}

impl Explorer {
    /// The operations the focused scope authorizes, when the operations are read.
    pub fn focus_authorizes(&self) -> Option<&Authorized> {
        self.operations.authorized.as_ref()
    }

    /// Finds the operations the focused scope authorizes when it, the trust or the
    /// operations read changed.
    pub(super) fn refresh_authorized(&mut self) {
        let scope = match self.tree.is_empty() {
            true => None,
            false => self.tree.node(self.focus()).scope,
        };
        let trust = self.grants.trust();
        let state = &mut self.operations;
        let Some(scope) = scope else {
            state.authorized = None;
            return;
        };
        if (state.authorized.as_ref()).is_some_and(|a| a.scope == scope && a.trust == trust) {
            return;
        }
        state.authorized = None;
        let Some(operations) = self.catalog.operations_if_read().filter(|o| !o.is_empty()) else {
            return;
        };
        let all: Vec<&[Box<[ScopeId]>]> = operations.iter().map(|op| &op.requires[..]).collect();
        let index = state
            .by_scope
            .get_or_init(|| ByScope::new(self.catalog.len(), &all));
        let mut allowed =
            Coverage::with_index(self.grants.get(), &all, index).authorized_by(&[scope]);
        // What the scope itself allows: not the calls any token may make.
        for &op in index.open() {
            allowed.set(op as usize, false);
        }
        state.authorized = Some(Authorized {
            scope,
            count: allowed.count_ones(..),
            total: operations.len(),
            first: allowed.ones().take(AUTHORIZED_NAMED).collect(),
            trust,
        });
    }
}
