//! Where the plain commands' text goes. Output that reaches a terminal is neutralised
//! first (catalog and profile text may hold escape sequences); output that goes to a file
//! or a pipe is written as it is. A reader that went away (`scopex list github | head`)
//! ends the output quietly; any other write error is reported, exit 2.

use super::Failure;
use super::colour::ColorChoice;
use crate::sanitize::sanitize_lines;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

/// `--color`, for the messages on stderr (set once, from the arguments).
static COLOUR: AtomicU8 = AtomicU8::new(0);

pub fn set_colour(choice: ColorChoice) {
    COLOUR.store(choice as u8, Ordering::Relaxed);
}

fn colour_choice() -> ColorChoice {
    match COLOUR.load(Ordering::Relaxed) {
        1 => ColorChoice::Always,
        2 => ColorChoice::Never,
        _ => ColorChoice::Auto,
    }
}

/// Writes `text` to stdout, all at once.
pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    let text = if stdout.is_terminal() {
        sanitize_lines(text)
    } else {
        Cow::Borrowed(text)
    };
    written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush()),
    )
}

/// The outcome of writing the output: a closed pipe is fine, anything else is reported,
/// a closed standard output too.
pub fn written(result: io::Result<()>) -> Result<(), Failure> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::bad_input(format!("cannot write the output: {e}")))
        }
        _ if stdout_closed() => Err(Failure::bad_input(
            "cannot write the output: standard output is closed",
        )),
        _ => Ok(()),
    }
}

/// What clap's own answer ends in: the help or the version on stdout (a write that
/// fails is exit 2, as for every command's output), or a usage error on stderr.
pub fn clap_answer(answer: &clap::Error) -> ExitCode {
    let printed = answer.print();
    let code = ExitCode::from(answer.exit_code().clamp(0, 255) as u8);
    if answer.use_stderr() {
        return code;
    }
    match written(printed) {
        Ok(()) => code,
        Err(failure) => {
            error(&failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Standard output was a closed descriptor when the process started (`scopex list
/// github >&-`). Rust's runtime then opens `/dev/null` in its place before `main`, so
/// every write succeeds and a command would end in success having printed nothing; the
/// binary looks before the runtime does and says so here.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Records that standard output was closed when the process started.
pub fn mark_stdout_closed() {
    STDOUT_CLOSED.store(true, Ordering::Relaxed);
}

fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// Writes `scopex: MESSAGE` on stderr, neutralised when stderr is a terminal. Nothing more
/// can be done when stderr itself cannot be written.
pub fn error(message: &str) {
    let mut stderr = io::stderr().lock();
    let terminal = stderr.is_terminal();
    let message = if terminal {
        sanitize_lines(message)
    } else {
        Cow::Borrowed(message)
    };
    let text = styled_message(&message, colour_choice().enabled_here(terminal));
    let _ = writeln!(stderr, "{text}");
}

/// `scopex: MESSAGE`, with colour: the prefix bold, a `warning:` or `note:` in yellow or
/// cyan, and the prefix of anything else (a failure) in red.
fn styled_message(message: &str, colour: bool) -> String {
    if !colour {
        return format!("scopex: {message}");
    }
    const BOLD_RED: &str = "\x1b[1;31m";
    const RESET: &str = "\x1b[0m";
    for (label, style) in [("warning:", "\x1b[1;33m"), ("note:", "\x1b[1;36m")] {
        if let Some(rest) = message.strip_prefix(label) {
            return format!("\x1b[1mscopex:{RESET} {style}{label}{RESET}{rest}");
        }
    }
    format!("{BOLD_RED}scopex:{RESET} {message}")
}

#[cfg(test)]
mod tests {
    use super::styled_message;

    #[test]
    fn colour_only_when_asked_and_the_words_stay_the_same() {
        assert_eq!(
            styled_message("no such scope", false),
            "scopex: no such scope"
        );
        let coloured = styled_message("warning: deprecated", true);
        assert!(coloured.contains("\x1b[1;33mwarning:"));
        let plain: String = coloured
            .split('\x1b')
            .map(|part| part.split_once('m').map_or(part, |(_, rest)| rest))
            .collect();
        assert_eq!(plain, "scopex: warning: deprecated");
    }
}
