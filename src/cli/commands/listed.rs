//! The operations a profile lists (`[[operation]]` in the profile): `check PROFILE` fails
//! when its scopes do not authorize one of them or grant more than they need, and
//! `report` shows them.

use super::{names, plural, print_json, trust_json};
use crate::catalog::ScopeId;
use crate::cli::{Failure, JsonFlag, output};
use crate::fit::{allowed_by, fit_lines, fit_of, fit_problems, profile_fit};
use crate::grants::{GrantModel, Trust};
use serde_json::{Value, json};

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
        let scopes = loaded.selection.len();
        let operations = loaded.operations.len();
        output::print(&format!(
            "ok: the {} of {} {} what its {} {}, no more\n",
            plural(scopes, "scope", "scopes"),
            loaded.profile.name,
            if scopes == 1 { "grants" } else { "grant" },
            plural(operations, "operation", "operations"),
            if operations == 1 { "needs" } else { "need" },
        ))?;
        Ok(0)
    } else {
        Err(Failure::check_failed(format!(
            "check failed:\n  {}",
            problems.join("\n  ")
        )))
    }
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
