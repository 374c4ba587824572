//! A query in fzf's extended search syntax, and how one of its terms matches a text.
//!
//! Words are separated by whitespace and must all match (AND). A word may be marked:
//! `'exact` (a substring), `^prefix`, `suffix$`, `^whole$`, and `!` in front negates
//! (`!word`, `!^prefix`, `!suffix$`: no such substring, prefix or suffix). A lone `|`
//! between words makes them alternatives (`read | write`). Case is smart: a word with an
//! upper-case letter matches case-sensitively. Unmarked words match fuzzily (skim's
//! algorithm, via fuzzy-matcher). As in fzf, a word that is only markers (`^`, `'`, `!`,
//! `^$`) asks for nothing, so typing `^` before `drive` keeps every scope shown; a lone
//! `$` is the character itself, and so is a `|` with no word before it.
//!
//! Why this file is long: nearly a third of it is its unit tests, beside the parser,
//! the word tests and the matcher they check.

use crate::catalog::byte_mask;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// How a term matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Its characters in order, anywhere (scored by the matcher).
    Fuzzy,
    /// `'text`: the text itself, anywhere.
    Exact,
    /// `^text`: the start of a name (or of its last `/` segment).
    Prefix,
    /// `text$`: the end of a name.
    Suffix,
    /// `^text$`: the whole name (or its last `/` segment).
    Equal,
}

/// One word of a query.
#[derive(Debug, Clone)]
pub struct Term {
    pub(super) text: String,
    pub(super) kind: Kind,
    /// `!`: the term must not match.
    pub(super) negated: bool,
    /// Its bytes, ASCII-lower-cased unless the match is case-sensitive.
    folded: Vec<u8>,
    /// Smart case: an upper-case letter makes it exact.
    case_sensitive: bool,
    /// All ASCII: then [`Term::may_match`] is exactly "the matcher matches".
    ascii: bool,
}

/// A parsed query: every group must match; a group matches when any of its terms does.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub(super) groups: Vec<Vec<Term>>,
    /// The words ([`words`]) of the terms that say what a person is looking for: those
    /// that stand alone and must match (not negated, not alternatives).
    pub(super) wanted: Vec<String>,
    /// The [`byte_mask`] of each term that stands alone and must match: a name or a
    /// description holds all of its bits where it matches.
    pub(super) masks: Vec<u64>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut groups: Vec<Vec<Term>> = Vec::new();
        let mut join = false;
        for word in text.split_whitespace() {
            if word == "|" && !groups.is_empty() {
                join = true;
                continue;
            }
            let Some(term) = Term::parse(word) else {
                join = false;
                continue;
            };
            match groups.last_mut() {
                Some(group) if join => group.push(term),
                _ => groups.push(vec![term]),
            }
            join = false;
        }
        let alone = || {
            groups
                .iter()
                .filter(|group| group.len() == 1 && !group[0].negated)
                .map(|group| &group[0])
        };
        let wanted = alone()
            .flat_map(|term| words(&term.text).map(str::to_string))
            .collect();
        let masks = alone().map(|term| byte_mask(&term.folded)).collect();
        Query {
            groups,
            wanted,
            masks,
        }
    }

    /// Could a scope whose name and description have the [`byte_mask`]s `name` and
    /// `description` match? `false` only when it cannot: a term that must match holds a
    /// byte neither text holds.
    pub(super) fn may_match_masks(&self, [name, description]: [u64; 2]) -> bool {
        self.masks
            .iter()
            .all(|&term| term & !name == 0 || term & !description == 0)
    }

    /// No term at all: the query matches nothing (the callers decide what that shows).
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Does everything this query matches match `earlier` too? Then a search for it
    /// may look only among `earlier`'s matches. True when each of `earlier`'s terms has
    /// a stricter term in the same place here (typing on: `dri` → `drive`, `dri` →
    /// `^drive$`, `'dri` → `'drive`), and neither query has alternatives or negations,
    /// which widen as they grow.
    pub fn refines(&self, earlier: &Query) -> bool {
        let plain = |q: &Query| q.groups.iter().all(|g| g.len() == 1 && !g[0].negated);
        if !plain(self) || !plain(earlier) || self.groups.len() < earlier.groups.len() {
            return false;
        }
        earlier
            .groups
            .iter()
            .zip(&self.groups)
            .all(|(old, new)| new[0].refines(&old[0]))
    }
}

