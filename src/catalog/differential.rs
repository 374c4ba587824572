//! The fast reader against the TOML deserializer, for the fuzz targets and their corpus
//! replay: on any bytes, the two must accept and reject alike and build the same catalog.

use super::load::{parse_catalog_fast, parse_catalog_slow};
use super::{Catalog, Origin};

/// How the two readers disagree on `text`, if they do. The fast reader may give up (it
/// then hands the text to the deserializer); when it does not, its verdict must be the
/// deserializer's.
#[doc(hidden)]
pub fn readers_disagree(text: &str) -> Option<String> {
    let fast = parse_catalog_fast(text, "fuzz.toml", Origin::Builtin)?;
    let slow = parse_catalog_slow(text, "fuzz.toml", Origin::Builtin);
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

/// The first field in which two catalogs differ.
fn differences(fast: &Catalog, slow: &Catalog) -> Option<String> {
    macro_rules! same {
        ($($field:ident),*) => {
            $(
                if fast.$field != slow.$field {
                    return Some(format!(
                        "{}: fast {:?}, deserializer {:?}",
                        stringify!($field), fast.$field, slow.$field
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
        retrieved,
        revision,
        attribution,
        operations,
        tree_spec,
        resource_names,
        scopes,
        edges,
        origin
    );
    for (id, scope) in slow.scopes.iter().enumerate() {
        if fast.id_of(&scope.name) != Some(id) {
            return Some(format!("name index: `{}`", scope.name));
        }
    }
    None
}
