//! Scopes as users give them: separate arguments, one delimited string, lines on stdin,
//! or a whole authorize URL whose `scope` (and Slack's `user_scope`) parameter is read.

use crate::catalog::{Catalog, ScopeId, UnknownScope};
use std::collections::HashSet;
use std::io::IsTerminal;

/// Splits raw inputs into scope names, in order, without duplicates. An input that is a
/// scope of the catalog is taken as it is, even when it looks like a URL or `scope=` form.
/// An authorize URL gives the scopes of its `scope` parameter and of Slack's `user_scope`
/// (the user token's scopes, asked for by the same URL); a URL without either, or with one
/// of them repeated, is an error.
pub fn scope_names(catalog: &Catalog, inputs: &[String]) -> Result<Vec<String>, InputError> {
    scope_names_and_repeats(catalog, inputs).map(|(names, _)| names)
}

/// [`scope_names`], and each name given more than once (once each, in the order its
/// second mention came).
pub fn scope_names_and_repeats(
    catalog: &Catalog,
    inputs: &[String],
) -> Result<(Vec<String>, Vec<String>), InputError> {
    // Commas separate scopes in token responses and GitHub's headers; they are only
    // treated as separators when no scope of the catalog contains one.
    let split_commas = !catalog.scopes.iter().any(|s| s.name.contains(','));
    let single_delimiter = {
        let mut chars = catalog.delimiter.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    let multi_delimiter = (single_delimiter.is_none() && !catalog.delimiter.is_empty())
        .then_some(catalog.delimiter.as_str());
    let mut names: Vec<String> = Vec::new();
    let mut repeats: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut add = |name: &str| {
        if seen.insert(name.to_string()) {
            names.push(name.to_string());
        } else if !repeats.iter().any(|r| r == name) {
            repeats.push(name.to_string());
        }
    };
    for input in inputs {
        let trimmed = input.trim();
        if catalog.id_of(trimmed).is_some() {
            add(trimmed);
            continue;
        }
        let texts = match scope_parameters(input)? {
            Some(values) => values,
            None if trimmed.contains("://") && !is_scope_form(catalog, trimmed) => {
                return Err(InputError::NoScopeParameter(trimmed.to_string()));
            }
            None => vec![input.clone()],
        };
        for text in &texts {
            let pieces: Vec<&str> = match multi_delimiter {
                Some(delimiter) => text.split(delimiter).collect(),
                None => vec![text.as_str()],
            };
            for piece in pieces {
                for token in piece
                    .split(|c: char| {
                        c.is_whitespace()
                            || (split_commas && c == ',')
                            || single_delimiter == Some(c)
                    })
                    .filter(|t| !t.is_empty())
                {
                    add(token);
                }
            }
        }
    }
    Ok((names, repeats))
}

/// Whether `input`, which looks like a URL, is rather meant as scope names of a catalog
/// whose scopes are URLs (Google's `https://www.googleapis.com/auth/drive`): it has no
/// query and is not the catalog's authorize URL. A misspelt scope is then told as an
/// unknown scope with the closest real ones, not as a URL that names none.
fn is_scope_form(catalog: &Catalog, input: &str) -> bool {
    if input.contains('?') {
        return false;
    }
    let is_authorize_url = catalog.authorize_url.as_deref().is_some_and(|url| {
        let base = url.split(['?', '#']).next().unwrap_or(url);
        input.split('#').next().unwrap_or(input) == base
    });
    !is_authorize_url && catalog.scopes.iter().any(|s| s.name.contains("://"))
}

/// Scope input that cannot be read as scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// A URL without a `scope` parameter.
    NoScopeParameter(String),
    /// A URL that gives a scope parameter more than once.
    RepeatedParameter {
        url: String,
        parameter: &'static str,
    },
    /// Names that are not in the catalog (at least one), in the order given.
    Unknown(Vec<UnknownScope>),
}

/// At most this many problems of one kind are told one by one; the rest are counted.
pub const TOLD: usize = 10;

/// Several problems as one message, a line each (the first [`TOLD`], then how many more
/// `what`), for [`super::output::error`], which puts `scopex: ` before the first.
pub fn problems(lines: &[String], what: &str) -> String {
    let mut text = lines[..lines.len().min(TOLD)].join("\nscopex: ");
    if lines.len() > TOLD {
        text.push_str(&format!("\nscopex: and {} more {what}", lines.len() - TOLD));
    }
    text
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::NoScopeParameter(url) => write!(
                f,
                "the URL `{url}` has no `scope` parameter, so it names no scopes"
            ),
            InputError::RepeatedParameter { url, parameter } => write!(
                f,
                "the URL `{url}` gives the `{parameter}` parameter more than once, so which \
                 scopes it asks for is ambiguous: give `{parameter}` once"
            ),
            InputError::Unknown(unknown) => {
                let lines: Vec<String> = unknown.iter().map(ToString::to_string).collect();
                let catalog = unknown.first().map_or("", |u| u.catalog.as_str());
                let what = format!("names not in the {catalog} catalog");
                f.write_str(&problems(&lines, &what))
            }
        }
    }
}

