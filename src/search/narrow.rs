//! The matches of a query typed a character at a time. A query that grows by a character
//! matches only scopes the shorter one did, and the characters of its last word are
//! found one after another in a name or a description, each at its first place: where
//! the shorter word's characters ended is kept for each match, and the new character is
//! looked for from there, instead of the whole word from the start of both texts.

use super::query::Term;
use super::{Query, Searcher, filter_in_parallel, scope_fields};
use crate::catalog::{Catalog, ScopeId};

/// The last word's characters are not all in this text.
const MISSING: u32 = u32::MAX;
/// Not looked for in this text (the name had them).
const UNKNOWN: u32 = u32::MAX - 1;

/// The scopes a query matches (id order), and where its last word's characters end in
/// each one's name and description, when that word is a plain fuzzy one.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    query: String,
    pub scopes: Vec<ScopeId>,
    /// For each of `scopes`: one past the place of the last word's last character in its
    /// name and in its description, [`MISSING`] or [`UNKNOWN`]. `None` when the query
    /// is not made only of plain fuzzy words ([`Term::is_plain`]).
    ends: Option<Vec<[u32; 2]>>,
}

impl Matching {
    pub fn query(&self) -> &str {
        &self.query
    }
}

/// How the query's last word relates to the earlier query's, all words before it being
/// the same.
enum Step {
    /// It continues the earlier last word, whose first `usize` bytes were looked for.
    Longer(usize),
    /// It is a new word after the earlier ones.
    New,
}

/// `query` is `earlier` with its last word made longer, or with a word added.
fn step(query: &Query, earlier: &Query) -> Option<Step> {
    let (n, m) = (query.groups.len(), earlier.groups.len());
    let same = |a: &[Vec<Term>], b: &[Vec<Term>]| {
        a.len() == b.len()
            && a.iter().zip(b).all(|(a, b)| {
                a.len() == 1
                    && b.len() == 1
                    && a[0].is_plain()
                    && b[0].is_plain()
                    && a[0].text == b[0].text
            })
    };
    if m == 0 || !query.groups.iter().all(|g| g.len() == 1 && g[0].is_plain()) {
        return None;
    }
    if n == m && same(&query.groups[..m - 1], &earlier.groups[..m - 1]) {
        let (last, before) = (&query.groups[m - 1][0], &earlier.groups[m - 1][0]);
        return (before.is_plain() && last.continues(before)).then(|| Step::Longer(before.len()));
    }
    if n == m + 1 && same(&query.groups[..m], &earlier.groups) {
        return Some(Step::New);
    }
    None
}

/// Where `term`'s characters end in `texts` (name, description), going on from
/// `earlier` (where its first `done` bytes ended) when given. `None` when it matches
/// neither. The description is not looked at when the name matches and it was not
/// looked at before.
fn ends_of(term: &Term, texts: [&str; 2], earlier: Option<([u32; 2], usize)>) -> Option<[u32; 2]> {
    let mut ends = [UNKNOWN; 2];
    for (i, text) in texts.into_iter().enumerate() {
        let (from, done) = match earlier {
            Some((before, done)) => (before[i], done),
            None => (UNKNOWN, 0),
        };
        ends[i] = match from {
            MISSING => MISSING,
            // The name matched before and still does: the description can wait.
            UNKNOWN if i == 1 && ends[0] != MISSING => UNKNOWN,
            UNKNOWN => found(term.end_of_chars(text, 0, 0)),
            at => found(term.end_of_chars(text, at as usize, done)),
        };
    }
    (ends != [MISSING; 2]).then_some(ends)
}

fn found(end: Option<usize>) -> u32 {
    end.and_then(|end| u32::try_from(end).ok())
        .filter(|&end| end < UNKNOWN)
        .unwrap_or(MISSING)
}

impl Searcher {
    /// The scopes that match `query`: exactly those [`Searcher::search`] finds, in id
    /// order, without scoring them. `earlier`, when given, holds the matches of a query
    /// this one refines ([`Query::refines`]): only they are tried, and when this query
    /// only adds characters to its last word, or adds a word, only those are looked for.
    pub fn narrow(&self, catalog: &Catalog, query: &str, earlier: Option<&Matching>) -> Matching {
        let parsed = Query::parse(query);
        let mut matching = Matching {
            query: query.to_string(),
            ..Matching::default()
        };
        if parsed.is_empty() {
            return matching;
        }
        let last = &parsed.groups[parsed.groups.len() - 1][0];
        let plain = parsed
            .groups
            .iter()
            .all(|g| g.len() == 1 && g[0].is_plain());
        let texts = |scope: ScopeId| {
            let fields = scope_fields(catalog, scope);
            [fields.name, fields.other]
        };
        let found: Vec<(ScopeId, [u32; 2])> = match earlier {
            Some(earlier) if plain => {
                let before = Query::parse(&earlier.query);
                match (step(&parsed, &before), &earlier.ends) {
                    (Some(Step::Longer(done)), Some(ends)) => {
                        filter_in_parallel(earlier.scopes.len(), |i| {
                            let scope = earlier.scopes[i];
                            let ends = ends_of(last, texts(scope), Some((ends[i], done)))?;
                            Some((scope, ends))
                        })
                    }
                    (Some(Step::New), _) => filter_in_parallel(earlier.scopes.len(), |i| {
                        let scope = earlier.scopes[i];
                        Some((scope, ends_of(last, texts(scope), None)?))
                    }),
                    _ => self.filter(catalog, &parsed, Some(&earlier.scopes)),
                }
            }
            Some(earlier) => self.filter(catalog, &parsed, Some(&earlier.scopes)),
            None => self.filter(catalog, &parsed, None),
        };
        if plain {
            let (scopes, ends) = found.into_iter().unzip();
            matching.scopes = scopes;
            matching.ends = Some(ends);
        } else {
            matching.scopes = found.into_iter().map(|(scope, _)| scope).collect();
        }
        matching
    }

