//! The commands that show a catalog: `catalogs`, `list`, `search`.

use super::{plural, print_json};
use crate::catalog::{Catalog, CatalogSource, SearchTexts, Summary};
use crate::cli::{Failure, JsonFlag, output};
use crate::search::{Scopes, Searcher};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::Write as _;

pub(super) fn catalogs(json: JsonFlag) -> Result<u8, Failure> {
    let user = crate::catalog::read_user_catalog_files().map_err(Failure::load)?;
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
                    "id": c.id, "name": c.name, "scopes": c.scopes,
                    "operations": c.operations, "origin": origin,
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
    // How many operations `need` knows, where the catalog lists any.
    let operations = |count: usize| match count {
        0 => String::new(),
        n => plural(n, "operation", "operations"),
    };
    let operations_width = rows
        .iter()
        .map(|(c, _)| operations(c.operations).len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (c, origin) in &rows {
        let _ = writeln!(
            out,
            "{:width$}  {:name_width$}  {:>4} scopes  {:>operations_width$}  {:10}  {origin}",
            c.id,
            c.name,
            c.scopes,
            operations(c.operations),
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

pub(super) fn list(catalog: &Catalog, tree: bool, json: JsonFlag) -> Result<u8, Failure> {
    if json.json && tree {
        let nodes: Vec<Value> = catalog
            .tree()
            .nodes()
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
                let mut scope = json!({
                    "name": s.name, "description": s.description,
                    "kind": if s.composite { "composite" } else { "atomic" },
                    "implies": implies,
                });
                if let Some(setting) = &s.only_in {
                    scope["only_in"] = json!(&**setting);
                }
                scope
            })
            .collect();
        return print_json(json!({"catalog": catalog.id, "scopes": scopes}));
    }
    let mut out = String::new();
    if tree {
        for node in catalog.tree().nodes() {
            let indent = "  ".repeat(node.depth);
            match node.scope {
                Some(id) => {
                    let _ = writeln!(
                        out,
                        "{indent}{}  {}{}",
                        node.label,
                        catalog.scope(id).description,
                        only_in_note(catalog, id)
                    );
                }
                None => {
                    let title = node.title.map(|t| format!("  ({t})")).unwrap_or_default();
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
        for (id, s) in catalog.scopes.iter().enumerate() {
            let _ = writeln!(
                out,
                "{:width$}  {}{}",
                s.name,
                s.description,
                only_in_note(catalog, id)
            );
        }
    }
    output::print(&out)?;
    Ok(0)
}

/// ` (only in Gmail add-ons)` for a scope usable only in a particular setting, else
/// nothing.
pub(super) fn only_in_note(catalog: &Catalog, id: usize) -> String {
    match &catalog.scope(id).only_in {
        Some(setting) => format!(" (only in {setting})"),
        None => String::new(),
    }
}

/// `scopex search`: from the texts of the compiled catalog in the cache when it holds
/// it (nothing else of the catalog is read), else from the catalog, loaded and cached.
pub(super) fn search_catalog(
    spec: &str,
    query: &str,
    limit: Option<usize>,
    json: JsonFlag,
) -> Result<u8, Failure> {
    super::not_empty(spec)?;
    let source = CatalogSource::find(spec).map_err(Failure::load)?;
    let catalog = match source.scope_texts().map_err(Failure::bad_input)? {
        SearchTexts::Compiled(unchecked) => {
            // Searched while the cache file's hash is checked.
            match unchecked.with(|texts| find(texts, query, limit, json)) {
                Some((texts, matches)) => return print_matches(&texts, &matches, json),
                // A damaged cache file: loading the catalog rebuilds it.
                None => source.load().map_err(Failure::bad_input)?,
            }
        }
        SearchTexts::Loaded(catalog) => *catalog,
    };
    let matches = find(&catalog, query, limit, json);
    let code = print_matches(&catalog, &matches, json);
    // The process ends next: the system takes back its memory at once, where freeing
    // a large catalog scope by scope takes milliseconds.
    std::mem::forget(catalog);
    code
}

/// The matches of `query`, best first, at most `limit`.
fn find(
    scopes: &impl Scopes,
    query: &str,
    limit: Option<usize>,
    json: JsonFlag,
) -> Vec<crate::search::Match> {
    let searcher = Searcher::default();
    let mut matches = if crate::search::Query::parse(query).is_empty() {
        // Like `fzf --filter ''`: an empty query matches everything, in catalog order.
        (0..scopes.count())
            .map(|scope| crate::search::Match {
                scope,
                tier: crate::search::Tier::Description,
                score: 0,
                name_positions: Vec::new(),
                description_positions: Vec::new(),
            })
            .collect()
    } else if json.json {
        searcher.search(scopes, query)
    } else {
        searcher.search_unmarked(scopes, query)
    };
    if let Some(limit) = limit {
        matches.truncate(limit);
    }
    matches
}

fn print_matches(
    scopes: &impl Scopes,
    matches: &[crate::search::Match],
    json: JsonFlag,
) -> Result<u8, Failure> {
    if json.json {
        let list: Vec<Value> = matches
            .iter()
            .map(|m| {
                let s = scopes.fields(m.scope);
                json!({
                    "name": s.name, "description": s.other, "score": m.score,
                    "name_positions": m.name_positions,
                    "description_positions": m.description_positions,
                })
            })
            .collect();
        return print_json(Value::Array(list));
    }
    let width = matches
        .iter()
        .map(|m| scopes.fields(m.scope).name.len())
        .max()
        .unwrap_or(0);
    // Streamed: at 100k scopes the text runs to megabytes. Scope names are ASCII, so
    // their padding is counted in bytes (and written at once, not a space at a time).
    let spaces = " ".repeat(width + 2);
    let stdout = std::io::stdout();
    let terminal = std::io::IsTerminal::is_terminal(&stdout);
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = matches.iter().try_for_each(|m| {
        let s = scopes.fields(m.scope);
        let description = if terminal {
            crate::sanitize::sanitize(s.other)
        } else {
            std::borrow::Cow::Borrowed(s.other)
        };
        let name = if terminal {
            crate::sanitize::sanitize(s.name)
        } else {
            std::borrow::Cow::Borrowed(s.name)
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
