//! Fuzzy search over scope names and descriptions (skim's algorithm, via fuzzy-matcher).
//!
//! A query is split on whitespace into terms, as in fzf; a scope matches when every term
//! matches its name or its description. Exact and prefix matches on the name rank first,
//! then matches on the name, then matches on the description only.

use crate::catalog::{Catalog, ScopeId};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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

/// Whether a search gathers the matched positions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Positions {
    Kept,
    Dropped,
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
    /// All ASCII: then [`Term::may_match`] is exactly "the matcher matches".
    ascii: bool,
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
            ascii: text.is_ascii(),
        }
    }

    /// Does the matcher match `haystack`? For an ASCII term the byte test decides: an
    /// ASCII byte never occurs inside a multi-byte character, so bytes in order are
    /// characters in order, and the matcher asks no more than that (its score comes
    /// after). Otherwise the matcher itself is asked.
    fn matches(&self, searcher: &Searcher, haystack: &str) -> bool {
        if self.ascii {
            self.may_match(haystack)
        } else {
            self.may_match(haystack) && self.indices(searcher, haystack).is_some()
        }
    }

    /// The bytes that match `folded`, a byte of this term: either case of a letter,
    /// unless the case must match.
    fn cases(&self, folded: u8) -> (u8, u8) {
        if self.case_sensitive {
            (folded, folded)
        } else {
            (folded, folded.to_ascii_uppercase())
        }
    }

    /// `haystack` up to the last place it holds the term's last character. The matcher's
    /// score and positions depend only on the text up to the end of the match it picks
    /// (each cell of its score matrix is worked out from the cells before it), and no
    /// match ends past that place, so the rest is work for nothing: a long description
    /// matched by one letter near its start is cut short.
    fn cut<'h>(&self, haystack: &'h str) -> &'h str {
        let Some(&last) = self.folded.last() else {
            return haystack;
        };
        if !self.ascii {
            return haystack;
        }
        let (last, other) = self.cases(last);
        // An ASCII byte is a whole character, so the cut falls between characters.
        match memchr::memrchr2(last, other, haystack.as_bytes()) {
            Some(at) => &haystack[..=at],
            None => haystack,
        }
    }

    /// The matcher's score and positions of this term in `haystack`.
    fn indices(&self, searcher: &Searcher, haystack: &str) -> Option<(i64, Vec<usize>)> {
        searcher.indices(self.cut(haystack), self.text)
    }

    /// Could the matcher match `haystack`? Its characters must appear in order. Tested
    /// on bytes, it is never false where the matcher finds a match (it compares
    /// characters the same way, folding only ASCII case), so skipping the matcher when
    /// this fails changes no result.
    fn may_match(&self, haystack: &str) -> bool {
        let haystack = haystack.as_bytes();
        let mut at = 0;
        for &wanted in &self.folded {
            let (wanted, other) = self.cases(wanted);
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
        self.ranked(catalog, query, Positions::Kept)
    }

    /// [`Searcher::search`]'s matches in its order, without the matched positions (left
    /// empty), which take time to gather and are only needed to show them.
    pub fn search_unmarked(&self, catalog: &Catalog, query: &str) -> Vec<Match> {
        self.ranked(catalog, query, Positions::Dropped)
    }

    fn ranked(&self, catalog: &Catalog, query: &str, positions: Positions) -> Vec<Match> {
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut matches = filter_in_parallel(catalog.len(), |scope| {
            self.match_terms(catalog, scope, &terms, positions)
        });
        // Deprecated scopes last. Among prefix matches the shortest name is the closest;
        // elsewhere the score decides.
        let prefix_length = |m: &Match| match m.tier {
            Tier::Prefix => catalog.name(m.scope).len(),
            _ => 0,
        };
        let deprecated = |m: &Match| catalog.scope(m.scope).deprecated.is_some();
        matches.sort_unstable_by(|a, b| {
            deprecated(a)
                .cmp(&deprecated(b))
                .then(b.tier.cmp(&a.tier))
                .then(prefix_length(a).cmp(&prefix_length(b)))
                .then(b.score.cmp(&a.score))
                .then(a.scope.cmp(&b.scope))
        });
        matches
    }

    /// The scopes that match `query`: exactly those [`Searcher::search`] finds, in id
    /// order, without scoring them. Only `among` (in id order) are tried when given: the
    /// matches of a query this one extends, for instance.
    pub fn matching(
        &self,
        catalog: &Catalog,
        query: &str,
        among: Option<&[ScopeId]>,
    ) -> Vec<ScopeId> {
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let matches = |scope: ScopeId| {
            let entry = catalog.scope(scope);
            terms.iter().all(|term| {
                term.matches(self, &entry.name) || term.matches(self, &entry.description)
            })
        };
        match among {
            Some(among) => filter_in_parallel(among.len(), |i| {
                Some(among[i]).filter(|&scope| matches(scope))
            }),
            None => filter_in_parallel(catalog.len(), |scope| Some(scope).filter(|&s| matches(s))),
        }
    }

    /// The scopes among `matching` (all the matches of `query`) that could come first in
    /// [`Searcher::search`]'s order, found without the matcher: those not deprecated if
    /// any, of the best tier, and of prefix matches the shortest. Their scores decide between them
    /// ([`Searcher::best`]).
    pub fn best_candidates(
        &self,
        catalog: &Catalog,
        query: &str,
        matching: &[ScopeId],
    ) -> Vec<ScopeId> {
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        let rank = |scope: ScopeId| {
            let name = catalog.name(scope);
            let tier = match terms.as_slice() {
                [term] if name.eq_ignore_ascii_case(term.text) => Tier::Exact,
                [term] if starts_with_ignore_case(name, term.text) => Tier::Prefix,
                _ if terms.iter().all(|term| term.matches(self, name)) => Tier::Name,
                _ => Tier::Description,
            };
            // Higher is better: not deprecated, the tier, then (prefix matches) a shorter
            // name.
            let length = if tier == Tier::Prefix { name.len() } else { 0 };
            let current = catalog.scope(scope).deprecated.is_none();
            (current, tier, std::cmp::Reverse(length))
        };
        let mut best = Vec::new();
        let mut best_rank = None;
        for &scope in matching {
            let rank = rank(scope);
            match best_rank.map(|b| rank.cmp(&b)) {
                Some(std::cmp::Ordering::Less) => {}
                Some(std::cmp::Ordering::Equal) => best.push(scope),
                _ => {
                    best_rank = Some(rank);
                    best.clear();
                    best.push(scope);
                }
            }
        }
        best
    }

    /// The first of `candidates` (from [`Searcher::best_candidates`]) in
    /// [`Searcher::search`]'s order: the best score, then the lowest id. `None` when
    /// `cancelled` is set before the end (it is checked as the work goes).
    pub fn best(
        &self,
        catalog: &Catalog,
        query: &str,
        candidates: &[ScopeId],
        cancelled: &AtomicBool,
    ) -> Option<ScopeId> {
        if let [only] = candidates {
            return Some(*only);
        }
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        let mut best: Option<(i64, ScopeId)> = None;
        for (i, &scope) in candidates.iter().enumerate() {
            if i % 64 == 0 && cancelled.load(Ordering::Relaxed) {
                return None;
            }
            let Some(found) = self.match_terms(catalog, scope, &terms, Positions::Dropped) else {
                continue;
            };
            // Ties go to the lower id, as in the search's sort.
            let better = match best {
                None => true,
                Some((score, id)) => found.score > score || (found.score == score && scope < id),
            };
            if better {
                best = Some((found.score, scope));
            }
        }
        best.map(|(_, scope)| scope)
    }

    /// Matches one scope against the whole query.
    pub fn match_scope(&self, catalog: &Catalog, scope: ScopeId, query: &str) -> Option<Match> {
        let terms: Vec<Term> = query.split_whitespace().map(Term::new).collect();
        if terms.is_empty() {
            return None;
        }
        self.match_terms(catalog, scope, &terms, Positions::Kept)
    }

    fn match_terms(
        &self,
        catalog: &Catalog,
        scope: ScopeId,
        terms: &[Term],
        positions: Positions,
    ) -> Option<Match> {
        let entry = catalog.scope(scope);
        let mut score = 0i64;
        let mut name_positions = Vec::new();
        let mut description_positions = Vec::new();
        let mut all_on_name = true;
        for term in terms {
            // The name wins when both match, so the description is only tried without.
            let on_name = if term.may_match(&entry.name) {
                term.indices(self, &entry.name)
            } else {
                None
            };
            if let Some((s, found)) = on_name {
                // Name matches weigh double: the name is what the user is after.
                score += 2 * s;
                if positions == Positions::Kept {
                    name_positions.extend(found);
                }
                continue;
            }
            if !term.may_match(&entry.description) {
                return None;
            }
            let (s, found) = term.indices(self, &entry.description)?;
            all_on_name = false;
            score += s;
            if positions == Positions::Kept {
                description_positions.extend(found);
            }
        }
        if terms.len() > 1 {
            name_positions.sort_unstable();
            name_positions.dedup();
            description_positions.sort_unstable();
            description_positions.dedup();
        }
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

/// `keep(0..count)`'s kept values, in order; large counts on several threads, which take
/// small slices in turn (one that gets less CPU on a busy machine holds nobody up).
fn filter_in_parallel<T: Send>(count: usize, keep: impl Fn(usize) -> Option<T> + Sync) -> Vec<T> {
    let threads = if count >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |p| p.get().min(8))
    } else {
        1
    };
    if threads <= 1 {
        return (0..count).filter_map(keep).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut slices = Vec::new();
        loop {
            let start = next.fetch_add(SLICE, Ordering::Relaxed);
            if start >= count {
                return slices;
            }
            let kept: Vec<T> = (start..(start + SLICE).min(count))
                .filter_map(&keep)
                .collect();
            slices.push((start, kept));
        }
    };
    let mut slices = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        // The caller's thread works too.
        let mut all = work();
        for helper in helpers {
            match helper.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    slices.sort_unstable_by_key(|(start, _)| *start);
    slices.into_iter().flat_map(|(_, kept)| kept).collect()
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
        let deprecated = |m: &Match| catalog.scope(m.scope).deprecated.is_some();
        matches.sort_by(|a, b| {
            deprecated(a)
                .cmp(&deprecated(b))
                .then(b.tier.cmp(&a.tier))
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

    /// `read` itself is deprecated: the exact match comes after the current scopes.
    const DEPRECATED: &str = "id = \"d\"\nname = \"D\"\n\
        [[scope]]\nname = \"read\"\ndescription = \"Read all\"\ndeprecated = \"use read:all\"\n\
        [[scope]]\nname = \"read:all\"\ndescription = \"Read everything\"\n\
        [[scope]]\nname = \"write\"\ndescription = \"Write, and read\"\n";

    #[test]
    fn deprecated_scopes_rank_last() {
        let catalog = parse_catalog(DEPRECATED, "d.toml", Origin::Builtin).expect("loads");
        let searcher = Searcher::default();
        let order: Vec<&str> = searcher
            .search(&catalog, "read")
            .iter()
            .map(|m| catalog.name(m.scope))
            .collect();
        assert_eq!(order, ["read:all", "write", "read"]);
        let matching = searcher.matching(&catalog, "read", None);
        assert_eq!(
            searcher.best_candidates(&catalog, "read", &matching),
            [catalog.id_of("read:all").expect("a scope")]
        );
    }

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
        catalogs.push(parse_catalog(DEPRECATED, "d.toml", Origin::Builtin).expect("loads"));
        for catalog in &catalogs {
            for query in QUERIES {
                let fast = searcher.search(catalog, query);
                let plain = reference(catalog, query);
                // Without positions: the same matches in the same order.
                let unmarked = searcher.search_unmarked(catalog, query);
                let stripped: Vec<Match> = fast
                    .iter()
                    .map(|m| Match {
                        name_positions: Vec::new(),
                        description_positions: Vec::new(),
                        ..m.clone()
                    })
                    .collect();
                assert_eq!(
                    unmarked, stripped,
                    "catalog {}, query {query:?}",
                    catalog.id
                );
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
            // The unscored filter finds the same scopes, and the best of them is the
            // search's first.
            let never = AtomicBool::new(false);
            for query in QUERIES {
                let ranked = searcher.search(catalog, query);
                let mut expected: Vec<ScopeId> = ranked.iter().map(|m| m.scope).collect();
                expected.sort_unstable();
                let matching = searcher.matching(catalog, query, None);
                assert_eq!(
                    matching, expected,
                    "catalog {}, query {query:?}",
                    catalog.id
                );
                let candidates = searcher.best_candidates(catalog, query, &matching);
                let best = searcher.best(catalog, query, &candidates, &never);
                assert_eq!(
                    best,
                    ranked.first().map(|m| m.scope),
                    "catalog {}, query {query:?}",
                    catalog.id
                );
            }
            let mut previous: Vec<ScopeId> = (0..catalog.len()).collect();
            for typed in ["v", "vo", "voi", "voice", "voice ", "voice g", "voice gr"] {
                let among = searcher.matching(catalog, typed, Some(&previous));
                assert_eq!(among, searcher.matching(catalog, typed, None), "{typed:?}");
                previous = among;
            }
            // A cancelled ranking gives up.
            let all: Vec<ScopeId> = (0..catalog.len()).collect();
            if all.len() > 1 {
                assert_eq!(
                    searcher.best(catalog, "a", &all, &AtomicBool::new(true)),
                    None
                );
            }
            // Typing on: each keystroke searched among the previous matches.
            let mut previous: Vec<ScopeId> = (0..catalog.len()).collect();
            for typed in ["p", "ph", "pho", "phon", "phon r", "phon re"] {
                let among = searcher.matching(catalog, typed, Some(&previous));
                assert_eq!(among, searcher.matching(catalog, typed, None), "{typed:?}");
                previous = among;
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

    proptest::proptest! {
        /// A term's match on the text cut after its last character's last place is the
        /// match a brand-new matcher finds on the whole text.
        #[test]
        fn cutting_the_text_changes_no_match(
            text in "[abAB:_. é-]{0,24}",
            pattern in "[abAB:é]{1,4}",
        ) {
            let searcher = Searcher::default();
            let term = Term::new(&pattern);
            let fresh = SkimMatcherV2::default().smart_case().fuzzy_indices(&text, &pattern);
            proptest::prop_assert_eq!(term.indices(&searcher, &text), fresh);
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
