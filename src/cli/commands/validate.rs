//! `scopex validate`: a catalog or a profile file checked, with the located error.

use super::{plural, print_json};
use crate::catalog::{Origin, parse_catalog};
use crate::cli::{Failure, JsonFlag, output};
use crate::profile;
use serde_json::json;

/// Why a catalog that loads but lists no scope is not valid: there is nothing to pick,
/// minimize or check against, so it is a mistake (a file cut short, scopes under another
/// key) rather than a catalog.
const NO_SCOPES: &str = "the catalog lists no scopes: a catalog needs at least one [[scope]]";

/// Where a catalog without scopes says so: its `scope` key, when it has one (`scope = []`).
fn no_scopes(text: &str, shown: &str) -> Option<crate::catalog::Located> {
    let root = toml::de::DeTable::parse(text).ok()?;
    let (key, value) = root
        .get_ref()
        .iter()
        .find(|(key, _)| key.get_ref() == "scope")?;
    let span = key.span().start..value.span().end;
    Some(crate::catalog::Located::new(
        shown,
        text,
        Some(span),
        NO_SCOPES.to_string(),
    ))
}

pub(super) fn validate(file: &std::path::Path, json: JsonFlag) -> Result<u8, Failure> {
    let shown = file.display().to_string();
    let read = if crate::catalog::file::is_stdin(file) {
        crate::catalog::file::read_stdin_text(&shown)
    } else {
        crate::catalog::file::read_text(file, &shown)
    };
    let text = match read {
        Ok(text) => text,
        Err(failure) => {
            let (message, line, column) = match failure {
                crate::catalog::file::ReadFailure::Io(e) => {
                    (format!("cannot read {shown}: {e}"), None, None)
                }
                crate::catalog::file::ReadFailure::NotUtf8(located) => (
                    located.to_string(),
                    Some(located.line),
                    Some(located.column),
                ),
            };
            if json.json {
                print_json(json!({
                    "file": shown, "ok": false, "kind": null, "line": line,
                    "column": column, "message": message,
                }))?;
                return Err(Failure::bad_input(""));
            }
            return Err(Failure::bad_input(message));
        }
    };
    if profile::looks_like_profile(&text) {
        return match profile::parse(&text, file) {
            Ok(loaded) => {
                if json.json {
                    return print_json(json!({
                        "file": shown, "ok": true, "profile": loaded.profile.name,
                        "catalog": loaded.catalog.id, "scopes": loaded.selection.len(),
                    }));
                }
                output::print(&format!(
                    "{shown}: ok: profile `{}` on {}, {}\n",
                    loaded.profile.name,
                    loaded.catalog.name,
                    plural(loaded.selection.len(), "scope", "scopes")
                ))?;
                Ok(0)
            }
            Err(error) if json.json => {
                let (line, column, message) = match &error {
                    profile::ProfileError::Invalid(at) => {
                        (Some(at.line), Some(at.column), at.message.clone())
                    }
                    profile::ProfileError::Catalog { at, source } => (
                        Some(at.line),
                        Some(at.column),
                        format!("{}: {source}", at.message),
                    ),
                    profile::ProfileError::Io { .. } => (None, None, error.to_string()),
                };
                print_json(json!({
                    "file": shown, "ok": false, "kind": "profile", "line": line,
                    "column": column, "message": message,
                }))?;
                Err(Failure::bad_input(""))
            }
            Err(error) => Err(Failure::bad_input(error)),
        };
    }
    let loaded =
        parse_catalog(&text, &shown, Origin::File(file.to_path_buf())).and_then(|catalog| {
            // Operations are read when first asked for: validating asks now.
            catalog.operations()?;
            Ok(catalog)
        });
    match loaded {
        Ok(catalog) if catalog.is_empty() => {
            let (line, column, message) = match no_scopes(&text, &shown) {
                Some(located) => (
                    Some(located.line),
                    Some(located.column),
                    located.to_string(),
                ),
                None => (None, None, format!("{shown}: {NO_SCOPES}")),
            };
            if json.json {
                print_json(json!({
                    "file": shown, "ok": false, "kind": "catalog", "line": line,
                    "column": column, "message": NO_SCOPES,
                }))?;
                return Err(Failure::bad_input(""));
            }
            Err(Failure::bad_input(message))
        }
        Ok(catalog) => {
            let composites = catalog.scopes.iter().filter(|s| s.composite).count();
            if json.json {
                return print_json(json!({
                    "file": shown, "ok": true, "id": catalog.id, "scopes": catalog.len(),
                    "composites": composites, "edges": catalog.edges.len(),
                    "operations": catalog.operation_count(),
                }));
            }
            let operations = match catalog.operation_count() {
                0 => String::new(),
                n => format!(", {}", plural(n, "operation", "operations")),
            };
            output::print(&format!(
                "{shown}: ok: catalog `{}` ({}), {}, {}, {}{operations}\n",
                catalog.id,
                catalog.name,
                plural(catalog.len(), "scope", "scopes"),
                plural(composites, "composite", "composites"),
                plural(catalog.edges.len(), "implication", "implications"),
            ))?;
            Ok(0)
        }
        Err(error) => {
            if json.json {
                let located = &error.0;
                print_json(json!({
                    "file": shown, "ok": false, "kind": "catalog", "line": located.line,
                    "column": located.column, "message": located.message,
                }))?;
                return Err(Failure::bad_input(""));
            }
            Err(Failure::bad_input(error))
        }
    }
}
