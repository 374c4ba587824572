//! The command line: argument parsing and the plain commands. Every command prints plain
//! text for people and, with `--json`, JSON for scripts.
//!
//! Exit codes: 0 ok, 1 a check failed, 2 bad input, 130 the explorer was cancelled.

mod colour;
mod commands;
mod complete;
mod config;
mod failure;
mod import;
pub mod input;
mod man;
pub use man::manpage;
mod mistyped;
mod output;
mod table;

pub use failure::{Cause, Failure};
pub use output::mark_stdout_closed;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::engine::ArgValueCompleter;
use std::process::ExitCode;

/// `--format`: the output forms of [`crate::export::Format`] as clap reads them (the
/// model does not depend on clap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FormatArg {
    /// The scope string, joined with the catalog's delimiter.
    #[default]
    Delimited,
    /// `scope=` query parameter, URL-encoded.
    Query,
    /// A JSON array of scope names.
    Json,
}

impl From<FormatArg> for crate::export::Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Delimited => Self::Delimited,
            FormatArg::Query => Self::Query,
            FormatArg::Json => Self::Json,
        }
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "scopex",
    version,
    about = "Explore OAuth scope catalogs, see what scopes really grant, export the minimal scope string",
    long_about = "Explore OAuth scope catalogs, see what scopes really grant, export the minimal scope string.\n\n\
        With no command, opens the interactive explorer: `scopex` shows the catalog picker, \
        `scopex CATALOG` opens a catalog (a built-in id such as outreach, github, sipgate, \
        stora, a catalog in your config folder, or a path to a catalog file).\n\n\
        Scopes may be given as separate arguments, as one delimited string, on stdin, or as \
        a whole authorize URL (its `scope` parameter is read, and Slack's `user_scope`).",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes, for every command: 0 ok, 1 a check failed (or a search found \
        nothing), 2 bad input (or output that could not be written), 130 cancelled."
)]
pub struct Cli {
    /// Catalog to open in the explorer (id or path); omit for the picker
    #[arg(add = ArgValueCompleter::new(complete::catalogs))]
    pub catalog: Option<String>,

    /// Scopes ticked when the explorer opens
    #[arg(long, value_name = "SCOPES", add = ArgValueCompleter::new(complete::scopes))]
    pub select: Vec<String>,

