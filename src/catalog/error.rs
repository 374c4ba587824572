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
    /// The offending line, for display.
    pub source_line: String,
    /// Width of the underline, in characters (at least 1).
    pub width: usize,
}

impl Located {
    /// Locates `span` (byte offsets into `text`).
    pub fn new(file: &str, text: &str, span: Option<Range<usize>>, message: String) -> Located {
        let span = span.unwrap_or(0..0);
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end.min(line_end)].chars().count().max(1);
        Located {
            file: file.to_string(),
            line,
            column,
            message,
            source_line: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            width,
        }
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
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        let gutter = self.line.to_string().len();
        let shown: String = self
            .source_line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{} | {}", self.line, shown)?;
        write!(
            f,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(self.column - 1),
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
    UnknownCatalog {
        name: String,
        known: Vec<String>,
        suggestions: Vec<String>,
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
            LoadError::Io { source, .. } => Some(source),
            LoadError::Invalid(error) => Some(error),
            LoadError::UnknownCatalog { .. } => None,
        }
    }
}
