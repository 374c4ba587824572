//! The catalog file format (TOML) and its validation. Every rejection names the file,
//! line and column of the offending text.

use super::file::FileKind;
use super::operations::{Lazy, OperationList, SourceText, operations_start};
use super::raw::{RawCatalog, RawImplies, RawNames, RawOperation};
use super::text::{Piece, TextBuffer};
use super::{
    Catalog, CatalogError, Edge, Evidence, HTTP_METHODS, Located, NameIndex, Operation, Origin,
    Scope, ScopeId, TokenPage, TreeSpec,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use toml::Spanned;

/// The folder where users keep their own catalogs: `catalogs` in [`config_dir`].
pub fn user_catalog_dir() -> Option<PathBuf> {
    config_dir().map(|dir| dir.join("catalogs"))
}

/// The user's config folder: `$SCOPEX_CONFIG_DIR` when set, else `$XDG_CONFIG_HOME/scopex`
/// (on every platform, macOS included, as terminal tools do), else `~/.config/scopex`,
/// else (Windows) the platform's config folder.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCOPEX_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|path| path.is_absolute())
    };
    if let Some(xdg) = absolute("XDG_CONFIG_HOME") {
        return Some(xdg.join("scopex"));
    }
    if !cfg!(windows)
        && let Some(home) = absolute("HOME")
    {
        return Some(home.join(".config").join("scopex"));
    }
    directories::ProjectDirs::from("", "", "scopex").map(|d| d.config_dir().to_path_buf())
}

/// The catalog folder of earlier versions on macOS, `~/Library/Application Support/
/// scopex/catalogs`, when it exists, holds `*.toml` files and is not the folder in use.
/// Its catalogs are still read (after the current folder's, which win) and a note says
/// where to move them. Earlier versions used it only when `SCOPEX_CONFIG_DIR` was unset,
/// and so does this. It is looked for on every platform but Windows (one lookup of a
/// folder that exists nowhere else), so that it can be tested anywhere.
pub fn legacy_user_catalog_dir() -> Option<PathBuf> {
    if cfg!(windows) || std::env::var_os("SCOPEX_CONFIG_DIR").is_some() {
        return None;
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())?;
    let dir = home
        .join("Library")
        .join("Application Support")
        .join("scopex")
        .join("catalogs");
    let current = user_catalog_dir();
    let has_catalogs = std::fs::read_dir(&dir).ok()?.any(|entry| {
        entry
            .ok()
            .is_some_and(|e| e.path().extension().is_some_and(|ext| ext == "toml"))
    });
    (has_catalogs && current.as_deref() != Some(dir.as_path())).then_some(dir)
}

/// Is `name` an RFC 6749 scope-token: printable ASCII except space, `"` and `\`?
pub fn is_scope_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// The file being read, for locating problems.
pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
}

impl Ctx<'_> {
    /// `line L, column C` of a place in the file.
    fn place(&self, span: Range<usize>) -> String {
        let at = Located::new(self.file, self.text, Some(span), String::new());
        format!("line {}, column {}", at.line, at.column)
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> CatalogError {
        CatalogError(Located::new(
            self.file,
            self.text,
            Some(span),
            message.into(),
        ))
    }
}

/// Parses and validates a catalog. `file` names the source in error messages. Operations
/// at the end of the file are read when first asked for (see [`Catalog::operations`]);
/// the text is then kept, copied.
pub fn parse_catalog(text: &str, file: &str, origin: Origin) -> Result<Catalog, CatalogError> {
    parse_kept(text, file, origin, || {
        SourceText::Shared(Arc::new(text.to_string()))
    })
}

/// A built-in catalog: its text is kept as it is.
pub(super) fn parse_static(
    text: &'static str,
    file: &str,
    origin: Origin,
) -> Result<Catalog, CatalogError> {
    super::cache::load(
        text,
        file,
        origin.clone(),
        || SourceText::Static(text),
        |keep| parse_kept(text, file, origin, move || keep),
    )
}

/// A catalog read from a file: the text is kept without a copy. Both this and
/// [`parse_static`] go through the compiled-catalog cache (see `cache.rs`).
pub(super) fn parse_owned(
    text: String,
    file: &str,
    origin: Origin,
) -> Result<Catalog, CatalogError> {
    let text = Arc::new(text);
    let kept = Arc::clone(&text);
    super::cache::load(
        &text,
        file,
        origin.clone(),
        move || SourceText::Shared(kept),
        |keep| parse_kept(&text, file, origin, move || keep),
    )
}

