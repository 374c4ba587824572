//! Every panel can take the focus and scroll: number keys, `[`/`]` and Shift-Tab move
//! the focus between panels, the movement keys scroll the focused one, the wheel scrolls
//! the panel under the pointer, a mark on the border says there is more, and the minimal
//! string's panel grows to show all of it. Also the mouse on the tree's fold markers.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers, MouseEventKind};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use scopex::catalog::ScopeId;
use scopex::tui::action::Action;
use scopex::tui::layout::{self, ExplorerAreas};
use scopex::tui::message::Panel;
use scopex::tui::state::{App, Mode};
use scopex::tui::theme::Theme;
use tui_support::*;

fn areas(app: &App) -> ExplorerAreas {
    let e = explorer(app);
    layout::explorer_areas(app.area(), &e.derived().minimal_text, e.panel()).expect("fits")
}

fn panel_text(buffer: &Buffer, area: Rect) -> String {
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The text of a panel as drawn now.
fn shown(app: &App, panel: Panel) -> String {
    let area = areas(app).of(panel).expect("the panel is drawn");
    panel_text(&buffer(app), area)
}

/// GitHub at 80x24 with `repo` focused: its details do not fit.
fn github_repo() -> App {
    let mut app = explorer_app("github", 80, 24);
    focus(&mut app, "repo");
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(focused_label(&app), "repo");
    app
}

/// An explorer on `id` with the scopes whose names satisfy `pick` ticked.
fn with_selection(id: &str, width: u16, height: u16, pick: impl Fn(&str) -> bool) -> App {
    let catalog = catalog(id);
    let select: Vec<ScopeId> = (0..catalog.len())
        .filter(|&s| pick(catalog.name(s)))
        .collect();
    let mut app = App::explorer(catalog, &select);
    app.update(Action::Resize(width, height));
    // One step through the loop draws, so the panels know their length.
    press(&mut app, KeyCode::F(5));
    app
}

#[test]
fn the_details_of_repo_scroll_to_what_it_implies() {
    let mut app = github_repo();
    let details = shown(&app, Panel::Details);
    assert!(details.contains("↓ more"), "{details}");
    assert!(!details.contains("Implies"), "{details}");
    type_keys(&mut app, "2");
    assert_eq!(explorer(&app).panel(), Panel::Details);
    // Line by line down to the end, the members come into view.
    let mut seen = String::new();
    while !shown(&app, Panel::Details).contains("↑ more ┘") {
        seen.push_str(&shown(&app, Panel::Details));
        type_keys(&mut app, "j");
        assert!(seen.len() < 100_000, "the end never came");
    }
    assert!(seen.contains("Implies"), "{seen}");
    let end = explorer(&app).panel_offset(Panel::Details);
    type_keys(&mut app, "gG");
    assert_eq!(explorer(&app).panel_offset(Panel::Details), end);
    // The tree's focus did not move; `g` goes back to the top of the details.
    assert_eq!(focused_label(&app), "repo");
    type_keys(&mut app, "g");
    assert_eq!(explorer(&app).panel_offset(Panel::Details), 0);
    type_keys(&mut app, "jj");
    assert_eq!(explorer(&app).panel_offset(Panel::Details), 2);
    assert_eq!(focused_label(&app), "repo");
    // Esc gives the focus back to the tree, where j moves again.
    press(&mut app, KeyCode::Esc);
    assert_eq!(explorer(&app).panel(), Panel::Tree);
    assert_eq!(app.mode(), Mode::Tree);
    type_keys(&mut app, "j");
    assert_ne!(focused_label(&app), "repo");
    // Another scope's details start at their top.
    assert_eq!(explorer(&app).panel_offset(Panel::Details), 0);
}

#[test]
fn the_focused_panel_has_a_bright_border_and_its_number_in_the_title() {
    let mut app = github_repo();
    let buf = buffer(&app);
    let tree = areas(&app).tree;
    assert_eq!(
        buf[(tree.x, tree.y)].fg,
        Theme::DARK.key.fg.expect("a colour")
    );
    let (x, y) = find(&buf, "[2]").expect("the details' number");
    assert_eq!(buf[(x, y)].fg, Theme::DARK.dim.fg.expect("a colour"));
    type_keys(&mut app, "2");
    let buf = buffer(&app);
    let details = areas(&app).details.expect("details");
    assert_eq!(
        buf[(details.x, details.y)].fg,
        Theme::DARK.key.fg.expect("a colour")
    );
    assert_eq!(
        buf[(tree.x, tree.y)].fg,
        Theme::DARK.border.fg.expect("a colour")
    );
    for number in ["[1]", "[3]", "[4]"] {
        assert!(find(&buf, number).is_some(), "{number}");
    }
}

#[test]
fn number_keys_brackets_and_shift_tab_move_between_panels() {
    let mut app = explorer_app("outreach", 80, 24);
    for (key, panel) in [
        ('3', Panel::Held),
        ('4', Panel::Minimal),
        ('1', Panel::Tree),
        (']', Panel::Details),
        (']', Panel::Held),
        ('[', Panel::Details),
    ] {
        type_keys(&mut app, &key.to_string());
        assert_eq!(explorer(&app).panel(), panel, "after {key}");
    }
    press_key(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(explorer(&app).panel(), Panel::Tree);
    press_key(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(explorer(&app).panel(), Panel::Minimal);
    // Tab still ticks, as in fzf.
    type_keys(&mut app, "1");
    press(&mut app, KeyCode::Tab);
    assert!(
        explorer(&app).selected_count() > 0,
        "Tab ticks the focused group"
    );
    // Searching gives the tree the focus.
    type_keys(&mut app, "2");
    type_keys(&mut app, "/");
    assert_eq!(explorer(&app).panel(), Panel::Tree);
}

#[test]
fn the_held_panel_scrolls_to_its_last_scope() {
    let mut app = with_selection("github", 80, 24, |_| true);
    let held = shown(&app, Panel::Held);
    assert!(held.contains("↓ more"), "{held}");
    assert!(!held.contains("… "), "no longer cut with a count: {held}");
    type_keys(&mut app, "3G");
    let held = shown(&app, Panel::Held);
    assert!(held.contains("↑ more"), "{held}");
    assert!(!held.contains("↓ more"), "{held}");
    let max = explorer(&app).panel_offset(Panel::Held);
    assert!(max > 0);
    press(&mut app, KeyCode::PageUp);
    assert!(explorer(&app).panel_offset(Panel::Held) < max);
    press(&mut app, KeyCode::Home);
    assert_eq!(explorer(&app).panel_offset(Panel::Held), 0);
}

#[test]
fn the_minimal_string_grows_to_show_all_of_it_when_focused() {
    let mut app = with_selection("outreach", 80, 24, |name| name.ends_with(".read"));
    let minimal = explorer(&app).derived().minimal_text.clone();
    let last = minimal.split(' ').next_back().expect("scopes").to_string();
    let before = shown(&app, Panel::Minimal);
    assert!(before.contains("↓ more"), "{before}");
    assert!(!before.contains(&format!("{last} ")), "{before}");
    let small = areas(&app).minimal.height;
    type_keys(&mut app, "4");
    let grown = areas(&app).minimal.height;
    assert!(grown > small + 5, "{small} → {grown}");
    let after = shown(&app, Panel::Minimal);
    let words: String = after
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    for scope in minimal.split(' ') {
        assert!(words.contains(scope), "{scope} missing: {after}");
    }
    // Esc gives the room back to the tree.
    press(&mut app, KeyCode::Esc);
    assert_eq!(areas(&app).minimal.height, small);
}

#[test]
fn the_wheel_scrolls_the_panel_under_the_pointer() {
    let mut app = github_repo();
    let details = areas(&app).details.expect("details");
    let offset = explorer(&app).offset();
    mouse(
        &mut app,
        MouseEventKind::ScrollDown,
        details.x + 3,
        details.y + 3,
    );
    assert!(explorer(&app).panel_offset(Panel::Details) > 0);
    assert_eq!(explorer(&app).offset(), offset, "the tree did not scroll");
    assert_eq!(focused_label(&app), "repo");
    assert_eq!(
        explorer(&app).panel(),
        Panel::Tree,
        "the wheel does not focus"
    );
    mouse(
        &mut app,
        MouseEventKind::ScrollUp,
        details.x + 3,
        details.y + 3,
    );
    assert_eq!(explorer(&app).panel_offset(Panel::Details), 0);
    // Over the tree it scrolls the tree.
    let tree = areas(&app).tree;
    mouse(&mut app, MouseEventKind::ScrollDown, tree.x + 3, tree.y + 3);
    assert!(explorer(&app).offset() > offset);
}

#[test]
fn a_click_on_a_side_panel_focuses_it() {
    let mut app = github_repo();
    let held = areas(&app).held.expect("held");
    click(&mut app, held.x + 2, held.y + 2);
    assert_eq!(explorer(&app).panel(), Panel::Held);
    let tree = layout::inner(areas(&app).tree);
    click(&mut app, tree.x + 12, tree.y);
    assert_eq!(explorer(&app).panel(), Panel::Tree);
}

#[test]
fn on_a_narrow_terminal_a_focused_side_panel_takes_the_tree_s_place() {
    let mut app = explorer_app("github", 50, 16);
    focus(&mut app, "repo");
    assert!(areas(&app).details.is_none());
    type_keys(&mut app, "2");
    let details = areas(&app).details.expect("shown now");
    let text = panel_text(&buffer(&app), details);
    assert!(text.contains("[2] repo"), "{text}");
    type_keys(&mut app, "3");
    assert!(areas(&app).details.is_none());
    assert!(areas(&app).held.is_some());
    press(&mut app, KeyCode::Esc);
    assert!(areas(&app).held.is_none());
    assert!(screen(&app).contains("[1] GitHub"));
}

#[test]
fn a_click_on_a_fold_marker_folds_and_unfolds() {
    let mut app = explorer_app("outreach", 80, 24);
    let tree = layout::inner(areas(&app).tree);
    assert_eq!(row_labels(&app)[1], "accountNotes");
    let marker = layout::marker_columns(0).start as u16;
    click(&mut app, tree.x + marker, tree.y);
    assert_eq!(row_labels(&app)[1], "accounts.all", "accounts unfolded");
    assert_eq!(focused_label(&app), "accounts");
    click(&mut app, tree.x + marker, tree.y);
    assert_eq!(row_labels(&app)[1], "accountNotes", "folded again");
}

#[test]
fn a_double_click_on_a_resource_unfolds_it() {
    let mut app = explorer_app("outreach", 80, 24);
    let tree = layout::inner(areas(&app).tree);
    // The name of the second row, twice.
    click(&mut app, tree.x + 10, tree.y + 1);
    assert_eq!(focused_label(&app), "accountNotes");
    assert_eq!(row_labels(&app)[2], "auditLogs", "one click only focuses");
    click(&mut app, tree.x + 10, tree.y + 1);
    assert_ne!(row_labels(&app)[2], "auditLogs", "the second unfolds");
    assert!(row_labels(&app)[2].starts_with("accountNotes."));
}

/// The top border of `panel` as drawn now.
fn top_border(app: &App, panel: Panel) -> String {
    let area = areas(app).of(panel).expect("the panel is drawn");
    panel_text(&buffer(app), Rect { height: 1, ..area })
        .trim_end()
        .to_string()
}

#[test]
fn at_40_columns_panel_titles_take_short_forms_and_keep_their_number() {
    let mut app = with_selection("outreach", 40, 24, |name| {
        ["prospects.read", "users.all"].contains(&name)
    });
    for (key, panel, title) in [
        ('1', Panel::Tree, "[1] Outreach "),
        ('2', Panel::Details, "[2] prospects.read "),
        ('3', Panel::Held, "[3] Held 2 "),
        ('4', Panel::Minimal, "[4] Minimal "),
    ] {
        type_keys(&mut app, &key.to_string());
        let border = top_border(&app, panel);
        assert!(border.contains(title), "{border}");
        assert!(!border.contains('…'), "{border}");
    }
    // The minimal panel's count, shortened rather than written over the title.
    let border = top_border(&app, Panel::Minimal);
    assert!(border.contains("2 selected → 2 scopes"), "{border}");
    // Each export format still names itself.
    for label in ["scope= param", "JSON"] {
        type_keys(&mut app, "e");
        let border = top_border(&app, Panel::Minimal);
        assert!(border.contains("[4] Minimal "), "{border}");
        assert!(border.contains(label), "{border}");
        assert!(border.contains("2 → 2"), "{border}");
    }
}
