//! The key table: which key does what, in which mode. The help overlay and the hint line
//! are generated from it, so they cannot disagree with what the keys do. This is the only
//! place that sees terminal events.
//!
//! Adding a key is one line in [`BINDINGS`], for example
//! `bind(Tree, chr('s'), Action::SaveProfile),`.

use super::action::Action;
use super::message::{Mode, Panel, PromptKind, Situation};

mod help;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
pub use help::{fit_hints, help_rows, hints, key_label};

/// Where a binding applies. `PickerIdle` is the picker with an empty filter, where letters
/// that would otherwise filter can be commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Picker,
    PickerIdle,
    Tree,
    Search,
    Help,
    /// A one-line text field (a profile's name or path, a reason): letters are text.
    Input,
    /// "The file exists: overwrite?"
    Overwrite,
    /// "The file changed on disk: overwrite, reload, cancel?"
    Changed,
    /// "Unsaved changes: save, discard, cancel?", and quitting with ticks not printed.
    Unsaved,
    /// A yes-or-no question: untick everything?
    Question,
    /// The terminal is below the minimum size: nothing shows, so only quitting acts.
    TooSmall,
}

/// A key with its modifiers (Shift is part of the character, never a modifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub context: Context,
    pub key: Key,
    pub action: Action,
}

const fn bind(context: Context, key: Key, action: Action) -> Binding {
    Binding {
        context,
        key,
        action,
    }
}

const fn chr(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::ALT,
    }
}

const fn ctrl_code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

use Context::{
    Changed, Help, Input, Overwrite, Picker, PickerIdle, Question, Search, TooSmall, Tree, Unsaved,
};