/// Reads all of the catalog but the operations at its end, when it has them and the
/// text before them reads fast; they are read later from the text `keep` gives. Any
/// other file is read at once.
pub(super) fn parse_kept(
    text: &str,
    file: &str,
    origin: Origin,
    keep: impl FnOnce() -> SourceText,
) -> Result<Catalog, CatalogError> {
    let ctx = Ctx { file, text };
    if let Some((start, headers)) = operations_start(text)
        && let Some(raw) = super::fast::parse_head(text, start)
        && raw.operation.is_empty()
        && let Ok(mut catalog) = build_head(&ctx, raw, origin.clone())
    {
        catalog.operations = Lazy::pending(keep(), file, start, headers);
        return Ok(catalog);
    }
    parse_at_once(text, file, origin)
}

/// The whole catalog, operations included, read now.
pub(super) fn parse_at_once(
    text: &str,
    file: &str,
    origin: Origin,
) -> Result<Catalog, CatalogError> {
    let ctx = Ctx { file, text };
    // Files in the usual shape are read fast; anything else, and any file with a problem,
    // goes through the TOML deserializer, whose reading and messages are the reference.
    if let Some(raw) = super::fast::parse(text)
        && let Ok(catalog) = build(&ctx, raw, origin.clone())
    {
        return Ok(catalog);
    }
    let raw = parse_raw(text, file)?;
    build(&ctx, raw, origin)
}

/// The catalog as the TOML deserializer alone reads it (the reference for the fast reader).
pub(super) fn parse_catalog_slow(
    text: &str,
    file: &str,
    origin: Origin,
) -> Result<Catalog, CatalogError> {
    build(&Ctx { file, text }, parse_raw(text, file)?, origin)
}

/// The catalog as the fast reader alone reads it, `None` where it gives up.
pub(super) fn parse_catalog_fast(
    text: &str,
    file: &str,
    origin: Origin,
) -> Option<Result<Catalog, CatalogError>> {
    let raw = super::fast::parse(text)?;
    Some(build(&Ctx { file, text }, raw, origin))
}

/// The raw catalog as the TOML deserializer reads it.
pub(super) fn parse_raw<'a>(text: &'a str, file: &str) -> Result<RawCatalog<'a>, CatalogError> {
    toml::from_str(text).map_err(|e| {
        let mut span = e.span();
        let mut message = e.message().trim_end().to_string();
        // The TOML parser places some syntax errors better (a raw newline in a string is
        // reported on its own line), and finds keys nested too deep for the deserializer.
        if let Some((at, what)) = super::file::first_syntax_error(text)
            && span.as_ref().is_none_or(|s| at.start <= s.start)
        {
            span = Some(at);
            message = what;
        }
        let head = super::file::head(text);
        let mut located = match super::file::kind(text) {
            FileKind::Profile => {
                let at = head.span_of("catalog").or(span);
                Located::new(
                    file,
                    text,
                    at,
                    "this is an integration profile, not a catalog (a profile names its catalog with `catalog = …`)".to_string(),
                )
            }
            _ => Located::new(file, text, span, message),
        };
        if super::file::kind(text) == FileKind::Unknown {
            located.message = "this is not a catalog file (no `id`, `name` or [[scope]] at the top); its content is not shown".to_string();
            located.hide_source();
        }
        CatalogError(located)
    })
}

/// Validates a raw catalog and assembles the catalog, operations included.
fn build(ctx: &Ctx, mut raw: RawCatalog<'_>, origin: Origin) -> Result<Catalog, CatalogError> {
    let raw_operations = std::mem::take(&mut raw.operation);
    let mut catalog = build_head(ctx, raw, origin)?;
    let operations = build_operations(ctx, &catalog, raw_operations)?;
    catalog.operations = Lazy::read(Ok(operations));
    Ok(catalog)
}

/// The operations of `catalog`, read from its file's `text` from `start` on, where only
/// `[[operation]]` tables follow.
pub(super) fn read_operations(
    file: &str,
    text: &str,
    catalog: &Catalog,
    start: usize,
) -> Result<OperationList, CatalogError> {
    let ctx = &Ctx { file, text };
    if let Some(raw) = super::fast::parse_operations(ctx.text, start) {
        return build_operations(ctx, catalog, raw);
    }
    // TOML the fast reader does not take: the deserializer reads the whole file, and
    // places any problem.
    parse_catalog_slow(ctx.text, ctx.file, catalog.origin.clone())?
        .operations
        .into_read()
}

