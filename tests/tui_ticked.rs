//! The ticked scopes as a whole: untick all (asking when many are ticked), the filter
//! "only ticked and held", jumping from one ticked scope to the next, and quitting from
//! the picker while a catalog left for it holds ticks.

mod tui_support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use scopex::tui::Outcome;
use scopex::tui::action::Action;
use scopex::tui::keys;
use scopex::tui::layout;
use scopex::tui::message::Situation;
use scopex::tui::state::{App, Effect, Mode, Prompt, UNTICK_ASK_ABOVE};
use scopex::tui::theme::Theme;
use tui_support::*;

fn outreach() -> App {
    explorer_app("outreach", 80, 24)
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn ticked(app: &App) -> usize {
    explorer(app).selected_count()
}

/// Ticks each scope, unfolding everything first.
fn tick(app: &mut App, scopes: &[&str]) {
    type_keys(app, "+");
    for scope in scopes {
        focus(app, scope);
        type_keys(app, " ");
    }
}

#[test]
fn untick_all_acts_at_once_when_few_are_ticked() {
    let mut app = outreach();
    tick(&mut app, &["prospects.read", "users.read"]);
    assert_eq!(ticked(&app), 2);
    type_keys(&mut app, "U");
    assert_eq!(ticked(&app), 0);
    assert_eq!(app.mode(), Mode::Tree);
    assert_eq!(status(&app), "Unticked 2 scopes");
    // Nothing ticked: it says so.
    type_keys(&mut app, "U");
    assert_eq!(status(&app), "Nothing is ticked");
}

#[test]
fn untick_all_asks_first_when_more_than_three_are_ticked() {
    let mut app = outreach();
    focus(&mut app, "prospects");
    type_keys(&mut app, " ");
    tick(&mut app, &["users.read"]);
    assert_eq!(ticked(&app), 5);
    assert!(ticked(&app) > UNTICK_ASK_ABOVE);
    // n, Esc: nothing unticked.
    for no in [KeyCode::Char('n'), KeyCode::Esc] {
        type_keys(&mut app, "U");
        assert_eq!(app.mode(), Mode::Confirm);
        assert!(
            screen(&app).contains("Untick all 5 scopes?"),
            "{}",
            screen(&app)
        );
        press(&mut app, no);
        assert_eq!((app.mode(), ticked(&app)), (Mode::Tree, 5));
    }
    // Other keys do not answer.
    type_keys(&mut app, "U");
    type_keys(&mut app, "qj ");
    assert_eq!((app.mode(), ticked(&app)), (Mode::Confirm, 5));
    press(&mut app, KeyCode::Enter);
    assert_eq!((app.mode(), ticked(&app)), (Mode::Confirm, 5));
    type_keys(&mut app, "y");
    assert_eq!((app.mode(), ticked(&app)), (Mode::Tree, 0));
    assert_eq!(status(&app), "Unticked 5 scopes");
}

#[test]
fn the_untick_question_shows_its_keys_styled() {
    let mut app = outreach().with_theme(Theme::DARK);
    focus(&mut app, "prospects");
    type_keys(&mut app, " U");
    let buf = buffer(&app);
    let (x, y) = find(&buf, "Untick all 4 scopes? y untick, n keep them")
        .unwrap_or_else(|| panic!("no question:\n{}", screen(&app)));
    let y_key = &buf[(x + "Untick all 4 scopes? ".len() as u16, y)];
    assert_eq!(y_key.symbol(), "y");
    assert_eq!(
        y_key.fg,
        Theme::DARK.key.fg.expect("the key role has a colour")
    );
    let hints = screen(&app).lines().last().unwrap_or_default().to_string();
    assert!(
        hints.contains("y untick all") && hints.contains("n keep"),
        "{hints}"
    );
}

#[test]
fn the_filter_shows_only_ticked_and_held_scopes_with_their_groups() {
    let mut app = outreach();
    tick(&mut app, &["prospects.all", "users.read"]);
    type_keys(&mut app, "-");
    let folded = row_labels(&app);
    type_keys(&mut app, "f");
    assert!(explorer(&app).ticked_filter());
    assert_eq!(
        row_labels(&app),
        [
            "prospects",
            "prospects.all",
            "prospects.read",
            "prospects.write",
            "prospects.delete",
            "users",
            "users.read",
        ]
    );
    // The status line says the filter is on.
    let last_two: Vec<String> = screen(&app)
        .lines()
        .rev()
        .take(2)
        .map(String::from)
        .collect();
    assert!(
        last_two[1].contains("only ticked + held"),
        "{}",
        screen(&app)
    );
    // Unticking takes a scope, and what it held, out of the filter.
    focus(&mut app, "prospects.all");
    type_keys(&mut app, " ");
    assert_eq!(row_labels(&app), ["users", "users.read"]);
    // Esc shows everything again, as it was folded.
    press(&mut app, KeyCode::Esc);
    assert!(!explorer(&app).ticked_filter());
    assert_eq!(row_labels(&app), folded);
    assert_eq!(app.mode(), Mode::Tree);
}

#[test]
fn f_toggles_the_filter_and_says_when_there_is_nothing_to_show() {
    let mut app = outreach();
    let all = row_labels(&app);
    type_keys(&mut app, "f");
    assert!(!explorer(&app).ticked_filter());
    assert!(
        status(&app).contains("Nothing ticked yet"),
        "{}",
        status(&app)
    );
    tick(&mut app, &["users.read"]);
    type_keys(&mut app, "-f");
    assert_eq!(row_labels(&app), ["users", "users.read"]);
    type_keys(&mut app, "f");
    assert_eq!(row_labels(&app), all);
}

#[test]
fn the_filter_and_a_search_show_what_both_let_through() {
    let mut app = outreach();
    tick(&mut app, &["prospects.all", "users.read"]);
    type_keys(&mut app, "f");
    let ticked_rows = row_labels(&app);
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "/read");
    let scopes = |rows: Vec<String>| -> Vec<String> {
        rows.into_iter().filter(|r| r.contains('.')).collect()
    };
    let matching = scopes(row_labels(&app));
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "f/read");
    press(&mut app, KeyCode::Enter);
    let both: Vec<String> = scopes(ticked_rows)
        .into_iter()
        .filter(|r| matching.contains(r))
        .collect();
    assert!(both.contains(&"users.read".to_string()), "{both:?}");
    assert!(both.len() < matching.len(), "{both:?} {matching:?}");
    assert_eq!(scopes(row_labels(&app)), both);
    // Only the groups of what is shown.
    assert!(!row_labels(&app).contains(&"accounts".to_string()));
    // The first Esc drops the search, the filter stays; the second drops the filter.
    press(&mut app, KeyCode::Esc);
    assert!(explorer(&app).ticked_filter());
    assert_eq!(row_labels(&app).len(), 7);
    press(&mut app, KeyCode::Esc);
    assert!(!explorer(&app).ticked_filter());
    // A third leaves nothing: with scopes ticked Esc does not quit.
    assert_ne!(
        press(&mut app, KeyCode::Esc),
        Effect::Exit(Outcome::Cancelled)
    );
}

