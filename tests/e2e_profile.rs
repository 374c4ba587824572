//! End-to-end runs of the real binary in a real terminal, for integration profiles:
//! editing one and saving it in place, saving a new one, and the question on the way out.
//! tmux types the keys and reads the screen; skipped, with a note, without tmux.

mod tmux_support;

use std::path::Path;
use std::process::Command;
use tmux_support::Terminal;

/// The scopes of the profile at `path` with their reasons, as `scopex::profile` loads it.
fn saved_scopes(path: &Path) -> Vec<(String, String)> {
    let loaded = scopex::profile::load(path).unwrap_or_else(|e| panic!("{e}"));
    loaded
        .profile
        .scopes
        .into_iter()
        .map(|s| (s.name, s.reason))
        .collect()
}

const COPY_OPENSENSE: &str = r#"cp "$REPO/catalogs/integrations/opensense.toml" opensense.toml"#;

#[test]
fn a_profile_is_opened_edited_and_saved_in_place() {
    let Some(term) = Terminal::start(
        80,
        24,
        &format!(r#"{COPY_OPENSENSE}; $SCOPEX --profile opensense.toml; echo $? > "$OUT/code""#),
    ) else {
        return;
    };
    term.wait_for_text("Opensense · Outreach");
    term.wait_for_text("4 selected");
    // Find prospects.write, keep the filter, tick it.
    term.keys(&["/"]);
    term.literal("prospects.write");
    // The best match has the focus, and so the details.
    term.wait_for_text("┌[2] prospects.write ─");
    term.keys(&["Enter", "Space"]);
    term.wait_for_text("5 selected");
    term.wait_for_text("Opensense ● unsaved");
    // Its reason, in the one-line editor.
    term.keys(&["r"]);
    term.wait_for_text("Why prospects.write is needed");
    term.literal("Records which banner each prospect saw");
    term.wait_for_text("banner each prospect saw");
    term.keys(&["Enter"]);
    term.wait_for_text("Set the reason of prospects.write");
    term.keys(&["s"]);
    let screen = term.wait_for_text("Saved Opensense (5 scopes) to opensense.toml");
    assert!(!screen.contains("● unsaved"), "{screen}");
    // Saved: q leaves at once.
    term.keys(&["q"]);
    assert_eq!(term.wait_for_file("code"), "130\n");

    let path = term.out("opensense.toml");
    let scopes = saved_scopes(&path);
    let names: Vec<&str> = scopes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "users.all",
            "teams.read",
            "mailboxes.all",
            "prospects.read",
            "prospects.write"
        ]
    );
    assert_eq!(
        scopes[4].1, "Records which banner each prospect saw",
        "the new reason"
    );
    assert!(
        scopes[0]
            .1
            .starts_with("Reads each sender's Outreach user record")
    );
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with("# Opensense's Outreach integration"),
        "{text}"
    );
    // Nothing but the profile is left in the folder: no temporary file.
    let mut left: Vec<String> = std::fs::read_dir(term.dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    left.sort();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn s_names_and_places_a_new_profile() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX outreach --select "accounts.read teams.read" > "$OUT/stdout"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    term.wait_for_text("2 selected");
    term.keys(&["s"]);
    term.wait_for_text("Name: Outreach integration");
    term.keys(&["C-u"]);
    term.literal("Acme sync");
    term.keys(&["Enter"]);
    term.wait_for_text("File: ./acme-sync.toml");
    let path = term.out("profiles.d");
    std::fs::create_dir(&path).expect("mkdir");
    let path = path.join("acme.toml");
    term.keys(&["C-u"]);
    term.literal(&path.display().to_string());
    term.keys(&["Enter"]);
    term.wait_for_text("Saved Acme sync (2 scopes) to");
    term.wait_for_text("Acme sync · Outreach");
    // Enter still prints the minimal string.
    term.keys(&["Enter"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        "accounts.read teams.read\n"
    );
    let loaded = scopex::profile::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.profile.name, "Acme sync");
    assert_eq!(loaded.profile.catalog, "outreach");
    assert_eq!(
        saved_scopes(&path),
        [
            ("accounts.read".to_string(), String::new()),
            ("teams.read".to_string(), String::new())
        ]
    );
}

#[test]
fn unsaved_changes_are_asked_about_but_sigterm_never_asks() {
    let Some(term) = Terminal::start(
        80,
        24,
        &format!(
            r#"{COPY_OPENSENSE}; cp opensense.toml before.toml; $SCOPEX --profile opensense.toml; echo $? > "$OUT/code""#
        ),
    ) else {
        return;
    };
    term.wait_for_text("4 selected");
    term.keys(&["Space"]);
    term.wait_for_text("Opensense ● unsaved");
    term.keys(&["q"]);
    term.wait_for_text("Unsaved changes to Opensense: save (s), discard (d), cancel (Esc)?");
    term.keys(&["Escape"]);
    term.wait_for_text("Space toggle");
    term.keys(&["q"]);
    term.wait_for_text("Unsaved changes to Opensense");
    // SIGTERM while the question is open: the process leaves, asking nothing, saving
    // nothing, and the terminal is restored.
    let pid = term.scopex_pid();
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert_eq!(term.wait_for_file("code"), "130\n");
    assert_eq!(
        std::fs::read(term.out("opensense.toml")).expect("read"),
        std::fs::read(term.out("before.toml")).expect("read"),
    );
}
