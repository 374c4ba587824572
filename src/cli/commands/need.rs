//! `need` and `operations`: the least-privilege scopes for a list of API calls, and the
//! calls that scopes allow.

use super::{names, open, plural, print_json, trust_json};
use crate::catalog::{Catalog, OperationId, ScopeId};
use crate::cli::{Failure, JsonFlag, input, output};
use crate::export::{self, Format};
use crate::grants::{GrantModel, Trust};
use crate::need::{Alternative, OperationNeed, Why};
use crate::routes::OperationFinder;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What `need` prints.
pub struct Output {
    pub expanded: bool,
    pub explain: bool,
    pub format: Format,
    pub json: bool,
}

/// The widest an `operations` column is padded to.
const COLUMN_LIMIT: usize = 40;

/// How many authorized operations `explain` names before it only counts.
pub const FIRST_FEW: usize = 5;

pub fn need(catalog: &str, inputs: &[String], out: Output, trust: Trust) -> Result<u8, Failure> {
    let catalog = open(catalog)?;
    let inputs = input::with_stdin(inputs)
        .map_err(|e| Failure::bad_input(format!("cannot read operations from stdin: {e}")))?;
    let texts: Vec<&str> = inputs
        .iter()
        .map(|text| text.trim())
        .filter(|text| !text.is_empty() && !text.starts_with('#'))
        .collect();
    if texts.is_empty() {
        return Err(Failure::bad_input(
            "no operations given: pass operation ids or `METHOD /path` as arguments, or one a \
             line on stdin",
        ));
    }
    if catalog.operations().map_err(Failure::bad_input)?.is_empty() {
        return Err(Failure::bad_input(format!(
            "the {} catalog lists no operations, so scopex cannot tell what they need",
            catalog.name
        )));
    }
    let finder = OperationFinder::new(&catalog);
    let mut ids: Vec<(OperationId, &str)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    for &text in &texts {
        match finder.find(text) {
            Ok(id) if ids.iter().any(|&(known, _)| known == id) => {}
            Ok(id) => ids.push((id, text)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::bad_input(errors.join("\nscopex: ")));
    }

    let model = GrantModel::with_trust(&catalog, trust);
    let ids_only: Vec<OperationId> = ids.iter().map(|&(id, _)| id).collect();
    let requirements = preferred(&catalog, &model, &ids_only);
    let result = crate::need::need(&model, &requirements);
    let minimal = names(&catalog, &result.scopes);

    let mut warnings = Vec::new();
    for (&(id, _), report) in ids.iter().zip(&result.operations) {
        if !report.incomparable.is_empty() {
            warnings.push(incomparable_warning(&catalog, id, report));
        }
    }
    if !result.proven {
        warnings.push(
            "note: the search gave up; these scopes authorize every operation but are not \
             proven least"
                .to_string(),
        );
    }
    for warning in &warnings {
        output::error(warning);
    }

    if out.json {
        let operations: Vec<Value> = ids
            .iter()
            .zip(&result.operations)
            .map(|(&(id, text), report)| operation_json(&catalog, id, text, report))
            .collect();
        return print_json(json!({
            "scope": export::delimited(&catalog, &minimal),
            "minimal": minimal,
            "proven_minimal": result.proven,
            "expanded": names(&catalog, &model.expanded(&result.scopes)),
            "grants": names(&catalog, &result.grants),
            "operations": operations,
            "warnings": warnings,
            "trust": trust_json(model.trust()),
        }));
    }
    if out.explain {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "{} → {}: {}",
            plural(ids.len(), "operation", "operations"),
            plural(minimal.len(), "scope", "scopes"),
            export::delimited(&catalog, &minimal)
        );
        if !result.proven {
            let _ = writeln!(text, "(not proven least: the search gave up)");
        }
        let _ = writeln!(text, "trusting: {}", model.trust());
        for (&(id, _), report) in ids.iter().zip(&result.operations) {
            text.push('\n');
            explain_operation(&mut text, &catalog, &finder, id, report);
        }
        output::print(&text)?;
        return Ok(0);
    }
    let shown = if out.expanded {
        names(&catalog, &model.expanded(&result.scopes))
    } else {
        minimal
    };
    output::print(&format!("{}\n", out.format.render(&catalog, &shown)))?;
    Ok(0)
}

