//! The facts of the built-in catalogs that were once wrong, pinned as a user meets them:
//! the real binary's answers. Each test names the source sentence or table it follows.

mod support;

use support::cli::{assert_prints, prints};

/// GitHub's scope table nests write:X and read:X side by side under admin:X; write ⇒ read
/// holds only where the descriptions say so, and never for organizations.
#[test]
fn github_write_org_does_not_cover_read_org() {
    assert_prints(
        &["minimize", "github", "write:org", "read:org"],
        "write:org read:org\n",
    );
    assert_prints(
        &["minimize", "github", "admin:org", "write:org", "read:org"],
        "admin:org\n",
    );
    assert_prints(
        &["minimize", "github", "write:repo_hook", "read:repo_hook"],
        "write:repo_hook\n",
    );
    assert_prints(
        &["minimize", "github", "write:gpg_key", "read:gpg_key"],
        "write:gpg_key\n",
    );
}

/// "The `repo` and `public_repo` scopes grant full access to repositories, including
/// repository hooks": repo covers admin:repo_hook; public_repo (public repositories only)
/// does not.
#[test]
fn github_repo_covers_repository_hooks() {
    let diff = prints(&["diff", "github", "repo", "admin:repo_hook"]);
    assert!(
        diff.ends_with("B is within A: it grants nothing A does not\n"),
        "{diff}"
    );
    assert_prints(&["minimize", "github", "repo", "admin:repo_hook"], "repo\n");
    assert_prints(
        &["minimize", "github", "public_repo", "admin:repo_hook"],
        "public_repo admin:repo_hook\n",
    );
}

/// Both revisions of sipgate's scope page open with `all` ("Full access").
#[test]
fn sipgate_all_is_full_access() {
    assert_prints(
        &[
            "minimize",
            "sipgate",
            "all",
            "sessions:write",
            "account:read",
        ],
        "all\n",
    );
    assert_prints(
        &["minimize", "sipgate", "sessions:write", "account:read"],
        "account:read sessions:write\n",
    );
}

/// Outreach's newest list: `.all` is composite of the levels that exist. Where a resource
/// has no write or delete, that reading is ours (`inferred`), trusted only on request.
#[test]
fn outreach_all_of_a_resource_without_delete_is_inferred() {
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
    assert_prints(
        &["minimize", "outreach", "mailings.read", "mailings.write"],
        "mailings.read mailings.write\n",
    );
    assert_prints(
        &[
            "minimize",
            "outreach",
            "mailings.read",
            "mailings.write",
            "--trust",
            "all",
        ],
        "mailings.all\n",
    );
    // The user's audits.all stays: nothing documents what it covers.
    assert_prints(&["minimize", "outreach", "audits.all"], "audits.all\n");
    // aggregate is no member of .all.
    assert_prints(
        &[
            "minimize",
            "outreach",
            "teams.all",
            "teams.aggregate",
            "--trust",
            "all",
        ],
        "teams.all teams.aggregate\n",
    );
}

/// Scopes the newest list dropped still resolve, so the Opensense profile and old
/// strings keep working; scopes it added are there.
#[test]
fn outreach_old_and_new_scopes_resolve() {
    assert_prints(
        &[
            "minimize",
            "outreach",
            "audits.read",
            "customDuties.all",
            "auditLogs.read",
            "scim",
        ],
        "auditLogs.read audits.read customDuties.all scim\n",
    );
    let check = prints(&[
        "check",
        "catalogs/integrations/opensense.toml",
        "users.all teams.read mailboxes.all prospects.read",
    ]);
    assert!(check.starts_with("ok: 4 scopes"), "{check}");
}

/// GitLab: "api grants complete read/write access to the API"; write_repository covers
/// read_repository only over Git-over-HTTP, so that edge is ours and not trusted by default.
#[test]
fn gitlab_api_covers_read_api_but_write_repository_keeps_read_repository() {
    assert_prints(&["minimize", "gitlab", "api", "read_api"], "api\n");
    assert_prints(
        &["minimize", "gitlab", "write_repository", "read_repository"],
        "read_repository write_repository\n",
    );
    assert_prints(
        &["minimize", "gitlab", "write_registry", "read_registry"],
        "read_registry write_registry\n",
    );
}

/// Salesforce: full covers everything but the refresh token; api includes chatter_api.
#[test]
fn salesforce_full_leaves_the_refresh_token_out() {
    assert_prints(
        &[
            "minimize",
            "salesforce",
            "full",
            "refresh_token",
            "api",
            "chatter_api",
        ],
        "full refresh_token\n",
    );
}

