//! The themes against a styled `Buffer`: without colour (`NO_COLOR`, `--color never`)
//! focus, ticks and search matches must still show, by attributes and a glyph; the light
//! theme draws what the dark one does in its own colours; the configured export format.

mod tui_support;

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::{Color, Modifier};
use scopex::tui::layout;
use scopex::tui::theme::Theme;
use tui_support::*;

fn no_colour(cell: &Cell) -> bool {
    cell.fg == Color::Reset && cell.bg == Color::Reset
}

/// Every cell of the screen without colour, or the first one that has some.
fn assert_colourless(buffer: &Buffer) {
    for y in buffer.area.top()..buffer.area.bottom() {
        for x in buffer.area.left()..buffer.area.right() {
            let cell = &buffer[(x, y)];
            assert!(
                no_colour(cell),
                "({x}, {y}) `{}` has colour {:?} on {:?}:\n{}",
                cell.symbol(),
                cell.fg,
                cell.bg,
                buffer_text(buffer)
            );
        }
    }
}

/// The row of the tree panel showing `label`, and the column where the label starts.
fn tree_row(buffer: &Buffer, label: &str) -> (u16, u16) {
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    find_in(buffer, &format!(" {label}"), tree)
        .map(|(x, y)| (x + 1, y))
        .unwrap_or_else(|| panic!("`{label}` not in the tree:\n{}", buffer_text(buffer)))
}

