//! The fast reader against the TOML deserializer, for the fuzz targets and their corpus
//! replay: on any bytes, the two must accept and reject alike and build the same catalog.
//! So must the loader that leaves the operations at the end of a file for later, once
//! they are read.

use super::load::{parse_catalog_fast, parse_catalog_slow};
use super::{Catalog, CatalogError, Origin, parse_catalog};

/// How the readers disagree on `text`, if they do. The fast reader may give up (it
/// then hands the text to the deserializer); when it does not, its verdict must be the
/// deserializer's. The loader's verdict, operations read, must be the deserializer's,
/// and where both reject the text, for the same reason at the same place.
#[doc(hidden)]
pub fn readers_disagree(text: &str) -> Option<String> {
    if let Some((lines, tokens)) = super::fast::line_and_token_reads(text)
        && lines != tokens
    {
        return Some(format!(
            "the line reader reads {lines}, the token reader {tokens}"
        ));
    }
    let slow = whole(parse_catalog_slow(text, "fuzz.toml", Origin::Builtin));
    let loaded = whole(parse_catalog(text, "fuzz.toml", Origin::Builtin));
    match (&loaded, &slow) {
        (Ok(loaded), Ok(slow)) => {
            if let Some(difference) = differences(loaded, slow) {
                return Some(format!("the loader and the deserializer: {difference}"));
            }
        }
        (Err(loaded), Err(slow)) if loaded != slow => {
            return Some(format!(
                "the loader reports `{loaded}`, the deserializer `{slow}`"
            ));
        }
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) => {
            return Some(format!(
                "the loader accepts what the deserializer rejects: {e}"
            ));
        }
        (Err(e), Ok(_)) => {
            return Some(format!(
                "the loader rejects what the deserializer accepts: {e}"
            ));
        }
    }
    let fast = whole(parse_catalog_fast(text, "fuzz.toml", Origin::Builtin)?);
    match (fast, slow) {
        (Ok(_), Err(e)) => Some(format!(
            "the fast reader accepts what the deserializer rejects: {e}"
        )),
        (Err(e), Ok(_)) => Some(format!(
            "the fast reader rejects what the deserializer accepts: {e}"
        )),
        (Err(_), Err(_)) => None,
        (Ok(fast), Ok(slow)) => differences(&fast, &slow),
    }
}

/// A catalog with its operations read, or the first problem.
fn whole(loaded: Result<Catalog, CatalogError>) -> Result<Catalog, CatalogError> {
    let catalog = loaded?;
    catalog.operations()?;
    Ok(catalog)
}

/// The first field in which two catalogs differ. Every field of `Catalog` is named here,
/// so a new one is compared too.
pub(super) fn differences(fast: &Catalog, slow: &Catalog) -> Option<String> {
    macro_rules! same {
        ($($field:ident),*; $($answered:ident),*) => {
            let Catalog { $($field,)* $($answered: _,)* } = slow;
            $(
                if fast.$field != *$field {
                    return Some(format!(
                        "{}: fast {:?}, deserializer {:?}",
                        stringify!($field), fast.$field, $field
                    ));
                }
            )*
        };
    }
    same!(
        id,
        name,
        docs_url,
        source,
        authorize_url,
        token_url,
        delimiter,
        token_page,
        retrieved,
        revision,
        attribution,
        paths,
        tree_spec,
        resource_names,
        scopes,
        edges,
        origin;
        // Compared through what they answer, below.
        operations,
        index,
        out_edges,
        in_edges,
        tree,
        tree_job
    );
    if fast.tree() != slow.tree() {
        return Some("the resource tree".to_string());
    }
    if fast.operations() != slow.operations() {
        return Some(format!(
            "operations: fast {:?}, deserializer {:?}",
            fast.operations(),
            slow.operations()
        ));
    }
    if fast.operation_count() != slow.operation_count() {
        return Some("the count of operations".to_string());
    }
    for (id, scope) in slow.scopes.iter().enumerate() {
        if fast.id_of(&scope.name) != Some(id) {
            return Some(format!("name index: `{}`", scope.name));
        }
        if !fast.edges_from(id).eq(slow.edges_from(id)) || !fast.edges_to(id).eq(slow.edges_to(id))
        {
            return Some(format!("the edges of `{}`", scope.name));
        }
    }
    for (n, op) in slow.read_operations().iter().enumerate() {
        if fast.operation_id_of(&op.id) != Some(n) {
            return Some(format!("operation index: `{}`", op.id));
        }
    }
    None
}
