//! The user's keys: the names the config file gives actions, contexts and keys
//! (`toggle = ["space", "x"]`, `[keys.search] move_down = ["ctrl-j", "down"]`), and
//! [`rebind`], which changes a key table accordingly. The help overlay, the hint line and
//! the keys themselves all read the resulting table, so they keep agreeing.

use super::action::Action;
use super::keys::{BINDINGS, Binding, Context, Key, key_label};
use super::message::Panel;
use crossterm::event::{KeyCode, KeyModifiers};

/// The contexts the config file can rebind, by the name of their `[keys.NAME]` table
/// (`tree` is `[keys]` itself). The picker is one: its commands on letters live in
/// `PickerIdle`, the others in `Picker`. The prompts' questions are not rebindable.
pub const CONTEXT_NAMES: [(&str, Context); 5] = [
    ("tree", Context::Tree),
    ("search", Context::Search),
    ("picker", Context::Picker),
    ("help", Context::Help),
    ("input", Context::Input),
];

/// The name of an action in the config file; `None` for what no key does (a click,
/// typing a character).
pub fn action_name(action: Action) -> Option<&'static str> {
    Some(match action {
        Action::MoveUp => "move_up",
        Action::MoveDown => "move_down",
        Action::PageUp => "page_up",
        Action::PageDown => "page_down",
        Action::Top => "top",
        Action::Bottom => "bottom",
        Action::Fold => "fold",
        Action::Unfold => "unfold",
        Action::FoldAll => "fold_all",
        Action::UnfoldAll => "unfold_all",
        Action::ToggleScope => "toggle",
        Action::UntickAll => "untick_all",
        Action::ToggleTickedFilter => "only_ticked",
        Action::NextTicked => "next_ticked",
        Action::PreviousTicked => "previous_ticked",
        Action::FocusSearch => "start_search",
        Action::DeleteChar => "delete_char",
        Action::DeleteWord => "delete_word",
        Action::ClearSearch => "clear_search",
        Action::KeepSearch => "keep_search",
        Action::CopyMinimal => "copy_minimal",
        Action::CopyExpanded => "copy_expanded",
        Action::CycleFormat => "cycle_format",
        Action::CycleTrust => "cycle_trust",
        Action::SaveProfile => "save",
        Action::EditReason => "edit_reason",
        Action::ToggleOperations => "operations",
        Action::Confirm => "confirm",
        Action::Cancel => "cancel",
        Action::Decline => "decline",
        Action::DiscardChanges => "discard",
        Action::CursorLeft => "cursor_left",
        Action::CursorRight => "cursor_right",
        Action::CursorStart => "cursor_start",
        Action::CursorEnd => "cursor_end",
        Action::CursorWordLeft => "word_left",
        Action::CursorWordRight => "word_right",
        Action::DeleteForward => "delete_forward",
        Action::ClearInput => "clear_input",
        Action::Accept => "accept",
        Action::OpenCatalog => "open_catalog",
        Action::OpenPicker => "catalogs",
        Action::Back => "back",
        Action::Quit => "quit",
        Action::ShowHelp => "show_help",
        Action::CloseHelp => "close_help",
        Action::Suspend => "suspend",
        Action::FocusPanel(Panel::Tree) => "focus_tree",
        Action::FocusPanel(Panel::Details) => "focus_details",
        Action::FocusPanel(Panel::Held) => "focus_held",
        Action::FocusPanel(Panel::Minimal) => "focus_minimal",
        Action::NextPanel => "next_panel",
        Action::PreviousPanel => "previous_panel",
        Action::InsertChar(_)
        | Action::WheelUp(..)
        | Action::WheelDown(..)
        | Action::ScrollPanel(..)
        | Action::ToggleFoldRow(_)
        | Action::Click(..)
        | Action::FocusRow(_)
        | Action::ToggleRow(_)
        | Action::ScrollUp
        | Action::ScrollDown
        | Action::Resize(..) => return None,
    })
}

/// Is `context` one the config's `name` table rebinds?
fn in_context(name: Context, context: Context) -> bool {
    name == context || (name == Context::Picker && context == Context::PickerIdle)
}

