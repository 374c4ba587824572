//! A fast reader for catalog files in the common shape: root keys, `[tree]`,
//! `[templates]`, `[resources]` and arrays of `[[scope]]`, `[[implies]]` and `[[rule]]`
//! tables with plain keys. It builds the raw catalog straight from the TOML parser's
//! events, without a document tree, and lexes the file in chunks so that the tokens of
//! the whole file never exist at once. It knows the file's structure (which tables there
//! are, and what arrays of names look like), not its keys: each table's keys, which are
//! required, and how their values are stored come from the table's declaration in
//! `raw.rs`, the one the deserializer uses too.
//!
//! It gives up (returns `None`) on anything it does not take or that is not right:
//! syntax errors, unknown or duplicate keys, values of the wrong type, quoted or dotted
//! keys outside `[templates]` and `[resources]`, inline tables. The caller then reads the
//! file with the full TOML deserializer, which reports the problem, so a file read here
//! gives exactly the raw catalog that the deserializer would give.
//!
//! Why this file is long: 390 of its lines are unit tests that compare it with the
//! serde reader on every shape of catalog; the reader itself is under 600.

use super::raw::{
    RawCatalog, RawImplies, RawNames, RawOperation, RawScope, RawTree, Table as _, Value,
};
use std::borrow::Cow;
use toml::Spanned;
use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::lexer::{Token, TokenKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace, parse_document};
use toml_parser::{ErrorSink, ParseError, Raw, Source, Span};

mod lines;

/// Tokens parsed at a time: a chunk ends at the first table header after this many.
const CHUNK_TOKENS: usize = 8 * 1024;

/// From this size on, the two halves of a file are read on two threads.
const PARALLEL_FROM: usize = if cfg!(test) { 4 * 1024 } else { 1024 * 1024 };

/// Reads `text` as a catalog, or `None` when the full deserializer has to.
pub(super) fn parse(text: &str) -> Option<RawCatalog<'_>> {
    read_span(text, 0, None)?.finish()
}

/// Reads the text before `end`, where a line starts with a table header, as a catalog.
pub(super) fn parse_head(text: &str, end: usize) -> Option<RawCatalog<'_>> {
    read_span(text, 0, Some(end))?.finish()
}

/// Reads the text from `start`, where a line starts with a table header, to the end:
/// `[[operation]]` tables and nothing else.
pub(super) fn parse_operations(text: &str, start: usize) -> Option<Vec<RawOperation<'_>>> {
    read_span(text, start, None)?.only_operations()
}

/// Reads `text` from `start` to `stop` or its end (both at the start of a line that
/// opens a table header, or of the text), in two halves on two threads when it is large.
fn read_span(text: &str, start: usize, stop: Option<usize>) -> Option<Builder<'_>> {
    let Some(middle) = middle_header(text, start, stop.unwrap_or(text.len())) else {
        return read(text, start, stop).ok()?;
    };
    let end = stop.unwrap_or(text.len());
    let halves = std::thread::scope(|scope| {
        let second = scope.spawn(|| read(text, middle, stop));
        // The first half's lists have room for the second's, which are moved in after:
        // no list is copied to a larger one (for 100,000 scopes that was 9 MB copied into
        // 18 MB of fresh memory).
        let first = read_into(
            text,
            start,
            Some(middle),
            count_headers(&text.as_bytes()[start..end]),
        );
        (first, second.join())
    });
    match halves {
        (Ok(first), Ok(Ok(second))) => first?.append(second?),
        // The middle line was inside a multi-line string: one thread reads it all.
        (Err(Mismatch), _) => read(text, start, stop).ok()?,
        _ => None,
    }
}

/// Where the second half of a large span of a file starts: the first `[` to begin a
/// line after its middle. It opens a table header unless it is inside a multi-line
/// string, which the first half's reader finds out.
fn middle_header(text: &str, start: usize, end: usize) -> Option<usize> {
    if end - start < PARALLEL_FROM {
        return None;
    }
    let half = start + (end - start) / 2;
    memchr::memmem::find(&text.as_bytes()[half..end], b"\n[").map(|at| half + at + 1)
}

/// The first half of a file ended inside a token, not at a line start.
struct Mismatch;

/// Reads `text` from `start` (the start of the text or of a table header's line) to its
/// end, or to `stop`, which must be where a line begins with `[`.
fn read(text: &str, start: usize, stop: Option<usize>) -> Result<Option<Builder<'_>>, Mismatch> {
    let end = stop.unwrap_or(text.len());
    read_into(
        text,
        start,
        stop,
        count_headers(&text.as_bytes()[start..end]),
    )
}

