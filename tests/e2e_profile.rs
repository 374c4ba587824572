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

/// A Google profile whose one call its one scope does not allow, with comments.
const MAIL_PROFILE: &str = "# My mail reader.\n\
name = \"Mail\"\n\
catalog = \"google\"\n\
\n\
# Reads the inbox.\n\
[[scope]]\n\
name = \"https://www.googleapis.com/auth/gmail.readonly\"\n\
reason = \"reads mail\" # support asked\n\
\n\
# Lists the user's files.\n\
[[operation]]\n\
id = \"drive.files.list\"\n\
reason = \"shows files\"\n";

fn check_code(path: &Path) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .arg("check")
        .arg(path)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("scopex runs")
        .status
        .code()
}

#[test]
fn saving_a_profile_keeps_the_calls_its_scopes_do_not_allow_and_its_comments() {
    let Some(term) = Terminal::start(
        100,
        30,
        r#"while [ ! -e go ]; do sleep 0.05; done; $SCOPEX --profile mail.toml; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    let path = term.out("mail.toml");
    std::fs::write(&path, MAIL_PROFILE).expect("write");
    assert_eq!(check_code(&path), Some(1), "an under-grant before");
    std::fs::write(term.out("go"), "").expect("start scopex");
    let screen = term.wait_for_text("1 listed call is not allowed by the scopes");
    assert!(!screen.contains("unsaved"), "{screen}");
    term.keys(&["s"]);
    term.wait_for_text("Saved Mail (1 scope) to mail.toml");
    // A scope more, saved: the call and every comment stay.
    term.keys(&["/"]);
    term.literal("calendar.readonly");
    // The best match has the focus, and so the details' title.
    term.wait_for("calendar.readonly in the details", |screen| {
        screen
            .lines()
            .next()
            .is_some_and(|top| top.contains("calendar.readonly"))
    });
    term.keys(&["Enter", "Space"]);
    term.wait_for_text("Mail ● unsaved");
    term.keys(&["s"]);
    term.wait_for_text("Saved Mail (2 scopes) to mail.toml");
    term.keys(&["q"]);
    assert_eq!(term.wait_for_file("code"), "130\n");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with(MAIL_PROFILE.split("\n\n# Lists").next().unwrap_or_default()),
        "{text}"
    );
    assert!(
        text.ends_with("# Lists the user's files.\n[[operation]]\nid = \"drive.files.list\"\nreason = \"shows files\"\n"),
        "{text}"
    );
    assert!(
        text.contains("name = \"https://www.googleapis.com/auth/calendar.readonly\""),
        "{text}"
    );
    assert_eq!(check_code(&path), Some(1), "still an under-grant after");
}

#[test]
fn a_save_after_another_explorer_saved_the_same_profile_asks_first() {
    let Some(first) = Terminal::start(
        100,
        30,
        &format!(r#"{COPY_OPENSENSE}; $SCOPEX --profile opensense.toml"#),
    ) else {
        return;
    };
    let path = first.out("opensense.toml");
    first.wait_for_text("4 selected");
    let Some(second) = Terminal::start(
        100,
        30,
        &format!(
            r#"$SCOPEX --profile '{}'; echo $? > "$OUT/code""#,
            path.display()
        ),
    ) else {
        return;
    };
    second.wait_for_text("4 selected");
    // The first explorer unticks the focused scope and saves.
    first.keys(&["Space"]);
    first.wait_for_text("Opensense ● unsaved");
    first.keys(&["s"]);
    first.wait_for_text("Saved Opensense (");
    let theirs = std::fs::read_to_string(&path).expect("read");
    // The second ticks one and saves: asked, and Esc writes nothing.
    second.keys(&["/"]);
    second.literal("prospects.write");
    second.wait_for_text("prospects.write ─");
    second.keys(&["Enter", "Space"]);
    second.wait_for_text("5 selected");
    second.keys(&["s"]);
    second.wait_for_text("changed on disk since it was read");
    second.keys(&["Escape"]);
    second.wait_for_text("Not saved: the file changed on disk");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
    // Asked again, o overwrites on purpose.
    second.keys(&["s"]);
    second.wait_for_text("changed on disk since it was read");
    second.keys(&["o"]);
    second.wait_for_text("Saved Opensense (5 scopes)");
    second.keys(&["q"]);
    assert_eq!(second.wait_for_file("code"), "130\n");
    assert_eq!(saved_scopes(&path).len(), 5);
}

#[cfg(unix)]
#[test]
fn a_read_only_profile_is_not_saved_over() {
    let Some(term) = Terminal::start(
        100,
        30,
        &format!(r#"{COPY_OPENSENSE}; chmod 444 opensense.toml; $SCOPEX --profile opensense.toml"#),
    ) else {
        return;
    };
    term.wait_for_text("4 selected");
    let path = term.out("opensense.toml");
    let before = std::fs::read_to_string(&path).expect("read");
    term.keys(&["Space"]);
    term.wait_for_text("Opensense ● unsaved");
    term.keys(&["s"]);
    term.wait_for_text("Not saved: the file is read-only (mode 444)");
    term.wait_for_text("Opensense ● unsaved");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

/// As another user (nobody), a profile they may not write, in a folder they may: the
/// save is refused where the rename would have replaced the file, owner and all. Run
/// where the tests run as root and setpriv is there.
#[cfg(unix)]
#[test]
fn a_profile_another_user_owns_is_not_replaced_by_their_save() {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n");
    let setpriv = Command::new("setpriv").arg("--version").output().is_ok();
    if !root || !setpriv {
        eprintln!("not root, or no setpriv: skipping the other-user save test");
        return;
    }
    let Some(term) = Terminal::start(
        100,
        30,
        &format!(
            r#"{COPY_OPENSENSE}; chmod 644 opensense.toml; chmod 777 .; setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/nonexistent $SCOPEX --profile opensense.toml"#
        ),
    ) else {
        return;
    };
    term.wait_for_text("4 selected");
    let path = term.out("opensense.toml");
    let before = std::fs::read_to_string(&path).expect("read");
    term.keys(&["Space"]);
    term.wait_for_text("Opensense ● unsaved");
    term.keys(&["s"]);
    term.wait_for_text("Not saved: the file is read-only (mode 644)");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
    use std::os::unix::fs::MetadataExt;
    assert_eq!(std::fs::metadata(&path).expect("meta").uid(), 0);
}
