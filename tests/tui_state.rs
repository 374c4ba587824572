//! Key → state tests: every action, driven through the key table where a key exists.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers, MouseEventKind};
use scopex::tui::Outcome;
use scopex::tui::action::Action;
use scopex::tui::explorer::{Change, Mark};
use scopex::tui::keys;
use scopex::tui::layout;
use scopex::tui::state::{App, Effect, Mode, StatusKind};
use tui_support::*;

fn outreach() -> App {
    explorer_app("outreach", 80, 24)
}

fn minimal(app: &App) -> String {
    explorer(app).derived().minimal_text.clone()
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn mark(app: &App, label: &str) -> Mark {
    explorer(app).mark(node(app, label))
}

#[test]
fn opens_folded_with_the_first_row_focused() {
    let app = outreach();
    let rows = row_labels(&app);
    assert_eq!(rows[0], "accounts");
    assert!(
        rows.iter().all(|r| !r.contains('.')),
        "groups only: {rows:?}"
    );
    assert_eq!(focused_label(&app), "accounts");
    assert_eq!(app.mode(), Mode::Tree);
}

#[test]
fn move_down_and_up_with_arrows_and_j_k() {
    let mut app = outreach();
    press(&mut app, KeyCode::Down);
    assert_eq!(focused_label(&app), "accountNotes");
    type_keys(&mut app, "j");
    assert_eq!(focused_label(&app), "auditLogs");
    type_keys(&mut app, "k");
    assert_eq!(focused_label(&app), "accountNotes");
    press(&mut app, KeyCode::Up);
    assert_eq!(focused_label(&app), "accounts");
    // At the top, moving up changes nothing and asks for no redraw.
    assert_eq!(press(&mut app, KeyCode::Up), Effect::None);
}

#[test]
fn top_bottom_and_pages_keep_the_focus_visible() {
    let mut app = outreach();
    let rows = explorer(&app).rows().len();
    type_keys(&mut app, "G");
    assert_eq!(explorer(&app).focus_row(), Some(rows - 1));
    let offset = explorer(&app).offset();
    let viewport =
        layout::inner(layout::explorer(app.area(), |_| 1).expect("fits").tree).height as usize;
    assert!(offset + viewport >= rows && offset < rows);
    type_keys(&mut app, "g");
    assert_eq!(explorer(&app).focus_row(), Some(0));
    assert_eq!(explorer(&app).offset(), 0);
    press(&mut app, KeyCode::End);
    assert_eq!(explorer(&app).focus_row(), Some(rows - 1));
    press(&mut app, KeyCode::Home);
    assert_eq!(explorer(&app).focus_row(), Some(0));

    press(&mut app, KeyCode::PageDown);
    let page = explorer(&app).focus_row().expect("visible");
    assert!(page >= 10, "a page moves by the viewport: {page}");
    press(&mut app, KeyCode::PageUp);
    assert_eq!(explorer(&app).focus_row(), Some(0));
}

#[test]
fn unfold_then_into_the_children_and_fold_back() {
    let mut app = outreach();
    focus(&mut app, "prospects");
    let before = explorer(&app).rows().len();
    type_keys(&mut app, "l");
    assert_eq!(explorer(&app).rows().len(), before + 4);
    assert_eq!(focused_label(&app), "prospects");
    // On an open group, unfold goes to the first child.
    press(&mut app, KeyCode::Right);
    assert_eq!(focused_label(&app), "prospects.all");
    // On a leaf, fold goes to the parent.
    type_keys(&mut app, "h");
    assert_eq!(focused_label(&app), "prospects");
    press(&mut app, KeyCode::Left);
    assert_eq!(explorer(&app).rows().len(), before);
    // Fold on a folded top-level group changes nothing.
    assert_eq!(type_keys(&mut app, "h"), Effect::None);
}

#[test]
fn fold_all_and_unfold_all() {
    let mut app = outreach();
    let folded = explorer(&app).rows().len();
    type_keys(&mut app, "+");
    let all = explorer(&app).rows().len();
    assert_eq!(all, explorer(&app).tree().len());
    focus(&mut app, "prospects.read");
    type_keys(&mut app, "-");
    assert_eq!(explorer(&app).rows().len(), folded);
    assert_eq!(
        focused_label(&app),
        "prospects",
        "the focus goes to its top row"
    );
    type_keys(&mut app, "=");
    assert_eq!(explorer(&app).rows().len(), all);
}

#[test]
fn toggling_a_scope_selects_it_by_scope_and_updates_the_minimal_string() {
    let mut app = outreach();
    type_keys(&mut app, "+");
    focus(&mut app, "prospects.read");
    type_keys(&mut app, " ");
    assert_eq!(mark(&app, "prospects.read"), Mark::Selected);
    assert_eq!(mark(&app, "prospects"), Mark::Partial);
    assert_eq!(minimal(&app), "prospects.read");
    press(&mut app, KeyCode::Tab);
    assert_eq!(mark(&app, "prospects.read"), Mark::None);
    assert_eq!(mark(&app, "prospects"), Mark::None);
    assert_eq!(minimal(&app), "");
}

#[test]
fn a_composite_holds_its_members_and_unticking_a_member_says_why_it_stays() {
    let mut app = outreach();
    type_keys(&mut app, "+");
    focus(&mut app, "prospects.all");
    type_keys(&mut app, " ");
    assert_eq!(mark(&app, "prospects.read"), Mark::Held);
    assert_eq!(mark(&app, "prospects"), Mark::Held);
    assert_eq!(minimal(&app), "prospects.all");

    focus(&mut app, "prospects.read");
    type_keys(&mut app, " ");
    assert!(
        status(&app).contains("already held through prospects.all"),
        "{}",
        status(&app)
    );
    assert_eq!(mark(&app, "prospects.read"), Mark::Selected);
    assert_eq!(minimal(&app), "prospects.all");
    type_keys(&mut app, " ");
    assert_eq!(
        status(&app),
        "prospects.read is still held through prospects.all"
    );
    assert_eq!(mark(&app, "prospects.read"), Mark::Held);
}

#[test]
fn ticking_all_members_holds_the_composite() {
    let mut app = outreach();
    type_keys(&mut app, "+");
    for scope in ["prospects.read", "prospects.write", "prospects.delete"] {
        focus(&mut app, scope);
        type_keys(&mut app, " ");
    }
    assert_eq!(mark(&app, "prospects.all"), Mark::Held);
    assert_eq!(minimal(&app), "prospects.all");
    let held = &explorer(&app).derived().explanation.held;
    assert_eq!(held.len(), 4);
}

#[test]
fn group_rows_tick_and_untick_all_their_scopes() {
    let mut app = outreach();
    focus(&mut app, "prospects");
    type_keys(&mut app, " ");
    assert_eq!(mark(&app, "prospects"), Mark::Selected);
    assert_eq!(explorer(&app).selected_count(), 4);
    assert_eq!(minimal(&app), "prospects.all");
    type_keys(&mut app, " ");
    assert_eq!(mark(&app, "prospects"), Mark::None);
    assert_eq!(explorer(&app).selected_count(), 0);
}

#[test]
fn the_details_preview_what_a_toggle_changes() {
    let mut app = outreach();
    type_keys(&mut app, "+");
    focus(&mut app, "prospects.all");
    let change = &explorer(&app).focus_info().change;
    let Change::Tick { adds } = change else {
        panic!("{change:?}")
    };
    // The composite and its three members become held.
    assert_eq!(adds.len(), 4);
    type_keys(&mut app, " ");
    let Change::Untick { removes, .. } = &explorer(&app).focus_info().change else {
        panic!()
    };
    assert_eq!(removes.len(), 4);
    focus(&mut app, "prospects.read");
    assert_eq!(
        explorer(&app).focus_info().change,
        Change::Tick { adds: vec![] }
    );
}

#[test]
fn search_filters_keeps_ancestors_and_focuses_the_best_match() {
    let mut app = outreach();
    type_keys(&mut app, "/");
    assert_eq!(app.mode(), Mode::Search);
    type_keys(&mut app, "prospects.read");
    let rows = row_labels(&app);
    assert!(rows.contains(&"prospects".to_string()), "{rows:?}");
    assert!(rows.contains(&"prospects.read".to_string()), "{rows:?}");
    assert!(!rows.contains(&"audits".to_string()), "{rows:?}");
    assert_eq!(focused_label(&app), "prospects.read");
    let found = explorer(&app)
        .match_of(
            explorer(&app)
                .tree()
                .node(node(&app, "prospects.read"))
                .scope
                .unwrap(),
        )
        .expect("matched");
    assert!(!found.name_positions.is_empty());
}

#[test]
fn space_types_in_search_and_tab_toggles() {
    let mut app = outreach();
    type_keys(&mut app, "/read ");
    assert_eq!(explorer(&app).search().query, "read ");
    assert_eq!(explorer(&app).selected_count(), 0);
    press(&mut app, KeyCode::Tab);
    assert_eq!(explorer(&app).selected_count(), 1);
}

#[test]
fn the_selection_survives_filtering_and_clearing_restores_the_folds() {
    let mut app = outreach();
    focus(&mut app, "accounts");
    type_keys(&mut app, "l");
    let user_rows = row_labels(&app);
    type_keys(&mut app, "/prospects.write");
    press(&mut app, KeyCode::Tab);
    assert_eq!(explorer(&app).selected_count(), 1);
    // More typing, other rows: the selection is by scope, not by row.
    press(&mut app, KeyCode::Backspace);
    type_keys(&mut app, "x");
    assert_eq!(explorer(&app).selected_count(), 1);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Tree);
    assert_eq!(explorer(&app).search().query, "");
    assert_eq!(row_labels(&app), user_rows, "the user's folds are back");
    assert_eq!(mark(&app, "prospects"), Mark::Partial);
    // The focus stays on the nearest visible row of what was found.
    assert_eq!(focused_label(&app), "prospects");
}

