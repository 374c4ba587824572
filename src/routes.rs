//! Finding operations by their HTTP method and path, the way a router would: a concrete
//! path such as `/users/42` matches the template `/users/{id}`, and where several
//! templates match, the most specific wins (`/users/me` over `/users/{id}`). Where the
//! catalog says so ([`PathRules`]), letter case does not matter and a request may carry
//! a prefix before the path (`/v1.0/me/sendMail` for `/me/sendmail`). No I/O.
//!
//! Why this file is long: 170 of its lines are unit tests of which template a path
//! matches; the matcher itself is about 500 lines.

mod near;

use crate::catalog::{Catalog, OperationId, PathRules, suggest, write_suggestions};
use std::cmp::Ordering;
use std::fmt;
use std::hash::BuildHasher as _;

/// The path templates of a catalog's operations as a segment trie: one node per distinct
/// prefix, literal segments looked up by hash, parameter segments tried after them. It
/// owns its text (each distinct segment once, in one buffer), so it can be built once and
/// kept with a loaded catalog; its nodes, parameter edges and ends are flat lists, so
/// building it for 30,000 operations costs about one hash insertion per segment and a
/// handful of allocations in all.
#[derive(Debug, Clone)]
pub struct Routes {
    /// Per node, where it hangs, its first parameter edge and its first end.
    nodes: Vec<Node>,
    /// The nodes reached by a literal edge, found by (parent node, segment).
    literals: hashbrown::HashTable<u32>,
    /// Hashing is seeded at random: templates come from files the user opens.
    hasher: foldhash::fast::RandomState,
    /// The segments and methods, each span of it named by a [`Span`].
    text: String,
    /// Parameter edges, each node's in a list linked by `next`. Segments written alike
    /// (`{id}` under the same parent) share one.
    patterns: Vec<Link<Span>>,
    /// The operations whose template ends at a node, linked the same way: (method as
    /// written, index).
    ends: Vec<Link<(Span, usize)>>,
    /// Literal segments are kept in lower case, and requests looked up so.
    case_insensitive: bool,
    /// Leading segments a request may carry before a template (in lower case when case
    /// does not matter).
    prefixes: Vec<String>,
}

/// No edge or end.
const NONE: u32 = u32::MAX;

/// A piece of [`Routes::text`]: start and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span(u32, u32);

#[derive(Debug, Clone, Copy)]
struct Node {
    /// The parent node and the literal segment leading here (for a node reached by a
    /// literal edge; the root and parameter children have `NONE`).
    parent: u32,
    segment: Span,
    first_pattern: u32,
    first_end: u32,
}

/// One entry of a linked list kept in a flat vector.
#[derive(Debug, Clone, Copy)]
struct Link<T> {
    value: T,
    /// The child node, for an edge.
    child: u32,
    next: u32,
}

/// A request as a user wrote it: `GET /users/42`, `/users/42`, or a whole URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Upper case; None when only a path was given.
    pub method: Option<String>,
    /// The path: no scheme, host, query or fragment, no trailing slash.
    pub path: String,
}

impl Request {
    /// Reads `METHOD /path`, `/path` or `METHOD https://host/path?query`; None when the
    /// text is not a request (an operation id, for one).
    pub fn parse(text: &str) -> Option<Request> {
        let text = text.trim();
        let (method, target) = match text.split_once(char::is_whitespace) {
            Some((method, rest)) => {
                if method.is_empty() || !method.chars().all(|c| c.is_ascii_alphabetic()) {
                    return None;
                }
                (Some(method.to_ascii_uppercase()), rest.trim())
            }
            None => (None, text),
        };
        let path = if let Some(after_scheme) = target
            .strip_prefix("https://")
            .or_else(|| target.strip_prefix("http://"))
        {
            after_scheme
                .find('/')
                .map_or("/", |slash| &after_scheme[slash..])
        } else if target.starts_with('/') {
            target
        } else {
            return None;
        };
        let path = path.split(['?', '#']).next().unwrap_or(path);
        let path = match path.trim_end_matches('/') {
            "" => "/",
            trimmed => trimmed,
        };
        Some(Request {
            method,
            path: path.to_string(),
        })
    }
}