/// Validates a raw catalog without its operations and assembles the catalog; its
/// operations are left unread.
fn build_head(ctx: &Ctx, raw: RawCatalog<'_>, origin: Origin) -> Result<Catalog, CatalogError> {
    let Ctx { file, text } = *ctx;
    let RawCatalog {
        id,
        name,
        docs_url,
        source,
        authorize_url,
        token_url,
        delimiter,
        token_page_url,
        token_page_delimiter,
        retrieved,
        revision,
        attribution,
        tree,
        templates,
        resources,
        scope: raw_scopes,
        implies,
        rule: rules,
        operation: _,
    } = raw;
    let id_span = id.span();
    let id = id.into_inner();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(ctx.error(
            id_span,
            format!("catalog id `{id}` must be lowercase letters, digits, `-` or `_`"),
        ));
    }
    let delimiter = match delimiter {
        Some(d) if d.get_ref().is_empty() => {
            return Err(ctx.error(d.span(), "delimiter must not be empty"));
        }
        Some(d) => d.into_inner(),
        None => " ".to_string(),
    };
    let token_page = token_page(ctx, token_page_url, token_page_delimiter, &delimiter)?;
    let retrieved = match retrieved {
        Some(date) if !is_date(date.get_ref()) => {
            return Err(ctx.error(
                date.span(),
                format!(
                    "retrieved `{}` is not a date written YYYY-MM-DD",
                    shown_name(date.get_ref())
                ),
            ));
        }
        Some(date) => Some(date.into_inner()),
        None => None,
    };
    let tree_spec = tree
        .map(|t| TreeSpec {
            separator: t.separator.filter(|s| !s.is_empty()),
            prefix: t.prefix.filter(|s| !s.is_empty()),
        })
        .unwrap_or_default();

    // Names first, so edges and parents can refer to scopes listed after them. Names and
    // descriptions go into one text buffer; what validation still needs is kept beside.
    let optional_len = |text: &Option<Cow<str>>| text.as_ref().map_or(0, |t| t.len());
    let text_bytes = raw_scopes
        .iter()
        .map(|s| s.name.get_ref().len() + optional_len(&s.description))
        .sum::<usize>();
    let mut buffer = TextBuffer::with_capacity(text_bytes);
    let too_large = |span| ctx.error(span, "the catalog's scope text is over 4 GiB");
    let mut names: Vec<Piece> = Vec::with_capacity(raw_scopes.len());
    let mut descriptions: Vec<Option<Piece>> = Vec::with_capacity(raw_scopes.len());
    let mut deprecations: Vec<(ScopeId, Piece)> = Vec::new();
    let mut name_spans: Vec<Range<usize>> = Vec::with_capacity(raw_scopes.len());
    // Scopes that name a parent, in catalog order.
    let mut parents: Vec<(ScopeId, Spanned<Cow<str>>)> = Vec::new();
    let mut index = NameIndex::with_capacity(raw_scopes.len());
    for raw_scope in raw_scopes {
        let span = raw_scope.name.span();
        let name = raw_scope.name.get_ref();
        if !is_scope_token(name) {
            return Err(ctx.error(
                span,
                format!(
                    "`{}` is not a valid scope name (RFC 6749 allows printable ASCII except space, `\"` and `\\`)",
                    shown_name(name)
                ),
            ));
        }
        if name.contains(delimiter.as_str()) {
            return Err(ctx.error(
                span,
                format!(
                    "scope `{}` contains the catalog's delimiter `{}`, so no scope string could name it",
                    shown_name(name),
                    shown_name(&delimiter)
                ),
            ));
        }
        if let Some(page) = &token_page
            && name.contains(page.delimiter.as_str())
        {
            return Err(ctx.error(
                span,
                format!(
                    "scope `{}` contains the token page's delimiter `{}`, so the page could not tell it from two scopes",
                    shown_name(name),
                    shown_name(&page.delimiter)
                ),
            ));
        }
        let id = names.len();
        names.push(buffer.push(name).map_err(|_| too_large(span.clone()))?);
        if let Err(first) = index.insert(id, |id| buffer.get(names[id])) {
            let first_at = Located::new(file, text, Some(name_spans[first].clone()), String::new());
            return Err(ctx.error(
                span,
                format!(
                    "duplicate scope `{name}` (first defined at line {}, column {})",
                    first_at.line, first_at.column
                ),
            ));
        }
        let description = match &raw_scope.description {
            Some(d) => Some(buffer.push(d).map_err(|_| too_large(span.clone()))?),
            None => None,
        };
        descriptions.push(description);
        if let Some(reason) = &raw_scope.deprecated {
            if reason.get_ref().trim().is_empty() {
                return Err(ctx.error(
                    reason.span(),
                    format!("`{name}`: say why it is deprecated, and what replaces it"),
                ));
            }
            let piece = buffer
                .push(reason.get_ref())
                .map_err(|_| too_large(span.clone()))?;
            deprecations.push((id, piece));
        }
        if let Some(parent) = raw_scope.parent {
            parents.push((id, parent));
        }
        name_spans.push(span);
    }
    // Scopes with no description take their action's template.
    for id in 0..names.len() {
        if descriptions[id].is_some() {
            continue;
        }
        let name = buffer.get(names[id]);
        let Some(described) = describe_from_template(name, &tree_spec, &templates, &resources)
        else {
            return Err(ctx.error(
                name_spans[id].clone(),
                format!(
                    "scope `{name}` has no description and no [templates] entry for its action"
                ),
            ));
        };
        descriptions[id] = Some(
            buffer
                .push(&described)
                .map_err(|_| too_large(name_spans[id].clone()))?,
        );
    }
    let shared = buffer.finish();
    let mut scopes: Vec<Scope> = names
        .iter()
        .zip(&descriptions)
        .map(|(&name, &description)| Scope {
            name: shared.text(name),
            description: shared.text(description.unwrap_or_default()),
            composite: false,
            parent: None,
            deprecated: None,
        })
        .collect();
    for (id, reason) in deprecations {
        scopes[id].deprecated = Some(shared.text(reason));
    }
    let resolve = |scopes: &[Scope], name: &Spanned<Cow<str>>, role: &str| {
        resolve_scope(ctx, &index, scopes, name, role)
    };
    for (id, parent) in &parents {
        scopes[*id].parent = Some(resolve(&scopes, parent, "parent")?);
    }
    check_parent_cycles(ctx, &name_spans, &parents, &scopes)?;

    let mut edges = EdgeSet::new(ctx, scopes.len());
    for implies in &implies {
        let from = resolve(&scopes, &implies.from, "scope")?;
        if implies.to.get_ref().is_empty() {
            let what = if implies.composite {
                "composite has no members"
            } else {
                "implication lists no scopes"
            };
            return Err(ctx.error(
                implies.to.span(),
                format!("`{}`: {what}", implies.from.get_ref()),
            ));
        }
        edges.declare(&mut scopes, from, implies.composite, implies.from.span())?;
        let note = shared_note(implies);
        for target in implies.to.get_ref() {
            let to = resolve(&scopes, target, "implied scope")?;
            edges.add(&scopes, from, to, implies, &note, target.span())?;
        }
    }
    for rule in &rules {
        let pattern = Pattern::parse(rule.from.get_ref()).ok_or_else(|| {
            ctx.error(
                rule.from.span(),
                "rule `from` must contain `{resource}` exactly once",
            )
        })?;
        if rule.to.get_ref().is_empty() {
            return Err(ctx.error(rule.to.span(), "rule lists no targets"));
        }
        for target in rule.to.get_ref() {
            if Pattern::parse(target.get_ref()).is_none() {
                return Err(ctx.error(
                    target.span(),
                    "rule target must contain `{resource}` exactly once",
                ));
            }
        }
        let mut matched = false;
        let shared = shared_note(rule);
        // A note that says `{resource}` names each match's own resource: the edges of
        // `users.all` do not speak of prospects.
        let templated = rule
            .note
            .as_deref()
            .filter(|note| note.contains("{resource}"));
        for from in 0..scopes.len() {
            let Some(resource) = pattern.matches(&scopes[from].name) else {
                continue;
            };
            matched = true;
            let note = match templated {
                Some(template) => Some(Arc::from(template.replace("{resource}", resource))),
                None => shared.clone(),
            };
            let targets: Vec<(ScopeId, Range<usize>)> = rule
                .to
                .get_ref()
                .iter()
                .filter_map(|t| {
                    let name = t.get_ref().replace("{resource}", resource);
                    let to = index.get(&name, |id| &scopes[id].name)?;
                    Some((to, t.span()))
                })
                .collect();
            if targets.is_empty() && rule.composite {
                return Err(ctx.error(
                    rule.to.span(),
                    format!(
                        "rule makes `{}` a composite with no members: none of its targets exist",
                        scopes[from].name
                    ),
                ));
            }
            edges.declare(&mut scopes, from, rule.composite, rule.from.span())?;
            for (to, span) in targets {
                edges.add(&scopes, from, to, rule, &note, span)?;
            }
        }
        if !matched {
            return Err(ctx.error(
                rule.from.span(),
                format!("rule `{}` matches no scope", rule.from.get_ref()),
            ));
        }
    }
    let edges = edges.edges;
    check_composite_cycles(ctx, &name_spans, &scopes, &edges)?;

    let (out_edges, in_edges) = Catalog::edge_lists(scopes.len(), &edges);
    Ok(Catalog {
        id,
        name,
        docs_url,
        source,
        authorize_url,
        token_url,
        delimiter,
        token_page,
        retrieved,
        revision,
        attribution,
        tree_spec,
        resource_names: resources,
        scopes,
        edges,
        operations: Lazy::read(Ok(OperationList::default())),
        origin,
        index,
        out_edges,
        in_edges,
    })
}

