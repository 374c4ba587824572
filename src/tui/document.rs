//! The integration profile being edited in the explorer: the file saves go to, the
//! reason of each scope, the calls it lists (those ticked in the operations view), and
//! what the file held when last loaded or saved, which tells whether anything is
//! unsaved. The save itself is [`SaveRequest::write`], which the
//! event loop calls; nothing else here writes.

use super::selection::Selection;
use crate::catalog::{Catalog, OperationId, Origin, ScopeId, builtin, user_catalog_dir};
use crate::profile::{Profile, ProfileOperation, ProfileScope};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// A profile opened from a file, for `tui::Options`.
#[derive(Debug, Clone)]
pub struct OpenProfile {
    pub profile: Profile,
    pub path: PathBuf,
    /// The profile's operations, resolved, in profile order.
    pub operations: Vec<OperationId>,
    /// What the file held ([`crate::profile::stamp`]), to tell a change on disk.
    pub stamp: u64,
}

pub use super::message::SaveRequest;

/// The file a profile lives in and its contents as last loaded or saved.
#[derive(Debug, Clone)]
struct SavedFile {
    path: PathBuf,
    saved: Profile,
    /// The file's [`crate::profile::stamp`] then (None: it could not be read back).
    stamp: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    /// `None` until the first save of a profile started in the explorer.
    file: Option<SavedFile>,
    /// Reasons by scope, unticked scopes' included: ticking one again brings its reason
    /// back. Only the selected scopes' reasons are saved.
    reasons: HashMap<ScopeId, String>,
    /// The calls the file lists as written there (an id, or `GET /v1/files`, with its
    /// reason), by operation, and in the file's order.
    operations: HashMap<OperationId, ProfileOperation>,
    listed: Vec<OperationId>,
    /// Calls the file lists that were left unticked when it was opened, their scopes not
    /// allowing them: saves keep listing them (what the user wrote is never dropped
    /// unasked) until the user ticks one, which makes it an ordinary ticked call.
    kept: Vec<OperationId>,
    /// Name and path of a first save that failed, offered again by the next one.
    proposed: Option<(String, PathBuf)>,
    /// Moves on every change, for "did anything change".
    version: u64,
}

impl Document {
    /// No profile yet.
    pub fn new() -> Document {
        Document::default()
    }

    /// The profile `opened`, on `catalog`; reasons of scopes the catalog lacks are dropped
    /// (loading a profile already rejects those).
    pub fn open(opened: OpenProfile, catalog: &Catalog) -> Document {
        let reasons = opened
            .profile
            .scopes
            .iter()
            .filter(|s| !s.reason.is_empty())
            .filter_map(|s| Some((catalog.id_of(&s.name)?, s.reason.clone())))
            .collect();
        let operations = opened
            .operations
            .iter()
            .copied()
            .zip(opened.profile.operations.iter().cloned())
            .collect();
        Document {
            file: Some(SavedFile {
                path: opened.path,
                saved: opened.profile,
                stamp: Some(opened.stamp),
            }),
            reasons,
            operations,
            listed: opened.operations,
            kept: Vec::new(),
            proposed: None,
            version: 0,
        }
    }

    /// The listed calls `ids`, left unticked, stay listed in saves.
    pub fn keep_unticked(&mut self, ids: Vec<OperationId>) {
        self.kept = ids;
    }

    /// Forgets keeping the calls now `ticked`: they are saved as ticked calls.
    pub fn forget_kept(&mut self, ticked: &[OperationId]) {
        if !self.kept.is_empty() {
            self.kept.retain(|id| !ticked.contains(id));
        }
    }

