//! Integration profiles in the explorer, key → state: `s` saves (asking for a name and a
//! path the first time), `r` edits a reason, the unsaved marker, the question on the way
//! out, and a save that fails. Whole screens as insta snapshots at the end.

mod tui_support;

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;
use scopex::profile;
use scopex::tui::Outcome;
use scopex::tui::state::{App, Effect, Mode, Prompt, StatusKind};
use std::path::{Path, PathBuf};
use tui_support::*;

const OPENSENSE: &str = "catalogs/integrations/opensense.toml";

/// A copy of the Opensense profile in a fresh folder, to save over.
fn opensense_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("opensense.toml");
    std::fs::copy(OPENSENSE, &path).expect("copy the profile");
    (dir, path)
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn status_kind(app: &App) -> Option<StatusKind> {
    app.status().map(|s| s.kind)
}

/// The text of the open prompt's field.
fn field(app: &App) -> String {
    app.prompt()
        .and_then(Prompt::input)
        .map(|input| input.text().to_string())
        .unwrap_or_else(|| panic!("no text field open: {:?}", app.prompt()))
}

fn ctrl(app: &mut App, c: char) -> Effect {
    press_key(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Empties the open field and types `text` into it.
fn retype(app: &mut App, text: &str) {
    ctrl(app, 'u');
    type_keys(app, text);
}

/// (name, reason) of each scope of the profile at `path`, in file order.
fn saved_scopes(path: &Path) -> Vec<(String, String)> {
    let loaded = profile::load(path).unwrap_or_else(|e| panic!("{e}"));
    loaded
        .profile
        .scopes
        .into_iter()
        .map(|s| (s.name, s.reason))
        .collect()
}

fn names(scopes: &[(String, String)]) -> Vec<&str> {
    scopes.iter().map(|(n, _)| n.as_str()).collect()
}

fn reason_of<'a>(scopes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    scopes
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, r)| r.as_str())
}

fn scope_id(app: &App, name: &str) -> usize {
    explorer(app)
        .catalog()
        .id_of(name)
        .unwrap_or_else(|| panic!("no scope {name}"))
}

#[test]
fn a_profile_opens_ticked_with_its_name_and_reasons() {
    let app = profile_app(Path::new(OPENSENSE), 80, 24);
    let e = explorer(&app);
    assert_eq!(e.catalog().id, "outreach");
    for name in ["users.all", "teams.read", "mailboxes.all", "prospects.read"] {
        assert!(e.is_selected(scope_id(&app, name)), "{name}");
    }
    assert_eq!(e.selected_count(), 4);
    assert_eq!(app.document().name(), Some("Opensense"));
    assert!(!app.unsaved());
    let users = scope_id(&app, "users.all");
    assert!(
        app.document()
            .reason(users)
            .is_some_and(|r| r.starts_with("Reads each sender's Outreach user record"))
    );
    let screen = screen(&app);
    assert!(screen.contains("┌[1] Opensense · Outreach"), "{screen}");
    assert!(!screen.contains("unsaved"), "{screen}");
    // The focused scope's reason is in the details.
    assert_eq!(focused_label(&app), "mailboxes.all");
    assert!(
        screen.contains("Reason: Reads and writes Outreach"),
        "{screen}"
    );
}