/// The token page of `token_page_url` and `token_page_delimiter` (the catalog's
/// delimiter unless given), checked: a problem in the template is placed at the
/// offending characters when the string is written without escapes.
fn token_page(
    ctx: &Ctx,
    url: Option<Spanned<String>>,
    delimiter: Option<Spanned<String>>,
    catalog_delimiter: &str,
) -> Result<Option<TokenPage>, CatalogError> {
    let Some(url) = url else {
        return match delimiter {
            Some(d) => Err(ctx.error(
                d.span(),
                "token_page_delimiter is given without a token_page_url",
            )),
            None => Ok(None),
        };
    };
    if let Err((at, message)) = super::token_page::parts(url.get_ref()) {
        let span = url.span();
        let written = &ctx.text[span.clone()];
        let plain = written.len() == url.get_ref().len() + 2
            && (written.starts_with('"') || written.starts_with('\''));
        let span = if plain {
            span.start + 1 + at.start..span.start + 1 + at.end
        } else {
            span
        };
        return Err(ctx.error(span, message));
    }
    let delimiter = match delimiter {
        Some(d) if d.get_ref().is_empty() => {
            return Err(ctx.error(d.span(), "token_page_delimiter must not be empty"));
        }
        Some(d) => d.into_inner(),
        None => catalog_delimiter.to_string(),
    };
    Ok(Some(TokenPage {
        url: url.into_inner(),
        delimiter,
    }))
}

