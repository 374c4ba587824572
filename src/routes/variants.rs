//! Other readings of a request's path, tried where it matches no template as written:
//! without a prefix the catalog allows before its paths (`/v1.0`, `/ex/jira/{cloudid}`),
//! and with a path-addressed item read as one segment, as Microsoft Graph writes it:
//! `/me/drive/root:/docs/a.txt:/content`, where `docs/a.txt` is the item's path, matches
//! `/me/drive/root:/{item-path}:/content`.

/// `segments` without the leading segments `prefix` names (a `{name}` segment of it
/// stands for any one), or `None` when they do not start with it. Letters are compared
/// as they are unless `ignore_case`.
pub(super) fn unprefixed<'s, P: AsRef<str>>(
    segments: &[&'s str],
    prefix: &[P],
    ignore_case: bool,
) -> Option<Vec<&'s str>> {
    if segments.len() < prefix.len() {
        return None;
    }
    let starts = segments.iter().zip(prefix).all(|(given, expected)| {
        let expected = expected.as_ref();
        crate::catalog::is_whole_parameter(expected)
            || given == &expected
            || (ignore_case && given.eq_ignore_ascii_case(expected))
    });
    starts.then(|| segments[prefix.len()..].to_vec())
}

/// `segments` with each item path addressed after a `:` joined into one segment: after a
/// segment that ends in `:` (`root:`), the segments up to the next one that ends in `:`
/// (`a.txt:`), or to the end where none does, are the item's path (`docs/a.txt:`).
/// `None` where no item path has more than one segment: the path reads as written.
pub(super) fn item_paths_joined(segments: &[&str]) -> Option<Vec<String>> {
    let mut joined: Vec<String> = Vec::with_capacity(segments.len());
    let mut changed = false;
    let mut at = 0;
    while let Some(&segment) = segments.get(at) {
        joined.push(segment.to_string());
        at += 1;
        if segment.ends_with(':') && at < segments.len() {
            let end = segments[at..]
                .iter()
                .position(|s| s.ends_with(':'))
                .map_or(segments.len(), |closing| at + closing + 1);
            changed |= end - at > 1;
            joined.push(segments[at..end].join("/"));
            at = end;
        }
    }
    changed.then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_is_whole_segments_and_a_parameter_in_it_any_one() {
        let prefix = ["ex", "jira", "{cloudid}"];
        assert_eq!(
            unprefixed(&["ex", "jira", "abc", "rest", "api"], &prefix, false),
            Some(vec!["rest", "api"])
        );
        assert_eq!(
            unprefixed(&["ex", "jira", "abc"], &prefix, false),
            Some(vec![])
        );
        assert_eq!(unprefixed(&["ex", "jira"], &prefix, false), None);
        assert_eq!(
            unprefixed(&["ex", "confluence", "abc", "rest"], &prefix, false),
            None
        );
        assert_eq!(
            unprefixed(&["EX", "jira", "abc", "rest"], &prefix, false),
            None
        );
        assert_eq!(
            unprefixed(&["EX", "jira", "abc", "rest"], &prefix, true),
            Some(vec!["rest"])
        );
    }

    #[test]
    fn an_item_path_after_a_colon_is_one_segment() {
        let joined = |path: &str| {
            let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            item_paths_joined(&segments).map(|s| s.join(" | "))
        };
        assert_eq!(
            joined("/me/drive/root:/docs/a.txt:/content").as_deref(),
            Some("me | drive | root: | docs/a.txt: | content")
        );
        assert_eq!(
            joined("/me/drive/root:/docs/2024/a.txt").as_deref(),
            Some("me | drive | root: | docs/2024/a.txt")
        );
        assert_eq!(
            joined("/sites/contoso.sharepoint.com:/sites/marketing:/drive").as_deref(),
            Some("sites | contoso.sharepoint.com: | sites/marketing: | drive")
        );
        // One segment there, or no colon: the path reads as written.
        assert_eq!(joined("/me/drive/root:/a.txt:/content"), None);
        assert_eq!(joined("/me/drive/items/abc/content"), None);
        assert_eq!(joined("/me/drive/root:"), None);
    }
}
