//! Search over scope names and descriptions, and over any list of named items (the
//! catalog picker's): fzf's extended syntax ([`query`]), fuzzy matching by skim's
//! algorithm (fuzzy-matcher), and an order that puts first what a person means.
//!
//! A scope matches when every word of the query matches its name or its description
//! (alternatives joined by `|`: one of them). The order, best first:
//! 1. current scopes before deprecated ones;
//! 2. the tier: the query's words are the words of the name, in order (`user read` is
//!    `User.Read`, `drive readonly` is `…/auth/drive.readonly`); they begin the name's
//!    words, the last one partly (`drive` for `drive.file`); each is or begins a word of
//!    the name in any order (`issue read` for `read:issue:jira`); every word matches
//!    the name fuzzily; some match only the description. For a URL-shaped name (Google's)
//!    the part after the last `/` counts as the name too;
//! 3. within the word tiers, fewer words only begun, then fewer words in the name;
//! 4. the matcher's score (a name match counts double; the matcher gives a bonus where a
//!    word starts: after `:`, `.`, `/`, `_`, `-` and at camelCase humps);
//! 5. then as fzf breaks ties: the shorter name, the earlier match, the catalog's order.
//!
//! Why this file is long: 250 of its lines are unit tests of the ranking (ties, tiers,
//! word starts), beside the code whose order they pin; the search itself is under 560.

mod names;
mod narrow;
mod parallel;
pub mod query;
mod skim;

use crate::catalog::{Catalog, ScopeId, ScopeTexts};
pub use names::NameIndex;
pub use narrow::Matching;
use parallel::{filter_in_parallel, sorted_in_parallel};
pub use query::{Kind, Query};
use query::{Matcher, Term, local_start, words};
use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};

/// One matching scope with the matched character positions (char indices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub scope: ScopeId,
    pub tier: Tier,
    pub score: i64,
    pub name_positions: Vec<usize>,
    pub description_positions: Vec<usize>,
}

/// How well an item matches, best last (so `Ord` sorts worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Some word matches only the description.
    Description,
    /// Every word matches the name, fuzzily.
    Name,
    /// Every word is, or begins, a word of the name.
    Words,
    /// The words begin the name's words in order, the last one perhaps partly.
    Prefix,
    /// The words are the name's words.
    Exact,
}

/// The two texts an item is found by: a name, and a description (or, for the
/// picker's catalogs, a second name: the id).
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    pub name: &'a str,
    pub other: &'a str,
    /// `other` is a name too: prefix and suffix terms apply to it, and a match there
    /// counts as on the name.
    pub other_is_name: bool,
}

/// How an item matches a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMatch {
    pub tier: Tier,
    pub score: i64,
    pub name_positions: Vec<usize>,
    pub other_positions: Vec<usize>,
    /// Where the match begins on the name (`usize::MAX` when only `other` matched).
    start: usize,
    class: Class,
}

/// The part of the order found without the matcher (items 1 to 3 of the module's
/// list), greater is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Class {
    current: bool,
    tier: Tier,
    /// Query words that only begin a word of the name.
    partial: Reverse<usize>,
    /// Words of the name.
    words: Reverse<usize>,
}

/// The whole order of an item, greater is better.
type Key = (Class, i64, Reverse<usize>, Reverse<usize>, Reverse<usize>);

fn key(found: &FieldMatch, name: &str, index: usize) -> Key {
    (
        found.class,
        found.score,
        Reverse(name.len()),
        Reverse(found.start),
        Reverse(index),
    )
}

#[derive(Default)]
pub struct Searcher {
    matcher: Matcher,
}

/// Whether a search gathers the matched positions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Positions {
    Kept,
    Dropped,
}

impl Searcher {
    /// Every scope matching `query`, best first; an empty query matches nothing.
    pub fn search(&self, scopes: &impl Scopes, query: &str) -> Vec<Match> {
        self.ranked(scopes, &Query::parse(query), Positions::Kept)
    }

    /// [`Searcher::search`]'s matches in its order, without the matched positions (left
    /// empty), which take time to gather and are only needed to show them.
    pub fn search_unmarked(&self, scopes: &impl Scopes, query: &str) -> Vec<Match> {
        self.ranked(scopes, &Query::parse(query), Positions::Dropped)
    }

