//! What the side panels say: the count of what ticking the focused row would change,
//! the held list's groups, and the notes of the edges a rule makes.

mod tui_support;

use scopex::catalog::{Origin, ScopeId, parse_catalog};
use scopex::tui::action::Action;
use scopex::tui::explorer::Change;
use scopex::tui::message::Panel;
use scopex::tui::state::App;
use tui_support::*;

/// The explorer on `id` with `names` ticked, drawn once at `width` x `height`.
fn opened(id: &str, names: &[&str], width: u16, height: u16) -> App {
    let catalog = catalog(id);
    let select: Vec<ScopeId> = names
        .iter()
        .map(|n| catalog.id_of(n).unwrap_or_else(|| panic!("{n}")))
        .collect();
    let mut app = App::explorer(catalog, &select);
    app.update(Action::Resize(width, height));
    app
}

/// Unfolds every group and focuses the row of scope `name`.
fn focus_scope(app: &mut App, name: &str) {
    type_keys(app, "+");
    focus(app, name);
    assert_eq!(focused_label(app), name);
}

fn names(app: &App, scopes: &[ScopeId]) -> Vec<String> {
    scopes
        .iter()
        .map(|&s| explorer(app).catalog().name(s).to_string())
        .collect()
}

#[test]
fn the_tick_count_includes_the_composite_that_becomes_held() {
    let mut app = opened("outreach", &["prospects.read", "prospects.write"], 100, 30);
    focus_scope(&mut app, "prospects.delete");
    let Change::Tick { adds } = &explorer(&app).focus_info().change else {
        panic!("a tick");
    };
    assert_eq!(names(&app, adds), ["prospects.all", "prospects.delete"]);
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains("Tick: +2 newly held: prospects.all, prospects.delete"),
        "{details}"
    );
    // Unticking one of the three loses the composite too.
    type_keys(&mut app, " ");
    let Change::Untick { removes, .. } = &explorer(&app).focus_info().change else {
        panic!("an untick");
    };
    assert_eq!(names(&app, removes), ["prospects.all", "prospects.delete"]);
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains("Untick: −2 no longer held: prospects.all, prospects.delete"),
        "{details}"
    );
    // A composite counts itself and its members, as the tree will mark them.
    let mut app = opened("outreach", &[], 100, 30);
    focus_scope(&mut app, "accounts.all");
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains(
            "Tick: +4 newly held: accounts.all, accounts.read, accounts.write, accounts.delete"
        ),
        "{details}"
    );
}

#[test]
fn held_groups_are_headed_by_the_names_the_tree_shows() {
    let app = opened(
        "outreach",
        &["accountNotes.read", "prospects.read"],
        100,
        30,
    );
    let held = panel_words(&app, Panel::Held);
    assert!(held.starts_with("accountNotes "), "{held}");
    assert!(!held.contains("account notes"), "{held}");
    // A group whose catalog gives it a name other than its label shows both, as the
    // tree does.
    let transfers = "https://www.googleapis.com/auth/admin.datatransfer.readonly";
    let app = opened("google", &[transfers], 120, 30);
    let tree = screen(&app);
    assert!(tree.contains("admin  Admin SDK API"), "{tree}");
    let held = panel_words(&app, Panel::Held);
    assert!(held.starts_with("admin  Admin SDK API "), "{held}");
}

#[test]
fn a_group_named_like_a_scope_not_held_says_so() {
    // Google's drive.file and drive.readonly are grouped under `…/auth/drive`, a scope
    // of its own that is not held: the heading must not read as a held scope.
    let auth = "https://www.googleapis.com/auth/";
    let files = format!("{auth}drive.file");
    let readonly = format!("{auth}drive.readonly");
    let app = opened("google", &[&files, &readonly], 160, 30);
    let held = panel_words(&app, Panel::Held);
    assert!(
        held.starts_with(&format!("{auth}drive (not held) ")),
        "{held}"
    );
    // Held itself, it is not said to be not held.
    let drive = format!("{auth}drive");
    let app = opened("google", &[&drive], 160, 30);
    let held = panel_words(&app, Panel::Held);
    assert!(!held.contains("not held"), "{held}");
    // GitHub's repo above a ticked repo:status.
    let app = opened("github", &["repo:status"], 120, 30);
    let held = panel_words(&app, Panel::Held);
    assert!(held.starts_with("repo (not held) "), "{held}");
}

/// Outreach's rule written once as a `[[rule]]`, its note naming the resource.
const RULED: &str = r#"
id = "ruled"
name = "Ruled"
[tree]
separator = "."
[templates]
all = "Full access to {resource}"
read = "Read {resource}"
write = "Write {resource}"
delete = "Delete {resource}"
[[scope]]
name = "prospects.all"
[[scope]]
name = "prospects.read"
[[scope]]
name = "prospects.write"
[[scope]]
name = "prospects.delete"
[[scope]]
name = "users.all"
[[scope]]
name = "users.read"
[[scope]]
name = "users.write"
[[rule]]
from = "{resource}.all"
to = ["{resource}.read", "{resource}.write", "{resource}.delete"]
composite = true
evidence = "documented"
note = "{resource}.all permits every level of {resource} there is"
"#;

#[test]
fn a_rule_s_note_names_the_resource_of_each_edge() {
    let catalog = parse_catalog(RULED, "ruled.toml", Origin::Builtin).expect("valid");
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(100, 30));
    focus_scope(&mut app, "users.read");
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains("users.all permits every level of users there is"),
        "{details}"
    );
    assert!(!details.contains("prospects"), "{details}");
    assert!(!details.contains("{resource}"), "{details}");
}

#[test]
fn outreach_s_users_read_says_nothing_of_prospects() {
    let mut app = opened("outreach", &[], 100, 30);
    focus_scope(&mut app, "users.read");
    let details = panel_words(&app, Panel::Details);
    assert!(details.contains("users.all"), "{details}");
    assert!(!details.contains("prospects"), "{details}");
    // Where Outreach's documented rule applies, the note names the resource, and says
    // that the docs' words are about prospects as their example.
    focus_scope(&mut app, "accounts.read");
    let details = panel_words(&app, Panel::Details);
    assert!(
        details.contains("accounts.all permits reading, writing and deleting accounts"),
        "{details}"
    );
    assert!(
        details.contains("with prospects as the example"),
        "{details}"
    );
}
