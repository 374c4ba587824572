//! Which template a path matches: the trie against ranking every template on its own,
//! and the readings a catalog's rules allow.

use super::*;

fn routes() -> Routes {
    Routes::new([
        (0, "GET", "/users"),
        (1, "GET", "/users/{id}"),
        (2, "GET", "/users/me"),
        (3, "DELETE", "/users/{id}"),
        (4, "get", "/files/{name}.json"),
        (5, "GET", "/files/{name}"),
        (6, "POST", "/v1/{parent}/items/"),
    ])
}

fn find(text: &str) -> Vec<usize> {
    routes().find(&Request::parse(text).expect("a request"))
}

#[test]
fn requests_read_method_path_and_urls() {
    assert_eq!(Request::parse("users.list"), None);
    assert_eq!(Request::parse("GET users"), None);
    assert_eq!(
        Request::parse(" get https://api.example.com/users/42/?page=2#top"),
        Some(Request {
            method: Some("GET".into()),
            path: "/users/42".into()
        })
    );
    assert_eq!(
        Request::parse("/"),
        Some(Request {
            method: None,
            path: "/".into()
        })
    );
}

#[test]
fn concrete_paths_match_templates_and_the_most_specific_wins() {
    assert_eq!(find("GET /users"), vec![0]);
    assert_eq!(find("GET /users/42"), vec![1]);
    assert_eq!(find("GET /users/me"), vec![2]);
    assert_eq!(find("GET /users/{id}"), vec![1]);
    assert_eq!(find("DELETE /users/42"), vec![3]);
    assert_eq!(find("GET /files/a.json"), vec![4]);
    assert_eq!(find("GET /files/a.txt"), vec![5]);
    assert_eq!(find("GET /files/.json"), vec![5]);
    assert_eq!(find("POST /v1/projects/items"), vec![6]);
    assert_eq!(find("PUT /users/42"), Vec::<usize>::new());
    assert_eq!(find("GET /users/42/keys"), Vec::<usize>::new());
}

#[test]
fn where_the_catalog_says_so_case_does_not_matter_and_a_prefix_may_come_first() {
    let rules = PathRules {
        case_insensitive: true,
        prefixes: vec!["/v1.0".into(), "/Beta".into()],
        ..PathRules::default()
    };
    let templates = [
        (0, "POST", "/me/sendmail"),
        (1, "GET", "/users/{id}/mailFolders/{folder}"),
        (2, "GET", "/v1.0/literal"),
    ];
    let routes = Routes::with_rules(templates, &rules);
    let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
    assert_eq!(find("POST /me/sendMail"), vec![0]);
    assert_eq!(find("POST /v1.0/me/sendMail"), vec![0]);
    assert_eq!(
        find("post https://graph.microsoft.com/beta/ME/SENDMAIL"),
        vec![0]
    );
    // Parameters keep what they match; literals around them ignore case.
    assert_eq!(find("GET /v1.0/Users/AbC/MailFolders/Inbox"), vec![1]);
    // The path as given first; a prefix only at a segment's end.
    assert_eq!(find("GET /v1.0/literal"), vec![2]);
    assert_eq!(find("POST /v1.0x/me/sendmail"), Vec::<usize>::new());
    assert_eq!(find("POST /v2.0/me/sendmail"), Vec::<usize>::new());
    // Without the rules, neither.
    let strict = Routes::new(templates);
    let find = |text: &str| strict.find(&Request::parse(text).expect("a request"));
    assert_eq!(find("POST /me/sendMail"), Vec::<usize>::new());
    assert_eq!(find("POST /v1.0/me/sendmail"), Vec::<usize>::new());
}

