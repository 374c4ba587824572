//! The user's `config.toml`: defaults (the explorer's export format, the trust levels, the
//! catalog `scopex` opens), the theme, and the keys. Read from the config folder
//! ([`crate::catalog::config_dir`]), validated like a catalog: a mistake is an error at its
//! line and column, an unknown key is named with its closest real neighbours.
//!
//! ```toml
//! [defaults]
//! format = "query"
//! trust = "documented,description"
//! [theme]
//! base = "light"
//! match = "bold magenta"
//! [keys]
//! toggle = ["space", "x"]
//! [keys.search]
//! move_down = ["down", "ctrl-j"]
//! ```
//!
//! This module knows TOML; what it produces are the explorer's own types (a [`Theme`], a
//! key table), so the explorer does not.
//!
//! Why this file is long: a fifth of it is unit tests of the located errors; the rest is
//! one file format (defaults, theme, keys) read and checked in one place.

use crate::catalog::file::ReadFailure;
use crate::catalog::{Located, suggest};
use crate::export::Format;
use crate::grants::Trust;
use crate::tui::action::Action;
use crate::tui::keys::{BINDINGS, Binding, Context, Key};
use crate::tui::rebind::{self, CONTEXT_NAMES};
use crate::tui::theme::{Theme, ThemeName};
use ratatui::style::{Color, Modifier, Style};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The configuration in force. `Config::default()` is what no file means.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    /// The export format the explorer starts with.
    pub format: Option<Format>,
    /// The evidence trusted when `--trust` is not given.
    pub trust: Option<Trust>,
    /// The catalog `scopex` with no argument opens, instead of the picker.
    pub catalog: Option<String>,
    /// Where `catalog` is in the file, to point at it when it does not open.
    pub catalog_span: Option<Range<usize>>,
    /// `[theme] base`.
    pub theme_base: Option<ThemeName>,
    /// `[theme]` roles set by the user, in file order.
    pub theme_roles: Vec<(String, Style)>,
    /// The key table, when `[keys]` changed anything.
    pub bindings: Option<Vec<Binding>>,
}

impl Config {
    /// The theme: `name` (from `--theme`) or the file's base, with the file's roles on
    /// top. Without colour it is the monochrome theme whatever the file says, as
    /// `NO_COLOR` asks.
    pub fn theme(&self, name: Option<ThemeName>, colour: bool) -> Theme {
        if !colour {
            return Theme::MONO;
        }
        let mut theme = name.or(self.theme_base).unwrap_or(ThemeName::Dark).theme();
        for (role, style) in &self.theme_roles {
            if let Some(slot) = theme.role_mut(role) {
                *slot = *style;
            }
        }
        theme
    }
}

/// The config file's name in the config folder.
pub const FILE_NAME: &str = "config.toml";

/// Where the config file is (whether or not it exists).
pub fn path() -> Option<PathBuf> {
    crate::catalog::config_dir().map(|dir| dir.join(FILE_NAME))
}

/// Reads the config file: none is the default configuration; one that cannot be read or
/// is not valid, its default catalog one that does not open included (as `config
/// --check` finds), is an error: every command refuses it rather than ignore it.
pub fn load() -> Result<Config, LoadFailure> {
    let Some(path) = path() else {
        return Ok(Config::default());
    };
    let text = match read(&path) {
        Ok(text) => text,
        Err(ReadFailure::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config::default());
        }
        Err(ReadFailure::Io(e)) => {
            return Err(LoadFailure::Unreadable(read_failure(
                &path,
                ReadFailure::Io(e),
            )));
        }
        Err(failure) => return Err(LoadFailure::Invalid(read_failure(&path, failure))),
    };
    checked(&text, &path).map_err(LoadFailure::Invalid)
}

/// Why the config file was refused, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFailure {
    /// It is there but cannot be read (its permissions, a folder in its place): nothing
    /// is known of its content.
    Unreadable(String),
    /// Its content is not a valid config.
    Invalid(String),
}

/// The config file's text. Only a regular file of a sane size is read: a FIFO put in its
/// place would otherwise hold every command waiting, `/dev/zero` fill the memory.
fn read(path: &Path) -> Result<String, ReadFailure> {
    crate::catalog::file::read_text(path, &path.display().to_string())
}

