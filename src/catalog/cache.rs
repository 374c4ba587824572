//! Compiled catalogs, cached in the user's cache folder so a large catalog is parsed and
//! checked once, not on every run.
//!
//! A cache file holds a catalog as loading it gave it (scopes, edges, top-level keys and
//! its resource tree, so opening it builds none; the operations stay in the source text,
//! read on first use as before) in a flat binary
//! layout of our own: a header, then one text blob and fixed-size records pointing into
//! it. It is named after the 128-bit xxh3 hash of the source text and is never trusted
//! blindly: the format version, the build that wrote it, the source's hash and length and a hash
//! of the payload are all checked, and every index is range-checked while decoding. A
//! cache that fails any check is rebuilt from the source; one that cannot be read or
//! written just means no cache. Files are written atomically (a temporary file renamed).
//!
//! Only a catalog that loads is cached, so a broken file is parsed every time and its
//! error located as always; a file whose operations come before other tables (read at
//! once, not on first use) is not cached either.
//!
//! Why this file is long: a third of it is unit tests (corrupt, truncated and stale cache
//! files, each rebuilt); the cache itself is about 600 lines, one format read and written
//! in one place so the two cannot disagree.

use super::mapped::Bytes;
use super::operations::{Lazy, SourceText};
use super::text::{Piece, Shared, Store, Text};
use super::tree::{self, ResourceTree};
use super::{
    Catalog, CatalogError, Edge, Evidence, HTTP_METHODS, Origin, PathRules, Scope, TokenPage,
    TreeSpec,
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The layout's version: moved whenever what is written changes.
pub(super) const FORMAT: u32 = 7;
pub(super) const MAGIC: &[u8; 8] = b"scopexc\0";
/// Files smaller than this parse about as fast as their cache reads: not cached.
pub(super) const MIN_BYTES: usize = 64 * 1024;
/// Cache files kept; the least recently written go first.
const MAX_ENTRIES: usize = 32;
pub(super) const NONE: u32 = u32::MAX;

/// The folder compiled catalogs are kept in: `$SCOPEX_CACHE_DIR` when set (empty: no
/// cache), else `$XDG_CACHE_HOME/scopex`, else `~/.cache/scopex`, else (Windows) the
/// platform's cache folder.
pub fn cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCOPEX_CACHE_DIR") {
        return (!dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    if let Some(xdg) = absolute("XDG_CACHE_HOME") {
        return Some(xdg.join("scopex"));
    }
    if !cfg!(windows)
        && let Some(home) = absolute("HOME")
    {
        return Some(home.join(".cache").join("scopex"));
    }
    directories::ProjectDirs::from("", "", "scopex").map(|d| d.cache_dir().to_path_buf())
}

/// What made a cache file besides its format: scopex's version, and the build of the
/// running program (its size and modification time), so a build that checks catalogs
/// differently never takes another build's word for a file.
pub(super) fn build_stamp() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .map(|meta| {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", meta.len())
        })
        .unwrap_or_default();
    format!("{} {exe}", env!("CARGO_PKG_VERSION"))
}

