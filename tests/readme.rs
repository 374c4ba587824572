//! The README cannot rot: what it shows is what the current build does.
//!
//! The rules, for whoever edits README.md:
//!
//! - **```console blocks** hold commands and their output. A line starting with `$ ` is a
//!   command; the lines after it, up to the next `$ ` line or the end of the block, are
//!   its output (blank lines at the end of that output are only spacing and are
//!   ignored). Each command is run with `sh -c` from the repository root, `scopex` being
//!   the current build (its folder first on PATH), with no input, an empty config folder
//!   (SCOPEX_CONFIG_DIR) and stderr sent to stdout, and must print exactly that output:
//!   nothing may be left out. It must exit 0, or N when the command line ends with the
//!   comment `# exit N`.
//! - **A catalog example** is a ```toml block right after the comment
//!   `<!-- catalog example: NAME -->`. It must load with [`scopex::catalog::parse_catalog`].
//!   The console blocks after it, up to the next `## ` heading, run in a fresh folder that
//!   holds it as NAME (instead of the repository root).
//! - **The config example** is the ```toml block right after `<!-- config example -->`:
//!   `scopex config --check` must pass it.
//! - **```text blocks** show commands that are not run as they stand (installing, editing
//!   shell start-up files). Each `scopex …` in them (up to a shell operator) must work:
//!   a command is run and must exit 0 and print text that names scopex (a completion
//!   script, the manual page); a catalog opens the explorer, so only `scopex list
//!   CATALOG` is run.
//! - **A set-up block** is a ```text block right after `<!-- runs in a fresh home -->`:
//!   each of its lines is run as it is, in an empty home folder, and must exit 0.
//! - **A copy of a file** is a fenced block right after `<!-- same as: PATH -->`: it must
//!   equal the repository's file PATH.
//! - **The keys table** is everything between `<!-- keys:begin -->` and
//!   `<!-- keys:end -->`: it must equal [`scopex::tui::keys_doc::keys_markdown`], which is
//!   made from the app's own key table.
//! - **Other commands**: the only ```sh block is the set-up one, with exactly
//!   `cargo run --release -- outreach` and `cargo test` (the last is the test suite
//!   itself; the first opens the explorer, which tests/screenshots.rs drives in a real
//!   terminal; tests/shell.rs tests completion and `--version`). Any other fenced
//!   block is ```console, ```toml or ```text.
//! - **Pictures**: every picture the README shows exists, and it shows every picture of
//!   screenshots/scenes.toml.
//!
//! `SCOPEX_README_BINARY=PATH cargo test --test readme` runs the commands with the
//! `scopex` at PATH instead of the current build (an installed one, say, after
//! `cargo install --locked --path . --root DIR`).
//!
//! `SCOPEX_UPDATE_README=1 cargo test --test readme` rewrites the keys table and the
//! output of every console command from the current build (look at the diff before
//! committing it). `scripts/screenshots.sh` does this too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme_path() -> PathBuf {
    root().join("README.md")
}

fn readme() -> String {
    std::fs::read_to_string(readme_path()).expect("README.md")
}

/// Tests that may rewrite the README take turns.
static README_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Replaces the README whole (other tests read it meanwhile).
fn write_readme(text: &str) {
    let temporary = root().join("README.md.updating");
    std::fs::write(&temporary, text).expect("write README.md.updating");
    std::fs::rename(&temporary, readme_path()).expect("replace README.md");
}

fn updating() -> bool {
    std::env::var_os("SCOPEX_UPDATE_README").is_some_and(|v| !v.is_empty() && v != "0")
}

