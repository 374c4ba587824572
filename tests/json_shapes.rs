//! The shape of every command's `--json` output (field names and value types), pinned so
//! that a change to what scripts read is a deliberate one.

use serde_json::{Map, Value};
use std::process::Command;

const PROFILE: &str = "catalogs/integrations/opensense.toml";
const NEED: &str = "tests/fixtures/need_files.toml";

/// Field names with the type of their values; an array shows its first element's shape.
fn shape(value: &Value) -> Value {
    match value {
        Value::Null => Value::from("null"),
        Value::Bool(_) => Value::from("bool"),
        Value::Number(_) => Value::from("number"),
        Value::String(_) => Value::from("string"),
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::Object(fields) => {
            let mut shaped = Map::new();
            for (key, value) in fields {
                shaped.insert(key.clone(), shape(value));
            }
            Value::Object(shaped)
        }
    }
}

fn json_shape(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .arg("--json")
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .output()
        .expect("scopex runs");
    let value: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&output.stderr)));
    serde_json::to_string_pretty(&shape(&value)).expect("JSON prints")
}

macro_rules! shape_of {
    ($name:ident, $($arg:expr),+) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(json_shape(&[$($arg),+]));
        }
    };
}

shape_of!(catalogs, "catalogs");
shape_of!(list, "list", "github");
shape_of!(list_tree, "list", "github", "--tree");
shape_of!(search, "search", "outreach", "prospects");
shape_of!(closure, "closure", "outreach", "prospects.all");
shape_of!(minimize, "minimize", "outreach", "prospects.all");
shape_of!(explain, "explain", "github", "read:org", "admin:org");
shape_of!(diff, "diff", "outreach", "prospects.read", "prospects.all");
shape_of!(
    check,
    "check",
    "outreach",
    "prospects.all",
    "--within",
    "prospects.read"
);
shape_of!(report, "report", PROFILE);
shape_of!(url, "url", PROFILE);
shape_of!(
    url_token_page,
    "url",
    "github",
    "repo",
    "--token-page",
    "--name",
    "CI"
);
shape_of!(validate_catalog, "validate", "catalogs/github.toml");
shape_of!(validate_profile, "validate", PROFILE);
shape_of!(
    validate_invalid,
    "validate",
    "tests/fixtures/duplicate_scope.toml"
);
shape_of!(need, "need", NEED, "files.list");
shape_of!(operations, "operations", NEED);

/// Every field name of every pinned shape, in the README's "JSON output" list.
#[test]
fn the_readme_names_every_field() {
    fn keys(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(fields) => {
                for (key, value) in fields {
                    out.push(key.clone());
                    keys(value, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| keys(item, out)),
            _ => {}
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let start = readme
        .find("### JSON output")
        .expect("a JSON output section");
    let section = &readme[start..];
    let section = &section[..section[4..]
        .find("\n#")
        .map_or(section.len(), |end| end + 4)];
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/snapshots")).expect("snapshots") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !name.starts_with("json_shapes__") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("snapshot");
        // The snapshot's header ends at its second `---` line.
        let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
        let value: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut names = Vec::new();
        keys(&value, &mut names);
        for key in names {
            if !section.contains(&format!("`{key}`")) {
                missing.push(format!("{key} ({name})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the README's JSON output list: {missing:?}"
    );
}
