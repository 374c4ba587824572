//! A one-line text field with a cursor: the profile name, its path, a scope's reason.
//! Pure editing; the view decides which part of a long line is shown.

/// The text and the cursor, as a character index (`0..=len`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
}

impl LineInput {
    /// A field holding `text`, the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineInput {
        let text = text.into();
        let cursor = text.chars().count();
        LineInput { text, cursor }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// The byte offset of character `index`.
    fn byte(&self, index: usize) -> usize {
        self.text
            .char_indices()
            .nth(index)
            .map_or(self.text.len(), |(byte, _)| byte)
    }

    pub fn insert(&mut self, c: char) {
        // A pasted newline or tab would break the one-line field and the TOML is fine
        // with spaces.
        let c = if c.is_control() { ' ' } else { c };
        let at = self.byte(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Deletes the character before the cursor (Backspace).
    pub fn delete_back(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes the character under the cursor (Delete).
    pub fn delete_forward(&mut self) {
        if self.cursor < self.len() {
            let at = self.byte(self.cursor);
            self.text.remove(at);
        }
    }

    /// Deletes the word before the cursor, and the spaces after it (Ctrl-w, as in a shell).
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut start = self.cursor;
        while start > 0 && chars[start - 1].is_whitespace() {
            start -= 1;
        }
        while start > 0 && !chars[start - 1].is_whitespace() {
            start -= 1;
        }
        let (from, to) = (self.byte(start), self.byte(self.cursor));
        self.text.replace_range(from..to, "");
        self.cursor = start;
    }

    /// Deletes everything (Ctrl-u).
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }
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
}