    /// Open an integration profile in the explorer
    #[arg(long, value_name = "FILE", conflicts_with = "catalog")]
    pub profile: Option<std::path::PathBuf>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it),
    /// always or never. Without colour the explorer shows focus and matches by reverse
    /// video, bold and underline. The commands colour only their messages on stderr (each
    /// command's --help says which)
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t)]
    pub color: colour::ColorChoice,

    /// The explorer's colours: dark, light (for light terminal backgrounds) or mono
    #[arg(long, value_name = "THEME", value_parser = ["dark", "light", "mono"])]
    pub theme: Option<String>,

    /// Anything after the catalog: refused with a pointer to the commands
    #[arg(hide = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub rest: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the available catalogs (built-in and your own)
    Catalogs(JsonFlag),
    /// List every scope of a catalog
    List {
        /// Catalog id or path
        #[arg(add = ArgValueCompleter::new(complete::catalogs))]
        catalog: String,
        /// Show the resource tree (with --json, its nodes in order)
        #[arg(long)]
        tree: bool,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Fuzzy-search scope names and descriptions
    Search {
        /// Catalog id or path
        #[arg(add = ArgValueCompleter::new(complete::catalogs))]
        catalog: String,
        /// The query; words are matched separately, like fzf
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Show at most this many matches (1 or more)
        #[arg(long, short = 'n', value_parser = input::at_least_one)]
        limit: Option<usize>,
        #[command(flatten)]
        json: JsonFlag,
    },
    /// Every scope the given scopes effectively hold, one per line
    Closure(ScopesArgs),
    /// The smallest scope string with the same privilege
    Minimize {
        #[command(flatten)]
        scopes: ScopesArgs,
        /// Print the expanded string instead: every held scope spelled out
        #[arg(long)]
        expanded: bool,
        /// Output form (--json prints every form at once instead)
        #[arg(long, value_enum, default_value_t, conflicts_with = "json")]
        format: FormatArg,
    },
    /// Why each scope is held, with the evidence for every step
    Explain(ScopesArgs),
    /// The least-privilege scopes for the API calls an integration makes
    #[command(
        after_help = "Operations are ids (drive.files.list), `METHOD /path` with a \
        template or concrete values (`GET /users/42` matches /users/{id}; the most specific \
        template wins), bare paths or whole URLs. An operation may be authorized by any one \
        of several alternatives: the answer takes, over all the operations together, the \
        fewest grants, then the fewest scopes, then catalog order, and warns where the \
        least alternatives grant different data."
    )]
    Need {
        /// Catalog id or path
        #[arg(add = ArgValueCompleter::new(complete::catalogs))]
        catalog: String,
        /// Operations; read from stdin, one a line, when omitted or `-`
        operations: Vec<String>,
        /// Print the expanded string instead: every held scope spelled out
        #[arg(long)]
        expanded: bool,
        /// Print, for each operation, its alternatives from least to most privilege and
        /// the one chosen, with why
        #[arg(long, conflicts_with = "json")]
        explain: bool,
        /// Output form (--json prints every form at once instead)
        #[arg(long, value_enum, default_value_t, conflicts_with = "json")]
        format: FormatArg,
        #[command(flatten)]
        json: JsonFlag,
        #[command(flatten)]
        trust: TrustFlag,
    },
    /// The operations (API calls) of a catalog, or those the given scopes authorize
    #[command(
        after_help = "Each line: the operation, its method and path (unless its id is that \
        request already), then the scopes that authorize it, alternatives apart with `|`. \
        The columns line up; on a terminal an id or path too long for its column ends \
        its line and the rest of the row goes on the next, under its columns; into a \
        pipe or a file each operation stays one line, pushed along after it."
    )]
    Operations {
        /// Catalog id or path
        #[arg(add = ArgValueCompleter::new(complete::catalogs))]
        catalog: String,
        /// Scopes: names, one delimited string, or an authorize URL (`-`: stdin); every
        /// operation when omitted
        #[arg(add = ArgValueCompleter::new(complete::scopes))]
        scopes: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
        #[command(flatten)]
        trust: TrustFlag,
    },
    /// Compare two selections: what B grants that A does not, and the reverse
    #[command(
        after_help = "Each side is a scope string, an authorize URL or a profile file. \
        The catalog may be left out when a side is a profile:\n  \
        scopex diff outreach 'prospects.read' 'prospects.all'\n  \
        scopex diff opensense.toml 'users.read teams.read'"
    )]
    Diff {
        /// CATALOG A B: two selections in a catalog, each one string of scopes (quoted);
        /// PROFILE B: a profile's scopes against B; PROFILE PROFILE: two profiles
        #[arg(required = true, num_args = 2..=3, value_names = ["CATALOG", "A", "B"])]
        args: Vec<String>,
        #[command(flatten)]
        json: JsonFlag,
        #[command(flatten)]
        trust: TrustFlag,
    },
    /// Check a scope string against a catalog or a profile: fails (exit 1) on grants
    /// beyond the profile or --within, or with --minimal on a string that is not minimal;
    /// unknown scopes or no scopes at all are bad input (exit 2)
    Check {
        #[command(flatten)]
        scopes: ScopesArgs,
        /// Fail when the scopes grant anything these scopes do not
        #[arg(long, value_name = "SCOPES")]
        within: Option<String>,
        /// Fail when the string is not already minimal
        #[arg(long)]
        minimal: bool,
        /// Fail (exit 1) on warnings too: a deprecated scope, a minimality the search could
        /// not prove
        #[arg(long)]
        strict: bool,
    },
    /// The permissions report of a profile, in Markdown: each scope, what it grants and
    /// why it is needed, the minimal and expanded strings, and possible over-grants
    Report {
        /// Path to a profile file
        profile: std::path::PathBuf,
        #[command(flatten)]
        json: JsonFlag,
        #[command(flatten)]
        trust: TrustFlag,
    },
    /// The authorize URL of a profile or of scopes in a catalog, or with --token-page the
    /// provider's page that creates a personal access token with those scopes ticked
    #[command(after_help = "  scopex url opensense.toml --client-id abc123\n  \
        scopex url github repo read:org --client-id abc123\n  \
        scopex url github repo read:org --token-page --name 'CI deploy'\n\
        The scopes are the minimal string of those given. Token pages are known for the \
        catalogs that set token_page_url (github, gitlab).")]
    Url {
        /// A profile file, or a catalog id or path followed by scopes
        #[arg(value_name = "PROFILE_OR_CATALOG", add = ArgValueCompleter::new(complete::catalogs))]
        target: String,
        /// Scopes, after a catalog: names, one delimited string, or an authorize URL; read
        /// from stdin when omitted or `-`
        #[arg(add = ArgValueCompleter::new(complete::scopes))]
        scopes: Vec<String>,
        /// Client id (overrides the profile's)
        #[arg(long, conflicts_with = "token_page")]
        client_id: Option<String>,
        /// Redirect URI (overrides the profile's)
        #[arg(long, conflicts_with = "token_page")]
        redirect_uri: Option<String>,
        /// A value for a `{NAME}` in the catalog's authorize URL (`shop=my-store` for
        /// Shopify's `{shop}`; repeatable)
        #[arg(long, value_name = "NAME=VALUE", value_parser = import::name_and_text, conflicts_with = "token_page")]
        param: Vec<(String, String)>,
        /// Print the provider's page that creates a personal access token with the scopes
        /// ticked, instead of the authorize URL
        #[arg(long)]
        token_page: bool,
        /// The token's name on that page (default: the profile's name)
        #[arg(long, requires = "token_page")]
        name: Option<String>,
        #[command(flatten)]
        json: JsonFlag,
        #[command(flatten)]
        trust: TrustFlag,
    },
    /// Print the shell script that sets up completion (catalog ids, profile paths and the
    /// scope names of the catalog already typed); add its output to your shell's start-up,
    /// e.g. `source <(scopex completions bash)` in ~/.bashrc
    Completions {
        /// The shell
        #[arg(value_parser = ["bash", "zsh", "fish", "elvish", "powershell"])]
        shell: String,
    },
    /// Where your config file is (config.toml: defaults, theme, keys), its default text,
    /// or whether it is valid
    #[command(
        after_help = "With no option, prints the file's path (it need not exist yet):\n  \
        scopex config --print-default > \"$(scopex config)\"\n\
        A config file that is not valid is refused by every command but this one, \
        `completions` and `manpage`."
    )]
    Config(config::ConfigArgs),
    /// Print the manual page (roff), e.g. `scopex manpage > ~/.local/share/man/man1/scopex.1`
    Manpage,
    /// Build a catalog from a provider's published documents: Google discovery
    /// documents, an OpenAPI 3 document, or OpenID Connect / OAuth server metadata
    #[command(
        after_help = "The catalog goes to stdout (or -o FILE); warnings about sloppy documents to stderr.\n  \
        scopex import openapi petstore.yaml --retrieved 2026-12-01 -o petstore.toml\n  \
        scopex import google-discovery googleapiclient/discovery_cache/documents/"
    )]
    Import(Box<import::ImportArgs>),
    /// Validate a catalog or profile file
    Validate {
        /// Path to a catalog or profile file
        file: std::path::PathBuf,
        #[command(flatten)]
        json: JsonFlag,
    },
}

