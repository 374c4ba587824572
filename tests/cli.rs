//! The plain commands, run as a user runs them: the real binary, its stdout, stderr and
//! exit code.

use std::process::{Command, Stdio};

mod support;

use support::cli::{assert_prints, scopex, scopex_with_stdin, stderr, stdout};

#[test]
fn minimize_folds_levels_into_all() {
    assert_prints(
        &[
            "minimize",
            "outreach",
            "prospects.read",
            "prospects.write",
            "prospects.delete",
        ],
        "prospects.all\n",
    );
}

#[test]
fn minimize_drops_what_all_covers() {
    assert_prints(
        &[
            "minimize",
            "outreach",
            "prospects.all",
            "prospects.read",
            "users.read",
        ],
        "prospects.all users.read\n",
    );
}

#[test]
fn minimize_sipgate_sessions() {
    assert_prints(
        &[
            "minimize",
            "sipgate",
            "sessions:calls:write",
            "sessions:fax:write",
            "sessions:sms:write",
        ],
        "sessions:write\n",
    );
}

#[test]
fn minimize_github_nesting() {
    assert_prints(
        &["minimize", "github", "repo", "repo:status", "user:email"],
        "repo user:email\n",
    );
}

#[test]
fn closure_lists_all_levels() {
    assert_prints(
        &["closure", "outreach", "prospects.all"],
        "prospects.all\nprospects.read\nprospects.write\nprospects.delete\n",
    );
}

#[test]
fn unknown_scope_is_bad_input_with_suggestion() {
    let output = scopex(&["minimize", "outreach", "prospect.read"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.contains("`prospect.read` is not in the Outreach catalog"),
        "{err}"
    );
    assert!(err.contains("`prospects.read`"), "{err}");
}

#[test]
fn scopes_as_one_string_on_stdin_or_in_a_url() {
    let expected = "prospects.all\n";
    assert_prints(
        &[
            "minimize",
            "outreach",
            "prospects.read prospects.write prospects.delete",
        ],
        expected,
    );
    let url = "https://api.outreach.io/oauth/authorize?client_id=x&scope=prospects.read+prospects.write%20prospects.delete&response_type=code";
    assert_prints(&["minimize", "outreach", url], expected);
    let output = scopex_with_stdin(
        &["minimize", "outreach"],
        "prospects.read\nprospects.write prospects.delete\n",
    );
    assert_eq!(stdout(&output), expected);
    assert_prints(
        &["minimize", "github", "repo,repo:status, user:email"],
        "repo user:email\n",
    );
}

#[test]
fn minimize_formats_and_expanded() {
    assert_prints(
        &["minimize", "outreach", "prospects.all", "--expanded"],
        "prospects.all prospects.read prospects.write prospects.delete\n",
    );
    assert_prints(
        &[
            "minimize",
            "outreach",
            "prospects.all",
            "users.read",
            "--format",
            "query",
        ],
        "scope=prospects.all%20users.read\n",
    );
    assert_prints(
        &[
            "minimize",
            "outreach",
            "prospects.all",
            "users.read",
            "--format",
            "json",
        ],
        "[\"prospects.all\",\"users.read\"]\n",
    );
}

#[test]
fn json_output_parses() {
    for args in [
        vec!["catalogs", "--json"],
        vec!["list", "stora", "--json"],
        vec!["search", "sipgate", "sms", "--json"],
        vec!["closure", "github", "admin:org", "--json"],
        vec!["minimize", "outreach", "users.all", "--json"],
        vec!["explain", "sipgate", "sessions:write", "--json"],
        vec![
            "diff",
            "outreach",
            "prospects.read",
            "prospects.all",
            "--json",
        ],
        vec!["check", "outreach", "prospects.read", "--json"],
    ] {
        let output = scopex(&args);
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&output.stdout);
        assert!(parsed.is_ok(), "{args:?} printed {}", stdout(&output));
    }
}

