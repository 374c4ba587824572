//! Everything a user can do in the explorer, named in the imperative. Keys and mouse map to
//! these (see `keys`), the state applies them (see `state`), tests drive them directly.

use super::message::Panel;

/// One user intention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Fold the focused row, or go to its parent when there is nothing to fold.
    Fold,
    /// Unfold the focused row, or go to its first child when it is open.
    Unfold,
    FoldAll,
    UnfoldAll,
    /// Tick or untick the focused scope (a group: all its scopes).
    ToggleScope,
    /// Untick every scope (asking first when many are ticked).
    UntickAll,
    /// Show only the ticked scopes and those held through them, or everything again.
    ToggleTickedFilter,
    /// Focus the next ticked scope in the tree (round), unfolding what hides it.
    NextTicked,
    /// Focus the previous ticked scope in the tree (round).
    PreviousTicked,
    /// Start typing a search query (resumes a kept filter).
    FocusSearch,
    /// Type into the search or filter field.
    InsertChar(char),
    DeleteChar,
    DeleteWord,
    /// Leave the search and drop the filter; the user's folds come back.
    ClearSearch,
    /// Leave the search field and keep the filter.
    KeepSearch,
    CopyMinimal,
    CopyExpanded,
    CycleFormat,
    /// Change which evidence the grant model trusts: the default (all but inferred),
    /// then everything, then documented only.
    CycleTrust,
    /// Save the selection and its reasons as an integration profile (asks for a name and
    /// a path the first time).
    SaveProfile,
    /// Write the reason the focused scope is needed.
    EditReason,
    /// Answer yes to the open prompt: take the typed text, overwrite the file.
    Confirm,
    /// Close the open prompt and change nothing.
    Cancel,
    /// Answer no: keep the file, choose another path.
    Decline,
    /// Leave without saving (from the unsaved-changes question).
    DiscardChanges,
    /// Move the cursor of a text field.
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    CursorWordLeft,
    CursorWordRight,
    /// Delete the character under the cursor of a text field.
    DeleteForward,
    /// Delete from the start of a text field to the cursor (all of it at the end).
    ClearInput,
    /// Switch the left panel between the scopes and the catalog's operations.
    ToggleOperations,
    /// Leave and print the minimal scope string.
    Accept,
    /// Open the focused catalog of the picker.
    OpenCatalog,
    /// Back to the catalog picker; the open catalog is kept as it is, to come back to.
    OpenPicker,
    /// Clear a kept filter; with none, quit.
    Back,
    Quit,
    /// Stop the program (Ctrl-z) with the terminal restored; `fg` brings it back.
    Suspend,
    ShowHelp,
    CloseHelp,
    /// A left click at (column, row) of the screen: the app turns it into what is under
    /// it (focus a row, tick a checkbox, close the help).
    Click(u16, u16),
    /// Focus a row of the visible list (mouse click).
    FocusRow(usize),
    /// Focus a row and toggle its scope (click on a checkbox).
    ToggleRow(usize),
    ScrollUp,
    ScrollDown,
    /// The mouse wheel at (column, row), up or down: the app scrolls what is under it.
    WheelUp(u16, u16),
    WheelDown(u16, u16),
    /// Scroll a panel by this many lines (the wheel over it), its focus unchanged.
    ScrollPanel(Panel, i16),
    /// Give a panel the focus: the movement keys scroll it.
    FocusPanel(Panel),
    NextPanel,
    PreviousPanel,
    /// Fold or unfold the group on a row of the visible list (a click on its marker).
    ToggleFoldRow(usize),
    /// The terminal has this many columns and rows.
    Resize(u16, u16),
}

impl Action {
    /// One line for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::MoveUp => "move up",
            Action::MoveDown => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "first row",
            Action::Bottom => "last row",
            Action::Fold => "fold / go to parent",
            Action::Unfold => "unfold / go to child",
            Action::FoldAll => "fold all",
            Action::UnfoldAll => "unfold all",
            Action::ToggleScope => "tick / untick",
            Action::UntickAll => "untick all (asks if more than 3)",
            Action::ToggleTickedFilter => "only ticked + held / all",
            Action::NextTicked => "next ticked scope",
            Action::PreviousTicked => "previous ticked scope",
            Action::FocusSearch => "fuzzy search",
            Action::InsertChar(_) => "type to filter",
            Action::DeleteChar => "delete a character",
            Action::DeleteWord => "delete a word",
            Action::ClearSearch => "clear the filter",
            Action::KeepSearch => "keep filter, back to tree",
            Action::CopyMinimal => "copy minimal string",
            Action::CopyExpanded => "copy expanded string",
            Action::CycleFormat => "cycle export format",
            Action::CycleTrust => "cycle trusted evidence",
            Action::SaveProfile => "save the profile",
            Action::EditReason => "edit the scope's reason",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::Decline => "no: another path",
            Action::DiscardChanges => "quit, discard changes",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::CursorStart => "start of line",
            Action::CursorEnd => "end of line",
            Action::CursorWordLeft => "word left",
            Action::CursorWordRight => "word right",
            Action::DeleteForward => "delete under cursor",
            Action::ClearInput => "delete to line start",
            Action::Accept => "accept: print minimal as shown",
            Action::ToggleOperations => "scopes / operations (API calls)",
            Action::OpenCatalog => "open the catalog",
            Action::OpenPicker => "other catalogs (kept)",
            Action::Back => "clear, back; quit if none ticked",
            Action::Quit => "quit, print nothing",
            Action::Suspend => "suspend (fg resumes)",
            Action::ShowHelp => "this help",
            Action::CloseHelp => "close the help",
            Action::Click(..) => "click",
            Action::FocusRow(_) => "focus the row",
            Action::ToggleRow(_) => "toggle the row",
            Action::ScrollUp => "scroll up",
            Action::ScrollDown => "scroll down",
            Action::WheelUp(..) | Action::WheelDown(..) => "scroll the panel under the pointer",
            Action::ScrollPanel(..) => "scroll a panel",
            Action::FocusPanel(Panel::Tree) => "focus the tree",
            Action::FocusPanel(Panel::Details) => "focus the details",
            Action::FocusPanel(Panel::Held) => "focus the held scopes",
            Action::FocusPanel(Panel::Minimal) => "focus the minimal string (in full)",
            Action::NextPanel => "next panel",
            Action::PreviousPanel => "previous panel",
            Action::ToggleFoldRow(_) => "fold / unfold the row",
            Action::Resize(..) => "resize",
        }
    }

    /// A word or two for the key hint line, for the actions worth a hint.
    pub fn hint(self) -> Option<&'static str> {
        Some(match self {
            Action::ToggleScope => "toggle",
            Action::FocusSearch => "search",
            Action::Fold => "fold",
            Action::Unfold => "unfold",
            Action::CopyMinimal => "copy",
            Action::CycleFormat => "format",
            Action::SaveProfile => "save",
            Action::EditReason => "reason",
            Action::Confirm => "confirm",
            Action::Cancel => "cancel",
            Action::DiscardChanges => "discard",
            Action::ClearInput => "clear",
            Action::Accept => "accept",
            Action::OpenCatalog => "open",
            Action::OpenPicker => "catalogs",
            Action::Quit => "quit",
            Action::ShowHelp => "help",
            Action::ClearSearch => "clear",
            Action::KeepSearch => "keep filter",
            Action::MoveDown => "move",
            Action::CloseHelp => "close",
            _ => return None,
        })
    }
}