/// The actions a context's keys do by default, in table order, with their names.
pub fn actions_of(context: Context) -> Vec<(&'static str, Action)> {
    let mut actions: Vec<(&'static str, Action)> = Vec::new();
    for binding in BINDINGS.iter().filter(|b| in_context(context, b.context)) {
        if let Some(name) = action_name(binding.action)
            && !actions.iter().any(|(_, a)| *a == binding.action)
        {
            actions.push((name, binding.action));
        }
    }
    actions
}

/// The keys of `action` in a context, as the config file writes them.
pub fn key_names_of(bindings: &[Binding], context: Context, action: Action) -> Vec<String> {
    bindings
        .iter()
        .filter(|b| in_context(context, b.context) && b.action == action)
        .map(|b| key_name(b.key))
        .collect()
}

const NAMED: [(&str, KeyCode); 15] = [
    ("space", KeyCode::Char(' ')),
    ("tab", KeyCode::Tab),
    ("shift-tab", KeyCode::BackTab),
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
];

/// A key as the config file writes it: `x`, `G`, `space`, `ctrl-j`, `alt-x`, `f1`,
/// `pagedown`, `shift-tab`. Names are not case-sensitive; a single character is.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        if let Some(tail) = lower.strip_prefix("ctrl-").filter(|t| !t.is_empty()) {
            modifiers |= KeyModifiers::CONTROL;
            rest = &rest[rest.len() - tail.len()..];
        } else if let Some(tail) = lower.strip_prefix("alt-").filter(|t| !t.is_empty()) {
            modifiers |= KeyModifiers::ALT;
            rest = &rest[rest.len() - tail.len()..];
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => {
            // Ctrl-J and Ctrl-j are one key to the terminal.
            if modifiers.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
        _ => {
            let lower = rest.to_ascii_lowercase();
            if let Some(code) = NAMED.iter().find(|(n, _)| *n == lower).map(|(_, c)| *c) {
                code
            } else if let Some(n) = lower
                .strip_prefix('f')
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=12).contains(n))
            {
                KeyCode::F(n)
            } else {
                return Err(format!(
                    "unknown key `{text}`: a character (x, G, /), space, tab, shift-tab, enter, \
                     esc, backspace, delete, up, down, left, right, pageup, pagedown, home, end, \
                     f1 to f12, each with ctrl- or alt- before it if wanted"
                ));
            }
        }
    };
    Ok(Key { code, modifiers })
}

/// How the config file writes a key (the inverse of [`parse_key`]).
pub fn key_name(key: Key) -> String {
    let name = match key.code {
        KeyCode::Char(c) if c != ' ' => c.to_string(),
        KeyCode::F(n) => format!("f{n}"),
        code => NAMED
            .iter()
            .find(|(_, c)| *c == code)
            .map(|(n, _)| n.to_string())
            .unwrap_or_else(|| key_label(key)),
    };
    let mut prefix = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        prefix.push_str("ctrl-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        prefix.push_str("alt-");
    }
    format!("{prefix}{name}")
}

/// Where a key of the config file's context `context` goes: in the picker a plain
/// character is a command only while the filter is empty.
fn placed(context: Context, key: Key) -> Context {
    let plain_char = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match context {
        Context::Picker if plain_char => Context::PickerIdle,
        other => other,
    }
}

/// Why `key` cannot do a command in `context`, if it cannot: in a text field and in the
/// search a plain character is text.
pub fn refused(context: Context, key: Key) -> Option<String> {
    let plain_char = matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match context {
        Context::Search | Context::Input if plain_char => Some(format!(
            "`{}` types itself there; bind a key with ctrl- or alt-, or a named key",
            key_name(key)
        )),
        _ => None,
    }
}

