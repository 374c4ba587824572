//! The tree panel: the catalog's resources and scopes, with checkboxes, folds, the
//! search prompt on its bottom border and the matched characters highlighted.

use super::{panel_block, plural};
use crate::catalog::NodeId;
use crate::tui::explorer::{Explorer, Mark, Search};
use crate::tui::layout;
use crate::tui::message::Mode;
use crate::tui::message::Panel;
use crate::tui::state::App;
use crate::tui::text::{self, fit, fit_left, highlighted, truncate};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget, Wrap,
};

/// The tree panel of the explorer.
pub struct TreePanel<'a> {
    pub app: &'a App,
    pub explorer: &'a Explorer,
}

impl Widget for TreePanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let TreePanel { app, explorer } = self;
        let theme = app.theme();
        let title = tree_title(
            theme,
            app,
            explorer,
            usize::from(area.width.saturating_sub(5)),
        );
        let focused = explorer.panel() == Panel::Tree;
        let mut tree_block = panel_block(theme, Panel::Tree, focused, title, 0, 0);
        let search = explorer.search();
        tree_block = with_search_prompt(tree_block, theme, app, search, area.width);
        let inner = tree_block.inner(area);
        tree_block.render(area, buf);

        let rows = explorer.rows();
        if rows.is_empty() {
            let message = if explorer.catalog().is_empty() {
                "This catalog has no scopes.".to_string()
            } else if explorer.ticked_filter() && !search.filtering() {
                "Nothing ticked: Esc shows every scope".to_string()
            } else {
                format!(
                    "No scope matches “{}”",
                    truncate(&text::sanitize(&search.query), 30)
                )
            };
            Paragraph::new(Span::styled(message, theme.dim))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .render(inner.inner(Margin::new(1, 1)), buf);
            return;
        }
        let focus_row = explorer.focus_row();
        let visible = rows
            .iter()
            .enumerate()
            .skip(explorer.offset())
            .take(usize::from(inner.height));
        for (y, (row, &node)) in (inner.y..).zip(visible) {
            let line_area = Rect::new(inner.x, y, inner.width, 1);
            let focused = focus_row == Some(row);
            if focused {
                buf.set_style(line_area, theme.focus);
                if theme.focus_glyph && area.x < inner.x {
                    // On the border, as the picker's `▌`: no column taken from the rows.
                    buf[(area.x, y)].set_symbol("▌").set_style(theme.key);
                }
            }
            tree_row(theme, explorer, node, usize::from(inner.width), focused)
                .render(line_area, buf);
        }
        if rows.len() > usize::from(inner.height) {
            let mut state = ScrollbarState::new(rows.len() - usize::from(inner.height) + 1)
                .position(explorer.offset())
                .viewport_content_length(usize::from(inner.height));
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("│"))
                .thumb_symbol("┃")
                .track_style(theme.border)
                .thumb_style(theme.dim)
                .render(area.inner(Margin::new(0, 1)), buf, &mut state);
        }
    }
}

/// The search prompt on the bottom border of a tree panel, fzf-style, with the whole
/// width for it and the count of matches at the right, while there is a query or the field
/// has the keyboard.
pub(super) fn with_search_prompt<'a>(
    block: Block<'a>,
    theme: &Theme,
    app: &App,
    search: &Search,
    width: u16,
) -> Block<'a> {
    if !search.editing && !search.filtering() {
        return block;
    }
    let count = if search.filtering() {
        format!(" {} ", plural(search.match_count(), "match", "matches"))
    } else {
        String::new()
    };
    let count_style = if search.filtering() && search.match_count() == 0 {
        theme.error
    } else {
        theme.dim
    };
    let max_query = usize::from(width)
        .saturating_sub(text::width(&count) + 8)
        .max(4);
    let mut prompt = vec![Span::raw(" "), Span::styled("/", theme.key), Span::raw(" ")];
    if app.mode() == Mode::Search {
        prompt.extend(super::prompt::input_spans(
            theme,
            &search.field,
            max_query + 1,
        ));
    } else {
        prompt.push(Span::raw(truncate(
            &text::sanitize(&search.query),
            max_query,
        )));
    }
    prompt.push(Span::raw(" "));
    block
        .title_bottom(Line::from(prompt))
        .title_bottom(Line::from(Span::styled(count, count_style)).right_aligned())
}

