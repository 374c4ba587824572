//! Every way a catalog file is rejected, with the place the error points at.
//!
//! DESIGN §2: "A catalog with an unknown scope in an implication, a duplicate name, an
//! invalid token, a composite with no members, or an unknown key is rejected with file,
//! line and column." Each test feeds one small malformed catalog to the real loader and
//! checks the exact line and column (1-based; columns in characters) and that the
//! message names the problem.

use scopex::catalog::{Catalog, CatalogError, LoadError, Located, Origin, parse_catalog};
use std::path::Path;

const FILE: &str = "bad.toml";

/// The catalog header every example starts with (lines 1 and 2, then a blank line 3).
const HEAD: &str = "id = \"t\"\nname = \"T\"\n\n";

fn rejection(text: &str) -> Located {
    // Operations at the end of a file are read when first asked for: their problems show
    // then, placed alike.
    let loaded = parse_catalog(text, FILE, Origin::Builtin).and_then(|catalog| {
        catalog.operations()?;
        Ok(catalog)
    });
    match loaded {
        Ok(catalog) => panic!(
            "expected a rejection, but the catalog loaded with {} scopes:\n{text}",
            catalog.len()
        ),
        Err(CatalogError(located)) => located,
    }
}

/// Asserts the error's place, that its message contains each of `fragments`, and that it
/// displays as `file:line:col: message` followed by the offending line and a caret.
#[track_caller]
fn assert_rejected(text: &str, line: usize, column: usize, fragments: &[&str]) -> Located {
    let error = rejection(text);
    assert_eq!(
        (error.line, error.column),
        (line, column),
        "place of `{}`\n{text}",
        error.message
    );
    assert_eq!(error.file, FILE);
    for fragment in fragments {
        assert!(
            error.message.contains(fragment),
            "message `{}` should contain `{fragment}`",
            error.message
        );
    }
    let shown = CatalogError(error.clone()).to_string();
    let first = shown.lines().next().unwrap_or_default();
    assert_eq!(first, format!("{FILE}:{line}:{column}: {}", error.message));
    let source_line = text
        .lines()
        .nth(line - 1)
        .unwrap_or_default()
        .trim_end_matches('\r');
    assert_eq!(error.source_line, source_line);
    error
}

fn scope(name: &str) -> String {
    format!("[[scope]]\nname = \"{name}\"\ndescription = \"x\"\n\n")
}

#[test]
fn toml_syntax_error() {
    let text = format!("{HEAD}[[scope]]\nname = \"a\ndescription = \"x\"\n");
    // The unterminated string: the error points where the closing quote is missing.
    assert_rejected(&text, 5, 10, &["string"]);
}

#[test]
fn toml_duplicate_key() {
    let text = format!("{HEAD}[[scope]]\nname = \"a\"\nname = \"b\"\n");
    assert_rejected(&text, 6, 1, &["duplicate key"]);
}

#[test]
fn unknown_top_level_key() {
    let text = format!("{HEAD}colour = \"red\"\n{}", scope("a"));
    let error = assert_rejected(&text, 4, 1, &["unknown field `colour`"]);
    assert_eq!(error.width, "colour".len(), "the underline covers the key");
}

#[test]
fn unknown_key_in_a_scope() {
    let text = format!("{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\nimplies = [\"b\"]\n");
    assert_rejected(
        &text,
        7,
        1,
        &[
            "unknown field `implies`",
            "`name`",
            "`description`",
            "`parent`",
        ],
    );
}

#[test]
fn unknown_key_in_tree() {
    let text = format!("{HEAD}[tree]\nseparator = \".\"\nsplit = 1\n");
    assert_rejected(&text, 6, 1, &["unknown field `split`"]);
}

#[test]
fn unknown_key_in_an_implication() {
    let text = format!(
        "{HEAD}{}{}[[implies]]\nfrom = \"a\"\nto = [\"b\"]\nevidense = \"documented\"\n",
        scope("a"),
        scope("b")
    );
    assert_rejected(&text, 15, 1, &["unknown field `evidense`"]);
}

#[test]
fn missing_scope_name() {
    let text = format!("{HEAD}[[scope]]\ndescription = \"x\"\n");
    assert_rejected(&text, 4, 1, &["missing field `name`"]);
}

#[test]
fn wrong_type() {
    let text = format!("{HEAD}[[scope]]\nname = 5\ndescription = \"x\"\n");
    assert_rejected(&text, 5, 8, &["integer", "string"]);
}

#[test]
fn duplicate_scope_points_at_the_second_and_names_the_first() {
    let text = format!("{HEAD}{}{}{}", scope("a"), scope("b"), scope("a"));
    // Lines: 4 [[scope]], 5 name = "a", ..., 12 [[scope]], 13 name = "a".
    let error = assert_rejected(&text, 13, 8, &["duplicate scope `a`", "line 5"]);
    assert_eq!(error.width, 3, "the underline covers \"a\"");
}

#[test]
fn scope_name_with_a_space() {
    let text = format!("{HEAD}{}", scope("read users"));
    assert_rejected(&text, 5, 8, &["read users", "not a valid scope name"]);
}

#[test]
fn scope_name_with_a_double_quote() {
    let text = format!("{HEAD}[[scope]]\nname = 'say\"hi'\ndescription = \"x\"\n");
    assert_rejected(&text, 5, 8, &["say", "hi", "not a valid scope name"]);
}

