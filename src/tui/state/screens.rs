//! Moving between the picker and a catalog, unticking all, and leaving: each asks first
//! when it would lose ticks or unsaved changes.

use super::{App, KeptLoss, Parked, Prompt, Screen, UNTICK_ASK_ABOVE, plural};
use crate::tui::action::Action;
use crate::tui::document::Document;
use crate::tui::explorer::Explorer;
use crate::tui::message::{Effect, Outcome, Status};
use crate::tui::picker::Picker;

impl App {
    /// Shows `explorer`; the picker, when it was on screen, waits for [`Action::OpenPicker`].
    pub(super) fn show_explorer(&mut self, explorer: Box<Explorer>, document: Document) {
        let before = std::mem::replace(&mut self.screen, Screen::Explorer(explorer));
        if let Screen::Picker(picker) = before {
            self.picker = Some(picker);
        }
        self.document = document;
        self.name_tokens();
        self.unsaved = (false, (u64::MAX, u64::MAX));
    }

    /// Shows the explorer and the profile of `fresh` (a profile opened again) in place of
    /// the open ones, with this app's export format and trust; its status line too.
    pub(super) fn replace_explorer(&mut self, fresh: App) {
        let App {
            screen,
            document,
            status,
            ..
        } = fresh;
        let Screen::Explorer(mut explorer) = screen else {
            return;
        };
        explorer.set_format(self.format);
        explorer.set_trust(self.trust);
        self.show_explorer(explorer, document);
        self.status = status;
        self.forget_drawn();
        let (width, height) = self.size;
        self.update(Action::Resize(width, height));
    }

    /// A token page names the token after the open profile.
    pub(super) fn name_tokens(&mut self) {
        if let Screen::Explorer(explorer) = &mut self.screen {
            explorer.set_token_name(self.document.name());
        }
    }

    /// `c`: back to the picker (made now when the program started on a catalog); the
    /// open catalog is kept as it is, selection, reasons and all, to come back to.
    pub(super) fn back_to_picker(&mut self) -> Effect {
        let picker = match (self.picker.take(), self.catalogs) {
            (Some(picker), _) => picker,
            (None, Some(catalogs)) => Box::new(Picker::new(catalogs())),
            (None, None) => {
                self.status = Some(Status::warning("No catalog picker here"));
                return Effect::None;
            }
        };
        let mut picker = picker;
        if !picker.query().is_empty() {
            // A fresh list to choose from: the filter that found the last one goes.
            picker.update(Action::Back);
        }
        // The cursor on the catalog the user comes from.
        if let Screen::Explorer(explorer) = &self.screen {
            picker.focus_catalog(&explorer.catalog().id);
        }
        self.prompt = None;
        let before = std::mem::replace(&mut self.screen, Screen::Picker(picker));
        if let Screen::Explorer(explorer) = before {
            let document = std::mem::take(&mut self.document);
            let name = explorer.labels().catalog_name.to_string();
            let ticked = explorer.selected_count();
            self.parked.push(Parked { explorer, document });
            if ticked > 0 {
                self.status = Some(Status::info(format!(
                    "{name}: {} ticked, kept until you open it again",
                    plural(ticked, "scope", "scopes")
                )));
            }
        }
        self.unsaved = (false, (u64::MAX, u64::MAX));
        Effect::None
    }

    /// Esc in the tree with no filter: back to the picker when there was one; it never
    /// leaves with something ticked.
    pub(super) fn back_from_explorer(&mut self) -> Effect {
        if self.picker.is_some() {
            return self.back_to_picker();
        }
        let Screen::Explorer(explorer) = &self.screen else {
            return Effect::None;
        };
        let ticked = explorer.selected_count();
        if ticked == 0 && !self.unsaved() {
            return Effect::Exit(Outcome::Cancelled);
        }
        self.status = Some(Status::info(format!(
            "{} ticked: Enter prints the minimal string, q quits without it",
            plural(ticked, "scope", "scopes")
        )));
        Effect::None
    }

    /// `U`: unticks everything; asks first when more than [`UNTICK_ASK_ABOVE`] are
    /// ticked.
    pub(super) fn ask_untick_all(&mut self) -> Effect {
        let Screen::Explorer(explorer) = &self.screen else {
            return Effect::None;
        };
        match explorer.selected_count() {
            0 => self.status = Some(Status::info("Nothing is ticked")),
            count if count > UNTICK_ASK_ABOVE => {
                self.prompt = Some(Prompt::UntickAll { count });
            }
            _ => self.untick_all(),
        }
        Effect::None
    }