#[derive(Args, Debug, Clone, Copy)]
pub struct JsonFlag {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// Which evidence the grant computations use.
#[derive(Args, Debug, Clone, Copy)]
pub struct TrustFlag {
    /// Evidence to trust, as a comma list of documented, description, derived, inferred,
    /// or `all`; implications with other evidence are ignored (a composite missing one
    /// becomes atomic)
    #[arg(
        long,
        value_name = "LEVELS",
        default_value = "documented,description,derived",
        value_parser = crate::grants::Trust::parse
    )]
    pub trust: crate::grants::Trust,
}

#[derive(Args, Debug)]
pub struct ScopesArgs {
    /// Catalog id or path (for `check`, a profile file too)
    #[arg(add = ArgValueCompleter::new(complete::catalogs))]
    pub catalog: String,
    /// Scopes: names, one delimited string, or an authorize URL; read from stdin when
    /// omitted or `-`
    #[arg(add = ArgValueCompleter::new(complete::scopes))]
    pub scopes: Vec<String>,
    #[command(flatten)]
    pub json: JsonFlag,
    #[command(flatten)]
    pub trust: TrustFlag,
}

/// The command line as clap knows it: [`Cli`], each command's `--color` saying what colour
/// means for that command's output (the top-level one speaks of the explorer). Parsing,
/// `--help`, the manual page and shell completion all read this one.
pub fn command() -> clap::Command {
    let top = Cli::command();
    let Some(colour) = top
        .get_arguments()
        .find(|arg| arg.get_id() == "color")
        .cloned()
    else {
        return top;
    };
    // A command's own `--color` takes the place of the one the top level would hand down.
    top.mut_subcommands(|sub| {
        let help = colour::help_for(sub.get_name());
        sub.arg(colour.clone().help(help))
    })
}

