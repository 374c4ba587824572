//! Fuzzy search over scope names and descriptions (skim's algorithm, via fuzzy-matcher).
//!
//! A query is split on whitespace into terms, as in fzf; a scope matches when every term
//! matches its name or its description. Exact and prefix matches on the name rank first,
//! then matches on the name, then matches on the description only.

use crate::catalog::{Catalog, ScopeId};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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
    /// Every scope matching `query`, best first; an empty query matches nothing.
    pub fn search(&self, catalog: &Catalog, query: &str) -> Vec<Match> {
        let mut matches: Vec<Match> = (0..catalog.len())
            .filter_map(|scope| self.match_scope(catalog, scope, query))
            .collect();
        // Among prefix matches the shortest name is the closest; elsewhere the score decides.
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

    /// Matches one scope against the whole query.
    pub fn match_scope(&self, catalog: &Catalog, scope: ScopeId, query: &str) -> Option<Match> {
        let terms: Vec<&str> = query.split_whitespace().collect();
        if terms.is_empty() {
            return None;
        }
        let entry = catalog.scope(scope);
        let mut score = 0i64;
        let mut name_positions = Vec::new();
        let mut description_positions = Vec::new();
        let mut all_on_name = true;
        for term in &terms {
            let on_name = self.matcher.fuzzy_indices(&entry.name, term);
            let on_description = self.matcher.fuzzy_indices(&entry.description, term);
            match (on_name, on_description) {
                (Some((s, positions)), _) => {
                    // Name matches weigh double: the name is what the user is after.
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
    }
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.is_char_boundary(prefix.len())
        && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}
