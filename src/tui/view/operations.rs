//! The operations panel: the catalog's API calls grouped by resource in the left panel, in
//! place of the scope tree (`o` switches), drawn as the scope tree is: fold markers,
//! checkboxes (ticked, allowed by what the selection holds, or not; a group's by how
//! many of its calls are ticked), the search prompt on the bottom border and the matched
//! characters highlighted.

use super::plural;
use super::tree::{checkbox, with_search_prompt};
use crate::catalog::NodeId;
use crate::tui::explorer::{Explorer, Mark, Operations};
use crate::tui::layout;
use crate::tui::message::Panel;
use crate::tui::state::App;
use crate::tui::text::{self, fit, fit_left, highlighted, truncate};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget, Wrap,
};

/// The operations panel of the explorer.
pub struct OperationsPanel<'a> {
    pub app: &'a App,
    pub explorer: &'a Explorer,
}

impl Widget for OperationsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let OperationsPanel { app, explorer } = self;
        let theme = app.theme();
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
        let title = Line::from(fit(title.spans, usize::from(area.width.saturating_sub(5))));
        let focused = explorer.panel() == Panel::Tree;
        let panel = super::panel_block(theme, Panel::Tree, focused, title, 0, 0);
        let panel = with_search_prompt(panel, theme, app, state.search(), area.width);
        let inner = panel.inner(area);
        panel.render(area, buf);

        let rows = state.rows();
        if rows.is_empty() {
            let message = format!(
                "No operation matches “{}”",
                truncate(&text::sanitize(&state.search().query), 30)
            );
            Paragraph::new(Span::styled(message, theme.dim))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .render(inner.inner(Margin::new(1, 1)), buf);
            return;
        }
        let focus_row = state.focus_row();
        let visible = rows
            .iter()
            .enumerate()
            .skip(state.offset())
            .take(usize::from(inner.height));
        for (y, (row, &node)) in (inner.y..).zip(visible) {
            let line_area = Rect::new(inner.x, y, inner.width, 1);
            let focused = focus_row == Some(row);
            if focused {
                buf.set_style(line_area, theme.focus);
                if theme.focus_glyph && area.x < inner.x {
                    buf[(area.x, y)].set_symbol("▌").set_style(theme.key);
                }
            }
            operation_row(
                theme,
                explorer,
                state,
                node,
                usize::from(inner.width),
                focused,
            )
            .render(line_area, buf);
        }
        if rows.len() > usize::from(inner.height) {
            let mut scrollbar = ScrollbarState::new(rows.len() - usize::from(inner.height) + 1)
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

/// One row: indent, fold marker, checkbox, the id (or the group's name), and the method
/// and path when they fit, with the matched characters highlighted.
fn operation_row<'a>(
    theme: &Theme,
    explorer: &Explorer,
    state: &'a Operations,
    node: NodeId,
    width: usize,
    focused: bool,
) -> Line<'a> {
    let tree_node = &state.tree().node(node);
    let marker = if !state.has_children(node) {
        "  "
    } else if state.is_folded(node) {
        "▸ "
    } else {
        "▾ "
    };
    let mark = match tree_node.scope {
        Some(id) if state.is_ticked(id) => Mark::Selected,
        Some(id) if explorer.operation_allowed(id) => Mark::Held,
        Some(_) => Mark::None,
        None => state.group_mark(node),
    };
    let (boxed, box_style) = checkbox(theme, mark);
    let mut spans = vec![
        Span::raw(" ".repeat(tree_node.depth * layout::INDENT)),
        Span::styled(marker, theme.dim),
        Span::styled(boxed, box_style),
        Span::raw(" "),
    ];
    let prefix_width: usize = spans.iter().map(Span::width).sum();
    if prefix_width >= width {
        return Line::from(fit(spans, width));
    }
    let room = width - prefix_width;
    let name_style = match (tree_node.scope, mark) {
        (None, _) | (Some(_), Mark::Selected) => Style::new().add_modifier(Modifier::BOLD),
        (Some(_), Mark::Held) => theme.held,
        (Some(_), _) => Style::new(),
    };
    let name_style = if focused {
        name_style.add_modifier(Modifier::BOLD)
    } else {
        name_style
    };
    let Some(id) = tree_node.scope else {
        spans.extend(fit(
            vec![Span::styled(text::sanitize(tree_node.label), name_style)],
            room,
        ));
        return Line::from(spans);
    };
    let (name_positions, route_positions) = state.match_of(id).unwrap_or_default();
    // An id keeps its end, where siblings differ.
    let name = fit_left(
        highlighted(state.name(id), &name_positions, name_style, theme.matched),
        room,
    );
    let name_width: usize = name.iter().map(Span::width).sum();
    spans.extend(name);
    let route = state.route(id);
    let left = room - name_width;
    if left > 5 && !route.is_empty() && route != state.name(id) {
        let style = if focused { theme.focus_dim } else { theme.dim };
        spans.push(Span::raw("  "));
        spans.extend(fit(
            highlighted(route, &route_positions, style, theme.matched),
            left - 2,
        ));
    }
    Line::from(spans)
}