    pub(super) fn untick_all(&mut self) {
        if let Screen::Explorer(explorer) = &mut self.screen {
            let (scopes, calls) = explorer.untick_all();
            let calls = match calls {
                0 => String::new(),
                n => format!(" and {}", plural(n, "call", "calls")),
            };
            self.status = Some(Status::info(format!(
                "Unticked {}{calls}",
                plural(scopes, "scope", "scopes")
            )));
        }
    }

    /// Quitting from the picker (or from a catalog with nothing to lose): asks first when
    /// a catalog left for the picker holds ticks that would be lost (neither printed nor
    /// saved), as `q` in the explorer does for the open catalog.
    pub(super) fn leave_picker(&mut self) -> Effect {
        self.leave_kept(Outcome::Cancelled)
    }

    /// Leaves with `then` (quitting, or printing the open catalog's string), asking first
    /// when a catalog left for the picker would lose its ticks or changes.
    fn leave_kept(&mut self, then: Outcome) -> Effect {
        let kept = self.kept_losses();
        if kept.is_empty() {
            Effect::Exit(then)
        } else {
            self.prompt = Some(Prompt::LeaveKept { then, kept });
            Effect::None
        }
    }

    /// `s` at the question about leaving while catalogs kept for the picker would lose
    /// something: opens the one the question names first and saves it, as `s` saves the
    /// open catalog when quitting from it (a profile with a file at once, else asking for
    /// a name and a file); then leaves with `then`, as the question said.
    pub(super) fn save_kept(&mut self, then: Outcome) -> Effect {
        // The order of [`App::kept_losses`]: ticks before profiles' changes.
        let first = self
            .parked
            .iter()
            .position(|parked| parked.would_lose() && parked.document.name().is_none())
            .or_else(|| self.parked.iter().position(Parked::would_lose));
        let Some(at) = first else {
            return self.leave_kept(then);
        };
        let Parked { explorer, document } = self.parked.remove(at);
        if matches!(self.screen, Screen::Explorer(_)) {
            // The open catalog is kept for the picker in its turn.
            self.back_to_picker();
        }
        self.show_explorer(explorer, document);
        self.status = None;
        self.settle();
        self.start_save(Some(then))
    }

    /// What quitting would lose in the catalogs left for the picker (neither printed nor
    /// saved): ticks first, then changes to profiles.
    pub fn kept_losses(&self) -> Vec<KeptLoss> {
        let mut losses: Vec<KeptLoss> = self
            .parked
            .iter()
            .filter(|parked| parked.would_lose())
            .map(|parked| match parked.document.name() {
                Some(profile) => KeptLoss::Unsaved {
                    profile: profile.to_string(),
                },
                None => KeptLoss::Ticked {
                    catalog: parked.explorer.labels().catalog_name.to_string(),
                    count: parked.explorer.selected_count(),
                },
            })
            .collect();
        losses.sort_by_key(|loss| matches!(loss, KeptLoss::Unsaved { .. }));
        losses
    }

    /// Would quitting lose something: unsaved changes to the profile, or, with no
    /// profile file, a selection that differs from the one the explorer opened with?
    pub(super) fn would_lose(&self) -> bool {
        self.unsaved()
            || (self.document.path().is_none()
                && self
                    .explorer_state()
                    .is_some_and(|explorer| explorer.selection_changed()))
    }

    /// Leaves with `outcome`, unless that would lose unsaved changes or a selection, here
    /// or in a catalog left for the picker: then asks first.
    pub(super) fn leave(&mut self, outcome: Outcome) -> Effect {
        self.settle();
        let loses = match outcome {
            Outcome::Cancelled => self.would_lose(),
            Outcome::Accepted(_) => self.unsaved(),
        };
        if loses {
            self.prompt = Some(Prompt::Unsaved { then: outcome });
            Effect::None
        } else {
            // Nothing to lose here; the catalogs left for the picker may have, whether
            // this one's string is printed or not.
            self.leave_kept(outcome)
        }
    }
}
