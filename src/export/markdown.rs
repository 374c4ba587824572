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
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("users.read"), "`users.read`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x|y"), "`` `x\\|y ``");
    }
}
