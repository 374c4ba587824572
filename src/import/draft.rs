//! A catalog as an importer builds it, and its TOML text. The text is written by hand,
//! in the shape the fast catalog reader takes, and always in the same order, so the same
//! input gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Comment lines at the top of the file (without `# `).
    pub header: Vec<String>,
    pub id: String,
    pub name: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub revision: Option<String>,
    pub retrieved: Option<String>,
    pub attribution: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub delimiter: Option<String>,
    /// Leading path segments a request may carry before an operation's path (the API's
    /// base path: `/v1`).
    pub path_prefixes: Vec<String>,
    pub tree_separator: Option<String>,
    pub tree_prefix: Option<String>,
    /// Human names of resource segments.
    pub resources: BTreeMap<String, String>,
    pub scopes: Vec<DraftScope>,
    pub implies: Vec<DraftImplies>,
    pub operations: Vec<DraftOperation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftScope {
    pub name: String,
    pub description: String,
    pub parent: Option<String>,
    /// Where alone the scope can be used (the catalog's `only_in`).
    pub only_in: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftImplies {
    pub from: String,
    pub to: Vec<String>,
    pub evidence: &'static str,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftOperation {
    pub id: String,
    pub method: Option<String>,
    pub path: Option<String>,
    /// More paths the call is made at (Google's media upload URLs).
    pub upload_paths: Vec<String>,
    pub description: Option<String>,
    /// Alternatives, any one suffices; inside one, all scopes are needed.
    pub requires: Vec<Vec<String>>,
}

impl Draft {
    /// The catalog file's text.
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for line in &self.header {
            if line.is_empty() {
                out.push_str("#\n");
            } else {
                let _ = writeln!(out, "# {line}");
            }
        }
        if !self.header.is_empty() {
            out.push('\n');
        }
        key(&mut out, "id", &self.id);
        key(&mut out, "name", &self.name);
        let optional = [
            ("docs_url", &self.docs_url),
            ("source", &self.source),
            ("revision", &self.revision),
            ("retrieved", &self.retrieved),
            ("attribution", &self.attribution),
            ("authorize_url", &self.authorize_url),
            ("token_url", &self.token_url),
            ("delimiter", &self.delimiter),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                key(&mut out, name, value);
            }
        }
        if !self.path_prefixes.is_empty() {
            let _ = writeln!(out, "path_prefixes = {}", list(&self.path_prefixes));
        }
        if self.tree_separator.is_some() || self.tree_prefix.is_some() {
            out.push_str("\n[tree]\n");
            if let Some(separator) = &self.tree_separator {
                key(&mut out, "separator", separator);
            }
            if let Some(prefix) = &self.tree_prefix {
                key(&mut out, "prefix", prefix);
            }
        }
        if !self.resources.is_empty() {
            out.push_str("\n[resources]\n");
            for (segment, title) in &self.resources {
                let _ = writeln!(out, "{} = {}", quoted(segment), quoted(title));
            }
        }
        for scope in &self.scopes {
            out.push_str("\n[[scope]]\n");
            key(&mut out, "name", &scope.name);
            key(&mut out, "description", &scope.description);
            if let Some(parent) = &scope.parent {
                key(&mut out, "parent", parent);
            }
            if let Some(setting) = &scope.only_in {
                key(&mut out, "only_in", setting);
            }
        }
        for implies in &self.implies {
            out.push_str("\n[[implies]]\n");
            key(&mut out, "from", &implies.from);
            let _ = writeln!(out, "to = {}", list(&implies.to));
            key(&mut out, "evidence", implies.evidence);
            if let Some(note) = &implies.note {
                key(&mut out, "note", note);
            }
        }
        for operation in &self.operations {
            out.push_str("\n[[operation]]\n");
            key(&mut out, "id", &operation.id);
            if let Some(method) = &operation.method {
                key(&mut out, "method", method);
            }
            if let Some(path) = &operation.path {
                key(&mut out, "path", path);
            }
            if !operation.upload_paths.is_empty() {
                let _ = writeln!(out, "upload_paths = {}", list(&operation.upload_paths));
            }
            if let Some(description) = &operation.description {
                key(&mut out, "description", description);
            }
            let alternatives: Vec<String> = operation.requires.iter().map(|a| list(a)).collect();
            let _ = writeln!(out, "requires = [{}]", alternatives.join(", "));
        }
        out
    }
}

fn key(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "{name} = {}", quoted(value));
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A TOML basic string.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text on one line: runs of white space (new lines included) become one space.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `limit` characters of a description: its first sentence when that is short
/// enough, else cut at a word with `…`.
pub fn shortened(text: &str, limit: usize) -> String {
    let text = one_line(text);
    let first_sentence = text
        .match_indices(". ")
        .map(|(at, _)| at + 1)
        .find(|&end| end >= 20)
        .map_or(text.as_str(), |end| &text[..end]);
    if first_sentence.chars().count() <= limit {
        return first_sentence.to_string();
    }
    let mut cut: String = first_sentence.chars().take(limit).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    cut.truncate(cut.trim_end_matches([',', ';', ':', '.']).len());
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_escape_what_toml_needs() {
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quoted("x\u{1b}[31m\n"), "\"x\\u001B[31m\\n\"");
        assert_eq!(quoted("é"), "\"é\"");
    }

    #[test]
    fn descriptions_are_cut_at_the_first_sentence_or_a_word() {
        assert_eq!(
            shortened("Lists the user's files.  More text here.", 80),
            "Lists the user's files."
        );
        assert_eq!(shortened("a b c d e f", 5), "a b…");
        assert_eq!(
            shortened("Short. Sentence after.", 80),
            "Short. Sentence after."
        );
    }

    #[test]
    fn the_text_reads_back_as_toml() {
        let draft = Draft {
            header: vec!["made for a test".into(), String::new()],
            id: "t".into(),
            name: "T \"quoted\"".into(),
            retrieved: Some("2026-01-02".into()),
            tree_separator: Some(".".into()),
            resources: [("a".to_string(), "The A".to_string())].into(),
            scopes: vec![DraftScope {
                name: "a.read".into(),
                description: "Reads\ta".into(),
                parent: None,
                only_in: Some("Add-ons".into()),
            }],
            operations: vec![DraftOperation {
                id: "a.get".into(),
                method: Some("GET".into()),
                path: Some("/a".into()),
                upload_paths: vec!["/upload/a".into()],
                description: None,
                requires: vec![vec!["a.read".into()]],
            }],
            ..Draft::default()
        };
        let text = draft.to_toml();
        let value: toml::Value = toml::from_str(&text).expect("valid TOML");
        assert_eq!(value["name"].as_str(), Some("T \"quoted\""));
        assert_eq!(value["scope"][0]["description"].as_str(), Some("Reads\ta"));
        assert_eq!(value["scope"][0]["only_in"].as_str(), Some("Add-ons"));
        assert_eq!(
            value["operation"][0]["requires"][0][0].as_str(),
            Some("a.read")
        );
        assert!(text.starts_with("# made for a test\n#\n\nid = \"t\"\n"));
    }
}
