//! A one-line text field with a cursor: the search query, the profile name, its path, a
//! scope's reason. The editing is `tui-input`'s (grapheme-aware moves and deletes, word
//! moves); this adds the field's rules (a line break or a tab typed or pasted is a space)
//! and what the views need to keep the cursor visible with wide characters.

use tui_input::{Input, InputRequest};
use unicode_width::UnicodeWidthStr;

/// The text and the cursor.
#[derive(Debug, Clone, Default)]
pub struct LineInput {
    input: Input,
}

impl PartialEq for LineInput {
    fn eq(&self, other: &LineInput) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

impl Eq for LineInput {}

impl LineInput {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineInput {
        LineInput {
            input: Input::new(text.into()),
        }
    }

    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// The cursor's column: the width of the text before it.
    pub fn cursor_column(&self) -> usize {
        self.input.visual_cursor()
    }

    /// Does an edit change anything? Says whether it did.
    fn handle(&mut self, request: InputRequest) -> bool {
        self.input
            .handle(request)
            .is_some_and(|c| c.value || c.cursor)
    }

    pub fn insert(&mut self, c: char) -> bool {
        // A pasted newline or tab would break the one-line field; a space does not.
        let c = if c.is_control() { ' ' } else { c };
        self.handle(InputRequest::InsertChar(c))
    }

    /// Deletes the character before the cursor (Backspace).
    pub fn delete_back(&mut self) -> bool {
        self.handle(InputRequest::DeletePrevChar)
    }

    /// Deletes the character under the cursor (Delete).
    pub fn delete_forward(&mut self) -> bool {
        self.handle(InputRequest::DeleteNextChar)
    }

    /// Deletes the word before the cursor (Ctrl-w, as in a shell).
    pub fn delete_word(&mut self) -> bool {
        self.handle(InputRequest::DeletePrevWord)
    }

    /// Deletes everything before the cursor (Ctrl-u, as in a shell).
    pub fn delete_to_start(&mut self) -> bool {
        self.handle(InputRequest::DeleteFromStart)
    }

    /// Deletes everything.
    pub fn clear(&mut self) -> bool {
        let changed = !self.text().is_empty();
        self.input.reset();
        changed
    }

    pub fn left(&mut self) -> bool {
        self.handle(InputRequest::GoToPrevChar)
    }

    pub fn right(&mut self) -> bool {
        self.handle(InputRequest::GoToNextChar)
    }

    pub fn word_left(&mut self) -> bool {
        self.handle(InputRequest::GoToPrevWord)
    }

    pub fn word_right(&mut self) -> bool {
        self.handle(InputRequest::GoToNextWord)
    }

    pub fn home(&mut self) -> bool {
        self.handle(InputRequest::GoToStart)
    }

    pub fn end(&mut self) -> bool {
        self.handle(InputRequest::GoToEnd)
    }

    /// What a field `width` columns wide shows: the text before the cursor, the
    /// character under it (a space at the end) and the text after, cut so that the
    /// cursor stays visible whatever the width of the characters, with whether text
    /// was left out before and after.
    pub fn window(&self, width: usize) -> Window {
        let text = self.text();
        let chars: Vec<char> = text.chars().collect();
        let cursor = self.cursor().min(chars.len());
        let under: String = chars.get(cursor).map_or(" ".to_string(), char::to_string);
        let under_width = UnicodeWidthStr::width(under.as_str()).max(1);
        // Room before the cursor, keeping a cell for each "…" that may be needed.
        let after_exists = cursor + 1 < chars.len();
        let room = width
            .saturating_sub(under_width)
            .saturating_sub(usize::from(after_exists));
        let mut start = cursor;
        let mut used = 0;
        while start > 0 {
            let w = char_width(chars[start - 1]);
            // Reaching the start, no "…" is needed before.
            let mark = usize::from(start > 1);
            if used + w + mark > room {
                break;
            }
            used += w;
            start -= 1;
        }
        let cut_before = start > 0;
        let mut left = width.saturating_sub(under_width + used + usize::from(cut_before));
        let mut end = (cursor + 1).min(chars.len());
        while end < chars.len() {
            let w = char_width(chars[end]);
            let mark = usize::from(end + 1 < chars.len());
            if w + mark > left {
                break;
            }
            left -= w;
            end += 1;
        }
        Window {
            before: chars[start..cursor].iter().collect(),
            under,
            after: chars[(cursor + 1).min(end)..end].iter().collect(),
            cut_before,
            cut_after: end < chars.len(),
        }
    }
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// The part of a field that fits, around its cursor (see [`LineInput::window`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub before: String,
    pub under: String,
    pub after: String,
    pub cut_before: bool,
    pub cut_after: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor() {
        let mut input = LineInput::new("Reads users");
        assert_eq!(input.cursor(), 11);
        input.home();
        input.insert('→');
        input.insert(' ');
        assert_eq!(input.text(), "→ Reads users");
        input.end();
        input.delete_word();
        assert_eq!(input.text(), "→ Reads ");
        input.delete_word();
        assert_eq!(input.text(), "→ ");
        input.left();
        input.left();
        input.left();
        input.delete_forward();
        assert_eq!(input.text(), " ");
        input.delete_back();
        assert_eq!(input.text(), " ");
        input.right();
        input.delete_back();
        assert_eq!((input.text(), input.cursor()), ("", 0));
        input.insert('\t');
        assert_eq!(input.text(), " ");
        input.clear();
        assert_eq!(input, LineInput::default());
    }

    #[test]
    fn word_moves_and_ctrl_u() {
        let mut input = LineInput::new("read the users");
        input.word_left();
        assert_eq!(input.cursor(), 9);
        input.word_left();
        assert_eq!(input.cursor(), 5);
        input.word_right();
        assert_eq!(input.cursor(), 9);
        input.delete_to_start();
        assert_eq!((input.text(), input.cursor()), ("users", 0));
    }

    #[test]
    fn the_cursor_stays_in_the_window_with_wide_characters() {
        let wide = "漢".repeat(60);
        let mut input = LineInput::new(wide.clone());
        // From a wide character and a "…" either side up.
        for width in [4, 5, 10, 37, 200] {
            for cursor in [0, 1, 30, 59, 60] {
                input.home();
                for _ in 0..cursor {
                    input.right();
                }
                let window = input.window(width);
                let shown = UnicodeWidthStr::width(window.before.as_str())
                    + UnicodeWidthStr::width(window.under.as_str())
                    + UnicodeWidthStr::width(window.after.as_str())
                    + usize::from(window.cut_before)
                    + usize::from(window.cut_after);
                assert!(shown <= width, "{width} {cursor}: {window:?} takes {shown}");
                let under = if cursor == 60 { " " } else { "漢" };
                assert_eq!(window.under, under, "{width} {cursor}");
            }
        }
    }
}
