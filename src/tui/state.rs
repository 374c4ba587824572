//! The whole state of the explorer and the one place it changes: [`App::update`]. No
//! terminal code: keys and mouse arrive as [`Action`]s, and what needs the outside world
//! (the clipboard, writing a profile, leaving) goes back out as an [`Effect`].
//!
//! Saving a profile and writing reasons go through [`Prompt`]s, a small state machine:
//! `s` with no file yet asks for a [`Prompt::Name`], then a [`Prompt::Path`], then, when
//! that file exists, [`Prompt::Overwrite`]; `r` opens [`Prompt::Reason`]; leaving with
//! unsaved changes asks [`Prompt::Unsaved`] first. Esc closes any of them.

use super::action::Action;
use super::document::{self, Document, OpenProfile};
use super::explorer::{self, Explorer};
use super::input::LineInput;
use super::keys;
use super::layout;
pub use super::message::{Effect, Help, Mode, Outcome, SaveRequest, Status, StatusKind};
use super::message::{PromptKind, Situation};
use super::picker::{self, Picker, PickerEntry, PickerOutcome};
use super::text::sanitize;
use crate::catalog::{Catalog, ScopeId};
use ratatui::layout::{Position, Rect};
use std::path::PathBuf;

/// A question or a text field that has the keyboard until confirmed or cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The name of a new profile; `then` is where to go once it is saved.
    Name {
        input: LineInput,
        then: Option<Outcome>,
    },
    /// The file a new profile `name` is saved to.
    Path {
        name: String,
        input: LineInput,
        then: Option<Outcome>,
    },
    /// `path` exists (and, the profile being new, is some other file): replace it?
    Overwrite {
        name: String,
        path: PathBuf,
        then: Option<Outcome>,
    },
    /// The reason `scope` is needed.
    Reason { scope: ScopeId, input: LineInput },
    /// Leaving with unsaved changes: save, discard, or stay. `then` is how to leave.
    Unsaved { then: Outcome },
}

impl Prompt {
    /// The text field of the prompt, if it has one.
    pub fn input(&self) -> Option<&LineInput> {
        match self {
            Prompt::Name { input, .. }
            | Prompt::Path { input, .. }
            | Prompt::Reason { input, .. } => Some(input),
            Prompt::Overwrite { .. } | Prompt::Unsaved { .. } => None,
        }
    }

    pub fn kind(&self) -> PromptKind {
        match self {
            Prompt::Name { .. } => PromptKind::Name,
            Prompt::Path { .. } => PromptKind::Path,
            Prompt::Reason { .. } => PromptKind::Reason,
            Prompt::Overwrite { .. } => PromptKind::Overwrite,
            Prompt::Unsaved { .. } => PromptKind::Unsaved,
        }
    }

    fn input_mut(&mut self) -> Option<&mut LineInput> {
        match self {
            Prompt::Name { input, .. }
            | Prompt::Path { input, .. }
            | Prompt::Reason { input, .. } => Some(input),
            Prompt::Overwrite { .. } | Prompt::Unsaved { .. } => None,
        }
    }
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

pub struct App {
    screen: Screen,
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
        let document = Document::open(profile, &catalog);
        let mut app = App::explorer(catalog, select);
        app.document = document;
        app.settle();
        app
    }

