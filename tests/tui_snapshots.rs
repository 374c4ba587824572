//! Whole screens after scripted keys, as insta snapshots (text only: colours are checked
//! in `tui_render.rs`).

mod tui_support;

use crossterm::event::KeyCode;
use scopex::tui::state::App;
use tui_support::*;

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
fn picker() {
    let app = picker_app(80, 24);
    snapshot("picker_80x24", &app);
}

#[test]
fn picker_filtered() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "git");
    snapshot("picker_filtered_80x24", &app);
}

#[test]
fn tree_as_opened() {
    let app = explorer_app("outreach", 80, 24);
    snapshot("tree_outreach_80x24", &app);
}

#[test]
fn tree_with_selection_and_closure() {
    let mut app = explorer_app("outreach", 80, 24);
    focus(&mut app, "prospects");
    type_keys(&mut app, "l");
    focus(&mut app, "prospects.all");
    type_keys(&mut app, " ");
    focus(&mut app, "users");
    type_keys(&mut app, "ljj ");
    snapshot("selection_outreach_80x24", &app);
}

#[test]
fn untick_still_held() {
    let mut app = explorer_app("github", 80, 24);
    focus(&mut app, "admin:org");
    type_keys(&mut app, " l");
    type_keys(&mut app, "j  ");
    snapshot("still_held_github_80x24", &app);
}

#[test]
fn search_typing() {
    let mut app = explorer_app("sipgate", 80, 24);
    type_keys(&mut app, "/sessions write");
    snapshot("search_sipgate_80x24", &app);
}

#[test]
fn search_kept_with_selection() {
    let mut app = explorer_app("sipgate", 80, 24);
    type_keys(&mut app, "/sessions:write");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    snapshot("search_kept_sipgate_80x24", &app);
}

#[test]
fn help_overlay() {
    let mut app = explorer_app("outreach", 80, 24);
    type_keys(&mut app, "?");
    snapshot("help_80x24", &app);
}

#[test]
fn picker_help() {
    let mut app = picker_app(80, 24);
    type_keys(&mut app, "?");
    snapshot("picker_help_80x24", &app);
}

#[test]
fn tiny_terminal() {
    let app = explorer_app("outreach", 20, 5);
    snapshot("tiny_20x5", &app);
}

#[test]
fn narrow_terminal_drops_the_side_panels() {
    let mut app = explorer_app("outreach", 50, 16);
    focus(&mut app, "accounts");
    type_keys(&mut app, " ");
    snapshot("narrow_outreach_50x16", &app);
}

#[test]
fn large_terminal() {
    let mut app = explorer_app("github", 140, 40);
    type_keys(&mut app, "+");
    focus(&mut app, "repo");
    type_keys(&mut app, " ");
    focus(&mut app, "admin:org");
    type_keys(&mut app, " ");
    focus(&mut app, "user:email");
    type_keys(&mut app, " ");
    focus(&mut app, "write:org");
    type_keys(&mut app, "e");
    snapshot("large_github_140x40", &app);
}

#[test]
fn deep_names_keep_their_ends() {
    let mut app = explorer_app("sipgate", 44, 18);
    type_keys(&mut app, "/voicemails");
    press(&mut app, KeyCode::Enter);
    snapshot("deep_names_sipgate_44x18", &app);
}