/// Every key binding. Earlier bindings come first in the help for their action.
pub const BINDINGS: &[Binding] = &[
    // The tree.
    bind(Tree, code(KeyCode::Up), Action::MoveUp),
    bind(Tree, chr('k'), Action::MoveUp),
    bind(Tree, code(KeyCode::Down), Action::MoveDown),
    bind(Tree, chr('j'), Action::MoveDown),
    bind(Tree, code(KeyCode::PageUp), Action::PageUp),
    bind(Tree, code(KeyCode::PageDown), Action::PageDown),
    bind(Tree, chr('g'), Action::Top),
    bind(Tree, code(KeyCode::Home), Action::Top),
    bind(Tree, chr('G'), Action::Bottom),
    bind(Tree, code(KeyCode::End), Action::Bottom),
    bind(Tree, code(KeyCode::Left), Action::Fold),
    bind(Tree, chr('h'), Action::Fold),
    bind(Tree, code(KeyCode::Right), Action::Unfold),
    bind(Tree, chr('l'), Action::Unfold),
    bind(Tree, chr('-'), Action::FoldAll),
    bind(Tree, chr('+'), Action::UnfoldAll),
    bind(Tree, chr('='), Action::UnfoldAll),
    bind(Tree, chr(' '), Action::ToggleScope),
    bind(Tree, code(KeyCode::Tab), Action::ToggleScope),
    bind(Tree, chr('U'), Action::UntickAll),
    bind(Tree, chr('f'), Action::ToggleTickedFilter),
    bind(Tree, chr('n'), Action::NextTicked),
    bind(Tree, chr('N'), Action::PreviousTicked),
    bind(Tree, chr('/'), Action::FocusSearch),
    bind(Tree, chr('y'), Action::CopyMinimal),
    bind(Tree, chr('Y'), Action::CopyExpanded),
    bind(Tree, chr('e'), Action::CycleFormat),
    bind(Tree, chr('t'), Action::CycleTrust),
    bind(Tree, chr('s'), Action::SaveProfile),
    bind(Tree, chr('r'), Action::EditReason),
    bind(Tree, chr('o'), Action::ToggleOperations),
    bind(Tree, code(KeyCode::Enter), Action::Accept),
    bind(Tree, chr('q'), Action::Quit),
    bind(Tree, ctrl('c'), Action::Quit),
    bind(Tree, code(KeyCode::Esc), Action::Back),
    bind(Tree, chr('?'), Action::ShowHelp),
    bind(Tree, chr('1'), Action::FocusPanel(Panel::Tree)),
    bind(Tree, chr('2'), Action::FocusPanel(Panel::Details)),
    bind(Tree, chr('3'), Action::FocusPanel(Panel::Held)),
    bind(Tree, chr('4'), Action::FocusPanel(Panel::Minimal)),
    bind(Tree, chr(']'), Action::NextPanel),
    bind(Tree, chr('['), Action::PreviousPanel),
    bind(Tree, code(KeyCode::BackTab), Action::PreviousPanel),
    bind(Tree, code(KeyCode::F(1)), Action::ShowHelp),
    bind(Tree, ctrl('z'), Action::Suspend),
    bind(Tree, chr('c'), Action::OpenPicker),
    // Typing a search query.
    bind(Search, code(KeyCode::Esc), Action::ClearSearch),
    bind(Search, code(KeyCode::Enter), Action::KeepSearch),
    bind(Search, code(KeyCode::Up), Action::MoveUp),
    bind(Search, ctrl('p'), Action::MoveUp),
    bind(Search, ctrl('k'), Action::MoveUp),
    bind(Search, code(KeyCode::Down), Action::MoveDown),
    bind(Search, ctrl('n'), Action::MoveDown),
    bind(Search, ctrl('j'), Action::MoveDown),
    bind(Search, code(KeyCode::PageUp), Action::PageUp),
    bind(Search, code(KeyCode::PageDown), Action::PageDown),
    bind(Search, code(KeyCode::Tab), Action::ToggleScope),
    bind(Search, code(KeyCode::Backspace), Action::DeleteChar),
    bind(Search, ctrl('h'), Action::DeleteChar),
    bind(Search, ctrl('w'), Action::DeleteWord),
    bind(Search, ctrl('u'), Action::ClearInput),
    bind(Search, code(KeyCode::Delete), Action::DeleteForward),
    bind(Search, code(KeyCode::Left), Action::CursorLeft),
    bind(Search, code(KeyCode::Right), Action::CursorRight),
    bind(Search, ctrl_code(KeyCode::Left), Action::CursorWordLeft),
    bind(Search, alt('b'), Action::CursorWordLeft),
    bind(Search, ctrl_code(KeyCode::Right), Action::CursorWordRight),
    bind(Search, alt('f'), Action::CursorWordRight),
    bind(Search, code(KeyCode::Home), Action::CursorStart),
    bind(Search, ctrl('a'), Action::CursorStart),
    bind(Search, code(KeyCode::End), Action::CursorEnd),
    bind(Search, ctrl('e'), Action::CursorEnd),
    bind(Search, ctrl('c'), Action::Quit),
    bind(Search, code(KeyCode::F(1)), Action::ShowHelp),
    bind(Search, ctrl('z'), Action::Suspend),
    // The catalog picker: letters filter, so commands are on other keys.
    bind(Picker, code(KeyCode::Enter), Action::OpenCatalog),
    bind(Picker, code(KeyCode::Up), Action::MoveUp),
    bind(Picker, ctrl('p'), Action::MoveUp),
    bind(Picker, ctrl('k'), Action::MoveUp),
    bind(Picker, code(KeyCode::Down), Action::MoveDown),
    bind(Picker, ctrl('n'), Action::MoveDown),
    bind(Picker, ctrl('j'), Action::MoveDown),
    bind(Picker, code(KeyCode::PageUp), Action::PageUp),
    bind(Picker, code(KeyCode::PageDown), Action::PageDown),
    bind(Picker, code(KeyCode::Home), Action::Top),
    bind(Picker, code(KeyCode::End), Action::Bottom),
    bind(Picker, code(KeyCode::Backspace), Action::DeleteChar),
    bind(Picker, ctrl('h'), Action::DeleteChar),
    bind(Picker, ctrl('w'), Action::DeleteWord),
    bind(Picker, ctrl('u'), Action::ClearInput),
    bind(Picker, code(KeyCode::Delete), Action::DeleteForward),
    bind(Picker, code(KeyCode::Left), Action::CursorLeft),
    bind(Picker, code(KeyCode::Right), Action::CursorRight),
    bind(Picker, ctrl_code(KeyCode::Left), Action::CursorWordLeft),
    bind(Picker, alt('b'), Action::CursorWordLeft),
    bind(Picker, ctrl_code(KeyCode::Right), Action::CursorWordRight),
    bind(Picker, alt('f'), Action::CursorWordRight),
    bind(Picker, ctrl('a'), Action::CursorStart),
    bind(Picker, ctrl('e'), Action::CursorEnd),
    bind(Picker, code(KeyCode::Esc), Action::Back),
    bind(Picker, ctrl('c'), Action::Quit),
    bind(Picker, code(KeyCode::F(1)), Action::ShowHelp),
    bind(Picker, ctrl('z'), Action::Suspend),
    bind(PickerIdle, chr('q'), Action::Quit),
    bind(PickerIdle, chr('?'), Action::ShowHelp),
    // The help overlay.
    bind(Help, code(KeyCode::Up), Action::MoveUp),
    bind(Help, chr('k'), Action::MoveUp),
    bind(Help, code(KeyCode::Down), Action::MoveDown),
    bind(Help, chr('j'), Action::MoveDown),
    bind(Help, code(KeyCode::PageUp), Action::PageUp),
    bind(Help, code(KeyCode::PageDown), Action::PageDown),
    bind(Help, chr('g'), Action::Top),
    bind(Help, code(KeyCode::Home), Action::Top),
    bind(Help, chr('G'), Action::Bottom),
    bind(Help, code(KeyCode::End), Action::Bottom),
    bind(Help, code(KeyCode::Esc), Action::CloseHelp),
    bind(Help, chr('q'), Action::CloseHelp),
    bind(Help, chr('?'), Action::CloseHelp),
    bind(Help, code(KeyCode::Enter), Action::CloseHelp),
    bind(Help, code(KeyCode::F(1)), Action::CloseHelp),
    bind(Help, ctrl('c'), Action::Quit),
    // A text field: a profile's name or path, a reason.
    bind(Input, code(KeyCode::Enter), Action::Confirm),
    bind(Input, code(KeyCode::Esc), Action::Cancel),
    bind(Input, ctrl('c'), Action::Cancel),
    bind(Input, code(KeyCode::Left), Action::CursorLeft),
    bind(Input, code(KeyCode::Right), Action::CursorRight),
    bind(Input, ctrl_code(KeyCode::Left), Action::CursorWordLeft),
    bind(Input, alt('b'), Action::CursorWordLeft),
    bind(Input, ctrl_code(KeyCode::Right), Action::CursorWordRight),
    bind(Input, alt('f'), Action::CursorWordRight),
    bind(Input, code(KeyCode::Home), Action::CursorStart),
    bind(Input, ctrl('a'), Action::CursorStart),
    bind(Input, code(KeyCode::End), Action::CursorEnd),
    bind(Input, ctrl('e'), Action::CursorEnd),
    bind(Input, code(KeyCode::Backspace), Action::DeleteChar),
    bind(Input, ctrl('h'), Action::DeleteChar),
    bind(Input, code(KeyCode::Delete), Action::DeleteForward),
    bind(Input, ctrl('w'), Action::DeleteWord),
    bind(Input, ctrl('u'), Action::ClearInput),
    // The file to save to exists.
    bind(Overwrite, chr('y'), Action::Confirm),
    bind(Overwrite, chr('n'), Action::Decline),
    bind(Overwrite, code(KeyCode::Esc), Action::Cancel),
    bind(Overwrite, ctrl('c'), Action::Cancel),
    // The profile's file changed on disk since it was read.
    bind(Changed, chr('o'), Action::Confirm),
    bind(Changed, chr('r'), Action::Decline),
    bind(Changed, chr('c'), Action::Cancel),
    bind(Changed, code(KeyCode::Esc), Action::Cancel),
    bind(Changed, ctrl('c'), Action::Cancel),
    // Leaving with unsaved changes.
    bind(Unsaved, chr('s'), Action::SaveProfile),
    bind(Unsaved, chr('d'), Action::DiscardChanges),
    bind(Unsaved, chr('q'), Action::DiscardChanges),
    bind(Unsaved, code(KeyCode::Esc), Action::Cancel),
    bind(Unsaved, ctrl('c'), Action::Cancel),
    // Untick everything?
    bind(Question, chr('y'), Action::Confirm),
    bind(Question, chr('n'), Action::Cancel),
    bind(Question, code(KeyCode::Esc), Action::Cancel),
    bind(Question, ctrl('c'), Action::Cancel),
    // Below the minimum size.
    bind(TooSmall, chr('q'), Action::Quit),
    bind(TooSmall, ctrl('c'), Action::Quit),
];

