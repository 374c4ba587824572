//! What the search of the best match reads of every scope, again for every query,
//! worked out once per catalog in a compact table: whether the scope is current, which
//! letters its name's words begin with, and how its first word begins. Passing over a
//! scope that cannot reach the leading match's tier then reads 24 bytes in a row instead
//! of the scope and its name (at 100,000 scopes the names are read from all over memory).

use super::query::{local_start, words};
use super::{Tier, current};
use crate::catalog::{Catalog, ScopeId};

/// Bytes of a word's beginning kept (folded): the first word of a name, and of its last
/// `/` segment.
const KEPT: usize = 4;

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The ASCII-folded first byte of each word of the name ([`words`]), as bits
    /// ([`bit`]).
    starts: u64,
    /// The name's first word's first bytes, ASCII-folded, padded with zeros.
    first: [u8; KEPT],
    /// The same for the first word after the name's last `/` (the first word again for
    /// a name without one).
    local_first: [u8; KEPT],
    current: bool,
}

/// Each scope's [`Entry`], by id.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    entries: Vec<Entry>,
}

/// The bit of a word's first byte, ASCII-folded: one per letter and digit, one for all
/// the rest (a word's non-ASCII first character).
fn bit(byte: u8) -> u64 {
    let index = match byte.to_ascii_lowercase() {
        folded @ b'a'..=b'z' => folded - b'a',
        digit @ b'0'..=b'9' => 26 + (digit - b'0'),
        _ => 63,
    };
    1 << index
}

/// The first [`KEPT`] bytes of `word`, ASCII-folded, padded with zeros.
fn beginning(word: &str) -> [u8; KEPT] {
    let mut kept = [0; KEPT];
    for (slot, byte) in kept.iter_mut().zip(word.bytes()) {
        *slot = byte.to_ascii_lowercase();
    }
    kept
}