#[test]
fn the_first_save_asks_for_a_name_and_a_path_then_saves_go_straight_to_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = explorer_app("outreach", 80, 24);
    // Nothing ticked: nothing to save, and no question.
    type_keys(&mut app, "s");
    assert_eq!(app.prompt(), None);
    assert_eq!(status_kind(&app), Some(StatusKind::Warning));

    focus(&mut app, "prospects");
    type_keys(&mut app, "l");
    focus(&mut app, "prospects.read");
    type_keys(&mut app, " ");
    assert!(!app.unsaved(), "a selection alone is no profile work");
    assert_eq!(type_keys(&mut app, "s"), Effect::Redraw);
    assert_eq!(app.mode(), Mode::Input);
    assert!(matches!(app.prompt(), Some(Prompt::Name { .. })));
    assert_eq!(field(&app), "Outreach integration");
    // An empty name is refused; the question stays.
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.prompt(), Some(Prompt::Name { .. })));
    assert_eq!(status_kind(&app), Some(StatusKind::Warning));
    // `s` and `q` are text here.
    type_keys(&mut app, "Acme sq sync");
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.prompt(), Some(Prompt::Path { .. })));
    assert_eq!(field(&app), "./acme-sq-sync.toml");

    let path = dir.path().join("acme.toml");
    retype(&mut app, &path.display().to_string());
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::None);
    assert_eq!(app.prompt(), None);
    assert_eq!(status_kind(&app), Some(StatusKind::Success));
    assert!(
        status(&app).contains("Saved Acme sq sync"),
        "{}",
        status(&app)
    );
    let loaded = profile::load(&path).expect("the saved profile loads");
    assert_eq!(loaded.profile.name, "Acme sq sync");
    assert_eq!(loaded.profile.catalog, "outreach");
    assert_eq!(
        saved_scopes(&path),
        vec![("prospects.read".to_string(), String::new())]
    );
    assert_eq!(app.document().path(), Some(path.as_path()));
    assert!(!app.unsaved());
    assert!(screen(&app).contains("┌[1] Acme sq sync · Outreach"));

    // Later saves ask nothing.
    focus(&mut app, "prospects.write");
    type_keys(&mut app, " ");
    assert!(app.unsaved());
    type_keys(&mut app, "s");
    assert_eq!(app.prompt(), None);
    assert_eq!(
        names(&saved_scopes(&path)),
        ["prospects.read", "prospects.write"]
    );
    assert!(!app.unsaved());
}

#[test]
fn esc_cancels_every_save_question() {
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "accounts");
    type_keys(&mut app, " s");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.prompt(), None);
    assert_eq!(app.mode(), Mode::Tree);
    assert_eq!(status(&app), "Not saved");
    type_keys(&mut app, "s");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.prompt(), None);
    // Esc left the prompt, not the explorer.
    assert_eq!(explorer(&app).selected_count(), 4);
}

#[test]
fn saving_over_another_file_asks_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("taken.toml");
    std::fs::write(&path, "precious").expect("write");
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "accounts");
    type_keys(&mut app, " s");
    press(&mut app, KeyCode::Enter);
    retype(&mut app, &path.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Confirm);
    assert!(matches!(app.prompt(), Some(Prompt::Overwrite { .. })));
    assert!(screen(&app).contains("Replace "));
    // n: back to the path, to choose another.
    type_keys(&mut app, "n");
    assert!(matches!(app.prompt(), Some(Prompt::Path { .. })));
    assert_eq!(field(&app), path.display().to_string());
    press(&mut app, KeyCode::Enter);
    // Esc: nothing saved.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.prompt(), None);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "precious");
    // y: overwritten.
    type_keys(&mut app, "s");
    press(&mut app, KeyCode::Enter);
    retype(&mut app, &path.display().to_string());
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "y");
    assert_eq!(app.prompt(), None);
    assert_eq!(saved_scopes(&path).len(), 4);
    // A folder gets a file named after the profile.
    let mut app = explorer_app("github", 80, 24);
    focus(&mut app, "repo");
    type_keys(&mut app, " s");
    retype(&mut app, "My app");
    press(&mut app, KeyCode::Enter);
    retype(&mut app, &dir.path().display().to_string());
    press(&mut app, KeyCode::Enter);
    let loaded = profile::load(&dir.path().join("my-app.toml")).expect("saved in the folder");
    assert_eq!(loaded.profile.catalog, "github");
}

#[test]
fn r_edits_the_reason_of_the_focused_scope() {
    let (_dir, path) = opensense_copy();
    let mut app = profile_app(&path, 80, 24);
    focus(&mut app, "teams.read");
    let teams = scope_id(&app, "teams.read");
    let before = app.document().reason(teams).expect("a reason").to_string();
    type_keys(&mut app, "r");
    assert_eq!(app.mode(), Mode::Input);
    assert_eq!(field(&app), before);
    // Esc keeps the old reason.
    type_keys(&mut app, " and more");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.document().reason(teams), Some(before.as_str()));
    assert!(!app.unsaved());
    // The cursor moves; letters that are commands in the tree are text here.
    type_keys(&mut app, "r");
    press(&mut app, KeyCode::Home);
    type_keys(&mut app, "Sq: ");
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(field(&app), format!("Sq: {}", &before[..before.len() - 1]));
    retype(&mut app, "Syncs teams to groups");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.prompt(), None);
    assert_eq!(app.document().reason(teams), Some("Syncs teams to groups"));
    assert!(app.unsaved());
    assert!(screen(&app).contains("Reason: Syncs teams to groups"));
    // An empty reason removes it, and the profile then says so.
    type_keys(&mut app, "r");
    ctrl(&mut app, 'u');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.document().reason(teams), None);
    assert!(screen(&app).contains("none yet (r writes one)"));

    type_keys(&mut app, "r");
    type_keys(&mut app, "Syncs teams to groups");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, "s");
    assert_eq!(
        reason_of(&saved_scopes(&path), "teams.read"),
        Some("Syncs teams to groups")
    );
}

