//! A profile's permissions report in Markdown: each scope with what it grants and why it
//! is needed, the operations the profile lists and what allows them, the minimal and
//! expanded strings, and what is held that neither a reason given for it nor a listed
//! operation accounts for. Text from catalog and profile files is made inert
//! ([`super::markdown`]).

use super::markdown::{code, message, text};
use crate::catalog::{Catalog, ScopeId};
use crate::fit;
use crate::grants::GrantModel;
use crate::need;
use crate::profile::Loaded;
use std::fmt::Write as _;

fn names(catalog: &Catalog, ids: &[ScopeId]) -> Vec<String> {
    ids.iter().map(|&id| catalog.name(id).to_string()).collect()
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// What a scope grants, in words: the description of each atomic scope it grants.
pub fn grants_in_words(catalog: &Catalog, model: &GrantModel, scope: ScopeId) -> Vec<String> {
    model
        .grants_of(scope)
        .into_iter()
        .map(|g| catalog.scope(g).description.to_string())
        .collect()
}

/// The report of `loaded`, its scopes' grants as `model` trusts them.
pub fn markdown(loaded: &Loaded, model: &GrantModel) -> String {
    let catalog = &loaded.catalog;
    let minimal = model.minimal(&loaded.selection);
    let minimal_names = names(catalog, &minimal.scopes);
    let expanded_names = names(catalog, &model.expanded(&loaded.selection));
    let unexplained = fit::unexplained(loaded, model);
    let grants_in_words = |id: ScopeId| grants_in_words(catalog, model, id);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: {} permissions\n\n*trusting: {}*\n",
        text(&loaded.profile.name),
        text(&catalog.name),
        model.trust()
    );
    let _ = writeln!(out, "| Scope | What it grants | Why it is needed |");
    let _ = writeln!(out, "|---|---|---|");
    for &id in &loaded.selection {
        let reason = match loaded.profile.reason(catalog.name(id)) {
            Some(reason) => text(reason),
            None => "*(no reason given)*".to_string(),
        };
        let grants: Vec<String> = grants_in_words(id).iter().map(|g| text(g)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {reason} |",
            code(catalog.name(id)),
            grants.join("; "),
        );
    }
    out.push_str(&operations(loaded, model));
    let _ = writeln!(
        out,
        "\n**Minimal scope string** ({} → {}): {}",
        plural(loaded.selection.len(), "scope", "scopes"),
        minimal_names.len(),
        code(&super::delimited(catalog, &minimal_names))
    );
    let _ = writeln!(
        out,
        "\n**Expanded scope string** ({} held): {}",
        expanded_names.len(),
        code(&super::delimited(catalog, &expanded_names))
    );
    let by_operations = !loaded.operations.is_empty();
    if unexplained.is_empty() {
        let _ = writeln!(
            out,
            "\nEvery granted scope has a reason of its own in the profile{}.",
            if by_operations {
                ", or a listed operation needs it"
            } else {
                ""
            }
        );
    } else {
        let _ = writeln!(
            out,
            "\n**Possible over-grant**: held, but the profile gives no reason for them{}:\n",
            if by_operations {
                " and no listed operation needs them"
            } else {
                ""
            }
        );
        for u in &unexplained {
            let via: Vec<String> = u.via.iter().map(|&v| code(catalog.name(v))).collect();
            let _ = writeln!(
                out,
                "- {} ({}), through {}",
                code(catalog.name(u.scope)),
                text(&catalog.scope(u.scope).description),
                via.join(", ")
            );
        }
    }
    out
}

/// The report's section on the profile's operations, in Markdown (empty without any).
fn operations(loaded: &Loaded, model: &GrantModel) -> String {
    let catalog = &loaded.catalog;
    let mut out = String::new();
    if loaded.operations.is_empty() {
        return out;
    }
    let checked = fit::profile_check(loaded, model);
    let fit = &checked.fit;
    let _ = writeln!(out, "\n| Operation | Why it is called | Allowed by |");
    let _ = writeln!(out, "|---|---|---|");
    for ((&id, listed), allowed) in loaded
        .operations
        .iter()
        .zip(&loaded.profile.operations)
        .zip(fit::allowed_by(loaded, fit))
    {
        let name = match need::route(catalog, id) {
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
            Some(scopes) if scopes.is_empty() => "no scope needed (any token)".to_string(),
            Some(scopes) => code(&need::alternative_text(catalog, &scopes)),
            None => "**not authorized**".to_string(),
        };
        let _ = writeln!(out, "| {name} | {reason} | {allowed} |");
    }
    if !fit.unauthorized.is_empty() {
        let calls: Vec<String> = fit
            .unauthorized
            .iter()
            .map(|&i| code(catalog.operation(loaded.operations[i]).id.as_str()))
            .collect();
        let _ = writeln!(
            out,
            "\n**Not allowed by any scope of the profile**: {}",
            calls.join(", ")
        );
    }
    // What `need` answers for these operations over the whole catalog, not only among
    // the profile's scopes.
    let least = names(catalog, &checked.answer.scopes);
    let _ = writeln!(
        out,
        "\n**Least privilege for these operations**: {}",
        if least.is_empty() {
            "no scope: any token may make these calls".to_string()
        } else {
            code(&super::delimited(catalog, &least))
        }
    );
    if checked.problems.is_empty() && checked.warnings.is_empty() {
        let _ = writeln!(out, "\nThe scopes grant what the operations need, no more.");
    } else {
        let _ = writeln!(out);
        for problem in &checked.problems {
            let _ = writeln!(out, "- {}", message(problem));
        }
        for warning in &checked.warnings {
            let _ = writeln!(out, "- warning: {}", message(warning));
        }
    }
    out
}