/// Parses the arguments and runs; the process exit code.
pub fn main() -> ExitCode {
    // The shell's completion requests (`COMPLETE=bash scopex -- …`) end here.
    clap_complete::CompleteEnv::with_factory(command).complete();
    let mut command = command();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let (colour, args) = colour::ColorChoice::from_args(&args);
    let config = crate::config::load();
    if let Ok(crate::config::Config {
        trust: Some(trust), ..
    }) = &config
    {
        command = with_trust_default(command, *trust);
    }
    if let Some(choice) = colour {
        command = command.color(choice.clap());
    }
    // Only `--version` pays for loading the built-in catalogs to list them.
    // The arguments as given: one that is not UTF-8 is clap's to refuse.
    if matches!(
        args.get(1).and_then(|arg| arg.to_str()),
        Some("--version" | "-V")
    ) {
        // Printed once, then the process ends: leaking the text is the simple way to give
        // clap the `'static` string it takes.
        let text: &'static str = Box::leak(version_text().into_boxed_str());
        command = command.version(text);
    }
    let parsed = command
        .try_get_matches_from(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let mut cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return output::clap_answer(&error),
    };
    if let Some(choice) = colour {
        cli.color = choice;
    }
    output::set_colour(cli.color);
    match run(cli, config) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            if !failure.message.is_empty() {
                output::error(&failure.message);
            }
            ExitCode::from(failure.code)
        }
    }
}

/// The version and the catalog set this build carries, with the date each was read from
/// its source.
pub fn version_text() -> String {
    let mut text = format!("{}\nbuilt-in catalogs:", env!("CARGO_PKG_VERSION"));
    let width = crate::catalog::BUILTIN
        .iter()
        .map(|(id, _, _)| id.len())
        .max()
        .unwrap_or(0);
    for (id, _, _) in crate::catalog::BUILTIN {
        let Some(catalog) = crate::catalog::builtin(id) else {
            continue;
        };
        let retrieved = catalog.retrieved.as_deref().unwrap_or("date not recorded");
        text.push_str(&format!(
            "\n  {id:<width$}  {:>4} scopes  retrieved {retrieved}",
            catalog.len()
        ));
    }
    text
}

/// Where to move the catalogs an earlier version kept in `old` (macOS).
fn legacy_note(old: &std::path::Path) -> String {
    let new = crate::catalog::user_catalog_dir().map_or_else(
        || "the config folder".to_string(),
        |d| d.display().to_string(),
    );
    format!(
        "note: catalogs are read from {new} now; those in {old}, where earlier versions kept \
         them, are read too, for now. Move them: mkdir -p '{new}' && mv '{old}'/*.toml '{new}'/",
        old = old.display()
    )
}

/// The config file's `trust` as the default of every `--trust`, so `--help` shows it too.
fn with_trust_default(command: clap::Command, trust: crate::grants::Trust) -> clap::Command {
    // Made once, for the one parse of the process: clap keeps defaults as `'static`.
    let levels: &'static str = Box::leak(trust.levels().join(",").into_boxed_str());
    command.mut_subcommands(|sub| {
        if sub.get_arguments().any(|arg| arg.get_id() == "trust") {
            sub.mut_arg("trust", |arg| arg.default_value(levels))
        } else {
            sub
        }
    })
}