fn read_failure(path: &Path, failure: ReadFailure) -> String {
    match failure {
        ReadFailure::Io(e) => format!("{}: cannot read the config file: {e}", path.display()),
        ReadFailure::NotUtf8(located) => located.to_string(),
    }
}

/// Reads and checks `path` completely, the default catalog included: it must open.
pub fn check_file(path: &Path) -> Result<Config, String> {
    let text = read(path).map_err(|failure| read_failure(path, failure))?;
    checked(&text, path)
}

/// The config of `text` (the file at `path`), checked completely: the default catalog
/// must open. A built-in one is only looked up (the test suite loads every built-in); a
/// file is loaded, as the explorer would.
fn checked(text: &str, path: &Path) -> Result<Config, String> {
    use crate::catalog::CatalogSource;
    let file = path.display().to_string();
    let config = parse(text, &file).map_err(|e| e.to_string())?;
    if let (Some(catalog), Some(span)) = (&config.catalog, &config.catalog_span)
        && let Err(e) = CatalogSource::find(catalog).and_then(|source| match source {
            CatalogSource::Builtin(_) => Ok(()),
            other => other.load().map(drop),
        })
    {
        let message = format!("the default catalog does not open: {e}");
        return Err(Located::new(&file, text, Some(span.clone()), message).to_string());
    }
    Ok(config)
}

/// Parses a config file's text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Config, Located> {
    let at = |span: Range<usize>, message: String| Located::new(file, text, Some(span), message);
    let root = DeTable::parse(text)
        .map_err(|e| Located::new(file, text, e.span(), e.message().to_string()))?;
    let mut config = Config::default();
    for (key, value) in in_file_order(root.get_ref()) {
        match key.get_ref().as_ref() {
            "defaults" => defaults(
                &mut config,
                table(value, "defaults").map_err(|m| at(value.span(), m))?,
                &at,
            )?,
            "theme" => theme(
                &mut config,
                table(value, "theme").map_err(|m| at(value.span(), m))?,
                &at,
            )?,
            "keys" => keys(
                &mut config,
                table(value, "keys").map_err(|m| at(value.span(), m))?,
                &at,
            )?,
            other => {
                return Err(unknown(
                    &at,
                    key,
                    other,
                    "table",
                    &["defaults", "theme", "keys"],
                ));
            }
        }
    }
    Ok(config)
}

type At<'a> = dyn Fn(Range<usize>, String) -> Located + 'a;

fn in_file_order<'t, 'i>(
    table: &'t DeTable<'i>,
) -> Vec<(
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
)> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
}

fn table<'t, 'i>(value: &'t Spanned<DeValue<'i>>, name: &str) -> Result<&'t DeTable<'i>, String> {
    value.get_ref().as_table().ok_or_else(|| {
        format!(
            "`{name}` must be a table ([{name}]), not a {}",
            value.get_ref().type_str()
        )
    })
}

fn string<'t>(value: &'t Spanned<DeValue<'_>>, name: &str) -> Result<&'t str, String> {
    value.get_ref().as_str().ok_or_else(|| {
        format!(
            "`{name}` must be a string, not a {}",
            value.get_ref().type_str()
        )
    })
}

fn unknown(
    at: &At,
    key: &Spanned<toml::de::DeString<'_>>,
    name: &str,
    what: &str,
    known: &[&str],
) -> Located {
    let suggestions = suggest(name, known.iter().copied());
    let tail = match suggestions.as_slice() {
        [] => format!("; expected one of {}", quoted(known)),
        [one] => format!("; did you mean `{one}`?"),
        many => format!(
            "; did you mean one of {}?",
            quoted(&many.iter().map(String::as_str).collect::<Vec<_>>())
        ),
    };
    at(key.span(), format!("unknown {what} `{name}`{tail}"))
}

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The export formats by the names `--format` gives them.
pub const FORMAT_NAMES: [(&str, Format); 3] = [
    ("delimited", Format::Delimited),
    ("query", Format::Query),
    ("json", Format::Json),
];

