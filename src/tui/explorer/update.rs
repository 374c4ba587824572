//! The explorer's one entry for change: [`Explorer::update`] applies an [`Action`] to
//! the tree, the search, the selection or a panel, and says what the outside must do.

use super::*;

impl Explorer {
    /// Applies an action to the operations view, when it is shown and the action is one
    /// of its own; None otherwise. Its tree and search work as the scope tree's.
    pub(super) fn update_operations(
        &mut self,
        action: Action,
        status: &mut Option<Status>,
    ) -> Option<Effect> {
        if !self.operations.shown {
            return None;
        }
        let page = self.operations.viewport().max(1) as isize;
        match action {
            Action::MoveUp => self.operations_view(|view, _, _| view.move_by(-1)),
            Action::MoveDown => self.operations_view(|view, _, _| view.move_by(1)),
            Action::PageUp => self.operations_view(|view, _, _| view.move_by(-page)),
            Action::PageDown => self.operations_view(|view, _, _| view.move_by(page)),
            Action::Top => self.operations_view(|view, _, _| view.move_to_row(0)),
            Action::Bottom => self.operations_view(|view, _, _| view.move_to_row(usize::MAX)),
            Action::ScrollUp => {
                self.operations_view(|view, _, _| view.scroll(-(SCROLL_STEP as isize)))
            }
            Action::ScrollDown => {
                self.operations_view(|view, _, _| view.scroll(SCROLL_STEP as isize))
            }
            Action::Fold => self.operations_view(TreeView::fold),
            Action::Unfold => self.operations_view(TreeView::unfold),
            Action::FoldAll => self.operations_view(TreeView::fold_all),
            Action::UnfoldAll => self.operations_view(TreeView::unfold_all),
            Action::FocusRow(row) => {
                if self.operations_focus_row(row) {
                    self.panel = Panel::Tree;
                }
            }
            Action::ToggleScope => self.toggle_operation(status),
            Action::ToggleRow(row) => {
                if self.operations_focus_row(row) {
                    self.panel = Panel::Tree;
                    self.toggle_operation(status);
                }
            }
            Action::ToggleFoldRow(row) => {
                if self.operations_focus_row(row) {
                    self.panel = Panel::Tree;
                    let node = self.operations.focus();
                    if self.operations.is_folded(node) {
                        self.operations_view(TreeView::unfold);
                    } else {
                        self.operations_view(TreeView::fold);
                    }
                }
            }
            Action::FocusSearch => {
                self.panel = Panel::Tree;
                self.operations_finder().start_editing();
            }
            Action::InsertChar(c) => {
                self.operations_finder().insert(c);
            }
            Action::DeleteChar => {
                self.operations_finder().delete_char();
            }
            Action::DeleteWord => {
                self.operations_finder().edit(LineInput::delete_word);
            }
            Action::DeleteForward => {
                self.operations_finder().edit(LineInput::delete_forward);
            }
            Action::ClearInput => {
                self.operations_finder().edit(LineInput::delete_to_start);
            }
            Action::CursorLeft => {
                self.operations_finder().edit(LineInput::left);
            }
            Action::CursorRight => {
                self.operations_finder().edit(LineInput::right);
            }
            Action::CursorStart => {
                self.operations_finder().edit(LineInput::home);
            }
            Action::CursorEnd => {
                self.operations_finder().edit(LineInput::end);
            }
            Action::CursorWordLeft => {
                self.operations_finder().edit(LineInput::word_left);
            }
            Action::CursorWordRight => {
                self.operations_finder().edit(LineInput::word_right);
            }
            Action::ClearSearch => {
                self.operations_finder().clear();
            }
            Action::KeepSearch => {
                self.operations_finder().keep();
            }
            Action::Back
                if self.panel == Panel::Tree
                    && (self.operations.search().filtering()
                        || self.operations.search().editing) =>
            {
                self.operations_finder().clear();
            }
            Action::ToggleTickedFilter | Action::NextTicked | Action::PreviousTicked => {
                *status = Some(Status::info("That works on scopes: o goes back to them"));
            }
            _ => return None,
        }
        Some(Effect::None)
    }