#[test]
fn r_on_an_unticked_scope_ticks_it_with_its_reason_and_on_a_group_explains() {
    let (_dir, path) = opensense_copy();
    let mut app = profile_app(&path, 80, 24);
    focus(&mut app, "prospects.write");
    let write = scope_id(&app, "prospects.write");
    assert!(!explorer(&app).is_selected(write));
    type_keys(&mut app, "r");
    assert!(screen(&app).contains("(Enter ticks it)"));
    // Enter with no reason ticks nothing.
    press(&mut app, KeyCode::Enter);
    assert!(!explorer(&app).is_selected(write));
    assert!(status(&app).contains("stays unticked"));
    type_keys(&mut app, "r");
    type_keys(&mut app, "Logs the banner shown");
    press(&mut app, KeyCode::Enter);
    assert!(explorer(&app).is_selected(write));
    assert!(status(&app).starts_with("Ticked prospects.write"));
    assert!(app.unsaved());

    focus(&mut app, "prospects");
    type_keys(&mut app, "r");
    assert_eq!(app.prompt(), None);
    assert_eq!(status_kind(&app), Some(StatusKind::Warning));
    assert!(status(&app).contains("focus a scope"));
}

#[test]
fn reasons_of_unticked_scopes_come_back_with_the_tick_but_are_not_saved() {
    let (_dir, path) = opensense_copy();
    let mut app = profile_app(&path, 80, 24);
    let teams = scope_id(&app, "teams.read");
    let reason = app.document().reason(teams).expect("reason").to_string();
    focus(&mut app, "teams.read");
    type_keys(&mut app, " ");
    assert!(app.unsaved());
    assert!(screen(&app).contains("Reason (kept while unticked)"));
    type_keys(&mut app, "s");
    let saved = saved_scopes(&path);
    assert_eq!(
        names(&saved),
        ["users.all", "mailboxes.all", "prospects.read"]
    );
    // Ticked again: the reason is back, at the end of the file.
    type_keys(&mut app, " ");
    assert_eq!(app.document().reason(teams), Some(reason.as_str()));
    type_keys(&mut app, "s");
    let saved = saved_scopes(&path);
    assert_eq!(
        names(&saved),
        ["users.all", "mailboxes.all", "prospects.read", "teams.read"]
    );
    assert_eq!(reason_of(&saved, "teams.read"), Some(reason.as_str()));
}

#[test]
fn the_unsaved_marker_follows_the_selection_and_the_reasons() {
    let mut app = profile_app(Path::new(OPENSENSE), 80, 24);
    let title = |app: &App| screen(app).lines().next().unwrap_or_default().to_string();
    assert!(!title(&app).contains('●'));
    focus(&mut app, "mailboxes.all");
    type_keys(&mut app, " ");
    assert!(app.unsaved());
    assert!(
        title(&app).contains("Opensense ● unsaved"),
        "{}",
        title(&app)
    );
    // Ticking it again restores the file's contents and order: nothing to save.
    type_keys(&mut app, " ");
    assert!(!app.unsaved());
    assert!(!title(&app).contains('●'));
    // A reason set to what it was changes nothing either.
    let before = field_after_r(&mut app);
    press(&mut app, KeyCode::Enter);
    assert!(!app.unsaved(), "{before}");
    type_keys(&mut app, "r!");
    press(&mut app, KeyCode::Enter);
    assert!(app.unsaved());
    // The marker is in the warning colour.
    let buffer = buffer(&app);
    let (x, y) = find(&buffer, "●").expect("marker");
    assert_eq!(buffer[(x, y)].fg, Color::Yellow);
}

fn field_after_r(app: &mut App) -> String {
    type_keys(app, "r");
    field(app)
}

