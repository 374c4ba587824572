//! Rendering tests against a `Buffer`, with styles: the checkbox marks and their colours,
//! the search highlight, the focused row, hostile catalog text, and every terminal size.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use scopex::catalog::{Origin, parse_catalog};
use scopex::tui::action::Action;
use scopex::tui::layout;
use scopex::tui::state::App;
use scopex::tui::theme::Theme;
use tui_support::*;

fn cell_at(buffer: &Buffer, (x, y): (u16, u16)) -> &ratatui::buffer::Cell {
    &buffer[(x, y)]
}

/// The (column, row) of `text` on screen, or a failure showing the screen.
fn locate(buffer: &Buffer, text: &str) -> (u16, u16) {
    find(buffer, text).unwrap_or_else(|| panic!("`{text}` not on screen:\n{}", buffer_text(buffer)))
}

/// Where `label` is in the tree panel (the left one).
fn tree_row(buffer: &Buffer, label: &str) -> (u16, u16) {
    let area = buffer.area;
    let tree = layout::explorer(area, |_| 1).expect("fits").tree;
    find_in(buffer, &format!(" {label}"), tree)
        .map(|(x, y)| (x + 1, y))
        .unwrap_or_else(|| panic!("`{label}` not in the tree:\n{}", buffer_text(buffer)))
}

#[test]
fn selected_and_held_marks_have_distinct_colours() {
    let mut app = explorer_app("outreach", 100, 30);
    focus(&mut app, "prospects");
    type_keys(&mut app, "l");
    focus(&mut app, "prospects.all");
    type_keys(&mut app, " j");
    let buffer = tui_support::buffer(&app);

    let (x, y) = tree_row(&buffer, "prospects.all  ");
    let selected = cell_at(&buffer, (x - 3, y));
    assert_eq!(selected.symbol(), "x");
    assert_eq!(selected.fg, Color::LightGreen);
    assert!(selected.modifier.contains(Modifier::BOLD));

    let (x, y) = tree_row(&buffer, "prospects.read  ");
    let held = cell_at(&buffer, (x - 3, y));
    assert_eq!(held.symbol(), "~");
    assert_eq!(held.fg, Color::Cyan);
    // The held scope's name is in the held colour too.
    assert_eq!(cell_at(&buffer, (x + 1, y)).fg, Color::Cyan);

    // The group is fully held, not fully selected.
    let (x, y) = tree_row(&buffer, "prospects  ");
    assert_eq!(cell_at(&buffer, (x - 3, y)).symbol(), "~");

    let (x, y) = tree_row(&buffer, "profiles");
    let none = cell_at(&buffer, (x - 3, y));
    assert_eq!(none.symbol(), " ");
    assert_eq!(cell_at(&buffer, (x - 4, y)).fg, Color::DarkGray);
}

#[test]
fn partial_groups_are_marked() {
    let mut app = explorer_app("outreach", 100, 30);
    focus(&mut app, "users");
    type_keys(&mut app, "l");
    focus(&mut app, "users.read");
    type_keys(&mut app, " ");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "users  ");
    let partial = cell_at(&buffer, (x - 3, y));
    assert_eq!(partial.symbol(), "-");
    assert_eq!(partial.fg, Color::Yellow);
}

#[test]
fn a_folded_scope_with_a_tick_inside_is_marked_partial() {
    let mut app = explorer_app("github", 80, 24);
    focus(&mut app, "repo");
    type_keys(&mut app, "l");
    focus(&mut app, "repo:status");
    type_keys(&mut app, " ");
    // Unfolded, `repo` shows its own state: the tick shows on its own row.
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "repo  ");
    assert_eq!(cell_at(&buffer, (x - 3, y)).symbol(), " ");

    // Folded, it says that something inside is held, in the partial colour.
    focus(&mut app, "repo");
    type_keys(&mut app, "h");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "repo  ");
    let partial = cell_at(&buffer, (x - 3, y));
    assert_eq!(partial.symbol(), "-", "{}", buffer_text(&buffer));
    assert_eq!(partial.fg, Color::Yellow);
    // The details still speak of `repo` itself.
    assert!(buffer_text(&buffer).contains("○ not held"));

    // Nothing held inside: an empty box again.
    focus(&mut app, "repo");
    type_keys(&mut app, "l");
    focus(&mut app, "repo:status");
    type_keys(&mut app, " ");
    focus(&mut app, "repo");
    type_keys(&mut app, "h");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "repo  ");
    assert_eq!(cell_at(&buffer, (x - 3, y)).symbol(), " ");
}

