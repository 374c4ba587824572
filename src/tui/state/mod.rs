//! The whole state of the explorer and the one place it changes: [`App::update`]. No
//! terminal code: keys and mouse arrive as [`Action`]s, and what needs the outside world
//! (the clipboard, writing a profile, leaving) goes back out as an [`Effect`].
//!
//! Saving a profile and writing reasons go through [`Prompt`]s (see `prompts.rs`).

use super::action::Action;
use super::document::{Document, OpenProfile};
use super::explorer::{self, Explorer};
use super::keys;
use super::layout;
pub use super::message::{Effect, Help, Mode, Outcome, SaveRequest, Status, StatusKind};
use super::message::{Panel, Situation};
use super::theme::Theme;
pub use prompts::{KeptLoss, Prompt};

mod mouse;
mod prompts;
mod screens;
use super::picker::{self, Picker, PickerEntry, PickerOutcome};
use crate::catalog::{Catalog, ScopeId};
use crate::export::Format;
use crate::grants::Trust;
use crate::tui::text::plural;
use ratatui::layout::Rect;
use std::borrow::Cow;

pub enum Screen {
    Picker(Box<Picker>),
    Explorer(Box<Explorer>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ScreenFingerprint {
    Picker(picker::Fingerprint),
    Explorer(explorer::Fingerprint),
}

/// What the screen shows, for "did anything visible change".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    screen: ScreenFingerprint,
    help: Option<(Mode, usize)>,
    status: Option<Status>,
    size: (u16, u16),
    prompt: Option<Prompt>,
    document: u64,
}

/// A catalog left for the picker, kept as it was to come back to.
struct Parked {
    explorer: Box<Explorer>,
    document: Document,
}

impl Parked {
    /// Would quitting lose its ticks: unsaved changes to its profile, or, with no
    /// profile file, a selection other than the one it opened with?
    fn would_lose(&self) -> bool {
        let explorer = &self.explorer;
        self.document.unsaved(
            explorer.catalog(),
            explorer.selection(),
            explorer.operations().ticked(),
        ) || (self.document.path().is_none() && explorer.selection_changed())
    }
}

/// Unticking more scopes than this at once asks first.
pub const UNTICK_ASK_ABOVE: usize = 3;

pub struct App {
    screen: Screen,
    /// The picker while a catalog is open (once there has been one).
    picker: Option<Box<Picker>>,
    /// Where a picker comes from when the program started on a catalog.
    catalogs: Option<fn() -> Vec<PickerEntry>>,
    /// The catalogs opened before, each as it was left.
    parked: Vec<Parked>,
    help: Option<Help>,
    status: Option<Status>,
    size: (u16, u16),
    /// The profile being edited in the explorer.
    document: Document,
    prompt: Option<Prompt>,
    /// Does the document differ from its file, as of (selection, document) versions?
    unsaved: (bool, (u64, u64)),
    /// What the screen showed when last drawn.
    drawn: Option<Fingerprint>,
    /// The styles the screens are drawn with.
    theme: Theme,
    /// The key table: the built-in one, or the user's.
    bindings: Cow<'static, [keys::Binding]>,
    /// The export format a catalog opens with.
    format: Format,
    /// The evidence each catalog opens trusting.
    trust: Trust,
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

    /// The explorer on the catalog of `profile`, its scopes (`select`) ticked; saves go
    /// back to its file.
    pub fn with_profile(catalog: Catalog, select: &[ScopeId], profile: OpenProfile) -> App {
        let listed = profile.operations.clone();
        let mut document = Document::open(profile, &catalog);
        let mut app = App::explorer(catalog, select);
        if let Screen::Explorer(explorer) = &mut app.screen {
            let not_allowed = explorer.tick_listed_operations(&listed);
            if !not_allowed.is_empty() {
                let count = not_allowed.len();
                let calls = plural(count, "listed call", "listed calls");
                let is = if count == 1 { "is" } else { "are" };
                app.status = Some(Status::warning(format!(
                    "{calls} {is} not allowed by the scopes: unticked, kept in the file"
                )));
            }
            // Saving lists them still: opening a profile changes nothing in it.
            document.keep_unticked(not_allowed);
        }
        app.document = document;
        app.name_tokens();
        app.settle();
        app
    }