#[test]
fn quitting_with_unsaved_changes_asks_save_discard_or_cancel() {
    let (_dir, path) = opensense_copy();
    let original = std::fs::read(&path).expect("read");
    let mut app = profile_app(&path, 80, 24);
    // Unchanged: q quits at once.
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));

    let mut app = profile_app(&path, 80, 24);
    focus(&mut app, "mailboxes.all");
    type_keys(&mut app, " ");
    // Esc never leaves with something ticked: it says how to.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.prompt(), None);
    assert!(
        app.status()
            .is_some_and(|s| s.text.contains("q quits without it")),
        "{:?}",
        app.status()
    );
    assert_eq!(press(&mut app, KeyCode::Char('q')), Effect::Redraw);
    assert_eq!(app.mode(), Mode::Confirm);
    assert!(
        screen(&app).contains("Unsaved changes to Opensense: save (s), discard (d), cancel (Esc)?"),
        "{}",
        screen(&app)
    );
    // Esc (or Ctrl-c) cancels the question, and changes nothing.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.prompt(), None);
    assert!(app.unsaved());
    ctrl(&mut app, 'c');
    assert!(matches!(app.prompt(), Some(Prompt::Unsaved { .. })));
    ctrl(&mut app, 'c');
    assert_eq!(app.prompt(), None);
    // d: leave without saving.
    type_keys(&mut app, "q");
    assert_eq!(type_keys(&mut app, "d"), Effect::Exit(Outcome::Cancelled));
    assert_eq!(std::fs::read(&path).expect("read"), original);

    // s: save, then leave.
    let mut app = profile_app(&path, 80, 24);
    focus(&mut app, "mailboxes.all");
    type_keys(&mut app, " q");
    assert_eq!(type_keys(&mut app, "s"), Effect::Exit(Outcome::Cancelled));
    assert_eq!(
        names(&saved_scopes(&path)),
        ["users.all", "teams.read", "prospects.read"]
    );
    // The comments the file starts with are kept.
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        text.starts_with("# Opensense's Outreach integration"),
        "{text}"
    );
}

#[test]
fn accepting_with_unsaved_changes_asks_too_then_prints_the_string() {
    let (_dir, path) = opensense_copy();
    let mut app = profile_app(&path, 80, 24);
    focus(&mut app, "mailboxes.all");
    type_keys(&mut app, " ");
    let minimal = explorer(&app).minimal_shown();
    // A second Enter after a reason is easy to press: it must not lose the reason.
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::Redraw);
    assert!(matches!(app.prompt(), Some(Prompt::Unsaved { .. })));
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::None);
    assert_eq!(
        type_keys(&mut app, "d"),
        Effect::Exit(Outcome::Accepted(minimal))
    );
}

#[test]
fn without_a_profile_quitting_asks_when_the_selection_would_be_lost() {
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "accounts");
    type_keys(&mut app, " ");
    assert!(!app.unsaved());
    // Nothing printed or saved: q asks, and q again quits.
    assert_eq!(type_keys(&mut app, "q"), Effect::Redraw);
    assert!(
        screen(&app).contains("4 scopes ticked, not printed: save as a profile (s), quit (q)"),
        "{}",
        screen(&app)
    );
    // The hint line says what the question says.
    let bottom = screen(&app).lines().last().unwrap_or_default().to_string();
    assert_eq!(
        bottom.trim(),
        "s save  q quit  Esc stay",
        "{}",
        screen(&app)
    );
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));
    // Unticked again: nothing to lose, q quits at once.
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "accounts");
    type_keys(&mut app, "  ");
    assert_eq!(type_keys(&mut app, "q"), Effect::Exit(Outcome::Cancelled));

    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "accounts");
    type_keys(&mut app, "l");
    focus(&mut app, "accounts.read");
    type_keys(&mut app, "r");
    type_keys(&mut app, "Reads accounts");
    press(&mut app, KeyCode::Enter);
    assert!(app.unsaved());
    assert!(screen(&app).contains("┌[1] Outreach ● unsaved"));
    type_keys(&mut app, "q");
    assert!(screen(&app).contains("1 scope ticked, not printed"));
    // s from the question: asks for a name and a path, saves, then leaves.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("acc.toml");
    type_keys(&mut app, "s");
    assert!(matches!(app.prompt(), Some(Prompt::Name { .. })));
    press(&mut app, KeyCode::Enter);
    retype(&mut app, &path.display().to_string());
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Effect::Exit(Outcome::Cancelled)
    );
    assert_eq!(
        saved_scopes(&path),
        vec![("accounts.read".to_string(), "Reads accounts".to_string())]
    );
}

