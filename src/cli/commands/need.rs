//! `need` and `operations`: the least-privilege scopes for a list of API calls, and the
//! calls that scopes allow.

use super::{names, open, plural, print_json, trust_json};
use crate::catalog::{Catalog, OperationId, ScopeId};
use crate::cli::table::{self, Overflow};
use crate::cli::{Failure, JsonFlag, input, output};
use crate::export::{self, Format};
use crate::grants::{GrantModel, Trust};
use crate::need::{
    Alternative, Coverage, Leanings, OperationNeed, Reach, Why, alternative_text, requirements,
    route,
};
use crate::routes::OperationFinder;
use fixedbitset::FixedBitSet;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What `need` prints.
pub struct Output {
    pub expanded: bool,
    pub explain: bool,
    pub format: Format,
    pub json: bool,
}

/// The arguments with each HTTP method given as a word of its own joined to the path or
/// URL after it (`need msgraph GET /me`, unquoted, means the call `GET /me`).
fn method_and_path_joined(args: &[String]) -> Vec<String> {
    const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    let mut joined: Vec<String> = Vec::with_capacity(args.len());
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        let method = METHODS.iter().any(|m| m.eq_ignore_ascii_case(arg));
        match args.peek() {
            Some(path)
                if method
                    && (path.starts_with('/')
                        || path.starts_with("https://")
                        || path.starts_with("http://")) =>
            {
                joined.push(format!("{arg} {path}"));
                args.next();
            }
            _ => joined.push(arg.clone()),
        }
    }
    joined
}

/// The widest an `operations` column is on a terminal.
const COLUMN_LIMIT: usize = 40;

/// How many authorized operations `explain` names before it only counts.
pub const FIRST_FEW: usize = 5;

