//! Where a catalog named on the command line comes from: a file, a file in the user's
//! catalog folder, or a built-in, found without loading it.

use super::cache::Lookup;
use super::{
    BUILTIN, Catalog, LoadError, ScopeTexts, UncheckedTexts, UserCatalogFile, builtin, builtin_ids,
    read_user_catalog_files, suggest,
};
use std::path::{Path, PathBuf};

/// Where a catalog named on the command line comes from, found without loading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogSource {
    /// A file given by path.
    Path(PathBuf),
    /// A file in the user's catalog folder: its errors name it as such.
    User(PathBuf),
    /// A built-in, by id.
    Builtin(&'static str),
}

impl CatalogSource {
    /// The catalog `spec` names: an id (built-in or in the user's catalog folder) or a file
    /// path.
    pub fn find(spec: &str) -> Result<CatalogSource, LoadError> {
        let as_path = Path::new(spec);
        let looks_like_path = spec.contains('/') || spec.ends_with(".toml");
        let builtin_id = builtin_ids().find(|id| *id == spec);
        if looks_like_path || (as_path.is_file() && builtin_id.is_none()) {
            return Ok(CatalogSource::Path(as_path.to_path_buf()));
        }
        // A user's catalog shadows a built-in of the same id; a broken one answers to
        // its file name, so its error is shown rather than "no such catalog".
        let files = read_user_catalog_files()?;
        if let Some(file) = files
            .iter()
            .find(|f| f.id.as_deref() == Some(spec))
            .or_else(|| files.iter().find(|f| f.id.is_none() && f.name() == spec))
        {
            return Ok(CatalogSource::User(file.path.clone()));
        }
        if let Some(id) = builtin_id {
            return Ok(CatalogSource::Builtin(id));
        }
        let mut known: Vec<String> = builtin_ids().map(str::to_string).collect();
        known.extend(files.iter().map(UserCatalogFile::name));
        Err(unknown_catalog(spec, known))
    }

    /// Loads the catalog.
    pub fn load(&self) -> Result<Catalog, LoadError> {
        match self {
            CatalogSource::Path(path) => Catalog::from_path(path),
            CatalogSource::User(path) => Catalog::from_path(path).map_err(|e| broken(path, e)),
            // The built-ins are checked by the test suite: one that fails to load is a
            // build defect, reported as "not found" rather than a panic.
            CatalogSource::Builtin(id) => builtin(id)
                .ok_or_else(|| unknown_catalog(id, builtin_ids().map(str::to_string).collect())),
        }
    }

    /// The scope texts of the catalog: read from its compiled form in the cache without
    /// loading the rest when the cache holds it, else the catalog loaded (which caches
    /// it). A file is read and hashed once either way.
    pub fn scope_texts(&self) -> Result<SearchTexts, LoadError> {
        match self {
            CatalogSource::Path(path) | CatalogSource::User(path) => {
                match ScopeTexts::of_file(path) {
                    Lookup::Found(texts) => return Ok(SearchTexts::Compiled(texts)),
                    Lookup::Read { bytes, hash } => {
                        let loaded = Catalog::from_read(path, bytes, hash);
                        return match self {
                            CatalogSource::User(path) => loaded.map_err(|e| broken(path, e)),
                            _ => loaded,
                        }
                        .map(|catalog| SearchTexts::Loaded(Box::new(catalog)));
                    }
                    Lookup::Missed => {}
                }
            }
            CatalogSource::Builtin(id) => {
                if let Some((_, file, text)) = BUILTIN.iter().find(|(bid, _, _)| bid == id)
                    && let Some(texts) =
                        ScopeTexts::of_text(text, super::builtin::builtin_hash(file))
                {
                    return Ok(SearchTexts::Compiled(texts));
                }
            }
        }
        self.load()
            .map(|catalog| SearchTexts::Loaded(Box::new(catalog)))
    }
}

/// What a search reads of a catalog: its compiled scope texts, or the catalog.
#[derive(Debug)]
pub enum SearchTexts {
    /// Read before the cache file's hash is checked: see [`UncheckedTexts::with`].
    Compiled(UncheckedTexts),
    Loaded(Box<Catalog>),
}

/// A user's catalog file that does not load, as such.
fn broken(path: &Path, error: LoadError) -> LoadError {
    LoadError::Broken {
        path: path.to_path_buf(),
        source: Box::new(error),
    }
}

/// "No such catalog", with the closest of the `known` names.
fn unknown_catalog(spec: &str, mut known: Vec<String>) -> LoadError {
    known.sort();
    known.dedup();
    LoadError::UnknownCatalog {
        name: spec.to_string(),
        suggestions: suggest(spec, known.iter().map(String::as_str)),
        known,
    }
}
