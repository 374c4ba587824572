//! Which alternative `need` picks for one call where the privilege order cannot tell the
//! call's alternatives apart (as many grants, none known to cover another), on the
//! built-in catalogs, against what the providers' own documentation says a person means.
//! The table also counts how many the earlier rule (least privilege by the catalog's
//! operations a scope allows, then the catalog's order) got right, so the two can be
//! compared: the earlier rule is [`scopex::need::Coverage::order`] with
//! [`scopex::need::need_with`], which the new rule refines.
//!
//! Where the documentation leaves room (Google's Drive file listing works with the
//! metadata scope or the full read-only one), every answer it allows is accepted.

use scopex::catalog::{Catalog, builtin};
use scopex::grants::GrantModel;
use scopex::need::{Coverage, SEARCH_BUDGET, need_in, need_with, requirements};

const DRIVE: &str = "https://www.googleapis.com/auth/";

/// (catalog, call id, accepted answers (Google's without its URL prefix), where the
/// expectation comes from).
const CASES: &[(&str, &str, &[&str], &str)] = &[
    // Google: the scopes' own consent texts. `drive.metadata.readonly` "See information
    // about your Google Drive files", `drive.readonly` "See and download all your Google
    // Drive files"; `drive.meet.readonly` (files Google Meet made), `drive.photos.readonly`
    // (Google Photos) and `drive.file` (only the files the app uses) see part of them.
    (
        "google",
        "drive.files.list",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.files.get",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.files.list@v2",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.files.export",
        &["drive.readonly"],
        "descriptions: download",
    ),
    (
        "google",
        "drive.comments.list",
        &["drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.revisions.list",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.permissions.list",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.changes.list",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "drive.about.get",
        &["drive.metadata.readonly", "drive.readonly"],
        "descriptions",
    ),
    (
        "google",
        "sheets.spreadsheets.values.get",
        &["spreadsheets.readonly"],
        "Sheets' own read-only scope",
    ),
    (
        "google",
        "docs.documents.get",
        &["documents.readonly"],
        "Docs' own read-only scope",
    ),
    (
        "google",
        "slides.presentations.get",
        &["presentations.readonly"],
        "Slides' own read-only scope",
    ),
    (
        "google",
        "calendar.events.list",
        &["calendar.events.readonly", "calendar.readonly"],
        "descriptions",
    ),
    (
        "google",
        "compute.instances.list",
        &["compute.readonly"],
        "descriptions",
    ),
    (
        "google",
        "gmail.users.messages.send",
        &["gmail.send"],
        "descriptions",
    ),
    // Drive's file calls: Google lists `drive.scripts` (Apps Script projects),
    // `drive.photos.readonly` and `drive.apps.readonly` for them too; the file scopes are
    // the ones whose consent texts speak of files.
    (
        "google",
        "drive.files.copy",
        &["drive.file", "drive"],
        "descriptions",
    ),
    (
        "google",
        "drive.files.update",
        &["drive.file", "drive"],
        "descriptions",
    ),
    (
        "google",
        "drive.files.insert",
        &["drive.file", "drive"],
        "descriptions",
    ),
    (
        "google",
        "drive.files.trash",
        &["drive.file", "drive"],
        "descriptions",
    ),
    // Gmail's discovery document: `format` defaults to `full`, which "cannot be used when
    // accessing the api using the gmail.metadata scope"; so can't the search query `q`.
    (
        "google",
        "gmail.users.messages.get",
        &["gmail.readonly"],
        "parameters",
    ),
    (
        "google",
        "gmail.users.messages.list",
        &["gmail.readonly"],
        "parameters",
    ),
    (
        "google",
        "gmail.users.threads.get",
        &["gmail.readonly"],
        "parameters",
    ),
    (
        "google",
        "people.people.connections.list",
        &["contacts.readonly"],
        "descriptions",
    ),
    (
        "google",
        "youtube.playlists.list",
        &["youtube.readonly"],
        "descriptions",
    ),
    // Discord: oauth2.mdx, "Get Current Authorization Information": the user is returned
    // "if the user has authorized with the identify scope"; identify "allows /users/@me".
    (
        "discord",
        "get_my_oauth2_authorization",
        &["identify"],
        "oauth2.mdx",
    ),
    // applications.entitlements "allows your app to read entitlements for a user's
    // applications".
    (
        "discord",
        "get_current_user_application_entitlements",
        &["applications.entitlements"],
        "oauth2.mdx",
    ),
    // Slack: method_scopes.derived.json, each method's scopes as Slack lists them: the
    // public-channel scope first (conversations default to public channels).
    (
        "slack",
        "conversations.list",
        &["channels:read"],
        "method docs",
    ),
    (
        "slack",
        "conversations.info",
        &["channels:read"],
        "method docs",
    ),
    (
        "slack",
        "conversations.history",
        &["channels:history"],
        "method docs",
    ),
    (
        "slack",
        "conversations.create",
        &["channels:write"],
        "method docs",
    ),
    (
        "slack",
        "conversations.archive",
        &["channels:write"],
        "method docs",
    ),
    (
        "slack",
        "chat.postMessage",
        &["chat:write"],
        "chat:write:* are legacy",
    ),
    // Microsoft Graph: the permissions reference's least privileged permission.
    (
        "msgraph",
        "GET /me",
        &["User.Read"],
        "permissions reference",
    ),
    (
        "msgraph",
        "GET /me/messages",
        &["Mail.ReadBasic"],
        "permissions reference",
    ),
    (
        "msgraph",
        "GET /me/events",
        &["Calendars.ReadBasic"],
        "permissions reference",
    ),
    (
        "msgraph",
        "GET /me/drive/root/children",
        &["Files.Read"],
        "permissions reference",
    ),
    (
        "msgraph",
        "GET /accessreviews",
        &["AccessReview.Read.All"],
        "permissions reference",
    ),
    (
        "msgraph",
        "GET /sites/{id}/lists/{id}/items/{id}/documentsetversions",
        &["Sites.Read.All"],
        "permissions reference",
    ),
    (
        "msgraph",
        "GET /drives/{drive-id}/root:/{item-path}/media/reactions",
        &["Files.ReadWrite.AppFolder"],
        "permissions reference",
    ),
    // Jira: the swagger's x-atlassian-oauth2-scopes, classic scope first.
    ("jira", "getIssue", &["read:jira-work"], "swagger"),
    ("jira", "addComment", &["write:jira-work"], "swagger"),
];

/// The answer's scopes, Google's without the URL prefix.
fn answer(catalog: &Catalog, scopes: &[usize]) -> Vec<String> {
    scopes
        .iter()
        .map(|&s| catalog.name(s).trim_start_matches(DRIVE).to_string())
        .collect()
}

#[test]
fn need_picks_what_the_providers_documentation_means() {
    let mut catalogs: Vec<(&str, Catalog)> = Vec::new();
    let (mut before, mut after) = (0, 0);
    let mut missed = Vec::new();
    for &(id, call, accepted, source) in CASES {
        if !catalogs.iter().any(|(c, _)| *c == id) {
            catalogs.push((id, builtin(id).expect("a built-in catalog")));
        }
        let catalog = &catalogs.iter().find(|(c, _)| *c == id).expect("loaded").1;
        let model = GrantModel::new(catalog);
        let op = catalog
            .operation_id_of(call)
            .unwrap_or_else(|| panic!("{id}: no operation {call}"));

        let new = answer(catalog, &need_in(catalog, &model, &[op]).scopes);
        // The earlier rule: Coverage's order, no leaning.
        let all = requirements(catalog);
        let coverage = Coverage::new(&model, &all);
        let requires = &catalog.operation(op).requires;
        let ordered: Vec<Vec<&[usize]>> = vec![
            coverage
                .order(op)
                .into_iter()
                .map(|i| &requires[i][..])
                .collect(),
        ];
        let old = answer(
            catalog,
            &need_with(&model, &ordered, Some(&coverage), SEARCH_BUDGET).scopes,
        );
        let right = |got: &[String]| got.len() == 1 && accepted.contains(&got[0].as_str());
        before += usize::from(right(&old));
        after += usize::from(right(&new));
        if !right(&new) {
            missed.push(format!(
                "{id} {call}: {new:?}, expected one of {accepted:?} ({source})"
            ));
        }
        eprintln!("{id} {call}: before {old:?}, after {new:?}");
    }
    eprintln!(
        "{} cases: right before {before}, after {after}",
        CASES.len()
    );
    assert!(CASES.len() >= 25);
    // What the rule still gets wrong, each also wrong before but the last: Slack's write
    // scopes of private channels allow one call fewer than those of public ones; and
    // Microsoft's least privileged permission on a drive item's reactions is the app's
    // own folder, which the rule takes for part of the data.
    assert_eq!(missed.len(), 3, "missed:\n{}", missed.join("\n"));
    assert_eq!((CASES.len(), before, after), (41, 24, 38));
}
