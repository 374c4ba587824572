//! The catalog picker's screen: the filter, the catalogs, the focused one's links.

use super::bars::{HintLine, StatusLine};
use super::{block, render_too_small};
use crate::tui::layout;
use crate::tui::picker::Picker;
use crate::tui::state::App;
use crate::tui::text::{self, fit, highlighted, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

/// The whole picker screen.
pub struct PickerScreen<'a> {
    pub app: &'a App,
    pub picker: &'a Picker,
}

impl Widget for PickerScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let PickerScreen { app, picker } = self;
        let theme = app.theme();
        let Some(areas) = layout::picker(area) else {
            render_too_small(app, area, buf);
            return;
        };
        Line::from(vec![
            Span::styled(" scopex ", theme.title.add_modifier(Modifier::REVERSED)),
            Span::styled("  choose a catalog to explore", theme.dim),
        ])
        .render(areas.title, buf);

        let counter = format!("{}/{} ", picker.shown().len(), picker.total());
        let query_room = usize::from(areas.prompt.width).saturating_sub(6 + counter.len());
        let mut prompt = vec![Span::styled(" > ", theme.key)];
        if picker.query().is_empty() {
            prompt.push(Span::styled(" ", theme.cursor));
            prompt.push(Span::styled(" type to filter", theme.dim));
        } else {
            prompt.extend(super::prompt::input_spans(
                theme,
                picker.field(),
                query_room + 1,
            ));
        }
        Line::from(prompt).render(areas.prompt, buf);
        Line::from(Span::styled(counter, theme.dim))
            .right_aligned()
            .render(areas.prompt, buf);

        let list_block = block(theme, Span::styled(" Catalogs ", theme.title));
        let inner = list_block.inner(areas.list);
        list_block.render(areas.list, buf);
        let shown = picker.shown();
        if shown.is_empty() {
            Paragraph::new(Span::styled("No catalog matches.", theme.dim))
                .alignment(Alignment::Center)
                .render(inner, buf);
        }
        let name_width = shown
            .iter()
            .map(|s| text::width(&picker.labels(s.entry).name))
            .max()
            .unwrap_or(0)
            .min(30);
        let id_width = shown
            .iter()
            .map(|s| text::width(&picker.labels(s.entry).id))
            .max()
            .unwrap_or(0)
            .min(24);
        let visible = shown
            .iter()
            .enumerate()
            .skip(picker.offset())
            .take(usize::from(inner.height));
        for (y, (row, entry)) in (inner.y..).zip(visible) {
            let labels = picker.labels(entry.entry);
            let line_area = Rect::new(inner.x, y, inner.width, 1);
            let focused = picker.focus() == Some(row);
            if focused {
                buf.set_style(line_area, theme.focus);
            }
            let name_style = if focused { theme.title } else { Style::new() };
            let name = fit(
                highlighted(
                    &labels.name,
                    &entry.name_positions,
                    name_style,
                    theme.matched,
                ),
                name_width,
            );
            let name_pad = name_width.saturating_sub(name.iter().map(Span::width).sum());
            let id = fit(
                highlighted(&labels.id, &entry.id_positions, theme.held, theme.matched),
                id_width,
            );
            let id_pad = id_width.saturating_sub(id.iter().map(Span::width).sum());
            let mut spans = vec![Span::styled(if focused { "▌ " } else { "  " }, theme.key)];
            spans.extend(name);
            spans.push(Span::raw(" ".repeat(name_pad + 2)));
            spans.extend(id);
            spans.push(Span::raw(" ".repeat(id_pad + 2)));
            // The date the catalog's source was read: how fresh it is.
            let retrieved = labels.retrieved.as_deref().unwrap_or("");
            match labels.scopes {
                Some(scopes) => {
                    spans.push(Span::styled(format!("{scopes:>4} scopes  "), theme.dim))
                }
                None => spans.push(Span::styled(format!("{:>11}  ", "broken"), theme.error)),
            }
            spans.push(Span::styled(format!("{retrieved:10}"), theme.dim));
            // Where it comes from: a path is worth its first characters, but "built-in"
            // cut to "bui…" is noise, so it is left out where it does not fit whole.
            let used: usize = spans.iter().map(Span::width).sum();
            let room = usize::from(inner.width).saturating_sub(used + 2);
            if labels.origin != "built-in" || text::width(&labels.origin) <= room {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(labels.origin.clone(), theme.dim));
            }
            Line::from(fit(spans, usize::from(inner.width))).render(line_area, buf);
        }

        if let Some(row) = picker.focus() {
            let labels = picker.labels(shown[row].entry);
            let width = usize::from(areas.info.width).saturating_sub(1);
            let mut info = Vec::new();
            if let Some(error) = &labels.error {
                let first = error.lines().next().unwrap_or_default();
                info.push(Line::from(vec![
                    Span::styled(" error  ", theme.error),
                    Span::raw(truncate(first, width.saturating_sub(8))),
                ]));
                info.push(Line::from(Span::styled(
                    truncate(
                        "        it cannot be opened; `scopex validate FILE` shows the whole error",
                        width,
                    ),
                    theme.dim,
                )));
            }
            if let Some(docs) = &labels.docs {
                info.push(Line::from(vec![
                    Span::styled(" docs   ", theme.dim),
                    Span::raw(truncate(docs, width.saturating_sub(8))),
                ]));
            }
            if let Some(source) = &labels.source {
                info.push(Line::from(vec![
                    Span::styled(" source ", theme.dim),
                    Span::styled(truncate(source, width.saturating_sub(8)), theme.dim),
                ]));
            }
            Paragraph::new(Text::from(info)).render(areas.info, buf);
        }
        if let Some(prompt) = app.prompt() {
            super::PromptBox {
                app,
                explorer: None,
                prompt,
            }
            .render(layout::picker_prompt(&areas), buf);
        }
        StatusLine { app }.render(areas.status, buf);
        HintLine { app }.render(areas.hints, buf);
    }
}
