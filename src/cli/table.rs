//! Rows of text in columns, for the plain commands' listings: every column starts at the
//! same place on every line, two spaces after the one before it, and is as wide as its
//! widest cell up to a limit, so that one long path does not push every other line far
//! to the right. A cell wider than that either pushes the rest of its own line along
//! (into a pipe or a file, where each row stays one line for `grep`, `cut` and `awk`), or
//! ends its line, the rest of the row going on below, under its columns, as clap's help
//! does with a long option (on a terminal, where the columns are read by eye).

use unicode_width::UnicodeWidthStr;

/// What a cell wider than its column does to the rest of its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    /// Pushes it along, two spaces after the cell, on that line only: one line a row.
    Push,
    /// Ends the line: the rest of the row goes on the next one, under its columns; and
    /// the last column, where it would run past `width` (the terminal's), goes on over
    /// more lines too, broken after the ` | ` between its alternatives.
    Wrap { width: usize },
}

/// The narrowest the last column is wrapped to: narrower, the terminal's own wrapping
/// reads better.
const NARROWEST_LAST: usize = 16;

fn cell(row: &[String], column: usize) -> &str {
    row.get(column).map_or("", String::as_str)
}

/// The narrowest a column before the last is made on a terminal.
const NARROWEST: usize = 12;

/// How wide the columns before the last may be on a terminal `width` cells wide: what
/// the last one's longest alternative leaves them, shared (at least [`NARROWEST`]).
pub fn limit_for(rows: &[Vec<String>], width: usize) -> usize {
    let shown = shown_columns(rows);
    let Some(&last) = shown.last() else {
        return width;
    };
    let before = shown.len() - 1;
    let unit = rows
        .iter()
        .flat_map(|row| alternatives(cell(row, last)))
        .map(|part| part.width())
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(before * (2 + NARROWEST)));
    (width.saturating_sub(2 * before + unit) / before.max(1)).clamp(NARROWEST, 60)
}

/// The columns with something in them.
fn shown_columns(rows: &[Vec<String>]) -> Vec<usize> {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..count)
        .filter(|&column| rows.iter().any(|row| !cell(row, column).is_empty()))
        .collect()
}

