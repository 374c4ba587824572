//! Errors that point at a place in a file: `file:line:column: message`, the line itself
//! and a caret under the column, as compilers print them.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// A problem at a place in a text file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    /// The offending line, for display: cut around the column when it is long (`…`
    /// marks a cut), empty when the file's content must not be shown.
    pub source_line: String,
    /// Screen cells of `source_line` before the caret.
    pub caret: usize,
    /// Width of the underline, in screen cells (at least 1); 0 when no line is shown.
    pub width: usize,
}

/// Screen cells shown of a long line before the caret, and at most after it.
const CELLS_BEFORE: usize = 40;
const CELLS_AFTER: usize = 60;

/// The screen cells a character takes where the error is shown: control characters
/// are shown as one space, wide (CJK) characters take two.
fn cells(c: char) -> usize {
    if c.is_control() {
        1
    } else {
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

impl Located {
    /// Locates `span` (byte offsets into `text`).
    pub fn new(file: &str, text: &str, span: Option<Range<usize>>, message: String) -> Located {
        let span = span.unwrap_or(0..0);
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let before = &text.as_bytes()[..start];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let line_end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let whole = text[line_start..line_end].trim_end_matches('\r');
        let at = (start - line_start).min(whole.len());
        let underline_end = (end - line_start).clamp(at, whole.len());
        let (head, marked, tail) = (
            &whole[..at],
            &whole[at..underline_end],
            &whole[underline_end..],
        );
        // Keep what fits around the caret; a long line is cut, not echoed whole.
        let mut shown_head: Vec<char> = Vec::new();
        let mut head_cells = 0;
        let mut cut_head = false;
        for c in head.chars().rev() {
            if head_cells + cells(c) > CELLS_BEFORE {
                cut_head = true;
                break;
            }
            head_cells += cells(c);
            shown_head.push(c);
        }
        shown_head.reverse();
        let mut source_line = String::new();
        let mut caret = head_cells;
        if cut_head {
            source_line.push('…');
            caret += 1;
        }
        source_line.extend(shown_head);
        let mut after_cells = 0;
        let mut width = 0;
        let mut cut_tail = false;
        for (c, underlined) in marked
            .chars()
            .map(|c| (c, true))
            .chain(tail.chars().map(|c| (c, false)))
        {
            if after_cells + cells(c) > CELLS_AFTER {
                cut_tail = true;
                break;
            }
            after_cells += cells(c);
            if underlined {
                width += cells(c);
            }
            source_line.push(c);
        }
        if cut_tail {
            source_line.push('…');
        }
        Located {
            file: file.to_string(),
            line,
            column,
            message,
            source_line,
            caret,
            width: width.max(1),
        }
    }

    /// Shows no line of the file: for a file that is not a catalog or profile.
    pub fn hide_source(&mut self) {
        self.source_line.clear();
        self.caret = 0;
        self.width = 0;
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if self.width == 0 {
            return Ok(());
        }
        let gutter = self.line.to_string().len();
        let shown: String = self
            .source_line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        writeln!(f)?;
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, shown)?;
        write!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(self.caret),
            "^".repeat(self.width)
        )
    }
}

/// A catalog file that was read but is not a valid catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError(pub Located);

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for CatalogError {}

/// Why a catalog could not be opened.
#[derive(Debug)]
pub enum LoadError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Invalid(CatalogError),
    /// A catalog of the user's catalog folder exists but failed to load.
    Broken {
        path: PathBuf,
        source: Box<LoadError>,
    },
    UnknownCatalog {
        name: String,
        known: Vec<String>,
        suggestions: Vec<String>,
    },
    /// The user's catalog folder is there but cannot be read (its permissions): which
    /// catalogs it holds is not known.
    UnreadableFolder {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<CatalogError> for LoadError {
    fn from(error: CatalogError) -> Self {
        LoadError::Invalid(error)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => {
                write!(f, "cannot read catalog {}: {source}", path.display())
            }
            LoadError::Invalid(error) => error.fmt(f),
            LoadError::Broken { path, source } => write!(
                f,
                "the catalog file {} exists but failed to load:\n{source}",
                path.display()
            ),
            LoadError::UnreadableFolder { path, source } => write!(
                f,
                "cannot read the catalog folder {}: {source}",
                path.display()
            ),
            LoadError::UnknownCatalog {
                name,
                known,
                suggestions,
            } => {
                write!(f, "no catalog named `{name}`")?;
                super::write_suggestions(f, suggestions)?;
                write!(
                    f,
                    "\nknown catalogs: {} (or give a path to a catalog file)",
                    known.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { source, .. } | LoadError::UnreadableFolder { source, .. } => {
                Some(source)
            }
            LoadError::Invalid(error) => Some(error),
            LoadError::Broken { source, .. } => Some(source.as_ref()),
            LoadError::UnknownCatalog { .. } => None,
        }
    }
}
