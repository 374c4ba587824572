//! OpenAPI 3.0 and 3.1 documents, JSON or YAML.
//!
//! Scopes: the `scopes` maps of every flow of every `oauth2` security scheme. An
//! operation's `security` (or, where it has none, the document's) is a list of
//! alternatives: any one requirement object suffices, and inside one every scope listed
//! for an oauth2 scheme is needed. An oauth2 scheme listed with no scopes (any token),
//! `{}` (no authentication) or `security: []` (none) is an alternative needing no scope:
//! `[]` in `requires`. An operation under no `security` at all, its own or the
//! document's, is left out: the document does not say. Alternatives through other
//! schemes (API keys, HTTP auth) need no OAuth scope but are not a way to use one, so they
//! are left out of the operation's requirements.
//!
//! Atlassian's `x-atlassian-oauth2-scopes` (entries that are alternatives, each needing
//! all its scopes: classic or granular) replaces `security` where an operation has it.

use super::document::{self, Doc, child};
use super::draft::{self, Draft, DraftOperation, DraftScope};
use super::{
    ImportError, Imported, Options, apply, guess_separator, is_date, no_date_warning, read, slug,
    source_text,
};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

mod schemes;

use schemes::{Found, SchemeKind, check_name, read_schemes};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Operation descriptions longer than this are cut (a summary usually fits).
const DESCRIPTION_LIMIT: usize = 120;

/// A requirement naming at least this many scopes, all a scheme declares, is read as
/// "any token of the scheme": needing every scope at once is never what an API means
/// (Discord lists all 34 for endpoints any bearer token may call).
const ALL_SCOPES_MEANS_ANY: usize = 5;

