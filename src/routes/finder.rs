//! The operation a user names: by its id, or by a request the routes find.

use super::{Request, Routes, near};
use crate::catalog::{Catalog, OperationId, suggest, write_suggestions};
use std::fmt;

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