/// How specifically a template matches a concrete path, comparable between templates
/// (greater is more specific): per segment 2 for a literal, 1 for a parameter with literal
/// characters around it (`{name}.json`), 0 for a bare parameter, compared from the first
/// segment on; then the number of literal characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    levels: Vec<u8>,
    literal_chars: usize,
}

impl Routes {
    /// Indexes operations given as (index, method, path template).
    pub fn new<'a>(operations: impl IntoIterator<Item = (usize, &'a str, &'a str)>) -> Routes {
        Routes::with_rules(operations, &PathRules::default())
    }

    /// [`Routes::new`], matching requests as `rules` say.
    pub fn with_rules<'a>(
        operations: impl IntoIterator<Item = (usize, &'a str, &'a str)>,
        rules: &PathRules,
    ) -> Routes {
        let operations = operations.into_iter();
        let (least, most) = operations.size_hint();
        let expected = most.unwrap_or(least);
        let mut routes = Routes {
            nodes: Vec::with_capacity(expected * 2 + 1),
            literals: hashbrown::HashTable::with_capacity(expected * 2),
            hasher: foldhash::fast::RandomState::default(),
            text: String::with_capacity(expected * 16),
            patterns: Vec::new(),
            ends: Vec::with_capacity(expected),
            case_insensitive: rules.case_insensitive,
            prefixes: Vec::new(),
        };
        routes.prefixes = rules
            .prefixes
            .iter()
            .map(|p| routes.folded(p).into_owned())
            .collect();
        routes.push_node(NONE, Span(0, 0));
        for (index, method, path) in operations {
            let mut node = 0u32;
            let path = routes.folded(strip_query(path)).into_owned();
            for segment in path.split('/').filter(|s| !s.is_empty()) {
                node = if segment.contains('{') {
                    routes.pattern_child(node, segment)
                } else {
                    routes.literal_child(node, segment)
                };
            }
            let method = routes.push_text(method);
            let at = routes.nodes[node as usize].first_end;
            routes.ends.push(Link {
                value: (method, index),
                child: NONE,
                next: at,
            });
            routes.nodes[node as usize].first_end = (routes.ends.len() - 1) as u32;
        }
        routes
    }

    /// The routes of a catalog's operations (none where they do not load), matched as
    /// the catalog's [`PathRules`] say.
    pub fn of(catalog: &Catalog) -> Routes {
        Routes::with_rules(
            catalog
                .operations()
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter_map(|(i, op)| Some((i, op.method?, op.path.as_deref()?))),
            &catalog.paths,
        )
    }

    /// `text` as segments are kept: in lower case when case does not matter.
    fn folded<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.case_insensitive && text.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    fn push_node(&mut self, parent: u32, segment: Span) -> u32 {
        self.nodes.push(Node {
            parent,
            segment,
            first_pattern: NONE,
            first_end: NONE,
        });
        (self.nodes.len() - 1) as u32
    }

    fn push_text(&mut self, piece: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(piece);
        Span(start as u32, piece.len() as u32)
    }

    fn text(&self, span: Span) -> &str {
        text_of(&self.text, span)
    }

    /// The child of `node` along the literal segment `segment`.
    fn literal(&self, node: u32, segment: &str) -> Option<u32> {
        let hash = self.hasher.hash_one((node, segment));
        self.literals
            .find(hash, |&child| {
                let child = self.nodes[child as usize];
                child.parent == node && text_of(&self.text, child.segment) == segment
            })
            .copied()
    }

    /// The child of `node` along the literal segment `segment`, made if need be.
    fn literal_child(&mut self, node: u32, segment: &str) -> u32 {
        if let Some(child) = self.literal(node, segment) {
            return child;
        }
        let span = self.push_text(segment);
        let child = self.push_node(node, span);
        let Routes {
            nodes,
            literals,
            hasher,
            text,
            ..
        } = self;
        literals.insert_unique(hasher.hash_one((node, segment)), child, |&other| {
            let other = nodes[other as usize];
            hasher.hash_one((other.parent, text_of(text, other.segment)))
        });
        child
    }

    /// The child of `node` along the parameter segment `segment`, made if need be.
    fn pattern_child(&mut self, node: u32, segment: &str) -> u32 {
        let mut edge = self.nodes[node as usize].first_pattern;
        while edge != NONE {
            let link = self.patterns[edge as usize];
            if self.text(link.value) == segment {
                return link.child;
            }
            edge = link.next;
        }
        let span = self.push_text(segment);
        let child = self.push_node(NONE, Span(0, 0));
        let at = self.nodes[node as usize].first_pattern;
        self.patterns.push(Link {
            value: span,
            child,
            next: at,
        });
        self.nodes[node as usize].first_pattern = (self.patterns.len() - 1) as u32;
        child
    }

    /// The entries of a list that starts at `first`.
    fn list<T: Copy>(items: &[Link<T>], first: u32) -> impl Iterator<Item = Link<T>> + '_ {
        let mut at = first;
        std::iter::from_fn(move || {
            let link = *items.get(at as usize)?;
            at = link.next;
            Some(link)
        })
    }

    /// The operations that best match a request: one, or several equally specific ones
    /// (several methods, when the request gives none). Empty when nothing matches.
    pub fn find(&self, request: &Request) -> Vec<usize> {
        let path = self.folded(&request.path);
        // The path as given, else without a prefix it starts with.
        let unprefixed = self.prefixes.iter().filter_map(|prefix| {
            let rest = path.strip_prefix(prefix.as_str())?;
            match rest {
                "" => Some("/"),
                _ if rest.starts_with('/') => Some(rest),
                _ => None,
            }
        });
        for path in std::iter::once(&*path).chain(unprefixed) {
            let segments = split(path);
            let mut found: Vec<usize> = self
                .best(0, &segments, request.method.as_deref())
                .into_iter()
                .map(|(_, index)| index)
                .collect();
            if !found.is_empty() {
                found.sort_unstable();
                found.dedup();
                return found;
            }
        }
        Vec::new()
    }

    /// The most specific matches of `segments` below `node`, with their rank over these
    /// segments. A literal edge that leads to a match outranks every parameter edge, and a
    /// parameter with literal characters one without, so the other edges are tried only
    /// when the more specific ones match nothing.
    fn best(&self, node: u32, segments: &[&str], method: Option<&str>) -> Vec<(Rank, usize)> {
        let here = self.nodes[node as usize];
        let Some((&segment, rest)) = segments.split_first() else {
            return Routes::list(&self.ends, here.first_end)
                .filter(|link| {
                    method.is_none_or(|wanted| self.text(link.value.0).eq_ignore_ascii_case(wanted))
                })
                .map(|link| {
                    let rank = Rank {
                        levels: Vec::new(),
                        literal_chars: 0,
                    };
                    (rank, link.value.1)
                })
                .collect();
        };
        if let Some(child) = self.literal(node, segment) {
            let found = self.best(child, rest, method);
            if !found.is_empty() {
                return prefixed(found, 2, segment.len());
            }
        }
        let patterns: Vec<(Vec<&str>, u32)> = Routes::list(&self.patterns, here.first_pattern)
            .map(|link| (pattern_pieces(self.text(link.value)), link.child))
            .collect();
        for level in [1u8, 0] {
            let mut best: Vec<(Rank, usize)> = Vec::new();
            for (pieces, child) in &patterns {
                let chars: usize = pieces.iter().map(|p| p.len()).sum();
                if u8::from(chars > 0) != level || !matches_pattern(pieces, segment) {
                    continue;
                }
                for (rank, index) in prefixed(self.best(*child, rest, method), level, chars) {
                    match best.first().map(|(top, _)| rank.cmp(top)) {
                        None | Some(Ordering::Equal) => best.push((rank, index)),
                        Some(Ordering::Greater) => best = vec![(rank, index)],
                        Some(Ordering::Less) => {}
                    }
                }
            }
            if !best.is_empty() {
                return best;
            }
        }
        Vec::new()
    }
}