    fn ranked(&self, scopes: &impl Scopes, query: &Query, positions: Positions) -> Vec<Match> {
        if query.is_empty() {
            return Vec::new();
        }
        if positions == Positions::Dropped {
            // Small pairs to sort (a key ends with the scope, so no two are equal); the
            // match is made from its key.
            let keys = sorted_in_parallel(
                scopes.count(),
                |scope| {
                    if !scopes.may_match(query, scope) {
                        return None;
                    }
                    let fields = scopes.fields(scope);
                    let found =
                        self.match_fields(query, fields, positions, scopes.current(scope))?;
                    Some(key(&found, fields.name, scope))
                },
                |a, b| b.cmp(a),
            );
            return keys
                .into_iter()
                .map(|key| Match {
                    scope: key.4.0,
                    tier: key.0.tier,
                    score: key.1,
                    name_positions: Vec::new(),
                    description_positions: Vec::new(),
                })
                .collect();
        }
        let matches = sorted_in_parallel(
            scopes.count(),
            |scope| {
                if !scopes.may_match(query, scope) {
                    return None;
                }
                let fields = scopes.fields(scope);
                let found = self.match_fields(query, fields, positions, scopes.current(scope))?;
                Some((key(&found, fields.name, scope), scope, found))
            },
            |a, b| b.0.cmp(&a.0),
        );
        matches
            .into_iter()
            .map(|(_, scope, found)| Match {
                scope,
                tier: found.tier,
                score: found.score,
                name_positions: found.name_positions,
                description_positions: found.other_positions,
            })
            .collect()
    }

