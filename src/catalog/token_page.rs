//! A provider's page that creates a personal token with scopes already ticked: the
//! catalog keys `token_page_url` (a URL template with `{scopes}` and, optionally,
//! `{name}`) and `token_page_delimiter` (what goes between the scopes, e.g. `,`).

use std::ops::Range;

/// A page that pre-fills a personal token: checked when the catalog loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPage {
    /// `https://…` with `{scopes}` and optionally `{name}`.
    pub url: String,
    /// What goes between the scopes in `{scopes}`.
    pub delimiter: String,
}

/// A piece of a token page template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    Text(&'a str),
    Scopes,
    Name,
}

/// The placeholders a template may use.
const PLACEHOLDERS: [&str; 2] = ["scopes", "name"];

/// Splits a template into text and placeholders, or says what is wrong and where (a byte
/// range of the template).
pub fn parts(template: &str) -> Result<Vec<Part<'_>>, (Range<usize>, String)> {
    let Some(rest) = template.strip_prefix("https://") else {
        let end = template.find("://").map_or(template.len(), |i| i + 3);
        return Err((0..end, "token_page_url must be an https:// URL".to_string()));
    };
    let host_end = "https://".len() + rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &template["https://".len()..host_end];
    if host.is_empty() || host.contains(['{', '}']) {
        return Err((
            "https://".len()..host_end,
            "token_page_url needs a literal host after https://".to_string(),
        ));
    }
    if let Some((at, c)) = template
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err((
            at..at + c.len_utf8(),
            "token_page_url must not contain spaces or control characters (write %20)".to_string(),
        ));
    }
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = template.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                let Some(len) = template[i + 1..].find(['}', '{']) else {
                    return Err((
                        i..i + 1,
                        "`{` without its `}` in token_page_url".to_string(),
                    ));
                };
                let close = i + 1 + len;
                if bytes[close] == b'{' {
                    return Err((
                        i..i + 1,
                        "`{` without its `}` in token_page_url".to_string(),
                    ));
                }
                let name = &template[i + 1..close];
                let part = match name {
                    "scopes" => Part::Scopes,
                    "name" => Part::Name,
                    _ => {
                        let mut message = format!(
                            "unknown placeholder `{{{name}}}` in token_page_url; it takes `{{scopes}}` and `{{name}}`"
                        );
                        if let Some(close) = super::suggest(name, PLACEHOLDERS.into_iter()).first()
                        {
                            message.push_str(&format!("; did you mean `{{{close}}}`?"));
                        }
                        return Err((i..close + 1, message));
                    }
                };
                if text_start < i {
                    out.push(Part::Text(&template[text_start..i]));
                }
                out.push(part);
                i = close + 1;
                text_start = i;
            }
            b'}' => {
                return Err((
                    i..i + 1,
                    "`}` without its `{` in token_page_url".to_string(),
                ));
            }
            _ => i += 1,
        }
    }
    if text_start < template.len() {
        out.push(Part::Text(&template[text_start..]));
    }
    if !out.contains(&Part::Scopes) {
        return Err((
            0..template.len(),
            "token_page_url has no `{scopes}`: the page would not get the scopes".to_string(),
        ));
    }
    Ok(out)
}

impl TokenPage {
    /// The page's URL for `scopes`, with `name` as the token's name. The name is
    /// percent-encoded but for letters, digits and `-._~` (a space as `%20`, a comma as
    /// `%2C`); scopes and the delimiter keep what a query may carry as it is (`,` `:` …).
    /// Scope names never contain the delimiter (the catalog is checked for it). With no
    /// name, a query parameter that is only `{name}` is left out, and any other `{name}`
    /// becomes empty.
    pub fn url<S: AsRef<str>>(&self, scopes: &[S], name: Option<&str>) -> String {
        // Checked when the catalog loaded; a template that fails here yields the text.
        let Ok(parts) = parts(&self.url) else {
            return self.url.clone();
        };
        let scopes: Vec<String> = scopes.iter().map(|s| encode_query(s.as_ref())).collect();
        let scopes = scopes.join(&encode_query(&self.delimiter));
        let mut out = String::new();
        let mut skip_separator = false;
        for (n, part) in parts.iter().enumerate() {
            match *part {
                Part::Text(text) => {
                    let text = if skip_separator {
                        skip_separator = false;
                        text.strip_prefix('&').unwrap_or(text)
                    } else {
                        text
                    };
                    out.push_str(text);
                }
                Part::Scopes => out.push_str(&scopes),
                Part::Name => match name {
                    Some(name) => out.push_str(&percent_encode(name)),
                    None => {
                        let whole_value = match parts.get(n + 1) {
                            None => true,
                            Some(Part::Text(next)) => next.starts_with(['&', '#']),
                            Some(_) => false,
                        };
                        if whole_value && let Some(param) = out.rfind(['?', '&']) {
                            let key = &out[param + 1..];
                            if key.ends_with('=') && !key[..key.len() - 1].contains('=') {
                                let ends_query = out[param..].starts_with('?');
                                out.truncate(param + 1);
                                // `?name={name}&x` becomes `?x`; `&name={name}` goes.
                                if !ends_query {
                                    out.pop();
                                }
                                skip_separator = ends_query;
                            }
                        }
                    }
                },
            }
        }
        if out.ends_with('?') {
            out.pop();
        }
        out
    }
}

