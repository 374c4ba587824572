//! The help overlay: every key of the mode, generated from the key table.

use crate::tui::keys::{self, Binding};
use crate::tui::layout::{self, HelpColumn};
use crate::tui::message::{HelpRow, Mode};
use crate::tui::text::{self, fit};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// The help over `mode`'s screen, scrolled by `scroll` rows.
pub struct HelpOverlay<'a> {
    pub mode: Mode,
    pub scroll: usize,
    pub theme: &'a Theme,
    pub bindings: &'a [Binding],
}

impl Widget for HelpOverlay<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HelpOverlay {
            mode,
            scroll,
            theme,
            bindings,
        } = self;
        let rows = keys::help_rows(bindings, mode);
        let help = layout::help(area, &rows);
        let popup = help.popup;
        if popup.width < 3 || popup.height < 3 {
            return;
        }
        let scroll = scroll.min(help.max_scroll);
        Clear.render(popup, buf);
        let mut help_block = Block::bordered()
            .border_style(theme.key)
            .title_top(Span::styled(" Keys ", theme.title))
            .title_bottom(Line::from(Span::styled(" Esc closes ", theme.dim)).right_aligned());
        if help.max_scroll > 0 {
            let more = match (scroll > 0, scroll < help.max_scroll) {
                (true, true) => " ↑↓ more ",
                (false, _) => " ↓ more ",
                (true, false) => " ↑ more ",
            };
            help_block = help_block.title_bottom(Span::styled(more, theme.dim));
        }
        let inner = help_block.inner(popup);
        help_block.render(popup, buf);
        let mut x = inner.x;
        for column in &help.columns {
            let lines: Vec<Line> = rows[column.rows.clone()]
                .iter()
                .flat_map(|row| help_lines(theme, row, column))
                .skip(scroll)
                .take(usize::from(inner.height))
                .collect();
            let column_area =
                Rect::new(x, inner.y, column.width as u16, inner.height).intersection(inner);
            Paragraph::new(Text::from(lines)).render(column_area, buf);
            x = x.saturating_add(column.width as u16);
        }
    }
}

/// A help row as it shows in `column`: its keys, then its description, which goes on
/// below them, lined up, when it does not fit.
fn help_lines(theme: &Theme, row: &HelpRow, column: &HelpColumn) -> Vec<Line<'static>> {
    let key_width = column.key_width;
    match row {
        HelpRow::Heading(heading) => vec![Line::from(fit(
            vec![Span::styled(*heading, theme.heading)],
            column.width,
        ))],
        HelpRow::Blank => vec![Line::default()],
        HelpRow::Keys { keys, what } => {
            let pad = key_width.saturating_sub(text::width(keys));
            layout::help_what_lines(what, column.what_width())
                .into_iter()
                .enumerate()
                .map(|(i, part)| {
                    let keys = if i == 0 {
                        vec![
                            Span::styled(format!(" {keys}"), theme.key),
                            Span::raw(" ".repeat(pad)),
                        ]
                    } else {
                        vec![Span::raw(" ".repeat(key_width + 1))]
                    };
                    let mut spans = keys;
                    spans.push(Span::raw(part));
                    Line::from(fit(spans, column.width))
                })
                .collect()
        }
    }
}