pub fn openapi(path: &Path, options: &Options) -> Result<Imported, ImportError> {
    let file = path.display().to_string();
    let text = read(path)?;
    let root = document::parse(&text, &file, true)?;
    let doc = Doc {
        file: &file,
        root: &root,
    };
    let top = doc.object(&root, "")?;
    match top.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.") => {}
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string);
            return Err(doc.error(
                "/openapi",
                format!("OpenAPI version `{shown}` is not supported; expected 3.0 or 3.1"),
            ));
        }
        None if top.contains_key("swagger") => {
            return Err(doc.error(
                "/swagger",
                "a Swagger (OpenAPI 2.0) document: convert it to OpenAPI 3 first",
            ));
        }
        None => {
            return Err(ImportError::whole(
                &file,
                "not an OpenAPI document: it has no `openapi` version field",
            ));
        }
    }
    let mut warnings = Vec::new();
    let mut draft = Draft::default();
    let mut found = read_schemes(&doc, top, &mut draft, &mut warnings)?;

    let root_security = top.get("security");
    let mut operations = Vec::new();
    let mut no_scope = 0usize;
    let mut other_auth_only = 0usize;
    let mut no_security = 0usize;
    let mut ids: BTreeSet<String> = BTreeSet::new();
    if let Some(paths) = top.get("paths") {
        let paths = doc.object(paths, "/paths")?;
        for (route, item) in paths {
            let item_pointer = child("/paths", route);
            let route = &operation_path(&doc, route, &item_pointer, &mut warnings)?;
            let (item, item_pointer) = match doc.resolve(item, &item_pointer) {
                Ok(resolved) => resolved,
                Err(error) => {
                    warnings.push(format!("{error}; the path is skipped"));
                    continue;
                }
            };
            let item = doc.object(item, &item_pointer)?;
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                let pointer = child(&item_pointer, method);
                let operation = doc.object(operation, &pointer)?;
                let (security, security_pointer) = match operation.get("security") {
                    Some(s) => (Some(s), child(&pointer, "security")),
                    None => (root_security, "/security".to_string()),
                };
                let mut reading = match security {
                    Some(security) => {
                        requirements(&doc, security, &security_pointer, &mut found, &mut warnings)?
                    }
                    None => Reading::NoSecurity,
                };
                if let Some(entries) = operation.get("x-atlassian-oauth2-scopes") {
                    // Where `security` has a way with no scope, what it says of other
                    // schemes is not carried over to Atlassian's alternatives.
                    let others = match reading {
                        Reading::Alternatives { others, oauth }
                            if !oauth.iter().any(Vec::is_empty) =>
                        {
                            others
                        }
                        _ => Vec::new(),
                    };
                    reading = match atlassian(
                        &doc,
                        entries,
                        &child(&pointer, "x-atlassian-oauth2-scopes"),
                        &mut found,
                    )? {
                        Reading::Alternatives { oauth, .. } => {
                            Reading::Alternatives { oauth, others }
                        }
                        other => other,
                    };
                }
                let (requires, others) = match reading {
                    Reading::NoSecurity => {
                        no_security += 1;
                        continue;
                    }
                    Reading::Alternatives { oauth, others } if oauth.is_empty() => {
                        let _ = others;
                        other_auth_only += 1;
                        continue;
                    }
                    Reading::Alternatives { oauth, others } => (oauth, others),
                };
                if requires.iter().any(Vec::is_empty) {
                    no_scope += 1;
                }
                let upper = method.to_ascii_uppercase();
                let fallback_id = format!("{upper} {route}");
                let mut id = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map_or_else(|| fallback_id.clone(), str::to_string);
                if ids.contains(&id) {
                    warnings.push(format!(
                        "{file} at {pointer}: operationId `{id}` is used twice; this one is `{fallback_id}`"
                    ));
                    id = fallback_id;
                }
                ids.insert(id.clone());
                let mut description = operation
                    .get("summary")
                    .and_then(Value::as_str)
                    .filter(|s| !s.trim().is_empty())
                    .or_else(|| operation.get("description").and_then(Value::as_str))
                    .map(|d| draft::shortened(d, DESCRIPTION_LIMIT))
                    .unwrap_or_default();
                if !others.is_empty() {
                    let list: Vec<String> = others.iter().map(|o| format!("`{o}`")).collect();
                    let sep = if description.is_empty() { "" } else { " " };
                    description = format!(
                        "{description}{sep}(or without OAuth: {})",
                        list.join(" or ")
                    );
                }
                if operation.get("deprecated") == Some(&Value::Bool(true)) {
                    let sep = if description.is_empty() { "" } else { " " };
                    description = format!("{description}{sep}(deprecated)");
                }
                operations.push(DraftOperation {
                    id,
                    method: Some(upper),
                    path: Some(route.clone()),
                    upload_paths: Vec::new(),
                    description: (!description.is_empty()).then_some(description),
                    requires,
                });
            }
        }
    }

    for (scope, count) in &found.undeclared {
        warnings.push(format!(
            "{file}: `{scope}` is required {count} time(s) but declared by no oauth2 flow; recorded as undeclared"
        ));
    }
    let mut scopes: Vec<DraftScope> = found
        .declared
        .iter()
        .map(|(name, description)| DraftScope {
            name: name.clone(),
            description: description.clone(),
            parent: None,
            only_in: None,
        })
        .collect();
    for (name, count) in &found.undeclared {
        scopes.push(DraftScope {
            name: name.clone(),
            description: format!(
                "Undeclared in the document: required {count} time{} but listed by no oauth2 flow",
                if *count == 1 { "" } else { "s" }
            ),
            parent: None,
            only_in: None,
        });
    }
    scopes.sort_by(|a, b| a.name.cmp(&b.name));
    if scopes.is_empty() {
        return Err(doc.error(
            "/components/securitySchemes",
            "the oauth2 security schemes declare no scopes and no operation requires one",
        ));
    }

    let info = top.get("info").and_then(Value::as_object);
    let title = info
        .and_then(|i| i.get("title"))
        .and_then(Value::as_str)
        .map(draft::one_line)
        .filter(|t| !t.is_empty());
    let version = info.and_then(|i| i.get("version")).and_then(Value::as_str);
    draft.id = slug(title.as_deref().unwrap_or("imported"));
    draft.name = title.clone().unwrap_or_else(|| "Imported".to_string());
    draft.docs_url = top
        .get("externalDocs")
        .and_then(|d| d.get("url"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let document = source_text("OpenAPI document", path);
    draft.source = Some(match (&title, version) {
        (Some(t), Some(v)) => format!("{document} ({t} {v})"),
        (Some(t), None) => format!("{document} ({t})"),
        _ => document,
    });
    draft.revision = version.map(|v| format!("info.version {v}"));
    draft.retrieved = version.and_then(version_date);
    draft.attribution = info
        .and_then(|i| i.get("license"))
        .and_then(|l| l.get("name"))
        .and_then(Value::as_str)
        .map(|licence| {
            format!(
                "{} ({licence})",
                title.as_deref().unwrap_or("the OpenAPI document")
            )
        });
    draft.path_prefixes = server_prefixes(top.get("servers"));
    draft.tree_separator = guess_separator(scopes.iter().map(|s| s.name.as_str()));
    draft.tree_prefix = common_url_prefix(scopes.iter().map(|s| s.name.as_str()));
    let total = operations.len();
    draft.header = vec![
        "Generated by `scopex import openapi`: do not edit by hand, rerun the import.".to_string(),
        String::new(),
        "Scopes: the oauth2 security schemes' flows. Operations: each operation's `security`"
            .to_string(),
        "(or the document's): any one requirement suffices, all scopes inside one are needed."
            .to_string(),
        format!(
            "{total} operations, {no_scope} of them needing no scope (open, or any token); left out: {other_auth_only} only by other schemes, {no_security} with no security."
        ),
    ];
    draft.scopes = scopes;
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    draft.operations = operations;
    apply(&mut draft, options)?;
    no_date_warning(&draft, &mut warnings);
    Ok(Imported { draft, warnings })
}

/// A path of `paths` as a catalog keeps it: OpenAPI requires a leading `/`, and one
/// written without (`pets/{id}`) means the same path, so it is added with a warning. A
/// path holding white space is no path a request is made at: an error naming it.
fn operation_path(
    doc: &Doc,
    route: &str,
    pointer: &str,
    warnings: &mut Vec<String>,
) -> Result<String, ImportError> {
    if route.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(doc.error(
            pointer,
            format!(
                "the path `{}` holds white space: a path has none",
                draft::one_line(route)
            ),
        ));
    }
    if route.starts_with('/') {
        return Ok(route.to_string());
    }
    warnings.push(format!(
        "{} at {pointer}: the path `{route}` has no leading `/` (OpenAPI requires one); read as `/{route}`",
        doc.file
    ));
    Ok(format!("/{route}"))
}

