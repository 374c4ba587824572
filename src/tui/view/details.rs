//! The details panel: the focused scope or group, what ticking it would change, what
//! it implies and what implies it, with the evidence for each.

use super::tree::same_words;
use super::{panel_block, plural, scrolled};
use crate::catalog::{Edge, ScopeId};
use crate::tui::explorer::{Change, Explorer, Mark};
use crate::tui::message::Panel;
use crate::tui::state::{App, Prompt};
use crate::tui::text::{self, truncate_left};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

/// The details of the focused row.
pub struct DetailsPanel<'a> {
    pub app: &'a App,
    pub explorer: &'a Explorer,
}

impl Widget for DetailsPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let DetailsPanel { app, explorer } = self;
        let theme = app.theme();
        let labels = explorer.labels();
        let max_title = usize::from(area.width).saturating_sub(7);
        let focused = explorer.panel() == Panel::Details;
        if explorer.focus_row().is_none() {
            panel_block(theme, Panel::Details, focused, " Details ", 0, 0).render(area, buf);
            return;
        }
        let node = explorer.focus();
        let tree_node = &explorer.tree().node(node);
        let mut lines: Vec<Line> = Vec::new();
        let title = match tree_node.scope {
            Some(scope) => {
                let state = match explorer.mark(node) {
                    Mark::Selected => Span::styled("● selected", theme.selected),
                    Mark::Held => {
                        let through = explorer
                            .held_reason(scope)
                            .map(|reason| explorer.held_through(reason))
                            .unwrap_or_default();
                        Span::styled(format!("◐ held through {through}"), theme.held)
                    }
                    _ => Span::styled("○ not held", theme.dim),
                };
                let mut head = vec![state];
                // Composite as the grant model sees it: one whose member edges are not all
                // trusted is atomic (it may grant what no trusted edge shows).
                if explorer.is_composite(scope) {
                    head.push(Span::styled(" · composite", theme.dim));
                } else if explorer.catalog().scope(scope).composite {
                    head.push(Span::styled(
                        " · atomic here: not every member is trusted",
                        theme.warning,
                    ));
                }
                lines.push(Line::from(head));
                let description = labels.description(scope);
                if !description.is_empty() {
                    lines.push(Line::from(description));
                }
                if let Some(why) = labels.deprecated(scope) {
                    lines.push(Line::from(vec![
                        Span::styled("Deprecated: ", theme.warning),
                        Span::styled(why, theme.dim),
                    ]));
                }
                if let Some(setting) = labels.only_in(scope) {
                    lines.push(Line::from(vec![
                        Span::styled("Only in: ", theme.warning),
                        Span::styled(setting, theme.dim),
                    ]));
                }
                lines.extend(reason_line(app, explorer, scope));
                labels.scope_name(scope)
            }
            None => {
                let scopes: Vec<ScopeId> = explorer.tree().scopes_under(node).collect();
                let held = scopes
                    .iter()
                    .filter(|&&s| explorer.derived().held.contains(s))
                    .count();
                if let Some(title) = labels
                    .node_title(node)
                    .filter(|title| !same_words(title, &labels.node_label(node)))
                {
                    lines.push(Line::from(title));
                }
                lines.push(Line::from(Span::styled(
                    format!(
                        "{} · {} held",
                        plural(scopes.len(), "scope", "scopes"),
                        held
                    ),
                    theme.dim,
                )));
                labels.node_label(node)
            }
        };
        let group = tree_node.scope.is_none();
        lines.push(change_line(theme, explorer, group));
        lines.extend(authorizes_line(theme, explorer));
        if let Some(scope) = tree_node.scope {
            let composite = explorer.is_composite(scope);
            let catalog = explorer.catalog();
            let mut out = catalog.edges_from(scope).peekable();
            if out.peek().is_some() {
                lines.push(Line::from(Span::styled(
                    if composite { "Members" } else { "Implies" },
                    theme.heading,
                )));
                for edge in out {
                    lines.push(edge_line(theme, "→", explorer, edge, false));
                }
            }
            let mut incoming = catalog.edges_to(scope).peekable();
            if incoming.peek().is_some() {
                lines.push(Line::from(Span::styled("Implied by", theme.heading)));
                for edge in incoming {
                    lines.push(edge_line(theme, "←", explorer, edge, true));
                }
            }
        }
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
            focused,
            Span::styled(
                format!(" {} ", truncate_left(&title, max_title)),
                theme.title,
            ),
            offset,
            max,
        );
        Paragraph::new(Text::from(shown))
            .block(details)
            .render(area, buf);
    }
}