impl Term {
    /// The term `word` asks for; `None` when it is only markers and asks for nothing.
    fn parse(word: &str) -> Option<Term> {
        let (negated, mut text) = match word.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let mut kind = if negated { Kind::Exact } else { Kind::Fuzzy };
        // `$` alone is the character; `suffix$` and `^whole$` are marked.
        let suffix = text != "$" && text.ends_with('$');
        if suffix {
            text = &text[..text.len() - 1];
            kind = Kind::Suffix;
        }
        if let Some(rest) = text.strip_prefix('\'') {
            text = rest;
            if !suffix {
                kind = Kind::Exact;
            }
        } else if let Some(rest) = text.strip_prefix('^') {
            text = rest;
            kind = if suffix { Kind::Equal } else { Kind::Prefix };
        }
        (!text.is_empty()).then(|| Term::new(text, kind, negated))
    }

    pub(super) fn new(text: &str, kind: Kind, negated: bool) -> Term {
        let case_sensitive = text.bytes().any(|b| b.is_ascii_uppercase());
        let folded = if case_sensitive {
            text.as_bytes().to_vec()
        } else {
            text.bytes().map(|b| b.to_ascii_lowercase()).collect()
        };
        Term {
            text: text.to_string(),
            kind,
            negated,
            folded,
            case_sensitive,
            ascii: text.is_ascii(),
        }
    }

