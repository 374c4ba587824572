//! The shape of every command's `--json` output (field names and value types), pinned so
//! that a change to what scripts read is a deliberate one.

use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const PROFILE: &str = "catalogs/integrations/opensense.toml";
const NEED: &str = "tests/fixtures/need_files.toml";

/// The shape of a value: field names and value types, from every element of every array
/// (a field that is `null` in one element and text in another is `"null|string"`). An
/// object with a text `kind` is a variant: the objects of each kind are merged apart, so
/// each variant's fields are pinned, and shown with their `kind`'s value (kinds with the
/// same fields are shown once, `"kind": "atomic|composite"`). Where a value takes several
/// forms, `{"one of": [...]}` lists them.
#[derive(Default, Clone)]
struct Shape {
    /// `null`, `bool`, `number`, `string`.
    scalars: BTreeSet<&'static str>,
    /// The shape of every element of every array seen (`Some` once an array is seen).
    array: Option<Box<Shape>>,
    /// Objects by their `kind` (`""` when they have none): each field's shape.
    objects: BTreeMap<String, Fields>,
}

type Fields = BTreeMap<String, Shape>;

impl Shape {
    fn add(&mut self, value: &Value) {
        match value {
            Value::Null => _ = self.scalars.insert("null"),
            Value::Bool(_) => _ = self.scalars.insert("bool"),
            Value::Number(_) => _ = self.scalars.insert("number"),
            Value::String(_) => _ = self.scalars.insert("string"),
            Value::Array(items) => {
                let element = self.array.get_or_insert_with(Box::default);
                items.iter().for_each(|item| element.add(item));
            }
            Value::Object(fields) => {
                let kind = match fields.get("kind") {
                    Some(Value::String(kind)) => kind.clone(),
                    _ => String::new(),
                };
                let object = self.objects.entry(kind).or_default();
                for (key, value) in fields {
                    if key != "kind" {
                        object.entry(key.clone()).or_default().add(value);
                    }
                }
            }
        }
    }

    fn merge(&mut self, other: &Shape) {
        self.scalars.extend(&other.scalars);
        if let Some(element) = &other.array {
            self.array.get_or_insert_with(Box::default).merge(element);
        }
        for (kind, fields) in &other.objects {
            merge_fields(self.objects.entry(kind.clone()).or_default(), fields);
        }
    }

    fn render(&self) -> Value {
        let mut alternatives = Vec::new();
        if !self.scalars.is_empty() {
            let names: Vec<&str> = self.scalars.iter().copied().collect();
            alternatives.push(Value::from(names.join("|")));
        }
        if let Some(element) = &self.array {
            let inner = element.render();
            alternatives.push(Value::Array(
                (inner != Value::Null)
                    .then_some(inner)
                    .into_iter()
                    .collect(),
            ));
        }
        // Kinds whose objects have the same field names are shown as one.
        let mut variants: Vec<(Vec<&str>, Fields)> = Vec::new();
        for (kind, fields) in &self.objects {
            match variants
                .iter_mut()
                .find(|(_, f)| f.keys().eq(fields.keys()))
            {
                Some((kinds, merged)) => {
                    kinds.push(kind);
                    merge_fields(merged, fields);
                }
                None => variants.push((vec![kind.as_str()], fields.clone())),
            }
        }
        for (kinds, fields) in variants {
            let mut object = Map::new();
            if kinds != [""] {
                object.insert("kind".to_string(), Value::from(kinds.join("|")));
            }
            for (key, field) in &fields {
                object.insert(key.clone(), field.render());
            }
            alternatives.push(Value::Object(object));
        }
        match alternatives.len() {
            // An array that was always empty.
            0 => Value::Null,
            1 => alternatives.pop().expect("one"),
            _ => Value::Object(Map::from_iter([(
                "one of".to_string(),
                Value::Array(alternatives),
            )])),
        }
    }
}

fn merge_fields(into: &mut Fields, from: &Fields) {
    for (key, shape) in from {
        into.entry(key.clone()).or_default().merge(shape);
    }
}

fn shape(value: &Value) -> Value {
    let mut shape = Shape::default();
    shape.add(value);
    shape.render()
}