/// The alternatives of a cell (`a | b + c`), each but the last with its ` |`.
fn alternatives(text: &str) -> Vec<String> {
    let parts: Vec<&str> = text.split(" | ").collect();
    let last = parts.len() - 1;
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            if i < last {
                format!("{part} |")
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// `rows` laid out in columns at most `limit` cells wide (the last one free), a wider
/// cell treated as `overflow` says; a column empty in every row takes no room. Lines end
/// without trailing spaces.
pub fn columns(rows: &[Vec<String>], limit: usize, overflow: Overflow) -> String {
    let shown = shown_columns(rows);
    let width: Vec<usize> = shown
        .iter()
        .map(|&column| {
            rows.iter()
                .map(|row| cell(row, column).width())
                .max()
                .unwrap_or(0)
                .min(limit)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        // How many cells of the screen the line takes so far, and where the next column
        // starts.
        let mut used = 0;
        let mut start = 0;
        for (at, &column) in shown.iter().enumerate() {
            if at > 0 {
                if used + 2 <= start {
                    line.push_str(&" ".repeat(start - used));
                    used = start;
                } else if overflow == Overflow::Push {
                    // Two spaces on, and back under its column as soon as there is room.
                    line.push_str("  ");
                    used += 2;
                } else {
                    out.push_str(line.trim_end());
                    out.push('\n');
                    line = " ".repeat(start);
                    used = start;
                }
            }
            let text = cell(row, column);
            // A cell before the last that would run past the terminal's edge from its
            // column starts a line of its own, far enough left to fit whole.
            if let Overflow::Wrap { width: total } = overflow
                && at + 1 < shown.len()
                && used + text.width() > total
                && text.width() <= total
                && at > 0
            {
                if !line.trim().is_empty() {
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
                used = total - text.width();
                line = " ".repeat(used);
            }
            match overflow {
                Overflow::Wrap { width: total }
                    if at + 1 == shown.len() && total.saturating_sub(used) >= NARROWEST_LAST =>
                {
                    let indent = " ".repeat(used);
                    for (i, part) in wrap_alternatives(text, total - used).iter().enumerate() {
                        if i > 0 {
                            out.push_str(line.trim_end());
                            out.push('\n');
                            line.clone_from(&indent);
                        }
                        line.push_str(part);
                    }
                }
                _ => line.push_str(text),
            }
            used += text.width();
            start += width[at] + 2;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `text` in lines of at most `max` cells, broken after its ` | `s; an alternative longer
/// than a line has one of its own.
fn wrap_alternatives(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for part in alternatives(text) {
        let last = lines.len() - 1;
        let current = &mut lines[last];
        if current.is_empty() {
            current.push_str(&part);
        } else if current.width() + 1 + part.width() <= max {
            current.push(' ');
            current.push_str(&part);
        } else {
            lines.push(part);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|row| row.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn a_cell_wider_than_its_column_pushes_its_line_or_puts_the_rest_of_its_row_below() {
        let rows = rows(&[
            &["files.list", "GET /v1/files", "files"],
            &["files.a.very.long.id", "GET /v1/x", "files"],
            &[
                "files.get",
                "GET /v1/files/{fileId}/content/of/it",
                "files.readonly",
            ],
        ]);
        assert_eq!(
            columns(&rows, 14, Overflow::Wrap { width: 200 }),
            "files.list      GET /v1/files   files\n\
             files.a.very.long.id\n                GET /v1/x       files\n\
             files.get       GET /v1/files/{fileId}/content/of/it\n\
             \x20                               files.readonly\n"
        );
        assert_eq!(
            columns(&rows, 14, Overflow::Push),
            "files.list      GET /v1/files   files\n\
             files.a.very.long.id  GET /v1/x  files\n\
             files.get       GET /v1/files/{fileId}/content/of/it  files.readonly\n"
        );
    }

    #[test]
    fn on_a_terminal_the_last_column_wraps_between_alternatives_under_itself() {
        let rows = rows(&[&["files.list", "files | files.readonly | files.metadata"]]);
        assert_eq!(
            columns(&rows, 12, Overflow::Wrap { width: 36 }),
            "files.list  files | files.readonly |\n            files.metadata\n"
        );
        // Too little room left: the terminal wraps it.
        assert_eq!(
            columns(&rows, 12, Overflow::Wrap { width: 20 }),
            "files.list  files | files.readonly | files.metadata\n"
        );
        // The other columns leave the last one room for its longest alternative.
        let three = vec![vec![
            "files.list".to_string(),
            "GET /v1/files".to_string(),
            "files | files.readonly".to_string(),
        ]];
        assert_eq!(limit_for(&three, 80), (80 - 4 - "files.readonly".len()) / 2);
        assert_eq!(limit_for(&three, 300), 60);
        assert_eq!(limit_for(&rows, 40), 40 - 2 - "files.readonly |".len());
        assert_eq!(limit_for(&rows, 24), 12);
    }

    #[test]
    fn on_a_terminal_a_cell_too_long_for_its_place_moves_left_to_fit() {
        let rows = rows(&[
            &["list", "GET /v1/files", "files"],
            &["get", "GET /v1/files/{fileId}/content", "files"],
        ]);
        assert_eq!(
            columns(&rows, 13, Overflow::Wrap { width: 32 }),
            "list  GET /v1/files  files\n\
             get\n\
             \x20 GET /v1/files/{fileId}/content\n\
             \x20                    files\n"
        );
    }

    #[test]
    fn a_column_empty_in_every_row_takes_no_room() {
        let rows = rows(&[
            &["GET /me", "", "User.Read"],
            &["GET /me/drive", "", "Files.Read"],
        ]);
        assert_eq!(
            columns(&rows, 40, Overflow::Wrap { width: 200 }),
            "GET /me        User.Read\nGET /me/drive  Files.Read\n"
        );
        assert_eq!(columns(&[], 40, Overflow::Push), "");
    }
}