/// [`read`], with room for `scopes` scopes and `implies` implications.
fn read_into(
    text: &str,
    start: usize,
    stop: Option<usize>,
    (scopes, implies): (usize, usize),
) -> Result<Option<Builder<'_>>, Mismatch> {
    let end = stop.unwrap_or(text.len());
    let builder = || {
        let mut builder = Builder::new(Source::new(&text[start..]), start);
        builder.raw.scope.reserve(scopes);
        builder.raw.implies.reserve(implies);
        builder
    };
    // The usual layout is read line by line; anything else by tokens.
    match lines::read(builder(), text, start, end) {
        Some(read) => Ok(Some(read)),
        None => read_tokens(builder(), start, stop),
    }
}

/// [`read`] by the TOML lexer's tokens, into `builder`.
fn read_tokens<'s>(
    mut builder: Builder<'s>,
    start: usize,
    stop: Option<usize>,
) -> Result<Option<Builder<'s>>, Mismatch> {
    let source = builder.source;
    // The parser expects a stream that ends in end-of-input; the lexer makes that token
    // only at the very end, so chunks borrow one from an empty source.
    let Some(eof) = Source::new("").lex().find(|t| t.kind() == TokenKind::Eof) else {
        return Ok(None);
    };
    let mut chunk: Vec<Token> = Vec::with_capacity(CHUNK_TOKENS + 1024);
    let mut after_newline = true;
    for token in source.lex() {
        let kind = token.kind();
        let at = start + token.span().start();
        if let Some(stop) = stop
            && at >= stop
        {
            if at != stop || kind != TokenKind::LeftSquareBracket || !after_newline {
                return Err(Mismatch);
            }
            chunk.push(eof);
            break;
        }
        // A `[` first on a line opens a table header: multi-line strings are single
        // tokens, and a `[` in a multi-line array would leave the chunk before it with an
        // unclosed array, which is an error and ends the fast read.
        if kind == TokenKind::LeftSquareBracket && after_newline && chunk.len() >= CHUNK_TOKENS {
            chunk.push(eof);
            if builder.feed(&chunk).is_none() {
                return Ok(None);
            }
            chunk.clear();
        }
        after_newline = kind == TokenKind::Newline;
        chunk.push(token);
    }
    if builder.feed(&chunk).is_none() {
        return Ok(None);
    }
    Ok(builder.end())
}

/// What the line reader and the token reader make of `text`, each as text (the raw
/// catalog and what else was seen), where the line reader takes it: the two must agree.
pub(super) fn line_and_token_reads(text: &str) -> Option<(String, String)> {
    let builder = || Builder::new(Source::new(text), 0);
    let shown = |read: Option<Builder<'_>>| {
        let read = read.map(|mut b| {
            // In key order: a hash map's own order differs from one map to the next.
            let resources: std::collections::BTreeMap<_, _> =
                std::mem::take(&mut b.raw.resources).into_iter().collect();
            (
                b.root_keys,
                b.templates_seen,
                b.resources_seen,
                resources,
                b.raw,
            )
        });
        format!("{read:?}")
    };
    let lines = lines::read(builder(), text, 0, text.len())?;
    let tokens = read_tokens(builder(), 0, None).ok().flatten();
    Some((shown(Some(lines)), shown(tokens)))
}

/// How many `[[scope]]` and `[[implies]]` headers begin a line of `text`, counting those
/// inside multi-line strings too: room for the tables is made once, where growing the
/// lists as they are read copied them over and over (a large catalog's scopes take
/// megabytes). Only room: the reader decides what the file holds.
fn count_headers(text: &[u8]) -> (usize, usize) {
    let (mut scopes, mut implies) = (0, 0);
    let mut count = |line: &[u8]| {
        if line.starts_with(b"[[scope]]") {
            scopes += 1;
        } else if line.starts_with(b"[[implies]]") {
            implies += 1;
        }
    };
    count(text);
    for at in memchr::memmem::find_iter(text, b"\n[[") {
        count(&text[at + 1..]);
    }
    (scopes, implies)
}

/// The text of a basic string token (`"..."`) that needs no decoding: no escapes and
/// only characters a basic string may hold as they are. Most strings in a catalog are
/// like this, and taking them as they are skips the decoder's second pass over them.
/// `None` means the decoder must read it.
fn plain_basic_string(token: &str, encoding: Option<Encoding>) -> Option<&str> {
    if encoding != Some(Encoding::BasicString) {
        return None;
    }
    let inner = token.strip_prefix('"')?.strip_suffix('"')?;
    // TOML's basic-unescaped: tab, printable ASCII but `"` and `\`, and all non-ASCII
    // (the text is UTF-8 already). Folded without an early exit, so it vectorizes.
    let plain = inner.bytes().fold(true, |plain, b| {
        plain & (b == b'\t' || ((0x20..0x7F).contains(&b) && b != b'"' && b != b'\\') || b >= 0x80)
    });
    plain.then_some(inner)
}

/// Records whether the parser or the decoder found anything wrong.
#[derive(Default)]
struct Errors {
    any: bool,
}

impl ErrorSink for Errors {
    fn report_error(&mut self, _error: ParseError) {
        self.any = true;
    }
}

