//! Scopes as users give them: separate arguments, one delimited string, lines on stdin,
//! or a whole authorize URL whose `scope` parameter is read.

use crate::catalog::{Catalog, ScopeId, UnknownScope};
use std::io::{IsTerminal, Read};

/// Splits raw inputs into scope names, in order, without duplicates.
pub fn scope_names(catalog: &Catalog, inputs: &[String]) -> Vec<String> {
    // Commas separate scopes in token responses and GitHub's headers; they are only
    // treated as separators when no scope of the catalog contains one.
    let split_commas = !catalog.scopes.iter().any(|s| s.name.contains(','));
    let mut names: Vec<String> = Vec::new();
    for input in inputs {
        let text = scope_parameter(input).unwrap_or_else(|| input.clone());
        for token in text
            .split(|c: char| {
                c.is_whitespace()
                    || (split_commas && c == ',')
                    || catalog.delimiter.chars().count() == 1 && catalog.delimiter.starts_with(c)
            })
            .filter(|t| !t.is_empty())
        {
            if !names.iter().any(|n| n == token) {
                names.push(token.to_string());
            }
        }
    }
    names
}

/// The decoded `scope` parameter of a URL or query string (`+` and `%20` both mean
/// space), when `input` is one.
pub fn scope_parameter(input: &str) -> Option<String> {
    let input = input.trim();
    let query = if let Some((_, query)) = input.split_once('?') {
        query
    } else if input.starts_with("scope=") || input.contains("&scope=") {
        input
    } else {
        return None;
    };
    let query = query.split('#').next().unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "scope")
        .map(|(_, value)| value.into_owned())
}

/// Where scopes come from when none are given as arguments: stdin, unless it is a terminal.
pub fn with_stdin(inputs: &[String]) -> std::io::Result<Vec<String>> {
    let wants_stdin = inputs.is_empty() || inputs.iter().any(|i| i == "-");
    if !wants_stdin {
        return Ok(inputs.to_vec());
    }
    let stdin = std::io::stdin();
    let mut from_stdin = String::new();
    if !stdin.is_terminal() {
        stdin.lock().read_to_string(&mut from_stdin)?;
    }
    let mut all: Vec<String> = inputs.iter().filter(|i| *i != "-").cloned().collect();
    all.extend(from_stdin.lines().map(str::to_string));
    Ok(all)
}

/// Resolves inputs to scope ids; the first unknown name is an error with suggestions.
pub fn resolve(catalog: &Catalog, inputs: &[String]) -> Result<Vec<ScopeId>, UnknownScope> {
    let names = scope_names(catalog, inputs);
    catalog.lookup_all(names.iter().map(String::as_str))
}
