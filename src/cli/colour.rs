//! Whether to colour: `--color auto|always|never`, then the conventions of the terminal
//! world, in the order anstream (clap's own output) applies them: `NO_COLOR` (set and not
//! empty) turns colour off, `CLICOLOR_FORCE` turns it on even into a pipe, `CLICOLOR=0`
//! and `TERM=dumb` turn it off; otherwise colour only on a terminal.

use std::ffi::OsString;

/// `--color`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ColorChoice {
    /// Colour on a terminal unless NO_COLOR is set (CLICOLOR_FORCE: even off a terminal)
    #[default]
    Auto,
    /// Always colour, whatever the environment says
    Always,
    /// Never colour
    Never,
}

/// What `--color` colours in the output of `command` (a plain command), and what it
/// never does; `None` for a command this table does not know yet.
pub(super) fn coloured_by(command: &str) -> Option<(&'static str, &'static str)> {
    Some(match command {
        "catalogs" => ("errors", "the list of catalogs"),
        "list" => ("errors", "the scopes and the tree"),
        "search" => ("errors", "the matches"),
        "closure" => ("errors", "the held scopes"),
        "minimize" => (
            "a note when the string is not proven minimal, and errors",
            "the scope string",
        ),
        "explain" => ("errors", "the explanation"),
        "need" => (
            "warnings (least alternatives that grant different data, deprecated or \
             restricted scopes), notes and errors",
            "the scope string and the explanation",
        ),
        "operations" => ("errors", "the operations"),
        "diff" => ("errors", "the comparison"),
        "check" => (
            "warnings (deprecated scopes, a minimality not proven), a failed check and errors",
            "the `ok` line or the JSON",
        ),
        "report" => ("errors", "the Markdown report"),
        "url" => ("a note when no client id is known, and errors", "the URL"),
        "completions" => ("errors", "the script"),
        "config" => (
            "a note when there is no config file yet, a warning when it is not valid, and \
             errors",
            "the path and the default text",
        ),
        "manpage" => ("errors", "the manual page"),
        "import" => ("warnings about sloppy documents, and errors", "the catalog"),
        "validate" => ("the problem found, with its place", "the verdict"),
        _ => return None,
    })
}

/// The help of `--color` for the plain command `command`: what colour means for its
/// output. The explorer's own (the top-level flag's) speaks of the explorer instead.
pub fn help_for(command: &str) -> String {
    let (coloured, plain) =
        coloured_by(command).unwrap_or(("the messages", "what the command prints"));
    format!(
        "Colour of the messages on stderr and of this help: auto (on a terminal, unless \
         NO_COLOR is set; CLICOLOR_FORCE forces it), always or never. Coloured: {coloured}; \
         {plain} on stdout never is"
    )
}

