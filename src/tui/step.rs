//! One step of the event loop: a burst of terminal events becomes state changes, what
//! they ask of the outside world is done, the state settles, and the screen is drawn at
//! most once, only when something visible changed. The real loop (`term`), the benches
//! and the scripted tests all go through [`step`], so what they measure and check is what
//! the user gets.

use super::action::Action;
use super::keys;
use super::message::{Effect, SaveRequest, Status};
use super::state::App;
use super::view;
use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::io;

/// What a step needs from outside the state: a clipboard, a disk, a screen.
pub trait Outside {
    /// Puts `text` on the clipboard; returns what the status line should say, if anything.
    fn copy(&mut self, text: &str, what: &'static str) -> Option<Status>;

    /// Writes a profile (atomically; see [`SaveRequest::write`]).
    fn save(&mut self, request: &SaveRequest) -> io::Result<()> {
        request.write()
    }

    /// Draws the whole screen.
    fn draw(&mut self, app: &App) -> io::Result<()>;

    /// Stops the program with the terminal restored, until it is resumed (Ctrl-z, `fg`);
    /// then the terminal is set up again and cleared for a full redraw. Returns its size
    /// then, when known.
    fn suspend(&mut self) -> io::Result<Option<(u16, u16)>> {
        Ok(None)
    }
}

/// Handles `events` as one burst: each is mapped by the key table and applied; the search
/// a burst of typing asks for runs once, at the end; then one draw if anything visible
/// changed.
///
/// Returns `Effect::Exit` when the user left (nothing is drawn then), else what the last
/// event asked for: `Copy` (already done), `Redraw` when the screen changed, or `None`.
/// After a save, what the save led to (`None`, or `Exit` when it was the way out).
pub fn step(
    app: &mut App,
    events: impl IntoIterator<Item = Event>,
    outside: &mut impl Outside,
) -> io::Result<Effect> {
    let before = app.fingerprint();
    let mut last = Effect::None;
    // A save's report is its status line, not a redraw to announce.
    let mut saved_last = false;
    for event in events {
        if let Event::Paste(text) = &event {
            saved_last = false;
            last = app.paste(text);
            continue;
        }
        let Some(action) = keys::action_for_event(app.bindings(), &app.situation(), &event) else {
            continue;
        };
        saved_last = false;
        last = match app.update_deferred(action) {
            Effect::Copy { text, what } => {
                if let Some(status) = outside.copy(&text, what) {
                    app.notify(status);
                }
                Effect::Copy { text, what }
            }
            Effect::Save(request) => {
                let result = outside.save(&request);
                if let Effect::Exit(outcome) = app.saved(request, result) {
                    return Ok(Effect::Exit(outcome));
                }
                saved_last = true;
                Effect::None
            }
            Effect::Exit(outcome) => return Ok(Effect::Exit(outcome)),
            Effect::Suspend => {
                if let Some((width, height)) = outside.suspend()? {
                    app.update_deferred(Action::Resize(width, height));
                }
                app.forget_drawn();
                Effect::Redraw
            }
            other => other,
        };
    }
    app.settle();
    if app.needs_redraw() {
        outside.draw(app)?;
        app.mark_drawn();
    }
    Ok(match last {
        Effect::None if !saved_last && app.fingerprint() != before => Effect::Redraw,
        other => other,
    })
}

/// An outside world without a terminal, for tests and benchmarks: the screen is a
/// `TestBackend`, copies are remembered instead of made, saves are written.
pub struct Headless {
    pub terminal: Terminal<TestBackend>,
    /// What was copied, in order.
    pub copied: Vec<String>,
}

impl Headless {
    pub fn new(width: u16, height: u16) -> Headless {
        Headless {
            terminal: Terminal::new(TestBackend::new(width, height))
                .unwrap_or_else(|never| match never {}),
            copied: Vec::new(),
        }
    }
}

impl Outside for Headless {
    fn copy(&mut self, text: &str, _what: &'static str) -> Option<Status> {
        self.copied.push(text.to_string());
        None
    }

    fn draw(&mut self, app: &App) -> io::Result<()> {
        let (width, height) = app.size();
        if self.terminal.backend().buffer().area != Rect::new(0, 0, width, height) {
            // The next draw fits the terminal to the backend's new size.
            self.terminal.backend_mut().resize(width, height);
        }
        self.terminal
            .draw(|frame| view::render(app, frame))
            .unwrap_or_else(|never| match never {});
        Ok(())
    }
}
