//! What a developer's shell gets: `--version` with the catalog set, completion scripts
//! that complete catalog ids and the scope names of the catalog typed, and a man page.

mod tmux_support;

use std::process::Command;
use tmux_support::Terminal;

fn scopex(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("scopex runs")
}

#[test]
fn version_lists_the_built_in_catalogs() {
    let output = scopex(&["--version"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with(&format!("scopex {}\n", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    for id in ["outreach", "github", "sipgate", "stora"] {
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_else(|| panic!("{id} missing: {text}"));
        assert!(
            line.contains("scopes") && line.contains("retrieved"),
            "{line}"
        );
    }
}

/// What bash offers for the last word of `line`, with the script `scopex completions
/// bash` prints loaded: the words split as bash splits them (at blanks, and at `:` and
/// `=`, which COMP_WORDBREAKS holds), and each answer as the whole word it makes.
fn bash_completes(line: &str) -> Vec<String> {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_scopex"));
    let folder = binary.parent().expect("the binary's folder");
    let path = format!(
        "{}:{}",
        folder.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = r#"
source <(scopex completions bash) || exit 3
read -ra raw <<< "$1"
[[ "$1" == *" " ]] && raw+=("")
COMP_WORDS=()
for w in "${raw[@]}"; do
    if [[ -z "$w" ]]; then COMP_WORDS+=(""); continue; fi
    while [[ "$w" =~ ^([^:=]*)([:=]+)(.*)$ ]]; do
        [[ -n "${BASH_REMATCH[1]}" ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
        COMP_WORDS+=("${BASH_REMATCH[2]}")
        w="${BASH_REMATCH[3]}"
    done
    [[ -n "$w" ]] && COMP_WORDS+=("$w")
done
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; COMP_TYPE=9
# Bash completes nothing of a word that is only a break: the text after it.
cur="${COMP_WORDS[COMP_CWORD]}"; [[ "$cur" =~ ^[:=]+$ ]] && cur=""
_clap_complete_scopex scopex "$cur" "${COMP_WORDS[COMP_CWORD-1]}"
last="${raw[${#raw[@]}-1]}"
for reply in "${COMPREPLY[@]}"; do printf '%s\n' "${last%"$cur"}$reply"; done
"#;
    let output = Command::new("bash")
        .args(["-c", script, "bash", line])
        .env("PATH", path)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("bash runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_commands_catalogs_and_scopes_of_the_typed_catalog() {
    assert_eq!(bash_completes("scopex mini"), ["minimize"]);
    assert_eq!(bash_completes("scopex minimize outr"), ["outreach"]);
    assert_eq!(
        bash_completes("scopex minimize outreach prospects."),
        [
            "prospects.all",
            "prospects.read",
            "prospects.write",
            "prospects.delete"
        ]
    );
    // The scopes follow the catalog typed: GitHub's here.
    assert_eq!(
        bash_completes("scopex explain github repo:"),
        ["repo:status", "repo:invite"]
    );
    // A profile names its catalog.
    assert!(
        bash_completes("scopex check catalogs/integrations/opensense.toml users.")
            .contains(&"users.delete".to_string())
    );
    assert!(bash_completes("scopex outreach --select teams.").contains(&"teams.read".to_string()));
    // url and operations take scopes too, after options with values.
    assert_eq!(
        bash_completes("scopex url --name CI gitlab --token-page read_r"),
        ["read_repository", "read_registry"]
    );
    assert_eq!(
        bash_completes("scopex operations github repo:"),
        ["repo:status", "repo:invite"]
    );
    // Bash breaks words at `:` and `=`; the script puts them back together.
    assert_eq!(
        bash_completes("scopex minimize github read:or"),
        ["read:org"]
    );
    assert_eq!(
        bash_completes("scopex minimize github repo admin:o"),
        ["admin:org", "admin:org_hook"]
    );
    assert!(
        bash_completes("scopex minimize --format=j").contains(&"--format=json".to_string()),
        "{:?}",
        bash_completes("scopex minimize --format=j")
    );
}

/// The README's example, in an interactive bash in a real terminal with the script loaded
/// as the README says: Tab completes `pros` as far as the prospect scopes agree, and a
/// second Tab lists them.
#[test]
fn tab_in_bash_completes_pros_to_the_prospects_scopes() {
    let offered = [
        "prospects.all",
        "prospects.read",
        "prospects.write",
        "prospects.delete",
        "prospectNotes.all",
        "prospectNotes.read",
        "prospectNotes.write",
        "prospectNotes.delete",
    ];
    assert_eq!(bash_completes("scopex minimize outreach pros"), offered);
    let Some(term) = Terminal::start(
        100,
        30,
        r#"PATH="$(dirname "$SCOPEX"):$PATH" PS1='ready$ ' bash --norc --noprofile -i"#,
    ) else {
        return;
    };
    term.wait_for_text("ready$");
    term.literal("source <(scopex completions bash)");
    term.keys(&["Enter"]);
    term.literal("scopex minimize outreach pros");
    term.keys(&["Tab"]);
    term.wait_for_text("ready$ scopex minimize outreach prospect");
    // Bash lists the candidates on a Tab right after one that completed; one typed while
    // the first is still being answered may only ring the bell.
    let listed = |screen: &str| offered.iter().all(|scope| screen.contains(scope));
    for _ in 0..5 {
        term.keys(&["Tab"]);
        std::thread::sleep(std::time::Duration::from_millis(500));
        if listed(&term.screen()) {
            break;
        }
    }
    term.wait_for("the prospect scopes listed", listed);
}

#[test]
fn every_shell_has_a_script() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let output = scopex(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("COMPLETE"),
            "{shell}"
        );
    }
    assert_eq!(scopex(&["completions", "tcsh"]).status.code(), Some(2));
}

/// PATH with the binary's folder first.
fn path_with_scopex() -> String {
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_scopex"));
    format!(
        "{}:{}",
        binary.parent().expect("the binary's folder").display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// zsh and fish, where installed, read their scripts; fish completes the scopes of the
/// catalog typed, with their descriptions.
#[test]
fn zsh_and_fish_read_their_scripts() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (shell, file) in [("zsh", "scopex.zsh"), ("fish", "scopex.fish")] {
        let Ok(found) = Command::new(shell).arg("--version").output() else {
            eprintln!("{shell} is not installed: its script is not checked");
            continue;
        };
        assert!(found.status.success());
        let script = dir.path().join(file);
        std::fs::write(&script, scopex(&["completions", shell]).stdout).expect("script");
        let parsed = Command::new(shell)
            .arg("-n")
            .arg(&script)
            .output()
            .expect("shell runs");
        assert!(
            parsed.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&parsed.stderr)
        );
        if shell == "fish" {
            let completed = Command::new("fish")
                .arg("-c")
                .arg(format!(
                    "source {}; complete -C'scopex minimize outreach prospects.r'",
                    script.display()
                ))
                .env("PATH", path_with_scopex())
                .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
                .output()
                .expect("fish runs");
            assert_eq!(
                String::from_utf8_lossy(&completed.stdout),
                "prospects.read\tRead prospects\n"
            );
        }
    }
}

#[test]
fn the_man_page_is_roff() {
    let output = scopex(&["manpage"]);
    assert_eq!(output.status.code(), Some(0));
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH scopex"),
        "{page}"
    );
    assert!(page.contains("minimize"), "{page}");
    // groff, where installed, formats it without a warning.
    let groff = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let Ok(mut groff) = groff else {
        eprintln!("groff is not installed: the man page is not formatted");
        return;
    };
    use std::io::Write;
    groff
        .stdin
        .take()
        .expect("stdin")
        .write_all(&output.stdout)
        .expect("groff reads");
    let formatted = groff.wait_with_output().expect("groff runs");
    assert!(formatted.status.success());
    assert_eq!(String::from_utf8_lossy(&formatted.stderr), "");
}