#[test]
fn a_failed_save_keeps_the_old_file_and_the_changes_and_says_why() {
    let (dir, path) = opensense_copy();
    let original = std::fs::read(&path).expect("read");
    let mut app = profile_app(&path, 80, 24);
    focus(&mut app, "prospects.write");
    type_keys(&mut app, " ");
    // Where the file was, a folder with the file in it: the rename over it fails. (A
    // read-only folder would not stop root, and the temporary file's random name cannot
    // be taken in advance.)
    let _ = &dir;
    let kept = path.join("kept");
    std::fs::remove_file(&path).expect("remove");
    std::fs::create_dir(&path).expect("blocker");
    std::fs::write(&kept, &original).expect("keep");
    assert_eq!(type_keys(&mut app, "s"), Effect::None);
    assert_eq!(
        std::fs::read(&kept).expect("read"),
        original,
        "what was there is intact"
    );
    assert_eq!(status_kind(&app), Some(StatusKind::Error));
    let message = status(&app);
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("os error"), "{message}");
    assert!(app.unsaved(), "the changes stay unsaved");
    assert!(explorer(&app).is_selected(scope_id(&app, "prospects.write")));
    let screen = screen(&app);
    // The reason comes first on the status line, where a long path cannot push it out.
    assert!(screen.contains(" Not saved: "), "{screen}");
    assert!(message.starts_with("Not saved: ") && message.contains("(os error"));

    // Saving on the way out fails the same way: the explorer stays.
    type_keys(&mut app, "q");
    assert_eq!(type_keys(&mut app, "s"), Effect::None);
    assert_eq!(app.prompt(), None);
    assert_eq!(status_kind(&app), Some(StatusKind::Error));
    assert_eq!(std::fs::read(&kept).expect("read"), original);

    // Once the way is clear, the next save works.
    std::fs::remove_dir_all(&path).expect("remove blocker");
    type_keys(&mut app, "s");
    assert_eq!(status_kind(&app), Some(StatusKind::Success));
    assert!(names(&saved_scopes(&path)).contains(&"prospects.write"));
    assert!(!app.unsaved());
}

#[test]
fn a_failed_first_save_offers_the_same_name_and_path_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    // A path whose folder is a regular file.
    let path = file.join("p.toml");
    let mut app = explorer_app("stora", 80, 24);
    type_keys(&mut app, " s");
    retype(&mut app, "Stora sync");
    press(&mut app, KeyCode::Enter);
    retype(&mut app, &path.display().to_string());
    assert_eq!(press(&mut app, KeyCode::Enter), Effect::None);
    assert_eq!(status_kind(&app), Some(StatusKind::Error));
    assert!(status(&app).contains("os error"), "{}", status(&app));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "x");
    assert_eq!(app.document().path(), None);
    type_keys(&mut app, "s");
    assert_eq!(field(&app), "Stora sync");
    press(&mut app, KeyCode::Enter);
    assert_eq!(field(&app), path.display().to_string());
}

#[test]
fn a_catalog_from_a_file_is_saved_as_a_path_relative_to_the_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    let catalogs = dir.path().join("catalogs");
    let profiles = dir.path().join("profiles");
    std::fs::create_dir_all(&catalogs).expect("mkdir");
    std::fs::create_dir_all(&profiles).expect("mkdir");
    let catalog_path = catalogs.join("mine.toml");
    std::fs::copy("tests/fixtures/valid_small.toml", &catalog_path).expect("copy");
    let catalog = scopex::catalog::Catalog::from_path(&catalog_path).expect("catalog");
    let mut app = App::explorer(catalog, &[0]);
    app.update(scopex::tui::action::Action::Resize(80, 24));
    type_keys(&mut app, "s");
    press(&mut app, KeyCode::Enter);
    let path = profiles.join("p.toml");
    retype(&mut app, &path.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status_kind(&app),
        Some(StatusKind::Success),
        "{}",
        status(&app)
    );
    let loaded = profile::load(&path).expect("loads, catalog and all");
    assert_eq!(loaded.profile.catalog, "../catalogs/mine.toml");
    assert_eq!(loaded.selection, vec![0]);
}

// ----- whole screens -----

