//! The catalog picker: its filter is a text field like the search query and the prompts
//! (cursor moves, line editing, a cursor that stays visible with wide characters), and
//! leaving it never silently drops ticks kept in a catalog left for it.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Modifier;
use scopex::tui::layout;
use scopex::tui::state::{App, Effect, Mode};
use tui_support::*;

fn query(app: &App) -> String {
    app.picker_state().expect("picker").query().to_string()
}

fn cursor(app: &App) -> usize {
    app.picker_state().expect("picker").field().cursor()
}

/// The names of the catalogs shown, top to bottom.
fn shown(app: &App) -> Vec<String> {
    let picker = app.picker_state().expect("picker");
    picker
        .shown()
        .iter()
        .map(|s| picker.labels(s.entry).name.clone())
        .collect()
}

#[test]
fn the_filter_has_a_cursor_and_line_editing() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "git hub");
    press_key(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert_eq!(cursor(&app), 0);
    type_keys(&mut app, "x");
    assert_eq!(query(&app), "xgit hub");
    // Ctrl-e, Alt-b: to the start of the last word; typing goes there.
    press_key(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press_key(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    assert_eq!(cursor(&app), 5);
    type_keys(&mut app, "y");
    assert_eq!(query(&app), "xgit yhub");
    // Ctrl-←, Delete, Ctrl-a, Delete, → ←: edits under the cursor.
    press_key(&mut app, KeyCode::Left, KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Delete);
    assert_eq!(query(&app), "xgit hub");
    press_key(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Left);
    assert_eq!((query(&app).as_str(), cursor(&app)), ("git hub", 0));
    assert_eq!(shown(&app).first().map(String::as_str), Some("GitHub"));
    // Alt-f moves by words; Ctrl-u deletes back to the start of the line.
    press_key(&mut app, KeyCode::Char('f'), KeyModifiers::ALT);
    press_key(&mut app, KeyCode::Char('f'), KeyModifiers::ALT);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Left);
    press_key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!((query(&app).as_str(), cursor(&app)), ("hub", 0));
    press_key(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(query(&app), "hu");
    press_key(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(query(&app), "");
    assert_eq!(app.mode(), Mode::Picker);
}

#[test]
fn a_cursor_move_keeps_the_list_and_its_focus() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "o");
    press(&mut app, KeyCode::Down);
    let focus = app.picker_state().expect("picker").focus();
    assert_eq!(focus, Some(1));
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Right);
    press_key(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    assert_eq!(app.picker_state().expect("picker").focus(), focus);
}

#[test]
fn home_and_end_go_to_the_ends_of_the_list_even_with_a_filter() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "o");
    press(&mut app, KeyCode::End);
    let last = app.picker_state().expect("picker").shown().len() - 1;
    assert_eq!(app.picker_state().expect("picker").focus(), Some(last));
    assert_eq!(query(&app), "o");
    press(&mut app, KeyCode::Home);
    assert_eq!(app.picker_state().expect("picker").focus(), Some(0));
}

#[test]
fn the_cursor_of_the_filter_stays_visible_with_wide_characters() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, &"漢".repeat(60));
    let prompt = layout::picker(app.area()).expect("fits").prompt;
    let cursor_cell = |app: &App| {
        let buf = buffer(app);
        (prompt.x..prompt.x + prompt.width)
            .find(|&x| buf[(x, prompt.y)].modifier.contains(Modifier::REVERSED))
            .map(|x| (x, buf[(x, prompt.y)].symbol().to_string()))
    };
    // At the end: a blank cursor cell after the text, the start cut with "…".
    let (x, under) = cursor_cell(&app).unwrap_or_else(|| panic!("no cursor:\n{}", screen(&app)));
    assert_eq!(under, " ");
    assert!(screen(&app).lines().nth(1).is_some_and(|l| l.contains('…')));
    // The counter on the right is not overwritten.
    let buf = buffer(&app);
    assert!(find_in(&buf, "0/4", prompt).is_some(), "{}", screen(&app));
    assert!(x < prompt.x + prompt.width - 4);
    // In the middle: the cursor is on a wide character, still on screen.
    for _ in 0..25 {
        press(&mut app, KeyCode::Left);
    }
    let (_, under) = cursor_cell(&app).unwrap_or_else(|| panic!("no cursor:\n{}", screen(&app)));
    assert_eq!(under, "漢", "{}", screen(&app));
    press_key(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    let (x, under) = cursor_cell(&app).unwrap_or_else(|| panic!("no cursor:\n{}", screen(&app)));
    assert_eq!(
        (x, under.as_str()),
        (prompt.x + 3, "漢"),
        "{}",
        screen(&app)
    );
}

#[test]
fn esc_clears_a_filter_with_its_cursor_then_quits() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "git");
    press(&mut app, KeyCode::Left);
    assert!(!matches!(press(&mut app, KeyCode::Esc), Effect::Exit(_)));
    assert_eq!((query(&app).as_str(), cursor(&app)), ("", 0));
    assert_eq!(shown(&app).len(), 4);
    assert!(matches!(press(&mut app, KeyCode::Esc), Effect::Exit(_)));
}

#[test]
fn back_in_the_picker_the_cursor_is_on_the_catalog_left() {
    let mut app = picker_app(80, 24);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(explorer(&app).catalog().id, "sipgate");
    type_keys(&mut app, "c");
    assert_eq!(app.picker_state().expect("picker").focus(), Some(2));
    // Found with a filter: the filter goes, the cursor stays on it.
    type_keys(&mut app, "stora");
    press(&mut app, KeyCode::Enter);
    assert_eq!(explorer(&app).catalog().id, "stora");
    type_keys(&mut app, "c");
    assert_eq!(query(&app), "");
    assert_eq!(app.picker_state().expect("picker").focus(), Some(3));
}
