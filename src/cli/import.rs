//! `scopex import KIND SOURCE…`: a catalog built from what a provider publishes.

use super::Failure;
use crate::import::{self, Imported, Options};
use std::path::PathBuf;

/// The kinds of source document.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Google discovery documents (files or folders of them)
    GoogleDiscovery,
    /// An OpenAPI 3.0 or 3.1 document, JSON or YAML
    Openapi,
    /// OpenID Connect discovery or OAuth authorization server metadata
    Oidc,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// What the sources are
    #[arg(value_enum)]
    pub kind: Kind,
    /// The documents (for google-discovery, files or folders; `-`: stdin)
    #[arg(required = true, num_args = 1.., value_name = "SOURCE")]
    pub sources: Vec<PathBuf>,
    /// Write the catalog to this file (atomically) instead of stdout (`-`: stdout)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The date the source was read, YYYY-MM-DD (else taken from the document, if it has one)
    #[arg(long, value_name = "DATE")]
    pub retrieved: Option<String>,
    /// The catalog's id (else made from the document's title)
    #[arg(long)]
    pub id: Option<String>,
    /// The catalog's display name
    #[arg(long)]
    pub name: Option<String>,
    /// Where the source comes from, in words
    #[arg(long)]
    pub source: Option<String>,
    /// The source's revision: a commit, a package version, a page date
    #[arg(long)]
    pub revision: Option<String>,
    /// Licence attribution the source asks for
    #[arg(long)]
    pub attribution: Option<String>,
    /// The provider's page about its scopes
    #[arg(long, value_name = "URL")]
    pub docs_url: Option<String>,
    /// The authorize endpoint (where the document has another, or none)
    #[arg(long, value_name = "URL")]
    pub authorize_url: Option<String>,
    /// The token endpoint
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,
    /// What separates scopes in the authorize URL (default a space)
    #[arg(long)]
    pub delimiter: Option<String>,
    /// A line for the catalog's header comment (repeatable)
    #[arg(long, value_name = "LINE")]
    pub comment: Vec<String>,
    /// Note added to every operation that needs several scopes at once
    #[arg(long, value_name = "TEXT")]
    pub all_of_note: Option<String>,
    /// A base path requests may carry before the operations' paths, beyond the document's
    /// servers (`/api/v9`, or `/ex/jira/{cloudid}` where `{name}` is any one segment;
    /// repeatable)
    #[arg(long, value_name = "PATH")]
    pub path_prefix: Vec<String>,
    /// A scope the provider documents elsewhere than in the document, with its
    /// description (`offline_access=Refresh tokens`; repeatable)
    #[arg(long, value_name = "NAME=DESCRIPTION", value_parser = name_and_text)]
    pub scope: Vec<(String, String)>,
    /// A scope usable only in a particular setting, as the provider documents it
    /// (`voice=apps Discord approved`; repeatable): `need` chooses it only where nothing
    /// else authorizes a call
    #[arg(long, value_name = "NAME=SETTING", value_parser = name_and_text)]
    pub only_in: Vec<(String, String)>,
}

/// `NAME=TEXT`, both sides not empty: the name is up to the first `=`.
pub(super) fn name_and_text(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((name, text)) if !name.is_empty() && !text.trim().is_empty() => {
            Ok((name.to_string(), text.to_string()))
        }
        _ => Err(format!("`{arg}` is not NAME=TEXT")),
    }
}

pub fn run(args: ImportArgs) -> Result<u8, Failure> {
    if let Some(date) = &args.retrieved
        && !import::is_date(date)
    {
        return Err(Failure::bad_input(format!(
            "--retrieved `{date}` is not a date as YYYY-MM-DD"
        )));
    }
    if let Some(prefix) = args.path_prefix.iter().find(|p| !import::is_path_prefix(p)) {
        return Err(Failure::bad_input(format!(
            "--path-prefix `{prefix}` must be whole segments: `/v1`, a slash first and none last, \
             a parameter only as a whole segment (`/ex/jira/{{cloudid}}`)"
        )));
    }
    let options = Options {
        id: args.id,
        name: args.name,
        source: args.source,
        revision: args.revision,
        retrieved: args.retrieved,
        attribution: args.attribution,
        docs_url: args.docs_url,
        authorize_url: args.authorize_url,
        token_url: args.token_url,
        delimiter: args.delimiter,
        comments: args.comment,
        all_of_note: args.all_of_note,
        path_prefixes: args.path_prefix,
        scopes: args.scope,
        only_in: args.only_in,
    };
    let single = |what: &str| -> Result<&PathBuf, Failure> {
        match args.sources.as_slice() {
            [one] => Ok(one),
            _ => Err(Failure::bad_input(format!(
                "import {what} reads one document, got {}",
                args.sources.len()
            ))),
        }
    };
    let imported: Imported = match args.kind {
        Kind::GoogleDiscovery => import::google_discovery(&args.sources, &options),
        Kind::Openapi => import::openapi(single("openapi")?, &options),
        Kind::Oidc => import::oidc(single("oidc")?, &options),
    }
    .map_err(Failure::bad_input)?;
    for warning in &imported.warnings {
        super::output::error(&format!("warning: {warning}"));
    }
    let text = imported.draft.to_toml();
    // What an importer writes must load, operations included (they are read only when
    // first asked for, as `validate` asks): if it does not, say so rather than write it.
    if let Err(error) = crate::catalog::parse_catalog(
        &text,
        "the imported catalog",
        crate::catalog::Origin::Builtin,
    )
    .and_then(|catalog| catalog.operations().map(drop))
    {
        return Err(Failure::bad_input(format!(
            "the import does not make a valid catalog: {error}"
        )));
    }
    // `-o -` is stdout, as `-` is for every file a command line names.
    let output = args.output.as_ref().filter(|path| path.as_os_str() != "-");
    match output {
        Some(path) => crate::profile::write_atomically(path, text.as_bytes()).map_err(|e| {
            let hint = match e.kind() {
                std::io::ErrorKind::InvalidInput => " (without -o the catalog goes to stdout)",
                _ => "",
            };
            Failure::bad_input(format!("cannot write {}: {e}{hint}", path.display()))
        })?,
        None => super::output::print(&text)?,
    }
    Ok(0)
}