/// The scope `name` names, or an error at its place with the closest real names.
fn resolve_scope(
    ctx: &Ctx,
    index: &NameIndex,
    scopes: &[Scope],
    name: &Spanned<Cow<str>>,
    role: &str,
) -> Result<ScopeId, CatalogError> {
    index
        .get(name.get_ref(), |id| &scopes[id].name)
        .ok_or_else(|| {
            let mut message = format!("{role} `{}` is not a scope of this catalog", name.get_ref());
            let suggestions =
                super::suggest(name.get_ref(), scopes.iter().map(|s| s.name.as_str()));
            message.push_str(&SuggestionTail(&suggestions).to_string());
            ctx.error(name.span(), message)
        })
}

/// Validates the operations of `catalog` (read without them) and assembles them.
fn build_operations(
    ctx: &Ctx,
    catalog: &Catalog,
    raw_operations: Vec<RawOperation<'_>>,
) -> Result<OperationList, CatalogError> {
    let text_bytes = raw_operations
        .iter()
        .map(|op| {
            op.id.get_ref().len()
                + op.path.as_ref().map_or(0, |p| p.get_ref().len())
                + op.description.as_ref().map_or(0, |d| d.len())
        })
        .sum::<usize>();
    let mut buffer = TextBuffer::with_capacity(text_bytes);
    let raw_operations = operation_texts(ctx, raw_operations, &mut buffer)?;
    let shared = buffer.finish();
    let scopes = &catalog.scopes;
    // Each scope's mark says which alternative last listed it, to drop repeats.
    let mut marks: Vec<usize> = vec![0; scopes.len()];
    let mut alternatives_seen = 0;
    let mut operations = Vec::with_capacity(raw_operations.texts.len());
    for (texts, requires) in raw_operations
        .texts
        .into_iter()
        .zip(raw_operations.requires)
    {
        let op_id = shared.text(texts.id);
        if requires.get_ref().is_empty() {
            return Err(ctx.error(
                requires.span(),
                format!("operation `{op_id}` requires nothing: list at least one alternative, e.g. [[\"scope\"]]"),
            ));
        }
        let mut alternatives = Vec::with_capacity(requires.get_ref().len());
        for alternative in requires.get_ref() {
            if alternative.get_ref().is_empty() {
                return Err(ctx.error(
                    alternative.span(),
                    format!(
                        "operation `{op_id}` has an empty alternative: it would need no scope at all"
                    ),
                ));
            }
            alternatives_seen += 1;
            let mut needed = Vec::with_capacity(alternative.get_ref().len());
            for name in alternative.get_ref() {
                let scope = resolve_scope(ctx, &catalog.index, scopes, name, "required scope")?;
                if std::mem::replace(&mut marks[scope], alternatives_seen) != alternatives_seen {
                    needed.push(scope);
                }
            }
            alternatives.push(needed.into_boxed_slice());
        }
        operations.push(Operation {
            id: op_id,
            method: texts.method,
            path: texts.path.map(|p| shared.text(p)),
            description: texts.description.map(|d| shared.text(d)),
            requires: alternatives.into_boxed_slice(),
        });
    }

    Ok(OperationList {
        operations,
        index: raw_operations.index,
    })
}

