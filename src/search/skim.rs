//! fuzzy-matcher's skim matcher (`SkimMatcherV2`, default scores, smart case), for ASCII
//! texts and patterns: the same score and positions, found without its per-call costs
//! (thread-local buffers, a `char` copy of the text, three allocations, and the reset
//! call the crate's stale buffer needs, see [`super::query::Matcher`]). Every step
//! below is the crate's, in its order, on a matrix of fresh cells, so the result is what
//! a brand-new `SkimMatcherV2` gives; a property test holds them together.

use std::cell::RefCell;
use std::cmp::max;

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

const fn kind_of(byte: u8) -> Kind {
    match byte {
        0 => Kind::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Kind::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Kind::SoftSep,
        b'0'..=b'9' => Kind::Number,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

/// [`kind_of`] each byte, looked up (it is asked of every byte of a matched text).
const KINDS: [Kind; 256] = {
    let mut kinds = [Kind::Empty; 256];
    let mut byte = 0;
    while byte < 256 {
        kinds[byte] = kind_of(byte as u8);
        byte += 1;
    }
    kinds
};

fn kind(byte: u8) -> Kind {
    KINDS[usize::from(byte)]
}

fn in_place_bonus(before: Kind, at: Kind) -> i32 {
    match (before, at) {
        (Kind::Empty, _) | (Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower, Kind::Upper) | (Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

fn equal(c: u8, p: u8, case_sensitive: bool) -> bool {
    if case_sensitive {
        c == p
    } else {
        c.eq_ignore_ascii_case(&p)
    }
}

/// The skim matcher's score and matched positions (byte indices, which are character
/// indices in ASCII) of `pattern` in `choice`, both ASCII; `None` when it does not match.
pub(super) fn fuzzy_indices(choice: &[u8], pattern: &[u8]) -> Option<(i64, Vec<usize>)> {
    SCRATCH
        .with(|scratch| fuzzy_in::<true>(choice, pattern, &mut scratch.borrow_mut()))
        .map(|(score, positions)| (score, positions.unwrap_or_default()))
}

/// [`fuzzy_indices`]'s score alone, found without keeping what the positions are traced
/// back from.
pub(super) fn fuzzy_score(choice: &[u8], pattern: &[u8]) -> Option<i64> {
    SCRATCH
        .with(|scratch| fuzzy_in::<false>(choice, pattern, &mut scratch.borrow_mut()))
        .map(|(score, _)| score)
}

/// What a match works in, reused between calls (filled afresh each time).
#[derive(Default)]
struct Scratch {
    /// The first place of each pattern character.
    first: Vec<usize>,
    /// The in-place bonus of each column.
    bonuses: Vec<i32>,
    /// One row of the matrix's match and skip scores: the row above while a row is
    /// worked out, left to right, in place.
    m_scores: Vec<i32>,
    p_scores: Vec<i32>,
    /// Each cell's `M_MATCH` and `P_MATCH` steps (which way its scores came), for
    /// tracing the positions back.
    steps: Vec<u8>,
}

/// The match score of a cell came from a match in the cell before it on the diagonal.
const M_MATCH: u8 = 1;
/// The skip score of a cell came from the match score of the cell to its left.
const P_MATCH: u8 = 2;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The crate's matrix, worked out a row at a time. Each cell has a match score (`m`, the
/// best with the row's pattern character matched there), a skip score (`p`, the best
/// with it matched further left) and a consecutive bonus. The crate reads the bonus of
/// the cell to the left of a match, which only ever holds 0 then (it is written as the
/// match to its right is made, after that read, or 0 where nothing matched), so the
/// consecutive bonus of a match is its in-place bonus, at least `BONUS_CONSECUTIVE`,
/// and no bonus is kept. Cells a row does not reach (left of its character's first
/// place) are fresh; no row reads those of the row above.
fn fuzzy_in<const POSITIONS: bool>(
    choice: &[u8],
    pattern: &[u8],
    scratch: &mut Scratch,
) -> Option<(i64, Option<Vec<usize>>)> {
    if pattern.is_empty() {
        return Some((0, POSITIONS.then(Vec::new)));
    }
    let case_sensitive = pattern.iter().any(u8::is_ascii_uppercase);
    if let &[p] = pattern {
        return one_character(choice, p, case_sensitive)
            .map(|(score, j)| (score, POSITIONS.then(|| vec![j])));
    }
    let Scratch {
        first,
        bonuses,
        m_scores,
        p_scores,
        steps,
    } = scratch;
    // The first place of each pattern character, greedily; none: no match.
    first.clear();
    let mut wanted = pattern.iter().peekable();
    for (at, &c) in choice.iter().enumerate() {
        match wanted.peek() {
            Some(&&p) => {
                if equal(c, p, case_sensitive) {
                    first.push(at);
                    wanted.next();
                }
            }
            None => break,
        }
    }
    if wanted.peek().is_some() {
        return None;
    }
    let cols = choice.len() + 1;
    // No row reads a column at or left of the first character's first place.
    bonuses.clear();
    bonuses.resize(cols, 0);
    let mut before = first[0].checked_sub(1).map_or(0, |j| choice[j]);
    for (bonus, &c) in bonuses[first[0] + 1..].iter_mut().zip(&choice[first[0]..]) {
        *bonus = in_place_bonus(kind(before), kind(c));
        before = c;
    }
    if first[0] == 0 {
        bonuses[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
    }
    // The row above the first: no match anywhere, skips at the gap extension.
    m_scores.clear();
    m_scores.resize(cols, NEG_INFINITY);
    p_scores.clear();
    p_scores.resize(cols, GAP_EXTENSION);
    if POSITIONS {
        steps.clear();
        steps.resize(pattern.len() * cols, 0);
    }
    for (i, &p) in pattern.iter().enumerate() {
        let from = first[i];
        let row_steps = if POSITIONS {
            &mut steps[i * cols..(i + 1) * cols]
        } else {
            &mut []
        };
        // The cell to the left (fresh at the row's start) and the one above it.
        let (mut left_m, mut left_p) = (NEG_INFINITY, NEG_INFINITY);
        let (mut diagonal_m, mut diagonal_p) = (m_scores[from], p_scores[from]);
        let row = m_scores[from + 1..]
            .iter_mut()
            .zip(&mut p_scores[from + 1..])
            .zip(&choice[from..])
            .zip(&bonuses[from + 1..]);
        for (col, (((m, p_score), &c), &in_place)) in (from + 1..).zip(row) {
            let (above_m, above_p) = (*m, *p_score);
            let mut step = 0;
            *m = if equal(c, p, case_sensitive) {
                let match_score = SCORE_MATCH
                    + if !case_sensitive && p != c {
                        PENALTY_CASE_MISMATCH
                    } else {
                        0
                    };
                let score_match = diagonal_m + max(in_place, BONUS_CONSECUTIVE);
                let score_skip = diagonal_p + in_place;
                if score_match >= score_skip {
                    step |= M_MATCH;
                }
                max(score_match, score_skip) + match_score
            } else {
                NEG_INFINITY
            };
            let from_match = GAP_START + GAP_EXTENSION + left_m;
            let from_skip = GAP_EXTENSION + left_p;
            if from_match >= from_skip {
                step |= P_MATCH;
            }
            *p_score = max(from_match, from_skip);
            if POSITIONS {
                row_steps[col] = step;
            }
            (left_m, left_p) = (*m, *p_score);
            (diagonal_m, diagonal_p) = (above_m, above_p);
        }
    }
    // The best cell of the last row from the last pattern character's first place on
    // (that place itself is fresh): the last of equals, as `max_by_key` picks.
    let from = first[pattern.len() - 1];
    let mut best_col = from;
    let mut score = NEG_INFINITY;
    for (col, &m) in m_scores.iter().enumerate().skip(from + 1) {
        if m >= score {
            (best_col, score) = (col, m);
        }
    }
    if !POSITIONS {
        return Some((i64::from(score), None));
    }
    let mut positions = Vec::with_capacity(pattern.len());
    let (mut i, mut j) = (pattern.len(), best_col);
    let mut track_m = true;
    let mut step_is_match = true;
    while i > 0 && j > first[0] {
        if step_is_match {
            positions.push(j - 1);
        }
        let step = steps[(i - 1) * cols + j];
        step_is_match = step & if track_m { M_MATCH } else { P_MATCH } != 0;
        if track_m {
            i -= 1;
        }
        j -= 1;
        track_m = step_is_match;
    }
    positions.reverse();
    Some((i64::from(score), Some(positions)))
}

/// [`fuzzy_in`] for a one-character pattern, where the matrix has one row to fill: a
/// match at `j` scores the skipped row above it (the gap extension), the match score
/// (less the case penalty) and the in-place bonus there (doubled on the first
/// character); the best score wins, the last of equals, and it is the only position.
fn one_character(choice: &[u8], p: u8, case_sensitive: bool) -> Option<(i64, usize)> {
    let (a, b) = if case_sensitive {
        (p, p)
    } else {
        (p.to_ascii_lowercase(), p.to_ascii_uppercase())
    };
    let mut best: Option<(i32, usize)> = None;
    for j in memchr::memchr2_iter(a, b, choice) {
        let c = choice[j];
        let before = if j == 0 { 0 } else { choice[j - 1] };
        let mut bonus = in_place_bonus(kind(before), kind(c));
        if j == 0 {
            bonus *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        let penalty = if !case_sensitive && p != c {
            PENALTY_CASE_MISMATCH
        } else {
            0
        };
        let score = GAP_EXTENSION + bonus + SCORE_MATCH + penalty;
        if best.is_none_or(|(top, _)| score >= top) {
            best = Some((score, j));
        }
    }
    best.map(|(score, j)| (i64::from(score), j))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::{TestCaseError, prop_assert_eq};

    fn crate_says(choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        SkimMatcherV2::default()
            .smart_case()
            .fuzzy_indices(choice, pattern)
    }

    /// The positions and the score alone, each as the crate finds them.
    fn same_as_the_crate(choice: &str, pattern: &str) -> Result<(), TestCaseError> {
        let expected = crate_says(choice, pattern);
        let (choice, pattern) = (choice.as_bytes(), pattern.as_bytes());
        prop_assert_eq!(fuzzy_indices(choice, pattern), expected.clone());
        prop_assert_eq!(
            fuzzy_score(choice, pattern),
            expected.map(|(score, _)| score)
        );
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4_000))]
        /// One character, the common case of the most matches.
        #[test]
        fn one_character_as_the_crate(choice in "[aAbB0:_./ -]{0,30}", pattern in "[aAb0:_ ]") {
            same_as_the_crate(&choice, &pattern)?;
        }

        /// Exactly what a brand-new skim matcher finds.
        #[test]
        fn the_same_as_the_crates_matcher(
            choice in "[abAB01:_./ (|~-]{0,40}",
            pattern in "[abAB0:_. ]{1,5}",
        ) {
            same_as_the_crate(&choice, &pattern)?;
        }

        /// Long texts, matched far in, by longer patterns.
        #[test]
        fn the_same_on_long_texts(
            choice in "[abcAB0:_./ -]{0,160}",
            pattern in "[abcA:. ]{2,9}",
        ) {
            same_as_the_crate(&choice, &pattern)?;
        }

        #[test]
        fn the_same_on_every_ascii_character(
            choice in "[ -~]{0,30}",
            pattern in "[ -~]{1,4}",
        ) {
            same_as_the_crate(&choice, &pattern)?;
        }
    }

    #[test]
    fn the_same_on_scope_names_and_descriptions() {
        let text = scopex_synth::generate(400, 9);
        let catalog =
            crate::catalog::parse_catalog(&text, "s.toml", crate::catalog::Origin::Builtin)
                .expect("loads");
        let mut texts: Vec<&str> = catalog
            .scopes
            .iter()
            .flat_map(|s| [&*s.name, &*s.description])
            .collect();
        texts.extend([
            "Mail.ReadWrite",
            "https://www.googleapis.com/auth/drive.readonly",
        ]);
        for pattern in [
            "p",
            "P",
            "pho",
            "rw",
            "Mail",
            "read",
            "drv",
            "calls:read",
            "aa",
            "e",
        ] {
            for text in &texts {
                let expected = crate_says(text, pattern);
                let (choice, wanted) = (text.as_bytes(), pattern.as_bytes());
                assert_eq!(
                    fuzzy_indices(choice, wanted),
                    expected,
                    "{pattern:?} in {text:?}"
                );
                assert_eq!(
                    fuzzy_score(choice, wanted),
                    expected.map(|(score, _)| score),
                    "{pattern:?} in {text:?}"
                );
            }
        }
    }
}