    /// The app on `explorer`, as [`App::explorer`] makes it.
    #[cfg(test)]
    pub(crate) fn of_explorer(explorer: Explorer) -> App {
        App::with_screen(Screen::Explorer(Box::new(explorer)))
    }

    fn with_screen(screen: Screen) -> App {
        let mut app = App {
            screen,
            picker: None,
            catalogs: None,
            parked: Vec::new(),
            help: None,
            status: None,
            size: (0, 0),
            document: Document::new(),
            prompt: None,
            unsaved: (false, (u64::MAX, u64::MAX)),
            drawn: None,
            theme: Theme::DARK,
            bindings: Cow::Borrowed(keys::BINDINGS),
            format: Format::default(),
            trust: Trust::DEFAULT,
        };
        app.settle();
        app
    }

    /// The same app drawn with `theme`.
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The same app with the user's theme, keys and export format.
    pub fn with_settings(self, settings: super::Settings) -> App {
        let mut app = self.with_theme(settings.theme);
        if let Some(bindings) = settings.bindings {
            app = app.with_bindings(bindings);
        }
        if let Some(format) = settings.format {
            app = app.with_format(format);
        }
        if let Some(trust) = settings.trust {
            app = app.with_trust(trust);
        }
        app
    }

    /// The same app with catalogs opening trusting `trust`.
    pub fn with_trust(mut self, trust: Trust) -> App {
        self.trust = trust;
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.set_trust(trust);
        }
        self.settle();
        self
    }