#[test]
fn the_focused_row_is_highlighted_across_the_panel() {
    let mut app = explorer_app("outreach", 80, 24);
    type_keys(&mut app, "j");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "accountNotes");
    assert_eq!(
        cell_at(&buffer, (x, y)).bg,
        Theme::DARK.focus.bg.expect("a background")
    );
    // Through the empty end of the row too.
    assert_eq!(
        cell_at(&buffer, (40, y)).bg,
        Theme::DARK.focus.bg.expect("a background")
    );
    let (_, other) = tree_row(&buffer, "audits");
    assert_ne!(
        cell_at(&buffer, (x, other)).bg,
        Theme::DARK.focus.bg.expect("a background")
    );
}

#[test]
fn search_matches_are_highlighted_in_names_and_descriptions() {
    let mut app = explorer_app("sipgate", 100, 30);
    type_keys(&mut app, "/voicemails:greet");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "phonelines:voicemails:greetings:read");
    // "voicemails" starts after "phonelines:" and is matched.
    let v = cell_at(&buffer, (x + 11, y));
    assert_eq!(v.symbol(), "v");
    assert_eq!(v.fg, Color::Yellow);
    assert!(v.modifier.contains(Modifier::BOLD));
    // "phonelines" is not.
    assert_ne!(cell_at(&buffer, (x, y)).fg, Color::Yellow);

    let mut app = explorer_app("github", 120, 30);
    type_keys(&mut app, "/deployment statuses");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "Access to deployment statuses");
    let highlighted = (x + 21..x + 29)
        .filter(|&cx| cell_at(&buffer, (cx, y)).fg == Color::Yellow)
        .count();
    assert!(highlighted >= 4, "description characters are highlighted");
}

#[test]
fn the_minimal_string_and_count_are_shown() {
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "prospects");
    type_keys(&mut app, " ");
    focus(&mut app, "accounts");
    type_keys(&mut app, " ");
    let buffer = tui_support::buffer(&app);
    locate(&buffer, "accounts.all prospects.all");
    locate(&buffer, "8 selected → 2 scopes · 8 held");
    let (x, y) = locate(&buffer, "accounts.all prospects.all");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::LightGreen);
}

#[test]
fn unticking_a_scope_still_held_says_so_on_the_status_line() {
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "prospects");
    type_keys(&mut app, "l");
    focus(&mut app, "prospects.all");
    type_keys(&mut app, " j  ");
    let buffer = tui_support::buffer(&app);
    locate(
        &buffer,
        "prospects.read is still held through prospects.all",
    );
}

const HOSTILE: &str = r#"
id = "hostile"
name = "Hostile \u001b[31mred"
delimiter = " "

[tree]
separator = "."

[[scope]]
name = "files.read"
description = "Reads \u001b]52;c;SGVsbG8=\u0007 and \u001b[2J clears \u009b the screen"

[[scope]]
name = "files.write"
description = "Line one\nline two\ttabbed \u202eevil"

[[implies]]
from = "files.write"
to = ["files.read"]
composite = false
evidence = "inferred"
note = "note with \u001b[5m blink"
"#;

fn assert_no_controls(buffer: &Buffer) {
    for cell in buffer.content() {
        let symbol = cell.symbol();
        assert!(
            !symbol
                .chars()
                .any(|c| c.is_control() || ('\u{80}'..='\u{9f}').contains(&c)),
            "control character in a cell: {symbol:?}\n{}",
            buffer_text(buffer)
        );
        assert!(!symbol.contains('\u{202e}'));
    }
}

#[test]
fn catalog_text_cannot_drive_the_terminal() {
    let catalog = parse_catalog(HOSTILE, "test.toml", Origin::Builtin).expect("valid catalog");
    assert!(catalog.scopes[0].description.contains('\u{1b}'));
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(120, 30));
    type_keys(&mut app, "+j");
    let buffer = tui_support::buffer(&app);
    assert_no_controls(&buffer);
    locate(&buffer, "␛]52;c;SGVsbG8=␇");
    locate(&buffer, "␛[2J");
    // Select to show the closure, the evidence note and the status line too.
    type_keys(&mut app, "j ");
    let buffer = tui_support::buffer(&app);
    assert_no_controls(&buffer);
    locate(&buffer, "note with ␛[5m blink");
    // And while searching for it.
    type_keys(&mut app, "/reads");
    assert_no_controls(&tui_support::buffer(&app));
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "?");
    assert_no_controls(&tui_support::buffer(&app));
}