#[test]
fn explain_names_evidence() {
    let output = scopex(&["explain", "sipgate", "sessions:write"]);
    let text = stdout(&output);
    assert!(text.contains("sessions:sms:write"), "{text}");
    assert!(
        text.contains("sessions:write (selected) includes sessions:sms:write [description"),
        "{text}"
    );
    let output = scopex(&[
        "explain",
        "outreach",
        "prospects.read",
        "prospects.write",
        "prospects.delete",
    ]);
    let text = stdout(&output);
    assert!(
        text.contains("3 selected → 1 scope: prospects.all"),
        "{text}"
    );
    assert!(
        text.contains("prospects.read    covered by prospects.all"),
        "{text}"
    );
}

#[test]
fn diff_reports_added_grants() {
    let output = scopex(&["diff", "outreach", "prospects.read", "prospects.all"]);
    assert_eq!(
        stdout(&output),
        "+ prospects.write\n+ prospects.delete\nB is not within A: it adds 2 grants\n"
    );
    let output = scopex(&["diff", "outreach", "prospects.all", "prospects.read"]);
    assert!(stdout(&output).ends_with("B is within A: it grants nothing A does not\n"));
}

#[test]
fn check_gates() {
    assert_eq!(
        scopex(&["check", "outreach", "prospects.read"])
            .status
            .code(),
        Some(0)
    );
    let unknown = scopex(&["check", "outreach", "prospect.read"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean"));
    assert!(stderr(&unknown).contains("`prospects.read`"));
    let over = scopex(&[
        "check",
        "outreach",
        "prospects.all",
        "--within",
        "prospects.read prospects.write",
    ]);
    assert_eq!(over.status.code(), Some(1));
    assert!(
        stderr(&over).contains("prospects.delete"),
        "{}",
        stderr(&over)
    );
    let within = scopex(&[
        "check",
        "outreach",
        "prospects.read",
        "--within",
        "prospects.all",
    ]);
    assert_eq!(within.status.code(), Some(0));
    let redundant = scopex(&["check", "github", "repo repo:status", "--minimal"]);
    assert_eq!(redundant.status.code(), Some(1));
    assert!(stderr(&redundant).contains("not minimal"));
    // A token given twice is one too many.
    let twice = scopex(&["check", "github", "repo read:org repo", "--minimal"]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(
        stderr(&twice).contains("not minimal: `repo` is given more than once"),
        "{}",
        stderr(&twice)
    );
}

#[test]
fn search_ranks_name_prefix_first() {
    let output = scopex(&["search", "outreach", "prospects", "-n", "4"]);
    let first_lines: Vec<String> = stdout(&output)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect();
    assert!(
        first_lines
            .iter()
            .all(|name| name.starts_with("prospects.")),
        "{first_lines:?}"
    );
    assert_eq!(
        scopex(&["search", "outreach", "zzzzqqq"]).status.code(),
        Some(1)
    );
}

#[test]
fn search_words_of_markers_alone_ask_for_nothing_as_in_fzf() {
    // Typing `^` before `drive` (or `'`, `!` before a word) keeps every scope listed, as
    // the empty query does, where it used to look for the character and list none.
    let all = stdout(&scopex(&["search", "github", ""]));
    assert!(all.lines().count() > 10, "{all}");
    for query in ["^", "'", "!", "^$", "! ^"] {
        let output = scopex(&["search", "github", query]);
        assert_eq!(output.status.code(), Some(0), "{query:?}");
        assert_eq!(stdout(&output), all, "{query:?}");
    }
    // `$` alone is the character, as in fzf: no GitHub scope has one.
    assert_eq!(scopex(&["search", "github", "$"]).status.code(), Some(1));
}

#[test]
fn validate_reports_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "id = \"bad\"\nname = \"Bad\"\n\n[[scope]]\nname = \"a.read\"\ndescription = \"A\"\n\n[[implies]]\nfrom = \"a.read\"\nto = [\"a.wrte\"]\nevidence = \"inferred\"\n",
    )
    .expect("write catalog");
    let output = scopex(&["validate", path.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("bad.toml:10:7: implied scope `a.wrte` is not a scope of this catalog"),
        "{err}"
    );
    let ok = scopex(&["validate", "catalogs/outreach.toml"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("206 scopes"));
}

/// A catalog that lists no scope is useless: `validate` refuses it, at its empty `scope`
/// array where it has one, naming the file where it has none; `--json` says the same.
#[test]
fn validate_refuses_a_catalog_without_scopes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bare = dir.path().join("bare.toml");
    std::fs::write(&bare, "id = \"bare\"\nname = \"Bare\"\n").expect("write catalog");
    let output = scopex(&["validate", bare.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!(
            "scopex: {}: the catalog lists no scopes",
            bare.display()
        )),
        "{err}"
    );

    let empty = dir.path().join("empty.toml");
    std::fs::write(
        &empty,
        "id = \"empty\"\nname = \"Empty\"\nretrieved = \"2026-12-01\"\nscope = []\n",
    )
    .expect("write catalog");
    let empty = empty.to_str().expect("utf-8 path");
    let output = scopex(&["validate", empty]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("empty.toml:4:1: the catalog lists no scopes"),
        "{err}"
    );
    assert!(err.contains("4 | scope = []"), "{err}");

    let output = scopex(&["validate", empty, "--json"]);
    assert_eq!(output.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["ok"], false);
    assert_eq!(report["kind"], "catalog");
    assert_eq!(
        (report["line"].as_u64(), report["column"].as_u64()),
        (Some(4), Some(1))
    );
}

/// Operations at the end of a file are read only when a command needs them; a problem
/// in them is reported, placed, by every command that does, and by `validate`.
#[test]
fn a_problem_in_operations_is_found_when_they_are_needed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.toml");
    std::fs::write(
        &path,
        "id = \"ops\"\nname = \"Ops\"\n\n[[scope]]\nname = \"a.read\"\ndescription = \"A\"\n\n[[operation]]\nid = \"a.list\"\nrequires = [[\"a.read\"]]\n\n[[operation]]\nid = \"a.get\"\nrequires = [[\"a.reed\"]]\n",
    )
    .expect("write catalog");
    let path = path.to_str().expect("utf-8 path");
    let place = "ops.toml:14:14: required scope `a.reed` is not a scope of this catalog; did you mean `a.read`?";
    for args in [
        vec!["validate", path],
        vec!["need", path, "a.list"],
        vec!["operations", path],
        vec!["explain", path, "a.read"],
    ] {
        let output = scopex(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(place),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    // Commands that do not need them work.
    let minimize = scopex(&["minimize", path, "a.read"]);
    assert_eq!(minimize.status.code(), Some(0), "{}", stderr(&minimize));
}

#[test]
fn catalog_by_path_and_unknown_catalog() {
    assert_prints(
        &[
            "minimize",
            "catalogs/sipgate.toml",
            "sessions:write",
            "sessions:sms:write",
        ],
        "sessions:write\n",
    );
    let output = scopex(&["list", "outreech"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `outreach`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn closed_pipe_is_quiet() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(["list", "sipgate"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("finishes");
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[test]
fn minimize_keeps_the_scope_asked_for_among_equal_grants() {
    // audits.all grants what audits.read grants; the user asked for audits.all.
    assert_prints(&["minimize", "outreach", "audits.all"], "audits.all\n");
    assert_prints(&["minimize", "outreach", "audits.read"], "audits.read\n");
}

#[test]
fn check_minimal_says_when_minimality_is_not_proven() {
    let text = support::catalogs::overlapping_composites();
    let catalog =
        scopex::catalog::parse_catalog(&text, "large.toml", scopex::catalog::Origin::Builtin)
            .expect("the catalog loads");
    let model = scopex::grants::GrantModel::new(&catalog);
    let everything: Vec<usize> = (0..support::catalogs::ATOMS).collect();
    let best = model.minimal(&everything);
    assert!(!best.proven, "the cover must be too large to prove");
    let string: Vec<&str> = best.scopes.iter().map(|&s| catalog.name(s)).collect();
    let string = string.join(" ");

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.toml");
    std::fs::write(&path, &text).expect("write the catalog");
    let path = path.to_str().expect("a UTF-8 path");

    let lenient = scopex(&["check", path, &string, "--minimal"]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(stdout(&lenient).starts_with("ok: "));
    assert!(
        stderr(&lenient).contains("warning: not proven minimal"),
        "{}",
        stderr(&lenient)
    );
    let strict = scopex(&["check", path, &string, "--minimal", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("not proven minimal"));
    let json = scopex(&["check", path, &string, "--minimal", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["ok"], true);
    assert!(
        value["warnings"][0]
            .as_str()
            .unwrap_or_default()
            .contains("not proven minimal")
    );
    // A proven string says nothing.
    let proven = scopex(&["check", "github", "repo", "--minimal", "--strict"]);
    assert_eq!(proven.status.code(), Some(0), "{}", stderr(&proven));
    assert_eq!(stderr(&proven), "");
}

const GUESSED: &str = r#"
id = "guessed"
name = "Guessed"

[[scope]]
name = "notes.all"
description = "Full access to notes"

[[scope]]
name = "notes.read"
description = "Read notes"

[[scope]]
name = "notes.write"
description = "Write notes"

[[implies]]
from = "notes.all"
to = ["notes.read", "notes.write"]
composite = true
evidence = "inferred"
"#;

#[test]
fn trust_decides_which_edges_count() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("guessed.toml");
    std::fs::write(&path, GUESSED).expect("write the catalog");
    let path = path.to_str().expect("a UTF-8 path");
    let both = "notes.read notes.write";
    // By default the inferred edge is not trusted: notes.all is atomic and held by nothing.
    assert_prints(&["minimize", path, both], "notes.read notes.write\n");
    assert_prints(&["closure", path, "notes.all"], "notes.all\n");
    assert_prints(&["minimize", path, both, "--trust", "all"], "notes.all\n");
    assert_prints(
        &["minimize", path, both, "--trust", "documented,inferred"],
        "notes.all\n",
    );
    assert_prints(
        &["closure", path, "notes.all", "--trust", "all"],
        "notes.all\nnotes.read\nnotes.write\n",
    );
    let within = ["check", path, "notes.all", "--within", both];
    assert_eq!(scopex(&within).status.code(), Some(1));
    let trusting_all = [&within[..], &["--trust", "all"]].concat();
    assert_eq!(scopex(&trusting_all).status.code(), Some(0));
    let diff = scopex(&["diff", path, both, "notes.all"]);
    assert!(stdout(&diff).contains("+ notes.all"), "{}", stdout(&diff));
    let diff = scopex(&["diff", path, both, "notes.all", "--trust", "all"]);
    assert!(stdout(&diff).contains("B is within A"), "{}", stdout(&diff));

    let explain = scopex(&["explain", path, "notes.all"]);
    assert!(
        stdout(&explain).contains("\ntrusting: documented, description, derived\n"),
        "{}",
        stdout(&explain)
    );
    let explain = scopex(&["explain", path, "notes.all", "--trust", "all"]);
    assert!(
        stdout(&explain).contains("trusting: documented, description, derived, inferred\n"),
        "{}",
        stdout(&explain)
    );
    for command in ["minimize", "closure", "explain", "check"] {
        let output = scopex(&[command, path, "notes.all", "--json", "--trust", "inferred"]);
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(value["trust"], serde_json::json!(["inferred"]), "{command}");
    }
    let output = scopex(&["diff", path, "notes.read", "notes.all", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        value["trust"],
        serde_json::json!(["documented", "description", "derived"])
    );
}

#[test]
fn unknown_trust_level_is_bad_input() {
    let output = scopex(&["minimize", "outreach", "users.read", "--trust", "documentd"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `documented`"),
        "{}",
        stderr(&output)
    );
    let output = scopex(&[
        "report",
        "catalogs/integrations/opensense.toml",
        "--trust",
        "",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn report_and_url_take_trust() {
    let report = scopex(&[
        "report",
        "catalogs/integrations/opensense.toml",
        "--trust",
        "all",
    ]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    assert!(
        stdout(&report).contains("*trusting: documented, description, derived, inferred*"),
        "{}",
        stdout(&report)
    );
    let json = scopex(&["report", "catalogs/integrations/opensense.toml", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(
        value["trust"],
        serde_json::json!(["documented", "description", "derived"])
    );
    let url = scopex(&[
        "url",
        "catalogs/integrations/opensense.toml",
        "--client-id",
        "x",
        "--trust",
        "documented",
    ]);
    assert_eq!(url.status.code(), Some(0), "{}", stderr(&url));
}

const RENAMED: &str = r#"
id = "renamed"
name = "Renamed"

[[scope]]
name = "notes.read"
description = "Read notes"

[[scope]]
name = "notes.view"
description = "Read notes (old name)"
deprecated = "renamed to notes.read"

[[scope]]
name = "notes.all"
description = "Read notes, under a name that is going away"
deprecated = "removed upstream"

[[implies]]
from = "notes.all"
to = ["notes.read"]
composite = true
evidence = "documented"
"#;

#[test]
fn check_warns_about_deprecated_scopes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("renamed.toml");
    std::fs::write(&path, RENAMED).expect("write the catalog");
    let path = path.to_str().expect("a UTF-8 path");
    let used = scopex(&["check", path, "notes.view notes.read"]);
    assert_eq!(used.status.code(), Some(0), "{}", stderr(&used));
    assert_eq!(
        stderr(&used),
        "scopex: warning: `notes.view` is deprecated: renamed to notes.read\n"
    );
    assert!(stdout(&used).starts_with("ok: 2 scopes"));
    let strict = scopex(&["check", path, "notes.view", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("`notes.view` is deprecated: renamed to notes.read (--strict)"),
        "{}",
        stderr(&strict)
    );
    let json = scopex(&["check", path, "notes.view", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["deprecated"], serde_json::json!(["notes.view"]));
    assert_eq!(value["ok"], true);
    let clean = scopex(&["check", path, "notes.read", "--strict"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert_eq!(stderr(&clean), "");
    // minimize never swaps in a deprecated scope nobody asked for.
    assert_prints(&["minimize", path, "notes.read"], "notes.read\n");
    assert_prints(&["minimize", path, "notes.all"], "notes.all\n");
}

/// What `scopex catalogs` prints, and a finder of the row of a catalog id.
fn catalogs_listed() -> (String, impl Fn(&str) -> String) {
    let output = scopex(&["catalogs"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = stdout(&output);
    let lines = shown.clone();
    let row = move |id: &str| {
        lines
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} row:\n{lines}"))
            .to_string()
    };
    (shown, row)
}

#[test]
fn catalogs_count_the_operations_need_knows() {
    let (shown, row) = catalogs_listed();
    let stora = row("stora");
    assert!(stora.contains(" 39 scopes  "), "{stora}");
    assert!(stora.contains(" operations  2026-"), "{stora}");
    // A catalog without operations leaves the column empty, and the dates still line up.
    let github = row("github");
    assert!(!github.contains("operation"), "{github}");
    assert_eq!(github.find("2026-"), stora.find("2026-"), "{shown}");
    let json = scopex(&["catalogs", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let count = |id: &str| {
        list.as_array()
            .expect("a list")
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["operations"].clone())
    };
    assert_eq!(count("github"), Some(serde_json::json!(0)));
    assert!(
        count("google")
            .and_then(|n| n.as_u64())
            .is_some_and(|n| n > 20_000)
    );
}

#[test]
fn an_operation_named_by_its_request_shows_the_request_once() {
    let output = scopex(&["operations", "msgraph"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let shown = stdout(&output);
    let line = shown
        .lines()
        .find(|l| l.starts_with("GET /me "))
        .unwrap_or_else(|| panic!("no `GET /me` line:\n{shown}"));
    assert_eq!(line.matches("GET /me").count(), 1, "{line}");
    assert!(line.contains("User.Read"), "{line}");
}

#[test]
fn catalogs_show_when_each_source_was_read() {
    let (shown, row) = catalogs_listed();
    assert!(row("jira").contains("  2025-12-25  built-in"), "{shown}");
    assert!(row("discord").contains("  2026-08-06  built-in"), "{shown}");
    let output = scopex(&["catalogs", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let spotify = list
        .as_array()
        .expect("a list")
        .iter()
        .find(|c| c["id"] == "spotify")
        .expect("spotify is built in");
    assert_eq!(spotify["retrieved"], "2026-08-21");
    assert!(
        spotify["revision"]
            .as_str()
            .is_some_and(|r| r.starts_with("spotify-web-api@39207c4"))
    );
}

#[test]
fn url_token_page_builds_github_and_gitlab_pages() {
    assert_prints(
        &[
            "url",
            "github",
            "repo",
            "repo:status",
            "read:org",
            "--token-page",
        ],
        "https://github.com/settings/tokens/new?scopes=repo,read:org\n",
    );
    // The name is percent-encoded: a space as %20, a comma as %2C.
    assert_prints(
        &[
            "url",
            "github",
            "repo read:org",
            "--token-page",
            "--name",
            "CI, nightly deploy",
        ],
        "https://github.com/settings/tokens/new?scopes=repo,read:org&description=CI%2C%20nightly%20deploy\n",
    );
    assert_prints(
        &[
            "url",
            "gitlab",
            "api",
            "read_user",
            "--token-page",
            "--name",
            "a&b=c",
        ],
        "https://gitlab.com/-/user_settings/personal_access_tokens?name=a%26b%3Dc&scopes=api,read_user\n",
    );
    // Without a name, the name parameter is left out.
    assert_prints(
        &["url", "gitlab", "read_api", "--token-page"],
        "https://gitlab.com/-/user_settings/personal_access_tokens?scopes=read_api\n",
    );
}

#[test]
fn url_token_page_of_a_profile_is_named_after_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("deploy.toml");
    std::fs::write(
        &path,
        "name = \"Deploy bot\"\ncatalog = \"github\"\n\n[[scope]]\nname = \"repo\"\nreason = \"pushes\"\n\n[[scope]]\nname = \"workflow\"\nreason = \"updates workflows\"\n",
    )
    .expect("the profile is written");
    let path = path.to_str().expect("utf-8");
    assert_prints(
        &["url", path, "--token-page"],
        "https://github.com/settings/tokens/new?scopes=repo,workflow&description=Deploy%20bot\n",
    );
    assert_prints(
        &["url", path, "--token-page", "--name", "other"],
        "https://github.com/settings/tokens/new?scopes=repo,workflow&description=other\n",
    );
    // A profile brings its own scopes.
    let output = scopex(&["url", path, "repo"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is a profile"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn url_token_page_of_a_catalog_without_one_is_bad_input() {
    let output = scopex(&["url", "outreach", "users.all", "--token-page"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("the Outreach catalog has no token page"),
        "{}",
        stderr(&output)
    );
    // --name and --client-id belong to different pages.
    for args in [
        &["url", "github", "repo", "--name", "x"][..],
        &["url", "github", "repo", "--token-page", "--client-id", "x"],
    ] {
        assert_eq!(scopex(args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn url_of_scopes_in_a_catalog_is_their_authorize_url() {
    assert_prints(
        &["url", "github", "repo", "repo:status", "--client-id", "abc"],
        "https://github.com/login/oauth/authorize?client_id=abc&response_type=code&scope=repo\n",
    );
    let output = scopex(&["url", "github", "--token-page"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no scopes"), "{}", stderr(&output));
}

#[test]
fn an_unknown_scope_is_answered_with_its_closest_neighbours_first() {
    // `sessions` is inside four names; the composite it is closest to comes first rather
    // than falling off a list kept in alphabetical order.
    let output = scopex(&["closure", "sipgate", "sessions"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("did you mean one of `sessions:write`, "),
        "{err}"
    );
}

/// An empty --client-id or --redirect-uri (an unset variable, say) is bad input, not a
/// URL with `client_id=` that fails only at the provider.
#[test]
fn url_refuses_an_empty_client_id_or_redirect_uri() {
    for (option, value) in [
        ("--client-id", ""),
        ("--client-id", " "),
        ("--redirect-uri", ""),
    ] {
        for target in [
            &["outreach", "users.read"][..],
            &["catalogs/integrations/opensense.toml"],
        ] {
            let args = [&["url"][..], target, &[option, value]].concat();
            let output = scopex(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert_eq!(stdout(&output), "", "{args:?}");
            assert!(
                stderr(&output).contains(&format!("{option} is empty")),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
}