fn defaults(config: &mut Config, table: &DeTable<'_>, at: &At) -> Result<(), Located> {
    for (key, value) in in_file_order(table) {
        let name = key.get_ref().as_ref();
        let text = |name| string(value, name).map_err(|m| at(value.span(), m));
        match name {
            "format" => {
                let format = text(name)?;
                let found = FORMAT_NAMES.iter().find(|(n, _)| *n == format);
                let Some((_, format)) = found else {
                    let names: Vec<&str> = FORMAT_NAMES.iter().map(|(n, _)| *n).collect();
                    return Err(at(
                        value.span(),
                        format!(
                            "unknown format `{format}`; expected one of {}",
                            quoted(&names)
                        ),
                    ));
                };
                config.format = Some(*format);
            }
            "trust" => {
                let trust = Trust::parse(text(name)?).map_err(|m| at(value.span(), m))?;
                config.trust = Some(trust);
            }
            "catalog" => {
                let catalog = text(name)?;
                if catalog.is_empty() {
                    return Err(at(
                        value.span(),
                        "`catalog` is empty: a catalog id or path".to_string(),
                    ));
                }
                config.catalog = Some(catalog.to_string());
                config.catalog_span = Some(value.span());
            }
            other => {
                return Err(unknown(
                    at,
                    key,
                    other,
                    "key in [defaults]",
                    &["format", "trust", "catalog"],
                ));
            }
        }
    }
    Ok(())
}

fn theme(config: &mut Config, table: &DeTable<'_>, at: &At) -> Result<(), Located> {
    let roles: Vec<&str> = Theme::DARK.roles().iter().map(|(name, _)| *name).collect();
    for (key, value) in in_file_order(table) {
        let name = key.get_ref().as_ref();
        let text = string(value, name).map_err(|m| at(value.span(), m))?;
        if name == "base" {
            let Some(base) = ThemeName::parse(text) else {
                let names: Vec<&str> = ThemeName::ALL.iter().map(|t| t.as_str()).collect();
                return Err(at(
                    value.span(),
                    format!("unknown theme `{text}`; expected one of {}", quoted(&names)),
                ));
            };
            config.theme_base = Some(base);
        } else if roles.contains(&name) {
            let style = parse_style(text).map_err(|m| at(value.span(), m))?;
            config.theme_roles.push((name.to_string(), style));
        } else {
            let mut known = vec!["base"];
            known.extend(&roles);
            return Err(unknown(at, key, name, "theme role", &known));
        }
    }
    Ok(())
}

fn keys(config: &mut Config, table: &DeTable<'_>, at: &At) -> Result<(), Located> {
    let mut bindings = BINDINGS.to_vec();
    let mut claimed: Vec<Claim> = Vec::new();
    let mut changed = false;
    // Where each screen's way out lost its last key: the entry that left `quit` keyless.
    let mut quit_lost: Vec<(Context, Range<usize>)> = Vec::new();
    let mut bind_watching_quit =
        |bindings: &mut Vec<Binding>, context, key: &Spanned<toml::de::DeString<'_>>, value| {
            let before =
                QUIT_SCREENS.map(|c| rebind::key_names_of(bindings, c, Action::Quit).len());
            bind(bindings, context, key, value, at, &mut claimed)?;
            for (screen, had) in QUIT_SCREENS.into_iter().zip(before) {
                if had > 0 && rebind::key_names_of(bindings, screen, Action::Quit).is_empty() {
                    quit_lost.retain(|(c, _)| *c != screen);
                    quit_lost.push((screen, key.span()));
                }
            }
            Ok::<(), Located>(())
        };
    // The tree's actions are at the top of [keys]; the other contexts in sub-tables.
    for (key, value) in in_file_order(table) {
        let name = key.get_ref().as_ref();
        if let Some(inner) = value.get_ref().as_table() {
            let Some(&(_, context)) = CONTEXT_NAMES.iter().find(|(n, _)| *n == name) else {
                let names: Vec<&str> = CONTEXT_NAMES.iter().map(|(n, _)| *n).collect();
                return Err(unknown(at, key, name, "key context", &names));
            };
            for (key, value) in in_file_order(inner) {
                bind_watching_quit(&mut bindings, context, key, value)?;
                changed = true;
            }
        } else {
            bind_watching_quit(&mut bindings, Context::Tree, key, value)?;
            changed = true;
        }
    }
    for (screen, span) in quit_lost {
        if rebind::key_names_of(&bindings, screen, Action::Quit).is_empty() {
            let (table, example) = match screen {
                Context::Picker => ("[keys.picker]", "quit = [\"ctrl-c\"]"),
                _ => ("[keys]", "quit = [\"q\", \"ctrl-c\"]"),
            };
            return Err(at(
                span,
                format!(
                    "this leaves no key to quit the {}: keep one for `quit` in {table}, e.g. {example}",
                    if screen == Context::Picker {
                        "catalog picker"
                    } else {
                        "explorer"
                    }
                ),
            ));
        }
    }
    if changed {
        config.bindings = Some(bindings);
    }
    Ok(())
}

