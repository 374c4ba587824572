//! The catalogs imported from OpenAPI documents (Discord, Spotify, Jira): their
//! counts and a few documented facts, and that each committed file is what its script
//! makes of the source material in ../shared/reference/providers.

use scopex::catalog::{Catalog, Evidence};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn catalog(id: &str) -> Catalog {
    Catalog::from_path(&root().join(format!("catalogs/{id}.toml")))
        .unwrap_or_else(|e| panic!("catalogs/{id}.toml loads: {e}"))
}

fn alternatives(catalog: &Catalog, id: &str) -> Vec<Vec<String>> {
    let operation = catalog.operation(
        catalog
            .operation_id_of(id)
            .unwrap_or_else(|| panic!("no operation {id}")),
    );
    operation
        .alternatives()
        .map(|a| a.iter().map(|&s| catalog.name(s).to_string()).collect())
        .collect()
}

/// How many operations have an alternative needing no scope (`requires = [[]]`).
fn no_scope(catalog: &Catalog) -> usize {
    catalog
        .operations()
        .expect("operations load")
        .iter()
        .filter(|op| op.alternatives().any(<[_]>::is_empty))
        .count()
}

fn strings(lists: &[&[&str]]) -> Vec<Vec<String>> {
    lists
        .iter()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn discord_scopes_operations_and_the_bot_rule() {
    let discord = catalog("discord");
    assert_eq!(discord.len(), 34);
    // 32 with scopes, and 29 any token may make (an oauth2 requirement with no scopes).
    assert_eq!(discord.operations().expect("operations load").len(), 61);
    assert_eq!(no_scope(&discord), 29);
    assert_eq!(discord.delimiter, " ");
    assert_eq!(
        discord.authorize_url.as_deref(),
        Some("https://discord.com/oauth2/authorize")
    );
    assert!(
        discord
            .attribution
            .as_deref()
            .is_some_and(|a| a.contains("CC BY-SA 4.0"))
    );
    // Documented: bot includes applications.commands.
    assert_eq!(discord.edges.len(), 1);
    let edge = &discord.edges[0];
    assert_eq!(
        (
            discord.name(edge.from),
            discord.name(edge.to),
            edge.evidence
        ),
        ("bot", "applications.commands", Evidence::Documented)
    );
    // A bot token or the identify scope: the OAuth alternative is kept, the bot noted.
    assert_eq!(
        alternatives(&discord, "get_my_user"),
        strings(&[&["identify"]])
    );
    let me = discord.operation(discord.operation_id_of("get_my_user").expect("op"));
    assert!(
        me.description
            .as_deref()
            .is_some_and(|d| d.contains("BotToken")),
        "{:?}",
        me.description
    );
    // Every scope listed at once means any bearer token: each scope alone suffices.
    assert_eq!(
        alternatives(&discord, "get_my_oauth2_authorization").len(),
        34
    );
}

#[test]
fn spotify_scopes_and_operations_read_safely() {
    let spotify = catalog("spotify");
    assert_eq!(spotify.len(), 19);
    // 65 with scopes, and 32 any token may make.
    assert_eq!(spotify.operations().expect("operations load").len(), 97);
    assert_eq!(no_scope(&spotify), 32);
    assert!(spotify.edges.is_empty());
    assert_eq!(
        spotify.token_url.as_deref(),
        Some("https://accounts.spotify.com/api/token")
    );
    // The cover image needs the upload scope and, by Spotify's list, both playlist
    // scopes: taken as all needed, and said so.
    assert_eq!(
        alternatives(&spotify, "upload-custom-playlist-cover"),
        strings(&[&[
            "playlist-modify-private",
            "playlist-modify-public",
            "ugc-image-upload"
        ]])
    );
    let cover = spotify.operation(
        spotify
            .operation_id_of("upload-custom-playlist-cover")
            .expect("op"),
    );
    assert!(
        cover
            .description
            .as_deref()
            .is_some_and(|d| d.contains("read as all needed"))
    );
    assert_eq!(
        alternatives(&spotify, "get-users-top-artists"),
        strings(&[&["user-top-read"]])
    );
}

#[test]
fn jira_classic_or_granular_alternatives() {
    let jira = catalog("jira");
    assert_eq!(jira.name, "Jira");
    assert_eq!(jira.len(), 195);
    // 591 with scopes, and 15 with an alternative needing none.
    assert_eq!(jira.operations().expect("operations load").len(), 606);
    assert_eq!(no_scope(&jira), 15);
    assert_eq!(
        jira.authorize_url.as_deref(),
        Some("https://auth.atlassian.com/authorize?audience=api.atlassian.com")
    );
    assert_eq!(
        alternatives(&jira, "deleteIssue"),
        strings(&[&["delete:issue:jira"], &["write:jira-work"]])
    );
    // The granular alternative needs all nine of its scopes.
    let get_issue = alternatives(&jira, "getIssue");
    assert_eq!(get_issue.len(), 2);
    assert_eq!(get_issue[0].len(), 9);
    assert_eq!(get_issue[1], ["read:jira-work"]);
    // Used by an operation but not declared: kept, and described as such.
    let undeclared = jira.id_of("write:user:jira").expect("kept");
    assert!(
        jira.scope(undeclared)
            .description
            .starts_with("Undeclared in the document")
    );
}

#[track_caller]
fn regenerates(script: &str, catalog_file: &str, source: &str) {
    if !root().join(source).exists() {
        eprintln!("note: skipped: {source} is not here to regenerate {catalog_file} from");
        return;
    }
    let folder = tempfile::tempdir().expect("temporary folder");
    let made = folder.path().join("made.toml");
    let output = Command::new("bash")
        .arg(root().join(script))
        .arg("-o")
        .arg(&made)
        .env("SCOPEX", env!("CARGO_BIN_EXE_scopex"))
        .output()
        .expect("the script runs");
    assert!(
        output.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let made = std::fs::read_to_string(&made).expect("the script wrote the catalog");
    let committed = std::fs::read_to_string(root().join(catalog_file)).expect("committed");
    assert!(
        made == committed,
        "{catalog_file} is not what {script} makes: rerun it"
    );
}

#[test]
fn the_committed_catalogs_are_what_their_scripts_make() {
    let providers = Path::new("../shared/reference/providers");
    regenerates(
        "scripts/discord-catalog.sh",
        "catalogs/discord.toml",
        &providers.join("discord").display().to_string(),
    );
    regenerates(
        "scripts/spotify-catalog.sh",
        "catalogs/spotify.toml",
        &providers.join("spotify").display().to_string(),
    );
    regenerates(
        "scripts/jira-catalog.sh",
        "catalogs/jira.toml",
        &providers.join("atlassian-jira").display().to_string(),
    );
}