enum Reading {
    /// No `security` anywhere: the document does not say.
    NoSecurity,
    /// The scope sets of the OAuth alternatives (empty for one that needs no scope:
    /// `{}`, `security: []` or an oauth2 scheme with no scopes), and the other schemes
    /// that also work.
    Alternatives {
        oauth: Vec<Vec<String>>,
        others: Vec<String>,
    },
}

fn requirements(
    doc: &Doc,
    security: &Value,
    pointer: &str,
    found: &mut Found,
    warnings: &mut Vec<String>,
) -> Result<Reading, ImportError> {
    let list = doc.array(security, pointer)?;
    if list.is_empty() {
        return Ok(Reading::Alternatives {
            oauth: vec![Vec::new()],
            others: Vec::new(),
        });
    }
    let mut oauth: Vec<Vec<String>> = Vec::new();
    let mut others: Vec<String> = Vec::new();
    for (index, requirement) in list.iter().enumerate() {
        let here = child(pointer, &index.to_string());
        let requirement = doc.object(requirement, &here)?;
        if requirement.is_empty() {
            oauth.push(Vec::new());
            continue;
        }
        let mut needed: BTreeSet<String> = BTreeSet::new();
        let mut has_oauth = false;
        let mut any_of: Option<Vec<String>> = None;
        let mut names: Vec<&str> = Vec::new();
        for (scheme_name, scopes) in requirement {
            let scheme_pointer = child(&here, scheme_name);
            let Some(scheme) = found.schemes.get(scheme_name) else {
                let known: Vec<&str> = found.schemes.keys().map(String::as_str).collect();
                let suggestions = crate::catalog::suggest(scheme_name, known.iter().copied());
                let hint = match suggestions.first() {
                    Some(s) => format!("; did you mean `{s}`?"),
                    None => format!("; the document defines {}", known.join(", ")),
                };
                return Err(doc.error(
                    &scheme_pointer,
                    format!("security scheme `{scheme_name}` is not defined in components.securitySchemes{hint}"),
                ));
            };
            names.push(scheme_name);
            if scheme.kind == SchemeKind::Other {
                continue;
            }
            has_oauth = true;
            let listed = doc.array(scopes, &scheme_pointer)?;
            let mut these = BTreeSet::new();
            for (i, scope) in listed.iter().enumerate() {
                let scope_pointer = child(&scheme_pointer, &i.to_string());
                let scope = doc.string(scope, &scope_pointer)?;
                check_name(doc, scope, &scope_pointer)?;
                these.insert(scope.to_string());
            }
            if these.len() >= ALL_SCOPES_MEANS_ANY && these == scheme.scopes {
                warnings.push(format!(
                    "{} at {scheme_pointer}: lists all {} scopes of `{scheme_name}`: read as any one of them",
                    doc.file,
                    these.len()
                ));
                any_of = Some(these.into_iter().collect());
                continue;
            }
            needed.extend(these);
        }
        if !has_oauth {
            others.push(names.join(" + "));
            continue;
        }
        for scope in needed.iter().chain(any_of.iter().flatten()) {
            note_scope(found, scope);
        }
        match any_of {
            Some(each) => {
                for scope in each {
                    let mut alternative: Vec<String> = needed.iter().cloned().collect();
                    if !alternative.contains(&scope) {
                        alternative.push(scope);
                        alternative.sort();
                    }
                    oauth.push(alternative);
                }
            }
            None => oauth.push(needed.into_iter().collect()),
        }
    }
    oauth.sort();
    oauth.dedup();
    Ok(Reading::Alternatives { oauth, others })
}