/// The screens that must keep a key for `quit`: leaving must never depend on Esc with
/// nothing ticked, or on suspending.
const QUIT_SCREENS: [Context; 2] = [Context::Tree, Context::Picker];

/// A key the file gives an action in a context, to find a key given twice.
struct Claim {
    context: Context,
    key: Key,
    action: Action,
}

fn action_named(context: Context, name: &str) -> Option<Action> {
    rebind::actions_of(context)
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, a)| a)
}

/// The keys of one entry: a string or an array of strings, each a key.
fn key_list(value: &Spanned<DeValue<'_>>, at: &At) -> Result<Vec<(Key, Range<usize>)>, Located> {
    let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
        DeValue::Array(array) => array.iter().collect(),
        DeValue::String(_) => vec![value],
        other => {
            return Err(at(
                value.span(),
                format!(
                    "keys are a string or a list of strings (\"x\" or [\"space\", \"x\"]), not a {}",
                    other.type_str()
                ),
            ));
        }
    };
    items
        .into_iter()
        .map(|item| {
            let text = string(item, "a key").map_err(|m| at(item.span(), m))?;
            let key = rebind::parse_key(text).map_err(|m| at(item.span(), m))?;
            Ok((key, item.span()))
        })
        .collect()
}

fn bind(
    bindings: &mut Vec<Binding>,
    context: Context,
    key: &Spanned<toml::de::DeString<'_>>,
    value: &Spanned<DeValue<'_>>,
    at: &At,
    claimed: &mut Vec<Claim>,
) -> Result<(), Located> {
    let name = key.get_ref().as_ref();
    let Some(action) = action_named(context, name) else {
        let names: Vec<&str> = rebind::actions_of(context)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let what = match CONTEXT_NAMES.iter().find(|(_, c)| *c == context) {
            Some((context_name, _)) if *context_name != "tree" => {
                format!("action in [keys.{context_name}]")
            }
            _ => "action in [keys]".to_string(),
        };
        return Err(unknown(at, key, name, &what, &names));
    };
    let keys = key_list(value, at)?;
    for (parsed, span) in &keys {
        if let Some(why) = rebind::refused(context, *parsed) {
            return Err(at(span.clone(), why));
        }
        if let Some(other) = claimed
            .iter()
            .find(|c| c.context == context && c.key == *parsed && c.action != action)
        {
            return Err(at(
                span.clone(),
                format!(
                    "`{}` is given to both `{}` and `{name}`",
                    rebind::key_name(*parsed),
                    rebind::action_name(other.action).unwrap_or("another action")
                ),
            ));
        }
    }
    claimed.extend(keys.iter().map(|&(key, _)| Claim {
        context,
        key,
        action,
    }));
    let keys: Vec<Key> = keys.into_iter().map(|(k, _)| k).collect();
    rebind::rebind(bindings, context, action, &keys);
    Ok(())
}

const COLOURS: [(&str, Color); 17] = [
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

const ATTRIBUTES: [(&str, Modifier); 6] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
    ("strike", Modifier::CROSSED_OUT),
];