/// The content hash a cache file is keyed by.
pub(super) fn content_hash(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

/// The catalog of `text` (named `file` in errors), from the cache when it holds it, else
/// parsed (by `parse`, given the text and the text to keep for the operations) and then
/// cached. `hash` is the text's content hash when the caller has taken it already.
pub(super) fn load(
    text: SourceText,
    hash: Option<u128>,
    file: &str,
    origin: Origin,
    parse: impl FnOnce(&str, SourceText) -> Result<Catalog, CatalogError>,
) -> Result<Catalog, CatalogError> {
    let dir = cache_dir().filter(|_| text.as_str().len() >= MIN_BYTES);
    let Some(dir) = dir else {
        let keep = text.clone();
        let catalog = parse(text.as_str(), keep)?;
        drop(text);
        super::tree::PendingTree::start_for(&catalog);
        return Ok(catalog);
    };
    let hash = hash.unwrap_or_else(|| content_hash(text.as_str()));
    load_in(&dir, text, hash, file, origin, parse)
}

/// [`load`] with the cache in `dir`, for the text hashed `hash`.
fn load_in(
    dir: &Path,
    text: SourceText,
    hash: u128,
    file: &str,
    origin: Origin,
    parse: impl FnOnce(&str, SourceText) -> Result<Catalog, CatalogError>,
) -> Result<Catalog, CatalogError> {
    let path = file_in(dir, hash);
    let source_len = text.as_str().len() as u64;
    if let Some(bytes) = Bytes::of(&path)
        && let Some((mut catalog, operations)) = decode(bytes, hash, source_len, origin.clone())
        && attach(&mut catalog, operations, text.as_str(), file, &text).is_some()
    {
        return Ok(catalog);
    }
    let catalog = parse(text.as_str(), text.clone())?;
    // The compiled form needs only the text's length: the text itself is let go first
    // (unless the catalog keeps it to read its operations later), so that a large file's
    // memory is used again for the tree and the compiled form, not added to.
    drop(text);
    super::tree::PendingTree::start_for(&catalog);
    // No cache is no error: a read-only or full disk only costs the next run a parse.
    let _ = store_catalog(&path, &catalog, source_len, hash);
    Ok(catalog)
}

/// What looking for a file's compiled form found.
#[derive(Debug)]
pub(super) enum Lookup<T> {
    /// The cache holds it.
    Found(T),
    /// The cache does not hold it, and the file was read whole to hash it: its bytes and
    /// their hash, to be parsed without reading and hashing the file again.
    Read { bytes: Vec<u8>, hash: u128 },
    /// The cache does not hold it (or there is no cache, or the file could not be read).
    Missed,
}

impl<T> Lookup<T> {
    /// A miss, after `hashed`.
    pub(super) fn missed(hashed: super::known::Hashed) -> Lookup<T> {
        match hashed.bytes {
            Some(bytes) => Lookup::Read {
                bytes,
                hash: hashed.hash,
            },
            None => Lookup::Missed,
        }
    }
}

/// The catalog file at `path` (named `file` in errors) from the cache, without reading
/// the whole file into memory when its hash is remembered and its operations are not
/// needed. Otherwise the file is read whole: a miss gives its bytes and hash to the
/// caller, which parses them, which caches it.
pub(super) fn load_path(path: &Path, file: &str, origin: &Origin) -> Lookup<Catalog> {
    match cache_dir() {
        Some(dir) => load_path_in(&dir, path, file, origin),
        None => Lookup::Missed,
    }
}

/// [`load_path`] with the cache in `dir`.
fn load_path_in(dir: &Path, path: &Path, file: &str, origin: &Origin) -> Lookup<Catalog> {
    let Ok(hashed) = super::known::hash_file(&known_in(dir), path) else {
        return Lookup::Missed;
    };
    let (hash, len) = (hashed.hash, hashed.len);
    if len < MIN_BYTES as u64 {
        return Lookup::missed(hashed);
    }
    let Some((mut catalog, operations)) =
        Bytes::of(&file_in(dir, hash)).and_then(|bytes| decode(bytes, hash, len, origin.clone()))
    else {
        return Lookup::missed(hashed);
    };
    if let Operations::Pending { .. } = operations {
        // They are read from the text on first use: the text is kept, and must be the one
        // hashed.
        let text = match hashed.bytes {
            Some(bytes) => String::from_utf8(bytes).ok(),
            None => super::file::read_text(path, file)
                .ok()
                .filter(|text| content_hash(text) == hash),
        };
        let Some(text) = text.map(Arc::new) else {
            return Lookup::Missed;
        };
        let keep = SourceText::Shared(Arc::clone(&text));
        if attach(&mut catalog, operations, &text, file, &keep).is_none() {
            return Lookup::Missed;
        }
    }
    Lookup::Found(catalog)
}

/// Where a decoded catalog's operations are.
#[derive(Debug, Clone, Copy)]
pub(super) enum Operations {
    /// It has none.
    None,
    /// In the source text from `start` on, `headers` of them, read on first use.
    Pending { start: usize, headers: usize },
}

/// Gives `catalog` its operations, to be read from `text` (kept as `keep`, named `file`).
fn attach(
    catalog: &mut Catalog,
    operations: Operations,
    text: &str,
    file: &str,
    keep: &SourceText,
) -> Option<()> {
    if let Operations::Pending { start, headers } = operations {
        text.get(start..)?;
        catalog.operations = Lazy::pending(keep.clone(), file, start, headers);
    }
    Some(())
}

/// Writes the cache file of `catalog`, loaded from `source` (whose hash is `hash`), to
/// `path`, if it can be cached.
fn store_catalog(
    path: &Path,
    catalog: &Catalog,
    source_len: u64,
    hash: u128,
) -> std::io::Result<()> {
    let Some(encoded) = encode_parts(catalog, source_len, hash, &build_stamp()) else {
        return Ok(());
    };
    let mut parts: Vec<&[u8]> = vec![encoded.text.as_bytes()];
    parts.extend(encoded.rest.iter().map(Vec::as_slice));
    store(path, &parts)?;
    if let Some(root) = path.parent().and_then(Path::parent) {
        remove_older_formats(root);
    }
    Ok(())
}

/// Removes the folders of older cache formats (`catalogs-v2` when this is format 5) from
/// the cache folder `root`: this build never reads them, and nothing else would remove
/// them. Newer formats are left to the builds that write them; a link is not followed.
fn remove_older_formats(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let older = entry
            .file_name()
            .to_str()
            .and_then(|name| name.strip_prefix("catalogs-v"))
            .and_then(|version| version.parse::<u32>().ok())
            .is_some_and(|version| version < FORMAT);
        if older && entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Writes `parts`, one after the other, to `path` atomically (a temporary file renamed),
/// then trims its folder to [`MAX_ENTRIES`].
fn store(path: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    for part in parts {
        file.write_all(part)?;
    }
    file.persist(path).map_err(|e| e.error)?;
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().len() == 32)
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() > MAX_ENTRIES {
        entries.sort();
        for (_, old) in &entries[..entries.len() - MAX_ENTRIES] {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(())
}

/// A cache file in parts, written one after the other: the text, then the rest (keys,
/// records, tree, trailer), each part as it was made rather than copied into one.
pub(super) struct Encoded<'c> {
    /// Borrowed from the catalog when all its scopes' texts lie in one buffer, as a
    /// loaded catalog's do: the buffer is written as it is, not copied first.
    text: Cow<'c, str>,
    rest: Vec<Vec<u8>>,
}

impl Encoded<'_> {
    #[cfg(test)]
    fn into_bytes(self) -> Vec<u8> {
        let mut bytes = self.text.into_owned().into_bytes();
        self.rest
            .iter()
            .for_each(|part| bytes.extend_from_slice(part));
        bytes
    }
}

/// The cache file of `catalog`, loaded from `source` (whose hash is `hash`); `None` when
/// it cannot be cached.
#[cfg(test)]
pub(super) fn encode(catalog: &Catalog, source: &str, hash: u128) -> Option<Vec<u8>> {
    encode_stamped(catalog, source, hash, &build_stamp())
}

/// [`encode`], saying the build `stamp` wrote it.
#[cfg(test)]
fn encode_stamped(catalog: &Catalog, source: &str, hash: u128, stamp: &str) -> Option<Vec<u8>> {
    encode_parts(catalog, source.len() as u64, hash, stamp).map(Encoded::into_bytes)
}

/// [`encode_stamped`], in its two parts.
fn encode_parts<'c>(
    catalog: &'c Catalog,
    source_len: u64,
    hash: u128,
    stamp: &str,
) -> Option<Encoded<'c>> {
    let operations = match catalog.operations.pending_at() {
        Some((start, headers)) => Some((u64::try_from(start).ok()?, headers)),
        None if catalog.operations.is_read_empty() => None,
        None => return None,
    };
    let mut out = Writer::default();
    // The text: the catalog's own buffer when every scope text lies in it, else a copy
    // of each text, one after the other.
    let mut blob = Blob::Copied(String::new());
    if let Some(first) = catalog.scopes.first() {
        let buffer = first.name.buffer();
        let inside = |text: &Text| text.range_in(buffer).is_some();
        if catalog.scopes.iter().all(|scope| {
            inside(&scope.name)
                && inside(&scope.description)
                && scope.deprecated.as_ref().is_none_or(inside)
                && scope.only_in.as_ref().is_none_or(inside)
        }) {
            blob = Blob::Shared(buffer);
        }
    }
    let mut piece = |text: &Text| -> Option<(u32, u32)> {
        match &mut blob {
            Blob::Shared(buffer) => text.range_in(buffer),
            Blob::Copied(copy) => {
                let start = u32::try_from(copy.len()).ok()?;
                copy.push_str(text);
                Some((start, u32::try_from(copy.len()).ok()?))
            }
        }
    };
    let mut scopes = Writer {
        bytes: Vec::with_capacity(catalog.scopes.len() * SCOPE_RECORD),
    };
    let mut names = Vec::with_capacity(catalog.scopes.len());
    for scope in &catalog.scopes {
        let (name, description) = (piece(&scope.name)?, piece(&scope.description)?);
        names.push(name);
        let mut optional = |text: &Option<super::Text>| match text {
            Some(text) => piece(text),
            None => Some((NONE, NONE)),
        };
        let deprecated = optional(&scope.deprecated)?;
        let only_in = optional(&scope.only_in)?;
        for (start, end) in [name, description, deprecated, only_in] {
            scopes.u32(start);
            scopes.u32(end);
        }
        scopes.u32(match scope.parent {
            Some(parent) => u32::try_from(parent).ok()?,
            None => NONE,
        });
        scopes.u8(u8::from(scope.composite));
        scopes.u64(super::mask::byte_mask(scope.name.as_bytes()));
        scopes.u64(super::mask::byte_mask(scope.description.as_bytes()));
    }
    out.str(stamp);
    out.str(&catalog.id);
    out.str(&catalog.name);
    for text in [
        &catalog.docs_url,
        &catalog.source,
        &catalog.authorize_url,
        &catalog.token_url,
    ] {
        out.opt_str(text.as_deref());
    }
    out.str(&catalog.delimiter);
    let page = catalog.token_page.as_ref();
    out.opt_str(page.map(|p| p.url.as_str()));
    out.opt_str(page.map(|p| p.delimiter.as_str()));
    for text in [
        &catalog.retrieved,
        &catalog.revision,
        &catalog.attribution,
        &catalog.tree_spec.separator,
        &catalog.tree_spec.prefix,
    ] {
        out.opt_str(text.as_deref());
    }
    let mut resources: Vec<(&String, &String)> = catalog.resource_names.iter().collect();
    resources.sort();
    out.u32(u32::try_from(resources.len()).ok()?);
    for (key, value) in resources {
        out.str(key);
        out.str(value);
    }
    out.u8(u8::from(catalog.paths.case_insensitive));
    out.u32(u32::try_from(catalog.paths.prefixes.len()).ok()?);
    for prefix in &catalog.paths.prefixes {
        out.str(prefix);
    }
    out.u32(u32::try_from(catalog.paths.methods_interchangeable.len()).ok()?);
    for method in &catalog.paths.methods_interchangeable {
        out.str(method);
    }
    match operations {
        Some((start, headers)) => {
            out.u8(1);
            out.u64(start);
            out.u64(u64::try_from(headers).ok()?);
        }
        None => out.u8(0),
    }
    // Notes: one copy per block in memory, one here.
    let mut notes: Vec<&str> = Vec::new();
    let mut note_ids: HashMap<*const u8, u32> = HashMap::new();
    let mut edges = Writer {
        bytes: Vec::with_capacity(4 + catalog.edges.len() * EDGE_RECORD),
    };
    edges.u32(u32::try_from(catalog.edges.len()).ok()?);
    for edge in &catalog.edges {
        edges.u32(u32::try_from(edge.from).ok()?);
        edges.u32(u32::try_from(edge.to).ok()?);
        let evidence = Evidence::ALL.iter().position(|e| *e == edge.evidence)?;
        edges.u8(u8::try_from(evidence).ok()?);
        edges.u32(match &edge.note {
            Some(note) => *note_ids.entry(note.as_ptr()).or_insert_with(|| {
                notes.push(note);
                u32::try_from(notes.len() - 1).unwrap_or(NONE)
            }),
            None => NONE,
        });
    }
    out.u32(u32::try_from(notes.len()).ok()?);
    for note in notes {
        out.str(note);
    }
    out.u32(u32::try_from(catalog.scopes.len()).ok()?);
    // The resource tree: a scope's node is labelled with its name, a group's with a piece
    // of the text (copied into it when it is a copy). Asked for last: a large catalog's
    // tree is built on another thread meanwhile.
    let tree = catalog.tree();
    let head = std::mem::replace(
        &mut out.bytes,
        Vec::with_capacity(
            8 + tree.titles.iter().map(|t| 8 + t.len()).sum::<usize>()
                + tree.len() * NODE_RECORD
                + TRAILER,
        ),
    );
    out.u32(u32::try_from(tree.titles.len()).ok()?);
    for title in &tree.titles {
        out.str(title);
    }
    out.u32(u32::try_from(tree.len()).ok()?);
    for node in 0..tree.len() {
        let (start, end) = match (tree.scope(node), &mut blob) {
            (Some(scope), _) => *names.get(scope)?,
            (None, Blob::Shared(buffer)) if Arc::ptr_eq(&tree.text, buffer) => {
                let [start, end] = tree.labels[node];
                (start, end)
            }
            (None, Blob::Shared(_)) => return None,
            (None, Blob::Copied(copy)) => {
                let start = u32::try_from(copy.len()).ok()?;
                copy.push_str(tree.label(node));
                (start, u32::try_from(copy.len()).ok()?)
            }
        };
        for value in [
            start,
            end,
            tree.scopes[node],
            tree.parents[node],
            tree.ends[node],
            tree.title_of[node],
        ] {
            out.u32(value);
        }
    }

    // The text first, so that reading the file back it becomes the catalog's text buffer
    // where it lies; the rest, then the trailer.
    let text = match blob {
        Blob::Shared(buffer) => Cow::Borrowed(buffer.as_str()),
        Blob::Copied(copy) => Cow::Owned(copy),
    };
    let mut rest = vec![head, scopes.bytes, edges.bytes];
    let mut payload = xxhash_rust::xxh3::Xxh3::new();
    payload.update(text.as_bytes());
    rest.iter().for_each(|part| payload.update(part));
    payload.update(&out.bytes);
    let payload_hash = payload.digest128();
    out.bytes.extend_from_slice(MAGIC);
    out.u32(FORMAT);
    out.u128(hash);
    out.u64(source_len);
    out.u128(payload_hash);
    out.u64(text.len() as u64);
    rest.push(out.bytes);
    Some(Encoded { text, rest })
}

