//! The scope texts of a cached catalog, read from its compiled form (see `cache.rs`)
//! without building the catalog: names, descriptions and which scopes are deprecated,
//! all a search needs. No scope list, name index, edge or note is made, so a warm
//! `scopex search` costs little more than reading the compiled form once.
//!
//! The cache file is checked as when the whole catalog is read from it (format, build,
//! the source's hash and length, the payload's hash, every record's range); any failure
//! means `None`, and the caller loads the catalog, which rebuilds the cache.

use super::ScopeId;
use super::cache::{self, NONE, Reader, SCOPE_RECORD};
use std::path::Path;

/// The names and descriptions of a catalog's scopes, in catalog order, in one buffer.
#[derive(Debug)]
pub struct ScopeTexts {
    text: String,
    scopes: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    name: (u32, u32),
    description: (u32, u32),
    current: bool,
}

impl ScopeTexts {
    /// Those of the catalog file at `path`, when the cache holds it. The file is hashed
    /// (read through a small buffer), not read whole.
    pub fn of_file(path: &Path) -> Option<ScopeTexts> {
        let dir = cache::cache_dir()?;
        let (hash, len) = cache::hash_file(path).ok()?;
        if len < cache::MIN_BYTES as u64 {
            return None;
        }
        ScopeTexts::read(&dir, hash, len)
    }

    /// Those of the catalog whose text is `text`, when the cache holds it.
    pub fn of_text(text: &str) -> Option<ScopeTexts> {
        let dir = cache::cache_dir().filter(|_| text.len() >= cache::MIN_BYTES)?;
        ScopeTexts::read(&dir, cache::content_hash(text), text.len() as u64)
    }

    fn read(dir: &Path, hash: u128, source_len: u64) -> Option<ScopeTexts> {
        let bytes = std::fs::read(cache::file_in(dir, hash)).ok()?;
        ScopeTexts::decode(bytes, hash, source_len)
    }

    /// The texts a cache file holds, if it is sound and one for a source text of
    /// `source_len` bytes hashed `hash`.
    pub(super) fn decode(mut bytes: Vec<u8>, hash: u128, source_len: u64) -> Option<ScopeTexts> {
        let (payload_len, blob_len) = cache::payload(&bytes, hash, source_len)?;
        let mut r = Reader {
            bytes: bytes.get(blob_len..payload_len)?,
            at: 0,
        };
        // What `cache::decode` reads before the scopes, skipped.
        if r.str()? != cache::build_stamp() {
            return None;
        }
        r.str()?;
        r.str()?;
        for _ in 0..4 {
            r.opt_string()?;
        }
        r.str()?;
        for _ in 0..7 {
            r.opt_string()?;
        }
        for _ in 0..r.u32()? {
            r.str()?;
            r.str()?;
        }
        match r.u8()? {
            0 => {}
            1 => {
                r.u64()?;
                r.u64()?;
            }
            _ => return None,
        }
        for _ in 0..r.u32()? {
            r.str()?;
        }
        let count = r.u32()? as usize;
        let records = r.take(count.checked_mul(SCOPE_RECORD)?)?;
        let edges = r.u32()? as usize;
        r.take(edges.checked_mul(cache::EDGE_RECORD)?)?;
        if r.at != r.bytes.len() {
            return None;
        }
        let mut scopes = Vec::with_capacity(count);
        // Only whether a scope is deprecated is kept, not why; the reason's place is
        // checked like the others.
        let mut reasons = Vec::new();
        for record in records.chunks_exact(SCOPE_RECORD) {
            let mut r = Reader {
                bytes: record,
                at: 0,
            };
            let mut pair = || Some((r.u32()?, r.u32()?));
            let (name, description, deprecated) = (pair()?, pair()?, pair()?);
            let current = deprecated == (NONE, NONE);
            if !current {
                reasons.push(deprecated);
            }
            scopes.push(Entry {
                name,
                description,
                current,
            });
        }
        bytes.truncate(blob_len);
        let text = String::from_utf8(bytes).ok()?;
        let fits = |(start, end): (u32, u32)| text.get(start as usize..end as usize).is_some();
        if !scopes.iter().all(|e| fits(e.name) && fits(e.description))
            || !reasons.into_iter().all(fits)
        {
            return None;
        }
        Some(ScopeTexts { text, scopes })
    }