/// Percent-encodes what a query value may not carry as it is: the bytes that are neither
/// RFC 3986 unreserved characters nor the sub-delimiters that no form decoder reads as a
/// separator or a space (`,` `:` `@` `!` `$` `'` `(` `)` `*` `/` stay).
fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~,:@!$'()*/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-encodes a query value: everything but letters, digits and `-._~`, a space as
/// `%20` (which every server reads, unlike `+`).
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, delimiter: &str) -> TokenPage {
        TokenPage {
            url: url.to_string(),
            delimiter: delimiter.to_string(),
        }
    }

    const GITHUB: &str =
        "https://github.com/settings/tokens/new?scopes={scopes}&description={name}";
    const GITLAB: &str =
        "https://gitlab.com/-/user_settings/personal_access_tokens?name={name}&scopes={scopes}";

    #[test]
    fn fills_scopes_and_name() {
        let github = page(GITHUB, ",");
        assert_eq!(
            github.url(&["repo", "admin:org"], Some("CI, nightly")),
            "https://github.com/settings/tokens/new?scopes=repo,admin:org&description=CI%2C%20nightly"
        );
        assert_eq!(
            page(GITLAB, ",").url(&["api", "read_user"], Some("My token")),
            "https://gitlab.com/-/user_settings/personal_access_tokens?name=My%20token&scopes=api,read_user"
        );
    }

    #[test]
    fn without_a_name_its_parameter_goes() {
        assert_eq!(
            page(GITHUB, ",").url(&["repo"], None),
            "https://github.com/settings/tokens/new?scopes=repo"
        );
        assert_eq!(
            page(GITLAB, ",").url(&["api"], None),
            "https://gitlab.com/-/user_settings/personal_access_tokens?scopes=api"
        );
        assert_eq!(
            page("https://x.example/new?note=for%20{name}&s={scopes}", ",").url(&["a"], None),
            "https://x.example/new?note=for%20&s=a"
        );
        assert_eq!(
            page("https://x.example/{scopes}?n={name}", ",").url(&["a"], None),
            "https://x.example/a"
        );
    }

    #[test]
    fn a_delimiter_a_query_cannot_carry_is_encoded() {
        assert_eq!(
            page("https://x.example/?s={scopes}", " ").url(&["a", "c&d"], None),
            "https://x.example/?s=a%20c%26d"
        );
        assert_eq!(
            page("https://x.example/?s={scopes}", "&").url(&["a", "c"], None),
            "https://x.example/?s=a%26c"
        );
        assert_eq!(
            page("https://x.example/?s={scopes}", "+").url(&["a", "c"], None),
            "https://x.example/?s=a%2Bc"
        );
    }

    #[test]
    fn bad_templates_say_where() {
        let err = |t: &str| parts(t).expect_err(t);
        assert_eq!(err("http://x.example/?s={scopes}").0, 0..7);
        assert!(err("github.com/?s={scopes}").1.contains("https://"));
        let (at, message) = err("https://x.example/?s={scope}");
        assert_eq!(at, 21..28);
        assert!(message.contains("did you mean `{scopes}`"), "{message}");
        assert!(
            err("https://x.example/?n={name}")
                .1
                .contains("no `{scopes}`")
        );
        assert_eq!(err("https://x.example/?s={scopes").0, 21..22);
        assert_eq!(err("https://x.example/?s=scopes}").0, 27..28);
        assert_eq!(err("https://x.example/?s={{scopes}").0, 21..22);
        assert_eq!(err("https://{name}.example/?s={scopes}").0, 8..22);
        assert_eq!(err("https:///?s={scopes}").0, 8..8);
        assert_eq!(err("https://x.example/?s={scopes} ").0, 29..30);
        assert!(parts(GITHUB).is_ok() && parts(GITLAB).is_ok());
    }
}
