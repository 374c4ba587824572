//! Files under `src/` stay short enough to read in one sitting: about 600 lines. A longer
//! file says why in its module documentation, on a `//!` line that starts
//! `Why this file is long:` followed by the reason (usually: most of it is its unit
//! tests, which sit beside the code they test). A file that has come back under the limit
//! must drop the note, so the notes stay true.

mod support;

use std::fs;
use std::path::Path;

const LIMIT: usize = 600;
const MARKER: &str = "Why this file is long:";
/// A reason shorter than this is not one.
const SHORTEST_REASON: usize = 30;

/// The reason a file's module documentation gives for its length: the text after the
/// marker, up to the end of its paragraph. `None` when there is no marker.
fn stated_reason(text: &str) -> Option<String> {
    let doc: Vec<&str> = text
        .lines()
        .take_while(|line| line.starts_with("//!"))
        .map(|line| line.trim_start_matches("//!").trim())
        .collect();
    let start = doc.iter().position(|line| line.starts_with(MARKER))?;
    let mut reason = doc[start][MARKER.len()..].trim().to_string();
    for line in doc[start + 1..].iter().take_while(|line| !line.is_empty()) {
        reason.push(' ');
        reason.push_str(line);
    }
    Some(reason)
}

#[derive(Debug, PartialEq)]
enum Problem {
    LongWithoutReason,
    ReasonTooShort,
    StaleReason,
}

fn problem(text: &str) -> Option<Problem> {
    let long = text.lines().count() > LIMIT;
    match (long, stated_reason(text)) {
        (true, None) => Some(Problem::LongWithoutReason),
        (true, Some(reason)) if reason.chars().count() < SHORTEST_REASON => {
            Some(Problem::ReasonTooShort)
        }
        (false, Some(_)) => Some(Problem::StaleReason),
        _ => None,
    }
}

#[test]
fn long_files_under_src_say_why() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    support::source_files(&src, &mut files);
    assert!(files.len() > 20, "src/ was not found: {}", src.display());
    let mut problems = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let shown = file
            .strip_prefix(&src)
            .unwrap_or(file)
            .display()
            .to_string();
        let lines = text.lines().count();
        match problem(&text) {
            Some(Problem::LongWithoutReason) => problems.push(format!(
                "src/{shown}: {lines} lines; split it, or say why on a `//! {MARKER} …` line"
            )),
            Some(Problem::ReasonTooShort) => problems.push(format!(
                "src/{shown}: {lines} lines, and the reason after `{MARKER}` is too short to be one"
            )),
            Some(Problem::StaleReason) => problems.push(format!(
                "src/{shown}: {lines} lines, no longer over {LIMIT}: drop its `{MARKER}` note"
            )),
            None => {}
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_check_tells_each_case_apart() {
    let long_body = "fn f() {}\n".repeat(LIMIT);
    let reason = "//! A module.\n//!\n//! Why this file is long: two thirds of it are\n//! the unit tests of its parser.\n";
    assert_eq!(
        problem(&format!("//! A module.\n{long_body}")),
        Some(Problem::LongWithoutReason)
    );
    assert_eq!(problem(&format!("{reason}{long_body}")), None);
    assert_eq!(
        problem(&format!("//! Why this file is long: tests.\n{long_body}")),
        Some(Problem::ReasonTooShort)
    );
    assert_eq!(
        problem(&format!("{reason}fn f() {{}}\n")),
        Some(Problem::StaleReason)
    );
    assert_eq!(problem("//! Short.\nfn f() {}\n"), None);
    // The marker counts only in the module documentation at the top.
    assert_eq!(
        problem(&format!(
            "//! A module.\n{long_body}// Why this file is long: a comment further down.\n"
        )),
        Some(Problem::LongWithoutReason)
    );
    assert_eq!(
        stated_reason(reason).as_deref(),
        Some("two thirds of it are the unit tests of its parser.")
    );
}
