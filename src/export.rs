//! The output forms of a scope list: the delimited scope string, the URL-encoded
//! `scope=` parameter, a JSON array, a full authorize URL and a provider's token page.

use crate::catalog::Catalog;

mod markdown;
pub mod report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The scope string, joined with the catalog's delimiter.
    #[default]
    Delimited,
    /// `scope=` query parameter, URL-encoded.
    Query,
    /// A JSON array of scope names.
    Json,
    /// The provider's page that creates a personal token with the scopes ticked: only
    /// for catalogs that have one (`token_page_url`), so not in [`Format::ALL`].
    TokenPage,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Delimited, Format::Query, Format::Json];

    /// The next format, for cycling through them: [`Format::ALL`], then the token page
    /// when `catalog` has one.
    pub fn next(self, catalog: &Catalog) -> Format {
        match (self, &catalog.token_page) {
            (Format::Json, Some(_)) => Format::TokenPage,
            (Format::TokenPage, _) => Format::Delimited,
            _ => {
                let i = Format::ALL.iter().position(|&f| f == self).unwrap_or(0);
                Format::ALL[(i + 1) % Format::ALL.len()]
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Delimited => "string",
            Format::Query => "scope= param",
            Format::Json => "JSON",
            Format::TokenPage => "token page",
        }
    }

    pub fn render<S: AsRef<str>>(self, catalog: &Catalog, scopes: &[S]) -> String {
        self.render_named(catalog, scopes, None)
    }

    /// As [`Format::render`]; `name` names the token on a token page (a parameter that
    /// is only the name is left out without one). A catalog without a token page gives
    /// the plain string for [`Format::TokenPage`].
    pub fn render_named<S: AsRef<str>>(
        self,
        catalog: &Catalog,
        scopes: &[S],
        name: Option<&str>,
    ) -> String {
        match self {
            Format::TokenPage => match &catalog.token_page {
                Some(page) => page.url(scopes, name),
                None => delimited(catalog, scopes),
            },
            Format::Delimited => delimited(catalog, scopes),
            Format::Query => format!("scope={}", url_encode(&delimited(catalog, scopes))),
            Format::Json => {
                let names: Vec<&str> = scopes.iter().map(AsRef::as_ref).collect();
                serde_json::to_string(&names).unwrap_or_else(|_| "[]".to_string())
            }
        }
    }
}

/// Scope names joined with the catalog's delimiter.
pub fn delimited<S: AsRef<str>>(catalog: &Catalog, scopes: &[S]) -> String {
    let names: Vec<&str> = scopes.iter().map(AsRef::as_ref).collect();
    names.join(&catalog.delimiter)
}

/// Percent-encodes a query value (space as `%20`, which every server reads, unlike `+`).
pub fn url_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A full authorization-code request URL for the catalog's authorize endpoint.
pub fn authorize_url<S: AsRef<str>>(
    catalog: &Catalog,
    scopes: &[S],
    client_id: Option<&str>,
    redirect_uri: Option<&str>,
) -> Option<String> {
    let base = catalog.authorize_url.as_deref()?;
    let mut params: Vec<(&str, String)> = Vec::new();
    params.push(("client_id", client_id.unwrap_or("CLIENT_ID").to_string()));
    if let Some(uri) = redirect_uri {
        params.push(("redirect_uri", uri.to_string()));
    }
    params.push(("response_type", "code".to_string()));
    params.push(("scope", delimited(catalog, scopes)));
    let query: Vec<String> = params
        .iter()
        .map(|(key, value)| format!("{key}={}", url_encode(value)))
        .collect();
    let joiner = if base.contains('?') { '&' } else { '?' };
    Some(format!("{base}{joiner}{}", query.join("&")))
}
