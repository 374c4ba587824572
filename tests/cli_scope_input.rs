//! Scopes as users give them to the plain commands, above all whole authorize URLs: every
//! scope a URL asks for is read, a URL that is ambiguous is refused, and a scope name that
//! looks like a URL (Google's) is read as a scope.

mod support;

use support::cli::{assert_prints, scopex, stderr, stdout};

const SLACK_URL: &str = "https://slack.com/oauth/v2/authorize?client_id=1&scope=chat:write\
                         &user_scope=admin,search:read,files:read";

/// Slack v2 asks for the user token's scopes in `user_scope`: the URL asks for them too,
/// so a check within the bot scopes fails on them.
#[test]
fn check_reads_the_user_scopes_of_a_slack_url() {
    let output = scopex(&["check", "slack", SLACK_URL, "--within", "chat:write"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert_eq!(stdout(&output), "");
    assert!(
        err.contains("grants more than allowed: admin, files:read, search:read"),
        "{err}"
    );
    let within = "chat:write admin search:read files:read";
    let output = scopex(&["check", "slack", SLACK_URL, "--within", within]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "ok: 4 scopes checked against Slack (2020 list)\n"
    );
}

/// Every command that reads a URL reads both parameters, and a URL that gives only user
/// scopes names those.
#[test]
fn every_command_reads_the_user_scopes_of_a_url() {
    assert_prints(
        &["minimize", "slack", SLACK_URL, "--expanded"],
        "admin,chat:write,files:read,search:read\n",
    );
    let user_only = "https://slack.com/oauth/v2/authorize?client_id=1&user_scope=search:read";
    assert_prints(&["minimize", "slack", user_only], "search:read\n");
    assert_prints(&["closure", "slack", user_only], "search:read\n");
    let output = scopex(&["diff", "slack", "chat:write", SLACK_URL]);
    assert_eq!(
        stdout(&output),
        "+ admin\n+ files:read\n+ search:read\nB is not within A: it adds 3 grants\n"
    );
    assert_prints(
        &[
            "minimize",
            "slack",
            "scope=chat:write&user_scope=search:read",
        ],
        "chat:write,search:read\n",
    );
}

/// A URL that gives `scope` (or `user_scope`) twice is ambiguous: no command guesses
/// which one is meant.
#[test]
fn a_url_with_a_repeated_scope_parameter_is_refused() {
    let github = "https://github.com/login/oauth/authorize?scope=read:org&scope=admin:org";
    let slack = "https://slack.com/oauth/v2/authorize?scope=chat:write&user_scope=a&user_scope=b";
    for (args, parameter) in [
        (
            &["check", "github", github, "--within", "read:org"][..],
            "scope",
        ),
        (
            &["check", "github", "read:org", "--within", github],
            "scope",
        ),
        (&["minimize", "github", github], "scope"),
        (&["closure", "github", github], "scope"),
        (&["explain", "github", github], "scope"),
        (&["diff", "github", "read:org", github], "scope"),
        (&["url", "github", github], "scope"),
        (&["check", "slack", slack], "user_scope"),
    ] {
        let output = scopex(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert!(
            err.contains(&format!("gives the `{parameter}` parameter more than once")),
            "{args:?}: {err}"
        );
    }
}

/// Google's scopes are URLs: a misspelt one is an unknown scope with the closest real
/// ones, not a URL without a `scope` parameter, and several go in one string.
#[test]
fn a_misspelt_url_scope_is_an_unknown_scope() {
    let output = scopex(&[
        "minimize",
        "google",
        "https://www.googleapis.com/auth/drive.redonly",
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`https://www.googleapis.com/auth/drive.redonly` is not in the Google catalog; did you mean one of `https://www.googleapis.com/auth/drive.readonly`"),
        "{err}"
    );
    assert_prints(
        &[
            "minimize",
            "google",
            "https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/drive",
        ],
        "https://www.googleapis.com/auth/drive https://www.googleapis.com/auth/gmail.send\n",
    );
    // An authorize URL without its query is still a URL, and so is any URL where the
    // catalog's scopes are no URLs.
    for (catalog, url) in [
        ("google", "https://accounts.google.com/o/oauth2/v2/auth"),
        ("github", "https://github.com/login/oauth/authorize"),
        ("google", "https://www.googleapis.com/auth/drive?x=1"),
    ] {
        let output = scopex(&["minimize", catalog, url]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{url}: {err}");
        assert!(err.contains("has no `scope` parameter"), "{url}: {err}");
    }
}
