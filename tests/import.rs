//! The importers on small documents written for these tests: what they make of
//! alternatives, all-of requirements, undeclared scopes, YAML, and broken input.

use scopex::catalog::{Catalog, Evidence, Origin, parse_catalog};
use scopex::import::{self, Imported, Options};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(path)
}

fn dated() -> Options {
    Options {
        retrieved: Some("2026-12-01".to_string()),
        ..Options::default()
    }
}

/// The imported catalog, loaded as scopex loads any catalog.
fn load(imported: &Imported) -> Catalog {
    let text = imported.draft.to_toml();
    parse_catalog(&text, "imported", Origin::Builtin)
        .unwrap_or_else(|e| panic!("the import does not load: {e}\n{text}"))
}

const AUTH: &str = "https://www.googleapis.com/auth/";

fn g(name: &str) -> String {
    format!("{AUTH}{name}")
}

fn edges(catalog: &Catalog) -> Vec<(String, String, Evidence)> {
    catalog
        .edges
        .iter()
        .map(|e| {
            (
                catalog.name(e.from).trim_start_matches(AUTH).to_string(),
                catalog.name(e.to).trim_start_matches(AUTH).to_string(),
                e.evidence,
            )
        })
        .collect()
}

/// Each alternative of an operation as scope names, with Google's prefix cut.
fn alternatives(catalog: &Catalog, id: &str) -> Vec<Vec<String>> {
    let operation = catalog
        .operation_id_of(id)
        .map(|o| &catalog.operations().expect("operations load")[o])
        .unwrap_or_else(|| panic!("no operation `{id}`"));
    operation
        .alternatives()
        .map(|alternative| {
            alternative
                .iter()
                .map(|&s| catalog.name(s).trim_start_matches(AUTH).to_string())
                .collect()
        })
        .collect()
}

fn scopex(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("scopex runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

// Google discovery documents.

#[test]
fn google_derives_an_edge_only_where_names_nest_and_every_method_agrees() {
    let imported =
        import::google_discovery(&[fixture("google")], &Options::default()).expect("imports");
    let catalog = load(&imported);
    assert_eq!(
        edges(&catalog),
        [
            ("notes".into(), "notes.archive".into(), Evidence::Derived),
            ("notes".into(), "notes.readonly".into(), Evidence::Derived),
        ]
    );
    let readonly = catalog.id_of(&g("notes.readonly")).expect("scope");
    let note = catalog
        .edges_to(readonly)
        .next()
        .and_then(|e| e.note.clone())
        .expect("a note");
    assert_eq!(
        &*note,
        "all 3 methods accepting `notes.readonly` also accept `notes` (discovery documents)"
    );
}

#[test]
fn google_is_not_fooled_by_a_method_that_accepts_everything() {
    // `runner.scripts.run` accepts notes, tasks, forms and forms.currentonly, and is the
    // only method accepting tasks and forms.currentonly. Coverage alone would make notes
    // imply tasks; names nesting alone plus that one method would make forms imply
    // forms.currentonly. Neither is evidence.
    let imported =
        import::google_discovery(&[fixture("google")], &Options::default()).expect("imports");
    let catalog = load(&imported);
    for (from, to) in [
        ("notes", "tasks"),
        ("forms", "forms.currentonly"),
        ("notes", "notes.labels"),
    ] {
        assert!(
            !edges(&catalog).iter().any(|(f, t, _)| f == from && t == to),
            "{from} => {to} must not be derived"
        );
    }
}

#[test]
fn google_methods_accept_any_one_of_their_scopes() {
    let imported =
        import::google_discovery(&[fixture("google")], &Options::default()).expect("imports");
    let catalog = load(&imported);
    assert_eq!(
        alternatives(&catalog, "notes.items.get"),
        [
            vec!["notes".to_string()],
            vec!["notes.readonly".to_string()]
        ]
    );
    let operation = &catalog.operations().expect("operations load")
        [catalog.operation_id_of("notes.items.list").expect("op")];
    assert_eq!(operation.method, Some("GET"));
    assert_eq!(operation.path.as_deref(), Some("/notes/v1/items"));
    assert_eq!(
        operation.description.as_deref(),
        Some("Lists the notes. Paged, newest first.")
    );
    // The preferred version (index.json) has the plain id; the other carries its version.
    assert!(catalog.operation_id_of("notes.items.list@v2beta").is_some());
    // A method with no scope (API key only) is left out.
    assert!(catalog.operation_id_of("notes.items.search").is_none());
    assert_eq!(catalog.operations().expect("operations load").len(), 6);
}

#[test]
fn google_records_a_scope_methods_use_but_no_document_declares() {
    let imported =
        import::google_discovery(&[fixture("google")], &Options::default()).expect("imports");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("notes.archive") && w.contains("declared in no document")),
        "{:?}",
        imported.warnings
    );
    let catalog = load(&imported);
    let archive = catalog.id_of(&g("notes.archive")).expect("recorded");
    assert!(
        catalog
            .scope(archive)
            .description
            .starts_with("Undeclared in the document")
    );
}