/// Ranks over the segments after one, extended to that segment.
fn prefixed(found: Vec<(Rank, usize)>, level: u8, chars: usize) -> Vec<(Rank, usize)> {
    found
        .into_iter()
        .map(|(mut rank, index)| {
            rank.levels.insert(0, level);
            rank.literal_chars += chars;
            (rank, index)
        })
        .collect()
}

/// Finds a catalog's operations from what a user types: an operation id, `METHOD /path`
/// (a template, or a concrete path that matches one), a bare path, or a whole URL. It
/// finds none where the operations do not load: ask [`Catalog::operations`] first.
pub struct OperationFinder<'c> {
    catalog: &'c Catalog,
    /// Routes built once and kept by the caller ([`OperationFinder::with_routes`]).
    kept: Option<&'c Routes>,
    /// Otherwise built on the first request that is not an id.
    built: std::cell::OnceCell<Routes>,
}

/// Text that names no operation, or several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationError {
    Unknown {
        text: String,
        catalog: String,
        suggestions: Vec<String>,
    },
    Ambiguous {
        text: String,
        /// `id (METHOD /path)` of each match.
        matches: Vec<String>,
    },
}

impl fmt::Display for OperationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OperationError::Unknown {
                text,
                catalog,
                suggestions,
            } => {
                write!(f, "`{text}` is not an operation of the {catalog} catalog")?;
                write_suggestions(f, suggestions)
            }
            OperationError::Ambiguous { text, matches } => write!(
                f,
                "`{text}` matches several operations: {}; name one by its id or its method",
                matches.join(", ")
            ),
        }
    }
}

