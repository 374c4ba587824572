//! Importers: catalogs built from what providers publish. Each reads its documents and
//! gives a [`Draft`] catalog, written out as catalog TOML.
//!
//! - [`google_discovery`]: Google's discovery documents (scopes with descriptions, every
//!   method with the scopes it accepts, any one of which suffices), and `derived`
//!   implications where both the names and the methods show them.
//! - [`openapi`]: OpenAPI 3.0 and 3.1 (JSON or YAML): the scopes of the oauth2 security
//!   schemes, and each operation's `security` as alternatives.
//! - [`oidc`]: OpenID Connect or OAuth 2.0 authorization server metadata: the names in
//!   `scopes_supported`, and the endpoints.
//!
//! The output depends on the input alone: no clock, no environment, sorted wherever
//! the input's order is not kept.

mod document;
pub mod draft;
mod google;
mod oidc;
mod openapi;

pub use draft::Draft;
pub use google::google_discovery;
pub use oidc::oidc;
pub use openapi::openapi;

use std::fmt;
use std::path::Path;

/// What the caller knows better than the document: each one set overrides what the
/// importer would take from the document.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub id: Option<String>,
    pub name: Option<String>,
    pub source: Option<String>,
    pub revision: Option<String>,
    /// YYYY-MM-DD.
    pub retrieved: Option<String>,
    pub attribution: Option<String>,
    pub docs_url: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub delimiter: Option<String>,
    /// Lines added to the header comment (what the source says that the document does not).
    pub comments: Vec<String>,
    /// Appended to the description of every operation one of whose alternatives needs
    /// several scopes (for documents whose lists do not always mean "all of these").
    pub all_of_note: Option<String>,
    /// Base paths a request may carry before an operation's path, beyond those the
    /// document names (older API versions).
    pub path_prefixes: Vec<String>,
    /// Scopes the provider documents elsewhere than in the document (name, description),
    /// added after the document's own.
    pub scopes: Vec<(String, String)>,
    /// Scopes usable only in a particular setting, as the provider documents elsewhere
    /// (name, setting): the catalog's `only_in`.
    pub only_in: Vec<(String, String)>,
}

/// A catalog built by an importer, and what the importer noticed on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub draft: Draft,
    /// Sloppiness in the document that did not stop the import.
    pub warnings: Vec<String>,
}

/// Why a document could not be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub place: Place,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Whole,
    Line {
        line: usize,
        column: usize,
    },
    /// A JSON pointer (RFC 6901) into the document.
    Pointer(String),
}

impl ImportError {
    pub fn whole(file: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            place: Place::Whole,
            message: message.into(),
        }
    }

    pub fn at_line(
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> ImportError {
        ImportError {
            file: file.to_string(),
            place: Place::Line { line, column },
            message: message.into(),
        }
    }

    pub fn at(file: &str, pointer: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.to_string(),
            place: Place::Pointer(pointer.to_string()),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::Whole => write!(f, "{}: {}", self.file, self.message),
            Place::Line { line, column } => {
                write!(f, "{}:{line}:{column}: {}", self.file, self.message)
            }
            Place::Pointer(pointer) if pointer.is_empty() => {
                write!(f, "{}: {}", self.file, self.message)
            }
            Place::Pointer(pointer) => write!(f, "{} at {pointer}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads a file as text, with the error naming it (and placing a byte that is not UTF-8).
/// Only a regular file of a sane size is read, or standard input when `path` is `-` or
/// `/dev/stdin`: a FIFO would hold the import waiting, `/dev/zero` fill the memory.
fn read(path: &Path) -> Result<String, ImportError> {
    use crate::catalog::file;
    let shown = path.display().to_string();
    let text = if file::is_stdin(path) {
        file::read_stdin_text(&shown)
    } else {
        file::read_text(path, &shown)
    };
    text.map_err(|failure| match failure {
        crate::catalog::file::ReadFailure::Io(e) => {
            ImportError::whole(&shown, format!("cannot read: {e}"))
        }
        crate::catalog::file::ReadFailure::NotUtf8(at) => {
            ImportError::at_line(&shown, at.line, at.column, at.message)
        }
    })
}

pub use crate::catalog::{is_date, is_path_prefix};

/// How a source names the document it was made from: its file name, or "standard input"
/// when it was read from `-` or `/dev/stdin`.
fn document_name(path: &Path) -> String {
    if crate::catalog::file::is_stdin(path) {
        return "standard input".to_string();
    }
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().to_string(),
    )
}

/// A file as a catalog's source names it: "standard input" for `-` or `/dev/stdin`.
fn shown_file(file: &str) -> &str {
    if crate::catalog::file::is_stdin(Path::new(file)) {
        "standard input"
    } else {
        file
    }
}

/// `{kind} {file name}`, or `{kind} from standard input`.
fn source_text(kind: &str, path: &Path) -> String {
    if crate::catalog::file::is_stdin(path) {
        format!("{kind} from standard input")
    } else {
        format!("{kind} {}", document_name(path))
    }
}

/// An endpoint a catalog may keep: an absolute http(s) URL with a host and no spaces.
/// Anything else (`javascript:…`, a relative path) would be printed by `scopex url` as a
/// link to follow, so it is left out with a warning naming where it was found.
fn web_endpoint(
    url: Option<String>,
    file: &str,
    pointer: &str,
    warnings: &mut Vec<String>,
) -> Option<String> {
    let url = url?;
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let host = rest.map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    let sound = host.is_some_and(|host| !host.is_empty())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if sound {
        return Some(url);
    }
    warnings.push(format!(
        "{file} at {pointer}: `{}` is not an http(s) URL; the catalog leaves it out",
        draft::one_line(&url)
    ));
    None
}

/// A catalog id made from free text: lowercase ASCII letters and digits, other runs
/// turned into one `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("imported");
    }
    out
}