#[test]
fn a_prefix_may_hold_a_parameter_segment() {
    let rules = PathRules {
        prefixes: vec!["/ex/jira/{cloudid}".into()],
        ..PathRules::default()
    };
    let templates = [
        (0, "GET", "/rest/api/3/issue/{issueIdOrKey}"),
        (1, "GET", "/rest/api/3/myself"),
    ];
    let routes = Routes::with_rules(templates, &rules);
    let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
    assert_eq!(
        find("GET https://api.atlassian.com/ex/jira/abc123/rest/api/3/issue/ABC-1"),
        vec![0]
    );
    assert_eq!(
        find("GET https://x.atlassian.net/rest/api/3/myself"),
        vec![1]
    );
    // The parameter is one segment, and the literal segments must be there.
    assert_eq!(
        find("GET /ex/jira/a/b/rest/api/3/myself"),
        Vec::<usize>::new()
    );
    assert_eq!(
        find("GET /ex/confluence/abc/rest/api/3/myself"),
        Vec::<usize>::new()
    );
    assert_eq!(find("GET /ex/jira/rest/api/3/myself"), Vec::<usize>::new());
}

#[test]
fn interchangeable_methods_stand_for_each_other_after_the_method_given() {
    let rules = PathRules {
        methods_interchangeable: vec!["GET", "POST"],
        ..PathRules::default()
    };
    let templates = [
        (0, "GET", "/conversations.list"),
        (1, "POST", "/chat.postMessage"),
        (2, "GET", "/both"),
        (3, "POST", "/both"),
        (4, "DELETE", "/gone"),
    ];
    let routes = Routes::with_rules(templates, &rules);
    let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
    assert_eq!(find("POST /conversations.list"), vec![0]);
    assert_eq!(find("GET /conversations.list"), vec![0]);
    assert_eq!(find("GET /chat.postMessage?channel=x"), vec![1]);
    // Where the method given has its own operation, that one.
    assert_eq!(find("GET /both"), vec![2]);
    assert_eq!(find("POST /both"), vec![3]);
    // Other methods are not interchangeable.
    assert_eq!(find("DELETE /conversations.list"), Vec::<usize>::new());
    assert_eq!(find("GET /gone"), Vec::<usize>::new());
    assert_eq!(find("PUT /chat.postMessage"), Vec::<usize>::new());
    // Without the rule, only the method given.
    let strict = Routes::new(templates);
    let find = |text: &str| strict.find(&Request::parse(text).expect("a request"));
    assert_eq!(find("POST /conversations.list"), Vec::<usize>::new());
}

#[test]
fn an_item_path_after_a_colon_may_be_several_segments() {
    let templates = [
        (0, "GET", "/me/drive/root:/{id}:/content"),
        (1, "GET", "/me/drive/root:/{id}"),
        (2, "GET", "/me/drive/root:/{id}:/children"),
        (3, "GET", "/me/drive/root:/foldera/fileb.txt:/content"),
        (4, "GET", "/me/drive/items/{id}/content"),
    ];
    let routes = Routes::new(templates);
    let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
    assert_eq!(find("GET /me/drive/root:/docs/a.txt:/content"), vec![0]);
    assert_eq!(find("GET /me/drive/root:/a.txt:/content"), vec![0]);
    assert_eq!(find("GET /me/drive/root:/a/b/c.txt:/content"), vec![0]);
    assert_eq!(find("GET /me/drive/root:/docs/reports:/children"), vec![2]);
    assert_eq!(find("GET /me/drive/root:/docs/a.txt"), vec![1]);
    // A literal template as written wins.
    assert_eq!(
        find("GET /me/drive/root:/foldera/fileb.txt:/content"),
        vec![3]
    );
    // The colon closes the item's path: what follows must match too.
    assert_eq!(
        find("GET /me/drive/root:/docs/a.txt:/versions"),
        Vec::<usize>::new()
    );
    // Without a colon segment, segments are segments.
    assert_eq!(find("GET /me/drive/items/a/b/content"), Vec::<usize>::new());
    // No template takes a parameter after a colon: paths read as written.
    let plain = Routes::new([(0, "GET", "/files/{id}/content"), (1, "GET", "/a:/{id}/x")]);
    assert!(plain.colon_paths);
    let plain = Routes::new([(0, "GET", "/files/{id}:/content")]);
    assert!(!plain.colon_paths);
}

