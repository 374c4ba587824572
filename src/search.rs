//! Fuzzy search over scope names and descriptions (skim's algorithm, via fuzzy-matcher).
//!
//! A query is split on whitespace into terms, as in fzf; a scope matches when every term
//! matches its name or its description. Exact and prefix matches on the name rank first,
//! then matches on the name, then matches on the description only.

use crate::catalog::{Catalog, ScopeId};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One matching scope with the matched character positions (char indices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub scope: ScopeId,
    pub tier: Tier,
    pub score: i64,
    pub name_positions: Vec<usize>,
    pub description_positions: Vec<usize>,
}

/// How well a scope matches, best last (so `Ord` sorts worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Description,
    Name,
    Prefix,
    Exact,
}

pub struct Searcher {
    matcher: SkimMatcherV2,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: SkimMatcherV2::default().smart_case(),
        }
    }
}

impl Searcher {
    /// The matcher's score and positions of `pattern` in `choice`, exactly as a brand-new
    /// matcher would find them, whatever was matched before on this thread.
    ///
    /// fuzzy-matcher 0.3.7 keeps its score matrix in a thread-local buffer that it only
    /// partly resets between calls, and reads the consecutive-match bonus of a matched
    /// cell that it never wrote: a score could depend on the strings matched before on
    /// the same thread (the previous scope, the previous query, which thread took the
    /// scope). `use_cache(false)`, meant to avoid that, panics. A one-letter match first
    /// cuts the buffer down to four cells, all in rows the next match resets or never
    /// reads; the cells it adds are fresh.
    fn indices(&self, choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        let _ = self.matcher.fuzzy_match("a", "a");
        self.matcher.fuzzy_indices(choice, pattern)
    }
}

/// Below this many scopes one thread is faster than starting another. (Tests use small
/// catalogs and want the threads too.)
const PARALLEL_FROM: usize = if cfg!(test) { 64 } else { 4_096 };

/// Scopes a thread takes at a time.
const SLICE: usize = if cfg!(test) { 16 } else { 1_024 };

/// One whitespace-separated word of a query, prepared once per search.
struct Term<'q> {
    text: &'q str,
    /// Its bytes, ASCII-lower-cased unless the match is case-sensitive.
    folded: Vec<u8>,
    /// Smart case, as the matcher decides it: an upper-case letter makes it exact.
    case_sensitive: bool,
}

impl<'q> Term<'q> {
    fn new(text: &'q str) -> Term<'q> {
        let case_sensitive = text.bytes().any(|b| b.is_ascii_uppercase());
        let folded = if case_sensitive {
            text.as_bytes().to_vec()
        } else {
            text.bytes().map(|b| b.to_ascii_lowercase()).collect()
        };
        Term {
            text,
            folded,
            case_sensitive,
        }
    }

    /// Could the matcher match `haystack`? Its characters must appear in order. Tested
    /// on bytes, it is never false where the matcher finds a match (it compares
    /// characters the same way, folding only ASCII case), so skipping the matcher when
    /// this fails changes no result.
    fn may_match(&self, haystack: &str) -> bool {
        let haystack = haystack.as_bytes();
        let mut at = 0;
        for &wanted in &self.folded {
            // Either case of a letter, unless the case must match.
            let other = if self.case_sensitive {
                wanted
            } else {
                wanted.to_ascii_uppercase()
            };
            match memchr::memchr2(wanted, other, &haystack[at..]) {
                Some(found) => at += found + 1,
                None => return false,
            }
        }
        true
    }
}

impl Searcher {
    /// Every scope matching `query`, best first; an empty query matches nothing.
    pub fn search(&self, catalog: &Catalog, query: &str) -> Vec<Match> {
        self.search_scopes(catalog, query, catalog.len(), |i| i)
    }

    /// [`Searcher::search`] among `candidates` only: the same list, as long as every
    /// scope that matches is among them. When a query only grows (the user types on:
    /// the new query starts with the old one), the old matches are such a list, and
    /// usually a much shorter one than the catalog.
    pub fn search_among(
        &self,
        catalog: &Catalog,
        query: &str,
        candidates: &[ScopeId],
    ) -> Vec<Match> {
        self.search_scopes(catalog, query, candidates.len(), |i| candidates[i])
    }

