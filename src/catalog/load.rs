//! The catalog file format (TOML) and its validation. Every rejection names the file,
//! line and column of the offending text.

use super::{Catalog, CatalogError, Edge, Evidence, Located, Origin, Scope, ScopeId, TreeSpec};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    id: Spanned<String>,
    name: String,
    docs_url: Option<String>,
    source: Option<String>,
    authorize_url: Option<String>,
    token_url: Option<String>,
    delimiter: Option<Spanned<String>>,
    tree: Option<RawTree>,
    #[serde(default)]
    templates: BTreeMap<String, String>,
    #[serde(default)]
    resources: HashMap<String, String>,
    #[serde(default, rename = "scope")]
    scopes: Vec<RawScope>,
    #[serde(default)]
    implies: Vec<RawImplies>,
    #[serde(default, rename = "rule")]
    rules: Vec<RawImplies>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTree {
    separator: Option<String>,
    prefix: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    name: Spanned<String>,
    description: Option<String>,
    parent: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImplies {
    from: Spanned<String>,
    to: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    composite: bool,
    evidence: Evidence,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "documented" => Ok(Evidence::Documented),
            "description" => Ok(Evidence::Description),
            "inferred" => Ok(Evidence::Inferred),
            other => Err(serde::de::Error::custom(format!(
                "unknown evidence `{other}`, expected one of `documented`, `description`, `inferred`"
            ))),
        }
    }
}

/// The folder where users keep their own catalogs: `$SCOPEX_CONFIG_DIR/catalogs` when set,
/// otherwise the platform's config folder (XDG on Linux: `~/.config/scopex/catalogs`).
pub fn user_catalog_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SCOPEX_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("catalogs"));
    }
    directories::ProjectDirs::from("", "", "scopex").map(|d| d.config_dir().join("catalogs"))
}

/// Is `name` an RFC 6749 scope-token: printable ASCII except space, `"` and `\`?
pub fn is_scope_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> CatalogError {
        CatalogError(Located::new(
            self.file,
            self.text,
            Some(span),
            message.into(),
        ))
    }
}

