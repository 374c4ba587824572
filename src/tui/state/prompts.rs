//! Saving a profile and writing reasons, through [`Prompt`]s: a small state machine.
//! `s` with no file yet asks for a [`Prompt::Name`], then a [`Prompt::Path`], then, when
//! that file exists, [`Prompt::Overwrite`]; `r` opens [`Prompt::Reason`]; leaving with
//! unsaved changes asks [`Prompt::Unsaved`] first, and leaving while a catalog kept for the
//! picker would lose its ticks [`Prompt::LeaveKept`]. Esc closes any of them.

use super::{App, Screen, plural};
use crate::catalog::{OperationId, ScopeId};
use crate::tui::action::Action;
use crate::tui::document::{self, Document};
use crate::tui::explorer::Explorer;
use crate::tui::input::LineInput;
use crate::tui::message::{Effect, Outcome, PromptKind, SaveRequest, Status};
use crate::tui::text::sanitize;
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
    /// The profile's file changed on disk since it was read or last saved: overwrite
    /// it, reload it (dropping the changes made here), or cancel. `then` is where to go
    /// once it is saved.
    Changed { then: Option<Outcome> },
    /// The reason `scope` is needed.
    Reason { scope: ScopeId, input: LineInput },
    /// Leaving with unsaved changes: save, discard, or stay. `then` is how to leave.
    Unsaved { then: Outcome },
    /// Untick all `count` ticked scopes?
    UntickAll { count: usize },
    /// Leave (quit, or print the open catalog's string: `then`) although catalogs left
    /// for the picker hold ticks not printed nor saved (what each one would lose)? `s`
    /// saves the first of them.
    LeaveKept { then: Outcome, kept: Vec<KeptLoss> },
}

/// What quitting loses in a catalog kept for the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptLoss {
    /// `count` scopes ticked in the catalog `catalog`, which has no profile file.
    Ticked { catalog: String, count: usize },
    /// Changes not saved to the profile `profile`.
    Unsaved { profile: String },
}

impl Prompt {
    /// The text field of the prompt, if it has one.
    pub fn input(&self) -> Option<&LineInput> {
        match self {
            Prompt::Name { input, .. }
            | Prompt::Path { input, .. }
            | Prompt::Reason { input, .. } => Some(input),
            _ => None,
        }
    }

    /// Is it a question answered with a letter, rather than a text field?
    pub fn is_question(&self) -> bool {
        self.input().is_none()
    }

    pub fn kind(&self) -> PromptKind {
        match self {
            Prompt::Name { .. } => PromptKind::Name,
            Prompt::Path { .. } => PromptKind::Path,
            Prompt::Reason { .. } => PromptKind::Reason,
            Prompt::Overwrite { .. } => PromptKind::Overwrite,
            Prompt::Changed { .. } => PromptKind::Changed,
            Prompt::Unsaved { .. } => PromptKind::Unsaved,
            Prompt::UntickAll { .. } => PromptKind::UntickAll,
            Prompt::LeaveKept { .. } => PromptKind::LeaveKept,
        }
    }

    fn input_mut(&mut self) -> Option<&mut LineInput> {
        match self {
            Prompt::Name { input, .. }
            | Prompt::Path { input, .. }
            | Prompt::Reason { input, .. } => Some(input),
            _ => None,
        }
    }
}