    /// The listed calls kept unticked.
    pub fn kept(&self) -> &[OperationId] {
        &self.kept
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// The file saves go to, once there is one.
    pub fn path(&self) -> Option<&Path> {
        self.file.as_ref().map(|f| f.path.as_path())
    }

    /// What the profile's file held when opened or last saved.
    pub fn stamp(&self) -> Option<u64> {
        self.file.as_ref().and_then(|f| f.stamp)
    }

    /// The profile's name, once it has a file.
    pub fn name(&self) -> Option<&str> {
        self.file.as_ref().map(|f| f.saved.name.as_str())
    }

    /// The reason of `scope`, when one was given.
    pub fn reason(&self, scope: ScopeId) -> Option<&str> {
        self.reasons
            .get(&scope)
            .map(String::as_str)
            .filter(|r| !r.is_empty())
    }

    /// Sets (or with an empty `reason`, removes) the reason of `scope`.
    pub fn set_reason(&mut self, scope: ScopeId, reason: &str) {
        let reason = reason.trim();
        if reason.is_empty() {
            self.reasons.remove(&scope);
        } else {
            self.reasons.insert(scope, reason.to_string());
        }
        self.version += 1;
    }

    /// The name and path a failed first save used.
    pub fn proposed(&self) -> Option<&(String, PathBuf)> {
        self.proposed.as_ref()
    }

    pub fn propose(&mut self, name: String, path: PathBuf) {
        self.proposed = Some((name, path));
    }

    /// The profile as it would be saved to its file now, listing the `ticked` calls.
    pub fn current(
        &self,
        catalog: &Catalog,
        selection: &Selection,
        ticked: &[OperationId],
    ) -> Option<Profile> {
        let file = self.file.as_ref()?;
        Some(Profile {
            scopes: self.scopes(catalog, selection, Some(&file.saved)),
            operations: self.operations(catalog, ticked),
            ..file.saved.clone()
        })
    }

    /// A new profile `name`, to be saved at `path`.
    pub fn create(
        &self,
        catalog: &Catalog,
        selection: &Selection,
        ticked: &[OperationId],
        name: &str,
        path: &Path,
    ) -> Profile {
        Profile {
            name: name.to_string(),
            catalog: catalog_spec(catalog, path),
            client_id: None,
            redirect_uri: None,
            scopes: self.scopes(catalog, selection, None),
            operations: self.operations(catalog, ticked),
        }
    }

    /// The `ticked` calls as the profile lists them: those the file lists (and those kept
    /// unticked), as written there and where they were, then the others in the order
    /// they were ticked.
    fn operations(&self, catalog: &Catalog, ticked: &[OperationId]) -> Vec<ProfileOperation> {
        self.operation_order(ticked)
            .into_iter()
            .map(|id| match self.operations.get(&id) {
                Some(written) => written.clone(),
                None => ProfileOperation {
                    id: catalog.operation(id).id.to_string(),
                    reason: String::new(),
                },
            })
            .collect()
    }

    /// The order the `ticked` calls are listed in (see [`Document::operations`]).
    fn operation_order(&self, ticked: &[OperationId]) -> Vec<OperationId> {
        let mut order: Vec<OperationId> = self
            .listed
            .iter()
            .copied()
            .filter(|id| ticked.contains(id) || self.kept.contains(id))
            .collect();
        for &id in ticked {
            if !order.contains(&id) {
                order.push(id);
            }
        }
        order
    }

    /// The selected scopes with their reasons: those of the saved file first, where they
    /// were, then the others in the order they were ticked. Unticking and ticking a scope
    /// again therefore leaves the file as it was.
    fn scopes(
        &self,
        catalog: &Catalog,
        selection: &Selection,
        saved: Option<&Profile>,
    ) -> Vec<ProfileScope> {
        let kept = saved
            .into_iter()
            .flat_map(|p| &p.scopes)
            .filter_map(|s| catalog.id_of(&s.name))
            .filter(|&id| selection.contains(id));
        let mut order: Vec<ScopeId> = kept.collect();
        for &id in selection.order() {
            if !order.contains(&id) {
                order.push(id);
            }
        }
        order
            .into_iter()
            .map(|id| ProfileScope {
                name: catalog.name(id).to_string(),
                reason: self.reason(id).unwrap_or_default().to_string(),
            })
            .collect()
    }

    /// Is there work a quit would lose? With a file: anything that would save
    /// differently. Without one the explorer is a picker, as in fzf, and only reasons
    /// written for ticked scopes count: the selection alone is what Enter prints.
    pub fn unsaved(
        &self,
        catalog: &Catalog,
        selection: &Selection,
        ticked: &[OperationId],
    ) -> bool {
        match &self.file {
            Some(file) => self.current(catalog, selection, ticked).as_ref() != Some(&file.saved),
            None => self.reasons.keys().any(|&scope| selection.contains(scope)),
        }
    }

    /// `profile`, listing the calls `ticked`, is now what `path` holds; later saves go
    /// there.
    pub fn saved(&mut self, path: PathBuf, profile: Profile, ticked: &[OperationId]) {
        self.listed = self.operation_order(ticked);
        self.operations = self
            .listed
            .iter()
            .copied()
            .zip(profile.operations.iter().cloned())
            .collect();
        let stamp = crate::profile::stamp_of(&path);
        self.file = Some(SavedFile {
            path,
            saved: profile,
            stamp,
        });
        self.proposed = None;
        self.version += 1;
    }
}

/// "Outreach integration" → "outreach-integration".
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "profile".to_string()
    } else {
        slug.to_string()
    }
}

