//! The `[[operation]]` entries checked (ids, methods, paths, each alternative's scopes)
//! and assembled into the catalog's operation list.

use super::{Ctx, resolve_scope, shown_name};
use crate::catalog::operations::OperationList;
use crate::catalog::raw::{RawNames, RawOperation};
use crate::catalog::text::{Piece, TextBuffer};
use crate::catalog::{Catalog, CatalogError, HTTP_METHODS, Located, NameIndex, Operation};
use std::ops::Range;
use toml::Spanned;

/// Validates the operations of `catalog` (read without them) and assembles them.
pub(super) fn build_operations(
    ctx: &Ctx,
    catalog: &Catalog,
    raw_operations: Vec<RawOperation<'_>>,
) -> Result<OperationList, CatalogError> {
    let text_bytes = raw_operations
        .iter()
        .map(|op| {
            op.id.get_ref().len()
                + op.path.as_ref().map_or(0, |p| p.get_ref().len())
                + op.upload_paths.as_ref().map_or(0, |paths| {
                    paths.get_ref().iter().map(|p| p.get_ref().len()).sum()
                })
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
        // `requires = []` lists no way to authorize the call, which says nothing of
        // it (the source did not tell); `[[]]` is one way needing no scope: any token.
        if requires.get_ref().is_empty() {
            return Err(ctx.error(
                requires.span(),
                format!(
                    "operation `{op_id}` requires nothing: list at least one alternative, e.g. [[\"scope\"]], or [[]] for a call any token may make"
                ),
            ));
        }
        let mut alternatives = Vec::with_capacity(requires.get_ref().len());
        for alternative in requires.get_ref() {
            alternatives_seen += 1;
            let mut needed = Vec::with_capacity(alternative.get_ref().len());
            for name in alternative.get_ref() {
                let scope =
                    resolve_scope(ctx, catalog.name_index(), scopes, name, "required scope")?;
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
            upload_paths: texts.upload_paths.iter().map(|&p| shared.text(p)).collect(),
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
    upload_paths: Vec<Piece>,
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
            upload_paths: Vec::new(),
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
        let mut checked_path = |path: &Spanned<std::borrow::Cow<'_, str>>, what: &str| {
            let text = path.get_ref();
            if !text.starts_with('/') || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(ctx.error(
                    path.span(),
                    format!(
                        "{what} `{}` of operation `{op_id}` must start with `/` and hold no spaces",
                        shown_name(text)
                    ),
                ));
            }
            buffer.push(text).map_err(|_| too_large(path.span()))
        };
        let path = match &raw.path {
            Some(path) => Some(checked_path(path, "path")?),
            None => None,
        };
        let mut upload_paths = Vec::new();
        if let Some(paths) = &raw.upload_paths {
            if path.is_none() {
                return Err(ctx.error(
                    paths.span(),
                    format!(
                        "operation `{op_id}` has upload_paths but no method and path: give those too"
                    ),
                ));
            }
            for upload in paths.get_ref() {
                upload_paths.push(checked_path(upload, "upload path")?);
            }
        }
        let description = match &raw.description {
            Some(d) => Some(buffer.push(d).map_err(|_| too_large(span.clone()))?),
            None => None,
        };
        let last = texts.len() - 1;
        texts[last].method = method;
        texts[last].path = path;
        texts[last].upload_paths = upload_paths;
        texts[last].description = description;
        requires.push(raw.requires);
    }
    Ok(CheckedOperations {
        texts,
        requires,
        index,
    })
}
