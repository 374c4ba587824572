//! The README's pictures show what the current build draws.
//!
//! `scripts/screenshots.sh` plays each scene of `screenshots/scenes.toml` on the real
//! binary in tmux, keeps the text of every screen it drew a picture from in
//! `screenshots/NAME.txt`, and draws `NAME.png` (or `NAME.gif`). This test plays the same
//! scenes the same way on the current debug build and compares the text of each screen
//! with `NAME.txt`: when the app draws something else, the pictures are out of date and
//! the test says how to remake them. The waiting rules below are those of
//! `scripts/screenshots.py`; keep the two in step.
//!
//! Skipped, with a note, where tmux is not installed (CI installs it).

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(50);
/// A screen is still once it has not changed for this long.
const STILL: Duration = Duration::from_millis(250);
const TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Deserialize)]
struct Scenes {
    scene: Vec<Scene>,
}

#[derive(Deserialize)]
struct Scene {
    name: String,
    size: String,
    command: String,
    steps: Vec<String>,
    #[serde(default)]
    animated: bool,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenes() -> Vec<Scene> {
    let path = root().join("screenshots/scenes.toml");
    let text = std::fs::read_to_string(&path).expect("screenshots/scenes.toml");
    toml::from_str::<Scenes>(&text)
        .expect("screenshots/scenes.toml parses")
        .scene
}

fn find_tmux() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("tmux"))
        .find(|candidate| candidate.is_file())
}

/// One tmux server of its own with one pane running a scene's command.
struct Terminal {
    tmux: PathBuf,
    socket: String,
    env: Vec<(&'static str, String)>,
    _dir: tempfile::TempDir,
}

impl Terminal {
    fn start(tmux: &Path, scene: &Scene) -> Terminal {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().join("home");
        let config = dir.path().join("config");
        std::fs::create_dir(&home).expect("home");
        std::fs::create_dir(&config).expect("config");
        let binary = Path::new(env!("CARGO_BIN_EXE_scopex"));
        let bin_dir = binary.parent().expect("binary folder");
        // As in screenshots.py: no DISPLAY, WAYLAND_DISPLAY or SSH_*, no user catalogs.
        let env = vec![
            (
                "PATH",
                format!("{}:/usr/local/bin:/usr/bin:/bin", bin_dir.display()),
            ),
            ("HOME", home.display().to_string()),
            ("LANG", "C.UTF-8".to_string()),
            ("LC_ALL", "C.UTF-8".to_string()),
            ("TERM", "xterm-256color".to_string()),
            ("TMUX_TMPDIR", dir.path().display().to_string()),
            ("SCOPEX_CONFIG_DIR", config.display().to_string()),
        ];
        let terminal = Terminal {
            tmux: tmux.to_path_buf(),
            socket: format!("scopex-shots-test-{}-{}", std::process::id(), scene.name),
            env,
            _dir: dir,
        };
        let (width, height) = parse_size(&scene.size);
        let script = format!(
            "export TERM=xterm-256color\n{}\nexec sleep 86400",
            scene.command
        );
        terminal
            .run(&[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "scene",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "/bin/sh",
                "-c",
                &script,
            ])
            .expect("tmux new-session");
        terminal
    }