#[test]
fn scope_name_with_a_backslash() {
    let text = format!("{HEAD}[[scope]]\nname = 'back\\slash'\ndescription = \"x\"\n");
    assert_rejected(&text, 5, 8, &["back", "slash", "not a valid scope name"]);
}

#[test]
fn scope_name_with_non_ascii() {
    let text = format!("{HEAD}{}", scope("café:read"));
    assert_rejected(&text, 5, 8, &["café:read", "not a valid scope name"]);
}

#[test]
fn scope_name_with_a_control_character() {
    let text = format!("{HEAD}[[scope]]\nname = \"a\\tb\"\ndescription = \"x\"\n");
    let error = assert_rejected(&text, 5, 8, &["not a valid scope name"]);
    assert!(
        !error.message.contains('\t'),
        "the tab is escaped: {:?}",
        error.message
    );
}

#[test]
fn empty_scope_name() {
    let text = format!("{HEAD}{}", scope(""));
    assert_rejected(&text, 5, 8, &["not a valid scope name"]);
}

#[test]
fn implication_from_an_unknown_scope_suggests_the_closest() {
    let text = format!(
        "{HEAD}{}{}[[implies]]\nfrom = \"prospect.all\"\nto = [\"prospects.read\"]\nevidence = \"documented\"\n",
        scope("prospects.all"),
        scope("prospects.read")
    );
    assert_rejected(
        &text,
        13,
        8,
        &[
            "`prospect.all` is not a scope",
            "did you mean `prospects.all`?",
        ],
    );
}

#[test]
fn implication_to_an_unknown_scope() {
    let text = format!(
        "{HEAD}{}{}[[implies]]\nfrom = \"users.all\"\nto = [\"users.read\", \"users.wirte\"]\ncomposite = true\nevidence = \"documented\"\n",
        scope("users.all"),
        scope("users.read")
    );
    // Column 21: the second element of `to`.
    assert_rejected(&text, 14, 21, &["`users.wirte` is not a scope"]);
}

#[test]
fn composite_with_an_empty_to() {
    let text = format!(
        "{HEAD}{}[[implies]]\nfrom = \"a\"\nto = []\ncomposite = true\nevidence = \"documented\"\n",
        scope("a")
    );
    assert_rejected(&text, 10, 6, &["`a`", "composite has no members"]);
}

#[test]
fn implication_with_an_empty_to() {
    let text = format!(
        "{HEAD}{}[[implies]]\nfrom = \"a\"\nto = []\nevidence = \"documented\"\n",
        scope("a")
    );
    assert_rejected(&text, 10, 6, &["`a`", "lists no scopes"]);
}

#[test]
fn rule_that_matches_no_scope() {
    let text = format!(
        "{HEAD}{}[[rule]]\nfrom = \"{{resource}}.all\"\nto = [\"{{resource}}.read\"]\ncomposite = true\nevidence = \"documented\"\n",
        scope("a.read")
    );
    assert_rejected(&text, 9, 8, &["rule `{resource}.all` matches no scope"]);
}

#[test]
fn rule_composite_with_no_existing_members() {
    // a.all gets a member (a.read exists); b.all has none of its targets.
    let text = format!(
        "{HEAD}{}{}{}[[rule]]\nfrom = \"{{resource}}.all\"\nto = [\"{{resource}}.read\", \"{{resource}}.write\"]\ncomposite = true\nevidence = \"documented\"\n",
        scope("a.all"),
        scope("a.read"),
        scope("b.all")
    );
    assert_rejected(&text, 18, 6, &["`b.all`", "composite with no members"]);
}

#[test]
fn rule_from_without_placeholder() {
    let text = format!(
        "{HEAD}{}[[rule]]\nfrom = \"all\"\nto = [\"{{resource}}.read\"]\nevidence = \"documented\"\n",
        scope("a.all")
    );
    assert_rejected(&text, 9, 8, &["{resource}"]);
}

#[test]
fn rule_target_without_placeholder() {
    let text = format!(
        "{HEAD}{}[[rule]]\nfrom = \"{{resource}}.all\"\nto = [\"{{resource}}.read\", \"write\"]\nevidence = \"documented\"\n",
        scope("a.all")
    );
    assert_rejected(&text, 10, 26, &["rule target", "{resource}"]);
}

#[test]
fn rule_with_no_targets() {
    let text = format!(
        "{HEAD}{}[[rule]]\nfrom = \"{{resource}}.all\"\nto = []\nevidence = \"documented\"\n",
        scope("a.all")
    );
    assert_rejected(&text, 10, 6, &["no targets"]);
}

#[test]
fn unknown_evidence() {
    let text = format!(
        "{HEAD}{}{}[[implies]]\nfrom = \"a\"\nto = [\"b\"]\nevidence = \"proven\"\n",
        scope("a"),
        scope("b")
    );
    assert_rejected(
        &text,
        15,
        12,
        &[
            "unknown evidence `proven`",
            "documented",
            "description",
            "inferred",
        ],
    );
}

#[test]
fn missing_evidence() {
    let text = format!(
        "{HEAD}{}{}[[implies]]\nfrom = \"a\"\nto = [\"b\"]\n",
        scope("a"),
        scope("b")
    );
    assert_rejected(&text, 12, 1, &["missing field `evidence`"]);
}

#[test]
fn parent_naming_no_scope() {
    let text = format!(
        "{HEAD}[[scope]]\nname = \"write:org\"\ndescription = \"x\"\nparent = \"admin:orgs\"\n\n{}",
        scope("admin:org")
    );
    assert_rejected(
        &text,
        7,
        10,
        &["parent `admin:orgs`", "did you mean `admin:org`?"],
    );
}

