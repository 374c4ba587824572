//! The explorer's operations view: `o` shows the catalog's API calls in the left panel,
//! grouped by resource in a foldable tree, with a search of their own; ticking them
//! adds the least-privilege scopes for them to those ticked by hand, live, and the details
//! show the focused call's alternatives from least to most privilege.

mod tui_support;

use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use scopex::tui::layout;
use scopex::tui::message::{Mode, Panel};
use scopex::tui::state::App;
use tui_support::*;

/// The labels of the operations view's visible rows.
fn operation_rows(app: &App) -> Vec<String> {
    let operations = explorer(app).operations();
    operations
        .rows()
        .iter()
        .map(|&n| operations.tree().node(n).label.to_string())
        .collect()
}

fn focused_operation_label(app: &App) -> String {
    let operations = explorer(app).operations();
    operations.tree().node(operations.focus()).label.to_string()
}

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
    assert_ne!(buffer[(x, y)].bg, Color::Indexed(237));

    // The calls are grouped by resource, Stora's few all unfolded; the focus starts on
    // the first group.
    assert_eq!(
        operation_rows(&app)[..4],
        [
            "contacts",
            "contacts.list-all-contacts",
            "contacts.show-a-contact",
            "contacts.create-a-contact"
        ]
    );
    assert_eq!(focused_operation_label(&app), "contacts");
    let (gx, gy) = find_in(&buffer, "contacts", tree).expect("the group row");
    assert_eq!(buffer[(gx - 6, gy)].symbol(), "▾");
    // The focused row has the focus background.
    assert_eq!(buffer[(gx, gy)].bg, Color::Indexed(237));
    assert!(buffer[(gx, gy)].modifier.contains(Modifier::BOLD));

    // Tick the first call (list contacts) and the third (create one).
    type_keys(&mut app, "j jj ");
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
    // The group: some of its calls ticked.
    let (gx, gy) = find_in(&buffer, "contacts", tree).expect("the group row");
    assert_eq!(buffer[(gx - 3, gy)].symbol(), "-");
    assert_eq!(buffer[(gx - 3, gy)].fg, Color::Yellow);
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
fn operations_fold_and_unfold_like_the_scope_tree() {
    let mut app = explorer_app("stora", 110, 30);
    type_keys(&mut app, "o");
    // `h` on an open group folds it; `l` unfolds it, then goes to its first call.
    type_keys(&mut app, "h");
    let rows = operation_rows(&app);
    assert_eq!(rows[..2], ["contacts", "contract-templates"]);
    let screen = tui_support::screen(&app);
    assert!(screen.contains("▸ [ ] contacts"), "{screen}");
    type_keys(&mut app, "l");
    assert_eq!(operation_rows(&app)[1], "contacts.list-all-contacts");
    type_keys(&mut app, "l");
    assert_eq!(focused_operation_label(&app), "contacts.list-all-contacts");
    // `h` on a call goes to its group.
    type_keys(&mut app, "h");
    assert_eq!(focused_operation_label(&app), "contacts");
    // `-` folds every group, `+` opens them all.
    type_keys(&mut app, "-");
    let groups = operation_rows(&app);
    assert!(
        groups.iter().all(|label| !label.contains('.')),
        "{groups:?}"
    );
    assert_eq!(groups.len(), 9, "{groups:?}");
    type_keys(&mut app, "+");
    assert_eq!(operation_rows(&app).len(), 16 + 9);
    // The scope tree's folds are its own.
    type_keys(&mut app, "o");
    assert_eq!(row_labels(&app).len(), explorer(&app).rows().len());
}

#[test]
fn a_click_folds_a_group_and_ticks_a_call() {
    let mut app = explorer_app("stora", 110, 30);
    type_keys(&mut app, "o");
    let buffer = tui_support::buffer(&app);
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    // A click on the group's fold marker folds it.
    let (gx, gy) = find_in(&buffer, "contacts", tree).expect("the group row");
    click(&mut app, gx - 6, gy);
    assert_eq!(operation_rows(&app)[1], "contract-templates");
    // A click on a call's checkbox ticks it.
    let buffer = tui_support::buffer(&app);
    let (x, y) = find_in(&buffer, "deals.create-a-deal", tree).expect("listed");
    click(&mut app, x - 3, y);
    let state = explorer(&app);
    assert_eq!(state.operations().ticked().len(), 1);
    assert_eq!(
        state
            .catalog()
            .operation(state.operations().ticked()[0])
            .id
            .as_str(),
        "deals.create-a-deal"
    );
    assert!(!selected_names(&app).is_empty());
}

