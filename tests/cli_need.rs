//! `scopex need` and `scopex operations` on a small hand-written catalog
//! (tests/fixtures/need_files.toml), with the answers worked out by hand in the comments.
//!
//! The catalog, in short: `files` implies `files.readonly`, `files.metadata` and
//! `files.own`; `files.readonly` and `files.metadata` each imply
//! `files.metadata.readonly`; `comments.all` is exactly `comments.read` + `comments.write`;
//! `admin` implies `files` and `comments.all`. `files.own` (files the app created),
//! `files.appdata`, `profile` and `users.read` imply nothing.

mod support;

use support::cli::{scopex_with_stdin, stderr, stdout};

const CATALOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/need_files.toml"
);

/// `scopex COMMAND CATALOG ARGS…`: exit code, stdout, stderr.
fn run(command: &str, args: &[&str]) -> (Option<i32>, String, String) {
    run_with_stdin(command, args, "")
}

fn run_with_stdin(command: &str, args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let mut all = vec![command, CATALOG];
    all.extend_from_slice(args);
    let output = scopex_with_stdin(&all, stdin);
    (output.status.code(), stdout(&output), stderr(&output))
}

/// `need` succeeds with this scope string and no warning.
#[track_caller]
fn assert_needs(operations: &[&str], expected: &str) {
    let (code, out, err) = run("need", operations);
    assert_eq!(code, Some(0), "{operations:?}: {err}");
    assert_eq!(out, format!("{expected}\n"), "{operations:?}");
    assert_eq!(err, "", "{operations:?}: no warning expected");
}

#[test]
fn one_call_with_one_least_alternative() {
    // comments.create takes comments.write + files.metadata.readonly (two grants) or
    // admin (seven); comments.list takes comments.read or admin. The two small
    // alternatives together are comments.read, comments.write and
    // files.metadata.readonly: three grants, written as comments.all and
    // files.metadata.readonly.
    assert_needs(
        &["comments.create", "comments.list"],
        "files.metadata.readonly comments.all",
    );
}

#[test]
fn one_scope_serves_several_calls() {
    // files.create: files | files.own | files.appdata; files.delete: files | files.own
    // (files.own is the least, files covers it); files.list accepts files.own too.
    assert_needs(&["files.list", "files.create", "files.delete"], "files.own");
    // files.get's least are files.metadata.readonly and files.own, but files.delete
    // needs files.own anyway: nothing left to decide.
    assert_needs(&["files.get", "files.delete"], "files.own");
}

#[test]
fn a_call_that_needs_the_broad_scope_decides_for_the_others() {
    // files.emptyTrash takes only files, which also allows files.list.
    assert_needs(&["files.emptyTrash", "files.list"], "files");
}

#[test]
fn incomparable_least_alternatives_are_warned_about() {
    // files.list alone: files.metadata.readonly, files.own and files.appdata each grant
    // one thing, different things. files.own ("only the files this app created") and
    // files.appdata ("the app's own configuration data") are limited to part of the data
    // by their descriptions, so files.metadata.readonly comes first. A person decides.
    let (code, out, err) = run("need", &["files.list"]);
    assert_eq!(code, Some(0));
    assert_eq!(out, "files.metadata.readonly\n");
    assert_eq!(
        err,
        "scopex: warning: files.list: `files.metadata.readonly`, `files.appdata`, \
         `files.own` give different data (none is known to cover another); \
         chose `files.metadata.readonly`, which is not limited to part of the data, as \
         `files.appdata` and `files.own` are by their description; check that it gives the \
         data the code needs:\n  \
         `files.metadata.readonly`: See the metadata of all files\n  \
         `files.appdata`: See, create and delete the app's own configuration data\n  \
         `files.own`: See, edit, create and delete only the files this app created\n"
    );

    // files.list and files.download: files.own (one grant) serves both, files.readonly
    // (two grants: it implies files.metadata.readonly) too. Both calls get a warning.
    let (code, out, err) = run("need", &["files.list", "files.download"]);
    assert_eq!(code, Some(0));
    assert_eq!(out, "files.own\n");
    assert!(err.contains("warning: files.list:"), "{err}");
    assert!(
        err.contains("warning: files.download: `files.own`, `files.readonly` give different data"),
        "{err}"
    );
}

#[test]
fn fewer_tokens_break_a_tie_in_grants() {
    // comments.create brings comments.write and files.metadata.readonly. files.download
    // then adds one grant either way: files.own, or files.readonly (its
    // files.metadata.readonly is already there). files.readonly writes as one token
    // covering both, files.own would need three tokens: files.readonly wins.
    let (code, out, _) = run("need", &["comments.create", "files.download"]);
    assert_eq!(code, Some(0));
    assert_eq!(out, "files.readonly comments.write\n");
}

