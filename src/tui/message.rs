//! The messages the parts of the explorer exchange: how the user left ([`Outcome`]), what
//! the event loop must do after an update ([`Effect`]), the status line ([`Status`]), who
//! has the keyboard ([`Mode`]) and the help's rows ([`HelpRow`]). A leaf: it imports
//! nothing else from the TUI, so every other module can import it without a cycle.

use crate::profile::Profile;
use std::path::PathBuf;

/// How the user left the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted: print this on stdout once the terminal is restored.
    Accepted(String),
    /// Quit without choosing (exit 130, like fzf).
    Cancelled,
}

/// What the caller must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Nothing changed: no need to draw.
    None,
    /// Something changed: draw.
    Redraw,
    /// Put `text` on the clipboard, then report with `App::notify`.
    Copy { text: String, what: &'static str },
    /// Write the profile ([`SaveRequest::write`]), then report with `App::saved`.
    Save(SaveRequest),
    /// Leave the explorer.
    Exit(Outcome),
    /// Stop the program with the terminal restored; draw everything again once resumed.
    Suspend,
}

/// Write `profile` to `path`, then leave with `then` when that worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveRequest {
    pub profile: Profile,
    pub path: PathBuf,
    pub then: Option<Outcome>,
    /// `path` is the profile's own file: edit it in place, keeping its comments. (A file
    /// the user chose to overwrite describes something else.)
    pub keep_comments: bool,
    /// What the profile's own file held when opened or last saved (its
    /// [`crate::profile::stamp`]): a file changed since is not overwritten. None
    /// overwrites whatever is there.
    pub expected: Option<u64>,
}

impl SaveRequest {
    /// Saves atomically: on error the file at `path`, if any, is untouched.
    pub fn write(&self) -> std::io::Result<()> {
        if self.keep_comments {
            crate::profile::save_keeping_comments(&self.profile, &self.path, self.expected)
        } else {
            crate::profile::save(&self.profile, &self.path)
        }
    }
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
    /// A one-line text field: a profile's name or path, a reason.
    Input,
    /// A question answered with a letter: overwrite, unsaved changes.
    Confirm,
}

/// A panel of the explorer: the one with the focus scrolls with the movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Panel {
    #[default]
    Tree,
    Details,
    Held,
    Minimal,
}

impl Panel {
    /// In the order of their number keys.
    pub const ALL: [Panel; 4] = [Panel::Tree, Panel::Details, Panel::Held, Panel::Minimal];

    /// The number key that focuses it, shown in its title as in lazygit.
    pub fn number(self) -> usize {
        self.index() + 1
    }

    pub fn index(self) -> usize {
        match self {
            Panel::Tree => 0,
            Panel::Details => 1,
            Panel::Held => 2,
            Panel::Minimal => 3,
        }
    }

    /// The next panel (`step` 1) or the previous one (`step` -1), round.
    pub fn cycle(self, step: isize) -> Panel {
        let count = Panel::ALL.len() as isize;
        Panel::ALL[(self.index() as isize + step).rem_euclid(count) as usize]
    }
}

/// Which prompt is open, without its contents: what the key table needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Name,
    Path,
    Reason,
    Overwrite,
    /// The profile's file changed on disk since it was read: overwrite, reload, cancel?
    Changed,
    Unsaved,
    /// Untick everything?
    UntickAll,
    /// Leave, losing the ticks kept in catalogs left for the picker?
    LeaveKept,
}

/// The situation a key arrives in: all the key table looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub mode: Mode,
    pub prompt: Option<PromptKind>,
    /// The picker's filter is empty: letters that would filter can be commands.
    pub picker_idle: bool,
    /// A profile with a file is open: its keys come first in the hints.
    pub profile_file: bool,
    /// The terminal is below the minimum size: only quitting (and resizing) acts.
    pub too_small: bool,
    /// The explorer's left panel shows the operations: `o` goes back to the scopes.
    pub operations: bool,
}

/// The open help overlay: the mode it describes and how far it is scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Help {
    pub mode: Mode,
    pub scroll: usize,
}

/// One line of the help: the keys of an action and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(&'static str),
    Keys { keys: String, what: &'static str },
    Blank,
}