#[test]
fn google_takes_its_date_tree_and_endpoints_from_the_documents() {
    let imported =
        import::google_discovery(&[fixture("google")], &Options::default()).expect("imports");
    let catalog = load(&imported);
    assert_eq!(catalog.retrieved.as_deref(), Some("2026-11-01"));
    assert_eq!(
        catalog.authorize_url.as_deref(),
        Some("https://accounts.google.com/o/oauth2/v2/auth")
    );
    let readonly = catalog.id_of(&g("notes.readonly")).expect("scope");
    assert_eq!(catalog.scope(readonly).parent, catalog.id_of(&g("notes")));
    let tree = catalog.tree();
    let top: Vec<&str> = tree
        .nodes()
        .filter(|n| n.depth == 0)
        .map(|n| n.label)
        .collect();
    assert!(top.contains(&"https://mail.example.com/"), "{top:?}");
}

#[test]
fn google_without_a_directory_list_prefers_the_stable_version() {
    let files = [
        fixture("google/notes.v2beta.json"),
        fixture("google/notes.v1.json"),
    ];
    let imported = import::google_discovery(&files, &Options::default()).expect("imports");
    let catalog = load(&imported);
    assert_eq!(
        catalog.operations().expect("operations load")
            [catalog.operation_id_of("notes.items.list").expect("op")]
        .path
        .as_deref(),
        Some("/notes/v1/items")
    );
}

#[test]
fn imports_are_deterministic_whatever_the_order_of_the_sources() {
    let mut files: Vec<PathBuf> = [
        "notes.v1.json",
        "notes.v2beta.json",
        "runner.v1.json",
        "index.json",
    ]
    .iter()
    .map(|f| fixture(&format!("google/{f}")))
    .collect();
    let first = import::google_discovery(&files, &dated()).expect("imports");
    files.reverse();
    let second = import::google_discovery(&files, &dated()).expect("imports");
    assert_eq!(first.draft.to_toml(), second.draft.to_toml());
    let folder = import::google_discovery(&[fixture("google")], &dated()).expect("imports");
    assert_eq!(first.draft.to_toml(), folder.draft.to_toml());
}

// OpenAPI.

#[test]
fn openapi_yaml_import_snapshot() {
    let imported =
        import::openapi(&fixture("openapi/shelter.yaml"), &Options::default()).expect("imports");
    load(&imported);
    insta::assert_snapshot!("shelter_yaml", imported.draft.to_toml());
}

#[test]
fn openapi_alternatives_and_all_of_requirements() {
    let imported = import::openapi(&fixture("openapi/shelter.yaml"), &dated()).expect("imports");
    let catalog = load(&imported);
    // Two requirement objects: either suffices.
    assert_eq!(
        alternatives(&catalog, "addPet"),
        [
            vec!["pets:write".to_string()],
            vec!["staff:admin".to_string()]
        ]
    );
    // One object with two scopes: both needed.
    assert_eq!(
        alternatives(&catalog, "adoptPet"),
        [vec!["adoptions:write".to_string(), "pets:read".to_string()]]
    );
    // No security of its own: the document's applies.
    assert_eq!(
        alternatives(&catalog, "listPets"),
        [vec!["pets:read".to_string()]]
    );
    // `security: []` (no auth) needs no scope: one empty alternative. API-key-only
    // operations are left out.
    assert_eq!(alternatives(&catalog, "health"), [Vec::<String>::new()]);
    assert!(catalog.operation_id_of("listKeys").is_none());
    // No operationId: method and path.
    assert!(catalog.operation_id_of("PUT /pets/{id}/photos").is_some());
    assert_eq!(
        catalog.authorize_url.as_deref(),
        Some("https://auth.shelter.example.com/authorize")
    );
    assert_eq!(catalog.retrieved.as_deref(), Some("2026-12-01"));
}