/// The table that the key-value pairs being read belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Root,
    Tree,
    Templates,
    Resources,
    Scope,
    Implies,
    Rule,
    Operation,
}

/// What the key being read names.
enum Key {
    /// A key of the current table: its index in the table's keys.
    Field(usize),
    /// A `[templates]` or `[resources]` entry.
    Entry(String),
}

/// An array value being read: its opening bracket, the names in it, and the arrays of
/// names in it, the last of which may be open still.
struct OpenArray<'s> {
    start: usize,
    names: RawNames<'s>,
    alternatives: Vec<Spanned<RawNames<'s>>>,
    inner: Option<(usize, RawNames<'s>)>,
}

/// The raw catalog as it is being read. Tables of an array are pushed when their header
/// is read, with placeholders for their required keys; `finish_table` checks those keys
/// were given. The keys of each table, and how their values are stored, come from its
/// declaration in `raw.rs`.
struct Builder<'s> {
    /// The text read, from `offset` in the file on.
    source: Source<'s>,
    offset: usize,
    failed: bool,
    section: Section,
    /// Keys given in the current table.
    seen: u64,
    /// Keys given in the top-level table.
    root_keys: u64,
    /// Inside a table header: its key once read.
    header: Option<Option<&'s str>>,
    /// The key whose value comes next.
    key: Option<Key>,
    /// Inside an array value.
    array: Option<OpenArray<'s>>,
    templates_seen: bool,
    resources_seen: bool,
    raw: RawCatalog<'s>,
}

impl<'s> Builder<'s> {
    fn new(source: Source<'s>, offset: usize) -> Builder<'s> {
        Builder {
            source,
            offset,
            failed: false,
            section: Section::Root,
            seen: 0,
            root_keys: 0,
            header: None,
            key: None,
            array: None,
            templates_seen: false,
            resources_seen: false,
            raw: RawCatalog::empty(),
        }
    }

    /// Parses one chunk of tokens; `None` once anything went wrong.
    fn feed(&mut self, tokens: &[Token]) -> Option<()> {
        let mut errors = Errors::default();
        let source = self.source;
        parse_document(
            tokens,
            &mut ValidateWhitespace::new(self, source),
            &mut errors,
        );
        (!errors.any && !self.failed).then_some(())
    }

    /// Ends the text read: the last table must be complete.
    fn end(mut self) -> Option<Builder<'s>> {
        if self.header.is_some() || self.key.is_some() || self.array.is_some() {
            return None;
        }
        self.finish_table();
        (!self.failed).then_some(self)
    }

    /// Adds what was read of the rest of the file, from a table header on.
    fn append(mut self, rest: Builder<'s>) -> Option<Builder<'s>> {
        let twice = (self.raw.tree.is_some() && rest.raw.tree.is_some())
            || (self.templates_seen && rest.templates_seen)
            || (self.resources_seen && rest.resources_seen);
        if rest.root_keys != 0 || twice {
            return None;
        }
        let raw = rest.raw;
        if raw.tree.is_some() {
            self.raw.tree = raw.tree;
        }
        if rest.templates_seen {
            self.raw.templates = raw.templates;
            self.templates_seen = true;
        }
        if rest.resources_seen {
            self.raw.resources = raw.resources;
            self.resources_seen = true;
        }
        self.raw.scope.extend(raw.scope);
        self.raw.implies.extend(raw.implies);
        self.raw.rule.extend(raw.rule);
        self.raw.operation.extend(raw.operation);
        Some(self)
    }

    /// The operations read, when nothing else was.
    fn only_operations(self) -> Option<Vec<RawOperation<'s>>> {
        let raw = self.raw;
        let other = self.root_keys != 0
            || raw.tree.is_some()
            || self.templates_seen
            || self.resources_seen
            || !raw.scope.is_empty()
            || !raw.implies.is_empty()
            || !raw.rule.is_empty();
        (!other).then_some(raw.operation)
    }

