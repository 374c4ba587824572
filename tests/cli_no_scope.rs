//! Calls that need a token but no scope (`requires = [[]]`): Slack's methods marked
//! `none` (`auth.test`), Dropbox's routes with no `scope`. `need` answers them with no
//! scope, `operations` lists them, and a profile of them checks and reports.

mod support;

use support::cli::{scopex, stderr, stdout};

const PROFILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/no_scope_profile.toml"
);

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = scopex(args);
    (output.status.code(), stdout(&output), stderr(&output))
}

#[test]
fn a_call_needing_no_scope_answers_an_empty_string_and_says_why() {
    let (code, out, err) = run(&["need", "slack", "auth.test"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "\n");
    assert!(
        err.contains("auth.test needs no scope: any token of the Slack (2020 list) catalog"),
        "{err}"
    );
    let (code, out, err) = run(&["need", "dropbox", "check/app", "auth/token/revoke"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "\n");
    assert!(
        err.contains("check/app, auth/token/revoke need no scope"),
        "{err}"
    );
}

#[test]
fn with_other_calls_it_adds_nothing() {
    for (catalog, others) in [
        ("slack", &["chat.postMessage", "conversations.history"][..]),
        ("dropbox", &["files/list_folder"][..]),
    ] {
        let alone = run(&[&["need", catalog][..], others].concat());
        let no_scope = if catalog == "slack" {
            "auth.test"
        } else {
            "check/app"
        };
        let mixed = run(&[&["need", catalog, no_scope][..], others].concat());
        assert_eq!(alone.0, Some(0), "{}", alone.2);
        assert_ne!(alone.1.trim(), "", "{catalog}: the others need a scope");
        assert_eq!(mixed.1, alone.1, "{catalog}");
        assert!(!mixed.2.contains("needs no scope"), "{}", mixed.2);
    }
}

#[test]
fn explain_and_json_say_no_scope_is_needed() {
    let (code, out, _) = run(&[
        "need",
        "--explain",
        "slack",
        "auth.test",
        "chat.postMessage",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("auth.test (GET /auth.test): needs no scope (any token allows it)"),
        "{out}"
    );
    assert!(out.contains("1. (no scope)  chosen"), "{out}");
    let (_, out, _) = run(&["need", "--explain", "slack", "auth.test"]);
    assert!(out.starts_with("1 operation → no scope needed\n"), "{out}");
    let (code, out, _) = run(&["need", "--json", "slack", "auth.test"]);
    assert_eq!(code, Some(0));
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["scope"], "");
    assert_eq!(json["operations"][0]["chosen"], serde_json::json!([]));
    assert!(
        json["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("needs no scope"))
    );
}

#[test]
fn operations_lists_them_and_any_scope_allows_them() {
    let (code, out, _) = run(&["operations", "slack"]);
    assert_eq!(code, Some(0));
    let line = out
        .lines()
        .find(|l| l.starts_with("auth.test "))
        .expect("auth.test is listed");
    assert!(line.ends_with("(no scope)"), "{line}");
    let (code, out, _) = run(&["operations", "slack", "channels:read"]);
    assert_eq!(code, Some(0));
    assert!(out.lines().any(|l| l.starts_with("auth.test ")), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("conversations.list ")),
        "{out}"
    );
    let (_, out, _) = run(&["operations", "--json", "dropbox"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let check = json["operations"]
        .as_array()
        .and_then(|ops| ops.iter().find(|op| op["id"] == "check/app"))
        .expect("check/app is listed");
    assert_eq!(check["requires"], serde_json::json!([[]]));
}

#[test]
fn a_profile_of_calls_needing_no_scope_checks_and_reports() {
    let (code, out, err) = run(&["check", PROFILE]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        out,
        "ok: Token checker asks for no scope, and its 1 operation needs none\n"
    );
    // A scope beyond the profile still fails, as for any profile.
    let (code, _, err) = run(&["check", PROFILE, "chat:write"]);
    assert_eq!(code, Some(1), "{err}");
    let (code, out, err) = run(&["report", PROFILE]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("| `auth.test` (`GET /auth.test`) | Checks that the token still works | no scope needed (any token) |"),
        "{out}"
    );
    assert!(
        out.contains(
            "**Least privilege for these operations**: no scope: any token may make these calls"
        ),
        "{out}"
    );
}
