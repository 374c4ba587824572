//! The operations a profile lists (`[[operation]]` in the profile): `check PROFILE` fails
//! when its scopes do not authorize one of them or grant more than they need, and
//! `report` shows them.

use super::need::{alternative_text, preferred, route};
use super::{names, plural, print_json, trust_json};
use crate::catalog::ScopeId;
use crate::cli::{Failure, JsonFlag, output};
use crate::export;
use crate::grants::{GrantModel, Trust};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The profile's listed operations against what its scopes grant, for `check` and
/// `report`.
pub fn profile_fit(loaded: &crate::profile::Loaded, model: &GrantModel) -> crate::need::Fit {
    fit_of(loaded, model, &loaded.selection)
}

/// The profile's listed operations against what `selection` grants.
fn fit_of(
    loaded: &crate::profile::Loaded,
    model: &GrantModel,
    selection: &[ScopeId],
) -> crate::need::Fit {
    let requirements = preferred(&loaded.catalog, model, &loaded.operations);
    crate::need::fit(model, selection, &requirements)
}

/// One line for each way the profile's scopes differ from what its operations need.
pub fn fit_problems(
    loaded: &crate::profile::Loaded,
    model: &GrantModel,
    fit: &crate::need::Fit,
) -> Vec<String> {
    let (mut under, over) = fit_lines(loaded, model, &loaded.selection, fit, "the profile's");
    under.extend(over);
    under
}

/// The lines on how `selection` (whose, for the text) fits the profile's operations:
/// under-grants (an operation not authorized), then over-grants.
fn fit_lines(
    loaded: &crate::profile::Loaded,
    model: &GrantModel,
    selection: &[ScopeId],
    fit: &crate::need::Fit,
    whose: &str,
) -> (Vec<String>, Vec<String>) {
    let catalog = &loaded.catalog;
    let mut problems = Vec::new();
    for &i in &fit.unauthorized {
        let id = loaded.operations[i];
        let alternatives: Vec<String> = catalog
            .operation(id)
            .alternatives()
            .map(|scopes| format!("`{}`", alternative_text(catalog, scopes)))
            .collect();
        problems.push(format!(
            "under-grant: {} is not authorized by {whose} scopes; it needs {}",
            catalog.operation(id).id.as_str(),
            alternatives.join(" or ")
        ));
    }
    let mut over = Vec::new();
    let least = export::delimited(catalog, &names(catalog, &fit.least.scopes));
    for &(atom, in_some_alternative) in &fit.unneeded {
        let via: Vec<&str> = selection
            .iter()
            .filter(|&&s| s != atom && model.grants_of(s).contains(&atom))
            .map(|&s| catalog.name(s))
            .collect();
        let through = if selection.contains(&atom) || via.is_empty() {
            String::new()
        } else {
            format!(" (through {})", via.join(", "))
        };
        over.push(if in_some_alternative {
            format!(
                "over-grant: {}{through} is not needed: the listed operations run with `{least}`",
                catalog.name(atom)
            )
        } else {
            format!(
                "over-grant: {}{through} is needed by no listed operation",
                catalog.name(atom)
            )
        });
    }
    (problems, over)
}

/// What `check PROFILE SCOPES` learns from the profile's operations about the scopes
/// being checked.
pub struct OperationsCheck {
    /// Under-grants: a listed operation the scopes do not authorize. The check fails.
    pub problems: Vec<String>,
    /// Over-grants: what the scopes grant beyond what the operations need.
    pub warnings: Vec<String>,
    /// For `--json`.
    pub json: Value,
}

/// The scopes given to `check PROFILE SCOPES` against the profile's listed operations.
pub fn check_scopes_against_operations(
    loaded: &crate::profile::Loaded,
    model: &GrantModel,
    scopes: &[ScopeId],
) -> OperationsCheck {
    let catalog = &loaded.catalog;
    let fit = fit_of(loaded, model, scopes);
    let (problems, mut warnings) = fit_lines(loaded, model, scopes, &fit, "these");
    if !fit.least.proven {
        warnings.push(
            "not proven least: the search gave up, so an over-grant may go unnoticed".to_string(),
        );
    }
    let json = json!({
        "operations": loaded
            .operations
            .iter()
            .map(|&id| catalog.operation(id).id.as_str())
            .collect::<Vec<_>>(),
        "unauthorized": fit
            .unauthorized
            .iter()
            .map(|&i| catalog.operation(loaded.operations[i]).id.as_str())
            .collect::<Vec<_>>(),
        "least": names(catalog, &fit.least.scopes),
        "proven_minimal": fit.least.proven,
        "unneeded": fit.unneeded.iter().map(|&(a, _)| catalog.name(a)).collect::<Vec<_>>(),
    });
    OperationsCheck {
        problems,
        warnings,
        json,
    }
}

