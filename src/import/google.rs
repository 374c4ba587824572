//! Google's discovery documents: `auth.oauth2.scopes` (scope URL → description) and,
//! per method, `scopes`: any one of them authorizes the call (Google's reference pages
//! say "Requires one of the following OAuth scopes").
//!
//! Implications are not published. One is derived, A ⇒ B, only when B's name extends
//! A's (`drive` → `drive.readonly`) and every method that accepts B also accepts A,
//! counting at least one method that is not a catch-all: a method accepting scopes of
//! several APIs, like Apps Script's `scripts.run`, says nothing about how they relate.

use super::draft::{self, Draft, DraftOperation, DraftScope};
use super::{ImportError, Imported, Options, apply, is_date, no_date_warning, read};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

mod derive;
mod discovery;
mod settings;

use derive::{derive, name_parent};
use discovery::{Api, Probe, collect_methods, collect_resources};

/// The prefix of most Google scope names; the tree splits what follows it on `.`.
pub const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/";

/// Google's OAuth endpoints, from `https://accounts.google.com/.well-known/openid-configuration`.
/// Discovery documents do not carry them; every Google API uses these.
const AUTHORIZE_URL: &str = "https://accounts.google.com/o/oauth2/v2/auth";
const TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
const DOCS_URL: &str = "https://developers.google.com/identity/protocols/oauth2/scopes";

/// Operation descriptions are cut to this many characters: the full texts of 28,000
/// methods would make the catalog several times larger and slower to open.
pub const OPERATION_DESCRIPTION_LIMIT: usize = 100;

/// Imports discovery documents: files, or folders whose `*.json` files are all read. A
/// directory list (`index.json`, kind `discovery#directoryList`) among them says which
/// version of each API is preferred.
pub fn google_discovery(sources: &[PathBuf], options: &Options) -> Result<Imported, ImportError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for source in sources {
        if source.is_dir() {
            let shown = source.display().to_string();
            let entries = std::fs::read_dir(source)
                .map_err(|e| ImportError::whole(&shown, format!("cannot read the folder: {e}")))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            if found.is_empty() {
                return Err(ImportError::whole(&shown, "the folder holds no .json file"));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(source.clone());
        }
    }
    let mut warnings = Vec::new();
    let mut apis: Vec<Api> = Vec::new();
    let mut preferred: BTreeSet<(String, String)> = BTreeSet::new();
    let mut seen: HashMap<(String, String), String> = HashMap::new();
    for path in &files {
        match read_document(path)? {
            Document::Directory(items) => preferred.extend(items),
            Document::Api(api) => {
                let key = (api.name.clone(), api.version.clone());
                if let Some(first) = seen.get(&key) {
                    warnings.push(format!(
                        "{}: skipped: {} {} was read from {first} already",
                        api.file, api.name, api.version
                    ));
                    continue;
                }
                seen.insert(key, api.file.clone());
                apis.push(api);
            }
        }
    }
    if apis.is_empty() {
        let shown: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
        return Err(ImportError::whole(
            &shown.join(", "),
            "no discovery document among the sources",
        ));
    }
    let mut imported = build(&apis, &preferred, warnings);
    apply(&mut imported.draft, options)?;
    no_date_warning(&imported.draft, &mut imported.warnings);
    Ok(imported)
}

enum Document {
    Api(Api),
    Directory(Vec<(String, String)>),
}