    fn refines(&self, earlier: &Term) -> bool {
        if !self.text.starts_with(earlier.text.as_str()) {
            return false;
        }
        match earlier.kind {
            // Every kind asks at least for the characters in order.
            Kind::Fuzzy => true,
            // A longer substring, a longer prefix.
            Kind::Exact => matches!(self.kind, Kind::Exact),
            Kind::Prefix => matches!(self.kind, Kind::Prefix | Kind::Equal),
            Kind::Suffix | Kind::Equal => self.kind == earlier.kind && self.text == earlier.text,
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

    fn eq_bytes(&self, text: &[u8]) -> bool {
        text.len() == self.folded.len()
            && if self.case_sensitive {
                text == self.folded.as_slice()
            } else {
                text.eq_ignore_ascii_case(&self.folded)
            }
    }

    /// Does the term match `text`, ignoring `negated`? `anchored` says whether `text` is
    /// a name, which prefix and suffix terms are about (a description is not).
    pub(super) fn matches(&self, matcher: &Matcher, text: &str, anchored: bool) -> bool {
        match self.kind {
            Kind::Fuzzy if self.ascii => self.may_match(text),
            Kind::Fuzzy => self.may_match(text) && self.fuzzy(matcher, text).is_some(),
            _ => self.literal(text, anchored).is_some(),
        }
    }

    /// The score and matched character positions of the term in `text`, ignoring
    /// `negated`.
    pub(super) fn indices(
        &self,
        matcher: &Matcher,
        text: &str,
        anchored: bool,
    ) -> Option<(i64, Vec<usize>)> {
        match self.kind {
            Kind::Fuzzy => {
                if self.may_match(text) {
                    self.fuzzy(matcher, text)
                } else {
                    None
                }
            }
            _ => {
                let at = self.literal(text, anchored)?;
                let start = text[..at].chars().count();
                let length = text[at..at + self.text.len()].chars().count();
                let boundary = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|before| boundary(before, text[at..].chars().next()));
                // What the matcher gives a run of matched characters: the match and
                // the consecutive bonus for each, the boundary bonus (doubled on the
                // first character, as it does) when the run starts a word.
                let score = 20 * length as i64 + if boundary { 16 } else { 0 };
                Some((score, (start..start + length).collect()))
            }
        }
    }

    /// [`Term::indices`]'s score alone, found quicker.
    pub(super) fn score(&self, matcher: &Matcher, text: &str, anchored: bool) -> Option<i64> {
        match self.kind {
            Kind::Fuzzy => {
                if self.may_match(text) {
                    matcher.score(self.cut(text), &self.text)
                } else {
                    None
                }
            }
            _ => self
                .indices(matcher, text, anchored)
                .map(|(score, _)| score),
        }
    }

    /// Where a literal term (exact, prefix, suffix, whole) matches `text` (a byte
    /// offset). An exact term prefers a place that starts a word.
    fn literal(&self, text: &str, anchored: bool) -> Option<usize> {
        let bytes = text.as_bytes();
        let n = self.folded.len();
        let local = local_start(text);
        let at_char = |at: usize| text.is_char_boundary(at) && text.is_char_boundary(at + n);
        match self.kind {
            Kind::Fuzzy => None,
            Kind::Prefix | Kind::Equal if !anchored => None,
            Kind::Suffix if !anchored => None,
            Kind::Prefix => [0, local].into_iter().find(|&at| {
                bytes.len() >= at + n && at_char(at) && self.eq_bytes(&bytes[at..at + n])
            }),
            Kind::Equal => [0, local]
                .into_iter()
                .find(|&at| bytes.len() == at + n && self.eq_bytes(&bytes[at..])),
            Kind::Suffix => {
                let at = bytes.len().checked_sub(n)?;
                (at_char(at) && self.eq_bytes(&bytes[at..])).then_some(at)
            }
            Kind::Exact => {
                let mut first = None;
                let first_byte = *self.folded.first()?;
                let (a, b) = self.cases(first_byte);
                let mut from = 0;
                while let Some(found) = memchr::memchr2(a, b, &bytes[from..]) {
                    let at = from + found;
                    from = at + 1;
                    if bytes.len() < at + n || !at_char(at) || !self.eq_bytes(&bytes[at..at + n]) {
                        continue;
                    }
                    let before = text[..at].chars().next_back();
                    if before.is_none_or(|c| boundary(c, text[at..].chars().next())) {
                        return Some(at);
                    }
                    first.get_or_insert(at);
                }
                first
            }
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

    fn fuzzy(&self, matcher: &Matcher, haystack: &str) -> Option<(i64, Vec<usize>)> {
        matcher.indices(self.cut(haystack), &self.text)
    }

    /// Could the matcher match `haystack`? Its characters must appear in order. Tested
    /// on bytes, it is never false where the matcher finds a match (it compares
    /// characters the same way, folding only ASCII case), so skipping the matcher when
    /// this fails changes no result; for an ASCII term it is exactly the matcher's
    /// answer (an ASCII byte never occurs inside a multi-byte character).
    fn may_match(&self, haystack: &str) -> bool {
        self.end_of_chars(haystack, 0, 0).is_some()
    }

    /// The term's characters from its `done`th byte on, found one after another in
    /// `haystack` from byte `from` on, each at its first place there: one past the last
    /// one's place, `None` when one is missing. From the start of both, it is `Some`
    /// exactly when [`Term::may_match`] holds, and a longer term of the same case goes on
    /// from where this one ends.
    pub(super) fn end_of_chars(&self, haystack: &str, from: usize, done: usize) -> Option<usize> {
        let haystack = haystack.as_bytes();
        let mut at = from;
        for &wanted in self.folded.get(done..)? {
            let (wanted, other) = self.cases(wanted);
            at += memchr::memchr2(wanted, other, haystack.get(at..)?)? + 1;
        }
        Some(at)
    }

    /// A fuzzy ASCII term that must match: whether it matches a text is
    /// [`Term::end_of_chars`] from the start.
    pub(super) fn is_plain(&self) -> bool {
        self.kind == Kind::Fuzzy && self.ascii && !self.negated
    }

    /// Does this term begin with `earlier`, compared alike (same case rule)? Then its
    /// characters are found where `earlier`'s end.
    pub(super) fn continues(&self, earlier: &Term) -> bool {
        self.case_sensitive == earlier.case_sensitive && self.folded.starts_with(&earlier.folded)
    }

    /// The length of the term's text in bytes.
    pub(super) fn len(&self) -> usize {
        self.folded.len()
    }
}

/// Does a word start at a character after `before` (the character there is `at`)?
/// After anything not a letter or digit (`:`, `.`, `/`, `_`, `-`, a space), and at a
/// camelCase hump.
fn boundary(before: char, at: Option<char>) -> bool {
    !before.is_alphanumeric()
        || (before.is_lowercase() && at.is_some_and(|c| c.is_uppercase()))
        || (before.is_ascii_digit() != at.is_some_and(|c| c.is_ascii_digit()))
}

/// Where a name's last `/` segment starts (0 without a `/`, or when nothing follows the
/// last one): `drive.readonly` in `https://www.googleapis.com/auth/drive.readonly`.
pub(super) fn local_start(name: &str) -> usize {
    match name.trim_end_matches('/').rfind('/') {
        Some(at) if at + 1 < name.len() && !name.ends_with('/') => at + 1,
        _ => 0,
    }
}

/// The words of a name or a term: its runs of letters and digits (`Mail.ReadWrite` →
/// `Mail`, `ReadWrite`; `read:issue-details:jira` → `read`, `issue`, `details`, `jira`).
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Could `name` be of `tier` or better for a query whose words are `wanted` (see
/// [`super::Tier`])? `false` only when it cannot: a word tier needs each wanted word to
/// begin a word of the name (ASCII case folded), and the tiers above it the first wanted
/// word to begin the name's first word, or the first word after its last `/`. A quick
/// test of the bytes, for passing over scopes that cannot come first.
pub(super) fn may_reach(wanted: &[String], name: &str, tier: super::Tier) -> bool {
    let Some(first) = wanted.first() else {
        return true;
    };
    if tier >= super::Tier::Prefix {
        let local = local_start(name);
        let first_word_begins =
            |part: &str| words(part).next().is_some_and(|word| begins(first, word));
        return first_word_begins(name) || (local > 0 && first_word_begins(&name[local..]));
    }
    if tier >= super::Tier::Words {
        return wanted.iter().all(|want| begins_a_word(want, name));
    }
    true
}

/// Does `word` begin with `want`, ASCII case folded?
fn begins(want: &str, word: &str) -> bool {
    word.len() >= want.len()
        && word.is_char_boundary(want.len())
        && word.as_bytes()[..want.len()].eq_ignore_ascii_case(want.as_bytes())
}

/// Does a word of `name` ([`words`]) begin with `want` (itself a word)?
fn begins_a_word(want: &str, name: &str) -> bool {
    if !name.is_ascii() {
        return words(name).any(|word| begins(want, word));
    }
    // An ASCII name: its words are its runs of ASCII letters and digits. `want` is
    // letters and digits only, so a folded equal run of bytes at a word's start lies
    // inside that word.
    let (want, bytes) = (want.as_bytes(), name.as_bytes());
    let Some(&lead) = want.first() else {
        return true;
    };
    let mut after_word = false;
    for (at, &byte) in bytes.iter().enumerate() {
        let alnum = byte.is_ascii_alphanumeric();
        if alnum
            && !after_word
            && byte.eq_ignore_ascii_case(&lead)
            && bytes.len() - at >= want.len()
            && bytes[at..at + want.len()].eq_ignore_ascii_case(want)
        {
            return true;
        }
        after_word = alnum;
    }
    false
}

/// fuzzy-matcher's skim matcher, with smart case.
pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            skim: SkimMatcherV2::default().smart_case(),
        }
    }
}

impl Matcher {
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
    ///
    /// ASCII texts (most scope names and descriptions) go through [`super::skim`], the
    /// same algorithm without the crate's per-call costs.
    pub(super) fn indices(&self, choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        if choice.is_ascii() && pattern.is_ascii() {
            return super::skim::fuzzy_indices(choice.as_bytes(), pattern.as_bytes());
        }
        let _ = self.skim.fuzzy_match("a", "a");
        self.skim.fuzzy_indices(choice, pattern)
    }

