//! scopex: a terminal explorer for OAuth scope catalogs.
//!
//! The model (`catalog`, `grants`, `search`, `profile`, `export`) knows nothing of the
//! terminal; `cli` and `tui` sit on top of it.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod export;
pub mod fit;
#[doc(hidden)]
pub mod fuzzing;
pub mod grants;
pub mod import;
pub mod need;
pub mod profile;
pub mod routes;
pub mod sanitize;
pub mod search;
pub mod tui;
