//! Reading catalog and profile files safely, and telling them apart.
//!
//! A profile's `catalog` key and the config folder can make scopex open any path, so
//! only regular files are read (a FIFO would block forever, `/dev/zero` would never
//! end), up to [`MAX_FILE_BYTES`], and a file that is neither a catalog nor a profile
//! never has its content echoed in an error.

use super::Located;
use super::raw::{RawCatalog, Table as _};
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use toml_parser::lexer::TokenKind;
use toml_parser::parser::{EventReceiver, parse_document};
use toml_parser::{ErrorSink, ParseError, Source, Span};

/// The largest catalog or profile file read: 256 MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug)]
pub enum ReadFailure {
    Io(std::io::Error),
    /// Read, but not UTF-8: where the first bad byte is.
    NotUtf8(Located),
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] as UTF-8 text. `file` names it in
/// a located error.
pub fn read_text(path: &Path, file: &str) -> Result<String, ReadFailure> {
    let bytes = read_bytes(path).map_err(ReadFailure::Io)?;
    utf8(bytes, file)
}

/// Reads standard input as text, up to [`MAX_FILE_BYTES`]: for a file the user pipes in
/// on purpose (`scopex validate /dev/stdin`).
pub fn read_stdin_text(file: &str) -> Result<String, ReadFailure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadFailure::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadFailure::Io(too_large()));
    }
    utf8(bytes, file)
}

/// Does `path` name standard input (`-` or `/dev/stdin`)?
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-") || path == Path::new("/dev/stdin")
}

/// `bytes` as text, or a located error at the first byte that is not UTF-8.
pub(super) fn utf8(bytes: Vec<u8>, file: &str) -> Result<String, ReadFailure> {
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        let bytes = error.into_bytes();
        let byte = bytes.get(at).copied().unwrap_or_default();
        // The text before the bad byte is valid; the rest of its line is not shown.
        let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
        let mut located = Located::new(
            file,
            valid,
            Some(at..at),
            format!("invalid UTF-8 (byte 0x{byte:02x}): the file must be UTF-8 text"),
        );
        if kind(valid) == FileKind::Unknown {
            located.hide_source();
        }
        ReadFailure::NotUtf8(located)
    })
}

/// The top-level keys of a catalog or profile file, reading no more of it than needed:
/// its first 64 KiB, or all of it when its top-level table runs longer.
pub fn read_head(path: &Path) -> std::io::Result<Head> {
    const PREFIX: u64 = 64 * 1024;
    let bytes = read_bytes_up_to(path, PREFIX)?;
    let whole = (bytes.len() as u64) < PREFIX;
    // Only whole lines: a key cut in two is no key.
    let end = if whole {
        bytes.len()
    } else {
        memchr::memrchr(b'\n', &bytes).map_or(0, |i| i + 1)
    };
    let text = String::from_utf8_lossy(&bytes[..end]);
    let head = head(&text);
    if whole || head.first_table.is_some() {
        return Ok(head);
    }
    let bytes = read_bytes(path)?;
    Ok(self::head(&String::from_utf8_lossy(&bytes)))
}

/// A regular file of at most [`MAX_FILE_BYTES`], read whole.
pub(super) fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = read_bytes_up_to(path, MAX_FILE_BYTES + 1)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Up to `limit` bytes of a regular file of at most [`MAX_FILE_BYTES`].
fn read_bytes_up_to(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    // Room for the whole file and one byte more, so that it is read straight into place
    // (a reader through `take` knows no size and grows its buffer as it goes: copies, and
    // pages touched twice) and its end is seen without growing.
    let size = file.metadata().map_or(0, |meta| meta.len()).min(limit);
    // A large file is read to be parsed: the allocations that follow are large too.
    super::heap::expect_file(size);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A regular file of at most [`MAX_FILE_BYTES`], opened for reading.
pub(super) fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let not_regular = |what: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{what}, not a regular file"),
        )
    };
    let check = |metadata: &std::fs::Metadata| -> std::io::Result<()> {
        let kind = metadata.file_type();
        if kind.is_dir() {
            return Err(not_regular("it is a folder"));
        }
        if !kind.is_file() {
            return Err(not_regular("it is a device, FIFO or socket"));
        }
        if metadata.len() > MAX_FILE_BYTES {
            return Err(too_large());
        }
        Ok(())
    };
    // Checked before opening: opening a FIFO blocks until a writer comes.
    check(&std::fs::metadata(path)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Should the path be swapped for a FIFO meanwhile, opening it does not block.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    check(&file.metadata()?)?;
    Ok(file)
}

