//! The explorer on a synthetic 100k-scope catalog, cell by cell with every style: the first
//! frame, a search kept with its best match focused (its edges and their notes in the
//! details), and that match ticked (the held panel, the minimal string). Labels are made
//! safe for the terminal when drawn, not when the explorer opens; the screens must be the
//! ones drawn when every label was copied at the start.

mod tui_support;

use crossterm::event::KeyCode;
use scopex::catalog::{Origin, parse_catalog};
use scopex::tui::action::Action;
use scopex::tui::state::App;
use tui_support::*;

/// The whole buffer: its text, then each change of style with the cell it starts at.
fn snapshot(name: &str, app: &App) {
    let (width, height) = app.size();
    insta::with_settings!({
        description => format!("{width}x{height}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, format!("{:#?}", buffer(app)));
    });
}

#[test]
fn screens_at_100k_scopes() {
    let text = scopex_synth::generate(100_000, 0);
    let catalog = parse_catalog(&text, "synth.toml", Origin::Builtin).expect("the catalog loads");
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(200, 60));
    snapshot("first_frame_100k_200x60", &app);

    type_keys(&mut app, "/orders admin");
    app.finish_background_work();
    press(&mut app, KeyCode::Enter);
    snapshot("search_kept_100k_200x60", &app);

    type_keys(&mut app, " ");
    snapshot("ticked_100k_200x60", &app);

    app.update(Action::Resize(80, 24));
    snapshot("ticked_100k_80x24", &app);
}
