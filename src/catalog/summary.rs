//! What the picker and `scopex catalogs` show of a catalog: its top-level keys and how many
//! scopes and operations it has. For a built-in it is read from the top of the file and
//! a count of its table headers, without parsing the rest: listing eighteen built-ins
//! then costs well under a millisecond instead of parsing 18 MB of TOML. The test suite
//! checks that every built-in's summary is what loading it gives.

use super::file::head;
use super::{BUILTIN, Catalog};

/// A catalog's identity, provenance and size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub name: String,
    pub docs_url: Option<String>,
    pub source: Option<String>,
    pub authorize_url: Option<String>,
    pub token_url: Option<String>,
    pub delimiter: String,
    pub retrieved: Option<String>,
    pub revision: Option<String>,
    pub scopes: usize,
    pub operations: usize,
}

impl Summary {
    /// The summary of a loaded catalog (its operations are counted, not read).
    pub fn of(catalog: &Catalog) -> Summary {
        Summary {
            id: catalog.id.clone(),
            name: catalog.name.clone(),
            docs_url: catalog.docs_url.clone(),
            source: catalog.source.clone(),
            authorize_url: catalog.authorize_url.clone(),
            token_url: catalog.token_url.clone(),
            delimiter: catalog.delimiter.clone(),
            retrieved: catalog.retrieved.clone(),
            revision: catalog.revision.clone(),
            scopes: catalog.len(),
            operations: catalog.operation_count(),
        }
    }

    /// The summary of a catalog file known to load (a built-in): its top-level keys, and
    /// its `[[scope]]` and `[[operation]]` headers counted.
    fn read(text: &str) -> Summary {
        let head = head(text);
        let string = |key: &str| head.string(key).map(str::to_string);
        Summary {
            id: string("id").unwrap_or_default(),
            name: string("name").unwrap_or_default(),
            docs_url: string("docs_url"),
            source: string("source"),
            authorize_url: string("authorize_url"),
            token_url: string("token_url"),
            delimiter: string("delimiter").unwrap_or_else(|| " ".to_string()),
            retrieved: string("retrieved"),
            revision: string("revision"),
            scopes: headers(text, "[[scope]]"),
            operations: headers(text, "[[operation]]"),
        }
    }
}

/// The lines that are the table header `header`.
fn headers(text: &str, header: &str) -> usize {
    let ends_header = |rest: &[u8]| {
        matches!(
            rest.first(),
            None | Some(b'\n' | b'\r' | b' ' | b'\t' | b'#')
        )
    };
    let bytes = text.as_bytes();
    let first =
        usize::from(bytes.starts_with(header.as_bytes()) && ends_header(&bytes[header.len()..]));
    let with_newline = format!("\n{header}");
    first
        + memchr::memmem::find_iter(bytes, with_newline.as_bytes())
            .filter(|&at| ends_header(&bytes[at + with_newline.len()..]))
            .count()
}

/// The summaries of the built-in catalogs, in their order, without loading them.
pub fn builtin_summaries() -> Vec<Summary> {
    BUILTIN
        .iter()
        .map(|(_, _, text)| Summary::read(text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{BUILTIN, builtin};
    use super::*;

    #[test]
    fn every_builtin_summary_is_what_loading_it_gives() {
        let summaries = builtin_summaries();
        assert_eq!(summaries.len(), BUILTIN.len());
        for ((id, _, _), summary) in BUILTIN.iter().zip(summaries) {
            let catalog = builtin(id).expect("a built-in loads");
            let operations = catalog.operations().expect("its operations load").len();
            assert_eq!(summary, Summary::of(&catalog), "{id}");
            assert_eq!(summary.id, *id);
            assert_eq!(summary.operations, operations, "{id}");
        }
    }

    #[test]
    fn counts_header_lines_only() {
        let text = "[[scope]]\nname = \"a\"\ndescription = \"[[scope]] in text\"\n\n[[scope]] # b\nname = \"b\"\n[[scopes]]\n[[scope]]";
        assert_eq!(headers(text, "[[scope]]"), 3);
        assert_eq!(headers("", "[[scope]]"), 0);
    }
}
