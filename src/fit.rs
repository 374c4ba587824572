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

/// How a profile's own scopes stand against its listed operations: the fit within its
/// scopes, and what `need` answers for the same operations over the whole catalog.
pub struct ProfileCheck {
    pub fit: Fit,
    /// `need`'s answer for the listed operations, under the same trust.
    pub answer: need::Need,
    /// Under-grants, over-grants within the profile's scopes, and scopes that grant
    /// strictly more than what `need` would use instead: the check fails.
    pub problems: Vec<String>,
    /// Scopes that differ from `need`'s answer where neither is known to grant more
    /// (different data): a person decides; a failure with `--strict`.
    pub warnings: Vec<String>,
}

/// The profile's scopes against its listed operations: for `check PROFILE` and `report`.
pub fn profile_check(loaded: &Loaded, model: &GrantModel) -> ProfileCheck {
    let fit = profile_fit(loaded, model);
    let answer = need::need_in(&loaded.catalog, model, &loaded.operations);
    let mut problems = fit_problems(loaded, model, &fit);
    let mut warnings = Vec::new();
    // Against what `need` answers for the calls the profile's scopes allow (the others
    // are under-grants already), for each scope all of whose grants those calls use (the
    // others are over-grants already).
    let served = if fit.unauthorized.is_empty() {
        None
    } else {
        let allowed: Vec<_> = (0..loaded.operations.len())
            .filter(|i| !fit.unauthorized.contains(i))
            .map(|i| loaded.operations[i])
            .collect();
        Some(need::need_in(&loaded.catalog, model, &allowed))
    };
    let (more, different) = beyond_answer(loaded, model, served.as_ref().unwrap_or(&answer), &fit);
    problems.extend(more);
    warnings.extend(different);
    if !fit.least.proven || !answer.proven {
        warnings.push(
            "not proven least: the search gave up, so an over-grant may go unnoticed".to_string(),
        );
    }
    ProfileCheck {
        fit,
        answer,
        problems,
        warnings,
    }
}

/// Each scope of a profile that authorizes its operations and wastes nothing within its
/// own scopes, but is not held by `need`'s answer: what that answer would use in its
/// place (the answer's scopes the rest of the profile does not hold) authorizes every
/// listed operation too. The scope is an over-grant when it grants strictly more than
/// that replacement by the grant model. Where neither's grants lie inside the other's,
/// the two give different data and `need`'s choice is a guess: a warning, for a person
/// to decide, which says when the replacement allows only calls the scope allows too.
fn beyond_answer(
    loaded: &Loaded,
    model: &GrantModel,
    answer: &need::Need,
    fit: &Fit,
) -> (Vec<String>, Vec<String>) {
    let catalog = &loaded.catalog;
    let answered = model.held_set(&answer.scopes);
    let outside: Vec<ScopeId> = loaded
        .selection
        .iter()
        .copied()
        .filter(|&s| !answered.contains(s))
        .filter(|&s| {
            model
                .grants_of(s)
                .iter()
                .all(|atom| !fit.unneeded.iter().any(|&(u, _)| u == *atom))
        })
        .collect();
    let (mut more, mut different) = (Vec::new(), Vec::new());
    if outside.is_empty() {
        return (more, different);
    }
    let all = need::requirements(catalog);
    let coverage = need::Coverage::new(model, &all);
    let answer_text = format!(
        "`{}`",
        export::delimited(catalog, &names(catalog, &answer.scopes))
    );
    for s in outside {
        let rest: Vec<ScopeId> = loaded
            .selection
            .iter()
            .copied()
            .filter(|&t| t != s)
            .collect();
        let held = model.held_set(&rest);
        let instead: Vec<ScopeId> = answer
            .scopes
            .iter()
            .copied()
            .filter(|&t| !held.contains(t))
            .collect();
        let name = catalog.name(s);
        if instead.is_empty() {
            more.push(format!(
                "over-grant: {name} is not needed: the listed operations run without it \
                 (need answers {answer_text})"
            ));
            continue;
        }
        let instead_text = format!("`{}`", names(catalog, &instead).join("` + `"));
        let mut grants_instead = model.grants(&instead);
        let mut grants_s = model.grants_of(s);
        grants_instead.sort_unstable();
        grants_s.sort_unstable();
        let inside = |a: &[ScopeId], b: &[ScopeId]| a.iter().all(|x| b.binary_search(x).is_ok());
        if grants_instead == grants_s {
            continue;
        }
        if inside(&grants_instead, &grants_s) {
            more.push(format!(
                "over-grant: {name} grants more than the listed operations need: \
                 {instead_text} authorizes them with less (need answers {answer_text})"
            ));
            continue;
        }
        if inside(&grants_s, &grants_instead) {
            continue;
        }
        let reach_instead = coverage.authorized_by(&instead);
        let reach_s = coverage.authorized_by(&[s]);
        // Not strictly more by the grant model: a guess between different data, for a
        // person to decide. Fewer calls allowed is a strong hint, never a proof (Drive's
        // appdata folder allows fewer calls than the files the app created, and is other
        // data), so it is told, not failed.
        if reach_instead.is_subset(&reach_s) && reach_instead != reach_s {
            different.push(format!(
                "{name} allows more calls than the listed operations need: {instead_text} \
                 authorizes them and allows only calls {name} allows too ({} of its {}); \
                 the catalog knows neither to cover the other's data: use {instead_text} if \
                 it gives the data the code needs (need answers {answer_text})",
                reach_instead.count_ones(..),
                reach_s.count_ones(..)
            ));
        } else {
            different.push(format!(
                "{name} is not what need answers for the listed operations \
                 ({answer_text}): {instead_text} authorizes them too, and gives different \
                 data (neither is known to cover the other); check that the code needs {name}"
            ));
        }
    }
    (more, different)
}
