//! The catalog folder earlier versions used on macOS (`~/Library/Application Support/
//! scopex/catalogs`): still read, after the config folder's catalogs, with a note saying
//! where to move them. Run with a home folder of its own (HOME), no SCOPEX_CONFIG_DIR.

use std::path::Path;
use std::process::{Command, Output};

fn scopex(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("HOME", home)
        .env_remove("SCOPEX_CONFIG_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("XDG_CACHE_HOME")
        .env("SCOPEX_CACHE_DIR", "")
        .env("NO_COLOR", "1")
        .output()
        .expect("scopex runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn catalog(id: &str, name: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"{name}\"\n\n[[scope]]\nname = \"notes:read\"\ndescription = \"Read notes\"\n"
    )
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder made");
    std::fs::write(path, text).expect("file written");
}

#[test]
fn the_old_macos_folder_is_read_with_a_note_on_moving_it() {
    let home = tempfile::tempdir().expect("temp dir");
    let old = home
        .path()
        .join("Library/Application Support/scopex/catalogs");
    let new = home.path().join(".config/scopex/catalogs");
    write(
        &old.join("acme.toml"),
        &catalog("acme", "Acme (old folder)"),
    );

    let listed = scopex(home.path(), &["catalogs"]);
    assert_eq!(listed.status.code(), Some(0), "{}", text(&listed.stderr));
    assert!(text(&listed.stdout).contains("Acme (old folder)"));
    let note = text(&listed.stderr);
    assert!(
        note.starts_with("scopex: note: catalogs are read from"),
        "{note}"
    );
    assert!(
        note.contains(&format!(
            "mv '{}'/*.toml '{}'/",
            old.display(),
            new.display()
        )),
        "{note}"
    );
    let minimized = scopex(home.path(), &["minimize", "acme", "notes:read"]);
    assert_eq!(text(&minimized.stdout), "notes:read\n");

    // Completion and the manual page stay quiet.
    let script = scopex(home.path(), &["completions", "bash"]);
    assert_eq!(text(&script.stderr), "");

    // The config folder's catalog of the same id wins.
    write(
        &new.join("acme.toml"),
        &catalog("acme", "Acme (new folder)"),
    );
    let listed = scopex(home.path(), &["catalogs"]);
    assert!(text(&listed.stdout).contains("Acme (new folder)"));
    assert!(!text(&listed.stdout).contains("Acme (old folder)"));

    // Once moved, nothing more is said.
    std::fs::remove_file(old.join("acme.toml")).expect("moved away");
    let listed = scopex(home.path(), &["catalogs"]);
    assert_eq!(text(&listed.stderr), "");
}

#[test]
fn scopex_config_dir_means_no_old_folder() {
    let home = tempfile::tempdir().expect("temp dir");
    let old = home
        .path()
        .join("Library/Application Support/scopex/catalogs");
    write(&old.join("acme.toml"), &catalog("acme", "Acme"));
    let config = tempfile::tempdir().expect("temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(["catalogs"])
        .env("HOME", home.path())
        .env("SCOPEX_CONFIG_DIR", config.path())
        .env("SCOPEX_CACHE_DIR", "")
        .output()
        .expect("scopex runs");
    assert_eq!(text(&output.stderr), "");
    assert!(!text(&output.stdout).contains("Acme"));
}
