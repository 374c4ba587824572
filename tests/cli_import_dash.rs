//! `-` in `scopex import` means what it means for every command-line tool: stdin as the
//! document, stdout as the output file.

mod support;

use support::cli::{command, scopex_with_stdin, stderr, stdout};

const SHELTER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/openapi/shelter.yaml"
);

/// The catalog of shelter.yaml, as imported from its path to stdout.
fn expected() -> String {
    let output = command(&[
        "import", "openapi", SHELTER, "--id", "shelter", "--source", "S",
    ])
    .output()
    .expect("scopex runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

/// `-o -` writes to stdout and creates no file named `-`.
#[test]
fn output_dash_is_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = command(&[
        "import", "openapi", SHELTER, "--id", "shelter", "--source", "S", "-o", "-",
    ])
    .current_dir(dir.path())
    .output()
    .expect("scopex runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected());
    assert!(!dir.path().join("-").exists(), "a file named - was created");
}

/// `-` as the document reads stdin.
#[test]
fn source_dash_is_stdin() {
    let text = std::fs::read_to_string(SHELTER).expect("the fixture reads");
    let output = scopex_with_stdin(
        &[
            "import", "openapi", "-", "--id", "shelter", "--source", "S", "-o", "-",
        ],
        text,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), expected());
}
