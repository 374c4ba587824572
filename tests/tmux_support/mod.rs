//! A real terminal for end-to-end tests: a tmux server of its own runs the real binary,
//! `send-keys` types and `capture-pane` reads the screen. Tests are skipped, with a note,
//! where tmux is not installed (CI installs it).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// One tmux server of its own, with one pane running a shell command.
pub struct Terminal {
    socket: String,
    pub dir: tempfile::TempDir,
}

impl Terminal {
    /// Starts `script` (run by `sh -c`, in the folder `$OUT`, which is for results) in a
    /// `width`×`height` terminal; `$SCOPEX` names the binary, `$REPO` the source tree.
    pub fn start(width: u16, height: u16, script: &str) -> Option<Terminal> {
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

    pub fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Sends tmux key names (`Enter`, `Space`, `Escape`, `Down`) or literal text.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", "0", key]);
        }
    }

    pub fn literal(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// Waits until the screen satisfies `ready`, returning it; fails after 10 s.
    #[track_caller]
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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
    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(text, |screen| screen.contains(text))
    }

    /// Waits for a file the script writes when the program has ended.
    #[track_caller]
    pub fn wait_for_file(&self, name: &str) -> String {
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
    pub fn scopex_pid(&self) -> u32 {
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
pub fn find_process(binary: &str, dir: &Path) -> Option<u32> {
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