    /// The same app with catalogs opening in `format`.
    pub fn with_format(mut self, format: Format) -> App {
        self.format = format;
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.set_format(format);
        }
        self
    }

    /// The same app with the user's key table.
    pub fn with_bindings(mut self, bindings: Vec<keys::Binding>) -> App {
        self.bindings = Cow::Owned(bindings);
        self
    }

    /// The key table the keys, the help and the hints follow.
    pub fn bindings(&self) -> &[keys::Binding] {
        &self.bindings
    }

    /// Where the catalogs for a picker come from, for a program started on a catalog:
    /// `c` goes to a picker made from them.
    pub fn with_catalogs(mut self, catalogs: fn() -> Vec<PickerEntry>) -> App {
        self.catalogs = Some(catalogs);
        self
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

    pub fn document(&self) -> &Document {
        &self.document
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// Would quitting lose a change to the profile?
    pub fn unsaved(&self) -> bool {
        self.unsaved.0
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Is the terminal below the minimum size? Then nothing is shown but a note, and
    /// only quitting and resizing act: a key must not change what cannot be seen.
    pub fn too_small(&self) -> bool {
        layout::too_small(self.area())
    }

    /// Who has the keyboard.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            return Mode::Help;
        }
        self.screen_mode()
    }

    fn screen_mode(&self) -> Mode {
        match &self.prompt {
            Some(prompt) if prompt.is_question() => return Mode::Confirm,
            Some(_) => return Mode::Input,
            None => {}
        }
        match &self.screen {
            Screen::Picker(_) => Mode::Picker,
            Screen::Explorer(explorer) if explorer.search().editing => Mode::Search,
            Screen::Explorer(_) => Mode::Tree,
        }
    }

    /// What the key table needs to know to map a key.
    pub fn situation(&self) -> Situation {
        Situation {
            mode: self.mode(),
            prompt: self.prompt.as_ref().map(Prompt::kind),
            picker_idle: self.picker_state().is_some_and(|p| p.query().is_empty()),
            profile_file: self.document.path().is_some(),
            too_small: self.too_small(),
            operations: matches!(&self.screen, Screen::Explorer(e) if e.operations().shown),
        }
    }

    /// Reports something that happened outside (the clipboard) on the status line.
    pub fn notify(&mut self, status: Status) {
        self.status = Some(status);
    }

    pub(crate) fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            screen: match &self.screen {
                Screen::Picker(p) => ScreenFingerprint::Picker(p.fingerprint()),
                Screen::Explorer(e) => ScreenFingerprint::Explorer(e.fingerprint()),
            },
            help: self.help.map(|h| (h.mode, h.scroll)),
            status: self.status.clone(),
            size: self.size,
            prompt: self.prompt.clone(),
            document: self.document.version(),
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
        let action = match action {
            Action::Click(column, row) => match self.clicked(column, row) {
                Some(action) => action,
                None => return Effect::None,
            },
            Action::WheelUp(column, row) => self.wheeled(column, row, -1),
            Action::WheelDown(column, row) => self.wheeled(column, row, 1),
            other => other,
        };
        if self.too_small() {
            return self.apply_too_small(action);
        }
        // Esc first takes away a message on the status line.
        if action == Action::Back && self.status.is_some() && self.mode() == Mode::Tree {
            self.status = None;
            return Effect::None;
        }
        // A status message lasts until the next thing the user does.
        if !matches!(
            action,
            Action::Resize(..) | Action::ScrollUp | Action::ScrollDown | Action::ScrollPanel(..)
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
        self.refresh_unsaved();
        self.sync_layout();
    }

    fn refresh_unsaved(&mut self) {
        let Screen::Explorer(explorer) = &self.screen else {
            return;
        };
        // A kept call the user ticks is theirs again: unticking it later drops it.
        self.document.forget_kept(explorer.operations().ticked());
        let versions = (explorer.version(), self.document.version());
        if self.unsaved.1 != versions {
            self.unsaved = (
                self.document.unsaved(
                    explorer.catalog(),
                    explorer.selection(),
                    explorer.operations().ticked(),
                ),
                versions,
            );
        }
    }

    /// Is work still going on in the background (the best match of a search being found,
    /// the catalog's operations being read, on another thread)? [`App::settle`] takes its
    /// result in.
    pub fn busy(&self) -> bool {
        self.explorer_state()
            .is_some_and(|e| e.ranking() || e.reading_operations())
    }

    /// Starts the work that runs on another thread while the user looks at the screen:
    /// what ranking a search's matches reads of the catalog's names, and reading the
    /// open catalog's operations, so that the details can say which ones the focused
    /// scope authorizes. The event loop calls it once a frame is drawn.
    pub fn start_background_work(&mut self) {
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.prepare_search();
            explorer.read_operations_in_background();
        }
    }

    /// Waits for the work [`App::busy`] reports and takes its result in.
    pub fn finish_background_work(&mut self) {
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.finish_ranking();
            explorer.finish_reading();
        }
        self.settle();
    }

    /// Has anything visible changed since the last [`App::mark_drawn`]?
    pub fn needs_redraw(&self) -> bool {
        self.drawn.as_ref() != Some(&self.fingerprint())
    }

    /// The screen must be drawn in full again (after the program was suspended).
    pub fn forget_drawn(&mut self) {
        self.drawn = None;
    }

    pub fn mark_drawn(&mut self) {
        self.drawn = Some(self.fingerprint());
    }

    fn apply(&mut self, action: Action) -> Effect {
        match action {
            Action::Resize(width, height) => {
                self.size = (width, height);
                return Effect::None;
            }
            Action::Suspend => return Effect::Suspend,
            _ => {}
        }
        let area = self.area();
        if let Some(help) = &mut self.help {
            let max = layout::help(area, &keys::help_rows(&self.bindings, help.mode)).max_scroll;
            match action {
                Action::MoveUp | Action::ScrollUp => help.scroll = help.scroll.saturating_sub(1),
                Action::MoveDown | Action::ScrollDown => help.scroll = (help.scroll + 1).min(max),
                Action::PageUp => help.scroll = help.scroll.saturating_sub(10),
                Action::PageDown => help.scroll = (help.scroll + 10).min(max),
                Action::Top => help.scroll = 0,
                Action::Bottom => help.scroll = max,
                Action::Quit => {
                    self.help = None;
                    return self.leave(Outcome::Cancelled);
                }
                _ => self.help = None,
            }
            return Effect::None;
        }
        if self.prompt.is_some() {
            return self.apply_prompt(action);
        }
        if action == Action::ShowHelp {
            self.help = Some(Help {
                mode: self.screen_mode(),
                scroll: 0,
            });
            return Effect::None;
        }
        match &mut self.screen {
            Screen::Explorer(_) if action == Action::SaveProfile => self.start_save(None),
            Screen::Explorer(_) if action == Action::EditReason => self.edit_reason(),
            Screen::Explorer(_) if action == Action::OpenPicker => self.back_to_picker(),
            Screen::Explorer(_) if action == Action::UntickAll => self.ask_untick_all(),
            Screen::Explorer(explorer)
                if action == Action::Back
                    && explorer.panel() == Panel::Tree
                    && !explorer.search().filtering()
                    && !explorer.search().editing
                    && !explorer.ticked_filter() =>
            {
                self.back_from_explorer()
            }
            Screen::Explorer(explorer) => match explorer.update(action, &mut self.status) {
                Effect::Exit(outcome) => self.leave(outcome),
                other => other,
            },
            Screen::Picker(picker) => match picker.update(action) {
                PickerOutcome::Stay => Effect::None,
                PickerOutcome::Quit => self.leave_picker(),
                PickerOutcome::Open(entry) => {
                    let kept = picker.catalog_id(entry).and_then(|id| {
                        self.parked
                            .iter()
                            .position(|p| p.explorer.catalog().id == id)
                    });
                    if let Some(at) = kept {
                        let Parked { explorer, document } = self.parked.remove(at);
                        self.show_explorer(explorer, document);
                    } else if let Some(catalog) = picker.take_catalog(entry) {
                        let mut explorer =
                            Box::new(Explorer::new(catalog, &[]).with_format(self.format));
                        explorer.set_trust(self.trust);
                        self.show_explorer(explorer, Document::new());
                    } else {
                        self.status = Some(Status::warning(format!(
                            "{} failed to load: fix it, then start scopex again",
                            picker.labels(entry).name
                        )));
                    }
                    Effect::None
                }
            },
        }
    }

    /// An action while the terminal is too small to show anything: a resize, or quitting
    /// (which asks first, as usual, when changes would be lost; asked, it leaves).
    fn apply_too_small(&mut self, action: Action) -> Effect {
        match action {
            Action::Resize(..) => self.apply(action),
            Action::Quit => {
                self.help = None;
                match self.prompt.take() {
                    Some(Prompt::Unsaved { then } | Prompt::LeaveKept { then, .. }) => {
                        Effect::Exit(then)
                    }
                    _ => self.leave(Outcome::Cancelled),
                }
            }
            _ => Effect::None,
        }
    }

    /// Types pasted text (bracketed paste): in the tree it starts a search with it, in a
    /// text field or a filter it is typed. Line breaks and tabs become spaces, so a
    /// paste never confirms or accepts anything.
    pub fn paste(&mut self, text: &str) -> Effect {
        if self.too_small() {
            return Effect::None;
        }
        let clean: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let clean = clean.trim();
        match self.mode() {
            Mode::Help | Mode::Confirm => return Effect::None,
            Mode::Tree if !clean.is_empty() => {
                // A new search with the pasted text, not one added to a kept filter.
                self.update_deferred(Action::ClearSearch);
                self.update_deferred(Action::FocusSearch);
            }
            Mode::Tree | Mode::Search | Mode::Input | Mode::Picker => {}
        }
        for c in clean.chars() {
            self.update_deferred(Action::InsertChar(c));
        }
        Effect::None
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
                let rows = layout::explorer_areas(
                    area,
                    &explorer.derived().minimal_text,
                    explorer.panel(),
                )
                .map_or(1, |a| a.tree_rows());
                explorer.set_viewport(rows);
            }
        }
    }
}