#[test]
fn enter_keeps_the_filter_then_esc_clears_it_then_quits() {
    let mut app = outreach();
    type_keys(&mut app, "/sequences");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Tree);
    assert!(explorer(&app).search().filtering());
    let filtered = explorer(&app).rows().len();
    // Tree keys work on the filtered rows.
    type_keys(&mut app, "j");
    assert_eq!(explorer(&app).rows().len(), filtered);
    // / resumes the kept query.
    type_keys(&mut app, "/");
    assert_eq!(explorer(&app).search().query, "sequences");
    press(&mut app, KeyCode::Enter);
    assert_eq!(press(&mut app, KeyCode::Esc), Effect::Redraw);
    assert!(!explorer(&app).search().filtering());
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        Effect::Exit(Outcome::Cancelled)
    );
}

#[test]
fn a_query_with_no_match_shows_no_rows_and_toggles_nothing() {
    let mut app = outreach();
    type_keys(&mut app, "/zzzzqqq");
    assert!(explorer(&app).rows().is_empty());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Down);
    assert_eq!(explorer(&app).selected_count(), 0);
    press_key(&mut app, KeyCode::Char('w'), KeyModifiers::CONTROL);
    assert_eq!(explorer(&app).search().query, "");
    assert!(!explorer(&app).rows().is_empty());
}

