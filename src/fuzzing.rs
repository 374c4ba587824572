//! What the fuzz targets in `fuzz/` run, kept in the library so that a stable `cargo
//! test` (tests/fuzz_corpus.rs) replays the saved corpus and every past crash through
//! exactly the same code. Each function panics on a broken property.

use crate::catalog::{BUILTIN, Origin, builtin, parse_catalog, readers_disagree};
use crate::cli::input;
use crate::grants::GrantModel;
use crate::sanitize::{sanitize, sanitize_lines};
use std::path::Path;

/// Catalog loading: any bytes give a catalog or a located error, never a panic; a
/// catalog that loads answers the grant model's questions.
pub fn catalog(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(catalog) = parse_catalog(text, "fuzz.toml", Origin::Builtin) else {
        return;
    };
    let _ = catalog.tree();
    // The grant model's own cost is measured elsewhere; keep each run short.
    if catalog.len() <= 64 {
        let model = GrantModel::new(&catalog);
        let all: Vec<usize> = (0..catalog.len()).collect();
        for scope in all.iter().take(8) {
            let _ = model.explain(&[*scope]);
        }
        let expanded = model.expanded(&all);
        assert!(expanded.len() <= catalog.len());
    }
}

/// The fast reader and the TOML deserializer accept and reject the same bytes and build
/// the same catalog.
pub fn catalog_diff(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(disagreement) = readers_disagree(text) {
        panic!("the catalog readers disagree: {disagreement}");
    }
}

/// Profiles: any bytes load or give an error; a profile that loads saves and loads back
/// to the same profile.
pub fn profile(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A profile may name its catalog by path: keep the fuzzer away from devices.
    if ["dev/", "proc/", "sys/"].iter().any(|d| text.contains(d)) {
        return;
    }
    let path = Path::new("fuzz/profile.toml");
    let _ = crate::profile::looks_like_profile(text);
    let Ok(loaded) = crate::profile::parse(text, path) else {
        return;
    };
    let saved = loaded.profile.to_toml();
    let again = crate::profile::parse(&saved, path)
        .unwrap_or_else(|e| panic!("a saved profile does not load back: {e}\n{saved}"));
    assert_eq!(again.profile, loaded.profile, "saved: {saved}");
}

/// Scope input (names, delimited strings, URLs): resolved names, joined with the
/// catalog's delimiter, resolve to the same scopes; sanitised text holds no controls.
pub fn scope_input(data: &[u8]) {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (id, _, _) = BUILTIN[usize::from(choice) % BUILTIN.len()];
    let Some(catalog) = builtin(id) else {
        return;
    };
    let inputs: Vec<String> = text.lines().map(str::to_string).collect();
    let _ = input::scope_parameters(text);
    if let Ok(ids) = input::resolve(&catalog, &inputs) {
        let names: Vec<&str> = ids.iter().map(|&id| catalog.name(id)).collect();
        let joined = crate::export::delimited(&catalog, &names);
        let again = input::resolve(&catalog, std::slice::from_ref(&joined))
            .unwrap_or_else(|e| panic!("`{joined}` does not read back: {e}"));
        assert_eq!(again, ids, "`{joined}` reads back differently");
    }
    let clean = sanitize(text);
    assert!(!clean.chars().any(char::is_control), "{clean:?}");
    assert_eq!(clean.chars().count(), text.chars().count());
    let lines = sanitize_lines(text);
    assert!(
        !lines
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{lines:?}"
    );
}
