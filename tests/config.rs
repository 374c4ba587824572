//! The config file: `scopex config`, its checks, and what it changes (the default trust,
//! the keys in the real terminal).

mod tmux_support;

use std::path::Path;
use std::process::{Command, Output};
use tmux_support::Terminal;

fn scopex(config_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("SCOPEX_CONFIG_DIR", config_dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("scopex runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn with_config(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("config.toml"), text).expect("config written");
    dir
}

#[test]
fn config_prints_where_the_file_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = scopex(dir.path(), &["config"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        format!("{}\n", dir.path().join("config.toml").display())
    );
    assert!(text(&out.stderr).contains("--print-default"));
}

#[test]
fn the_printed_default_passes_the_check() {
    let empty = tempfile::tempdir().expect("temp dir");
    let printed = scopex(empty.path(), &["config", "--print-default"]);
    assert_eq!(printed.status.code(), Some(0));
    let dir = with_config(&text(&printed.stdout));
    let checked = scopex(dir.path(), &["config", "--check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    assert!(text(&checked.stdout).ends_with("config.toml: ok\n"));
}

#[test]
fn checking_with_no_config_file_says_the_defaults_apply() {
    let dir = tempfile::tempdir().expect("temp dir");
    let checked = scopex(dir.path(), &["config", "--check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    assert_eq!(
        text(&checked.stdout),
        format!(
            "{}: no config file; the defaults apply\n",
            dir.path().join("config.toml").display()
        )
    );
    // A file named on the command line must exist.
    let missing = dir.path().join("elsewhere.toml");
    let named = scopex(
        dir.path(),
        &["config", "--check", missing.to_str().expect("UTF-8 path")],
    );
    assert_eq!(named.status.code(), Some(2));
    assert!(
        text(&named.stderr).contains("elsewhere.toml"),
        "{}",
        text(&named.stderr)
    );
}

#[test]
fn a_broken_config_is_located_and_refused() {
    let dir = with_config("[defaults]\nformat = \"query\"\n\n[keys]\ntogle = [\"x\"]\n");
    let checked = scopex(dir.path(), &["config", "--check"]);
    assert_eq!(checked.status.code(), Some(2));
    let message = text(&checked.stderr);
    assert!(
        message
            .contains("config.toml:5:1: unknown action in [keys] `togle`; did you mean `toggle`?"),
        "{message}"
    );
    // Other commands refuse it too, rather than act on half a configuration.
    let listed = scopex(dir.path(), &["minimize", "outreach", "prospects.all"]);
    assert_eq!(listed.status.code(), Some(2));
    assert!(text(&listed.stderr).contains("config.toml:5:1:"));
    assert!(text(&listed.stderr).contains("scopex config --check"));
    // The explorer too, before it takes the terminal.
    for args in [&["outreach"][..], &[]] {
        let opened = scopex(dir.path(), args);
        assert_eq!(opened.status.code(), Some(2), "{args:?}");
        assert!(
            text(&opened.stderr).contains("config.toml:5:1: unknown action"),
            "{args:?}: {}",
            text(&opened.stderr)
        );
    }
    // But not the commands that set a shell up.
    let completions = scopex(dir.path(), &["completions", "bash"]);
    assert_eq!(completions.status.code(), Some(0));
}

#[test]
fn check_says_when_the_default_catalog_does_not_open() {
    let dir = with_config("[defaults]\ncatalog = \"outreech\"\n");
    let checked = scopex(dir.path(), &["config", "--check"]);
    assert_eq!(checked.status.code(), Some(2));
    let message = text(&checked.stderr);
    assert!(
        message.contains("config.toml:2:11: the default catalog does not open"),
        "{message}"
    );
    assert!(message.contains("outreach"), "{message}");
}

#[test]
fn the_config_trust_is_the_default_of_every_trust_flag() {
    let dir = with_config("[defaults]\ntrust = \"documented\"\n");
    let out = scopex(
        dir.path(),
        &["minimize", "outreach", "prospects.all", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value["trust"], serde_json::json!(["documented"]));
    // The flag still wins.
    let out = scopex(
        dir.path(),
        &[
            "minimize",
            "outreach",
            "prospects.all",
            "--json",
            "--trust",
            "all",
        ],
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(value["trust"].as_array().map(Vec::len), Some(4));
    // And --help shows the default in force.
    let help = scopex(dir.path(), &["minimize", "--help"]);
    assert!(text(&help.stdout).contains("[default: documented]"));
}

#[test]
fn a_config_that_moves_toggle_to_x_works_in_the_terminal() {
    let Some(term) = Terminal::start(
        100,
        30,
        r#"mkdir -p config && printf '[keys]\ntoggle = ["x"]\n' > config/config.toml && $SCOPEX outreach > "$OUT/stdout"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    term.wait_for_text("206 scopes");
    // Space no longer ticks; x does.
    term.keys(&["Down", "Space"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        term.screen().contains(" 0 selected"),
        "Space ticked:\n{}",
        term.screen()
    );
    term.keys(&["x"]);
    term.wait_for("something ticked", |screen| !screen.contains(" 0 selected"));
    // The help lists the key in force.
    term.keys(&["?"]);
    let tree_toggle = |screen: &str| {
        screen.lines().any(|line| {
            line.split("tick / untick")
                .next()
                .is_some_and(|before| before.trim_end().ends_with(" x"))
        })
    };
    let help = term.wait_for("x in the help", tree_toggle);
    assert!(!help.contains("Space"), "{help}");
    // Esc and Enter sent at once would read as Alt-Enter.
    term.keys(&["Escape"]);
    term.wait_for("the help closed", |screen| !screen.contains("Keys ─"));
    term.keys(&["Enter"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    let printed = std::fs::read_to_string(term.out("stdout")).expect("stdout");
    assert!(printed.starts_with("accountNotes"), "{printed}");
}

/// Where `scopex config` looks with `env` set (and the other folders' variables unset).
fn config_path_with(env: &[(&str, &str)]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .arg("config")
        .env_remove("SCOPEX_CONFIG_DIR")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("HOME")
        .envs(env.iter().copied())
        .output()
        .expect("scopex runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
#[cfg(unix)]
fn the_config_folder_is_xdg_and_scopex_config_dir_wins() {
    assert_eq!(
        config_path_with(&[("HOME", "/h")]),
        "/h/.config/scopex/config.toml\n"
    );
    assert_eq!(
        config_path_with(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "/x")]),
        "/x/scopex/config.toml\n"
    );
    // A relative XDG_CONFIG_HOME is not one, as the XDG rules say.
    assert_eq!(
        config_path_with(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "x")]),
        "/h/.config/scopex/config.toml\n"
    );
    assert_eq!(
        config_path_with(&[
            ("HOME", "/h"),
            ("XDG_CONFIG_HOME", "/x"),
            ("SCOPEX_CONFIG_DIR", "/s")
        ]),
        "/s/config.toml\n"
    );
    // An empty SCOPEX_CONFIG_DIR is unset: it never makes the current folder (and any
    // `catalogs` folder there) the user's own.
    assert_eq!(
        config_path_with(&[
            ("HOME", "/h"),
            ("XDG_CONFIG_HOME", "/x"),
            ("SCOPEX_CONFIG_DIR", "")
        ]),
        "/x/scopex/config.toml\n"
    );
}