/// An operation's text, in the catalog's text buffer, checked.
struct OperationTexts {
    id: Piece,
    method: Option<&'static str>,
    path: Option<Piece>,
    description: Option<Piece>,
}

/// The operations of a catalog with their texts checked and in the buffer; their
/// requirements wait for the scopes.
struct CheckedOperations<'a> {
    texts: Vec<OperationTexts>,
    requires: Vec<Spanned<Vec<Spanned<RawNames<'a>>>>>,
    index: NameIndex,
}

fn operation_texts<'a>(
    ctx: &Ctx,
    raw_operations: Vec<RawOperation<'a>>,
    buffer: &mut TextBuffer,
) -> Result<CheckedOperations<'a>, CatalogError> {
    let too_large = |span| ctx.error(span, "the catalog's text is over 4 GiB");
    let mut index = NameIndex::with_capacity(raw_operations.len());
    let mut texts: Vec<OperationTexts> = Vec::with_capacity(raw_operations.len());
    let mut id_spans: Vec<Range<usize>> = Vec::with_capacity(raw_operations.len());
    let mut requires = Vec::with_capacity(raw_operations.len());
    for raw in raw_operations {
        let span = raw.id.span();
        let op_id = raw.id.get_ref();
        if op_id.is_empty() || op_id.chars().any(char::is_control) {
            return Err(ctx.error(
                span,
                format!(
                    "`{}` is not a valid operation id: it must be non-empty, with no control characters",
                    shown_name(op_id)
                ),
            ));
        }
        let id = buffer.push(op_id).map_err(|_| too_large(span.clone()))?;
        let number = texts.len();
        // The index looks names up through `texts`, which gets this one just below.
        texts.push(OperationTexts {
            id,
            method: None,
            path: None,
            description: None,
        });
        if let Err(first) = index.insert(number, |n| buffer.get(texts[n].id)) {
            let first_at = Located::new(
                ctx.file,
                ctx.text,
                Some(id_spans[first].clone()),
                String::new(),
            );
            return Err(ctx.error(
                span,
                format!(
                    "duplicate operation `{op_id}` (first defined at line {}, column {})",
                    first_at.line, first_at.column
                ),
            ));
        }
        id_spans.push(span.clone());
        let method = match (&raw.method, &raw.path) {
            (Some(method), Some(_)) => Some(
                HTTP_METHODS
                    .into_iter()
                    .find(|m| *m == method.get_ref())
                    .ok_or_else(|| {
                        let upper = method.get_ref().to_ascii_uppercase();
                        let hint = if HTTP_METHODS.contains(&upper.as_str()) {
                            format!("write it `{upper}`")
                        } else {
                            format!("expected one of {}", HTTP_METHODS.join(", "))
                        };
                        ctx.error(
                            method.span(),
                            format!(
                                "method `{}` of operation `{op_id}` is not an uppercase HTTP method: {hint}",
                                shown_name(method.get_ref())
                            ),
                        )
                    })?,
            ),
            (Some(method), None) => {
                return Err(ctx.error(
                    method.span(),
                    format!("operation `{op_id}` has a method but no path: give both or neither"),
                ));
            }
            (None, Some(path)) => {
                return Err(ctx.error(
                    path.span(),
                    format!("operation `{op_id}` has a path but no method: give both or neither"),
                ));
            }
            (None, None) => None,
        };
        let path = match &raw.path {
            Some(path) => {
                let text = path.get_ref();
                if !text.starts_with('/')
                    || text.chars().any(|c| c.is_whitespace() || c.is_control())
                {
                    return Err(ctx.error(
                        path.span(),
                        format!(
                            "path `{}` of operation `{op_id}` must start with `/` and hold no spaces",
                            shown_name(text)
                        ),
                    ));
                }
                Some(buffer.push(text).map_err(|_| too_large(path.span()))?)
            }
            None => None,
        };
        let description = match &raw.description {
            Some(d) => Some(buffer.push(d).map_err(|_| too_large(span.clone()))?),
            None => None,
        };
        let last = texts.len() - 1;
        texts[last].method = method;
        texts[last].path = path;
        texts[last].description = description;
        requires.push(raw.requires);
    }
    Ok(CheckedOperations {
        texts,
        requires,
        index,
    })
}

/// Is `text` a real date written `YYYY-MM-DD`?
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

struct SuggestionTail<'a>(&'a [String]);