fn snapshot(name: &str, app: &App) {
    let (width, height) = app.size();
    insta::with_settings!({
        description => format!("{width}x{height}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, screen(app));
    });
}

#[test]
fn snapshot_opensense_profile() {
    let app = profile_app(Path::new(OPENSENSE), 80, 24);
    snapshot("opensense_profile_80x24", &app);
}

#[test]
fn snapshot_save_prompt() {
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "accounts");
    type_keys(&mut app, " l");
    type_keys(&mut app, "s");
    snapshot("save_prompt_80x24", &app);
}

#[test]
fn snapshot_reason_editor() {
    let mut app = profile_app(Path::new(OPENSENSE), 80, 24);
    focus(&mut app, "prospects.read");
    type_keys(&mut app, "r");
    type_keys(&mut app, " It never writes.");
    snapshot("reason_editor_80x24", &app);
}

#[test]
fn snapshot_unsaved_question() {
    let mut app = profile_app(Path::new(OPENSENSE), 80, 24);
    focus(&mut app, "prospects.write");
    type_keys(&mut app, " q");
    snapshot("unsaved_question_80x24", &app);
}

#[test]
fn snapshot_profile_large() {
    let mut app = profile_app(Path::new(OPENSENSE), 140, 40);
    focus(&mut app, "users.all");
    snapshot("opensense_profile_140x40", &app);
}

#[test]
fn a_token_page_names_the_token_after_the_profile() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deploy.toml");
    std::fs::write(
        &path,
        "name = \"Deploy bot\"\ncatalog = \"gitlab\"\n\n[[scope]]\nname = \"api\"\nreason = \"pushes\"\n",
    )
    .expect("the profile is written");
    let mut app = profile_app(&path, 80, 24);
    type_keys(&mut app, "eee");
    assert_eq!(
        explorer(&app).derived().minimal_text,
        "https://gitlab.com/-/user_settings/personal_access_tokens?name=Deploy%20bot&scopes=api"
    );
}

#[test]
fn a_profile_saved_from_the_operations_view_lists_the_calls_ticked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = explorer_app("stora", 110, 30);
    // Tick listing contacts and creating one.
    type_keys(&mut app, "o");
    type_keys(&mut app, "j jj ");
    type_keys(&mut app, "s");
    assert!(matches!(app.prompt(), Some(Prompt::Name { .. })));
    retype(&mut app, "Contacts sync");
    press(&mut app, KeyCode::Enter);
    let path = dir.path().join("contacts.toml");
    retype(&mut app, &path.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status_kind(&app),
        Some(StatusKind::Success),
        "{}",
        status(&app)
    );

    // `check PROFILE` and `report` see the calls.
    let loaded = profile::load(&path).expect("the saved profile loads");
    let ids: Vec<&str> = loaded
        .profile
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["contacts.list-all-contacts", "contacts.create-a-contact"]
    );
    assert_eq!(
        names(&saved_scopes(&path)),
        ["public.contact:read", "public.contact:write"]
    );
    assert!(!app.unsaved());

    // Unticking a call is a change, and the next save leaves it out.
    type_keys(&mut app, " ");
    assert!(app.unsaved());
    type_keys(&mut app, "s");
    let loaded = profile::load(&path).expect("the saved profile loads");
    assert_eq!(loaded.operations.len(), 1);
    assert_eq!(
        loaded.profile.operations[0].id,
        "contacts.list-all-contacts"
    );
    assert!(!app.unsaved());

    // Opened again, the profile's calls are ticked, their reasons and form kept.
    let text = std::fs::read_to_string(&path).expect("read");
    let text = text.replace(
        "id = \"contacts.list-all-contacts\"",
        "id = \"GET /2025-09/contacts\"\nreason = \"Lists the contacts to sync\"",
    );
    std::fs::write(&path, text).expect("write");
    let mut app = profile_app(&path, 110, 30);
    assert_eq!(explorer(&app).operations().ticked(), &[0]);
    assert!(!app.unsaved(), "opening changes nothing");
    type_keys(&mut app, "o");
    type_keys(&mut app, "jjj ");
    assert!(app.unsaved());
    type_keys(&mut app, "s");
    let loaded = profile::load(&path).expect("the saved profile loads");
    let listed: Vec<(&str, &str)> = loaded
        .profile
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.reason.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("GET /2025-09/contacts", "Lists the contacts to sync"),
            ("contacts.create-a-contact", "")
        ]
    );
}

