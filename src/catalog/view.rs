//! The scope texts of a cached catalog, read from its compiled form (see `cache.rs`)
//! without building the catalog: names, descriptions and which scopes are deprecated,
//! all a search needs. No scope list, name index, edge or note is made, so a warm
//! `scopex search` costs little more than reading the compiled form once.
//!
//! The cache file is checked as when the whole catalog is read from it (format, build,
//! the source's hash and length, the payload's hash, every record's range); any failure
//! means `None`, and the caller loads the catalog, which rebuilds the cache. The payload's
//! hash, which reads the whole file, is checked on another thread while the texts are
//! searched ([`UncheckedTexts::with`]), and nothing found is given out before it checks.

use super::ScopeId;
use super::cache::{self, Lookup, NONE, Reader, SCOPE_RECORD};
use super::mapped::Bytes;
#[cfg(test)]
use super::mask::byte_mask;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

/// The names and descriptions of a catalog's scopes, in catalog order, in one buffer.
#[derive(Debug)]
pub struct ScopeTexts {
    /// The whole cache file; the text is its first `text_len` bytes.
    bytes: Arc<Bytes>,
    text_len: usize,
    scopes: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    name: (u32, u32),
    description: (u32, u32),
    current: bool,
    /// The [`byte_mask`]s of the name and the description.
    masks: [u64; 2],
}

impl ScopeTexts {
    /// Those of the catalog file at `path`, when the cache holds it. The file is not
    /// read when its hash is remembered (see `known.rs`); else it is read whole to be
    /// hashed, and a miss gives it to the caller to parse, so that a first run reads and
    /// hashes it once.
    pub(super) fn of_file(path: &Path) -> Lookup<UncheckedTexts> {
        let Some(dir) = cache::cache_dir() else {
            return Lookup::Missed;
        };
        let Ok(hashed) = super::known::hash_file(&cache::known_in(&dir), path) else {
            return Lookup::Missed;
        };
        if hashed.len >= cache::MIN_BYTES as u64
            && let Some(texts) = ScopeTexts::read(&dir, hashed.hash, hashed.len)
        {
            return Lookup::Found(texts);
        }
        Lookup::missed(hashed)
    }

    /// Those of the catalog whose text is `text`, when the cache holds it.
    /// `hash` is the text's content hash when it is known (a built-in's, taken at build
    /// time).
    pub(super) fn of_text(text: &str, hash: Option<u128>) -> Option<UncheckedTexts> {
        let dir = cache::cache_dir().filter(|_| text.len() >= cache::MIN_BYTES)?;
        let hash = hash.unwrap_or_else(|| cache::content_hash(text));
        ScopeTexts::read(&dir, hash, text.len() as u64)
    }

    fn read(dir: &Path, hash: u128, source_len: u64) -> Option<UncheckedTexts> {
        ScopeTexts::decode(Bytes::of(&cache::file_in(dir, hash))?, hash, source_len)
    }