impl std::error::Error for OperationError {}

impl<'c> OperationFinder<'c> {
    /// A finder that builds the catalog's routes when first needed.
    pub fn new(catalog: &'c Catalog) -> OperationFinder<'c> {
        OperationFinder {
            catalog,
            kept: None,
            built: std::cell::OnceCell::new(),
        }
    }

    /// A finder using `routes`, built by [`Routes::of`] from this same catalog and kept
    /// for repeated requests.
    pub fn with_routes(catalog: &'c Catalog, routes: &'c Routes) -> OperationFinder<'c> {
        OperationFinder {
            catalog,
            kept: Some(routes),
            built: std::cell::OnceCell::new(),
        }
    }

    fn routes(&self) -> &Routes {
        match self.kept {
            Some(routes) => routes,
            None => self.built.get_or_init(|| Routes::of(self.catalog)),
        }
    }

    /// The operation `text` names; where it names none, the closest operations are
    /// suggested.
    pub fn find(&self, text: &str) -> Result<OperationId, OperationError> {
        self.find_unsuggested(text)
            .map_err(|error| self.suggest(error))
    }

    /// [`OperationFinder::find`] without the suggestions for an unknown operation, which
    /// cost a pass over every operation of the catalog: for a caller that reports only
    /// some of many failures and asks [`OperationFinder::suggest`] for those.
    pub fn find_unsuggested(&self, text: &str) -> Result<OperationId, OperationError> {
        let text = text.trim();
        if let Some(id) = self.catalog.operation_id_of(text) {
            return Ok(id);
        }
        let found = Request::parse(text)
            .map(|request| self.routes().find(&request))
            .unwrap_or_default();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(OperationError::Unknown {
                text: text.to_string(),
                catalog: self.catalog.name.clone(),
                suggestions: Vec::new(),
            }),
            many => Err(OperationError::Ambiguous {
                text: text.to_string(),
                matches: many.iter().map(|&i| self.label(i)).collect(),
            }),
        }
    }

    /// `error` with the operations closest to what it names, where it names none.
    pub fn suggest(&self, error: OperationError) -> OperationError {
        let OperationError::Unknown { text, catalog, .. } = error else {
            return error;
        };
        let suggestions = match Request::parse(&text) {
            Some(request) => {
                let near = near::nearest(self.catalog, &request);
                if near.is_empty() {
                    let routes: Vec<String> = self
                        .catalog
                        .operations()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|op| Some(format!("{} {}", op.method?, op.path.as_deref()?)))
                        .collect();
                    // Compared as the request reads without a host.
                    let asked = match &request.method {
                        Some(method) => format!("{method} {}", request.path),
                        None => request.path.clone(),
                    };
                    suggest(&asked, routes.iter().map(String::as_str))
                } else {
                    near
                }
            }
            None => self.catalog.suggest_operation(&text),
        };
        OperationError::Unknown {
            text,
            catalog,
            suggestions,
        }
    }

    /// `id (METHOD /path)`, or the id alone (also where it is `METHOD /path` itself, as
    /// Microsoft Graph's are).
    pub fn label(&self, id: OperationId) -> String {
        let op = self.catalog.operation(id);
        match (op.method, op.path.as_deref()) {
            (Some(method), Some(path)) if op.id.as_str() != format!("{method} {path}") => {
                format!("{} ({method} {path})", op.id.as_str())
            }
            _ => op.id.to_string(),
        }
    }
}

