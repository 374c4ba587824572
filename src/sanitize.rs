//! Text from catalog and profile files, made safe for a terminal.
//!
//! A catalog downloaded from the internet must not be able to drive the terminal it is
//! shown on: no escape sequences (clipboard writes, title sets, clearing the screen), no
//! C0 or C1 controls, no bidirectional overrides. The explorer passes every string through
//! [`sanitize`]; the plain commands pass their whole output through [`sanitize_lines`]
//! when it goes to a terminal.

use std::borrow::Cow;

/// Neutralises control characters and escape sequences: ESC shows as `␛`, other C0
/// controls and DEL as their control pictures (`␇` for BEL), C1 controls and
/// bidirectional overrides as `�`, tabs and line breaks as spaces. Each character maps to
/// exactly one character, so character positions still point at the right places.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(replacement).collect())
}

/// [`sanitize`] for text made of lines: line feeds and tabs are kept, everything else
/// that could drive a terminal (a carriage return included) is neutralised.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t';
    if !text.chars().any(|c| needs_replacing(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\r' => '␍',
                c if keep(c) => c,
                c => replacement(c),
            })
            .collect(),
    )
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

fn replacement(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' => ' ',
        '\u{1b}' => '␛',
        // C0 controls have control pictures at U+2400 + code.
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
        '\u{7f}' => '␡',
        c if needs_replacing(c) => '�',
        c => c,
    }
}

/// Characters that reorder the text around them (Trojan Source).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_neutralised_one_for_one() {
        let hostile = "a\u{1b}]52;c;SGVsbG8=\u{7}b\u{1b}[2J\u{9b}\u{202e}";
        let clean = sanitize(hostile);
        assert_eq!(clean, "a␛]52;c;SGVsbG8=␇b␛[2J��");
        assert_eq!(clean.chars().count(), hostile.chars().count());
        assert!(!clean.chars().any(|c| c.is_control()));
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize("Read prospects"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_lines("a\tb\nc\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_keep_their_breaks_and_lose_the_rest() {
        let hostile = "one\r\u{1b}]0;title\u{7}\u{8}\n\u{9b}2J\u{2066}two\n";
        assert_eq!(sanitize_lines(hostile), "one␍␛]0;title␇␈\n�2J�two\n");
    }
}
