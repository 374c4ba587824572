//! Integration profiles: loading with located errors, atomic saves, and the profile
//! commands (report, url, check, diff) on the Opensense profile.

use scopex::grants::GrantModel;
use scopex::profile::{self, Profile, ProfileScope};
use std::path::Path;
use std::process::{Command, Output};

const OPENSENSE: &str = "catalogs/integrations/opensense.toml";

fn scopex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("scopex runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn opensense_loads_with_its_four_scopes() {
    let loaded = profile::load(Path::new(OPENSENSE)).expect("the Opensense profile loads");
    assert_eq!(loaded.profile.name, "Opensense");
    assert_eq!(loaded.catalog.id, "outreach");
    let names: Vec<&str> = loaded
        .selection
        .iter()
        .map(|&id| loaded.catalog.name(id))
        .collect();
    assert_eq!(
        names,
        ["users.all", "teams.read", "mailboxes.all", "prospects.read"]
    );
    assert!(loaded.profile.scopes.iter().all(|s| !s.reason.is_empty()));
    let model = GrantModel::new(&loaded.catalog);
    let minimal: Vec<&str> = model
        .minimal(&loaded.selection)
        .scopes
        .iter()
        .map(|&id| loaded.catalog.name(id))
        .collect();
    assert_eq!(
        minimal,
        ["mailboxes.all", "prospects.read", "teams.read", "users.all"]
    );
}

#[test]
fn over_grants_are_what_no_reason_is_given_for() {
    let loaded = profile::load(Path::new(OPENSENSE)).expect("loads");
    let model = GrantModel::new(&loaded.catalog);
    let flagged: Vec<&str> = scopex::fit::unexplained(&loaded, &model)
        .iter()
        .map(|u| loaded.catalog.name(u.scope))
        .collect();
    // A reason accounts for the scope it is given for, whatever its words: the three
    // levels of mailboxes.all are each told, for the reviewer to weigh against "Reads and
    // writes mailbox settings". users.all is atomic by default (that it is read and
    // write is only inferred), and its own reason accounts for it.
    assert_eq!(
        flagged,
        ["mailboxes.read", "mailboxes.write", "mailboxes.delete"]
    );
}

/// A profile on GitHub (whose names do not split into resource and action) in a fresh
/// folder.
fn github_profile(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.toml");
    std::fs::write(&path, format!("name = \"P\"\ncatalog = \"github\"\n{text}"))
        .expect("write the profile");
    let shown = path.display().to_string();
    (dir, shown)
}

/// A reason given for a scope accounts for it, though it does not spell the scope's name;
/// an empty one accounts for nothing.
#[test]
fn a_reason_accounts_for_its_own_scope_and_an_empty_one_for_nothing() {
    let (_dir, path) = github_profile(
        "[[scope]]\nname = \"read:org\"\nreason = \"Reads org membership\"\n\
         [[scope]]\nname = \"user:email\"\nreason = \"Reads the addresses to notify\"\n",
    );
    let output = scopex(&["report", &path]);
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        report.ends_with("\nEvery granted scope has a reason of its own in the profile.\n"),
        "{report}"
    );
    let (_dir, path) = github_profile(
        "[[scope]]\nname = \"read:org\"\nreason = \"\"\n\
         [[scope]]\nname = \"admin:public_key\"\nreason = \"Manages deploy keys\"\n\
         [[scope]]\nname = \"user:email\"\nreason = \"  \"\n",
    );
    let output = scopex(&["report", &path]);
    let report = text(&output.stdout);
    assert!(
        report.contains(
            "\n**Possible over-grant**: held, but the profile gives no reason for them:\n\n\
             - `read:org` (Read-only access to organization membership, organization projects and team membership), through `read:org`\n\
             - `write:public_key` (Create, list and view details for public keys), through `admin:public_key`\n\
             - `read:public_key` (List and view details for public keys), through `admin:public_key`\n\
             - `user:email` (Read a user's email addresses), through `user:email`\n"
        ),
        "{report}"
    );
    assert!(
        report.contains("| `user:email` | Read a user's email addresses | *(no reason given)* |"),
        "{report}"
    );
    let json = scopex(&["report", &path, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    let flagged: Vec<&str> = value["unexplained"]
        .as_array()
        .expect("unexplained")
        .iter()
        .filter_map(|u| u["scope"].as_str())
        .collect();
    assert_eq!(
        flagged,
        [
            "read:org",
            "write:public_key",
            "read:public_key",
            "user:email"
        ]
    );
}

/// A scope with an empty reason that a listed operation needs is accounted for by the
/// operation, and the report says so rather than crediting a reason.
#[test]
fn a_needed_scope_without_a_reason_is_accounted_for_by_its_operation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let catalog = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/need_files.toml"
    );
    std::fs::copy(catalog, dir.path().join("files.toml")).expect("copy the catalog");
    let path = dir.path().join("p.toml");
    std::fs::write(
        &path,
        "name = \"P\"\ncatalog = \"files.toml\"\n[[scope]]\nname = \"files.own\"\nreason = \"\"\n\
         [[operation]]\nid = \"files.create\"\nreason = \"Uploads\"\n",
    )
    .expect("write the profile");
    let output = scopex(&["report", &path.display().to_string()]);
    let report = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        report.ends_with(
            "\nEvery granted scope has a reason of its own in the profile, or a listed \
             operation needs it.\n"
        ),
        "{report}"
    );
}

