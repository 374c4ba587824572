//! Catalogs: the scopes of one provider, their descriptions, their place in the resource
//! tree and the implication edges between them, with the evidence for each edge.
//!
//! A [`Catalog`] is immutable once loaded and always valid: every edge names real scopes,
//! names are unique RFC 6749 scope-tokens and composites have members.

mod builtin;
mod cache;
mod differential;
mod dirs;
mod edge_lists;
mod error;
mod fast;
pub mod file;
mod heap;
mod known;
mod load;
mod mapped;
mod mask;
mod name_index;
mod operations;
mod raw;
mod source;
mod summary;
mod text;
mod token_page;
mod tree;
mod view;

pub use builtin::{BUILTIN, builtin, builtin_ids};
pub use cache::cache_dir;
pub use differential::readers_disagree;
pub use dirs::{config_dir, legacy_user_catalog_dir, user_catalog_dir};
pub use error::{CatalogError, LoadError, Located};
pub use file::{FileKind, MAX_FILE_BYTES};
pub use load::{is_date, is_path_prefix, is_scope_token, is_whole_parameter, parse_catalog};
pub use mask::byte_mask;
pub use source::{CatalogSource, SearchTexts};
pub use summary::{Summary, builtin_summaries};
pub use text::Text;
pub use token_page::TokenPage;
pub use tree::{NodeId, ResourceTree, TreeNode};
pub use view::{ScopeTexts, UncheckedTexts};

use edge_lists::EdgeLists;
pub(crate) use name_index::NameIndex;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Dense index of a scope in its catalog, in catalog order.
pub type ScopeId = usize;

/// Where an implication edge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The provider states it.
    Documented,
    /// Only the scope's description says so.
    Description,
    /// Computed from the provider's own machine-readable data (the note names it), e.g.
    /// every API method that accepts one scope also accepts the other.
    Derived,
    /// Ours: not stated by the provider.
    Inferred,
}

impl Evidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::Documented => "documented",
            Evidence::Description => "description",
            Evidence::Derived => "derived",
            Evidence::Inferred => "inferred",
        }
    }

    /// Every kind, strongest first.
    pub const ALL: [Evidence; 4] = [
        Evidence::Documented,
        Evidence::Description,
        Evidence::Derived,
        Evidence::Inferred,
    ];

    /// The kind written `text` in a catalog file.
    pub fn parse(text: &str) -> Option<Evidence> {
        Evidence::ALL.into_iter().find(|e| e.as_str() == text)
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One scope of a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub name: Text,
    pub description: Text,
    /// A composite grants exactly the union of its members and nothing of its own.
    pub composite: bool,
    /// Explicit parent in the resource tree, where names do not split into one.
    pub parent: Option<ScopeId>,
    /// Why the scope is deprecated, and its replacement. A deprecated scope still
    /// resolves: old scope strings keep working.
    pub deprecated: Option<Text>,
    /// Where alone the scope can be used ("Gmail add-ons"): an ordinary integration
    /// cannot ask for it, so `need` chooses it only where nothing else authorizes a call.
    pub only_in: Option<Text>,
}

/// How a request may differ from the method and path an operation gives: the catalog
/// keys `paths_case_insensitive`, `path_prefixes` and `methods_interchangeable`
/// (Microsoft Graph's paths ignore case and are requested under `/v1.0` or `/beta`;
/// Jira's under `/ex/jira/{cloudid}` by OAuth apps; Slack's methods take GET or POST).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathRules {
    /// Letter case does not matter in paths.
    pub case_insensitive: bool,
    /// Leading segments a request's path may carry before the operation's path; a
    /// segment written `{name}` stands for any one segment.
    pub prefixes: Vec<String>,
    /// HTTP methods any of which calls an operation that gives one of them (each one of
    /// [`HTTP_METHODS`]).
    pub methods_interchangeable: Vec<&'static str>,
}

/// Dense index of an operation in its catalog, in catalog order.
pub type OperationId = usize;

/// The HTTP methods an operation may name, as written in a catalog file.
pub const HTTP_METHODS: [&str; 9] = [
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "CONNECT",
];

/// An API call (a Google method id, an OpenAPI operationId) and the scopes that
/// authorize it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub id: Text,
    /// An uppercase HTTP method (one of [`HTTP_METHODS`]); given exactly when `path` is.
    pub method: Option<&'static str>,
    /// An OpenAPI-style templated path, starting with `/`.
    pub path: Option<Text>,
    /// More paths the same call is made at with the same method (Google's media upload
    /// URLs, `/upload/drive/v3/files` for `drive.files.create`); only with `path`.
    pub upload_paths: Box<[Text]>,
    pub description: Option<Text>,
    /// The alternatives that authorize the call: any one suffices, and inside one every
    /// scope is needed. The list is never empty; an alternative may be (`[[]]`: a call
    /// any token may make, needing no scope); no alternative repeats a scope.
    pub requires: Box<[Box<[ScopeId]>]>,
}