pub fn need(catalog: &str, inputs: &[String], out: Output, trust: Trust) -> Result<u8, Failure> {
    let catalog = open(catalog)?;
    let inputs = input::with_stdin(&method_and_path_joined(inputs))
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
    let mut errors = Vec::new();
    for &text in &texts {
        match finder.find_unsuggested(text) {
            Ok(id) if ids.iter().any(|&(known, _)| known == id) => {}
            Ok(id) => ids.push((id, text)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        // Suggestions cost a pass over the operations: only for the errors told.
        let lines: Vec<String> = errors
            .into_iter()
            .enumerate()
            .map(|(i, error)| {
                if i < input::TOLD {
                    finder.suggest(error).to_string()
                } else {
                    error.to_string()
                }
            })
            .collect();
        return Err(Failure::bad_input(input::problems(
            &lines,
            "operations not in the catalog",
        )));
    }

    let model = GrantModel::with_trust(&catalog, trust);
    let ids_only: Vec<OperationId> = ids.iter().map(|&(id, _)| id).collect();
    let result = crate::need::need_in(&catalog, &model, &ids_only);
    let all = requirements(&catalog);
    let coverage = Coverage::new(&model, &all);
    let minimal = names(&catalog, &result.scopes);

    let mut warnings = Vec::new();
    for (&(id, _), report) in ids.iter().zip(&result.operations) {
        if !report.incomparable.is_empty() {
            warnings.push(incomparable_warning(&catalog, &coverage, id, report));
        }
        if let Some(warning) = restricted_warning(&catalog, id, report) {
            warnings.push(warning);
        }
        if let Some(warning) = deprecated_warning(&catalog, id, report) {
            warnings.push(warning);
        }
    }
    if minimal.is_empty() {
        warnings.push(crate::need::no_scope_note(&catalog, &ids_only));
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
        let answer = match minimal.len() {
            0 => "no scope needed".to_string(),
            n => format!(
                "{}: {}",
                plural(n, "scope", "scopes"),
                export::delimited(&catalog, &minimal)
            ),
        };
        let _ = writeln!(
            text,
            "{} → {answer}",
            plural(ids.len(), "operation", "operations")
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

/// The least alternatives of an operation give different data: which they are, what each
/// gives (its scopes' descriptions), which was chosen and why.
fn incomparable_warning(
    catalog: &Catalog,
    coverage: &Coverage<'_, &[Box<[ScopeId]>], Box<[ScopeId]>>,
    id: OperationId,
    report: &OperationNeed,
) -> String {
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
    let Some(chosen) = report.chosen else {
        return String::new();
    };
    let chosen_scopes = &report.alternatives[chosen].scopes;
    let reach = |i: usize| Reach::reach(coverage, &report.alternatives[i].scopes);
    let mine = reach(chosen);
    let others: Vec<FixedBitSet> = report
        .incomparable
        .iter()
        .filter(|&&i| i != chosen)
        .map(|&i| reach(i))
        .collect();
    let leanings = Leanings::new(catalog);
    let other_scopes: Vec<&[ScopeId]> = report
        .incomparable
        .iter()
        .filter(|&&i| i != chosen)
        .map(|&i| &report.alternatives[i].scopes[..])
        .collect();
    let why = if report.why == Why::Shared {
        "which serves the other operations too".to_string()
    } else if report.why == Why::Fewest {
        "which adds the fewest grants".to_string()
    } else if let Some(reason) = leanings.elsewhere_reason(id, chosen_scopes, &other_scopes) {
        reason
    } else if let Some(reason) = leanings.part_reason(chosen_scopes, &other_scopes) {
        reason
    } else if others.iter().all(|o| mine.is_subset(o) && mine != *o) {
        format!(
            "which allows only calls the others allow too ({})",
            plural(mine.count_ones(..), "call", "calls")
        )
    } else if let Some(reason) = leanings.related_reason(coverage, id, chosen_scopes, &other_scopes)
    {
        reason
    } else if let Some(reason) = leanings.writes_reason(coverage, id, chosen_scopes, &other_scopes)
    {
        reason
    } else {
        "the first the catalog lists for the call (no other allows just some of its calls, so \
         which data is meant is yours to decide)"
            .to_string()
    };
    let mut text = format!(
        "warning: {}: {} give different data (none is known to cover another); chose `{}`, \
         {why}; check that it gives the data the code needs:",
        catalog.operation(id).id.as_str(),
        least.join(", "),
        alternative_text(catalog, chosen_scopes),
    );
    for &i in &report.incomparable {
        let scopes = &report.alternatives[i].scopes;
        let descriptions: Vec<&str> = scopes
            .iter()
            .map(|&s| &*catalog.scope(s).description)
            .collect();
        let _ = write!(
            text,
            "\n  `{}`: {}",
            alternative_text(catalog, scopes),
            descriptions.join("; ")
        );
    }
    text
}

/// When the chosen alternative names a scope usable only in a particular setting (there
/// being no other): which, and where.
fn restricted_warning(
    catalog: &Catalog,
    id: OperationId,
    report: &OperationNeed,
) -> Option<String> {
    let chosen = &report.alternatives[report.chosen?];
    let settings: Vec<String> = chosen
        .scopes
        .iter()
        .filter_map(|&s| {
            let setting = catalog.scope(s).only_in.as_ref()?;
            Some(format!(
                "`{}` can be used only in {setting}",
                catalog.name(s)
            ))
        })
        .collect();
    if settings.is_empty() {
        return None;
    }
    let only = report
        .alternatives
        .iter()
        .all(|a| a.scopes.iter().any(|&s| catalog.scope(s).only_in.is_some()));
    let how = if only {
        "nothing else authorizes it"
    } else {
        "another call needs it anyway"
    };
    Some(format!(
        "warning: {}: {how}, and {}",
        catalog.operation(id).id.as_str(),
        settings.join("; ")
    ))
}

/// When the chosen alternative names a deprecated scope (there being no other, or another
/// call needing it anyway): which, and what the catalog says of it.
fn deprecated_warning(
    catalog: &Catalog,
    id: OperationId,
    report: &OperationNeed,
) -> Option<String> {
    let chosen = &report.alternatives[report.chosen?];
    let deprecated: Vec<String> = chosen
        .scopes
        .iter()
        .filter_map(|&s| {
            let why = catalog.scope(s).deprecated.as_ref()?;
            Some(format!("`{}` is deprecated ({why})", catalog.name(s)))
        })
        .collect();
    if deprecated.is_empty() {
        return None;
    }
    let names_deprecated = |a: &Alternative| {
        a.scopes
            .iter()
            .any(|&s| catalog.scope(s).deprecated.is_some())
    };
    let how = if report.alternatives.iter().all(names_deprecated) {
        "nothing else authorizes it"
    } else if report.why == Why::Usable {
        "the others can be used only in a particular setting"
    } else {
        "another call needs it anyway"
    };
    Some(format!(
        "warning: {}: {how}, and {}",
        catalog.operation(id).id.as_str(),
        deprecated.join("; ")
    ))
}

fn why_text(why: Why) -> &'static str {
    match why {
        Why::Only => "its only alternative",
        Why::Least => "grants no more than any other alternative",
        Why::Shared => "the other operations already need all it grants",
        Why::Fewest => "adds the fewest grants",
        Why::Tie => {
            "others add as few grants; fewer scopes, then naming what the call works on, then \
             not limited to part of the data, then allowing only some of the calls another allows, then allowing another call \
             made the same way on the same resource, then allowing fewer calls that change \
             data on it, then the listed order, decided"
        }
        Why::Unsatisfiable => "nothing authorizes it",
        Why::Usable => "the others can be used only in a particular setting",
        Why::Current => "the others name deprecated scopes",
        Why::Avoided => {
            "the others name deprecated scopes or scopes usable only in a particular setting"
        }
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
        Why::Usable => "usable",
        Why::Current => "current",
        Why::Avoided => "avoided",
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
        Some(c) if report.alternatives[c].scopes.is_empty() => {
            let _ = writeln!(text, ": needs no scope (any token allows it)");
        }
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
        let mut mark = if report.incomparable.contains(&i) {
            "  (a least one; different data)".to_string()
        } else {
            String::new()
        };
        for &s in &alternative.scopes {
            if let Some(setting) = &catalog.scope(s).only_in {
                let _ = write!(mark, "  (only in {setting})");
            }
            if catalog.scope(s).deprecated.is_some() {
                let _ = write!(mark, "  ({} deprecated)", catalog.name(s));
            }
        }
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
        let selection = input::resolve(&catalog, &inputs).map_err(Failure::bad_input)?;
        // Scopes asked for but none there (`""`, an empty stdin) is a mistake, not a
        // question about what no scope at all allows.
        if selection.is_empty() {
            return Err(Failure::bad_input(
                "no scopes given: pass them as arguments, as one string, or on stdin (or \
                 none at all for every operation)",
            ));
        }
        Some(selection)
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
    // An operation named by its request (Microsoft Graph's `GET /me`) shows it once.
    let routes: Vec<String> = listed
        .iter()
        .map(|&id| {
            let route = route(&catalog, id);
            if route == catalog.operation(id).id.as_str() {
                String::new()
            } else {
                route
            }
        })
        .collect();
    let rows: Vec<Vec<String>> = listed
        .iter()
        .zip(routes)
        .map(|(&id, route)| {
            let op = catalog.operation(id).id.as_str().to_string();
            vec![op, route, requires_text(&catalog, id)]
        })
        .collect();
    // On a terminal a long id or path continues its row on the next line, under its
    // columns, and the scopes wrap under theirs: all of it within the terminal's width.
    // Into a pipe each row stays one line.
    let (limit, overflow) = if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        let width = crossterm::terminal::size().map_or(80, |(width, _)| usize::from(width));
        (table::limit_for(&rows, width), Overflow::Wrap { width })
    } else {
        (COLUMN_LIMIT, Overflow::Push)
    };
    let text = table::columns(&rows, limit, overflow);
    output::print(&text)?;
    Ok(0)
}
