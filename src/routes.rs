//! Finding operations by their HTTP method and path, the way a router would: a concrete
//! path such as `/users/42` matches the template `/users/{id}`, and where several
//! templates match, the most specific wins (`/users/me` over `/users/{id}`). No I/O.

use crate::catalog::{Catalog, OperationId, suggest, write_suggestions};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

/// The templates of a catalog's operations, by method and number of segments.
#[derive(Debug, Clone, Default)]
pub struct Routes {
    by_shape: HashMap<(String, usize), Vec<(usize, Template)>>,
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

impl Routes {
    /// Indexes operations given as (index, method, path template).
    pub fn new<'a>(operations: impl IntoIterator<Item = (usize, &'a str, &'a str)>) -> Routes {
        let mut by_shape: HashMap<(String, usize), Vec<(usize, Template)>> = HashMap::new();
        for (index, method, path) in operations {
            let Some(Request { path, .. }) = Request::parse(path) else {
                continue;
            };
            let template = Template::parse(&path);
            by_shape
                .entry((method.to_ascii_uppercase(), template.segments.len()))
                .or_default()
                .push((index, template));
        }
        Routes { by_shape }
    }

    /// The operations that best match a request: one, or several equally specific ones
    /// (several methods, when the request gives none). Empty when nothing matches.
    pub fn find(&self, request: &Request) -> Vec<usize> {
        let segments: Vec<&str> = split(&request.path);
        let mut best: Vec<(Vec<u8>, usize)> = Vec::new();
        for ((method, count), templates) in &self.by_shape {
            if *count != segments.len() || request.method.as_ref().is_some_and(|m| m != method) {
                continue;
            }
            for (index, template) in templates {
                let Some(rank) = template.rank(&segments) else {
                    continue;
                };
                match best.first().map(|(top, _)| rank.cmp(top)) {
                    None | Some(Ordering::Equal) => best.push((rank, *index)),
                    Some(Ordering::Greater) => best = vec![(rank, *index)],
                    Some(Ordering::Less) => {}
                }
            }
        }
        let mut found: Vec<usize> = best.into_iter().map(|(_, index)| index).collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Finds a catalog's operations from what a user types: an operation id, `METHOD /path`
/// (a template, or a concrete path that matches one), a bare path, or a whole URL. It
/// finds none where the operations do not load: ask [`Catalog::operations`] first.
pub struct OperationFinder<'c> {
    catalog: &'c Catalog,
    /// Built on the first request that is not an id.
    routes: std::cell::OnceCell<Routes>,
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
    pub fn new(catalog: &'c Catalog) -> OperationFinder<'c> {
        OperationFinder {
            catalog,
            routes: std::cell::OnceCell::new(),
        }
    }

    fn routes(&self) -> &Routes {
        self.routes.get_or_init(|| {
            Routes::new(
                self.catalog
                    .operations()
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter_map(|(i, op)| Some((i, op.method?, op.path.as_deref()?))),
            )
        })
    }

    /// The operation `text` names.
    pub fn find(&self, text: &str) -> Result<OperationId, OperationError> {
        let text = text.trim();
        if let Some(id) = self.catalog.operation_id_of(text) {
            return Ok(id);
        }
        let request = Request::parse(text);
        let found = request
            .as_ref()
            .map(|request| self.routes().find(request))
            .unwrap_or_default();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(OperationError::Unknown {
                text: text.to_string(),
                catalog: self.catalog.name.clone(),
                suggestions: match request {
                    Some(_) => {
                        let routes: Vec<String> = self
                            .catalog
                            .operations()
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|op| {
                                Some(format!("{} {}", op.method?, op.path.as_deref()?))
                            })
                            .collect();
                        suggest(text, routes.iter().map(String::as_str))
                    }
                    None => self.catalog.suggest_operation(text),
                },
            }),
            many => Err(OperationError::Ambiguous {
                text: text.to_string(),
                matches: many.iter().map(|&i| self.label(i)).collect(),
            }),
        }
    }

    /// `id (METHOD /path)`, or the id alone.
    pub fn label(&self, id: OperationId) -> String {
        let op = self.catalog.operation(id);
        match (op.method, op.path.as_deref()) {
            (Some(method), Some(path)) => format!("{} ({method} {path})", op.id.as_str()),
            _ => op.id.to_string(),
        }
    }
}

/// A path template: `/users/{id}/keys/{key}.json`.
#[derive(Debug, Clone)]
struct Template {
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    /// Literal pieces around parameters: `{key}.json` is ["", ".json"], a parameter
    /// between each two pieces.
    Pattern(Vec<String>),
}

fn split(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

impl Template {
    fn parse(path: &str) -> Template {
        let segments = split(path)
            .into_iter()
            .map(|segment| {
                if !segment.contains('{') {
                    return Segment::Literal(segment.to_string());
                }
                let mut pieces = Vec::new();
                let mut rest = segment;
                while let Some(open) = rest.find('{') {
                    let Some(close) = rest[open..].find('}') else {
                        break;
                    };
                    pieces.push(rest[..open].to_string());
                    rest = &rest[open + close + 1..];
                }
                pieces.push(rest.to_string());
                Segment::Pattern(pieces)
            })
            .collect();
        Template { segments }
    }

    /// How specifically this template matches the segments, comparable between
    /// templates (greater is more specific: literal segments earlier, then more literal
    /// characters); None when it does not match.
    fn rank(&self, segments: &[&str]) -> Option<Vec<u8>> {
        let mut rank = Vec::with_capacity(segments.len() + 1);
        let mut literal_chars = 0usize;
        for (segment, text) in self.segments.iter().zip(segments) {
            match segment {
                Segment::Literal(literal) => {
                    if literal != text {
                        return None;
                    }
                    rank.push(2);
                    literal_chars += literal.len();
                }
                Segment::Pattern(pieces) => {
                    if !matches_pattern(pieces, text) {
                        return None;
                    }
                    let chars: usize = pieces.iter().map(String::len).sum();
                    rank.push(u8::from(chars > 0));
                    literal_chars += chars;
                }
            }
        }
        rank.push(literal_chars.min(u8::MAX as usize) as u8);
        Some(rank)
    }
}

/// Does `text` read as the pieces with a non-empty parameter value between each two?
fn matches_pattern(pieces: &[String], text: &str) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return false;
    };
    let Some(mut remaining) = text.strip_prefix(first.as_str()) else {
        return false;
    };
    for (i, piece) in rest.iter().enumerate() {
        let last = i + 1 == rest.len();
        if last {
            return remaining.len() > piece.len() && remaining.ends_with(piece.as_str());
        }
        // The parameter takes at least one character, then the shortest run up to the
        // next piece.
        let Some(at) = remaining
            .get(1..)
            .and_then(|after| after.find(piece.as_str()))
        else {
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
    fn a_path_without_method_matches_every_method() {
        assert_eq!(find("/users/42"), vec![1, 3]);
        assert_eq!(find("/users"), vec![0]);
    }

    #[test]
    fn patterns_with_several_parameters() {
        let pieces: Vec<String> = ["", "-", ".json"].iter().map(|s| s.to_string()).collect();
        assert!(matches_pattern(&pieces, "a-b.json"));
        assert!(matches_pattern(&pieces, "a-b-c.json"));
        assert!(!matches_pattern(&pieces, "-b.json"));
        assert!(!matches_pattern(&pieces, "a-.json"));
        assert!(!matches_pattern(&pieces, "ab.json"));
    }
}
