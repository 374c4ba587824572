//! A line reader for the layout nearly every catalog file has: table headers
//! (`[tree]`, `[[scope]]`), `key = value` lines whose values are basic or literal
//! strings, booleans, or arrays of them, comments and blank lines. It finds the same
//! pieces the TOML lexer and parser would (a key, a string with its quotes, a bracket)
//! with a few byte tests and `memchr`, and hands them to the same [`Builder`] in the same
//! order, which checks and stores them as always: it is the lexer and parser that are
//! skipped, not the checks, so a file read here gives the raw catalog the token reader
//! gives.
//!
//! It gives up (returns `None`) at the first thing outside that layout or not plainly
//! right: multi-line strings, inline tables, dotted or spaced keys, numbers, a `\r`
//! without `\n`, a control character in a comment, a stray byte. The caller then reads
//! the span with the token reader, which takes all of TOML and gives up on its own terms.

use super::{Builder, Errors};
use toml_parser::Span;
use toml_parser::decoder::Encoding;
use toml_parser::parser::EventReceiver as _;

/// The builder, filled from `text[start..end]` (`end` at the start of a line, or the end
/// of the text), or `None` where this reader gives up.
pub(super) fn read<'s>(
    builder: Builder<'s>,
    text: &'s str,
    start: usize,
    end: usize,
) -> Option<Builder<'s>> {
    let mut lines = Lines {
        bytes: &text.as_bytes()[start..end],
        at: 0,
        builder,
        errors: Errors::default(),
    };
    lines.all()?;
    lines.builder.end()
}

struct Lines<'s> {
    /// The span read; offsets are into it, as the builder's spans are.
    bytes: &'s [u8],
    at: usize,
    builder: Builder<'s>,
    errors: Errors,
}