impl App {
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
                let saved = format!(
                    "Saved {} ({}) to ",
                    sanitize(&profile.name),
                    plural(count, "scope", "scopes"),
                );
                // The path keeps its end, the file's name, when the line is short.
                let room = usize::from(self.size.0)
                    .saturating_sub(1 + crate::tui::text::width(&saved))
                    .max(16);
                let shown = crate::tui::text::truncate_left(&shown, room);
                self.status = Some(Status::success(format!("{saved}{shown}")));
                let ticked: Vec<OperationId> = match &self.screen {
                    Screen::Explorer(explorer) => explorer.operations().ticked().to_vec(),
                    Screen::Picker(_) => Vec::new(),
                };
                self.document.saved(path, profile, &ticked);
                self.name_tokens();
                match then {
                    // Saved on the way out: out, as the question that asked said, with
                    // whatever else it named as lost.
                    Some(outcome) => Effect::Exit(outcome),
                    None => Effect::None,
                }
            }
            Err(error) if crate::profile::ChangedOnDisk::is(&error) => {
                // Someone else's save is on disk: ask rather than overwrite it.
                self.prompt = Some(Prompt::Changed { then });
                Effect::None
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

    /// `s`: saves to the profile's file, or asks for a name and a path first.
    pub(super) fn start_save(&mut self, then: Option<Outcome>) -> Effect {
        let Screen::Explorer(explorer) = &self.screen else {
            return Effect::None;
        };
        if let Some(path) = self.document.path() {
            return match self.document.current(
                explorer.catalog(),
                explorer.selection(),
                explorer.operations().ticked(),
            ) {
                Some(profile) => Effect::Save(SaveRequest {
                    profile,
                    path: path.to_path_buf(),
                    then,
                    keep_comments: true,
                    expected: self.document.stamp(),
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

    /// `o` in [`Prompt::Changed`]: saves over the file as it is now.
    fn save_over_changed(&mut self, then: Option<Outcome>) -> Effect {
        match self.start_save(then) {
            Effect::Save(request) => Effect::Save(SaveRequest {
                expected: None,
                ..request
            }),
            other => other,
        }
    }

    /// `r` in [`Prompt::Changed`]: opens the profile again from its file, as
    /// `scopex --profile FILE` would, dropping the changes made here.
    fn reload_profile(&mut self) {
        let Some(path) = self.document.path().map(PathBuf::from) else {
            return;
        };
        let loaded = match crate::profile::load(&path) {
            Ok(loaded) => loaded,
            Err(error) => {
                let error = sanitize(&error.to_string()).into_owned();
                let first = error.lines().next().unwrap_or_default().to_string();
                self.status = Some(Status::error(format!("Not reloaded: {first}")));
                return;
            }
        };
        let opened = document::OpenProfile {
            profile: loaded.profile,
            path: loaded.path,
            operations: loaded.operations,
            stamp: loaded.stamp,
        };
        let fresh = App::with_profile(loaded.catalog, &loaded.selection, opened);
        self.replace_explorer(fresh);
        let kept = match self.status.take() {
            Some(status) => format!(" · {}", status.text),
            None => String::new(),
        };
        self.status = Some(Status::info(format!(
            "Reloaded {} from disk{kept}",
            sanitize(self.document.name().unwrap_or_default())
        )));
    }

    /// `r`: opens the reason of the focused scope for editing.
    pub(super) fn edit_reason(&mut self) -> Effect {
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
    pub(super) fn apply_prompt(&mut self, action: Action) -> Effect {
        let Some(prompt) = &mut self.prompt else {
            return Effect::None;
        };
        if let Some(input) = prompt.input_mut() {
            // Whether the field changed shows in the fingerprint, which holds the prompt.
            let _changed = match action {
                Action::InsertChar(c) => input.insert(c),
                Action::DeleteChar => input.delete_back(),
                Action::DeleteForward => input.delete_forward(),
                Action::DeleteWord => input.delete_word(),
                Action::ClearInput => input.delete_to_start(),
                Action::CursorWordLeft => input.word_left(),
                Action::CursorWordRight => input.word_right(),
                Action::CursorLeft => input.left(),
                Action::CursorRight => input.right(),
                Action::CursorStart => input.home(),
                Action::CursorEnd => input.end(),
                _ => false,
            };
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
                if matches!(cancelled, Some(Prompt::Changed { .. })) {
                    self.status = Some(Status::warning(
                        "Not saved: the file changed on disk · changes kept",
                    ));
                }
                Effect::None
            }
            Action::Confirm => match self.prompt.take() {
                Some(Prompt::UntickAll { .. }) => {
                    self.untick_all();
                    Effect::None
                }
                Some(Prompt::Changed { then }) => self.save_over_changed(then),
                other => {
                    self.prompt = other;
                    self.confirm()
                }
            },
            Action::SaveProfile => match self.prompt.take() {
                Some(Prompt::Unsaved { then }) => self.start_save(Some(then)),
                Some(Prompt::LeaveKept { then, .. }) => self.save_kept(then),
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
                Some(Prompt::Changed { .. }) => {
                    self.reload_profile();
                    Effect::None
                }
                other => {
                    self.prompt = other;
                    Effect::None
                }
            },
            Action::DiscardChanges => match self.prompt.take() {
                Some(Prompt::Unsaved { then } | Prompt::LeaveKept { then, .. }) => {
                    Effect::Exit(then)
                }
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
                save_new(&self.document, explorer, &name, path, then)
            }
            Prompt::Overwrite { name, path, then } => {
                save_new(&self.document, explorer, &name, path, then)
            }
            Prompt::Reason { scope, input } => {
                let name = explorer.labels().short_name(scope).into_owned();
                let reason = input.text().trim();
                let before = self.document.reason(scope).unwrap_or_default().to_string();
                let ticked = explorer.is_selected(scope);
                self.status = Some(Status::info(if !ticked && reason.is_empty() {
                    format!("No reason given: {name} stays unticked")
                } else if !ticked {
                    explorer.tick(scope);
                    format!("Ticked {name} and set its reason")
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
            question @ (Prompt::Changed { .. }
            | Prompt::Unsaved { .. }
            | Prompt::UntickAll { .. }
            | Prompt::LeaveKept { .. }) => {
                // Enter is no answer here: the question stays.
                self.prompt = Some(question);
                Effect::None
            }
        }
    }
}

/// Saves the ticked scopes as a new profile `name` to `path`, a file the user chose: it
/// is new, or something else they agreed to replace, so its comments are not kept.
fn save_new(
    document: &Document,
    explorer: &Explorer,
    name: &str,
    path: PathBuf,
    then: Option<Outcome>,
) -> Effect {
    let profile = document.create(
        explorer.catalog(),
        explorer.selection(),
        explorer.operations().ticked(),
        name,
        &path,
    );
    Effect::Save(SaveRequest {
        profile,
        path,
        then,
        keep_comments: false,
        expected: None,
    })
}
