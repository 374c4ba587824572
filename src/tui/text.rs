//! Text from catalog files, made safe and measured for the terminal.
//!
//! A catalog downloaded from the internet must not be able to drive the terminal, so every
//! string from a catalog goes through [`sanitize`] before it reaches a view. Each character
//! maps to exactly one character, so the character positions the searcher reports still
//! point at the right places.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub use crate::sanitize::sanitize;

/// Fits a message made of ` · `-separated parts (`Not saved: CAUSE · PATH · changes
/// kept`) into `max` cells by shortening its longest parts, so every part keeps its
/// beginning and the last one (what happened to the user's work) stays whole.
pub fn shorten_segments(message: &str, max: usize) -> String {
    const SEPARATOR: &str = " · ";
    let mut parts: Vec<String> = message.split(SEPARATOR).map(str::to_string).collect();
    let total = |parts: &[String]| width(&parts.join(SEPARATOR));
    while total(&parts) > max && parts.len() > 1 {
        let last = parts.len() - 1;
        let Some((longest, cells)) = parts[..last]
            .iter()
            .map(|p| width(p))
            .enumerate()
            .max_by_key(|&(_, cells)| cells)
        else {
            break;
        };
        if cells <= 8 {
            break;
        }
        let overflow = total(&parts) - max;
        parts[longest] = truncate(&parts[longest], cells.saturating_sub(overflow).max(8));
    }
    truncate_words(&parts.join(SEPARATOR), max)
}

/// `text` cut to `max` cells with `…`, after a whole word where one ends in the last
/// third of the room (else inside the word).
pub fn truncate_words(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let cut = truncate(text, max);
    let kept = cut.strip_suffix('…').unwrap_or(&cut);
    // Where the next word starts, the kept part ends a word.
    let after = text[kept.len()..].starts_with(' ');
    let at_word = if after {
        Some(kept)
    } else {
        kept.rfind(' ').map(|space| &kept[..space])
    };
    match at_word.map(|k| k.trim_end_matches([' ', ',', ';', ':', '·', '→', '('])) {
        Some(words) if width(words) * 3 >= max * 2 => format!("{words}…"),
        _ => cut,
    }
}

/// Terminal cells taken by `text`.
pub fn width(text: &str) -> usize {
    Span::raw(text).width()
}

fn char_width(c: char) -> usize {
    let mut buffer = [0u8; 4];
    width(c.encode_utf8(&mut buffer))
}

/// Builds spans of `text` in `base` style, with the characters at `highlighted` (sorted
/// char indices) in `highlight` style.
pub fn highlighted<'a>(
    text: &str,
    highlighted: &[usize],
    base: Style,
    highlight: Style,
) -> Vec<Span<'a>> {
    if highlighted.is_empty() {
        return vec![Span::styled(text.to_string(), base)];
    }
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_is_match = false;
    let mut next = highlighted.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while next.next_if(|&&p| p < i).is_some() {}
        let is_match = next.peek().is_some_and(|&&p| p == i);
        if is_match != current_is_match && !current.is_empty() {
            let style = if current_is_match { highlight } else { base };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_is_match = is_match;
        current.push(c);
    }
    if !current.is_empty() {
        let style = if current_is_match { highlight } else { base };
        spans.push(Span::styled(current, style));
    }
    spans
}

/// Cuts `spans` to at most `max` cells; when something is cut, the last cell is `…`.
pub fn fit<'a>(spans: Vec<Span<'a>>, max: usize) -> Vec<Span<'a>> {
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= max {
        return spans;
    }
    if max == 0 {
        return Vec::new();
    }
    let budget = max - 1;
    let mut used = 0;
    let mut out = Vec::new();
    let mut ellipsis_style = Style::default();
    for span in spans {
        ellipsis_style = span.style;
        let mut kept = String::new();
        let mut full = false;
        for c in span.content.chars() {
            let w = char_width(c);
            if used + w > budget {
                full = true;
                break;
            }
            used += w;
            kept.push(c);
        }
        if !kept.is_empty() {
            out.push(Span::styled(kept, span.style));
        }
        if full {
            break;
        }
    }
    out.push(Span::styled("…", ellipsis_style));
    out
}