#[test]
fn copy_minimal_and_expanded_ask_for_the_clipboard() {
    let mut app = outreach();
    assert_eq!(type_keys(&mut app, "y"), Effect::Redraw);
    assert_eq!(app.status().map(|s| s.kind), Some(StatusKind::Warning));
    focus(&mut app, "prospects");
    type_keys(&mut app, " ");
    assert_eq!(
        type_keys(&mut app, "y"),
        Effect::Copy {
            text: "prospects.all".to_string(),
            what: "minimal string"
        }
    );
    assert_eq!(
        type_keys(&mut app, "Y"),
        Effect::Copy {
            text: "prospects.all prospects.read prospects.write prospects.delete".to_string(),
            what: "expanded string"
        }
    );
}

#[test]
fn cycle_format_changes_the_export_and_what_accept_prints() {
    let mut app = outreach();
    for label in ["prospects", "accounts"] {
        focus(&mut app, label);
        type_keys(&mut app, " ");
    }
    let plain = minimal(&app);
    assert_eq!(plain, "accounts.all prospects.all");
    type_keys(&mut app, "e");
    assert_eq!(minimal(&app), "scope=accounts.all%20prospects.all");
    assert!(status(&app).contains("scope= param"));
    type_keys(&mut app, "e");
    assert_eq!(minimal(&app), r#"["accounts.all","prospects.all"]"#);
    type_keys(&mut app, "e");
    assert_eq!(minimal(&app), plain);
}

#[test]
fn a_catalog_with_a_token_page_cycles_through_it_too() {
    let mut app = explorer_app("github", 80, 24);
    for label in ["repo", "gist"] {
        focus(&mut app, label);
        type_keys(&mut app, " ");
    }
    type_keys(&mut app, "eee");
    let page = "https://github.com/settings/tokens/new?scopes=repo,gist";
    assert_eq!(minimal(&app), page);
    assert!(status(&app).contains("token page"), "{}", status(&app));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Effect::Exit(Outcome::Accepted(page.to_string()))
    );
    let mut app = explorer_app("github", 80, 24);
    focus(&mut app, "repo");
    type_keys(&mut app, " eeee");
    assert_eq!(
        minimal(&app),
        "repo",
        "after the token page, the plain string"
    );
}

#[test]
fn accept_needs_a_selection() {
    let mut app = outreach();
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Redraw);
    assert!(status(&app).contains("Nothing selected"));
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut app = outreach();
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
    let mut app = outreach();
    assert_eq!(
        press_key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::Exit(Outcome::Cancelled)
    );
    let mut app = outreach();
    type_keys(&mut app, "/pros");
    assert_eq!(
        press_key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::Exit(Outcome::Cancelled)
    );
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = explorer_app("outreach", 80, 12);
    type_keys(&mut app, "?");
    assert_eq!(app.mode(), Mode::Help);
    type_keys(&mut app, "jj");
    assert_eq!(app.help().map(|h| h.scroll), Some(2));
    type_keys(&mut app, "k");
    assert_eq!(app.help().map(|h| h.scroll), Some(1));
    // Tree keys do nothing under the help.
    type_keys(&mut app, " ");
    assert_eq!(explorer(&app).selected_count(), 0);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Tree);
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.mode(), Mode::Help);
    type_keys(&mut app, "?");
    assert_eq!(app.mode(), Mode::Tree);
}

#[test]
fn help_goes_to_its_top_and_bottom_with_g_and_home_end() {
    let mut app = explorer_app("outreach", 80, 12);
    type_keys(&mut app, "?");
    type_keys(&mut app, "G");
    let bottom = app.help().map(|h| h.scroll).expect("help open");
    assert!(bottom > 2, "the help scrolls: {bottom}");
    type_keys(&mut app, "g");
    assert_eq!(app.help().map(|h| h.scroll), Some(0));
    press(&mut app, KeyCode::End);
    assert_eq!(app.help().map(|h| h.scroll), Some(bottom));
    press(&mut app, KeyCode::Home);
    assert_eq!(app.help().map(|h| h.scroll), Some(0));
    assert_eq!(app.mode(), Mode::Help);
}