/// The contexts in force in a situation, most specific first.
fn contexts(situation: &Situation) -> &'static [Context] {
    if situation.too_small {
        return &[TooSmall];
    }
    match situation.mode {
        Mode::Tree => &[Tree],
        Mode::Search => &[Search],
        Mode::Help => &[Help],
        Mode::Input => &[Input],
        Mode::Confirm => match situation.prompt {
            Some(PromptKind::Overwrite) => &[Overwrite],
            Some(PromptKind::Changed) => &[Changed],
            Some(PromptKind::UntickAll) => &[Question],
            // Quitting with ticks kept elsewhere answers as quitting with ticks here does.
            _ => &[Unsaved],
        },
        Mode::Picker if situation.picker_idle => &[PickerIdle, Picker],
        Mode::Picker => &[Picker],
    }
}

/// Does typing a character insert it in this mode?
fn takes_text(mode: Mode) -> bool {
    matches!(mode, Mode::Search | Mode::Picker | Mode::Input)
}

/// Shift is part of the character (`G`, `+`, `?`), so it is dropped for characters.
fn normalise(key: &KeyEvent) -> Key {
    let mut modifiers = key.modifiers;
    if matches!(key.code, KeyCode::Char(_) | KeyCode::BackTab) {
        modifiers.remove(KeyModifiers::SHIFT);
    }
    Key {
        code: key.code,
        modifiers,
    }
}

