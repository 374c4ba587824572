//! `scopex operations` in a real terminal: its columns line up within the terminal's
//! width, a long id or path putting the rest of its row on the next line rather than
//! pushing it along. Skipped, with a note, where tmux is not installed (CI installs it).

mod tmux_support;

use tmux_support::Terminal;

#[test]
fn on_a_terminal_the_operations_line_up_within_its_width() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX operations "$REPO/tests/fixtures/long_paths.toml"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    assert_eq!(term.wait_for_file("code"), "0\n");
    let screen = term.screen();
    let shown = screen.trim_end();
    assert!(
        shown.lines().all(|line| line.chars().count() <= 80),
        "{shown}"
    );
    insta::assert_snapshot!("operations_long_paths_80x24", shown);
}
