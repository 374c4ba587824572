//! The details panel in the operations view: the focused operation, its alternatives
//! from least to most privilege, which one the ticked operations use, and a warning where
//! the least ones give different data.

use super::{panel_block, plural, scrolled};
use crate::catalog::ScopeId;
use crate::need::Why;
use crate::tui::explorer::Explorer;
use crate::tui::message::Panel;
use crate::tui::state::App;
use crate::tui::text::{self, truncate_left};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

/// The details of the focused operation.
pub struct OperationDetails<'a> {
    pub app: &'a App,
    pub explorer: &'a Explorer,
}

impl Widget for OperationDetails<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let explorer = self.explorer;
        let theme = self.app.theme();
        let catalog = explorer.catalog();
        let state = explorer.operations();
        let Some(id) = state.focused_operation() else {
            GroupDetails {
                app: self.app,
                explorer,
            }
            .render(area, buf);
            return;
        };
        let op = catalog.operation(id);
        let mut lines: Vec<Line> = Vec::new();
        let ticked = state.is_ticked(id);
        lines.push(Line::from(if ticked {
            Span::styled("● ticked", theme.selected)
        } else if explorer.operation_allowed(id) {
            Span::styled("◐ allowed by the selection", theme.held)
        } else {
            Span::styled("○ not allowed by the selection", theme.dim)
        }));
        if let (Some(method), Some(path)) = (op.method, op.path.as_deref()) {
            lines.push(Line::from(Span::styled(
                format!("{method} {}", text::sanitize(path)),
                theme.dim,
            )));
        }
        if let Some(description) = op.description.as_deref() {
            lines.push(Line::from(text::sanitize(description).into_owned()));
        }
        // The alternatives as this operation alone orders them; when it is ticked, the one
        // the selection uses (the first what it holds allows), and what the ticked ones
        // said of it: why, and which least ones give different data. They asked only for
        // what the scopes ticked by hand did not hold: their alternatives are found by
        // their position in the operation's own list.
        let alone = explorer.operation_alone(id);
        let report = &alone.operations[0];
        let held = &explorer.derived().held;
        let ticked_report = match (ticked, explorer.operations().need()) {
            (true, Some(result)) => state
                .ticked()
                .iter()
                .position(|&t| t == id)
                .and_then(|at| result.operations.get(at)),
            _ => None,
        };
        let chosen = ticked
            .then(|| {
                report
                    .alternatives
                    .iter()
                    .position(|a| crate::need::allows(held, &[&a.scopes]))
            })
            .flatten();
        let incomparable: Vec<usize> = match ticked_report {
            Some(found) => found
                .incomparable
                .iter()
                .filter_map(|&i| found.alternatives.get(i))
                .filter_map(|a| report.alternatives.iter().position(|b| b.index == a.index))
                .collect(),
            None => report.incomparable.clone(),
        };
        let by_hand = ticked_report.is_some_and(|found| {
            found
                .chosen
                .and_then(|c| found.alternatives.get(c))
                .is_some_and(|a| a.scopes.is_empty())
        });
        lines.push(Line::from(Span::styled(
            "Alternatives, least privilege first",
            theme.heading,
        )));
        // A name under the catalog's tree prefix (Google's
        // `https://www.googleapis.com/auth/`) that would not fit on a line of the panel
        // is shown from the prefix on (`…/drive.appdata`), so that it is not cut mid-word.
        let width = usize::from(area.width.saturating_sub(2));
        let prefix = catalog.tree_spec.prefix.as_deref().unwrap_or_default();
        let names = |scopes: &[ScopeId]| -> String {
            if scopes.is_empty() {
                return crate::need::NO_SCOPE.to_string();
            }
            scopes
                .iter()
                .map(|&s| {
                    let name = explorer.labels().scope_name(s);
                    match name.strip_prefix(prefix) {
                        Some(rest) if !prefix.is_empty() && name.chars().count() + 6 > width => {
                            format!("…/{rest}")
                        }
                        _ => name.to_string(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" + ")
        };
        for (i, alternative) in report.alternatives.iter().enumerate() {
            let chosen = chosen == Some(i);
            let allowed = crate::need::allows(&explorer.derived().held, &[&alternative.scopes]);
            let (mark, style) = if chosen {
                ("▸", theme.selected)
            } else if allowed {
                ("~", theme.held)
            } else {
                (" ", theme.dim)
            };
            let mut spans = vec![
                Span::styled(format!("{mark} {}. ", i + 1), style),
                Span::raw(names(&alternative.scopes)),
                Span::styled(
                    format!(" {}", plural(alternative.grants.len(), "grant", "grants")),
                    theme.dim,
                ),
            ];
            if incomparable.contains(&i) {
                spans.push(Span::styled(" · different data", theme.warning));
            }
            for &scope in &alternative.scopes {
                if let Some(setting) = explorer.labels().only_in(scope) {
                    spans.push(Span::styled(format!(" · only in {setting}"), theme.warning));
                }
                if catalog.scope(scope).deprecated.is_some() {
                    let name = explorer.labels().scope_name(scope);
                    spans.push(Span::styled(format!(" · {name} deprecated"), theme.warning));
                }
            }
            lines.push(Line::from(spans));
        }
        if !incomparable.is_empty() {
            lines.push(Line::from(Span::styled(
                "The least ones give different data: which is meant is yours to decide.",
                theme.warning,
            )));
        }
        // A call any token may make: its empty alternative is chosen by itself, not
        // because of what was ticked by hand.
        let needs_none = op.alternatives().any(<[ScopeId]>::is_empty);
        let why = match ticked_report {
            _ if needs_none => Some("it needs no scope: any token allows it"),
            _ if by_hand => Some("the scopes ticked by hand already allow it"),
            Some(found) => why_text(found.why),
            None => None,
        };
        if chosen.is_some()
            && let Some(why) = why
        {
            lines.push(Line::from(vec![
                Span::styled("Chosen: ", theme.heading),
                Span::raw(why),
            ]));
        }
        render_panel(
            explorer,
            theme,
            &text::sanitize(op.id.as_str()),
            lines,
            area,
            buf,
        );
    }
}

/// The details panel with `lines` under `title`, numbered, wrapped and scrolled as the
/// scope details are.
fn render_panel(
    explorer: &Explorer,
    theme: &Theme,
    title: &str,
    lines: Vec<Line>,
    area: Rect,
    buf: &mut Buffer,
) {
    let max_title = usize::from(area.width).saturating_sub(7);
    let width = usize::from(area.width.saturating_sub(2));
    let wrapped: Vec<Line> = lines
        .iter()
        .flat_map(|line| text::wrap_line(line, width))
        .collect();
    let rows = usize::from(area.height.saturating_sub(2));
    let (shown, offset, max) = scrolled(explorer, Panel::Details, wrapped, rows);
    let details = panel_block(
        theme,
        Panel::Details,
        explorer.panel() == Panel::Details,
        Span::styled(
            format!(" {} ", truncate_left(title, max_title)),
            theme.title,
        ),
        offset,
        max,
    );
    Paragraph::new(Text::from(shown))
        .block(details)
        .render(area, buf);
}

/// The details of a focused group of operations: how many, how many ticked.
struct GroupDetails<'a> {
    app: &'a App,
    explorer: &'a Explorer,
}