#[test]
fn space_on_a_group_ticks_its_calls_then_unticks_them() {
    let mut app = explorer_app("stora", 110, 30);
    type_keys(&mut app, "o ");
    assert_eq!(explorer(&app).operations().ticked(), &[0, 1, 2, 3, 4]);
    let buffer = tui_support::buffer(&app);
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    let (gx, gy) = find_in(&buffer, "contacts", tree).expect("the group row");
    assert_eq!(buffer[(gx - 3, gy)].symbol(), "x");
    assert_eq!(buffer[(gx - 3, gy)].fg, Color::LightGreen);
    assert_eq!(
        selected_names(&app),
        ["public.contact:read", "public.contact:write"]
    );
    type_keys(&mut app, " ");
    assert!(explorer(&app).operations().ticked().is_empty());
    assert!(selected_names(&app).is_empty());
}

#[test]
fn in_the_operations_view_the_hints_and_the_quit_question_speak_of_calls() {
    let mut app = explorer_app("stora", 80, 24);
    type_keys(&mut app, "o");
    let shown = screen(&app);
    assert!(
        shown.contains("Nothing held yet: tick calls with"),
        "{shown}"
    );
    assert!(
        shown.contains("Nothing selected: tick calls with Space"),
        "{shown}"
    );
    // Five calls ticked select two scopes; the question counts what was ticked.
    type_keys(&mut app, " q");
    let shown = screen(&app);
    assert!(
        shown.contains("5 calls ticked, not printed: save as a profile (s), quit (q), stay (Esc)?"),
        "{shown}"
    );
    // Back in the scope tree, the words are about scopes again.
    let mut app = explorer_app("stora", 80, 24);
    type_keys(&mut app, "oo");
    assert!(
        screen(&app).contains("tick scopes with Space"),
        "{}",
        screen(&app)
    );
}

