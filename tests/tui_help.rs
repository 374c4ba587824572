//! The help overlay: two columns from 80 columns on (one below), a description too long
//! for its column wrapped under its keys, and g/G/Home/End scrolling both columns.

mod tui_support;

use crossterm::event::KeyCode;
use scopex::tui::keys;
use scopex::tui::layout;
use scopex::tui::message::{HelpRow, Mode};
use scopex::tui::theme::Theme;
use tui_support::*;

#[test]
fn at_80x24_the_help_has_two_columns_below_one() {
    let rows = keys::help_rows(keys::BINDINGS, Mode::Tree);
    for (width, columns) in [(79, 1), (80, 2), (120, 2)] {
        let area = ratatui::layout::Rect::new(0, 0, width, 24);
        let help = layout::help(area, &rows);
        assert_eq!(help.columns.len(), columns, "{width}x24");
        // Inside the screen and the popup, every column.
        assert_eq!(help.popup.intersection(area), help.popup);
        let total: usize = help.columns.iter().map(|c| c.width).sum();
        assert!(
            total + 2 <= usize::from(help.popup.width),
            "{width}: {total}"
        );
    }
    // Two columns need about half the scrolling of one.
    let one = layout::help(ratatui::layout::Rect::new(0, 0, 79, 24), &rows).max_scroll;
    let two = layout::help(ratatui::layout::Rect::new(0, 0, 80, 24), &rows).max_scroll;
    assert!(two * 3 < one * 2, "one column scrolls {one}, two {two}");
    // A help that fits the height keeps one column.
    let tall = layout::help(ratatui::layout::Rect::new(0, 0, 200, 200), &rows);
    assert_eq!((tall.columns.len(), tall.max_scroll), (1, 0));
}

#[test]
fn both_columns_show_side_by_side_at_80x24() {
    let mut app = explorer_app("outreach", 80, 24).with_theme(Theme::DARK);
    type_keys(&mut app, "?");
    let buf = buffer(&app);
    let tree = find(&buf, "Tree").unwrap_or_else(|| panic!("{}", screen(&app)));
    let search = find(&buf, "Search (after /)").unwrap_or_else(|| panic!("{}", screen(&app)));
    assert_eq!(tree.1, search.1, "side by side:\n{}", screen(&app));
    assert!(search.0 > tree.0 + 20);
    // Headings and keys in their styles, in both columns.
    let heading = Theme::DARK.heading;
    assert!(buf[search].modifier.contains(heading.add_modifier));
    if let Some(fg) = heading.fg {
        assert_eq!(buf[search].fg, fg);
    }
    let (x, y) = find(&buf, "↑ Ctrl-p Ctrl-k").expect("the search keys");
    assert!(x > search.0 - 2 && y > search.1);
    assert_eq!(Some(buf[(x, y)].fg), Theme::DARK.key.fg);
}

#[test]
fn a_long_description_wraps_under_itself_not_under_the_keys() {
    let rows = keys::help_rows(keys::BINDINGS, Mode::Tree);
    let help = layout::help(ratatui::layout::Rect::new(0, 0, 80, 24), &rows);
    let wrapped = help.columns.iter().find_map(|column| {
        rows[column.rows.clone()].iter().find_map(|row| match row {
            HelpRow::Keys { what, .. } if scopex::tui::text::width(what) > column.what_width() => {
                Some((what, column.clone()))
            }
            _ => None,
        })
    });
    let Some((what, column)) = wrapped else {
        panic!("nothing wraps at 80x24: {help:?}");
    };
    let lines = layout::help_what_lines(what, column.what_width());
    assert!(lines.len() > 1);
    let mut app = explorer_app("outreach", 80, 24);
    type_keys(&mut app, "?");
    // Scroll until the wrapped row is on screen.
    let buf = (0..40)
        .map(|_| {
            let buf = buffer(&app);
            type_keys(&mut app, "j");
            buf
        })
        .find(|buf| find(buf, &lines[1]).is_some() && find(buf, &lines[0]).is_some())
        .unwrap_or_else(|| panic!("`{what}` never on screen"));
    let first = find(&buf, &lines[0]).expect("first part");
    let second = find(&buf, &lines[1]).expect("second part");
    assert_eq!(
        (second.0, second.1),
        (first.0, first.1 + 1),
        "{}",
        buffer_text(&buf)
    );
}

#[test]
fn g_and_shift_g_home_and_end_scroll_the_two_columns() {
    let mut app = explorer_app("outreach", 80, 24);
    type_keys(&mut app, "?");
    let top = screen(&app);
    type_keys(&mut app, "G");
    let bottom = app.help().map(|h| h.scroll).expect("help open");
    assert!(bottom > 0);
    let end = screen(&app);
    assert!(end.contains("more "), "{end}");
    // The last rows of both columns are in view at the bottom.
    let rows = keys::help_rows(keys::BINDINGS, Mode::Tree);
    let help = layout::help(app.area(), &rows);
    assert_eq!(help.max_scroll, bottom);
    for column in &help.columns {
        if let Some(HelpRow::Keys { what, .. }) = rows[column.rows.clone()].last() {
            let last_line = layout::help_what_lines(what, column.what_width());
            assert!(
                end.contains(last_line.last().map_or("", String::as_str)),
                "{what}:\n{end}"
            );
        }
    }
    type_keys(&mut app, "g");
    assert_eq!(screen(&app), top);
    press(&mut app, KeyCode::End);
    assert_eq!(screen(&app), end);
    press(&mut app, KeyCode::Home);
    assert_eq!(screen(&app), top);
    // Moving past the ends does nothing.
    type_keys(&mut app, "k");
    assert_eq!(app.help().map(|h| h.scroll), Some(0));
    press(&mut app, KeyCode::End);
    type_keys(&mut app, "j");
    assert_eq!(app.help().map(|h| h.scroll), Some(bottom));
}

/// Every word the help shows over `app`, scrolled from top to bottom.
fn help_words(app: &mut scopex::tui::state::App) -> std::collections::HashSet<String> {
    let mut words = std::collections::HashSet::new();
    let mut last = None;
    for _ in 0..200 {
        let text = screen(app);
        words.extend(text.split_whitespace().map(str::to_string));
        let scroll = app.help().map(|h| h.scroll);
        if scroll == last {
            break;
        }
        last = scroll;
        type_keys(app, "j");
    }
    words
}

#[test]
fn at_40x10_the_help_wraps_what_does_not_fit_and_says_there_is_more() {
    for (mode, mut app) in [
        (Mode::Tree, explorer_app("github", 40, 10)),
        (Mode::Picker, picker_app(40, 10)),
    ] {
        type_keys(&mut app, "?");
        let first = screen(&app);
        assert!(first.contains("↓ more"), "{first}");
        let words = help_words(&mut app);
        // Every word of every description is on screen whole at some scroll: nothing is
        // cut at the popup's right edge.
        for row in keys::help_rows(keys::BINDINGS, mode) {
            if let HelpRow::Keys { what, .. } = row {
                for word in what.split_whitespace() {
                    assert!(
                        words.contains(word),
                        "{mode:?}: `{word}` of `{what}` never shown whole:\n{first}"
                    );
                }
            }
        }
        let end = screen(&app);
        assert!(end.contains("↑ more"), "{end}");
    }
}