#[test]
fn parent_cycle() {
    let text = format!(
        "{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\nparent = \"b\"\n\n[[scope]]\nname = \"b\"\ndescription = \"y\"\nparent = \"a\"\n"
    );
    assert_rejected(&text, 7, 10, &["`a`", "cycle"]);
}

#[test]
fn parent_of_itself() {
    let text = format!("{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\nparent = \"a\"\n");
    assert_rejected(&text, 7, 10, &["`a`", "cycle"]);
}

/// `a` hangs below the cycle b → c → b without being part of it. The error should name a
/// scope of the cycle and point at its `parent`, not blame `a`.
#[test]
fn parent_cycle_is_reported_on_a_scope_in_the_cycle() {
    let text = format!(
        "{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\nparent = \"b\"\n\n\
         [[scope]]\nname = \"b\"\ndescription = \"y\"\nparent = \"c\"\n\n\
         [[scope]]\nname = \"c\"\ndescription = \"z\"\nparent = \"b\"\n"
    );
    // b's `parent = "c"` is line 12.
    assert_rejected(&text, 12, 10, &["`b`", "cycle"]);
}

#[test]
fn composites_that_only_refer_to_each_other() {
    let text = format!(
        "{HEAD}{}{}{}[[implies]]\nfrom = \"a\"\nto = [\"b\"]\ncomposite = true\nevidence = \"inferred\"\n\n\
         [[implies]]\nfrom = \"b\"\nto = [\"a\"]\ncomposite = true\nevidence = \"inferred\"\n",
        scope("a"),
        scope("b"),
        scope("c")
    );
    assert_rejected(
        &text,
        5,
        8,
        &["composite `a` is its own member", "`a` → `b` → `a`"],
    );
}

#[test]
fn composite_whose_only_member_is_itself() {
    let text = format!(
        "{HEAD}{}[[implies]]\nfrom = \"a\"\nto = [\"a\"]\ncomposite = true\nevidence = \"inferred\"\n",
        scope("a")
    );
    // The `to` element that names it.
    assert_rejected(&text, 10, 7, &["composite `a` lists itself as a member"]);
}

#[test]
fn scope_without_description_or_template() {
    let text = format!(
        "{HEAD}[tree]\nseparator = \".\"\n\n[templates]\nread = \"Read {{resource}}\"\n\n[[scope]]\nname = \"a.write\"\n"
    );
    assert_rejected(&text, 11, 8, &["`a.write`", "no description"]);
}

#[test]
fn invalid_catalog_id() {
    assert_rejected(
        "id = \"My Catalog\"\nname = \"T\"\n",
        1,
        6,
        &["catalog id `My Catalog`"],
    );
}

#[test]
fn missing_catalog_id() {
    assert_rejected("name = \"T\"\n", 1, 1, &["missing field `id`"]);
}

#[test]
fn empty_delimiter() {
    assert_rejected(
        "id = \"t\"\nname = \"T\"\ndelimiter = \"\"\n",
        3,
        13,
        &["delimiter"],
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // Two multi-byte characters before the error: column 19 in characters (21 in bytes).
    let text = format!("{HEAD}[[scope]]\ndescription = \"é—\"; name = \"a\"\n");
    assert_rejected(&text, 5, 19, &[]);
}

#[test]
fn crlf_line_endings_give_the_same_place() {
    let text = format!("{HEAD}{}{}", scope("a"), scope("a")).replace('\n', "\r\n");
    let error = assert_rejected(&text, 9, 8, &["duplicate scope `a`", "line 5"]);
    assert!(!error.source_line.contains('\r'));
}

#[test]
fn display_shows_the_line_and_a_caret() {
    let text = format!("{HEAD}{}", scope("read users"));
    let shown = CatalogError(rejection(&text)).to_string();
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 4, "{shown}");
    assert!(lines[0].starts_with("bad.toml:5:8: `read users` is not a valid scope name"));
    assert_eq!(lines[1], "  |");
    assert_eq!(lines[2], "5 | name = \"read users\"");
    assert_eq!(lines[3], "  |        ^^^^^^^^^^^^");
}

#[test]
fn from_path_names_the_file_in_errors() {
    let path = Path::new("tests/fixtures/duplicate_scope.toml");
    let error = Catalog::from_path(path).expect_err("the fixture has a duplicate scope");
    let LoadError::Invalid(CatalogError(located)) = &error else {
        panic!("expected an invalid catalog, got {error:?}");
    };
    assert_eq!(located.file, path.display().to_string());
    assert_eq!((located.line, located.column), (17, 8));
    assert!(located.message.contains("duplicate scope `contacts:read`"));
    assert!(located.message.contains("line 9"));
    assert!(
        error.to_string().starts_with(
            "tests/fixtures/duplicate_scope.toml:17:8: duplicate scope `contacts:read`"
        )
    );
}

#[test]
fn from_path_loads_a_valid_file() {
    let path = Path::new("tests/fixtures/valid_small.toml");
    let catalog = Catalog::from_path(path).expect("the fixture is valid");
    assert_eq!(catalog.id, "small");
    assert_eq!(catalog.origin, Origin::File(path.to_path_buf()));
    assert_eq!(catalog.len(), 1);
}