impl NameIndex {
    pub fn new(catalog: &Catalog) -> NameIndex {
        let entries = (0..catalog.len())
            .map(|scope| {
                let name = catalog.name(scope);
                let first_word = |part: &str| beginning(words(part).next().unwrap_or(""));
                let local = local_start(name);
                Entry {
                    starts: words(name).fold(0, |bits, word| bits | bit(word.as_bytes()[0])),
                    first: first_word(name),
                    local_first: first_word(&name[local..]),
                    current: current(catalog, scope),
                }
            })
            .collect();
        NameIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A quick test of the scopes of a [`NameIndex`] for one query and tier: see
/// [`Reach::may_reach`].
pub(super) struct Reach<'a> {
    index: &'a NameIndex,
    pub(super) tier: Tier,
    /// The bits of the wanted words' first bytes.
    starts: u64,
    /// The first wanted word's beginning, and how much of it is kept.
    first: [u8; KEPT],
    kept: usize,
}

impl<'a> Reach<'a> {
    pub(super) fn new(index: &'a NameIndex, wanted: &[String], tier: Tier) -> Reach<'a> {
        let first = wanted.first().map_or("", String::as_str);
        Reach {
            index,
            tier,
            starts: wanted
                .iter()
                .filter_map(|word| word.as_bytes().first())
                .fold(0, |bits, &byte| bits | bit(byte)),
            first: beginning(first),
            kept: first.len().min(KEPT),
        }
    }

    /// `false` when `scope` is deprecated or cannot be of the tier for the query: never
    /// when it is current and [`super::query::may_reach`] holds (what it tests, on the
    /// beginnings kept).
    pub(super) fn may_reach(&self, scope: ScopeId) -> bool {
        let Some(entry) = self.index.entries.get(scope) else {
            // Not of this catalog: the full test decides.
            return true;
        };
        if !entry.current {
            return false;
        }
        if self.tier >= Tier::Prefix && self.kept > 0 {
            let wanted = &self.first[..self.kept];
            return entry.first[..self.kept] == *wanted
                || entry.local_first[..self.kept] == *wanted;
        }
        if self.tier >= Tier::Words {
            return entry.starts & self.starts == self.starts;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Origin, parse_catalog};
    use crate::search::{Class, Query, Searcher, scope_fields};
    use proptest::prelude::*;

    /// The best class's scopes worked out plainly: the class of every match.
    fn plain_candidates(catalog: &Catalog, query: &str, matching: &[ScopeId]) -> Vec<ScopeId> {
        let searcher = Searcher::default();
        let parsed = Query::parse(query);
        let classes: Vec<(ScopeId, Class)> = matching
            .iter()
            .map(|&scope| {
                let class = searcher.class(
                    &parsed,
                    scope_fields(catalog, scope),
                    current(catalog, scope),
                );
                (scope, class)
            })
            .collect();
        let top = classes.iter().map(|(_, class)| *class).max();
        classes
            .into_iter()
            .filter(|(_, class)| Some(*class) == top)
            .map(|(scope, _)| scope)
            .collect()
    }

    /// A catalog of these names (the first of each spelling kept), every third one
    /// deprecated. (A scope name is printable ASCII; a description need not be.)
    fn catalog_of(names: &[String]) -> Catalog {
        let mut text = String::from("id = \"p\"\nname = \"P\"\n");
        let mut seen = std::collections::HashSet::new();
        for (i, name) in names.iter().enumerate() {
            if !seen.insert(name.clone()) {
                continue;
            }
            text.push_str(&format!(
                "[[scope]]\nname = \"{name}\"\ndescription = \"about {i} {name}\"\n"
            ));
            if i % 3 == 2 {
                text.push_str("deprecated = \"gone\"\n");
            }
        }
        parse_catalog(&text, "p.toml", Origin::Builtin).expect("loads")
    }

    proptest! {
        /// With the index, the best class's scopes are those of the plain computation.
        #[test]
        fn the_index_changes_no_candidate(
            names in proptest::collection::vec(
                "(https://x\\.io/)?[abAB1]{1,5}([:._/-][abAB1]{1,5}){0,4}", 1..40),
            query in "[abAB1é]{1,5}( [abAB1é:.]{1,4}){0,2}",
        ) {
            let catalog = catalog_of(&names);
            let searcher = Searcher::default();
            let index = NameIndex::new(&catalog);
            prop_assert_eq!(index.len(), catalog.len());
            let matching = searcher.matching(&catalog, &query, None);
            let plain = plain_candidates(&catalog, &query, &matching);
            prop_assert_eq!(
                &searcher.best_candidates(&catalog, Some(&index), &query, &matching),
                &plain
            );
            prop_assert_eq!(
                &searcher.best_candidates(&catalog, None, &query, &matching),
                &plain
            );
        }
    }

    #[test]
    fn words_beginnings_are_kept_folded() {
        let catalog = catalog_of(&[
            "https://www.googleapis.com/auth/Drive.readonly".to_string(),
            "Mail.ReadWrite".to_string(),
            "x:9".to_string(),
        ]);
        let index = NameIndex::new(&catalog);
        assert_eq!(index.entries[0].first, *b"http");
        assert_eq!(index.entries[0].local_first, *b"driv");
        assert_eq!(index.entries[1].first, *b"mail");
        assert_eq!(
            index.entries[1].starts,
            bit(b'm') | bit(b'r'),
            "the words are Mail and ReadWrite"
        );
        assert_eq!(index.entries[2].starts, bit(b'x') | bit(b'9'));
        assert_eq!(bit("é".as_bytes()[0]), 1 << 63);
        let wanted = |q: &str| Query::parse(q).wanted;
        let reach = |q: &str, tier| Reach::new(&index, &wanted(q), tier);
        assert!(reach("drive read", Tier::Prefix).may_reach(0));
        assert!(!reach("read", Tier::Prefix).may_reach(0));
        assert!(reach("read mail", Tier::Words).may_reach(1));
        assert!(!reach("read write", Tier::Words).may_reach(1));
        assert!(reach("ma", Tier::Exact).may_reach(1));
    }
}
