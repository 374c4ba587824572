//! The commands on what scopes grant: `closure`, `minimize`, `explain`, `diff`.

use super::{names, need, open, plural, print_json, selection, side, trust_json};
use crate::catalog::{Catalog, ScopeId};
use crate::cli::{Failure, JsonFlag, ScopesArgs, output};
use crate::export::{self, Format};
use crate::grants::{GrantModel, HeldReason, Trust};
use crate::profile;
use serde_json::{Value, json};
use std::fmt::Write as _;

pub(super) fn closure(args: &ScopesArgs) -> Result<u8, Failure> {
    let (catalog, selected) = selection(args)?;
    let model = GrantModel::with_trust(&catalog, args.trust.trust);
    if args.json.json {
        let explanation = model.explain(&selected);
        let held = held_json(&catalog, &explanation);
        return print_json(json!({"held": held, "trust": trust_json(model.trust())}));
    }
    // The names only: the reasons' chains can be as long as the catalog.
    let mut out = String::new();
    for id in model.held(&selected) {
        let _ = writeln!(out, "{}", catalog.name(id));
    }
    output::print(&out)?;
    Ok(0)
}

pub(super) fn minimize(args: &ScopesArgs, expanded: bool, format: Format) -> Result<u8, Failure> {
    let (catalog, selected) = selection(args)?;
    let model = GrantModel::with_trust(&catalog, args.trust.trust);
    let minimal = model.minimal(&selected);
    if !minimal.proven {
        output::error("note: the search gave up; this string is small but not proven minimal");
    }
    if args.json.json {
        return print_json(json!({
            "selected": names(&catalog, &selected),
            "minimal": names(&catalog, &minimal.scopes),
            "proven_minimal": minimal.proven,
            "expanded": names(&catalog, &model.expanded(&selected)),
            "scope": export::delimited(&catalog, &names(&catalog, &minimal.scopes)),
            "trust": trust_json(model.trust()),
        }));
    }
    let chosen = if expanded {
        model.expanded(&selected)
    } else {
        minimal.scopes
    };
    output::print(&format!(
        "{}\n",
        format.render(&catalog, &names(&catalog, &chosen))
    ))?;
    Ok(0)
}

/// Every held scope with why, as JSON. An implied scope gives its chain's last step only
/// (`from` is held too, with its own reason): whole chains would make the output grow
/// with the square of a long chain.
fn held_json(catalog: &Catalog, explanation: &crate::grants::Explanation) -> Vec<Value> {
    explanation
        .held
        .iter()
        .map(|(id, reason)| {
            let mut held =
                json!({"scope": catalog.name(*id), "reason": reason_json(catalog, reason)});
            if let Some(setting) = &catalog.scope(*id).only_in {
                held["only_in"] = json!(&**setting);
            }
            held
        })
        .collect()
}

fn reason_json(catalog: &Catalog, reason: &HeldReason) -> Value {
    match reason {
        HeldReason::Selected => json!({"kind": "selected"}),
        HeldReason::Implied {
            previous,
            edge,
            origin,
            length,
        } => {
            let edge = &catalog.edges[*edge];
            json!({
                "kind": "implied",
                "from": catalog.name(*previous),
                "evidence": edge.evidence,
                "note": edge.note.as_deref(),
                "origin": catalog.name(*origin),
                "length": length,
            })
        }
        HeldReason::Covered { members } => {
            json!({"kind": "covered", "members": names(catalog, members)})
        }
    }
}

/// The steps of a chain `explain` writes out; a longer chain shows its selected scope and
/// its last steps (the line of the scope before them goes on from there).
const CHAIN_SHOWN: usize = 8;

/// One line of why a scope is held, in words.
fn reason_text(
    catalog: &Catalog,
    explanation: &crate::grants::Explanation,
    scope: ScopeId,
    reason: &HeldReason,
) -> String {
    match reason {
        HeldReason::Selected => "selected".to_string(),
        HeldReason::Implied { origin, length, .. } => {
            let mut text = format!("{} (selected)", catalog.name(*origin));
            let mut shown: Vec<usize> = explanation.steps_back(scope).take(CHAIN_SHOWN).collect();
            shown.reverse();
            if *length > shown.len() {
                let _ = write!(text, " … {} steps …", length - shown.len());
            }
            for e in shown {
                let edge = &catalog.edges[e];
                let what = if catalog.scope(edge.from).composite {
                    "includes"
                } else {
                    "implies"
                };
                let _ = write!(text, " {what} {} [{}", catalog.name(edge.to), edge.evidence);
                if let Some(note) = &edge.note {
                    let _ = write!(text, ": {note}");
                }
                text.push(']');
            }
            text
        }
        HeldReason::Covered { members } => {
            format!(
                "all it grants is held: {}",
                names(catalog, members).join(", ")
            )
        }
    }
}

