//! `check PROFILE` with nothing on stdin checks the profile's own scopes: against what
//! `need` answers for its listed operations over the whole catalog, and against
//! `--within` and `--minimal` as any string; `report` says the same.

mod support;

use support::cli::{scopex, stderr, stdout};

/// A profile file in a fresh folder.
fn profile(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("profile.toml");
    std::fs::write(&path, text).expect("write the profile");
    let shown = path.display().to_string();
    (dir, shown)
}

/// Microsoft Graph's GET /me with the broad Directory.ReadWrite.All.
const DIRECTORY: &str = "name = \"me\"\ncatalog = \"msgraph\"\n[[scope]]\n\
    name = \"Directory.ReadWrite.All\"\nreason = \"x\"\n[[operation]]\nid = \"GET /me\"\n";

/// Gmail's message list with the full `https://mail.google.com/`.
const FULL_MAIL: &str = "name = \"mail\"\ncatalog = \"google\"\n[[scope]]\n\
    name = \"https://mail.google.com/\"\nreason = \"x\"\n[[operation]]\n\
    id = \"gmail.users.messages.list\"\n";

const OPENSENSE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/catalogs/integrations/opensense.toml"
);

#[test]
fn within_and_minimal_apply_to_the_profiles_own_scopes() {
    let (_dir, path) = profile(DIRECTORY);
    for args in [
        vec!["--within", "not-a-scope"],
        vec!["--within", ""],
        vec!["--minimal", "--within", "x", "--strict"],
    ] {
        let mut all = vec!["check", &path];
        all.extend(&args);
        let output = scopex(&all);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    // Opensense lists no operations: --within holds its four scopes all the same.
    let output = scopex(&["check", OPENSENSE, "--within", "users.all teams.read"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("grants more than allowed: mailboxes.read"),
        "{}",
        stderr(&output)
    );
    let output = scopex(&["check", OPENSENSE, "--json", "--within", "users.all"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["ok"], false);
    assert_eq!(json["profile"], "Opensense");
    // --minimal on a profile whose scopes could be fewer.
    let (_dir, path) = profile(
        "name = \"p\"\ncatalog = \"outreach\"\n[[scope]]\nname = \"prospects.all\"\n\
         [[scope]]\nname = \"prospects.read\"\n",
    );
    let output = scopex(&["check", &path, "--minimal"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("not minimal"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_profile_without_operations_checks_its_own_scopes() {
    let output = scopex(&["check", OPENSENSE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("ok: the 4 scopes of Opensense checked against Outreach"),
        "{}",
        stdout(&output)
    );
    let output = scopex(&["check", OPENSENSE, "--minimal", "--within", "users.all"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

/// The full Gmail scope allows every call gmail.readonly allows and more, but the catalog
/// knows neither to cover the other's data: a warning naming the scope `need` uses
/// instead, a failure with --strict, and never "no more". (Not gmail.metadata: a message
/// list with a search query cannot be made with it.)
#[test]
fn a_scope_allowing_more_calls_than_needs_answer_is_told_and_fails_strict() {
    let (_dir, path) = profile(FULL_MAIL);
    let output = scopex(&["check", &path, "--strict"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("https://mail.google.com/ allows more calls than the listed operations need")
            && err.contains("`https://www.googleapis.com/auth/gmail.readonly`"),
        "{err}"
    );
    let output = scopex(&["check", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning"), "{}", stderr(&output));
    assert!(!stdout(&output).contains("no more"), "{}", stdout(&output));
    let output = scopex(&["report", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = stdout(&output);
    assert!(
        report.contains(
            "**Least privilege for these operations**: \
             `https://www.googleapis.com/auth/gmail.readonly`"
        ),
        "{report}"
    );
    assert!(report.contains("- warning: "), "{report}");
    assert!(!report.contains("no more"), "{report}");
}

/// Directory.ReadWrite.All and User.Read give different data as far as the catalog
/// knows: not a silent "no more", a warning naming what `need` answers, a failure with
/// --strict.
#[test]
fn a_scope_other_than_needs_answer_is_never_passed_as_no_more() {
    let (_dir, path) = profile(DIRECTORY);
    let output = scopex(&["check", &path, "--strict"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("`User.Read`"), "{err}");
    let output = scopex(&["check", &path]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stdout(&output).contains("no more"), "{}", stdout(&output));
    assert!(stderr(&output).contains("warning"), "{}", stderr(&output));
    let output = scopex(&["check", &path, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(json["need"], serde_json::json!(["User.Read"]));
    let report = stdout(&scopex(&["report", &path]));
    assert!(
        report.contains("**Least privilege for these operations**: `User.Read`"),
        "{report}"
    );
}

/// The report names the calls no scope of the profile allows, and what they need.
#[test]
fn report_names_the_calls_no_scope_allows() {
    let (_dir, path) = profile(
        "name = \"mail\"\ncatalog = \"google\"\n[[scope]]\n\
         name = \"https://www.googleapis.com/auth/gmail.readonly\"\nreason = \"x\"\n\
         [[operation]]\nid = \"gmail.users.messages.list\"\n\
         [[operation]]\nid = \"gmail.users.messages.send\"\n",
    );
    let report = stdout(&scopex(&["report", &path]));
    assert!(
        report.contains("**Not allowed by any scope of the profile**: `gmail.users.messages.send`"),
        "{report}"
    );
    let least = report
        .lines()
        .find(|line| line.starts_with("**Least privilege for these operations**"))
        .expect("a least-privilege line");
    // What need answers for both calls, not the empty set the profile's scopes allow.
    assert!(
        least.ends_with("`https://www.googleapis.com/auth/gmail.modify`"),
        "{least}"
    );
}

/// A file with a `[[scope]]` of a name and a reason and no `id` is a profile missing its
/// catalog, for every command.
#[test]
fn a_profile_without_catalog_is_told_so_by_every_command() {
    let (_dir, path) = profile("name = \"x\"\n[[scope]]\nname = \"repo\"\n");
    for command in ["validate", "check", "url", "report"] {
        let output = scopex(&[command, &path]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {err}");
        assert!(err.contains("missing field `catalog`"), "{command}: {err}");
    }
    // With an `id`, or a scope with a description, it is a catalog as before.
    let (_dir, path) = profile("name = \"x\"\n[[scope]]\nname = \"repo\"\ndescription = \"d\"\n");
    let err = stderr(&scopex(&["validate", &path]));
    assert!(err.contains("missing field `id`"), "{err}");
}
