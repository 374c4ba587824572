//! Why each scope is held, on long implication chains and cycles: the explanation keeps
//! each held scope's last step, not its whole chain, so `explain`, `closure --json` and
//! the explorer's held panel grow with the catalog, not with its square. Sixteen times the
//! scopes must cost well under 256 times (quadratic) the memory (counted by the
//! allocator) and the output (counted in bytes), and a frame well under 16 frames at the
//! smaller size (the quickest of a few runs, so that other work on the machine counts as
//! little as possible). No wall-clock limit is asserted, only the growth.
//!
//! The allocator counts every thread of the process: the tests take turns.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scopex::catalog::{Catalog, Origin, parse_catalog};
use scopex::grants::GrantModel;
use scopex::tui::action::Action;
use scopex::tui::state::App;
use scopex::tui::view;
use scopex_synth::{Shape, generate_shape};
use std::time::Duration;

mod support;

use support::alloc::{self, Counting};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SMALL: usize = 500;
const LARGE: usize = 16 * SMALL;

fn catalog(shape: Shape, scopes: usize) -> Catalog {
    parse_catalog(
        &generate_shape(shape, scopes, 0),
        "scale.toml",
        Origin::Builtin,
    )
    .expect("the generated catalog loads")
}

#[track_caller]
fn assert_linear(what: &str, small: f64, large: f64, limit: f64) {
    let growth = large / small;
    assert!(
        growth < limit,
        "{what}: 16x the scopes cost {growth:.1}x ({small} → {large})"
    );
}

/// Peak bytes of explaining the head of the chain, beyond those held before.
fn explanation_bytes(catalog: &Catalog) -> usize {
    let model = GrantModel::new(catalog);
    let (explanation, peak) = alloc::peak_of(|| model.explain(&[0]));
    assert_eq!(explanation.held.len(), catalog.len());
    peak
}

#[test]
fn explanations_of_long_chains_take_linear_memory() {
    let _turn = alloc::take_turn();
    for shape in [Shape::Chain, Shape::Cycle] {
        let small = explanation_bytes(&catalog(shape, SMALL));
        let large = explanation_bytes(&catalog(shape, LARGE));
        assert_linear(
            &format!("{shape:?} explanation bytes"),
            small as f64,
            large as f64,
            48.0,
        );
    }
}

/// The least processor time of three runs of `times` frames of the explorer with the head of the
/// chain ticked.
fn frame_time(catalog: Catalog, times: usize) -> Duration {
    let mut app = App::explorer(catalog, &[0]);
    app.update(Action::Resize(140, 40));
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).expect("test terminal");
    support::quickest(3, || {
        for _ in 0..times {
            terminal
                .draw(|frame| view::render(&app, frame))
                .expect("draw");
        }
    })
}

/// One frame at 16x the scopes against sixteen at 1x: the same work when a frame is
/// linear, 16x when quadratic. Both runs take long enough that a busy machine does not
/// decide; the margin is wide.
#[test]
fn the_held_panel_draws_long_chains_in_linear_time() {
    let _turn = alloc::take_turn();
    let small = frame_time(catalog(Shape::Chain, SMALL), 16);
    let large = frame_time(catalog(Shape::Chain, LARGE), 1);
    let growth = large.as_secs_f64() / small.as_secs_f64();
    assert!(
        growth < 4.0,
        "a frame at 16x the scopes took {growth:.1}x sixteen at 1x ({small:?} → {large:?})"
    );
}

/// Bytes `scopex ARGS CATALOG s0` writes for a chain of `scopes`.
fn output_bytes(args: &[&str], scopes: usize) -> usize {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("chain.toml");
    std::fs::write(&path, generate_shape(Shape::Chain, scopes, 0)).expect("the catalog is written");
    let output = support::cli::command(&[args[0]])
        .arg(&path)
        .arg("s0")
        .args(&args[1..])
        .output()
        .expect("scopex runs");
    assert!(output.status.success(), "{args:?}: {output:?}");
    output.stdout.len()
}

#[test]
fn explain_and_closure_write_linear_output_for_long_chains() {
    let _turn = alloc::take_turn();
    for args in [
        &["explain"][..],
        &["explain", "--json"],
        &["closure", "--json"],
    ] {
        let small = output_bytes(args, 100);
        let large = output_bytes(args, 1_600);
        assert_linear(&format!("{args:?} bytes"), small as f64, large as f64, 24.0);
    }
}

#[test]
fn a_long_chain_is_explained_by_its_head_and_last_steps() {
    let _turn = alloc::take_turn();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("chain.toml");
    std::fs::write(&path, generate_shape(Shape::Chain, 21, 0)).expect("the catalog is written");
    let output = support::cli::command(&["explain"])
        .arg(&path)
        .arg("s0")
        .output()
        .expect("scopex runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let tail: String = (13..=20)
        .map(|i| format!(" implies s{i} [documented]"))
        .collect();
    assert!(
        text.contains(&format!("  s20  s0 (selected) … 12 steps …{tail}\n")),
        "{text}"
    );
    assert!(
        text.contains("  s8   s0 (selected) implies s1 [documented]"),
        "{text}"
    );
}

/// A chain that runs against the catalog order: s199 ⇒ s198 ⇒ … ⇒ s0.
fn backward_chain(scopes: usize) -> Catalog {
    let mut text = String::from("id = \"back\"\nname = \"Back\"\n\n");
    for i in 0..scopes {
        text.push_str(&format!(
            "[[scope]]\nname = \"s{i}\"\ndescription = \"x\"\n\n"
        ));
    }
    for i in 1..scopes {
        text.push_str(&format!(
            "[[implies]]\nfrom = \"s{i}\"\nto = [\"s{}\"]\nevidence = \"documented\"\n\n",
            i - 1
        ));
    }
    parse_catalog(&text, "back.toml", Origin::Builtin).expect("the catalog loads")
}

#[test]
fn the_held_panel_cuts_a_long_chain_after_its_head() {
    let _turn = alloc::take_turn();
    let catalog = backward_chain(200);
    let mut app = App::explorer(catalog, &[199]);
    app.update(Action::Resize(140, 40));
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).expect("test terminal");
    terminal
        .draw(|frame| view::render(&app, frame))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let screen: String = (0..buffer.area.height)
        .map(|y| {
            let row: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            row + "\n"
        })
        .collect();
    // s0 is 199 steps from s199: the head, then the last steps up to the panel's width.
    assert!(
        screen.contains("via s199 → … → s12 → s11 → s10 → s9"),
        "{screen}"
    );
}