#[test]
fn unticking_a_scope_of_a_profile_unticks_its_calls_and_the_save_leaves_them_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sync.toml");
    std::fs::write(
        &path,
        "name = \"Sync\"\ncatalog = \"stora\"\n\n\
         [[scope]]\nname = \"public.contact:read\"\nreason = \"lists contacts\"\n\n\
         [[scope]]\nname = \"public.note:read\"\nreason = \"reads notes\"\n\n\
         [[operation]]\nid = \"contacts.list-all-contacts\"\n",
    )
    .expect("the profile is written");
    let mut app = profile_app(&path, 110, 30);
    assert_eq!(explorer(&app).operations().ticked(), &[0]);
    // Unticking the call takes away the scope it needs, not the profile's other one.
    type_keys(&mut app, "oj ");
    assert!(explorer(&app).operations().ticked().is_empty());
    assert_eq!(selected_names(&app), ["public.note:read"]);
    // Ticked again, it adds back only what it needs.
    type_keys(&mut app, " o");
    assert_eq!(
        selected_names(&app),
        ["public.note:read", "public.contact:read"]
    );
    // Unticking its scope in the scope tree unticks the call, and the save leaves it out.
    type_keys(&mut app, "/contact:read");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert!(explorer(&app).operations().ticked().is_empty());
    type_keys(&mut app, "s");
    let loaded = profile::load(&path).expect("the saved profile loads");
    assert!(
        loaded.profile.operations.is_empty(),
        "{:?}",
        loaded.profile.operations
    );
    assert_eq!(names(&saved_scopes(&path)), ["public.note:read"]);
}

#[test]
fn calls_a_profile_lists_that_its_scopes_do_not_allow_open_unticked_and_are_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sites.toml");
    // Listing contacts needs public.contact:read, which the profile does not ask for;
    // listing sites is allowed by its one scope.
    std::fs::write(
        &path,
        "name = \"Sites\"\ncatalog = \"stora\"\n\n\
         [[scope]]\nname = \"public.site:read\"\nreason = \"lists sites\"\n\n\
         [[operation]]\nid = \"contacts.list-all-contacts\"\n\n\
         [[operation]]\nid = \"sites.list-all-sites\"\n",
    )
    .expect("the profile is written");
    let app = profile_app(&path, 110, 30);
    let state = explorer(&app);
    let ticked: Vec<&str> = state
        .operations()
        .ticked()
        .iter()
        .map(|&id| state.catalog().operation(id).id.as_str())
        .collect();
    assert_eq!(ticked, ["sites.list-all-sites"]);
    assert_eq!(selected_names(&app), ["public.site:read"]);
    assert_eq!(
        status(&app),
        "1 listed call is not allowed by the scopes: unticked, kept in the file"
    );
    // Opening changed nothing: the call stays listed in the file.
    assert!(!app.unsaved());
    let mut app = app;
    type_keys(&mut app, "o");
    let screen = screen(&app);
    let row = screen
        .lines()
        .find(|line| line.contains("list-all-contacts"))
        .unwrap_or_else(|| panic!("no row for listing contacts:\n{screen}"));
    assert!(row.contains("[ ]"), "{row}");
}

/// The ids of the calls the profile at `path` lists, in file order.
fn saved_operations(path: &Path) -> Vec<(String, String)> {
    let loaded = profile::load(path).unwrap_or_else(|e| panic!("{e}"));
    loaded
        .profile
        .operations
        .into_iter()
        .map(|o| (o.id, o.reason))
        .collect()
}

#[test]
fn saving_keeps_listed_calls_the_scopes_do_not_allow_until_the_user_ticks_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sites.toml");
    std::fs::write(
        &path,
        "name = \"Sites\"\ncatalog = \"stora\"\n\n\
         [[scope]]\nname = \"public.site:read\"\nreason = \"lists sites\"\n\n\
         [[operation]]\nid = \"contacts.list-all-contacts\"\nreason = \"the address book\"\n\n\
         [[operation]]\nid = \"sites.list-all-sites\"\n",
    )
    .expect("the profile is written");
    let listed = [
        (
            "contacts.list-all-contacts".to_string(),
            "the address book".to_string(),
        ),
        ("sites.list-all-sites".to_string(), String::new()),
    ];
    let mut app = profile_app(&path, 110, 30);
    // A change elsewhere, then a save: the call the scopes do not allow is still listed,
    // with its reason, where it was.
    type_keys(&mut app, "/note:read");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert_eq!(
        selected_names(&app),
        ["public.site:read", "public.note:read"]
    );
    assert!(app.unsaved());
    type_keys(&mut app, "s");
    assert_eq!(
        status_kind(&app),
        Some(StatusKind::Success),
        "{}",
        status(&app)
    );
    assert!(!app.unsaved());
    assert_eq!(saved_operations(&path), listed);
    // Ticking it (its scopes come with it) and unticking it is the user's own choice: the
    // next save drops it.
    type_keys(&mut app, "o");
    type_keys(&mut app, "/");
    type_keys(&mut app, "list-all-contacts");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " ");
    assert!(
        explorer(&app)
            .operations()
            .ticked()
            .iter()
            .any(|&id| explorer(&app).catalog().operation(id).id == "contacts.list-all-contacts")
    );
    type_keys(&mut app, " ");
    type_keys(&mut app, "s");
    let ids: Vec<String> = saved_operations(&path)
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["sites.list-all-sites"]);
}

