//! The interactive explorer.

use crate::catalog::{Catalog, ScopeId};

/// What the explorer opens with.
pub struct Options {
    /// `None` opens the catalog picker.
    pub catalog: Option<Catalog>,
    /// Scopes ticked at start (ids of `catalog`).
    pub select: Vec<ScopeId>,
}

/// How the user left the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted: print this on stdout once the terminal is restored.
    Accepted(String),
    /// Quit without choosing (exit 130, like fzf).
    Cancelled,
}

/// Runs the explorer until the user accepts or quits. The terminal is restored before
/// this returns, whatever happened.
pub fn run(options: Options) -> std::io::Result<Outcome> {
    let _ = options;
    Err(std::io::Error::other(
        "the interactive explorer is not available yet",
    ))
}