fn names_list(explorer: &Explorer, scopes: &[ScopeId]) -> String {
    let labels = explorer.labels();
    scopes
        .iter()
        .map(|&s| labels.scope_name(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Reason: …" for the focused scope: the text being typed while its reason is edited,
/// else the reason given, else, in a profile, a nudge to give one.
fn reason_line(app: &App, explorer: &Explorer, scope: ScopeId) -> Option<Line<'static>> {
    let theme = app.theme();
    let selected = explorer.is_selected(scope);
    let editing = match app.prompt() {
        Some(Prompt::Reason {
            scope: edited,
            input,
        }) if *edited == scope => Some(input.text()),
        _ => None,
    };
    let (heading, reason) = match (editing, app.document().reason(scope)) {
        (Some(draft), _) => ("Reason (editing): ", draft),
        (None, Some(reason)) if selected => ("Reason: ", reason),
        (None, Some(reason)) => ("Reason (kept while unticked): ", reason),
        (None, None) if selected && app.document().path().is_some() => {
            return Some(Line::from(vec![
                Span::styled("Reason: ", theme.heading),
                Span::styled("none yet (r writes one)", theme.warning),
            ]));
        }
        (None, None) => return None,
    };
    let reason_style = if selected || editing.is_some() {
        Style::new()
    } else {
        theme.dim
    };
    Some(Line::from(vec![
        Span::styled(heading, theme.heading),
        Span::styled(text::sanitize(reason).into_owned(), reason_style),
    ]))
}

/// One edge of the focused scope: the scope at its other end, the evidence, the note.
fn edge_line<'a>(
    theme: &Theme,
    arrow: &'static str,
    explorer: &'a Explorer,
    edge: &'a Edge,
    incoming: bool,
) -> Line<'a> {
    let other = if incoming { edge.from } else { edge.to };
    let labels = explorer.labels();
    let mut spans = vec![
        Span::styled(format!(" {arrow} "), theme.dim),
        Span::raw(labels.scope_name(other)),
        Span::raw(" "),
        Span::styled(edge.evidence.as_str(), theme.evidence(edge.evidence)),
    ];
    if let Some(note) = labels.edge_note(edge) {
        spans.push(Span::styled(format!(" ({note})"), theme.dim));
    }
    if !explorer.trust().trusts(edge.evidence) {
        spans.push(Span::styled(" · not trusted (t)", theme.warning));
    }
    Line::from(spans)
}

/// "Tick: +3 newly held: a, b, c" or "Untick: −1 no longer held: a": the scopes the
/// tree would mark held, or stop marking, composites completed or broken included.
fn change_line(theme: &Theme, explorer: &Explorer, group: bool) -> Line<'static> {
    let (tick, untick) = if group {
        ("Tick all: ", "Untick all: ")
    } else {
        ("Tick: ", "Untick: ")
    };
    match &explorer.focus_info().change {
        Change::Tick { adds } if adds.is_empty() => Line::from(vec![
            Span::styled(tick, theme.heading),
            Span::styled("adds nothing new", theme.dim),
        ]),
        Change::Tick { adds } => Line::from(vec![
            Span::styled(tick, theme.heading),
            Span::styled(format!("+{}", adds.len()), theme.adds),
            Span::styled(" newly held: ", theme.dim),
            Span::raw(names_list(explorer, adds)),
        ]),
        Change::Untick {
            removes,
            still_held,
        } if removes.is_empty() => {
            let why = match still_held {
                Some(through) => format!("removes nothing (still held through {through})"),
                None => "removes nothing".to_string(),
            };
            Line::from(vec![
                Span::styled(untick, theme.heading),
                Span::styled(why, theme.dim),
            ])
        }
        Change::Untick { removes, .. } => Line::from(vec![
            Span::styled(untick, theme.heading),
            Span::styled(format!("−{}", removes.len()), theme.removes),
            Span::styled(" no longer held: ", theme.dim),
            Span::raw(names_list(explorer, removes)),
        ]),
        Change::Nothing => Line::default(),
    }
}

/// "Authorizes 3 of 16 operations: a, b, c, …" for the focused scope, once the catalog's
/// operations are read (on another thread, when the explorer opens).
fn authorizes_line(theme: &Theme, explorer: &Explorer) -> Option<Line<'static>> {
    let authorized = explorer.focus_authorizes()?;
    let catalog = explorer.catalog();
    let mut spans = vec![
        Span::styled("Authorizes ", theme.heading),
        Span::raw(format!(
            "{} of {}",
            authorized.count,
            plural(authorized.total, "operation", "operations")
        )),
    ];
    if !authorized.first.is_empty() {
        let names: Vec<String> = authorized
            .first
            .iter()
            .map(|&op| text::sanitize(catalog.operation(op).id.as_str()).into_owned())
            .collect();
        let more = if authorized.count > names.len() {
            ", …"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!(": {}{more}", names.join(", ")),
            theme.dim,
        ));
    }
    Some(Line::from(spans))
}