/// Parses and validates a catalog. `file` names the source in error messages.
pub fn parse_catalog(text: &str, file: &str, origin: Origin) -> Result<Catalog, CatalogError> {
    let ctx = Ctx { file, text };
    let raw: RawCatalog = toml::from_str(text).map_err(|e| {
        CatalogError(Located::new(
            file,
            text,
            e.span(),
            e.message().trim_end().to_string(),
        ))
    })?;

    let id = raw.id.get_ref();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err(ctx.error(
            raw.id.span(),
            format!("catalog id `{id}` must be lowercase letters, digits, `-` or `_`"),
        ));
    }
    let delimiter = match &raw.delimiter {
        Some(d) if d.get_ref().is_empty() => {
            return Err(ctx.error(d.span(), "delimiter must not be empty"));
        }
        Some(d) => d.get_ref().clone(),
        None => " ".to_string(),
    };
    let tree_spec = raw
        .tree
        .as_ref()
        .map(|t| TreeSpec {
            separator: t.separator.clone().filter(|s| !s.is_empty()),
            prefix: t.prefix.clone().filter(|s| !s.is_empty()),
        })
        .unwrap_or_default();

    // Names first, so edges and parents can refer to scopes listed after them.
    let mut index: HashMap<&str, ScopeId> = HashMap::new();
    for (i, scope) in raw.scopes.iter().enumerate() {
        let name = scope.name.get_ref();
        if !is_scope_token(name) {
            return Err(ctx.error(
                scope.name.span(),
                format!(
                    "`{}` is not a valid scope name (RFC 6749 allows printable ASCII except space, `\"` and `\\`)",
                    shown_name(name)
                ),
            ));
        }
        if let Some(&first) = index.get(name.as_str()) {
            let first_at = Located::new(
                file,
                text,
                Some(raw.scopes[first].name.span()),
                String::new(),
            );
            return Err(ctx.error(
                scope.name.span(),
                format!(
                    "duplicate scope `{name}` (first defined at line {}, column {})",
                    first_at.line, first_at.column
                ),
            ));
        }
        index.insert(name, i);
    }
    let all_names = || raw.scopes.iter().map(|s| s.name.get_ref().as_str());
    let resolve = |name: &Spanned<String>, role: &str| -> Result<ScopeId, CatalogError> {
        index.get(name.get_ref().as_str()).copied().ok_or_else(|| {
            let mut message = format!("{role} `{}` is not a scope of this catalog", name.get_ref());
            let suggestions = super::suggest(name.get_ref(), all_names());
            message.push_str(&SuggestionTail(&suggestions).to_string());
            ctx.error(name.span(), message)
        })
    };

    let mut scopes = Vec::with_capacity(raw.scopes.len());
    for raw_scope in &raw.scopes {
        let name = raw_scope.name.get_ref().clone();
        let description = match &raw_scope.description {
            Some(d) => d.clone(),
            None => describe_from_template(&name, &tree_spec, &raw.templates, &raw.resources)
                .ok_or_else(|| {
                    ctx.error(
                        raw_scope.name.span(),
                        format!(
                            "scope `{name}` has no description and no [templates] entry for its action"
                        ),
                    )
                })?,
        };
        let parent = raw_scope
            .parent
            .as_ref()
            .map(|p| resolve(p, "parent"))
            .transpose()?;
        scopes.push(Scope {
            name,
            description,
            composite: false,
            parent,
        });
    }
    check_parent_cycles(&ctx, &raw.scopes, &scopes)?;

    let mut edges: Vec<Edge> = Vec::new();
    let mut seen: HashSet<(ScopeId, ScopeId)> = HashSet::new();
    let mut add_edge = |edges: &mut Vec<Edge>, from, to, evidence, note: &Option<String>| {
        if from != to && seen.insert((from, to)) {
            edges.push(Edge {
                from,
                to,
                evidence,
                note: note.clone(),
            });
        }
    };
    for implies in &raw.implies {
        let from = resolve(&implies.from, "scope")?;
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
        if implies.composite {
            scopes[from].composite = true;
        }
        for target in implies.to.get_ref() {
            let to = resolve(target, "implied scope")?;
            add_edge(&mut edges, from, to, implies.evidence, &implies.note);
        }
    }
    for rule in &raw.rules {
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
        for (from, scope) in raw.scopes.iter().enumerate() {
            let Some(resource) = pattern.matches(scope.name.get_ref()) else {
                continue;
            };
            matched = true;
            let targets: Vec<ScopeId> = rule
                .to
                .get_ref()
                .iter()
                .filter_map(|t| {
                    index
                        .get(t.get_ref().replace("{resource}", resource).as_str())
                        .copied()
                })
                .collect();
            if targets.is_empty() && rule.composite {
                return Err(ctx.error(
                    rule.to.span(),
                    format!(
                        "rule makes `{}` a composite with no members: none of its targets exist",
                        scope.name.get_ref()
                    ),
                ));
            }
            if rule.composite {
                scopes[from].composite = true;
            }
            for to in targets {
                add_edge(&mut edges, from, to, rule.evidence, &rule.note);
            }
        }
        if !matched {
            return Err(ctx.error(
                rule.from.span(),
                format!("rule `{}` matches no scope", rule.from.get_ref()),
            ));
        }
    }
    check_composites_grant_something(&ctx, &raw, &scopes, &edges)?;

    Ok(Catalog::assemble(
        id.clone(),
        raw.name,
        raw.docs_url,
        raw.source,
        raw.authorize_url,
        raw.token_url,
        delimiter,
        tree_spec,
        raw.resources,
        scopes,
        edges,
        origin,
    ))
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

fn check_parent_cycles(ctx: &Ctx, raw: &[RawScope], scopes: &[Scope]) -> Result<(), CatalogError> {
    for (start, raw_scope) in raw.iter().enumerate() {
        let mut current = scopes[start].parent;
        let mut steps = 0;
        while let Some(p) = current {
            if steps > scopes.len() {
                // Below a cycle, not in it: the cycle is reported from one of its own.
                break;
            }
            if p == start {
                let span = raw_scope
                    .parent
                    .as_ref()
                    .map_or(raw_scope.name.span(), |p| p.span());
                return Err(ctx.error(
                    span,
                    format!("tree parents of `{}` form a cycle", scopes[start].name),
                ));
            }
            current = scopes[p].parent;
            steps += 1;
        }
    }
    Ok(())
}

/// A composite whose members are only composites in a cycle would grant nothing at all.
fn check_composites_grant_something(
    ctx: &Ctx,
    raw: &RawCatalog,
    scopes: &[Scope],
    edges: &[Edge],
) -> Result<(), CatalogError> {
    let mut out: Vec<Vec<ScopeId>> = vec![Vec::new(); scopes.len()];
    for edge in edges {
        out[edge.from].push(edge.to);
    }
    // A scope grants something when it is atomic or reaches one that does.
    let mut grants_something: Vec<bool> = scopes.iter().map(|s| !s.composite).collect();
    let mut changed = true;
    while changed {
        changed = false;
        for (s, targets) in out.iter().enumerate() {
            if !grants_something[s] && targets.iter().any(|&t| grants_something[t]) {
                grants_something[s] = true;
                changed = true;
            }
        }
    }
    match grants_something.iter().position(|&g| !g) {
        None => Ok(()),
        Some(s) => Err(ctx.error(
            raw.scopes[s].name.span(),
            format!(
                "composite `{}` grants nothing: its members lead only back to composites, never to an atomic scope",
                scopes[s].name
            ),
        )),
    }
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