#[test]
fn every_size_renders_without_panicking() {
    let sizes = [
        (0, 0),
        (1, 1),
        (20, 5),
        (39, 10),
        (40, 10),
        (41, 11),
        (60, 14),
        (71, 20),
        (72, 20),
        (80, 24),
        (250, 80),
        (500, 3),
        (3, 200),
    ];
    for (width, height) in sizes {
        let mut apps = vec![
            explorer_app("outreach", width, height),
            explorer_app("sipgate", width, height),
            explorer_app("github", width, height),
            picker_app(width, height),
        ];
        for app in &mut apps {
            let _ = buffer(app);
            type_keys(app, "+");
            let _ = buffer(app);
            type_keys(app, "G ");
            let _ = buffer(app);
            type_keys(app, "/s");
            let _ = buffer(app);
            press(app, KeyCode::Esc);
            press(app, KeyCode::F(1));
            let _ = buffer(app);
            type_keys(app, "jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj");
            let _ = buffer(app);
        }
    }
}

#[test]
fn an_empty_catalog_is_usable() {
    let catalog = parse_catalog(
        "id = \"empty\"\nname = \"Empty\"\n",
        "empty.toml",
        Origin::Builtin,
    )
    .expect("valid catalog");
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(80, 24));
    for keys in [
        "j", "k", "G", "g", "h", "l", "-", "+", " ", "y", "Y", "e", "?", "?", "/x",
    ] {
        type_keys(&mut app, keys);
    }
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::PageDown);
    press(&mut app, KeyCode::Enter);
    let text = buffer_text(&tui_support::buffer(&app));
    assert!(text.contains("This catalog has no scopes."), "{text}");
}

#[test]
fn a_tiny_terminal_says_so() {
    for (width, height) in [(20, 5), (39, 24), (80, 9)] {
        let app = explorer_app("outreach", width, height);
        let text = buffer_text(&buffer(&app));
        let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            squashed.contains("too small") && squashed.contains("40x10"),
            "{width}x{height}:\n{text}"
        );
    }
}

#[test]
fn rows_never_wrap_and_long_text_is_cut_with_an_ellipsis() {
    let mut app = explorer_app("github", 80, 24);
    type_keys(&mut app, "j");
    let buffer = tui_support::buffer(&app);
    let (_, y) = tree_row(&buffer, "repo  ");
    let row: String = (0..44).map(|x| buffer[(x, y)].symbol()).collect();
    assert!(row.contains('…'), "{row}");
    let (_, next) = tree_row(&buffer, "admin:repo_hook");
    assert_eq!(next, y + 1, "the long row took one line");
}

#[test]
fn a_broken_user_catalog_is_listed_with_its_located_error_and_does_not_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("acme.toml");
    std::fs::write(&path, "id = \"acme\"\nname = \"Acme\"\nbogus = 1\n").expect("write");
    let user = vec![scopex::catalog::UserCatalogFile {
        path: path.clone(),
        id: Some("acme".to_string()),
        shadows_builtin: false,
    }];
    let entries = scopex::tui::picker_entries(user);
    let total = entries.len();
    let mut app = App::picker(entries);
    app.update(Action::Resize(100, 30));
    type_keys(&mut app, "acme");
    let buffer = tui_support::buffer(&app);
    assert!(
        find(&buffer, &format!("1/{total}")).is_some(),
        "{}",
        buffer_text(&buffer)
    );
    let (x, y) = locate(&buffer, "broken  ");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::Red);
    let (x, y) = locate(&buffer, "error  acme.toml:3:1: ");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::Red);
    locate(&buffer, "bogus");
    // Enter does not open it; the status line says why.
    press(&mut app, KeyCode::Enter);
    assert!(app.picker_state().is_some());
    locate(&tui_support::buffer(&app), "acme failed to load");
}

/// The last row of the screen: the hint line.
fn hint_line(app: &App) -> String {
    let text = screen(app);
    text.lines().last().unwrap_or_default().to_string()
}

#[test]
fn hints_keep_help_and_quit_at_every_width() {
    for width in [40u16, 50, 60, 72, 80, 120] {
        let app = explorer_app("outreach", width, 24);
        let hints = hint_line(&app);
        assert!(hints.contains("? help"), "{width}: {hints}");
        assert!(hints.contains("q quit"), "{width}: {hints}");
        assert!(hints.contains("Space toggle"), "{width}: {hints}");
    }
    // The others are dropped first, from the end of the list.
    let wide = hint_line(&explorer_app("outreach", 120, 24));
    assert!(wide.contains("e format"), "{wide}");
    let narrow = hint_line(&explorer_app("outreach", 40, 24));
    assert!(!narrow.contains("e format"), "{narrow}");
}

