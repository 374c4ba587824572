//! The catalog file format (TOML) and its validation. Every rejection names the file,
//! line and column of the offending text.

use super::TreeSpec;
use super::file::FileKind;
use super::operations::{Lazy, OperationList, SourceText, operations_start};
use super::raw::RawCatalog;
use super::text::{Piece, TextBuffer};
use super::tree::PendingTree;
use super::{Catalog, CatalogError, Located, NameIndex, Origin, Scope, ScopeId};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;

mod edges;
mod fields;
mod operation_entries;

use edges::{At, EdgeSet, check_composite_cycles, check_parent_cycles, shared_note};
use fields::{
    Pattern, RESOURCE, SuggestionTail, contains, describe_from_template, shown_name, template_room,
};
pub use fields::{is_date, is_path_prefix, is_scope_token, is_whole_parameter};
use operation_entries::build_operations;

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
    let catalog = parse_kept(text, file, origin, || {
        SourceText::Shared(Arc::new(text.to_string()))
    })?;
    PendingTree::start_for(&catalog);
    Ok(catalog)
}

/// A built-in catalog, its content hash `hash` taken at build time: its text is kept.
pub(super) fn parse_static(
    text: &'static str,
    file: &str,
    origin: Origin,
    hash: Option<u128>,
) -> Result<Catalog, CatalogError> {
    super::cache::load(
        SourceText::Static(text),
        hash,
        file,
        origin.clone(),
        |text, keep| parse_kept(text, file, origin, move || keep),
    )
}

/// A catalog read from a file, its text kept without a copy, `hash` its content hash if
/// taken already. This and [`parse_static`] go through the compiled-catalog cache.
pub(super) fn parse_owned(
    text: String,
    hash: Option<u128>,
    file: &str,
    origin: Origin,
) -> Result<Catalog, CatalogError> {
    super::cache::load(
        SourceText::Shared(Arc::new(text)),
        hash,
        file,
        origin.clone(),
        |text, keep| parse_kept(text, file, origin, move || keep),
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
        paths_case_insensitive,
        path_prefixes,
        methods_interchangeable,
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
    let token_page = fields::token_page(ctx, token_page_url, token_page_delimiter, &delimiter)?;
    let paths = fields::path_rules(
        ctx,
        paths_case_insensitive,
        path_prefixes,
        methods_interchangeable,
    )?;
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
    // Room for the descriptions made from templates too: the buffer never moves.
    let described_bytes = template_room(&raw_scopes, &templates, &resources);
    let mut buffer = TextBuffer::with_capacity(text_bytes + described_bytes);
    let too_large = |span| ctx.error(span, "the catalog's scope text is over 4 GiB");
    let mut names: Vec<Piece> = Vec::with_capacity(raw_scopes.len());
    let mut descriptions: Vec<Piece> = Vec::with_capacity(raw_scopes.len());
    // Each scope's `deprecated`, then its `only_in`.
    let mut notes: [Vec<(ScopeId, Piece)>; 2] = [Vec::new(), Vec::new()];
    let mut name_spans: Vec<At> = Vec::with_capacity(raw_scopes.len());
    // Scopes that name a parent, in catalog order.
    let mut parents: Vec<(ScopeId, Spanned<Cow<str>>)> = Vec::new();
    let mut index = NameIndex::with_capacity(raw_scopes.len());
    let mut undescribed: Option<ScopeId> = None;
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
        if contains(name, &delimiter) {
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
            && contains(name, &page.delimiter)
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
            let first_at = Located::new(file, text, Some(name_spans[first].range()), String::new());
            return Err(ctx.error(
                span,
                format!(
                    "duplicate scope `{name}` (first defined at line {}, column {})",
                    first_at.line, first_at.column
                ),
            ));
        }
        // A scope with no description takes its action's template; the first that has
        // none is reported once every name has been checked.
        let description = match &raw_scope.description {
            Some(d) => buffer.push(d),
            None => match describe_from_template(name, &tree_spec, &templates, &resources) {
                Some((template, human)) => buffer.push_replaced(template, RESOURCE, human),
                None => {
                    undescribed.get_or_insert(id);
                    Ok(Piece::default())
                }
            },
        };
        descriptions.push(description.map_err(|_| too_large(span.clone()))?);
        // What a scope's `deprecated` and `only_in` must say.
        const SAY: [&str; 2] = [
            "why it is deprecated, and what replaces it",
            "where alone the scope can be used",
        ];
        for (kind, note) in [&raw_scope.deprecated, &raw_scope.only_in]
            .into_iter()
            .enumerate()
        {
            let Some(note) = note else { continue };
            if note.get_ref().trim().is_empty() {
                return Err(ctx.error(note.span(), format!("`{name}`: say {}", SAY[kind])));
            }
            let piece = buffer
                .push(note.get_ref())
                .map_err(|_| too_large(span.clone()))?;
            notes[kind].push((id, piece));
        }
        if let Some(parent) = raw_scope.parent {
            parents.push((id, *parent));
        }
        name_spans.push(At::of(&span));
    }
    if let Some(id) = undescribed {
        return Err(ctx.error(
            name_spans[id].range(),
            format!(
                "scope `{}` has no description and no [templates] entry for its action",
                buffer.get(names[id])
            ),
        ));
    }
    let shared = buffer.finish();
    let mut scopes: Vec<Scope> = names
        .iter()
        .zip(&descriptions)
        .map(|(&name, &description)| Scope {
            name: shared.text(name),
            description: shared.text(description),
            composite: false,
            parent: None,
            deprecated: None,
            only_in: None,
        })
        .collect();
    // Each scope holds its own now.
    drop((names, descriptions));
    let [deprecations, settings] = notes;
    for (id, reason) in deprecations {
        scopes[id].deprecated = Some(shared.text(reason));
    }
    for (id, setting) in settings {
        scopes[id].only_in = Some(shared.text(setting));
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
        paths,
        tree_spec,
        resource_names: resources,
        scopes,
        edges,
        operations: Lazy::read(Ok(OperationList::default())),
        origin,
        index: index.into(),
        out_edges,
        in_edges,
        tree: Default::default(),
        tree_job: PendingTree::default(),
    })
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
