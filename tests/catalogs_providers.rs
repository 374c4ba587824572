//! The generated provider catalogs (Microsoft Graph, Slack, Dropbox, Okta, GitHub
//! fine-grained): their counts, the facts their sources state, and the delimiter their
//! authorize URLs use. The numbers are those of the source revisions the catalogs name;
//! regenerating from a newer source changes them on purpose.

use scopex::catalog::{Catalog, Evidence, builtin};
use std::path::PathBuf;
use std::process::Command;

fn catalog(id: &str) -> Catalog {
    builtin(id).unwrap_or_else(|| panic!("built-in catalog {id} loads"))
}

fn id(catalog: &Catalog, name: &str) -> usize {
    catalog
        .id_of(name)
        .unwrap_or_else(|| panic!("{name} is in {}", catalog.id))
}

fn description<'a>(catalog: &'a Catalog, name: &str) -> &'a str {
    &catalog.scope(id(catalog, name)).description
}

/// The alternatives of an operation, as scope names.
fn alternatives(catalog: &Catalog, operation: &str) -> Vec<Vec<String>> {
    let op = catalog
        .operation_id_of(operation)
        .unwrap_or_else(|| panic!("operation {operation} is in {}", catalog.id));
    catalog
        .operation(op)
        .alternatives()
        .map(|alt| alt.iter().map(|&s| catalog.name(s).to_string()).collect())
        .collect()
}

fn edge_evidence(catalog: &Catalog, from: &str, to: &str) -> Option<Evidence> {
    let to = id(catalog, to);
    catalog
        .edges_from(id(catalog, from))
        .find(|e| e.to == to)
        .map(|e| e.evidence)
}

fn count_evidence(catalog: &Catalog, evidence: Evidence) -> usize {
    catalog
        .edges
        .iter()
        .filter(|e| e.evidence == evidence)
        .count()
}

fn has_provenance(catalog: &Catalog) {
    assert_eq!(catalog.retrieved.as_deref(), Some("2026-12-01"));
    assert!(catalog.revision.as_deref().is_some_and(|r| !r.is_empty()));
    assert!(catalog.source.as_deref().is_some_and(|s| !s.is_empty()));
}