    /// The items that match `query`, best first, as indices into `items`.
    pub fn rank<'a>(
        &self,
        query: &str,
        items: impl IntoIterator<Item = Fields<'a>>,
    ) -> Vec<(usize, FieldMatch)> {
        let query = Query::parse(query);
        if query.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(Key, usize, FieldMatch)> = items
            .into_iter()
            .enumerate()
            .filter_map(|(i, fields)| {
                let found = self.match_fields(&query, fields, Positions::Kept, true)?;
                Some((key(&found, fields.name, i), i, found))
            })
            .collect();
        found.sort_unstable_by_key(|m| Reverse(m.0));
        found.into_iter().map(|(_, i, m)| (i, m)).collect()
    }

    /// The scopes that match `query`: exactly those [`Searcher::search`] finds, in id
    /// order, without scoring them. Only `among` (in id order) are tried when given: the
    /// matches of a query this one refines ([`Query::refines`]), for instance.
    pub fn matching(
        &self,
        catalog: &Catalog,
        query: &str,
        among: Option<&[ScopeId]>,
    ) -> Vec<ScopeId> {
        let query = Query::parse(query);
        if query.is_empty() {
            return Vec::new();
        }
        let matches = |scope: ScopeId| self.is_match(&query, scope_fields(catalog, scope));
        match among {
            Some(among) => filter_in_parallel(among.len(), |i| {
                Some(among[i]).filter(|&scope| matches(scope))
            }),
            None => filter_in_parallel(catalog.len(), |scope| Some(scope).filter(|&s| matches(s))),
        }
    }

    /// The scopes among `matching` (all the matches of `query`) that could come first in
    /// [`Searcher::search`]'s order, found without the matcher: those of the best class
    /// (current or not, tier, words begun, words). Their scores and lengths decide
    /// between them ([`Searcher::best`]). `names`, the catalog's [`NameIndex`] when
    /// there is one, makes passing over most of them quicker.
    pub fn best_candidates(
        &self,
        catalog: &Catalog,
        names: Option<&NameIndex>,
        query: &str,
        matching: &[ScopeId],
    ) -> Vec<ScopeId> {
        let query = Query::parse(query);
        let mut best = Vec::new();
        let mut best_class: Option<Class> = None;
        // The quick test of the index for the leading tier, made again when it rises.
        let mut reach: Option<names::Reach> = None;
        for &scope in matching {
            // Once a current scope of a word tier leads, a scope that cannot reach its
            // tier is passed over without working out its class (most of them).
            if let Some(lead) = best_class.filter(|b| b.current && b.tier >= Tier::Words) {
                if let Some(names) = names {
                    if reach.as_ref().is_none_or(|r| r.tier != lead.tier) {
                        reach = Some(names::Reach::new(names, &query.wanted, lead.tier));
                    }
                    if reach.as_ref().is_some_and(|r| !r.may_reach(scope)) {
                        continue;
                    }
                }
                let name = catalog.name(scope);
                if !current(catalog, scope) || !query::may_reach(&query.wanted, name, lead.tier) {
                    continue;
                }
            }
            let fields = scope_fields(catalog, scope);
            let class = self.class(&query, fields, current(catalog, scope));
            match best_class.map(|b| class.cmp(&b)) {
                Some(std::cmp::Ordering::Less) => {}
                Some(std::cmp::Ordering::Equal) => best.push(scope),
                _ => {
                    best_class = Some(class);
                    best.clear();
                    best.push(scope);
                }
            }
        }
        best
    }

    /// The first of `candidates` (from [`Searcher::best_candidates`]) in
    /// [`Searcher::search`]'s order. `None` when `cancelled` is set before the end (it
    /// is checked as the work goes).
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
        let query = Query::parse(query);
        let mut best: Option<(Key, ScopeId)> = None;
        for (i, &scope) in candidates.iter().enumerate() {
            if i % 64 == 0 && cancelled.load(Ordering::Relaxed) {
                return None;
            }
            let fields = scope_fields(catalog, scope);
            let current = current(catalog, scope);
            let Some(found) = self.match_fields(&query, fields, Positions::Dropped, current) else {
                continue;
            };
            let key = key(&found, fields.name, scope);
            if best.as_ref().is_none_or(|(b, _)| key > *b) {
                best = Some((key, scope));
            }
        }
        best.map(|(_, scope)| scope)
    }

    /// Matches one scope against the whole query.
    pub fn match_scope(&self, catalog: &Catalog, scope: ScopeId, query: &str) -> Option<Match> {
        let query = Query::parse(query);
        if query.is_empty() {
            return None;
        }
        let found = self.match_fields(
            &query,
            scope_fields(catalog, scope),
            Positions::Kept,
            current(catalog, scope),
        )?;
        Some(Match {
            scope,
            tier: found.tier,
            score: found.score,
            name_positions: found.name_positions,
            description_positions: found.other_positions,
        })
    }

    /// Does `fields` match `query`? Exactly when [`Searcher::match_fields`] finds a
    /// match, but without scoring.
    fn is_match(&self, query: &Query, fields: Fields) -> bool {
        let m = &self.matcher;
        query.groups.iter().all(|group| {
            group.iter().any(|term| {
                let found = term.matches(m, fields.name, true)
                    || term.matches(m, fields.other, fields.other_is_name);
                found != term.negated
            })
        })
    }

    /// Does a group match on a name (rather than only on a description)? A negated term
    /// that holds matches nowhere in particular and counts as on the name.
    fn group_on_name(&self, group: &[Term], fields: Fields) -> bool {
        let m = &self.matcher;
        group.iter().any(|term| {
            if term.negated {
                !(term.matches(m, fields.name, true)
                    || term.matches(m, fields.other, fields.other_is_name))
            } else {
                term.matches(m, fields.name, true)
                    || (fields.other_is_name && term.matches(m, fields.other, true))
            }
        })
    }

    /// The class of a match, without the matcher.
    fn class(&self, query: &Query, fields: Fields, current: bool) -> Class {
        let on_name = query
            .groups
            .iter()
            .all(|group| self.group_on_name(group, fields));
        class(query, fields, on_name, current)
    }

    fn match_fields(
        &self,
        query: &Query,
        fields: Fields,
        positions: Positions,
        current: bool,
    ) -> Option<FieldMatch> {
        let m = &self.matcher;
        let mut score = 0i64;
        let mut name_positions = Vec::new();
        let mut other_positions = Vec::new();
        let mut start = usize::MAX;
        let mut all_on_name = true;
        for group in &query.groups {
            if let [term] = group.as_slice()
                && term.negated
            {
                if term.matches(m, fields.name, true)
                    || term.matches(m, fields.other, fields.other_is_name)
                {
                    return None;
                }
                continue;
            }
            // The best alternative on a name; failing that, on the other text. (For a
            // single term: the name wins when both match, so the other is only tried
            // without.)
            let mut on_name: Option<(i64, Vec<usize>, bool)> = None;
            let mut on_other: Option<(i64, Vec<usize>)> = None;
            for term in group {
                if term.negated {
                    let found = term.matches(m, fields.name, true)
                        || term.matches(m, fields.other, fields.other_is_name);
                    if !found && on_name.is_none() {
                        on_name = Some((0, Vec::new(), true));
                    }
                    continue;
                }
                let found = term
                    .indices(m, fields.name, true)
                    .map(|(s, p)| (s, p, true))
                    .or_else(|| {
                        fields
                            .other_is_name
                            .then(|| term.indices(m, fields.other, true))
                            .flatten()
                            .map(|(s, p)| (s, p, false))
                    });
                if let Some(found) = found {
                    if on_name.as_ref().is_none_or(|best| found.0 > best.0) {
                        on_name = Some(found);
                    }
                } else if on_name.is_none()
                    && !fields.other_is_name
                    && let Some(found) = match positions {
                        Positions::Kept => term.indices(m, fields.other, false),
                        // The positions on the other text only show where it matched.
                        Positions::Dropped => term
                            .score(m, fields.other, false)
                            .map(|score| (score, Vec::new())),
                    }
                    && on_other.as_ref().is_none_or(|best| found.0 > best.0)
                {
                    on_other = Some(found);
                }
            }
            if let Some((s, found, in_name)) = on_name {
                // Name matches weigh double: the name is what the user is after.
                score += 2 * s;
                if in_name {
                    start = start.min(found.first().copied().unwrap_or(usize::MAX));
                }
                if positions == Positions::Kept {
                    if in_name {
                        name_positions.extend(found);
                    } else {
                        other_positions.extend(found);
                    }
                }
            } else {
                let (s, found) = on_other?;
                all_on_name = false;
                score += s;
                if positions == Positions::Kept {
                    other_positions.extend(found);
                }
            }
        }
        if query.groups.len() > 1 {
            name_positions.sort_unstable();
            name_positions.dedup();
            other_positions.sort_unstable();
            other_positions.dedup();
        }
        let class = class(query, fields, all_on_name, current);
        Some(FieldMatch {
            tier: class.tier,
            score,
            name_positions,
            other_positions,
            start,
            class,
        })
    }
}