impl std::fmt::Display for SuggestionTail<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        super::write_suggestions(f, self.0)
    }
}

/// `{resource}.all` split around its placeholder.
struct Pattern<'a> {
    prefix: &'a str,
    suffix: &'a str,
}

impl<'a> Pattern<'a> {
    fn parse(text: &'a str) -> Option<Pattern<'a>> {
        let (prefix, suffix) = text.split_once("{resource}")?;
        if suffix.contains("{resource}") {
            return None;
        }
        Some(Pattern { prefix, suffix })
    }

    fn matches<'n>(&self, name: &'n str) -> Option<&'n str> {
        let middle = name.strip_prefix(self.prefix)?.strip_suffix(self.suffix)?;
        (!middle.is_empty()).then_some(middle)
    }
}

/// The description of a scope whose file gives none: the template for its action (the
/// last name segment), with `{resource}` replaced by the resource's human name.
fn describe_from_template(
    name: &str,
    tree: &TreeSpec,
    templates: &BTreeMap<String, String>,
    resources: &HashMap<String, String>,
) -> Option<String> {
    let stripped = tree
        .prefix
        .as_deref()
        .and_then(|p| name.strip_prefix(p))
        .unwrap_or(name);
    let (resource, action) = match tree.separator.as_deref() {
        Some(sep) => stripped.rsplit_once(sep).unwrap_or(("", stripped)),
        None => ("", stripped),
    };
    let template = templates.get(action)?;
    let human = resources.get(resource).map_or(resource, String::as_str);
    Some(template.replace("{resource}", human))
}

/// The edges of a catalog as its blocks give them, checked against each other: a scope
/// is composite in every block that names it or in none, and an edge given twice has the
/// same evidence both times.
struct EdgeSet<'c> {
    ctx: &'c Ctx<'c>,
    edges: Vec<Edge>,
    /// Each edge's evidence and where it was given first.
    given: HashMap<(ScopeId, ScopeId), (Evidence, Range<usize>), foldhash::fast::RandomState>,
    /// Whether each scope was declared composite, and where, by the first block naming it.
    declared: Vec<Option<(bool, Range<usize>)>>,
}

impl<'c> EdgeSet<'c> {
    fn new(ctx: &'c Ctx<'c>, scopes: usize) -> EdgeSet<'c> {
        EdgeSet {
            ctx,
            edges: Vec::new(),
            given: HashMap::default(),
            declared: vec![None; scopes],
        }
    }

    /// A block at `span` says whether `from` is composite.
    fn declare(
        &mut self,
        scopes: &mut [Scope],
        from: ScopeId,
        composite: bool,
        span: Range<usize>,
    ) -> Result<(), CatalogError> {
        match &self.declared[from] {
            None => {
                self.declared[from] = Some((composite, span));
                scopes[from].composite = composite;
                Ok(())
            }
            Some((first, _)) if *first == composite => Ok(()),
            Some((first, first_span)) => {
                let kind = |composite: bool| {
                    if composite {
                        "composite (exactly its members)"
                    } else {
                        "atomic (an implication without `composite = true`)"
                    }
                };
                // Reported at the later of the two places in the file.
                let (here, there, first_kind, later_kind) = if span.start >= first_span.start {
                    (span, first_span.clone(), *first, composite)
                } else {
                    (first_span.clone(), span, composite, *first)
                };
                Err(self.ctx.error(
                    here,
                    format!(
                        "`{}` is declared {} here but {} at {}",
                        scopes[from].name,
                        kind(later_kind),
                        kind(first_kind),
                        self.ctx.place(there)
                    ),
                ))
            }
        }
    }

    /// `block` gives the edge `from` ⇒ `to`, its target written at `span`.
    fn add(
        &mut self,
        scopes: &[Scope],
        from: ScopeId,
        to: ScopeId,
        block: &RawImplies,
        note: &Option<Arc<str>>,
        span: Range<usize>,
    ) -> Result<(), CatalogError> {
        let composite = self.declared[from].as_ref().is_some_and(|(c, _)| *c);
        if from == to {
            if composite {
                return Err(self.ctx.error(
                    span,
                    format!(
                        "composite `{}` lists itself as a member: a scope may not be its own member",
                        scopes[from].name
                    ),
                ));
            }
            // Holding a scope grants that scope: nothing to record.
            return Ok(());
        }
        match self.given.entry((from, to)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (evidence, first_span) = first.get();
                if *evidence != block.evidence {
                    // Reported at the later of the two places in the file.
                    let (here, there, later, earlier) = if span.start >= first_span.start {
                        (span, first_span.clone(), block.evidence, *evidence)
                    } else {
                        (first_span.clone(), span, *evidence, block.evidence)
                    };
                    return Err(self.ctx.error(
                        here,
                        format!(
                            "`{}` ⇒ `{}` is given twice with different evidence: `{later}` here, `{earlier}` at {}",
                            scopes[from].name,
                            scopes[to].name,
                            self.ctx.place(there)
                        ),
                    ));
                }
                Ok(())
            }
            std::collections::hash_map::Entry::Vacant(entry) => {
                entry.insert((block.evidence, span));
                self.edges.push(Edge {
                    from,
                    to,
                    evidence: block.evidence,
                    note: note.clone(),
                });
                Ok(())
            }
        }
    }
}

