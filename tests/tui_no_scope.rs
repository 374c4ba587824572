//! The explorer on calls that need a token but no scope (`requires = [[]]`): the
//! operations view lists them as allowed by any selection, their details name the empty
//! alternative `(no scope)` and say why it is chosen, ticking one adds no scope, and a
//! scope's details count only the calls it allows itself.

mod tui_support;

use scopex::tui::message::Panel;
use scopex::tui::state::App;
use tui_support::*;

fn pings(width: u16, height: u16) -> App {
    let path = format!(
        "{}/tests/fixtures/no_scope.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("the fixture");
    let origin = scopex::catalog::Origin::File(path.clone().into());
    let catalog =
        scopex::catalog::parse_catalog(&text, &path, origin).unwrap_or_else(|e| panic!("{e}"));
    let mut app = App::explorer(catalog, &[]);
    app.update(scopex::tui::action::Action::Resize(width, height));
    app.start_background_work();
    app.finish_background_work();
    app
}

fn focused_operation_label(app: &App) -> String {
    let operations = explorer(app).operations();
    operations.tree().node(operations.focus()).label.to_string()
}

/// Moves the operations view's focus down to the call labelled `label`.
fn focus_call(app: &mut App, label: &str) {
    let mut steps = 0;
    while focused_operation_label(app) != label {
        type_keys(app, "j");
        steps += 1;
        assert!(steps < 20, "no call {label}:\n{}", tui_support::screen(app));
    }
}

#[test]
fn a_call_needing_no_scope_is_allowed_shown_and_ticked_without_a_scope() {
    let mut app = pings(120, 30);
    type_keys(&mut app, "o");
    focus_call(&mut app, "whoami");
    assert!(
        explorer(&app).operation_allowed(
            explorer(&app)
                .operations()
                .focused_operation()
                .expect("a call")
        )
    );
    let details = panel_words(&app, Panel::Details);
    assert!(details.contains("◐ allowed by the selection"), "{details}");
    assert!(details.contains("1. (no scope) 0 grants"), "{details}");
    type_keys(&mut app, " ");
    let screen = tui_support::screen(&app);
    assert!(
        screen.contains("1 operation ticked: no scope needed (any token allows it)"),
        "{screen}"
    );
    assert_eq!(explorer(&app).selection().ids().count(), 0);
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains("Chosen: it needs no scope: any token allows it"),
        "{details}"
    );
    // One with a scope as well: still nothing to add.
    focus_call(&mut app, "pings.public");
    let details = panel_words(&app, Panel::Details);
    assert!(details.contains("1. (no scope) 0 grants"), "{details}");
    assert!(details.contains("2. pings.read 1 grant"), "{details}");
}

#[test]
fn a_scope_counts_only_the_calls_it_allows_itself() {
    let mut app = pings(140, 30);
    type_keys(&mut app, "+");
    focus(&mut app, "pings.read");
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains("Authorizes 1 of 3 operations: pings.list"),
        "{details}"
    );
}