impl std::error::Error for InputError {}

/// The parameters of an authorize URL that carry scopes: `scope`, and Slack's
/// `user_scope` (the scopes of the user token the same URL asks for).
pub const SCOPE_PARAMETERS: [&str; 2] = ["scope", "user_scope"];

/// The decoded scope parameters ([`SCOPE_PARAMETERS`], in that order; `+` and `%20` both
/// mean space) of a URL or query string, when `input` is one and has at least one. A
/// parameter given twice is an error: which one is meant cannot be known.
pub fn scope_parameters(input: &str) -> Result<Option<Vec<String>>, InputError> {
    let input = input.trim();
    let query = if let Some((_, query)) = input.split_once('?') {
        query
    } else if SCOPE_PARAMETERS.iter().any(|name| {
        input
            .strip_prefix(name)
            .is_some_and(|rest| rest.starts_with('='))
            || input.contains(&format!("&{name}="))
    }) {
        input
    } else {
        return Ok(None);
    };
    let query = query.split('#').next().unwrap_or(query);
    let mut found: [Option<String>; 2] = [None, None];
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let Some(slot) = SCOPE_PARAMETERS.iter().position(|name| key == *name) else {
            continue;
        };
        if found[slot].is_some() {
            return Err(InputError::RepeatedParameter {
                url: input.to_string(),
                parameter: SCOPE_PARAMETERS[slot],
            });
        }
        found[slot] = Some(value.into_owned());
    }
    let values: Vec<String> = found.into_iter().flatten().collect();
    Ok((!values.is_empty()).then_some(values))
}

/// Where scopes come from when none are given as arguments: stdin, unless it is a terminal.
/// What cannot be read there (text that is not UTF-8, with its line and column) is told
/// in the error.
pub fn with_stdin(inputs: &[String]) -> Result<Vec<String>, String> {
    given_with_stdin(inputs).map(|(all, _)| all)
}

/// [`with_stdin`], and whether anything was given at all: an argument, or stdin with at
/// least one byte (a blank line is an empty scope list, not nothing).
pub fn given_with_stdin(inputs: &[String]) -> Result<(Vec<String>, bool), String> {
    let wants_stdin = inputs.is_empty() || inputs.iter().any(|i| i == "-");
    if !wants_stdin {
        return Ok((inputs.to_vec(), true));
    }
    let from_stdin = if std::io::stdin().is_terminal() {
        String::new()
    } else {
        use crate::catalog::file::{ReadFailure, read_stdin_text};
        read_stdin_text("stdin").map_err(|failure| match failure {
            ReadFailure::Io(e) => e.to_string(),
            ReadFailure::NotUtf8(at) => {
                let what = at.message.split(": ").next().unwrap_or("invalid UTF-8");
                format!("line {}, column {}: {what}", at.line, at.column)
            }
        })?
    };
    let given = !inputs.is_empty() || !from_stdin.is_empty();
    let mut all: Vec<String> = inputs.iter().filter(|i| *i != "-").cloned().collect();
    // A byte-order mark (Windows editors write one) is not part of the first scope.
    let from_stdin = from_stdin.strip_prefix('\u{feff}').unwrap_or(&from_stdin);
    all.extend(from_stdin.lines().map(str::to_string));
    Ok((all, given))
}

/// Resolves inputs to scope ids; the first unknown name is an error with suggestions.
pub fn resolve(catalog: &Catalog, inputs: &[String]) -> Result<Vec<ScopeId>, InputError> {
    let names = scope_names(catalog, inputs)?;
    lookup(catalog, &names)
}

/// The ids of scope `names`, or every name that is not in the catalog.
pub fn lookup(catalog: &Catalog, names: &[String]) -> Result<Vec<ScopeId>, InputError> {
    let mut ids = Vec::with_capacity(names.len());
    let mut unknown = Vec::new();
    for name in names {
        match catalog.id_of(name) {
            Some(id) => ids.push(id),
            None => unknown.push(UnknownScope {
                name: name.clone(),
                catalog: catalog.name.clone(),
                // Suggestions cost a scan of the catalog: only for the names told.
                suggestions: if unknown.len() < TOLD {
                    catalog.suggest(name)
                } else {
                    Vec::new()
                },
            }),
        }
    }
    if unknown.is_empty() {
        Ok(ids)
    } else {
        Err(InputError::Unknown(unknown))
    }
}