/// Counts a scope an operation uses that no flow declares.
fn note_scope(found: &mut Found, scope: &str) {
    if !found.declared.contains_key(scope) {
        *found.undeclared.entry(scope.to_string()).or_default() += 1;
    }
}

/// `x-atlassian-oauth2-scopes`: `[{scheme, scopes: [...], state}]`, each entry an
/// alternative that needs all its scopes.
fn atlassian(
    doc: &Doc,
    entries: &Value,
    pointer: &str,
    found: &mut Found,
) -> Result<Reading, ImportError> {
    let entries = doc.array(entries, pointer)?;
    let mut oauth = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let here = child(pointer, &index.to_string());
        let entry = doc.object(entry, &here)?;
        if let Some(scheme) = entry.get("scheme") {
            let scheme = doc.string(scheme, &child(&here, "scheme"))?;
            if !found.schemes.contains_key(scheme) {
                return Err(doc.error(
                    &child(&here, "scheme"),
                    format!(
                        "security scheme `{scheme}` is not defined in components.securitySchemes"
                    ),
                ));
            }
        }
        let scopes_pointer = child(&here, "scopes");
        let scopes = entry
            .get("scopes")
            .ok_or_else(|| doc.error(&here, "the entry has no `scopes`"))?;
        let mut needed = BTreeSet::new();
        for (i, scope) in doc.array(scopes, &scopes_pointer)?.iter().enumerate() {
            let scope_pointer = child(&scopes_pointer, &i.to_string());
            let scope = doc.string(scope, &scope_pointer)?;
            check_name(doc, scope, &scope_pointer)?;
            needed.insert(scope.to_string());
        }
        for scope in &needed {
            note_scope(found, scope);
        }
        oauth.push(needed.into_iter().collect::<Vec<_>>());
    }
    if oauth.is_empty() {
        return Ok(Reading::NoSecurity);
    }
    oauth.sort();
    oauth.dedup();
    Ok(Reading::Alternatives {
        oauth,
        others: Vec::new(),
    })
}

/// `2026.5.31` or `2026-05-31` as a date.
fn version_date(version: &str) -> Option<String> {
    let parts: Vec<&str> = version.split(['.', '-']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 || month.is_empty() || month.len() > 2 || day.is_empty() || day.len() > 2 {
        return None;
    }
    let date = format!("{year}-{month:0>2}-{day:0>2}");
    is_date(&date).then_some(date)
}

/// The prefix every name shares when all are URLs under one path (`https://x/auth/`).
fn common_url_prefix<'a>(mut names: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = names.next()?;
    let mut prefix = first.to_string();
    for name in names {
        let common = prefix
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((at, c), _)| at + c.len_utf8());
        prefix.truncate(common);
    }
    let end = prefix.rfind('/')? + 1;
    prefix.truncate(end);
    (prefix.contains("://") && prefix.len() > "https://".len()).then_some(prefix)
}

/// The base paths of the document's `servers` (`https://api.spotify.com/v1` gives
/// `/v1`), in their order: a request may carry one before an operation's path. Servers
/// with no path, or with variables in it, give none.
fn server_prefixes(servers: Option<&Value>) -> Vec<String> {
    let mut prefixes: Vec<String> = Vec::new();
    let urls = servers
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|server| server.get("url")?.as_str());
    for url in urls {
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
            None => url,
        };
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path.trim_end_matches('/');
        let variable = path.contains('{');
        if !variable && super::is_path_prefix(path) && !prefixes.iter().any(|p| p == path) {
            prefixes.push(path.to_string());
        }
    }
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_base_paths() {
        let servers = serde_json::json!([
            {"url": "https://api.spotify.com/v1"},
            {"url": "https://discord.com/api/v10/"},
            {"url": "https://your-domain.atlassian.net"},
            {"url": "/relative/v2"},
            {"url": "https://{region}.example.com/{version}"},
            {"url": "https://api.spotify.com/v1"},
        ]);
        assert_eq!(
            server_prefixes(Some(&servers)),
            ["/v1", "/api/v10", "/relative/v2"]
        );
        assert!(server_prefixes(None).is_empty());
    }

    #[test]
    fn versions_that_are_dates() {
        assert_eq!(version_date("2026.5.31").as_deref(), Some("2026-05-31"));
        assert_eq!(version_date("2026-05-31").as_deref(), Some("2026-05-31"));
        assert_eq!(version_date("1.0.0"), None);
        assert_eq!(version_date("10"), None);
    }

    #[test]
    fn url_prefixes() {
        let names = ["https://x.io/auth/a", "https://x.io/auth/b.read"];
        assert_eq!(
            common_url_prefix(names.iter().copied()).as_deref(),
            Some("https://x.io/auth/")
        );
        let names = ["read", "write"];
        assert_eq!(common_url_prefix(names.iter().copied()), None);
    }
}
