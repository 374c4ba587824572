//! The minimal-string panel: the fewest scopes that hold the same, in the chosen format.

use super::{block, fit_titles, panel_block, plural, scrolled};
use crate::export::Format;
use crate::tui::explorer::Explorer;
use crate::tui::message::Panel;
use crate::tui::text;
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
        let scopes = plural(minimal.scopes.len(), "scope", "scopes");
        let held = derived.explanation.held.len();
        let unproven = |long: bool| {
            (!minimal.proven).then(|| {
                let warning = if long {
                    "not proven minimal "
                } else {
                    "not proven "
                };
                Span::styled(warning, theme.warning)
            })
        };
        let count = |text: String, long: bool| -> Vec<Span<'static>> {
            std::iter::once(Span::styled(text, theme.dim))
                .chain(unproven(long))
                .collect()
        };
        let full_count = count(
            format!(" {selected} selected → {scopes} · {held} held "),
            true,
        );
        let shorter_count = count(format!(" {selected} selected → {scopes} "), false);
        let short_count = count(format!(" {selected} → {} ", minimal.scopes.len()), false);
        let name = Span::styled(" Minimal ", theme.title);
        let format = Span::styled(format!("· {} ", explorer.format().label()), theme.dim);
        let mut full = vec![name.clone(), format.clone()];
        // Enter prints what is shown: with another format than the plain string, say so
        // where the format is.
        if explorer.format() != Format::default() {
            full.push(Span::styled("· Enter prints this ", theme.dim));
        }
        let with_format = vec![name.clone(), format];
        let mut forms = vec![
            (full.clone(), full_count),
            (full, shorter_count.clone()),
            (with_format.clone(), shorter_count.clone()),
        ];
        // The plain string is the usual format: its name goes before the count shortens.
        if explorer.format() == Format::default() {
            forms.push((vec![name.clone()], shorter_count));
        }
        forms.extend([
            (with_format, short_count.clone()),
            (vec![name.clone()], short_count),
            (vec![name], Vec::new()),
        ]);
        let (title, count) = fit_titles(area.width, forms);
        let focused = explorer.panel() == Panel::Minimal;
        let inner = block(theme, "").inner(area);
        let lines: Vec<Line> = if selected == 0 {
            vec![Line::from(Span::styled(
                // Whole in an 80-column terminal; narrower, cut after a word.
                text::truncate_words(
                    &format!(
                        "Nothing selected: tick {} with Space, then Enter prints the minimal string",
                        explorer.ticks()
                    ),
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
            .title_top(count.right_aligned());
        minimal_block.render(area, buf);
        Paragraph::new(Text::from(shown)).render(inner, buf);
    }
}
