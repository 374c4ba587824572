//! The commands on a profile when what they are given is empty: an empty scope list on
//! stdin never turns `check` green, and a profile that lists no scopes has no URL.

mod support;

use support::cli::{scopex, scopex_with_stdin, stderr, stdout};

const CATALOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/need_files.toml"
);

/// A profile named `name` on the fixture catalog (need_files.toml), in a fresh folder.
fn profile(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(CATALOG, dir.path().join("files.toml")).expect("copy the catalog");
    let path = dir.path().join("profile.toml");
    std::fs::write(
        &path,
        format!("name = \"{name}\"\ncatalog = \"files.toml\"\n{text}"),
    )
    .expect("write the profile");
    let shown = path.display().to_string();
    (dir, shown)
}

/// files.create runs with files.appdata, which grants nothing more: what need answers.
const ONE_SCOPE_ONE_CALL: &str =
    "[[scope]]\nname = \"files.appdata\"\n[[operation]]\nid = \"files.create\"\n";

/// `echo "$SCOPES" | scopex check PROFILE` with an empty variable is an empty scope list:
/// bad input, not the profile's own scopes checked in its place.
#[test]
fn an_empty_scope_list_on_stdin_fails_check_profile() {
    let (_dir, path) = profile("Uploader", ONE_SCOPE_ONE_CALL);
    for stdin in ["\n", " \n\n", "\r\n"] {
        let output = scopex_with_stdin(&["check", &path], stdin);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{stdin:?}: {err}");
        assert_eq!(stdout(&output), "", "{stdin:?}");
        assert!(err.contains("no scopes given to check"), "{stdin:?}: {err}");
    }
    // Nothing at all on stdin: the profile's own scopes against its operations.
    let output = scopex_with_stdin(&["check", &path], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Scopes on stdin are checked against the profile as ever.
    let output = scopex_with_stdin(&["check", &path], "files\n");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

/// One scope grants, one operation needs: the verbs agree with their counts.
#[test]
fn check_profile_speaks_of_one_scope_and_one_operation_in_the_singular() {
    let (_dir, path) = profile("Uploader", ONE_SCOPE_ONE_CALL);
    let output = scopex(&["check", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "ok: the 1 scope of Uploader grants what its 1 operation needs, no more\n"
    );
}

/// A profile without scopes has no authorize URL and no token page to print: bad input,
/// as for a catalog given no scopes.
#[test]
fn url_of_a_profile_without_scopes_is_bad_input() {
    let (_dir, path) = profile("Empty", "");
    for args in [
        &["url", path.as_str()][..],
        &["url", path.as_str(), "--client-id", "x"],
        &["url", path.as_str(), "--json"],
    ] {
        let output = scopex(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(
            err.contains("the profile Empty lists no scopes, so there is nothing to ask for"),
            "{args:?}: {err}"
        );
    }
}

/// The same on a catalog with a token page (GitHub's).
#[test]
fn token_page_of_a_profile_without_scopes_is_bad_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.toml");
    std::fs::write(&path, "name = \"P\"\ncatalog = \"github\"\n").expect("write");
    let path = path.display().to_string();
    let output = scopex(&["url", &path, "--token-page"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert_eq!(stdout(&output), "");
    assert!(err.contains("lists no scopes"), "{err}");
}