/// `check PROFILE`: fails (exit 1) when the profile's scopes grant more than its listed
/// operations need, or do not authorize one of them.
pub fn check_profile(
    loaded: &crate::profile::Loaded,
    json: JsonFlag,
    trust: Trust,
) -> Result<u8, Failure> {
    let catalog = &loaded.catalog;
    let model = GrantModel::with_trust(catalog, trust);
    let fit = profile_fit(loaded, &model);
    let problems = fit_problems(loaded, &model, &fit);
    let mut warnings = Vec::new();
    if !fit.least.proven {
        warnings.push(
            "not proven least: the search gave up, so an over-grant may go unnoticed".to_string(),
        );
    }
    for warning in &warnings {
        output::error(&format!("warning: {warning}"));
    }
    if json.json {
        print_json(json!({
            "profile": loaded.profile.name,
            "scopes": names(catalog, &loaded.selection),
            "operations": loaded
                .operations
                .iter()
                .map(|&id| catalog.operation(id).id.as_str())
                .collect::<Vec<_>>(),
            "least": names(catalog, &fit.least.scopes),
            "proven_minimal": fit.least.proven,
            "unneeded": fit.unneeded.iter().map(|&(a, _)| catalog.name(a)).collect::<Vec<_>>(),
            "unauthorized": fit
                .unauthorized
                .iter()
                .map(|&i| catalog.operation(loaded.operations[i]).id.as_str())
                .collect::<Vec<_>>(),
            "ok": problems.is_empty(),
            "problems": problems,
            "warnings": warnings,
            "trust": trust_json(model.trust()),
        }))?;
        return Ok(if problems.is_empty() { 0 } else { 1 });
    }
    if problems.is_empty() {
        output::print(&format!(
            "ok: the {} of {} grant what its {} need, no more\n",
            plural(loaded.selection.len(), "scope", "scopes"),
            loaded.profile.name,
            plural(loaded.operations.len(), "operation", "operations"),
        ))?;
        Ok(0)
    } else {
        Err(Failure::check_failed(format!(
            "check failed:\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// For each listed operation of a profile, the alternative its scopes use (None: not
/// authorized).
fn allowed_by(
    loaded: &crate::profile::Loaded,
    fit: &crate::need::Fit,
) -> Vec<Option<Vec<ScopeId>>> {
    let mut authorized = fit.least.operations.iter();
    (0..loaded.operations.len())
        .map(|i| {
            if fit.unauthorized.contains(&i) {
                return None;
            }
            let report = authorized.next()?;
            report.chosen.map(|c| report.alternatives[c].scopes.clone())
        })
        .collect()
}

/// The report's section on the profile's operations, in Markdown (empty without any).
pub fn report_operations(loaded: &crate::profile::Loaded, model: &GrantModel) -> String {
    use crate::cli::markdown::{code, text};
    let catalog = &loaded.catalog;
    let mut out = String::new();
    if loaded.operations.is_empty() {
        return out;
    }
    let fit = profile_fit(loaded, model);
    let _ = writeln!(out, "\n| Operation | Why it is called | Allowed by |");
    let _ = writeln!(out, "|---|---|---|");
    for ((&id, listed), allowed) in loaded
        .operations
        .iter()
        .zip(&loaded.profile.operations)
        .zip(allowed_by(loaded, &fit))
    {
        let name = match route(catalog, id) {
            route if route.is_empty() => code(catalog.operation(id).id.as_str()),
            route => format!(
                "{} ({})",
                code(catalog.operation(id).id.as_str()),
                code(&route)
            ),
        };
        let reason = if listed.reason.is_empty() {
            "*(no reason given)*".to_string()
        } else {
            text(&listed.reason)
        };
        let allowed = match allowed {
            Some(scopes) => code(&alternative_text(catalog, &scopes)),
            None => "**not authorized**".to_string(),
        };
        let _ = writeln!(out, "| {name} | {reason} | {allowed} |");
    }
    let least = names(catalog, &fit.least.scopes);
    let _ = writeln!(
        out,
        "\n**Least privilege for these operations**: {}",
        code(&export::delimited(catalog, &least))
    );
    let problems = fit_problems(loaded, model, &fit);
    if problems.is_empty() {
        let _ = writeln!(out, "\nThe scopes grant what the operations need, no more.");
    } else {
        let _ = writeln!(out);
        for problem in problems {
            let _ = writeln!(out, "- {}", text(&problem));
        }
    }
    out
}

/// The same, as JSON (null without operations).
pub fn report_operations_json(loaded: &crate::profile::Loaded, model: &GrantModel) -> Value {
    let catalog = &loaded.catalog;
    if loaded.operations.is_empty() {
        return Value::Null;
    }
    let fit = profile_fit(loaded, model);
    let operations: Vec<Value> = loaded
        .operations
        .iter()
        .zip(&loaded.profile.operations)
        .zip(allowed_by(loaded, &fit))
        .map(|((&id, listed), allowed)| {
            json!({
                "operation": catalog.operation(id).id.as_str(),
                "reason": listed.reason,
                "allowed_by": allowed.map(|scopes| names(catalog, &scopes)),
            })
        })
        .collect();
    json!({
        "operations": operations,
        "least": names(catalog, &fit.least.scopes),
        "proven_minimal": fit.least.proven,
        "problems": fit_problems(loaded, model, &fit),
    })
}