impl Operation {
    /// The alternatives, each as the scopes it needs together.
    pub fn alternatives(&self) -> impl ExactSizeIterator<Item = &[ScopeId]> + '_ {
        self.requires.iter().map(|alternative| &alternative[..])
    }
}

/// An implication edge: holding `from` grants everything `to` grants.
/// For a composite `from`, its edges are its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: ScopeId,
    pub to: ScopeId,
    pub evidence: Evidence,
    /// Why the edge holds. Every edge of one `[[implies]]` or `[[rule]]` block shares one
    /// copy of the block's note.
    pub note: Option<Arc<str>>,
}

/// How names split into the resource tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeSpec {
    pub separator: Option<String>,
    pub prefix: Option<String>,
}

/// Where a catalog was loaded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Builtin,
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Catalog {
    pub id: String,
    pub name: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub delimiter: String,
    /// The provider's page that creates a personal token with scopes ticked, if any.
    pub token_page: Option<TokenPage>,
    /// The date the source was read, `YYYY-MM-DD` (checked).
    pub retrieved: Option<String>,
    /// The source's revision: a commit, a package version, a page's date.
    pub revision: Option<String>,
    /// Licence attribution, where the source asks for it.
    pub attribution: Option<String>,
    /// How requests name the operations' paths.
    pub paths: PathRules,
    pub tree_spec: TreeSpec,
    /// Human names of resources (`callDispositions` → "call dispositions").
    pub resource_names: HashMap<String, String>,
    pub scopes: Vec<Scope>,
    pub edges: Vec<Edge>,
    /// The API calls the catalog lists, in catalog order: read when first asked for (see
    /// [`Catalog::operations`]), since they are most of a large catalog's text.
    operations: operations::Lazy,
    pub origin: Origin,
    /// Scope ids by name: made while a file is checked, and when first asked for in a
    /// catalog read from its compiled form (whose names were unique when it was written,
    /// as its hash says).
    index: std::sync::OnceLock<NameIndex>,
    out_edges: EdgeLists,
    in_edges: EdgeLists,
    /// The resource tree, built when first asked for (or read with the compiled catalog).
    tree: std::sync::OnceLock<Arc<ResourceTree>>,
    /// The tree, when it is being built on another thread.
    tree_job: tree::PendingTree,
}

impl Catalog {
    /// The per-scope edge lists (leaving, arriving), once scopes and edges are final.
    fn edge_lists(scopes: usize, edges: &[Edge]) -> (EdgeLists, EdgeLists) {
        (
            EdgeLists::of(scopes, edges, |e| e.from),
            EdgeLists::of(scopes, edges, |e| e.to),
        )
    }

    /// Loads a catalog file from disk: a regular file of at most [`MAX_FILE_BYTES`].
    pub fn from_path(path: &Path) -> Result<Catalog, LoadError> {
        let shown = path.display().to_string();
        let origin = Origin::File(path.to_path_buf());
        match cache::load_path(path, &shown, &origin) {
            cache::Lookup::Found(catalog) => Ok(catalog),
            cache::Lookup::Read { bytes, hash } => Catalog::from_read(path, bytes, hash),
            cache::Lookup::Missed => {
                let text =
                    file::read_text(path, &shown).map_err(|failure| read_failure(path, failure))?;
                load::parse_owned(text, None, &shown, origin).map_err(LoadError::from)
            }
        }
    }

    /// The catalog file at `path`, already read (its `bytes`, hashed `hash`) and not in
    /// the cache.
    fn from_read(path: &Path, bytes: Vec<u8>, hash: u128) -> Result<Catalog, LoadError> {
        let shown = path.display().to_string();
        let text = file::utf8(bytes, &shown).map_err(|failure| read_failure(path, failure))?;
        load::parse_owned(text, Some(hash), &shown, Origin::File(path.to_path_buf()))
            .map_err(LoadError::from)
    }

    /// Finds a catalog by id (built-in or in the user's catalog folder) or by file path.
    pub fn resolve(spec: &str) -> Result<Catalog, LoadError> {
        CatalogSource::find(spec)?.load()
    }

    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    pub fn id_of(&self, name: &str) -> Option<ScopeId> {
        self.name_index().get(name, |id| &self.scopes[id].name)
    }

    /// The name index, made on first use.
    pub(crate) fn name_index(&self) -> &NameIndex {
        self.index.get_or_init(|| {
            let mut index = NameIndex::with_capacity(self.scopes.len());
            for id in 0..self.scopes.len() {
                // Names are unique (checked when the file was read): none is refused.
                let _ = index.insert(id, |id| &self.scopes[id].name);
            }
            index
        })
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }

