//! Finding operations by their HTTP method and path, the way a router would: a concrete
//! path such as `/users/42` matches the template `/users/{id}`, and where several
//! templates match, the most specific wins (`/users/me` over `/users/{id}`). Where the
//! catalog says so ([`PathRules`]), letter case does not matter, a request may carry
//! a prefix before the path (`/v1.0/me/sendMail` for `/me/sendmail`,
//! `/ex/jira/{cloudid}/rest/api/3/myself` for `/rest/api/3/myself`) and some methods
//! stand for each other (Slack's GET and POST). An operation may be called at more than
//! one path (Google's media upload URLs), and where templates address an item by its
//! path after a `:` (Microsoft Graph's `/me/drive/root:/{path}:/content`), a path of
//! several segments there is read as one value (see [`variants`]). No I/O.

mod finder;
mod near;
mod variants;

pub use finder::{OperationError, OperationFinder};

use crate::catalog::{Catalog, PathRules};
use std::cmp::Ordering;
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
    /// Leading segments a request may carry before a template, each split into its
    /// segments (in lower case when case does not matter); `{name}` is any one segment.
    prefixes: Vec<Vec<String>>,
    /// Methods any of which calls an operation that gives another of them.
    interchangeable: Vec<&'static str>,
    /// Does some template take a parameter right after a segment that ends in `:`
    /// (Microsoft Graph's `root:/{path}:`)? Then a request's path there may be several
    /// segments.
    colon_paths: bool,
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
            interchangeable: rules.methods_interchangeable.clone(),
            colon_paths: false,
        };
        routes.prefixes = rules
            .prefixes
            .iter()
            .map(|p| {
                split(&routes.folded(p))
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        routes.push_node(NONE, Span(0, 0));
        for (index, method, path) in operations {
            let mut node = 0u32;
            let path = routes.folded(strip_query(path)).into_owned();
            let mut after_colon = false;
            for segment in path.split('/').filter(|s| !s.is_empty()) {
                node = if segment.contains('{') {
                    routes.colon_paths |= after_colon;
                    routes.pattern_child(node, segment)
                } else {
                    routes.literal_child(node, segment)
                };
                after_colon = segment.ends_with(':');
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

    /// The routes of a catalog's operations (none where they do not load), each at its
    /// path and its upload paths, matched as the catalog's [`PathRules`] say.
    pub fn of(catalog: &Catalog) -> Routes {
        Routes::with_rules(
            catalog
                .operations()
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter_map(|(i, op)| Some((i, op.method?, op.path.as_deref()?, op)))
                .flat_map(|(i, method, path, op)| {
                    std::iter::once(path)
                        .chain(op.upload_paths.iter().map(|p| &**p))
                        .map(move |path| (i, method, path))
                }),
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
    /// (several methods, when the request gives none). Empty when nothing matches. The
    /// request's own method is tried before those interchangeable with it, and its path
    /// as given before without a prefix it starts with.
    pub fn find(&self, request: &Request) -> Vec<usize> {
        let path = self.folded(&request.path);
        let whole = split(&path);
        let mut forms: Vec<Vec<&str>> = vec![whole.clone()];
        forms.extend(
            self.prefixes
                .iter()
                .filter_map(|prefix| variants::unprefixed(&whole, prefix, false)),
        );
        let method = request.method.as_deref();
        let loose = method.is_some_and(|wanted| self.interchangeable_with(wanted));
        for loose in [false, true].into_iter().take(1 + usize::from(loose)) {
            for segments in &forms {
                let mut found = self.matches(segments, method, loose);
                if found.is_empty()
                    && self.colon_paths
                    && let Some(joined) = variants::item_paths_joined(segments)
                {
                    let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
                    found = self.matches(&joined, method, loose);
                }
                if !found.is_empty() {
                    found.sort_unstable();
                    found.dedup();
                    return found;
                }
            }
        }
        Vec::new()
    }

    /// Is `method` one of the methods that stand for each other?
    fn interchangeable_with(&self, method: &str) -> bool {
        self.interchangeable
            .iter()
            .any(|m| m.eq_ignore_ascii_case(method))
    }

    /// The operations that best match `segments` with `method`, or with a method
    /// interchangeable with it when `loose`.
    fn matches(&self, segments: &[&str], method: Option<&str>, loose: bool) -> Vec<usize> {
        let wanted = MethodWanted { method, loose };
        self.best(0, segments, &wanted)
            .into_iter()
            .map(|(_, index)| index)
            .collect()
    }

    /// Does an operation written with `given` answer `wanted`?
    fn answers(&self, given: &str, wanted: &MethodWanted) -> bool {
        wanted.method.is_none_or(|method| {
            given.eq_ignore_ascii_case(method)
                || (wanted.loose
                    && self.interchangeable_with(given)
                    && self.interchangeable_with(method))
        })
    }

    /// The most specific matches of `segments` below `node`, with their rank over these
    /// segments. A literal edge that leads to a match outranks every parameter edge, and a
    /// parameter with literal characters one without, so the other edges are tried only
    /// when the more specific ones match nothing.
    fn best(&self, node: u32, segments: &[&str], method: &MethodWanted) -> Vec<(Rank, usize)> {
        let here = self.nodes[node as usize];
        let Some((&segment, rest)) = segments.split_first() else {
            return Routes::list(&self.ends, here.first_end)
                .filter(|link| self.answers(self.text(link.value.0), method))
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

/// The method a request asks for: `None` for any; where `loose`, a method interchangeable
/// with it also answers.
struct MethodWanted<'a> {
    method: Option<&'a str>,
    loose: bool,
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
mod tests;