    /// The raw catalog, when its required top-level keys were given.
    fn finish(self) -> Option<RawCatalog<'s>> {
        let required = RawCatalog::REQUIRED;
        (self.root_keys & required == required).then_some(self.raw)
    }

    /// Checks that the table just read has its required keys.
    fn finish_table(&mut self) {
        let required = match self.section {
            // The top level's are checked once the whole file is read.
            Section::Root => {
                self.root_keys |= self.seen;
                0
            }
            Section::Templates | Section::Resources => 0,
            Section::Tree => RawTree::REQUIRED,
            Section::Scope => RawScope::REQUIRED,
            Section::Implies | Section::Rule => RawImplies::REQUIRED,
            Section::Operation => RawOperation::REQUIRED,
        };
        if self.seen & required != required {
            self.failed = true;
        }
        self.seen = 0;
    }

    /// Starts the table named by a header.
    fn open_table(&mut self, key: &str, is_array: bool) {
        self.finish_table();
        let raw = &mut self.raw;
        self.section = match (is_array, key) {
            (false, "tree") if raw.tree.is_none() => {
                raw.tree = Some(RawTree::empty());
                Section::Tree
            }
            (false, "templates") if !std::mem::replace(&mut self.templates_seen, true) => {
                Section::Templates
            }
            (false, "resources") if !std::mem::replace(&mut self.resources_seen, true) => {
                Section::Resources
            }
            (true, "scope") => {
                raw.scope.push(RawScope::empty());
                Section::Scope
            }
            (true, "implies") => {
                raw.implies.push(RawImplies::empty());
                Section::Implies
            }
            (true, "rule") => {
                raw.rule.push(RawImplies::empty());
                Section::Rule
            }
            (true, "operation") => {
                raw.operation.push(RawOperation::empty());
                Section::Operation
            }
            // A table the format does not have, or one defined twice.
            _ => {
                self.failed = true;
                return;
            }
        };
    }

    /// The index of `key` among the current table's keys.
    fn field(&self, key: &str) -> Option<usize> {
        match self.section {
            Section::Root => RawCatalog::key(key),
            Section::Tree => RawTree::key(key),
            Section::Scope => RawScope::key(key),
            Section::Implies | Section::Rule => RawImplies::key(key),
            Section::Operation => RawOperation::key(key),
            Section::Templates | Section::Resources => None,
        }
    }

    /// Stores the value of the current table's key `key`; `None` if it does not fit.
    fn set(&mut self, key: usize, value: Value<'s>) -> Option<()> {
        let raw = &mut self.raw;
        match self.section {
            Section::Root => raw.set(key, value),
            Section::Tree => raw.tree.as_mut()?.set(key, value),
            Section::Scope => raw.scope.last_mut()?.set(key, value),
            Section::Implies => raw.implies.last_mut()?.set(key, value),
            Section::Rule => raw.rule.last_mut()?.set(key, value),
            Section::Operation => raw.operation.last_mut()?.set(key, value),
            Section::Templates | Section::Resources => None,
        }
    }

    /// Where a span of the text read is in the file.
    fn range(&self, span: Span) -> std::ops::Range<usize> {
        self.offset + span.start()..self.offset + span.end()
    }

    /// The text of a token, with the encoding the decoder needs.
    fn raw(&self, span: Span, encoding: Option<Encoding>) -> Option<Raw<'s>> {
        let text = self.source.get(span)?.as_str();
        Some(Raw::new_unchecked(text, encoding, span))
    }

    /// A string value, decoded; `None` for any other value or a bad string.
    fn string(&self, span: Span, encoding: Option<Encoding>) -> Option<Spanned<Cow<'s, str>>> {
        encoding?;
        let raw = self.raw(span, encoding)?;
        if let Some(plain) = plain_basic_string(raw.as_str(), encoding) {
            return Some(Spanned::new(self.range(span), Cow::Borrowed(plain)));
        }
        let mut decoded = Cow::Borrowed("");
        let mut errors = Errors::default();
        let kind = raw.decode_scalar(&mut decoded, &mut errors);
        (kind == ScalarKind::String && !errors.any).then(|| Spanned::new(self.range(span), decoded))
    }

    /// A string or a boolean; `None` for any other value or a bad one.
    fn value(&self, span: Span, encoding: Option<Encoding>) -> Option<Value<'s>> {
        if encoding.is_some() {
            return self.string(span, encoding).map(Value::Str);
        }
        let raw = self.source.get(span)?;
        let mut errors = Errors::default();
        let ScalarKind::Boolean(flag) = raw.decode_scalar(&mut (), &mut errors) else {
            return None;
        };
        (!errors.any).then_some(Value::Bool(flag))
    }

    fn on_key(&mut self, span: Span, encoding: Option<Encoding>) -> Option<()> {
        let raw = self.raw(span, encoding)?;
        if let Some(header) = &mut self.header {
            // A second key in a header is a dotted one.
            if header.is_some() || encoding.is_some() {
                return None;
            }
            *header = Some(raw.as_str());
            return Some(());
        }
        if self.key.is_some() {
            return None;
        }
        self.key = Some(match self.section {
            Section::Templates | Section::Resources => {
                let mut decoded = Cow::Borrowed("");
                let mut errors = Errors::default();
                raw.decode_key(&mut decoded, &mut errors);
                if errors.any {
                    return None;
                }
                Key::Entry(decoded.into_owned())
            }
            _ => {
                if encoding.is_some() {
                    return None;
                }
                let field = self.field(raw.as_str())?;
                let bit = 1 << field;
                if self.seen & bit != 0 {
                    return None;
                }
                self.seen |= bit;
                Key::Field(field)
            }
        });
        Some(())
    }

    fn on_scalar(&mut self, span: Span, encoding: Option<Encoding>) -> Option<()> {
        if self.array.is_some() {
            let value = self.string(span, encoding)?;
            let array = self.array.as_mut()?;
            match &mut array.inner {
                Some((_, names)) => names.push(value),
                None => array.names.push(value),
            }
            return Some(());
        }
        match self.key.take()? {
            Key::Field(field) => {
                let value = self.value(span, encoding)?;
                self.set(field, value)
            }
            Key::Entry(key) => {
                let value = self.string(span, encoding)?.into_inner().into_owned();
                let duplicate = if self.section == Section::Templates {
                    self.raw.templates.insert(key, value).is_some()
                } else {
                    self.raw.resources.insert(key, value).is_some()
                };
                (!duplicate).then_some(())
            }
        }
    }

    /// An array opens: the value of a key, or an array of names inside it.
    fn on_array_open(&mut self, span: Span) -> Option<()> {
        let start = self.range(span).start;
        match (&mut self.array, &self.key) {
            (None, Some(Key::Field(_))) => {
                self.array = Some(OpenArray {
                    start,
                    names: Vec::new(),
                    alternatives: Vec::new(),
                    inner: None,
                });
            }
            (
                Some(OpenArray {
                    inner: inner @ None,
                    ..
                }),
                _,
            ) => {
                *inner = Some((start, Vec::new()));
            }
            _ => return None,
        }
        Some(())
    }

    fn on_array_close(&mut self, span: Span) -> Option<()> {
        let end = self.range(span).end;
        let array = self.array.as_mut()?;
        if let Some((start, names)) = array.inner.take() {
            array.alternatives.push(Spanned::new(start..end, names));
            return Some(());
        }
        let array = self.array.take()?;
        let Key::Field(field) = self.key.take()? else {
            return None;
        };
        let value = Value::Array {
            span: array.start..end,
            names: array.names,
            alternatives: array.alternatives,
        };
        self.set(field, value)
    }

    /// Runs `step` unless reading already failed, and notes a failure.
    fn step(&mut self, step: impl FnOnce(&mut Self) -> Option<()>) {
        if !self.failed && step(self).is_none() {
            self.failed = true;
        }
    }
}

