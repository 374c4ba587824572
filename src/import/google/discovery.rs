//! The parts of a discovery document the importer reads, and what it keeps of them.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Probe {
    pub(super) kind: Option<String>,
    pub(super) discovery_version: Option<String>,
    pub(super) name: Option<String>,
    pub(super) version: Option<String>,
    pub(super) revision: Option<String>,
    pub(super) title: Option<String>,
    #[serde(default)]
    pub(super) service_path: String,
    #[serde(default)]
    pub(super) auth: Auth,
    #[serde(default)]
    pub(super) resources: BTreeMap<String, Resource>,
    #[serde(default)]
    pub(super) methods: BTreeMap<String, Method>,
    /// Of a directory list.
    pub(super) items: Option<Vec<DirectoryItem>>,
}

#[derive(Deserialize, Default)]
pub(super) struct Auth {
    pub(super) oauth2: Option<OAuth2>,
}

#[derive(Deserialize, Default)]
pub(super) struct OAuth2 {
    #[serde(default)]
    pub(super) scopes: BTreeMap<String, ScopeInfo>,
}

#[derive(Deserialize, Default)]
pub(super) struct ScopeInfo {
    pub(super) description: Option<String>,
}

#[derive(Deserialize, Default)]
pub(super) struct Resource {
    #[serde(default)]
    pub(super) methods: BTreeMap<String, Method>,
    #[serde(default)]
    pub(super) resources: BTreeMap<String, Resource>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Method {
    pub(super) id: Option<String>,
    pub(super) path: Option<String>,
    pub(super) flat_path: Option<String>,
    pub(super) http_method: Option<String>,
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) scopes: Vec<String>,
}

#[derive(Deserialize)]
pub(super) struct DirectoryItem {
    pub(super) name: Option<String>,
    pub(super) version: Option<String>,
    #[serde(default)]
    pub(super) preferred: bool,
}

/// One discovery document, as the importer keeps it.
pub(super) struct Api {
    pub(super) file: String,
    pub(super) name: String,
    pub(super) version: String,
    pub(super) revision: Option<String>,
    pub(super) title: Option<String>,
    pub(super) scopes: BTreeMap<String, Option<String>>,
    pub(super) methods: Vec<ApiMethod>,
}

pub(super) struct ApiMethod {
    pub(super) id: String,
    pub(super) http_method: Option<String>,
    pub(super) path: Option<String>,
    pub(super) description: Option<String>,
    pub(super) scopes: Vec<String>,
}