#[test]
fn the_tree_says_when_the_filter_has_nothing_left() {
    let mut app = outreach();
    tick(&mut app, &["users.read"]);
    type_keys(&mut app, "f");
    focus(&mut app, "users.read");
    type_keys(&mut app, " ");
    assert!(row_labels(&app).is_empty());
    assert!(
        screen(&app).contains("Nothing ticked: Esc shows every scope"),
        "{}",
        screen(&app)
    );
}

#[test]
fn n_and_shift_n_jump_between_ticked_scopes_unfolding_them() {
    let mut app = outreach();
    tick(
        &mut app,
        &["users.read", "accounts.read", "prospects.write"],
    );
    type_keys(&mut app, "-g");
    assert_eq!(focused_label(&app), "accounts");
    type_keys(&mut app, "n");
    assert_eq!(focused_label(&app), "accounts.read");
    assert_eq!(status(&app), "Ticked 1 of 3: accounts.read");
    type_keys(&mut app, "n");
    assert_eq!(focused_label(&app), "prospects.write");
    assert!(row_labels(&app).contains(&"prospects.write".to_string()));
    type_keys(&mut app, "n");
    assert_eq!(focused_label(&app), "users.read");
    type_keys(&mut app, "n");
    assert_eq!(focused_label(&app), "accounts.read");
    assert_eq!(status(&app), "Ticked 1 of 3: accounts.read · from the top");
    type_keys(&mut app, "N");
    assert_eq!(focused_label(&app), "users.read");
    assert!(
        status(&app).ends_with("from the bottom"),
        "{}",
        status(&app)
    );
    type_keys(&mut app, "N");
    assert_eq!(focused_label(&app), "prospects.write");
    // From a side panel it brings the focus back to the tree.
    type_keys(&mut app, "2n");
    assert_eq!(focused_label(&app), "users.read");
    assert_eq!(explorer(&app).panel(), scopex::tui::message::Panel::Tree);
}

