//! Small checks and helpers of the loader: dates, `{resource}` patterns, descriptions
//! made from templates, suggestions, names shown with their control characters.

use super::Ctx;
use crate::catalog::raw::{RawNames, RawScope};
use crate::catalog::{CatalogError, HTTP_METHODS, PathRules, TokenPage, TreeSpec};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;

/// Is `name` an RFC 6749 scope-token: printable ASCII except space, `"` and `\`?
pub fn is_scope_token(name: &str) -> bool {
    // Folded without an early exit, so it vectorizes: a large catalog has many names.
    !name.is_empty()
        && name.bytes().fold(true, |token, b| {
            token & ((0x21..=0x7E).contains(&b) & (b != b'"') & (b != b'\\'))
        })
}

/// Can `text` be a catalog's path prefix: whole segments, `/v1.0`, a slash first and none
/// last, without a query, a parameter only as a whole segment (`/ex/jira/{cloudid}`)?
pub fn is_path_prefix(text: &str) -> bool {
    text.len() > 1
        && text.starts_with('/')
        && !text.ends_with('/')
        && !text.contains(['?', '#', ' '])
        && text[1..].split('/').all(|segment| {
            let braces = segment.contains(['{', '}']);
            !segment.is_empty() && (!braces || is_whole_parameter(segment))
        })
}

/// Is `segment` a parameter and nothing else, `{cloudid}`?
pub fn is_whole_parameter(segment: &str) -> bool {
    segment
        .strip_prefix('{')
        .and_then(|rest| rest.strip_suffix('}'))
        .is_some_and(|name| !name.is_empty() && !name.contains(['{', '}']))
}

/// Is `text` a real date written `YYYY-MM-DD` (a day of the Gregorian calendar)?
pub fn is_date(text: &str) -> bool {
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

pub(super) struct SuggestionTail<'a>(pub(super) &'a [String]);

impl std::fmt::Display for SuggestionTail<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        crate::catalog::write_suggestions(f, self.0)
    }
}

/// `{resource}.all` split around its placeholder.
pub(super) struct Pattern<'a> {
    prefix: &'a str,
    suffix: &'a str,
}

impl<'a> Pattern<'a> {
    pub(super) fn parse(text: &'a str) -> Option<Pattern<'a>> {
        let (prefix, suffix) = text.split_once("{resource}")?;
        if suffix.contains("{resource}") {
            return None;
        }
        Some(Pattern { prefix, suffix })
    }

    pub(super) fn matches<'n>(&self, name: &'n str) -> Option<&'n str> {
        let middle = name.strip_prefix(self.prefix)?.strip_suffix(self.suffix)?;
        (!middle.is_empty()).then_some(middle)
    }
}

/// The placeholder of a template or rule for the resource's name.
pub(super) const RESOURCE: &str = "{resource}";

/// The description of a scope whose file gives none: the template for its action (the
/// last name segment), and the resource's human name, which its [`RESOURCE`] stands for.
pub(super) fn describe_from_template<'a>(
    name: &'a str,
    tree: &TreeSpec,
    templates: &'a BTreeMap<String, String>,
    resources: &'a HashMap<String, String>,
) -> Option<(&'a str, &'a str)> {
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
    Some((template, human))
}

/// Bytes enough for the descriptions [`describe_from_template`] makes for the scopes
/// that have none: the longest template, each of its placeholders replaced by the longest
/// human name or the scope's name (the resource it stands for is part of it).
pub(super) fn template_room(
    scopes: &[RawScope<'_>],
    templates: &BTreeMap<String, String>,
    resources: &HashMap<String, String>,
) -> usize {
    let template = templates.values().map(String::len).max().unwrap_or(0);
    let placeholders = templates
        .values()
        .map(|t| t.matches(RESOURCE).count())
        .max()
        .unwrap_or(0);
    let human = resources.values().map(String::len).max().unwrap_or(0);
    scopes
        .iter()
        .filter(|scope| scope.description.is_none())
        .map(|scope| template + placeholders * human.max(scope.name.get_ref().len()))
        .sum()
}

/// Does `text` contain `part`? A one-byte `part` (a delimiter, usually) is looked for
/// byte by byte, without setting up a substring search for each text.
pub(super) fn contains(text: &str, part: &str) -> bool {
    match part.as_bytes() {
        [byte] => memchr::memchr(*byte, text.as_bytes()).is_some(),
        _ => text.contains(part),
    }
}

/// A name as typed, with control characters made visible (`\t`, `\u{1b}`).
pub(super) fn shown_name(name: &str) -> String {
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

/// The catalog's `paths_case_insensitive`, `path_prefixes` and
/// `methods_interchangeable`, checked: each prefix whole segments, `/v1.0`, without a
/// trailing slash or a query, a parameter only as a whole segment (`/ex/jira/{cloudid}`);
/// each method an uppercase HTTP method, given once.
pub(super) fn path_rules(
    ctx: &Ctx,
    case_insensitive: bool,
    prefixes: Option<Spanned<RawNames>>,
    methods: Option<Spanned<RawNames>>,
) -> Result<PathRules, CatalogError> {
    let mut interchangeable: Vec<&'static str> = Vec::new();
    for method in methods.map(Spanned::into_inner).unwrap_or_default() {
        let text = method.get_ref();
        let Some(known) = HTTP_METHODS.into_iter().find(|m| m == text) else {
            return Err(ctx.error(
                method.span(),
                format!(
                    "`{}` in methods_interchangeable is not an uppercase HTTP method: expected \
                     one of {}",
                    shown_name(text),
                    HTTP_METHODS.join(", ")
                ),
            ));
        };
        if interchangeable.contains(&known) {
            return Err(ctx.error(
                method.span(),
                format!("`{known}` is given twice in methods_interchangeable"),
            ));
        }
        interchangeable.push(known);
    }
    let mut checked = Vec::new();
    for prefix in prefixes.map(Spanned::into_inner).unwrap_or_default() {
        let text = prefix.get_ref();
        if !is_path_prefix(text) {
            return Err(ctx.error(
                prefix.span(),
                format!(
                    "path prefix `{}` must be whole segments: `/v1.0`, a slash first and none \
                     last, a parameter only as a whole segment (`/ex/jira/{{cloudid}}`)",
                    shown_name(text)
                ),
            ));
        }
        checked.push(text.to_string());
    }
    Ok(PathRules {
        case_insensitive,
        prefixes: checked,
        methods_interchangeable: interchangeable,
    })
}

/// The token page of `token_page_url` and `token_page_delimiter` (the catalog's
/// delimiter unless given), checked: a problem in the template is placed at the
/// offending characters when the string is written without escapes.
pub(super) fn token_page(
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
    if let Err((at, message)) = crate::catalog::token_page::parts(url.get_ref()) {
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