/// Appends the scopes of `extra` that `selection` does not hold yet, in order, each once.
/// A bit set remembers what is there: searching the list for each scope would cost the square
/// of a long `--select`.
pub fn add_missing(selection: &mut Vec<ScopeId>, extra: impl IntoIterator<Item = ScopeId>) {
    let mut present = fixedbitset::FixedBitSet::new();
    let mut seen = |id: ScopeId| {
        if id >= present.len() {
            present.grow(id + 1);
        }
        present.put(id)
    };
    selection.iter().for_each(|&id| {
        seen(id);
    });
    selection.extend(extra.into_iter().filter(|&id| !seen(id)));
}

/// A count of 1 or more (`search -n`: showing no match at all would read as none found).
pub(super) fn at_least_one(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(0) => Err("must be 1 or more".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::{add_missing, scope_names};
    use crate::catalog::builtin;
    #[cfg(unix)]
    use std::time::Duration;

    /// The processor time this thread has used. Unlike the wall clock it does not count
    /// the time other programs on a busy machine hold the processor, so a ratio of two
    /// such times is decided by the work measured.
    #[cfg(unix)]
    fn thread_time() -> Duration {
        let mut now = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `now` is a valid, writable timespec; the clock id is a constant the
        // platform defines.
        let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
        assert_eq!(status, 0, "the thread's processor clock is readable");
        Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
    }

    #[cfg(unix)]
    fn tokens(count: usize) -> Vec<String> {
        let text: Vec<String> = (0..count).map(|i| format!("scope{i}")).collect();
        vec![text.join(" ")]
    }

    /// The quickest of a few runs: the least disturbed by other work on the machine.
    #[cfg(unix)]
    fn quickest(inputs: &[String]) -> Duration {
        let outreach = builtin("outreach").expect("outreach is built in");
        (0..3)
            .map(|_| {
                let start = thread_time();
                let names = scope_names(&outreach, inputs).expect("plain names");
                let elapsed = thread_time() - start;
                assert_eq!(names.len(), inputs[0].split(' ').count());
                elapsed
            })
            .min()
            .expect("three runs")
    }

    #[test]
    fn duplicates_go_in_order() {
        let outreach = builtin("outreach").expect("outreach is built in");
        let inputs = ["b a b".to_string(), "c,a".to_string()];
        assert_eq!(
            scope_names(&outreach, &inputs).expect("plain names"),
            ["b", "a", "c"]
        );
    }

    /// Sixteen times the tokens cost about sixteen times the time (256 when quadratic);
    /// the margin is wide so that a busy machine cannot decide the outcome.
    #[cfg(unix)]
    #[test]
    fn distinct_tokens_take_linear_time() {
        let small = quickest(&tokens(10_000));
        let large = quickest(&tokens(160_000));
        assert!(
            large < small * 64,
            "16x the tokens took {:.1}x the time ({small:?} → {large:?})",
            large.as_secs_f64() / small.as_secs_f64()
        );
    }

    #[test]
    fn added_scopes_go_in_order_once() {
        let mut selection = vec![3, 1];
        add_missing(&mut selection, [1, 4, 3, 4, 0]);
        assert_eq!(selection, [3, 1, 4, 0]);
    }

    /// The quickest of a few runs of adding `count` new scopes to `count` others,
    /// `times` times over.
    #[cfg(unix)]
    fn quickest_add(count: usize, times: usize) -> Duration {
        (0..5)
            .map(|_| {
                let lists: Vec<Vec<usize>> = (0..times).map(|_| (0..count).collect()).collect();
                let start = thread_time();
                for mut selection in lists {
                    add_missing(&mut selection, count..2 * count);
                    assert_eq!(selection.len(), 2 * count);
                }
                thread_time() - start
            })
            .min()
            .expect("five runs")
    }

    /// Adding 160,000 scopes once against adding 10,000 sixteen times: the same work when
    /// it is linear, 16x when quadratic. Processor time, the quickest of five runs and a
    /// wide margin keep a busy machine from deciding.
    #[cfg(unix)]
    #[test]
    fn many_added_scopes_take_linear_time() {
        let small = quickest_add(10_000, 16);
        let large = quickest_add(160_000, 1);
        assert!(
            large < small * 4,
            "16x the scopes took {:.1}x the time of 16 runs of the smaller ({small:?} → {large:?})",
            large.as_secs_f64() / small.as_secs_f64()
        );
    }
}