/// The alternatives of each operation in the order `need` should prefer them where the
/// privilege order cannot tell them apart (see [`crate::need::Coverage`]).
pub fn preferred<'c>(
    catalog: &'c Catalog,
    model: &GrantModel,
    ids: &[OperationId],
) -> Vec<Vec<&'c [ScopeId]>> {
    // Callers have read the operations already; where they do not load there is nothing
    // to order by.
    let all: Vec<&[Box<[ScopeId]>]> = catalog
        .operations()
        .unwrap_or_default()
        .iter()
        .map(|op| &op.requires[..])
        .collect();
    let coverage = crate::need::Coverage::new(model, &all);
    ids.iter()
        .map(|&id| {
            let requires = &catalog.operation(id).requires;
            coverage
                .order(id)
                .into_iter()
                .map(|i| &requires[i][..])
                .collect()
        })
        .collect()
}

/// An alternative as people write it: its scopes joined with ` + `.
fn alternative_text(catalog: &Catalog, scopes: &[ScopeId]) -> String {
    names(catalog, scopes).join(" + ")
}

fn incomparable_warning(catalog: &Catalog, id: OperationId, report: &OperationNeed) -> String {
    let least: Vec<String> = report
        .incomparable
        .iter()
        .map(|&i| {
            format!(
                "`{}`",
                alternative_text(catalog, &report.alternatives[i].scopes)
            )
        })
        .collect();
    let chosen = report
        .chosen
        .map(|c| alternative_text(catalog, &report.alternatives[c].scopes))
        .unwrap_or_default();
    format!(
        "warning: {}: {} give different data (none covers another); chose `{chosen}`",
        catalog.operation(id).id.as_str(),
        least.join(", ")
    )
}

fn why_text(why: Why) -> &'static str {
    match why {
        Why::Only => "its only alternative",
        Why::Least => "grants no more than any other alternative",
        Why::Shared => "the other operations already need all it grants",
        Why::Fewest => "adds the fewest grants",
        Why::Tie => {
            "others add as few grants; fewer scopes, then fewer calls allowed, then the listed \
             order, decided"
        }
        Why::Unsatisfiable => "nothing authorizes it",
    }
}

fn why_json(why: Why) -> &'static str {
    match why {
        Why::Only => "only",
        Why::Least => "least",
        Why::Shared => "shared",
        Why::Fewest => "fewest",
        Why::Tie => "tie",
        Why::Unsatisfiable => "unsatisfiable",
    }
}

fn explain_operation(
    text: &mut String,
    catalog: &Catalog,
    finder: &OperationFinder,
    id: OperationId,
    report: &OperationNeed,
) {
    let _ = write!(text, "{}", finder.label(id));
    match report.chosen {
        Some(c) => {
            let _ = writeln!(
                text,
                ": {} ({})",
                alternative_text(catalog, &report.alternatives[c].scopes),
                why_text(report.why)
            );
        }
        None => {
            let _ = writeln!(text, ": {}", why_text(report.why));
        }
    }
    let shown: Vec<String> = report
        .alternatives
        .iter()
        .map(|a| alternative_text(catalog, &a.scopes))
        .collect();
    let width = shown.iter().map(String::len).max().unwrap_or(0);
    for (i, (alternative, label)) in report.alternatives.iter().zip(&shown).enumerate() {
        let status = if report.chosen == Some(i) {
            "chosen".to_string()
        } else if alternative.authorized {
            "also allowed".to_string()
        } else {
            format!("would add {}", plural(alternative.adds, "grant", "grants"))
        };
        let mark = if report.incomparable.contains(&i) {
            "  (a least one; different data)"
        } else {
            ""
        };
        let _ = writeln!(text, "  {}. {label:width$}  {status}{mark}", i + 1);
    }
}

fn alternative_json(catalog: &Catalog, alternative: &Alternative) -> Value {
    json!({
        "scopes": names(catalog, &alternative.scopes),
        "grants": names(catalog, &alternative.grants),
        "authorized": alternative.authorized,
        "adds": alternative.adds,
    })
}