#[test]
fn n_with_nothing_ticked_or_no_ticked_match_says_so() {
    let mut app = outreach();
    type_keys(&mut app, "n");
    assert!(
        status(&app).starts_with("Nothing ticked yet"),
        "{}",
        status(&app)
    );
    tick(&mut app, &["users.read"]);
    type_keys(&mut app, "/prospects");
    press(&mut app, KeyCode::Enter);
    let before = focused_label(&app);
    type_keys(&mut app, "n");
    assert_eq!(status(&app), "No ticked scope among the matches");
    assert_eq!(focused_label(&app), before);
}

#[test]
fn the_new_keys_are_in_the_table_the_help_and_the_config() {
    let situation = Situation {
        mode: Mode::Tree,
        prompt: None,
        picker_idle: false,
        profile_file: false,
        too_small: false,
        operations: false,
    };
    let key = |c: char| {
        keys::action_for_key(
            keys::BINDINGS,
            &situation,
            &KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        )
    };
    assert_eq!(key('U'), Some(Action::UntickAll));
    assert_eq!(key('f'), Some(Action::ToggleTickedFilter));
    assert_eq!(key('n'), Some(Action::NextTicked));
    assert_eq!(key('N'), Some(Action::PreviousTicked));
    let help = format!("{:?}", keys::help_rows(keys::BINDINGS, Mode::Tree));
    assert!(help.contains("asks if more than 3"), "{help}");
    // Rebindable by name, as the others.
    let config = scopex::config::parse(
        "[keys]\nnext_ticked = [\"ctrl-n\"]\nuntick_all = [\"X\"]\nonly_ticked = [\"F\"]\n",
        "config.toml",
    )
    .expect("a valid config");
    let mut app = outreach().with_bindings(config.bindings.expect("keys given"));
    tick(&mut app, &["users.read"]);
    type_keys(&mut app, "g");
    press_key(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    assert_eq!(focused_label(&app), "users.read");
    type_keys(&mut app, "F");
    assert!(explorer(&app).ticked_filter());
    type_keys(&mut app, "X");
    assert_eq!(ticked(&app), 0);
}

/// The words of the open question box, its lines joined.
fn question(app: &App) -> String {
    let text = screen(app);
    let mut lines = text
        .lines()
        .skip_while(|line| !line.starts_with("┌ Quit?") && !line.starts_with("┌ Unsaved"))
        .skip(1)
        .take_while(|line| !line.starts_with('└'));
    let mut words = Vec::new();
    for line in lines.by_ref() {
        words.extend(
            line.trim_matches('│')
                .split_whitespace()
                .map(str::to_string),
        );
    }
    words.join(" ")
}

/// The hint line at the bottom.
fn hints(app: &App) -> String {
    let text = screen(app);
    let last = text.lines().last().unwrap_or_default();
    last.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn quitting_from_the_picker_asks_when_a_kept_catalog_holds_ticks() {
    let mut app = picker_app(80, 24);
    // Nothing ticked anywhere: q quits at once.
    type_keys(&mut app, "github");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "c");
    assert_eq!(app.mode(), Mode::Picker);
    assert_eq!(
        type_keys(&mut app, "q"),
        Effect::Exit(Outcome::Cancelled),
        "nothing to lose"
    );

    let mut app = picker_app(80, 24);
    type_keys(&mut app, "github");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " c");
    assert_eq!(app.mode(), Mode::Picker);
    for quit in [
        Event::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)),
        Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    ] {
        // The status line's message first goes with the key.
        let effect = send(&mut app, quit);
        assert_eq!(effect, Effect::Redraw, "asks rather than quits");
        assert_eq!(app.mode(), Mode::Confirm);
        // The words and keys of the question asked with one catalog open: `s` saves the
        // catalog kept, as it saves the open one there.
        assert_eq!(
            question(&app),
            "1 scope ticked in GitHub, not printed: \
             save GitHub as a profile (s), quit (q), stay (Esc)?"
        );
        assert_eq!(hints(&app), "s save q quit Esc stay");
        // The question is drawn over the list, at its foot, growing upwards with its
        // second line.
        let areas = layout::picker(app.area()).expect("fits");
        let foot = layout::picker_prompt(&areas);
        let question = ratatui::layout::Rect {
            y: foot.y - 1,
            height: foot.height + 1,
            ..foot
        };
        assert!(
            find_in(&buffer(&app), "Quit?", question).is_some(),
            "{}",
            screen(&app)
        );
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode(), Mode::Picker);
    }
    assert_eq!(type_keys(&mut app, "q"), Effect::Redraw);
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
}