fn too_large() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "it is larger than {} MiB, the most scopex reads",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// What a TOML file is, by its top-level keys and tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Catalog,
    /// An integration profile: it names its catalog.
    Profile,
    /// Neither: its content is never shown in errors.
    Unknown,
}

/// Keys only a profile has at the top level (`catalog` decides it).
const PROFILE_KEYS: &[&str] = &["client_id", "redirect_uri"];

/// Keys both have.
const SHARED_KEYS: &[&str] = &["name", "scope"];

/// Is `key` a key or a table only a catalog has at the top level?
fn only_in_catalogs(key: &str) -> bool {
    let known = |keys: &[&str]| keys.contains(&key);
    (known(RawCatalog::KEYS) || known(RawCatalog::TABLES)) && !known(SHARED_KEYS)
}

/// Tells a catalog from a profile by the keys of the top-level table and the first
/// table header, read with the TOML lexer: text inside strings never counts.
pub fn kind(text: &str) -> FileKind {
    let head = head(text);
    let has = |keys: &[&str]| head.keys.iter().any(|(k, _)| keys.contains(&k.as_str()));
    let first_table = head.first_table.as_deref();
    if head.keys.iter().any(|(k, _)| k == "catalog") {
        FileKind::Profile
    } else if head.keys.iter().any(|(k, _)| only_in_catalogs(k))
        || first_table.is_some_and(only_in_catalogs)
    {
        FileKind::Catalog
    } else if has(PROFILE_KEYS) {
        FileKind::Profile
    } else if !has(&["id"]) && first_scope_is_a_profiles(text, &head) {
        // A catalog always has an `id`, a profile never: a `[[scope]]` with a name and at
        // most a reason, under no `id`, is a profile that does not name its catalog.
        FileKind::Profile
    } else if has(SHARED_KEYS) || first_table.is_some_and(|t| SHARED_KEYS.contains(&t)) {
        FileKind::Catalog
    } else {
        FileKind::Unknown
    }
}

/// Is the first table `[[scope]]` with keys a profile's scope has (`name`, `reason`) and
/// no other?
fn first_scope_is_a_profiles(text: &str, head: &Head) -> bool {
    let (Some("scope"), Some(at)) = (head.first_table.as_deref(), head.first_table_at) else {
        return false;
    };
    let Some(body) = text[at..].find('\n').map(|end| &text[at + end + 1..]) else {
        return false;
    };
    let keys = head_keys(body);
    keys.iter().any(|k| k == "name") && keys.iter().all(|k| k == "name" || k == "reason")
}

/// The keys before the first table header of `text`.
fn head_keys(text: &str) -> Vec<String> {
    head(text).keys.into_iter().map(|(k, _)| k).collect()
}

/// The top-level table of a TOML text: its keys with their spans (and string values),
/// and the name of the first table header.
#[derive(Debug, Default)]
pub struct Head {
    pub keys: Vec<(String, Range<usize>)>,
    pub values: Vec<Option<String>>,
    pub first_table: Option<String>,
    /// Where the first table header starts.
    pub first_table_at: Option<usize>,
}

impl Head {
    /// The string value of a top-level key.
    pub fn string(&self, key: &str) -> Option<&str> {
        let at = self.keys.iter().position(|(k, _)| k == key)?;
        self.values.get(at)?.as_deref()
    }

    /// Where a top-level key is written.
    pub fn span_of(&self, key: &str) -> Option<Range<usize>> {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, span)| span.clone())
    }
}