#[test]
fn requests_match_templates_and_the_most_specific_wins() {
    // /v1/files/trash is its own template, more specific than /v1/files/{fileId}.
    assert_needs(&["GET /v1/files/abc123", "DELETE /v1/files/trash"], "files");
    assert_needs(
        &["get https://api.example.com/v1/users/42?fields=name"],
        "users.read",
    );
    let (code, out, _) = run("need", &["GET /v1/users/me"]);
    assert_eq!((code, out.as_str()), (Some(0), "profile\n"));
}

#[test]
fn a_method_and_its_path_given_unquoted_are_one_call() {
    assert_needs(
        &["GET", "/v1/files/abc123", "DELETE", "/v1/files/trash"],
        "files",
    );
    // The method in any case, beside an operation id.
    assert_eq!(
        run("need", &["get", "/v1/files/abc123", "files.delete"]),
        run("need", &["get /v1/files/abc123", "files.delete"]),
    );
}

#[test]
fn operations_come_from_stdin_one_a_line() {
    let (code, out, err) = run_with_stdin(
        "need",
        &[],
        "# what the sync job calls\nPOST /v1/files\n\nfiles.delete\nfiles.delete\n",
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "files.own\n");
}

#[test]
fn unknown_and_ambiguous_operations_are_bad_input() {
    let (code, out, err) = run("need", &["files.lsit", "PUT /v1/files", "files.get"]);
    assert_eq!(code, Some(2));
    assert_eq!(out, "");
    assert_eq!(
        err,
        "scopex: `files.lsit` is not an operation of the Files API catalog; did you mean \
         one of `files.list`, `files.get`?\n\
         scopex: `PUT /v1/files` is not an operation of the Files API catalog; did you mean \
         one of `GET /v1/files`, `POST /v1/files`?\n"
    );

    let (code, _, err) = run("need", &["/v1/files/x"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("matches several operations: files.get (GET /v1/files/{fileId}), files.delete (DELETE /v1/files/{fileId})"),
        "{err}"
    );

    let (code, _, err) = run("need", &[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no operations given"), "{err}");

    let output = scopex_with_stdin(&["need", "outreach", "prospects.list"], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("lists no operations"));
}

#[test]
fn expanded_and_other_formats() {
    let (_, out, _) = run("need", &["--expanded", "files.emptyTrash"]);
    assert_eq!(
        out,
        "files files.readonly files.metadata files.metadata.readonly files.own\n"
    );
    let (_, out, _) = run(
        "need",
        &["--format", "query", "comments.create", "comments.list"],
    );
    assert_eq!(out, "scope=files.metadata.readonly%20comments.all\n");
}

#[test]
fn json_has_the_scope_and_each_operation() {
    let (code, out, _) = run(
        "need",
        &[
            "--json",
            "comments.create",
            "GET /v1/users/me",
            "files.emptyTrash",
        ],
    );
    assert_eq!(code, Some(0));
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(value["scope"], "files comments.write profile");
    assert_eq!(
        value["minimal"],
        serde_json::json!(["files", "comments.write", "profile"])
    );
    assert_eq!(value["proven_minimal"], true);
    let operations = value["operations"].as_array().expect("operations");
    assert_eq!(operations.len(), 3);
    assert_eq!(operations[0]["operation"], "comments.create");
    assert_eq!(
        operations[0]["chosen"],
        serde_json::json!(["files.metadata.readonly", "comments.write"])
    );
    assert_eq!(operations[0]["why"], "least");
    assert_eq!(
        operations[0]["alternatives"][1]["scopes"],
        serde_json::json!(["admin"])
    );
    assert_eq!(operations[0]["alternatives"][1]["adds"], 2);
    assert_eq!(operations[1]["operation"], "users.me");
    assert_eq!(operations[1]["input"], "GET /v1/users/me");
    assert_eq!(
        operations[1]["incomparable"],
        serde_json::json!([["profile"], ["users.read"]])
    );
    assert_eq!(value["warnings"].as_array().map(Vec::len), Some(1));
    assert_eq!(operations[2]["why"], "only");
    assert_eq!(
        value["trust"],
        serde_json::json!(["documented", "description", "derived"])
    );
}

#[test]
fn explain_lists_alternatives_in_privilege_order() {
    let (code, out, _) = run("need", &["--explain", "files.download", "files.emptyTrash"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        out,
        "2 operations → 1 scope: files
trusting: documented, description, derived

files.download (GET /v1/files/{fileId}/content): files.own (the other operations already need all it grants)
  1. files.own       chosen
  2. files.readonly  also allowed
  3. files           also allowed

files.emptyTrash (DELETE /v1/files/trash): files (its only alternative)
  1. files  chosen
"
    );
}

#[test]
fn operations_lists_all_or_those_the_scopes_allow() {
    let (code, out, _) = run("operations", &[]);
    assert_eq!(code, Some(0));
    assert_eq!(out.lines().count(), 10);
    assert!(out.starts_with("files.list        GET /v1/files                     files | "));

    // files.readonly holds files.metadata.readonly: list, get and download.
    let (code, out, _) = run("operations", &["files.readonly"]);
    assert_eq!(code, Some(0));
    let ids: Vec<&str> = out.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(ids, ["files.list", "files.get", "files.download"]);

    // comments.all alone allows comments.list, not comments.create (it also needs
    // files.metadata.readonly).
    let (_, out, _) = run("operations", &["--json", "comments.all"]);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(value["count"], 1);
    assert_eq!(value["total"], 10);
    assert_eq!(value["operations"][0]["id"], "comments.list");
    assert_eq!(
        value["operations"][0]["requires"],
        serde_json::json!([["comments.read"], ["admin"]])
    );

    let (code, _, err) = run("operations", &["files.readnly"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("did you mean"), "{err}");
}

#[test]
fn explain_counts_the_operations_the_scopes_allow() {
    // admin holds everything but profile and users.read.
    let (_, out, _) = run("explain", &["admin"]);
    assert!(
        out.ends_with(
            "\nauthorizes 8 of 10 operations: files.list, files.get, files.download, \
             files.create, files.delete, …\n"
        ),
        "{out}"
    );
    let (_, out, _) = run("explain", &["--json", "profile"]);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        value["operations"],
        serde_json::json!({"count": 1, "total": 10, "first": ["users.me"]})
    );
    // A catalog without operations says nothing about them.
    let output = scopex_with_stdin(&["explain", "outreach", "prospects.read"], "");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("authorizes"));
}

/// A profile on the fixture catalog, in a fresh folder.
fn profile(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(CATALOG, dir.path().join("files.toml")).expect("copy the catalog");
    let path = dir.path().join("sync.toml");
    std::fs::write(
        &path,
        format!("name = \"Sync\"\ncatalog = \"files.toml\"\n{text}"),
    )
    .expect("write the profile");
    let shown = path.display().to_string();
    (dir, shown)
}

const SYNC_OPERATIONS: &str = "
[[operation]]
id = \"files.create\"
reason = \"Uploads new files\"

[[operation]]
id = \"DELETE /v1/files/{fileId}\"
reason = \"Removes files deleted locally\"

[[operation]]
id = \"comments.list\"
";

#[test]
fn check_profile_fails_on_grants_its_operations_do_not_need() {
    // files.create and files.delete both run with files.own; comments.list with
    // comments.read. comments.all also grants comments.write, which nothing needs.
    let (_dir, path) = profile(&format!(
        "[[scope]]\nname = \"files.own\"\n[[scope]]\nname = \"comments.all\"\n{SYNC_OPERATIONS}"
    ));
    let output = scopex_with_stdin(&["check", &path], "");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "scopex: check failed:\n  over-grant: comments.write (through comments.all) is needed \
         by no listed operation\n"
    );

    // files.readonly is granted by some alternative of files.list, but files.own serves it.
    let (_dir, path) = profile(
        "[[scope]]\nname = \"files.own\"\n[[scope]]\nname = \"files.readonly\"\n\
         [[operation]]\nid = \"files.list\"\n[[operation]]\nid = \"files.delete\"\n",
    );
    let output = scopex_with_stdin(&["check", &path], "");
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(
            "over-grant: files.readonly is not needed: the listed operations run with `files.own`"
        ),
        "{err}"
    );
    assert!(
        err.contains("over-grant: files.metadata.readonly (through files.readonly)"),
        "{err}"
    );
}

#[test]
fn check_profile_passes_when_the_scopes_are_what_the_operations_need() {
    let (_dir, path) = profile(&format!(
        "[[scope]]\nname = \"files.own\"\n[[scope]]\nname = \"comments.read\"\n{SYNC_OPERATIONS}"
    ));
    let output = scopex_with_stdin(&["check", &path], "");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ok: the 2 scopes of Sync grant what its 3 operations need, no more\n"
    );
    // Scopes given on the command line are checked against the profile as before.
    let output = scopex_with_stdin(&["check", &path, "files"], "");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn check_profile_fails_when_an_operation_is_not_authorized() {
    let (_dir, path) = profile(&format!(
        "[[scope]]\nname = \"files.own\"\n{SYNC_OPERATIONS}"
    ));
    let output = scopex_with_stdin(&["check", &path, "--json"], "");
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(value["ok"], false);
    assert_eq!(value["unauthorized"], serde_json::json!(["comments.list"]));
    assert_eq!(
        value["problems"][0],
        "under-grant: comments.list is not authorized by the profile's scopes; it needs \
         `comments.read` or `admin`"
    );
}

#[test]
fn profile_operations_are_validated_and_reported() {
    let (_dir, path) = profile("[[operation]]\nid = \"files.lsit\"\n");
    let output = scopex_with_stdin(&["report", &path], "");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("sync.toml:4:6: `files.lsit` is not an operation of the Files API catalog"),
        "{err}"
    );

    let (_dir, path) =
        profile("[[operation]]\nid = \"files.get\"\n[[operation]]\nid = \"GET /v1/files/42\"\n");
    let output = scopex_with_stdin(&["report", &path], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("listed twice"));

    let (_dir, path) = profile(&format!(
        "[[scope]]\nname = \"files.own\"\nreason = \"Syncs files\"\n\
         [[scope]]\nname = \"comments.all\"\n{SYNC_OPERATIONS}"
    ));
    let output = scopex_with_stdin(&["report", &path], "");
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        out.contains(
            "| Operation | Why it is called | Allowed by |\n|---|---|---|\n\
             | `files.create` (`POST /v1/files`) | Uploads new files | `files.own` |\n\
             | `files.delete` (`DELETE /v1/files/{fileId}`) | Removes files deleted locally | `files.own` |\n\
             | `comments.list` (`GET /v1/files/{fileId}/comments`) | *(no reason given)* | `comments.read` |\n\
             \n**Least privilege for these operations**: `files.own comments.read`\n\
             \n- over-grant: comments.write (through comments.all) is needed by no listed operation\n"
        ),
        "{out}"
    );
}