#[test]
fn quitting_from_another_catalog_asks_too_when_a_kept_one_holds_ticks() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "github");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " c");
    type_keys(&mut app, "stora");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Tree);
    // Nothing ticked in Stora, 1 scope kept in GitHub.
    assert_eq!(type_keys(&mut app, "q"), Effect::Redraw);
    assert_eq!(app.mode(), Mode::Confirm);
    assert_eq!(
        question(&app),
        "1 scope ticked in GitHub, not printed: \
         save GitHub as a profile (s), quit (q), stay (Esc)?"
    );
    assert_eq!(hints(&app), "s save q quit Esc stay");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Tree);
    type_keys(&mut app, "q");
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
}

#[test]
fn quitting_with_ticks_here_and_in_a_kept_catalog_names_both_with_the_same_keys() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "github");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " c");
    type_keys(&mut app, "sipgate");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(type_keys(&mut app, "q"), Effect::Redraw);
    assert_eq!(app.mode(), Mode::Confirm);
    // What each catalog loses, the open one first, and the answers of the question
    // asked with one catalog: the save keeps the open one.
    assert_eq!(
        question(&app),
        "1 scope ticked in sipgate, 1 scope in GitHub, not printed: \
         save sipgate as a profile (s), quit (q), stay (Esc)?"
    );
    assert_eq!(hints(&app), "s save q quit Esc stay");
    // The same keys: Esc stays, q quits.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Tree);
    type_keys(&mut app, "q");
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
}

#[test]
fn the_quit_question_keeps_its_answers_in_view_with_many_catalogs() {
    let mut app = picker_app(60, 20);
    for name in ["github", "outreach", "sipgate", "stora"] {
        type_keys(&mut app, name);
        press(&mut app, KeyCode::Enter);
        let second = row_labels(&app)[1].clone();
        focus(&mut app, &second);
        type_keys(&mut app, " ");
        assert!(
            explorer(&app).selected_count() > 0,
            "{name}: {}",
            screen(&app)
        );
        type_keys(&mut app, "c");
    }
    type_keys(&mut app, "q");
    assert_eq!(app.mode(), Mode::Confirm);
    // Every catalog named, over more than one line.
    let text = question(&app);
    for name in ["GitHub", "Outreach", "sipgate", "Stora"] {
        assert!(text.contains(&format!(" in {name}")), "{text}");
    }
    assert!(
        text.ends_with("not printed: save GitHub as a profile (s), quit (q), stay (Esc)?"),
        "{text}"
    );
    // The answers in the key style.
    let buf = buffer(&app);
    let (x, y) = find(&buf, "quit (q").expect("the answers");
    let key = &buf[(x + "quit (".len() as u16, y)];
    assert_eq!(key.symbol(), "q");
    assert_eq!(Some(key.fg), Theme::DARK.key.fg);

    // Too many to name in three lines: the catalogs are counted, the answers in view.
    let mut narrow = app;
    send(&mut narrow, Event::Resize(40, 12));
    let text = question(&narrow);
    assert!(
        text.contains(
            "ticked in 4 catalogs, not printed: save GitHub as a profile (s), quit (q), \
             stay (Esc)?"
        ),
        "{text}\n{}",
        screen(&narrow)
    );
}

fn four_catalogs() -> Vec<scopex::tui::picker::PickerEntry> {
    ["outreach", "github", "sipgate", "stora"]
        .iter()
        .map(|id| scopex::tui::picker::PickerEntry::ready(catalog(id), "built-in"))
        .collect()
}

#[test]
fn quitting_names_a_kept_profile_by_its_unsaved_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sites.toml");
    std::fs::write(
        &path,
        "name = \"Sites\"\ncatalog = \"stora\"\n\n\
         [[scope]]\nname = \"public.site:read\"\nreason = \"lists sites\"\n",
    )
    .expect("the profile is written");
    let mut app = profile_app(&path, 80, 24).with_catalogs(four_catalogs);
    type_keys(&mut app, "/contact:read");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert!(app.unsaved());
    type_keys(&mut app, "c");
    assert_eq!(app.mode(), Mode::Picker);
    type_keys(&mut app, "q");
    assert_eq!(
        question(&app),
        "Unsaved changes to Sites: save Sites (s), quit (q), stay (Esc)?"
    );
    // With ticks in another catalog too: those first, then the profile's changes.
    press(&mut app, KeyCode::Esc);
    type_keys(&mut app, "github");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " c");
    type_keys(&mut app, "q");
    assert_eq!(
        question(&app),
        "1 scope ticked in GitHub, unsaved changes to Sites, not printed: \
         save GitHub as a profile (s), quit (q), stay (Esc)?"
    );
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
}

