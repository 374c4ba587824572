//! How a profile's scopes fit the operations it lists (`[[operation]]` in the profile):
//! which listed operation they do not authorize (an under-grant) and what they grant
//! that no listed operation needs (an over-grant), in words for `check` and `report`.

use crate::catalog::{Catalog, ScopeId};
use crate::export;
use crate::grants::GrantModel;
use crate::need::{self, Fit};
use crate::profile::{self, Loaded};

fn names(catalog: &Catalog, ids: &[ScopeId]) -> Vec<String> {
    ids.iter().map(|&id| catalog.name(id).to_string()).collect()
}

/// The profile's possible over-grants ([`profile::unexplained`]): held, given no reason
/// of their own, and needed by none of its listed operations.
pub fn unexplained(loaded: &Loaded, model: &GrantModel) -> Vec<profile::Unexplained> {
    let needed = if loaded.operations.is_empty() {
        Vec::new()
    } else {
        profile_fit(loaded, model).least.grants
    };
    profile::unexplained(loaded, model, &needed)
}

/// The profile's listed operations against what its scopes grant, for `check` and
/// `report`.
pub fn profile_fit(loaded: &Loaded, model: &GrantModel) -> Fit {
    fit_of(loaded, model, &loaded.selection)
}

/// The profile's listed operations against what `selection` grants.
pub fn fit_of(loaded: &Loaded, model: &GrantModel, selection: &[ScopeId]) -> Fit {
    let requirements = need::preferred(&loaded.catalog, model, &loaded.operations);
    need::fit(model, selection, &requirements)
}

/// One line for each way the profile's scopes differ from what its operations need.
pub fn fit_problems(loaded: &Loaded, model: &GrantModel, fit: &Fit) -> Vec<String> {
    let (mut under, over) = fit_lines(loaded, model, &loaded.selection, fit, "the profile's");
    under.extend(over);
    under
}

/// The lines on how `selection` (whose, for the text) fits the profile's operations:
/// under-grants (an operation not authorized), then over-grants.
pub fn fit_lines(
    loaded: &Loaded,
    model: &GrantModel,
    selection: &[ScopeId],
    fit: &Fit,
    whose: &str,
) -> (Vec<String>, Vec<String>) {
    let catalog = &loaded.catalog;
    let mut problems = Vec::new();
    for &i in &fit.unauthorized {
        let id = loaded.operations[i];
        let alternatives: Vec<String> = catalog
            .operation(id)
            .alternatives()
            .map(|scopes| format!("`{}`", need::alternative_text(catalog, scopes)))
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

/// For each listed operation of a profile, the alternative its scopes use (None: not
/// authorized).
pub fn allowed_by(loaded: &Loaded, fit: &Fit) -> Vec<Option<Vec<ScopeId>>> {
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