#[test]
fn only_key_presses_count() {
    let app = outreach();
    assert_eq!(
        keys::action_for_event(keys::BINDINGS, &app.situation(), &release(KeyCode::Down)),
        None
    );
}

#[test]
fn the_key_table_maps_the_documented_keys() {
    let app = outreach();
    let expect = [
        (KeyCode::Char('j'), Action::MoveDown),
        (KeyCode::Char('k'), Action::MoveUp),
        (KeyCode::Char('h'), Action::Fold),
        (KeyCode::Char('l'), Action::Unfold),
        (KeyCode::Left, Action::Fold),
        (KeyCode::Right, Action::Unfold),
        (KeyCode::Char('-'), Action::FoldAll),
        (KeyCode::Char('+'), Action::UnfoldAll),
        (KeyCode::Char('g'), Action::Top),
        (KeyCode::Char('G'), Action::Bottom),
        (KeyCode::PageUp, Action::PageUp),
        (KeyCode::PageDown, Action::PageDown),
        (KeyCode::Char(' '), Action::ToggleScope),
        (KeyCode::Tab, Action::ToggleScope),
        (KeyCode::Char('/'), Action::FocusSearch),
        (KeyCode::Char('y'), Action::CopyMinimal),
        (KeyCode::Char('Y'), Action::CopyExpanded),
        (KeyCode::Char('e'), Action::CycleFormat),
        (KeyCode::Char('s'), Action::SaveProfile),
        (KeyCode::Char('r'), Action::EditReason),
        (KeyCode::Char('?'), Action::ShowHelp),
        (KeyCode::Enter, Action::Accept),
        (KeyCode::Char('q'), Action::Quit),
        (KeyCode::Esc, Action::Back),
    ];
    for (code, action) in expect {
        let event =
            crossterm::event::Event::Key(crossterm::event::KeyEvent::new(code, KeyModifiers::NONE));
        assert_eq!(
            keys::action_for_event(keys::BINDINGS, &app.situation(), &event),
            Some(action),
            "{code:?}"
        );
        // Terminals may report Shift with the shifted character.
        let shifted = crossterm::event::Event::Key(crossterm::event::KeyEvent::new(
            code,
            KeyModifiers::SHIFT,
        ));
        if matches!(code, KeyCode::Char(_)) {
            assert_eq!(
                keys::action_for_event(keys::BINDINGS, &app.situation(), &shifted),
                Some(action)
            );
        }
    }
}

#[test]
fn mouse_click_focuses_the_checkbox_toggles_and_the_wheel_scrolls() {
    let mut app = outreach();
    let tree = layout::inner(layout::explorer(app.area(), |_| 1).expect("fits").tree);
    // The third row's name.
    click(&mut app, tree.x + 10, tree.y + 2);
    assert_eq!(focused_label(&app), "auditLogs");
    assert_eq!(explorer(&app).selected_count(), 0);
    // Its checkbox (depth 0: after the fold marker).
    let columns = layout::checkbox_columns(0);
    click(&mut app, tree.x + columns.start as u16 + 1, tree.y + 1);
    assert_eq!(focused_label(&app), "accountNotes");
    assert_eq!(mark(&app, "accountNotes"), Mark::Selected);
    // Outside every panel (the status line): nothing.
    assert_eq!(click(&mut app, 79, 22), Effect::None);

    mouse(&mut app, MouseEventKind::ScrollDown, tree.x, tree.y);
    assert_eq!(explorer(&app).offset(), 3);
    let row = explorer(&app).focus_row().expect("visible");
    assert!(row >= 3, "the focus follows into view: {row}");
    mouse(&mut app, MouseEventKind::ScrollUp, tree.x, tree.y);
    assert_eq!(explorer(&app).offset(), 0);
}

#[test]
fn resizing_keeps_the_focus_visible() {
    let mut app = outreach();
    type_keys(&mut app, "G");
    app.update(Action::Resize(80, 12));
    let row = explorer(&app).focus_row().expect("visible");
    let offset = explorer(&app).offset();
    let height = layout::inner(layout::explorer(app.area(), |_| 1).expect("fits").tree).height;
    assert!(row >= offset && row < offset + height as usize);
    // Too small: no panic, still usable.
    app.update(Action::Resize(10, 3));
    type_keys(&mut app, "kkk ");
}

#[test]
fn derived_data_is_recomputed_only_when_the_selection_changes() {
    let mut app = outreach();
    let version = explorer(&app).derived().version;
    type_keys(&mut app, "jjl-+/pros");
    press(&mut app, KeyCode::Esc);
    assert_eq!(explorer(&app).derived().version, version);
    type_keys(&mut app, " ");
    assert_ne!(explorer(&app).derived().version, version);
}

#[test]
fn initial_selection_is_ticked_and_unfolded() {
    let catalog = catalog("outreach");
    let read = catalog.id_of("users.read").expect("scope");
    let mut app = App::explorer(catalog, &[read, 99_999]);
    app.update(Action::Resize(80, 24));
    assert_eq!(focused_label(&app), "users.read");
    assert_eq!(minimal(&app), "users.read");
}

// ----- the picker -----

