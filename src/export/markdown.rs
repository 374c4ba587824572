//! Text the report did not write (names, descriptions, reasons from catalog and profile
//! files), made inert in Markdown: it cannot start a heading, break a table row, open a
//! link or an image, end a code span or carry raw HTML.

use crate::sanitize::sanitize;

/// Plain text for a paragraph, a list item or a table cell: on one line, with every
/// character that could start Markdown or HTML structure escaped.
pub fn text(raw: &str) -> String {
    let line = sanitize(raw);
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '~' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span holding `raw` literally, safe in a table cell: the fence is one backtick
/// longer than the longest run inside, and `|` is escaped for the table.
pub fn code(raw: &str) -> String {
    let line = sanitize(raw);
    let longest_run = line.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A space on each side keeps a backtick at either end from joining the fence.
    let pad = if line.starts_with('`') || line.ends_with('`') {
        " "
    } else {
        ""
    };
    let inner = line.replace('|', "\\|");
    format!("{fence}{pad}{inner}{pad}{fence}")
}

/// A line of scopex's own plain-text messages, whose names and strings stand between
/// backticks (`over-grant: x is not needed: … run with `a b``), in Markdown: those as
/// code spans, the rest as [`text`]. Unpaired backticks leave it all as text.
pub fn message(raw: &str) -> String {
    let parts: Vec<&str> = raw.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return text(raw);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => text(part),
            _ => code(part),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_is_escaped() {
        assert_eq!(text("Read prospects (all)"), "Read prospects (all)");
        assert_eq!(
            text("a|b\n# head\r![x](http://e/i.png) <b>"),
            "a\\|b \\# head \\!\\[x\\](http://e/i.png) \\<b\\>"
        );
    }

    #[test]
    fn messages_keep_their_code_spans() {
        assert_eq!(
            message("over-grant: a_b is not needed: run with `x y|z`"),
            "over-grant: a\\_b is not needed: run with `x y\\|z`"
        );
        assert_eq!(message("needs `a` or `b`"), "needs `a` or `b`");
        assert_eq!(message("odd ` tick"), "odd \\` tick");
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("users.read"), "`users.read`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x|y"), "`` `x\\|y ``");
    }
}
