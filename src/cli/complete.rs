//! Shell completion (clap_complete's dynamic engine): the shell asks `scopex` itself, so
//! catalog ids include the user's own catalogs and scope names come from the catalog
//! already typed on the line.

use super::Failure;
use clap_complete::engine::CompletionCandidate;
use std::ffi::OsStr;

/// Catalog ids (built-in and the user's) and `.toml` files, starting with `current`.
pub fn catalogs(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    let mut ids: Vec<(String, String)> = crate::catalog::BUILTIN
        .iter()
        .map(|(id, _, _)| (id.to_string(), "built-in catalog".to_string()))
        .collect();
    for (id, path) in crate::catalog::user_catalogs() {
        ids.push((id, path.display().to_string()));
    }
    let mut candidates: Vec<CompletionCandidate> = ids
        .into_iter()
        .filter(|(id, _)| id.starts_with(prefix.as_ref()))
        .map(|(id, help)| CompletionCandidate::new(id).help(Some(help.into())))
        .collect();
    candidates.extend(toml_files(&prefix));
    candidates
}

/// `.toml` files and folders under the typed path.
fn toml_files(prefix: &str) -> Vec<CompletionCandidate> {
    let (folder, start) = match prefix.rfind('/') {
        Some(i) => (&prefix[..=i], &prefix[i + 1..]),
        None => ("", prefix),
    };
    let Ok(entries) = std::fs::read_dir(if folder.is_empty() { "." } else { folder }) else {
        return Vec::new();
    };
    let mut found: Vec<CompletionCandidate> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
                return None;
            }
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                Some(CompletionCandidate::new(format!("{folder}{name}/")))
            } else if name.ends_with(".toml") {
                Some(CompletionCandidate::new(format!("{folder}{name}")))
            } else {
                None
            }
        })
        .collect();
    found.sort_by(|a, b| a.get_value().cmp(b.get_value()));
    found
}

/// Scope names of the catalog (or profile's catalog) typed earlier on the line.
pub fn scopes(current: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    let Some(catalog) = typed_catalog() else {
        return Vec::new();
    };
    catalog
        .scopes
        .iter()
        .filter(|s| s.name.starts_with(prefix.as_ref()))
        .map(|s| {
            CompletionCandidate::new(s.name.to_string())
                .help(Some(s.description.to_string().into()))
        })
        .collect()
}

/// The catalog named on the command line being completed: the shell passes that line
/// after `--` (`scopex -- scopex minimize outreach pro`).
fn typed_catalog() -> Option<crate::catalog::Catalog> {
    // A word that is not UTF-8 names no catalog, but must not end the completion.
    let args: Vec<String> = std::env::args_os()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let line = &args[args.iter().position(|a| a == "--")? + 1..];
    // The words after the program name, without options and their values.
    let mut words = Vec::new();
    let mut skip_value = false;
    for word in line.iter().skip(1) {
        if skip_value {
            skip_value = false;
            continue;
        }
        if let Some(option) = word.strip_prefix("--") {
            skip_value = matches!(
                option,
                "select"
                    | "within"
                    | "profile"
                    | "format"
                    | "trust"
                    | "name"
                    | "client-id"
                    | "redirect-uri"
                    | "theme"
                    | "color"
            );
            continue;
        }
        words.push(word.as_str());
    }
    let commands = [
        "closure",
        "minimize",
        "explain",
        "check",
        "diff",
        "list",
        "search",
        "operations",
        "url",
    ];
    let spec = match words.as_slice() {
        [command, catalog, _, ..] if commands.contains(command) => *catalog,
        [catalog, ..] => *catalog,
        [] => return None,
    };
    if crate::profile::is_profile_path(spec) {
        return crate::profile::load(std::path::Path::new(spec))
            .ok()
            .map(|loaded| loaded.catalog);
    }
    crate::catalog::Catalog::resolve(spec).ok()
}

/// The completion set-up script for `shell`.
pub fn completion_script(shell: &str) -> Result<String, Failure> {
    use clap_complete::env::Shells;
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(shell) else {
        return Err(Failure::bad_input(format!(
            "no completion for the shell `{shell}`"
        )));
    };
    let mut script = Vec::new();
    completer
        .write_registration("COMPLETE", "scopex", "scopex", "scopex", &mut script)
        .map_err(|e| Failure::bad_input(format!("cannot write the script: {e}")))?;
    let script = String::from_utf8(script).map_err(Failure::bad_input)?;
    Ok(if shell == "bash" {
        bash_words_at_blanks(&script)
    } else {
        script
    })
}

/// The bash script's words as the user sees them. Bash splits the line at `:` and `=`
/// too (COMP_WORDBREAKS), so GitHub's `read:or` reached scopex as `read`, `:`, `or` and
/// nothing completed. The pieces bash made are glued back where the line has no blank
/// between them, and each answer loses what bash keeps of the word before its current
/// piece (`read:`), since bash replaces only that piece. A script not shaped as
/// expected is left as it is.
fn bash_words_at_blanks(script: &str) -> String {
    const WORDS: &str = r#"    local words=("${COMP_WORDS[@]}")
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        words[COMP_CWORD]="$2"
    fi
"#;
    const GLUED_WORDS: &str = r#"    local words=() _scopex_line="${COMP_LINE:0:COMP_POINT}" _scopex_i _scopex_piece _scopex_rest
    for (( _scopex_i = 0; _scopex_i <= COMP_CWORD; _scopex_i++ )); do
        _scopex_piece="${COMP_WORDS[_scopex_i]}"
        _scopex_rest="${_scopex_line#"${_scopex_line%%[![:space:]]*}"}"
        # The current piece as far as the cursor: all the line has left.
        (( _scopex_i == COMP_CWORD )) && _scopex_piece="$_scopex_rest"
        if (( _scopex_i > 0 )) && [[ "$_scopex_rest" == "$_scopex_line" ]]; then
            words[${#words[@]}-1]+="$_scopex_piece"
        else
            words+=("$_scopex_piece")
        fi
        _scopex_line="${_scopex_rest#"$_scopex_piece"}"
    done
    _CLAP_COMPLETE_INDEX=$(( ${#words[@]} - 1 ))
    # What bash keeps of the word: all but what it completes ($2: empty after a `:`).
    local _scopex_before="${words[_CLAP_COMPLETE_INDEX]%"$2"}"
"#;
    const REPLY: &str = r#"    if [[ $? != 0 ]]; then
        unset COMPREPLY
"#;
    const TRIMMED_REPLY: &str = r#"    local _scopex_status=$?
    [[ -n "$_scopex_before" ]] && COMPREPLY=( "${COMPREPLY[@]#"$_scopex_before"}" )
    if [[ $_scopex_status != 0 ]]; then
        unset COMPREPLY
"#;
    if !(script.contains(WORDS) && script.contains(REPLY)) {
        return script.to_string();
    }
    script
        .replacen(WORDS, GLUED_WORDS, 1)
        .replacen(REPLY, TRIMMED_REPLY, 1)
}
