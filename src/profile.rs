//! Integration profiles: a named selection of scopes on one catalog, with the reason each
//! scope is needed. Saved as TOML, atomically.

use crate::catalog::file::ReadFailure;
use crate::catalog::{Catalog, FileKind, LoadError, Located, OperationId, ScopeId};
use crate::grants::GrantModel;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

mod atomic;
mod edit;

pub use atomic::write_atomically;

/// A profile as written in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub name: String,
    /// Catalog id, or a path (relative to the profile's folder).
    pub catalog: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    #[serde(rename = "scope")]
    pub scopes: Vec<ProfileScope>,
    /// The API calls the integration makes, with why: `check` holds the scopes to what
    /// these need.
    #[serde(rename = "operation", skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<ProfileOperation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileOperation {
    /// An operation id, or anything `scopex need` accepts (`GET /v1/files`).
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileScope {
    pub name: String,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    catalog: Spanned<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    #[serde(default, rename = "scope")]
    scopes: Vec<RawScope>,
    #[serde(default, rename = "operation")]
    operations: Vec<RawOperation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperation {
    id: Spanned<String>,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    name: Spanned<String>,
    #[serde(default)]
    reason: String,
}

/// A profile together with its catalog and its selection resolved to scope ids.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub profile: Profile,
    pub catalog: Catalog,
    /// The profile's scopes, in profile order.
    pub selection: Vec<ScopeId>,
    /// The profile's operations, resolved, in profile order.
    pub operations: Vec<OperationId>,
    pub path: PathBuf,
    /// The [`stamp`] of the text read: a later save tells by it whether the file
    /// changed on disk in between.
    pub stamp: u64,
}

#[derive(Debug)]
pub enum ProfileError {
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    Invalid(Located),
    Catalog {
        at: Located,
        source: Box<LoadError>,
    },
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::Io { path, source } => {
                write!(f, "cannot read profile {}: {source}", path.display())
            }
            ProfileError::Invalid(located) => located.fmt(f),
            ProfileError::Catalog { at, source } => {
                let first_line = source.to_string();
                let mut at = at.clone();
                at.message = format!("{}: {first_line}", at.message);
                at.fmt(f)
            }
        }
    }
}

impl std::error::Error for ProfileError {}

/// Is this TOML text a profile (it names a catalog) rather than a catalog? Decided by
/// its top-level keys, so text inside strings never counts.
pub fn looks_like_profile(text: &str) -> bool {
    crate::catalog::file::kind(text) == FileKind::Profile
}

/// Is `spec` a profile file on disk?
pub fn is_profile_path(spec: &str) -> bool {
    let path = Path::new(spec);
    path.is_file()
        && match crate::catalog::file::read_text(path, spec) {
            Ok(text) => looks_like_profile(&text),
            // Decided on the text around the bad bytes, so that a profile that is not all
            // UTF-8 is loaded as one and its error says where.
            Err(ReadFailure::NotUtf8(_)) => std::fs::read(path)
                .is_ok_and(|bytes| looks_like_profile(&String::from_utf8_lossy(&bytes))),
            Err(ReadFailure::Io(_)) => false,
        }
}

/// Reads and validates a profile file (a regular file of at most
/// [`crate::catalog::MAX_FILE_BYTES`]), opening its catalog.
pub fn load(path: &Path) -> Result<Loaded, ProfileError> {
    let text =
        crate::catalog::file::read_text(path, &path.display().to_string()).map_err(|failure| {
            match failure {
                ReadFailure::Io(source) => ProfileError::Io {
                    path: path.to_path_buf(),
                    source,
                },
                ReadFailure::NotUtf8(located) => ProfileError::Invalid(located),
            }
        })?;
    parse(&text, path)
}