    pub fn name(&self, id: ScopeId) -> &str {
        &self.scopes[id].name
    }

    /// Edges leaving `id`: what it implies (for a composite, its members).
    pub fn edges_from(&self, id: ScopeId) -> impl Iterator<Item = &Edge> + '_ {
        self.out_edges
            .of_scope(id)
            .iter()
            .map(|&e| &self.edges[e as usize])
    }

    /// Edges arriving at `id`: the scopes that imply it.
    pub fn edges_to(&self, id: ScopeId) -> impl Iterator<Item = &Edge> + '_ {
        self.in_edges
            .of_scope(id)
            .iter()
            .map(|&e| &self.edges[e as usize])
    }

    /// Resolves scope names, reporting the first unknown one with its closest neighbours.
    pub fn lookup_all<'a, I>(&self, names: I) -> Result<Vec<ScopeId>, UnknownScope>
    where
        I: IntoIterator<Item = &'a str>,
    {
        names
            .into_iter()
            .map(|name| {
                self.id_of(name).ok_or_else(|| UnknownScope {
                    name: name.to_string(),
                    catalog: self.name.clone(),
                    suggestions: self.suggest(name),
                })
            })
            .collect()
    }

    /// The real scope names closest to `name`, best first.
    pub fn suggest(&self, name: &str) -> Vec<String> {
        suggest(name, self.scopes.iter().map(|s| s.name.as_str()))
    }

    /// The operations (API calls) the catalog lists, in catalog order. They are read from
    /// the file when first asked for, so this is where a problem in them shows, located
    /// like any other (`scopex validate` asks at once).
    pub fn operations(&self) -> Result<&[Operation], CatalogError> {
        match self.read_operation_list() {
            Ok(list) => Ok(&list.operations),
            Err(error) => Err(error.clone()),
        }
    }

    /// How many operations the file lists, without reading them: counted from their
    /// table headers until they are read. Exact for a catalog that loads; use
    /// [`Catalog::operations`] to know that it does.
    pub fn operation_count(&self) -> usize {
        self.operations.count()
    }

    /// The operations when they were read already (and load); `None` while they are still
    /// to be read, or do not load. Never reads them, so it never waits.
    pub fn operations_if_read(&self) -> Option<&[Operation]> {
        self.operations.if_read()
    }

    /// The operation `id`, an id this catalog gave (so its operations were read).
    pub fn operation(&self, id: OperationId) -> &Operation {
        &self.read_operations()[id]
    }

    /// The operation with this id; `None` also when the operations do not load (ask
    /// [`Catalog::operations`] first to tell the two apart).
    pub fn operation_id_of(&self, id: &str) -> Option<OperationId> {
        let list = self.read_operation_list().ok()?;
        list.index.get(id, |op| &list.operations[op].id)
    }

    /// The real operation ids closest to `id`, best first.
    pub fn suggest_operation(&self, id: &str) -> Vec<String> {
        suggest(id, self.read_operations().iter().map(|op| op.id.as_str()))
    }

    /// The operations, or none where they do not load.
    fn read_operations(&self) -> &[Operation] {
        self.read_operation_list()
            .map_or(&[], |list| &list.operations[..])
    }

    fn read_operation_list(&self) -> Result<&operations::OperationList, &CatalogError> {
        self.operations
            .get(|file, text, start| load::read_operations(file, text, self, start))
    }

    /// The resource tree of this catalog, built once.
    pub fn tree(&self) -> Arc<ResourceTree> {
        Arc::clone(self.tree.get_or_init(|| {
            let pending = self.tree_job.take();
            Arc::new(pending.unwrap_or_else(|| ResourceTree::build(self)))
        }))
    }
}

/// A scope name that is not in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScope {
    pub name: String,
    pub catalog: String,
    pub suggestions: Vec<String>,
}

impl fmt::Display for UnknownScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not in the {} catalog", self.name, self.catalog)?;
        write_suggestions(f, &self.suggestions)
    }
}

impl std::error::Error for UnknownScope {}

pub(crate) fn write_suggestions(f: &mut fmt::Formatter<'_>, suggestions: &[String]) -> fmt::Result {
    match suggestions {
        [] => Ok(()),
        [one] => write!(f, "; did you mean `{one}`?"),
        many => {
            let list: Vec<String> = many.iter().map(|s| format!("`{s}`")).collect();
            write!(f, "; did you mean one of {}?", list.join(", "))
        }
    }
}

