//! The parts of a discovery document the importer reads, and what it keeps of them.

use crate::catalog::HTTP_METHODS;
use crate::import::ImportError;
use crate::import::document::child;
use crate::import::draft::one_line;
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
    pub(super) media_upload: Option<MediaUpload>,
    #[serde(default)]
    pub(super) parameters: BTreeMap<String, Parameter>,
}

/// A method's parameter, for what its descriptions say of scopes.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Parameter {
    pub(super) description: Option<String>,
    pub(super) default: Option<serde_json::Value>,
    #[serde(rename = "enum", default)]
    pub(super) values: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) enum_descriptions: Vec<serde_json::Value>,
}

/// What Google writes of a scope a parameter's value cannot be used with: "Format cannot
/// be used when accessing the api using the gmail.metadata scope".
const CANNOT_BE_USED: &str = "cannot be used when accessing the api using the ";

/// The scopes (as a document names them in such a sentence: `gmail.metadata`) that a
/// method cannot be used with as it is usually called: with a parameter's default value
/// (Gmail's `format` defaults to `full`, which cannot be used with `gmail.metadata`), or
/// with a parameter at all (Gmail's search query `q`).
pub(super) fn unusable_scopes(parameters: &BTreeMap<String, Parameter>) -> Vec<String> {
    let named = |text: &str| {
        let (_, after) = text.split_once(CANNOT_BE_USED)?;
        let name = after.split_once(" scope")?.0.trim();
        (!name.is_empty() && !name.contains(char::is_whitespace)).then(|| name.to_string())
    };
    let mut scopes: Vec<String> = Vec::new();
    for parameter in parameters.values() {
        scopes.extend(parameter.description.as_deref().and_then(named));
        let default = parameter
            .default
            .as_ref()
            .and_then(serde_json::Value::as_str);
        let at = default.and_then(|d| parameter.values.iter().position(|v| v.as_str() == Some(d)));
        if let Some(description) = at
            .and_then(|at| parameter.enum_descriptions.get(at))
            .and_then(serde_json::Value::as_str)
        {
            scopes.extend(named(description));
        }
    }
    scopes.sort();
    scopes.dedup();
    scopes
}

/// Is `scope` (a URL or a bare name) the scope a document's sentence names `name`?
pub(super) fn is_named(scope: &str, name: &str) -> bool {
    scope == name
        || scope
            .strip_suffix(name)
            .is_some_and(|head| head.ends_with("/auth/"))
}

/// A method's `mediaUpload`: the URLs that upload media with it, by protocol.
#[derive(Deserialize, Default)]
pub(super) struct MediaUpload {
    #[serde(default)]
    pub(super) protocols: BTreeMap<String, UploadProtocol>,
}

#[derive(Deserialize, Default)]
pub(super) struct UploadProtocol {
    pub(super) path: Option<String>,
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
    /// The paths that upload media with the method (`/upload/drive/v3/files`).
    pub(super) upload_paths: Vec<String>,
    pub(super) description: Option<String>,
    pub(super) scopes: Vec<String>,
    /// Scopes the method cannot be used with as it is usually called
    /// ([`unusable_scopes`]).
    pub(super) unusable: Vec<String>,
}

/// The paths of a method's `mediaUpload` protocols (simple, then resumable; each once).
/// Where one is the method's own path under an upload base (`/upload/` and the service
/// path before the method's `path`), it is written with the method's `flatPath`, as
/// the method's path is: `/upload/v1/{+parent}/attachments:upload` becomes
/// `/upload/v1/spaces/{spacesId}/attachments:upload`, which a concrete URL matches.
pub(super) fn upload_paths(
    service_path: &str,
    path: Option<&str>,
    flat_path: Option<&str>,
    media: Option<&MediaUpload>,
) -> Vec<String> {
    let Some(media) = media else {
        return Vec::new();
    };
    let under_service = |p: &str| format!("/{service_path}{}", p.trim_start_matches('/'));
    let own = path.map(under_service);
    let flat = flat_path.map(under_service);
    let mut paths: Vec<String> = Vec::new();
    let ordered = ["simple", "resumable"]
        .into_iter()
        .filter_map(|name| media.protocols.get(name))
        .chain(
            media
                .protocols
                .iter()
                .filter(|(name, _)| !matches!(name.as_str(), "simple" | "resumable"))
                .map(|(_, protocol)| protocol),
        );
    for protocol in ordered {
        let Some(given) = protocol.path.as_deref() else {
            continue;
        };
        let given = format!("/{}", given.trim_start_matches('/'));
        let path = match (&own, &flat) {
            (Some(own), Some(flat)) => match given.strip_suffix(own.as_str()) {
                Some(base) if !base.is_empty() => format!("{base}{flat}"),
                _ => given,
            },
            _ => given,
        };
        if !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths
}

/// A method's `httpMethod` as the catalog writes it. HTTP methods are case-sensitive,
/// but a discovery document's `get` can mean nothing but GET: it is written in the
/// catalog's uppercase. Anything that is no HTTP method in any case is an error at
/// `pointer` (the method).
pub(super) fn http_method(
    file: &str,
    pointer: &str,
    given: Option<String>,
) -> Result<Option<String>, ImportError> {
    let Some(given) = given else {
        return Ok(None);
    };
    let upper = given.to_ascii_uppercase();
    if HTTP_METHODS.contains(&upper.as_str()) {
        return Ok(Some(upper));
    }
    Err(ImportError::at(
        file,
        &child(pointer, "httpMethod"),
        format!(
            "`{}` is not an HTTP method: expected one of {}",
            one_line(&given),
            HTTP_METHODS.join(", ")
        ),
    ))
}

/// A method's path holding white space is no path a request is made at: an error at
/// `pointer` (the method).
pub(super) fn no_white_space(file: &str, pointer: &str, path: &str) -> Result<(), ImportError> {
    if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ImportError::at(
            file,
            pointer,
            format!(
                "the method's path `{}` holds white space: a path has none",
                one_line(path)
            ),
        ));
    }
    Ok(())
}