/// Splits styled `spans` into lines of at most `max` cells, breaking at spaces (a word
/// longer than a line is cut with `…`); the styles go with their characters.
pub fn wrap_spans(spans: &[Span<'_>], max: usize) -> Vec<Line<'static>> {
    let max = max.max(1);
    // Words as runs of (text, style), split at spaces.
    let mut words: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    for span in spans {
        for (i, part) in span.content.split(' ').enumerate() {
            if i > 0 {
                words.push(Vec::new());
            }
            if !part.is_empty()
                && let Some(word) = words.last_mut()
            {
                word.push(Span::styled(part.to_string(), span.style));
            }
        }
    }
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let mut line: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for word in words.into_iter().filter(|w| !w.is_empty()) {
        let cells: usize = word.iter().map(Span::width).sum();
        if used > 0 && used + 1 + cells > max {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(Span::raw(" "));
            used += 1;
        }
        let word = fit(word, max - used);
        used += word.iter().map(Span::width).sum::<usize>();
        line.extend(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(Line::from).collect()
}

/// Cuts `spans` to at most `max` cells from the left: `…` and the end, which is where
/// scope names differ (`…greetings:read`, `…greetings:write`).
pub fn fit_left<'a>(spans: Vec<Span<'a>>, max: usize) -> Vec<Span<'a>> {
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= max {
        return spans;
    }
    if max == 0 {
        return Vec::new();
    }
    let mut skip = total - (max - 1);
    let mut out = vec![];
    for span in spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            if skip > 0 {
                skip = skip.saturating_sub(char_width(c));
            } else {
                kept.push(c);
            }
        }
        if !kept.is_empty() {
            if out.is_empty() {
                out.push(Span::styled("…", span.style));
            }
            out.push(Span::styled(kept, span.style));
        }
    }
    if out.is_empty() {
        out.push(Span::raw("…"));
    }
    out
}

/// `text` cut to `max` cells from the left, with `…`.
pub fn truncate_left(text: &str, max: usize) -> String {
    fit_left(vec![Span::raw(text.to_string())], max)
        .into_iter()
        .map(|span| span.content.into_owned())
        .collect()
}

/// `text` cut to `max` cells with `…`.
pub fn truncate(text: &str, max: usize) -> String {
    fit(vec![Span::raw(text.to_string())], max)
        .into_iter()
        .map(|span| span.content.into_owned())
        .collect()
}

/// Splits `text` into lines of at most `max` cells, breaking after spaces where it can and
/// inside a word only when the word alone is too long.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split_inclusive(' ') {
        let word_width = width(word.trim_end_matches(' '));
        if line_width > 0 && line_width + word_width > max {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            line_width = 0;
        }
        for c in word.chars() {
            let w = char_width(c);
            if line_width + w > max && c != ' ' {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width += w;
        }
    }
    let last = line.trim_end();
    if !last.is_empty() || lines.is_empty() {
        lines.push(last.to_string());
    }
    lines
}

