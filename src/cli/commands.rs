//! The plain commands. Each builds its whole output as text, printed at once, so a closed
//! pipe (`scopex list github | head`) ends quietly.

use super::{Command, Failure, JsonFlag, ScopesArgs, input, markdown, output};
use crate::catalog::{Catalog, Origin, ScopeId, Summary, parse_catalog};
use crate::export::{self, Format};
use crate::grants::{GrantModel, HeldReason, Trust};
use crate::profile;
use crate::search::Searcher;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::Write as _;

mod need;

pub fn run(command: Command) -> Result<u8, Failure> {
    match command {
        Command::Catalogs(json) => catalogs(json),
        Command::Config(args) => super::config::run(args),
        Command::List {
            catalog,
            tree,
            json,
        } => list(&open(&catalog)?, tree, json),
        Command::Search {
            catalog,
            query,
            limit,
            json,
        } => search(&open(&catalog)?, &query.join(" "), limit, json),
        Command::Closure(args) => closure(&args),
        Command::Minimize {
            scopes,
            expanded,
            format,
        } => minimize(&scopes, expanded, format.into()),
        Command::Explain(args) => explain(&args),
        Command::Diff { args, json, trust } => diff(&args, json, trust.trust),
        Command::Need {
            catalog,
            operations,
            expanded,
            explain,
            format,
            json,
            trust,
        } => need::need(
            &catalog,
            &operations,
            need::Output {
                expanded,
                explain,
                format: format.into(),
                json: json.json,
            },
            trust.trust,
        ),
        Command::Operations {
            catalog,
            scopes,
            json,
            trust,
        } => need::operations(&catalog, &scopes, json, trust.trust),
        Command::Check {
            scopes,
            within,
            minimal,
            strict,
        } => check(&scopes, within.as_deref(), minimal, strict),
        Command::Report {
            profile,
            json,
            trust,
        } => report(&load_profile(&profile)?, json, trust.trust),
        Command::Url {
            target,
            scopes,
            client_id,
            redirect_uri,
            token_page,
            name,
            json,
            trust,
        } => {
            let request = UrlRequest {
                client_id: client_id.as_deref(),
                redirect_uri: redirect_uri.as_deref(),
                token_page,
                name: name.as_deref(),
            };
            url(&target, &scopes, &request, json, trust.trust)
        }
        Command::Completions { shell } => {
            output::print(&super::completion_script(&shell)?)?;
            Ok(0)
        }
        Command::Manpage => {
            output::print(&super::manpage()?)?;
            Ok(0)
        }
        Command::Validate { file, json } => validate(&file, json),
        Command::Import(args) => super::import::run(*args),
    }
}

/// Opens the interactive explorer.
pub fn explore(
    catalog: Option<&str>,
    profile: Option<&std::path::Path>,
    select: &[String],
    settings: crate::tui::Settings,
) -> Result<u8, Failure> {
    let (catalog, mut preselected, profile) = match profile {
        Some(path) => {
            let loaded = load_profile(path)?;
            let profile = crate::tui::OpenProfile {
                profile: loaded.profile,
                path: loaded.path,
            };
            (Some(loaded.catalog), loaded.selection, Some(profile))
        }
        None => (catalog.map(open).transpose()?, Vec::new(), None),
    };
    let select = match &catalog {
        Some(catalog) => {
            let extra = input::resolve(catalog, select).map_err(Failure::bad_input)?;
            input::add_missing(&mut preselected, extra);
            preselected
        }
        None if !select.is_empty() => {
            return Err(Failure::bad_input(
                "--select needs a catalog: scopex CATALOG --select SCOPES",
            ));
        }
        None => Vec::new(),
    };
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return Err(Failure::bad_input(
            "TERM=dumb: this terminal cannot show the explorer\n\
             the plain commands do the same work without it: scopex list, search, \
             minimize, explain, check… (scopex --help lists them); or set TERM, \
             e.g. TERM=xterm-256color",
        ));
    }
    let outcome = crate::tui::run(crate::tui::Options {
        catalog,
        select,
        profile,
        settings,
    })
    .map_err(|e| {
        Failure::bad_input(format!(
            "terminal error: {e}\n\
             the explorer needs a terminal; without one, the plain commands do the same work \
             (scopex list, search, minimize, explain, check…; scopex --help lists them)"
        ))
    })?;
    match outcome {
        crate::tui::Outcome::Accepted(text) => {
            output::print(&format!("{text}\n"))?;
            Ok(0)
        }
        crate::tui::Outcome::Cancelled => Ok(130),
    }
}