#[test]
fn a_path_without_method_matches_every_method() {
    assert_eq!(find("/users/42"), vec![1, 3]);
    assert_eq!(find("/users"), vec![0]);
}

#[test]
fn a_literal_wins_only_where_the_rest_of_the_path_matches_too() {
    let routes = Routes::new([
        (0, "GET", "/a/{x}/d"),
        (1, "GET", "/{y}/b/c"),
        (2, "GET", "/a/{x}/{z}.txt"),
        (3, "GET", "/{y}/b/{z}.txt"),
    ]);
    let find = |text: &str| routes.find(&Request::parse(text).expect("a request"));
    assert_eq!(find("GET /a/b/d"), vec![0]);
    assert_eq!(find("GET /a/b/c"), vec![1]);
    assert_eq!(find("GET /a/b/c.txt"), vec![2]);
    assert_eq!(find("GET /q/b/c.txt"), vec![3]);
}

/// The rank of a template against a concrete path, computed on its own: what the trie
/// must agree with.
fn oracle_rank(template: &str, path: &[&str]) -> Option<Rank> {
    let template = split(template);
    if template.len() != path.len() {
        return None;
    }
    let mut rank = Rank {
        levels: Vec::new(),
        literal_chars: 0,
    };
    for (segment, text) in template.iter().zip(path) {
        if segment.contains('{') {
            let pieces = pattern_pieces(segment);
            if !matches_pattern(&pieces, text) {
                return None;
            }
            let chars: usize = pieces.iter().map(|p| p.len()).sum();
            rank.levels.push(u8::from(chars > 0));
            rank.literal_chars += chars;
        } else {
            if segment != text {
                return None;
            }
            rank.levels.push(2);
            rank.literal_chars += segment.len();
        }
    }
    Some(rank)
}

#[test]
fn the_trie_finds_what_ranking_every_template_finds() {
    const SEGMENTS: [&str; 6] = ["a", "b", "{p}", "{q}.json", "a.json", "x{r}"];
    const METHODS: [&str; 2] = ["GET", "POST"];
    let mut state = 0x5eed_u64;
    let mut below = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    for _ in 0..200 {
        let templates: Vec<(usize, &str, String)> = (0..below(12) + 1)
            .map(|i| {
                let path: String = (0..below(3) + 1)
                    .map(|_| format!("/{}", SEGMENTS[below(SEGMENTS.len())]))
                    .collect();
                (i, METHODS[below(2)], path)
            })
            .collect();
        let routes = Routes::new(templates.iter().map(|(i, m, p)| (*i, *m, p.as_str())));
        for _ in 0..20 {
            let path: String = (0..below(3) + 1)
                .map(|_| ["/a", "/b", "/a.json", "/xy", "/z"][below(5)])
                .collect();
            let method = [None, Some("GET"), Some("POST")][below(3)];
            let mut best: Vec<(Rank, usize)> = Vec::new();
            for (i, m, template) in &templates {
                if method.is_some_and(|wanted| wanted != *m) {
                    continue;
                }
                let Some(rank) = oracle_rank(template, &split(&path)) else {
                    continue;
                };
                match best.first().map(|(top, _)| rank.cmp(top)) {
                    None | Some(Ordering::Equal) => best.push((rank, *i)),
                    Some(Ordering::Greater) => best = vec![(rank, *i)],
                    Some(Ordering::Less) => {}
                }
            }
            let mut expected: Vec<usize> = best.into_iter().map(|(_, i)| i).collect();
            expected.sort_unstable();
            expected.dedup();
            let request = Request {
                method: method.map(str::to_string),
                path: path.clone(),
            };
            assert_eq!(
                routes.find(&request),
                expected,
                "{method:?} {path} against {templates:?}"
            );
        }
    }
}

