//! `scopex config`: where the config file is, its default text, and whether it is valid.

use super::{Failure, output};
use crate::config;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    /// Print the default config file: every setting at its default value, commented out
    /// and explained
    #[arg(long, conflicts_with = "check")]
    pub print_default: bool,
    /// Check the config file (or FILE): a mistake is reported at its line and column,
    /// exit 2
    #[arg(long)]
    pub check: bool,
    /// With --check: the file to check instead of the one in the config folder
    #[arg(requires = "check", value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub fn run(args: ConfigArgs) -> Result<u8, Failure> {
    if args.print_default {
        output::print(&config::default_file())?;
        return Ok(0);
    }
    let Some(path) = args.file.clone().or_else(config::path) else {
        return Err(Failure::bad_input(
            "no config folder: set SCOPEX_CONFIG_DIR, XDG_CONFIG_HOME or HOME",
        ));
    };
    if args.check {
        // No file in the config folder is a valid setting: every default applies. A file
        // named on the command line must be there.
        if args.file.is_none() && !path.exists() {
            output::print(&format!(
                "{}: no config file; the defaults apply\n",
                path.display()
            ))?;
            return Ok(0);
        }
        config::check_file(&path).map_err(Failure::bad_input)?;
        output::print(&format!("{}: ok\n", path.display()))?;
        return Ok(0);
    }
    // The path alone on stdout, for scripts: scopex config --print-default > "$(scopex config)"
    output::print(&format!("{}\n", path.display()))?;
    if !path.exists() {
        output::error(
            "note: no config file there yet; `scopex config --print-default` prints one to start from",
        );
    } else if let Err(error) = config::check_file(&path) {
        output::error(&format!(
            "warning: {error}
`scopex config --check` checks it again once it is fixed"
        ));
    }
    Ok(0)
}