fn read_document(path: &Path) -> Result<Document, ImportError> {
    let file = path.display().to_string();
    let text = read(path)?;
    let probe: Probe = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "not a discovery document",
            _ => "not valid JSON",
        };
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        ImportError::at_line(&file, e.line(), e.column(), format!("{what}: {message}"))
    })?;
    match probe.kind.as_deref() {
        Some("discovery#directoryList") => {
            let items = probe.items.unwrap_or_default();
            return Ok(Document::Directory(
                items
                    .into_iter()
                    .filter(|item| item.preferred)
                    .filter_map(|item| Some((item.name?, item.version?)))
                    .collect(),
            ));
        }
        Some("discovery#restDescription") => {}
        None if probe.discovery_version.is_some() => {}
        Some(other) => {
            return Err(ImportError::at(
                &file,
                "/kind",
                format!(
                    "not a discovery document: kind is `{other}`, expected `discovery#restDescription`"
                ),
            ));
        }
        None => {
            return Err(ImportError::whole(
                &file,
                "not a discovery document: no `kind` (`discovery#restDescription`) and no `discoveryVersion`",
            ));
        }
    }
    let Some(name) = probe.name else {
        return Err(ImportError::at(
            &file,
            "",
            "the discovery document has no `name`",
        ));
    };
    let Some(version) = probe.version else {
        return Err(ImportError::at(
            &file,
            "",
            "the discovery document has no `version`",
        ));
    };
    let scopes = probe
        .auth
        .oauth2
        .unwrap_or_default()
        .scopes
        .into_iter()
        .map(|(scope, info)| (scope, info.description))
        .collect();
    let mut methods = Vec::new();
    collect_methods(
        &file,
        &probe.service_path,
        probe.methods,
        "/methods",
        &mut methods,
    )?;
    collect_resources(
        &file,
        &probe.service_path,
        probe.resources,
        "/resources",
        &mut methods,
    )?;
    Ok(Document::Api(Api {
        file,
        name,
        version,
        revision: probe.revision,
        title: probe.title,
        scopes,
        methods,
    }))
}

/// How well a document names its API: preferred, then newest version, then title.
type TitleRank<'a> = (bool, (u8, Vec<u64>), &'a str);

/// Orders versions: stable after beta after alpha, then by number (`v2` after `v1`).
fn version_rank(version: &str) -> (u8, Vec<u64>) {
    let tail = version.rsplit('_').next().unwrap_or(version);
    let stage = if tail.contains("alpha") {
        0
    } else if tail.contains("beta") {
        1
    } else {
        2
    };
    let numbers = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    (stage, numbers)
}