/// Parses a profile's text; `path` names it in errors and anchors a relative catalog path.
pub fn parse(text: &str, path: &Path) -> Result<Loaded, ProfileError> {
    let file = path.display().to_string();
    let at = |span: std::ops::Range<usize>, message: String| {
        Located::new(&file, text, Some(span), message)
    };
    let raw: RawProfile = toml::from_str(text).map_err(|e| {
        let mut span = e.span();
        let mut message = e.message().trim_end().to_string();
        if let Some((at, what)) = crate::catalog::file::first_syntax_error(text)
            && span.as_ref().is_none_or(|s| at.start <= s.start)
        {
            span = Some(at);
            message = what;
        }
        let kind = crate::catalog::file::kind(text);
        if kind == FileKind::Catalog {
            let head = crate::catalog::file::head(text);
            span = head.span_of("id").or(span);
            message = "this is a catalog, not an integration profile (a profile names its catalog with `catalog = …`)".to_string();
        }
        let mut located = Located::new(&file, text, span, message);
        if kind == FileKind::Unknown {
            located.message = "this is not a profile file (no `name`, `catalog` or [[scope]] at the top); its content is not shown".to_string();
            located.hide_source();
        }
        ProfileError::Invalid(located)
    })?;
    let catalog_spec = raw.catalog.get_ref();
    let catalog = open_catalog(catalog_spec, path).map_err(|source| ProfileError::Catalog {
        at: at(
            raw.catalog.span(),
            "cannot open the profile's catalog".to_string(),
        ),
        source: Box::new(source),
    })?;
    let mut selection = Vec::new();
    let mut first_seen: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
    for scope in &raw.scopes {
        let name = scope.name.get_ref();
        if let Some(first) = first_seen.get(name.as_str()) {
            let first = at(first.clone(), String::new());
            return Err(ProfileError::Invalid(at(
                scope.name.span(),
                format!(
                    "duplicate scope `{name}` (first listed at line {}, column {})",
                    first.line, first.column
                ),
            )));
        }
        first_seen.insert(name, scope.name.span());
        match catalog.lookup_all([name.as_str()]) {
            Ok(ids) => selection.extend(ids),
            Err(unknown) => {
                return Err(ProfileError::Invalid(at(
                    scope.name.span(),
                    unknown.to_string(),
                )));
            }
        }
    }
    if !raw.operations.is_empty()
        && let Err(error) = catalog.operations()
    {
        return Err(ProfileError::Catalog {
            at: at(
                raw.catalog.span(),
                "cannot read the operations of the profile's catalog".to_string(),
            ),
            source: Box::new(LoadError::from(error)),
        });
    }
    let finder = crate::routes::OperationFinder::new(&catalog);
    let mut operations: Vec<OperationId> = Vec::new();
    let mut first_listed: HashMap<OperationId, std::ops::Range<usize>> = HashMap::new();
    for operation in &raw.operations {
        let id = finder
            .find(operation.id.get_ref())
            .map_err(|e| ProfileError::Invalid(at(operation.id.span(), e.to_string())))?;
        if let Some(first) = first_listed.get(&id) {
            let first = at(first.clone(), String::new());
            return Err(ProfileError::Invalid(at(
                operation.id.span(),
                format!(
                    "operation `{}` listed twice (first at line {}, column {})",
                    catalog.operation(id).id,
                    first.line,
                    first.column
                ),
            )));
        }
        first_listed.insert(id, operation.id.span());
        operations.push(id);
    }
    let profile = Profile {
        name: raw.name,
        catalog: catalog_spec.clone(),
        client_id: raw.client_id,
        redirect_uri: raw.redirect_uri,
        scopes: raw
            .scopes
            .into_iter()
            .map(|s| ProfileScope {
                name: s.name.into_inner(),
                reason: s.reason,
            })
            .collect(),
        operations: raw
            .operations
            .into_iter()
            .map(|o| ProfileOperation {
                id: o.id.into_inner(),
                reason: o.reason,
            })
            .collect(),
    };
    Ok(Loaded {
        profile,
        catalog,
        selection,
        operations,
        path: path.to_path_buf(),
        stamp: stamp(text.as_bytes()),
    })
}

/// A catalog named by a profile: a path relative to the profile's folder, or an id.
fn open_catalog(spec: &str, profile_path: &Path) -> Result<Catalog, LoadError> {
    let looks_like_path = spec.contains('/') || spec.ends_with(".toml");
    if looks_like_path {
        let relative = profile_path.parent().unwrap_or(Path::new(".")).join(spec);
        return Catalog::from_path(&relative);
    }
    Catalog::resolve(spec)
}

impl Profile {
    /// The reason given for a scope, if any (a blank one is none).
    pub fn reason(&self, scope: &str) -> Option<&str> {
        self.scopes
            .iter()
            .find(|s| s.name == scope)
            .map(|s| s.reason.as_str())
            .filter(|r| !r.trim().is_empty())
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}

/// Saves a profile atomically.
pub fn save(profile: &Profile, path: &Path) -> std::io::Result<()> {
    write_atomically(path, profile.to_toml().as_bytes())
}

/// What a profile file holds, to tell later whether it changed: a hash of its bytes.
pub fn stamp(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The [`stamp`] of the file at `path` now, when it can be read.
pub fn stamp_of(path: &Path) -> Option<u64> {
    std::fs::read(path).ok().map(|bytes| stamp(&bytes))
}

/// A save refused because the file is no longer what was opened (or last saved): another
/// program, or another scopex, wrote it since.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangedOnDisk;

impl fmt::Display for ChangedOnDisk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the file changed on disk since it was read")
    }
}