/// Shopify: write_X also grants read_X; its strings are comma-separated.
#[test]
fn shopify_write_covers_read_and_commas_separate() {
    assert_prints(
        &[
            "minimize",
            "shopify",
            "write_products",
            "read_products",
            "read_orders",
        ],
        "read_orders,write_products\n",
    );
}

/// Stora: each operation needs the one scope its reference page names.
#[test]
fn stora_operations_need_the_scopes_their_pages_name() {
    assert_prints(
        &[
            "need",
            "stora",
            "contacts.create-a-contact",
            "GET /2025-09/units/42",
        ],
        "public.contact:write public.unit:read\n",
    );
}

/// Discord's OAuth2 docs: "Some scopes require approval from Discord to use. Requesting
/// them from a user without approval from Discord may cause errors"; the spec's
/// descriptions say which ("requires Discord approval"). A call any OAuth2 token
/// authorizes is answered without one of them.
#[test]
fn discord_calls_avoid_scopes_that_need_discord_approval() {
    for call in ["GET /oauth2/@me", "get_sku_subscriptions"] {
        let scope = prints(&["need", "discord", call]);
        let listed = prints(&["list", "discord", "--json"]);
        let listed: serde_json::Value = serde_json::from_str(&listed).expect("list --json");
        let entry = listed["scopes"]
            .as_array()
            .and_then(|scopes| {
                scopes
                    .iter()
                    .find(|s| s["name"].as_str() == Some(scope.trim()))
            })
            .unwrap_or_else(|| panic!("{call}: `{scope}` is not one scope of the catalog"));
        assert!(
            entry.get("only_in").is_none(),
            "{call}: `{scope}` needs Discord's approval: {entry}"
        );
    }
    let voice = prints(&["list", "discord", "--json"]);
    assert!(
        voice.contains("\"only_in\": \"apps Discord approved\""),
        "{voice}"
    );
}

/// Google's app-made scopes work only on what the app made ("Make secondary Google
/// calendars, and … events on them"): the user's primary calendar needs another. A
/// partner audit scope is for the audit alone.
#[test]
fn google_calls_avoid_scopes_on_what_the_app_made_and_partner_audits() {
    assert_prints(
        &[
            "need",
            "google",
            "GET https://www.googleapis.com/calendar/v3/calendars/primary/events",
            "POST https://www.googleapis.com/calendar/v3/calendars/primary/events",
        ],
        "https://www.googleapis.com/auth/calendar.events\n",
    );
    assert_prints(
        &[
            "need",
            "google",
            "GET https://youtube.googleapis.com/youtube/v3/channels?mine=true",
        ],
        // Not the partner audit scope, and of the rest the one that changes nothing.
        "https://www.googleapis.com/auth/youtube.readonly\n",
    );
    // drive.appdata is the app's own configuration data only.
    assert_prints(
        &["need", "google", "drive.files.create"],
        "https://www.googleapis.com/auth/drive.file\n",
    );
    // Creating a Meet space takes only the scope on the spaces the app made; that says
    // nothing of the app's calendars.
    assert_prints(
        &[
            "need",
            "google",
            "meet.spaces.create",
            "calendar.events.insert",
        ],
        "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/meetings.space.created\n",
    );
}

/// Google's OpenID configuration lists `openid`, `email` and `profile` in
/// `scopes_supported`: the usual sign-in string is made of catalog scopes.
#[test]
fn google_sign_in_scopes_are_in_the_catalog() {
    assert_prints(
        &[
            "minimize",
            "google",
            "openid email profile https://www.googleapis.com/auth/drive.file",
        ],
        "https://www.googleapis.com/auth/drive.file openid email profile\n",
    );
}

/// Atlassian's 3LO docs: ask for `offline_access` to get refresh tokens, and authorize
/// with `audience=api.atlassian.com`.
#[test]
fn jira_offline_access_and_the_audience_of_its_authorize_url() {
    assert_prints(
        &["minimize", "jira", "read:jira-work", "offline_access"],
        "read:jira-work offline_access\n",
    );
    let url = prints(&["url", "jira", "read:jira-work"]);
    assert_eq!(
        url,
        "https://auth.atlassian.com/authorize?audience=api.atlassian.com&client_id=CLIENT_ID&response_type=code&scope=read%3Ajira-work\n"
    );
}