    fn run(&self, args: &[&str]) -> Result<String, String> {
        let output = Command::new(&self.tmux)
            .args(["-u", "-L", &self.socket])
            .args(args)
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .current_dir(root())
            .output()
            .map_err(|e| format!("tmux: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "tmux {}: {}",
                args.first().unwrap_or(&""),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The screen with its colours, and the cursor: what a change is judged by.
    fn state(&self) -> Result<(String, String), String> {
        let ansi = self.run(&["capture-pane", "-p", "-e", "-t", "scene"])?;
        let cursor = self.run(&[
            "display-message",
            "-p",
            "-t",
            "scene",
            "#{cursor_x},#{cursor_y},#{cursor_flag}",
        ])?;
        Ok((ansi, cursor.trim().to_string()))
    }

    fn plain(&self) -> Result<String, String> {
        self.run(&["capture-pane", "-p", "-t", "scene"])
    }

    fn send(&self, key: &str) -> Result<(), String> {
        if key.chars().count() == 1 {
            self.run(&["send-keys", "-t", "scene", "-l", "--", key])?;
        } else {
            self.run(&["send-keys", "-t", "scene", key])?;
        }
        Ok(())
    }

    fn settle(&self, what: &str) -> Result<(), String> {
        let deadline = Instant::now() + TIMEOUT;
        let mut last = self.state()?;
        let mut still_since = Instant::now();
        while still_since.elapsed() < STILL {
            if Instant::now() > deadline {
                return Err(format!("the screen never stopped changing after {what}"));
            }
            std::thread::sleep(POLL);
            let now = self.state()?;
            if now != last {
                last = now;
                still_since = Instant::now();
            }
        }
        Ok(())
    }

    fn press(&self, key: &str, what: &str) -> Result<(), String> {
        let before = self.state()?;
        self.send(key)?;
        let deadline = Instant::now() + TIMEOUT;
        while self.state()? == before {
            if Instant::now() > deadline {
                return Err(format!(
                    "{what} changed nothing on the screen:\n{}",
                    self.plain()?
                ));
            }
            std::thread::sleep(POLL);
        }
        self.settle(what)
    }

    fn wait_for(&self, text: &str) -> Result<(), String> {
        let deadline = Instant::now() + TIMEOUT;
        while !self.plain()?.contains(text) {
            if Instant::now() > deadline {
                return Err(format!(
                    "timed out waiting for {text:?}; the screen shows:\n{}",
                    self.plain()?
                ));
            }
            std::thread::sleep(POLL);
        }
        self.settle(&format!("wait {text}"))
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn parse_size(size: &str) -> (u16, u16) {
    let (w, h) = size.split_once('x').expect("size is COLUMNSxROWS");
    (w.parse().expect("columns"), h.parse().expect("rows"))
}

/// Plays a scene: the text of each frame with its label, as screenshots.py makes them.
fn play(tmux: &Path, scene: &Scene) -> Result<Vec<(String, String)>, String> {
    let terminal = Terminal::start(tmux, scene);
    let mut frames: Vec<(String, String)> = Vec::new();
    let mut last_verb = "";
    for step in &scene.steps {
        let (verb, arg) = step.split_once(' ').unwrap_or((step, ""));
        match verb {
            "keys" => {
                for key in arg.split_whitespace() {
                    terminal.press(key, &format!("`keys {key}`"))?;
                    frames.push((format!("keys {key}"), terminal.plain()?));
                }
            }
            "type" => {
                for c in arg.chars() {
                    terminal.press(&c.to_string(), &format!("typing {c:?}"))?;
                    frames.push((format!("type {c}"), terminal.plain()?));
                }
            }
            "wait" => {
                terminal.wait_for(arg)?;
                let frame = (format!("wait {arg}"), terminal.plain()?);
                // A wait right after a key takes that key's frame.
                if !frames.is_empty() && matches!(last_verb, "keys" | "type") {
                    *frames.last_mut().expect("a frame") = frame;
                } else {
                    frames.push(frame);
                }
            }
            "hold" => {}
            other => return Err(format!("unknown step `{other}`")),
        }
        last_verb = verb;
    }
    if !scene.animated {
        frames.drain(..frames.len().saturating_sub(1));
    }
    Ok(frames)
}

/// What `NAME.txt` holds: the screen, or each frame after a header line.
fn frames_text(frames: &[(String, String)], animated: bool) -> String {
    if !animated {
        return frames
            .last()
            .map(|(_, text)| text.clone())
            .unwrap_or_default();
    }
    frames
        .iter()
        .enumerate()
        .map(|(i, (label, text))| format!("──── frame {}: {label}\n{text}", i + 1))
        .collect()
}

/// The first lines where two screens differ, numbered, for the failure message.
fn difference(expected: &str, actual: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..expected.len().max(actual.len()) {
        let (e, a) = (expected.get(i), actual.get(i));
        if e != a {
            out.push_str(&format!(
                "  line {}:\n    stored: {}\n    now:    {}\n",
                i + 1,
                e.unwrap_or(&"(none)"),
                a.unwrap_or(&"(none)")
            ));
            shown += 1;
            if shown == 6 {
                out.push_str("  …\n");
                break;
            }
        }
    }
    out
}

#[test]
fn every_scene_has_its_text_and_picture() {
    let dir = root().join("screenshots");
    for scene in scenes() {
        let picture = format!(
            "{}.{}",
            scene.name,
            if scene.animated { "gif" } else { "png" }
        );
        for file in [format!("{}.txt", scene.name), picture] {
            assert!(
                dir.join(&file).is_file(),
                "screenshots/{file} is missing: run scripts/screenshots.sh"
            );
        }
    }
}

#[test]
fn no_picture_without_a_scene() {
    let names: Vec<String> = scenes().into_iter().map(|s| s.name).collect();
    for entry in std::fs::read_dir(root().join("screenshots")).expect("screenshots/") {
        let path = entry.expect("entry").path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if !matches!(ext, "png" | "gif" | "txt") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        assert!(
            names.iter().any(|n| n == stem),
            "{} belongs to no scene of screenshots/scenes.toml",
            path.display()
        );
    }
}

#[test]
fn the_pictures_show_what_the_current_build_draws() {
    let Some(tmux) = find_tmux() else {
        eprintln!("tmux is not installed: skipping the screenshot check");
        return;
    };
    let scenes = scenes();
    // Scenes play side by side, each in its own tmux server.
    let results: Vec<(String, Result<(), String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = scenes
            .iter()
            .map(|scene| {
                let tmux = &tmux;
                scope.spawn(move || {
                    let stored_path = root().join(format!("screenshots/{}.txt", scene.name));
                    let stored = std::fs::read_to_string(&stored_path).unwrap_or_default();
                    let result = play(tmux, scene).and_then(|frames| {
                        let now = frames_text(&frames, scene.animated);
                        if now == stored {
                            Ok(())
                        } else {
                            Err(format!(
                                "the screen differs from screenshots/{}.txt:\n{}",
                                scene.name,
                                difference(&stored, &now)
                            ))
                        }
                    });
                    (scene.name.clone(), result)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("scene thread"))
            .collect()
    });
    let failures: Vec<String> = results
        .into_iter()
        .filter_map(|(name, result)| result.err().map(|e| format!("scene `{name}`: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{}\nThe README's pictures no longer show what scopex draws: run \
         scripts/screenshots.sh to remake them, look at them, and commit them.",
        failures.join("\n")
    );
}