impl std::error::Error for ChangedOnDisk {}

impl ChangedOnDisk {
    /// Is `error` this refusal?
    pub fn is(error: &std::io::Error) -> bool {
        error
            .get_ref()
            .is_some_and(|inner| inner.downcast_ref::<ChangedOnDisk>().is_some())
    }
}

/// Saves a profile atomically over its own file, editing the file's text in place: its
/// comments (the header, those above a `[[scope]]`, those after a value) and its layout
/// stay wherever the entries they belong to stay. A file that is no longer TOML is
/// written afresh, keeping the comment lines it starts with.
///
/// With `expected` (the [`stamp`] of the file as opened or last saved), a file that
/// changed since is left as it is: the error is [`ChangedOnDisk`]. A file gone since
/// is written anew.
pub fn save_keeping_comments(
    profile: &Profile,
    path: &Path,
    expected: Option<u64>,
) -> std::io::Result<()> {
    let old = match std::fs::read(path) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    if let (Some(expected), Some(old)) = (expected, &old)
        && stamp(old) != expected
    {
        return Err(std::io::Error::other(ChangedOnDisk));
    }
    let old = old.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let text = match old.as_deref().and_then(|old| edit::edited(old, profile)) {
        Some(text) => text,
        None => {
            let header = old.as_deref().map(leading_comments).unwrap_or_default();
            format!("{header}{}", profile.to_toml())
        }
    };
    write_atomically(path, text.as_bytes())
}

/// The comment and blank lines `text` starts with, up to its first line of TOML.
pub fn leading_comments(text: &str) -> &str {
    let mut end = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !(trimmed.is_empty() || trimmed.starts_with('#')) || !line.ends_with('\n') {
            break;
        }
        end += line.len();
    }
    if text[..end].trim().is_empty() {
        ""
    } else {
        &text[..end]
    }
}

/// A held scope that nothing in the profile accounts for: a possible over-grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unexplained {
    pub scope: ScopeId,
    /// The selected scopes that grant it.
    pub via: Vec<ScopeId>,
}

/// Held atomic scopes that the profile does not account for: not `needed` (sorted: the
/// grants the least privilege for the profile's listed operations uses,
/// [`crate::fit::unexplained`]), and not listed with a reason of their own. A reason
/// accounts only for the scope it is given for, whatever its words: scopex cannot tell
/// whether "Reads and writes mailbox settings" covers deleting mailboxes, so what
/// `mailboxes.all` grants is each told, for the reviewer to weigh against the reason. An
/// empty (or blank) reason accounts for nothing.
pub fn unexplained(loaded: &Loaded, model: &GrantModel, needed: &[ScopeId]) -> Vec<Unexplained> {
    let catalog = &loaded.catalog;
    model
        .grants(&loaded.selection)
        .into_iter()
        .filter(|atom| needed.binary_search(atom).is_err())
        .filter(|&atom| loaded.profile.reason(catalog.name(atom)).is_none())
        .map(|atom| Unexplained {
            scope: atom,
            via: loaded
                .selection
                .iter()
                .copied()
                .filter(|&s| model.grants_of(s).contains(&atom))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::looks_like_profile;

    #[test]
    fn spots_profiles_by_their_top_level_keys() {
        let profiles = [
            "catalog = \"outreach\"\n",
            "name = \"x\"\n  catalog=\"github\"",
            "name = \"x\"\r\ncatalog\t = \"a\"\r\n",
            "catalog.x = 1\n",
            "\"catalog\" = \"quoted key\"\n",
            "name = \"x\"\nclient_id = \"abc\"\n[[scope]]\nname = \"a\"\n",
        ];
        for text in profiles {
            assert!(looks_like_profile(text), "{text:?}");
        }
        let not_profiles = [
            "x catalog = \"not first\"\n",
            "catalogs = \"other key\"\n",
            "# catalog = \"comment\"\n",
            "[[scope]]\nname = \"catalog\"\ncatalog = \"in a table\"\n",
            // A catalog whose multi-line description has a line `catalog = …`.
            "id = \"x\"\nname = \"X\"\n[[scope]]\nname = \"a\"\ndescription = \"\"\"\ncatalog = \"y\"\n\"\"\"\n",
            "id = \"x\"\nsource = \"\"\"\ncatalog = \"y\"\n\"\"\"\n",
            "",
        ];
        for text in not_profiles {
            assert!(!looks_like_profile(text), "{text:?}");
        }
    }
}