/// Gives `action` exactly `keys` in `context` (an empty list unbinds it). A key another
/// action had there is taken from it. The action keeps its place in the help.
pub fn rebind(bindings: &mut Vec<Binding>, context: Context, action: Action, keys: &[Key]) {
    let place = bindings
        .iter()
        .position(|b| in_context(context, b.context) && b.action == action)
        .unwrap_or(bindings.len());
    let new: Vec<Binding> = keys
        .iter()
        .map(|&key| Binding {
            context: placed(context, key),
            key,
            action,
        })
        .collect();
    let mut kept = Vec::with_capacity(bindings.len() + new.len());
    let mut inserted = false;
    for (i, binding) in bindings.iter().enumerate() {
        if i == place {
            kept.extend(new.iter().copied());
            inserted = true;
        }
        let same_action = in_context(context, binding.context) && binding.action == action;
        let key_taken = new
            .iter()
            .any(|n| n.context == binding.context && n.key == binding.key);
        if !same_action && !key_taken {
            kept.push(*binding);
        }
    }
    if !inserted {
        kept.extend(new);
    }
    *bindings = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_action_has_a_distinct_name() {
        let mut names: Vec<&str> = Vec::new();
        for binding in BINDINGS {
            let name = action_name(binding.action).expect("a bound action has a name");
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut actions: Vec<Action> = BINDINGS.iter().map(|b| b.action).collect();
        actions.dedup();
        let mut distinct = actions.clone();
        distinct.sort_by_key(|a| format!("{a:?}"));
        distinct.dedup();
        assert_eq!(names.len(), distinct.len());
    }

    #[test]
    fn keys_read_back_as_written() {
        for binding in BINDINGS {
            let name = key_name(binding.key);
            assert_eq!(parse_key(&name), Ok(binding.key), "{name}");
        }
        assert_eq!(parse_key("Ctrl-J"), parse_key("ctrl-j"));
        assert_ne!(parse_key("G"), parse_key("g"));
        assert!(parse_key("ctrl-").is_err());
        assert!(parse_key("f13").is_err());
        assert!(parse_key("spcae").is_err());
    }

    #[test]
    fn rebinding_replaces_the_keys_and_takes_a_key_from_another_action() {
        let mut bindings = BINDINGS.to_vec();
        let x = parse_key("x").expect("a key");
        let q = parse_key("q").expect("a key");
        rebind(&mut bindings, Context::Tree, Action::ToggleScope, &[x, q]);
        let of = |action| key_names_of(&bindings, Context::Tree, action);
        assert_eq!(of(Action::ToggleScope), ["x", "q"]);
        // `q` was quit's: now only ctrl-c quits.
        assert_eq!(of(Action::Quit), ["ctrl-c"]);
        // Other contexts keep their keys.
        assert_eq!(
            key_names_of(&bindings, Context::Search, Action::ToggleScope),
            ["tab"]
        );
        // Toggle keeps its place in the help, after unfold_all.
        let tree: Vec<Action> = bindings
            .iter()
            .filter(|b| b.context == Context::Tree)
            .map(|b| b.action)
            .collect();
        let toggle = tree.iter().position(|&a| a == Action::ToggleScope);
        assert_eq!(toggle.map(|i| tree[i - 1]), Some(Action::UnfoldAll));
    }

    #[test]
    fn picker_letters_are_commands_only_with_an_empty_filter() {
        let mut bindings = BINDINGS.to_vec();
        let keys = [
            parse_key("x").expect("key"),
            parse_key("ctrl-q").expect("key"),
        ];
        rebind(&mut bindings, Context::Picker, Action::Quit, &keys);
        let quit: Vec<(Context, String)> = bindings
            .iter()
            .filter(|b| b.action == Action::Quit && in_context(Context::Picker, b.context))
            .map(|b| (b.context, key_name(b.key)))
            .collect();
        assert_eq!(
            quit,
            [
                (Context::PickerIdle, "x".to_string()),
                (Context::Picker, "ctrl-q".to_string())
            ]
        );
    }

    #[test]
    fn letters_cannot_be_commands_where_they_are_text() {
        let x = parse_key("x").expect("key");
        assert!(refused(Context::Search, x).is_some());
        assert!(refused(Context::Input, x).is_some());
        assert!(refused(Context::Tree, x).is_none());
        assert!(refused(Context::Search, parse_key("ctrl-x").expect("key")).is_none());
    }
}