/// `scopex url` for a one-off profile on `catalog` asking for `scopes`.
fn authorize_url(catalog: &str, scopes: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("profile.toml");
    let mut text = format!("name = \"Test\"\ncatalog = \"{catalog}\"\n");
    for scope in scopes {
        text.push_str(&format!(
            "\n[[scope]]\nname = \"{scope}\"\nreason = \"a test\"\n"
        ));
    }
    std::fs::write(&path, text).expect("the profile is written");
    let output = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .arg("url")
        .arg(&path)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("scopex runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Microsoft Graph: one catalog per permission scheme
// ---------------------------------------------------------------------------------------

#[test]
fn msgraph_delegated_work_counts() {
    let graph = catalog("msgraph");
    has_provenance(&graph);
    assert!(graph.attribution.as_deref().unwrap().contains("MIT"));
    // 739 DelegatedWork permissions plus openid, email, profile, offline_access.
    assert_eq!(graph.len(), 743);
    assert_eq!(graph.operations().expect("operations load").len(), 10_939);
    let alternatives: usize = graph
        .operations()
        .expect("operations load")
        .iter()
        .map(|op| op.alternatives().len())
        .sum();
    // 81 fewer than the source lists: Read permissions listed for a write only because
    // their path set groups it with GET.
    assert_eq!(alternatives, 22_082);
    assert_eq!(graph.edges.len(), 241);
    assert_eq!(count_evidence(&graph, Evidence::Derived), 168);
    assert_eq!(count_evidence(&graph, Evidence::Inferred), 73);
    assert_eq!(
        count_evidence(&graph, Evidence::Documented)
            + count_evidence(&graph, Evidence::Description),
        0,
        "Microsoft documents no implication"
    );
    assert!(graph.scopes.iter().all(|s| !s.composite));
}

#[test]
fn msgraph_readwrite_covers_read_only_as_far_as_the_paths_show() {
    let graph = catalog("msgraph");
    // Mail.ReadWrite's path sets list 14 of Mail.Read's 34 path × method entries.
    assert_eq!(
        edge_evidence(&graph, "Mail.ReadWrite", "Mail.Read"),
        Some(Evidence::Inferred)
    );
    // Every entry that accepts AccessReview.Read.All also accepts AccessReview.ReadWrite.All.
    assert_eq!(
        edge_evidence(
            &graph,
            "AccessReview.ReadWrite.All",
            "AccessReview.Read.All"
        ),
        Some(Evidence::Derived)
    );
    let edge = graph
        .edges_from(id(&graph, "AccessReview.ReadWrite.All"))
        .next()
        .unwrap();
    assert!(
        edge.note
            .as_deref()
            .unwrap()
            .contains("path × method entries")
    );
    // Only ReadWrite ⇒ Read: nothing else is implied.
    for edge in &graph.edges {
        let from = graph.name(edge.from);
        let to = graph.name(edge.to);
        assert!(from.contains(".ReadWrite"), "{from}");
        assert_eq!(from.replacen(".ReadWrite", ".Read", 1), to);
    }
}

#[test]
fn msgraph_operations_list_every_permission_any_one_of_which_suffices() {
    let graph = catalog("msgraph");
    assert_eq!(
        alternatives(&graph, "GET /me"),
        [
            ["User.Read"],
            ["User.ReadBasic.All"],
            ["AgentIdUser.ReadWrite.All"],
            ["AgentIdUser.ReadWrite.IdentityParentedBy"],
            ["Directory.Read.All"],
            ["User.Read.All"],
            ["User.ReadWrite"],
            ["Directory.ReadWrite.All"],
            ["User.ReadWrite.All"],
        ]
    );
    let me = graph.operation(graph.operation_id_of("GET /me").unwrap());
    assert_eq!(me.method, Some("GET"));
    assert_eq!(me.path.as_deref(), Some("/me"));
    assert_eq!(
        me.description.as_deref(),
        Some("Least privileged (Microsoft): User.Read")
    );
    assert_eq!(
        alternatives(&graph, "GET /me/messages"),
        [["Mail.ReadBasic"], ["Mail.ReadWrite"], ["Mail.Read"]]
    );
}

/// The operations of one Microsoft Graph catalog as permissions.json gives them: for each
/// path set of `scheme`, each of its methods with each of its paths, under that permission.
fn msgraph_source_operations(
    permissions: &serde_json::Value,
    scheme: &str,
) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut operations = std::collections::BTreeMap::<_, std::collections::BTreeSet<_>>::new();
    let listed = |value: &serde_json::Value, key: &str, item: &str| {
        value[key]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i.as_str() == Some(item)))
    };
    for (name, permission) in permissions.as_object().expect("permissions is an object") {
        if permission["schemes"].get(scheme).is_none() {
            continue;
        }
        for path_set in permission["pathSets"].as_array().expect("pathSets") {
            if !listed(path_set, "schemeKeys", scheme) {
                continue;
            }
            for method in path_set["methods"].as_array().expect("methods") {
                let method = method.as_str().expect("a method is a string");
                for path in path_set["paths"].as_object().expect("paths").keys() {
                    let id = format!("{method} {}", path.replace(' ', "%20"));
                    operations.entry(id).or_default().insert(name.clone());
                }
            }
        }
    }
    operations
}

/// What `scripts/msgraph.py` leaves out of the source's operations: from a PATCH, PUT or
/// DELETE, each Read permission that also lists GET for the same path, where a permission
/// that is not a Read one is left.
fn drop_grouped_reads(
    operations: &mut std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
) {
    let gets = operations.clone();
    for (id, names) in operations.iter_mut() {
        let Some((method, path)) = id.split_once(' ') else {
            continue;
        };
        if !["PATCH", "PUT", "DELETE"].contains(&method) {
            continue;
        }
        let get = gets.get(&format!("GET {path}"));
        let grouped = |name: &String| is_read_only(name) && get.is_some_and(|g| g.contains(name));
        if names.iter().any(|name| !grouped(name)) {
            names.retain(|name| !grouped(name));
        }
    }
}