impl EventReceiver for Builder<'_> {
    fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.step(|b| {
            if b.key.is_some() || b.header.is_some() {
                return None;
            }
            b.header = Some(None);
            Some(())
        });
    }
    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.step(|b| {
            let key = b.header.take()??;
            b.open_table(key, false);
            Some(())
        });
    }
    fn array_table_open(&mut self, span: Span, error: &mut dyn ErrorSink) {
        self.std_table_open(span, error);
    }
    fn array_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.step(|b| {
            let key = b.header.take()??;
            b.open_table(key, true);
            Some(())
        });
    }
    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.failed = true;
        false
    }
    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.failed = true;
    }
    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.step(|b| b.on_array_open(span));
        !self.failed
    }
    fn array_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.step(|b| b.on_array_close(span));
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        self.step(|b| b.on_key(span, encoding));
    }
    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        // Dotted keys.
        self.failed = true;
    }
    fn scalar(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        self.step(|b| b.on_scalar(span, encoding));
    }
    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.failed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::super::load::{parse_at_once, parse_catalog_fast, parse_catalog_slow};
    use super::super::{BUILTIN, Catalog, Origin, parse_catalog};

    /// Every field of two catalogs, and their indexes, agree.
    #[track_caller]
    fn assert_same(fast: &Catalog, slow: &Catalog, what: &str) {
        if let Some(difference) = super::super::differential::differences(fast, slow) {
            panic!("{what}: {difference}");
        }
    }

    /// The fast reader takes `text` and gives what the deserializer gives.
    fn assert_fast_reads(text: &str, what: &str) -> Catalog {
        let fast = parse_catalog_fast(text, what, Origin::Builtin)
            .unwrap_or_else(|| panic!("{what}: the fast reader gave up"))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let slow = parse_catalog_slow(text, what, Origin::Builtin)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_same(&fast, &slow, what);
        fast
    }

    #[test]
    fn a_scope_as_read_is_small() {
        // Every scope of a file is held as read until the catalog is built: 100,000
        // scopes at 184 bytes were 18 MB of fresh memory, zeroed by the system.
        assert!(
            size_of::<super::RawScope<'_>>() <= 88,
            "{}",
            size_of::<super::RawScope<'_>>()
        );
    }

    #[test]
    fn reads_builtin_catalogs_as_the_deserializer_does() {
        for (id, _, text) in BUILTIN {
            assert_fast_reads(text, id);
        }
    }

    #[test]
    fn room_for_the_tables_is_made_once() {
        for seed in 0..3 {
            // One thread (under `PARALLEL_FROM`) and two.
            for size in [10, 3000] {
                let text = scopex_synth::generate(size, seed);
                let raw = super::parse(&text).expect("reads");
                let implies = text.matches("\n[[implies]]").count();
                assert_eq!(super::count_headers(text.as_bytes()), (size, implies));
                assert_eq!((raw.scope.len(), raw.implies.len()), (size, implies));
                if text.len() < super::PARALLEL_FROM {
                    assert_eq!(raw.scope.capacity(), size, "never grown");
                    assert_eq!(raw.implies.capacity(), implies, "never grown");
                }
            }
        }
        // Headers first in the text, after a CRLF, and in a multi-line string (room only).
        let text = "[[scope]]\r\n[[implies]]\nx = \"\"\"\n[[scope]]\n\"\"\"\n [[scope]]\n";
        assert_eq!(super::count_headers(text.as_bytes()), (2, 1));
    }

    #[test]
    fn reads_synthetic_catalogs_as_the_deserializer_does() {
        // Seeds 0, 1 and 2 are the three naming styles; 3000 scopes make several chunks.
        for seed in 0..3 {
            for size in [300, 3000] {
                let text = scopex_synth::generate(size, seed);
                let catalog = assert_fast_reads(&text, &format!("synth {size} seed {seed}"));
                assert_eq!(catalog.len(), size);
            }
        }
    }

    /// A synthetic catalog with `count` operations after its scopes, each needing one or
    /// two of them.
    fn with_operations(scopes: usize, count: usize) -> String {
        let mut text = scopex_synth::generate(scopes, 0);
        let catalog = parse_catalog(&text, "synth", Origin::Builtin).expect("synth loads");
        for n in 0..count {
            let a = catalog.name(n % scopes);
            let b = catalog.name((n * 7 + 3) % scopes);
            text.push_str(&format!(
                "\n[[operation]]\nid = \"op{n}\"\nmethod = \"GET\"\npath = \"/v1/op{n}/{{id}}\"\ndescription = \"Operation {n}\"\nrequires = [[\"{a}\"], [\"{b}\", \"{a}\"]]\n"
            ));
        }
        text
    }

    #[test]
    fn reads_operations_as_the_deserializer_does() {
        // Enough operations for several chunks and both threads.
        let text = with_operations(300, 3000);
        let catalog = assert_fast_reads(&text, "operations");
        assert_eq!(catalog.operations().expect("operations").len(), 3000);
        assert!(super::middle_header(&text, 0, text.len()).is_some());
    }

    #[test]
    fn operations_at_the_end_are_read_on_first_use_as_at_once() {
        let text = with_operations(300, 3000);
        let lazy = parse_catalog(&text, "ops", Origin::Builtin).expect("loads");
        assert!(
            !lazy.operations.is_read(),
            "read before they were asked for"
        );
        assert_eq!(lazy.operation_count(), 3000);
        let at_once = parse_at_once(&text, "ops", Origin::Builtin).expect("loads");
        assert!(at_once.operations.is_read());
        assert_same(&lazy, &at_once, "lazy");
        assert!(lazy.operations.is_read());
        // Built-ins, Google's 27,724 operations among them.
        for (id, file, text) in BUILTIN {
            let lazy = super::super::builtin(id).expect("a built-in loads");
            let expected = super::super::operations::operations_start(text).is_some();
            assert_eq!(!lazy.operations.is_read(), expected, "{id}");
            let at_once = parse_at_once(text, file, Origin::Builtin).expect("loads");
            assert_eq!(lazy.operation_count(), at_once.operation_count(), "{id}");
            assert_same(&lazy, &at_once, id);
        }
    }

    #[test]
    fn a_problem_in_operations_read_later_is_placed_as_when_read_at_once() {
        let good = with_operations(300, 50);
        let broken = [
            (
                "unknown scope",
                good.replacen("requires = [[\"", "requires = [[\"nope", 1),
            ),
            ("duplicate id", good.replace("id = \"op7\"", "id = \"op3\"")),
            (
                "no alternative",
                good.replacen("requires = [[\"", "requires = [] # [[\"", 1),
            ),
            (
                "bad method",
                good.replacen("method = \"GET\"", "method = \"get\"", 1),
            ),
            (
                "unknown key",
                good.replacen("method = \"GET\"", "verb = \"GET\"", 1),
            ),
            (
                "bad TOML",
                good.replacen("method = \"GET\"", "method = GET", 1),
            ),
            (
                "literal string",
                good.replacen("\"Operation 4\"", "'Operation 4'", 1),
            ),
        ];
        for (what, text) in broken {
            assert_ne!(text, good, "{what}");
            let lazy = parse_catalog(&text, "ops.toml", Origin::Builtin).expect(what);
            let at_once = parse_catalog_slow(&text, "ops.toml", Origin::Builtin);
            match (lazy.operations(), at_once) {
                (Err(lazy), Err(at_once)) => assert_eq!(lazy, at_once, "{what}"),
                (Ok(lazy), Ok(at_once)) => {
                    assert_eq!(what, "literal string");
                    assert_eq!(lazy, at_once.operations().expect("read"));
                }
                (lazy, at_once) => panic!("{what}: {lazy:?} but {at_once:?}"),
            }
        }
    }

    #[test]
    fn only_operations_at_the_end_wait() {
        use super::super::operations::operations_start;
        let text = with_operations(30, 3);
        let (start, count) = operations_start(&text).expect("at the end");
        assert!(text[start..].starts_with("[[operation]]\n"));
        assert_eq!(count, 3);
        for (what, other) in [
            (
                "a scope after them",
                format!("{text}\n[[scope]]\nname = \"late\"\n"),
            ),
            ("an indented table", format!("{text}\n  [tree]\n")),
            (
                "a header with more",
                text.replacen("[[operation]]\n", "[[operation]].x\n", 2),
            ),
            (
                "a multi-line array",
                text.replacen("requires = [[", "requires = [\n[", 1),
            ),
        ] {
            assert_ne!(other, text, "{what}");
            assert_eq!(operations_start(&other), None, "{what}");
            // Read at once, as before.
            let loaded = parse_catalog(&other, what, Origin::Builtin);
            let slow = parse_catalog_slow(&other, what, Origin::Builtin);
            assert_eq!(loaded.is_ok(), slow.is_ok(), "{what}");
            if let Ok(loaded) = loaded {
                assert!(loaded.operations.is_read(), "{what}");
            }
        }
        assert_eq!(operations_start(&scopex_synth::generate(30, 0)), None);
    }

    #[test]
    fn reads_a_file_whose_middle_is_inside_a_multi_line_string() {
        let mut text = scopex_synth::generate(300, 0);
        text.push_str("\n[[scope]]\nname = \"zz:odd\"\ndescription = \"\"\"\n");
        text.push_str(&"[[scope]]\nname = \"not:a:scope\"\n".repeat(4000));
        text.push_str("\"\"\"\n");
        let middle =
            super::middle_header(&text, 0, text.len()).expect("large enough for two threads");
        assert!(super::read(&text, 0, Some(middle)).is_err());
        let catalog = assert_fast_reads(&text, "middle in a string");
        assert_eq!(catalog.len(), 301);
    }

    /// What the decoder makes of a basic string token, `None` where it reports an error.
    fn decoded(token: &str) -> Option<String> {
        let raw = toml_parser::Raw::new_unchecked(
            token,
            Some(toml_parser::decoder::Encoding::BasicString),
            toml_parser::Span::new_unchecked(0, token.len()),
        );
        let mut out = std::borrow::Cow::Borrowed("");
        let mut errors = super::Errors::default();
        let kind = raw.decode_scalar(&mut out, &mut errors);
        (kind == toml_parser::decoder::ScalarKind::String && !errors.any).then(|| out.into_owned())
    }

    #[test]
    fn plain_strings_are_taken_as_the_decoder_reads_them() {
        let encoding = Some(toml_parser::decoder::Encoding::BasicString);
        for token in [
            "\"\"",
            "\"Read calls\"",
            "\"tab\there, café, 日本\"",
            "\"a \\\" quote\"",
            "\"a \\\\ backslash\"",
            "\"\\u00e9\"",
            "\"bell \u{7}\"",
            "\"delete \u{7f}\"",
            "\"unterminated",
            "\"",
        ] {
            match super::plain_basic_string(token, encoding) {
                Some(plain) => assert_eq!(decoded(token).as_deref(), Some(plain), "{token:?}"),
                // Escapes and bad characters are left to the decoder.
                None => assert!(
                    token.contains('\\') || decoded(token).is_none(),
                    "{token:?} is plain but was not taken"
                ),
            }
        }
        // Only basic strings.
        assert_eq!(super::plain_basic_string("'x'", None), None);
    }

    proptest::proptest! {
        #[test]
        fn a_plain_string_is_exactly_what_the_decoder_gives(text in "[\\PC\t\u{0}-\u{1f}\u{7f}\"\\\\]{0,12}") {
            let token = format!("\"{text}\"");
            if let Some(plain) = super::plain_basic_string(&token, Some(toml_parser::decoder::Encoding::BasicString)) {
                let decoded = decoded(&token);
                proptest::prop_assert_eq!(decoded.as_deref(), Some(plain));
            } else {
                // Not plain: it has an escape or a character the decoder rejects.
                proptest::prop_assert!(text.contains('\\') || decoded(&token).is_none());
            }
        }
    }

    /// The same catalog written in TOML that the fast reader leaves to the deserializer.
    const PLAIN: &str = r#"id = "odd"
