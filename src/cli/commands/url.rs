//! `scopex url`: the authorize URL, or the provider's token page, for a selection.

use super::{load_profile, names, print_json, selection, trust_json};
use crate::cli::{Failure, JsonFlag, ScopesArgs, output};
use crate::export;
use crate::grants::{GrantModel, Trust};
use crate::profile;
use serde_json::json;

/// What `scopex url` is asked to build.
pub(super) struct UrlRequest<'a> {
    pub(super) client_id: Option<&'a str>,
    pub(super) redirect_uri: Option<&'a str>,
    pub(super) token_page: bool,
    pub(super) name: Option<&'a str>,
}

pub(super) fn url(
    target: &str,
    scopes: &[String],
    request: &UrlRequest,
    json: JsonFlag,
    trust: Trust,
) -> Result<u8, Failure> {
    // An empty value is a mistake (`--client-id "$UNSET"`), not a client: the URL would
    // carry `client_id=` and fail only at the provider.
    for (option, value) in [
        ("--client-id", request.client_id),
        ("--redirect-uri", request.redirect_uri),
    ] {
        if value.is_some_and(|value| value.trim().is_empty()) {
            return Err(Failure::bad_input(format!(
                "{option} is empty: give a value, or leave the option out"
            )));
        }
    }
    let (catalog, selection, profile) = if profile::is_profile_path(target) {
        if !scopes.is_empty() {
            return Err(Failure::bad_input(format!(
                "{target} is a profile: its scopes are the profile's, so give no others \
                 (or give a catalog: scopex url CATALOG SCOPES)"
            )));
        }
        let loaded = load_profile(std::path::Path::new(target))?;
        // A URL or token page that asks for nothing is no answer, as for no scopes given.
        if loaded.selection.is_empty() {
            return Err(Failure::bad_input(format!(
                "{target}: the profile {} lists no scopes, so there is nothing to ask for: \
                 add them as [[scope]] entries",
                loaded.profile.name
            )));
        }
        (loaded.catalog, loaded.selection, Some(loaded.profile))
    } else {
        let (catalog, selection) = selection(&ScopesArgs {
            catalog: target.to_string(),
            scopes: scopes.to_vec(),
            json,
            trust: crate::cli::TrustFlag { trust },
        })?;
        (catalog, selection, None)
    };
    let model = GrantModel::with_trust(&catalog, trust);
    let minimal = names(&catalog, &model.minimal(&selection).scopes);
    if request.token_page {
        let Some(page) = &catalog.token_page else {
            return Err(Failure::bad_input(format!(
                "the {} catalog has no token page (no token_page_url): scopex knows none \
                 for this provider; `scopex url` without --token-page builds the authorize URL",
                catalog.name
            )));
        };
        let name = request
            .name
            .or(profile.as_ref().map(|p| p.name.as_str()))
            .filter(|name| !name.is_empty());
        let url = page.url(&minimal, name);
        if json.json {
            return print_json(json!({
                "url": url, "scopes": minimal, "name": name,
                "trust": trust_json(model.trust()),
            }));
        }
        output::print(&format!("{url}\n"))?;
        return Ok(0);
    }
    let client_id = request
        .client_id
        .or(profile.as_ref().and_then(|p| p.client_id.as_deref()));
    let redirect_uri = request
        .redirect_uri
        .or(profile.as_ref().and_then(|p| p.redirect_uri.as_deref()));
    let Some(url) = export::authorize_url(&catalog, &minimal, client_id, redirect_uri) else {
        return Err(Failure::bad_input(format!(
            "the {} catalog has no authorize URL (the provider does not document one)",
            catalog.name
        )));
    };
    if json.json {
        return print_json(json!({
            "url": url, "scopes": minimal, "client_id": client_id,
            "redirect_uri": redirect_uri, "trust": trust_json(model.trust()),
        }));
    }
    if client_id.is_none() {
        let whose = if profile.is_some() {
            "in the profile"
        } else {
            "given"
        };
        output::error(&format!(
            "note: no client id {whose}; CLIENT_ID stands in (--client-id sets one)"
        ));
    }
    output::print(&format!("{url}\n"))?;
    Ok(0)
}
