//! The catalogs compiled into the binary, so scopex runs with no set-up.

use super::{Catalog, Origin, parse_catalog};

/// (id, file name, text) of each built-in catalog.
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "outreach",
        "catalogs/outreach.toml",
        include_str!("../../catalogs/outreach.toml"),
    ),
    (
        "github",
        "catalogs/github.toml",
        include_str!("../../catalogs/github.toml"),
    ),
    (
        "sipgate",
        "catalogs/sipgate.toml",
        include_str!("../../catalogs/sipgate.toml"),
    ),
    (
        "stora",
        "catalogs/stora.toml",
        include_str!("../../catalogs/stora.toml"),
    ),
];

pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    BUILTIN.iter().map(|(id, _, _)| *id)
}

/// A built-in catalog by id. The built-in files are checked by the test suite, so a
/// failure here is a build defect; it is reported as "not found" rather than a panic.
pub fn builtin(id: &str) -> Option<Catalog> {
    let (_, file, text) = BUILTIN.iter().find(|(bid, _, _)| *bid == id)?;
    parse_catalog(text, file, Origin::Builtin).ok()
}