/// Splits a styled line into lines of at most `max` cells, breaking after spaces where it
/// can, each character keeping its style. A word too long for a line (a path such as
/// `/me/drive/items/{driveItem-id}/children`, a URL) starts on the line it comes to and
/// is broken at its own boundaries: before a `/`, else after `-`, `_`, `.`, `:` and the
/// like; inside a segment only when one alone is wider than the line.
pub fn wrap_line(line: &Line<'_>, max: usize) -> Vec<Line<'static>> {
    let max = max.max(1);
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|span| {
            let style = line.style.patch(span.style);
            span.content.chars().map(move |c| (c, style))
        })
        .collect();
    let mut lines: Vec<Vec<(char, Style)>> = Vec::new();
    let mut current: Vec<(char, Style)> = Vec::new();
    let mut line_width = 0;
    let trim = |mut cells: Vec<(char, Style)>| {
        while cells.last().is_some_and(|(c, _)| *c == ' ') {
            cells.pop();
        }
        cells
    };
    let cells_width =
        |cells: &[(char, Style)]| -> usize { cells.iter().map(|(c, _)| char_width(*c)).sum() };
    let mut start = 0;
    while start < cells.len() {
        let mut end = start;
        while end < cells.len() {
            end += 1;
            if cells[end - 1].0 == ' ' {
                break;
            }
        }
        let word = &cells[start..end];
        let word_width: usize = word
            .iter()
            .rev()
            .skip_while(|(c, _)| *c == ' ')
            .map(|(c, _)| char_width(*c))
            .sum();
        // A word that fits on a line of its own goes there whole; a longer one is broken
        // anyway, so it starts here.
        if line_width > 0 && line_width + word_width > max && word_width <= max {
            lines.push(trim(std::mem::take(&mut current)));
            line_width = 0;
        }
        // Where this word starts in `current`.
        let mut word_start = current.len();
        for &(c, style) in word {
            let w = char_width(c);
            if line_width + w > max && c != ' ' {
                let cut = break_at(&current, word_start, w, max);
                let rest = current.split_off(cut);
                lines.push(trim(std::mem::take(&mut current)));
                line_width = cells_width(&rest);
                current = rest;
                word_start = 0;
            }
            current.push((c, style));
            line_width += w;
        }
        start = end;
    }
    let last = trim(current);
    if !last.is_empty() || lines.is_empty() {
        lines.push(last);
    }
    lines
        .into_iter()
        .map(|cells| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut text = String::new();
            let mut style: Option<Style> = None;
            for (c, s) in cells {
                if style.is_some_and(|current| current != s) {
                    spans.push(Span::styled(
                        std::mem::take(&mut text),
                        style.unwrap_or_default(),
                    ));
                }
                style = Some(s);
                text.push(c);
            }
            if let Some(style) = style {
                spans.push(Span::styled(text, style));
            }
            Line::from(spans)
        })
        .collect()
}

/// Where to break `line`, full, so that what follows the break and `room` more cells fit
/// on the next line of `max`: in the word that starts at `word_start`, before its last
/// `/` (not at its start, nor before or inside the `//` of a URL), else after its last `-`, `_`, `.`, `:`, `,`,
/// `;`, `&`, `=` or `?`; else before the word when something precedes it on the line;
/// else at the end, inside the word.
fn break_at(line: &[(char, Style)], word_start: usize, room: usize, max: usize) -> usize {
    let chars: Vec<char> = line.iter().map(|&(c, _)| c).collect();
    let fits =
        |at: &usize| chars[*at..].iter().map(|&c| char_width(c)).sum::<usize>() + room <= max;
    let inside = word_start + 1..chars.len();
    let before_slash = inside
        .clone()
        .rev()
        .find(|&i| chars[i] == '/' && chars[i - 1] != '/' && chars.get(i + 1) != Some(&'/'))
        .filter(fits);
    let after_mark = || {
        inside
            .clone()
            .rev()
            .find(|&i| {
                matches!(
                    chars[i - 1],
                    '-' | '_' | '.' | ':' | ',' | ';' | '&' | '=' | '?'
                )
            })
            .filter(fits)
    };
    let before_word = || (word_start > 0).then_some(word_start).filter(fits);
    before_slash
        .or_else(after_mark)
        .or_else(before_word)
        .unwrap_or(chars.len())
}

