//! The interactive explorer.
//!
//! Data flows one way: the catalog and its grant model feed the state ([`state::App`],
//! changed only by [`action::Action`]s in `App::update`), the state feeds the views
//! ([`view`], one widget per panel, which only read it). [`keys`] maps terminal events to
//! actions, looking only at a [`message::Situation`], and holds the key table the help is
//! generated from; [`term`] owns the terminal and the event loop. The types the parts
//! exchange live in [`message`], which imports nothing else of the TUI, so no module
//! imports another in a circle (`tests/module_graph.rs` checks). See ARCHITECTURE.md.

pub mod action;
pub mod clipboard;
pub mod document;
pub mod explorer;
pub mod input;
pub mod keys;
pub mod keys_doc;
pub mod layout;
pub mod message;
pub mod picker;
pub mod rebind;
pub mod selection;
pub mod state;
pub mod step;
mod term;
pub mod text;
pub mod theme;
pub mod view;

use crate::catalog::{Catalog, ScopeId, UserCatalogFile, builtin_summaries, user_catalog_files};
pub use document::OpenProfile;
pub use message::Outcome;
use picker::PickerEntry;
use state::App;

/// What the explorer opens with.
pub struct Options {
    /// `None` opens the catalog picker.
    pub catalog: Option<Catalog>,
    /// Scopes ticked at start (ids of `catalog`).
    pub select: Vec<ScopeId>,
    /// The profile `catalog` and `select` come from: its reasons are shown and edited,
    /// and `s` saves back to its file.
    pub profile: Option<OpenProfile>,
    /// The user's theme, keys and defaults.
    pub settings: Settings,
}

/// What the user's config file and flags change in the explorer.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The styles to draw with.
    pub theme: theme::Theme,
    /// The key table, when the user changed it.
    pub bindings: Option<Vec<keys::Binding>>,
    /// The export format a catalog opens with.
    pub format: Option<crate::export::Format>,
    /// The evidence a catalog opens trusting (the config's default trust).
    pub trust: Option<crate::grants::Trust>,
}

/// Runs the explorer until the user accepts or quits. The terminal is restored before
/// this returns, whatever happened.
pub fn run(options: Options) -> std::io::Result<Outcome> {
    let app = match (options.catalog, options.profile) {
        (Some(catalog), Some(profile)) => {
            App::with_profile(catalog, &options.select, profile).with_catalogs(available_catalogs)
        }
        (Some(catalog), None) => {
            App::explorer(catalog, &options.select).with_catalogs(available_catalogs)
        }
        (None, _) => App::picker(available_catalogs()),
    }
    .with_settings(options.settings);
    term::run(app)
}

/// The built-in catalogs, then the user's own (one with a built-in's id replaces it);
/// a user's file that fails to load is listed with its error.
pub fn available_catalogs() -> Vec<PickerEntry> {
    picker_entries(user_catalog_files())
}

/// The picker's entries with `user` as the files of the user's catalog folder.
pub fn picker_entries(user: Vec<UserCatalogFile>) -> Vec<PickerEntry> {
    let mut entries: Vec<PickerEntry> = builtin_summaries()
        .into_iter()
        .filter(|summary| !user.iter().any(|f| f.id.as_deref() == Some(&summary.id)))
        .map(PickerEntry::Builtin)
        .collect();
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    for file in user {
        let path = &file.path;
        let mut origin = match home.as_deref().and_then(|h| path.strip_prefix(h).ok()) {
            Some(rest) => format!("~/{}", rest.display()),
            None => path.display().to_string(),
        };
        if file.shadows_builtin {
            origin.push_str(" (replaces the built-in)");
        }
        match file.load() {
            Ok(catalog) => entries.push(PickerEntry::ready(catalog, origin)),
            Err(error) => {
                // The row shows the whole path; the error names the file only.
                let file_name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let error = error
                    .to_string()
                    .replacen(&path.display().to_string(), &file_name, 1);
                entries.push(PickerEntry::Broken {
                    name: file.name(),
                    origin,
                    error,
                });
            }
        }
    }
    entries
}