#[test]
fn msgraph_a_method_has_only_the_permissions_whose_path_set_lists_it() {
    // CloudPC.Read.All lists this path for GET only; CloudPC.ReadWrite.All for GET and DELETE.
    let graph = catalog("msgraph");
    let user_settings = "/devicemanagement/virtualendpoint/usersettings/{id}";
    let get = alternatives(&graph, &format!("GET {user_settings}"));
    assert!(
        get.contains(&vec!["CloudPC.Read.All".to_string()]),
        "{get:?}"
    );
    assert_eq!(
        alternatives(&graph, &format!("DELETE {user_settings}")),
        [["CloudPC.ReadWrite.All"]]
    );
    // Microsoft's own path set for this path lists GET and PATCH under CloudPC.Read.All
    // (and its documentation of the PATCH names it a higher privileged permission); a
    // Read permission a path set lists for a write beside GET is left out of the write
    // where another permission is listed for it (`scripts/msgraph.py`).
    assert_eq!(
        alternatives(
            &graph,
            "PATCH /devicemanagement/virtualendpoint/organizationsettings"
        ),
        [["CloudPC.ReadWrite.All"]]
    );

    // Every operation of every scheme, against the source itself where it is at hand.
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/providers/microsoft-graph/devx-content/permissions.json");
    let Ok(text) = std::fs::read_to_string(&source) else {
        eprintln!(
            "note: skipped: {} is not here to compare with",
            source.display()
        );
        return;
    };
    let document: serde_json::Value = serde_json::from_str(&text).expect("permissions.json");
    for (id, scheme) in [
        ("msgraph", "DelegatedWork"),
        ("msgraph-personal", "DelegatedPersonal"),
        ("msgraph-app", "Application"),
    ] {
        let graph = catalog(id);
        let made: std::collections::BTreeMap<_, std::collections::BTreeSet<_>> = graph
            .operations()
            .expect("operations load")
            .iter()
            .map(|op| {
                let names = op.alternatives().flatten();
                let names = names.map(|&s| graph.name(s).to_string()).collect();
                (op.id.to_string(), names)
            })
            .collect();
        let mut source = msgraph_source_operations(&document["permissions"], scheme);
        drop_grouped_reads(&mut source);
        let differ: Vec<_> = source
            .keys()
            .chain(made.keys())
            .filter(|key| source.get(*key) != made.get(*key))
            .take(5)
            .collect();
        assert!(
            differ.is_empty(),
            "{id}: not as the source lists them: {differ:?}"
        );
        assert_eq!(made.len(), source.len(), "{id}");
    }
}

/// Is `name` a Read permission by Microsoft's naming pattern (`Read`, `ReadBasic`, …: an
/// operation segment that reads, not `ReadWrite`)?
fn is_read_only(name: &str) -> bool {
    name.split('.').skip(1).any(|part| {
        part == "Read"
            || (part.starts_with("Read")
                && !part.starts_with("ReadWrite")
                && part[4..].starts_with(|c: char| c.is_ascii_uppercase()))
    })
}

#[test]
fn msgraph_writes_are_not_answered_with_a_read_permission_a_path_set_groups_with_get() {
    for id in ["msgraph", "msgraph-personal", "msgraph-app"] {
        let graph = catalog(id);
        let operations = graph.operations().expect("operations read");
        let mut checked = 0;
        for op in operations {
            let (Some(method), Some(path)) = (op.method, op.path.as_deref()) else {
                continue;
            };
            if !["PATCH", "PUT", "DELETE"].contains(&method) {
                continue;
            }
            let alternatives: Vec<Vec<&str>> = op
                .alternatives()
                .map(|alt| alt.iter().map(|&s| graph.name(s)).collect())
                .collect();
            let Some(get) = graph.operation_id_of(&format!("GET {path}")) else {
                continue;
            };
            let readers: Vec<Vec<&str>> = graph
                .operation(get)
                .alternatives()
                .map(|alt| alt.iter().map(|&s| graph.name(s)).collect())
                .collect();
            let grouped = |alt: &Vec<&str>| {
                alt.iter().all(|name| is_read_only(name)) && readers.contains(alt)
            };
            if alternatives.iter().any(|alt| !grouped(alt)) {
                checked += 1;
                assert!(
                    !alternatives.iter().any(grouped),
                    "{id}: {method} {path} keeps a Read permission its path set lists for GET: {alternatives:?}"
                );
            }
        }
        assert!(checked > 100, "{id}: {checked} writes checked");
    }
    let graph = catalog("msgraph");
    assert_eq!(
        alternatives(&graph, "PATCH /compliance/ediscovery/cases/{id}"),
        [["eDiscovery.ReadWrite.All"]]
    );
    assert_eq!(
        alternatives(
            &graph,
            "PATCH /devicemanagement/virtualendpoint/organizationsettings"
        ),
        [["CloudPC.ReadWrite.All"]]
    );
    // A POST that reads keeps its Read permissions.
    assert!(
        alternatives(
            &graph,
            "POST /deviceManagement/virtualEndpoint/reports/retrieveCloudPcTroubleshootReports"
        )
        .contains(&vec!["CloudPC.Read.All".to_string()])
    );
}