#[test]
fn from_path_on_a_missing_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("no-such-catalog.toml");
    let error = Catalog::from_path(&path).expect_err("the file does not exist");
    match &error {
        LoadError::Io {
            path: reported,
            source,
        } => {
            assert_eq!(reported, &path);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected an I/O error, got {other:?}"),
    }
    let shown = error.to_string();
    assert!(shown.starts_with("cannot read catalog "), "{shown}");
    assert!(shown.contains(&path.display().to_string()), "{shown}");
}

#[test]
fn from_path_on_a_file_written_at_run_time() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("evidence.toml");
    let text = format!(
        "{HEAD}{}{}[[implies]]\nfrom = \"a\"\nto = [\"b\"]\nevidence = \"guessed\"\n",
        scope("a"),
        scope("b")
    );
    std::fs::write(&path, &text).expect("the file is written");
    let error = Catalog::from_path(&path).expect_err("unknown evidence");
    assert!(
        error.to_string().starts_with(&format!(
            "{}:15:12: unknown evidence `guessed`",
            path.display()
        )),
        "{error}"
    );
}

#[test]
fn resolve_suggests_the_closest_catalog() {
    let error = Catalog::resolve("outreech").expect_err("there is no catalog `outreech`");
    match &error {
        LoadError::UnknownCatalog {
            name,
            known,
            suggestions,
        } => {
            assert_eq!(name, "outreech");
            assert_eq!(suggestions.first().map(String::as_str), Some("outreach"));
            for id in ["outreach", "github", "sipgate", "stora"] {
                assert!(known.iter().any(|k| k == id), "{id} in {known:?}");
            }
        }
        other => panic!("expected an unknown catalog, got {other:?}"),
    }
    assert!(
        error.to_string().contains("did you mean `outreach`?"),
        "{error}"
    );
}

#[test]
fn resolve_by_path_reports_the_file_error() {
    let error = Catalog::resolve("tests/fixtures/duplicate_scope.toml").expect_err("invalid");
    assert!(matches!(error, LoadError::Invalid(_)), "{error:?}");
    let error = Catalog::resolve("tests/fixtures/missing.toml").expect_err("missing");
    assert!(matches!(error, LoadError::Io { .. }), "{error:?}");
}

/// A catalog of `count` scopes `s0`, `s1`, ... with some names replaced; scope `i`'s name
/// is on line `5 + 4 * i`, column 8.
fn many_scopes(count: usize, replaced: &[(usize, &str)]) -> String {
    let mut text = HEAD.to_string();
    for i in 0..count {
        match replaced.iter().find(|(at, _)| *at == i) {
            Some((_, name)) => text.push_str(&scope(name)),
            None => text.push_str(&scope(&format!("s{i}"))),
        }
    }
    text
}

#[test]
fn a_large_catalog_reports_its_first_problem_in_file_order() {
    let count = 40_000;
    let line = |i: usize| 5 + 4 * i;
    // A name of the first half again in the second.
    let text = many_scopes(count, &[(30_000, "s10")]);
    let error = assert_rejected(&text, line(30_000), 8, &["duplicate scope `s10`"]);
    assert!(error.message.contains(&format!("line {}", line(10))));
    // A duplicate before a bad name is reported, whichever half each is in...
    let text = many_scopes(count, &[(25_000, "s3"), (35_000, "bad name")]);
    assert_rejected(&text, line(25_000), 8, &["duplicate scope `s3`"]);
    let text = many_scopes(count, &[(5_000, "s3"), (35_000, "bad name")]);
    assert_rejected(&text, line(5_000), 8, &["duplicate scope `s3`"]);
    // ...and a bad name before a duplicate.
    let text = many_scopes(count, &[(5_000, "bad name"), (35_000, "s3")]);
    assert_rejected(
        &text,
        line(5_000),
        8,
        &["`bad name` is not a valid scope name"],
    );
    let text = many_scopes(count, &[(25_000, "bad name"), (35_000, "s3")]);
    assert_rejected(
        &text,
        line(25_000),
        8,
        &["`bad name` is not a valid scope name"],
    );
    // And all of them fine.
    let catalog = parse_catalog(&many_scopes(count, &[]), FILE, Origin::Builtin)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(catalog.len(), count);
    assert_eq!(catalog.id_of("s39999"), Some(39_999));
    assert_eq!(catalog.scope(20_000).description, "x");
}

// ---- Freshness keys, deprecated scopes, `derived` evidence and operations ----

/// `op` after two scopes `a` and `b` (lines 4-11), its header on line 12.
fn with_operations(operations: &str) -> String {
    format!("{HEAD}{}{}{operations}", scope("a"), scope("b"))
}