#[test]
fn picker_typing_filters_and_enter_opens() {
    let mut app = picker_app(80, 24);
    assert_eq!(app.mode(), Mode::Picker);
    type_keys(&mut app, "sip");
    let picker = app.picker_state().expect("picker");
    assert_eq!(picker.shown().len(), 1);
    assert_eq!(picker.query(), "sip");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Tree);
    assert_eq!(explorer(&app).catalog().id, "sipgate");
}

#[test]
fn picker_moves_and_opens_the_focused_catalog() {
    let mut app = picker_app(80, 24);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Home);
    press_key(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Enter);
    assert_eq!(explorer(&app).catalog().id, "github");
}

#[test]
fn picker_esc_clears_then_quits_and_q_quits_only_with_an_empty_filter() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "xq");
    assert_eq!(app.picker_state().expect("picker").query(), "xq");
    assert!(app.picker_state().expect("picker").shown().is_empty());
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.picker_state().expect("picker").query(), "x");
    assert_eq!(press(&mut app, KeyCode::Esc), Effect::Redraw);
    assert_eq!(app.picker_state().expect("picker").query(), "");
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        Effect::Exit(Outcome::Cancelled)
    );
    let mut app = picker_app(80, 24);
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "?");
    assert_eq!(app.mode(), Mode::Help);
}

#[test]
fn picker_click_focuses_then_opens() {
    let mut app = picker_app(80, 24);
    let list = layout::inner(layout::picker(app.area()).expect("fits").list);
    click(&mut app, list.x + 3, list.y + 2);
    assert_eq!(app.picker_state().expect("picker").focus(), Some(2));
    click(&mut app, list.x + 3, list.y + 2);
    assert_eq!(explorer(&app).catalog().id, "sipgate");
}

#[test]
fn a_burst_of_typing_searches_once_when_it_settles() {
    let mut app = outreach();
    app.mark_drawn();
    assert!(!app.needs_redraw());
    let rows = explorer(&app).rows().to_vec();
    app.update_deferred(Action::FocusSearch);
    for c in "prospects".chars() {
        app.update_deferred(Action::InsertChar(c));
    }
    // Typed, not searched yet.
    assert_eq!(explorer(&app).search().query, "prospects");
    assert!(!explorer(&app).search().filtering());
    assert_eq!(explorer(&app).rows(), rows.as_slice());
    app.settle();
    assert!(explorer(&app).search().filtering());
    assert_eq!(focused_label(&app), "prospects.all");
    assert!(app.needs_redraw());
    app.mark_drawn();
    // A non-edit action settles a pending search before it acts.
    app.update_deferred(Action::InsertChar('.'));
    app.update_deferred(Action::InsertChar('r'));
    app.update_deferred(Action::ToggleScope);
    app.settle();
    assert_eq!(minimal(&app), "prospects.read");
}

/// The explorer on a synthetic catalog large enough that a broad query's best match is
/// found on another thread.
fn large_app() -> App {
    let text = scopex_synth::generate(3_000, 0);
    let catalog =
        scopex::catalog::parse_catalog(&text, "synth.toml", scopex::catalog::Origin::Builtin)
            .expect("the synthetic catalog loads");
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(120, 40));
    app
}

#[test]
fn a_large_search_focuses_the_best_match_once_it_is_found() {
    let mut app = large_app();
    type_keys(&mut app, "/read");
    app.finish_background_work();
    assert!(!app.busy());
    let e = explorer(&app);
    let ranked = scopex::search::Searcher::default().search(e.catalog(), "read");
    assert!(
        ranked.len() > 256,
        "the test needs a broad query: {}",
        ranked.len()
    );
    assert_eq!(e.search().match_count(), ranked.len());
    assert_eq!(e.focus(), e.tree().node_of_scope(ranked[0].scope));
    assert!(
        e.focus_row().is_some(),
        "the best match is on a visible row"
    );
}

#[test]
fn typing_on_and_deleting_find_what_a_fresh_search_finds() {
    let mut app = large_app();
    type_keys(&mut app, "/");
    let searcher = scopex::search::Searcher::default();
    let mut query = String::new();
    let check = |app: &mut App, query: &str| {
        app.finish_background_work();
        let e = explorer(app);
        let expected = searcher.search(e.catalog(), query);
        assert_eq!(e.search().match_count(), expected.len(), "{query:?}");
        for m in &expected {
            assert!(e.search().is_match(m.scope), "{query:?}");
        }
    };
    for c in "voice gr".chars() {
        type_keys(&mut app, &c.to_string());
        query.push(c);
        check(&mut app, &query);
    }
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
        query.pop();
        check(&mut app, &query);
    }
    type_keys(&mut app, "xq");
    query.push_str("xq");
    check(&mut app, &query);
}

