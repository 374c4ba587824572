//! The help overlay's rows and the hint line, made from the key table so they show the
//! keys as they are bound (the user's own included).

use super::Context::{
    Changed, Help, Input, Overwrite, Picker, PickerIdle, Question, Search, Tree, Unsaved,
};
use super::{Binding, Context, Key};
use crate::tui::action::Action;
use crate::tui::message::{HelpRow, Mode, PromptKind, Situation};
use crossterm::event::{KeyCode, KeyModifiers};

/// How a key is written in the help.
pub fn key_label(key: Key) -> String {
    let name = match key.code {
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::BackTab => "Shift-Tab".to_string(),
        KeyCode::Backspace => "Bksp".to_string(),
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else if key.modifiers.contains(KeyModifiers::ALT) {
        format!("Alt-{name}")
    } else {
        name
    }
}

/// The keys of `action` in `context`, as the help writes them ("↑ k").
pub(super) fn keys_of(bindings: &[Binding], context: Context, action: Action) -> Vec<String> {
    bindings
        .iter()
        .filter(|b| b.context == context && b.action == action)
        .map(|b| key_label(b.key))
        .collect()
}

/// Each action of `context` once, in table order, with all its keys.
pub(super) fn section(bindings: &[Binding], context: Context) -> Vec<HelpRow> {
    let mut seen: Vec<Action> = Vec::new();
    let mut rows = Vec::new();
    for binding in bindings.iter().filter(|b| b.context == context) {
        if seen.contains(&binding.action) {
            continue;
        }
        seen.push(binding.action);
        rows.push(HelpRow::Keys {
            keys: keys_of(bindings, context, binding.action).join(" "),
            what: binding.action.describe(),
        });
    }
    rows
}

/// The help overlay's rows for a mode, generated from the key table `bindings`.
pub fn help_rows(bindings: &[Binding], mode: Mode) -> Vec<HelpRow> {
    let typing = HelpRow::Keys {
        keys: "type".to_string(),
        what: Action::InsertChar(' ').describe(),
    };
    match mode {
        Mode::Picker => {
            let mut rows = vec![HelpRow::Heading("Catalog picker"), typing];
            rows.extend(section(bindings, Picker));
            rows.push(HelpRow::Blank);
            rows.push(HelpRow::Heading("With an empty filter"));
            rows.extend(section(bindings, PickerIdle));
            rows.push(HelpRow::Blank);
            rows.push(HelpRow::Heading("Mouse"));
            rows.push(HelpRow::Keys {
                keys: "click".to_string(),
                what: "focus; again: open",
            });
            rows
        }
        Mode::Tree | Mode::Search | Mode::Help | Mode::Input | Mode::Confirm => {
            let mut rows = vec![HelpRow::Heading("Tree")];
            rows.extend(section(bindings, Tree));
            rows.push(HelpRow::Keys {
                keys: "↑↓ PgUp g G".to_string(),
                what: "in panel 2-4: scroll it",
            });
            rows.push(HelpRow::Keys {
                keys: "Esc".to_string(),
                what: "in panel 2-4: back to the tree",
            });
            rows.push(HelpRow::Blank);
            rows.push(HelpRow::Heading("Search (after /)"));
            rows.push(typing);
            rows.extend(section(bindings, Search));
            rows.push(HelpRow::Blank);
            rows.push(HelpRow::Heading("Name, path, reason (s, r)"));
            rows.extend(section(bindings, Input));
            rows.push(HelpRow::Blank);
            rows.push(HelpRow::Heading("Mouse"));
            rows.push(HelpRow::Keys {
                keys: "click".to_string(),
                what: "focus a row",
            });
            rows.push(HelpRow::Keys {
                keys: "click [ ]".to_string(),
                what: "tick / untick",
            });
            rows.push(HelpRow::Keys {
                keys: "click ▸ ▾".to_string(),
                what: "fold / unfold",
            });
            rows.push(HelpRow::Keys {
                keys: "click again".to_string(),
                what: "unfold (a double click)",
            });
            rows.push(HelpRow::Keys {
                keys: "click a panel".to_string(),
                what: "focus it",
            });
            rows.push(HelpRow::Keys {
                keys: "wheel".to_string(),
                what: "scroll the panel under it",
            });
            rows
        }
    }
}

/// The hint line: the most useful keys of the mode, from the table, each with a word or
/// two (the action's own hint unless the mode has a better one).
pub fn hints(bindings: &[Binding], situation: &Situation) -> Vec<(String, &'static str)> {
    use Action as A;
    let (context, actions): (Context, &[(Action, Option<&'static str>)]) = match situation.mode {
        // The operations view: `o` is the way back to the scopes.
        Mode::Tree if situation.operations => (
            Tree,
            &[
                (A::ToggleScope, None),
                (A::FocusSearch, None),
                (A::ToggleOperations, Some("scopes")),
                (A::Unfold, None),
                (A::Accept, None),
                (A::OpenPicker, None),
                (A::CopyMinimal, None),
                (A::SaveProfile, None),
                (A::ShowHelp, None),
                (A::Quit, None),
                (A::CycleFormat, None),
            ],
        ),
        // With a profile open, its keys come first; the tree opens unfolded around it.
        Mode::Tree if situation.profile_file => (
            Tree,
            &[
                (A::ToggleScope, None),
                (A::EditReason, None),
                (A::SaveProfile, None),
                (A::FocusSearch, None),
                (A::Accept, None),
                (A::OpenPicker, None),
                (A::CopyMinimal, None),
                (A::ShowHelp, None),
                (A::Quit, None),
                (A::Unfold, None),
                (A::CycleFormat, None),
            ],
        ),
        Mode::Tree => (
            Tree,
            &[
                (A::ToggleScope, None),
                (A::FocusSearch, None),
                (A::Unfold, None),
                (A::Accept, None),
                (A::OpenPicker, None),
                (A::CopyMinimal, None),
                (A::SaveProfile, None),
                (A::ShowHelp, None),
                (A::Quit, None),
                (A::EditReason, None),
                (A::CycleFormat, None),
            ],
        ),
        Mode::Search => (
            Search,
            &[
                (A::MoveDown, None),
                (A::ToggleScope, None),
                (A::KeepSearch, None),
                (A::ClearSearch, None),
                (A::ShowHelp, None),
                (A::Quit, None),
            ],
        ),
        Mode::Picker => (
            Picker,
            &[
                (A::MoveDown, None),
                (A::OpenCatalog, None),
                (A::ShowHelp, None),
                (A::Back, Some("quit")),
            ],
        ),
        Mode::Help => (Help, &[(A::MoveDown, None), (A::CloseHelp, None)]),
        Mode::Input => (
            Input,
            match situation.prompt {
                Some(PromptKind::Name) => &[
                    (A::Confirm, Some("next")),
                    (A::Cancel, None),
                    (A::CursorLeft, None),
                    (A::ClearInput, None),
                ],
                Some(PromptKind::Path) => &[
                    (A::Confirm, Some("save")),
                    (A::Cancel, None),
                    (A::CursorLeft, None),
                    (A::ClearInput, None),
                ],
                _ => &[
                    (A::Confirm, Some("set reason")),
                    (A::Cancel, None),
                    (A::CursorLeft, None),
                    (A::ClearInput, None),
                ],
            },
        ),
        Mode::Confirm => match situation.prompt {
            Some(PromptKind::Overwrite) => (
                Overwrite,
                &[
                    (A::Confirm, Some("overwrite")),
                    (A::Decline, Some("another path")),
                    (A::Cancel, None),
                ],
            ),
            Some(PromptKind::Changed) => (
                Changed,
                &[
                    (A::Confirm, Some("overwrite")),
                    (A::Decline, Some("reload")),
                    (A::Cancel, None),
                ],
            ),
            Some(PromptKind::UntickAll) => (
                Question,
                &[(A::Confirm, Some("untick all")), (A::Cancel, Some("keep"))],
            ),
            // Save the catalog kept for the picker that the question names first, quit
            // or stay, with the keys of the question below.
            Some(PromptKind::LeaveKept) => (
                Unsaved,
                &[
                    (A::SaveProfile, None),
                    (A::DiscardChanges, Some("quit")),
                    (A::Cancel, Some("stay")),
                ],
            ),
            // Ticks not printed, no profile file: the question's own words.
            _ if !situation.profile_file => (
                Unsaved,
                &[
                    (A::SaveProfile, None),
                    (A::DiscardChanges, Some("quit")),
                    (A::Cancel, Some("stay")),
                ],
            ),
            _ => (
                Unsaved,
                &[
                    (A::SaveProfile, None),
                    (A::DiscardChanges, None),
                    (A::Cancel, None),
                ],
            ),
        },
    };
    actions
        .iter()
        .filter_map(|&(action, label)| {
            // In the idle picker `?` helps and `q` quits; the other contexts own their keys.
            let keys = match situation.mode {
                Mode::Picker if situation.picker_idle => {
                    let idle = keys_of(bindings, PickerIdle, action);
                    if idle.is_empty() {
                        keys_of(bindings, context, action)
                    } else {
                        idle
                    }
                }
                _ => keys_of(bindings, context, action),
            };
            // Quitting without a profile file: the key that asked is the key that answers
            // (`q`, then `q`), when it is one of the action's.
            let first = match (action, label) {
                (A::DiscardChanges, Some("quit")) => {
                    let quit = keys_of(bindings, Tree, A::Quit);
                    keys.iter().find(|k| quit.contains(k)).or(keys.first())?
                }
                _ => keys.first()?,
            }
            .clone();
            let label = match (action, label) {
                (_, Some(label)) => label,
                (A::MoveDown, None) => "move",
                (A::CursorLeft, None) => "move",
                _ => action.hint()?,
            };
            let keys = match action {
                A::MoveDown => "↑↓".to_string(),
                A::CursorLeft => "←→".to_string(),
                _ => first,
            };
            Some((keys, label))
        })
        .collect()
}

/// The hints that fit in `width` columns, as the hint line lays them out (a space, then
/// `key label` separated by two spaces). Help and quit are dropped last: the others go
/// first, from the end of the list.
pub fn fit_hints(
    bindings: &[Binding],
    situation: &Situation,
    width: usize,
) -> Vec<(String, &'static str)> {
    let all = hints(bindings, situation);
    let cost = |(key, label): &(String, &str)| {
        crate::tui::text::width(key) + 1 + crate::tui::text::width(label) + 2
    };
    let essential = |(_, label): &(String, &str)| matches!(*label, "help" | "quit");
    let mut keep: Vec<bool> = all.iter().map(essential).collect();
    // Room is one leading space plus each hint; the last one needs no trailing gap.
    let mut used = 1 + all
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(h, _)| cost(h))
        .sum::<usize>();
    for (i, hint) in all.iter().enumerate() {
        if !keep[i] && used + cost(hint) <= width + 2 {
            keep[i] = true;
            used += cost(hint);
        }
    }
    // Even help and quit go when the line is narrower than they are.
    let mut shown: Vec<(String, &'static str)> = all
        .into_iter()
        .zip(keep)
        .filter_map(|(h, k)| k.then_some(h))
        .collect();
    while !shown.is_empty() && 1 + shown.iter().map(cost).sum::<usize>() > width + 2 {
        shown.pop();
    }
    shown
}