#[test]
fn check_profile_scopes_fails_when_the_scopes_leave_an_operation_out() {
    // The profile allows files.own and comments.all; its operations run with files.own +
    // comments.read. files.own alone is within the profile but leaves comments.list out.
    let (_dir, path) = profile(&format!(
        "[[scope]]\nname = \"files.own\"\n[[scope]]\nname = \"comments.all\"\n{SYNC_OPERATIONS}"
    ));
    let output = scopex_with_stdin(&["check", &path, "files.own"], "");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "scopex: check failed:\n  under-grant: comments.list is not authorized by these \
         scopes; it needs `comments.read` or `admin`\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");

    let output = scopex_with_stdin(&["check", &path, "files.own", "--json"], "");
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(value["ok"], false);
    assert_eq!(
        value["operations"]["unauthorized"],
        serde_json::json!(["comments.list"])
    );
}

#[test]
fn check_profile_scopes_reports_what_the_operations_do_not_need() {
    let (_dir, path) = profile(&format!(
        "[[scope]]\nname = \"files.own\"\n[[scope]]\nname = \"comments.all\"\n{SYNC_OPERATIONS}"
    ));
    // Exactly what the operations need: ok, nothing to say.
    let output = scopex_with_stdin(&["check", &path, "files.own comments.read"], "");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ok: 2 scopes checked against Files API\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");

    // Within the profile and enough for every operation, but comments.write is needed by
    // none: a warning, and a failure with --strict.
    let output = scopex_with_stdin(&["check", &path, "files.own", "comments.all"], "");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "scopex: warning: over-grant: comments.write (through comments.all) is needed by no \
         listed operation\n"
    );
    let output = scopex_with_stdin(
        &["check", &path, "files.own", "comments.all", "--strict"],
        "",
    );
    assert_eq!(output.status.code(), Some(1));
    let output = scopex_with_stdin(&["check", &path, "files.own", "comments.all", "--json"], "");
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(value["ok"], true);
    assert_eq!(
        value["operations"]["unneeded"],
        serde_json::json!(["comments.write"])
    );
    assert_eq!(
        value["operations"]["least"],
        serde_json::json!(["files.own", "comments.read"])
    );
}