impl Widget for GroupDetails<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.app.theme();
        let state = self.explorer.operations();
        let Some(node) = state
            .focus_row()
            .and_then(|_| state.tree().get(state.focus()))
        else {
            let focused = self.explorer.panel() == Panel::Details;
            panel_block(theme, Panel::Details, focused, " Details ", 0, 0).render(area, buf);
            return;
        };
        let under: Vec<usize> = state.tree().scopes_under(state.focus()).collect();
        let ticked = under.iter().filter(|&&id| state.is_ticked(id)).count();
        let lines = vec![
            Line::from(Span::styled(
                format!(
                    "{} · {} ticked",
                    plural(under.len(), "operation", "operations"),
                    ticked
                ),
                theme.dim,
            )),
            Line::from("Space ticks them all, or unticks those ticked."),
        ];
        render_panel(
            self.explorer,
            theme,
            &text::sanitize(node.label),
            lines,
            area,
            buf,
        );
    }
}

fn why_text(why: Why) -> Option<&'static str> {
    Some(match why {
        Why::Only => "its only alternative",
        Why::Least => "grants no more than any other",
        Why::Shared => "the other operations already need all it grants",
        Why::Fewest => "adds the fewest grants",
        Why::Tie => "others add as many grants; the narrower one, then the catalog's order",
        Why::Unsatisfiable => return None,
        Why::Usable => "the others can be used only in a particular setting",
        Why::Current => "the others name deprecated scopes",
        Why::Avoided => "the others name deprecated scopes or ones usable only elsewhere",
    })
}
