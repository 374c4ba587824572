//! The operations panel: the catalog's API calls in the left panel, in place of the scope
//! tree (`o` switches), each with a checkbox: ticked, allowed by what the selection holds,
//! or not.

use super::{block, plural};
use crate::tui::explorer::Explorer;
use crate::tui::state::App;
use crate::tui::text::{self, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

/// The operations panel of the explorer.
pub struct OperationsPanel<'a> {
    pub app: &'a App,
    pub explorer: &'a Explorer,
}

impl Widget for OperationsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let explorer = self.explorer;
        let theme = self.app.theme();
        let catalog = explorer.catalog();
        let state = explorer.operations();
        let total = explorer.operations_len();
        let title = Line::from(vec![
            Span::styled(format!(" {} ", explorer.labels().catalog_name), theme.title),
            Span::styled(
                format!(
                    "· {} · {} ticked ",
                    plural(total, "operation", "operations"),
                    state.ticked().len()
                ),
                theme.dim,
            ),
        ]);
        let panel = block(theme, title);
        let inner = panel.inner(area);
        panel.render(area, buf);
        let width = usize::from(inner.width);
        let visible = (state.offset()..total).take(usize::from(inner.height));
        for (y, id) in (inner.y..).zip(visible) {
            let line_area = Rect::new(inner.x, y, inner.width, 1);
            let focused = id == state.focus();
            if focused {
                buf.set_style(line_area, theme.focus);
            }
            let op = catalog.operation(id);
            let (mark, style) = if state.is_ticked(id) {
                ("[x]", theme.selected)
            } else if explorer.operation_allowed(id) {
                ("[~]", theme.held)
            } else {
                ("[ ]", theme.unheld)
            };
            let name = text::sanitize(op.id.as_str()).into_owned();
            let route = match (op.method, op.path.as_deref()) {
                (Some(method), Some(path)) => format!("{method} {}", text::sanitize(path)),
                _ => String::new(),
            };
            let room = width.saturating_sub(4);
            let name = truncate(&name, room);
            let rest = room.saturating_sub(text::width(&name) + 2);
            let mut spans = vec![
                Span::styled(mark, style),
                Span::raw(" "),
                Span::styled(
                    name,
                    if focused {
                        theme.title
                    } else {
                        ratatui::style::Style::new()
                    },
                ),
            ];
            if rest > 3 && !route.is_empty() && route != op.id.as_str() {
                spans.push(Span::raw("  "));
                spans.push(Span::styled(truncate(&route, rest), theme.dim));
            }
            Paragraph::new(Line::from(spans)).render(line_area, buf);
        }
        if total > usize::from(inner.height) {
            let mut scrollbar = ScrollbarState::new(total - usize::from(inner.height) + 1)
                .position(state.offset())
                .viewport_content_length(usize::from(inner.height));
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("│"))
                .thumb_symbol("┃")
                .track_style(theme.border)
                .thumb_style(theme.dim)
                .render(area.inner(Margin::new(0, 1)), buf, &mut scrollbar);
        }
    }
}