/// Applies what the caller set over what the importer found. A scope added that the
/// document has already, or a setting given for a scope it lacks, is an error.
fn apply(draft: &mut Draft, options: &Options) -> Result<(), ImportError> {
    let overrides = [
        (&mut draft.source, &options.source),
        (&mut draft.revision, &options.revision),
        (&mut draft.retrieved, &options.retrieved),
        (&mut draft.attribution, &options.attribution),
        (&mut draft.docs_url, &options.docs_url),
        (&mut draft.authorize_url, &options.authorize_url),
        (&mut draft.token_url, &options.token_url),
        (&mut draft.delimiter, &options.delimiter),
    ];
    for (field, set) in overrides {
        if set.is_some() {
            field.clone_from(set);
        }
    }
    if let Some(id) = &options.id {
        draft.id.clone_from(id);
    }
    if let Some(name) = &options.name {
        draft.name.clone_from(name);
    }
    for prefix in &options.path_prefixes {
        if !draft.path_prefixes.contains(prefix) {
            draft.path_prefixes.push(prefix.clone());
        }
    }
    if !options.comments.is_empty() {
        draft.header.push(String::new());
        draft.header.extend(options.comments.iter().cloned());
    }
    for (name, description) in &options.scopes {
        if draft.scopes.iter().any(|s| &s.name == name) {
            return Err(ImportError::whole(
                "--scope",
                format!("`{name}` is in the document already"),
            ));
        }
        draft.scopes.push(draft::DraftScope {
            name: name.clone(),
            description: description.clone(),
            parent: None,
            only_in: None,
        });
    }
    for (name, setting) in &options.only_in {
        let Some(scope) = draft.scopes.iter_mut().find(|s| &s.name == name) else {
            return Err(ImportError::whole(
                "--only-in",
                format!("`{name}` is not a scope of the document"),
            ));
        };
        scope.only_in = Some(setting.clone());
    }
    if let Some(note) = &options.all_of_note {
        for operation in &mut draft.operations {
            if operation
                .requires
                .iter()
                .any(|alternative| alternative.len() > 1)
            {
                operation.description = Some(match operation.description.take() {
                    Some(description) => format!("{description} ({note})"),
                    None => format!("({note})"),
                });
            }
        }
    }
    Ok(())
}

/// The warning for a catalog with no `retrieved` date.
fn no_date_warning(draft: &Draft, warnings: &mut Vec<String>) {
    if draft.retrieved.is_none() {
        warnings.push(
            "the document carries no date: the catalog has no `retrieved` (pass --retrieved YYYY-MM-DD)"
                .to_string(),
        );
    }
}

/// How names split into a tree: the separator found in most names (`:`, `.`, `/`, `-`,
/// in that order of preference on a tie), if at least half the names have one.
fn guess_separator<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    let total = names.clone().count();
    let mut best: Option<(usize, &str)> = None;
    for separator in [":", ".", "/", "-"] {
        let count = names.clone().filter(|n| n.contains(separator)).count();
        if count * 2 >= total && count > 0 && best.is_none_or(|(c, _)| count > c) {
            best = Some((count, separator));
        }
    }
    best.map(|(_, s)| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_days() {
        assert!(is_date("2026-12-01"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2026-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("26-12-01"));
        assert!(!is_date("2026-12-1"));
    }

    #[test]
    fn slugs_are_catalog_ids() {
        assert_eq!(slug("Spotify Web API!"), "spotify-web-api");
        assert_eq!(slug("  "), "imported");
    }

    #[test]
    fn the_separator_is_the_one_most_names_use() {
        let names = ["read:jira-work", "write:jira-work", "read:issue:jira"];
        assert_eq!(guess_separator(names.iter().copied()).as_deref(), Some(":"));
        let names = ["user-read-email", "streaming", "user-top-read"];
        assert_eq!(guess_separator(names.iter().copied()).as_deref(), Some("-"));
        let names = ["a", "b", "c.d"];
        assert_eq!(guess_separator(names.iter().copied()), None);
    }
}
