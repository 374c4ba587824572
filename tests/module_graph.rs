//! The modules of `src/` import each other without a cycle: each `use` (and each path
//! written out in code) from one module file to another is an edge, and the graph of
//! those edges must have no cycle. A module naming one of its ancestors (`super::Catalog`
//! in `catalog/fast.rs`) does not count: a parent module is its children's front door.

use std::collections::{BTreeMap, BTreeSet};
mod support;

use std::fs;
use std::path::Path;

/// Cycles known and not yet taken apart, each as its modules in order. A listed cycle
/// that is gone fails the test too, so the list only shrinks.
const KNOWN: &[&[&str]] = &[];

/// `src/tui/view/tree.rs` → `["tui", "view", "tree"]`; `mod.rs`, `lib.rs`, `main.rs`
/// name their folder (or the crate, `[]`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The code of a file without comments, string literals and `#[cfg(test)]` modules
/// (tests may reach anywhere).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push_str("\"\"");
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                // A character literal such as '"' or '{'.
                i += 3;
            }
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                // An escaped character literal such as '\'' or '\u{1b}'.
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path the code names from `crate::`, `super::` or `self::`, as segments
/// relative to the crate root; a braced group gives one path per member.
fn paths(code: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts = (i == 0 || !is_ident(bytes[i - 1]))
            && ["crate::", "super::", "self::"]
                .iter()
                .any(|p| bytes[i..].iter().take(p.len()).copied().eq(p.chars()));
        if !starts {
            i += 1;
            continue;
        }
        let (end, segments) = path_at(&bytes, i);
        for path in segments {
            if let Some(absolute) = absolute(module, &path) {
                found.push(absolute);
            }
        }
        i = end.max(i + 1);
    }
    found
}

/// Reads `a::b::{c, d::e}` from `at`: the paths it names and where it ends.
fn path_at(chars: &[char], mut at: usize) -> (usize, Vec<Vec<String>>) {
    let mut prefix: Vec<String> = Vec::new();
    loop {
        let start = at;
        while at < chars.len() && is_ident(chars[at]) {
            at += 1;
        }
        if at > start {
            prefix.push(chars[start..at].iter().collect());
        }
        if chars.get(at) == Some(&':') && chars.get(at + 1) == Some(&':') {
            at += 2;
            if chars.get(at) == Some(&'{') {
                at += 1;
                let mut all = Vec::new();
                loop {
                    while at < chars.len() && (chars[at].is_whitespace() || chars[at] == ',') {
                        at += 1;
                    }
                    if at >= chars.len() || chars[at] == '}' {
                        return (at + 1, all);
                    }
                    let (end, inner) = path_at(chars, at);
                    for path in inner {
                        let mut full = prefix.clone();
                        full.extend(path);
                        all.push(full);
                    }
                    // Skip `as name` and the like up to the next member.
                    at = end;
                    while at < chars.len() && chars[at] != ',' && chars[at] != '}' {
                        at += 1;
                    }
                }
            }
            continue;
        }
        return (at, vec![prefix]);
    }
}

/// `super::x` in `a::b` is `a::x`; `crate::x` is `x`.
fn absolute(module: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {}
        _ => return None,
    }
    while rest.first().map(String::as_str) == Some("super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The module file a path lands in: its longest prefix that is a module.
fn target(modules: &BTreeSet<Vec<String>>, path: &[String]) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    support::source_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let out = edges.entry(module.clone()).or_default();
        for path in paths(&code_of(&text), &module) {
            let Some(to) = target(&modules, &path) else {
                continue;
            };
            let ancestor = to.len() <= module.len() && module[..to.len()] == to[..];
            if !ancestor {
                out.insert(to);
            }
        }
    }
    edges
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// The cycles of the graph: one per strongly connected component of more than one
/// module, written as a path through it.
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    let nodes: Vec<&Vec<String>> = edges.keys().collect();
    let reaches = |from: &Vec<String>, to: &Vec<String>| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(node) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == to {
                    return true;
                }
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        false
    };
    let mut done: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut found = Vec::new();
    for &node in &nodes {
        if done.contains(node) {
            continue;
        }
        let component: Vec<String> = nodes
            .iter()
            .filter(|&&other| other != node && reaches(node, other) && reaches(other, node))
            .map(|other| {
                done.insert((*other).clone());
                name(other)
            })
            .collect();
        if !component.is_empty() {
            let mut all = vec![name(node)];
            all.extend(component);
            found.push(all);
        }
        done.insert(node.clone());
    }
    found
}

#[test]
fn the_modules_of_src_import_each_other_without_a_cycle() {
    let edges = graph();
    assert!(edges.len() > 10, "the module graph was not read: {edges:?}");
    let found = cycles(&edges);
    let known: Vec<Vec<String>> = KNOWN
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect();
    let mut report = String::new();
    for cycle in &found {
        if !known.contains(cycle) {
            report.push_str(&format!("a cycle: {}\n", cycle.join(" ⇄ ")));
            for module in cycle {
                let path: Vec<String> = module.split("::").map(str::to_string).collect();
                let inside: Vec<String> = edges[&path]
                    .iter()
                    .map(|m| name(m))
                    .filter(|m| cycle.contains(m))
                    .collect();
                report.push_str(&format!("  {module} imports {}\n", inside.join(", ")));
            }
        }
    }
    for cycle in &known {
        if !found.contains(cycle) {
            report.push_str(&format!(
                "no longer a cycle, take it off KNOWN: {}\n",
                cycle.join(" ⇄ ")
            ));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_reader_sees_groups_paths_and_super() {
    let module: Vec<String> = vec!["tui".into(), "state".into()];
    let code = code_of(
        "use super::{keys, message::{Effect, Mode}};\n// crate::x\nlet a = crate::grants::f(\"super::y\");",
    );
    let found = paths(&code, &module);
    let names: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        names,
        [
            "tui::keys",
            "tui::message::Effect",
            "tui::message::Mode",
            "grants::f"
        ]
    );
}