/// The methods of `resources` and of the resources within them, in `out`.
pub(super) fn collect_resources(
    file: &str,
    service_path: &str,
    resources: BTreeMap<String, Resource>,
    pointer: &str,
    out: &mut Vec<ApiMethod>,
) -> Result<(), ImportError> {
    for (name, resource) in resources {
        let here = child(pointer, &name);
        collect_methods(
            file,
            service_path,
            resource.methods,
            &format!("{here}/methods"),
            out,
        )?;
        collect_resources(
            file,
            service_path,
            resource.resources,
            &format!("{here}/resources"),
            out,
        )?;
    }
    Ok(())
}

/// `methods`, as the importer keeps them, in `out`.
pub(super) fn collect_methods(
    file: &str,
    service_path: &str,
    methods: BTreeMap<String, Method>,
    pointer: &str,
    out: &mut Vec<ApiMethod>,
) -> Result<(), ImportError> {
    for (name, method) in methods {
        let here = child(pointer, &name);
        let Some(id) = method.id else {
            return Err(ImportError::at(file, &here, "the method has no `id`"));
        };
        let upload_paths = upload_paths(
            service_path,
            method.path.as_deref(),
            method.flat_path.as_deref(),
            method.media_upload.as_ref(),
        );
        let http_method = http_method(file, &here, method.http_method)?;
        let path = method
            .flat_path
            .or(method.path)
            .map(|p| format!("/{service_path}{}", p.trim_start_matches('/')));
        if let Some(path) = &path {
            no_white_space(file, &here, path)?;
        }
        out.push(ApiMethod {
            id,
            http_method,
            path,
            upload_paths,
            description: method.description,
            unusable: unusable_scopes(&method.parameters),
            scopes: method.scopes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn media(paths: &[(&str, &str)]) -> MediaUpload {
        MediaUpload {
            protocols: paths
                .iter()
                .map(|(name, path)| {
                    let protocol = UploadProtocol {
                        path: Some(path.to_string()),
                    };
                    (name.to_string(), protocol)
                })
                .collect(),
        }
    }

    #[test]
    fn upload_paths_are_written_flat_as_the_method_path_is() {
        // Drive: the service path before the method's path, under /upload; simple first.
        let drive = media(&[
            ("resumable", "/resumable/upload/drive/v3/files"),
            ("simple", "/upload/drive/v3/files"),
        ]);
        assert_eq!(
            upload_paths("drive/v3/", Some("files"), Some("files"), Some(&drive)),
            ["/upload/drive/v3/files", "/resumable/upload/drive/v3/files"]
        );
        // A `{+parent}` path: the upload path takes the method's flat path.
        let chat = media(&[("simple", "/upload/v1/{+parent}/attachments:upload")]);
        assert_eq!(
            upload_paths(
                "",
                Some("v1/{+parent}/attachments:upload"),
                Some("v1/spaces/{spacesId}/attachments:upload"),
                Some(&chat)
            ),
            ["/upload/v1/spaces/{spacesId}/attachments:upload"]
        );
        // One that is not the method's path under a base: kept as written.
        let other = media(&[("simple", "/upload/other/{+name}")]);
        assert_eq!(
            upload_paths("", Some("v1/{+name}"), Some("v1/a/{aId}"), Some(&other)),
            ["/upload/other/{+name}"]
        );
        assert!(upload_paths("", Some("v1/x"), None, None).is_empty());
    }
}

#[cfg(test)]
mod parameter_tests {
    use super::*;

    fn parameters(json: &str) -> BTreeMap<String, Parameter> {
        serde_json::from_str(json).expect("parameters")
    }

    #[test]
    fn a_scope_a_default_value_or_a_parameter_cannot_be_used_with_is_unusable() {
        let gmail = parameters(
            r#"{
              "format": {"default": "full", "enum": ["minimal", "full", "raw"],
                "enumDescriptions": ["Only ids.",
                  "The full message. Format cannot be used when accessing the api using the gmail.metadata scope.",
                  "Raw. Format cannot be used when accessing the api using the gmail.other scope."]},
              "q": {"description": "A search. Parameter cannot be used when accessing the api using the gmail.metadata scope."},
              "userId": {"default": "me", "description": "The user."}
            }"#,
        );
        // The default's description and `q`'s name gmail.metadata once; `raw` is no
        // default, so gmail.other stays usable.
        assert_eq!(unusable_scopes(&gmail), ["gmail.metadata"]);
        let plain = parameters(
            r#"{"format": {"default": "raw", "enum": ["raw"], "enumDescriptions": ["Raw."]},
                "n": {"default": 3, "enum": [3], "enumDescriptions": [1]}}"#,
        );
        assert!(unusable_scopes(&plain).is_empty());
        assert!(is_named(
            "https://www.googleapis.com/auth/gmail.metadata",
            "gmail.metadata"
        ));
        assert!(is_named("gmail.metadata", "gmail.metadata"));
        assert!(!is_named(
            "https://www.googleapis.com/auth/xgmail.metadata",
            "gmail.metadata"
        ));
    }
}
