//! The compiled-catalog cache as a user meets it: the real binary with its cache folder
//! set by `SCOPEX_CACHE_DIR`. Whatever the cache holds, the output is what parsing the
//! file gives; a damaged or unwritable cache is never an error.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scopex(cache: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scopex"))
        .args(args)
        .env("SCOPEX_CONFIG_DIR", "/nonexistent-scopex-config")
        .env("SCOPEX_CACHE_DIR", cache)
        .output()
        .expect("the scopex binary runs")
}

/// The cache files in the cache folder `cache` (not the folders beside them).
fn entries(cache: &Path) -> Vec<PathBuf> {
    let Ok(dirs) = std::fs::read_dir(cache) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = dirs
        .filter_map(Result::ok)
        .filter_map(|dir| std::fs::read_dir(dir.path()).ok())
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .collect();
    found.sort();
    found
}

/// A synthetic catalog large enough to be cached, in `dir`.
fn catalog_file(dir: &Path) -> PathBuf {
    let path = dir.join("synth.toml");
    std::fs::write(&path, scopex_synth::generate(1_000, 3)).expect("written");
    path
}

#[test]
fn a_cached_catalog_searches_as_a_parsed_one_and_damage_is_repaired() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = catalog_file(dir.path());
    let file = file.to_str().expect("a UTF-8 path");
    let cache = dir.path().join("cache");
    let no_cache = scopex(Path::new(""), &["search", file, "read"]);
    assert_eq!(no_cache.status.code(), Some(0));
    assert!(entries(&cache).is_empty());

    let first = scopex(&cache, &["search", file, "read"]);
    assert_eq!(first.stdout, no_cache.stdout);
    let written = entries(&cache);
    assert_eq!(written.len(), 1, "one cache file: {written:?}");
    let good = std::fs::read(&written[0]).expect("readable");
    let second = scopex(&cache, &["search", file, "read"]);
    assert_eq!(second.stdout, no_cache.stdout);

    for damaged in [
        Vec::new(),
        good[..good.len() / 3].to_vec(),
        vec![7; good.len()],
    ] {
        std::fs::write(&written[0], &damaged).expect("written");
        let output = scopex(&cache, &["search", file, "read"]);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(output.stdout, no_cache.stdout);
        assert!(output.stderr.is_empty(), "{output:?}");
        assert_eq!(std::fs::read(&written[0]).expect("rebuilt"), good);
    }
}

#[test]
fn a_cache_folder_that_cannot_be_made_is_no_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = catalog_file(dir.path());
    let file = file.to_str().expect("a UTF-8 path");
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").expect("written");
    let expected = scopex(Path::new(""), &["search", file, "read"]);
    let output = scopex(&blocker.join("cache"), &["search", file, "read"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, expected.stdout);
    assert!(output.stderr.is_empty(), "{output:?}");
}

#[test]
fn a_file_broken_after_it_was_cached_is_reported_where_it_breaks() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = catalog_file(dir.path());
    let file = path.to_str().expect("a UTF-8 path");
    let cache = dir.path().join("cache");
    assert_eq!(
        scopex(&cache, &["search", file, "read"]).status.code(),
        Some(0)
    );
    assert_eq!(entries(&cache).len(), 1);
    let text = std::fs::read_to_string(&path).expect("readable");
    let at = text.find("[[scope]]\nname = \"").expect("a scope") + "[[scope]]\nname = \"".len();
    let line = text[..at].lines().count();
    std::fs::write(&path, format!("{}bad {}", &text[..at], &text[at..])).expect("written");
    let output = scopex(&cache, &["search", file, "read"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("{file}:{line}:8: `bad ")),
        "{stderr}"
    );
    assert_eq!(entries(&cache).len(), 1, "a broken file is not cached");
}

#[test]
fn catalogs_by_id_search_the_same_from_the_cache_and_an_edit_is_seen() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = dir.path().join("config");
    std::fs::create_dir_all(config.join("catalogs")).expect("made");
    // A user catalog with deprecated scopes, large enough to be cached.
    let mut text = scopex_synth::generate(1_000, 4).replacen(
        "\n[[scope]]\n",
        "\n[[scope]]\ndeprecated = \"use another\"\n",
        40,
    );
    text = text.replacen("id = \"", "id = \"mine", 1);
    let id = text
        .lines()
        .find_map(|line| line.strip_prefix("id = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("an id")
        .to_string();
    let path = config.join("catalogs").join("mine.toml");
    std::fs::write(&path, &text).expect("written");
    let run = |cache: &Path, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_scopex"))
            .args(args)
            .env("SCOPEX_CONFIG_DIR", &config)
            .env("SCOPEX_CACHE_DIR", cache)
            .output()
            .expect("the scopex binary runs")
    };
    let cache = dir.path().join("cache");
    for args in [
        ["search", id.as_str(), "read"],
        ["search", id.as_str(), "zzqxj"],
        ["search", "google", "drive"],
        ["search", "msgraph", "mail read"],
    ] {
        let expected = run(Path::new(""), &args);
        for round in 0..2 {
            let output = run(&cache, &args);
            assert_eq!(output.stdout, expected.stdout, "{args:?} {round}");
            assert_eq!(output.status, expected.status, "{args:?} {round}");
        }
    }
    let json = ["search", id.as_str(), "read", "--json"];
    assert_eq!(run(&cache, &json).stdout, run(Path::new(""), &json).stdout);
    // Edited after it was cached: the new text is searched.
    std::fs::write(
        &path,
        text.replacen("description = \"", "description = \"Zzqxj ", 1),
    )
    .expect("written");
    let output = run(&cache, &["search", id.as_str(), "zzqxj"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
}

#[test]
fn a_large_cached_catalog_damaged_where_only_its_hash_tells_is_repaired() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.toml");
    std::fs::write(&path, scopex_synth::generate(6_000, 4)).expect("written");
    let file = path.to_str().expect("a UTF-8 path");
    let cache = dir.path().join("cache");
    let no_cache = scopex(Path::new(""), &["search", file, "read"]);
    assert_eq!(no_cache.status.code(), Some(0));
    assert_eq!(
        scopex(&cache, &["search", file, "read"]).stdout,
        no_cache.stdout
    );
    let written = entries(&cache);
    let good = std::fs::read(&written[0]).expect("readable");
    // Large enough for its hash to be checked on a thread of its own, beside the search.
    assert!(good.len() > 1 << 20, "{} bytes", good.len());
    // The text's length ends the file; each `r` in it made an `x`: every piece is still
    // in range and UTF-8, but the scopes that matched by their `r` no longer would.
    let text_len = u64::from_le_bytes(good[good.len() - 8..].try_into().expect("8 bytes"));
    let text_len = usize::try_from(text_len).expect("small");
    let mut damaged = good.clone();
    for byte in &mut damaged[..text_len] {
        if *byte == b'r' {
            *byte = b'x';
        }
    }
    std::fs::write(&written[0], &damaged).expect("written");
    let output = scopex(&cache, &["search", file, "read"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, no_cache.stdout);
    assert!(output.stderr.is_empty(), "{output:?}");
    assert_eq!(std::fs::read(&written[0]).expect("rebuilt"), good);
}
