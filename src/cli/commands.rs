//! The plain commands. Each builds its whole output as text, printed at once, so a closed
//! pipe (`scopex list github | head`) ends quietly.

//!
//! One file per family: `browse` (catalogs, list, search), `grants` (closure, minimize,
//! explain, diff), `check` (check, report), `validate`, `url`, `need` (need,
//! operations); this file dispatches and holds what they share.

use super::{Command, Failure, ScopesArgs, input, output};
use crate::catalog::{Catalog, ScopeId};
use crate::grants::Trust;
use crate::profile;
use browse::{catalogs, list, search_catalog};
use check::{check, report};
use grants::{closure, diff, explain, minimize};
use serde_json::{Value, json};
use url::{UrlRequest, url};
use validate::validate;

mod browse;
mod check;
mod grants;
mod listed;
mod need;
mod url;
mod validate;

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
        } => search_catalog(&catalog, &query.join(" "), limit, json),
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
            param,
            token_page,
            name,
            json,
            trust,
        } => {
            let request = UrlRequest {
                client_id: client_id.as_deref(),
                redirect_uri: redirect_uri.as_deref(),
                params: &param,
                token_page,
                name: name.as_deref(),
            };
            url(&target, &scopes, &request, json, trust.trust)
        }
        Command::Completions { shell } => {
            output::print(&super::complete::completion_script(&shell)?)?;
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
                operations: loaded.operations,
                stamp: loaded.stamp,
            };
            (Some(loaded.catalog), loaded.selection, Some(profile))
        }
        None => (catalog.map(open).transpose()?, Vec::new(), None),
    };
    // The picker lists the user's catalogs: a folder of them that cannot be read is said,
    // not shown as having none.
    if catalog.is_none() {
        crate::catalog::read_user_catalog_files().map_err(Failure::load)?;
    }
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
    not_empty(spec)?;
    Catalog::resolve(spec).map_err(Failure::load)
}

/// An empty catalog name (`scopex list "$UNSET"`) is told as such, not as a catalog
/// named ``.
fn not_empty(spec: &str) -> Result<(), Failure> {
    if spec.trim().is_empty() {
        return Err(Failure::bad_input(
            "the catalog is empty: give a catalog id (scopex catalogs lists them) or a path to \
             a catalog file",
        ));
    }
    Ok(())
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
    // A file there that cannot be read may well be a profile: say why it was not read
    // rather than take its name for scopes.
    let path = std::path::Path::new(text);
    if path.is_file()
        && let Err(e) = std::fs::File::open(path)
    {
        return Err(Failure::bad_input(format!("cannot read {text}: {e}")));
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

/// The trusted evidence levels, as JSON.
fn trust_json(trust: Trust) -> Value {
    json!(trust.levels())
}
