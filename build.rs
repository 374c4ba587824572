//! Takes the content hash of each built-in catalog (`catalogs/*.toml`, compiled into the
//! binary) at build time, so that finding a built-in's compiled form in the cache does
//! not hash its text (9.5 MB for Google's) on every run.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=catalogs");
    println!("cargo:rerun-if-changed=build.rs");
    let mut files: Vec<_> = std::fs::read_dir("catalogs")
        .expect("the catalogs folder")
        .map(|entry| entry.expect("a catalog file").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for path in files {
        let text = std::fs::read(&path).expect("a readable catalog");
        let hash = xxhash_rust::xxh3::xxh3_128(&text);
        let name = path.to_str().expect("a UTF-8 file name").replace('\\', "/");
        writeln!(out, "    ({name:?}, {hash:#034x}),").expect("written");
    }
    out.push_str("]\n");
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(format!("{dir}/builtin_hashes.rs"), out).expect("written");
}