#[test]
fn slash_searches_the_operations_with_highlights_and_ticking_still_works() {
    let mut app = explorer_app("stora", 110, 30);
    type_keys(&mut app, "o/grant access");
    assert_eq!(app.mode(), Mode::Search);
    // Only the match and its group are left, the focus on the best match.
    assert_eq!(
        operation_rows(&app),
        ["units", "units.grant-access-to-a-unit"]
    );
    assert_eq!(
        focused_operation_label(&app),
        "units.grant-access-to-a-unit"
    );
    let buffer = tui_support::buffer(&app);
    let screen = buffer_text(&buffer);
    assert!(screen.contains("1 match"), "{screen}");
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    let (x, y) = find_in(&buffer, "units.grant-access-to-a-unit", tree).expect("listed");
    // "grant" in the id is highlighted; "units" is not.
    let g = &buffer[(x + 6, y)];
    assert_eq!(g.symbol(), "g");
    assert_eq!(g.fg, Color::Yellow);
    assert!(g.modifier.contains(Modifier::BOLD));
    assert_ne!(buffer[(x, y)].fg, Color::Yellow);

    // Enter keeps the filter and gives the keys back; Space ticks the match, live.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Tree);
    type_keys(&mut app, " ");
    assert_eq!(explorer(&app).operations().ticked().len(), 1);
    assert!(!selected_names(&app).is_empty());

    // The method and path are searched too, and their matches highlighted (wide
    // enough to show the path after the id).
    let mut wide = explorer_app("stora", 220, 30);
    type_keys(&mut wide, "o/base_price");
    assert_eq!(
        operation_rows(&wide),
        [
            "unit-types",
            "unit-types.create-base-price-for-the-unit-type"
        ]
    );
    let buffer = tui_support::buffer(&wide);
    let wide_tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    let (x, y) = find_in(&buffer, "/base_price", wide_tree)
        .unwrap_or_else(|| panic!("the route is shown:\n{}", buffer_text(&buffer)));
    assert_eq!(buffer[(x + 1, y)].symbol(), "b");
    assert_eq!(buffer[(x + 1, y)].fg, Color::Yellow);
    // Ctrl-u empties the field: no filter, every call again.
    press_key(
        &mut wide,
        KeyCode::Char('u'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    assert_eq!(operation_rows(&wide).len(), 16 + 9);

    // Esc takes away the status message, then clears the search: every call again, the
    // tick kept.
    press(&mut app, KeyCode::Esc);
    assert_eq!(operation_rows(&app).len(), 2);
    press(&mut app, KeyCode::Esc);
    assert_eq!(operation_rows(&app).len(), 16 + 9);
    assert_eq!(explorer(&app).operations().ticked().len(), 1);
    // The scope tree's search is apart from it.
    type_keys(&mut app, "o");
    assert!(!explorer(&app).search().filtering());
}

#[test]
fn a_search_that_matches_no_operation_says_so() {
    let mut app = explorer_app("stora", 110, 30);
    type_keys(&mut app, "o/zzqqxx");
    let screen = tui_support::screen(&app);
    assert!(screen.contains("No operation matches"), "{screen}");
    assert!(screen.contains("0 matches"), "{screen}");
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

/// The explorer on the hand-written catalog of `tests/fixtures/need_files.toml`, whose
/// calls accept up to six alternatives.
fn files_api(width: u16, height: u16) -> App {
    fixture_app("need_files.toml", width, height)
}

/// The explorer on the hand-written catalog `tests/fixtures/FILE`.
fn fixture_app(file: &str, width: u16, height: u16) -> App {
    let path = format!("{}/tests/fixtures/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the fixture");
    let origin = scopex::catalog::Origin::File(path.clone().into());
    let catalog =
        scopex::catalog::parse_catalog(&text, &path, origin).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::explorer(catalog, &[]);
    app.update(scopex::tui::action::Action::Resize(width, height));
    app
}

#[test]
fn the_details_of_a_call_are_panel_2_and_scroll_when_focused() {
    let mut app = files_api(80, 24);
    // The first call, files.list: six alternatives, more than the panel shows.
    type_keys(&mut app, "oj");
    assert_eq!(focused_operation_label(&app), "files.list");
    let screen = tui_support::screen(&app);
    assert!(screen.contains("[1] Files API"), "{screen}");
    assert!(screen.contains("[2] files.list"), "{screen}");
    assert!(screen.contains("↓ more"), "{screen}");
    assert!(!screen.contains("6. files 5 grants"), "{screen}");
    // `2` focuses the details: `j` scrolls them to their end, the call keeps the focus.
    type_keys(&mut app, "2");
    assert_eq!(explorer(&app).panel(), Panel::Details);
    let mut steps = 0;
    while !tui_support::screen(&app).contains("↑ more") {
        type_keys(&mut app, "j");
        steps += 1;
        assert!(steps < 50, "the end never came");
    }
    let screen = tui_support::screen(&app);
    assert!(screen.contains("6. files 5 grants"), "{screen}");
    assert_eq!(focused_operation_label(&app), "files.list");
    assert!(explorer(&app).panel_offset(Panel::Details) > 0);
    // Back to the tree: another call's details start at their top.
    type_keys(&mut app, "1j");
    assert_eq!(focused_operation_label(&app), "files.get");
    assert_eq!(explorer(&app).panel_offset(Panel::Details), 0);
    // A group's details are the numbered panel too.
    type_keys(&mut app, "g");
    let screen = tui_support::screen(&app);
    assert!(screen.contains("[2] files "), "{screen}");
}

#[test]
fn the_details_of_a_scope_count_the_operations_it_authorizes_once_they_are_read() {
    let mut app = explorer_app("stora", 140, 30);
    type_keys(&mut app, "+");
    focus(&mut app, "public.contact:read");
    // Stora's operations are read on first use: not yet.
    assert!(explorer(&app).catalog().operations_if_read().is_none());
    let screen = panel_words(&app, Panel::Details);
    assert!(!screen.contains("Authorizes"), "{screen}");
    // The event loop starts reading them once a frame is drawn; then the details say.
    app.start_background_work();
    app.finish_background_work();
    assert!(!app.busy());
    let screen = panel_words(&app, Panel::Details);
    assert!(
        screen.contains(
            "Authorizes 2 of 16 operations: contacts.list-all-contacts, contacts.show-a-contact"
        ),
        "{screen}"
    );
    // Another scope, its own.
    focus(&mut app, "public.unit:write");
    let screen = panel_words(&app, Panel::Details);
    assert!(
        screen.contains("Authorizes 1 of 16 operations: units.grant-access-to-a-unit"),
        "{screen}"
    );
    // A group says nothing of operations.
    focus(&mut app, "contact");
    let screen = panel_words(&app, Panel::Details);
    assert!(!screen.contains("Authorizes"), "{screen}");
}

#[test]
fn a_scope_authorizes_the_calls_one_of_whose_alternatives_it_holds_whole() {
    let mut app = files_api(140, 30);
    app.start_background_work();
    app.finish_background_work();
    type_keys(&mut app, "+");
    // Reading comments is enough to list them; writing them needs the files' metadata
    // too, which the composite of reading and writing comments does not hold.
    focus(&mut app, "comments.all");
    let screen = panel_words(&app, Panel::Details);
    assert!(
        screen.contains("Authorizes 1 of 10 operations: comments.list"),
        "{screen}"
    );
    // Through what it implies, files.readonly lists, gets and downloads files.
    focus(&mut app, "files.readonly");
    let screen = panel_words(&app, Panel::Details);
    assert!(
        screen.contains("Authorizes 3 of 10 operations: files.list, files.get, files.download"),
        "{screen}"
    );
    // admin holds everything but the users' profiles: the first three, then more.
    focus(&mut app, "admin");
    let screen = panel_words(&app, Panel::Details);
    assert!(
        screen.contains("Authorizes 8 of 10 operations: files.list, files.get, files.download, …"),
        "{screen}"
    );
}

#[test]
fn group_names_cut_from_operation_ids_are_made_safe_to_draw() {
    // An id may not hold control characters, but a bidirectional override is not one:
    // drawn as it is, it would turn the rest of the row around.
    let text = "id = \"hostile\"\nname = \"Hostile\"\ndelimiter = \" \"\n\n\
                [[scope]]\nname = \"files.read\"\ndescription = \"Read files\"\n\n\
                [[operation]]\nid = \"evil\\u202Etxt.files.list\"\nrequires = [[\"files.read\"]]\n\n\
                [[operation]]\nid = \"evil\\u202Etxt.files.get\"\nrequires = [[\"files.read\"]]\n";
    let catalog =
        scopex::catalog::parse_catalog(text, "hostile.toml", scopex::catalog::Origin::Builtin)
            .unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::explorer(catalog, &[]);
    app.update(scopex::tui::action::Action::Resize(100, 30));
    type_keys(&mut app, "o");
    assert!(explorer(&app).operations().shown);
    let drawn = buffer_text(&tui_support::buffer(&app));
    assert!(drawn.contains("evil"), "the group is listed:\n{drawn}");
    assert!(
        !drawn.contains('\u{202E}'),
        "a bidirectional override reached the screen:\n{drawn}"
    );
    // Ticking the group names it in the status line: made safe there too.
    press(&mut app, KeyCode::Char(' '));
    if let Some(status) = app.status() {
        assert!(!status.text.contains('\u{202E}'), "{}", status.text);
    }
}

#[test]
fn long_url_scope_names_are_shown_from_the_tree_prefix_on_rather_than_cut() {
    let text = r#"
id = "urls"
name = "URL scopes"

[tree]
separator = "."
prefix = "https://www.example.com/auth/"

[[scope]]
name = "https://www.example.com/auth/drive.appdata"
description = "See its own configuration data"

[[scope]]
name = "https://www.example.com/auth/drive.readonly"
description = "See and download all files"

[[scope]]
name = "https://mail.example.com/"
description = "Read, send and delete all mail"

[[operation]]
id = "drive.files.list"
requires = [["https://www.example.com/auth/drive.appdata"], ["https://www.example.com/auth/drive.readonly"], ["https://mail.example.com/"]]
"#;
    let catalog =
        scopex::catalog::parse_catalog(text, "urls.toml", scopex::catalog::Origin::Builtin)
            .unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::explorer(catalog, &[]);
    app.update(scopex::tui::action::Action::Resize(80, 24));
    type_keys(&mut app, "o");
    for _ in 0..3 {
        if focused_operation_label(&app) != "drive.files.list" {
            type_keys(&mut app, "j");
        }
    }
    assert_eq!(focused_operation_label(&app), "drive.files.list");
    let words = panel_words(&app, Panel::Details);
    // drive.appdata ("its own configuration data") is limited to part of the data: after.
    assert!(words.contains("1. …/drive.readonly 1 grant"), "{words}");
    assert!(words.contains("…/drive.appdata"), "{words}");
    // A name outside the prefix, short enough, stays whole.
    assert!(words.contains("https://mail.example.com/"), "{words}");
    // Wide enough, every name is shown whole.
    app.update(scopex::tui::action::Action::Resize(200, 40));
    let words = panel_words(&app, Panel::Details);
    assert!(
        words.contains("https://www.example.com/auth/drive.appdata 1 grant"),
        "{words}"
    );
}

#[test]
fn the_details_of_a_call_say_which_alternatives_work_only_in_add_ons() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/need_mail.toml");
    let text = std::fs::read_to_string(path).expect("the fixture");
    let catalog =
        scopex::catalog::parse_catalog(&text, path, scopex::catalog::Origin::File(path.into()))
            .unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::explorer(catalog, &[]);
    app.update(scopex::tui::action::Action::Resize(120, 30));
    type_keys(&mut app, "o/drafts.create");
    press(&mut app, KeyCode::Enter);
    assert_eq!(focused_operation_label(&app), "drafts.create");
    let words = panel_words(&app, Panel::Details);
    // Listed last, after the ones an ordinary integration can ask for.
    assert!(
        words.contains("4. mail.addon.compose 1 grant · only in Mail add-ons"),
        "{words}"
    );
    assert!(words.contains("1. mail.compose 1 grant"), "{words}");
}

/// The explorer on the hand-written catalog of `tests/fixtures/need_mail.toml`.
fn mail_api(width: u16, height: u16) -> App {
    fixture_app("need_mail.toml", width, height)
}

#[test]
fn ticking_a_call_keeps_the_scopes_ticked_by_hand_and_adds_what_it_needs() {
    let mut app = explorer_app("stora", 110, 30);
    // Ticked by hand in the scope tree.
    type_keys(&mut app, "/note:read");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(selected_names(&app), ["public.note:read"]);
    press(&mut app, KeyCode::Esc);
    // Then a call: its scope is added to the one ticked by hand.
    type_keys(&mut app, "oj ");
    assert_eq!(explorer(&app).operations().ticked(), &[0]);
    assert_eq!(
        selected_names(&app),
        ["public.note:read", "public.contact:read"]
    );
    let shown = screen(&app);
    assert!(
        shown.contains("public.note:read public.contact:read")
            || shown.contains("public.contact:read public.note:read"),
        "{shown}"
    );
    // Another call too.
    type_keys(&mut app, "jj ");
    assert_eq!(
        selected_names(&app),
        [
            "public.note:read",
            "public.contact:read",
            "public.contact:write"
        ]
    );
    // Unticking the calls takes away what they added, never what was ticked by hand.
    type_keys(&mut app, " kk ");
    assert!(explorer(&app).operations().ticked().is_empty());
    assert_eq!(selected_names(&app), ["public.note:read"]);
    // Back in the scope tree, it is still ticked.
    type_keys(&mut app, "o");
    assert!(explorer(&app).selection_order().len() == 1);
}

#[test]
fn a_call_the_scopes_ticked_by_hand_already_allow_adds_nothing() {
    let mut app = mail_api(120, 30);
    type_keys(&mut app, "/mail.modify");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(selected_names(&app), ["mail.modify"]);
    press(&mut app, KeyCode::Esc);
    // Sending alone would take `mail.send`; `mail.modify` already allows it.
    type_keys(&mut app, "o/messages.send");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(explorer(&app).operations().ticked().len(), 1);
    assert_eq!(selected_names(&app), ["mail.modify"]);
    let words = panel_words(&app, Panel::Details);
    assert!(words.contains("● ticked"), "{words}");
    assert!(words.contains("already allow"), "{words}");
    // Without the scope ticked by hand it takes the least one.
    let mut app = mail_api(120, 30);
    type_keys(&mut app, "o/messages.send");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(selected_names(&app), ["mail.send"]);
}

#[test]
fn unticking_every_scope_unticks_the_calls_too() {
    let mut app = explorer_app("stora", 110, 30);
    // Four calls of three groups, four scopes.
    type_keys(&mut app, "oj jj jjjj jj ");
    assert_eq!(explorer(&app).operations().ticked().len(), 4);
    assert_eq!(explorer(&app).selection_order().len(), 4);
    assert!(screen(&app).contains("4 ticked"), "{}", screen(&app));
    type_keys(&mut app, "U");
    type_keys(&mut app, "y");
    assert!(explorer(&app).selection_order().is_empty());
    assert!(explorer(&app).operations().ticked().is_empty());
    let shown = screen(&app);
    assert!(!shown.contains("4 ticked"), "{shown}");
    assert!(shown.contains("0 ticked"), "{shown}");
    assert!(shown.contains("Unticked 4 scopes and 4 calls"), "{shown}");
    // Ticking another call brings back only what it needs.
    type_keys(&mut app, "gj ");
    assert_eq!(explorer(&app).operations().ticked(), &[0]);
    assert_eq!(selected_names(&app), ["public.contact:read"]);
}

#[test]
fn unticking_a_scope_unticks_the_calls_it_no_longer_allows() {
    let mut app = explorer_app("stora", 110, 30);
    // List contacts (read) and create one (write).
    type_keys(&mut app, "oj jj ");
    assert_eq!(explorer(&app).operations().ticked(), &[0, 2]);
    // In the scope tree, untick the write scope.
    type_keys(&mut app, "o/contact:write");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(selected_names(&app), ["public.contact:read"]);
    assert!(
        screen(&app).contains("contacts.create-a-contact"),
        "the status names the call unticked:\n{}",
        screen(&app)
    );
    press(&mut app, KeyCode::Esc);
    // Back in the operations: only the call still allowed is ticked.
    type_keys(&mut app, "o");
    assert_eq!(explorer(&app).operations().ticked(), &[0]);
    let buffer = tui_support::buffer(&app);
    let tree = layout::explorer(buffer.area, |_| 1).expect("fits").tree;
    assert!(
        find_in(&buffer, "1 ticked", tree).is_some(),
        "{}",
        buffer_text(&buffer)
    );
    let (x, y) = find_in(&buffer, "contacts.create-a-contact", tree).expect("listed");
    assert_ne!(buffer[(x - 3, y)].symbol(), "x");
    // Ticking another call keeps the one left and adds only what the new one needs.
    type_keys(&mut app, "gjjjjjjjjj ");
    assert_eq!(
        selected_names(&app),
        ["public.contact:read", "public.contract:read"]
    );
}

#[test]
fn ticking_a_slack_chat_call_selects_chat_write_not_a_deprecated_scope() {
    let mut app = explorer_app("slack", 140, 40);
    type_keys(&mut app, "o/chat.postMessage");
    press(&mut app, KeyCode::Enter);
    assert_eq!(focused_operation_label(&app), "chat.postMessage");
    type_keys(&mut app, " ");
    assert_eq!(selected_names(&app), ["chat:write"]);
    let details = panel_words(&app, Panel::Details);
    assert!(details.contains("chat:write:user deprecated"), "{details}");
    assert!(
        details.contains("Chosen: the others name deprecated scopes"),
        "{details}"
    );
}

#[test]
fn the_hint_line_of_the_operations_view_says_o_goes_back_to_the_scopes() {
    for width in [80, 200] {
        let mut app = explorer_app("stora", width, 24);
        type_keys(&mut app, "o");
        let shown = screen(&app);
        let hints = shown.lines().last().unwrap_or_default().to_string();
        assert!(hints.contains("o scopes"), "{width}: {hints}");
        // Back in the scope tree, the hint line is the tree's.
        type_keys(&mut app, "o");
        let shown = screen(&app);
        let hints = shown.lines().last().unwrap_or_default().to_string();
        assert!(!hints.contains("o scopes"), "{width}: {hints}");
    }
}

/// The status line as drawn, and the message it was drawn from.
fn status_row(app: &App) -> (String, String) {
    let text = screen(app);
    let lines: Vec<&str> = text.lines().collect();
    let row = lines[lines.len() - 2].trim_end().to_string();
    let message = app.status().map(|s| s.text.clone()).unwrap_or_default();
    (row, message)
}

#[test]
fn at_80_columns_the_status_line_says_what_ticking_google_calls_did_in_full() {
    let mut app = explorer_app("google", 80, 24);
    type_keys(&mut app, "o/drive.files.export");
    press(&mut app, KeyCode::Tab);
    // Google's long names shortened to what tells them apart, the message whole.
    let (row, message) = status_row(&app);
    assert_eq!(
        message,
        "1 operation ticked → …/drive.readonly · 1 with a choice to make: see details"
    );
    assert_eq!(row, format!(" {message}"), "{}", screen(&app));

    // Unticking the scope in the scope tree unticks the call: said in full too.
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "o/auth/drive.readonly");
    press(&mut app, KeyCode::Enter);
    assert!(
        focused_label(&app).ends_with("/drive.readonly"),
        "{}",
        screen(&app)
    );
    type_keys(&mut app, " ");
    let (row, message) = status_row(&app);
    assert_eq!(
        message,
        "…/drive.readonly unticked · drive.files.export no longer allowed: unticked too"
    );
    assert_eq!(row, format!(" {message}"), "{}", screen(&app));
}

/// A path too long for the details panel wraps before one of its `/`s, never inside a
/// segment, and every part keeps the dim style of the request line.
#[test]
fn a_long_path_in_the_details_wraps_at_a_slash_and_stays_dim() {
    let text = r#"
id = "drive-items"
name = "Drive items"

[tree]
separator = "."

[[scope]]
name = "Files.Read"
description = "Read the user's files"

[[operation]]
id = "items.children"
method = "GET"
path = "/me/drive/items/{driveItem-id}/children/{child-id}/content"
requires = [["Files.Read"]]
"#;
    let catalog =
        scopex::catalog::parse_catalog(text, "drive.toml", scopex::catalog::Origin::Builtin)
            .unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::explorer(catalog, &[]);
    app.update(scopex::tui::action::Action::Resize(80, 24));
    type_keys(&mut app, "o");
    for _ in 0..3 {
        if focused_operation_label(&app) != "items.children" {
            type_keys(&mut app, "j");
        }
    }
    assert_eq!(focused_operation_label(&app), "items.children");
    let e = explorer(&app);
    let area = layout::explorer_areas(app.area(), &e.derived().minimal_text, e.panel())
        .expect("fits")
        .of(Panel::Details)
        .expect("drawn");
    let buf = tui_support::buffer(&app);
    // The rows of the panel from the request line on, each with the style of its cells.
    let rows: Vec<Vec<(String, Color)>> = (area.top() + 1..area.bottom() - 1)
        .map(|y| {
            (area.left() + 1..area.right() - 1)
                .map(|x| (buf[(x, y)].symbol().to_string(), buf[(x, y)].fg))
                .collect()
        })
        .collect();
    let text_of = |row: &[(String, Color)]| -> String {
        row.iter()
            .map(|(s, _)| s.as_str())
            .collect::<String>()
            .trim_end()
            .to_string()
    };
    let first = rows
        .iter()
        .position(|row| text_of(row).starts_with("GET /me"))
        .unwrap_or_else(|| panic!("no request line:\n{}", buffer_text(&buf)));
    let path: Vec<String> = rows[first..]
        .iter()
        .map(|row| text_of(row))
        .take_while(|line| line.starts_with("GET ") || line.starts_with('/'))
        .collect();
    assert!(path.len() > 1, "the path wraps at 80 columns: {path:?}");
    assert_eq!(
        path.concat(),
        "GET /me/drive/items/{driveItem-id}/children/{child-id}/content",
        "{}",
        buffer_text(&buf)
    );
    // Each line after the first starts a segment: the wrap came before a `/`.
    for line in &path[1..] {
        assert!(line.starts_with('/'), "{path:?}");
    }
    // Every character of the request line, wrapped or not, is dim.
    let dim = scopex::tui::theme::Theme::DARK.dim.fg.expect("a colour");
    for (row, line) in rows[first..].iter().zip(&path) {
        for (symbol, fg) in row.iter().take(line.chars().count()) {
            assert_eq!(*fg, dim, "`{symbol}` in {line:?}");
        }
    }
}
