//! Drawing: one widget per panel, each in its own file, each only reading the state
//! (a list's scroll position aside, nothing here changes anything). Geometry comes from
//! `layout`, so the views, the state (how many rows fit) and the mouse agree.

mod bars;
mod details;
mod held;
mod help;
mod minimal;
mod operation;
mod operations;
mod picker;
mod prompt;
mod tree;

pub use bars::{HintLine, StatusLine};
pub use details::DetailsPanel;
pub use held::HeldPanel;
pub use help::HelpOverlay;
pub use minimal::MinimalPanel;
pub use operation::OperationDetails;
pub use operations::OperationsPanel;
pub use picker::PickerScreen;
pub use prompt::PromptBox;
pub use tree::{TreePanel, checkbox};

use super::explorer::Explorer;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::message::Panel;
use super::state::{App, Prompt, Screen};
use super::text;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget};

/// The styles by role; the app carries the one in use (see [`App::theme`]).
pub use super::theme;
use super::theme::Theme;
pub(super) use crate::tui::text::plural;

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    render_to(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (for tests and `render`).
pub fn render_to(app: &App, area: Rect, buf: &mut Buffer) {
    if layout::too_small(area) {
        render_too_small(app, area, buf);
        return;
    }
    match app.screen() {
        Screen::Picker(picker) => PickerScreen { app, picker }.render(area, buf),
        Screen::Explorer(explorer) => render_explorer(app, explorer, area, buf),
    }
    if let Some(help) = app.help() {
        HelpOverlay {
            mode: help.mode,
            scroll: help.scroll,
            theme: app.theme(),
            bindings: app.bindings(),
        }
        .render(area, buf);
    }
}

/// Below the minimum size: what is needed, and the one key that acts.
pub(super) fn render_too_small(app: &App, area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let theme = app.theme();
    let width = usize::from(area.width);
    let message = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    let keys = match app.prompt() {
        Some(Prompt::Unsaved { .. }) => "unsaved changes: enlarge to save, q quits without",
        _ => "q quits",
    };
    let lines: Vec<Line> = text::wrap(&message, width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme.warning)))
        .chain(
            text::wrap(keys, width)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, theme.dim))),
        )
        .collect();
    let height = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - height) / 2;
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .render(Rect::new(area.x, y, area.width, height), buf);
}

pub(super) fn block<'a>(theme: &Theme, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title_top(title)
}

/// The frame of a panel: its number key first, as in lazygit, its border bright while
/// it has the focus, and a mark on its bottom border while its text goes on above or
/// below what is shown.
pub(super) fn panel_block<'a>(
    theme: &Theme,
    panel: Panel,
    focused: bool,
    title: impl Into<Line<'a>>,
    offset: usize,
    max_offset: usize,
) -> Block<'a> {
    let mut title: Line = title.into();
    let number_style = if focused { theme.key } else { theme.dim };
    title.spans.insert(
        0,
        Span::styled(format!("[{}]", panel.number()), number_style),
    );
    let mut frame = block(theme, title);
    if focused {
        frame = frame.border_style(theme.key.remove_modifier(Modifier::BOLD));
    }
    let more = match (offset > 0, offset < max_offset) {
        (true, true) => Some(" ↑↓ more "),
        (false, true) => Some(" ↓ more "),
        (true, false) => Some(" ↑ more "),
        (false, false) => None,
    };
    if let Some(more) = more {
        frame = frame.title_bottom(Line::from(Span::styled(more, theme.key)).right_aligned());
    }
    frame
}

/// A panel's titles on its top border, left and right: the first of `forms` (fullest
/// first) that fits a panel `width` columns wide beside its number, with a bit of border
/// between the two; the last form, cut, when none does. The number always shows.
pub(super) fn fit_titles<'a>(
    width: u16,
    forms: Vec<(Vec<Span<'a>>, Vec<Span<'a>>)>,
) -> (Line<'a>, Line<'a>) {
    // The corners and the number "[N]".
    let room = usize::from(width).saturating_sub(2 + 3);
    let wide = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let needs = |(left, right): &(Vec<Span>, Vec<Span>)| {
        let right = wide(right);
        wide(left) + right + usize::from(right > 0)
    };
    let mut last = None;
    for form in forms {
        if needs(&form) <= room {
            return (Line::from(form.0), Line::from(form.1));
        }
        last = Some(form);
    }
    let (left, _) = last.unwrap_or_default();
    (Line::from(text::fit(left, room)), Line::default())
}

/// The lines of a side panel that fit in `rows`, scrolled as the explorer says; tells
/// the explorer how far the panel can scroll. Returns (lines shown, offset, max offset).
pub(super) fn scrolled<'a>(
    explorer: &Explorer,
    panel: Panel,
    lines: Vec<Line<'a>>,
    rows: usize,
) -> (Vec<Line<'a>>, usize, usize) {
    let max = lines.len().saturating_sub(rows);
    explorer.report_panel(panel, max, rows);
    let offset = explorer.panel_offset(panel).min(max);
    let shown = lines.into_iter().skip(offset).take(rows).collect();
    (shown, offset, max)
}

fn render_explorer(app: &App, explorer: &Explorer, area: Rect, buf: &mut Buffer) {
    let theme = app.theme();
    let Some(areas) =
        layout::explorer_areas(area, &explorer.derived().minimal_text, explorer.panel())
    else {
        render_too_small(app, area, buf);
        return;
    };
    let operations = explorer.operations().shown;
    if operations {
        OperationsPanel { app, explorer }.render(areas.tree, buf);
    } else {
        TreePanel { app, explorer }.render(areas.tree, buf);
    }
    // On a narrow terminal a focused side panel is drawn over the tree.
    if let Some(details) = areas.details {
        Clear.render(details, buf);
        if operations {
            OperationDetails { app, explorer }.render(details, buf);
        } else {
            DetailsPanel { app, explorer }.render(details, buf);
        }
    }
    if let Some(held) = areas.held {
        Clear.render(held, buf);
        HeldPanel { app, explorer }.render(held, buf);
    }
    MinimalPanel { explorer, theme }.render(areas.minimal, buf);
    if let Some(prompt) = app.prompt() {
        PromptBox {
            app,
            explorer: Some(explorer),
            prompt,
        }
        .render(layout::prompt(&areas), buf);
    }
    StatusLine { app }.render(areas.status, buf);
    HintLine { app }.render(areas.hints, buf);
}
