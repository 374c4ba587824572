//! A catalog's operations, read when first asked for. They are most of a large catalog's
//! text (Google's: 27,724 operations in 9.8 MB, its scopes in 0.3 MB), and opening the
//! explorer, listing scopes or minimizing a selection never needs them.
//!
//! When every table after the first `[[operation]]` header is another `[[operation]]`
//! (the shape scopex's importers write), the loader reads the text before it and keeps
//! the file's text; the operations are read from it on first use, with their problems
//! located as when read at once. Any other file is read at once, as before.

use super::{CatalogError, NameIndex, Operation};
use std::sync::{Arc, OnceLock};

/// A catalog's operations, checked, with their index.
#[derive(Debug, Clone, Default)]
pub(super) struct OperationList {
    pub(super) operations: Vec<Operation>,
    pub(super) index: NameIndex,
}

/// A catalog file's text, kept for reading its operations later.
#[derive(Debug, Clone)]
pub(super) enum SourceText {
    /// A built-in catalog, compiled into the binary.
    Static(&'static str),
    /// A file read at run time.
    Shared(Arc<String>),
}

impl SourceText {
    pub(super) fn as_str(&self) -> &str {
        match self {
            SourceText::Static(text) => text,
            SourceText::Shared(text) => text,
        }
    }
}

/// Where the operations are still to be read from.
#[derive(Debug, Clone)]
struct Pending {
    text: SourceText,
    /// The file's name in messages.
    file: Arc<str>,
    /// Where the first `[[operation]]` header starts.
    start: usize,
    /// How many `[[operation]]` headers follow it.
    headers: usize,
}

#[derive(Debug, Clone)]
pub(super) struct Lazy {
    read: OnceLock<Result<OperationList, CatalogError>>,
    pending: Option<Pending>,
}

impl Lazy {
    /// Operations read with the rest of the file.
    pub(super) fn read(result: Result<OperationList, CatalogError>) -> Lazy {
        Lazy {
            read: OnceLock::from(result),
            pending: None,
        }
    }

    /// Operations to be read from `text`, from `start` on, when first asked for.
    pub(super) fn pending(text: SourceText, file: &str, start: usize, headers: usize) -> Lazy {
        Lazy {
            read: OnceLock::new(),
            pending: Some(Pending {
                text,
                file: Arc::from(file),
                start,
                headers,
            }),
        }
    }

    /// The operations, read now if they were not yet: by `read` from (file name, text,
    /// where they start).
    pub(super) fn get(
        &self,
        read: impl FnOnce(&str, &str, usize) -> Result<OperationList, CatalogError>,
    ) -> Result<&OperationList, &CatalogError> {
        self.read
            .get_or_init(|| match &self.pending {
                Some(pending) => read(&pending.file, pending.text.as_str(), pending.start),
                None => Ok(OperationList::default()),
            })
            .as_ref()
    }

    /// Where the operations are to be read from, when they are read from the file's text
    /// on first use: (where the first header starts, how many headers there are).
    pub(super) fn pending_at(&self) -> Option<(usize, usize)> {
        self.pending.as_ref().map(|p| (p.start, p.headers))
    }

    /// The operations when they are read and loaded; `None` while they are still to be
    /// read (never reads them).
    pub(super) fn if_read(&self) -> Option<&[Operation]> {
        match self.read.get() {
            Some(Ok(list)) => Some(&list.operations),
            _ => None,
        }
    }

    /// Were the operations read with the rest of the file, and found to be none?
    pub(super) fn is_read_empty(&self) -> bool {
        self.pending.is_none()
            && matches!(self.read.get(), Some(Ok(list)) if list.operations.is_empty())
    }

    /// The number of operations, counted from their headers while they are not read.
    pub(super) fn count(&self) -> usize {
        match (self.read.get(), &self.pending) {
            (Some(Ok(list)), _) => list.operations.len(),
            (_, Some(pending)) => pending.headers,
            (_, None) => 0,
        }
    }

    /// The operations as read with the rest of the file.
    pub(super) fn into_read(self) -> Result<OperationList, CatalogError> {
        self.read
            .into_inner()
            .unwrap_or_else(|| Ok(OperationList::default()))
    }

    /// Have the operations been read (or failed to)?
    #[cfg(test)]
    pub(super) fn is_read(&self) -> bool {
        self.read.get().is_some()
    }
}

/// Where a file's operations start when they can be read later: the first line that is
/// an `[[operation]]` header, when every line after it that starts a table (a `[` first,
/// blanks aside) is another; and how many there are. `None` for any other file: it is
/// read at once. A header-like line inside a multi-line string after the start makes
/// this answer `None` (read at once) or count one too many; one before it makes the
/// text before the start fail to read, and the file is then read at once.
pub(super) fn operations_start(text: &str) -> Option<(usize, usize)> {
    const HEADER: &[u8] = b"[[operation]]";
    let bytes = text.as_bytes();
    let start = if bytes.starts_with(HEADER) {
        0
    } else {
        memchr::memmem::find(bytes, b"\n[[operation]]")? + 1
    };
    let mut headers = 0;
    let line_starts = std::iter::once(start)
        .chain(memchr::memchr_iter(b'\n', &bytes[start..]).map(|at| start + at + 1));
    for line_start in line_starts {
        let line = &bytes[line_start..];
        match line.first() {
            Some(b'[') => {}
            Some(b' ' | b'\t') => {
                let first = line.iter().find(|b| !matches!(b, b' ' | b'\t'));
                if first == Some(&b'[') {
                    return None;
                }
                continue;
            }
            _ => continue,
        }
        let header_ends = matches!(
            line.get(HEADER.len()),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'#')
        );
        if !line.starts_with(HEADER) || !header_ends {
            return None;
        }
        headers += 1;
    }
    Some((start, headers))
}
