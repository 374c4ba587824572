//! End-to-end runs of the real binary in a real terminal: tmux types the keys
//! (`send-keys`) and reads the screen (`capture-pane`). Skipped, with a note, where tmux
//! is not installed (CI installs it).

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
    /// Starts `script` (run by `sh -c`) in a `width`×`height` terminal; `$SCOPEX` names
    /// the binary and `$OUT` a folder for results.
    fn start(width: u16, height: u16, script: &str) -> Option<Terminal> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("tmux is not installed: skipping the end-to-end terminal test");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let socket = format!(
            "scopex-e2e-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let full = format!(
            "export SCOPEX='{}' OUT='{}' SCOPEX_CONFIG_DIR='{}/config' TERM=xterm-256color; {script}; sleep 30",
            env!("CARGO_BIN_EXE_scopex"),
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

    /// Sends tmux key names (`Enter`, `Space`, `Escape`, `Down`) or literal text.
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

    /// Waits until the screen satisfies `ready`, returning it; fails after 10 s.
    #[track_caller]
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[track_caller]
    fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(text, |screen| screen.contains(text))
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

#[test]
fn enter_prints_the_minimal_string_on_stdout() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX outreach --select "prospects.read prospects.write" > "$OUT/stdout"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    term.wait_for_text("2 selected");
    // Search, keep the filter, tick the best match, accept.
    term.keys(&["/"]);
    term.literal("prospects.delete");
    term.wait_for_text("prospects.delete");
    term.keys(&["Enter"]);
    term.keys(&["Space"]);
    term.wait_for_text("3 selected");
    term.keys(&["Enter"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        "prospects.all\n"
    );
}

#[test]
fn quitting_prints_nothing_and_exits_130() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX github --select repo > "$OUT/stdout"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    term.wait_for_text("1 selected");
    term.keys(&["q"]);
    assert_eq!(term.wait_for_file("code"), "130\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        ""
    );
}

#[test]
fn command_substitution_gets_the_string_and_the_ui_draws_on_the_terminal() {
    let Some(term) = Terminal::start(
        100,
        30,
        r#"scope="$($SCOPEX sipgate --select 'sessions:calls:write sessions:fax:write sessions:sms:write')"; echo "GOT[$scope]" > "$OUT/result""#,
    ) else {
        return;
    };
    // The explorer is drawn although stdout is a pipe.
    term.wait_for_text("3 selected");
    term.keys(&["Enter"]);
    assert_eq!(term.wait_for_file("result"), "GOT[sessions:write]\n");
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX stora; echo "EXIT:$?"; stty -a | tr ' ' '\n' | grep -x -e '-\?icanon' -e '-\?echo' > "$OUT/stty""#,
    ) else {
        return;
    };
    term.wait_for_text("Stora");
    let pid = term.scopex_pid();
    let killed = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let modes = term.wait_for_file("stty");
    assert_eq!(
        modes, "icanon\necho\n",
        "the terminal is back in cooked mode"
    );
    // The alternate screen is gone: the shell's own output is visible.
    let screen = term.wait_for_text("EXIT:");
    assert!(
        !screen.contains("Stora ·"),
        "the explorer is still drawn:\n{screen}"
    );
}

#[test]
fn tiny_and_large_terminals_draw_without_garbage() {
    for (width, height) in [(20u16, 5u16), (80, 24), (250, 80)] {
        let Some(term) =
            Terminal::start(width, height, r#"$SCOPEX outreach; echo $? > "$OUT/code""#)
        else {
            return;
        };
        let screen = term.wait_for(&format!("a frame at {width}x{height}"), |s| {
            !s.trim().is_empty()
        });
        let lines: Vec<&str> = screen.lines().collect();
        assert!(lines.len() <= height as usize, "{screen}");
        assert!(
            lines.iter().all(|l| l.chars().count() <= width as usize),
            "{screen}"
        );
        term.keys(&["q"]);
        assert_eq!(term.wait_for_file("code"), "130\n");
    }
}

/// Is `pid` still running (a zombie waiting for its parent has ended)?
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the command name, which is in parentheses.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z') && !rest.starts_with('X')),
        Err(_) => false,
    }
}

#[test]
fn a_terminal_that_goes_away_ends_the_program() {
    let Some(term) = Terminal::start(80, 24, r#"$SCOPEX outreach"#) else {
        return;
    };
    term.wait_for_text("141 scopes");
    let pid = term.scopex_pid();
    // Closing the terminal (the tmux server and its pane) hangs up the program's tty.
    term.tmux(&["kill-server"]);
    let deadline = Instant::now() + Duration::from_secs(5);
    while running(pid) {
        if Instant::now() > deadline {
            // Do not leave it behind, spinning.
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("scopex (pid {pid}) is still running 5 s after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