/// Where the text of a cache file being written comes from.
enum Blob<'c> {
    Shared(&'c Arc<Store>),
    Copied(String),
}

/// Bytes of the trailer: magic, format, source hash and length, payload hash, text length.
pub(super) const TRAILER: usize = 8 + 4 + 16 + 8 + 16 + 8;

/// The length of a cache file's payload and of the text that begins it, if the file is
/// one for a source text of `source_len` bytes hashed `hash`, written in this format and
/// whole (its payload hash checks).
pub(super) fn payload(bytes: &[u8], hash: u128, source_len: u64) -> Option<(usize, usize)> {
    let found = trailer(bytes, hash, source_len)?;
    found
        .payload_checks(bytes)
        .then_some((found.payload_len, found.blob_len))
}

/// What the trailer of a cache file says, when the file is one for a source text of
/// `source_len` bytes hashed `hash`, written in this format; its payload is not checked.
pub(super) fn trailer(bytes: &[u8], hash: u128, source_len: u64) -> Option<Trailer> {
    let payload_len = bytes.len().checked_sub(TRAILER)?;
    let mut trailer = Reader {
        bytes,
        at: payload_len,
    };
    let sound = trailer.take(MAGIC.len())? == MAGIC
        && trailer.u32()? == FORMAT
        && trailer.u128()? == hash
        && trailer.u64()? == source_len;
    let payload_hash = trailer.u128()?;
    let blob_len = usize::try_from(trailer.u64()?).ok()?;
    (sound && blob_len <= payload_len).then_some(Trailer {
        payload_len,
        blob_len,
        payload_hash,
    })
}