#[test]
fn a_grant_the_listed_operations_need_is_no_over_grant() {
    // Both scopes have reasons of their own; drive.readonly no listed operation needs,
    // which the report's operations section tells.
    let loaded = profile::load(Path::new("examples/drive-backup.toml")).expect("loads");
    let model = GrantModel::new(&loaded.catalog);
    assert_eq!(scopex::fit::unexplained(&loaded, &model), []);
    let output = scopex(&["report", "examples/drive-backup.toml"]);
    let report = text(&output.stdout);
    assert!(
        report
            .contains("- over-grant: https://www.googleapis.com/auth/drive.readonly is not needed"),
        "{report}"
    );
}

#[test]
fn report_is_a_markdown_table_with_minimal_and_expanded_strings() {
    let output = scopex(&["report", OPENSENSE]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let report = text(&output.stdout);
    assert!(
        report.starts_with("# Opensense: Outreach permissions\n"),
        "{report}"
    );
    assert!(report.contains("| Scope | What it grants | Why it is needed |"));
    assert!(report.contains("| `teams.read` | Read teams | Reads teams and their members"));
    assert!(report.contains("`mailboxes.all prospects.read teams.read users.all`"));
    assert!(report.contains("(7 held)"));
    assert!(report.contains("- `mailboxes.delete` (Delete mailboxes), through `mailboxes.all`"));
    assert!(!report.contains("- `users.all`"), "{report}");
    let json = scopex(&["report", OPENSENSE, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(value["minimal"].as_array().map(Vec::len), Some(4));
    assert_eq!(value["unexplained"].as_array().map(Vec::len), Some(3));
}

#[test]
fn check_is_a_gate_against_scope_creep() {
    let same = scopex(&[
        "check",
        OPENSENSE,
        "users.all teams.read mailboxes.all prospects.read",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    let less = scopex(&["check", OPENSENSE, "prospects.read teams.read"]);
    assert_eq!(less.status.code(), Some(0));
    let more = scopex(&[
        "check",
        OPENSENSE,
        "users.all teams.read mailboxes.all prospects.read prospects.write",
    ]);
    assert_eq!(more.status.code(), Some(1));
    let err = text(&more.stderr);
    assert!(
        err.contains("grants more than the Opensense profile allows: prospects.write"),
        "{err}"
    );
    let url = "https://api.outreach.io/oauth/authorize?client_id=x&scope=users.all+prospects.all";
    let more_by_url = scopex(&["check", OPENSENSE, url]);
    assert_eq!(more_by_url.status.code(), Some(1));
    assert!(text(&more_by_url.stderr).contains("prospects.write, prospects.delete"));
}

#[test]
fn url_encodes_the_minimal_string() {
    let output = scopex(&[
        "url",
        OPENSENSE,
        "--client-id",
        "abc 123",
        "--redirect-uri",
        "https://example.com/cb?x=1",
    ]);
    assert_eq!(
        text(&output.stdout),
        "https://api.outreach.io/oauth/authorize?client_id=abc%20123&redirect_uri=https%3A%2F%2Fexample.com%2Fcb%3Fx%3D1&response_type=code&scope=mailboxes.all%20prospects.read%20teams.read%20users.all\n"
    );
}

#[test]
fn url_without_authorize_endpoint_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("stora.toml");
    std::fs::write(&path, "name = \"Storage\"\ncatalog = \"stora\"\n\n[[scope]]\nname = \"public.unit:read\"\nreason = \"Lists units\"\n").expect("write");
    let output = scopex(&["url", path.to_str().expect("utf-8")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("has no authorize URL"));
}

#[test]
fn diff_takes_profiles_on_either_side() {
    let output = scopex(&["diff", OPENSENSE, "prospects.read teams.read"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).ends_with("B is within A: it grants nothing A does not\n"));
    let output = scopex(&["diff", "outreach", "users.read", OPENSENSE]);
    assert!(text(&output.stdout).contains("+ mailboxes.delete"));
    assert!(text(&output.stdout).contains("B is not within A"));
}

fn write_profile(dir: &Path, body: &str) -> std::path::PathBuf {
    let path = dir.join("p.toml");
    std::fs::write(&path, body).expect("write profile");
    path
}

#[track_caller]
fn assert_rejected(body: &str, expected: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_profile(dir.path(), body);
    let error = profile::load(&path)
        .expect_err("the profile is rejected")
        .to_string();
    assert!(
        error.contains(expected),
        "expected {expected:?} in:\n{error}"
    );
}

#[test]
fn bad_profiles_are_rejected_with_locations() {
    assert_rejected(
        "name = \"x\"\ncatalog = \"outreach\"\n\n[[scope]]\nname = \"prospect.read\"\nreason = \"r\"\n",
        "p.toml:5:8: `prospect.read` is not in the Outreach catalog; did you mean one of `prospects.read`, `products.read`?",
    );
    assert_rejected(
        "name = \"x\"\ncatalog = \"outreech\"\n",
        "p.toml:2:11: cannot open the profile's catalog: no catalog named `outreech`; did you mean `outreach`?",
    );
    assert_rejected(
        "name = \"x\"\ncatalog = \"outreach\"\n[[scope]]\nname = \"users.read\"\n[[scope]]\nname = \"users.read\"\n",
        "p.toml:6:8: duplicate scope `users.read` (first listed at line 4, column 8)",
    );
    assert_rejected(
        "name = \"x\"\ncatalog = \"outreach\"\nscopes = []\n",
        "p.toml:3:1: unknown field `scopes`",
    );
}

#[test]
fn save_round_trips() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("mine.toml");
    let saved = Profile {
        name: "Mine".to_string(),
        catalog: "github".to_string(),
        client_id: Some("Iv1.abc".to_string()),
        redirect_uri: None,
        scopes: vec![ProfileScope {
            name: "repo".to_string(),
            reason: "Pushes \"quoted\" commits\nacross lines".to_string(),
        }],
        operations: Vec::new(),
    };
    profile::save(&saved, &path).expect("saves");
    let loaded = profile::load(&path).expect("loads back");
    assert_eq!(loaded.profile, saved);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn failed_save_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Failing at the rename (the target is a non-empty folder) keeps what was there.
    let target_dir = dir.path().join("folder.toml");
    std::fs::create_dir(&target_dir).expect("create folder");
    std::fs::write(target_dir.join("inside"), "x").expect("fill folder");
    assert!(profile::write_atomically(&target_dir, b"new").is_err());
    assert!(target_dir.join("inside").exists());
    let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(leftovers, 1, "no temporary file is left behind");
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_temporary_name_redirects_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("keep.toml");
    std::fs::write(&path, "old contents").expect("write old file");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").expect("write victim");
    // Links at the names a save could pick: the old fixed one, and many guesses.
    let mut planted = vec![format!(".keep.toml.{}.tmp", std::process::id())];
    planted.extend((0..64).map(|i| format!(".keep.toml.{i:06}.tmp")));
    for name in &planted {
        std::os::unix::fs::symlink(&victim, dir.path().join(name)).expect("plant link");
    }
    profile::write_atomically(&path, b"new contents").expect("saves");
    assert_eq!(
        std::fs::read_to_string(&victim).expect("victim"),
        "precious"
    );
    assert_eq!(
        std::fs::read_to_string(&path).expect("saved"),
        "new contents"
    );
    let meta = std::fs::symlink_metadata(&path).expect("saved file");
    assert!(meta.file_type().is_file(), "the profile is a plain file");
    for name in &planted {
        let meta = std::fs::symlink_metadata(dir.path().join(name)).expect("still there");
        assert!(meta.file_type().is_symlink());
    }
}

#[cfg(unix)]
#[test]
fn saving_a_linked_profile_writes_through_the_link_and_keeps_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let real_dir = dir.path().join("dotfiles");
    std::fs::create_dir(&real_dir).expect("folder");
    let real = real_dir.join("real.toml");
    std::fs::write(&real, "old").expect("write");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let link = dir.path().join("profile.toml");
    std::os::unix::fs::symlink("dotfiles/real.toml", &link).expect("link");

    profile::write_atomically(&link, b"new").expect("saves");
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    assert_eq!(std::fs::read_to_string(&real).expect("real"), "new");
    let mode = std::fs::metadata(&real).expect("real").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the mode is kept: {mode:o}");
    let leftovers: Vec<_> = std::fs::read_dir(&real_dir).expect("list").collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");

    // A new file gets the usual mode, not the temporary file's 0600.
    let fresh = dir.path().join("fresh.toml");
    profile::write_atomically(&fresh, b"x").expect("saves");
    let mode = std::fs::metadata(&fresh)
        .expect("fresh")
        .permissions()
        .mode()
        & 0o777;
    assert_ne!(
        mode & 0o044,
        0,
        "readable as a new file usually is: {mode:o}"
    );
}

#[test]
fn saving_over_its_own_file_keeps_its_comments_where_the_entries_stay() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("own.toml");
    std::fs::write(
        &path,
        "# Why this integration exists.\n#\n# Sourced from the vendor.\n\nname = \"Old\"\ncatalog = \"github\"\n\n\
         # Pushes the release notes.\n[[scope]]\nname = \"repo\"\nreason = \"pushes\" # asked by the release team\n\n\
         # Dropped below.\n[[scope]]\nname = \"gist\"\nreason = \"snippets\"\n",
    )
    .expect("write");
    let mut profile = profile::load(&path).expect("loads").profile;
    profile.name = "New".to_string();
    profile.scopes.retain(|s| s.name != "gist");
    profile.scopes.push(ProfileScope {
        name: "read:org".to_string(),
        reason: String::new(),
    });
    profile::save_keeping_comments(&profile, &path, None).expect("saves");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text,
        "# Why this integration exists.\n#\n# Sourced from the vendor.\n\nname = \"New\"\ncatalog = \"github\"\n\n\
         # Pushes the release notes.\n[[scope]]\nname = \"repo\"\nreason = \"pushes\" # asked by the release team\n\n\
         [[scope]]\nname = \"read:org\"\nreason = \"\"\n"
    );
    assert_eq!(profile::load(&path).expect("loads").profile, profile);
    assert_eq!(profile::leading_comments("name = \"x\"\n# late\n"), "");
    assert_eq!(profile::leading_comments("\n\nname = \"x\"\n"), "");
    assert_eq!(profile::leading_comments("# only\n"), "# only\n");
}

#[test]
fn a_save_over_a_file_changed_since_it_was_opened_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("own.toml");
    std::fs::write(
        &path,
        "name = \"Mine\"\ncatalog = \"github\"\n[[scope]]\nname = \"repo\"\nreason = \"\"\n",
    )
    .expect("write");
    let loaded = profile::load(&path).expect("loads");
    assert_eq!(profile::stamp_of(&path), Some(loaded.stamp));
    // Another program saves first.
    let theirs =
        "name = \"Theirs\"\ncatalog = \"github\"\n[[scope]]\nname = \"gist\"\nreason = \"\"\n";
    std::fs::write(&path, theirs).expect("write");
    let mut mine = loaded.profile.clone();
    mine.name = "Mine, renamed".to_string();
    let error = profile::save_keeping_comments(&mine, &path, Some(loaded.stamp))
        .expect_err("refused: the file changed");
    assert!(profile::ChangedOnDisk::is(&error), "{error}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
    // Asked to, it overwrites; unchanged, it saves.
    profile::save_keeping_comments(&mine, &path, None).expect("saves");
    assert_eq!(profile::load(&path).expect("loads").profile, mine);
    let stamp = profile::stamp_of(&path);
    profile::save_keeping_comments(&loaded.profile, &path, stamp).expect("saves");
    assert_eq!(profile::load(&path).expect("loads").profile, loaded.profile);
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("locked.toml");
    let old = "name = \"Locked\"\ncatalog = \"github\"\n";
    std::fs::write(&path, old).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let error = profile::write_atomically(&path, b"new").expect_err("refused");
    assert_eq!(error.kind(), std::io::ErrorKind::PermissionDenied);
    assert!(error.to_string().contains("read-only"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), old);
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
    let left = std::fs::read_dir(dir.path()).expect("list").count();
    assert_eq!(left, 1, "no temporary file is left behind");
    // Writable again, it is saved, keeping its mode.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    profile::write_atomically(&path, b"new").expect("saves");
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}