    fn with_screen(screen: Screen) -> App {
        let mut app = App {
            screen,
            help: None,
            status: None,
            size: (0, 0),
            document: Document::new(),
            prompt: None,
            unsaved: (false, (u64::MAX, u64::MAX)),
            drawn: None,
        };
        app.settle();
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

    /// Who has the keyboard.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            return Mode::Help;
        }
        self.screen_mode()
    }

    fn screen_mode(&self) -> Mode {
        match &self.prompt {
            Some(Prompt::Overwrite { .. } | Prompt::Unsaved { .. }) => return Mode::Confirm,
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
            other => other,
        };
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
        self.refresh_unsaved();
        self.sync_layout();
    }

    fn refresh_unsaved(&mut self) {
        let Screen::Explorer(explorer) = &self.screen else {
            return;
        };
        let versions = (explorer.version(), self.document.version());
        if self.unsaved.1 != versions {
            self.unsaved = (
                self.document
                    .unsaved(explorer.catalog(), explorer.selection()),
                versions,
            );
        }
    }

    /// Reports how writing `request` went; leaves when it worked and the save was asked
    /// for on the way out. On error nothing changes: the changes stay unsaved and the
    /// old file, if any, is untouched.
    pub fn saved(&mut self, request: SaveRequest, result: std::io::Result<()>) -> Effect {
        let SaveRequest {
            profile,
            path,
            then,
            ..
        } = request;
        let shown = sanitize(&path.display().to_string()).into_owned();
        let effect = match result {
            Ok(()) => {
                let count = profile.scopes.len();
                self.status = Some(Status::success(format!(
                    "Saved {} to {shown} ({})",
                    sanitize(&profile.name),
                    plural(count, "scope", "scopes"),
                )));
                self.document.saved(path, profile);
                match then {
                    Some(outcome) => Effect::Exit(outcome),
                    None => Effect::None,
                }
            }
            Err(error) => {
                // The file is left as it was (the write is atomic) and so is the state:
                // everything stays unsaved, ready for another try.
                self.status = Some(Status::error(format!(
                    // The error first: a long path may not fit the line.
                    "Not saved: {error} · {shown} · changes kept"
                )));
                if self.document.path().is_none() {
                    self.document.propose(profile.name, path);
                }
                Effect::None
            }
        };
        self.refresh_unsaved();
        effect
    }

    /// Is work still going on in the background (the best match of a search being found
    /// on another thread)? [`App::settle`] takes its result in.
    pub fn busy(&self) -> bool {
        self.explorer_state().is_some_and(Explorer::ranking)
    }

    /// Waits for the work [`App::busy`] reports and takes its result in.
    pub fn finish_background_work(&mut self) {
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.finish_ranking();
        }
        self.settle();
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
        let area = self.area();
        if let Some(help) = &mut self.help {
            let max = layout::help(area, &keys::help_rows(help.mode)).max_scroll;
            match action {
                Action::MoveUp | Action::ScrollUp => help.scroll = help.scroll.saturating_sub(1),
                Action::MoveDown | Action::ScrollDown => help.scroll = (help.scroll + 1).min(max),
                Action::PageUp => help.scroll = help.scroll.saturating_sub(10),
                Action::PageDown => help.scroll = (help.scroll + 10).min(max),
                Action::Top => help.scroll = 0,
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
            Screen::Explorer(explorer) => match explorer.update(action, &mut self.status) {
                Effect::Exit(outcome) => self.leave(outcome),
                other => other,
            },
            Screen::Picker(picker) => match picker.update(action) {
                PickerOutcome::Stay => Effect::None,
                PickerOutcome::Quit => Effect::Exit(Outcome::Cancelled),
                PickerOutcome::Open(entry) => {
                    if let Some(catalog) = picker.take_catalog(entry) {
                        self.screen = Screen::Explorer(Box::new(Explorer::new(catalog, &[])));
                        self.document = Document::new();
                    }
                    Effect::None
                }
            },
        }
    }

    /// Leaves with `outcome`, unless that would lose unsaved changes: then asks first.
    fn leave(&mut self, outcome: Outcome) -> Effect {
        self.settle();
        if self.unsaved() {
            self.prompt = Some(Prompt::Unsaved { then: outcome });
            Effect::None
        } else {
            Effect::Exit(outcome)
        }
    }

    /// `s`: saves to the profile's file, or asks for a name and a path first.
    fn start_save(&mut self, then: Option<Outcome>) -> Effect {
        let Screen::Explorer(explorer) = &self.screen else {
            return Effect::None;
        };
        if let Some(path) = self.document.path() {
            return match self
                .document
                .current(explorer.catalog(), explorer.selection())
            {
                Some(profile) => Effect::Save(SaveRequest {
                    profile,
                    path: path.to_path_buf(),
                    then,
                    keep_comments: true,
                }),
                None => Effect::None,
            };
        }
        if explorer.selected_count() == 0 {
            self.status = Some(Status::warning(
                "Nothing to save: tick the scopes the integration needs first",
            ));
            return Effect::None;
        }
        let name = match self.document.proposed() {
            Some((name, _)) => name.clone(),
            None => format!("{} integration", explorer.labels().catalog_name),
        };
        self.prompt = Some(Prompt::Name {
            input: LineInput::new(name),
            then,
        });
        Effect::None
    }

    /// `r`: opens the reason of the focused scope for editing.
    fn edit_reason(&mut self) -> Effect {
        let Screen::Explorer(explorer) = &self.screen else {
            return Effect::None;
        };
        if explorer.focus_row().is_none() {
            return Effect::None;
        }
        let Some(scope) = explorer.focused_scope() else {
            self.status = Some(Status::warning(
                "A reason belongs to one scope: focus a scope, not a group (→ unfolds)",
            ));
            return Effect::None;
        };
        let reason = self.document.reason(scope).unwrap_or_default();
        self.prompt = Some(Prompt::Reason {
            scope,
            input: LineInput::new(reason),
        });
        Effect::None
    }

    /// An action while a prompt has the keyboard.
    fn apply_prompt(&mut self, action: Action) -> Effect {
        let Some(prompt) = &mut self.prompt else {
            return Effect::None;
        };
        if let Some(input) = prompt.input_mut() {
            match action {
                Action::InsertChar(c) => input.insert(c),
                Action::DeleteChar => input.delete_back(),
                Action::DeleteForward => input.delete_forward(),
                Action::DeleteWord => input.delete_word(),
                Action::ClearInput => input.clear(),
                Action::CursorLeft => input.left(),
                Action::CursorRight => input.right(),
                Action::CursorStart => input.home(),
                Action::CursorEnd => input.end(),
                _ => {}
            }
        }
        match action {
            Action::Cancel => {
                let cancelled = self.prompt.take();
                if matches!(
                    cancelled,
                    Some(Prompt::Name { .. } | Prompt::Path { .. } | Prompt::Overwrite { .. })
                ) {
                    self.status = Some(Status::info("Not saved"));
                }
                Effect::None
            }
            Action::Confirm => self.confirm(),
            Action::SaveProfile => match self.prompt.take() {
                Some(Prompt::Unsaved { then }) => self.start_save(Some(then)),
                other => {
                    self.prompt = other;
                    Effect::None
                }
            },
            Action::Decline => match self.prompt.take() {
                Some(Prompt::Overwrite { name, path, then }) => {
                    self.prompt = Some(Prompt::Path {
                        name,
                        input: LineInput::new(path.display().to_string()),
                        then,
                    });
                    Effect::None
                }
                other => {
                    self.prompt = other;
                    Effect::None
                }
            },
            Action::DiscardChanges => match self.prompt.take() {
                Some(Prompt::Unsaved { then }) => Effect::Exit(then),
                other => {
                    self.prompt = other;
                    Effect::None
                }
            },
            _ => Effect::None,
        }
    }

    /// Enter in a text field, `y` to overwrite.
    fn confirm(&mut self) -> Effect {
        let Screen::Explorer(explorer) = &mut self.screen else {
            self.prompt = None;
            return Effect::None;
        };
        let Some(prompt) = self.prompt.take() else {
            return Effect::None;
        };
        match prompt {
            Prompt::Name { input, then } => {
                let name = input.text().trim();
                if name.is_empty() {
                    self.status = Some(Status::warning("A profile needs a name"));
                    self.prompt = Some(Prompt::Name { input, then });
                    return Effect::None;
                }
                let path = match self.document.proposed() {
                    Some((_, path)) => path.display().to_string(),
                    None => format!("./{}.toml", document::slug(name)),
                };
                self.prompt = Some(Prompt::Path {
                    name: name.to_string(),
                    input: LineInput::new(path),
                    then,
                });
                Effect::None
            }
            Prompt::Path { name, input, then } => {
                let typed = input.text().trim();
                if typed.is_empty() {
                    self.status = Some(Status::warning("Type where to save the profile"));
                    self.prompt = Some(Prompt::Path { name, input, then });
                    return Effect::None;
                }
                let path = document::resolve_path(typed, &name);
                // Only a new profile gets here: a profile with a file saves straight to it.
                if std::fs::symlink_metadata(&path).is_ok() {
                    self.prompt = Some(Prompt::Overwrite { name, path, then });
                    return Effect::None;
                }
                let profile =
                    self.document
                        .create(explorer.catalog(), explorer.selection(), &name, &path);
                Effect::Save(SaveRequest {
                    profile,
                    path,
                    then,
                    keep_comments: false,
                })
            }
            Prompt::Overwrite { name, path, then } => {
                let profile =
                    self.document
                        .create(explorer.catalog(), explorer.selection(), &name, &path);
                Effect::Save(SaveRequest {
                    profile,
                    path,
                    then,
                    keep_comments: false,
                })
            }
            Prompt::Reason { scope, input } => {
                let name = explorer.labels().scope_names[scope].clone();
                let reason = input.text().trim();
                let before = self.document.reason(scope).unwrap_or_default().to_string();
                let ticked = explorer.is_selected(scope);
                self.status = Some(Status::info(if !ticked && reason.is_empty() {
                    format!("No reason given: {name} stays unticked")
                } else if !ticked {
                    explorer.tick(scope);
                    format!("Ticked {name} and set its reason: a profile lists ticked scopes")
                } else if reason == before {
                    format!("The reason of {name} is unchanged")
                } else if reason.is_empty() {
                    format!("Removed the reason of {name}")
                } else {
                    format!("Set the reason of {name}")
                }));
                if reason != before {
                    self.document.set_reason(scope, reason);
                }
                Effect::None
            }
            Prompt::Unsaved { then } => {
                // Enter is no answer here: the question stays.
                self.prompt = Some(Prompt::Unsaved { then });
                Effect::None
            }
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
                let rows = layout::explorer_areas(area, &explorer.derived().minimal_text)
                    .map_or(1, |a| a.tree_rows());
                explorer.set_viewport(rows);
            }
        }
    }
}

