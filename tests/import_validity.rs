//! What `scopex import` writes is a catalog `scopex validate` accepts: documents that are
//! odd but meant plainly (a lowercase `httpMethod`, an OpenAPI path without its leading
//! `/`) are read as meant, ones that cannot be are refused naming the place, and nothing
//! is written that does not load. Endpoints that are not http(s) URLs are left out, a
//! document read from stdin is named so, and `scopex url` fills a catalog's `{name}`s.

mod support;

use support::cli::{scopex, scopex_with_stdin, stderr, stdout};

/// A Google discovery document with one method.
fn discovery(service_path: &str, http_method: &str, path: &str) -> String {
    serde_json::json!({
        "kind": "discovery#restDescription", "discoveryVersion": "v1",
        "name": "demo", "version": "v1", "revision": "20260101", "title": "Demo API",
        "servicePath": service_path,
        "auth": {"oauth2": {"scopes": {
            "https://www.googleapis.com/auth/demo": {"description": "See demo"}}}},
        "resources": {"items": {"methods": {"list": {
            "id": "demo.items.list", "path": path, "flatPath": path,
            "httpMethod": http_method,
            "scopes": ["https://www.googleapis.com/auth/demo"]}}}}
    })
    .to_string()
}

/// An OpenAPI document with one oauth2 flow and one operation.
fn openapi(authorize_url: &str, route: &str, method: &str) -> String {
    serde_json::json!({
        "openapi": "3.0.0", "info": {"title": "Pets", "version": "1.0"},
        "components": {"securitySchemes": {"o": {"type": "oauth2", "flows": {
            "authorizationCode": {
                "authorizationUrl": authorize_url, "tokenUrl": "https://example.com/token",
                "scopes": {"read": "Read pets"}}}}}},
        "paths": {route: {method: {"security": [{"o": ["read"]}]}}}
    })
    .to_string()
}

/// Imports `document` (from a file) and, when the import succeeds, validates what it
/// wrote. Returns the import's exit code, its stderr and the catalog written, if any.
fn import_then_validate(kind: &str, document: &str) -> (Option<i32>, String, Option<String>) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let source = folder.path().join("document.json");
    std::fs::write(&source, document).expect("document written");
    let out = folder.path().join("out.toml");
    let (source, out) = (source.display().to_string(), out.display().to_string());
    let imported = scopex(&[
        "import",
        kind,
        &source,
        "--retrieved",
        "2026-12-01",
        "-o",
        &out,
    ]);
    let written = std::fs::read_to_string(&out).ok();
    if imported.status.code() == Some(0) {
        let validated = scopex(&["validate", &out]);
        assert_eq!(
            validated.status.code(),
            Some(0),
            "{kind} import wrote a catalog validate rejects:\n{}\n{document}\n{}",
            stderr(&validated),
            written.as_deref().unwrap_or("")
        );
    } else {
        assert!(written.is_none(), "a failed import wrote {out}");
        assert!(
            stderr(&imported).contains("document.json"),
            "the refusal names the document: {}",
            stderr(&imported)
        );
    }
    (imported.status.code(), stderr(&imported), written)
}

#[test]
fn every_google_import_validates_whatever_the_case_of_its_methods_and_paths() {
    let methods = ["get", "GET", "Get", "pOsT", "delete", "patch", "FETCH", ""];
    let paths = ["items", "/items", "items/{id}", "{+name}", "v1/a b", "a:b"];
    let service_paths = ["", "demo/v1/", "/demo/"];
    for method in methods {
        for path in paths {
            for service_path in service_paths {
                let document = discovery(service_path, method, path);
                let (code, errors, written) = import_then_validate("google-discovery", &document);
                let plain = ["get", "GET", "Get", "pOsT", "delete", "patch"].contains(&method);
                if plain && !path.contains(' ') {
                    assert_eq!(code, Some(0), "{method} {path}: {errors}");
                    let upper = format!("method = \"{}\"", method.to_ascii_uppercase());
                    let text = written.unwrap_or_default();
                    assert!(text.contains(&upper), "{method}: {text}");
                }
                if method == "FETCH" {
                    assert!(errors.contains("httpMethod"), "{errors}");
                }
            }
        }
    }
}