/// What a search reads of each scope: a [`Catalog`], or only the texts of a cached one
/// ([`ScopeTexts`]).
pub trait Scopes: Sync {
    /// How many scopes there are; their ids are `0..count`.
    fn count(&self) -> usize;
    /// The name and description of `scope`.
    fn fields(&self, scope: ScopeId) -> Fields<'_>;
    /// Whether `scope` is current (not deprecated).
    fn current(&self, scope: ScopeId) -> bool;
    /// Could `scope` match `query`? `false` only when it cannot, found without reading
    /// its texts (true when that cannot be told).
    fn may_match(&self, _query: &Query, _scope: ScopeId) -> bool {
        true
    }
}

impl Scopes for Catalog {
    fn count(&self) -> usize {
        self.len()
    }

    fn fields(&self, scope: ScopeId) -> Fields<'_> {
        scope_fields(self, scope)
    }

    fn current(&self, scope: ScopeId) -> bool {
        current(self, scope)
    }
}

impl Scopes for ScopeTexts {
    fn count(&self) -> usize {
        ScopeTexts::count(self)
    }

    fn fields(&self, scope: ScopeId) -> Fields<'_> {
        Fields {
            name: self.name(scope),
            other: self.description(scope),
            other_is_name: false,
        }
    }

    fn current(&self, scope: ScopeId) -> bool {
        self.is_current(scope)
    }

    fn may_match(&self, query: &Query, scope: ScopeId) -> bool {
        query.may_match_masks(self.masks(scope))
    }
}

fn scope_fields(catalog: &Catalog, scope: ScopeId) -> Fields<'_> {
    let entry = catalog.scope(scope);
    Fields {
        name: &entry.name,
        other: &entry.description,
        other_is_name: false,
    }
}

fn current(catalog: &Catalog, scope: ScopeId) -> bool {
    catalog.scope(scope).deprecated.is_none()
}

/// The class of a match (`on_name`: every group matched on a name).
fn class(query: &Query, fields: Fields, on_name: bool, current: bool) -> Class {
    let mut class = Class {
        current,
        tier: if on_name {
            Tier::Name
        } else {
            Tier::Description
        },
        partial: Reverse(0),
        words: Reverse(0),
    };
    if !on_name {
        return class;
    }
    let wanted = &query.wanted;
    if wanted.is_empty() {
        return class;
    }
    let names = [
        Some(fields.name),
        fields.other_is_name.then_some(fields.other),
    ];
    for name in names.into_iter().flatten() {
        let local = local_start(name);
        let parts = [Some(&name[local..]), (local > 0).then_some(name)];
        for part in parts.into_iter().flatten() {
            if let Some(found) = word_class(wanted, part, current) {
                class = class.max(found);
            }
        }
    }
    class
}

/// At most this many words of a name are compared with the query's (names have a
/// handful; the rest of a longer one is ignored).
const NAME_WORDS: usize = 32;

