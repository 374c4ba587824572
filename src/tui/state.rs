//! The whole state of the explorer and the one place it changes: [`App::update`]. No
//! terminal code: keys and mouse arrive as [`Action`]s, and what needs the outside world
//! (the clipboard, leaving) goes back out as an [`Effect`].

use super::Outcome;
use super::action::Action;
use super::explorer::{self, Explorer};
use super::keys;
use super::layout;
use super::picker::{self, Picker, PickerEntry, PickerOutcome};
use crate::catalog::{Catalog, ScopeId};
use ratatui::layout::Rect;

/// What the caller must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing changed: no need to draw.
    None,
    /// Something changed: draw.
    Redraw,
    /// Put `text` on the clipboard, then report with [`App::notify`].
    Copy { text: String, what: &'static str },
    /// Leave the explorer.
    Exit(Outcome),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Success,
    Warning,
    Error,
}

/// A one-line message for the status line, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Info,
            text: text.into(),
        }
    }

    pub fn success(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Success,
            text: text.into(),
        }
    }

    pub fn warning(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Warning,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            kind: StatusKind::Error,
            text: text.into(),
        }
    }
}

/// Which part of the app has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Picker,
    Tree,
    Search,
    Help,
}

pub enum Screen {
    Picker(Box<Picker>),
    Explorer(Box<Explorer>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ScreenFingerprint {
    Picker(picker::Fingerprint),
    Explorer(explorer::Fingerprint),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    screen: ScreenFingerprint,
    help: Option<(Mode, usize)>,
    status: Option<Status>,
    size: (u16, u16),
}

/// The open help overlay: the mode it describes and how far it is scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub mode: Mode,
    pub scroll: usize,
}

pub struct App {
    screen: Screen,
    help: Option<Help>,
    status: Option<Status>,
    size: (u16, u16),
    /// What the screen showed when last drawn.
    drawn: Option<Fingerprint>,
}

impl App {
    /// The catalog picker over `entries`.
    pub fn picker(entries: Vec<PickerEntry>) -> App {
        App::with_screen(Screen::Picker(Box::new(Picker::new(entries))))
    }

    /// The explorer on `catalog` with `select` ticked.
    pub fn explorer(catalog: Catalog, select: &[ScopeId]) -> App {
        App::with_screen(Screen::Explorer(Box::new(Explorer::new(catalog, select))))
    }

    fn with_screen(screen: Screen) -> App {
        let mut app = App {
            screen,
            help: None,
            status: None,
            size: (0, 0),
            drawn: None,
        };
        app.sync_layout();
        app
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn explorer_state(&self) -> Option<&Explorer> {
        match &self.screen {
            Screen::Explorer(explorer) => Some(explorer),
            Screen::Picker(_) => None,
        }
    }

    pub fn picker_state(&self) -> Option<&Picker> {
        match &self.screen {
            Screen::Picker(picker) => Some(picker),
            Screen::Explorer(_) => None,
        }
    }

    pub fn help(&self) -> Option<Help> {
        self.help
    }

    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Who has the keyboard.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            return Mode::Help;
        }
        self.screen_mode()
    }

    fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Picker(_) => Mode::Picker,
            Screen::Explorer(explorer) if explorer.search().editing => Mode::Search,
            Screen::Explorer(_) => Mode::Tree,
        }
    }

    /// Reports something that happened outside (the clipboard) on the status line.
    pub fn notify(&mut self, status: Status) {
        self.status = Some(status);
    }

    fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            screen: match &self.screen {
                Screen::Picker(p) => ScreenFingerprint::Picker(p.fingerprint()),
                Screen::Explorer(e) => ScreenFingerprint::Explorer(e.fingerprint()),
            },
            help: self.help.map(|h| (h.mode, h.scroll)),
            status: self.status.clone(),
            size: self.size,
        }
    }

    /// Applies one action and brings everything derived up to date. Returns what the
    /// caller must do: `Effect::None` when nothing visible changed.
    pub fn update(&mut self, action: Action) -> Effect {
        let before = self.fingerprint();
        let effect = self.update_deferred(action);
        self.settle();
        match effect {
            Effect::None if self.fingerprint() != before => Effect::Redraw,
            other => other,
        }
    }

    /// Applies one action of a burst; work that only the end of the burst needs (the
    /// search for a query being typed) waits for [`App::settle`]. Returns `Copy` or `Exit`
    /// when the caller must act, else `Effect::None`.
    pub fn update_deferred(&mut self, action: Action) -> Effect {
        // A status message lasts until the next thing the user does.
        if !matches!(
            action,
            Action::Resize(..) | Action::ScrollUp | Action::ScrollDown
        ) {
            self.status = None;
        }
        self.apply(action)
    }

    /// Finishes a burst of actions: runs a pending search, fits the lists to the screen.
    pub fn settle(&mut self) {
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.settle();
        }
        self.sync_layout();
    }

    /// Has anything visible changed since the last [`App::mark_drawn`]?
    pub fn needs_redraw(&self) -> bool {
        self.drawn.as_ref() != Some(&self.fingerprint())
    }

    pub fn mark_drawn(&mut self) {
        self.drawn = Some(self.fingerprint());
    }

    fn apply(&mut self, action: Action) -> Effect {
        if let Action::Resize(width, height) = action {
            self.size = (width, height);
            return Effect::None;
        }
        if let Some(help) = &mut self.help {
            let rows = keys::help_rows(help.mode).len();
            match action {
                Action::MoveUp | Action::ScrollUp => help.scroll = help.scroll.saturating_sub(1),
                Action::MoveDown | Action::ScrollDown => {
                    help.scroll = (help.scroll + 1).min(rows.saturating_sub(1));
                }
                Action::PageUp => help.scroll = help.scroll.saturating_sub(10),
                Action::PageDown => help.scroll = (help.scroll + 10).min(rows.saturating_sub(1)),
                Action::Top => help.scroll = 0,
                Action::Quit => return Effect::Exit(Outcome::Cancelled),
                _ => self.help = None,
            }
            return Effect::None;
        }
        if action == Action::ShowHelp {
            self.help = Some(Help {
                mode: self.screen_mode(),
                scroll: 0,
            });
            return Effect::None;
        }
        match &mut self.screen {
            Screen::Explorer(explorer) => explorer.update(action, &mut self.status),
            Screen::Picker(picker) => match picker.update(action) {
                PickerOutcome::Stay => Effect::None,
                PickerOutcome::Quit => Effect::Exit(Outcome::Cancelled),
                PickerOutcome::Open(entry) => {
                    if let Some(catalog) = picker.take_catalog(entry) {
                        self.screen = Screen::Explorer(Box::new(Explorer::new(catalog, &[])));
                    }
                    Effect::None
                }
            },
        }
    }

    /// Tells the lists how many rows they show at the current size.
    fn sync_layout(&mut self) {
        let area = self.area();
        match &mut self.screen {
            Screen::Picker(picker) => {
                let rows = layout::picker(area).map_or(1, |a| a.list_rows());
                picker.set_viewport(rows);
            }
            Screen::Explorer(explorer) => {
                let rows = layout::explorer_areas(area, explorer).map_or(1, |a| a.tree_rows());
                explorer.set_viewport(rows);
            }
        }
    }
}