    /// The scopes matching `query` (among `among` when given), with where a plain last
    /// word's characters end ([`ends_of`]; unknown for other queries).
    fn filter(
        &self,
        catalog: &Catalog,
        query: &Query,
        among: Option<&[ScopeId]>,
    ) -> Vec<(ScopeId, [u32; 2])> {
        let last = &query.groups[query.groups.len() - 1][0];
        let plain = query.groups.iter().all(|g| g.len() == 1 && g[0].is_plain());
        let before = Query {
            groups: query.groups[..query.groups.len() - 1].to_vec(),
            ..Query::default()
        };
        let keep = |scope: ScopeId| {
            let fields = scope_fields(catalog, scope);
            if !plain {
                return self
                    .is_match(query, fields)
                    .then_some((scope, [UNKNOWN; 2]));
            }
            if !self.is_match(&before, fields) {
                return None;
            }
            Some((scope, ends_of(last, [fields.name, fields.other], None)?))
        };
        match among {
            Some(among) => filter_in_parallel(among.len(), |i| keep(among[i])),
            None => filter_in_parallel(catalog.len(), keep),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Origin, parse_catalog};
    use proptest::prelude::*;

    fn catalog_of(scopes: &[(String, String)]) -> Catalog {
        let mut text = String::from("id = \"n\"\nname = \"N\"\n");
        let mut seen = std::collections::HashSet::new();
        for (name, description) in scopes {
            if seen.insert(name.clone()) {
                text.push_str(&format!(
                    "[[scope]]\nname = \"{name}\"\ndescription = \"{description}\"\n"
                ));
            }
        }
        parse_catalog(&text, "n.toml", Origin::Builtin).expect("loads")
    }

    /// Types `typed` a character at a time, then deletes it, keeping the queries the
    /// current one refines as the explorer does; each query's matches are the plain
    /// search's.
    fn type_and_delete(catalog: &Catalog, typed: &str) -> Result<(), TestCaseError> {
        let searcher = Searcher::default();
        let mut history: Vec<Matching> = Vec::new();
        let mut query = String::new();
        let prefixes: Vec<usize> = typed
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .collect();
        let mut lengths = prefixes.clone();
        lengths.extend(prefixes.iter().rev().skip(1));
        for length in lengths {
            query.replace_range(.., &typed[..length]);
            let parsed = Query::parse(&query);
            if parsed.is_empty() {
                // No search: the explorer shows everything.
                history.clear();
                continue;
            }
            while history
                .last()
                .is_some_and(|e| e.query != query && !parsed.refines(&Query::parse(&e.query)))
            {
                history.pop();
            }
            if history.last().is_some_and(|e| e.query == query) {
                continue;
            }
            let found = searcher.narrow(catalog, &query, history.last());
            prop_assert_eq!(
                &found.scopes,
                &searcher.matching(catalog, &query, None),
                "{:?}",
                query
            );
            history.push(found);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn typing_on_finds_what_a_fresh_search_finds(
            scopes in proptest::collection::vec(
                ("[abAB1]{1,4}([:._][abAB1]{1,4}){0,3}", "[abAB1 :é]{0,16}"), 1..40),
            typed in "[abAB1é :|!^'$]{1,10}",
        ) {
            let catalog = catalog_of(&scopes);
            type_and_delete(&catalog, &typed)?;
        }
    }

    #[test]
    fn typing_on_a_synthetic_catalog() {
        let text = scopex_synth::generate(2_000, 3);
        let catalog = parse_catalog(&text, "synth.toml", Origin::Builtin).expect("loads");
        for typed in [
            "phonelines read",
            "sms write",
            "Voice gr",
            "a b c",
            "read !wr",
            "x | y",
        ] {
            type_and_delete(&catalog, typed).expect("the same matches");
        }
    }

    #[test]
    fn the_description_is_read_only_when_the_name_fails() {
        let term = &Query::parse("ab").groups[0][0];
        assert_eq!(ends_of(term, ["xaxb", "ab"], None), Some([4, UNKNOWN]));
        assert_eq!(ends_of(term, ["xa", "zab"], None), Some([MISSING, 3]));
        assert_eq!(ends_of(term, ["xa", "zb"], None), None);
        // `abc` goes on from `ab`'s ends; the description, not looked at, is now.
        let longer = &Query::parse("abc").groups[0][0];
        assert_eq!(
            ends_of(longer, ["xaxb", "abc"], Some(([4, UNKNOWN], 2))),
            Some([MISSING, 3])
        );
        assert_eq!(
            ends_of(longer, ["xaxbc", "abc"], Some(([4, UNKNOWN], 2))),
            Some([5, UNKNOWN])
        );
    }
}