/// A style as the config file writes it: attributes and a colour, then `on` and a
/// background colour, e.g. `"bold yellow"`, `"on 237"`, `"reverse"`, `"#d70087 on white"`.
/// Colours are names (`red`, `lightcyan`, `darkgray`, `default`), 256-colour numbers
/// (0-255) or `#rrggbb`. An empty string is no style at all.
pub fn parse_style(text: &str) -> Result<Style, String> {
    let mut style = Style::new();
    let mut background = false;
    let mut fg_set = false;
    for word in text.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        if lower == "on" {
            if background {
                return Err(format!("`on` twice in the style `{text}`"));
            }
            background = true;
            continue;
        }
        if let Some((_, modifier)) = ATTRIBUTES.iter().find(|(n, _)| *n == lower) {
            if background {
                return Err(format!(
                    "`{word}` after `on` in `{text}`: attributes come before the colours"
                ));
            }
            style = style.add_modifier(*modifier);
            continue;
        }
        let Some(colour) = parse_colour(&lower) else {
            let mut known: Vec<&str> = ATTRIBUTES.iter().map(|(n, _)| *n).collect();
            known.extend(COLOURS.iter().map(|(n, _)| *n));
            known.push("on");
            let suggestions = suggest(&lower, known.iter().copied());
            let hint = match suggestions.first() {
                Some(one) => format!("; did you mean `{one}`?"),
                None => String::new(),
            };
            return Err(format!(
                "unknown style word `{word}` in `{text}`{hint} (attributes: bold, dim, italic, \
                 underline, reverse, strike; colours: a name, 0-255 or #rrggbb; `on COLOUR` for \
                 the background)"
            ));
        };
        if background {
            if style.bg.is_some() {
                return Err(format!("two background colours in `{text}`"));
            }
            style = style.bg(colour);
        } else {
            if fg_set {
                return Err(format!(
                    "two colours in `{text}`: write `on` before the background"
                ));
            }
            fg_set = true;
            style = style.fg(colour);
        }
    }
    if background && style.bg.is_none() {
        return Err(format!("`on` without a colour in `{text}`"));
    }
    Ok(style)
}

fn parse_colour(word: &str) -> Option<Color> {
    if let Some((_, colour)) = COLOURS
        .iter()
        .find(|(n, _)| *n == word || n.replace("gray", "grey") == word)
    {
        return Some(*colour);
    }
    if let Ok(n) = word.parse::<u8>() {
        return Some(Color::Indexed(n));
    }
    let hex = word.strip_prefix('#').filter(|h| h.len() == 6)?;
    let value = u32::from_str_radix(hex, 16).ok()?;
    Some(Color::Rgb(
        (value >> 16) as u8,
        (value >> 8) as u8,
        value as u8,
    ))
}

/// How the config file writes a style (the inverse of [`parse_style`]).
pub fn style_text(style: Style) -> String {
    let mut words: Vec<String> = ATTRIBUTES
        .iter()
        .filter(|(_, m)| style.add_modifier.contains(*m))
        .map(|(n, _)| n.to_string())
        .collect();
    let colour = |c: Color| match c {
        Color::Indexed(n) => n.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        other => COLOURS
            .iter()
            .find(|(_, c)| *c == other)
            .map_or_else(|| "default".to_string(), |(n, _)| n.to_string()),
    };
    if let Some(fg) = style.fg {
        words.push(colour(fg));
    }
    if let Some(bg) = style.bg {
        words.push("on".to_string());
        words.push(colour(bg));
    }
    words.join(" ")
}

