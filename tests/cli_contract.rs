//! What every plain command promises scripts: one exit-code rule (0 ok, 1 a check failed,
//! 2 bad input), `--json` everywhere, write errors reported, clear messages, and input
//! from catalog and profile files that can neither drive the terminal nor restructure
//! the Markdown report.

use std::process::{Command, Output, Stdio};

mod support;

use support::cli::{command, scopex, scopex_with_stdin, stderr, stdout};

const PROFILE: &str = "catalogs/integrations/opensense.toml";

#[track_caller]
fn assert_exit(args: &[&str], code: i32) -> Output {
    let output = scopex(args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}\nstdout: {}\nstderr: {}",
        stdout(&output),
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

/// One run of every plain command that succeeds.
fn every_command() -> Vec<Vec<&'static str>> {
    vec![
        vec!["catalogs"],
        vec!["list", "outreach"],
        vec!["list", "outreach", "--tree"],
        vec!["search", "outreach", "prospects"],
        vec!["closure", "outreach", "prospects.all"],
        vec!["minimize", "outreach", "users.all"],
        vec!["explain", "outreach", "users.all"],
        vec!["diff", "outreach", "users.read", "users.all"],
        vec!["check", "outreach", "users.read"],
        vec!["report", PROFILE],
        vec!["url", PROFILE, "--client-id", "abc"],
        vec!["validate", "catalogs/outreach.toml"],
        vec!["validate", PROFILE],
        vec!["need", NEED, "files.list"],
        vec!["operations", NEED],
        vec!["operations", NEED, "files"],
    ]
}

const NEED: &str = "tests/fixtures/need_files.toml";

#[test]
fn every_command_takes_json() {
    for args in every_command() {
        let mut with_json = args.clone();
        with_json.push("--json");
        let output = assert_exit(&with_json, 0);
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&output.stdout);
        assert!(parsed.is_ok(), "{with_json:?}: {}", stdout(&output));
    }
}

