//! Helpers shared by the TUI tests: apps on the built-in catalogs, scripted keys, and
//! screens rendered into a `TestBackend`.
#![allow(dead_code)]

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use scopex::catalog::{Catalog, NodeId, builtin};
use scopex::tui::OpenProfile;
use scopex::tui::action::Action;
use scopex::tui::explorer::Explorer;
use scopex::tui::picker::PickerEntry;
use scopex::tui::state::{App, Effect};
use scopex::tui::step::{Headless, step};
use scopex::tui::view;
use std::path::Path;

pub fn catalog(id: &str) -> Catalog {
    builtin(id).unwrap_or_else(|| panic!("built-in catalog {id}"))
}

/// The explorer on a built-in catalog, sized `width` x `height`.
pub fn explorer_app(id: &str, width: u16, height: u16) -> App {
    let mut app = App::explorer(catalog(id), &[]);
    app.update(Action::Resize(width, height));
    app
}

/// The names of the explorer's ticked scopes, in the order they were ticked.
pub fn selected_names(app: &App) -> Vec<String> {
    let state = explorer(app);
    state
        .selection_order()
        .iter()
        .map(|&s| state.catalog().name(s).to_string())
        .collect()
}

/// The picker over the built-in catalogs only (the user's folder must not leak in).
pub fn picker_app(width: u16, height: u16) -> App {
    let entries = ["outreach", "github", "sipgate", "stora"]
        .iter()
        .map(|id| PickerEntry::ready(catalog(id), "built-in"))
        .collect();
    let mut app = App::picker(entries);
    app.update(Action::Resize(width, height));
    app
}

/// The explorer on a profile file, as `scopex --profile FILE` opens it.
pub fn profile_app(path: &Path, width: u16, height: u16) -> App {
    let loaded = scopex::profile::load(path).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::with_profile(
        loaded.catalog,
        &loaded.selection,
        OpenProfile {
            profile: loaded.profile,
            path: loaded.path,
            operations: loaded.operations,
            stamp: loaded.stamp,
        },
    );
    app.update(Action::Resize(width, height));
    app
}

/// Does what the event loop does with an effect: a save is written and reported back.
pub fn perform(app: &mut App, effect: Effect) -> Effect {
    match effect {
        Effect::Save(request) => {
            let result = request.write();
            app.saved(request, result)
        }
        other => other,
    }
}

pub fn explorer(app: &App) -> &Explorer {
    app.explorer_state().expect("the explorer is open")
}

/// Sends one event through the event loop's own step (the key table, the update, the
/// effects, one draw into a test terminal); a save it asks for is written, a copy is
/// remembered rather than made.
pub fn send(app: &mut App, event: Event) -> Effect {
    let (width, height) = app.size();
    let mut outside = Headless::new(width, height);
    step(app, [event], &mut outside).expect("a test terminal does not fail")
}

/// Sends one key press, as the event loop would.
pub fn press_key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Effect {
    send(app, Event::Key(KeyEvent::new(code, modifiers)))
}

pub fn press(app: &mut App, code: KeyCode) -> Effect {
    press_key(app, code, KeyModifiers::NONE)
}

/// Types each character as a key press; returns the last effect.
pub fn type_keys(app: &mut App, text: &str) -> Effect {
    let mut last = Effect::None;
    for c in text.chars() {
        last = press(app, KeyCode::Char(c));
    }
    last
}

pub fn click(app: &mut App, column: u16, row: u16) -> Effect {
    mouse(app, MouseEventKind::Down(MouseButton::Left), column, row)
}

pub fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) -> Effect {
    send(
        app,
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }),
    )
}

pub fn release(code: KeyCode) -> Event {
    let mut key = KeyEvent::new(code, KeyModifiers::NONE);
    key.kind = KeyEventKind::Release;
    Event::Key(key)
}

/// The tree node labelled `label` (a scope name or a group segment).
pub fn node(app: &App, label: &str) -> NodeId {
    explorer(app)
        .tree()
        .nodes()
        .position(|n| n.label == label)
        .unwrap_or_else(|| panic!("no node {label}"))
}

/// Moves the focus to the visible row of `label`.
pub fn focus(app: &mut App, label: &str) {
    let target = node(app, label);
    let row = explorer(app)
        .rows()
        .iter()
        .position(|&n| n == target)
        .unwrap_or_else(|| panic!("{label} is not visible"));
    app.update(Action::FocusRow(row));
}

/// The labels of the visible rows.
pub fn row_labels(app: &App) -> Vec<String> {
    let e = explorer(app);
    e.rows()
        .iter()
        .map(|&n| e.tree().node(n).label.to_string())
        .collect()
}

pub fn focused_label(app: &App) -> String {
    let e = explorer(app);
    e.tree().node(e.focus()).label.to_string()
}

pub fn buffer(app: &App) -> Buffer {
    let (width, height) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| view::render(app, frame))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The screen as text, one line a row, trailing spaces kept.
/// The text of one of the explorer's panels, inside its border, its lines joined by
/// spaces (wrapped text reads as one).
pub fn panel_words(app: &App, panel: scopex::tui::message::Panel) -> String {
    let e = explorer(app);
    let area =
        scopex::tui::layout::explorer_areas(app.area(), &e.derived().minimal_text, e.panel())
            .expect("fits")
            .of(panel)
            .expect("drawn");
    let buf = buffer(app);
    let mut lines = Vec::new();
    for y in area.top() + 1..area.bottom() - 1 {
        let line: String = (area.left() + 1..area.right() - 1)
            .map(|x| buf[(x, y)].symbol())
            .collect();
        lines.push(line.trim().to_string());
    }
    lines.join(" ")
}

pub fn screen(app: &App) -> String {
    buffer_text(&buffer(app))
}

pub fn buffer_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Finds `needle` on the screen: (column, row) of its first cell.
pub fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    find_in(buffer, needle, buffer.area)
}

/// Finds `needle` inside `area` of the screen.
pub fn find_in(buffer: &Buffer, needle: &str, area: ratatui::layout::Rect) -> Option<(u16, u16)> {
    for y in area.top()..area.bottom() {
        let cells: Vec<&str> = (area.left()..area.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        let line: String = cells.concat();
        if let Some(byte) = line.find(needle) {
            // Map the byte offset back to a cell.
            let mut offset = 0;
            for (x, cell) in cells.iter().enumerate() {
                if offset == byte {
                    return Some((area.left() + x as u16, y));
                }
                offset += cell.len();
            }
        }
    }
    None
}