/// `need` on a built-in catalog: stdout, and whether it exited 0.
fn need_builtin(catalog: &str, operations: &[&str]) -> String {
    let mut args = vec!["need", catalog];
    args.extend_from_slice(operations);
    let output = scopex_with_stdin(&args, "");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn between_incomparable_alternatives_the_providers_order_decides() {
    // GET /me: nine permissions each grant one thing of their own. Microsoft marks
    // User.Read least privileged for the path and the catalog lists it first; catalog
    // order alone would take AgentIdUser.ReadWrite.All.
    assert_eq!(need_builtin("msgraph", &["GET /me"]), "User.Read\n");
    // Microsoft's least for messages are Mail.ReadBasic and Mail.ReadWrite (which also
    // grants Mail.Read).
    assert_eq!(
        need_builtin("msgraph", &["GET /me/messages"]),
        "Mail.ReadBasic\n"
    );
    // Together they still take each one's first.
    assert_eq!(
        need_builtin("msgraph", &["GET /me", "GET /me/messages"]),
        "Mail.ReadBasic User.Read\n"
    );
}

#[test]
fn between_alike_alternatives_the_one_allowing_fewer_operations_wins() {
    // gmail.users.messages.send takes any of five Gmail scopes, one grant each, listed
    // alphabetically. gmail.send is accepted by messages.send alone; every other method
    // it allows, the others allow too, and more.
    assert_eq!(
        need_builtin("google", &["gmail.users.messages.send"]),
        "https://www.googleapis.com/auth/gmail.send\n"
    );
}

#[test]
fn stora_needs_each_calls_own_scope_and_no_write_for_a_read() {
    // Stora states one scope per call ("Required authorization scope") and no
    // implication between its scopes, not even write ⇒ read: listing and updating
    // contacts take both, in the catalog's order, whatever the order of the calls.
    assert_eq!(
        need_builtin(
            "stora",
            &[
                "deals.show-a-deal",
                "PATCH /2025-09/contacts/42",
                "contacts.list-all-contacts"
            ]
        ),
        "public.contact:read public.contact:write public.deal:read\n"
    );
    // Calls that share a scope ask for it once; a concrete request finds its template.
    assert_eq!(
        need_builtin(
            "stora",
            &[
                "GET /2025-09/contacts/42",
                "contacts.list-all-contacts",
                "POST /2025-09/units/u-7/grant_access"
            ]
        ),
        "public.contact:read public.unit:write\n"
    );
    // An unknown call: exit 2, with the closest real ones.
    let output = scopex_with_stdin(&["need", "stora", "contacts.list"], "");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "scopex: `contacts.list` is not an operation of the Stora catalog; did you mean \
         `contacts.list-all-contacts`?\n"
    );
    // One a line on stdin.
    let output = scopex_with_stdin(
        &["need", "stora"],
        "sites.list-all-sites\nGET /2025-09/unit_types\n",
    );
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "public.site:read public.unit_type:read\n"
    );
}