fn build(
    apis: &[Api],
    preferred: &BTreeSet<(String, String)>,
    mut warnings: Vec<String>,
) -> Imported {
    // Which document owns the plain method id: the preferred version, else the highest.
    let mut owner: HashMap<&str, usize> = HashMap::new();
    let better = |a: &Api, b: &Api| {
        let pa = preferred.contains(&(a.name.clone(), a.version.clone()));
        let pb = preferred.contains(&(b.name.clone(), b.version.clone()));
        (pa, version_rank(&a.version)) > (pb, version_rank(&b.version))
    };
    for (index, api) in apis.iter().enumerate() {
        for method in &api.methods {
            match owner.get(method.id.as_str()) {
                Some(&other) if !better(api, &apis[other]) => {}
                _ => {
                    owner.insert(&method.id, index);
                }
            }
        }
    }

    // Scope descriptions: the one most documents give.
    let mut descriptions: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for api in apis {
        for (scope, description) in &api.scopes {
            let entry = descriptions.entry(scope.as_str()).or_default();
            if let Some(d) = description {
                *entry.entry(draft::one_line(d)).or_default() += 1;
            }
        }
    }
    let mut undeclared: BTreeMap<&str, usize> = BTreeMap::new();
    for api in apis {
        for method in &api.methods {
            for scope in &method.scopes {
                if !descriptions.contains_key(scope.as_str()) {
                    *undeclared.entry(scope.as_str()).or_default() += 1;
                }
            }
        }
    }
    for (scope, count) in &undeclared {
        warnings.push(format!(
            "`{scope}` is used by {count} method(s) but declared in no document's auth.oauth2.scopes"
        ));
    }
    let names: BTreeSet<&str> = descriptions
        .keys()
        .chain(undeclared.keys())
        .copied()
        .collect();

    // Operations.
    let mut operations: Vec<DraftOperation> = Vec::new();
    let mut no_scope = 0usize;
    let mut unusable = 0usize;
    let mut ids_seen: BTreeSet<String> = BTreeSet::new();
    for (index, api) in apis.iter().enumerate() {
        for method in &api.methods {
            if method.scopes.is_empty() {
                no_scope += 1;
                continue;
            }
            let id = if owner.get(method.id.as_str()) == Some(&index) {
                method.id.clone()
            } else {
                format!("{}@{}", method.id, api.version)
            };
            if !ids_seen.insert(id.clone()) {
                warnings.push(format!(
                    "{}: method `{id}` is listed twice; the first is kept",
                    api.file
                ));
                continue;
            }
            let mut scopes = method.scopes.clone();
            scopes.sort();
            scopes.dedup();
            // A scope the method cannot be used with as it is usually called is no
            // alternative for it, unless it is the only one: it would be refused.
            let usable = |scope: &String| {
                !method
                    .unusable
                    .iter()
                    .any(|name| discovery::is_named(scope, name))
            };
            if scopes.iter().any(usable) {
                let before = scopes.len();
                scopes.retain(usable);
                unusable += before - scopes.len();
            }
            operations.push(DraftOperation {
                id,
                method: method.http_method.clone(),
                path: method.path.clone(),
                upload_paths: if method.path.is_some() && method.http_method.is_some() {
                    method.upload_paths.clone()
                } else {
                    Vec::new()
                },
                description: method
                    .description
                    .as_deref()
                    .map(|d| draft::shortened(d, OPERATION_DESCRIPTION_LIMIT))
                    .filter(|d| !d.is_empty()),
                requires: scopes.into_iter().map(|s| vec![s]).collect(),
            });
        }
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));

    let implies = derive(apis, &names);
    let scopes: Vec<DraftScope> = names
        .iter()
        .map(|&name| {
            let description = match descriptions.get(name) {
                Some(counts) if !counts.is_empty() => {
                    let best = counts.values().max().copied().unwrap_or(0);
                    counts
                        .iter()
                        .find(|(_, c)| **c == best)
                        .map(|(d, _)| d.clone())
                        .unwrap_or_default()
                }
                Some(_) => "No description in the discovery documents".to_string(),
                None => {
                    "Undeclared in the document: methods accept it, no auth.oauth2.scopes lists it"
                        .to_string()
                }
            };
            let title = apis
                .iter()
                .find(|api| api.scopes.contains_key(name) && api.title.is_some())
                .and_then(|api| api.title.as_deref());
            DraftScope {
                name: name.to_string(),
                only_in: settings::only_in(name, &description, title),
                description,
                parent: name_parent(name, &names),
            }
        })
        .collect();

    // Titles for the top groups of the tree: the APIs' own names.
    let mut resources = BTreeMap::new();
    let grouped: BTreeSet<&str> = scopes
        .iter()
        .filter(|s| s.parent.is_none())
        .filter_map(|s| s.name.strip_prefix(SCOPE_PREFIX))
        .filter_map(|rest| rest.split_once('.').map(|(first, _)| first))
        .collect();
    let mut best_title: BTreeMap<&str, TitleRank> = BTreeMap::new();
    for api in apis {
        let Some(title) = api.title.as_deref() else {
            continue;
        };
        if !grouped.contains(api.name.as_str()) {
            continue;
        }
        let key = (
            preferred.contains(&(api.name.clone(), api.version.clone())),
            version_rank(&api.version),
            title,
        );
        let entry = best_title
            .entry(api.name.as_str())
            .or_insert_with(|| key.clone());
        if key > *entry {
            *entry = key;
        }
    }
    for (name, (_, _, title)) in best_title {
        resources.insert(name.to_string(), title.to_string());
    }

    let revisions: BTreeSet<&str> = apis.iter().filter_map(|a| a.revision.as_deref()).collect();
    let newest = revisions.iter().rev().find_map(|r| revision_date(r));
    let api_names: BTreeSet<&str> = apis.iter().map(|a| a.name.as_str()).collect();
    let revision = if apis.len() == 1 {
        apis[0]
            .revision
            .as_ref()
            .map(|r| format!("{} {} revision {r}", apis[0].name, apis[0].version))
    } else {
        revisions
            .iter()
            .next_back()
            .map(|r| format!("newest discovery revision {r}"))
    };
    let source = if apis.len() == 1 {
        format!(
            "Google discovery document {} {} ({})",
            apis[0].name,
            apis[0].version,
            super::shown_file(&apis[0].file)
        )
    } else {
        format!(
            "Google discovery documents: {} APIs in {} documents",
            api_names.len(),
            apis.len()
        )
    };
    let mut header = vec![
        "Generated by `scopex import google-discovery`: do not edit by hand, rerun the import.".to_string(),
        String::new(),
        "Scopes and their descriptions: each document's auth.oauth2.scopes. Operations: every method"
            .to_string(),
        "with the scopes it accepts, any one of which suffices. Method ids of an API's preferred".to_string(),
        "version are as Google writes them (drive.files.list); other versions' carry their".to_string(),
        "version (drive.files.list@v2).".to_string(),
        format!(
            "{} methods; {no_scope} more {} no OAuth scope (API key only) and {} left out.",
            operations.len(),
            if no_scope == 1 { "accepts" } else { "accept" },
            if no_scope == 1 { "is" } else { "are" },
        ),
        format!(
            "Descriptions of operations are cut to their first sentence or {OPERATION_DESCRIPTION_LIMIT} characters."
        ),
        format!(
            "Left out: {unusable} {} that a method's parameter says cannot be used with its default",
            if unusable == 1 { "scope" } else { "scopes" },
        ),
        "value or with the parameter at all (Gmail's `format` defaults to `full`, which \"cannot be".to_string(),
        "used when accessing the api using the gmail.metadata scope\"): they would be refused.".to_string(),
        String::new(),
        "Implications are derived: A => B where B's name extends A's and every method that".to_string(),
        "accepts B also accepts A (methods accepting scopes of several APIs do not count as".to_string(),
        "support). Google publishes no implications.".to_string(),
    ];
    let uploading = operations
        .iter()
        .filter(|op| !op.upload_paths.is_empty())
        .count();
    if uploading > 0 {
        // After the line on descriptions, the last on operations.
        let at = header
            .iter()
            .position(|line| line.starts_with("Descriptions of operations"))
            .map_or(header.len(), |line| line + 1);
        let methods = if uploading == 1 {
            "method uploads"
        } else {
            "methods upload"
        };
        header.splice(
            at..at,
            [
                format!("{uploading} {methods} media: the paths of mediaUpload's protocols"),
                "(/upload/…) are upload_paths, and a call at one matches the method.".to_string(),
            ],
        );
    }
    let draft = Draft {
        header,
        id: "google".to_string(),
        name: "Google".to_string(),
        docs_url: Some(DOCS_URL.to_string()),
        source: Some(source),
        revision,
        retrieved: newest,
        attribution: None,
        authorize_url: Some(AUTHORIZE_URL.to_string()),
        token_url: Some(TOKEN_URL.to_string()),
        delimiter: None,
        path_prefixes: Vec::new(),
        tree_separator: Some(".".to_string()),
        tree_prefix: Some(SCOPE_PREFIX.to_string()),
        resources,
        scopes,
        implies,
        operations,
    };
    Imported { draft, warnings }
}

