//! The built-in Google catalog: what it holds, and that it is exactly what
//! scripts/google-catalog.sh makes of the pinned google-api-python-client package.

use scopex::catalog::{Catalog, Evidence, builtin};
use std::path::{Path, PathBuf};
use std::process::Command;

const AUTH: &str = "https://www.googleapis.com/auth/";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn google() -> Catalog {
    builtin("google").expect("the built-in Google catalog loads")
}

fn scope(catalog: &Catalog, name: &str) -> usize {
    let full = if name.contains("://") {
        name.to_string()
    } else {
        format!("{AUTH}{name}")
    };
    catalog
        .id_of(&full)
        .unwrap_or_else(|| panic!("no scope {full}"))
}

#[test]
fn the_google_catalog_holds_every_scope_and_method() {
    let catalog = google();
    assert_eq!(catalog.len(), 527);
    assert_eq!(catalog.operations().expect("operations load").len(), 27_724);
    assert_eq!(catalog.edges.len(), 107);
    assert!(
        catalog
            .edges
            .iter()
            .all(|e| e.evidence == Evidence::Derived)
    );
    assert_eq!(catalog.retrieved.as_deref(), Some("2026-11-07"));
    assert_eq!(
        catalog.revision.as_deref(),
        Some("google-api-python-client 2.202.0")
    );
    assert_eq!(
        catalog.token_url.as_deref(),
        Some("https://oauth2.googleapis.com/token")
    );
}

#[test]
fn drive_implies_its_narrower_scopes_by_the_methods() {
    let catalog = google();
    let drive = scope(&catalog, "drive");
    let targets: Vec<&str> = catalog
        .edges_from(drive)
        .map(|e| catalog.name(e.to).trim_start_matches(AUTH))
        .collect();
    for narrower in ["drive.readonly", "drive.metadata", "drive.photos.readonly"] {
        assert!(targets.contains(&narrower), "{targets:?}");
    }
    // Drive Activity's scope extends `drive` by name only: its methods do not take `drive`.
    assert!(!targets.contains(&"drive.activity"), "{targets:?}");
    // Apps Script's run is the only method for forms.currentonly: no evidence.
    let forms = scope(&catalog, "forms");
    assert!(
        catalog
            .edges_from(forms)
            .all(|e| catalog.name(e.to) != format!("{AUTH}forms.currentonly"))
    );
}

#[test]
fn google_methods_list_their_scopes_as_alternatives() {
    let catalog = google();
    let list = &catalog.operations().expect("operations load")[catalog
        .operation_id_of("drive.files.list")
        .expect("drive.files.list")];
    assert_eq!(list.method, Some("GET"));
    assert_eq!(list.path.as_deref(), Some("/drive/v3/files"));
    let alternatives: Vec<Vec<&str>> = list
        .alternatives()
        .map(|a| a.iter().map(|&s| catalog.name(s)).collect())
        .collect();
    assert!(alternatives.iter().all(|a| a.len() == 1));
    assert!(alternatives.contains(&vec!["https://www.googleapis.com/auth/drive.readonly"]));
    assert!(catalog.operation_id_of("drive.files.list@v2").is_some());
    let send = &catalog.operations().expect("operations load")[catalog
        .operation_id_of("gmail.users.messages.send")
        .expect("gmail.users.messages.send")];
    let names: Vec<&str> = send.alternatives().map(|a| catalog.name(a[0])).collect();
    assert!(names.contains(&"https://mail.google.com/"), "{names:?}");
    assert!(
        names.contains(&"https://www.googleapis.com/auth/gmail.send"),
        "{names:?}"
    );
}

/// The version the script pins.
fn pinned_version() -> String {
    let script = std::fs::read_to_string(root().join("scripts/google-catalog.sh"))
        .expect("scripts/google-catalog.sh");
    script
        .lines()
        .find_map(|line| line.strip_prefix("VERSION="))
        .expect("the script pins VERSION=")
        .to_string()
}

#[test]
fn the_committed_catalog_is_what_the_script_makes() {
    let version = pinned_version();
    let documents = root()
        .join(format!("target/google-api-python-client-{version}"))
        .join("googleapiclient/discovery_cache/documents/index.json");
    if !Path::new(&documents).is_file() {
        eprintln!(
            "note: skipped: google-api-python-client {version} is not installed; \
             `scripts/google-catalog.sh --install` installs it (.ci/run does)"
        );
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let made = folder.path().join("google.toml");
    let output = Command::new("bash")
        .arg(root().join("scripts/google-catalog.sh"))
        .arg("-o")
        .arg(&made)
        .env("SCOPEX", env!("CARGO_BIN_EXE_scopex"))
        .output()
        .expect("the script runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let made = std::fs::read_to_string(&made).expect("the script wrote the catalog");
    let committed =
        std::fs::read_to_string(root().join("catalogs/google.toml")).expect("catalogs/google.toml");
    assert!(
        made == committed,
        "catalogs/google.toml is not what scripts/google-catalog.sh makes: rerun the script"
    );
}