const MAIL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/need_mail.toml");

/// `need` on the mail catalog: exit code, stdout, stderr.
fn need_mail(operations: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["need", MAIL];
    args.extend_from_slice(operations);
    let output = scopex_with_stdin(&args, "");
    (output.status.code(), stdout(&output), stderr(&output))
}

#[test]
fn between_alike_answers_the_one_allowing_fewer_operations_wins_over_catalog_order() {
    // Drafts and sending: mail (all 7 calls), mail.modify (6) and mail.compose (4) each
    // serve both with one grant; mail.addon.compose (3) too, but only in add-ons.
    let (code, out, err) = need_mail(&["drafts.send", "messages.send"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "mail.compose\n");
    assert!(err.contains("chose `mail.compose`"), "{err}");
    assert!(!err.contains("can be used only in"), "{err}");
    // Sending alone: mail.send allows nothing else.
    let (_, out, _) = need_mail(&["messages.send"]);
    assert_eq!(out, "mail.send\n");
}

#[test]
fn a_scope_usable_only_in_add_ons_is_chosen_only_when_nothing_else_will_do() {
    let (code, out, err) = need_mail(&["--explain", "drafts.create"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("1 operation → 1 scope: mail.compose\n"),
        "{out}"
    );
    // Listed last, though it allows the fewest calls.
    assert!(
        out.ends_with("  4. mail.addon.compose  would add 1 grant  (only in Mail add-ons)\n"),
        "{out}"
    );

    // Nothing but an add-on scope authorizes addon.context: chosen, with a warning; the
    // integration then runs in an add-on, and the same scope serves messages.get.
    let (code, out, err) = need_mail(&["addon.context", "messages.get"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "mail.addon.read\n");
    assert!(
        err.contains(
            "warning: addon.context: nothing else authorizes it, and `mail.addon.read` can be \
             used only in Mail add-ons"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: messages.get: another call needs it anyway, and `mail.addon.read` can be \
             used only in Mail add-ons"
        ),
        "{err}"
    );
}

#[test]
fn gmail_drafts_and_sending_take_gmail_compose_not_full_mailbox_access() {
    let out = need_builtin(
        "google",
        &["gmail.users.drafts.send", "gmail.users.messages.send"],
    );
    assert_eq!(out, "https://www.googleapis.com/auth/gmail.compose\n");
}

#[test]
fn the_catalog_lists_and_explains_where_a_scope_can_be_used() {
    let output = scopex_with_stdin(&["list", MAIL], "");
    assert!(
        stdout(&output).contains(
            "mail.addon.read     View your email messages when the add-on is running (only in \
             Mail add-ons)\n"
        ),
        "{}",
        stdout(&output)
    );
    let output = scopex_with_stdin(&["list", "--json", MAIL], "");
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(value["scopes"][2]["only_in"], "Mail add-ons");
    assert_eq!(value["scopes"][3].get("only_in"), None);
    let output = scopex_with_stdin(&["explain", MAIL, "mail.addon.read"], "");
    assert!(
        stdout(&output).contains("  mail.addon.read  selected (only in Mail add-ons)\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn graph_paths_match_whatever_their_case_and_with_a_version_prefix() {
    // Graph paths ignore case; the catalog says so, and that requests carry /v1.0 or
    // /beta, or a whole URL.
    assert_eq!(
        need_builtin("msgraph", &["POST /me/sendMail"]),
        "Mail.Send\n"
    );
    assert_eq!(
        need_builtin(
            "msgraph",
            &["GET https://graph.microsoft.com/v1.0/me/messages?$top=5"]
        ),
        "Mail.ReadBasic\n"
    );
    assert_eq!(
        need_builtin("msgraph", &["POST /beta/Me/SendMail"]),
        "Mail.Send\n"
    );
    // Another version is no prefix of the catalog's.
    let output = scopex_with_stdin(&["need", "msgraph", "GET /v2.0/me"], "");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_mistyped_concrete_request_is_shown_the_templates_it_nearly_matches() {
    // The parameter's value (`abc`, `me`, `42`) is no part of the mistake: the template's
    // `{fileId}` takes any value, and only the literal segments count their edits.
    let refused = |catalog: &str, request: &str| {
        let output = scopex_with_stdin(&["need", catalog, request], "");
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        stderr(&output)
    };
    let said = refused("google", "GET /drive/v3/files/abc/permisions");
    assert!(
        said.contains("did you mean one of `GET /drive/v3/files/{fileId}/permissions`,"),
        "{said}"
    );
    let said = refused("google", "POST /gmail/v1/users/me/messages/123/trsh");
    assert!(
        said.contains("did you mean `POST /gmail/v1/users/{userId}/messages/{id}/trash`?"),
        "{said}"
    );
    let said = refused("stora", "GET /2025-09/contcts/42");
    assert!(
        said.contains("did you mean `GET /2025-09/contacts/{contact_id}`?"),
        "{said}"
    );
    // Behind the prefix a catalog allows, too.
    let said = refused("msgraph", "GET /v1.0/me/mesages");
    assert!(said.contains("did you mean `GET /me/messages`?"), "{said}");
    // Nothing near: no guess.
    let said = refused("google", "GET /zzz/qqq");
    assert!(!said.contains("did you mean"), "{said}");
}

#[test]
fn an_ambiguous_request_names_request_named_operations_once() {
    // Microsoft Graph's operations are named by their requests: `GET /me/messages`, not
    // `GET /me/messages (GET /me/messages)`.
    let output = scopex_with_stdin(
        &[
            "need",
            "msgraph",
            "https://graph.microsoft.com/v1.0/me/messages",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(
        said.contains("matches several operations: GET /me/messages, POST /me/messages;"),
        "{said}"
    );
}

#[test]
fn need_never_chooses_a_deprecated_slack_scope_where_the_call_takes_a_current_one() {
    // Each chat.* method takes chat:write:user, chat:write:bot (both deprecated, legacy
    // perspective scopes) or chat:write, one grant each.
    let chat = [
        "chat.delete",
        "chat.deleteScheduledMessage",
        "chat.meMessage",
        "chat.postEphemeral",
        "chat.postMessage",
        "chat.scheduleMessage",
        "chat.update",
    ];
    for call in chat {
        let output = scopex_with_stdin(&["need", "slack", call], "");
        assert_eq!(output.status.code(), Some(0), "{call}: {}", stderr(&output));
        assert_eq!(stdout(&output), "chat:write\n", "{call}");
        assert_eq!(
            stderr(&output),
            "",
            "{call}: a current scope, nothing to warn of"
        );
        // need's own answer passes a strict check.
        let output = scopex_with_stdin(&["check", "slack", "--strict", "chat:write"], "");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let output = scopex_with_stdin(&["need", "--explain", "slack", "chat.postMessage"], "");
    let out = stdout(&output);
    assert!(
        out.contains(
            "chat.postMessage (POST /chat.postMessage): chat:write (the others name deprecated \
             scopes)\n  1. chat:write       chosen\n  2. chat:write:user  would add 1 grant  \
             (chat:write:user deprecated)\n"
        ),
        "{out}"
    );
    let output = scopex_with_stdin(&["need", "--json", "slack", "chat.postMessage"], "");
    let value: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(value["operations"][0]["why"], "current");

    // files.delete takes only files:write:user: chosen, and the warning says it is
    // deprecated and why it was chosen all the same.
    let output = scopex_with_stdin(&["need", "slack", "files.delete", "chat.update"], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "chat:write,files:write:user\n");
    assert_eq!(
        stderr(&output),
        "scopex: warning: files.delete: nothing else authorizes it, and `files:write:user` is \
         deprecated (legacy perspective scope)\n"
    );
}

#[test]
fn whole_urls_of_slack_spotify_and_discord_find_their_calls() {
    for (catalog, request, expected) in [
        (
            "slack",
            "https://slack.com/api/chat.postMessage",
            "chat:write\n",
        ),
        (
            "spotify",
            "GET https://api.spotify.com/v1/me/player",
            "user-read-playback-state\n",
        ),
        (
            "discord",
            "GET https://discord.com/api/v10/users/@me",
            "identify\n",
        ),
        // Older Discord API versions, and /api with none, route the same calls.
        (
            "discord",
            "GET https://discord.com/api/v9/users/@me",
            "identify\n",
        ),
        (
            "discord",
            "GET https://discord.com/api/users/@me",
            "identify\n",
        ),
    ] {
        assert_eq!(need_builtin(catalog, &[request]), expected, "{request}");
    }
}

#[test]
fn an_unknown_url_is_named_with_the_closest_operations_whatever_the_catalog() {
    // A mistyped call under a base path the catalog knows.
    let output = scopex_with_stdin(
        &["need", "spotify", "GET https://api.spotify.com/v1/me/playr"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "scopex: `GET https://api.spotify.com/v1/me/playr` is not an operation of the Spotify \
         catalog; did you mean `GET /me/player`?\n"
    );
    // A base path the catalog does not name (need_files.toml has none): the path is
    // compared without its first segments.
    let (code, _, err) = run("need", &["GET https://files.example.com/api/v1/files"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "scopex: `GET https://files.example.com/api/v1/files` is not an operation of the Files \
         API catalog; did you mean one of `GET /v1/files`, `POST /v1/files`?\n"
    );
    let (code, _, err) = run(
        "need",
        &["https://files.example.com/api/v1/files/abc/contnt"],
    );
    assert_eq!(code, Some(2));
    assert!(
        err.ends_with("did you mean `GET /v1/files/{fileId}/content`?\n"),
        "{err}"
    );
}

/// Scopes asked for but none there (an empty string, an empty stdin) are bad input, not a
/// question about what no scope at all allows; no scopes at all lists every operation.
#[test]
fn operations_of_an_empty_scope_list_is_bad_input() {
    for (args, stdin) in [(&[""][..], ""), (&["-"], ""), (&["  "], "")] {
        let (code, out, err) = run_with_stdin("operations", args, stdin);
        assert_eq!(code, Some(2), "{args:?}: {out}");
        assert_eq!(out, "");
        assert!(err.contains("no scopes given"), "{args:?}: {err}");
    }
    let (code, out, _) = run("operations", &[]);
    assert_eq!(code, Some(0));
    assert!(out.contains("files.list"), "{out}");
}

/// Into a pipe each operation is one line: the columns line up, and a long id or path
/// pushes the rest of its own line only (a column empty in every row takes no room).
#[test]
fn operations_piped_keep_one_line_each_and_line_up_around_long_paths() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/long_paths.toml"
    );
    let output = scopex_with_stdin(&["operations", fixture], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = stdout(&output);
    assert_eq!(shown.lines().count(), 6, "{shown}");
    insta::assert_snapshot!("operations_long_paths_piped", shown);
}

/// Calls as code writes them, against the built-in catalogs: a whole URL with the
/// provider's host and base path, the method the code uses, a query. Each needs what the
/// operation it names needs.
#[test]
fn calls_written_as_code_writes_them_find_their_operation() {
    let cases: &[(&str, &str, &str)] = &[
        // Slack's methods take GET or POST, whichever the catalog lists.
        (
            "slack",
            "POST https://slack.com/api/conversations.list",
            "conversations.list",
        ),
        (
            "slack",
            "GET https://slack.com/api/conversations.list?limit=20",
            "conversations.list",
        ),
        (
            "slack",
            "GET https://slack.com/api/chat.postMessage?channel=x",
            "chat.postMessage",
        ),
        (
            "slack",
            "POST https://slack.com/api/chat.postMessage?channel=x",
            "chat.postMessage",
        ),
        // Jira through Atlassian's gateway (OAuth 2.0 apps), any cloud id, or its site.
        (
            "jira",
            "GET https://api.atlassian.com/ex/jira/abc123/rest/api/3/issue/ABC-1",
            "getIssue",
        ),
        (
            "jira",
            "GET https://your-domain.atlassian.net/rest/api/3/issue/ABC-1",
            "getIssue",
        ),
        // Google's media upload URLs are the method's.
        (
            "google",
            "POST https://www.googleapis.com/upload/drive/v3/files",
            "drive.files.create",
        ),
        (
            "google",
            "POST https://www.googleapis.com/upload/drive/v3/files?uploadType=resumable",
            "drive.files.create",
        ),
        (
            "google",
            "PATCH https://www.googleapis.com/upload/drive/v3/files/abc?uploadType=media",
            "drive.files.update",
        ),
        // Microsoft Graph's items addressed by path, of any depth.
        (
            "msgraph",
            "GET /me/drive/root:/docs/a.txt:/content",
            "GET /me/drive/root:/{id}:/content",
        ),
        (
            "msgraph",
            "GET https://graph.microsoft.com/v1.0/me/drive/root:/docs/2026/a.txt:/content",
            "GET /me/drive/root:/{id}:/content",
        ),
    ];
    for (catalog, call, id) in cases {
        let by_id = need_builtin(catalog, &[id]);
        assert_eq!(need_builtin(catalog, &[call]), by_id, "{catalog}: {call}");
        let output = scopex_with_stdin(&["need", "--json", catalog, call], "");
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("need --json");
        assert_eq!(
            value["operations"][0]["operation"].as_str(),
            Some(*id),
            "{catalog}: {call}: {value}"
        );
    }
}

/// What the readings above allow stops where the catalog's data does: another method,
/// another product under the gateway, a mistyped upload URL, a path after an item's
/// path that no template has. Each is refused, with the nearest operations.
#[test]
fn calls_near_those_forms_are_still_refused_with_suggestions() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "slack",
            "DELETE https://slack.com/api/conversations.list",
            "did you mean `GET /conversations.list`?",
        ),
        (
            "slack",
            "POST https://slack.com/api/conversations.lst",
            "did you mean `GET /conversations.list`?",
        ),
        (
            "jira",
            "GET https://api.atlassian.com/ex/confluence/abc123/rest/api/3/myself",
            "did you mean `GET /rest/api/3/myself`?",
        ),
        (
            "jira",
            "GET https://api.atlassian.com/ex/jira/abc/def/rest/api/3/myself",
            "did you mean `GET /rest/api/3/myself`?",
        ),
        (
            "google",
            "GET https://www.googleapis.com/upload/drive/v3/files",
            "did you mean one of",
        ),
        (
            "google",
            "POST https://www.googleapis.com/upload/drive/v3/filez",
            "did you mean `POST /drive/v3/files`?",
        ),
        (
            "msgraph",
            "GET /me/drive/root:/docs/a.txt:/contnt",
            "did you mean `GET /me/drive/root:/{id}:/content`?",
        ),
        (
            "msgraph",
            "GET /me/drive/items/docs/a.txt/content",
            "is not an operation of the Microsoft Graph (delegated) catalog",
        ),
    ];
    for (catalog, call, expected) in cases {
        let output = scopex_with_stdin(&["need", catalog, call], "");
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{catalog}: {call}: {err}");
        assert!(
            err.starts_with(&format!("scopex: `{call}` is not an operation of the ")),
            "{catalog}: {call}: {err}"
        );
        assert!(err.contains(expected), "{catalog}: {call}: {err}");
        assert_eq!(stdout(&output), "", "{catalog}: {call}");
    }
}