/// A cache file's trailer: see [`trailer`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Trailer {
    /// The payload, the file before the trailer.
    pub(super) payload_len: usize,
    /// The text that begins the payload.
    pub(super) blob_len: usize,
    payload_hash: u128,
}

impl Trailer {
    /// Is the payload of `bytes` (the file this trailer was read from) the one written?
    pub(super) fn payload_checks(&self, bytes: &[u8]) -> bool {
        bytes
            .get(..self.payload_len)
            .is_some_and(|payload| xxhash_rust::xxh3::xxh3_128(payload) == self.payload_hash)
    }
}

/// The folder of the remembered hashes of catalog files (see `known.rs`), in the cache
/// folder `dir`.
pub(super) fn known_in(dir: &Path) -> PathBuf {
    dir.join(format!("catalogs-v{FORMAT}")).join("known")
}

/// Where the cache file of a source hashed `hash` is, in the cache folder `dir`.
pub(super) fn file_in(dir: &Path, hash: u128) -> PathBuf {
    dir.join(format!("catalogs-v{FORMAT}"))
        .join(format!("{hash:032x}"))
}

/// The catalog a cache file holds, if it is one for a source text of `source_len` bytes
/// hashed `hash`, and sound; with where its operations are (not yet attached). The
/// catalog's text stays where `bytes` are (a mapped file is not copied).
pub(super) fn decode(
    bytes: Bytes,
    hash: u128,
    source_len: u64,
    origin: Origin,
) -> Option<(Catalog, Operations)> {
    let (payload_len, blob_len) = payload(bytes.as_slice(), hash, source_len)?;
    let shared = Shared::new(Store::of_file(bytes, blob_len)?);
    let store = shared.buffer();
    let rest = store.file().get(blob_len..payload_len)?;
    let mut r = Reader { bytes: rest, at: 0 };
    if r.str()? != build_stamp() {
        return None;
    }
    let id = r.string()?;
    let name = r.string()?;
    let [docs_url, source_url, authorize_url, token_url] = [
        r.opt_string()?,
        r.opt_string()?,
        r.opt_string()?,
        r.opt_string()?,
    ];
    let delimiter = r.string()?;
    let token_page = match (r.opt_string()?, r.opt_string()?) {
        (Some(url), Some(delimiter)) => Some(TokenPage { url, delimiter }),
        (None, None) => None,
        _ => return None,
    };
    let [retrieved, revision, attribution, separator, prefix] = [
        r.opt_string()?,
        r.opt_string()?,
        r.opt_string()?,
        r.opt_string()?,
        r.opt_string()?,
    ];
    let resource_count = r.u32()? as usize;
    let mut resource_names = HashMap::with_capacity(resource_count.min(rest.len()));
    for _ in 0..resource_count {
        resource_names.insert(r.string()?, r.string()?);
    }
    let case_insensitive = match r.u8()? {
        0 => false,
        1 => true,
        _ => return None,
    };
    let prefix_count = r.u32()? as usize;
    let mut prefixes = Vec::with_capacity(prefix_count.min(rest.len()));
    for _ in 0..prefix_count {
        prefixes.push(r.string()?);
    }
    let method_count = r.u32()? as usize;
    let mut methods_interchangeable = Vec::with_capacity(method_count.min(rest.len()));
    for _ in 0..method_count {
        let method = r.str()?;
        methods_interchangeable.push(HTTP_METHODS.into_iter().find(|m| *m == method)?);
    }
    let paths = PathRules {
        case_insensitive,
        prefixes,
        methods_interchangeable,
    };
    let operations = match r.u8()? {
        0 => Operations::None,
        1 => Operations::Pending {
            start: usize::try_from(r.u64()?).ok()?,
            headers: usize::try_from(r.u64()?).ok()?,
        },
        _ => return None,
    };
    let note_count = r.u32()? as usize;
    let mut notes: Vec<Arc<str>> = Vec::with_capacity(note_count.min(rest.len()));
    for _ in 0..note_count {
        notes.push(Arc::from(r.str()?));
    }
    let scope_count = r.u32()? as usize;
    let scope_records = r.take(scope_count.checked_mul(SCOPE_RECORD)?)?;
    let edge_count = r.u32()? as usize;
    let edge_records = r.take(edge_count.checked_mul(EDGE_RECORD)?)?;
    let title_count = r.u32()? as usize;
    let mut titles = Vec::with_capacity(title_count.min(rest.len()));
    for _ in 0..title_count {
        titles.push(r.string()?);
    }
    let node_count = r.u32()? as usize;
    let node_records = r.take(node_count.checked_mul(NODE_RECORD)?)?;
    if r.at != rest.len() {
        return None;
    }
    let blob = shared.as_str();
    let mut scopes = Vec::with_capacity(scope_count);
    for record in scope_records.chunks_exact(SCOPE_RECORD) {
        let mut r = Reader {
            bytes: record,
            at: 0,
        };
        let mut piece = || Piece::of(blob, r.u32()?, r.u32()?);
        let name = shared.text(piece()?);
        let description = shared.text(piece()?);
        let mut optional = || match (r.u32()?, r.u32()?) {
            (NONE, NONE) => Some(None),
            (start, end) => Some(Some(shared.text(Piece::of(blob, start, end)?))),
        };
        let deprecated = optional()?;
        let only_in = optional()?;
        let parent = match r.u32()? {
            NONE => None,
            parent if (parent as usize) < scope_count => Some(parent as usize),
            _ => return None,
        };
        let composite = match r.u8()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        // The byte masks are for searching the texts alone (`view.rs`).
        scopes.push(Scope {
            name,
            description,
            composite,
            parent,
            deprecated,
            only_in,
        });
    }
    let mut edges = Vec::with_capacity(edge_count);
    for record in edge_records.chunks_exact(EDGE_RECORD) {
        let mut r = Reader {
            bytes: record,
            at: 0,
        };
        let (from, to) = (r.u32()? as usize, r.u32()? as usize);
        let evidence = *Evidence::ALL.get(r.u8()? as usize)?;
        let note = match r.u32()? {
            NONE => None,
            note => Some(Arc::clone(notes.get(note as usize)?)),
        };
        if from >= scope_count || to >= scope_count {
            return None;
        }
        edges.push(Edge {
            from,
            to,
            evidence,
            note,
        });
    }
    let (out_edges, in_edges) = Catalog::edge_lists(scopes.len(), &edges);
    let tree = decode_tree(&shared, titles, node_records, scopes.len())?;
    let catalog = Catalog {
        id,
        name,
        docs_url,
        source: source_url,
        authorize_url,
        token_url,
        delimiter,
        token_page,
        retrieved,
        revision,
        attribution,
        paths,
        tree_spec: TreeSpec { separator, prefix },
        resource_names,
        scopes,
        edges,
        operations: Lazy::read(Ok(Default::default())),
        origin,
        // Made when first asked for: a first frame needs no name looked up.
        index: Default::default(),
        out_edges,
        in_edges,
        tree: std::sync::OnceLock::from(Arc::new(tree)),
        tree_job: Default::default(),
    };
    Some((catalog, operations))
}