/// A byte of a bare key.
fn is_bare(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl Lines<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn span(start: usize, end: usize) -> Span {
        Span::new_unchecked(start, end)
    }

    /// `Some` while the builder has taken everything.
    fn ok(&self) -> Option<()> {
        (!self.builder.failed).then_some(())
    }

    fn skip_blanks(&mut self) {
        while let Some(b' ' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    /// A line break (`\n` or `\r\n`), if one is next.
    fn newline(&mut self) -> Option<bool> {
        match self.peek() {
            Some(b'\n') => self.at += 1,
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            Some(b'\r') => return None,
            _ => return Some(false),
        }
        Some(true)
    }

    /// A comment, if one is next, to the end of its line (not taken).
    fn comment(&mut self) -> Option<()> {
        if self.peek() != Some(b'#') {
            return Some(());
        }
        let rest = &self.bytes[self.at..];
        let len = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        // TOML's non-eol: tab, printable ASCII and anything non-ASCII (UTF-8 already).
        let fine = rest[..len].iter().fold(true, |fine, &b| {
            fine & (b == b'\t' || (0x20..0x7F).contains(&b) || b >= 0x80)
        });
        self.at += len;
        fine.then_some(())
    }

    /// Blanks and a comment, then the end of the line (taken) or of the text.
    fn line_end(&mut self) -> Option<()> {
        self.skip_blanks();
        self.comment()?;
        if self.newline()? || self.at == self.bytes.len() {
            return Some(());
        }
        None
    }

    fn all(&mut self) -> Option<()> {
        loop {
            self.skip_blanks();
            if self.newline()? {
                continue;
            }
            match self.peek() {
                None => return Some(()),
                Some(b'#') => self.comment()?,
                Some(b'[') => self.header()?,
                Some(_) => self.key_value()?,
            }
            self.ok()?;
            self.line_end()?;
        }
    }

    /// `[name]` or `[[name]]`, a bare name with nothing around it.
    fn header(&mut self) -> Option<()> {
        let open = self.at;
        let array = self.bytes.get(open + 1) == Some(&b'[');
        let width = if array { 2 } else { 1 };
        let key_start = open + width;
        let key_len = self.bytes[key_start..]
            .iter()
            .take_while(|&&b| is_bare(b))
            .count();
        let close = key_start + key_len;
        let closing: &[u8] = if array { b"]]" } else { b"]" };
        if key_len == 0 || !self.bytes[close..].starts_with(closing) {
            return None;
        }
        let errors = &mut self.errors;
        let builder = &mut self.builder;
        if array {
            builder.array_table_open(Self::span(open, key_start), errors);
        } else {
            builder.std_table_open(Self::span(open, key_start), errors);
        }
        builder.simple_key(Self::span(key_start, close), None, errors);
        if array {
            builder.array_table_close(Self::span(close, close + width), errors);
        } else {
            builder.std_table_close(Self::span(close, close + width), errors);
        }
        self.at = close + width;
        Some(())
    }

    /// `key = value`: a bare key, or a basic string without escapes.
    fn key_value(&mut self) -> Option<()> {
        let start = self.at;
        let (end, encoding) = if self.peek() == Some(b'"') {
            let rest = &self.bytes[start + 1..];
            let len = memchr::memchr3(b'"', b'\\', b'\n', rest)?;
            if rest[len] != b'"' {
                return None;
            }
            (start + len + 2, Some(Encoding::BasicString))
        } else {
            let len = self.bytes[start..]
                .iter()
                .take_while(|&&b| is_bare(b))
                .count();
            (start + len, None)
        };
        if end == start {
            return None;
        }
        self.builder
            .simple_key(Self::span(start, end), encoding, &mut self.errors);
        self.ok()?;
        self.at = end;
        self.skip_blanks();
        if self.peek() != Some(b'=') {
            return None;
        }
        self.at += 1;
        self.skip_blanks();
        self.value()
    }

    /// A string, a boolean or an array of them.
    fn value(&mut self) -> Option<()> {
        let start = self.at;
        let rest = &self.bytes[start..];
        let (end, encoding) = match rest.first()? {
            b'"' if !rest.starts_with(b"\"\"\"") => {
                (start + basic_string_len(rest)?, Some(Encoding::BasicString))
            }
            b'\'' if !rest.starts_with(b"'''") => {
                let len = memchr::memchr2(b'\'', b'\n', &rest[1..])?;
                if rest[1 + len] != b'\'' {
                    return None;
                }
                (start + len + 2, Some(Encoding::LiteralString))
            }
            b'[' => return self.array(),
            _ => {
                let len = [&b"true"[..], b"false"]
                    .into_iter()
                    .find(|word| rest.starts_with(word))?
                    .len();
                // A word that only begins so (`trueish`) is not a boolean.
                if rest.get(len).is_some_and(|&b| !b" \t\r\n#,]".contains(&b)) {
                    return None;
                }
                (start + len, None)
            }
        };
        self.builder
            .scalar(Self::span(start, end), encoding, &mut self.errors);
        self.at = end;
        self.ok()
    }

    /// Blanks, line breaks and comments, as an array may hold between its values.
    fn array_space(&mut self) -> Option<()> {
        loop {
            self.skip_blanks();
            self.comment()?;
            if !self.newline()? {
                return Some(());
            }
        }
    }

    /// `[value, value, …]`, over several lines if need be, a comma after the last allowed.
    fn array(&mut self) -> Option<()> {
        let open = self.at;
        if !self
            .builder
            .array_open(Self::span(open, open + 1), &mut self.errors)
        {
            return None;
        }
        self.at += 1;
        loop {
            self.array_space()?;
            if self.peek()? == b']' {
                break;
            }
            self.value()?;
            self.array_space()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => break,
                _ => return None,
            }
        }
        let close = self.at;
        self.builder
            .array_close(Self::span(close, close + 1), &mut self.errors);
        self.at += 1;
        self.ok()
    }
}

/// The length of the basic string (`"…"`, not multi-line) that `text` begins with, quotes
/// included: to the first `"` not escaped, on the same line. What is between the quotes
/// is the builder's to check.
fn basic_string_len(text: &[u8]) -> Option<usize> {
    let mut at = 1;
    loop {
        at += memchr::memchr3(b'"', b'\\', b'\n', &text[at..])?;
        match text[at] {
            b'"' => return Some(at + 1),
            // A line break escaped is for multi-line strings only.
            b'\\' if matches!(text.get(at + 1), Some(b'\n' | b'\r')) => return None,
            // An escape: the byte after the backslash is not the end (`\"`, `\\`).
            b'\\' => at += 2,
            _ => return None,
        }
        if at >= text.len() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::line_and_token_reads;
    use crate::catalog::{BUILTIN, readers_disagree};
    use proptest::prelude::*;

    #[track_caller]
    fn assert_read_alike(text: &str) -> bool {
        if let Some(disagreement) = readers_disagree(text) {
            panic!("{disagreement}\n--- text ---\n{text}");
        }
        line_and_token_reads(text).is_some()
    }

    #[test]
    fn takes_every_builtin_and_synthetic_catalog() {
        let synthetic = (0..3).map(|seed| scopex_synth::generate(400, seed));
        let builtin = BUILTIN.iter().map(|(_, _, text)| text.to_string());
        for text in builtin.chain(synthetic) {
            assert!(assert_read_alike(&text), "given up on:\n{}", &text[..200]);
        }
    }

    /// Lines of catalogs: the usual, the unusual and the wrong.
    const PIECES: &[&str] = &[
        "id = \"t\"",
        "name = \"T\"",
        "delimiter = \" \"",
        "[tree]",
        "separator = \".\"",
        "[templates]",
        "read = \"Read {resource}\"",
        "[resources]",
        "\"accessX\" = \"access x\"",
        "\"\" = 'empty key'",
        "[[scope]]",
        "name = \"a.read\"",
        "name = \"b.write\"",
        "name='lit.read'",
        "description = \"Read \\\"x\\\" \\u00e9 \\\\ done\"",
        "description = 'lit\\no escape'",
        "description = \"é ünïcode\"",
        "deprecated = \"gone\"",
        "parent = \"a.read\"",
        "[[implies]]",
        "from = \"a.read\"",
        "to = [\"b.write\", \"a.read\",]",
        "to = [\n  \"b.write\", # why\n  \"a.read\"\n]",
        "to = []",
        "composite = true",
        "composite = false",
        "evidence = \"documented\"",
        "note = \"n\"",
        "[[rule]]",
        "from = \"{resource}.all\"",
        "[[operation]]",
        "requires = [[\"a.read\"], [\"b.write\", \"a.read\"]]",
        "method = \"GET\"",
        "path = \"/x\"",
        "# a comment é",
        "   # indented\t",
        "",
        "  \t",
        "name = \"x\"   # trailing",
        "key = 1",
        "a.b = \"x\"",
        "a . b = \"x\"",
        "\"q\\u0041\" = \"x\"",
        "name = \"\"\"multi\nline\"\"\"",
        "name = '''lit\nmulti'''",
        "x = {a = 1}",
        "[ tree ]",
        "[tree.sub]",
        "[[ scope ]]",
        "[\"scope\"]",
        "name = \"unterminated",
        "name = \"x\" y = \"z\"",
        "# control \u{1} here",
        "# del \u{7f}",
        "lone\rreturn = \"x\"",
        "name = \"tab\there\"",
        "name = \"bad \\q escape\"",
        "name = \"raw \u{1} control\"",
        "composite = trueish",
        "composite = True",
        "to = [[[\"a\"]]]",
        "to = [\"a\" \"b\"]",
        "to = [,]",
        "to = [\"a\",,]",
        "\u{feff}id = \"t\"",
        "name= \"x\"#c",
        "[[scope]] # c",
        "[[scope]]x",
        "[scope]",
        "[[scope]",
        "name = \"a\\\nb\"",
        "name =",
        "= \"x\"",
        "name = \"x\"\r",
        "to = [\"a\", # unclosed",
        "[[scope]]\nname = \"dup\"\nname = \"dup\"",
        "date = 2024-01-01",
        "name = \"x\" ]",
        "name\t=\t\"t\"",
    ];

    /// A key and its values, the first right, the rest right or wrong.
    type Key = (&'static str, &'static [&'static str]);

    /// Tables and the keys they take.
    const TABLES: &[(&str, &[Key])] = &[
        (
            "[[scope]]",
            &[
                (
                    "name",
                    &["\"a.read\"", "'b.read'", "\"c\" y = 1", "\"\"\"m\"\"\""],
                ),
                (
                    "description",
                    &["\"R \\\"x\\\" \\u00e9\"", "'l\\n'", "\"\\q\"", "\"é\""],
                ),
                ("deprecated", &["\"gone\"", "\" \"", "true"]),
                ("parent", &["\"a.read\"", "\"zz\""]),
                ("only_in", &["\"Gmail\""]),
            ],
        ),
        (
            "[[implies]]",
            &[
                ("from", &["\"a.read\"", "\"b.read\""]),
                (
                    "to",
                    &[
                        "[\"b.read\", \"a.read\",]",
                        "[\n \"b.read\", # c\n \"a.read\"\n]",
                        "[]",
                        "[,]",
                        "[\"a\" \"b\"]",
                        "[[\"a\"]]",
                    ],
                ),
                ("composite", &["true", "false", "trueish", "1"]),
                ("evidence", &["\"documented\"", "\"derived\"", "\"nope\""]),
                ("note", &["\"n\"", "'n'"]),
            ],
        ),
        (
            "[tree]",
            &[("separator", &["\".\"", "\":\""]), ("prefix", &["\"p:\""])],
        ),
        (
            "[resources]",
            &[
                ("\"accessX\"", &["\"access x\""]),
                ("plain", &["'p'", "\"\\u0041\""]),
                ("\"\"", &["\"e\""]),
            ],
        ),
        (
            "[[operation]]",
            &[
                ("id", &["\"op\""]),
                ("method", &["\"GET\""]),
                ("path", &["\"/x\""]),
                (
                    "requires",
                    &[
                        "[[\"a.read\"], [\"b.read\", \"a.read\"]]",
                        "[\"a.read\"]",
                        "[[[\"a\"]]]",
                    ],
                ),
            ],
        ),
    ];

    /// Ways to write `key = value`.
    const LAYOUTS: &[&str] = &[
        "{k} = {v}",
        "{k}={v}",
        "\t{k}\t=  {v}   # c",
        "{k} = {v}#",
        "{k} . x = {v}",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn the_line_reader_reads_what_it_takes_as_the_token_reader_does(
            tables in prop::collection::vec(
                (0..TABLES.len(), prop::collection::vec((0..20usize, 0..30usize, 0..24usize), 6)),
                0..5,
            ),
            junk in prop::collection::vec((0..200usize, 0..PIECES.len()), 0..2),
            crlf in any::<bool>(),
        ) {
            let mut lines: Vec<String> = vec!["id = \"t\"".into(), "name = \"T\"".into()];
            for (table, keys) in tables {
                let (header, known) = TABLES[table];
                lines.push(header.to_string());
                for (&(key, values), &(skip, value, layout)) in known.iter().zip(&keys) {
                    // Mostly every key, mostly its first (right) value, mostly laid out
                    // plainly, and now and then twice.
                    if skip == 0 {
                        continue;
                    }
                    let value = values.get(value).unwrap_or(&values[0]);
                    let layout = LAYOUTS.get(layout).unwrap_or(&LAYOUTS[0]);
                    let line = layout.replace("{k}", key).replace("{v}", value);
                    if skip == 1 {
                        lines.push(line.clone());
                    }
                    lines.push(line);
                }
            }
            for (at, piece) in junk {
                lines.insert(at % (lines.len() + 1), PIECES[piece].to_string());
            }
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            assert_read_alike(&text);
        }

        #[test]
        fn so_does_it_on_lines_of_any_sort(
            picks in prop::collection::vec((0..PIECES.len(), any::<bool>()), 0..40),
        ) {
            let mut text = String::from("id = \"t\"\nname = \"T\"\n");
            for (piece, crlf) in picks {
                text.push_str(PIECES[piece]);
                text.push_str(if crlf { "\r\n" } else { "\n" });
            }
            assert_read_alike(&text);
        }
    }

    /// The usual lines are taken: the property above is not all give-ups.
    #[test]
    fn the_usual_lines_are_taken() {
        let text = "# a comment é\r\nid = \"t\"\nname = \"T\"   # trailing\n\n[tree]\n\
            separator = \".\"\n[templates]\nread = \"Read {resource}\"\n[resources]\n\
            \"accessX\" = \"access x\"\n[[scope]]\nname = \"a.read\"\n\
            description = \"Read \\\"x\\\" \\u00e9 \\\\ done\"\n[[scope]]\n\
            name='lit.read'\ndescription = 'lit\\no escape'\ndeprecated = \"gone\"\n\
            parent = \"a.read\"\n[[implies]]\nfrom = \"a.read\"\n\
            to = [\n  \"lit.read\", # why\n  \"a.read\"\n]\ncomposite = false\n\
            evidence = \"documented\"\nnote = \"n\"\n[[operation]]\nid = \"op\"\n\
            method = \"GET\"\npath = \"/x\"\nrequires = [[\"a.read\"], [\"lit.read\", \"a.read\"],]\n";
        let (lines, tokens) = line_and_token_reads(text).expect("taken");
        assert_eq!(lines, tokens);
        assert!(
            !assert_read_alike(&format!("{text}x = {{a = 1}}\n")),
            "an inline table"
        );
    }
}
