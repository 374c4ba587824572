//! The explorer's reaction to one key, as the user feels it: the key's action, the state
//! update (search, grants, rows) and a render of the whole screen into a `TestBackend` at
//! 200x60, on the built-in catalogs and on a synthetic 100k-scope catalog; and the time to
//! the first frame: from nothing (the catalog loaded as scopex loads it, explorer built,
//! screen drawn), and from a loaded catalog (explorer built, screen drawn); and the
//! picker's first frame.
//!
//! `cargo bench --bench tui`; a filter narrows them: `cargo bench --bench tui -- key_100k`.
//! `SCOPEX_BENCH_CATALOGS=a.toml,google,…` times those catalogs (files, read through the
//! compiled-catalog cache as `scopex a.toml` reads them, so the first load warms it; or
//! built-in ids) instead of the built-in and synthetic ones. The worst case over a
//! thousand typed keys is `cargo bench --bench keys`.

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scopex::catalog::{Catalog, builtin};
use scopex::tui::action::Action;
use scopex::tui::state::App;
use scopex::tui::step::{Headless, step};
use scopex::tui::view;
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const BUILTIN: [&str; 4] = ["outreach", "github", "sipgate", "stora"];
/// The synthetic catalog's size, when no catalogs are named.
const SYNTHETIC: usize = 100_000;

/// Where a catalog comes from: a built-in id or a file.
#[derive(Debug, Clone)]
enum Source {
    Builtin(String),
    File(PathBuf),
}

impl Source {
    fn named(name: &str) -> Source {
        if builtin(name).is_some() {
            Source::Builtin(name.to_string())
        } else {
            Source::File(PathBuf::from(name))
        }
    }

    /// Loads it as scopex does (a file through the compiled-catalog cache).
    fn load(&self) -> Catalog {
        match self {
            Source::Builtin(id) => builtin(id).unwrap_or_else(|| panic!("no built-in {id}")),
            Source::File(path) => {
                Catalog::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            }
        }
    }
}

/// A catalog to time, with its label (`id-size`).
struct Named {
    label: String,
    source: Source,
    catalog: Catalog,
}

impl Named {
    fn new(source: Source) -> Named {
        let catalog = source.load();
        Named {
            label: format!("{}-{}", catalog.id, catalog.len()),
            source,
            catalog,
        }
    }
}

/// The catalogs `SCOPEX_BENCH_CATALOGS` names, if it does.
fn chosen() -> Option<Vec<Source>> {
    let names = std::env::var("SCOPEX_BENCH_CATALOGS").ok()?;
    Some(
        names
            .split(',')
            .filter(|n| !n.is_empty())
            .map(Source::named)
            .collect(),
    )
}

/// The synthetic catalog as a file (so that it loads as a user's file does), written once
/// per run.
fn synthetic_file() -> Source {
    static FILE: OnceLock<tempfile::TempPath> = OnceLock::new();
    let path = FILE.get_or_init(|| {
        let mut file = tempfile::Builder::new()
            .prefix("scopex-bench-")
            .suffix(".toml")
            .tempfile()
            .expect("a temporary file");
        std::io::Write::write_all(&mut file, scopex_synth::generate(SYNTHETIC, 0).as_bytes())
            .expect("the synthetic catalog written");
        file.into_temp_path()
    });
    Source::File(path.to_path_buf())
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

/// A query for `catalog`: the first resource word of a name from its middle.
fn query_for(catalog: &Catalog) -> String {
    let name = catalog.name(catalog.len() / 2);
    name.split([':', '.', '/'])
        .filter(|part| part.len() >= 3)
        .find(|part| !part.starts_with("http"))
        .unwrap_or(name)
        .to_string()
}

fn bench_keys(c: &mut Criterion, group_name: &str, catalogs: Vec<(String, Catalog)>, query: &str) {
    let mut group = c.benchmark_group(group_name);
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3));
    for (label, catalog) in catalogs {
        let query = if query.is_empty() {
            query_for(&catalog)
        } else {
            query.to_string()
        };
        // Typing in the search field.
        let mut screen = Screen::new(catalog.clone());
        screen.key(KeyCode::Char('/'));
        let cycle = typing_cycle(&query);
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
    if chosen().is_some() {
        return;
    }
    let catalogs = BUILTIN
        .iter()
        .map(|id| (id.to_string(), Source::named(id).load()))
        .collect();
    bench_keys(c, "key_builtin", catalogs, "read");
}