#[test]
fn deleting_back_to_a_ranked_query_focuses_its_best_match_at_once() {
    let mut app = large_app();
    let searcher = scopex::search::Searcher::default();
    type_keys(&mut app, "/re");
    app.finish_background_work();
    let best = |app: &App, query: &str| {
        let e = explorer(app);
        e.tree()
            .node_of_scope(searcher.search(e.catalog(), query)[0].scope)
    };
    assert_eq!(explorer(&app).focus(), best(&app, "re"));
    assert!(
        explorer(&app).search().match_count() > 256,
        "the test needs a query ranked on another thread"
    );
    type_keys(&mut app, "a");
    app.finish_background_work();
    assert_eq!(explorer(&app).focus(), best(&app, "rea"));
    // Back to `re`: its best match was found before, nothing is ranked again.
    press(&mut app, KeyCode::Backspace);
    assert!(!app.busy(), "the best match of `re` is ranked again");
    assert_eq!(explorer(&app).focus(), best(&app, "re"));
    assert_eq!(
        explorer(&app).search().match_count(),
        searcher.search(explorer(&app).catalog(), "re").len()
    );
}

#[test]
fn moving_before_the_best_match_is_found_keeps_the_users_focus() {
    let mut app = large_app();
    type_keys(&mut app, "/read");
    let before = explorer(&app).focus_row().expect("a focused match");
    press(&mut app, KeyCode::Down);
    let moved = explorer(&app).focus();
    assert_eq!(explorer(&app).rows()[before + 1], moved);
    app.finish_background_work();
    assert_eq!(
        explorer(&app).focus(),
        moved,
        "the ranking took the focus back"
    );
}

#[test]
fn below_the_minimum_size_only_quit_and_resize_act() {
    let mut app = explorer_app("github", 20, 5);
    let rows = row_labels(&app);
    // Nothing shows, so nothing a key could do must happen: no tick, no search, no
    // fold, no help, no click.
    for key in [" ", "/", "l", "+", "?", "y", "e", "s"] {
        assert_eq!(type_keys(&mut app, key), Effect::None, "{key:?}");
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    click(&mut app, 5, 2);
    assert_eq!(explorer(&app).selected_count(), 0);
    assert_eq!(app.mode(), Mode::Tree);
    assert_eq!(row_labels(&app), rows);
    assert!(app.help().is_none() && app.status().is_none());
    // Back to a size that shows it: everything acts again.
    app.update(Action::Resize(80, 24));
    type_keys(&mut app, " ");
    assert_eq!(explorer(&app).selected_count(), 1);
    // Typing in the search does not quit on `q`; too small, `q` does.
    type_keys(&mut app, "/");
    app.update(Action::Resize(30, 8));
    // The tick would be lost: q asks first, as it does at any size (the note says that
    // q quits without saving), and q again quits.
    type_keys(&mut app, "q");
    assert!(matches!(
        app.prompt(),
        Some(scopex::tui::state::Prompt::Unsaved { .. })
    ));
    assert_eq!(
        type_keys(&mut app, "q"),
        Effect::Exit(Outcome::Cancelled),
        "q quits below the minimum size, even from the search field"
    );
}

#[test]
fn below_the_minimum_size_ctrl_c_quits_the_picker() {
    let mut app = picker_app(20, 5);
    type_keys(&mut app, "git");
    assert_eq!(app.picker_state().expect("picker").query(), "");
    assert_eq!(
        press_key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Effect::Exit(Outcome::Cancelled)
    );
}

fn paste(app: &mut App, text: &str) -> Effect {
    send(app, crossterm::event::Event::Paste(text.to_string()))
}

fn query(app: &App) -> String {
    explorer(app).search().query.clone()
}

#[test]
fn a_paste_in_the_tree_starts_a_search_and_never_runs_as_keys() {
    let mut app = outreach();
    // Its `q` would quit and its `e` cycle the format, were it keys.
    assert_ne!(
        paste(&mut app, "sequences.read"),
        Effect::Exit(Outcome::Cancelled)
    );
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(query(&app), "sequences.read");
    assert_eq!(focused_label(&app), "sequences.read");
    assert_eq!(explorer(&app).format(), scopex::export::Format::default());
    // In the search a paste is typed where the query ends; a line break never accepts
    // or keeps anything, it is a space.
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    paste(&mut app, "write\n");
    assert_eq!(app.mode(), Mode::Search);
    assert_eq!(query(&app), "sequences.write");
    paste(&mut app, "\r\n");
    assert_eq!(
        (app.mode(), query(&app)),
        (Mode::Search, "sequences.write".to_string())
    );
    // A kept filter is replaced by a pasted query, not added to.
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Tree);
    paste(&mut app, "teams.read\n");
    assert_eq!(
        (app.mode(), query(&app)),
        (Mode::Search, "teams.read".to_string())
    );
    assert_eq!(explorer(&app).selected_count(), 0);
}

#[test]
fn a_paste_goes_into_text_fields_and_the_picker_filter() {
    let mut app = outreach();
    type_keys(&mut app, "l");
    press(&mut app, KeyCode::Down);
    type_keys(&mut app, "r");
    paste(&mut app, "Reads\naccounts");
    assert_eq!(app.mode(), Mode::Input, "the newline did not confirm");
    let field = app
        .prompt()
        .and_then(|p| p.input())
        .map(|i| i.text().to_string());
    assert_eq!(field.as_deref(), Some("Reads accounts"));

    let mut picker = picker_app(80, 24);
    paste(&mut picker, "git\n");
    assert_eq!(picker.picker_state().expect("picker").query(), "git");
    assert_eq!(picker.mode(), Mode::Picker);
}