#[test]
fn msgraph_descriptions_show_the_privilege_level() {
    let graph = catalog("msgraph");
    assert_eq!(
        description(&graph, "User.Read"),
        "Sign in and read user profile (privilege 2 of 5)"
    );
    assert!(
        description(&graph, "Directory.ReadWrite.All").contains("of 5, admin consent)"),
        "{}",
        description(&graph, "Directory.ReadWrite.All")
    );
}

#[test]
fn msgraph_personal_and_application_are_their_own_catalogs() {
    let personal = catalog("msgraph-personal");
    has_provenance(&personal);
    assert_eq!(personal.len(), 58);
    assert_eq!(personal.operations().expect("operations load").len(), 2_512);
    assert_eq!(personal.edges.len(), 13);
    assert!(personal.id_of("Directory.Read.All").is_none());
    assert!(
        personal
            .authorize_url
            .as_deref()
            .unwrap()
            .contains("/consumers/")
    );

    let app = catalog("msgraph-app");
    has_provenance(&app);
    assert_eq!(app.len(), 703);
    assert_eq!(app.operations().expect("operations load").len(), 8_760);
    assert_eq!(app.edges.len(), 207);
    assert_eq!(count_evidence(&app, Evidence::Derived), 145);
    // Application permissions are never requested in a scope parameter.
    assert_eq!(app.authorize_url, None);
    assert!(app.id_of("openid").is_none());
    assert!(app.id_of("User.Read").is_none(), "delegated only");
    assert!(app.id_of("User.Read.All").is_some());
}

#[test]
fn msgraph_url_separates_scopes_with_spaces() {
    assert_eq!(
        authorize_url("msgraph", &["User.Read", "offline_access"]),
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=CLIENT_ID&response_type=code&scope=offline_access%20User.Read"
    );
}

// ---------------------------------------------------------------------------------------
// Slack: the 2020 spec
// ---------------------------------------------------------------------------------------

#[test]
fn slack_counts_and_provenance() {
    let slack = catalog("slack");
    has_provenance(&slack);
    assert!(slack.revision.as_deref().unwrap().contains("2020"));
    assert!(slack.name.contains("2020"));
    assert!(slack.attribution.as_deref().unwrap().contains("MIT"));
    // The spec's 67 scopes less the pseudo-scope `none`.
    assert_eq!(slack.len(), 66);
    assert!(slack.id_of("none").is_none());
    // 174 methods; the 20 the spec marks `none` need no scope: one empty alternative.
    let operations = slack.operations().expect("operations load");
    assert_eq!(operations.len(), 174);
    let no_scope: Vec<&str> = operations
        .iter()
        .filter(|op| op.alternatives().any(<[_]>::is_empty))
        .map(|op| op.id.as_str())
        .collect();
    assert_eq!(no_scope.len(), 20, "{no_scope:?}");
    assert!(no_scope.contains(&"auth.test"), "{no_scope:?}");
    assert_eq!(alternatives(&slack, "auth.test"), [[""; 0]]);
    assert!(slack.edges.is_empty(), "Slack documents no implication");
    assert_eq!(slack.delimiter, ",");
}

#[test]
fn slack_packed_requirements_are_alternatives() {
    let slack = catalog("slack");
    assert_eq!(
        alternatives(&slack, "conversations.history"),
        [
            ["channels:history"],
            ["groups:history"],
            ["im:history"],
            ["mpim:history"],
            ["conversations:history"],
        ]
    );
    assert_eq!(
        alternatives(&slack, "chat.postMessage"),
        [["chat:write:user"], ["chat:write:bot"], ["chat:write"]]
    );
    assert_eq!(
        alternatives(&slack, "users.lookupByEmail"),
        [["users:read.email"]]
    );
}

#[test]
fn slack_legacy_scopes_are_deprecated() {
    let slack = catalog("slack");
    let deprecated: Vec<&str> = slack
        .scopes
        .iter()
        .filter(|s| s.deprecated.is_some())
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        deprecated,
        [
            "admin",
            "bot",
            "chat:write:bot",
            "chat:write:user",
            "files:write:user",
            "identity.basic"
        ]
    );
    assert_eq!(
        description(&slack, "chat:write:bot").split(" (").next(),
        Some("Author messages as a bot")
    );
}

#[test]
fn slack_url_separates_scopes_with_commas() {
    assert_eq!(
        authorize_url("slack", &["channels:read", "chat:write"]),
        "https://slack.com/oauth/v2/authorize?client_id=CLIENT_ID&response_type=code&scope=channels%3Aread%2Cchat%3Awrite"
    );
}