fn open(spec: &str) -> Result<Catalog, Failure> {
    Catalog::resolve(spec).map_err(Failure::bad_input)
}

fn load_profile(path: &std::path::Path) -> Result<profile::Loaded, Failure> {
    profile::load(path).map_err(Failure::bad_input)
}

/// One side of a comparison: a profile file, or a scope string on `catalog`.
fn side(catalog: Option<&Catalog>, text: &str) -> Result<(Catalog, Vec<ScopeId>), Failure> {
    if profile::is_profile_path(text) {
        let loaded = load_profile(std::path::Path::new(text))?;
        if let Some(catalog) = catalog
            && catalog.id != loaded.catalog.id
        {
            return Err(Failure::bad_input(format!(
                "profile {text} is on the {} catalog, not {}",
                loaded.catalog.name, catalog.name
            )));
        }
        return Ok((loaded.catalog, loaded.selection));
    }
    let Some(catalog) = catalog else {
        return Err(Failure::bad_input(format!(
            "`{text}` is not a profile file, so a catalog is needed: scopex diff CATALOG A B"
        )));
    };
    let ids = input::resolve(catalog, &[text.to_string()]).map_err(Failure::bad_input)?;
    Ok((catalog.clone(), ids))
}

fn print_json(value: Value) -> Result<u8, Failure> {
    let text = serde_json::to_string_pretty(&value).map_err(Failure::bad_input)?;
    output::print(&format!("{text}\n"))?;
    Ok(0)
}

/// The catalog and the resolved scopes of a command's arguments.
fn selection(args: &ScopesArgs) -> Result<(Catalog, Vec<ScopeId>), Failure> {
    let catalog = open(&args.catalog)?;
    let inputs = input::with_stdin(&args.scopes)
        .map_err(|e| Failure::bad_input(format!("cannot read scopes from stdin: {e}")))?;
    let scopes = input::resolve(&catalog, &inputs).map_err(Failure::bad_input)?;
    if scopes.is_empty() {
        return Err(Failure::bad_input(
            "no scopes given: pass them as arguments, as one string, or on stdin",
        ));
    }
    Ok((catalog, scopes))
}

