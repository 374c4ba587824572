//! The commands on an integration's scopes: `check` (against a profile, a limit, minimality) and `report` (a profile in Markdown or JSON).

use super::{listed, load_profile, names, open, plural, print_json, trust_json};
use crate::catalog::{Catalog, ScopeId};
use crate::cli::{Failure, JsonFlag, ScopesArgs, input, output};
use crate::export;
use crate::grants::{GrantModel, Trust};
use crate::profile;
use serde_json::{Value, json};

pub(super) fn check(
    args: &ScopesArgs,
    within: Option<&str>,
    minimal: bool,
    strict: bool,
) -> Result<u8, Failure> {
    let loaded = if profile::is_profile_path(&args.catalog) {
        Some(load_profile(std::path::Path::new(&args.catalog))?)
    } else {
        None
    };
    let opened;
    let catalog = if let Some(loaded) = &loaded {
        &loaded.catalog
    } else {
        opened = open(&args.catalog)?;
        &opened
    };
    let (inputs, given) = input::given_with_stdin(&args.scopes)
        .map_err(|e| Failure::bad_input(format!("cannot read scopes from stdin: {e}")))?;
    // `check PROFILE` alone, nothing on stdin: the profile's own scopes are checked, with
    // --within and --minimal as for any string. A blank line on stdin (`echo "$EMPTY" |`)
    // is an empty scope list, told below, never this.
    let own = if given { None } else { loaded.as_ref() };
    let (requested, repeated, ids) = if let Some(loaded) = own {
        // No scope is right for a profile whose calls all need none (Slack's
        // `auth.test`): those calls are what its empty selection is held to.
        let needs_none = !loaded.operations.is_empty()
            && loaded.operations.iter().all(|&id| {
                catalog
                    .operation(id)
                    .alternatives()
                    .any(<[ScopeId]>::is_empty)
            });
        if loaded.selection.is_empty() && !needs_none {
            return Err(Failure::bad_input(format!(
                "the {} profile lists no scopes to check: add a [[scope]] for each scope it \
                 asks for",
                loaded.profile.name
            )));
        }
        (
            names(catalog, &loaded.selection),
            Vec::new(),
            loaded.selection.clone(),
        )
    } else {
        let (requested, repeated) =
            input::scope_names_and_repeats(catalog, &inputs).map_err(Failure::bad_input)?;
        if requested.is_empty() {
            // An empty variable in CI must not turn the gate green.
            return Err(Failure::bad_input(
                "no scopes given to check: pass them as arguments, as one string, or on stdin",
            ));
        }
        let ids = input::lookup(catalog, &requested).map_err(Failure::bad_input)?;
        (requested, repeated, ids)
    };
    let mut problems: Vec<String> = Vec::new();
    // Warnings: printed on stderr, failures only with --strict.
    let mut warnings: Vec<String> = Vec::new();
    let model = GrantModel::with_trust(catalog, args.trust.trust);
    let mut result = json!({"scopes": requested, "trust": trust_json(model.trust())});
    match (&loaded, own) {
        (Some(loaded), Some(_)) => {
            result["profile"] = json!(loaded.profile.name);
            // The profile lists the operations the integration calls: its scopes must
            // authorize each of them and grant no more than they need.
            if !loaded.operations.is_empty() {
                listed::own_scopes_against_operations(
                    loaded,
                    &model,
                    &mut result,
                    &mut problems,
                    &mut warnings,
                );
            }
        }
        (Some(loaded), None) => {
            let diff = model.diff(&loaded.selection, &ids);
            if !diff.within() {
                problems.push(format!(
                    "grants more than the {} profile allows: {}",
                    loaded.profile.name,
                    names(catalog, &diff.added).join(", ")
                ));
            }
            result["excess"] = json!(names(catalog, &diff.added));
            if !loaded.operations.is_empty() {
                // The scopes must authorize each listed operation, and what they grant
                // beyond is worth a warning.
                let against = listed::check_scopes_against_operations(loaded, &model, &ids);
                problems.extend(against.problems);
                warnings.extend(against.warnings);
                result["operations"] = against.json;
            }
        }
        (None, _) => {}
    }
    if let Some(allowed) = within {
        let allowed =
            input::resolve(catalog, &[allowed.to_string()]).map_err(Failure::bad_input)?;
        // An empty variable must not make every string fail for a reason that is not one.
        if allowed.is_empty() {
            return Err(Failure::bad_input(
                "--within names no scopes: give the scopes the string may stay within",
            ));
        }
        let diff = model.diff(&allowed, &ids);
        if !diff.within() {
            problems.push(format!(
                "grants more than allowed: {}",
                names(catalog, &diff.added).join(", ")
            ));
        }
        result["excess"] = json!(names(catalog, &diff.added));
    }
    let mut deprecated: Vec<&str> = Vec::new();
    for &id in &ids {
        if let Some(reason) = &catalog.scope(id).deprecated {
            deprecated.push(catalog.name(id));
            warnings.push(format!("`{}` is deprecated: {reason}", catalog.name(id)));
        }
    }
    result["deprecated"] = json!(deprecated);
    if minimal && problems.is_empty() {
        let best = model.minimal(&ids);
        if !repeated.is_empty() {
            // A token given twice is one too many, whatever else is minimal.
            problems.push(format!(
                "not minimal: {} more than once; the minimal string: {}",
                repeated
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + if repeated.len() == 1 {
                        " is given"
                    } else {
                        " are given"
                    },
                export::delimited(catalog, &names(catalog, &best.scopes))
            ));
        } else if best.scopes.len() < ids.len() {
            problems.push(format!(
                "not minimal: {} scopes where {} do: {}",
                ids.len(),
                best.scopes.len(),
                export::delimited(catalog, &names(catalog, &best.scopes))
            ));
        } else if !best.proven {
            warnings.push(format!(
                "not proven minimal: the search gave up before it could prove that no \
                 string shorter than these {} grants the same",
                plural(ids.len(), "scope", "scopes")
            ));
        }
    }
    if strict {
        problems.extend(warnings.iter().map(|w| format!("{w} (--strict)")));
    }
    result["ok"] = json!(problems.is_empty());
    result["problems"] = json!(problems);
    result["warnings"] = json!(warnings);
    if !strict {
        for warning in &warnings {
            output::error(&format!("warning: {warning}"));
        }
    }
    if args.json.json {
        print_json(result)?;
        return Ok(if problems.is_empty() { 0 } else { 1 });
    }
    if problems.is_empty() {
        output::print(&format!("{}\n", ok_line(catalog, own, &ids, &warnings)))?;
        Ok(0)
    } else {
        Err(Failure::check_failed(format!(
            "check failed:\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// What a passing check says it checked. "No more" only where nothing is left to doubt.
fn ok_line(
    catalog: &Catalog,
    own: Option<&profile::Loaded>,
    ids: &[ScopeId],
    warnings: &[String],
) -> String {
    let Some(loaded) = own else {
        return format!(
            "ok: {} checked against {}",
            plural(ids.len(), "scope", "scopes"),
            catalog.name
        );
    };
    let scopes = plural(ids.len(), "scope", "scopes");
    let name = &loaded.profile.name;
    let operations = loaded.operations.len();
    if ids.is_empty() && warnings.is_empty() {
        format!(
            "ok: {name} asks for no scope, and its {} {} none",
            plural(operations, "operation", "operations"),
            if operations == 1 { "needs" } else { "need" },
        )
    } else if operations == 0 {
        format!(
            "ok: the {scopes} of {name} checked against {} (it lists no operations to hold \
             them to)",
            catalog.name
        )
    } else if warnings.is_empty() {
        format!(
            "ok: the {scopes} of {name} {} what its {} {}, no more",
            if ids.len() == 1 { "grants" } else { "grant" },
            plural(operations, "operation", "operations"),
            if operations == 1 { "needs" } else { "need" },
        )
    } else {
        format!(
            "ok: the {scopes} of {name} {} its {}, with the warnings above",
            if ids.len() == 1 {
                "authorizes"
            } else {
                "authorize"
            },
            plural(operations, "operation", "operations"),
        )
    }
}

pub(super) fn report(
    loaded: &profile::Loaded,
    json: JsonFlag,
    trust: Trust,
) -> Result<u8, Failure> {
    let catalog = &loaded.catalog;
    let model = GrantModel::with_trust(catalog, trust);
    if !json.json {
        output::print(&export::report::markdown(loaded, &model))?;
        return Ok(0);
    }
    let minimal = model.minimal(&loaded.selection);
    let unexplained: Vec<Value> = crate::fit::unexplained(loaded, &model)
        .iter()
        .map(|u| json!({"scope": catalog.name(u.scope), "via": names(catalog, &u.via)}))
        .collect();
    let scopes: Vec<Value> = loaded
        .selection
        .iter()
        .map(|&id| {
            json!({
                "scope": catalog.name(id),
                "grants": names(catalog, &model.grants_of(id)),
                "grants_in_words": export::report::grants_in_words(catalog, &model, id),
                "reason": loaded.profile.reason(catalog.name(id)),
            })
        })
        .collect();
    print_json(json!({
        "profile": loaded.profile.name,
        "catalog": catalog.id,
        "scopes": scopes,
        "minimal": names(catalog, &minimal.scopes),
        "proven_minimal": minimal.proven,
        "expanded": names(catalog, &model.expanded(&loaded.selection)),
        "unexplained": unexplained,
        "operations": listed::report_operations_json(loaded, &model),
        "trust": trust_json(model.trust()),
    }))
}
