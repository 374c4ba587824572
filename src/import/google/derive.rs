//! Implications derived from the documents: A ⇒ B only where B's name extends A's and
//! every method that accepts B accepts A too (see the importer's documentation).

use super::SCOPE_PREFIX;
use super::discovery::Api;
use crate::import::draft::DraftImplies;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Does `longer` extend `shorter` by name: `shorter` followed by `.` or `/` and more?
pub(super) fn extends(longer: &str, shorter: &str) -> bool {
    longer.len() > shorter.len() + 1
        && longer.starts_with(shorter)
        && matches!(longer.as_bytes()[shorter.len()], b'.' | b'/')
}

/// The tree parent of a scope: the longest other scope its name extends.
pub(super) fn name_parent(name: &str, names: &BTreeSet<&str>) -> Option<String> {
    let mut end = name.len();
    while let Some(at) = name[..end].rfind(['.', '/']) {
        let candidate = &name[..at];
        // Only names under the same host part: `https://mail.google.com/` has no parent.
        if candidate.ends_with(':') || candidate.ends_with('/') || candidate.is_empty() {
            return None;
        }
        if names.contains(candidate) {
            return Some(candidate.to_string());
        }
        end = at;
    }
    None
}

/// The API a scope belongs to by its name: `drive` for `…/auth/drive.readonly`.
pub(super) fn family(scope: &str) -> &str {
    match scope.strip_prefix(SCOPE_PREFIX) {
        Some(rest) => rest.split(['.', '/']).next().unwrap_or(rest),
        None => scope,
    }
}

/// The derived implications, transitively reduced among themselves.
pub(super) fn derive(apis: &[Api], names: &BTreeSet<&str>) -> Vec<DraftImplies> {
    // For each scope, the methods that accept it (by a global method number), and
    // whether each method is a catch-all.
    let mut accepting: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut catch_all: Vec<bool> = Vec::new();
    for method in apis.iter().flat_map(|api| &api.methods) {
        let number = catch_all.len();
        let families: BTreeSet<&str> = method.scopes.iter().map(|s| family(s)).collect();
        catch_all.push(families.len() > 1);
        let mut scopes: Vec<&str> = method.scopes.iter().map(String::as_str).collect();
        scopes.sort_unstable();
        scopes.dedup();
        for scope in scopes {
            accepting.entry(scope).or_default().push(number);
        }
    }
    let mut found: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for &b in names {
        let Some(for_b) = accepting.get(b) else {
            continue;
        };
        if for_b.iter().all(|&m| catch_all[m]) {
            continue;
        }
        for &a in names {
            if !extends(b, a) {
                continue;
            }
            let Some(for_a) = accepting.get(a) else {
                continue;
            };
            // Both lists are ascending.
            let mut rest = for_a.iter().peekable();
            let covered = for_b.iter().all(|m| {
                while rest.next_if(|&&x| x < *m).is_some() {}
                rest.peek() == Some(&m)
            });
            if covered {
                found.entry(a).or_default().insert(b, for_b.len());
            }
        }
    }
    // Drop A ⇒ C where A ⇒ B ⇒ C are both derived.
    let mut implies = Vec::new();
    for (a, targets) in &found {
        let mut kept: Vec<(&str, usize)> = Vec::new();
        for (&c, &count) in targets {
            let through = targets
                .keys()
                .any(|b| *b != c && found.get(b).is_some_and(|t| t.contains_key(c)));
            if !through {
                kept.push((c, count));
            }
        }
        for (c, count) in kept {
            implies.push(DraftImplies {
                from: a.to_string(),
                to: vec![c.to_string()],
                evidence: "derived",
                note: Some(if count == 1 {
                    format!(
                        "the one method accepting `{}` also accepts `{}` (discovery documents)",
                        short(c),
                        short(a)
                    )
                } else {
                    format!(
                        "all {count} methods accepting `{}` also accept `{}` (discovery documents)",
                        short(c),
                        short(a)
                    )
                }),
            });
        }
    }
    implies
}

pub(super) fn short(scope: &str) -> &str {
    scope.strip_prefix(SCOPE_PREFIX).unwrap_or(scope)
}