#[test]
fn esc_never_leaves_with_something_ticked_or_a_status_shown() {
    let mut app = outreach();
    type_keys(&mut app, " e");
    assert!(app.status().is_some(), "e says which format is chosen");
    // The first Esc takes the message away, the next says how to leave.
    assert_eq!(press(&mut app, KeyCode::Esc), Effect::Redraw);
    assert!(app.status().is_none());
    assert_eq!(press(&mut app, KeyCode::Esc), Effect::Redraw);
    assert!(status(&app).contains("Enter prints the minimal string, q quits without it"));
    assert_eq!(press(&mut app, KeyCode::Esc), Effect::Redraw);
    assert_eq!(explorer(&app).selected_count(), 4);
    // With nothing ticked, Esc leaves, as in fzf.
    type_keys(&mut app, " ");
    assert!(app.status().is_none());
    assert_eq!(
        press(&mut app, KeyCode::Esc),
        Effect::Exit(Outcome::Cancelled)
    );
}

#[test]
fn ctrl_j_and_ctrl_k_move_in_the_search_as_in_the_picker() {
    let mut app = outreach();
    type_keys(&mut app, "/prospects");
    let first = focused_label(&app);
    press_key(&mut app, KeyCode::Char('j'), KeyModifiers::CONTROL);
    let second = focused_label(&app);
    assert_ne!(first, second);
    assert_eq!(query(&app), "prospects", "Ctrl-j is no text");
    press_key(&mut app, KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(focused_label(&app), first);
    assert_eq!(app.mode(), Mode::Search);
}

#[test]
fn ctrl_z_suspends_from_the_tree_the_search_and_the_picker() {
    let mut app = outreach();
    assert_eq!(
        press_key(&mut app, KeyCode::Char('z'), KeyModifiers::CONTROL),
        Effect::Redraw,
        "resumed, the screen is drawn again"
    );
    assert_eq!(app.update(Action::Suspend), Effect::Suspend);
    type_keys(&mut app, "/");
    assert_eq!(app.update(Action::Suspend), Effect::Suspend);
    assert_eq!(query(&app), "");
    let situation = app.situation();
    let ctrl_z = crossterm::event::KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(
        keys::action_for_key(keys::BINDINGS, &situation, &ctrl_z),
        Some(Action::Suspend)
    );
    let picker = picker_app(80, 24);
    assert_eq!(
        keys::action_for_key(keys::BINDINGS, &picker.situation(), &ctrl_z),
        Some(Action::Suspend)
    );
}

#[test]
fn enter_prints_the_minimal_string_as_the_panel_shows_it() {
    let mut app = outreach();
    focus(&mut app, "prospects");
    type_keys(&mut app, " ");
    assert!(!screen(&app).contains("Enter prints this"));
    type_keys(&mut app, "e");
    assert!(status(&app).contains("Enter prints and y copies it so"));
    assert!(
        screen(&app).contains("Minimal · scope= param · Enter prints this"),
        "{}",
        screen(&app)
    );
    let shown = minimal(&app);
    assert!(shown.starts_with("scope="), "{shown}");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Effect::Exit(Outcome::Accepted(shown))
    );
    // The help says so too.
    let help = keys::help_rows(keys::BINDINGS, Mode::Tree);
    assert!(help.iter().any(|row| matches!(row,
        scopex::tui::message::HelpRow::Keys { what, .. } if what.contains("print minimal as shown"))));
}

fn four_catalogs() -> Vec<scopex::tui::picker::PickerEntry> {
    ["outreach", "github", "sipgate", "stora"]
        .iter()
        .map(|id| scopex::tui::picker::PickerEntry::ready(catalog(id), "built-in"))
        .collect()
}

fn open_in_picker(app: &mut App, name: &str) {
    for c in name.chars() {
        press(app, KeyCode::Char(c));
    }
    press(app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Tree, "{name} opened");
}

#[test]
fn c_goes_back_to_the_picker_and_each_catalog_keeps_its_selection() {
    let mut app = picker_app(80, 24);
    open_in_picker(&mut app, "github");
    assert!(
        screen(&app).contains("c catalogs"),
        "the hints show the way back"
    );
    type_keys(&mut app, " ");
    let github = explorer(&app).selection_order().to_vec();
    assert_eq!(github.len(), 1);
    // Back to the picker: nothing asked, nothing lost.
    assert_eq!(type_keys(&mut app, "c"), Effect::Redraw);
    assert_eq!(app.mode(), Mode::Picker);
    assert!(
        status(&app).contains("GitHub: 1 scope ticked, kept until you open it again"),
        "{}",
        status(&app)
    );
    open_in_picker(&mut app, "stora");
    assert_eq!(explorer(&app).selected_count(), 0);
    let second = row_labels(&app)[1].clone();
    focus(&mut app, &second);
    type_keys(&mut app, " ");
    // Esc goes back too, when the catalog came from the picker.
    press(&mut app, KeyCode::Esc);
    if app.mode() == Mode::Tree {
        // The first Esc took a status message away.
        press(&mut app, KeyCode::Esc);
    }
    assert_eq!(app.mode(), Mode::Picker);
    open_in_picker(&mut app, "github");
    assert_eq!(explorer(&app).selection_order(), &github[..]);
    type_keys(&mut app, "c");
    open_in_picker(&mut app, "stora");
    assert_eq!(explorer(&app).selected_count(), 1);
}