#[test]
fn openapi_servers_give_the_base_paths_requests_may_carry() {
    // Servers: `https://api.shelter.example.com/v2`, one with a variable and one with no
    // path (neither gives a prefix); `--path-prefix` adds an older version.
    let options = Options {
        path_prefixes: vec!["/v1".to_string(), "/v2".to_string()],
        ..dated()
    };
    let imported = import::openapi(&fixture("openapi/shelter.yaml"), &options).expect("imports");
    assert_eq!(imported.draft.path_prefixes, ["/v2", "/v1"]);
    let catalog = load(&imported);
    assert_eq!(catalog.paths.prefixes, ["/v2", "/v1"]);
    let finder = scopex::routes::OperationFinder::new(&catalog);
    for request in [
        "POST https://api.shelter.example.com/v2/pets",
        "POST /v1/pets",
        "POST /pets",
    ] {
        let id = finder.find(request).expect(request);
        assert_eq!(catalog.operation(id).id.as_str(), "addPet", "{request}");
    }

    // On the command line, a prefix that is not whole segments is refused.
    let output = scopex(&[
        "import",
        "openapi",
        fixture("openapi/shelter.yaml").to_str().expect("utf-8"),
        "--path-prefix",
        "v1/",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--path-prefix `v1/` must be whole segments"));
}

#[test]
fn openapi_undeclared_scopes_are_a_warning_and_recorded() {
    let imported = import::openapi(&fixture("openapi/shelter.yaml"), &dated()).expect("imports");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("`photos:upload`")),
        "{:?}",
        imported.warnings
    );
    let catalog = load(&imported);
    let upload = catalog.id_of("photos:upload").expect("recorded");
    assert!(
        catalog
            .scope(upload)
            .description
            .starts_with("Undeclared in the document")
    );
}

#[test]
fn openapi_31_json_with_vendor_alternatives() {
    let imported = import::openapi(&fixture("openapi/tiny31.json"), &dated()).expect("imports");
    let catalog = load(&imported);
    assert_eq!(
        alternatives(&catalog, "getCounter"),
        [
            vec!["counter.bump".to_string()],
            vec!["counter.read".to_string()]
        ]
    );
    // x-atlassian-oauth2-scopes: classic or granular, each all needed.
    assert_eq!(
        alternatives(&catalog, "reset"),
        [
            vec!["counter.audit".to_string(), "counter.bump".to_string()],
            vec!["counter.reset".to_string()]
        ]
    );
    // Every scope of the scheme listed at once: any token, so any one scope.
    assert_eq!(alternatives(&catalog, "whoAmI").len(), 5);
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("lists all 5 scopes")),
        "{:?}",
        imported.warnings
    );
}

// OAuth / OpenID Connect metadata.

#[test]
fn oidc_metadata_gives_names_and_endpoints() {
    let imported =
        import::oidc(&fixture("oidc/openid-configuration.json"), &dated()).expect("imports");
    let catalog = load(&imported);
    let names: Vec<&str> = catalog.scopes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "openid",
            "profile",
            "email",
            "offline_access",
            "orders.read",
            "orders.write"
        ]
    );
    assert_eq!(catalog.id, "id-example-org");
    assert_eq!(
        catalog.token_url.as_deref(),
        Some("https://id.example.org/oauth2/token")
    );
    assert!(catalog.edges.is_empty());
}

// Bad input, through the command line.

#[track_caller]
fn fails_with(args: &[&str], expected: &str) {
    let output = scopex(args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{args:?}: {}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty(), "{args:?} wrote a catalog");
    assert_eq!(stderr(&output), format!("scopex: {expected}\n"), "{args:?}");
}