pub(super) fn explain(args: &ScopesArgs) -> Result<u8, Failure> {
    let (catalog, selected) = selection(args)?;
    let model = GrantModel::with_trust(&catalog, args.trust.trust);
    let explanation = model.explain(&selected);
    let operations = catalog.operations().map_err(Failure::bad_input)?;
    if args.json.json {
        let held = held_json(&catalog, &explanation);
        let dropped: Vec<Value> = explanation
            .dropped
            .iter()
            .map(|(id, by)| json!({"scope": catalog.name(*id), "covered_by": names(&catalog, by)}))
            .collect();
        let mut value = json!({
            "selected": names(&catalog, &selected),
            "minimal": names(&catalog, &explanation.minimal.scopes),
            "proven_minimal": explanation.minimal.proven,
            "held": held,
            "dropped": dropped,
            "trust": trust_json(model.trust()),
        });
        if !operations.is_empty() {
            let allowed = need::authorized_by(&catalog, &model, &selected);
            let first: Vec<&str> = allowed
                .iter()
                .take(need::FIRST_FEW)
                .map(|&op| catalog.operation(op).id.as_str())
                .collect();
            value["operations"] = json!({
                "count": allowed.len(),
                "total": operations.len(),
                "first": first,
            });
        }
        return print_json(value);
    }
    let mut out = String::new();
    let minimal_names = names(&catalog, &explanation.minimal.scopes);
    let _ = writeln!(
        out,
        "{} selected → {}: {}",
        selected.len(),
        plural(minimal_names.len(), "scope", "scopes"),
        export::delimited(&catalog, &minimal_names)
    );
    if !explanation.minimal.proven {
        let _ = writeln!(out, "(not proven minimal: the search gave up)");
    }
    let _ = writeln!(out, "trusting: {}", model.trust());
    let _ = writeln!(out, "\nheld ({}):", explanation.held.len());
    let width = explanation
        .held
        .iter()
        .map(|(id, _)| catalog.name(*id).len())
        .max()
        .unwrap_or(0);
    for (id, reason) in &explanation.held {
        let _ = writeln!(
            out,
            "  {:width$}  {}{}",
            catalog.name(*id),
            reason_text(&catalog, &explanation, *id, reason),
            super::browse::only_in_note(&catalog, *id)
        );
    }
    if !explanation.dropped.is_empty() {
        let _ = writeln!(out, "\nleft out of the minimal string:");
        for (id, by) in &explanation.dropped {
            let _ = writeln!(
                out,
                "  {:width$}  covered by {}",
                catalog.name(*id),
                names(&catalog, by).join(" + ")
            );
        }
    }
    if !operations.is_empty() {
        let allowed = need::authorized_by(&catalog, &model, &selected);
        let _ = write!(
            out,
            "\nauthorizes {} of {}",
            allowed.len(),
            plural(operations.len(), "operation", "operations")
        );
        if !allowed.is_empty() {
            let first: Vec<&str> = allowed
                .iter()
                .take(need::FIRST_FEW)
                .map(|&op| catalog.operation(op).id.as_str())
                .collect();
            let more = if allowed.len() > first.len() {
                ", …"
            } else {
                ""
            };
            let _ = write!(out, ": {}{more}", first.join(", "));
        }
        out.push('\n');
    }
    output::print(&out)?;
    Ok(0)
}

pub(super) fn diff(args: &[String], json: JsonFlag, trust: Trust) -> Result<u8, Failure> {
    let (catalog, a, b) = match args {
        [catalog, a, b] => {
            let catalog = open(catalog)?;
            let (_, a) = side(Some(&catalog), a)?;
            let (_, b) = side(Some(&catalog), b)?;
            (catalog, a, b)
        }
        [a, b] => {
            if !profile::is_profile_path(a)
                && !profile::is_profile_path(b)
                && let Ok(catalog) = Catalog::resolve(a)
            {
                return Err(Failure::bad_input(format!(
                    "B is missing: diff compares two selections on the {} catalog: \
                     scopex diff {a} A B",
                    catalog.name
                )));
            }
            // The catalog comes from whichever side is a profile.
            let (catalog, a_ids) = match side(None, a) {
                Ok(found) => found,
                Err(first) => {
                    // B's own error where B names a file (one that cannot be read).
                    let (catalog, _) = side(None, b).map_err(|second| {
                        if std::path::Path::new(b).is_file() {
                            second
                        } else {
                            first
                        }
                    })?;
                    let (_, a_ids) = side(Some(&catalog), a)?;
                    (catalog, a_ids)
                }
            };
            let (_, b_ids) = side(Some(&catalog), b)?;
            (catalog, a_ids, b_ids)
        }
        _ => return Err(Failure::bad_input("diff takes [CATALOG] A B")),
    };
    let catalog = &catalog;
    let model = GrantModel::with_trust(catalog, trust);
    let diff = model.diff(&a, &b);
    if json.json {
        return print_json(json!({
            "added": names(catalog, &diff.added),
            "removed": names(catalog, &diff.removed),
            "within": diff.within(),
            "trust": trust_json(model.trust()),
        }));
    }
    let mut out = String::new();
    for &id in &diff.added {
        let _ = writeln!(out, "+ {}", catalog.name(id));
    }
    for &id in &diff.removed {
        let _ = writeln!(out, "- {}", catalog.name(id));
    }
    let verdict = if diff.within() {
        "B is within A: it grants nothing A does not".to_string()
    } else {
        format!(
            "B is not within A: it adds {}",
            plural(diff.added.len(), "grant", "grants")
        )
    };
    let _ = writeln!(out, "{verdict}");
    output::print(&out)?;
    Ok(0)
}