/// The resource tree of a catalog of `scope_count` scopes, from its node records, checked
/// to be one: its nodes in pre-order (each node's parent the nearest open node before it,
/// each subtree inside its parent's), every label a piece of the text, every scope in
/// range and on one node at most.
fn decode_tree(
    text: &Shared,
    titles: Vec<String>,
    records: &[u8],
    scope_count: usize,
) -> Option<ResourceTree> {
    let count = records.len() / NODE_RECORD;
    let mut tree =
        ResourceTree::with_capacity(text.buffer(), titles, count, vec![tree::NONE; scope_count]);
    // The nodes whose subtrees are open at the node being read, outermost first.
    let mut open: Vec<u32> = Vec::new();
    for (id, record) in records.chunks_exact(NODE_RECORD).enumerate() {
        let id = id as u32;
        let mut r = Reader {
            bytes: record,
            at: 0,
        };
        let (start, end) = (r.u32()?, r.u32()?);
        Piece::of(text.as_str(), start, end)?;
        let (scope, parent, subtree_end, title) = (r.u32()?, r.u32()?, r.u32()?, r.u32()?);
        while let Some(&last) = open.last()
            && tree.ends[last as usize] <= id
        {
            open.pop();
        }
        let enclosing = open.last().map_or(count as u32, |&p| tree.ends[p as usize]);
        if parent != open.last().copied().unwrap_or(tree::NONE)
            || subtree_end <= id
            || subtree_end > enclosing
            || (title != tree::NONE && title as usize >= tree.titles.len())
        {
            return None;
        }
        if scope != tree::NONE {
            let node = tree.node_of_scope.get_mut(scope as usize)?;
            if *node != tree::NONE {
                return None;
            }
            *node = id;
        }
        tree.labels.push([start, end]);
        tree.title_of.push(title);
        tree.scopes.push(scope);
        tree.parents.push(parent);
        tree.depths.push(open.len() as u32);
        tree.ends.push(subtree_end);
        open.push(id);
    }
    // A scope on no node (an explicit parent cycle) is left at the first, as when built.
    for node in &mut tree.node_of_scope {
        if *node == tree::NONE {
            *node = 0;
        }
    }
    Some(tree)
}