/// A fenced block of the README.
struct Block {
    /// What follows the opening fence (`console`, `toml`, …).
    info: String,
    /// Index in the README's lines of the first line inside the block.
    first: usize,
    lines: Vec<String>,
    /// The HTML comment right before the opening fence, if any, without `<!--` `-->`.
    marker: Option<String>,
    /// The `## ` section it is in.
    section: usize,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut section = 0;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("## ") {
            section += 1;
        }
        if let Some(info) = line.strip_prefix("```") {
            let marker = lines[..i]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty())
                .and_then(|l| l.trim().strip_prefix("<!--"))
                .and_then(|l| l.strip_suffix("-->"))
                .map(|l| l.trim().to_string());
            let first = i + 1;
            let mut end = first;
            while end < lines.len() && !lines[end].starts_with("```") {
                end += 1;
            }
            assert!(end < lines.len(), "README line {i}: unclosed fence");
            out.push(Block {
                info: info.trim().to_string(),
                first,
                lines: lines[first..end].iter().map(|l| l.to_string()).collect(),
                marker,
                section,
            });
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// One command of a console block and the output the README shows for it.
struct Shown {
    /// README line (0-based) of the `$ ` line.
    line: usize,
    command: String,
    expected: Vec<String>,
    /// Index range in the README's lines of the output shown (trailing blanks excluded).
    output_lines: std::ops::Range<usize>,
}

fn commands(block: &Block) -> Vec<Shown> {
    let mut out: Vec<Shown> = Vec::new();
    for (i, line) in block.lines.iter().enumerate() {
        let at = block.first + i;
        if let Some(command) = line.strip_prefix("$ ") {
            out.push(Shown {
                line: at,
                command: command.to_string(),
                expected: Vec::new(),
                output_lines: at + 1..at + 1,
            });
        } else if let Some(current) = out.last_mut() {
            current.expected.push(line.clone());
        } else {
            panic!(
                "README line {}: console block output before any `$ ` command",
                at + 1
            );
        }
    }
    for shown in &mut out {
        while shown.expected.last().is_some_and(|l| l.trim().is_empty()) {
            shown.expected.pop();
        }
        shown.output_lines = shown.line + 1..shown.line + 1 + shown.expected.len();
    }
    out
}

/// The exit status a command line asks for with a trailing `# exit N`.
fn expected_status(command: &str) -> i32 {
    command
        .rsplit_once('#')
        .and_then(|(_, comment)| comment.trim().strip_prefix("exit "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The `scopex` the README's commands run: the current build, or the binary
/// `SCOPEX_README_BINARY` names (an installed one, to check that the README holds for it).
fn binary() -> PathBuf {
    match std::env::var_os("SCOPEX_README_BINARY").filter(|b| !b.is_empty()) {
        Some(binary) => {
            let binary = PathBuf::from(binary);
            assert!(
                binary.file_name().is_some_and(|n| n == "scopex") && binary.is_file(),
                "SCOPEX_README_BINARY is not a file named scopex: {}",
                binary.display()
            );
            binary
        }
        None => PathBuf::from(env!("CARGO_BIN_EXE_scopex")),
    }
}

/// Runs a command as the README's rules say; returns its output lines and exit status.
fn run(command: &str, dir: &Path) -> (Vec<String>, i32) {
    let binary = binary();
    let bin_dir = binary.parent().expect("binary folder");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(&path)),
    )
    .expect("PATH");
    let scratch = tempfile::tempdir().expect("temp dir");
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 2>&1\n{command}"))
        .current_dir(dir)
        .env("PATH", path)
        .env("SCOPEX_CONFIG_DIR", scratch.path().join("config"))
        .env("HOME", scratch.path())
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("sh runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    (lines, output.status.code().unwrap_or(-1))
}

fn catalog_example_name(marker: Option<&str>) -> Option<&str> {
    marker?.strip_prefix("catalog example:").map(str::trim)
}

#[test]
fn every_console_command_prints_what_the_readme_shows() {
    let _turn = README_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let text = readme();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let blocks = blocks(&text);
    let mut failures = Vec::new();
    // Replacements of output lines when updating, applied from the end.
    let mut updates: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    let mut example_dir: Option<(usize, tempfile::TempDir)> = None;
    let mut checked = 0;
    for block in &blocks {
        if let Some(name) = catalog_example_name(block.marker.as_deref()) {
            if example_dir
                .as_ref()
                .is_none_or(|(s, _)| *s != block.section)
            {
                example_dir = Some((block.section, tempfile::tempdir().expect("temp dir")));
            }
            let (_, dir) = example_dir.as_ref().expect("example folder");
            std::fs::write(dir.path().join(name), block.lines.join("\n") + "\n")
                .expect("write the example");
            continue;
        }
        if block.info != "console" {
            continue;
        }
        let dir = match &example_dir {
            Some((section, dir)) if *section == block.section => dir.path().to_path_buf(),
            _ => root(),
        };
        for shown in commands(block) {
            let (actual, status) = run(&shown.command, &dir);
            checked += 1;
            let want = expected_status(&shown.command);
            if status != want {
                failures.push(format!(
                    "README line {}: `{}` exited {status}, not {want}:\n{}",
                    shown.line + 1,
                    shown.command,
                    actual.join("\n")
                ));
            }
            if actual != shown.expected {
                if updating() {
                    updates.push((shown.output_lines.clone(), actual));
                } else {
                    failures.push(format!(
                        "README line {}: `{}` prints\n{}\nbut the README shows\n{}",
                        shown.line + 1,
                        shown.command,
                        actual.join("\n"),
                        shown.expected.join("\n")
                    ));
                }
            }
        }
    }
    assert!(checked > 0, "no console command found in the README");
    if !updates.is_empty() {
        updates.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        for (range, replacement) in updates {
            lines.splice(range, replacement);
        }
        write_readme(&(lines.join("\n") + "\n"));
    }
    assert!(
        failures.is_empty(),
        "{}\n\nRun `SCOPEX_UPDATE_README=1 cargo test --test readme` to take the current \
         output, if it is right.",
        failures.join("\n\n")
    );
}

#[test]
fn the_catalog_example_loads() {
    let text = readme();
    let examples: Vec<Block> = blocks(&text)
        .into_iter()
        .filter(|b| catalog_example_name(b.marker.as_deref()).is_some())
        .collect();
    assert!(!examples.is_empty(), "the README shows no catalog example");
    for block in examples {
        let name = catalog_example_name(block.marker.as_deref()).expect("name");
        assert_eq!(
            block.info, "toml",
            "the catalog example {name} is a toml block"
        );
        let source = block.lines.join("\n") + "\n";
        if let Err(error) = scopex::catalog::parse_catalog(
            &source,
            name,
            scopex::catalog::Origin::File(PathBuf::from(name)),
        ) {
            panic!("the README's catalog example {name} does not load:\n{error}");
        }
    }
}

#[test]
fn copies_of_files_are_the_files() {
    for block in blocks(&readme()) {
        let Some(path) = block
            .marker
            .as_deref()
            .and_then(|m| m.strip_prefix("same as:"))
            .map(str::trim)
        else {
            continue;
        };
        let file = std::fs::read_to_string(root().join(path))
            .unwrap_or_else(|e| panic!("README names {path}: {e}"));
        assert_eq!(
            block.lines.join("\n") + "\n",
            file,
            "README line {}: the block is not the content of {path}",
            block.first
        );
    }
}

const KEYS_BEGIN: &str = "<!-- keys:begin -->\n";
const KEYS_END: &str = "<!-- keys:end -->";

#[test]
fn the_keys_table_is_the_apps() {
    let _turn = README_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let text = readme();
    let start = text
        .find(KEYS_BEGIN)
        .expect("README has <!-- keys:begin -->")
        + KEYS_BEGIN.len();
    let end = start
        + text[start..]
            .find(KEYS_END)
            .expect("README has <!-- keys:end -->");
    let table = scopex::tui::keys_doc::keys_markdown();
    if text[start..end] == table {
        return;
    }
    if updating() {
        let updated = format!("{}{}{}", &text[..start], table, &text[end..]);
        write_readme(&updated);
        return;
    }
    panic!(
        "the README's keys table differs from the app's keys; it should be:\n{table}\n\
         Run `SCOPEX_UPDATE_README=1 cargo test --test readme` to write it."
    );
}

/// The `scopex` commands of a ```text block, with their README line (0-based): each piece
/// of a line from a word `scopex` up to a shell operator.
fn text_commands(block: &Block) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in block.lines.iter().enumerate() {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("scopex ") {
            let starts_word = rest[..at]
                .chars()
                .next_back()
                .is_none_or(|c| c.is_whitespace() || c == '(');
            let command: String = rest[at..]
                .chars()
                .take_while(|c| !matches!(c, ')' | '>' | '<' | '|' | '\'' | ';' | '&'))
                .collect();
            rest = &rest[at + command.len()..];
            if starts_word {
                out.push((block.first + i, command.trim().to_string()));
            }
        }
    }
    out
}

#[test]
fn every_scopex_command_of_a_text_block_works() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for block in blocks(&readme()).iter().filter(|b| b.info == "text") {
        for (line, command) in text_commands(block) {
            checked += 1;
            let words: Vec<&str> = command.split_whitespace().collect();
            let first = words.get(1).copied().unwrap_or_default();
            let (_, is_command) = run(&format!("scopex help {first} >/dev/null"), &root());
            let (output, status) = if is_command == 0 {
                let (output, status) = run(&command, &root());
                // A completion script or a manual page names the program.
                if !output.iter().any(|l| l.contains("scopex")) {
                    failures.push(format!(
                        "README line {}: `{command}` does not name scopex:\n{}",
                        line + 1,
                        output.join("\n")
                    ));
                }
                (output, status)
            } else {
                // It opens the explorer, which tests/screenshots.rs and the tmux tests
                // drive: here the catalog it names must exist.
                assert_eq!(words.len(), 2, "README line {}: `{command}`", line + 1);
                run(&format!("scopex list {first}"), &root())
            };
            if status != 0 || output.is_empty() {
                failures.push(format!(
                    "README line {}: `{command}` exited {status}:\n{}",
                    line + 1,
                    output.join("\n")
                ));
            }
        }
    }
    assert!(
        checked >= 5,
        "only {checked} scopex commands in text blocks"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A ```text block right after `<!-- runs in a fresh home -->` holds lines a user types
/// as they are: each must work in an empty home folder.
#[test]
fn set_up_lines_work_in_a_fresh_home() {
    let mut checked = 0;
    for block in blocks(&readme()) {
        if block.marker.as_deref() != Some("runs in a fresh home") {
            continue;
        }
        assert_eq!(block.info, "text", "README line {}", block.first);
        for (i, line) in block.lines.iter().enumerate() {
            checked += 1;
            let (output, status) = run(line, &root());
            assert_eq!(
                status,
                0,
                "README line {}: `{line}` fails in a fresh home:\n{}",
                block.first + i + 1,
                output.join("\n")
            );
        }
    }
    assert!(checked > 0, "no <!-- runs in a fresh home --> block");
}

#[test]
fn the_config_example_passes_the_check() {
    let mut found = false;
    for block in blocks(&readme()) {
        if block.marker.as_deref() != Some("config example") {
            continue;
        }
        assert_eq!(block.info, "toml", "README line {}", block.first);
        found = true;
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("config.toml"),
            block.lines.join("\n") + "\n",
        )
        .expect("config written");
        let output = Command::new(binary())
            .args(["config", "--check"])
            .env("SCOPEX_CONFIG_DIR", dir.path())
            .output()
            .expect("scopex runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "README line {}: the config example fails the check:\n{}",
            block.first,
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(String::from_utf8_lossy(&output.stdout).ends_with("config.toml: ok\n"));
    }
    assert!(found, "the README shows no <!-- config example -->");
}

#[test]
fn the_only_shell_block_is_the_set_up() {
    let set_up = ["cargo run --release -- outreach", "cargo test"];
    let mut found = false;
    for block in blocks(&readme()) {
        match block.info.as_str() {
            "console" | "toml" | "text" => {}
            "sh" => {
                let commands: Vec<&str> = block
                    .lines
                    .iter()
                    .map(|l| l.split('#').next().unwrap_or("").trim())
                    .filter(|l| !l.is_empty())
                    .collect();
                assert_eq!(
                    commands, set_up,
                    "README line {}: the only sh block is the set-up",
                    block.first
                );
                found = true;
            }
            other => panic!(
                "README line {}: a ```{other} block: use console (commands with their \
                 output, which are run), toml or text",
                block.first
            ),
        }
    }
    assert!(found, "the README shows no set-up commands");
}

#[test]
fn the_readme_shows_every_picture_and_each_exists() {
    let text = readme();
    let mut shown = Vec::new();
    for piece in text.split("screenshots/").skip(1) {
        let name: String = piece
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        if name.ends_with(".png") || name.ends_with(".gif") {
            assert!(
                root().join("screenshots").join(&name).is_file(),
                "the README shows screenshots/{name}, which does not exist"
            );
            shown.push(name);
        }
    }
    let scenes = std::fs::read_to_string(root().join("screenshots/scenes.toml"))
        .expect("screenshots/scenes.toml");
    let scenes: toml::Table = toml::from_str(&scenes).expect("scenes.toml parses");
    for scene in scenes["scene"].as_array().expect("[[scene]]") {
        let name = scene["name"].as_str().expect("name");
        let animated = scene
            .get("animated")
            .and_then(|a| a.as_bool())
            .unwrap_or(false);
        let picture = format!("{name}.{}", if animated { "gif" } else { "png" });
        assert!(
            shown.contains(&picture),
            "the README does not show screenshots/{picture}"
        );
    }
}