/// The action of a key in the situation, by the key table `bindings` ([`BINDINGS`] or the
/// user's, see [`rebind`]). Only presses count.
pub fn action_for_key(
    bindings: &[Binding],
    situation: &Situation,
    key: &KeyEvent,
) -> Option<Action> {
    if key.kind != KeyEventKind::Press {
        return None;
    }
    let pressed = normalise(key);
    for &context in contexts(situation) {
        if let Some(binding) = bindings
            .iter()
            .find(|b| b.context == context && b.key == pressed)
        {
            return Some(binding.action);
        }
    }
    match pressed.code {
        KeyCode::Char(c)
            if takes_text(situation.mode)
                && !situation.too_small
                && !pressed
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::InsertChar(c))
        }
        _ => None,
    }
}

/// The action of any terminal event. A click is passed on with its position: what is
/// under it is for the app to say, which knows the screen.
pub fn action_for_event(
    bindings: &[Binding],
    situation: &Situation,
    event: &Event,
) -> Option<Action> {
    match event {
        Event::Key(key) => action_for_key(bindings, situation, key),
        Event::Mouse(mouse) => action_for_mouse(mouse),
        Event::Resize(width, height) => Some(Action::Resize(*width, *height)),
        _ => None,
    }
}

/// The wheel scrolls, a left click is a [`Action::Click`].
pub fn action_for_mouse(mouse: &MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::ScrollUp => Some(Action::WheelUp(mouse.column, mouse.row)),
        MouseEventKind::ScrollDown => Some(Action::WheelDown(mouse.column, mouse.row)),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(mouse.column, mouse.row)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::message::HelpRow;

    #[test]
    fn no_key_is_bound_twice_in_a_context() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                assert!(
                    !(a.context == b.context && a.key == b.key),
                    "{:?} bound twice in {:?}",
                    a.key,
                    a.context
                );
            }
        }
    }

    #[test]
    fn every_tree_action_is_in_the_help() {
        let help = help_rows(BINDINGS, Mode::Tree);
        for binding in BINDINGS.iter().filter(|b| b.context == Tree) {
            let what = binding.action.describe();
            assert!(
                help.iter()
                    .any(|row| matches!(row, HelpRow::Keys { what: w, .. } if *w == what)),
                "{what} missing from the help"
            );
        }
    }

    #[test]
    fn s_saves_and_r_edits_the_reason_on_one_line_each() {
        for (c, action) in [('s', Action::SaveProfile), ('r', Action::EditReason)] {
            let bound: Vec<_> = BINDINGS
                .iter()
                .filter(|b| b.context == Tree && b.action == action)
                .collect();
            assert_eq!(bound.len(), 1);
            assert_eq!(bound[0].key, chr(c));
        }
    }

    #[test]
    fn text_fields_bind_no_plain_letter() {
        // Typing `s` or `q` in a name, a path or a reason is text, never a command.
        for binding in BINDINGS.iter().filter(|b| b.context == Input) {
            assert!(
                !matches!(binding.key.code, KeyCode::Char(_))
                    || binding
                        .key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT),
                "{:?}",
                binding.key
            );
        }
    }
}
