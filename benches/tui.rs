//! The explorer's reaction to one key, as the user feels it: the key's action, the state
//! update (search, grants, rows) and a render of the whole screen into a `TestBackend` at
//! 200x60, on the built-in catalogs and on a synthetic 100k-scope catalog; and the time to
//! the first frame (catalog parsed, explorer built, screen drawn), and the picker's.
//!
//! `cargo bench --bench tui`; a filter narrows them: `cargo bench --bench tui -- key_100k`.
//! The worst case over a thousand typed keys is `cargo bench --bench keys`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scopex::catalog::{Catalog, Origin, builtin, parse_catalog};
use scopex::tui::action::Action;
use scopex::tui::state::App;
use scopex::tui::step::{Headless, step};
use scopex::tui::view;
use std::hint::black_box;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const BUILTIN: [&str; 4] = ["outreach", "github", "sipgate", "stora"];

fn synthetic(scopes: usize) -> Catalog {
    let text = scopex_synth::generate(scopes, 0);
    match parse_catalog(&text, "synth.toml", Origin::Builtin) {
        Ok(catalog) => catalog,
        Err(error) => panic!("the synthetic catalog does not load:\n{error}"),
    }
}

fn known(id: &str) -> Catalog {
    builtin(id).unwrap_or_else(|| panic!("no built-in catalog {id}"))
}

/// A screen the way the event loop keeps one: drawn only when something changed.
struct Screen {
    app: App,
    outside: Headless,
}

impl Screen {
    fn new(catalog: Catalog) -> Screen {
        let mut app = App::explorer(catalog, &[]);
        app.update(Action::Resize(WIDTH, HEIGHT));
        let mut screen = Screen {
            app,
            outside: Headless::new(WIDTH, HEIGHT),
        };
        screen.draw();
        screen
    }

    fn draw(&mut self) {
        step(&mut self.app, [], &mut self.outside).expect("draw");
    }

    /// One key, handled by the event loop's own step.
    fn key(&mut self, code: KeyCode) {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        black_box(step(&mut self.app, [event], &mut self.outside).expect("draw"));
    }
}

/// Typing a query and deleting it again, one key at a time, forever: every key of the
/// cycle is one iteration.
fn typing_cycle(query: &str) -> Vec<KeyCode> {
    let mut keys: Vec<KeyCode> = query.chars().map(KeyCode::Char).collect();
    keys.extend(query.chars().map(|_| KeyCode::Backspace));
    keys
}

fn bench_keys(c: &mut Criterion, group_name: &str, catalogs: Vec<(String, Catalog)>, query: &str) {
    let mut group = c.benchmark_group(group_name);
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3));
    for (label, catalog) in catalogs {
        // Typing in the search field.
        let mut screen = Screen::new(catalog.clone());
        screen.key(KeyCode::Char('/'));
        let cycle = typing_cycle(query);
        let mut at = 0;
        group.bench_function(BenchmarkId::new("type", &label), |b| {
            b.iter(|| {
                screen.key(cycle[at]);
                at = (at + 1) % cycle.len();
            })
        });
        // Ticking and unticking the focused scope, in the unfolded tree.
        let mut screen = Screen::new(catalog);
        screen.key(KeyCode::Char('+'));
        screen.key(KeyCode::Char('j'));
        group.bench_function(BenchmarkId::new("tick", &label), |b| {
            b.iter(|| screen.key(KeyCode::Char(' ')))
        });
    }
    group.finish();
}

fn key_builtin(c: &mut Criterion) {
    let catalogs = BUILTIN
        .iter()
        .map(|id| (id.to_string(), known(id)))
        .collect();
    bench_keys(c, "key_builtin", catalogs, "read");
}

fn key_100k(c: &mut Criterion) {
    bench_keys(
        c,
        "key_100k",
        vec![("100k".to_string(), synthetic(100_000))],
        "phonelines",
    );
}

/// From nothing to the first frame drawn: the built-in catalog parsed and checked, the
/// grant model and tree built, the screen rendered at 80x24 and at 200x60.
fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    // Google: the largest built-in, 525 scopes and 27,724 operations.
    for id in BUILTIN.into_iter().chain(["google"]) {
        for (width, height) in [(80u16, 24u16), (WIDTH, HEIGHT)] {
            let label = format!("{id}/{width}x{height}");
            group.bench_function(BenchmarkId::from_parameter(label), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let start = Instant::now();
                        let mut app = App::explorer(known(id), &[]);
                        app.update(Action::Resize(width, height));
                        let mut terminal =
                            Terminal::new(TestBackend::new(width, height)).expect("terminal");
                        terminal
                            .draw(|frame| view::render(&app, frame))
                            .expect("draw");
                        total += start.elapsed();
                        black_box(terminal);
                    }
                    total
                })
            });
        }
    }
    group.finish();
}

/// The picker's first frame: every built-in offered (no user catalogs), the screen drawn.
fn picker_first_frame(c: &mut Criterion) {
    c.bench_function("picker_first_frame", |b| {
        b.iter(|| {
            let mut app = App::picker(scopex::tui::picker_entries(Vec::new()));
            app.update(Action::Resize(WIDTH, HEIGHT));
            let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
            terminal
                .draw(|frame| view::render(&app, frame))
                .expect("draw");
            black_box(terminal)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = first_frame, picker_first_frame, key_builtin, key_100k
}
criterion_main!(benches);