    /// The texts a cache file holds, if it is one for a source text of `source_len`
    /// bytes hashed `hash`, and sound but perhaps for its payload's hash, which is being
    /// checked.
    fn decode(bytes: Bytes, hash: u128, source_len: u64) -> Option<UncheckedTexts> {
        let trailer = cache::trailer(bytes.as_slice(), hash, source_len)?;
        let bytes = Arc::new(bytes);
        let check = Check::start(&bytes, trailer);
        let all = bytes.as_slice();
        let (payload_len, blob_len) = (trailer.payload_len, trailer.blob_len);
        let mut r = Reader {
            bytes: all.get(blob_len..payload_len)?,
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
        r.u8()?; // paths_case_insensitive
        for _ in 0..r.u32()? {
            r.str()?;
        }
        // methods_interchangeable
        for _ in 0..r.u32()? {
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
        // The resource tree: its titles and nodes.
        for _ in 0..r.u32()? {
            r.str()?;
        }
        let nodes = r.u32()? as usize;
        r.take(nodes.checked_mul(cache::NODE_RECORD)?)?;
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
            // Past the other piece (`only_in`), the parent and the composite flag.
            r.take(8 + 4 + 1)?;
            scopes.push(Entry {
                name,
                description,
                current,
                masks: [r.u64()?, r.u64()?],
            });
        }
        // The text is checked to be UTF-8 once, as a whole (most of it is ASCII, which
        // is checked a word at a time), and each piece to lie in it between characters,
        // so that a piece is UTF-8 without checking it again each time it is read.
        let text = std::str::from_utf8(all.get(..blob_len)?).ok()?;
        let fits = |(start, end): (u32, u32)| {
            start <= end
                && end as usize <= blob_len
                && text.is_char_boundary(start as usize)
                && text.is_char_boundary(end as usize)
        };
        if !scopes.iter().all(|e| fits(e.name) && fits(e.description))
            || !reasons.into_iter().all(fits)
        {
            return None;
        }
        Some(UncheckedTexts {
            texts: ScopeTexts {
                bytes: Arc::clone(&bytes),
                text_len: blob_len,
                scopes,
            },
            check,
        })
    }

    /// How many scopes the catalog has.
    pub fn count(&self) -> usize {
        self.scopes.len()
    }

    /// A piece of the text; one of the records' pieces, which [`ScopeTexts::decode`]
    /// checked.
    fn piece(&self, (start, end): (u32, u32)) -> &str {
        let text = self
            .bytes
            .as_slice()
            .get(..self.text_len)
            .unwrap_or_default();
        let Some(piece) = text.get(start as usize..end as usize) else {
            return "";
        };
        // SAFETY: `decode` found the whole text UTF-8 and both ends of this piece on
        // character boundaries in it, so the piece is UTF-8. The bytes are the ones it
        // checked: an owned buffer, or a read-only mapping of a cache file, which is only
        // ever replaced by a rename, never written in place (see `mapped.rs`).
        unsafe { std::str::from_utf8_unchecked(piece) }
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

    /// The [`byte_mask`]s of the name and the description of `scope`.
    pub fn masks(&self, scope: ScopeId) -> [u64; 2] {
        self.scopes.get(scope).map_or([0; 2], |e| e.masks)
    }
}

/// A [`ScopeTexts`] read from a cache file whose payload hash is being checked.
#[derive(Debug)]
pub struct UncheckedTexts {
    texts: ScopeTexts,
    check: Check,
}

impl UncheckedTexts {
    /// Runs `work` on the texts while the cache file's payload hash is checked: the texts
    /// and what `work` gave when it checks, `None` when it does not (the file is damaged;
    /// loading the catalog rebuilds it).
    pub fn with<R>(self, work: impl FnOnce(&ScopeTexts) -> R) -> Option<(ScopeTexts, R)> {
        if let Check::Done(false) = self.check {
            return None;
        }
        let found = work(&self.texts);
        let sound = match self.check {
            Check::Done(sound) => sound,
            Check::Running(check) => check.join().unwrap_or(false),
        };
        sound.then_some((self.texts, found))
    }
}

/// Files from this size on have their payload hash checked on a thread of its own (below
/// it, starting one costs more than it saves). Tests check every file on its own thread.
const CHECK_APART_FROM: usize = if cfg!(test) { 1 } else { 1 << 20 };

/// The check of a cache file's payload hash.
#[derive(Debug)]
enum Check {
    Done(bool),
    Running(JoinHandle<bool>),
}

impl Check {
    fn start(bytes: &Arc<Bytes>, trailer: cache::Trailer) -> Check {
        if trailer.payload_len >= CHECK_APART_FROM {
            let file = Arc::clone(bytes);
            let started = std::thread::Builder::new()
                .name("cache-check".into())
                .spawn(move || trailer.payload_checks(file.as_slice()));
            if let Ok(running) = started {
                return Check::Running(running);
            }
        }
        Check::Done(trailer.payload_checks(bytes.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::cache::{content_hash, encode, rehashed};
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
        ScopeTexts::decode(
            Bytes::Read(bytes.to_vec()),
            content_hash(text),
            text.len() as u64,
        )?
        .with(|_| ())
        .map(|(texts, ())| texts)
    }

    fn assert_same(texts: &ScopeTexts, catalog: &Catalog, what: &str) {
        assert_eq!(texts.count(), catalog.len(), "{what}");
        for (id, scope) in catalog.scopes.iter().enumerate() {
            assert_eq!(texts.name(id), &*scope.name, "{what}");
            assert_eq!(texts.description(id), &*scope.description, "{what}");
            assert_eq!(texts.is_current(id), scope.deprecated.is_none(), "{what}");
            assert_eq!(
                texts.masks(id),
                [
                    byte_mask(scope.name.as_bytes()),
                    byte_mask(scope.description.as_bytes())
                ],
                "{what}"
            );
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
    fn a_compiled_catalog_reads_from_its_file() {
        let text = scopex_synth::generate(500, 6);
        let bytes = compiled(&text).expect("cached");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("compiled");
        std::fs::write(&path, &bytes).expect("written");
        let texts = ScopeTexts::decode(
            Bytes::of(&path).expect("it opens"),
            content_hash(&text),
            text.len() as u64,
        )
        .and_then(|unchecked| unchecked.with(|_| ()))
        .expect("it reads")
        .0;
        assert_same(&texts, &parsed(&text), "from the file");
        std::fs::write(&path, b"").expect("written");
        assert!(Bytes::of(&path).is_none_or(|b| b.as_slice().is_empty()));
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

    #[test]
    fn a_text_that_is_not_utf8_gives_nothing_even_when_its_hash_checks() {
        let text = scopex_synth::generate(300, 3).replacen(
            "description = \"",
            "description = \"Lire les caf\u{e9}s, ",
            1,
        );
        let bytes = compiled(&text).expect("cached");
        assert!(texts_of(&rehashed(bytes.clone()), &text).is_some());
        let found = |needle: &[u8]| {
            bytes
                .windows(needle.len())
                .position(|w| w == needle)
                .expect("in the file")
        };
        let e = found("caf\u{e9}s".as_bytes()) + 3;
        // Half a character.
        let mut broken = bytes.clone();
        broken[e + 1] = b'x';
        assert!(texts_of(&rehashed(broken), &text).is_none());
        // A description cut inside its `é`: its record's end moved back into it.
        let texts = texts_of(&bytes, &text).expect("it reads");
        let description = (0..texts.count())
            .map(|id| texts.description(id))
            .find(|d| d.starts_with("Lire les caf"))
            .expect("the description");
        let start = found(b"Lire les caf");
        let offset = |at: usize| u32::try_from(at).expect("small").to_le_bytes();
        let pair = [offset(start), offset(start + description.len())].concat();
        let at = found(&pair);
        let mut cut = bytes.clone();
        cut[at + 4..at + 8].copy_from_slice(&offset(e + 1));
        assert!(texts_of(&rehashed(cut.clone()), &text).is_none());
        // The same record ending after the `é` reads.
        cut[at + 4..at + 8].copy_from_slice(&offset(e + 2));
        let texts = texts_of(&rehashed(cut), &text).expect("it reads");
        assert!(
            (0..texts.count()).any(|id| texts.description(id) == "Lire les caf\u{e9}"),
            "the shortened description"
        );
    }

    #[test]
    fn what_is_found_in_a_file_whose_hash_fails_is_not_given_out() {
        let text = scopex_synth::generate(300, 4);
        let bytes = compiled(&text).expect("cached");
        let decode = |bytes: &[u8]| {
            ScopeTexts::decode(
                Bytes::Read(bytes.to_vec()),
                content_hash(&text),
                text.len() as u64,
            )
        };
        let (texts, count) = decode(&bytes)
            .expect("sound")
            .with(|texts| texts.count())
            .expect("it checks");
        assert_eq!(count, texts.count());
        assert_same(&texts, &parsed(&text), "checked on a thread of its own");
        // A letter of the text changed: every piece still in range and UTF-8, so only
        // the payload's hash tells.
        let mut damaged = bytes.clone();
        let at = damaged
            .iter()
            .position(u8::is_ascii_lowercase)
            .expect("a letter");
        damaged[at] = if damaged[at] == b'a' { b'b' } else { b'a' };
        let unchecked = decode(&damaged).expect("read before its hash is checked");
        let mut ran = false;
        assert!(unchecked.with(|_| ran = true).is_none());
        assert!(ran, "the work ran while the hash was checked");
    }

    #[test]
    fn a_search_of_the_texts_finds_what_a_search_of_the_catalog_does() {
        let text = scopex_synth::generate(2_000, 8);
        let texts = texts_of(&compiled(&text).expect("cached"), &text).expect("it reads");
        let catalog = parsed(&text);
        let searcher = crate::search::Searcher::default();
        for query in [
            "p",
            "pho",
            "phonelines",
            "greet",
            "voice greet",
            "sms write",
            "zzqxj",
            "calls:read",
            "Read",
            "'read ^calls",
            "!read write",
            "read | zz",
            "9",
            "ph0",
        ] {
            assert_eq!(
                searcher.search(&texts, query),
                searcher.search(&catalog, query),
                "{query:?}"
            );
            assert_eq!(
                searcher.search_unmarked(&texts, query),
                searcher.search_unmarked(&catalog, query),
                "{query:?}"
            );
        }
    }
}