impl App {
    /// What a left click at (`column`, `row`) means: in the help it closes it; on a
    /// list it focuses the row under it, on a tree row's checkbox it ticks.
    fn clicked(&self, column: u16, row: u16) -> Option<Action> {
        if self.help.is_some() {
            return Some(Action::CloseHelp);
        }
        let at = Position::new(column, row);
        let row_in = |list: Rect, offset: usize| -> Option<(usize, usize)> {
            let inner = layout::inner(list);
            inner.contains(at).then(|| {
                (
                    offset + usize::from(at.y - inner.y),
                    usize::from(at.x - inner.x),
                )
            })
        };
        match &self.screen {
            Screen::Picker(picker) => {
                let areas = layout::picker(self.area())?;
                let (row, _) = row_in(areas.list, picker.offset())?;
                (row < picker.shown().len()).then_some(Action::FocusRow(row))
            }
            Screen::Explorer(explorer) => {
                let areas = layout::explorer_areas(self.area(), &explorer.derived().minimal_text)?;
                let (row, column) = row_in(areas.tree, explorer.offset())?;
                let &node = explorer.rows().get(row)?;
                let depth = explorer.tree().nodes[node].depth;
                if layout::checkbox_columns(depth).contains(&column) {
                    Some(Action::ToggleRow(row))
                } else {
                    Some(Action::FocusRow(row))
                }
            }
        }
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}
