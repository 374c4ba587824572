//! What is ticked: a set of scopes, the order they were ticked in, and a version that
//! moves with every change, which everything derived from the selection is keyed by.

use crate::catalog::ScopeId;
use fixedbitset::FixedBitSet;

#[derive(Debug, Clone, Default)]
pub struct Selection {
    ticked: FixedBitSet,
    /// The ticked scopes in the order they were ticked (those given at start first).
    order: Vec<ScopeId>,
    version: u64,
}

impl Selection {
    /// `select` ticked, among `len` scopes (ids outside are ignored).
    pub fn new(len: usize, select: &[ScopeId]) -> Selection {
        let mut selection = Selection {
            ticked: FixedBitSet::with_capacity(len),
            order: Vec::new(),
            version: 0,
        };
        for &scope in select.iter().filter(|&&s| s < len) {
            selection.insert(scope);
        }
        selection
    }

    pub fn contains(&self, scope: ScopeId) -> bool {
        self.ticked.contains(scope)
    }

    pub fn count(&self) -> usize {
        self.ticked.count_ones(..)
    }

    pub fn is_empty(&self) -> bool {
        self.ticked.is_clear()
    }

    /// The ticked scopes, in id order.
    pub fn ids(&self) -> impl Iterator<Item = ScopeId> + '_ {
        self.ticked.ones()
    }

    pub fn set(&self) -> &FixedBitSet {
        &self.ticked
    }

    /// The ticked scopes in the order they were ticked.
    pub fn order(&self) -> &[ScopeId] {
        &self.order
    }

    /// Moves each time the selection changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    fn insert(&mut self, scope: ScopeId) -> bool {
        if scope >= self.ticked.len() || self.ticked.put(scope) {
            return false;
        }
        self.order.push(scope);
        true
    }

    /// Ticks `scopes`; says whether that changed anything.
    pub fn tick(&mut self, scopes: impl IntoIterator<Item = ScopeId>) -> bool {
        let mut changed = false;
        for scope in scopes {
            changed |= self.insert(scope);
        }
        if changed {
            self.version += 1;
        }
        changed
    }

    /// Unticks `scopes`; says whether that changed anything.
    pub fn untick(&mut self, scopes: impl IntoIterator<Item = ScopeId>) -> bool {
        let mut changed = false;
        for scope in scopes {
            if scope < self.ticked.len() && self.ticked.contains(scope) {
                self.ticked.set(scope, false);
                changed = true;
            }
        }
        if changed {
            let ticked = &self.ticked;
            self.order.retain(|&s| ticked.contains(s));
            self.version += 1;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_version_follow_changes() {
        let mut selection = Selection::new(5, &[3, 1, 9]);
        assert_eq!(selection.order(), &[3, 1]);
        assert_eq!(selection.version(), 0);
        assert!(!selection.tick([3]));
        assert_eq!(selection.version(), 0);
        assert!(selection.tick([0, 3]));
        assert_eq!(
            (selection.order(), selection.version()),
            (&[3, 1, 0][..], 1)
        );
        assert!(selection.untick([1, 4]));
        assert_eq!(selection.order(), &[3, 0]);
        assert!(!selection.untick([1]));
        assert_eq!((selection.count(), selection.version()), (2, 2));
    }
}