/// The tree's title: the profile's name when there is one, the unsaved marker, the
/// catalog, its size; the less important parts go first when space is short.
fn tree_title(theme: &Theme, app: &App, explorer: &Explorer, width: usize) -> Line<'static> {
    let labels = explorer.labels();
    let catalog = labels.catalog_name;
    let profile = app
        .document()
        .name()
        .map(|n| text::sanitize(n).into_owned());
    let count = plural(explorer.catalog().len(), "scope", "scopes");
    let unsaved = app.unsaved();
    let candidates = [
        (true, true, true),
        (true, true, false),
        (false, true, false),
    ];
    let build = |long_marker: bool, with_catalog: bool, with_count: bool| {
        let mut spans = vec![Span::styled(
            format!(" {} ", profile.as_deref().unwrap_or(catalog)),
            theme.title,
        )];
        if unsaved {
            let marker = if long_marker { "● unsaved " } else { "● " };
            spans.push(Span::styled(marker, theme.warning));
        }
        if with_catalog && profile.is_some() {
            spans.push(Span::styled(format!("· {catalog} "), theme.dim));
        }
        if with_count {
            spans.push(Span::styled(format!("· {count} "), theme.dim));
        }
        spans
    };
    let fits = |spans: &Vec<Span>| spans.iter().map(Span::width).sum::<usize>() <= width;
    let spans = candidates
        .iter()
        .map(|&(marker, with_catalog, with_count)| build(marker, with_catalog, with_count))
        .find(fits)
        .unwrap_or_else(|| fit(build(false, false, false), width));
    Line::from(spans)
}

/// The checkbox of a mark and its style.
pub fn checkbox(theme: &Theme, mark: Mark) -> (&'static str, Style) {
    match mark {
        Mark::Selected => ("[x]", theme.selected),
        Mark::Held => ("[~]", theme.held),
        Mark::Partial => ("[-]", theme.partial),
        Mark::None => ("[ ]", theme.unheld),
    }
}

/// One tree row: indent, fold marker, checkbox, name, and the description when it fits.
fn tree_row<'a>(
    theme: &Theme,
    explorer: &'a Explorer,
    node: NodeId,
    width: usize,
    focused: bool,
) -> Line<'a> {
    let tree_node = &explorer.tree().node(node);
    let labels = explorer.labels();
    let marker = if !explorer.has_children(node) {
        "  "
    } else if explorer.is_folded(node) {
        "▸ "
    } else {
        "▾ "
    };
    let mark = explorer.row_mark(node);
    let (boxed, box_style) = checkbox(theme, mark);
    let mut prefix = vec![
        Span::raw(" ".repeat(tree_node.depth * layout::INDENT)),
        Span::styled(marker, theme.dim),
        Span::styled(boxed, box_style),
        Span::raw(" "),
    ];
    let prefix_width: usize = prefix.iter().map(Span::width).sum();
    let name_style = match (tree_node.scope, mark) {
        (None, _) => Style::new().add_modifier(Modifier::BOLD),
        (Some(_), Mark::Selected) => Style::new().add_modifier(Modifier::BOLD),
        (Some(_), Mark::Held) => theme.held,
        (Some(_), _) => Style::new(),
    };
    // A deprecated scope still resolves, but is shown dimmed (the details say why).
    let deprecated = tree_node
        .scope
        .is_some_and(|scope| labels.is_deprecated(scope));
    let name_style = match mark {
        _ if !deprecated => name_style,
        Mark::None | Mark::Partial => theme.dim,
        Mark::Held | Mark::Selected => name_style.add_modifier(Modifier::DIM),
    };
    let name_style = if focused {
        name_style.add_modifier(Modifier::BOLD)
    } else {
        name_style
    };
    let found = tree_node.scope.and_then(|s| explorer.match_of(s));
    let (name, description) = match tree_node.scope {
        Some(scope) => (labels.scope_name(scope), Some(labels.description(scope))),
        None => {
            let label = labels.node_label(node);
            let title = labels
                .node_title(node)
                .filter(|title| !same_words(title, &label));
            (label, title)
        }
    };
    let no_positions: &[usize] = &[];
    let name_spans = highlighted(
        &name,
        found.as_ref().map_or(no_positions, |m| &m.name_positions),
        name_style,
        theme.matched,
    );
    if prefix_width >= width {
        return Line::from(fit(prefix, width));
    }
    let room = width - prefix_width;
    // A scope name keeps its end, where siblings differ; a group label its start.
    let name_spans = if tree_node.scope.is_some() {
        fit_left(name_spans, room)
    } else {
        fit(name_spans, room)
    };
    let name_width: usize = name_spans.iter().map(Span::width).sum();
    prefix.extend(name_spans);
    // The description only when a useful part of it fits.
    let left = room - name_width;
    if let Some(description) = description.filter(|d| !d.is_empty() && left >= 10) {
        // The focus background may hide the usual faint colour.
        let style = if focused { theme.focus_dim } else { theme.dim };
        let spans = highlighted(
            &description,
            found
                .as_ref()
                .map_or(no_positions, |m| &m.description_positions),
            style,
            theme.matched,
        );
        prefix.push(Span::raw("  "));
        prefix.extend(fit(spans, left - 2));
    }
    Line::from(prefix)
}

/// "call dispositions" says nothing more than "callDispositions".
pub(super) fn same_words(a: &str, b: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    squash(a) == squash(b)
}