#[test]
fn at_80_columns_the_saved_message_keeps_the_file_name_of_a_long_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir
        .path()
        .join("a-rather-long-folder-for-profiles/and-another-level-below-it");
    std::fs::create_dir_all(&folder).expect("folders");
    let path = folder.join("contact-sync.toml");
    let mut app = explorer_app("stora", 80, 24);
    type_keys(&mut app, "j l j ");
    type_keys(&mut app, "s");
    retype(&mut app, "Contact sync");
    press(&mut app, KeyCode::Enter);
    retype(&mut app, &path.display().to_string());
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        status_kind(&app),
        Some(StatusKind::Success),
        "{}",
        status(&app)
    );
    let text = screen(&app);
    let row = text.lines().rev().nth(1).unwrap_or_default().trim_end();
    assert!(
        row.starts_with(" Saved Contact sync (1 scope) to …"),
        "{row}"
    );
    assert!(row.ends_with("/contact-sync.toml"), "{row}");
}

#[test]
fn a_profile_changed_on_disk_since_it_was_opened_is_not_overwritten_unasked() {
    let (_dir, path) = opensense_copy();
    let mut app = profile_app(&path, 100, 30);
    // Another explorer saves the profile with one scope less.
    let mut theirs = profile::load(&path).expect("loads").profile;
    theirs.scopes.retain(|s| s.name != "teams.read");
    profile::save_keeping_comments(&theirs, &path, None).expect("their save");
    let on_disk = std::fs::read_to_string(&path).expect("read");
    // Here, a change and a save: asked, not written.
    type_keys(&mut app, "/prospects.write");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " s");
    assert_eq!(
        app.prompt().map(Prompt::kind),
        Some(scopex::tui::message::PromptKind::Changed)
    );
    let shown = screen(&app);
    assert!(
        shown.contains("opensense.toml changed on disk since it was read"),
        "{shown}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), on_disk);
    // Cancelled: nothing written, the changes kept.
    press(&mut app, KeyCode::Esc);
    assert!(status(&app).contains("changed on disk"), "{}", status(&app));
    assert!(app.unsaved());
    assert_eq!(std::fs::read_to_string(&path).expect("read"), on_disk);
    // Reloaded: the file as it is now, nothing unsaved.
    type_keys(&mut app, "sr");
    assert!(app.prompt().is_none());
    assert!(!app.unsaved());
    assert!(
        status(&app).starts_with("Reloaded Opensense from disk"),
        "{}",
        status(&app)
    );
    assert_eq!(
        selected_names(&app),
        ["users.all", "mailboxes.all", "prospects.read"]
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), on_disk);
    // Changed on disk again, then overwritten on purpose.
    std::fs::write(&path, format!("{on_disk}\n# an edit\n")).expect("write");
    type_keys(&mut app, "/teams.read");
    press(&mut app, KeyCode::Enter);
    type_keys(&mut app, " s");
    assert!(app.prompt().is_some());
    type_keys(&mut app, "o");
    assert_eq!(
        status_kind(&app),
        Some(StatusKind::Success),
        "{}",
        status(&app)
    );
    assert_eq!(
        names(&saved_scopes(&path)),
        ["users.all", "mailboxes.all", "prospects.read", "teams.read"]
    );
    // Its own save is no change on disk: the next one goes through.
    type_keys(&mut app, " s");
    assert_eq!(
        status_kind(&app),
        Some(StatusKind::Success),
        "{}",
        status(&app)
    );
}