/// Where a typed path points: `~/` is the home folder; a folder gets `<slug>.toml`.
pub fn resolve_path(typed: &str, name: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let path = match (typed.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(typed),
    };
    if typed.ends_with('/') || path.is_dir() {
        path.join(format!("{}.toml", slug(name)))
    } else {
        path
    }
}

/// How a profile saved at `profile_path` names `catalog`: the id of a built-in or of a
/// catalog in the user's folder, else the catalog file's path relative to the profile's
/// folder (absolute when they share nothing but the root).
fn catalog_spec(catalog: &Catalog, profile_path: &Path) -> String {
    let Origin::File(catalog_path) = &catalog.origin else {
        return catalog.id.clone();
    };
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let catalog_path = absolute(catalog_path);
    let in_user_folder = user_catalog_dir()
        .is_some_and(|dir| catalog_path.parent() == Some(absolute(&dir).as_path()));
    if in_user_folder && builtin(&catalog.id).is_none() {
        return catalog.id.clone();
    }
    let folder = absolute(profile_path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let spec = relative(&catalog_path, &folder)
        .unwrap_or(catalog_path)
        .to_string_lossy()
        .into_owned();
    // A bare file name without `.toml` would read as a catalog id.
    if spec.contains('/') || spec.ends_with(".toml") {
        spec
    } else {
        format!("./{spec}")
    }
}

/// `path` relative to `folder` (both absolute), when they share more than the root.
fn relative(path: &Path, folder: &Path) -> Option<PathBuf> {
    let path: Vec<Component> = path.components().collect();
    let folder: Vec<Component> = folder.components().collect();
    let common = path.iter().zip(&folder).take_while(|(a, b)| a == b).count();
    let shares_more_than_root = path[..common]
        .iter()
        .any(|c| matches!(c, Component::Normal(_)));
    if !shares_more_than_root {
        return None;
    }
    let mut relative = PathBuf::new();
    for _ in common..folder.len() {
        relative.push("..");
    }
    for component in &path[common..] {
        relative.push(component);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Outreach integration"), "outreach-integration");
        assert_eq!(slug("  Opensense · Outreach! "), "opensense-outreach");
        assert_eq!(slug("··"), "profile");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative(Path::new("/a/b/c/x.toml"), Path::new("/a/b/d")),
            Some(PathBuf::from("../c/x.toml"))
        );
        assert_eq!(
            relative(Path::new("/a/x.toml"), Path::new("/a")),
            Some(PathBuf::from("x.toml"))
        );
        assert_eq!(relative(Path::new("/a/x.toml"), Path::new("/b")), None);
    }

    #[test]
    fn a_folder_gets_a_file_named_after_the_profile() {
        let dir = tempfile::tempdir().expect("temp dir");
        let typed = dir.path().display().to_string();
        assert_eq!(
            resolve_path(&typed, "My app"),
            dir.path().join("my-app.toml")
        );
        assert_eq!(resolve_path("x/", "A"), PathBuf::from("x/a.toml"));
        assert_eq!(resolve_path("a.toml", "A"), PathBuf::from("a.toml"));
    }
}