/// Reads the top-level table of `text`: only the tokens before the first table header
/// are lexed, so this costs little on a large catalog.
pub fn head(text: &str) -> Head {
    let source = Source::new(text);
    let Some(eof) = Source::new("").lex().find(|t| t.kind() == TokenKind::Eof) else {
        return Head::default();
    };
    let mut tokens = Vec::new();
    let mut depth = 0usize;
    let mut after_newline = true;
    let mut header_at = None;
    for token in source.lex() {
        let kind = token.kind();
        match kind {
            TokenKind::LeftSquareBracket if after_newline && depth == 0 => {
                header_at = Some(token.span().start());
                break;
            }
            TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket => depth += 1,
            TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket => {
                depth = depth.saturating_sub(1);
            }
            TokenKind::Eof => break,
            _ => {}
        }
        if kind != TokenKind::Whitespace && kind != TokenKind::Comment {
            after_newline = kind == TokenKind::Newline;
        }
        tokens.push(token);
    }
    tokens.push(eof);
    let mut reader = HeadReader {
        source,
        head: Head::default(),
        depth: 0,
        at_key: true,
        in_value: false,
    };
    let mut errors = Ignore;
    parse_document(&tokens, &mut reader, &mut errors);
    let mut head = reader.head;
    if let Some(at) = header_at {
        let line = &text[at..];
        let line = line.split('\n').next().unwrap_or_default();
        let name = line
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or_default()
            .trim()
            .trim_matches('"');
        head.first_table = Some(name.to_string());
        head.first_table_at = Some(at);
    }
    head
}

struct Ignore;

impl ErrorSink for Ignore {
    fn report_error(&mut self, _error: ParseError) {}
}

struct HeadReader<'s> {
    source: Source<'s>,
    head: Head,
    /// Nesting of arrays and inline tables in a value.
    depth: usize,
    /// The next simple key starts a key-value pair.
    at_key: bool,
    /// Between `=` and the end of the value.
    in_value: bool,
}

impl HeadReader<'_> {
    fn decoded(&self, span: Span, encoding: Option<toml_parser::decoder::Encoding>) -> String {
        let Some(raw) = self.source.get(span) else {
            return String::new();
        };
        let raw = toml_parser::Raw::new_unchecked(raw.as_str(), encoding, span);
        let mut out = std::borrow::Cow::Borrowed("");
        raw.decode_key(&mut out, &mut Ignore);
        out.into_owned()
    }
}

impl EventReceiver for HeadReader<'_> {
    fn simple_key(
        &mut self,
        span: Span,
        encoding: Option<toml_parser::decoder::Encoding>,
        _error: &mut dyn ErrorSink,
    ) {
        if self.depth == 0 && self.at_key && !self.in_value {
            let key = self.decoded(span, encoding);
            self.head.keys.push((key, span.start()..span.end()));
            self.head.values.push(None);
            self.at_key = false;
        }
    }
    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.depth == 0 {
            self.in_value = true;
        }
    }
    fn scalar(
        &mut self,
        span: Span,
        encoding: Option<toml_parser::decoder::Encoding>,
        _error: &mut dyn ErrorSink,
    ) {
        if self.depth == 0 && self.in_value {
            if encoding.is_some()
                && let Some(raw) = self.source.get(span)
            {
                let mut out = std::borrow::Cow::Borrowed("");
                let raw = toml_parser::Raw::new_unchecked(raw.as_str(), encoding, span);
                let kind = raw.decode_scalar(&mut out, &mut Ignore);
                if kind == toml_parser::decoder::ScalarKind::String
                    && let Some(last) = self.head.values.last_mut()
                {
                    *last = Some(out.into_owned());
                }
            }
            self.in_value = false;
        }
    }
    fn array_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        true
    }
    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.in_value = false;
        }
    }
    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        true
    }
    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
        if self.depth == 0 {
            self.in_value = false;
        }
    }
    fn newline(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.depth == 0 {
            self.at_key = true;
            self.in_value = false;
        }
    }
}