fn loads(text: &str) -> Catalog {
    parse_catalog(text, FILE, Origin::Builtin).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn freshness_keys_and_deprecation_load() {
    let text = format!(
        "id = \"t\"\nname = \"T\"\nretrieved = \"2024-02-29\"\nrevision = \"docs@1a2b\"\nattribution = \"CC BY 4.0\"\n\n[[scope]]\nname = \"old\"\ndescription = \"x\"\ndeprecated = \"use new\"\n\n{}[[implies]]\nfrom = \"new\"\nto = [\"old\"]\nevidence = \"derived\"\nnote = \"every method\"\n",
        scope("new")
    );
    let catalog = loads(&text);
    assert_eq!(catalog.retrieved.as_deref(), Some("2024-02-29"));
    assert_eq!(catalog.revision.as_deref(), Some("docs@1a2b"));
    assert_eq!(catalog.attribution.as_deref(), Some("CC BY 4.0"));
    let old = catalog.id_of("old").expect("old");
    assert_eq!(
        catalog.scope(old).deprecated.as_deref(),
        Some("use new"),
        "a deprecated scope still resolves"
    );
    assert_eq!(
        catalog.scope(catalog.id_of("new").expect("new")).deprecated,
        None
    );
    assert_eq!(
        catalog.edges[0].evidence,
        scopex::catalog::Evidence::Derived
    );
    assert_eq!(catalog.edges[0].evidence.as_str(), "derived");
}

#[test]
fn retrieved_must_be_a_real_date() {
    for bad in [
        "2026-13-01",
        "2026-02-30",
        "2023-02-29",
        "26-12-01",
        "2026/12/01",
        "2026-1-01",
        "",
    ] {
        let text = format!("id = \"t\"\nname = \"T\"\nretrieved = \"{bad}\"\n");
        assert_rejected(&text, 3, 13, &["retrieved", "YYYY-MM-DD"]);
    }
}

#[test]
fn empty_deprecation_reason() {
    let text = format!("{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\ndeprecated = \" \"\n");
    assert_rejected(&text, 7, 14, &["`a`", "deprecated"]);
}

#[test]
fn a_scope_says_where_alone_it_can_be_used_or_nothing() {
    let text = format!(
        "{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\nonly_in = \"Mail add-ons\"\n\n\
         [[scope]]\nname = \"b\"\ndescription = \"y\"\n"
    );
    let catalog = parse_catalog(&text, FILE, Origin::Builtin).expect("loads");
    assert_eq!(catalog.scope(0).only_in.as_deref(), Some("Mail add-ons"));
    assert_eq!(catalog.scope(1).only_in, None);
    let text = format!("{HEAD}[[scope]]\nname = \"a\"\ndescription = \"x\"\nonly_in = \"\"\n");
    assert_rejected(&text, 7, 11, &["`a`", "where alone"]);
}

#[test]
fn unknown_evidence_lists_derived() {
    let text = with_operations("[[implies]]\nfrom = \"a\"\nto = [\"b\"]\nevidence = \"rumour\"\n");
    assert_rejected(&text, 15, 12, &["`rumour`", "`derived`"]);
}

#[test]
fn operations_load_with_their_alternatives() {
    let text = with_operations(
        "[[operation]]\nid = \"notes.list\"\nmethod = \"GET\"\npath = \"/v1/notes/{noteId}\"\ndescription = \"Lists notes.\"\nrequires = [[\"a\"], [\"b\", \"a\", \"b\"]]\n\n[[operation]]\nid = \"notes.purge\"\nrequires = [\n  [\"b\"],\n]\n",
    );
    let catalog = loads(&text);
    let (a, b) = (
        catalog.id_of("a").expect("a"),
        catalog.id_of("b").expect("b"),
    );
    assert_eq!(catalog.operations().expect("operations load").len(), 2);
    let list = catalog.operation(catalog.operation_id_of("notes.list").expect("list"));
    assert_eq!(list.id, "notes.list");
    assert_eq!(list.method, Some("GET"));
    assert_eq!(list.path.as_deref(), Some("/v1/notes/{noteId}"));
    assert_eq!(list.description.as_deref(), Some("Lists notes."));
    let alternatives: Vec<&[usize]> = list.alternatives().collect();
    assert_eq!(
        alternatives,
        [&[a][..], &[b, a][..]],
        "a repeated scope counts once"
    );
    let purge = catalog.operation(catalog.operation_id_of("notes.purge").expect("purge"));
    assert_eq!(
        (purge.method, purge.path.clone(), purge.description.clone()),
        (None, None, None)
    );
    assert_eq!(purge.alternatives().collect::<Vec<_>>(), [&[b][..]]);
    assert_eq!(catalog.operation_id_of("notes.lst"), None);
    assert_eq!(catalog.suggest_operation("notes.lst"), ["notes.list"]);
}

#[test]
fn operation_requiring_an_unknown_scope_suggests_the_closest() {
    let text = with_operations("[[operation]]\nid = \"x\"\nrequires = [[\"a\"], [\"b\", \"c\"]]\n");
    assert_rejected(
        &text,
        14,
        26,
        &[
            "required scope `c` is not a scope",
            "did you mean one of `a`, `b`?",
        ],
    );
}

#[test]
fn duplicate_operation_points_at_the_second_and_names_the_first() {
    let op = "[[operation]]\nid = \"x\"\nrequires = [[\"a\"]]\n\n";
    let text = with_operations(&format!("{op}{op}"));
    let error = assert_rejected(
        &text,
        17,
        6,
        &["duplicate operation `x`", "line 13, column 6"],
    );
    assert_eq!(error.width, 3);
}

#[test]
fn operation_requiring_nothing() {
    let text = with_operations("[[operation]]\nid = \"x\"\nrequires = []\n");
    assert_rejected(&text, 14, 12, &["`x` requires nothing"]);
}

#[test]
fn operation_requiring_nothing_says_how_to_write_one_needing_no_scope() {
    let text = with_operations("[[operation]]\nid = \"x\"\nrequires = []\n");
    assert_rejected(&text, 14, 12, &["[[]] for a call any token may make"]);
}

#[test]
fn an_empty_alternative_is_a_call_needing_no_scope() {
    for requires in ["[[]]", "[[\"a\"], []]", "[[], [\"a\"]]"] {
        let text = with_operations(&format!(
            "[[operation]]\nid = \"x\"\nrequires = {requires}\n"
        ));
        let catalog = loads(&text);
        let operations = catalog.operations().expect("operations load");
        assert!(
            operations[0].alternatives().any(<[_]>::is_empty),
            "{requires}: the empty alternative is kept"
        );
    }
}

#[test]
fn operation_without_requires_or_id() {
    let text = with_operations("[[operation]]\nid = \"x\"\n");
    assert!(
        rejection(&text)
            .message
            .contains("missing field `requires`")
    );
    let text = with_operations("[[operation]]\nrequires = [[\"a\"]]\n");
    assert!(rejection(&text).message.contains("missing field `id`"));
}

#[test]
fn operation_id_must_be_text() {
    let text = with_operations("[[operation]]\nid = \"\"\nrequires = [[\"a\"]]\n");
    assert_rejected(&text, 13, 6, &["not a valid operation id"]);
}

#[test]
fn operation_method_without_path_and_path_without_method() {
    let text =
        with_operations("[[operation]]\nid = \"x\"\nmethod = \"GET\"\nrequires = [[\"a\"]]\n");
    assert_rejected(&text, 14, 10, &["`x` has a method but no path"]);
    let text =
        with_operations("[[operation]]\nid = \"x\"\npath = \"/v1/x\"\nrequires = [[\"a\"]]\n");
    assert_rejected(&text, 14, 8, &["`x` has a path but no method"]);
}

#[test]
fn operation_method_is_an_uppercase_http_verb() {
    let op = |method: &str| {
        with_operations(&format!(
            "[[operation]]\nid = \"x\"\nmethod = \"{method}\"\npath = \"/x\"\nrequires = [[\"a\"]]\n"
        ))
    };
    assert_rejected(&op("get"), 14, 10, &["`get`", "write it `GET`"]);
    assert_rejected(&op("FETCH"), 14, 10, &["`FETCH`", "GET, PUT, POST"]);
    assert_eq!(
        loads(&op("PATCH")).operations().expect("operations load")[0].method,
        Some("PATCH")
    );
}

#[test]
fn operation_path_starts_with_a_slash() {
    let op = |path: &str| {
        with_operations(&format!(
            "[[operation]]\nid = \"x\"\nmethod = \"GET\"\npath = \"{path}\"\nrequires = [[\"a\"]]\n"
        ))
    };
    assert_rejected(&op("v1/x"), 15, 8, &["path `v1/x`", "start with `/`"]);
    assert_rejected(&op("/v1/a b"), 15, 8, &["path `/v1/a b`"]);
}

#[test]
fn operation_requires_is_a_list_of_lists() {
    let text = with_operations("[[operation]]\nid = \"x\"\nrequires = [\"a\"]\n");
    let error = rejection(&text);
    assert_eq!(error.line, 14, "{}", error.message);
}

// ---- Blocks that contradict each other, and composites that contain themselves ----

fn block(from: &str, to: &str, composite: bool, evidence: &str) -> String {
    format!(
        "[[implies]]\nfrom = \"{from}\"\nto = [{to}]\ncomposite = {composite}\nevidence = \"{evidence}\"\n\n"
    )
}

/// Three scopes `a`, `b`, `c` (lines 4-15), then the blocks from line 16 on.
fn with_blocks(blocks: &[String]) -> String {
    format!(
        "{HEAD}{}{}{}{}",
        scope("a"),
        scope("b"),
        scope("c"),
        blocks.concat()
    )
}

#[test]
fn a_scope_declared_composite_and_atomic_names_both_places() {
    // Line 16: the first block; line 22: the second.
    let text = with_blocks(&[
        block("a", "\"b\"", true, "documented"),
        block("a", "\"c\"", false, "documented"),
    ]);
    assert_rejected(
        &text,
        23,
        8,
        &[
            "`a` is declared atomic",
            "but composite",
            "line 17, column 8",
        ],
    );
    // The other way round, and by a rule.
    let text = with_blocks(&[
        block("a", "\"c\"", false, "documented"),
        block("a", "\"b\"", true, "documented"),
    ]);
    assert_rejected(
        &text,
        23,
        8,
        &[
            "`a` is declared composite",
            "but atomic",
            "line 17, column 8",
        ],
    );
}

#[test]
fn a_rule_and_a_block_that_disagree_on_composite() {
    let text = format!(
        "{HEAD}{}{}{}[[rule]]\nfrom = \"{{resource}}.all\"\nto = [\"{{resource}}.read\"]\ncomposite = true\nevidence = \"documented\"\n\n{}",
        scope("x.all"),
        scope("x.read"),
        scope("y"),
        block("x.all", "\"y\"", false, "documented"),
    );
    assert_rejected(
        &text,
        23,
        8,
        &[
            "`x.all` is declared atomic",
            "but composite",
            "line 17, column 8",
        ],
    );
}

#[test]
fn one_edge_with_two_evidences_names_both_places() {
    let text = with_blocks(&[
        block("a", "\"b\", \"c\"", false, "documented"),
        block("a", "\"c\"", false, "inferred"),
    ]);
    assert_rejected(
        &text,
        24,
        7,
        &[
            "`a` ⇒ `c` is given twice with different evidence",
            "`inferred` here",
            "`documented` at line 18, column 12",
        ],
    );
    // The same edge twice with the same evidence is only redundant.
    let text = with_blocks(&[
        block("a", "\"b\", \"c\"", false, "documented"),
        block("a", "\"c\"", false, "documented"),
    ]);
    let catalog = loads(&text);
    assert_eq!(catalog.edges.len(), 2);
}

#[test]
fn a_composite_listing_itself_among_others() {
    let text = with_blocks(&[block("a", "\"b\", \"a\"", true, "documented")]);
    assert_rejected(&text, 18, 12, &["composite `a` lists itself as a member"]);
}

#[test]
fn a_composite_that_is_its_own_member_through_a_longer_cycle() {
    // a ⊇ b ⊇ c ⊇ a, each also with an atomic member so each grants something.
    let text = format!(
        "{}{}",
        with_blocks(&[
            block("b", "\"c\", \"d\"", true, "documented"),
            block("c", "\"a\"", true, "documented"),
            block("a", "\"b\"", true, "documented"),
        ]),
        scope("d")
    );
    assert_rejected(
        &text,
        5,
        8,
        &["composite `a` is its own member", "`a` → `b` → `c` → `a`"],
    );
}

#[test]
fn atomic_scopes_may_imply_each_other_in_a_cycle() {
    let text = with_blocks(&[
        block("a", "\"b\"", false, "documented"),
        block("b", "\"a\"", false, "documented"),
        block("c", "\"a\", \"b\"", true, "documented"),
    ]);
    assert_eq!(loads(&text).edges.len(), 4);
}

// ---- Errors placed where the problem is, and shown without flooding the terminal ----

#[test]
fn a_raw_newline_in_a_string_is_reported_on_its_line() {
    let text = "id = \"t\"\nname = \"a\nb\"\n";
    let error = assert_rejected(text, 2, 10, &["string"]);
    assert_eq!(error.source_line, "name = \"a");
}

#[test]
fn a_key_of_five_thousand_parts_is_located() {
    let key = vec!["a"; 5000].join(".");
    let text = format!("{HEAD}{key} = 1\n");
    let error = rejection(&text);
    assert_eq!((error.line, error.column), (4, 1), "{}", error.message);
    assert!(
        error.message.contains("nested more than"),
        "{}",
        error.message
    );
    assert!(error.source_line.chars().count() < 120, "the line is cut");
}

#[test]
fn a_long_line_is_cut_around_the_column() {
    // One error far into a line of a few megabytes: the message shows a window of it.
    let filler = "x".repeat(3_000_000);
    let text = format!("{HEAD}[[scope]]\nname = \"a\"\ndescription = \"{filler}\" oops\n");
    let error = rejection(&text);
    assert_eq!(error.line, 6);
    assert_eq!(error.column, "description = \"".len() + filler.len() + 3);
    let shown = CatalogError(error.clone()).to_string();
    assert!(shown.len() < 400, "{} bytes shown", shown.len());
    insta::assert_snapshot!("long_line_cut", shown);
}

#[test]
fn the_caret_counts_screen_cells_after_wide_characters() {
    let text = format!("{HEAD}[[scope]]\ndescription = \"日本語の説明\"; name = \"a\"\n");
    let error = rejection(&text);
    assert_eq!(
        (error.line, error.column),
        (5, 23),
        "columns stay in characters"
    );
    assert_eq!(error.caret, 28, "six wide characters take twelve cells");
    insta::assert_snapshot!("caret_after_wide_text", CatalogError(error).to_string());
}

#[test]
fn a_profile_given_as_a_catalog_says_so() {
    let text = "name = \"Opensense\"\ncatalog = \"outreach\"\n\n[[scope]]\nname = \"users.all\"\n";
    let error = assert_rejected(
        text,
        2,
        1,
        &["this is an integration profile, not a catalog"],
    );
    assert!(!error.message.contains("unknown field"));
}

#[test]
fn a_file_that_is_no_catalog_is_not_shown() {
    for text in ["myhost\n", "API_TOKEN=secret\n", "API_TOKEN = \"secret\"\n"] {
        let error = rejection(text);
        assert!(
            error.message.contains("not a catalog file"),
            "{}",
            error.message
        );
        let shown = CatalogError(error).to_string();
        assert!(
            !shown.contains("secret") && !shown.contains("myhost"),
            "{shown}"
        );
    }
}

#[test]
fn a_multi_line_description_with_a_catalog_line_is_still_a_catalog() {
    let text = format!(
        "{HEAD}[[scope]]\nname = \"a\"\ndescription = \"\"\"\nSee the docs.\ncatalog = \"other\"\n\"\"\"\n"
    );
    assert!(!scopex::profile::looks_like_profile(&text));
    assert_eq!(loads(&text).len(), 1);
}

/// The head of a catalog with a token page, `url` written as given (quotes included).
fn with_token_page(url: &str) -> String {
    format!("{HEAD}token_page_url = {url}\n\n{}", scope("a"))
}

#[test]
fn token_page_url_problems_point_into_the_template() {
    // Column 19 is the first character inside the quotes.
    assert_rejected(
        &with_token_page("\"https://x.io/?s={scope}\""),
        4,
        19 + 16,
        &["unknown placeholder `{scope}`", "did you mean `{scopes}`?"],
    );
    assert_rejected(
        &with_token_page("'https://x.io/?{name}{what}'"),
        4,
        19 + 20,
        &["unknown placeholder `{what}`", "`{scopes}` and `{name}`"],
    );
    assert_rejected(
        &with_token_page("\"http://x.io/?s={scopes}\""),
        4,
        19,
        &["must be an https:// URL"],
    );
    assert_rejected(
        &with_token_page("\"https://x.io/?n={name}\""),
        4,
        19,
        &["no `{scopes}`"],
    );
    assert_rejected(
        &with_token_page("\"https://x.io/?s={scopes\""),
        4,
        19 + 16,
        &["`{` without its `}`"],
    );
    assert_rejected(
        &with_token_page("\"https://x.io/ {scopes}\""),
        4,
        19 + 13,
        &["spaces"],
    );
    // Written with an escape, the string's text is not the file's: the whole value.
    assert_rejected(
        &with_token_page("\"https://x.io/?s={scope}\\u0026\""),
        4,
        18,
        &["unknown placeholder `{scope}`"],
    );
}

#[test]
fn token_page_delimiter_problems() {
    let text = format!("{HEAD}token_page_delimiter = \",\"\n\n{}", scope("a"));
    assert_rejected(&text, 4, 24, &["without a token_page_url"]);
    let text = format!(
        "{HEAD}token_page_url = \"https://x.example/?s={{scopes}}\"\ntoken_page_delimiter = \"\"\n\n{}",
        scope("a")
    );
    assert_rejected(&text, 5, 24, &["token_page_delimiter must not be empty"]);
    let text = format!(
        "{HEAD}token_page_url = \"https://x.example/?s={{scopes}}\"\ntoken_page_delimiter = \",\"\n\n{}",
        scope("a,b")
    );
    assert_rejected(&text, 8, 8, &["contains the token page's delimiter `,`"]);
}

#[test]
fn a_token_page_loads_with_the_catalog_delimiter_unless_given() {
    let text = format!(
        "{HEAD}delimiter = \",\"\ntoken_page_url = \"https://x.example/?s={{scopes}}\"\n\n{}",
        scope("a")
    );
    let page = loads(&text).token_page.expect("a token page");
    assert_eq!(page.delimiter, ",");
    assert_eq!(page.url, "https://x.example/?s={scopes}");
    assert_eq!(scopex::catalog::readers_disagree(&text), None);
    let text = format!(
        "{HEAD}token_page_url = \"https://x.example/?s={{scopes}}\"\ntoken_page_delimiter = \"+\"\n\n{}",
        scope("a")
    );
    assert_eq!(loads(&text).token_page.expect("a page").delimiter, "+");
    assert_eq!(scopex::catalog::readers_disagree(&text), None);
}

#[test]
fn a_path_prefix_is_whole_segments() {
    let text = "id = \"t\"\nname = \"T\"\npath_prefixes = [\"/v1.0\", \"v2/\"]\n";
    assert_rejected(text, 3, 27, &["path prefix `v2/`", "whole segments"]);
    let text =
        "id = \"t\"\nname = \"T\"\npaths_case_insensitive = true\npath_prefixes = [\"/v1.0\"]\n";
    let catalog = parse_catalog(text, FILE, Origin::Builtin).expect("loads");
    assert!(catalog.paths.case_insensitive);
    assert_eq!(catalog.paths.prefixes, ["/v1.0"]);
    // A parameter only as a whole segment.
    let text = "id = \"t\"\nname = \"T\"\npath_prefixes = [\"/ex/jira/{cloudid}\"]\n";
    let catalog = parse_catalog(text, FILE, Origin::Builtin).expect("loads");
    assert_eq!(catalog.paths.prefixes, ["/ex/jira/{cloudid}"]);
    for bad in ["/ex/v{n}", "/ex/{}", "/ex//x", "/{a}{b}"] {
        let text = format!("id = \"t\"\nname = \"T\"\npath_prefixes = [\"{bad}\"]\n");
        assert_rejected(
            &text,
            3,
            18,
            &[
                &format!("path prefix `{bad}`"),
                "a parameter only as a whole segment",
            ],
        );
    }
}

#[test]
fn interchangeable_methods_are_http_methods_given_once() {
    let head = "id = \"t\"\nname = \"T\"\n";
    let text = format!("{head}methods_interchangeable = [\"GET\", \"POST\"]\n");
    assert_eq!(loads(&text).paths.methods_interchangeable, ["GET", "POST"]);
    assert_eq!(scopex::catalog::readers_disagree(&text), None);
    let text = format!("{head}methods_interchangeable = [\"GET\", \"post\"]\n");
    assert_rejected(
        &text,
        3,
        35,
        &["`post` in methods_interchangeable", "GET, PUT"],
    );
    let text = format!("{head}methods_interchangeable = [\"GET\", \"GET\"]\n");
    assert_rejected(&text, 3, 35, &["`GET` is given twice"]);
}

#[test]
fn upload_paths_are_paths_of_an_operation_with_a_path() {
    let op = |keys: &str| {
        with_operations(&format!(
            "[[operation]]\nid = \"x\"\n{keys}\nrequires = [[\"a\"]]\n"
        ))
    };
    let text = op("method = \"POST\"\npath = \"/x\"\nupload_paths = [\"/upload/x\"]");
    let catalog = loads(&text);
    let operations = catalog.operations().expect("operations load");
    assert_eq!(&*operations[0].upload_paths[0], "/upload/x");
    assert_eq!(scopex::catalog::readers_disagree(&text), None);
    assert_rejected(
        &op("upload_paths = [\"/upload/x\"]"),
        14,
        16,
        &["`x` has upload_paths but no method and path"],
    );
    assert_rejected(
        &op("method = \"POST\"\npath = \"/x\"\nupload_paths = [\"upload/x\"]"),
        16,
        17,
        &["upload path `upload/x` of operation `x` must start with `/`"],
    );
}