/// The best templates for `path` by ranking each on its own, with methods `answers`.
fn oracle_best(
    templates: &[(usize, &str, String)],
    path: &[&str],
    answers: impl Fn(&str) -> bool,
) -> Vec<usize> {
    let mut best: Vec<(Rank, usize)> = Vec::new();
    for (i, m, template) in templates {
        let Some(rank) = oracle_rank(template, path).filter(|_| answers(m)) else {
            continue;
        };
        match best.first().map(|(top, _)| rank.cmp(top)) {
            None | Some(Ordering::Equal) => best.push((rank, *i)),
            Some(Ordering::Greater) => best = vec![(rank, *i)],
            Some(Ordering::Less) => {}
        }
    }
    let mut found: Vec<usize> = best.into_iter().map(|(_, i)| i).collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// With a prefix holding a parameter, interchangeable methods and item paths after a
/// `:`, the trie finds what ranking every template finds in the order the readings
/// are tried: the method given before those interchangeable with it, the path as
/// given before without the prefix, segments as written before item paths joined.
/// Nothing else matches: a request no reading matches is refused.
#[test]
fn with_the_catalogs_rules_the_trie_finds_what_ranking_every_template_finds() {
    const SEGMENTS: [&str; 6] = ["a", "r:", "{p}", "{q}:", "a.json", "x{r}"];
    const METHODS: [&str; 3] = ["GET", "POST", "DELETE"];
    const PIECES: [&str; 7] = ["/a", "/r:", "/xy", "/b:", "/pre/7", "/pre", "/z"];
    let rules = PathRules {
        prefixes: vec!["/pre/{n}".into()],
        methods_interchangeable: vec!["GET", "POST"],
        ..PathRules::default()
    };
    let mut state = 0x7a11_u64;
    let mut below = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    };
    let (mut matched, mut refused) = (0, 0);
    for _ in 0..300 {
        let templates: Vec<(usize, &str, String)> = (0..below(10) + 1)
            .map(|i| {
                let path: String = (0..below(4) + 1)
                    .map(|_| format!("/{}", SEGMENTS[below(SEGMENTS.len())]))
                    .collect();
                (i, METHODS[below(3)], path)
            })
            .collect();
        let routes = Routes::with_rules(
            templates.iter().map(|(i, m, p)| (*i, *m, p.as_str())),
            &rules,
        );
        for _ in 0..20 {
            let path: String = (0..below(5) + 1)
                .map(|_| PIECES[below(PIECES.len())])
                .collect();
            let method = [None, Some("GET"), Some("POST"), Some("DELETE")][below(4)];
            let whole = split(&path);
            let mut readings = vec![whole.clone()];
            readings.extend(variants::unprefixed(&whole, &["pre", "{n}"], false));
            let loose = |m: &str| ["GET", "POST"].contains(&m);
            let mut expected = Vec::new();
            'found: for lenient in [false, true] {
                if lenient && !method.is_some_and(loose) {
                    break;
                }
                let answers =
                    |m: &str| method.is_none_or(|w| w == m || (lenient && loose(w) && loose(m)));
                for reading in &readings {
                    expected = oracle_best(&templates, reading, answers);
                    if expected.is_empty()
                        && routes.colon_paths
                        && let Some(joined) = variants::item_paths_joined(reading)
                    {
                        let joined: Vec<&str> = joined.iter().map(String::as_str).collect();
                        expected = oracle_best(&templates, &joined, answers);
                    }
                    if !expected.is_empty() {
                        break 'found;
                    }
                }
            }
            if expected.is_empty() {
                refused += 1;
            } else {
                matched += 1;
            }
            let request = Request {
                method: method.map(str::to_string),
                path: path.clone(),
            };
            assert_eq!(
                routes.find(&request),
                expected,
                "{method:?} {path} against {templates:?}"
            );
        }
    }
    // Both kinds were tried often.
    assert!(
        matched > 300 && refused > 300,
        "{matched} matched, {refused} refused"
    );
}

#[test]
fn patterns_with_several_parameters() {
    let pieces = ["", "-", ".json"];
    assert!(matches_pattern(&pieces, "a-b.json"));
    assert!(matches_pattern(&pieces, "a-b-c.json"));
    assert!(!matches_pattern(&pieces, "-b.json"));
    assert!(!matches_pattern(&pieces, "a-.json"));
    assert!(!matches_pattern(&pieces, "ab.json"));
}