    /// Applies one action. Query edits only mark the search as pending, so that a burst
    /// of typing searches once, in [`Explorer::settle`]; any other action settles first.
    pub(crate) fn update(&mut self, action: Action, status: &mut Option<Status>) -> Effect {
        let edits_query = matches!(
            action,
            Action::InsertChar(_)
                | Action::DeleteChar
                | Action::DeleteWord
                | Action::ClearSearch
                | Action::DeleteForward
                | Action::ClearInput
                | Action::CursorLeft
                | Action::CursorRight
                | Action::CursorStart
                | Action::CursorEnd
                | Action::CursorWordLeft
                | Action::CursorWordRight
        );
        if !edits_query {
            // The user acts on what the screen shows: a best match not yet taken in
            // must not move the focus under them.
            self.finder.cancel_ranking();
            self.settle();
        }
        // With a side panel focused, the movement keys scroll it.
        if self.panel != Panel::Tree
            && let Some(delta) = self.panel_delta(action)
        {
            self.scroll_panel(self.panel, delta);
            return Effect::None;
        }
        if let Some(effect) = self.update_operations(action, status) {
            self.refresh();
            return effect;
        }
        let effect = match action {
            Action::ToggleOperations => {
                self.toggle_operations_view(status);
                Effect::None
            }
            Action::ToggleTickedFilter => {
                self.toggle_ticked_filter(status);
                Effect::None
            }
            Action::NextTicked => {
                self.panel = Panel::Tree;
                self.jump_to_ticked(true, status);
                Effect::None
            }
            Action::PreviousTicked => {
                self.panel = Panel::Tree;
                self.jump_to_ticked(false, status);
                Effect::None
            }
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::PageUp => self.move_by(-(self.view.viewport() as isize)),
            Action::PageDown => self.move_by(self.view.viewport() as isize),
            Action::Top => self.view_changed(|view, _, _| view.move_to_row(0)),
            Action::Bottom => self.view_changed(|view, _, _| view.move_to_row(usize::MAX)),
            Action::Fold => self.view_changed(TreeView::fold),
            Action::Unfold => self.view_changed(TreeView::unfold),
            Action::FoldAll => self.view_changed(TreeView::fold_all),
            Action::UnfoldAll => self.view_changed(TreeView::unfold_all),
            Action::ToggleScope => {
                if self.focus_row().is_some() {
                    self.toggle(self.focus(), status);
                }
                Effect::None
            }
            Action::ToggleRow(row) => {
                if let Some(&node) = self.rows().get(row) {
                    self.panel = Panel::Tree;
                    self.view.set_focus(node);
                    self.toggle(node, status);
                }
                Effect::None
            }
            Action::FocusRow(row) => {
                if let Some(&node) = self.rows().get(row) {
                    self.panel = Panel::Tree;
                    self.view.set_focus(node);
                }
                Effect::None
            }
            Action::ToggleFoldRow(row) => {
                if let Some(&node) = self.rows().get(row) {
                    self.panel = Panel::Tree;
                    self.view.set_focus(node);
                    if self.is_folded(node) {
                        self.view_changed(TreeView::unfold);
                    } else {
                        self.view_changed(TreeView::fold);
                    }
                }
                Effect::None
            }
            Action::FocusPanel(panel) => {
                self.panel = panel;
                Effect::None
            }
            Action::NextPanel => {
                self.panel = self.panel.cycle(1);
                Effect::None
            }
            Action::PreviousPanel => {
                self.panel = self.panel.cycle(-1);
                Effect::None
            }
            Action::ScrollPanel(panel, delta) => {
                self.scroll_panel(panel, isize::from(delta));
                Effect::None
            }
            Action::ScrollUp => {
                self.view_changed(|view, _, _| view.scroll(-(SCROLL_STEP as isize)))
            }
            Action::ScrollDown => self.view_changed(|view, _, _| view.scroll(SCROLL_STEP as isize)),
            Action::FocusSearch => {
                self.panel = Panel::Tree;
                self.finder.start_editing();
                Effect::None
            }
            Action::InsertChar(c) => {
                self.finder.insert(c);
                Effect::None
            }
            Action::DeleteChar => {
                self.finder.delete_char();
                Effect::None
            }
            Action::DeleteWord => {
                self.finder.edit(LineInput::delete_word);
                Effect::None
            }
            Action::DeleteForward => {
                self.finder.edit(LineInput::delete_forward);
                Effect::None
            }
            Action::ClearInput => {
                self.finder.edit(LineInput::delete_to_start);
                Effect::None
            }
            Action::CursorLeft => {
                self.finder.edit(LineInput::left);
                Effect::None
            }
            Action::CursorRight => {
                self.finder.edit(LineInput::right);
                Effect::None
            }
            Action::CursorStart => {
                self.finder.edit(LineInput::home);
                Effect::None
            }
            Action::CursorEnd => {
                self.finder.edit(LineInput::end);
                Effect::None
            }
            Action::CursorWordLeft => {
                self.finder.edit(LineInput::word_left);
                Effect::None
            }
            Action::CursorWordRight => {
                self.finder.edit(LineInput::word_right);
                Effect::None
            }
            Action::ClearSearch => {
                self.finder.clear();
                Effect::None
            }
            Action::KeepSearch => {
                self.finder.keep();
                Effect::None
            }
            Action::CopyMinimal => {
                if self.selection.is_empty() {
                    *status = Some(Status::warning(format!(
                        "Nothing selected yet: tick {} with Space",
                        self.ticks()
                    )));
                    Effect::None
                } else {
                    Effect::Copy {
                        text: self.derived.minimal_text.clone(),
                        what: "minimal string",
                    }
                }
            }
            Action::CopyExpanded => {
                if self.selection.is_empty() {
                    *status = Some(Status::warning(format!(
                        "Nothing selected yet: tick {} with Space",
                        self.ticks()
                    )));
                    Effect::None
                } else {
                    Effect::Copy {
                        text: self.expanded_text(),
                        what: "expanded string",
                    }
                }
            }
            Action::CycleTrust => {
                let trust = next_trust(self.grants.trust());
                self.set_trust(trust);
                // The status line's right side names the evidence when not the default.
                *status = Some(Status::info(if trust.trusts(Evidence::Inferred) {
                    format!(
                        "Trusting {}: our inferred edges count too",
                        trust_label(trust)
                    )
                } else if trust == Trust::DEFAULT {
                    "Trusting the default: every edge but our inferred ones".to_string()
                } else {
                    format!(
                        "Trusting {}: only what the provider states",
                        trust_label(trust)
                    )
                }));
                Effect::None
            }
            Action::CycleFormat => {
                self.format = self.format.next(&self.catalog);
                *status = Some(Status::info(format!(
                    "Export format: {} · Enter prints and y copies it so",
                    self.format.label()
                )));
                Effect::None
            }
            Action::Accept => {
                if self.selection.is_empty() {
                    *status = Some(Status::warning(format!(
                        "Nothing selected: tick {} with Space, or press q to quit",
                        self.ticks()
                    )));
                    Effect::None
                } else {
                    Effect::Exit(Outcome::Accepted(self.minimal_shown()))
                }
            }
            Action::Back if self.panel != Panel::Tree => {
                self.panel = Panel::Tree;
                Effect::None
            }
            Action::Back => {
                if self.search().filtering() || self.search().editing {
                    self.finder.clear();
                    Effect::None
                } else if self.clear_ticked_filter() {
                    Effect::None
                } else {
                    Effect::Exit(Outcome::Cancelled)
                }
            }
            Action::Quit => Effect::Exit(Outcome::Cancelled),
            // The app handles these before the explorer sees an action.
            Action::OpenCatalog
            | Action::OpenPicker
            | Action::ShowHelp
            | Action::Suspend
            | Action::CloseHelp
            | Action::Resize(..)
            | Action::SaveProfile
            | Action::UntickAll
            | Action::EditReason
            | Action::Confirm
            | Action::Cancel
            | Action::Decline
            | Action::DiscardChanges
            | Action::WheelUp(..)
            | Action::WheelDown(..)
            | Action::Click(..) => Effect::None,
        };
        if !self.finder.pending() {
            self.refresh();
        }
        effect
    }
}