#[test]
fn an_unknown_scope_is_bad_input_everywhere() {
    for args in [
        &["closure", "outreach", "users.nope"][..],
        &["minimize", "outreach", "users.nope"],
        &["explain", "outreach", "users.nope"],
        &["diff", "outreach", "users.read", "users.nope"],
        &["diff", "outreach", "users.nope", "users.read"],
        &["check", "outreach", "users.nope"],
        &["check", "outreach", "users.nope", "--json"],
        &["check", PROFILE, "users.nope"],
        &["check", "outreach", "users.read", "--within", "users.nope"],
        &["outreach", "--select", "users.nope"],
        &["operations", "outreach", "users.nope"],
    ] {
        let output = assert_exit(args, 2);
        assert!(
            stderr(&output).contains("`users.nope` is not in the Outreach catalog"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn every_unknown_scope_is_named_up_to_ten() {
    let output = assert_exit(&["minimize", "github", "repoo", "repo", "gistt"], 2);
    assert_eq!(
        stderr(&output),
        "scopex: `repoo` is not in the GitHub catalog; did you mean `repo`?\n\
         scopex: `gistt` is not in the GitHub catalog; did you mean `gist`?\n"
    );
    let many: Vec<String> = (1..=15).map(|i| format!("nope{i}")).collect();
    let mut args = vec!["minimize", "github"];
    args.extend(many.iter().map(String::as_str));
    let output = assert_exit(&args, 2);
    let err = stderr(&output);
    assert_eq!(
        err.matches("is not in the GitHub catalog").count(),
        10,
        "{err}"
    );
    assert!(
        err.ends_with("scopex: and 5 more names not in the GitHub catalog\n"),
        "{err}"
    );
}

#[test]
fn bad_input_is_exit_2_for_every_command() {
    for args in [
        &["list", "nocatalog"][..],
        &["search", "nocatalog", "x"],
        &["closure", "nocatalog", "x"],
        &["minimize", "nocatalog", "x"],
        &["explain", "nocatalog", "x"],
        &["diff", "nocatalog", "x", "y"],
        &["check", "nocatalog", "x"],
        &["report", "no/such/profile.toml"],
        &["url", "no/such/profile.toml"],
        &["validate", "no/such/file.toml"],
        &["nocatalog"],
        &["need", "nocatalog", "x.list"],
        &["need", NEED, "nope.op"],
        &["operations", "nocatalog"],
        &["import", "openapi", "no/such/openapi.yaml"],
    ] {
        assert_exit(args, 2);
    }
    // Only a check that ran and failed is exit 1.
    assert_exit(
        &["check", "outreach", "users.all", "--within", "users.read"],
        1,
    );
}

#[test]
fn no_scopes_is_bad_input_for_check_too() {
    for args in [
        &["check", "outreach"][..],
        &["check", "outreach", ""],
        &["check", "outreach", "", "--minimal"],
        &["check", "outreach", " , "],
        &["check", PROFILE, "--within", ""],
        &["minimize", "outreach", ""],
        &["check", "outreach", "users.read", "--within", ""],
        &["check", "outreach", "users.read", "--within", " , "],
    ] {
        let output = assert_exit(args, 2);
        assert!(stderr(&output).contains("no scopes"), "{}", stderr(&output));
        assert_eq!(stdout(&output), "", "{args:?}");
    }
}

/// `scopex ARGS` with its standard output on a full disk (`/dev/full`).
fn into_full_disk(args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    command(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .expect("scopex runs")
}

#[test]
fn write_errors_are_reported() {
    for args in every_command() {
        for json in [false, true] {
            let mut args = args.clone();
            if json {
                args.push("--json");
            }
            let output = into_full_disk(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&output).contains("cannot write the output"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
}

/// The help and the version are output too: one that cannot be written is exit 2, told on
/// stderr, where it ended in success with nothing written.
#[test]
fn help_and_version_write_errors_are_reported() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["--version"],
        &["-V"],
        &["need", "--help"],
        &["help", "minimize"],
    ] {
        let output = into_full_disk(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            "scopex: cannot write the output: No space left on device (os error 28)\n",
            "{args:?}"
        );
    }
    // A reader that went away early is no error, as for the commands.
    let mut child = command(&["--help"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("scopex runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("scopex finishes");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// Standard output closed (`scopex list github >&-`): Rust's stdout drops every write to
/// a closed descriptor without an error, so this has to be looked for.
#[test]
#[cfg(unix)]
fn a_closed_stdout_is_reported() {
    use std::os::unix::process::CommandExt;
    for args in every_command() {
        for json in [false, true] {
            let mut args = args.clone();
            if json {
                args.push("--json");
            }
            let mut cmd = command(&args);
            cmd.stdin(Stdio::null()).stderr(Stdio::piped());
            // SAFETY: between fork and exec only `close`, which is async-signal-safe.
            unsafe {
                cmd.pre_exec(|| {
                    libc::close(1);
                    Ok(())
                });
            }
            let output = cmd.output().expect("scopex runs");
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert!(
                stderr(&output).contains("cannot write the output: standard output is closed"),
                "{args:?}: {}",
                stderr(&output)
            );
        }
    }
    // Output sent to /dev/null on purpose is written, and fine.
    let status = command(&["list", "outreach"])
        .stdout(Stdio::null())
        .status()
        .expect("scopex runs");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_closed_pipe_is_quiet_and_successful() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.toml");
    std::fs::write(&big, scopex_synth::generate(20_000, 1)).expect("catalog written");
    let big = big.to_str().expect("utf-8 path");
    for args in [
        vec!["list", big],
        vec!["search", big, ""],
        vec!["search", big, "a"],
        vec!["list", big, "--json"],
    ] {
        let mut line = String::new();
        for arg in &args {
            line.push_str(&format!(" '{arg}'"));
        }
        let output = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; \"$0\"{line} | head -c 10 >/dev/null"
            ))
            .arg(env!("CARGO_BIN_EXE_scopex"))
            .output()
            .expect("bash runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}

#[test]
fn an_empty_search_lists_everything() {
    let output = assert_exit(&["search", "outreach", ""], 0);
    let all = assert_exit(&["list", "outreach"], 0);
    assert_eq!(stdout(&output).lines().count(), 206);
    assert_eq!(stdout(&output), stdout(&all));
    let limited = assert_exit(&["search", "outreach", "", "-n", "2"], 0);
    // No matches shown at all would read as "found nothing" (exit 1): refused.
    let zero = assert_exit(&["search", "outreach", "prospects", "-n", "0"], 2);
    assert!(stderr(&zero).contains("'0'"), "{}", stderr(&zero));
    assert_eq!(stdout(&limited).lines().count(), 2);
}

#[test]
fn flags_that_do_not_go_together_are_refused_or_work() {
    let output = assert_exit(
        &[
            "minimize",
            "outreach",
            "users.all",
            "--format",
            "query",
            "--json",
        ],
        2,
    );
    assert!(
        stderr(&output).contains("cannot be used with"),
        "{}",
        stderr(&output)
    );
    let tree = assert_exit(&["list", "github", "--tree", "--json"], 0);
    let tree: serde_json::Value = serde_json::from_slice(&tree.stdout).expect("JSON");
    let nodes = tree["tree"].as_array().expect("tree nodes");
    assert!(
        nodes
            .iter()
            .any(|n| n["depth"] == 1 && n["scope"] == "repo:status"),
        "{nodes:?}"
    );
}

#[test]
fn messages_say_what_is_wrong() {
    let missing_b = assert_exit(&["diff", "outreach", "prospects.read"], 2);
    assert!(
        stderr(&missing_b).contains("B is missing"),
        "{}",
        stderr(&missing_b)
    );

    let no_scope = assert_exit(
        &[
            "minimize",
            "outreach",
            "https://api.outreach.io/oauth/authorize?client_id=x",
        ],
        2,
    );
    assert!(
        stderr(&no_scope).contains("has no `scope` parameter"),
        "{}",
        stderr(&no_scope)
    );

    let extra = assert_exit(&["outreach", "github"], 2);
    assert!(!stderr(&extra).contains("subcommand"), "{}", stderr(&extra));
    assert!(stderr(&extra).contains("`github`"), "{}", stderr(&extra));
    assert!(
        stderr(&extra).contains("scopex minimize outreach"),
        "{}",
        stderr(&extra)
    );

    let bom = scopex_with_stdin(&["minimize", "outreach"], "\u{feff}teams.read\n".as_bytes());
    assert_eq!(bom.status.code(), Some(0), "{}", stderr(&bom));
    assert_eq!(stdout(&bom), "teams.read\n");

    let no_terminal = command(&["outreach"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("TERM", "dumb")
        .output()
        .expect("scopex runs");
    // setsid-less runs may still have a controlling terminal; only judge a failure.
    if no_terminal.status.code() == Some(2) {
        assert!(
            stderr(&no_terminal).contains("plain commands"),
            "{}",
            stderr(&no_terminal)
        );
    }
}

fn hostile_catalog(dir: &std::path::Path) -> String {
    let path = dir.join("hostile.toml");
    std::fs::write(
        &path,
        r#"id = "hostile"
name = "Hostile"

[[scope]]
name = "a.read"
description = "Reads\u001b]52;c;SGVsbG8=\u0007 a\u001b[2J\u009b31m\u202eevil\r| x |\n# heading <img src=x> ![i](http://e/i.png) [l](http://e)"

[[scope]]
name = "a.all"
description = "All of a"

[[implies]]
from = "a.all"
to = ["a.read"]
evidence = "documented"
note = "note\u001b[31m red"
"#,
    )
    .expect("catalog written");
    path.to_str().expect("utf-8 path").to_string()
}

/// Runs `scopex ARGS` with stdout and stderr on a terminal (util-linux `script`), without
/// colour, so any escape sequence would be the catalog's.
fn on_a_terminal(args: &[&str]) -> String {
    on_a_terminal_with(args, &[("NO_COLOR", "1")])
}

/// Runs `scopex ARGS` on a terminal with the environment variables `env` set.
fn on_a_terminal_with(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut line = String::from("\"$0\"");
    for arg in args {
        line.push_str(&format!(" '{arg}'"));
    }
    let output = Command::new("script")
        .args(["-qec"])
        .arg(format!(
            "sh -c '{}' {}",
            line.replace('\'', "'\\''"),
            env!("CARGO_BIN_EXE_scopex")
        ))
        .arg("/dev/null")
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("script runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[cfg(target_os = "linux")]
fn terminal_output_is_neutralised() {
    let dir = tempfile::tempdir().expect("temp dir");
    let catalog = hostile_catalog(dir.path());
    for args in [
        vec!["list", catalog.as_str()],
        vec!["list", catalog.as_str(), "--tree"],
        vec!["search", catalog.as_str(), "reads"],
        vec!["explain", catalog.as_str(), "a.all"],
        vec!["closure", catalog.as_str(), "a.all", "--json"],
        vec!["minimize", catalog.as_str(), "a.read\u{1b}[2J"],
    ] {
        let shown = on_a_terminal(&args);
        assert!(shown.contains("a.read"), "{args:?}: {shown}");
        // `script` turns line feeds into CR LF; any other control is the catalog's.
        let cleaned = shown.replace("\r\n", "\n");
        assert!(
            !cleaned
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{args:?}: {cleaned:?}"
        );
    }
    // Piped, the output is the catalog's text as it is.
    let piped = scopex(&["list", &catalog]);
    assert!(stdout(&piped).contains("\u{1b}]52;"));
}

#[test]
#[cfg(target_os = "linux")]
fn messages_are_coloured_on_a_terminal_unless_colour_is_off() {
    let args = ["minimize", "outreach", "prospects.reed"];
    let red = "\u{1b}[1;31mscopex:";
    assert!(on_a_terminal_with(&args, &[]).contains(red));
    assert!(
        on_a_terminal_with(
            &["--color=always", "minimize", "outreach", "x.y"],
            &[("NO_COLOR", "1")]
        )
        .contains(red)
    );
    for (args, env) in [
        (args.to_vec(), vec![("NO_COLOR", "1")]),
        (
            ["--color", "never"].iter().chain(&args).copied().collect(),
            vec![],
        ),
        (args.to_vec(), vec![("TERM", "dumb")]),
    ] {
        let shown = on_a_terminal_with(&args, &env);
        assert!(
            shown.contains("scopex: `prospects.reed`"),
            "{args:?} {env:?}: {shown:?}"
        );
        assert!(!shown.contains('\u{1b}'), "{args:?} {env:?}: {shown:?}");
    }
    // Off a terminal, only CLICOLOR_FORCE colours.
    let piped = scopex(&args);
    assert!(!String::from_utf8_lossy(&piped.stderr).contains('\u{1b}'));
    let forced = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&forced.stderr).starts_with(red));
}

#[test]
fn the_report_escapes_markdown_it_did_not_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let catalog = hostile_catalog(dir.path());
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        format!(
            "name = \"P\\n# injected\"\ncatalog = \"{catalog}\"\n\n[[scope]]\nname = \"a.all\"\nreason = \"needs | pipes\\nand <b>html</b> and ![img](x) and `code`\\r\"\n"
        ),
    )
    .expect("profile written");
    let output = assert_exit(&["report", profile.to_str().expect("utf-8")], 0);
    let report = stdout(&output);
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with('#')).count(),
        1,
        "{report}"
    );
    for line in &lines {
        if line.starts_with('|') {
            // Four unescaped pipes: three cells, nothing more.
            let pipes = line
                .match_indices('|')
                .filter(|(i, _)| !line[..*i].ends_with('\\'))
                .count();
            assert_eq!(pipes, 4, "{line}");
        }
        for (i, c) in line.char_indices() {
            if matches!(c, '<' | '[' | '!' | '`') && !line[..i].ends_with('\\') {
                // Only the report's own code spans use backticks.
                let own_code_span = c == '`'
                    && (line.starts_with("| `")
                        || line.starts_with("- `")
                        || line.starts_with("**"));
                assert!(own_code_span, "unescaped {c:?} in {line}");
            }
        }
        assert!(!line.contains('\r') && !line.contains('\u{1b}'), "{line:?}");
    }
    // The over-grant list escapes descriptions too.
    assert!(report.contains("Possible over-grant"), "{report}");
    assert!(report.contains("\\#"), "{report}");
}

#[test]
fn a_scope_named_like_a_url_is_a_scope() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("odd.toml");
    std::fs::write(
        &path,
        "id = \"odd\"\nname = \"Odd\"\n\n[[scope]]\nname = \"scope=abc\"\ndescription = \"A\"\n\n[[scope]]\nname = \"abc\"\ndescription = \"B\"\n\n[[scope]]\nname = \"x?scope=abc\"\ndescription = \"C\"\n",
    )
    .expect("catalog written");
    let path = path.to_str().expect("utf-8");
    for name in ["scope=abc", "x?scope=abc"] {
        let output = assert_exit(&["minimize", path, name], 0);
        assert_eq!(stdout(&output), format!("{name}\n"));
    }
    let output = assert_exit(&["minimize", path, "https://e/authorize?scope=abc"], 0);
    assert_eq!(stdout(&output), "abc\n");
}

#[test]
fn validate_json_describes_an_invalid_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    let profile = dir.path().join("p.toml");
    std::fs::write(
        &profile,
        "name = \"P\"\ncatalog = \"outreach\"\n\n[[scope]]\nname = \"users.nope\"\n",
    )
    .expect("profile written");
    let output = assert_exit(&["validate", profile.to_str().expect("utf-8"), "--json"], 2);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["ok"], false);
    assert_eq!(report["kind"], "profile");
    assert_eq!(report["line"], 5);
    assert!(
        report["message"]
            .as_str()
            .is_some_and(|m| m.contains("users.nope")),
        "{report}"
    );
    let missing = assert_exit(&["validate", "no/such/file.toml", "--json"], 2);
    let missing: serde_json::Value = serde_json::from_slice(&missing.stdout).expect("JSON");
    assert_eq!(missing["ok"], false);
}

#[test]
fn a_multi_character_delimiter_reads_back_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("multi.toml");
    std::fs::write(
        &path,
        "id = \"multi\"\nname = \"Multi\"\ndelimiter = \"%%\"\n\n[[scope]]\nname = \"a.read\"\ndescription = \"A\"\n\n[[scope]]\nname = \"b.read\"\ndescription = \"B\"\n",
    )
    .expect("catalog written");
    let path = path.to_str().expect("utf-8");
    let first = assert_exit(&["minimize", path, "a.read", "b.read"], 0);
    assert_eq!(stdout(&first), "a.read%%b.read\n");
    let again = scopex_with_stdin(&["minimize", path], &first.stdout);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(stdout(&again), "a.read%%b.read\n");
}

#[test]
fn a_scope_name_holding_the_delimiter_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("comma.toml");
    std::fs::write(
        &path,
        "id = \"comma\"\nname = \"Comma\"\ndelimiter = \",\"\n\n[[scope]]\nname = \"a,b\"\ndescription = \"A\"\n",
    )
    .expect("catalog written");
    let output = assert_exit(&["validate", path.to_str().expect("utf-8")], 2);
    assert!(
        stderr(&output).contains("contains the catalog's delimiter"),
        "{}",
        stderr(&output)
    );
}

/// Colour forced (`--color always`, `CLICOLOR_FORCE`) still reaches only the messages on
/// stderr (and `--help`, as asked): what a command prints into a pipe is plain text.
#[test]
fn what_goes_into_a_pipe_is_never_coloured() {
    let commands: [&[&str]; 6] = [
        &["catalogs"],
        &["list", "outreach", "--tree"],
        &["search", "outreach", "prospects"],
        &["explain", "outreach", "prospects.all", "audits.read"],
        &[
            "check",
            "outreach",
            "prospects.all",
            "--within",
            "prospects.read",
        ],
        &["report", PROFILE],
    ];
    for args in commands {
        let always = scopex(&[&["--color", "always"][..], args].concat());
        let forced = command(args)
            .env("CLICOLOR_FORCE", "1")
            .output()
            .expect("runs");
        for output in [always, forced] {
            assert!(!stdout(&output).contains('\u{1b}'), "{args:?}");
        }
    }
}

/// `diff --help` says what its two or three arguments may be.
#[test]
fn diff_help_names_its_forms() {
    let help = stdout(&assert_exit(&["diff", "--help"], 0));
    for form in ["CATALOG A B", "PROFILE B", "PROFILE PROFILE", "one string"] {
        assert!(help.contains(form), "{form}:\n{help}");
    }
}

#[test]
fn a_mistyped_command_is_named_as_one() {
    // Where the catalog goes, a word that names no catalog may be a command mistyped.
    let output = assert_exit(&["catalgs"], 2);
    assert!(
        stderr(&output).contains("`catalgs` is no command either; did you mean `scopex catalogs`?"),
        "{}",
        stderr(&output)
    );
    let output = assert_exit(&["profiles"], 2);
    assert!(
        stderr(&output).contains("scopex --help lists them"),
        "{}",
        stderr(&output)
    );
    // A catalog mistyped gets its catalog and nothing about commands.
    let output = assert_exit(&["gogle"], 2);
    assert!(stderr(&output).contains("did you mean `google`?"));
    assert!(!stderr(&output).contains("command"), "{}", stderr(&output));
}

#[test]
fn a_mistyped_or_guessed_command_with_arguments_is_named_as_one() {
    // Not "`scopex serach` opens the explorer": the word is no catalog.
    let output = assert_exit(&["serach", "github", "repo"], 2);
    assert_eq!(
        stderr(&output).trim(),
        "scopex: `serach` is no command or catalog; did you mean `scopex search`?"
    );
    // A word people try for a command scopex names otherwise.
    let output = assert_exit(&["expand", "github", "repo"], 2);
    assert!(
        stderr(&output).contains("did you mean `scopex closure`")
            && stderr(&output).contains("`scopex minimize --expanded`"),
        "{}",
        stderr(&output)
    );
    let output = assert_exit(&["expand"], 2);
    assert!(stderr(&output).contains("did you mean `scopex closure`"));
    // A catalog mistyped before its scopes gets its catalog.
    let output = assert_exit(&["githb", "repo"], 2);
    assert!(
        stderr(&output).contains("did you mean one of `github`, `gitlab`?"),
        "{}",
        stderr(&output)
    );
    // A real catalog with more after it: the commands come first.
    let output = assert_exit(&["github", "repo"], 2);
    assert!(
        stderr(&output).contains("the commands come first"),
        "{}",
        stderr(&output)
    );
}

/// The commands `scopex --help` lists, `help` aside.
fn command_names() -> Vec<String> {
    let help = stdout(&assert_exit(&["--help"], 0));
    help.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        // A wrapped description goes on further in.
        .filter(|line| !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The help of `--color` in `--help` output, its lines joined.
fn colour_help(help: &str) -> String {
    let words: Vec<&str> = help
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("--color <WHEN>"))
        .take_while(|line| !line.contains("Possible values:") && !line.contains("[default:"))
        .flat_map(str::split_whitespace)
        .collect();
    words.join(" ")
}

/// Each command's `--color` says what colour means for that command's output (its
/// messages on stderr; never what it prints on stdout), not what it means in the explorer.
#[test]
fn each_command_says_what_its_colour_means() {
    let names = command_names();
    assert!(names.len() >= 17, "{names:?}");
    for name in &names {
        let help = colour_help(&stdout(&assert_exit(&[name, "--help"], 0)));
        assert!(!help.is_empty(), "`{name} --help` has no --color");
        assert!(!help.contains("explorer"), "{name}: {help}");
        assert!(help.contains("messages on stderr"), "{name}: {help}");
        assert!(help.contains("on stdout never is"), "{name}: {help}");
    }
    let need = colour_help(&stdout(&assert_exit(&["need", "--help"], 0)));
    assert!(need.contains("warnings (least alternatives"), "{need}");
    let top = colour_help(&stdout(&assert_exit(&["--help"], 0)));
    assert!(top.contains("the explorer shows focus"), "{top}");
    // Shell completion describes the flag from the same definition.
    let completed = command(&["--", "scopex", "validate", "--col"])
        .env("COMPLETE", "fish")
        .output()
        .expect("runs");
    assert!(
        stdout(&completed).starts_with("--color\tColour of the messages on stderr"),
        "{}",
        stdout(&completed)
    );
}

/// An argument that is not UTF-8 is bad input wherever it stands, never a crash; a
/// completion request holding one still completes.
#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_bad_input() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bad = OsStr::from_bytes(b"ab\xffcd");
    let run = |args: &[&OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_scopex"))
            .args(args)
            .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
            .stdin(Stdio::null())
            .output()
            .expect("runs")
    };
    fn words(list: &[&'static str]) -> Vec<&'static OsStr> {
        list.iter().map(|word| OsStr::new(*word)).collect()
    }
    for args in [
        vec![bad],
        vec![bad, OsStr::new("list")],
        [words(&["minimize", "outreach"]), vec![bad]].concat(),
        [words(&["--select"]), vec![bad], words(&["outreach"])].concat(),
    ] {
        let output = run(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("invalid UTF-8"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let completion = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(
            [
                words(&["--", "scopex", "minimize"]),
                vec![bad],
                words(&["pro"]),
            ]
            .concat(),
        )
        .env("COMPLETE", "fish")
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("runs");
    assert_eq!(completion.status.code(), Some(0), "{}", stderr(&completion));
    assert!(
        !stderr(&completion).contains("panicked"),
        "{}",
        stderr(&completion)
    );
}

/// An empty catalog argument (an unset variable, say) is told as such by every command
/// that takes a catalog, and by the explorer.
#[test]
fn an_empty_catalog_name_is_told_as_empty() {
    for args in [
        &["list", ""][..],
        &["search", " ", "x"],
        &["minimize", "", "x"],
        &["need", "", "x.list"],
        &["operations", ""],
        &["check", "", "x"],
        &["url", "", "x"],
        &["diff", "", "x", "y"],
        &[""],
    ] {
        let output = assert_exit(args, 2);
        assert!(
            stderr(&output).starts_with("scopex: the catalog is empty: give a catalog id"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}
