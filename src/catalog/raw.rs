//! A catalog file as read, before it is checked: the one statement of the file format's
//! keys, shared by the TOML deserializer and the fast reader (`fast.rs`), which builds
//! these same values from the parser's events.

use super::Evidence;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use toml::Spanned;

/// A catalog file as read, before it is checked. Scope names and descriptions, and the
/// names in implications, borrow the file's text where they need no decoding.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCatalog<'a> {
    pub(super) id: Spanned<String>,
    pub(super) name: String,
    pub(super) docs_url: Option<String>,
    pub(super) source: Option<String>,
    pub(super) authorize_url: Option<String>,
    pub(super) token_url: Option<String>,
    pub(super) delimiter: Option<Spanned<String>>,
    pub(super) token_page_url: Option<Spanned<String>>,
    pub(super) token_page_delimiter: Option<Spanned<String>>,
    pub(super) retrieved: Option<Spanned<String>>,
    pub(super) revision: Option<String>,
    pub(super) attribution: Option<String>,
    pub(super) tree: Option<RawTree>,
    #[serde(default)]
    pub(super) templates: BTreeMap<String, String>,
    #[serde(default)]
    pub(super) resources: HashMap<String, String>,
    #[serde(default, rename = "scope", borrow)]
    pub(super) scopes: Vec<RawScope<'a>>,
    #[serde(default, borrow)]
    pub(super) implies: Vec<RawImplies<'a>>,
    #[serde(default, rename = "rule", borrow)]
    pub(super) rules: Vec<RawImplies<'a>>,
    #[serde(default, rename = "operation", borrow)]
    pub(super) operations: Vec<RawOperation<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTree {
    pub(super) separator: Option<String>,
    pub(super) prefix: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScope<'a> {
    #[serde(borrow)]
    pub(super) name: Spanned<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) description: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) parent: Option<Spanned<Cow<'a, str>>>,
    #[serde(borrow)]
    pub(super) deprecated: Option<Spanned<Cow<'a, str>>>,
}

/// Scope names as written: each with its place in the file.
pub(super) type RawNames<'a> = Vec<Spanned<Cow<'a, str>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOperation<'a> {
    #[serde(borrow)]
    pub(super) id: Spanned<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) method: Option<Spanned<Cow<'a, str>>>,
    #[serde(borrow)]
    pub(super) path: Option<Spanned<Cow<'a, str>>>,
    #[serde(borrow)]
    pub(super) description: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) requires: Spanned<Vec<Spanned<RawNames<'a>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImplies<'a> {
    #[serde(borrow)]
    pub(super) from: Spanned<Cow<'a, str>>,
    #[serde(borrow)]
    pub(super) to: Spanned<Vec<Spanned<Cow<'a, str>>>>,
    #[serde(default)]
    pub(super) composite: bool,
    pub(super) evidence: Evidence,
    pub(super) note: Option<String>,
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Evidence::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown evidence `{text}`, expected one of `documented`, `description`, `derived`, `inferred`"
            ))
        })
    }
}
