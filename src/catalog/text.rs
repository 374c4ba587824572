//! The text of a catalog's scopes in one buffer. A large catalog has hundreds of thousands
//! of names and descriptions; one allocation for them all, instead of one each, makes it
//! load faster and take less memory, and keeps the text that a search reads together.
//! A catalog read from its compiled form keeps its text where the compiled file is mapped
//! into memory ([`Store`]): nothing is copied.

use super::mapped::Bytes;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// A scope's name or description: a piece of its catalog's text buffer. It reads as a
/// `&str` (it derefs to one) and compares, prints and hashes as one.
#[derive(Clone)]
pub struct Text {
    buffer: Arc<Store>,
    start: u32,
    end: u32,
}

impl Text {
    pub fn as_str(&self) -> &str {
        // The range was cut from this buffer at char boundaries (see `TextBuffer::push`).
        self.buffer
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

impl Text {
    /// The buffer this text lies in.
    pub(crate) fn buffer(&self) -> &Arc<Store> {
        &self.buffer
    }

    /// Where in its buffer this text is.
    pub(crate) fn range(&self) -> (u32, u32) {
        (self.start, self.end)
    }

    /// Where this text lies in `buffer`, if that is its buffer.
    pub(crate) fn range_in(&self, buffer: &Arc<Store>) -> Option<(u32, u32)> {
        Arc::ptr_eq(&self.buffer, buffer).then_some((self.start, self.end))
    }

    /// The bytes `range` of this text, sharing its buffer (clamped to the text; a range
    /// that cuts a character reads as an empty text).
    pub fn slice(&self, range: Range<usize>) -> Text {
        let len = self.end - self.start;
        let clamp = |at: usize| u32::try_from(at).map_or(len, |at| at.min(len));
        let (start, end) = (clamp(range.start), clamp(range.end));
        Text {
            buffer: Arc::clone(&self.buffer),
            start: self.start + start,
            end: self.start + end.max(start),
        }
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// Where a catalog's text lies: a string of its own (parsed), or the first bytes of its
/// compiled file (read from the cache), checked once to be UTF-8. It reads as a `&str`.
pub(crate) struct Store(Repr);

enum Repr {
    Own(String),
    /// The text is the first `len` bytes of the file.
    File {
        bytes: Bytes,
        len: usize,
    },
}

impl Store {
    /// The first `len` bytes of `bytes` as the text, if they are UTF-8.
    pub(super) fn of_file(bytes: Bytes, len: usize) -> Option<Store> {
        std::str::from_utf8(bytes.as_slice().get(..len)?).ok()?;
        Some(Store(Repr::File { bytes, len }))
    }

    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Own(text) => text,
            Repr::File { bytes, len } => {
                let text = bytes.as_slice().get(..*len).unwrap_or_default();
                // SAFETY: these bytes were checked to be UTF-8 when the store was made
                // (`of_file`), and they do not change after: they are a vector of our own,
                // or a read-only mapping of a compiled file, which is only ever replaced
                // by renaming another file over it, never written in place (see
                // `mapped.rs` and `cache::store`).
                unsafe { std::str::from_utf8_unchecked(text) }
            }
        }
    }

    /// The whole file the text begins, when it is read from one; else the text.
    pub(crate) fn file(&self) -> &[u8] {
        match &self.0 {
            Repr::Own(text) => text.as_bytes(),
            Repr::File { bytes, .. } => bytes.as_slice(),
        }
    }

    /// Is the text where the compiled file is mapped into memory (not a copy)?
    #[cfg(test)]
    pub(crate) fn is_mapped(&self) -> bool {
        #[cfg(unix)]
        {
            matches!(
                self.0,
                Repr::File {
                    bytes: Bytes::Mapped(_),
                    ..
                }
            )
        }
        #[cfg(not(unix))]
        {
            false
        }
    }
}

impl From<String> for Store {
    fn from(text: String) -> Store {
        Store(Repr::Own(text))
    }
}

impl Default for Store {
    fn default() -> Store {
        Store::from(String::new())
    }
}

impl Deref for Store {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// A piece of a [`TextBuffer`] being filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Piece {
    start: u32,
    end: u32,
}

impl Piece {
    /// The piece `start..end` of `text`, if it is one (in range, at char boundaries).
    pub(crate) fn of(text: &str, start: u32, end: u32) -> Option<Piece> {
        text.get(start as usize..end as usize)?;
        Some(Piece { start, end })
    }
}

/// The text of a catalog as it is read: pieces are pushed, then the buffer is shared out
/// to the scopes ([`TextBuffer::finish`]).
#[derive(Default)]
pub(crate) struct TextBuffer {
    text: String,
}

/// The text of a catalog would not fit in 4 GiB.
#[derive(Debug)]
pub(crate) struct TooLarge;

impl TextBuffer {
    pub(crate) fn with_capacity(bytes: usize) -> TextBuffer {
        TextBuffer {
            text: String::with_capacity(bytes),
        }
    }

    pub(crate) fn push(&mut self, text: &str) -> Result<Piece, TooLarge> {
        let start = u32::try_from(self.text.len()).map_err(|_| TooLarge)?;
        let end = u32::try_from(self.text.len() + text.len()).map_err(|_| TooLarge)?;
        self.text.push_str(text);
        Ok(Piece { start, end })
    }

    /// Pushes `text` with every `pattern` in it replaced by `with` (as
    /// [`str::replace`] would, without making that string first).
    pub(crate) fn push_replaced(
        &mut self,
        text: &str,
        pattern: &str,
        with: &str,
    ) -> Result<Piece, TooLarge> {
        let start = u32::try_from(self.text.len()).map_err(|_| TooLarge)?;
        let mut parts = text.split(pattern);
        if let Some(first) = parts.next() {
            self.text.push_str(first);
        }
        for part in parts {
            self.text.push_str(with);
            self.text.push_str(part);
        }
        let end = u32::try_from(self.text.len()).map_err(|_| TooLarge)?;
        Ok(Piece { start, end })
    }

    pub(crate) fn get(&self, piece: Piece) -> &str {
        self.text
            .get(piece.start as usize..piece.end as usize)
            .unwrap_or_default()
    }

    /// The buffer, shared; [`Shared::text`] turns its pieces into [`Text`]s.
    pub(crate) fn finish(self) -> Shared {
        Shared::new(self.text)
    }
}

/// A finished [`TextBuffer`].
pub(crate) struct Shared(Arc<Store>);

impl Shared {
    /// A finished buffer holding `text`.
    pub(crate) fn new(text: impl Into<Store>) -> Shared {
        Shared(Arc::new(text.into()))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The buffer itself, shared.
    pub(crate) fn buffer(&self) -> Arc<Store> {
        Arc::clone(&self.0)
    }

    pub(crate) fn text(&self, piece: Piece) -> Text {
        Text {
            buffer: Arc::clone(&self.0),
            start: piece.start,
            end: piece.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_pushed_replaced_reads_as_replaced() {
        let mut buffer = TextBuffer::default();
        for (text, with) in [
            ("Read {resource}", "calls"),
            ("{resource} and {resource}{resource}", "é"),
            ("no placeholder", "x"),
            ("{resource}", ""),
            ("", "x"),
            ("{resource", "x"),
        ] {
            let piece = buffer
                .push_replaced(text, "{resource}", with)
                .expect("fits");
            assert_eq!(buffer.get(piece), text.replace("{resource}", with));
        }
    }

    #[test]
    fn pieces_read_back_as_pushed() {
        let mut buffer = TextBuffer::default();
        let a = buffer.push("calls:read").expect("fits");
        let b = buffer.push("").expect("fits");
        let c = buffer.push("Lire les cafés").expect("fits");
        assert_eq!(buffer.get(c), "Lire les cafés");
        let shared = buffer.finish();
        let (a, b, c) = (shared.text(a), shared.text(b), shared.text(c));
        assert_eq!(a, "calls:read");
        assert_eq!(b.as_str(), "");
        assert_eq!(c.to_string(), "Lire les cafés");
        assert_eq!(format!("{a:?}"), "\"calls:read\"");
        assert_ne!(a, c);
        assert_eq!(c.len(), "Lire les cafés".len());
        let cafes = c.slice(9..15);
        assert_eq!(cafes, "cafés");
        assert_eq!(cafes.slice(0..3), "caf");
        assert_eq!(cafes.slice(3..99), "és");
        assert_eq!(cafes.slice(4..5).as_str(), "");
    }
}
