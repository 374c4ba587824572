//! Replays the fuzz corpus and every saved crash through the fuzz targets' code, on
//! stable Rust: `fuzz/seeds/TARGET/` (a small sample of inputs grown by fuzzing),
//! `fuzz/regressions/TARGET/` (inputs that once crashed or disagreed, kept after the fix)
//! and, where a local fuzzing run left one, `fuzz/corpus/TARGET/`.
//! `SCOPEX_FUZZ_CORPUS=DIR` replays another folder laid out the same way.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = std::env::var_os("SCOPEX_FUZZ_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz"));
    let mut files = Vec::new();
    for folder in ["seeds", "regressions", "corpus"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    files.sort();
    assert!(!files.is_empty(), "no saved inputs for {target}");
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    for file in inputs(target) {
        let data = std::fs::read(&file).expect("a saved input reads");
        let outcome = std::panic::catch_unwind(|| run(&data));
        assert!(outcome.is_ok(), "{} fails its target", file.display());
    }
}

#[test]
fn catalog() {
    replay("catalog", scopex::fuzzing::catalog);
}

#[test]
fn catalog_diff() {
    replay("catalog_diff", scopex::fuzzing::catalog_diff);
}

#[test]
fn profile() {
    replay("profile", scopex::fuzzing::profile);
}

#[test]
fn scope_input() {
    replay("scope_input", scopex::fuzzing::scope_input);
}