fn names(catalog: &Catalog, ids: &[ScopeId]) -> Vec<String> {
    ids.iter().map(|&id| catalog.name(id).to_string()).collect()
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn catalogs(json: JsonFlag) -> Result<u8, Failure> {
    let user = crate::catalog::user_catalog_files();
    let shadowed = |id: &str| user.iter().any(|f| f.id.as_deref() == Some(id));
    // Built-ins are summed up from the top of their files, not loaded.
    let mut rows: Vec<(Summary, String)> = crate::catalog::builtin_summaries()
        .into_iter()
        .filter(|summary| !shadowed(&summary.id))
        .map(|summary| (summary, "built-in".to_string()))
        .collect();
    // A user catalog that fails to load is listed with its error, not left out.
    let mut broken: Vec<(String, String, String)> = Vec::new();
    for file in &user {
        let origin = if file.shadows_builtin {
            format!("{} (replaces the built-in)", file.path.display())
        } else {
            file.path.display().to_string()
        };
        match file.load() {
            Ok(catalog) => rows.push((Summary::of(&catalog), origin)),
            Err(error) => broken.push((file.name(), origin, error.to_string())),
        }
    }
    if json.json {
        let mut list: Vec<Value> = rows
            .iter()
            .map(|(c, origin)| {
                json!({
                    "id": c.id, "name": c.name, "scopes": c.scopes, "origin": origin,
                    "docs_url": c.docs_url, "authorize_url": c.authorize_url,
                    "token_url": c.token_url, "delimiter": c.delimiter,
                    "retrieved": c.retrieved, "revision": c.revision,
                })
            })
            .collect();
        list.extend(
            broken
                .iter()
                .map(|(id, origin, error)| json!({"id": id, "origin": origin, "error": error})),
        );
        print_json(Value::Array(list))?;
        return broken_user_catalogs(broken.len());
    }
    let width = rows
        .iter()
        .map(|(c, _)| c.id.len())
        .chain(broken.iter().map(|(id, _, _)| id.len()))
        .max()
        .unwrap_or(0);
    let name_width = rows.iter().map(|(c, _)| c.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (c, origin) in &rows {
        let _ = writeln!(
            out,
            "{:width$}  {:name_width$}  {:>4} scopes  {:10}  {origin}",
            c.id,
            c.name,
            c.scopes,
            c.retrieved.as_deref().unwrap_or("-"),
        );
    }
    for (id, origin, error) in &broken {
        let _ = writeln!(out, "{id:width$}  failed to load: {origin}");
        for line in error.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    output::print(&out)?;
    broken_user_catalogs(broken.len())
}

/// A user catalog that fails to load is a file that does not load: bad input (exit 2),
/// though the others are listed.
fn broken_user_catalogs(count: usize) -> Result<u8, Failure> {
    if count == 0 {
        return Ok(0);
    }
    Err(Failure::bad_input(format!(
        "{} in the catalog folder failed to load (listed with the error)",
        plural(count, "file", "files")
    )))
}

fn list(catalog: &Catalog, tree: bool, json: JsonFlag) -> Result<u8, Failure> {
    if json.json && tree {
        let nodes: Vec<Value> = catalog
            .tree()
            .nodes
            .iter()
            .map(|node| {
                json!({
                    "depth": node.depth, "label": node.label, "title": node.title,
                    "scope": node.scope.map(|id| catalog.name(id)),
                })
            })
            .collect();
        return print_json(json!({"catalog": catalog.id, "tree": nodes}));
    }
    if json.json {
        let scopes: Vec<Value> = catalog
            .scopes
            .iter()
            .enumerate()
            .map(|(id, s)| {
                let implies: Vec<Value> = catalog
                    .edges_from(id)
                    .map(|e| json!({"scope": catalog.name(e.to), "evidence": e.evidence, "note": e.note.as_deref()}))
                    .collect();
                json!({
                    "name": s.name, "description": s.description,
                    "kind": if s.composite { "composite" } else { "atomic" },
                    "implies": implies,
                })
            })
            .collect();
        return print_json(json!({"catalog": catalog.id, "scopes": scopes}));
    }
    let mut out = String::new();
    if tree {
        for node in &catalog.tree().nodes {
            let indent = "  ".repeat(node.depth);
            match node.scope {
                Some(id) => {
                    let _ = writeln!(
                        out,
                        "{indent}{}  {}",
                        node.label,
                        catalog.scope(id).description
                    );
                }
                None => {
                    let title = node
                        .title
                        .as_deref()
                        .map(|t| format!("  ({t})"))
                        .unwrap_or_default();
                    let _ = writeln!(out, "{indent}{}/{title}", node.label);
                }
            }
        }
    } else {
        let width = catalog
            .scopes
            .iter()
            .map(|s| s.name.len())
            .max()
            .unwrap_or(0);
        for s in &catalog.scopes {
            let _ = writeln!(out, "{:width$}  {}", s.name, s.description);
        }
    }
    output::print(&out)?;
    Ok(0)
}

fn search(
    catalog: &Catalog,
    query: &str,
    limit: Option<usize>,
    json: JsonFlag,
) -> Result<u8, Failure> {
    let searcher = Searcher::default();
    let mut matches = if crate::search::Query::parse(query).is_empty() {
        // Like `fzf --filter ''`: an empty query matches everything, in catalog order.
        (0..catalog.len())
            .map(|scope| crate::search::Match {
                scope,
                tier: crate::search::Tier::Description,
                score: 0,
                name_positions: Vec::new(),
                description_positions: Vec::new(),
            })
            .collect()
    } else if json.json {
        searcher.search(catalog, query)
    } else {
        searcher.search_unmarked(catalog, query)
    };
    if let Some(limit) = limit {
        matches.truncate(limit);
    }
    if json.json {
        let list: Vec<Value> = matches
            .iter()
            .map(|m| {
                let s = catalog.scope(m.scope);
                json!({
                    "name": s.name, "description": s.description, "score": m.score,
                    "name_positions": m.name_positions,
                    "description_positions": m.description_positions,
                })
            })
            .collect();
        return print_json(Value::Array(list));
    }
    let width = matches
        .iter()
        .map(|m| catalog.name(m.scope).len())
        .max()
        .unwrap_or(0);
    // Streamed: at 100k scopes the text runs to megabytes. Scope names are ASCII, so
    // their padding is counted in bytes (and written at once, not a space at a time).
    let spaces = " ".repeat(width + 2);
    let stdout = std::io::stdout();
    let terminal = std::io::IsTerminal::is_terminal(&stdout);
    let mut stdout = std::io::BufWriter::new(stdout.lock());
    let written = matches.iter().try_for_each(|m| {
        let s = catalog.scope(m.scope);
        let description = if terminal {
            crate::sanitize::sanitize(&s.description)
        } else {
            std::borrow::Cow::Borrowed(&*s.description)
        };
        let name = if terminal {
            crate::sanitize::sanitize(&s.name)
        } else {
            std::borrow::Cow::Borrowed(&*s.name)
        };
        let line = [
            name.as_bytes(),
            &spaces.as_bytes()[s.name.len().min(spaces.len())..],
            description.as_bytes(),
            b"\n",
        ];
        line.iter().try_for_each(|part| stdout.write_all(part))
    });
    output::written(written.and_then(|()| stdout.flush()))?;
    // Like grep and fzf --filter: no match is a failed search.
    Ok(if matches.is_empty() { 1 } else { 0 })
}

fn closure(args: &ScopesArgs) -> Result<u8, Failure> {
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

fn minimize(args: &ScopesArgs, expanded: bool, format: Format) -> Result<u8, Failure> {
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

/// The trusted evidence levels, as JSON.
fn trust_json(trust: Trust) -> Value {
    json!(trust.levels())
}

/// Every held scope with why, as JSON. An implied scope gives its chain's last step only
/// (`from` is held too, with its own reason): whole chains would make the output grow
/// with the square of a long chain.
fn held_json(catalog: &Catalog, explanation: &crate::grants::Explanation) -> Vec<Value> {
    explanation
        .held
        .iter()
        .map(|(id, reason)| json!({"scope": catalog.name(*id), "reason": reason_json(catalog, reason)}))
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

fn explain(args: &ScopesArgs) -> Result<u8, Failure> {
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
            "  {:width$}  {}",
            catalog.name(*id),
            reason_text(&catalog, &explanation, *id, reason)
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

fn diff(args: &[String], json: JsonFlag, trust: Trust) -> Result<u8, Failure> {
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
                    let (catalog, _) = side(None, b).map_err(|_| first)?;
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

fn check(
    args: &ScopesArgs,
    within: Option<&str>,
    minimal: bool,
    strict: bool,
) -> Result<u8, Failure> {
    let mut profile_operations = None;
    let (catalog, allowed_by_profile) = if profile::is_profile_path(&args.catalog) {
        let loaded = load_profile(std::path::Path::new(&args.catalog))?;
        if !loaded.operations.is_empty() {
            profile_operations = Some(loaded.clone());
        }
        (
            loaded.catalog,
            Some((loaded.profile.name, loaded.selection)),
        )
    } else {
        (open(&args.catalog)?, None)
    };
    let inputs = input::with_stdin(&args.scopes)
        .map_err(|e| Failure::bad_input(format!("cannot read scopes from stdin: {e}")))?;
    let requested = input::scope_names(&catalog, &inputs).map_err(Failure::bad_input)?;
    if requested.is_empty()
        && args.scopes.is_empty()
        && let Some(loaded) = &profile_operations
    {
        // `check PROFILE` alone: the profile's own scopes against its operations.
        return need::check_profile(loaded, args.json, args.trust.trust);
    }
    if requested.is_empty() {
        // An empty variable in CI must not turn the gate green.
        return Err(Failure::bad_input(
            "no scopes given to check: pass them as arguments, as one string, or on stdin",
        ));
    }
    let ids = catalog
        .lookup_all(requested.iter().map(String::as_str))
        .map_err(Failure::bad_input)?;
    let mut problems: Vec<String> = Vec::new();
    let model = GrantModel::with_trust(&catalog, args.trust.trust);
    let mut result = json!({"scopes": requested, "trust": trust_json(model.trust())});
    if let Some((name, allowed)) = &allowed_by_profile {
        let diff = model.diff(allowed, &ids);
        if !diff.within() {
            problems.push(format!(
                "grants more than the {name} profile allows: {}",
                names(&catalog, &diff.added).join(", ")
            ));
        }
        result["excess"] = json!(names(&catalog, &diff.added));
    }
    // Warnings: printed on stderr, failures only with --strict.
    let mut warnings: Vec<String> = Vec::new();
    if let Some(loaded) = &profile_operations {
        // The profile lists the operations the integration calls: the scopes must
        // authorize each of them, and what they grant beyond is worth a warning.
        let against = need::check_scopes_against_operations(loaded, &model, &ids);
        problems.extend(against.problems);
        warnings.extend(against.warnings);
        result["operations"] = against.json;
    }
    if let Some(allowed) = within {
        let allowed =
            input::resolve(&catalog, &[allowed.to_string()]).map_err(Failure::bad_input)?;
        let diff = model.diff(&allowed, &ids);
        if !diff.within() {
            problems.push(format!(
                "grants more than allowed: {}",
                names(&catalog, &diff.added).join(", ")
            ));
        }
        result["excess"] = json!(names(&catalog, &diff.added));
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
        if best.scopes.len() < ids.len() {
            problems.push(format!(
                "not minimal: {} scopes where {} do: {}",
                ids.len(),
                best.scopes.len(),
                export::delimited(&catalog, &names(&catalog, &best.scopes))
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
        output::print(&format!(
            "ok: {} checked against {}\n",
            plural(ids.len(), "scope", "scopes"),
            catalog.name
        ))?;
        Ok(0)
    } else {
        Err(Failure::check_failed(format!(
            "check failed:\n  {}",
            problems.join("\n  ")
        )))
    }
}

fn validate(file: &std::path::Path, json: JsonFlag) -> Result<u8, Failure> {
    let shown = file.display().to_string();
    let read = if crate::catalog::file::is_stdin(file) {
        crate::catalog::file::read_stdin_text(&shown)
    } else {
        crate::catalog::file::read_text(file, &shown)
    };
    let text = match read {
        Ok(text) => text,
        Err(failure) => {
            let (message, line, column) = match failure {
                crate::catalog::file::ReadFailure::Io(e) => {
                    (format!("cannot read {shown}: {e}"), None, None)
                }
                crate::catalog::file::ReadFailure::NotUtf8(located) => (
                    located.to_string(),
                    Some(located.line),
                    Some(located.column),
                ),
            };
            if json.json {
                print_json(json!({
                    "file": shown, "ok": false, "kind": null, "line": line,
                    "column": column, "message": message,
                }))?;
                return Err(Failure::bad_input(""));
            }
            return Err(Failure::bad_input(message));
        }
    };
    if profile::looks_like_profile(&text) {
        return match profile::parse(&text, file) {
            Ok(loaded) => {
                if json.json {
                    return print_json(json!({
                        "file": shown, "ok": true, "profile": loaded.profile.name,
                        "catalog": loaded.catalog.id, "scopes": loaded.selection.len(),
                    }));
                }
                output::print(&format!(
                    "{shown}: ok: profile `{}` on {}, {}\n",
                    loaded.profile.name,
                    loaded.catalog.name,
                    plural(loaded.selection.len(), "scope", "scopes")
                ))?;
                Ok(0)
            }
            Err(error) if json.json => {
                let (line, column, message) = match &error {
                    profile::ProfileError::Invalid(at) => {
                        (Some(at.line), Some(at.column), at.message.clone())
                    }
                    profile::ProfileError::Catalog { at, source } => (
                        Some(at.line),
                        Some(at.column),
                        format!("{}: {source}", at.message),
                    ),
                    profile::ProfileError::Io { .. } => (None, None, error.to_string()),
                };
                print_json(json!({
                    "file": shown, "ok": false, "kind": "profile", "line": line,
                    "column": column, "message": message,
                }))?;
                Err(Failure::bad_input(""))
            }
            Err(error) => Err(Failure::bad_input(error)),
        };
    }
    let loaded =
        parse_catalog(&text, &shown, Origin::File(file.to_path_buf())).and_then(|catalog| {
            // Operations are read when first asked for: validating asks now.
            catalog.operations()?;
            Ok(catalog)
        });
    match loaded {
        Ok(catalog) => {
            let composites = catalog.scopes.iter().filter(|s| s.composite).count();
            if json.json {
                return print_json(json!({
                    "file": shown, "ok": true, "id": catalog.id, "scopes": catalog.len(),
                    "composites": composites, "edges": catalog.edges.len(),
                    "operations": catalog.operation_count(),
                }));
            }
            let operations = match catalog.operation_count() {
                0 => String::new(),
                n => format!(", {}", plural(n, "operation", "operations")),
            };
            output::print(&format!(
                "{shown}: ok: catalog `{}` ({}), {}, {}, {}{operations}\n",
                catalog.id,
                catalog.name,
                plural(catalog.len(), "scope", "scopes"),
                plural(composites, "composite", "composites"),
                plural(catalog.edges.len(), "implication", "implications"),
            ))?;
            Ok(0)
        }
        Err(error) => {
            if json.json {
                let located = &error.0;
                print_json(json!({
                    "file": shown, "ok": false, "kind": "catalog", "line": located.line,
                    "column": located.column, "message": located.message,
                }))?;
                return Err(Failure::bad_input(""));
            }
            Err(Failure::bad_input(error))
        }
    }
}

fn report(loaded: &profile::Loaded, json: JsonFlag, trust: Trust) -> Result<u8, Failure> {
    let catalog = &loaded.catalog;
    let model = GrantModel::with_trust(catalog, trust);
    let minimal = model.minimal(&loaded.selection);
    let minimal_names = names(catalog, &minimal.scopes);
    let expanded_names = names(catalog, &model.expanded(&loaded.selection));
    let unexplained = profile::unexplained(loaded, &model);
    let grants_in_words = |id: ScopeId| -> Vec<String> {
        model
            .grants_of(id)
            .into_iter()
            .map(|g| catalog.scope(g).description.to_string())
            .collect()
    };
    if json.json {
        let scopes: Vec<Value> = loaded
            .selection
            .iter()
            .map(|&id| {
                json!({
                    "scope": catalog.name(id),
                    "grants": names(catalog, &model.grants_of(id)),
                    "grants_in_words": grants_in_words(id),
                    "reason": loaded.profile.reason(catalog.name(id)),
                })
            })
            .collect();
        let unexplained: Vec<Value> = unexplained
            .iter()
            .map(|u| json!({"scope": catalog.name(u.scope), "via": names(catalog, &u.via)}))
            .collect();
        return print_json(json!({
            "profile": loaded.profile.name,
            "catalog": catalog.id,
            "scopes": scopes,
            "minimal": minimal_names,
            "proven_minimal": minimal.proven,
            "expanded": expanded_names,
            "unexplained": unexplained,
            "operations": need::report_operations_json(loaded, &model),
            "trust": trust_json(model.trust()),
        }));
    }
    let code = |text: &str| markdown::code(text);
    let text = |text: &str| markdown::text(text);
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
    out.push_str(&need::report_operations(loaded, &model));
    let _ = writeln!(
        out,
        "\n**Minimal scope string** ({} → {}): {}",
        plural(loaded.selection.len(), "scope", "scopes"),
        minimal_names.len(),
        code(&export::delimited(catalog, &minimal_names))
    );
    let _ = writeln!(
        out,
        "\n**Expanded scope string** ({} held): {}",
        expanded_names.len(),
        code(&export::delimited(catalog, &expanded_names))
    );
    if unexplained.is_empty() {
        let _ = writeln!(out, "\nEvery granted scope is accounted for by a reason.");
    } else {
        let _ = writeln!(
            out,
            "\n**Possible over-grant**: held, but no reason mentions them:\n"
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
    output::print(&out)?;
    Ok(0)
}

/// What `scopex url` is asked to build.
struct UrlRequest<'a> {
    client_id: Option<&'a str>,
    redirect_uri: Option<&'a str>,
    token_page: bool,
    name: Option<&'a str>,
}

fn url(
    target: &str,
    scopes: &[String],
    request: &UrlRequest,
    json: JsonFlag,
    trust: Trust,
) -> Result<u8, Failure> {
    let (catalog, selection, profile) = if profile::is_profile_path(target) {
        if !scopes.is_empty() {
            return Err(Failure::bad_input(format!(
                "{target} is a profile: its scopes are the profile's, so give no others \
                 (or give a catalog: scopex url CATALOG SCOPES)"
            )));
        }
        let loaded = load_profile(std::path::Path::new(target))?;
        (loaded.catalog, loaded.selection, Some(loaded.profile))
    } else {
        let (catalog, selection) = selection(&ScopesArgs {
            catalog: target.to_string(),
            scopes: scopes.to_vec(),
            json,
            trust: super::TrustFlag { trust },
        })?;
        (catalog, selection, None)
    };
    let model = GrantModel::with_trust(&catalog, trust);
    let minimal = names(&catalog, &model.minimal(&selection).scopes);
    if request.token_page {
        let Some(page) = &catalog.token_page else {
            return Err(Failure::bad_input(format!(
                "the {} catalog has no token page (no token_page_url): scopex knows none \
                 for this provider; `scopex url` without --token-page builds the authorize URL",
                catalog.name
            )));
        };
        let name = request
            .name
            .or(profile.as_ref().map(|p| p.name.as_str()))
            .filter(|name| !name.is_empty());
        let url = page.url(&minimal, name);
        if json.json {
            return print_json(json!({
                "url": url, "scopes": minimal, "name": name,
                "trust": trust_json(model.trust()),
            }));
        }
        output::print(&format!("{url}\n"))?;
        return Ok(0);
    }
    let client_id = request
        .client_id
        .or(profile.as_ref().and_then(|p| p.client_id.as_deref()));
    let redirect_uri = request
        .redirect_uri
        .or(profile.as_ref().and_then(|p| p.redirect_uri.as_deref()));
    let Some(url) = export::authorize_url(&catalog, &minimal, client_id, redirect_uri) else {
        return Err(Failure::bad_input(format!(
            "the {} catalog has no authorize URL (the provider does not document one)",
            catalog.name
        )));
    };
    if json.json {
        return print_json(json!({
            "url": url, "scopes": minimal, "client_id": client_id,
            "redirect_uri": redirect_uri, "trust": trust_json(model.trust()),
        }));
    }
    if client_id.is_none() {
        let whose = if profile.is_some() {
            "in the profile"
        } else {
            "given"
        };
        output::error(&format!(
            "note: no client id {whose}; CLIENT_ID stands in (--client-id sets one)"
        ));
    }
    output::print(&format!("{url}\n"))?;
    Ok(0)
}