/// Bytes of a tree node's record: its label's piece, scope, parent, subtree end, title.
pub(super) const NODE_RECORD: usize = 6 * 4;

/// Bytes of a scope's record: four pieces, the parent, the composite flag, the
/// [`super::mask::byte_mask`]s of its name and description.
pub(super) const SCOPE_RECORD: usize = 4 * 8 + 4 + 1 + 2 * 8;
/// Bytes of an edge's record: from, to, evidence, note.
pub(super) const EDGE_RECORD: usize = 4 + 4 + 1 + 4;

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn u128(&mut self, value: u128) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// A string, its length first (a string of a loaded catalog is under 4 GiB).
    fn str(&mut self, text: &str) {
        self.u64(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.u8(1);
                self.str(text);
            }
            None => self.u8(0),
        }
    }
}

/// Reads what a [`Writer`] wrote; `None` past the end or on anything malformed.
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(count)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.array::<1>()?[0])
    }

    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.array()?))
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.array()?))
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        let len = usize::try_from(self.u64()?).ok()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }

    pub(super) fn opt_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.string()?)),
            _ => None,
        }
    }
}

/// `bytes`, a compiled catalog, with its payload hash made to match its payload again:
/// how the tests damage a record past the hash check.
#[cfg(test)]
pub(super) fn rehashed(mut bytes: Vec<u8>) -> Vec<u8> {
    let payload_len = bytes.len() - TRAILER;
    let hash = xxhash_rust::xxh3::xxh3_128(&bytes[..payload_len]).to_le_bytes();
    let at = payload_len + MAGIC.len() + 4 + 16 + 8;
    bytes[at..at + 16].copy_from_slice(&hash);
    bytes
}

#[cfg(test)]
mod tests {
    use super::super::BUILTIN;
    use super::super::load::parse_kept;
    use super::*;

    fn fresh(text: &str, keep: SourceText) -> Catalog {
        parse_kept(text, "test.toml", Origin::Builtin, move || keep).expect("it loads")
    }

    fn shared(text: &str) -> SourceText {
        SourceText::Shared(Arc::new(text.to_string()))
    }

    /// Everything loading gives, compared.
    fn assert_same(cached: &Catalog, parsed: &Catalog, what: &str) {
        let head = |c: &Catalog| {
            (
                c.id.clone(),
                c.name.clone(),
                c.docs_url.clone(),
                c.source.clone(),
                c.authorize_url.clone(),
                c.token_url.clone(),
                c.delimiter.clone(),
                c.token_page.clone(),
                c.retrieved.clone(),
                c.revision.clone(),
                c.attribution.clone(),
            )
        };
        let rest = |c: &Catalog| {
            (
                c.tree_spec.clone(),
                c.resource_names.clone(),
                c.origin.clone(),
                c.paths.clone(),
            )
        };
        assert_eq!(head(cached), head(parsed), "{what}");
        assert_eq!(rest(cached), rest(parsed), "{what}");
        assert_eq!(cached.scopes, parsed.scopes, "{what}");
        assert_eq!(cached.edges, parsed.edges, "{what}");
        assert_eq!(cached.out_edges, parsed.out_edges, "{what}");
        assert_eq!(cached.in_edges, parsed.in_edges, "{what}");
        assert_eq!(cached.tree(), parsed.tree(), "{what}");
        for (id, scope) in parsed.scopes.iter().enumerate() {
            assert_eq!(cached.id_of(&scope.name), Some(id), "{what}");
        }
        assert_eq!(cached.operation_count(), parsed.operation_count(), "{what}");
        assert_eq!(cached.operations(), parsed.operations(), "{what}");
    }

    fn read_back(bytes: &[u8], text: &str, keep: &SourceText) -> Option<Catalog> {
        let hash = content_hash(text);
        let (mut catalog, operations) = decode(
            Bytes::Read(bytes.to_vec()),
            hash,
            text.len() as u64,
            Origin::Builtin,
        )?;
        attach(&mut catalog, operations, text, "test.toml", keep)?;
        Some(catalog)
    }

    fn round_trip(text: &str, keep: SourceText, what: &str) {
        let parsed = fresh(text, keep.clone());
        let hash = content_hash(text);
        let eager = parsed.operations.pending_at().is_none() && parsed.operation_count() > 0;
        let Some(bytes) = encode(&parsed, text, hash) else {
            // Operations before other tables are read at once and not cached.
            assert!(eager, "{what} is not cached");
            return;
        };
        let cached = read_back(&bytes, text, &keep).expect("its cache reads back");
        assert_same(&cached, &parsed, what);
    }

    #[test]
    fn a_loaded_catalogs_text_is_written_as_it_lies_and_reads_back() {
        let text = scopex_synth::generate(300, 3);
        let parsed = fresh(&text, shared(&text));
        let hash = content_hash(&text);
        let encoded =
            encode_parts(&parsed, text.len() as u64, hash, &build_stamp()).expect("cached");
        let buffer = parsed.scopes[0].name.buffer();
        assert!(matches!(&encoded.text, Cow::Borrowed(t) if t.as_ptr() == buffer.as_ptr()));
        let bytes = encoded.into_bytes();
        assert_same(
            &read_back(&bytes, &text, &shared(&text)).expect("reads"),
            &parsed,
            "",
        );
        // Texts from elsewhere are copied, and read back the same.
        let mut mixed = parsed.clone();
        let elsewhere = Shared::new("from elsewhere".to_string());
        let piece = Piece::of(elsewhere.as_str(), 0, 14).expect("a piece");
        mixed.scopes[1].description = elsewhere.text(piece);
        let copied = encode_parts(&mixed, text.len() as u64, hash, &build_stamp()).expect("cached");
        assert!(matches!(copied.text, Cow::Owned(_)));
        let bytes = copied.into_bytes();
        assert_same(
            &read_back(&bytes, &text, &shared(&text)).expect("reads"),
            &mixed,
            "",
        );
    }