#[test]
fn started_on_a_catalog_c_opens_a_picker_that_keeps_it() {
    let mut app = App::explorer(catalog("github"), &[]).with_catalogs(four_catalogs);
    app.update(Action::Resize(80, 24));
    type_keys(&mut app, " ");
    type_keys(&mut app, "c");
    assert_eq!(app.mode(), Mode::Picker);
    assert_eq!(app.picker_state().expect("picker").total(), 4);
    open_in_picker(&mut app, "github");
    assert_eq!(explorer(&app).selected_count(), 1);
    // Without a source of catalogs (tests, benches), `c` says so and stays.
    let mut app = outreach();
    type_keys(&mut app, "c");
    assert_eq!(app.mode(), Mode::Tree);
}

#[test]
fn the_search_query_has_a_cursor_and_line_editing() {
    let mut app = outreach();
    type_keys(&mut app, "/teams read");
    press(&mut app, KeyCode::Home);
    type_keys(&mut app, "x");
    assert_eq!(query(&app), "xteams read");
    press_key(&mut app, KeyCode::Char('e'), KeyModifiers::CONTROL);
    press_key(&mut app, KeyCode::Char('b'), KeyModifiers::ALT);
    type_keys(&mut app, "y");
    assert_eq!(query(&app), "xteams yread");
    press_key(&mut app, KeyCode::Left, KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Delete);
    assert_eq!(query(&app), "xteams read");
    press_key(&mut app, KeyCode::Char('a'), KeyModifiers::CONTROL);
    press(&mut app, KeyCode::Delete);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Left);
    assert_eq!(query(&app), "teams read");
    press(&mut app, KeyCode::End);
    press_key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    assert_eq!(query(&app), "");
    assert_eq!(app.mode(), Mode::Search);
}

#[test]
fn the_cursor_of_a_field_stays_visible_with_wide_characters() {
    let mut app = outreach();
    type_keys(&mut app, " s");
    press_key(&mut app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_keys(&mut app, &"漢".repeat(60));
    let area = layout::prompt(
        &layout::explorer_areas(app.area(), &minimal(&app), explorer(&app).panel()).expect("fits"),
    );
    let buf = buffer(&app);
    let row = area.y + 1;
    let cursor = (area.x..area.x + area.width).find(|&x| {
        buf[(x, row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    });
    assert!(cursor.is_some(), "no cursor in\n{}", screen(&app));
    // In the middle of the text too.
    for _ in 0..25 {
        press(&mut app, KeyCode::Left);
    }
    let buf = buffer(&app);
    let under = (area.x..area.x + area.width)
        .find(|&x| {
            buf[(x, row)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .map(|x| buf[(x, row)].symbol().to_string());
    assert_eq!(under.as_deref(), Some("漢"), "{}", screen(&app));
}

#[test]
fn trusting_inferred_edges_changes_the_minimal_string() {
    let mut app = explorer_app("outreach", 120, 30);
    focus(&mut app, "users");
    type_keys(&mut app, "l");
    focus(&mut app, "users.read");
    type_keys(&mut app, " ");
    focus(&mut app, "users.write");
    type_keys(&mut app, " ");
    assert_eq!(minimal(&app), "users.read users.write");
    app.update(Action::CycleTrust);
    assert!(status(&app).contains("inferred"), "{}", status(&app));
    assert_eq!(minimal(&app), "users.all");
    app.update(Action::CycleTrust);
    assert_eq!(minimal(&app), "users.read users.write");
}

/// The config file's default trust is where the explorer starts, whether it opens on a
/// catalog or from the picker; without it the explorer starts on the default.
#[test]
fn the_configured_trust_is_where_a_catalog_opens() {
    let all = scopex::tui::Settings {
        trust: Some(scopex::grants::Trust::ALL),
        ..Default::default()
    };
    let outreach = catalog("outreach");
    let both: Vec<_> = ["users.read", "users.write"]
        .iter()
        .map(|name| outreach.id_of(name).expect("an Outreach scope"))
        .collect();
    let mut app = App::explorer(outreach.clone(), &both).with_settings(all.clone());
    app.update(Action::Resize(120, 30));
    assert_eq!(minimal(&app), "users.all");
    assert_eq!(app.mode(), Mode::Tree);
    // Nothing was ticked by the user: quitting does not ask.
    assert_eq!(
        type_keys(&mut app, "q"),
        Effect::Exit(scopex::tui::Outcome::Cancelled)
    );

    let mut plain = App::explorer(outreach, &both);
    plain.update(Action::Resize(120, 30));
    assert_eq!(minimal(&plain), "users.read users.write");

    let mut picker = picker_app(80, 24).with_settings(all);
    open_in_picker(&mut picker, "outreach");
    focus(&mut picker, "users");
    type_keys(&mut picker, "l");
    focus(&mut picker, "users.read");
    type_keys(&mut picker, " ");
    focus(&mut picker, "users.write");
    type_keys(&mut picker, " ");
    assert_eq!(minimal(&picker), "users.all");
}
