//! The templates nearest a request that matched none, for "did you mean". Requests are
//! compared with templates segment by segment, a `{parameter}` taking any value, so a
//! mistyped concrete path (`GET /drive/v3/files/abc/permisions`) still finds its
//! template (`GET /drive/v3/files/{fileId}/permissions`): compared as whole strings, the
//! parameter's value alone would put every template out of reach.

use super::variants::{item_paths_joined, unprefixed};
use super::{Request, matches_pattern, pattern_pieces, split, strip_query};
use crate::catalog::Catalog;

/// At most this many templates are suggested.
const SHOWN: usize = 3;

/// `METHOD /template` of the operations nearest `request`, best first: the fewest edits
/// over the literal segments (a different method counts as one), then catalog order.
/// Empty when none is near enough to be a likely typo.
pub(super) fn nearest(catalog: &Catalog, request: &Request) -> Vec<String> {
    let path = request.path.to_ascii_lowercase();
    // The path as given, and without each prefix the catalog allows before its paths.
    let mut tried: Vec<Vec<&str>> = vec![split(&path)];
    for prefix in &catalog.paths.prefixes {
        if let Some(rest) = unprefixed(&tried[0], &split(prefix), true)
            && !rest.is_empty()
        {
            tried.push(rest);
        }
    }
    // And with each item path addressed after a `:` as one segment (Microsoft Graph's).
    let joined: Vec<Vec<String>> = tried.iter().filter_map(|s| item_paths_joined(s)).collect();
    tried.extend(
        joined
            .iter()
            .map(|s| s.iter().map(String::as_str).collect()),
    );
    let literal: usize = tried[0].iter().map(|s| s.len()).sum();
    let limit = (literal / 10).clamp(1, 3);
    let mut near = templates_near(catalog, request, &tried, limit);
    if near.is_empty() {
        // A base path the catalog does not know (a whole URL of an API whose catalog names
        // none, say): the path without its first segments, the fewest that find some.
        let whole = &tried[0];
        for dropped in 1..whole.len() {
            near = templates_near(catalog, request, &[whole[dropped..].to_vec()], limit);
            if !near.is_empty() {
                break;
            }
        }
    }
    near.sort();
    let mut shown: Vec<String> = Vec::new();
    for (_, _, text) in near {
        if !shown.contains(&text) {
            shown.push(text);
        }
        if shown.len() == SHOWN {
            break;
        }
    }
    shown
}

/// (edits, catalog position, `METHOD /template`) of each operation within `limit` edits
/// of `request` read as one of the `tried` segment lists.
fn templates_near(
    catalog: &Catalog,
    request: &Request,
    tried: &[Vec<&str>],
    limit: usize,
) -> Vec<(usize, usize, String)> {
    let mut near: Vec<(usize, usize, String)> = Vec::new();
    for (index, op) in catalog.operations().unwrap_or_default().iter().enumerate() {
        let (Some(method), Some(template)) = (op.method, op.path.as_deref()) else {
            continue;
        };
        let interchangeable = |m: &str| {
            let methods = &catalog.paths.methods_interchangeable;
            methods.iter().any(|known| known.eq_ignore_ascii_case(m))
        };
        let answers = |wanted: &str| {
            wanted.eq_ignore_ascii_case(method)
                || (interchangeable(wanted) && interchangeable(method))
        };
        let method_cost = usize::from(request.method.as_deref().is_some_and(|w| !answers(w)));
        if method_cost > limit {
            continue;
        }
        let template_segments = split(strip_query(template));
        let best = tried
            .iter()
            .filter_map(|segments| distance(segments, &template_segments, limit - method_cost))
            .min();
        if let Some(cost) = best {
            near.push((cost + method_cost, index, format!("{method} {template}")));
        }
    }
    near
}

/// Edits between a request's segments (in lower case) and a template's, when at most
/// `limit`: a parameter segment costs nothing when the request's segment reads as it (the
/// edits to its literal pieces otherwise), a literal one its edit distance, letter case
/// aside.
fn distance(request: &[&str], template: &[&str], limit: usize) -> Option<usize> {
    if request.len() != template.len() {
        return None;
    }
    let mut total = 0;
    for (&given, &expected) in request.iter().zip(template) {
        total += if expected.contains('{') {
            // Read as the pattern, nothing; otherwise the edits to its literal pieces
            // (`findRooms(RoomList={value})` is no near miss for `mesages`).
            let pieces = pattern_pieces(expected);
            if matches_pattern(&pieces, given) {
                0
            } else {
                let literal = pieces.concat().to_ascii_lowercase();
                strsim::damerau_levenshtein(given, &literal).max(1)
            }
        } else if given.eq_ignore_ascii_case(expected) {
            0
        } else if given.len().abs_diff(expected.len()) > limit - total {
            return None;
        } else {
            strsim::damerau_levenshtein(given, &expected.to_ascii_lowercase())
        };
        if total > limit {
            return None;
        }
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn a_parameter_takes_any_value_and_literals_count_their_edits() {
        let template = ["drive", "v3", "files", "{fileId}", "permissions"];
        assert_eq!(
            distance(&["drive", "v3", "files", "abc", "permisions"], &template, 3),
            Some(1)
        );
        assert_eq!(
            distance(
                &["drive", "v3", "files", "abc", "permissions"],
                &template,
                3
            ),
            Some(0)
        );
        // Another number of segments, or too many edits: not near.
        assert_eq!(
            distance(&["drive", "v3", "files", "abc"], &template, 3),
            None
        );
        assert_eq!(
            distance(&["drive", "v3", "folders", "abc", "owners"], &template, 3),
            None
        );
        // A parameter with literal pieces must be read as it.
        assert_eq!(distance(&["x.json"], &["{key}.json"], 1), Some(0));
        assert_eq!(distance(&["x.jsn"], &["{key}.json"], 2), Some(2));
        assert_eq!(
            distance(&["mesages"], &["findrooms(roomlist={value})"], 3),
            None
        );
    }
}
