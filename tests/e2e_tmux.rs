//! End-to-end runs of the real binary in a real terminal: tmux types the keys
//! (`send-keys`) and reads the screen (`capture-pane`). Skipped, with a note, where tmux
//! is not installed (CI installs it).

mod tmux_support;

use std::process::Command;
use std::time::{Duration, Instant};
use tmux_support::Terminal;

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

/// Enter in one catalog while another, left for the picker, holds a tick: it asks first,
/// and `q` then prints the open catalog's string, on stdout, once the terminal is back.
#[test]
fn enter_with_ticks_kept_for_the_picker_asks_then_prints() {
    let Some(term) = Terminal::start(80, 24, r#"$SCOPEX > "$OUT/stdout"; echo $? > "$OUT/code""#)
    else {
        return;
    };
    term.wait_for_text("Catalog");
    term.literal("github");
    term.keys(&["Enter"]);
    term.wait_for_text("GitHub");
    term.keys(&["Space"]);
    term.wait_for_text("1 selected");
    term.keys(&["c"]);
    term.literal("sipgate");
    term.keys(&["Enter"]);
    term.wait_for_text("sipgate");
    term.keys(&["Space"]);
    term.wait_for_text("1 selected");
    term.keys(&["Enter"]);
    let screen = term.wait_for_text("Quit?");
    assert!(screen.contains("1 scope ticked in GitHub"), "{screen}");
    assert!(!term.out("code").exists(), "left without asking");
    term.keys(&["q"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        "all\n"
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
    term.wait_for_text("206 scopes");
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

#[test]
fn term_dumb_refuses_the_explorer_and_points_at_the_plain_commands() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"TERM=dumb $SCOPEX github 2> "$OUT/stderr"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    assert_eq!(term.wait_for_file("code"), "2\n");
    let stderr = std::fs::read_to_string(term.out("stderr")).expect("stderr");
    assert!(stderr.contains("TERM=dumb"), "{stderr}");
    assert!(stderr.contains("scopex list"), "{stderr}");
    // Nothing was drawn: the terminal was never switched to the explorer's modes.
    assert!(!term.screen().contains("selected"), "{}", term.screen());
}

#[test]
fn a_paste_starts_a_search_and_never_quits() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX outreach > "$OUT/stdout"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    term.wait_for_text("206 scopes");
    // A bracketed paste, as a terminal sends it when the program asked for it: its `q`
    // does not quit, its newline does not accept.
    term.tmux(&["set-buffer", "sequences.read\n"]);
    term.tmux(&["paste-buffer", "-p", "-t", "0"]);
    let screen = term.wait_for_text("/ sequences.read");
    assert!(screen.contains("[ ] sequences.read"), "{screen}");
    term.keys(&["Tab", "Enter", "Enter"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        "sequences.read\n"
    );
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_resumes_drawn_again() {
    // Job control on (`set -m`), as in an interactive shell: scopex runs as a job of its
    // own, and `fg` continues it once it has stopped.
    let Some(term) = Terminal::start(
        80,
        24,
        r#"set -m; $SCOPEX outreach > "$OUT/stdout"; echo "STOPPED:$?"; sleep 1; fg > /dev/null; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    term.wait_for_text("206 scopes");
    term.keys(&["Space"]);
    term.wait_for_text("4 selected");
    term.keys(&["C-z"]);
    // Stopped (148: by SIGTSTP), off the alternate screen: the shell's screen is back.
    // A second later `fg` continues it: drawn again, the selection kept, the keys work.
    let screen = term.wait_for_text("STOPPED:148");
    assert!(!screen.contains("206 scopes"), "{screen}");
    term.wait_for_text("4 selected");
    term.keys(&["Enter"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        "accounts.all\n"
    );
}

/// The SGR parameter lists of the escape sequences in `styled` (`capture-pane -e`).
fn sgr_parameters(styled: &str) -> Vec<Vec<u16>> {
    styled
        .split("\u{1b}[")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(|c: char| !c.is_ascii_digit() && c != ';')?;
            (rest[end..].starts_with('m')).then(|| {
                rest[..end]
                    .split(';')
                    .map(|n| n.parse().unwrap_or(0))
                    .collect()
            })
        })
        .collect()
}

/// Whether an SGR parameter list sets a colour (a default colour, 39 or 49, is none).
fn sets_colour(parameters: &[u16]) -> bool {
    parameters
        .iter()
        .any(|&p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
}

/// The explorer with `env` set, searching for `prospects`: its screen with the escape
/// sequences tmux keeps for what it draws.
fn styled_search(env: &str) -> Option<String> {
    let term = Terminal::start(100, 30, &format!("{env} $SCOPEX outreach"))?;
    term.wait_for_text("206 scopes");
    term.keys(&["/"]);
    term.literal("prospects");
    term.wait_for_text("matches");
    std::thread::sleep(Duration::from_millis(300));
    Some(term.tmux(&["capture-pane", "-p", "-e", "-t", "0"]))
}

#[test]
fn no_color_draws_without_colour_yet_shows_focus_and_matches() {
    let Some(plain) = styled_search("NO_COLOR=1") else {
        return;
    };
    let parameters = sgr_parameters(&plain);
    assert!(
        !parameters.iter().any(|p| sets_colour(p)),
        "a colour with NO_COLOR=1: {parameters:?}"
    );
    // The focused row in reverse video, the matched characters bold and underlined.
    assert!(parameters.iter().any(|p| p.contains(&7)), "{plain:?}");
    assert!(
        parameters.iter().any(|p| p.contains(&1) && p.contains(&4)),
        "{plain:?}"
    );
    // NO_COLOR set but empty does not count; without it there is colour.
    for env in ["NO_COLOR=", "unset NO_COLOR;"] {
        let coloured = styled_search(env).expect("tmux ran before");
        assert!(
            sgr_parameters(&coloured).iter().any(|p| sets_colour(p)),
            "no colour with {env}"
        );
    }
}

/// The mouse in a real terminal, its reports (SGR, as the explorer asks for) typed into
/// the pane: a click on a row's checkbox ticks it, a click on `▸` unfolds it.
#[test]
fn the_mouse_ticks_and_unfolds_in_a_real_terminal() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX github > "$OUT/stdout"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    let screen = term.wait_for_text("39 scopes");
    // 1-based cell of `▸` and of the checkbox on the row of `repo`.
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains("[ ] repo "))
        .unwrap_or_else(|| panic!("no repo row:\n{screen}"));
    let checkbox = line.chars().take_while(|&c| c != '[').count() + 2;
    let fold = line.chars().take_while(|&c| c != '▸').count() + 1;
    let click = |x: usize| {
        term.literal(&format!(
            "\u{1b}[<0;{x};{row}M\u{1b}[<0;{x};{row}m",
            row = y + 1
        ));
    };
    click(checkbox);
    term.wait_for_text("1 selected");
    click(fold);
    term.wait_for_text("repo:status");
    term.keys(&["Enter"]);
    assert_eq!(term.wait_for_file("code"), "0\n");
    assert_eq!(
        std::fs::read_to_string(term.out("stdout")).expect("stdout"),
        "repo\n"
    );
}
