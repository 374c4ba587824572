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
    /// Values for the `{name}`s of the authorize URL (`--param shop=my-store`).
    pub(super) params: &'a [(String, String)],
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
    let (Some(url), Some(base)) = (
        export::authorize_url(&catalog, &minimal, client_id, redirect_uri),
        catalog.authorize_url.as_deref(),
    ) else {
        return Err(Failure::bad_input(format!(
            "the {} catalog has no authorize URL (the provider does not document one)",
            catalog.name
        )));
    };
    let (filled, unfilled) = fill_placeholders(base, request.params, &catalog.name)?;
    let url = match url.strip_prefix(base) {
        Some(rest) => format!("{filled}{rest}"),
        None => url,
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
    for name in &unfilled {
        output::error(&format!(
            "note: the {} authorize URL holds {{{name}}}, which scopex cannot know; \
             --param {name}=VALUE fills it",
            catalog.name
        ));
    }
    output::print(&format!("{url}\n"))?;
    Ok(0)
}

/// The `{name}`s of a URL template, in order, each once.
fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find('}') else { break };
        let name = &rest[..close];
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !names.contains(&name)
        {
            names.push(name);
        }
        rest = &rest[close + 1..];
    }
    names
}

/// The authorize URL with the `{name}`s given by `--param` filled, and those left. A
/// name the URL does not hold, one given twice, or a value that could change more of the
/// URL than its own part (a `/`, `?`, `@`…) is refused.
fn fill_placeholders(
    base: &str,
    params: &[(String, String)],
    catalog: &str,
) -> Result<(String, Vec<String>), Failure> {
    let names = placeholders(base);
    let mut filled = base.to_string();
    for (index, (name, value)) in params.iter().enumerate() {
        if !names.contains(&name.as_str()) {
            let held = match names.as_slice() {
                [] => "it holds none to fill".to_string(),
                some => {
                    let shown: Vec<String> = some.iter().map(|n| format!("{{{n}}}")).collect();
                    format!("it holds {}", shown.join(", "))
                }
            };
            return Err(Failure::bad_input(format!(
                "--param {name}: the {catalog} authorize URL has no {{{name}}}; {held}"
            )));
        }
        if params[..index].iter().any(|(earlier, _)| earlier == name) {
            return Err(Failure::bad_input(format!("--param {name} is given twice")));
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:".contains(c))
        {
            return Err(Failure::bad_input(format!(
                "--param {name}=`{value}`: a value may hold letters, digits and `-._~:` only"
            )));
        }
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    let unfilled = names
        .into_iter()
        .filter(|name| !params.iter().any(|(given, _)| given == name))
        .map(str::to_string)
        .collect();
    Ok((filled, unfilled))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn placeholders_are_filled_from_params_and_the_rest_named() {
        let shopify = "https://{shop}.myshopify.com/admin/oauth/authorize";
        let (url, left) = fill_placeholders(shopify, &params(&[("shop", "acme")]), "Shopify")
            .ok()
            .unwrap_or_default();
        assert_eq!(url, "https://acme.myshopify.com/admin/oauth/authorize");
        assert!(left.is_empty());
        let (url, left) = fill_placeholders(shopify, &[], "Shopify")
            .ok()
            .unwrap_or_default();
        assert_eq!(url, shopify);
        assert_eq!(left, ["shop"]);
    }

    #[test]
    fn params_that_would_change_the_url_otherwise_are_refused() {
        let shopify = "https://{shop}.myshopify.com/admin/oauth/authorize";
        for bad in [
            params(&[("shop", "evil.com/x?")]),
            params(&[("shop", "a@b")]),
            params(&[("store", "acme")]),
            params(&[("shop", "a"), ("shop", "b")]),
        ] {
            assert!(
                fill_placeholders(shopify, &bad, "Shopify").is_err(),
                "{bad:?}"
            );
        }
        assert!(fill_placeholders("https://x/authorize", &params(&[("a", "b")]), "X").is_err());
    }
}