impl ColorChoice {
    /// Colour for an output that is (`is_terminal`) or is not a terminal, with the
    /// environment variables read by `env`.
    pub fn enabled(self, env: impl Fn(&str) -> Option<OsString>, is_terminal: bool) -> bool {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("NO_COLOR") => false,
            ColorChoice::Auto
                if set("CLICOLOR_FORCE") && env("CLICOLOR_FORCE") != Some("0".into()) =>
            {
                true
            }
            ColorChoice::Auto if env("CLICOLOR") == Some("0".into()) => false,
            ColorChoice::Auto if env("TERM").is_some_and(|t| t == "dumb") => false,
            ColorChoice::Auto => is_terminal,
        }
    }

    /// [`ColorChoice::enabled`] with the process's environment.
    pub fn enabled_here(self, is_terminal: bool) -> bool {
        self.enabled(|name| std::env::var_os(name), is_terminal)
    }

    /// `--color` as the arguments give it, read before clap parses them so that clap's
    /// own help and errors follow it too (the last one given wins), and the arguments
    /// without it: given before a command it would otherwise count as an argument of the
    /// explorer and make the command's name read as a catalog. A value clap would refuse
    /// is left for clap to refuse.
    pub fn from_args(args: &[OsString]) -> (Option<ColorChoice>, Vec<OsString>) {
        let parse = |value: Option<&OsString>| match value.and_then(|v| v.to_str()) {
            Some("auto") => Some(ColorChoice::Auto),
            Some("always") => Some(ColorChoice::Always),
            Some("never") => Some(ColorChoice::Never),
            _ => None,
        };
        let mut choice = None;
        let mut rest = Vec::with_capacity(args.len());
        let mut i = 0;
        while i < args.len() {
            let arg = &args[i];
            if arg == "--" {
                rest.extend(args[i..].iter().cloned());
                break;
            }
            let inline = arg
                .to_str()
                .and_then(|a| a.strip_prefix("--color="))
                .map(OsString::from);
            let (value, taken) = match (i > 0 && arg == "--color", inline) {
                (true, _) => (parse(args.get(i + 1)), 2),
                (false, Some(value)) => (parse(Some(&value)), 1),
                (false, None) => (None, 1),
            };
            match value {
                Some(value) => {
                    choice = Some(value);
                    i += taken;
                }
                None => {
                    rest.push(arg.clone());
                    i += 1;
                }
            }
        }
        (choice, rest)
    }

    pub fn clap(self) -> clap::ColorChoice {
        match self {
            ColorChoice::Auto => clap::ColorChoice::Auto,
            ColorChoice::Always => clap::ColorChoice::Always,
            ColorChoice::Never => clap::ColorChoice::Never,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn auto_colours_a_terminal_only() {
        assert!(ColorChoice::Auto.enabled(env(&[]), true));
        assert!(!ColorChoice::Auto.enabled(env(&[]), false));
    }

    #[test]
    fn no_color_set_and_not_empty_turns_colour_off() {
        assert!(!ColorChoice::Auto.enabled(env(&[("NO_COLOR", "1")]), true));
        assert!(ColorChoice::Auto.enabled(env(&[("NO_COLOR", "")]), true));
        // It wins over CLICOLOR_FORCE, as in anstream.
        assert!(
            !ColorChoice::Auto.enabled(env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]), true)
        );
    }

    #[test]
    fn clicolor_force_colours_a_pipe() {
        assert!(ColorChoice::Auto.enabled(env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!ColorChoice::Auto.enabled(env(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!ColorChoice::Auto.enabled(env(&[("CLICOLOR_FORCE", "")]), false));
    }

    #[test]
    fn clicolor_0_and_a_dumb_terminal_turn_it_off() {
        assert!(!ColorChoice::Auto.enabled(env(&[("CLICOLOR", "0")]), true));
        assert!(!ColorChoice::Auto.enabled(env(&[("TERM", "dumb")]), true));
    }

    #[test]
    fn the_flag_wins_over_the_environment() {
        let all = [("NO_COLOR", "1"), ("TERM", "dumb")];
        assert!(ColorChoice::Always.enabled(env(&all), false));
        assert!(!ColorChoice::Never.enabled(env(&[("CLICOLOR_FORCE", "1")]), true));
    }

    #[test]
    fn the_flag_is_read_before_parsing() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            ColorChoice::from_args(&args(&["scopex", "--color", "never", "list"])),
            (Some(ColorChoice::Never), args(&["scopex", "list"]))
        );
        assert_eq!(
            ColorChoice::from_args(&args(&["scopex", "list", "x", "--color=always"])),
            (Some(ColorChoice::Always), args(&["scopex", "list", "x"]))
        );
        assert_eq!(
            ColorChoice::from_args(&args(&["scopex", "list"])),
            (None, args(&["scopex", "list"]))
        );
        assert_eq!(
            ColorChoice::from_args(&args(&["scopex", "--", "--color=always"])),
            (None, args(&["scopex", "--", "--color=always"]))
        );
        // clap says what is wrong with a bad value.
        assert_eq!(
            ColorChoice::from_args(&args(&["scopex", "--color", "red"])),
            (None, args(&["scopex", "--color", "red"]))
        );
    }
}
