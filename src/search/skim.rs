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

fn kind(byte: u8) -> Kind {
    match byte {
        0 => Kind::Empty,
        b' ' | b'/' | b'\\' | b'|' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Kind::HardSep,
        b'!'..=b'\'' | b'*'..=b'.' | b':'..=b'@' | b'^'..=b'`' | b'~' => Kind::SoftSep,
        b'0'..=b'9' => Kind::Number,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Lower,
    }
}

fn in_place_bonus(before: Kind, at: Kind) -> i32 {
    match (before, at) {
        (Kind::Empty, _) | (Kind::HardSep, _) => BONUS_HEAD,
        (Kind::SoftSep, _) => BONUS_BREAK,
        (Kind::Lower, Kind::Upper) | (Kind::Number, Kind::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

#[derive(Clone, Copy)]
struct Cell {
    m_match: bool,
    m_score: i32,
    p_match: bool,
    p_score: i32,
    bonus: i32,
}

const FRESH: Cell = Cell {
    m_match: false,
    m_score: NEG_INFINITY,
    p_match: false,
    p_score: NEG_INFINITY,
    bonus: 0,
};

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
    SCRATCH.with(|scratch| {
        let (matrix, bonuses) = &mut *scratch.borrow_mut();
        fuzzy_in(choice, pattern, matrix, bonuses)
    })
}

thread_local! {
    /// The score matrix and the bonuses, reused between calls (filled afresh each time).
    static SCRATCH: RefCell<(Vec<Cell>, Vec<i32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

fn fuzzy_in(
    choice: &[u8],
    pattern: &[u8],
    matrix: &mut Vec<Cell>,
    bonuses: &mut Vec<i32>,
) -> Option<(i64, Vec<usize>)> {
    if pattern.is_empty() {
        return Some((0, Vec::new()));
    }
    let case_sensitive = pattern.iter().any(u8::is_ascii_uppercase);
    if let &[p] = pattern {
        return one_character(choice, p, case_sensitive);
    }
    // The first place of each pattern character, greedily; none: no match.
    let mut first = Vec::with_capacity(pattern.len());
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
    let rows = pattern.len() + 1;
    matrix.clear();
    matrix.resize(rows * cols, FRESH);
    let at = |row: usize, col: usize| row * cols + col;

    bonuses.clear();
    bonuses.resize(cols, 0);
    let mut before = 0u8;
    for (j, &c) in choice.iter().enumerate() {
        bonuses[j + 1] = in_place_bonus(kind(before), kind(c));
        before = c;
    }
    if bonuses.len() > 1 {
        bonuses[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
    }
    for cell in &mut matrix[..cols] {
        cell.p_score = GAP_EXTENSION;
    }
    for (i, &p) in pattern.iter().enumerate() {
        let (row, row_prev) = (i + 1, i);
        for (j, &c) in choice.iter().enumerate().skip(first[i]) {
            let (col, col_prev) = (j + 1, j);
            let (cur, last, prev) = (at(row, col), at(row, col_prev), at(row_prev, col_prev));
            if equal(c, p, case_sensitive) {
                let match_score = SCORE_MATCH
                    + if !case_sensitive && p != c {
                        PENALTY_CASE_MISMATCH
                    } else {
                        0
                    };
                let prev_match_score = matrix[prev].m_score;
                let prev_skip_score = matrix[prev].p_score;
                let prev_match_bonus = matrix[last].bonus;
                let in_place = bonuses[col];
                let consecutive = max(prev_match_bonus, max(in_place, BONUS_CONSECUTIVE));
                matrix[last].bonus = consecutive;
                let score_match = prev_match_score + consecutive;
                let score_skip = prev_skip_score + in_place;
                if score_match >= score_skip {
                    matrix[cur].m_score = score_match + match_score;
                    matrix[cur].m_match = true;
                } else {
                    matrix[cur].m_score = score_skip + match_score;
                    matrix[cur].m_match = false;
                }
            } else {
                matrix[cur].m_score = NEG_INFINITY;
                matrix[cur].m_match = false;
                matrix[cur].bonus = 0;
            }
            let from_match = GAP_START + GAP_EXTENSION + matrix[last].m_score;
            let from_skip = GAP_EXTENSION + matrix[last].p_score;
            if from_match >= from_skip {
                matrix[cur].p_score = from_match;
                matrix[cur].p_match = true;
            } else {
                matrix[cur].p_score = from_skip;
                matrix[cur].p_match = false;
            }
        }
    }
    // The best cell of the last row from the last pattern character's first place on:
    // the last of equals, as `max_by_key` picks.
    let last_row = rows - 1;
    let from = first[pattern.len() - 1];
    let mut best_col = from;
    for col in from..cols {
        if matrix[at(last_row, col)].m_score >= matrix[at(last_row, best_col)].m_score {
            best_col = col;
        }
    }
    let score = matrix[at(last_row, best_col)].m_score;
    let mut positions = Vec::with_capacity(pattern.len());
    let (mut i, mut j) = (last_row, best_col);
    let mut track_m = true;
    let mut step_is_match = true;
    while i > 0 && j > first[0] {
        if step_is_match {
            positions.push(j - 1);
        }
        let cell = matrix[at(i, j)];
        step_is_match = if track_m { cell.m_match } else { cell.p_match };
        if track_m {
            i -= 1;
        }
        j -= 1;
        track_m = step_is_match;
    }
    positions.reverse();
    Some((i64::from(score), positions))
}

/// [`fuzzy_in`] for a one-character pattern, where the matrix has one row to fill: a
/// match at `j` scores the skipped row above it (the gap extension), the match score
/// (less the case penalty) and the in-place bonus there (doubled on the first
/// character); the best score wins, the last of equals, and it is the only position.
fn one_character(choice: &[u8], p: u8, case_sensitive: bool) -> Option<(i64, Vec<usize>)> {
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
    best.map(|(score, j)| (i64::from(score), vec![j]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;

    fn crate_says(choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        SkimMatcherV2::default()
            .smart_case()
            .fuzzy_indices(choice, pattern)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4_000))]
        /// One character, the common case of the most matches.
        #[test]
        fn one_character_as_the_crate(choice in "[aAbB0:_./ -]{0,30}", pattern in "[aAb0:_ ]") {
            proptest::prop_assert_eq!(
                fuzzy_indices(choice.as_bytes(), pattern.as_bytes()),
                crate_says(&choice, &pattern)
            );
        }

        /// Exactly what a brand-new skim matcher finds.
        #[test]
        fn the_same_as_the_crates_matcher(
            choice in "[abAB01:_./ (|~-]{0,40}",
            pattern in "[abAB0:_. ]{1,5}",
        ) {
            proptest::prop_assert_eq!(
                fuzzy_indices(choice.as_bytes(), pattern.as_bytes()),
                crate_says(&choice, &pattern)
            );
        }

        #[test]
        fn the_same_on_every_ascii_character(
            choice in "[ -~]{0,30}",
            pattern in "[ -~]{1,4}",
        ) {
            proptest::prop_assert_eq!(
                fuzzy_indices(choice.as_bytes(), pattern.as_bytes()),
                crate_says(&choice, &pattern)
            );
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
                assert_eq!(
                    fuzzy_indices(text.as_bytes(), pattern.as_bytes()),
                    crate_says(text, pattern),
                    "{pattern:?} in {text:?}"
                );
            }
        }
    }
}