    /// How many scopes the catalog has.
    pub fn count(&self) -> usize {
        self.scopes.len()
    }

    fn piece(&self, (start, end): (u32, u32)) -> &str {
        // Checked when read: in range, at char boundaries.
        self.text
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    pub fn name(&self, scope: ScopeId) -> &str {
        self.scopes.get(scope).map_or("", |e| self.piece(e.name))
    }

    pub fn description(&self, scope: ScopeId) -> &str {
        self.scopes
            .get(scope)
            .map_or("", |e| self.piece(e.description))
    }

    /// Not deprecated.
    pub fn is_current(&self, scope: ScopeId) -> bool {
        self.scopes.get(scope).is_some_and(|e| e.current)
    }
}

#[cfg(test)]
mod tests {
    use super::super::cache::{content_hash, encode};
    use super::super::load::parse_kept;
    use super::super::operations::SourceText;
    use super::super::{BUILTIN, Catalog, Origin};
    use super::*;
    use std::sync::Arc;

    fn parsed(text: &str) -> Catalog {
        let keep = SourceText::Shared(Arc::new(text.to_string()));
        parse_kept(text, "test.toml", Origin::Builtin, move || keep).expect("it loads")
    }

    fn compiled(text: &str) -> Option<Vec<u8>> {
        encode(&parsed(text), text, content_hash(text))
    }

    fn texts_of(bytes: &[u8], text: &str) -> Option<ScopeTexts> {
        ScopeTexts::decode(bytes.to_vec(), content_hash(text), text.len() as u64)
    }

    fn assert_same(texts: &ScopeTexts, catalog: &Catalog, what: &str) {
        assert_eq!(texts.count(), catalog.len(), "{what}");
        for (id, scope) in catalog.scopes.iter().enumerate() {
            assert_eq!(texts.name(id), &*scope.name, "{what}");
            assert_eq!(texts.description(id), &*scope.description, "{what}");
            assert_eq!(texts.is_current(id), scope.deprecated.is_none(), "{what}");
        }
    }

    #[test]
    fn the_texts_of_a_compiled_catalog_are_its_scopes_texts() {
        let mut sources: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|(id, _, text)| (id.to_string(), text.to_string()))
            .collect();
        sources.push(("synth".into(), scopex_synth::generate(2_000, 5)));
        sources.push((
            "deprecated".into(),
            "id = \"d\"\nname = \"D\"\n\
             [[scope]]\nname = \"read\"\ndescription = \"Read all\"\ndeprecated = \"use é\"\n\
             [[scope]]\nname = \"read:all\"\ndescription = \"Lire les cafés\"\n"
                .into(),
        ));
        for (what, text) in &sources {
            let Some(bytes) = compiled(text) else {
                continue;
            };
            let texts = texts_of(&bytes, text).expect("it reads");
            assert_same(&texts, &parsed(text), what);
        }
    }

    #[test]
    fn a_damaged_or_foreign_compiled_catalog_gives_nothing() {
        let text = scopex_synth::generate(300, 1);
        let bytes = compiled(&text).expect("cached");
        for end in 0..bytes.len() {
            assert!(texts_of(&bytes[..end], &text).is_none(), "cut at {end}");
        }
        for at in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x20;
            assert!(texts_of(&damaged, &text).is_none(), "byte {at} changed");
        }
        let other = scopex_synth::generate(300, 2);
        assert!(texts_of(&bytes, &other).is_none(), "another source's");
        assert!(texts_of(&[&bytes[..], b"x"].concat(), &text).is_none());
    }
}