fn text_of(text: &str, Span(start, len): Span) -> &str {
    &text[start as usize..(start + len) as usize]
}

fn split(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// A template without a query or fragment, should it have one.
fn strip_query(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

/// The literal pieces around the parameters of a segment: `{key}.json` is ["", ".json"],
/// a parameter between each two pieces.
fn pattern_pieces(segment: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        pieces.push(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    pieces.push(rest);
    pieces
}

/// Does `text` read as the pieces with a non-empty parameter value between each two?
fn matches_pattern(pieces: &[&str], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return false;
    };
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        if last {
            return remaining.len() > piece.len() && remaining.ends_with(piece);
        }
        // The parameter takes at least one character, then the shortest run up to the
        // next piece.
        let Some(at) = remaining.get(1..).and_then(|after| after.find(piece)) else {
            return false;
        };
        remaining = &remaining[1 + at + piece.len()..];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        Routes::new([
            (0, "GET", "/users"),
            (1, "GET", "/users/{id}"),
            (2, "GET", "/users/me"),
            (3, "DELETE", "/users/{id}"),
            (4, "get", "/files/{name}.json"),
            (5, "GET", "/files/{name}"),
            (6, "POST", "/v1/{parent}/items/"),
        ])
    }

    fn find(text: &str) -> Vec<usize> {
        routes().find(&Request::parse(text).expect("a request"))
    }

    #[test]
    fn requests_read_method_path_and_urls() {
        assert_eq!(Request::parse("users.list"), None);
        assert_eq!(Request::parse("GET users"), None);
        assert_eq!(
            Request::parse(" get https://api.example.com/users/42/?page=2#top"),
            Some(Request {
                method: Some("GET".into()),
                path: "/users/42".into()
            })
        );
        assert_eq!(
            Request::parse("/"),
            Some(Request {
                method: None,
                path: "/".into()
            })
        );
    }

    #[test]
    fn concrete_paths_match_templates_and_the_most_specific_wins() {
        assert_eq!(find("GET /users"), vec![0]);
        assert_eq!(find("GET /users/42"), vec![1]);
        assert_eq!(find("GET /users/me"), vec![2]);
        assert_eq!(find("GET /users/{id}"), vec![1]);
        assert_eq!(find("DELETE /users/42"), vec![3]);
        assert_eq!(find("GET /files/a.json"), vec![4]);
        assert_eq!(find("GET /files/a.txt"), vec![5]);
        assert_eq!(find("GET /files/.json"), vec![5]);
        assert_eq!(find("POST /v1/projects/items"), vec![6]);
        assert_eq!(find("PUT /users/42"), Vec::<usize>::new());
        assert_eq!(find("GET /users/42/keys"), Vec::<usize>::new());
    }

    #[test]
    fn where_the_catalog_says_so_case_does_not_matter_and_a_prefix_may_come_first() {
        let rules = PathRules {
            case_insensitive: true,
            prefixes: vec!["/v1.0".into(), "/Beta".into()],
        };
        let templates = [
            (0, "POST", "/me/sendmail"),
            (1, "GET", "/users/{id}/mailFolders/{folder}"),
            (2, "GET", "/v1.0/literal"),
        ];
        let routes = Routes::with_rules(templates, &rules);
        let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
        assert_eq!(find("POST /me/sendMail"), vec![0]);
        assert_eq!(find("POST /v1.0/me/sendMail"), vec![0]);
        assert_eq!(
            find("post https://graph.microsoft.com/beta/ME/SENDMAIL"),
            vec![0]
        );
        // Parameters keep what they match; literals around them ignore case.
        assert_eq!(find("GET /v1.0/Users/AbC/MailFolders/Inbox"), vec![1]);
        // The path as given first; a prefix only at a segment's end.
        assert_eq!(find("GET /v1.0/literal"), vec![2]);
        assert_eq!(find("POST /v1.0x/me/sendmail"), Vec::<usize>::new());
        assert_eq!(find("POST /v2.0/me/sendmail"), Vec::<usize>::new());
        // Without the rules, neither.
        let strict = Routes::new(templates);
        let find = |text: &str| strict.find(&Request::parse(text).expect("a request"));
        assert_eq!(find("POST /me/sendMail"), Vec::<usize>::new());
        assert_eq!(find("POST /v1.0/me/sendmail"), Vec::<usize>::new());
    }

    #[test]
    fn a_path_without_method_matches_every_method() {
        assert_eq!(find("/users/42"), vec![1, 3]);
        assert_eq!(find("/users"), vec![0]);
    }

    #[test]
    fn a_literal_wins_only_where_the_rest_of_the_path_matches_too() {
        let routes = Routes::new([
            (0, "GET", "/a/{x}/d"),
            (1, "GET", "/{y}/b/c"),
            (2, "GET", "/a/{x}/{z}.txt"),
            (3, "GET", "/{y}/b/{z}.txt"),
        ]);
        let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
        assert_eq!(find("GET /a/b/d"), vec![0]);
        assert_eq!(find("GET /a/b/c"), vec![1]);
        assert_eq!(find("GET /a/b/c.txt"), vec![2]);
        assert_eq!(find("GET /q/b/c.txt"), vec![3]);
    }

    /// The rank of a template against a concrete path, computed on its own: what the trie
    /// must agree with.
    fn oracle_rank(template: &str, path: &str) -> Option<Rank> {
        let (template, path) = (split(template), split(path));
        if template.len() != path.len() {
            return None;
        }
        let mut rank = Rank {
            levels: Vec::new(),
            literal_chars: 0,
        };
        for (segment, text) in template.iter().zip(&path) {
            if segment.contains('{') {
                let pieces = pattern_pieces(segment);
                if !matches_pattern(&pieces, text) {
                    return None;
                }
                let chars: usize = pieces.iter().map(|p| p.len()).sum();
                rank.levels.push(u8::from(chars > 0));
                rank.literal_chars += chars;
            } else {
                if segment != text {
                    return None;
                }
                rank.levels.push(2);
                rank.literal_chars += segment.len();
            }
        }
        Some(rank)
    }

    #[test]
    fn the_trie_finds_what_ranking_every_template_finds() {
        const SEGMENTS: [&str; 6] = ["a", "b", "{p}", "{q}.json", "a.json", "x{r}"];
        const METHODS: [&str; 2] = ["GET", "POST"];
        let mut state = 0x5eed_u64;
        let mut below = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) % n as u64) as usize
        };
        for _ in 0..200 {
            let templates: Vec<(usize, &str, String)> = (0..below(12) + 1)
                .map(|i| {
                    let path: String = (0..below(3) + 1)
                        .map(|_| format!("/{}", SEGMENTS[below(SEGMENTS.len())]))
                        .collect();
                    (i, METHODS[below(2)], path)
                })
                .collect();
            let routes = Routes::new(templates.iter().map(|(i, m, p)| (*i, *m, p.as_str())));
            for _ in 0..20 {
                let path: String = (0..below(3) + 1)
                    .map(|_| ["/a", "/b", "/a.json", "/xy", "/z"][below(5)])
                    .collect();
                let method = [None, Some("GET"), Some("POST")][below(3)];
                let mut best: Vec<(Rank, usize)> = Vec::new();
                for (i, m, template) in &templates {
                    if method.is_some_and(|wanted| wanted != *m) {
                        continue;
                    }
                    let Some(rank) = oracle_rank(template, &path) else {
                        continue;
                    };
                    match best.first().map(|(top, _)| rank.cmp(top)) {
                        None | Some(Ordering::Equal) => best.push((rank, *i)),
                        Some(Ordering::Greater) => best = vec![(rank, *i)],
                        Some(Ordering::Less) => {}
                    }
                }
                let mut expected: Vec<usize> = best.into_iter().map(|(_, i)| i).collect();
                expected.sort_unstable();
                expected.dedup();
                let request = Request {
                    method: method.map(str::to_string),
                    path: path.clone(),
                };
                assert_eq!(
                    routes.find(&request),
                    expected,
                    "{method:?} {path} against {templates:?}"
                );
            }
        }
    }

    #[test]
    fn patterns_with_several_parameters() {
        let pieces = ["", "-", ".json"];
        assert!(matches_pattern(&pieces, "a-b.json"));
        assert!(matches_pattern(&pieces, "a-b-c.json"));
        assert!(!matches_pattern(&pieces, "-b.json"));
        assert!(!matches_pattern(&pieces, "a-.json"));
        assert!(!matches_pattern(&pieces, "ab.json"));
    }
}