fn key_100k(c: &mut Criterion) {
    if chosen().is_some() {
        return;
    }
    bench_keys(
        c,
        "key_100k",
        vec![("100k".to_string(), synthetic_file().load())],
        "phonelines",
    );
}

/// The named catalogs' keys, each with a query taken from one of its names.
fn key_chosen(c: &mut Criterion) {
    let Some(sources) = chosen() else {
        return;
    };
    let catalogs = sources
        .into_iter()
        .map(|source| {
            let named = Named::new(source);
            (named.label, named.catalog)
        })
        .collect();
    bench_keys(c, "key", catalogs, "");
}

/// The catalogs the first-frame benchmarks open: the named ones, else the built-ins,
/// Google's (the largest built-in: 525 scopes, 27,724 operations) and the synthetic one.
fn first_frame_catalogs() -> Vec<Named> {
    match chosen() {
        Some(sources) => sources.into_iter().map(Named::new).collect(),
        None => BUILTIN
            .iter()
            .chain(&["google"])
            .map(|id| Source::named(id))
            .chain([synthetic_file()])
            .map(Named::new)
            .collect(),
    }
}

/// Builds the explorer on `catalog` and draws its first frame at `width` x `height`.
fn open_and_draw(catalog: Catalog, width: u16, height: u16) -> (App, Terminal<TestBackend>) {
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal
        .draw(|frame| view::render(&app, frame))
        .expect("draw");
    (app, terminal)
}

/// The grant model, built on another thread once an explorer opens with nothing ticked,
/// waited for outside the time measured, so that building it does not run into the next
/// iteration.
fn wait_for_model(app: &App) {
    if let Some(explorer) = app.explorer_state() {
        black_box(explorer.grants());
    }
}

/// From nothing to the first frame drawn: the catalog loaded as scopex loads it (a file
/// through the compiled-catalog cache, warm after the first load), the explorer opened
/// (its grant model then built on another thread: the first frame does not need it), the
/// screen rendered at 80x24 and at 200x60. Dropping it, and waiting for the model, are not
/// timed.
fn first_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("first_frame");
    for named in first_frame_catalogs() {
        for (width, height) in [(80u16, 24u16), (WIDTH, HEIGHT)] {
            let label = format!("{}/{width}x{height}", named.label);
            group.bench_function(BenchmarkId::from_parameter(label), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let start = Instant::now();
                        let drawn = open_and_draw(named.source.load(), width, height);
                        total += start.elapsed();
                        wait_for_model(&drawn.0);
                        drop(black_box(drawn));
                    }
                    total
                })
            });
        }
        // And until the grant model is built too (what the first tick may wait for).
        let label = format!("{}/{WIDTH}x{HEIGHT}+model", named.label);
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let start = Instant::now();
                    let drawn = open_and_draw(named.source.load(), WIDTH, HEIGHT);
                    wait_for_model(&drawn.0);
                    total += start.elapsed();
                    drop(black_box(drawn));
                }
                total
            })
        });
    }
    group.finish();
}

/// From a loaded catalog to the first frame: the explorer built on it and the screen
/// drawn at 200x60. What [`first_frame`] adds to loading the catalog.
fn explorer_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("explorer_frame");
    for named in first_frame_catalogs() {
        group.bench_function(BenchmarkId::from_parameter(&named.label), |b| {
            b.iter_batched(
                || named.catalog.clone(),
                |catalog| open_and_draw(catalog, WIDTH, HEIGHT),
                BatchSize::PerIteration,
            )
        });
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
    targets = first_frame, explorer_frame, picker_first_frame, key_builtin, key_100k, key_chosen
}
criterion_main!(benches);
