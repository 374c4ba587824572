//! A document's security schemes: each one's kind, and the OAuth scopes its flows declare
//! with their descriptions and endpoints.

use crate::catalog::is_scope_token;
use crate::import::document::{self, Doc, child};
use crate::import::draft::{self, Draft};
use crate::import::{ImportError, web_endpoint};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

pub(super) const FLOWS: [&str; 5] = [
    "authorizationCode",
    "implicit",
    "clientCredentials",
    "password",
    "deviceAuthorization",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SchemeKind {
    OAuth2,
    OpenIdConnect,
    Other,
}

pub(super) struct Scheme {
    pub(super) kind: SchemeKind,
    pub(super) type_name: String,
    /// Scopes declared by its flows.
    pub(super) scopes: BTreeSet<String>,
}

pub(super) struct Found {
    pub(super) declared: BTreeMap<String, String>,
    pub(super) undeclared: BTreeMap<String, usize>,
    pub(super) schemes: BTreeMap<String, Scheme>,
}

/// Reads `components.securitySchemes`: every scheme's kind, the oauth2 scopes with
/// their descriptions, and the endpoints of the first flow that has them.
pub(super) fn read_schemes(
    doc: &Doc,
    top: &Map<String, Value>,
    draft: &mut Draft,
    warnings: &mut Vec<String>,
) -> Result<Found, ImportError> {
    let pointer = "/components/securitySchemes";
    let schemes_value = top
        .get("components")
        .and_then(|c| c.get("securitySchemes"))
        .ok_or_else(|| {
            doc.error(
                "/components",
                "the document defines no security schemes (components.securitySchemes)",
            )
        })?;
    let schemes_map = doc.object(schemes_value, pointer)?;
    let mut found = Found {
        declared: BTreeMap::new(),
        undeclared: BTreeMap::new(),
        schemes: BTreeMap::new(),
    };
    for (name, scheme) in schemes_map {
        let here = child(pointer, name);
        let (scheme, here) = doc.resolve(scheme, &here)?;
        let scheme = doc.object(scheme, &here)?;
        let type_name = scheme
            .get("type")
            .map(|t| doc.string(t, &child(&here, "type")))
            .transpose()?
            .ok_or_else(|| doc.error(&here, "the security scheme has no `type`"))?;
        let kind = match type_name {
            "oauth2" => SchemeKind::OAuth2,
            "openIdConnect" => SchemeKind::OpenIdConnect,
            _ => SchemeKind::Other,
        };
        let mut scopes = BTreeSet::new();
        if kind == SchemeKind::OAuth2 {
            let flows_pointer = child(&here, "flows");
            let flows = scheme
                .get("flows")
                .ok_or_else(|| doc.error(&here, "the oauth2 scheme has no `flows`"))?;
            let flows = doc.object(flows, &flows_pointer)?;
            for flow_name in FLOWS {
                let Some(flow) = flows.get(flow_name) else {
                    continue;
                };
                let flow_pointer = child(&flows_pointer, flow_name);
                let flow = doc.object(flow, &flow_pointer)?;
                for (key, kept) in [
                    ("authorizationUrl", &mut draft.authorize_url),
                    ("tokenUrl", &mut draft.token_url),
                ] {
                    if kept.is_none() {
                        let url = flow.get(key).and_then(Value::as_str).map(str::to_string);
                        *kept = web_endpoint(url, doc.file, &child(&flow_pointer, key), warnings);
                    }
                }
                let Some(flow_scopes) = flow.get("scopes") else {
                    warnings.push(format!(
                        "{} at {flow_pointer}: the flow has no `scopes` (OpenAPI requires the map, empty or not)",
                        doc.file
                    ));
                    continue;
                };
                let scopes_pointer = child(&flow_pointer, "scopes");
                for (scope, description) in doc.object(flow_scopes, &scopes_pointer)? {
                    let scope_pointer = child(&scopes_pointer, scope);
                    check_name(doc, scope, &scope_pointer)?;
                    let description = match description {
                        Value::String(d) => draft::one_line(d),
                        Value::Null => String::new(),
                        other => {
                            return Err(doc.error(
                                &scope_pointer,
                                format!(
                                    "a scope's description must be a string, found {}",
                                    document::kind(other)
                                ),
                            ));
                        }
                    };
                    let description = if description.is_empty() {
                        "No description in the document".to_string()
                    } else {
                        description
                    };
                    found.declared.entry(scope.clone()).or_insert(description);
                    scopes.insert(scope.clone());
                }
            }
        }
        found.schemes.insert(
            name.clone(),
            Scheme {
                kind,
                type_name: type_name.to_string(),
                scopes,
            },
        );
    }
    if !found.schemes.values().any(|s| s.kind != SchemeKind::Other) {
        let list: Vec<String> = found
            .schemes
            .iter()
            .map(|(name, s)| format!("`{name}` ({})", s.type_name))
            .collect();
        let list = if list.is_empty() {
            "none".to_string()
        } else {
            list.join(", ")
        };
        return Err(doc.error(
            pointer,
            format!("no oauth2 security scheme, so no scopes: the schemes are {list}"),
        ));
    }
    Ok(found)
}

pub(super) fn check_name(doc: &Doc, scope: &str, pointer: &str) -> Result<(), ImportError> {
    if is_scope_token(scope) {
        Ok(())
    } else {
        Err(doc.error(
            pointer,
            format!("`{scope}` is not a valid scope name (RFC 6749 allows printable ASCII except space, `\"` and `\\`)"),
        ))
    }
}