    /// Matches the scopes `scope_at(0..count)` and sorts the matches.
    fn search_scopes(
        &self,
        catalog: &Catalog,
        query: &str,
        count: usize,
        scope_at: impl Fn(usize) -> ScopeId + Sync,
    ) -> Vec<Match> {
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let n = count;
        let threads = if n >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |p| p.get().min(8))
        } else {
            1
        };
        let mut matches: Vec<Match> = if threads > 1 {
            // Threads take small slices in turn, so one that gets less CPU (a busy
            // machine) holds nobody up; the caller's thread works too. Order does not
            // matter: the sort below is total.
            let next = AtomicUsize::new(0);
            let work = || {
                let mut found = Vec::new();
                loop {
                    let start = next.fetch_add(SLICE, Ordering::Relaxed);
                    if start >= n {
                        return found;
                    }
                    found.extend(
                        (start..(start + SLICE).min(n))
                            .filter_map(|i| self.match_terms(catalog, scope_at(i), &terms)),
                    );
                }
            };
            std::thread::scope(|scope| {
                let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
                let mut all = work();
                for helper in helpers {
                    match helper.join() {
                        Ok(part) => all.extend(part),
                        Err(panic) => std::panic::resume_unwind(panic),
                    }
                }
                all
            })
        } else {
            (0..n)
                .filter_map(|i| self.match_terms(catalog, scope_at(i), &terms))
                .collect()
        };
        // Among prefix matches the shortest name is the closest; elsewhere the score decides.
        let prefix_length = |m: &Match| match m.tier {
            Tier::Prefix => catalog.name(m.scope).len(),
            _ => 0,
        };
        matches.sort_unstable_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(prefix_length(a).cmp(&prefix_length(b)))
                .then(b.score.cmp(&a.score))
                .then(a.scope.cmp(&b.scope))
        });
        matches
    }

    /// Matches one scope against the whole query.
    pub fn match_scope(&self, catalog: &Catalog, scope: ScopeId, query: &str) -> Option<Match> {
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        if terms.is_empty() {
            return None;
        }
        self.match_terms(catalog, scope, &terms)
    }

    fn match_terms(&self, catalog: &Catalog, scope: ScopeId, terms: &[Term]) -> Option<Match> {
        let entry = catalog.scope(scope);
        let mut score = 0i64;
        let mut name_positions = Vec::new();
        let mut description_positions = Vec::new();
        let mut all_on_name = true;
        for term in terms {
            // The name wins when both match, so the description is only tried without.
            let on_name = if term.may_match(&entry.name) {
                self.indices(&entry.name, term.text)
            } else {
                None
            };
            if let Some((s, positions)) = on_name {
                // Name matches weigh double: the name is what the user is after.
                score += 2 * s;
                name_positions.extend(positions);
                continue;
            }
            if !term.may_match(&entry.description) {
                return None;
            }
            let (s, positions) = self.indices(&entry.description, term.text)?;
            all_on_name = false;
            score += s;
            description_positions.extend(positions);
        }
        name_positions.sort_unstable();
        name_positions.dedup();
        description_positions.sort_unstable();
        description_positions.dedup();
        let tier = if terms.len() == 1 && entry.name.eq_ignore_ascii_case(terms[0].text) {
            Tier::Exact
        } else if terms.len() == 1 && starts_with_ignore_case(&entry.name, terms[0].text) {
            Tier::Prefix
        } else if all_on_name {
            Tier::Name
        } else {
            Tier::Description
        };
        Some(Match {
            scope,
            tier,
            score,
            name_positions,
            description_positions,
        })
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Origin, parse_catalog};

    /// The search as first written: every term against name and description, one
    /// thread, no prefilter (with each match made independent of the ones before). The
    /// fast one must give exactly the same list.
    fn reference(catalog: &Catalog, query: &str) -> Vec<Match> {
        let searcher = Searcher::default();
        struct Clean<'a>(&'a Searcher);
        impl Clean<'_> {
            fn fuzzy_indices(&self, choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
                self.0.indices(choice, pattern)
            }
        }
        let matcher = Clean(&searcher);
        let terms: Vec<&str> = query.split_whitespace().collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut matches: Vec<Match> = (0..catalog.len())
            .filter_map(|scope| {
                let entry = catalog.scope(scope);
                let mut score = 0i64;
                let mut name_positions = Vec::new();
                let mut description_positions = Vec::new();
                let mut all_on_name = true;
                for term in &terms {
                    let on_name = matcher.fuzzy_indices(&entry.name, term);
                    let on_description = matcher.fuzzy_indices(&entry.description, term);
                    match (on_name, on_description) {
                        (Some((s, positions)), _) => {
                            score += 2 * s;
                            name_positions.extend(positions);
                        }
                        (None, Some((s, positions))) => {
                            all_on_name = false;
                            score += s;
                            description_positions.extend(positions);
                        }
                        (None, None) => return None,
                    }
                }
                name_positions.sort_unstable();
                name_positions.dedup();
                description_positions.sort_unstable();
                description_positions.dedup();
                let tier = if terms.len() == 1 && entry.name.eq_ignore_ascii_case(terms[0]) {
                    Tier::Exact
                } else if terms.len() == 1 && starts_with_ignore_case(&entry.name, terms[0]) {
                    Tier::Prefix
                } else if all_on_name {
                    Tier::Name
                } else {
                    Tier::Description
                };
                Some(Match {
                    scope,
                    tier,
                    score,
                    name_positions,
                    description_positions,
                })
            })
            .collect();
        let prefix_length = |m: &Match| match m.tier {
            Tier::Prefix => catalog.name(m.scope).len(),
            _ => 0,
        };
        matches.sort_by(|a, b| {
            b.tier
                .cmp(&a.tier)
                .then(prefix_length(a).cmp(&prefix_length(b)))
                .then(b.score.cmp(&a.score))
                .then(a.scope.cmp(&b.scope))
        });
        matches
    }

    const QUERIES: &[&str] = &[
        "p",
        "ph",
        "phon",
        "phonelines",
        "PHONE",
        "Phone",
        "read",
        "calls:read",
        "voice greet",
        "  sms   write ",
        "all",
        "é",
        "zzqx",
        "",
        " ",
        "a b c d",
        "ReAd WRITE",
    ];

    #[test]
    fn same_results_as_the_plain_search_on_every_catalog() {
        let searcher = Searcher::default();
        let mut catalogs: Vec<Catalog> = crate::catalog::builtin_ids()
            .filter_map(crate::catalog::builtin)
            .collect();
        // All large enough to run on several threads.
        for (seed, scopes) in [(0, 600), (1, 300), (2, 300)] {
            let text = crate::synth::generate(scopes, seed);
            catalogs.push(parse_catalog(&text, "synth.toml", Origin::Builtin).expect("loads"));
        }
        // Non-ASCII text, where bytes and characters differ.
        let unicode = "id = \"u\"\nname = \"U\"\n[[scope]]\nname = \"cafe:read\"\ndescription = \"Lire les cafés — é É ü\"\n[[scope]]\nname = \"e:read\"\ndescription = \"ÉPHÉMÈRE phone\"\n";
        catalogs.push(parse_catalog(unicode, "u.toml", Origin::Builtin).expect("loads"));
        for catalog in &catalogs {
            for query in QUERIES {
                let fast = searcher.search(catalog, query);
                let plain = reference(catalog, query);
                let first_difference = fast.iter().zip(&plain).position(|(a, b)| a != b);
                assert!(
                    fast.len() == plain.len() && first_difference.is_none(),
                    "catalog {}, query {query:?}: {} and {} matches, first difference at {:?}: {:?} / {:?}",
                    catalog.id,
                    fast.len(),
                    plain.len(),
                    first_difference,
                    first_difference.map(|i| &fast[i]),
                    first_difference.map(|i| &plain[i]),
                );
            }
            // Typing on: each keystroke searched among the previous matches.
            let mut previous: Vec<ScopeId> = (0..catalog.len()).collect();
            for typed in ["p", "ph", "pho", "phon", "phon r", "phon re"] {
                let among = searcher.search_among(catalog, typed, &previous);
                assert_eq!(among, searcher.search(catalog, typed), "{typed:?}");
                previous = among.iter().map(|m| m.scope).collect();
            }
            for scope in (0..catalog.len()).step_by(97) {
                assert_eq!(
                    searcher.match_scope(catalog, scope, "ph read"),
                    reference(catalog, "ph read")
                        .into_iter()
                        .find(|m| m.scope == scope),
                );
            }
        }
    }

    #[test]
    fn a_score_does_not_depend_on_what_was_matched_before() {
        let text = crate::synth::generate(600, 0);
        let catalog = parse_catalog(&text, "synth.toml", Origin::Builtin).expect("loads");
        let mut texts: Vec<&str> = catalog.scopes.iter().map(|s| s.name.as_str()).collect();
        texts.extend([
            "a", "ab", "ba", "aa", "aaa", "abc", "x", "xy", "é", "éa", "aé",
        ]);
        for query in ["a", "al", "all", "phone", "rw", "ead", "aa", "A"] {
            // What a matcher that has never matched anything finds.
            let fresh: Vec<_> = texts
                .iter()
                .map(|t| {
                    SkimMatcherV2::default()
                        .smart_case()
                        .fuzzy_indices(t, query)
                })
                .collect();
            // One searcher, each text right after another, as a search goes.
            let searcher = Searcher::default();
            for (i, expected) in fresh.iter().enumerate() {
                for before in [i.saturating_sub(1), texts.len() - 1 - i] {
                    let _ = searcher.indices(texts[before], query);
                    assert_eq!(&searcher.indices(texts[i], query), expected, "{query}");
                }
            }
        }
    }
}