#[test]
fn the_picker_hints_show_help_whether_or_not_a_filter_is_typed() {
    let mut app = picker_app(40, 24);
    let hints = hint_line(&app);
    assert!(hints.contains("? help"), "{hints}");
    assert!(hints.contains("quit"), "{hints}");
    type_keys(&mut app, "git");
    let hints = hint_line(&app);
    assert!(hints.contains("F1 help"), "{hints}");
    assert!(hints.contains("quit"), "{hints}");
}

#[test]
fn search_hints_keep_help_and_quit() {
    let mut app = explorer_app("outreach", 40, 24);
    type_keys(&mut app, "/pro");
    let hints = hint_line(&app);
    assert!(hints.contains("F1 help"), "{hints}");
    assert!(hints.contains("Ctrl-c quit"), "{hints}");
}

#[test]
fn the_picker_shows_when_each_catalog_was_read() {
    let app = picker_app(100, 30);
    let buffer = tui_support::buffer(&app);
    let (_, stora) = locate(&buffer, "Stora ");
    let (x, y) = locate(&buffer, "39 scopes  2026-11-23  built-in");
    assert_eq!(y, stora, "{}", buffer_text(&buffer));
    assert_eq!(cell_at(&buffer, (x + 11, y)).fg, Color::DarkGray);
}

#[test]
fn t_cycles_the_trusted_evidence_and_the_details_and_status_line_follow() {
    let mut app = explorer_app("outreach", 140, 40);
    focus(&mut app, "users");
    type_keys(&mut app, "l");
    focus(&mut app, "users.all");
    let status_row = app.area().height - 2;
    let buffer = tui_support::buffer(&app);
    // users.all's member edges are inferred: under the default trust it is atomic.
    let (x, y) = locate(&buffer, "atomic here: not every member is trusted");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::Yellow);
    assert!(
        find(&buffer, "· composite").is_none(),
        "{}",
        buffer_text(&buffer)
    );
    locate(&buffer, "trusted (t)");
    assert!(find(&buffer, "trust:").is_none());

    type_keys(&mut app, "t");
    let buffer = tui_support::buffer(&app);
    locate(&buffer, "· composite");
    assert!(
        find(&buffer, "trusted (t)").is_none(),
        "{}",
        buffer_text(&buffer)
    );
    let (x, y) = locate(&buffer, "trust: all evidence");
    assert_eq!(y, status_row);
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::Yellow);

    type_keys(&mut app, "t");
    let (_, y) = locate(&tui_support::buffer(&app), "trust: documented ");
    assert_eq!(y, status_row);
    type_keys(&mut app, "t");
    assert!(find(&tui_support::buffer(&app), "trust:").is_none());
}

#[test]
fn deprecated_scopes_are_dimmed_with_their_reason_in_the_details() {
    let mut app = explorer_app("outreach", 140, 40);
    focus(&mut app, "audits");
    type_keys(&mut app, "l");
    focus(&mut app, "audits.read");
    let buffer = tui_support::buffer(&app);
    let (x, y) = tree_row(&buffer, "audits.all  ");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::DarkGray);
    let (x, y) = tree_row(&buffer, "auditLogs");
    assert_ne!(cell_at(&buffer, (x, y)).fg, Color::DarkGray);
    let (x, y) = locate(&buffer, "Deprecated: ");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::Yellow);
    locate(&buffer, "use auditLogs.read");
}

#[test]
fn a_scope_usable_only_in_add_ons_says_so_in_the_details() {
    let mut app = explorer_app("google", 160, 40);
    type_keys(&mut app, "/gmail.addons.current.action.compose");
    type_keys(&mut app, "\r");
    let buffer = tui_support::buffer(&app);
    let (x, y) = locate(&buffer, "Only in: ");
    assert_eq!(cell_at(&buffer, (x, y)).fg, Color::Yellow);
    locate(&buffer, "Only in: Gmail add-ons");
}

