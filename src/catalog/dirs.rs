//! Where the user's files live: the config folder, its `catalogs` folder, and the one
//! earlier versions used on macOS.

use std::path::PathBuf;

/// The folder where users keep their own catalogs: `catalogs` in [`config_dir`].
pub fn user_catalog_dir() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("catalogs"))
}

/// `$SCOPEX_CONFIG_DIR`, when set and not empty: an empty value counts as unset (as
/// XDG's variables do), so that it never makes the current folder the config folder.
fn config_dir_var() -> Option<std::ffi::OsString> {
    std::env::var_os("SCOPEX_CONFIG_DIR").filter(|dir| !dir.is_empty())
}

/// The user's config folder: `$SCOPEX_CONFIG_DIR` when set, else `$XDG_CONFIG_HOME/scopex`
/// (on every platform, macOS included, as terminal tools do), else `~/.config/scopex`,
/// else (Windows) the platform's config folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = config_dir_var() {
        return Some(PathBuf::from(dir));
    }
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    if let Some(xdg) = absolute("XDG_CONFIG_HOME") {
        return Some(xdg.join("scopex"));
    }
    if !cfg!(windows)
        && let Some(home) = absolute("HOME")
    {
        return Some(home.join(".config").join("scopex"));
    }
    directories::ProjectDirs::from("", "", "scopex").map(|d| d.config_dir().to_path_buf())
}

/// The catalog folder of earlier versions on macOS, `~/Library/Application Support/
/// scopex/catalogs`, when it exists, holds `*.toml` files and is not the folder in use.
/// Its catalogs are still read (after the current folder's, which win) and a note says
/// where to move them. Earlier versions used it only when `SCOPEX_CONFIG_DIR` was unset,
/// and so does this. It is looked for on every platform but Windows (one lookup of a
/// folder that exists nowhere else), so that it can be tested anywhere.
pub fn legacy_user_catalog_dir() -> Option<PathBuf> {
    if cfg!(windows) || config_dir_var().is_some() {
        return None;
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())?;
    let dir = home
        .join("Library")
        .join("Application Support")
        .join("scopex")
        .join("catalogs");
    let current = user_catalog_dir();
    let has_catalogs = std::fs::read_dir(&dir).ok()?.any(|entry| {
        entry
            .ok()
            .is_some_and(|e| e.path().extension().is_some_and(|ext| ext == "toml"))
    });
    (has_catalogs && current.as_deref() != Some(dir.as_path())).then_some(dir)
}
