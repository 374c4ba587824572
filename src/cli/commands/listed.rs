//! The operations a profile lists (`[[operation]]` in the profile): `check PROFILE` fails
//! when its scopes do not authorize one of them or grant more than they need, and
//! `report` shows them.

use super::names;
use crate::catalog::ScopeId;
use crate::fit::{allowed_by, fit_lines, fit_of, profile_check};
use crate::grants::GrantModel;
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

/// `check PROFILE` with nothing on stdin: the profile's own scopes against its listed
/// operations, as fields of the JSON answer. Problems and warnings go to `problems` and
/// `warnings`.
pub fn own_scopes_against_operations(
    loaded: &crate::profile::Loaded,
    model: &GrantModel,
    result: &mut Value,
    problems: &mut Vec<String>,
    warnings: &mut Vec<String>,
) {
    let catalog = &loaded.catalog;
    let checked = profile_check(loaded, model);
    result["operations"] = json!(
        loaded
            .operations
            .iter()
            .map(|&id| catalog.operation(id).id.as_str())
            .collect::<Vec<_>>()
    );
    result["least"] = json!(names(catalog, &checked.fit.least.scopes));
    result["need"] = json!(names(catalog, &checked.answer.scopes));
    result["proven_minimal"] = json!(checked.fit.least.proven && checked.answer.proven);
    result["unneeded"] = json!(
        checked
            .fit
            .unneeded
            .iter()
            .map(|&(a, _)| catalog.name(a))
            .collect::<Vec<_>>()
    );
    result["unauthorized"] = json!(unauthorized(loaded, &checked.fit));
    problems.extend(checked.problems);
    warnings.extend(checked.warnings);
}

/// The ids of the listed operations no scope of the selection allows.
fn unauthorized<'c>(loaded: &'c crate::profile::Loaded, fit: &crate::need::Fit) -> Vec<&'c str> {
    fit.unauthorized
        .iter()
        .map(|&i| loaded.catalog.operation(loaded.operations[i]).id.as_str())
        .collect()
}

/// The same, as JSON (null without operations).
pub fn report_operations_json(loaded: &crate::profile::Loaded, model: &GrantModel) -> Value {
    let catalog = &loaded.catalog;
    if loaded.operations.is_empty() {
        return Value::Null;
    }
    let checked = profile_check(loaded, model);
    let fit = &checked.fit;
    let operations: Vec<Value> = loaded
        .operations
        .iter()
        .zip(&loaded.profile.operations)
        .zip(allowed_by(loaded, fit))
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
        "least": names(catalog, &checked.answer.scopes),
        "unauthorized": unauthorized(loaded, fit),
        "proven_minimal": fit.least.proven && checked.answer.proven,
        "problems": checked.problems,
        "warnings": checked.warnings,
    })
}