/// How the words of a query (`wanted`) fit the words of `name`: see [`Tier`].
fn word_class(wanted: &[String], name: &str, current: bool) -> Option<Class> {
    let mut buffer = [""; NAME_WORDS];
    let mut count = 0;
    for (slot, word) in buffer.iter_mut().zip(words(name)) {
        *slot = word;
        count += 1;
    }
    let parts = &buffer[..count];
    let equal = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let begins = |a: &str, b: &str| {
        b.len() >= a.len() && b.is_char_boundary(a.len()) && b[..a.len()].eq_ignore_ascii_case(a)
    };
    let class = |tier, partial| Class {
        current,
        tier,
        partial: Reverse(partial),
        words: Reverse(parts.len()),
    };
    let k = wanted.len();
    if k <= parts.len() && wanted[..k - 1].iter().zip(parts).all(|(a, b)| equal(a, b)) {
        let last = wanted[k - 1].as_str();
        if k == parts.len() && equal(last, parts[k - 1]) {
            return Some(class(Tier::Exact, 0));
        }
        if begins(last, parts[k - 1]) {
            let partial = usize::from(!equal(last, parts[k - 1]));
            return Some(class(Tier::Prefix, partial));
        }
    }
    // Each wanted word takes a word of the name of its own: an equal one if there is,
    // else one it begins.
    let mut used = [false; NAME_WORDS];
    let mut partial = 0;
    for want in wanted {
        let pick = |test: &dyn Fn(&str, &str) -> bool| {
            (0..parts.len()).find(|&i| !used[i] && test(want, parts[i]))
        };
        if let Some(i) = pick(&equal) {
            used[i] = true;
        } else if let Some(i) = pick(&begins) {
            used[i] = true;
            partial += 1;
        } else {
            return None;
        }
    }
    Some(class(Tier::Words, partial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Origin, parse_catalog};
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;

    /// The search as first written: every term against name and description, one
    /// thread, no prefilter (with each match made independent of the ones before). The
    /// fast one must give exactly the same list.
    fn reference(catalog: &Catalog, query: &str) -> Vec<Match> {
        let matcher = Matcher::default();
        let terms: Vec<&str> = query.split_whitespace().collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let parsed = Query::parse(query);
        let mut matches: Vec<(Key, Match)> = (0..catalog.len())
            .filter_map(|scope| {
                let entry = catalog.scope(scope);
                let mut score = 0i64;
                let mut name_positions = Vec::new();
                let mut description_positions = Vec::new();
                let mut all_on_name = true;
                for term in &terms {
                    let on_name = matcher.indices(&entry.name, term);
                    let on_description = matcher.indices(&entry.description, term);
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
                let fields = scope_fields(catalog, scope);
                let class = class(&parsed, fields, all_on_name, current(catalog, scope));
                let found = FieldMatch {
                    tier: class.tier,
                    score,
                    start: name_positions.first().copied().unwrap_or(usize::MAX),
                    name_positions: name_positions.clone(),
                    other_positions: description_positions.clone(),
                    class,
                };
                Some((
                    key(&found, &entry.name, scope),
                    Match {
                        scope,
                        tier: class.tier,
                        score,
                        name_positions,
                        description_positions,
                    },
                ))
            })
            .collect();
        matches.sort_by_key(|m| Reverse(m.0));
        matches.into_iter().map(|(_, m)| m).collect()
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
            searcher.best_candidates(&catalog, None, "read", &matching),
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
            let text = scopex_synth::generate(scopes, seed);
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
                let candidates = searcher.best_candidates(catalog, None, query, &matching);
                let index = NameIndex::new(catalog);
                assert_eq!(
                    searcher.best_candidates(catalog, Some(&index), query, &matching),
                    candidates,
                    "catalog {}, query {query:?}",
                    catalog.id
                );
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
            let matcher = Matcher::default();
            let term = Term::new(&pattern, Kind::Fuzzy, false);
            let fresh = SkimMatcherV2::default().smart_case().fuzzy_indices(&text, &pattern);
            proptest::prop_assert_eq!(term.indices(&matcher, &text, true), fresh);
        }
    }

    #[test]
    fn a_score_does_not_depend_on_what_was_matched_before() {
        let text = scopex_synth::generate(600, 0);
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
            let matcher = Matcher::default();
            for (i, expected) in fresh.iter().enumerate() {
                for before in [i.saturating_sub(1), texts.len() - 1 - i] {
                    let _ = matcher.indices(texts[before], query);
                    assert_eq!(&matcher.indices(texts[i], query), expected, "{query}");
                }
            }
        }
    }
}