/// Where a shape leaves something unpinned: an array that was always empty, or a field
/// that was always `null`. The examples are chosen so that there is none.
fn unpinned(shape: &Value, at: &str, out: &mut Vec<String>) {
    match shape {
        Value::Array(items) if items.is_empty() => out.push(format!("{at}: always empty")),
        Value::String(kind) if kind == "null" => out.push(format!("{at}: always null")),
        Value::Array(items) => items
            .iter()
            .for_each(|i| unpinned(i, &format!("{at}[]"), out)),
        // A value seen as null and as something else is pinned in both forms.
        Value::Object(fields) if fields.contains_key("one of") => {
            if let Some(Value::Array(forms)) = fields.get("one of") {
                forms
                    .iter()
                    .filter(|form| form.as_str() != Some("null"))
                    .for_each(|form| unpinned(form, &format!("{at}.one of[]"), out));
            }
        }
        Value::Object(fields) => {
            for (key, value) in fields {
                unpinned(value, &format!("{at}.{key}"), out);
            }
        }
        _ => {}
    }
}

fn json_shape(args: &[&str], code: i32) -> String {
    json_shape_in("/nonexistent-scopex-config".as_ref(), args, code)
}

fn json_shape_in(config: &std::path::Path, args: &[&str], code: i32) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .arg("--json")
        .env("SCOPEX_CONFIG_DIR", config)
        .output()
        .expect("scopex runs");
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&output.stderr)));
    let shape = shape(&value);
    let mut gaps = Vec::new();
    unpinned(&shape, "", &mut gaps);
    assert!(gaps.is_empty(), "{args:?} leaves shapes unpinned: {gaps:?}");
    serde_json::to_string_pretty(&shape).expect("JSON prints")
}

macro_rules! shape_of {
    ($name:ident, exit $code:literal, $($arg:expr),+) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(json_shape(&[$($arg),+], $code));
        }
    };
    ($name:ident, $($arg:expr),+) => {
        shape_of!($name, exit 0, $($arg),+);
    };
}

shape_of!(list, "list", "outreach");
shape_of!(list_tree, "list", "outreach", "--tree");
shape_of!(search, "search", "sipgate", "voice greet");
shape_of!(
    closure,
    "closure",
    "outreach",
    "prospects.read",
    "prospects.write",
    "prospects.delete",
    "accounts.all"
);
shape_of!(minimize, "minimize", "outreach", "prospects.all");
shape_of!(
    explain,
    "explain",
    "google",
    "https://www.googleapis.com/auth/drive",
    "https://www.googleapis.com/auth/drive.readonly",
    "https://www.googleapis.com/auth/drive.file"
);
shape_of!(
    diff,
    "diff",
    "outreach",
    "prospects.read users.read",
    "prospects.all"
);
shape_of!(
    check,
    exit 1,
    "check",
    "outreach",
    "audits.read",
    "prospects.all",
    "--within",
    "prospects.read"
);
shape_of!(
    check_minimal,
    exit 1,
    "check",
    "outreach",
    "audits.read",
    "prospects.read",
    "prospects.all",
    "--minimal"
);
shape_of!(report, "report", "tests/fixtures/report_shape.toml");
shape_of!(
    url,
    "url",
    PROFILE,
    "--client-id",
    "abc",
    "--redirect-uri",
    "https://example.com/callback"
);
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
    exit 2,
    "validate",
    "tests/fixtures/duplicate_scope.toml"
);
shape_of!(need, "need", NEED, "files.list");
shape_of!(operations, "operations", NEED);

/// The catalogs, built-in and the user's: one that loads and one that does not.
#[test]
fn catalogs() {
    let config = tempfile::tempdir().expect("temp dir");
    let catalogs = config.path().join("catalogs");
    std::fs::create_dir(&catalogs).expect("catalogs folder");
    std::fs::copy(
        "tests/fixtures/valid_small.toml",
        catalogs.join("small.toml"),
    )
    .expect("catalog copied");
    std::fs::write(catalogs.join("broken.toml"), "id = \"broken\"\nscope = 1\n")
        .expect("catalog written");
    insta::assert_snapshot!(json_shape_in(config.path(), &["catalogs"], 2));
}

/// Every field name of every pinned shape, in the README's "JSON output" list.
#[test]
fn the_readme_names_every_field() {
    fn keys(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(fields) => {
                for (key, value) in fields {
                    if key != "one of" {
                        out.push(format!("`{key}`"));
                    }
                    // A variant's kind is named too.
                    if let (true, Value::String(kinds)) = (key == "kind", value) {
                        out.extend(kinds.split('|').map(|kind| format!("`{kind}`")));
                    }
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
            if !section.contains(&key) {
                missing.push(format!("{key} ({name})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not in the README's JSON output list: {missing:?}"
    );
}