/// `20261107` → `2026-11-07`.
fn revision_date(revision: &str) -> Option<String> {
    if revision.len() != 8 || !revision.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let date = format!("{}-{}-{}", &revision[..4], &revision[4..6], &revision[6..]);
    is_date(&date).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::derive::extends;
    use super::*;

    #[test]
    fn names_extend_only_at_a_separator() {
        assert!(extends(
            "https://x/auth/drive.readonly",
            "https://x/auth/drive"
        ));
        assert!(!extends(
            "https://x/auth/drivelabels",
            "https://x/auth/drive"
        ));
        assert!(!extends("https://x/auth/drive", "https://x/auth/drive"));
    }

    #[test]
    fn versions_order_stable_over_beta_over_alpha() {
        assert!(version_rank("v1") > version_rank("v1beta1"));
        assert!(version_rank("v2") > version_rank("v1"));
        assert!(version_rank("v1beta") > version_rank("v1alpha"));
        assert!(version_rank("v1.4") > version_rank("v1.3"));
    }

    #[test]
    fn revisions_become_dates() {
        assert_eq!(revision_date("20261107").as_deref(), Some("2026-11-07"));
        assert_eq!(revision_date("0"), None);
        assert_eq!(revision_date("20261340"), None);
    }

    #[test]
    fn parents_are_the_longest_scope_a_name_extends() {
        let names: BTreeSet<&str> = [
            "https://www.googleapis.com/auth/drive",
            "https://www.googleapis.com/auth/drive.metadata",
            "https://www.googleapis.com/auth/drive.metadata.readonly",
            "https://mail.google.com/",
        ]
        .into();
        assert_eq!(
            name_parent(
                "https://www.googleapis.com/auth/drive.metadata.readonly",
                &names
            )
            .as_deref(),
            Some("https://www.googleapis.com/auth/drive.metadata")
        );
        assert_eq!(
            name_parent("https://www.googleapis.com/auth/drive", &names),
            None
        );
        assert_eq!(name_parent("https://mail.google.com/", &names), None);
    }
}
