//! The numbered panels in a real terminal: a number key focuses a panel, `j`/`k`/`G`
//! scroll the focused one and only that one, the "more" mark on its bottom border moves
//! with it, and the minimal string's panel grows when focused. Skipped, with a note,
//! where tmux is not installed (CI installs it).

mod tmux_support;

use tmux_support::Terminal;

/// A panel on the screen: the box whose top border holds `title`.
struct Boxed {
    left: usize,
    top: usize,
    bottom: usize,
    right: usize,
}

fn grid(screen: &str) -> Vec<Vec<char>> {
    screen.lines().map(|l| l.chars().collect()).collect()
}

/// The box whose top-left corner is followed by `title` (such as `[2]`), when the
/// screen shows all of it.
fn find_box(screen: &str, title: &str) -> Option<Boxed> {
    let rows = grid(screen);
    let corner: Vec<char> = format!("┌{title}").chars().collect();
    let (top, left) = rows.iter().enumerate().find_map(|(top, row)| {
        let left = row
            .windows(corner.len())
            .position(|w| w == corner.as_slice())?;
        Some((top, left))
    })?;
    let right = (left + 1..rows[top].len()).find(|&x| rows[top][x] == '┐')?;
    let bottom = (top + 1..rows.len()).find(|&y| rows[y].get(left) == Some(&'└'))?;
    Some(Boxed {
        left,
        top,
        bottom,
        right,
    })
}

#[track_caller]
fn the_box(screen: &str, title: &str) -> Boxed {
    find_box(screen, title).unwrap_or_else(|| panic!("no panel {title} on the screen:\n{screen}"))
}

fn line(screen: &str, y: usize, from: usize, to: usize) -> String {
    grid(screen)[y][from..=to].iter().collect()
}

/// The "more" mark on the bottom border of panel `title` ("" when there is none, `?`
/// when the panel is not on the screen).
fn more_mark(screen: &str, title: &str) -> String {
    let Some(b) = find_box(screen, title) else {
        return "?".to_string();
    };
    let border = line(screen, b.bottom, b.left, b.right);
    border.trim_matches(|c| "└┘─ ".contains(c)).to_string()
}

/// The first line of text inside panel `title`.
#[track_caller]
fn first_line(screen: &str, title: &str) -> String {
    let b = the_box(screen, title);
    line(screen, b.top + 1, b.left + 1, b.right - 1)
        .trim()
        .to_string()
}

/// Presses `key` and waits until the screen has changed and satisfies `ready`.
#[track_caller]
fn press(term: &Terminal, key: &str, what: &str, ready: impl Fn(&str) -> bool) -> String {
    let before = term.screen();
    term.keys(&[key]);
    term.wait_for(what, |screen| screen != before && ready(screen))
}

#[test]
fn number_keys_focus_panels_and_the_movement_keys_scroll_only_the_focused_one() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX github --select 'repo user admin:org'; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    // repo's details and the held list go on below what is shown.
    let screen = term.wait_for("the explorer", |s| {
        s.contains("3 selected")
            && s.contains("┌[2] repo ")
            && more_mark(s, "[2]") == "↓ more"
            && more_mark(s, "[3]") == "↓ more"
    });
    assert_eq!(first_line(&screen, "[2]"), "● selected");

    // 2 focuses the details: j scrolls them a line, the mark says there is more both ways.
    term.keys(&["2"]);
    let screen = press(&term, "j", "the details to scroll", |s| {
        more_mark(s, "[2]") == "↑↓ more"
    });
    assert!(
        first_line(&screen, "[2]").starts_with("Full control"),
        "{screen}"
    );
    assert!(
        screen.contains("┌[2] repo "),
        "the tree's focus stayed:\n{screen}"
    );
    assert_eq!(
        more_mark(&screen, "[3]"),
        "↓ more",
        "the held list stayed:\n{screen}"
    );
    // G goes to the end: nothing more below.
    let screen = press(&term, "G", "the end of the details", |s| {
        more_mark(s, "[2]") == "↑ more"
    });
    assert_ne!(first_line(&screen, "[2]"), "● selected", "{screen}");
    // k comes back up a line.
    let screen = press(&term, "k", "a line up", |s| {
        more_mark(s, "[2]") == "↑↓ more"
    });
    let details = first_line(&screen, "[2]");

    // 3 focuses the held list: j scrolls it and leaves the details where they are.
    term.keys(&["3"]);
    let screen = press(&term, "j", "the held list to scroll", |s| {
        more_mark(s, "[3]") == "↑↓ more"
    });
    assert_eq!(first_line(&screen, "[3]"), "repo selected", "{screen}");
    assert_eq!(first_line(&screen, "[2]"), details, "{screen}");

    // 1 gives the focus back to the tree: j moves to the next scope, whose details start
    // at their top.
    term.keys(&["1"]);
    let screen = press(&term, "j", "the tree's focus to move", |s| {
        s.contains("┌[2] admin:repo_hook ")
    });
    assert_eq!(
        first_line(&screen, "[2]"),
        "◐ held through repo",
        "{screen}"
    );
    assert_eq!(more_mark(&screen, "[2]"), "↓ more", "{screen}");
    assert_eq!(
        more_mark(&screen, "[3]"),
        "↑↓ more",
        "the held list kept its place"
    );

    term.keys(&["q"]);
    assert_eq!(term.wait_for_file("code"), "130\n");
}

#[test]
fn the_minimal_string_s_panel_grows_when_focused_and_shrinks_back() {
    let Some(term) = Terminal::start(
        80,
        24,
        r#"$SCOPEX outreach --select "$(printf '%s.read ' accounts calls events mailboxes mailings opportunities personas products profiles prospects roles sequences stages tasks teams templates users)"; echo $? > "$OUT/code""#,
    ) else {
        return;
    };
    let screen = term.wait_for("the explorer", |s| {
        s.contains("17 selected") && more_mark(s, "[4]") == "↓ more"
    });
    let small = the_box(&screen, "[4]");
    // It grows until all of it shows: no mark left.
    let screen = press(&term, "4", "the minimal string to grow", |s| {
        find_box(s, "[4]").is_some_and(|b| b.top < small.top) && more_mark(s, "[4]").is_empty()
    });
    assert!(screen.contains("users.read"), "{screen}");
    press(&term, "Escape", "the minimal string to shrink", |s| {
        find_box(s, "[4]").is_some_and(|b| b.top == small.top)
    });
    term.keys(&["q"]);
    assert_eq!(term.wait_for_file("code"), "130\n");
}