#[test]
fn broken_documents_are_errors_with_their_place() {
    let base = "tests/fixtures/import/openapi";
    fails_with(
        &["import", "openapi", &format!("{base}/not-a-document.txt")],
        &format!(
            "{base}/not-a-document.txt:2:1: not valid JSON or YAML: control character (\\u0000-\\u001F) found while parsing a string"
        ),
    );
    fails_with(
        &["import", "openapi", &format!("{base}/not-openapi.json")],
        &format!(
            "{base}/not-openapi.json: not an OpenAPI document: it has no `openapi` version field"
        ),
    );
    fails_with(
        &["import", "openapi", &format!("{base}/swagger2.json")],
        &format!(
            "{base}/swagger2.json at /swagger: a Swagger (OpenAPI 2.0) document: convert it to OpenAPI 3 first"
        ),
    );
    fails_with(
        &["import", "openapi", &format!("{base}/apikey-only.yaml")],
        &format!(
            "{base}/apikey-only.yaml at /components/securitySchemes: no oauth2 security scheme, so no scopes: the schemes are `basic` (http), `key` (apiKey)"
        ),
    );
    fails_with(
        &[
            "import",
            "openapi",
            &format!("{base}/undefined-scheme.yaml"),
        ],
        &format!(
            "{base}/undefined-scheme.yaml at /paths/~1things~1{{id}}/get/security/0/oath: security scheme `oath` is not defined in components.securitySchemes; did you mean `oauth`?"
        ),
    );
    fails_with(
        &["import", "google-discovery", &format!("{base}/tiny31.json")],
        &format!(
            "{base}/tiny31.json: not a discovery document: no `kind` (`discovery#restDescription`) and no `discoveryVersion`"
        ),
    );
    fails_with(
        &["import", "oidc", &format!("{base}/tiny31.json")],
        &format!(
            "{base}/tiny31.json: not an OpenID Connect or OAuth server metadata document: no `issuer`, `authorization_endpoint` or `token_endpoint`"
        ),
    );
    fails_with(
        &["import", "openapi", "tests/fixtures/import/missing.yaml"],
        "tests/fixtures/import/missing.yaml: cannot read: No such file or directory (os error 2)",
    );
    fails_with(
        &[
            "import",
            "openapi",
            &format!("{base}/tiny31.json"),
            "--retrieved",
            "2026-02-30",
        ],
        "--retrieved `2026-02-30` is not a date as YYYY-MM-DD",
    );
}

#[test]
fn the_command_writes_a_catalog_that_validates() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let out = folder.path().join("shelter.toml");
    let out_text = out.display().to_string();
    let output = scopex(&[
        "import",
        "openapi",
        "tests/fixtures/import/openapi/shelter.yaml",
        "--id",
        "shelter",
        "-o",
        &out_text,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning: "), "{}", stderr(&output));
    let output = scopex(&["validate", &out_text]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        format!(
            "{out_text}: ok: catalog `shelter` (Shelter API), 6 scopes, 0 composites, 0 implications, 5 operations\n"
        )
    );
}

/// `-o` names the file to write: a FIFO (or a device: `-o /dev/null` as root) found there
/// is refused and left as it is, never replaced by a file, and nothing is left behind.
#[cfg(unix)]
#[test]
fn the_command_replaces_only_a_regular_file() {
    use std::os::unix::fs::FileTypeExt;
    let folder = tempfile::tempdir().expect("temporary folder");
    let fifo = folder.path().join("out.toml");
    let status = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let fifo_text = fifo.display().to_string();
    let output = scopex(&[
        "import",
        "openapi",
        "tests/fixtures/import/openapi/shelter.yaml",
        "-o",
        &fifo_text,
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!(
            "cannot write {fifo_text}: it is a device, FIFO or socket, not a regular file"
        )),
        "{}",
        stderr(&output)
    );
    let kind = std::fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(kind.is_fifo(), "the FIFO stays a FIFO");
    let entries = std::fs::read_dir(folder.path()).expect("list").count();
    assert_eq!(entries, 1, "no temporary file is left behind");
}

#[test]
fn openapi_calls_needing_no_scope_have_an_empty_alternative() {
    let imported = import::openapi(&fixture("openapi/no-scope.yaml"), &dated()).expect("imports");
    let catalog = load(&imported);
    let none: Vec<Vec<String>> = vec![Vec::new()];
    // An oauth2 scheme listed with no scopes: any token.
    assert_eq!(alternatives(&catalog, "whoAmI"), none);
    // `security: []`: no authentication, so no scope either.
    assert_eq!(alternatives(&catalog, "status"), none);
    // `{}` beside a scope: open to all, the scope a way too.
    assert_eq!(
        alternatives(&catalog, "listPings"),
        [Vec::new(), vec!["pings:read".to_string()]]
    );
    assert_eq!(
        alternatives(&catalog, "sendPing"),
        [vec!["pings:write".to_string()]]
    );
    // No `security` anywhere: the document does not say, so the call is left out
    // rather than said to need nothing.
    assert!(catalog.operation_id_of("version").is_none());
    assert!(
        imported.draft.header.iter().any(|line| line.contains(
            "4 operations, 3 of them needing no scope (open, or any token); left out: 0 only by \
             other schemes, 1 with no security."
        )),
        "{:?}",
        imported.draft.header
    );
}