#[test]
fn every_openapi_import_validates_whatever_its_paths_look_like() {
    let routes = ["pets/{id}", "/pets/{id}", "pets", "/", "a b", "pets/{id}/"];
    let methods = ["get", "post", "delete", "trace"];
    for route in routes {
        for method in methods {
            let document = openapi("https://example.com/authorize", route, method);
            let (code, errors, written) = import_then_validate("openapi", &document);
            if !route.contains(' ') {
                assert_eq!(code, Some(0), "{method} {route}: {errors}");
                let text = written.unwrap_or_default();
                let want = format!("path = \"/{}\"", route.trim_start_matches('/'));
                assert!(text.contains(&want), "{route}: {text}");
            } else {
                assert!(errors.contains("white space"), "{errors}");
            }
            if !route.starts_with('/') && !route.contains(' ') {
                assert!(errors.contains("no leading `/`"), "{errors}");
            }
        }
    }
}

#[test]
fn endpoints_that_are_not_http_urls_are_left_out_with_a_warning() {
    for bad in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,hi",
        "/oauth/authorize",
        "https://",
        "https://a b/authorize",
    ] {
        let (code, errors, written) =
            import_then_validate("openapi", &openapi(bad, "/pets", "get"));
        assert_eq!(code, Some(0), "{bad}: {errors}");
        let text = written.unwrap_or_default();
        assert!(!text.contains("authorize_url"), "{bad} kept:\n{text}");
        assert!(
            errors.contains("authorizationUrl") && errors.contains("not an http(s) URL"),
            "{errors}"
        );
        let metadata = serde_json::json!({
            "issuer": "https://id.example.com", "authorization_endpoint": bad,
            "token_endpoint": "https://id.example.com/token",
            "scopes_supported": ["openid", "read"]
        });
        let (code, errors, written) = import_then_validate("oidc", &metadata.to_string());
        assert_eq!(code, Some(0), "{bad}: {errors}");
        let text = written.unwrap_or_default();
        assert!(!text.contains("authorize_url"), "{bad} kept:\n{text}");
        assert!(text.contains("token_url = \"https://id.example.com/token\""));
        assert!(errors.contains("/authorization_endpoint"), "{errors}");
    }
    let good = openapi("HTTPS://example.com/authorize?x=1", "/pets", "get");
    let (_, _, written) = import_then_validate("openapi", &good);
    let text = written.unwrap_or_default();
    assert!(text.contains("authorize_url = \"HTTPS://example.com/authorize?x=1\""));
}

#[test]
fn a_document_on_stdin_is_named_as_standard_input() {
    let cases = [
        (
            "openapi",
            openapi("https://example.com/authorize", "/pets", "get"),
            "source = \"OpenAPI document from standard input (Pets 1.0)\"",
        ),
        (
            "oidc",
            serde_json::json!({
                "issuer": "https://id.example.com", "scopes_supported": ["openid"]
            })
            .to_string(),
            "source = \"OAuth authorization server metadata from standard input (issuer https://id.example.com)\"",
        ),
        (
            "google-discovery",
            discovery("", "GET", "items"),
            "source = \"Google discovery document demo v1 (standard input)\"",
        ),
    ];
    for (kind, document, source) in cases {
        let output = scopex_with_stdin(
            &["import", kind, "-", "--retrieved", "2026-12-01"],
            document,
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stdout(&output).contains(source), "{}", stdout(&output));
    }
}

#[test]
fn url_fills_the_placeholders_of_an_authorize_url_or_says_which_are_left() {
    let output = scopex(&["url", "shopify", "read_orders", "--client-id", "abc"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("https://{shop}.myshopify.com/"));
    assert!(
        stderr(&output).contains("{shop}") && stderr(&output).contains("--param shop=VALUE"),
        "{}",
        stderr(&output)
    );
    let output = scopex(&[
        "url",
        "shopify",
        "read_orders",
        "--client-id",
        "abc",
        "--param",
        "shop=acme",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "https://acme.myshopify.com/admin/oauth/authorize?client_id=abc&response_type=code&scope=read_orders\n"
    );
    assert_eq!(stderr(&output), "");
    let output = scopex(&[
        "url",
        "shopify",
        "read_orders",
        "--param",
        "shop=evil.com/x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let output = scopex(&["url", "github", "repo", "--param", "shop=acme"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("has no {shop}"),
        "{}",
        stderr(&output)
    );
}
