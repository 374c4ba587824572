//! The minimal-string panel: the fewest scopes that hold the same, in the chosen format.

use super::{block, panel_block, plural, scrolled};
use crate::export::Format;
use crate::tui::explorer::Explorer;
use crate::tui::message::Panel;
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
        let focused = explorer.panel() == Panel::Minimal;
        let inner = block(theme, "").inner(area);
        let lines: Vec<Line> = if selected == 0 {
            vec![Line::from(Span::styled(
                truncate(
                    "Nothing selected: tick scopes with Space, then Enter prints the minimal string.",
                    usize::from(inner.width),
                ),
                theme.dim,
            ))]
        } else {
            text::wrap(&derived.minimal_text, usize::from(inner.width))
                .into_iter()
                .map(|line| Line::from(Span::styled(line, theme.selected)))
                .collect()
        };
        let (shown, offset, max) =
            scrolled(explorer, Panel::Minimal, lines, usize::from(inner.height));
        let minimal_block = panel_block(theme, Panel::Minimal, focused, title, offset, max)
            .title_top(Line::from(count).right_aligned());
        minimal_block.render(area, buf);
        Paragraph::new(Text::from(shown)).render(inner, buf);
    }
}
