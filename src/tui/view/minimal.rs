//! The minimal-string panel: the fewest scopes that hold the same, in the chosen format.

use super::{block, plural};
use crate::export::Format;
use crate::tui::explorer::Explorer;
use crate::tui::text::{self, truncate};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

/// The minimal string of the selection.
pub struct MinimalPanel<'a> {
    pub explorer: &'a Explorer,
    pub theme: &'a Theme,
}

impl Widget for MinimalPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let MinimalPanel { explorer, theme } = self;
        let derived = explorer.derived();
        let minimal = &derived.explanation.minimal;
        let selected = derived.selection.len();
        let mut count = vec![Span::styled(
            format!(
                " {selected} selected → {} · {} held ",
                plural(minimal.scopes.len(), "scope", "scopes"),
                derived.explanation.held.len()
            ),
            theme.dim,
        )];
        if !minimal.proven {
            count.push(Span::styled("not proven minimal ", theme.warning));
        }
        let title = Line::from(vec![
            Span::styled(" Minimal ", theme.title),
            Span::styled(format!("· {} ", explorer.format().label()), theme.dim),
            // Enter prints what is shown: with another format than the plain string,
            // say so where the format is.
            Span::styled(
                if explorer.format() == Format::default() {
                    ""
                } else {
                    "· Enter prints this "
                },
                theme.dim,
            ),
        ]);
        let minimal_block = block(theme, title).title_top(Line::from(count).right_aligned());
        let inner = minimal_block.inner(area);
        minimal_block.render(area, buf);
        let lines: Vec<Line> = if selected == 0 {
            vec![Line::from(Span::styled(
                truncate(
                    "Nothing selected: tick scopes with Space, then Enter prints the minimal string.",
                    usize::from(inner.width),
                ),
                theme.dim,
            ))]
        } else {
            let wrapped = text::wrap(&derived.minimal_text, usize::from(inner.width));
            let room = usize::from(inner.height);
            let cut = wrapped.len() > room;
            wrapped
                .into_iter()
                .take(room)
                .enumerate()
                .map(|(i, line)| {
                    let line = if cut && i + 1 == room {
                        truncate(&format!("{line}…"), usize::from(inner.width))
                    } else {
                        line
                    };
                    Line::from(Span::styled(line, theme.selected))
                })
                .collect()
        };
        Paragraph::new(Text::from(lines)).render(inner, buf);
    }
}