/// The default config file, with every setting commented out at its default value and
/// explained: what `scopex config --print-default` writes.
pub fn default_file() -> String {
    let mut out = String::new();
    out.push_str(
        "# scopex configuration. Save as config.toml in the config folder (`scopex config`\n\
         # prints where); every line below is commented out at its default value.\n\
         # `scopex config --check` validates the file.\n\n\
         [defaults]\n\
         # The export format the explorer starts with (`e` cycles): delimited, query or json.\n\
         # format = \"delimited\"\n\
         # The evidence trusted when --trust is not given: documented, description, derived,\n\
         # inferred, or all.\n",
    );
    out.push_str(&format!(
        "# trust = \"{}\"\n",
        Trust::DEFAULT.levels().join(",")
    ));
    out.push_str(
        "# The catalog `scopex` with no argument opens, instead of the picker (an id or a path).\n\
         # There is none by default (the picker opens); this one is an example:\n\
         # catalog = \"outreach\"\n\n\
         [theme]\n\
         # dark, light (for light terminal backgrounds) or mono. Without colour (NO_COLOR,\n\
         # --color never) the mono theme is used whatever is set here. --theme overrides it.\n\
         # base = \"dark\"\n\
         # Each role: attributes (bold dim italic underline reverse strike), a colour (a name,\n\
         # 0-255 or #rrggbb), then `on` and a background colour. The dark theme's values:\n",
    );
    for (role, style) in Theme::DARK.roles() {
        out.push_str(&format!("# {role} = \"{}\"\n", style_text(style)));
    }
    out.push_str(
        "\n# Keys: an action and the keys that do it, replacing its default keys (an empty list\n\
         # unbinds it). A key given here is taken from the action that had it. Keys: a\n\
         # character (x, G, /), space, tab, shift-tab, enter, esc, backspace, delete, up, down,\n\
         # left, right, pageup, pagedown, home, end, f1-f12, with ctrl- or alt- before it.\n\
         # The help overlay (?) shows the keys in force.\n",
    );
    for (name, context) in CONTEXT_NAMES {
        if name == "tree" {
            out.push_str("[keys]\n# The tree.\n");
        } else {
            let note = match context {
                Context::Search | Context::Input => {
                    " Letters are text here: use ctrl-, alt- or named keys."
                }
                Context::Picker => " A plain letter acts only while the filter is empty.",
                _ => "",
            };
            out.push_str(&format!("\n[keys.{name}]\n#{note}\n").replace("#\n", ""));
        }
        for (action_name, action) in rebind::actions_of(context) {
            let keys: Vec<String> = rebind::key_names_of(BINDINGS, context, action)
                .into_iter()
                .map(|k| format!("\"{k}\""))
                .collect();
            out.push_str(&format!(
                "# {action_name} = [{}]  # {}\n",
                keys.join(", "),
                action.describe()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text, "config.toml")
            .expect_err("an error")
            .to_string()
    }

    #[test]
    fn no_file_is_the_default() {
        assert_eq!(parse("", "c").expect("empty is fine"), Config::default());
    }

    #[test]
    fn the_printed_default_is_valid_and_uncommented_means_the_defaults() {
        let file = default_file();
        assert_eq!(parse(&file, "c").expect("valid"), Config::default());
        // Every setting uncommented: the same keys and theme as built in.
        let uncommented: String = file
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") => format!("{rest}\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        let config = parse(&uncommented, "c").unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        let bindings = config.bindings.clone().expect("keys given");
        let sorted = |list: &[Binding]| {
            let mut list: Vec<String> = list.iter().map(|b| format!("{b:?}")).collect();
            list.sort();
            list
        };
        assert_eq!(sorted(&bindings), sorted(BINDINGS));
        for mode in [
            crate::tui::message::Mode::Tree,
            crate::tui::message::Mode::Picker,
        ] {
            assert_eq!(
                crate::tui::keys::help_rows(&bindings, mode),
                crate::tui::keys::help_rows(BINDINGS, mode)
            );
        }
        assert_eq!(config.theme(None, true), Theme::DARK);
        assert_eq!(config.format, Some(Format::Delimited));
        assert_eq!(config.trust, Some(Trust::DEFAULT));
        // The one setting without a default says its value is an example.
        assert_eq!(config.catalog.as_deref(), Some("outreach"));
        let lines: Vec<&str> = file.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("# catalog = "))
            .expect("a catalog line");
        assert!(
            lines[at - 1].contains("none by default"),
            "{}",
            lines[at - 1]
        );
    }

    #[test]
    fn toggle_on_x() {
        let config = parse("[keys]\ntoggle = [\"space\", \"x\"]\n", "c").expect("valid");
        let bindings = config.bindings.expect("changed");
        assert_eq!(
            rebind::key_names_of(&bindings, Context::Tree, Action::ToggleScope),
            ["space", "x"]
        );
    }

    #[test]
    fn unknown_keys_are_located_and_named_with_neighbours() {
        let e = error("[keys]\ntogle = \"x\"\n");
        assert!(
            e.starts_with(
                "config.toml:2:1: unknown action in [keys] `togle`; did you mean `toggle`?"
            ),
            "{e}"
        );
        let e = error("[theme]\nmatches = \"bold\"\n");
        assert!(
            e.starts_with("config.toml:2:1: unknown theme role `matches`; did you mean `match`"),
            "{e}"
        );
        let e = error("[default]\n");
        assert!(
            e.contains("1:2: unknown table `default`; did you mean `defaults`?"),
            "{e}"
        );
        let e = error("[keys.serch]\nmove_down = \"ctrl-j\"\n");
        assert!(
            e.contains("unknown key context `serch`; did you mean `search`?"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_are_located_at_the_value() {
        let e = error("[keys]\ntoggle = [\"space\", \"spcae\"]\n");
        assert!(
            e.starts_with("config.toml:2:20: unknown key `spcae`"),
            "{e}"
        );
        let e = error("[theme]\nfocus = \"bolt on 237\"\n");
        assert!(
            e.starts_with("config.toml:2:9: unknown style word `bolt`"),
            "{e}"
        );
        assert!(e.contains("did you mean `bold`?"), "{e}");
        let e = error("[defaults]\ntrust = \"documented,rumour\"\n");
        assert!(e.starts_with("config.toml:2:9:"), "{e}");
        let e = error("[defaults]\nformat = \"xml\"\n");
        assert!(
            e.contains("unknown format `xml`; expected one of `delimited`, `query`, `json`"),
            "{e}"
        );
        let e = error("[keys.search]\ntoggle = \"x\"\n");
        assert!(e.contains("`x` types itself there"), "{e}");
        let e = error("[keys]\ntoggle = \"x\"\nquit = [\"x\"]\n");
        assert!(
            e.contains("3:9: `x` is given to both `toggle` and `quit`"),
            "{e}"
        );
        let e = error("keys = 3\n");
        assert!(e.contains("`keys` must be a table"), "{e}");
        let e = error("[keys\n");
        assert!(e.starts_with("config.toml:1:"), "{e}");
    }

    #[test]
    fn a_file_leaving_no_key_to_quit_is_refused_where_it_does_so() {
        let e = error("[keys]\nquit = []\n");
        assert!(
            e.contains("2:1: this leaves no key to quit the explorer"),
            "{e}"
        );
        // Keys taken by other actions: the entry that took the last one is named.
        let e = error("[keys]\nfold = [\"left\"]\ntoggle = [\"space\", \"q\", \"ctrl-c\"]\n");
        assert!(
            e.contains("3:1: this leaves no key to quit the explorer"),
            "{e}"
        );
        let e = error("[keys.picker]\nquit = []\n");
        assert!(
            e.contains("2:1: this leaves no key to quit the catalog picker"),
            "{e}"
        );
        // Taking a key is fine while another is left, or a new one is given later.
        assert!(parse("[keys]\ntoggle = [\"ctrl-c\"]\n", "c.toml").is_ok());
        assert!(
            parse(
                "[keys]\ntoggle = [\"space\", \"q\", \"ctrl-c\"]\nquit = [\"ctrl-q\"]\n",
                "c.toml"
            )
            .is_ok()
        );
    }

    #[test]
    fn styles_read_back_as_written() {
        for (_, style) in Theme::DARK
            .roles()
            .into_iter()
            .chain(Theme::LIGHT.roles())
            .chain(Theme::MONO.roles())
        {
            assert_eq!(
                parse_style(&style_text(style)),
                Ok(style),
                "{}",
                style_text(style)
            );
        }
        assert_eq!(
            parse_style("bold #d70087 on white"),
            Ok(Style::new()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Rgb(0xd7, 0, 0x87))
                .bg(Color::White))
        );
        assert_eq!(
            parse_style("darkgrey"),
            Ok(Style::new().fg(Color::DarkGray))
        );
        assert!(parse_style("red blue").is_err());
        assert!(parse_style("on").is_err());
    }

    #[test]
    fn the_theme_follows_the_base_the_roles_and_colour() {
        let config = parse(
            "[theme]\nbase = \"light\"\nmatch = \"underline red\"\n",
            "c",
        )
        .expect("valid");
        let theme = config.theme(None, true);
        assert_eq!(theme.focus, Theme::LIGHT.focus);
        assert_eq!(
            theme.matched,
            Style::new()
                .add_modifier(Modifier::UNDERLINED)
                .fg(Color::Red)
        );
        assert_eq!(
            config.theme(Some(ThemeName::Dark), true).focus,
            Theme::DARK.focus
        );
        assert_eq!(config.theme(None, false), Theme::MONO);
    }
}