/// A block's note, one copy shared by all the edges the block gives.
fn shared_note(block: &RawImplies) -> Option<Arc<str>> {
    block.note.as_deref().map(Arc::from)
}

/// Steps along a graph from a scope: its parent, or its composite members.
fn find_cycle(
    count: usize,
    next: impl Fn(ScopeId) -> Vec<ScopeId>,
    starts: impl Iterator<Item = ScopeId>,
) -> Option<Vec<ScopeId>> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; count];
    let mut path: Vec<(ScopeId, Vec<ScopeId>)> = Vec::new();
    for start in starts {
        if state[start] != NEW {
            continue;
        }
        state[start] = ON_PATH;
        path.push((start, next(start)));
        while let Some((node, pending)) = path.last_mut() {
            let node = *node;
            let Some(step) = pending.pop() else {
                state[node] = DONE;
                path.pop();
                continue;
            };
            match state[step] {
                NEW => {
                    state[step] = ON_PATH;
                    path.push((step, next(step)));
                }
                ON_PATH => {
                    let at = path.iter().position(|(n, _)| *n == step).unwrap_or(0);
                    let mut cycle: Vec<ScopeId> = path[at..].iter().map(|(n, _)| *n).collect();
                    // Start the cycle at its first scope in catalog order.
                    let first = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, s)| **s)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(first);
                    return Some(cycle);
                }
                _ => {}
            }
        }
    }
    None
}

/// The names of a cycle's scopes, back to the first: `a → b → a`, cut short when long.
fn cycle_names(scopes: &[Scope], cycle: &[ScopeId]) -> String {
    const SHOWN: usize = 6;
    let mut names: Vec<String> = cycle
        .iter()
        .take(SHOWN)
        .map(|&s| format!("`{}`", scopes[s].name))
        .collect();
    if cycle.len() > SHOWN {
        names.push(format!("… ({} scopes)", cycle.len()));
    }
    names.push(format!("`{}`", scopes[cycle[0]].name));
    names.join(" → ")
}

fn check_parent_cycles(
    ctx: &Ctx,
    name_spans: &[Range<usize>],
    parents: &[(ScopeId, Spanned<Cow<str>>)],
    scopes: &[Scope],
) -> Result<(), CatalogError> {
    let Some(cycle) = find_cycle(
        scopes.len(),
        |s| scopes[s].parent.into_iter().collect(),
        0..scopes.len(),
    ) else {
        return Ok(());
    };
    let first = cycle[0];
    let span = parents
        .binary_search_by_key(&first, |(scope, _)| *scope)
        .map_or(name_spans[first].clone(), |i| parents[i].1.span());
    Err(ctx.error(
        span,
        format!(
            "tree parents of `{}` form a cycle: {}",
            scopes[first].name,
            cycle_names(scopes, &cycle)
        ),
    ))
}

/// A scope may not be its own member, directly or through other composites: such a
/// composite grants nothing of its own that its members do not.
fn check_composite_cycles(
    ctx: &Ctx,
    name_spans: &[Range<usize>],
    scopes: &[Scope],
    edges: &[Edge],
) -> Result<(), CatalogError> {
    let mut members: Vec<Vec<ScopeId>> = vec![Vec::new(); scopes.len()];
    for edge in edges {
        if scopes[edge.from].composite && scopes[edge.to].composite {
            members[edge.from].push(edge.to);
        }
    }
    for list in &mut members {
        // Visited in catalog order (the last is taken first).
        list.reverse();
    }
    let composites = (0..scopes.len()).filter(|&s| scopes[s].composite);
    let Some(cycle) = find_cycle(scopes.len(), |s| members[s].clone(), composites) else {
        return Ok(());
    };
    let first = cycle[0];
    Err(ctx.error(
        name_spans[first].clone(),
        format!(
            "composite `{}` is its own member through other composites ({}): a scope may not be its own member",
            scopes[first].name,
            cycle_names(scopes, &cycle)
        ),
    ))
}

/// A name as typed, with control characters made visible (`\t`, `\u{1b}`).
fn shown_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