/// Opens `name` from the picker and ticks its first scope, then goes back to the picker.
fn tick_one_in(app: &mut App, name: &str) {
    type_keys(app, name);
    press(app, KeyCode::Enter);
    type_keys(app, " ");
    assert_eq!(ticked(app), 1, "{name}: {}", screen(app));
}

#[test]
fn enter_in_another_catalog_asks_when_a_kept_one_holds_ticks() {
    let mut app = picker_app(80, 24);
    tick_one_in(&mut app, "github");
    type_keys(&mut app, "c");
    tick_one_in(&mut app, "sipgate");
    let printed = explorer(&app).derived().minimal_text.clone();
    // Enter would print sipgate's string and lose the tick kept in GitHub: it asks
    // first, as q does, with the same keys.
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Redraw);
    assert_eq!(app.mode(), Mode::Confirm);
    assert_eq!(
        question(&app),
        "1 scope ticked in GitHub, not printed: \
         save GitHub as a profile (s), print and quit (q), stay (Esc)?"
    );
    assert_eq!(hints(&app), "s save q quit Esc stay");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Tree);
    assert_eq!(ticked(&app), 1);
    // Asked again, q prints sipgate's string.
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        type_keys(&mut app, "q"),
        Effect::Exit(Outcome::Accepted(printed))
    );

    // Nothing kept elsewhere: Enter prints at once.
    let mut app = picker_app(80, 24);
    tick_one_in(&mut app, "sipgate");
    assert!(matches!(
        press(&mut app, KeyCode::Enter),
        Effect::Exit(Outcome::Accepted(_))
    ));
}

/// The names of the scopes of the profile at `path`.
fn saved_names(path: &std::path::Path) -> Vec<String> {
    let loaded = scopex::profile::load(path).unwrap_or_else(|e| panic!("{e}"));
    loaded.profile.scopes.into_iter().map(|s| s.name).collect()
}

/// Answers the name and the file questions of a first save: the name offered, `path`.
fn save_as(app: &mut App, path: &std::path::Path) -> Effect {
    assert!(
        matches!(app.prompt(), Some(Prompt::Name { .. })),
        "{:?}\n{}",
        app.prompt(),
        screen(app)
    );
    press(app, KeyCode::Enter);
    assert!(matches!(app.prompt(), Some(Prompt::Path { .. })));
    press_key(app, KeyCode::Char('u'), KeyModifiers::CONTROL);
    type_keys(app, &path.display().to_string());
    press(app, KeyCode::Enter)
}

#[test]
fn s_at_the_pickers_quit_question_saves_the_kept_catalog_then_quits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = picker_app(80, 24);
    tick_one_in(&mut app, "github");
    let tick = selected_names(&app);
    type_keys(&mut app, "c");
    type_keys(&mut app, "q");
    assert_eq!(app.mode(), Mode::Confirm);
    // s: GitHub comes back on screen to be saved, then the program quits.
    type_keys(&mut app, "s");
    assert_eq!(explorer(&app).catalog().id, "github");
    let path = dir.path().join("github.toml");
    assert_eq!(save_as(&mut app, &path), Effect::Exit(Outcome::Cancelled));
    assert_eq!(saved_names(&path), tick);

    // Two catalogs kept: the first is saved and the program quits, the other one's tick
    // lost as the question said.
    let mut app = picker_app(80, 24);
    tick_one_in(&mut app, "github");
    type_keys(&mut app, "c");
    tick_one_in(&mut app, "sipgate");
    type_keys(&mut app, "c");
    type_keys(&mut app, "q");
    assert_eq!(
        question(&app),
        "1 scope ticked in GitHub, 1 scope in sipgate, not printed: \
         save GitHub as a profile (s), quit (q), stay (Esc)?"
    );
    type_keys(&mut app, "s");
    let path = dir.path().join("github-2.toml");
    assert_eq!(save_as(&mut app, &path), Effect::Exit(Outcome::Cancelled));
    assert!(path.exists());

    // From Enter in another catalog: the kept one saved, then its string is printed.
    let mut app = picker_app(80, 24);
    tick_one_in(&mut app, "github");
    type_keys(&mut app, "c");
    tick_one_in(&mut app, "sipgate");
    let printed = explorer(&app).derived().minimal_text.clone();
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "s");
    let path = dir.path().join("github-3.toml");
    assert_eq!(
        save_as(&mut app, &path),
        Effect::Exit(Outcome::Accepted(printed))
    );
    assert!(path.exists());
}