// ---------------------------------------------------------------------------------------
// Dropbox
// ---------------------------------------------------------------------------------------

#[test]
fn dropbox_one_scope_per_route() {
    let dropbox = catalog("dropbox");
    has_provenance(&dropbox);
    assert!(dropbox.attribution.as_deref().unwrap().contains("MIT"));
    assert_eq!(dropbox.len(), 29);
    // 276 routes, 273 of them with a scope; the 3 without one need no scope.
    assert_eq!(dropbox.operations().expect("operations load").len(), 276);
    let mut no_scope = Vec::new();
    for op in dropbox.operations().expect("operations load") {
        assert_eq!(op.alternatives().len(), 1, "{}", &*op.id);
        let needed = op.alternatives().next().unwrap().len();
        if needed == 0 {
            no_scope.push(op.id.as_str());
        } else {
            assert_eq!(needed, 1, "{}", &*op.id);
        }
        assert_eq!(op.method, Some("POST"));
    }
    assert_eq!(
        no_scope,
        ["auth/token/revoke", "auth/token/from_oauth1", "check/app"]
    );
    assert_eq!(
        alternatives(&dropbox, "files/search_v2"),
        [["files.metadata.read"]]
    );
    assert_eq!(
        alternatives(&dropbox, "files/upload"),
        [["files.content.write"]]
    );
    let search = dropbox.operation(dropbox.operation_id_of("files/search_v2").unwrap());
    assert_eq!(search.path.as_deref(), Some("/2/files/search_v2"));
    assert!(dropbox.edges.is_empty(), "the spec states no implication");
}

#[test]
fn dropbox_tells_team_from_user_scopes() {
    let dropbox = catalog("dropbox");
    let team: Vec<&str> = dropbox
        .scopes
        .iter()
        .filter(|s| s.description.contains("(team scope;"))
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(team.len(), 15);
    assert!(team.contains(&"members.read"));
    assert!(team.contains(&"team_data.governance.write"));
    assert!(description(&dropbox, "files.content.read").contains("(user scope;"));
    assert!(description(&dropbox, "account_info.read").contains("user-linked apps must have it"));
}

#[test]
fn dropbox_url_separates_scopes_with_spaces() {
    assert_eq!(
        authorize_url("dropbox", &["files.metadata.read", "account_info.read"]),
        "https://www.dropbox.com/oauth2/authorize?client_id=CLIENT_ID&response_type=code&scope=account_info.read%20files.metadata.read"
    );
}

// ---------------------------------------------------------------------------------------
// Okta
// ---------------------------------------------------------------------------------------

#[test]
fn okta_scopes_and_operations() {
    let okta = catalog("okta");
    has_provenance(&okta);
    assert!(okta.attribution.as_deref().unwrap().contains("Apache"));
    // 109 in the spec, 27 more in the org authorization server's scopes_supported.
    assert_eq!(okta.len(), 136);
    assert_eq!(okta.operations().expect("operations load").len(), 723);
    assert!(okta.edges.is_empty());
    assert_eq!(
        alternatives(&okta, "listGroupPushMappings"),
        [["okta.apps.read", "okta.groups.read"]]
    );
    assert_eq!(
        description(&okta, "okta.agentPools.read"),
        "Allows the app to read agent pools in your Okta organization"
    );
}

// ---------------------------------------------------------------------------------------
// GitHub fine-grained tokens
// ---------------------------------------------------------------------------------------

#[test]
fn github_fine_grained_permissions_and_endpoints() {
    let github = catalog("github-fine-grained");
    has_provenance(&github);
    assert!(github.name.contains("2024"));
    assert!(github.attribution.as_deref().unwrap().contains("CC BY 4.0"));
    assert_eq!(github.len(), 106);
    assert_eq!(github.operations().expect("operations load").len(), 705);
    assert_eq!(github.edges.len(), 47);
    assert!(
        github
            .edges
            .iter()
            .all(|e| e.evidence == Evidence::Inferred)
    );
    assert_eq!(
        edge_evidence(&github, "contents=write", "contents=read"),
        Some(Evidence::Inferred)
    );
    assert_eq!(github.authorize_url, None);
    assert_eq!(
        alternatives(&github, "GET /repos/{owner}/{repo}/contents/{path}"),
        [["contents=read"]]
    );
    // Listed under two permissions: both taken as needed.
    assert_eq!(
        alternatives(
            &github,
            "DELETE /orgs/{org}/actions/permissions/repositories/{repository_id}"
        ),
        [["organization_administration=write", "metadata=read"]]
    );
}
