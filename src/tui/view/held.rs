//! The held panel: every scope the selection holds, grouped by resource, and why.

use super::tree::same_words;
use super::{block, panel_block, plural, scrolled};
use crate::catalog::{NodeId, ScopeId};
use crate::grants::HeldReason;
use crate::tui::explorer::Explorer;
use crate::tui::message::Panel;
use crate::tui::state::App;
use crate::tui::text::{self, fit, truncate, truncate_left};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use std::borrow::Cow;

/// Everything held and why.
pub struct HeldPanel<'a> {
    pub app: &'a App,
    pub explorer: &'a Explorer,
}

impl Widget for HeldPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let HeldPanel { app, explorer } = self;
        let theme = app.theme();
        let derived = explorer.derived();
        let held_count = derived.explanation.held.len();
        let focused = explorer.panel() == Panel::Held;
        let title = Line::from(vec![
            Span::styled(" Held ", theme.title),
            Span::styled(format!("{held_count} "), theme.dim),
        ]);
        let inner = block(theme, "").inner(area);
        if held_count == 0 {
            panel_block(theme, Panel::Held, focused, title, 0, 0).render(area, buf);
            Paragraph::new(Span::styled(
                format!("Nothing held yet: tick {} with Space.", explorer.ticks()),
                theme.dim,
            ))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
            return;
        }
        let tree = explorer.tree();
        let labels = explorer.labels();
        let width = usize::from(inner.width);
        // Tree order, grouped under each top-level resource: (group heading, scope, reason).
        let mut by_node: Vec<(NodeId, ScopeId, &HeldReason)> = derived
            .explanation
            .held
            .iter()
            .map(|(scope, reason)| (tree.node_of_scope(*scope), *scope, reason))
            .collect();
        by_node.sort_unstable_by_key(|(node, _, _)| *node);
        let mut held: Vec<(Option<NodeId>, ScopeId, &HeldReason)> =
            Vec::with_capacity(by_node.len());
        let mut current_root: Option<NodeId> = None;
        for (node, scope, reason) in by_node {
            let root = tree.ancestors(node).last().unwrap_or(node);
            let heading = (current_root != Some(root)).then_some(root);
            current_root = Some(root);
            held.push((heading, scope, reason));
        }
        // One layout for all: aligned with evidence, else aligned without, else each scope
        // on one line when it fits and on two when it does not.
        let name_width = held
            .iter()
            .map(|(_, s, _)| text::width(&labels.scope_name(*s)))
            .max()
            .unwrap_or(0);
        let reason_width = |scope: ScopeId, reason: &HeldReason, evidence: bool| -> usize {
            reason_spans(theme, explorer, scope, reason, evidence, width)
                .iter()
                .map(Span::width)
                .sum()
        };
        let aligned_fits = |evidence: bool| {
            held.iter()
                .all(|(_, s, r)| 2 + name_width + reason_width(*s, r, evidence) <= width)
        };
        let (aligned, evidence) = if aligned_fits(true) {
            (true, true)
        } else if aligned_fits(false) {
            (true, false)
        } else {
            (false, false)
        };
        let mut lines: Vec<Line> = Vec::new();
        for (heading, scope, reason) in held {
            if let Some(root) = heading {
                // The group as the tree shows it: its label, and its catalog title after
                // it, faint, when that says something else.
                let label = labels.node_label(root);
                let title = labels
                    .node_title(root)
                    .filter(|title| !same_words(title, &label));
                let mut spans = vec![Span::styled(label, theme.heading)];
                // A group named like a scope of its own (Google's `…/auth/drive` above
                // `drive.file`) says when that scope is not held, lest it read as one.
                if tree
                    .scope(root)
                    .is_some_and(|own| !derived.explanation.held.iter().any(|(s, _)| *s == own))
                {
                    spans.push(Span::styled(" (not held)", theme.dim));
                }
                if let Some(title) = title {
                    spans.push(Span::styled(format!("  {title}"), theme.dim));
                }
                lines.push(Line::from(fit(spans, width)));
            }
            let name = labels.scope_name(scope);
            let gap = if aligned {
                name_width.saturating_sub(text::width(&name)) + 1
            } else {
                1
            };
            if 1 + text::width(&name) + gap + reason_width(scope, reason, evidence) <= width {
                let mut spans = vec![Span::raw(" "), Span::raw(name), Span::raw(" ".repeat(gap))];
                spans.extend(reason_spans(
                    theme, explorer, scope, reason, evidence, width,
                ));
                // A selected scope's own reason, where a useful part of it fits.
                let used: usize = spans.iter().map(Span::width).sum();
                let room = width.saturating_sub(used + 3);
                if matches!(reason, HeldReason::Selected) && room >= 12 {
                    match app.document().reason(scope) {
                        Some(why) => {
                            spans.push(Span::styled(" · ", theme.dim));
                            spans.push(Span::raw(truncate(&text::sanitize(why), room)));
                        }
                        None if app.document().path().is_some() => {
                            spans.push(Span::styled(" · ", theme.dim));
                            spans.push(Span::styled(truncate("no reason", room), theme.warning));
                        }
                        None => {}
                    }
                }
                lines.push(Line::from(spans));
            } else {
                lines.push(Line::from(Span::raw(format!(
                    " {}",
                    truncate_left(&name, width.saturating_sub(1))
                ))));
                let mut spans = vec![Span::raw("   ")];
                spans.extend(reason_spans(theme, explorer, scope, reason, true, width));
                lines.push(Line::from(fit(spans, width)));
            }
        }
        let (shown, offset, max) =
            scrolled(explorer, Panel::Held, lines, usize::from(inner.height));
        panel_block(theme, Panel::Held, focused, title, offset, max).render(area, buf);
        Paragraph::new(Text::from(shown)).render(inner, buf);
    }
}

/// The "why" of a held scope, in a few words. A chain longer than `room` columns shows
/// its selected scope and as many of its last steps as fill them (the line is cut there
/// anyway): walking a chain as long as the catalog for every held scope would make each
/// frame cost the square of the chain.
fn reason_spans<'a>(
    theme: &Theme,
    explorer: &'a Explorer,
    scope: ScopeId,
    reason: &HeldReason,
    evidence: bool,
    room: usize,
) -> Vec<Span<'a>> {
    match reason {
        HeldReason::Selected => vec![Span::styled("selected", theme.selected)],
        HeldReason::Implied {
            edge,
            origin,
            length,
            ..
        } => {
            let catalog = explorer.catalog();
            let labels = explorer.labels();
            // The scopes along the chain, from the selected one, the held one left out.
            let mut path: Vec<Cow<str>> = Vec::new();
            let mut used = 0;
            for step in explorer.derived().explanation.steps_back(scope) {
                let name = labels.scope_name(catalog.edges[step].from);
                used += text::width(&name) + 3;
                path.push(name);
                if used > room {
                    break;
                }
            }
            if path.len() < *length {
                path.push(Cow::Borrowed("…"));
                path.push(labels.scope_name(*origin));
            }
            path.reverse();
            let mut spans = vec![Span::styled(
                format!("via {}", path.join(" → ")),
                theme.held,
            )];
            if evidence {
                let evidence = catalog.edges[*edge].evidence;
                spans.push(Span::styled(
                    format!(" {}", evidence.as_str()),
                    theme.evidence(evidence),
                ));
            }
            spans
        }
        HeldReason::Covered { members } => vec![Span::styled(
            format!(
                "covered by its {}",
                plural(members.len(), "member", "members")
            ),
            theme.held,
        )],
    }
}
