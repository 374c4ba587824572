//! What to say of a word given where a catalog or a command goes that names neither:
//! the command it most likely meant.

/// "did you mean …?" for a word that is no command: the command it names otherwise
/// ([`COMMAND_WORDS`]) or the one nearest it, if any is near.
pub(super) fn command_hint<'a>(
    name: &str,
    commands: impl Iterator<Item = &'a str>,
) -> Option<String> {
    if let Some((_, meant)) = COMMAND_WORDS
        .iter()
        .find(|(word, _)| word.eq_ignore_ascii_case(name))
    {
        return Some(format!("did you mean {meant}?"));
    }
    let near = crate::catalog::suggest(name, commands);
    near.first()
        .map(|command| format!("did you mean `scopex {command}`?"))
}

/// Words people try for a command that scopex names otherwise, and what they mean.
const COMMAND_WORDS: [(&str, &str); 8] = [
    (
        "expand",
        "`scopex closure` (every scope the given ones hold) or `scopex minimize --expanded`",
    ),
    (
        "grants",
        "`scopex closure` (every scope the given ones hold)",
    ),
    ("why", "`scopex explain`"),
    ("ls", "`scopex list`"),
    ("find", "`scopex search`"),
    ("lint", "`scopex validate`"),
    ("calls", "`scopex operations`"),
    ("needs", "`scopex need`"),
];

/// What to say of a word given where a catalog goes that names no catalog: that it is
/// no command either (`scopex catalgs`) and which command is near it, or, when neither
/// a command nor (`catalog_near`) a catalog is, where the commands are listed.
pub(super) fn no_command<'a>(
    name: &str,
    catalog_near: bool,
    commands: impl Iterator<Item = &'a str>,
) -> Option<String> {
    match command_hint(name, commands) {
        Some(hint) => Some(format!("`{name}` is no command either; {hint}")),
        None if !catalog_near => Some(format!(
            "`{name}` is no command either: scopex --help lists them"
        )),
        None => None,
    }
}

/// What to say when more follows the word where the catalog goes (`scopex github repo`):
/// that the commands come first, or, when the word names no catalog, that it is no
/// command either, and which it most likely meant.
pub(super) fn more_after_catalog<'a>(
    catalog: Option<&str>,
    first: &str,
    commands: impl Iterator<Item = &'a str>,
) -> String {
    let catalog = catalog.unwrap_or("CATALOG");
    // A word that is no catalog, followed by more, is most likely a command mistyped or
    // guessed (`scopex serach github repo`, `scopex expand github repo`).
    if let Err(error) = crate::catalog::CatalogSource::find(catalog) {
        return match command_hint(catalog, commands) {
            Some(hint) => format!("`{catalog}` is no command or catalog; {hint}"),
            None => format!("{error}\n`{catalog}` is no command either: scopex --help lists them"),
        };
    }
    format!(
        "`scopex {catalog}` opens the explorer and takes nothing more (found `{first}`); \
         the commands come first: scopex minimize {catalog} SCOPES, scopex list {catalog}, \
         scopex --help for all of them"
    )
}