#[test]
fn without_colour_the_focused_row_is_reversed_and_marked_on_the_border() {
    let mut app = explorer_app("outreach", 80, 24).with_theme(Theme::MONO);
    type_keys(&mut app, "j");
    let buffer = buffer(&app);
    assert_colourless(&buffer);
    let (x, y) = tree_row(&buffer, "accountNotes");
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    // Reverse video across the whole row, through its empty end.
    for cx in [x, x + 3, tree.right() - 3] {
        assert!(
            buffer[(cx, y)].modifier.contains(Modifier::REVERSED),
            "column {cx} of the focused row"
        );
    }
    // The glyph on the border, as the picker's.
    assert_eq!(buffer[(tree.x, y)].symbol(), "▌");
    // Any other row: neither.
    let (_, other) = tree_row(&buffer, "audits");
    assert!(!buffer[(x, other)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buffer[(tree.x, other)].symbol(), "│");
}

#[test]
fn without_colour_ticked_and_held_rows_differ_by_attribute() {
    let mut app = explorer_app("outreach", 100, 30).with_theme(Theme::MONO);
    focus(&mut app, "prospects");
    type_keys(&mut app, "l");
    focus(&mut app, "prospects.all");
    type_keys(&mut app, " jj");
    let buffer = buffer(&app);
    assert_colourless(&buffer);
    let (x, y) = tree_row(&buffer, "prospects.all  ");
    assert_eq!(buffer[(x - 3, y)].symbol(), "x");
    assert!(buffer[(x - 3, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = tree_row(&buffer, "prospects.read  ");
    assert_eq!(buffer[(x - 3, y)].symbol(), "~");
    assert!(buffer[(x, y)].modifier.contains(Modifier::ITALIC));
    assert!(!buffer[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn without_colour_search_shows_the_focus_and_the_matched_characters() {
    let mut app = explorer_app("sipgate", 100, 30).with_theme(Theme::MONO);
    type_keys(&mut app, "/voicemails:greet");
    let buffer = buffer(&app);
    assert_colourless(&buffer);
    let (x, y) = tree_row(&buffer, "phonelines:voicemails:greetings:read");
    // "voicemails" starts after "phonelines:" and is matched: bold and underlined.
    let v = &buffer[(x + 11, y)];
    assert_eq!(v.symbol(), "v");
    assert!(v.modifier.contains(Modifier::UNDERLINED | Modifier::BOLD));
    // "phonelines" is not.
    assert!(!buffer[(x, y)].modifier.contains(Modifier::UNDERLINED));
    // The best match has the focus, visible without colour.
    assert_eq!(
        focused_label(&app),
        "phonelines:voicemails:greetings:read",
        "the focus is on the best match"
    );
    assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED));
    // On the focused row a match stays told apart from the rest of the row.
    assert!(!buffer[(x + 1, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn without_colour_the_picker_shows_its_focus() {
    let mut app = picker_app(80, 24).with_theme(Theme::MONO);
    type_keys(&mut app, "git");
    let buffer = buffer(&app);
    assert_colourless(&buffer);
    let (x, y) = find(&buffer, "▌ GitHub").unwrap_or_else(|| panic!("{}", buffer_text(&buffer)));
    assert!(buffer[(x + 2, y)].modifier.contains(Modifier::REVERSED));
    // The matched letters of the name are underlined.
    assert!(buffer[(x + 2, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn the_light_theme_uses_its_own_colours() {
    let mut app = explorer_app("outreach", 80, 24).with_theme(Theme::LIGHT);
    type_keys(&mut app, "j");
    let buffer = buffer(&app);
    let (x, y) = tree_row(&buffer, "accountNotes");
    assert_eq!(
        Some(buffer[(x, y)].bg),
        Theme::LIGHT.focus.bg,
        "the light focus"
    );
    assert_ne!(Theme::LIGHT.focus.bg, Theme::DARK.focus.bg);
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    // The tree has the focus: its border is in the light theme's key colour.
    assert_eq!(Some(buffer[(tree.x, y)].fg), Theme::LIGHT.key.fg);
    // The dark theme draws no glyph: its focus is a colour.
    assert_eq!(buffer[(tree.x, y)].symbol(), "│");
}

#[test]
fn a_catalog_opens_in_the_configured_export_format() {
    use crossterm::event::KeyCode;
    use scopex::export::Format;
    let app = explorer_app("outreach", 80, 24).with_format(Format::Query);
    assert_eq!(explorer(&app).format(), Format::Query);
    // From the picker too.
    let mut app = picker_app(80, 24).with_format(Format::Json);
    type_keys(&mut app, "outreach");
    press(&mut app, KeyCode::Enter);
    assert_eq!(explorer(&app).format(), Format::Json);
}

/// The colour of an entry of the 256-colour palette (xterm's values), 16 and up.
fn palette_rgb(index: u8) -> [f64; 3] {
    match index {
        16..=231 => {
            let level = |n: u8| if n == 0 { 0.0 } else { f64::from(55 + 40 * n) };
            let n = index - 16;
            [level(n / 36), level(n / 6 % 6), level(n % 6)]
        }
        232..=255 => [f64::from(8 + 10 * (index - 232)); 3],
        _ => panic!("the light theme uses the 256-colour palette, not colour {index}"),
    }
}

/// WCAG's contrast ratio of a palette colour against white.
fn contrast_on_white(index: u8) -> f64 {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = palette_rgb(index).map(linear);
    let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    1.05 / (luminance + 0.05)
}

/// On a light terminal every colour the light theme writes in, the border included (the
/// titles of the panels without the focus take its colour), reads at 3:1 at least, the
/// least WCAG asks of bold text and of the parts of an interface.
#[test]
fn the_light_theme_reads_on_white_titles_of_panels_without_focus_too() {
    let mut low = Vec::new();
    for (role, style) in Theme::LIGHT.roles() {
        if let Some(Color::Indexed(index)) = style.fg
            && contrast_on_white(index) < 3.0
        {
            low.push(format!(
                "{role}: {index} ({:.1}:1)",
                contrast_on_white(index)
            ));
        }
    }
    assert!(low.is_empty(), "too faint on white: {low:?}");
    let app = explorer_app("outreach", 100, 30).with_theme(Theme::LIGHT);
    let buffer = buffer(&app);
    let (x, y) = find(&buffer, "Held").unwrap_or_else(|| panic!("{}", buffer_text(&buffer)));
    let Color::Indexed(index) = buffer[(x, y)].fg else {
        panic!("the Held title is in {:?}", buffer[(x, y)].fg);
    };
    assert!(
        contrast_on_white(index) >= 3.0,
        "the Held title, without the focus, is {index}: {:.1}:1",
        contrast_on_white(index)
    );
}