fn run(
    cli: Cli,
    config: Result<crate::config::Config, crate::config::LoadFailure>,
) -> Result<u8, Failure> {
    use crate::config::LoadFailure;
    // A broken config file is refused, not ignored, except where it is the subject.
    let config = match (&cli.command, config) {
        (Some(Command::Config(_) | Command::Completions { .. } | Command::Manpage), _) => {
            crate::config::Config::default()
        }
        (_, Ok(config)) => config,
        (_, Err(LoadFailure::Unreadable(error))) => {
            return Err(Failure::bad_input(format!(
                "{error}\nscopex reads its config file before every command: make it \
                 readable, or move it away"
            )));
        }
        (_, Err(LoadFailure::Invalid(error))) => {
            return Err(Failure::bad_input(format!(
                "{error}\nthe config file is not valid: fix it (`scopex config --check` \
                 checks it again) or move it away"
            )));
        }
    };
    let quiet = matches!(
        &cli.command,
        Some(Command::Completions { .. } | Command::Manpage | Command::Import(_))
    );
    if !quiet && let Some(old) = crate::catalog::legacy_user_catalog_dir() {
        output::error(&legacy_note(&old));
    }
    if let [first, ..] = cli.rest.as_slice() {
        let commands = command();
        return Err(Failure::bad_input(mistyped::more_after_catalog(
            cli.catalog.as_deref(),
            first,
            commands.get_subcommands().map(|c| c.get_name()),
        )));
    }
    match cli.command {
        Some(command) => commands::run(command),
        None => {
            // The explorer always draws on a terminal.
            let theme = config.theme(
                cli.theme
                    .as_deref()
                    .and_then(crate::tui::theme::ThemeName::parse),
                cli.color.enabled_here(true),
            );
            let settings = crate::tui::Settings {
                theme,
                bindings: config.bindings.clone(),
                format: config.format,
                trust: config.trust,
            };
            // The config's catalog opens instead of the picker.
            let from_config = cli.catalog.is_none() && cli.profile.is_none();
            let catalog = match (&cli.catalog, &config.catalog) {
                (Some(catalog), _) => Some(catalog.as_str()),
                (None, Some(catalog)) if from_config => Some(catalog.as_str()),
                _ => None,
            };
            commands::explore(catalog, cli.profile.as_deref(), &cli.select, settings).map_err(
                |failure| match (&config.catalog, from_config) {
                    (Some(catalog), true) if failure.code == 2 => Failure::bad_input(format!(
                        "the config file's default catalog `{catalog}`: {}",
                        failure.message
                    )),
                    _ => match (&cli.catalog, failure.cause) {
                        (Some(name), Cause::UnknownCatalog { near }) => {
                            match mistyped::no_command(
                                name,
                                near,
                                command().get_subcommands().map(|c| c.get_name()),
                            ) {
                                Some(note) => Failure {
                                    message: format!("{}\n{note}", failure.message),
                                    ..failure
                                },
                                None => failure,
                            }
                        }
                        _ => failure,
                    },
                },
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FormatArg;
    use crate::export::Format;
    use clap::ValueEnum;

    /// Each command's `--color` says what colour means for it, from a table that knows
    /// every command; clap accepts a command's own `--color` beside the top level's.
    #[test]
    fn every_command_says_what_its_colour_means() {
        let command = super::command();
        command.clone().debug_assert();
        for sub in command.get_subcommands() {
            assert!(
                super::colour::coloured_by(sub.get_name()).is_some(),
                "`{}`: say what --color colours in its output",
                sub.get_name()
            );
        }
    }

    /// Every output form can be asked for, each by its own name.
    #[test]
    fn each_format_argument_is_one_output_form() {
        let forms: Vec<Format> = FormatArg::value_variants()
            .iter()
            .map(|&arg| arg.into())
            .collect();
        assert_eq!(forms, Format::ALL);
        assert_eq!(Format::from(FormatArg::default()), Format::default());
    }
}
