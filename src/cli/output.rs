//! Where the plain commands' text goes. Output that reaches a terminal is neutralised
//! first (catalog and profile text may hold escape sequences); output that goes to a file
//! or a pipe is written as it is. A reader that went away (`scopex list github | head`)
//! ends the output quietly; any other write error is reported, exit 2.

use super::Failure;
use crate::sanitize::sanitize_lines;
use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

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

/// The outcome of writing the output: a closed pipe is fine, anything else is reported.
pub fn written(result: io::Result<()>) -> Result<(), Failure> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::bad_input(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Writes `scopex: MESSAGE` on stderr, neutralised when stderr is a terminal. Nothing more
/// can be done when stderr itself cannot be written.
pub fn error(message: &str) {
    let mut stderr = io::stderr().lock();
    let message = if stderr.is_terminal() {
        sanitize_lines(message)
    } else {
        Cow::Borrowed(message)
    };
    let _ = writeln!(stderr, "scopex: {message}");
}
