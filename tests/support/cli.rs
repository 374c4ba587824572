//! Running the real binary as a user runs it: no user config (`SCOPEX_CONFIG_DIR` points
//! nowhere), its stdout, stderr and exit code.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `scopex ARGS`, ready to run, with no user config.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scopex"));
    command
        .args(args)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config");
    command
}

/// Runs `scopex ARGS` with nothing on stdin.
pub fn scopex(args: &[&str]) -> Output {
    scopex_with_stdin(args, "")
}

/// Runs `scopex ARGS` with `stdin` on its standard input.
pub fn scopex_with_stdin(args: &[&str], stdin: impl AsRef<[u8]>) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the scopex binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_ref())
        .expect("stdin accepts input");
    child.wait_with_output().expect("scopex finishes")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// What `scopex ARGS` prints; it must succeed.
#[track_caller]
pub fn prints(args: &[&str]) -> String {
    let output = scopex(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    stdout(&output)
}

/// `scopex ARGS` succeeds and prints this.
#[track_caller]
pub fn assert_prints(args: &[&str], expected: &str) {
    assert_eq!(prints(args), expected, "{args:?}");
}