/// Where the TOML parser finds the first syntax error, with its description: it places
/// some errors better than the deserializer (a raw newline in a string, on its own line).
pub fn first_syntax_error(text: &str) -> Option<(Range<usize>, String)> {
    struct First(Option<ParseError>);
    impl ErrorSink for First {
        fn report_error(&mut self, error: ParseError) {
            if self.0.is_none() {
                self.0 = Some(error);
            }
        }
    }
    let source = Source::new(text);
    let tokens: Vec<_> = source.lex().collect();
    let mut first = First(None);
    let mut receiver = DeepKeys {
        source: Some(source),
        ..DeepKeys::default()
    };
    parse_document(&tokens, &mut receiver, &mut first);
    if let Some(span) = receiver.too_deep {
        return Some((
            span,
            format!("a key or value nested more than {DEEPEST} levels deep"),
        ));
    }
    let located = |error: ParseError| {
        let span = error.unexpected().or(error.context())?;
        let description = match error.expected() {
            Some(expected) if !expected.is_empty() => {
                let expected: Vec<String> = expected
                    .iter()
                    .map(|e| match e {
                        toml_parser::Expected::Literal(l) => format!("`{}`", l.escape_debug()),
                        toml_parser::Expected::Description(d) => (*d).to_string(),
                        _ => String::new(),
                    })
                    .collect();
                format!(
                    "{}, expected {}",
                    error.description(),
                    expected.join(" or ")
                )
            }
            _ => error.description().to_string(),
        };
        Some((span.start()..span.end(), description))
    };
    let parsed = first.0.and_then(located);
    let decoded = receiver.bad_value.and_then(located);
    match (parsed, decoded) {
        (Some(p), Some(d)) => Some(if d.0.start <= p.0.start { d } else { p }),
        (p, d) => p.or(d),
    }
}

/// More levels than this (dotted key parts plus nested arrays and tables) are refused:
/// the deserializer would stop at its recursion limit with no place to show.
pub const DEEPEST: usize = 100;

/// Finds the first key or value nested deeper than [`DEEPEST`].
#[derive(Default)]
struct DeepKeys<'s> {
    source: Option<Source<'s>>,
    /// The first value the decoder rejects (an unterminated string, a bad escape).
    bad_value: Option<ParseError>,
    parts: usize,
    depth: usize,
    key_start: Option<usize>,
    too_deep: Option<Range<usize>>,
}

impl EventReceiver for DeepKeys<'_> {
    fn scalar(
        &mut self,
        span: Span,
        encoding: Option<toml_parser::decoder::Encoding>,
        _error: &mut dyn ErrorSink,
    ) {
        struct FirstOf<'a>(&'a mut Option<ParseError>);
        impl ErrorSink for FirstOf<'_> {
            fn report_error(&mut self, error: ParseError) {
                if self.0.is_none() {
                    *self.0 = Some(error);
                }
            }
        }
        if self.bad_value.is_some() {
            return;
        }
        let Some(raw) = self.source.as_ref().and_then(|s| s.get(span)) else {
            return;
        };
        let raw = toml_parser::Raw::new_unchecked(raw.as_str(), encoding, span);
        let mut out = std::borrow::Cow::Borrowed("");
        let _ = raw.decode_scalar(&mut out, &mut FirstOf(&mut self.bad_value));
    }
    fn simple_key(
        &mut self,
        span: Span,
        _encoding: Option<toml_parser::decoder::Encoding>,
        _error: &mut dyn ErrorSink,
    ) {
        if self.key_start.is_none() {
            self.key_start = Some(span.start());
            self.parts = 0;
        }
        self.parts += 1;
        if self.parts + self.depth > DEEPEST && self.too_deep.is_none() {
            let start = self.key_start.unwrap_or(span.start());
            self.too_deep = Some(start..span.end());
        }
    }
    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.key_start = None;
    }
    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.key_start = None;
    }
    fn array_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.key_start = None;
    }
    fn array_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        if self.depth > DEEPEST && self.too_deep.is_none() {
            self.too_deep = Some(span.start()..span.end());
        }
        true
    }
    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
    }
    fn inline_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) -> bool {
        self.depth += 1;
        if self.depth > DEEPEST && self.too_deep.is_none() {
            self.too_deep = Some(span.start()..span.end());
        }
        true
    }
    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.depth = self.depth.saturating_sub(1);
    }
}