name = "Odd"
delimiter = ","
retrieved = "2026-12-01"
revision = "v2"
attribution = "CC BY 4.0"

[tree]
separator = "."

[templates]
read = "Read {resource}"

[resources]
users = "people"

[[scope]]
name = "users.read"

[[scope]]
name = "users.write"
description = "Write users"
parent = "users.read"

[[scope]]
name = "users.old"
description = "Old users"
deprecated = "use users.read"

[[implies]]
from = "users.write"
to = ["users.read"]
evidence = "documented"
note = "a note"

[[implies]]
from = "users.write"
to = ["users.old"]
evidence = "derived"

[[operation]]
id = "users.list"
method = "GET"
path = "/users"
description = "Lists users."
requires = [["users.read"], ["users.write", "users.old"]]

[[operation]]
id = "users.purge"
requires = [["users.write"]]
"#;

    #[test]
    fn files_in_other_toml_shapes_load_through_the_deserializer() {
        let plain = assert_fast_reads(PLAIN, "plain");
        let odd = [
            (
                "inline table",
                PLAIN.replace("[tree]\nseparator = \".\"\n", "").replace(
                    "delimiter = \",\"",
                    "delimiter = \",\"\ntree = { separator = \".\" }",
                ),
            ),
            (
                "dotted key",
                PLAIN.replace("[tree]\nseparator", "tree.separator"),
            ),
            (
                "quoted key",
                PLAIN.replace("\nname = \"Odd\"", "\n\"name\" = \"Odd\""),
            ),
            (
                "literal string",
                PLAIN.replace("\"Write users\"", "'Write users'"),
            ),
            (
                "multi-line string",
                PLAIN.replace("\"Write users\"", "\"\"\"\\\n    Write users\"\"\""),
            ),
            (
                "comments everywhere",
                PLAIN
                    .replace("\n[", "\n# a table\n[")
                    .replace("\"\n", "\" # a value\n")
                    .replace("]\n", "] # a header\n"),
            ),
            ("CRLF line ends", PLAIN.replace('\n', "\r\n")),
            (
                "multi-line requires",
                PLAIN.replace(
                    "[[\"users.read\"], [\"users.write\", \"users.old\"]]",
                    "[\n[\"users.read\"],\n  [\"users.write\",\n\"users.old\"], # two\n]",
                ),
            ),
            (
                "multi-line array",
                PLAIN.replace("[\"users.read\"]", "[\n  \"users.read\", # the one\n]"),
            ),
        ];
        for (what, text) in odd {
            assert_ne!(text, PLAIN, "{what}: the edit did not apply");
            let loaded = parse_catalog(&text, what, Origin::Builtin)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            let slow = parse_catalog_slow(&text, what, Origin::Builtin)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_same(&loaded, &slow, what);
            assert_same(&loaded, &plain, what);
            // Where the fast reader takes the file, it must read it the same way.
            if let Some(fast) = parse_catalog_fast(&text, what, Origin::Builtin) {
                let fast = fast.unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_same(&fast, &slow, what);
            }
        }
    }

    #[test]
    fn gives_up_on_what_it_does_not_take() {
        let cases = [
            PLAIN.replace("[tree]\nseparator", "tree.separator"),
            PLAIN.replace("\nname = \"Odd\"", "\n\"name\" = \"Odd\""),
            PLAIN.replace("evidence = \"documented\"", "evidence = { a = 1 }"),
            PLAIN.replace("evidence = \"documented\"", "evidence = \"rumour\""),
            PLAIN.replace("note = \"a note\"", "note = 3"),
            PLAIN.replace("delimiter = \",\"", "delimiter = \",\"\ncolour = \"red\""),
            PLAIN.replace("name = \"Odd\"", "name = \"Odd\"\nname = \"Even\""),
            PLAIN.replace("[resources]", "[resources]\nusers = \"again\""),
            PLAIN.replace("[[implies]]", "[tree]\n\n[[implies]]"),
            PLAIN.replace("evidence = \"documented\"\n", ""),
            PLAIN.replace("name = \"users.read\"", "name = \"users.read"),
            PLAIN.replace("[tree]", "# a bell \u{7}\n[tree]"),
            PLAIN.replace("[tree]", "# fine\r\r\n[tree]"),
            format!("{PLAIN}\n[[scope]]\n"),
            PLAIN.replace("[[\"users.write\"]]", "[\"users.write\"]"),
            PLAIN.replace("[[\"users.write\"]]", "[[[\"users.write\"]]]"),
            PLAIN.replace("id = \"users.purge\"\n", ""),
            PLAIN.replace("evidence = \"derived\"", "evidence = \"derive\""),
            PLAIN.replace(
                "revision = \"v2\"",
                "revision = \"v2\"\nretrieved = \"2026-12-02\"",
            ),
        ];
        // A table defined in both halves of a file read on two threads.
        let mut twice = scopex_synth::generate(300, 1);
        assert!(twice.contains("\n[templates]\n"));
        twice.push_str("\n[templates]\nextra = \"Extra {resource}\"\n");
        assert!(super::middle_header(&twice, 0, twice.len()).is_some());
        assert!(super::parse(&twice).is_none());
        for text in cases {
            assert_ne!(text, PLAIN);
            assert!(super::parse(&text).is_none(), "{text}");
        }
    }
}