fn operation_json(catalog: &Catalog, id: OperationId, text: &str, report: &OperationNeed) -> Value {
    let op = catalog.operation(id);
    let alternatives: Vec<Value> = report
        .alternatives
        .iter()
        .map(|a| alternative_json(catalog, a))
        .collect();
    let incomparable: Vec<Vec<String>> = report
        .incomparable
        .iter()
        .map(|&i| names(catalog, &report.alternatives[i].scopes))
        .collect();
    json!({
        "operation": op.id.as_str(),
        "input": text,
        "method": op.method,
        "path": op.path.as_deref(),
        "alternatives": alternatives,
        "chosen": report.chosen.map(|c| names(catalog, &report.alternatives[c].scopes)),
        "why": why_json(report.why),
        "incomparable": incomparable,
    })
}

/// `METHOD /path`, or nothing.
fn route(catalog: &Catalog, id: OperationId) -> String {
    let op = catalog.operation(id);
    match (op.method, op.path.as_deref()) {
        (Some(method), Some(path)) => format!("{method} {path}"),
        _ => String::new(),
    }
}

/// The alternatives of an operation: ` | ` between alternatives, ` + ` inside one.
fn requires_text(catalog: &Catalog, id: OperationId) -> String {
    catalog
        .operation(id)
        .alternatives()
        .map(|scopes| alternative_text(catalog, scopes))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn listed_json(catalog: &Catalog, id: OperationId) -> Value {
    let op = catalog.operation(id);
    let requires: Vec<Vec<String>> = op
        .alternatives()
        .map(|scopes| names(catalog, scopes))
        .collect();
    json!({
        "id": op.id.as_str(),
        "method": op.method,
        "path": op.path.as_deref(),
        "description": op.description.as_deref(),
        "requires": requires,
    })
}

/// The operations the held scopes of `selection` authorize, in catalog order (none
/// where the operations do not load: ask [`Catalog::operations`] first).
pub fn authorized_by(catalog: &Catalog, model: &GrantModel, selection: &[ScopeId]) -> Vec<usize> {
    let held = model.held_set(selection);
    let requirements: Vec<&[Box<[ScopeId]>]> = catalog
        .operations()
        .unwrap_or_default()
        .iter()
        .map(|op| &op.requires[..])
        .collect();
    crate::need::authorized(&held, &requirements)
}

pub fn operations(
    catalog: &str,
    scopes: &[String],
    json: JsonFlag,
    trust: Trust,
) -> Result<u8, Failure> {
    let catalog = open(catalog)?;
    let all = catalog.operations().map_err(Failure::bad_input)?;
    let model = GrantModel::with_trust(&catalog, trust);
    let selection: Option<Vec<ScopeId>> = if scopes.is_empty() {
        None
    } else {
        let inputs = input::with_stdin(scopes)
            .map_err(|e| Failure::bad_input(format!("cannot read scopes from stdin: {e}")))?;
        Some(input::resolve(&catalog, &inputs).map_err(Failure::bad_input)?)
    };
    let listed: Vec<OperationId> = match &selection {
        None => (0..all.len()).collect(),
        Some(selection) => authorized_by(&catalog, &model, selection),
    };
    if json.json {
        let operations: Vec<Value> = listed.iter().map(|&id| listed_json(&catalog, id)).collect();
        let mut value = json!({
            "operations": operations,
            "count": listed.len(),
            "total": all.len(),
        });
        if let Some(selection) = &selection {
            value["scopes"] = json!(names(&catalog, selection));
            value["trust"] = trust_json(model.trust());
        }
        return print_json(value);
    }
    if all.is_empty() {
        output::error(&format!("the {} catalog lists no operations", catalog.name));
    }
    let routes: Vec<String> = listed.iter().map(|&id| route(&catalog, id)).collect();
    // Columns line up, except where an unusually long id or path would push every other
    // line far to the right.
    let id_width = listed
        .iter()
        .map(|&id| catalog.operation(id).id.len())
        .max()
        .unwrap_or(0)
        .min(COLUMN_LIMIT);
    let route_width = routes
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .min(COLUMN_LIMIT);
    let mut text = String::new();
    for (&id, route) in listed.iter().zip(&routes) {
        let line = format!(
            "{:id_width$}  {route:route_width$}  {}",
            catalog.operation(id).id.as_str(),
            requires_text(&catalog, id)
        );
        let _ = writeln!(text, "{}", line.trim_end());
    }
    output::print(&text)?;
    Ok(0)
}

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
