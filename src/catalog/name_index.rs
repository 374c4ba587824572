//! Scope ids by name, for a catalog (and operation ids by id, for its operations).

use super::ScopeId;
use std::hash::BuildHasher as _;

/// Scope ids by name. The names stay in the scopes; the table holds only ids, so a
/// catalog keeps one copy of each name. Hashing is seeded at random: names come from
/// files the user opens.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameIndex {
    table: hashbrown::HashTable<ScopeId>,
    hasher: foldhash::fast::RandomState,
}

impl NameIndex {
    pub(crate) fn with_capacity(capacity: usize) -> NameIndex {
        NameIndex {
            table: hashbrown::HashTable::with_capacity(capacity),
            hasher: foldhash::fast::RandomState::default(),
        }
    }

    /// The id of the scope called `name`; `name_of` gives the name of an id in the table.
    pub(crate) fn get<'n>(
        &self,
        name: &str,
        name_of: impl Fn(ScopeId) -> &'n str,
    ) -> Option<ScopeId> {
        let hash = self.hasher.hash_one(name);
        self.table.find(hash, |&id| name_of(id) == name).copied()
    }

    /// Adds `id`, named `name_of(id)`, unless its name is taken; then gives the id that
    /// has it.
    pub(crate) fn insert<'n>(
        &mut self,
        id: ScopeId,
        name_of: impl Fn(ScopeId) -> &'n str,
    ) -> Result<(), ScopeId> {
        let hasher = &self.hasher;
        let name = name_of(id);
        match self.table.entry(
            hasher.hash_one(name),
            |&other| name_of(other) == name,
            |&other| hasher.hash_one(name_of(other)),
        ) {
            hashbrown::hash_table::Entry::Occupied(entry) => Err(*entry.get()),
            hashbrown::hash_table::Entry::Vacant(entry) => {
                entry.insert(id);
                Ok(())
            }
        }
    }
}
