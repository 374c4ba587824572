//! A thousand typed keys at 100k scopes, each timed on its own: the explorer's whole
//! reaction to the key (action, state update, render into a 200x60 `TestBackend`),
//! through the event loop's own step. Prints the median, the 90th and 99th percentiles and the
//! worst key, for typing queries (and deleting them) and for ticking scopes while
//! searching, then the same on the built-in catalogs.
//!
//! Each typed key is timed twice: to the frame drawn right after it (`typing`), and to the
//! frame that shows the ranked best match (`typing, best`): when a query matches many
//! scopes the best is found on another thread, and this waits for it and draws again.
//!
//! `cargo bench --bench keys` (criterion's statistics are of means; a key that feels slow
//! is one key, so this looks at each). `SCOPEX_BENCH_CATALOGS=a.toml,google,…` times
//! those catalogs (files or built-in ids) instead of the synthetic and built-in ones.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use scopex::catalog::{Catalog, Origin, builtin, parse_catalog};
use scopex::tui::action::Action;
use scopex::tui::state::App;
use scopex::tui::step::{Headless, step};
use std::hint::black_box;
use std::time::{Duration, Instant};

const WIDTH: u16 = 200;
const HEIGHT: u16 = 60;
const KEYS: usize = 1_000;

/// Queries a user might type: a resource word and an action, taken from scope names
/// spread over the catalog, so they match as real queries would.
fn queries(catalog: &Catalog, count: usize) -> Vec<String> {
    let separators: &[char] = &[':', '.', '/'];
    (0..count)
        .map(|i| {
            let scope = (i * 7_919 + 13) % catalog.len();
            let parts: Vec<&str> = catalog
                .name(scope)
                .split(separators)
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [.., resource, action] if i % 2 == 0 => format!("{resource} {action}"),
                [.., resource, _] => resource.to_string(),
                _ => catalog.name(scope).to_string(),
            }
        })
        .collect()
}

/// The keys: each query typed, two matches ticked (Down, Tab), the query deleted with
/// Backspace, over and over until there are `KEYS`.
fn script(catalog: &Catalog) -> Vec<KeyCode> {
    let mut keys = vec![KeyCode::Char('/')];
    for query in queries(catalog, KEYS) {
        keys.extend(query.chars().map(KeyCode::Char));
        keys.extend([KeyCode::Down, KeyCode::Tab, KeyCode::Down, KeyCode::Tab]);
        keys.extend(query.chars().map(|_| KeyCode::Backspace));
        if keys.len() >= KEYS {
            break;
        }
    }
    keys.truncate(KEYS);
    keys
}

struct Timings {
    typing: Vec<Duration>,
    /// To the frame that shows the best match.
    best: Vec<Duration>,
    ticking: Vec<Duration>,
}

fn run(catalog: Catalog) -> Timings {
    let keys = script(&catalog);
    let mut app = App::explorer(catalog, &[]);
    app.update(Action::Resize(WIDTH, HEIGHT));
    let mut outside = Headless::new(WIDTH, HEIGHT);
    let mut timings = Timings {
        typing: Vec::new(),
        best: Vec::new(),
        ticking: Vec::new(),
    };
    for code in keys {
        let start = Instant::now();
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        black_box(step(&mut app, [event], &mut outside).expect("draw"));
        let elapsed = start.elapsed();
        match code {
            KeyCode::Tab => timings.ticking.push(elapsed),
            _ => {
                timings.typing.push(elapsed);
                if app.busy() {
                    app.finish_background_work();
                    black_box(step(&mut app, [], &mut outside).expect("draw"));
                }
                timings.best.push(start.elapsed());
            }
        }
    }
    timings
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort_unstable();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<28} {:>5} keys  median {:>10}  p90 {:>10}  p99 {:>10}  worst {:>10}",
        times.len(),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(at(1.0)),
    );
}

fn report_all(label: &str, timings: Timings) {
    report(&format!("{label} typing"), timings.typing);
    report(&format!("{label} typing, best"), timings.best);
    report(&format!("{label} ticking"), timings.ticking);
}

/// A catalog file, or a built-in id.
fn open(name: &str) -> Catalog {
    if let Some(catalog) = builtin(name) {
        return catalog;
    }
    let text = std::fs::read_to_string(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    parse_catalog(&text, name, Origin::File(name.into())).unwrap_or_else(|e| panic!("{e}"))
}

fn main() {
    if let Ok(names) = std::env::var("SCOPEX_BENCH_CATALOGS") {
        for name in names.split(',').filter(|n| !n.is_empty()) {
            let catalog = open(name);
            let label = format!("{} ({})", catalog.id, catalog.len());
            report_all(&label, run(catalog));
        }
        return;
    }
    // `cargo test --benches` runs bench targets with `--test`: one short run then.
    let quick = std::env::args().any(|a| a == "--test");
    let sizes: &[usize] = if quick { &[1_000] } else { &[10_000, 100_000] };
    for &scopes in sizes {
        let text = scopex_synth::generate(scopes, 0);
        let catalog = parse_catalog(&text, "synth.toml", Origin::Builtin)
            .unwrap_or_else(|e| panic!("the synthetic catalog does not load:\n{e}"));
        report_all(&format!("{}k", scopes / 1_000), run(catalog));
    }
    for id in ["outreach", "github", "sipgate", "stora"] {
        let catalog = builtin(id).unwrap_or_else(|| panic!("no built-in catalog {id}"));
        report_all(id, run(catalog));
    }
}