    #[test]
    fn writing_a_cache_file_removes_the_folders_of_older_formats_only() {
        let root = tempfile::tempdir().expect("temp dir");
        let older = root.path().join("catalogs-v1");
        let newer = root.path().join(format!("catalogs-v{}", FORMAT + 1));
        let other = root.path().join("catalogs-vnext");
        for dir in [&older, &newer, &other] {
            std::fs::create_dir_all(dir).expect("folder");
            std::fs::write(dir.join("x"), "x").expect("file");
        }
        let text = scopex_synth::generate(300, 3);
        let parsed = fresh(&text, shared(&text));
        let hash = content_hash(&text);
        let path = file_in(root.path(), hash);
        store_catalog(&path, &parsed, text.len() as u64, hash).expect("written");
        assert!(path.exists());
        assert!(!older.exists(), "an older format's folder is left");
        assert!(newer.join("x").exists() && other.join("x").exists());
    }

    #[test]
    fn every_builtin_reads_back_from_its_cache_as_parsed() {
        for (id, _, text) in BUILTIN {
            round_trip(text, SourceText::Static(text), id);
        }
    }

    #[test]
    fn synthetic_catalogs_read_back_from_their_cache_as_parsed() {
        use scopex_synth::{Shape, generate_shape};
        for (shape, scopes, seed) in [
            (Shape::Realistic, 3_000, 0),
            (Shape::Realistic, 1_000, 7),
            (Shape::Chain, 500, 1),
            (Shape::Cycle, 500, 2),
        ] {
            let text = generate_shape(shape, scopes, seed);
            round_trip(&text, shared(&text), &format!("{shape:?} {scopes}"));
        }
    }

    /// Loads `text` with the cache in `dir`.
    fn load_there(dir: &Path, text: &str) -> Result<Catalog, CatalogError> {
        load_in(
            dir,
            shared(text),
            content_hash(text),
            "test.toml",
            Origin::Builtin,
            |text, keep| parse_kept(text, "test.toml", Origin::Builtin, move || keep),
        )
    }

    fn cache_file(dir: &Path, text: &str) -> PathBuf {
        dir.join(format!("catalogs-v{FORMAT}"))
            .join(format!("{:032x}", content_hash(text)))
    }