/// Up to three candidates close to `name`: same name ignoring case first, then by edit
/// distance, then names that contain it, the closest of those first (`sessions` is
/// nearer `sessions:write` than `sessions:calls:write`).
///
/// The edit distance is computed only for candidates that can be within the limit: it is
/// at least the difference in length and at least [`bag_distance`], and it is exactly the
/// difference in length when the candidate contains the name. Among Google's 27,724
/// operations that spares nearly all of them.
pub fn suggest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let lower = name.to_lowercase();
    let lower_chars = lower.chars().count();
    let limit = (name.chars().count() / 3).clamp(2, 6);
    let mut scored: Vec<(bool, usize, &str)> = candidates
        .filter_map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            let apart = candidate_lower.chars().count().abs_diff(lower_chars);
            if lower.len() >= 3 && candidate_lower.contains(&lower) {
                return Some((apart > limit, apart, candidate));
            }
            if apart > limit || bag_distance(&lower, &candidate_lower).is_some_and(|d| d > limit) {
                return None;
            }
            let distance = strsim::damerau_levenshtein(&lower, &candidate_lower);
            (distance <= limit).then_some((false, distance, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(3)
        .map(|(_, _, s)| s.to_string())
        .collect()
}

/// A catalog file that could not be read, as a load error.
fn read_failure(path: &Path, failure: file::ReadFailure) -> LoadError {
    match failure {
        file::ReadFailure::Io(source) => LoadError::Io {
            path: path.to_path_buf(),
            source,
        },
        file::ReadFailure::NotUtf8(located) => LoadError::Invalid(CatalogError(located)),
    }
}

/// A lower bound of the edit distance of two ASCII strings (`None` for others): how many
/// characters, counted with repeats, one has beyond the other, the larger of the two
/// counts. An insertion, deletion or substitution moves it by at most one, swapping two
/// neighbours not at all.
fn bag_distance(a: &str, b: &str) -> Option<usize> {
    if !a.is_ascii() || !b.is_ascii() {
        return None;
    }
    let mut counts = [0i32; 128];
    for byte in a.bytes() {
        counts[usize::from(byte)] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte)] -= 1;
    }
    let (mut more, mut fewer) = (0, 0);
    for count in counts {
        if count > 0 {
            more += count;
        } else {
            fewer -= count;
        }
    }
    Some(more.max(fewer) as usize)
}

/// A `*.toml` file in the user's catalog folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCatalogFile {
    pub path: PathBuf,
    /// The catalog's id, read from the file's top-level keys without parsing the rest;
    /// `None` when the file cannot be read or names no id (it is broken: loading it says
    /// why, with the place).
    pub id: Option<String>,
    /// The id of a built-in catalog it shadows: commands and the picker use this file.
    pub shadows_builtin: bool,
}

impl UserCatalogFile {
    /// Loads the whole catalog, or says why it fails (file, line and column).
    pub fn load(&self) -> Result<Catalog, LoadError> {
        Catalog::from_path(&self.path)
    }

    /// What commands call it: its id, or else its file name without `.toml`.
    pub fn name(&self) -> String {
        self.id.clone().unwrap_or_else(|| {
            self.path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }
}

/// Every `*.toml` file in the user's catalog folder, sorted by path, broken ones
/// included, then those of the folder earlier versions used on macOS
/// ([`legacy_user_catalog_dir`]) whose id the first folder does not have. Only the top of
/// each file is read (see [`file::read_head`]); FIFOs and devices are never opened. A
/// folder that is there but cannot be read is an error: which catalogs the user has is
/// then not known.
pub fn read_user_catalog_files() -> Result<Vec<UserCatalogFile>, LoadError> {
    let mut files = catalog_files_in(user_catalog_dir())?;
    if let Some(legacy) = legacy_user_catalog_dir() {
        let names: std::collections::HashSet<String> =
            files.iter().map(UserCatalogFile::name).collect();
        let older = catalog_files_in(Some(legacy))?;
        files.extend(older.into_iter().filter(|f| !names.contains(&f.name())));
    }
    Ok(files)
}

/// [`read_user_catalog_files`], none where the folder cannot be read: for completion,
/// which has nowhere to say so.
pub fn user_catalog_files() -> Vec<UserCatalogFile> {
    read_user_catalog_files().unwrap_or_default()
}

/// The `*.toml` files of `dir`, sorted by path; none when there is no such folder.
fn catalog_files_in(dir: Option<PathBuf>) -> Result<Vec<UserCatalogFile>, LoadError> {
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(LoadError::UnreadableFolder { path: dir, source }),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let id = file::read_head(&path)
                .ok()
                .and_then(|head| head.string("id").map(str::to_string))
                .filter(|id| !id.is_empty());
            let shadows_builtin = id
                .as_deref()
                .is_some_and(|id| builtin_ids().any(|b| b == id));
            UserCatalogFile {
                path,
                id,
                shadows_builtin,
            }
        })
        .collect())
}

/// Catalog files in the user's catalog folder whose id could be read, as (id, path),
/// sorted. A user catalog with a built-in's id shadows the built-in.
pub fn user_catalogs() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = user_catalog_files()
        .into_iter()
        .filter_map(|file| Some((file.id?, file.path)))
        .collect();
    found.sort();
    found
}