    /// [`Matcher::indices`]'s score alone, found quicker for ASCII texts.
    pub(super) fn score(&self, choice: &str, pattern: &str) -> Option<i64> {
        if choice.is_ascii() && pattern.is_ascii() {
            return super::skim::fuzzy_score(choice.as_bytes(), pattern.as_bytes());
        }
        self.indices(choice, pattern).map(|(score, _)| score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(query: &str) -> Vec<Vec<(String, Kind, bool)>> {
        Query::parse(query)
            .groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| (t.text.clone(), t.kind, t.negated))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn parses_fzf_extended_syntax() {
        let t = |s: &str, k, n| (s.to_string(), k, n);
        assert_eq!(
            kinds("drv 'read ^drive readonly$ ^drive$ !write !^admin !only$"),
            [
                vec![t("drv", Kind::Fuzzy, false)],
                vec![t("read", Kind::Exact, false)],
                vec![t("drive", Kind::Prefix, false)],
                vec![t("readonly", Kind::Suffix, false)],
                vec![t("drive", Kind::Equal, false)],
                vec![t("write", Kind::Exact, true)],
                vec![t("admin", Kind::Prefix, true)],
                vec![t("only", Kind::Suffix, true)],
            ]
        );
        assert_eq!(
            kinds("read | write | ^admin mail"),
            [
                vec![
                    t("read", Kind::Fuzzy, false),
                    t("write", Kind::Fuzzy, false),
                    t("admin", Kind::Prefix, false)
                ],
                vec![t("mail", Kind::Fuzzy, false)],
            ]
        );
        // As in fzf: words that are only markers ask for nothing; `$` alone and a `|`
        // with no word before it are characters; a dangling `|` joins nothing.
        assert_eq!(
            kinds("| ^ ! ' ^$ !' '$ $ !$ a |"),
            [
                vec![t("|", Kind::Fuzzy, false)],
                vec![t("$", Kind::Fuzzy, false)],
                vec![t("$", Kind::Exact, true)],
                vec![t("a", Kind::Fuzzy, false)],
            ]
        );
        assert_eq!(kinds("read | ^ write"), kinds("read write"));
        for nothing in ["  ", "^", "!", "'", "^$", "! ^ '"] {
            assert!(Query::parse(nothing).is_empty(), "{nothing:?}");
        }
    }

    #[test]
    fn literal_terms_match_where_they_say() {
        let m = Matcher::default();
        let url = "https://www.googleapis.com/auth/drive.readonly";
        let matches = |q: &str, text: &str| Term::parse(q).expect("a term").matches(&m, text, true);
        assert!(matches("^drive", url));
        assert!(matches("^https", url));
        assert!(!matches("^auth", url));
        assert!(matches("readonly$", url));
        assert!(matches("^drive.readonly$", url));
        assert!(!matches("^drive$", url));
        assert!(matches("'dri", url));
        assert!(!matches("'drv", url));
        assert!(matches("'READ", "Mail.READ"));
        assert!(!matches("'READ", "Mail.Read"));
        assert!(matches("'read", "Mail.Read"));
        // Prefix and suffix are about names only.
        assert!(
            !Term::parse("^drive")
                .expect("a term")
                .matches(&m, "drive files", false)
        );
        assert!(
            Term::parse("'drive")
                .expect("a term")
                .matches(&m, "see drive files", false)
        );
        // An exact term is marked where a word starts, when it can be.
        assert_eq!(
            Term::parse("'read")
                .expect("a term")
                .indices(&m, "bread.read", true),
            Some((96, vec![6, 7, 8, 9]))
        );
        assert_eq!(
            Term::parse("'éa")
                .expect("a term")
                .indices(&m, "café.éa", true)
                .map(|(_, p)| p),
            Some(vec![5, 6])
        );
    }

    #[test]
    fn a_longer_query_refines_the_shorter_only_when_it_narrows() {
        let refines = |new: &str, old: &str| Query::parse(new).refines(&Query::parse(old));
        assert!(refines("drive", "dri"));
        assert!(refines("drive r", "drive"));
        assert!(refines("^drive", "^dri"));
        assert!(refines("'drive", "dri"));
        assert!(refines("drive$", "drive"));
        // A dangling `|` joins nothing yet; the alternative after it widens.
        assert!(refines("drive |", "drive"));
        assert!(!refines("drive | x", "drive |"));
        assert!(!refines("!drive", "!dri"));
        // `^` alone asks for nothing yet: whatever follows it narrows.
        assert!(refines("^d", "^"));
        assert!(refines("'d", "'"));
        assert!(!refines("dr$", "dr$x"));
    }

    #[test]
    fn local_names_and_words() {
        assert_eq!(
            local_start("https://www.googleapis.com/auth/drive"),
            "https://www.googleapis.com/auth/".len()
        );
        assert_eq!(local_start("https://mail.google.com/"), 0);
        assert_eq!(local_start("Mail.Read"), 0);
        assert_eq!(
            words("read:issue-details:jira").collect::<Vec<_>>(),
            ["read", "issue", "details", "jira"]
        );
    }

    /// The quick test never turns away a name that reaches the tier.
    #[test]
    fn may_reach_holds_for_every_name_that_reaches_a_tier() {
        use crate::search::{Fields, Tier, class};
        let mut names: Vec<String> = crate::catalog::builtin_ids()
            .filter_map(crate::catalog::builtin)
            .flat_map(|c| c.scopes.into_iter().map(|s| s.name.to_string()))
            .collect();
        names.extend(
            [
                "Lire.cafés",
                "é:read",
                "ÉPH.x",
                "a//b",
                "/x/",
                "https://x.io/",
            ]
            .map(String::from),
        );
        let mut queries: Vec<String> = [
            "r",
            "read",
            "user read",
            "dri",
            "drive readonly",
            "Mail.ReadWrite",
            "é",
            "ÉP",
            "calls:read",
            "x",
            "auth drive",
            "repo",
            "write org",
        ]
        .map(String::from)
        .to_vec();
        // Each name's own words, whole and begun: its exact and prefix tiers.
        for name in names.iter().step_by(7) {
            let parts: Vec<&str> = words(name).collect();
            queries.push(parts.join(" "));
            if let Some(first) = parts.first() {
                queries.push(first.chars().take(2).collect());
            }
        }
        for query in &queries {
            let query = Query::parse(query);
            for name in &names {
                let fields = Fields {
                    name,
                    other: "",
                    other_is_name: false,
                };
                let reached = class(&query, fields, true, true).tier;
                for tier in [Tier::Words, Tier::Prefix, Tier::Exact] {
                    assert!(
                        reached < tier || may_reach(&query.wanted, name, tier),
                        "{name:?}, {:?}, {tier:?}",
                        query.wanted
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]
        /// A text a term matches holds every bit of the term's byte mask, whatever the
        /// kind of term: the masks never turn a match away.
        #[test]
        fn a_text_a_term_matches_holds_its_mask(
            text in "[ -~éÉ]{0,40}",
            pattern in "[a-fA-F0-9:._ é-]{1,4}",
        ) {
            let matcher = Matcher::default();
            for kind in [Kind::Fuzzy, Kind::Exact, Kind::Prefix, Kind::Suffix, Kind::Equal] {
                let term = Term::new(&pattern, kind, false);
                if term.matches(&matcher, &text, true) {
                    proptest::prop_assert_eq!(
                        byte_mask(&term.folded) & !byte_mask(text.as_bytes()),
                        0,
                        "{:?} {:?} in {:?}", kind, pattern, text
                    );
                }
            }
            let query = Query::parse(&pattern);
            let fits = query.may_match_masks([byte_mask(text.as_bytes()), 0]);
            let on_name = query.groups.iter().all(|group| {
                group.iter().any(|term| term.matches(&matcher, &text, true) != term.negated)
            });
            proptest::prop_assert!(fits || !on_name, "{:?} in {:?}", pattern, text);
        }
    }

    #[test]
    fn a_mask_tells_letters_apart_but_not_their_case() {
        let mask = |text: &str| byte_mask(text.as_bytes());
        assert_eq!(mask("Read"), mask("dear"));
        assert_ne!(mask("read"), mask("reed"));
        let query = Query::parse("zq rd");
        assert!(query.may_match_masks([mask("ZQ"), mask("RD")]));
        assert!(query.may_match_masks([mask("QZRD"), 0]));
        assert!(!query.may_match_masks([mask("zr"), mask("qd")]));
        // A negated term or an alternative asks for nothing.
        assert!(Query::parse("!z x | y").may_match_masks([0, 0]));
    }
}