    fn builtin_text(id: &str) -> &'static str {
        BUILTIN
            .iter()
            .find(|(b, _, _)| *b == id)
            .map(|(_, _, text)| *text)
            .expect("a built-in")
    }

    #[test]
    fn a_catalog_read_from_its_cache_reads_its_text_where_the_file_is_mapped() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let text = scopex_synth::generate(3_000, 7);
        let parsed = fresh(&text, shared(&text));
        load_there(dir.path(), &text).expect("loads, and is cached");
        let cached = load_there(dir.path(), &text).expect("loads from the cache");
        let text_store = cached.scopes[0].name.buffer();
        #[cfg(unix)]
        assert!(
            text_store.is_mapped(),
            "the text is not copied out of the file"
        );
        assert!(
            Arc::ptr_eq(&cached.tree().text, text_store),
            "the tree's labels too"
        );
        assert_same(&cached, &parsed, "mapped");
        // Writing the cache file again (another build, or a file of the same content)
        // replaces it: the open catalog still reads what it read, which it would not if
        // the file were written in place under its mapping.
        let path = cache_file(dir.path(), &text);
        let len = std::fs::metadata(&path).expect("cached").len() as usize;
        store(&path, &[&vec![b'x'; len]]).expect("written again");
        assert_same(&cached, &parsed, "after its file was written again");
        let now = std::fs::read(&path).expect("readable");
        assert!(now.iter().all(|&b| b == b'x'));
    }

    #[test]
    fn a_damaged_cache_is_rebuilt() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let text = builtin_text("okta");
        let parsed = fresh(text, shared(text));
        assert_same(
            &load_there(dir.path(), text).expect("loads"),
            &parsed,
            "first",
        );
        let path = cache_file(dir.path(), text);
        let good = std::fs::read(&path).expect("the cache was written");
        let trailer = good.len() - TRAILER;
        let other_build =
            encode_stamped(&parsed, text, content_hash(text), "0.0.0 elsewhere").expect("cached");
        let mut damaged: Vec<(&str, Vec<u8>)> = vec![
            ("another build", other_build),
            ("empty", Vec::new()),
            ("truncated", good[..good.len() / 2].to_vec()),
            ("one byte short", good[..good.len() - 1].to_vec()),
            ("one byte long", [&good[..], b"x"].concat()),
            ("garbage", vec![0xff; good.len()]),
        ];
        let mut flip = |what, at: usize| {
            let mut bytes = good.clone();
            bytes[at] ^= 0x20;
            damaged.push((what, bytes));
        };
        flip("another magic", trailer);
        flip("another format", trailer + MAGIC.len());
        flip("another source hash", trailer + MAGIC.len() + 4);
        flip("another source length", trailer + MAGIC.len() + 20);
        flip("another payload hash", trailer + MAGIC.len() + 28);
        flip("another text length", trailer + MAGIC.len() + 44);
        flip("a changed name", 3);
        flip("a changed record", trailer - 10);
        for (what, bytes) in damaged {
            std::fs::write(&path, &bytes).expect("written");
            let loaded = load_there(dir.path(), text).expect("loads");
            assert_same(&loaded, &parsed, what);
            assert_eq!(std::fs::read(&path).expect("rebuilt"), good, "{what}");
        }
    }

    #[test]
    fn a_tree_that_is_not_one_is_not_read_even_when_its_hash_checks() {
        let text = builtin_text("sipgate");
        let keep = SourceText::Static(text);
        let parsed = fresh(text, keep.clone());
        let good = encode(&parsed, text, content_hash(text)).expect("cached");
        let tree = parsed.tree();
        let cached = read_back(&rehashed(good.clone()), text, &keep).expect("it reads");
        assert_eq!(cached.tree(), tree);
        let nodes_at = good.len() - TRAILER - tree.len() * NODE_RECORD;
        // A group with a parent and children, and a scope.
        let group = (0..tree.len())
            .find(|&n| tree.scope(n).is_none() && tree.parent(n).is_some())
            .expect("sipgate nests");
        let leaf = tree.node_of_scope(0);
        let field = |node: usize, index: usize| nodes_at + node * NODE_RECORD + index * 4;
        let set = |bytes: &mut Vec<u8>, at: usize, value: u32| {
            bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
        };
        let blob_len = u32::try_from(good.len()).expect("small");
        let cases: Vec<(&str, usize, u32)> = vec![
            ("a label past the text", field(group, 1), blob_len),
            (
                "a label ending before it starts",
                field(group, 0),
                u32::MAX - 1,
            ),
            ("a scope out of range", field(leaf, 2), 1_000_000),
            ("a scope on two nodes", field(group, 2), 0),
            ("a parent after the node", field(group, 3), group as u32 + 1),
            ("no parent for a nested node", field(group, 3), tree::NONE),
            (
                "a subtree ending at its start",
                field(group, 4),
                group as u32,
            ),
            (
                "a subtree past the tree",
                field(0, 4),
                tree.len() as u32 + 1,
            ),
            ("a title out of range", field(group, 5), 10_000),
        ];
        for (what, at, value) in cases {
            let mut bytes = good.clone();
            set(&mut bytes, at, value);
            assert!(read_back(&rehashed(bytes), text, &keep).is_none(), "{what}");
        }
    }

    #[test]
    fn no_prefix_of_a_cache_file_reads() {
        let text = builtin_text("stora");
        let keep = SourceText::Static(text);
        let hash = content_hash(text);
        let bytes = encode(&fresh(text, keep.clone()), text, hash).expect("cached");
        for end in 0..bytes.len() {
            assert!(read_back(&bytes[..end], text, &keep).is_none());
        }
        // A cache of other content under this one's name is not taken.
        let other = builtin_text("github");
        assert!(read_back(&bytes, other, &keep).is_none());
    }

    #[test]
    fn a_cache_folder_that_cannot_be_written_means_no_cache() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let blocker = dir.path().join("a-file");
        std::fs::write(&blocker, "not a folder").expect("written");
        let text = builtin_text("okta");
        let loaded = load_there(&blocker.join("cache"), text).expect("loads without a cache");
        assert_same(&loaded, &fresh(text, shared(text)), "no cache");
    }

    #[test]
    fn a_broken_file_is_not_cached_and_its_error_is_located() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let good = builtin_text("okta");
        let broken = good.replacen("[[scope]]\nname = \"", "[[scope]]\nname = \"bad name ", 1);
        for _ in 0..2 {
            let error = load_there(dir.path(), &broken).expect_err("it is broken");
            assert!(error.0.line > 1 && error.0.column > 1, "{error}");
            assert!(!cache_file(dir.path(), &broken).exists());
        }
    }

    #[test]
    fn operations_read_from_a_cached_catalog_are_checked_and_located() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let good = builtin_text("jira");
        let at = good.find("\n[[operation]]").expect("jira has operations");
        let broken = format!(
            "{}\n[[operation]]\nid = \"broken\"\nrequires = [[\"no-such-scope\"]]\n{}",
            &good[..at],
            &good[at..]
        );
        let line = broken[..broken.find("no-such-scope").expect("there")]
            .lines()
            .count();
        for round in 0..2 {
            let catalog = load_there(dir.path(), &broken).expect("the scopes load");
            assert!(cache_file(dir.path(), &broken).exists(), "{round}");
            let error = catalog.operations().expect_err("an operation is broken");
            assert_eq!(error.0.line, line, "{error}");
            assert!(error.to_string().contains("no-such-scope"), "{error}");
        }
    }

    #[test]
    fn a_blocks_note_is_one_copy_shared_by_its_edges_before_and_after_the_cache() {
        let text = "id = \"n\"\nname = \"N\"\n\
            [[scope]]\nname = \"a\"\ndescription = \"A\"\n\
            [[scope]]\nname = \"b\"\ndescription = \"B\"\n\
            [[scope]]\nname = \"c\"\ndescription = \"C\"\n\
            [[implies]]\nfrom = \"a\"\nto = [\"b\", \"c\"]\nevidence = \"documented\"\nnote = \"why\"\n";
        let keep = shared(text);
        let parsed = fresh(text, keep.clone());
        let hash = content_hash(text);
        let bytes = encode(&parsed, text, hash).expect("cached");
        let cached = read_back(&bytes, text, &keep).expect("read");
        for catalog in [&parsed, &cached] {
            let notes: Vec<&Arc<str>> = catalog
                .edges
                .iter()
                .filter_map(|e| e.note.as_ref())
                .collect();
            assert_eq!(notes.len(), 2);
            assert!(Arc::ptr_eq(notes[0], notes[1]));
            assert_eq!(&notes[0][..], "why");
        }
    }

    #[test]
    fn a_file_is_found_in_the_cache_by_its_content_and_its_operations_read_on_use() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let text = builtin_text("okta");
        let path = dir.path().join("okta.toml");
        std::fs::write(&path, text).expect("written");
        let cache = dir.path().join("cache");
        let lookup = |path: &Path| load_path_in(&cache, path, "okta.toml", &Origin::Builtin);
        let found = |path: &Path| match lookup(path) {
            Lookup::Found(catalog) => Some(catalog),
            _ => None,
        };
        // A miss gives the file as read and hashed, for the caller to parse.
        match lookup(&path) {
            Lookup::Read { bytes, hash } => {
                assert_eq!(bytes, text.as_bytes());
                assert_eq!(hash, content_hash(text));
            }
            other => panic!("nothing cached yet, so the file is read: {other:?}"),
        }
        let parsed = load_there(&cache, text).expect("loads");
        let cached = found(&path).expect("now cached");
        assert!(cached.operation_count() > 0);
        assert_same(&cached, &parsed, "by path");
        std::fs::write(
            &path,
            text.replacen("description = \"", "description = \"Now ", 1),
        )
        .expect("written");
        assert!(
            found(&path).is_none(),
            "an edited file is not the cached one"
        );
    }
}