#[test]
fn a_selection_given_at_start_opens_with_rows_above_it_in_view() {
    // `scopex msgraph --select User.Read`: the focus's group is far down the tree.
    let catalog = catalog("msgraph");
    let read = catalog.id_of("User.Read").expect("User.Read");
    let mut app = App::explorer(catalog, &[read]);
    app.update(Action::Resize(80, 24));
    let buffer = tui_support::buffer(&app);
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    let inner_top = tree.top() + 1;
    let inner_rows = tree.height - 2;

    // The focused row sits well inside the panel, not at its edge.
    let (_, y) = find_in(&buffer, "[x] User.Read", tree)
        .unwrap_or_else(|| panic!("User.Read not in the tree:\n{}", buffer_text(&buffer)));
    let above = y - inner_top;
    assert!(
        above >= inner_rows / 3 && above <= inner_rows * 2 / 3,
        "User.Read drawn {above} rows into a list of {inner_rows}:\n{}",
        buffer_text(&buffer)
    );
    // Its group is in view, and so is the group before it.
    let (_, group) = find_in(&buffer, "▾ [-] User ", tree)
        .unwrap_or_else(|| panic!("the User group is not in view:\n{}", buffer_text(&buffer)));
    assert!(
        group > inner_top,
        "nothing above the User group:\n{}",
        buffer_text(&buffer)
    );
    let e = explorer(&app);
    let user_row = e
        .rows()
        .iter()
        .position(|&n| e.tree().node(n).label == "User")
        .unwrap();
    let before = &e.tree().node(e.rows()[user_row - 1]).label;
    assert!(
        find_in(&buffer, &format!("[ ] {before}"), tree).is_some(),
        "`{before}` above the group is hidden:\n{}",
        buffer_text(&buffer)
    );
}

#[test]
fn the_picker_at_80_columns_leaves_out_built_in_rather_than_cutting_it() {
    // Eighteen built-ins: the longest name and id leave no room for "built-in" at 80
    // columns; a row then ends at its date instead of in "…".
    let entries = scopex::catalog::builtin_summaries()
        .into_iter()
        .map(scopex::tui::picker::PickerEntry::Builtin)
        .collect();
    let mut app = App::picker(entries);
    app.update(Action::Resize(80, 24));
    let buffer = tui_support::buffer(&app);
    let text = buffer_text(&buffer);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" scopes ")).collect();
    assert!(rows.len() > 10, "{text}");
    for row in &rows {
        assert!(!row.contains('…'), "a cut row:\n{text}");
        assert!(!row.contains("built-in"), "no room for it here:\n{text}");
    }
    // Wide enough, every built-in says so.
    app.update(Action::Resize(120, 30));
    let text = buffer_text(&tui_support::buffer(&app));
    let rows: Vec<&str> = text.lines().filter(|l| l.contains(" scopes ")).collect();
    assert!(rows.iter().all(|r| r.contains("built-in")), "{text}");
}

#[test]
fn at_80_columns_each_trust_message_fits_beside_the_trust_label() {
    let mut app = explorer_app("outreach", 80, 24);
    for _ in 0..4 {
        type_keys(&mut app, "t");
        let message = app.status().map(|s| s.text.clone()).unwrap_or_default();
        assert!(message.starts_with("Trusting"), "{message}");
        let text = screen(&app);
        let row = text.lines().rev().nth(1).unwrap_or_default();
        assert!(
            row.starts_with(&format!(" {message}")),
            "cut: {row:?}\n{text}"
        );
    }
}

#[test]
fn a_status_message_too_long_for_the_line_ends_after_a_word() {
    use scopex::tui::text::shorten_segments;
    let cut = shorten_segments("Could not copy the expanded string: no display here", 40);
    assert_eq!(cut, "Could not copy the expanded string: no…");
    // A part cut short keeps its beginning; the last one stays whole.
    let cut = shorten_segments(
        "Not saved: permission denied · /a/very/long/path/to/the/profile.toml · changes kept",
        50,
    );
    assert!(cut.ends_with(" · changes kept"), "{cut}");
    assert!(scopex::tui::text::width(&cut) <= 50);
}

#[test]
fn at_80_columns_the_empty_minimal_panel_says_what_to_do_in_full() {
    for id in ["outreach", "stora"] {
        let app = explorer_app(id, 80, 24);
        let text = screen(&app);
        assert!(
            text.contains(
                "│Nothing selected: tick scopes with Space, then Enter prints the minimal string│"
            ),
            "{text}"
        );
    }
    // Narrower, it ends after a word.
    let app = explorer_app("outreach", 60, 20);
    let text = screen(&app);
    assert!(
        text.contains("│Nothing selected: tick scopes with Space, then Enter…"),
        "{text}"
    );
}