/// `1 scope`, `2 scopes`: a count with the word that goes with it.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_spans_breaks_at_spaces_and_keeps_the_styles() {
        let key = Style::new().fg(ratatui::style::Color::Yellow);
        let spans = vec![
            Span::raw("quit ("),
            Span::styled("q", key),
            Span::raw("), stay ("),
            Span::styled("Esc", key),
            Span::raw(")?"),
        ];
        let lines = wrap_spans(&spans, 10);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["quit (q),", "stay", "(Esc)?"]);
        let styled: Vec<String> = lines
            .iter()
            .flat_map(|l| &l.spans)
            .filter(|s| s.style == key)
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(styled, ["q", "Esc"]);
        // A word longer than a line is cut, marked.
        let long = wrap_spans(&[Span::raw("a supercalifragilistic word")], 8);
        let text: Vec<String> = long.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["a", "superca…", "word"]);
    }

    #[test]
    fn long_messages_keep_their_last_part() {
        let message = " Not saved: Permission denied (os error 13) · /home/someone/a/very/long/path/to/the/profile.toml · changes kept";
        let shown = shorten_segments(message, 80);
        assert!(width(&shown) <= 80, "{shown}");
        assert!(
            shown.starts_with(" Not saved: Permission denied"),
            "{shown}"
        );
        assert!(shown.ends_with(" · changes kept"), "{shown}");
        assert_eq!(shorten_segments("short · kept", 80), "short · kept");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        let spans = vec![Span::raw("prospects"), Span::raw(".read")];
        let cut: String = fit(spans, 8).iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(cut, "prospec…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
        assert_eq!(truncate("abcd", 0), "");
        assert_eq!(truncate("日本語", 4), "日…");
    }

    #[test]
    fn fit_left_keeps_the_end() {
        assert_eq!(truncate_left("phonelines:voicemails:read", 8), "…ls:read");
        assert_eq!(truncate_left("read", 8), "read");
        assert_eq!(truncate_left("read", 1), "…");
        assert_eq!(truncate_left("read", 0), "");
        let spans = vec![
            Span::raw("prospects"),
            Span::styled(".read", Style::new().bold()),
        ];
        let cut = fit_left(spans, 6);
        let text: String = cut.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "….read");
    }

    #[test]
    fn wrap_breaks_between_words_then_inside_long_ones() {
        assert_eq!(
            wrap("prospects.all users.read", 14),
            ["prospects.all", "users.read"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("a b", 10), ["a b"]);
    }

    #[test]
    fn wrap_line_breaks_a_long_path_before_a_slash_keeping_the_styles() {
        let dim = Style::new().fg(ratatui::style::Color::DarkGray);
        let line = Line::from(vec![
            Span::styled("GET ", dim),
            Span::styled("/me/drive/items/{driveItem-id}/children", dim.bold()),
        ]);
        let lines = wrap_line(&line, 38);
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text, ["GET /me/drive/items/{driveItem-id}", "/children"]);
        assert_eq!(lines[0].spans[0].style, dim);
        assert_eq!(lines[0].spans[1].style, dim.bold());
        assert_eq!(lines[1].spans[0].style, dim.bold());
        // Narrower: still at the slashes, a segment whole.
        let text: Vec<String> = wrap_line(&line, 20).iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            ["GET /me/drive/items", "/{driveItem-id}", "/children"]
        );
        // No slash to break at: after a dot or a dash; a URL keeps its `//`.
        let text: Vec<String> = wrap_line(&Line::from("see drive.metadata.readonly"), 16)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(text, ["see drive.", "metadata.", "readonly"]);
        let url = Line::from("https://www.googleapis.com/auth/drive.readonly");
        let text: Vec<String> = wrap_line(&url, 22).iter().map(|l| l.to_string()).collect();
        assert_eq!(
            text,
            ["https://www.", "googleapis.com/auth", "/drive.readonly"]
        );
        // A segment wider than the line is cut where the line ends.
        let text: Vec<String> = wrap_line(&Line::from("/abcdefghij"), 4)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(text, ["/abc", "defg", "hij"]);
        // Words that fit still move to the next line whole.
        let text: Vec<String> = wrap_line(&Line::from("read all the files"), 9)
            .iter()
            .map(|l| l.to_string())
            .collect();
        assert_eq!(text, ["read all", "the files"]);
    }

    #[test]
    fn highlight_splits_runs() {
        let spans = highlighted("abcd", &[1, 2], Style::default(), Style::new().bold());
        let parts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, ["a", "bc", "d"]);
    }
}
