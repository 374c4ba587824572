//! The explorer's operations view: `o` shows the catalog's API calls in the left panel;
//! ticking them selects the least-privilege scopes for them, live, and the details show
//! the focused call's alternatives from least to most privilege.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use scopex::tui::layout;
use tui_support::*;

#[test]
fn ticking_operations_selects_what_they_need() {
    let mut app = explorer_app("stora", 110, 30);
    type_keys(&mut app, "o");
    let buffer = tui_support::buffer(&app);
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    let (x, y) = find_in(&buffer, "contacts.list-all-contacts", tree)
        .unwrap_or_else(|| panic!("the operations are listed:\n{}", buffer_text(&buffer)));
    assert!(
        find_in(&buffer, "16 operations", tree).is_some(),
        "{}",
        buffer_text(&buffer)
    );
    // Not ticked, not allowed: a dim empty box.
    assert_eq!(buffer[(x - 4, y)].symbol(), "[");
    assert_eq!(buffer[(x - 4, y)].fg, Color::DarkGray);
    // The focused row has the focus background.
    assert_eq!(buffer[(x, y)].bg, Color::Indexed(237));

    // Tick the first call (list contacts) and the third (create one).
    type_keys(&mut app, " jj ");
    let state = explorer(&app);
    let selected: Vec<&str> = state
        .selection_order()
        .iter()
        .map(|&s| state.catalog().name(s))
        .collect();
    assert_eq!(selected, ["public.contact:read", "public.contact:write"]);
    assert_eq!(
        state.operations().ticked(),
        &[0, 2],
        "ticked in the order they were ticked"
    );

    let buffer = tui_support::buffer(&app);
    let (x, y) = find_in(&buffer, "contacts.list-all-contacts", tree).expect("still listed");
    let ticked = &buffer[(x - 3, y)];
    assert_eq!(ticked.symbol(), "x");
    assert_eq!(ticked.fg, Color::LightGreen);
    assert!(ticked.modifier.contains(Modifier::BOLD));
    // Showing one contact needs what listing them needs: allowed, in the held colour.
    let (x, y) = find_in(&buffer, "contacts.show-a-contact", tree).expect("listed");
    assert_eq!(buffer[(x - 3, y)].symbol(), "~");
    assert_eq!(buffer[(x - 3, y)].fg, Color::Cyan);
    // The minimal string is what the two calls need.
    let screen = buffer_text(&buffer);
    assert!(
        screen.contains("public.contact:read public.contact:write"),
        "{screen}"
    );
    // The details of the focused call (create a contact): its one alternative, chosen.
    assert!(
        screen.contains("Alternatives, least privilege first"),
        "{screen}"
    );
    let (ax, ay) = locate_text(&buffer, "▸ 1. public.contact:write");
    assert_eq!(buffer[(ax, ay)].fg, Color::LightGreen);

    // Unticking a call takes its scopes away again.
    type_keys(&mut app, " ");
    let state = explorer(&app);
    let selected: Vec<&str> = state
        .selection_order()
        .iter()
        .map(|&s| state.catalog().name(s))
        .collect();
    assert_eq!(selected, ["public.contact:read"]);

    // `o` again: back to the scope tree, the selection kept.
    type_keys(&mut app, "o");
    let screen = tui_support::screen(&app);
    assert!(!screen.contains("contacts.list-all-contacts"), "{screen}");
    assert!(explorer(&app).operations().ticked().len() == 1);
}

#[test]
fn a_catalog_without_operations_says_so() {
    let mut app = explorer_app("outreach", 100, 30);
    type_keys(&mut app, "o");
    assert!(!explorer(&app).operations().shown);
    let screen = tui_support::screen(&app);
    assert!(
        screen.contains("lists no operations"),
        "the status line says why nothing happened:\n{screen}"
    );
    press(&mut app, KeyCode::Esc);
}

/// Where `text` is on screen, or a failure showing the screen.
fn locate_text(buffer: &ratatui::buffer::Buffer, text: &str) -> (u16, u16) {
    find(buffer, text).unwrap_or_else(|| panic!("`{text}` not on screen:\n{}", buffer_text(buffer)))
}
