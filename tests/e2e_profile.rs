//! End-to-end runs of the real binary in a real terminal, for integration profiles:
//! editing one and saving it in place, saving a new one, and the question on the way out.
//! tmux types the keys and reads the screen; skipped, with a note, without tmux.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// One tmux server of its own, with one pane running a shell command.
struct Terminal {
    socket: String,
    dir: tempfile::TempDir,
}

impl Terminal {
    /// Starts `script` (run by `sh -c`, in the folder `$OUT`) in a `width`×`height`
    /// terminal; `$SCOPEX` names the binary, `$REPO` the source tree.
    fn start(width: u16, height: u16, script: &str) -> Option<Terminal> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed: skipping the end-to-end terminal test");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = format!(
            "scopex-e2e-profile-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let full = format!(
            "export SCOPEX='{}' REPO='{}' OUT='{}' SCOPEX_CONFIG_DIR='{}/config' TERM=xterm-256color; cd \"$OUT\"; {script}; sleep 30",
            env!("CARGO_BIN_EXE_scopex"),
            env!("CARGO_MANIFEST_DIR"),
            dir.path().display(),
            dir.path().display(),
        );
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["sh", "-c", &full])
            .status()
            .expect("tmux starts");
        assert!(status.success(), "tmux new-session failed");
        Some(Terminal { socket, dir })
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Sends tmux key names (`Enter`, `Space`, `Escape`, `C-u`).
    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", "0", key]);
        }
    }

    fn literal(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// Waits until the screen shows `text`, returning it; fails after 10 s.
    #[track_caller]
    fn wait_for_text(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {text}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for a file the script writes when the program has ended.
    #[track_caller]
    fn wait_for_file(&self, name: &str) -> String {
        let path = self.out(name);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(text) = std::fs::read_to_string(&path)
                && text.ends_with('\n')
            {
                return text;
            }
            if Instant::now() > deadline {
                panic!(
                    "{} never appeared; the screen shows:\n{}",
                    path.display(),
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the scopex process running in the pane.
    fn scopex_pid(&self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(pid) = find_process(env!("CARGO_BIN_EXE_scopex"), self.dir.path()) {
                return pid;
            }
            assert!(Instant::now() < deadline, "scopex never started");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A running `binary` whose environment names `dir` (each test's own folder).
fn find_process(binary: &str, dir: &Path) -> Option<u32> {
    let marker = format!("SCOPEX_CONFIG_DIR={}/config", dir.display());
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let exe = std::fs::read_link(entry.path().join("exe")).ok()?;
            if exe != Path::new(binary) {
                return None;
            }
            let environ = std::fs::read(entry.path().join("environ")).ok()?;
            environ
                .split(|&b| b == 0)
                .any(|var| var == marker.as_bytes())
                .then_some(pid)
        })
}

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
    term.wait_for_text("┌ prospects.write ─");
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
    let screen = term.wait_for_text("Saved Opensense to opensense.toml (5 scopes)");
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
    term.wait_for_text("Saved Acme sync to");
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
