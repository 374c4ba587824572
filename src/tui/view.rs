//! Drawing. Every function here only reads the state; geometry comes from `layout`.

use super::explorer::{Change, Explorer, Mark};
use super::input::LineInput;
use super::keys::{self, HelpRow};
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::picker::Picker;
use super::state::{App, Mode, Prompt, Screen, StatusKind};
use super::text::{self, fit, fit_left, highlighted, truncate, truncate_left};
use crate::catalog::{Evidence, NodeId, ScopeId};
use crate::grants::HeldReason;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
    StatefulWidget, Widget, Wrap,
};

/// The colours, in one place so the screens agree.
pub mod theme {
    use ratatui::style::{Color, Modifier, Style};

    pub const BORDER: Style = Style::new().fg(Color::DarkGray);
    pub const TITLE: Style = Style::new().add_modifier(Modifier::BOLD);
    pub const DIM: Style = Style::new().fg(Color::DarkGray);
    pub const HEADING: Style = Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD);
    /// A ticked scope: `[x]`.
    pub const SELECTED: Style = Style::new()
        .fg(Color::LightGreen)
        .add_modifier(Modifier::BOLD);
    /// Held through what is ticked: `[~]`.
    pub const HELD: Style = Style::new().fg(Color::Cyan);
    /// A group with some scopes held: `[-]`.
    pub const PARTIAL: Style = Style::new().fg(Color::Yellow);
    pub const UNHELD: Style = Style::new().fg(Color::DarkGray);
    /// Characters a search matched.
    pub const MATCH: Style = Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD);
    /// The focused row.
    pub const FOCUS: Style = Style::new().bg(Color::Indexed(237));
    pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    pub const ADDS: Style = Style::new().fg(Color::Green).add_modifier(Modifier::BOLD);
    pub const REMOVES: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
    pub const WARNING: Style = Style::new().fg(Color::Yellow);
    pub const ERROR: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
    pub const SUCCESS: Style = Style::new().fg(Color::Green);
    pub const CURSOR: Style = Style::new().add_modifier(Modifier::REVERSED);
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    render_to(app, area, frame.buffer_mut());
}

/// Draws the whole screen into a buffer (for tests and `render`).
pub fn render_to(app: &App, area: Rect, buf: &mut Buffer) {
    if layout::too_small(area) {
        render_too_small(area, buf);
        return;
    }
    match app.screen() {
        Screen::Picker(picker) => render_picker(app, picker, area, buf),
        Screen::Explorer(explorer) => render_explorer(app, explorer, area, buf),
    }
    if let Some(help) = app.help() {
        render_help(help.mode, help.scroll, area, buf);
    }
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let message = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    let lines: Vec<Line> = text::wrap(&message, usize::from(area.width))
        .into_iter()
        .map(|l| Line::from(Span::styled(l, theme::WARNING)))
        .collect();
    let height = (lines.len() as u16).min(area.height);
    let y = area.y + (area.height - height) / 2;
    Paragraph::new(lines)
        .alignment(Alignment::Center)
        .render(Rect::new(area.x, y, area.width, height), buf);
}

fn block<'a>(title: impl Into<Line<'a>>) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme::BORDER)
        .title_top(title)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

// ----- the explorer -----

fn render_explorer(app: &App, explorer: &Explorer, area: Rect, buf: &mut Buffer) {
    let Some(areas) = layout::explorer_areas(area, explorer) else {
        render_too_small(area, buf);
        return;
    };
    render_tree(app, explorer, areas.tree, buf);
    if let Some(details) = areas.details {
        render_details(app, explorer, details, buf);
    }
    if let Some(held) = areas.held {
        render_held(app, explorer, held, buf);
    }
    render_minimal(explorer, areas.minimal, buf);
    if let Some(prompt) = app.prompt() {
        render_prompt(app, explorer, prompt, layout::prompt(&areas), buf);
    }
    render_status(app, areas.status, buf);
    render_hints(app, areas.hints, buf);
}

/// The tree's title: the profile's name when there is one, the unsaved marker, the
/// catalog, its size; the less important parts go first when space is short.
fn tree_title(app: &App, explorer: &Explorer, width: usize) -> Line<'static> {
    let labels = explorer.labels();
    let catalog = labels.catalog_name.clone();
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
            format!(" {} ", profile.as_deref().unwrap_or(&catalog)),
            theme::TITLE,
        )];
        if unsaved {
            let marker = if long_marker { "● unsaved " } else { "● " };
            spans.push(Span::styled(marker, theme::WARNING));
        }
        if with_catalog && profile.is_some() {
            spans.push(Span::styled(format!("· {catalog} "), theme::DIM));
        }
        if with_count {
            spans.push(Span::styled(format!("· {count} "), theme::DIM));
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

fn render_tree(app: &App, explorer: &Explorer, area: Rect, buf: &mut Buffer) {
    let title = tree_title(app, explorer, usize::from(area.width.saturating_sub(2)));
    let mut tree_block = block(title);
    let search = explorer.search();
    if search.editing || search.filtering() {
        // The prompt sits on the bottom border, fzf-style, with the whole width for it.
        let count = if search.filtering() {
            format!(" {} ", plural(search.match_count(), "match", "matches"))
        } else {
            String::new()
        };
        let count_style = if search.filtering() && search.match_count() == 0 {
            theme::ERROR
        } else {
            theme::DIM
        };
        let max_query = usize::from(area.width)
            .saturating_sub(text::width(&count) + 8)
            .max(4);
        let mut prompt = vec![
            Span::raw(" "),
            Span::styled("/", theme::KEY),
            Span::raw(" "),
            Span::raw(truncate(&text::sanitize(&search.query), max_query)),
        ];
        if app.mode() == Mode::Search {
            prompt.push(Span::styled(" ", theme::CURSOR));
        }
        prompt.push(Span::raw(" "));
        tree_block = tree_block
            .title_bottom(Line::from(prompt))
            .title_bottom(Line::from(Span::styled(count, count_style)).right_aligned());
    }
    let inner = tree_block.inner(area);
    tree_block.render(area, buf);

    let rows = explorer.rows();
    if rows.is_empty() {
        let message = if explorer.catalog().is_empty() {
            "This catalog has no scopes.".to_string()
        } else {
            format!(
                "No scope matches “{}”",
                truncate(&text::sanitize(&search.query), 30)
            )
        };
        Paragraph::new(Span::styled(message, theme::DIM))
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
            buf.set_style(line_area, theme::FOCUS);
        }
        tree_row(explorer, node, usize::from(inner.width), focused).render(line_area, buf);
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
            .track_style(theme::BORDER)
            .thumb_style(theme::DIM)
            .render(area.inner(Margin::new(0, 1)), buf, &mut state);
    }
}

/// The checkbox of a mark and its style.
pub fn checkbox(mark: Mark) -> (&'static str, Style) {
    match mark {
        Mark::Selected => ("[x]", theme::SELECTED),
        Mark::Held => ("[~]", theme::HELD),
        Mark::Partial => ("[-]", theme::PARTIAL),
        Mark::None => ("[ ]", theme::UNHELD),
    }
}

/// One tree row: indent, fold marker, checkbox, name, and the description when it fits.
fn tree_row<'a>(explorer: &'a Explorer, node: NodeId, width: usize, focused: bool) -> Line<'a> {
    let tree_node = &explorer.tree().nodes[node];
    let labels = explorer.labels();
    let marker = if !explorer.has_children(node) {
        "  "
    } else if explorer.is_folded(node) {
        "▸ "
    } else {
        "▾ "
    };
    let mark = explorer.mark(node);
    let (boxed, box_style) = checkbox(mark);
    let mut prefix = vec![
        Span::raw(" ".repeat(tree_node.depth * layout::INDENT)),
        Span::styled(marker, theme::DIM),
        Span::styled(boxed, box_style),
        Span::raw(" "),
    ];
    let prefix_width: usize = prefix.iter().map(Span::width).sum();
    let name_style = match (tree_node.scope, mark) {
        (None, _) => Style::new().add_modifier(Modifier::BOLD),
        (Some(_), Mark::Selected) => Style::new().add_modifier(Modifier::BOLD),
        (Some(_), Mark::Held) => theme::HELD,
        (Some(_), _) => Style::new(),
    };
    let name_style = if focused {
        name_style.add_modifier(Modifier::BOLD)
    } else {
        name_style
    };
    let found = tree_node.scope.and_then(|s| explorer.match_of(s));
    let (name, description) = match tree_node.scope {
        Some(scope) => (
            labels.scope_names[scope].as_str(),
            Some(labels.descriptions[scope].as_str()),
        ),
        None => (
            labels.node_labels[node].as_str(),
            labels.node_titles[node]
                .as_deref()
                .filter(|title| !same_words(title, &labels.node_labels[node])),
        ),
    };
    let no_positions: &[usize] = &[];
    let name_spans = highlighted(
        name,
        found.as_ref().map_or(no_positions, |m| &m.name_positions),
        name_style,
        theme::MATCH,
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
        // Dark grey would vanish on the focus background.
        let style = if focused {
            Style::new().fg(Color::Gray)
        } else {
            theme::DIM
        };
        let spans = highlighted(
            description,
            found
                .as_ref()
                .map_or(no_positions, |m| &m.description_positions),
            style,
            theme::MATCH,
        );
        prefix.push(Span::raw("  "));
        prefix.extend(fit(spans, left - 2));
    }
    Line::from(prefix)
}

/// "call dispositions" says nothing more than "callDispositions".
fn same_words(a: &str, b: &str) -> bool {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    squash(a) == squash(b)
}

fn evidence_style(evidence: Evidence) -> Style {
    match evidence {
        Evidence::Documented => Style::new().fg(Color::Green),
        Evidence::Description => Style::new().fg(Color::Yellow),
        Evidence::Derived => Style::new().fg(Color::Cyan),
        Evidence::Inferred => Style::new().fg(Color::Magenta),
    }
}

fn names_list(explorer: &Explorer, scopes: &[ScopeId]) -> String {
    let names = &explorer.labels().scope_names;
    scopes
        .iter()
        .map(|&s| names[s].as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn render_details(app: &App, explorer: &Explorer, area: Rect, buf: &mut Buffer) {
    let labels = explorer.labels();
    let max_title = usize::from(area.width).saturating_sub(4);
    if explorer.focus_row().is_none() {
        block(" Details ").render(area, buf);
        return;
    }
    let node = explorer.focus();
    let tree_node = &explorer.tree().nodes[node];
    let mut lines: Vec<Line> = Vec::new();
    let title = match tree_node.scope {
        Some(scope) => {
            let state = match explorer.mark(node) {
                Mark::Selected => Span::styled("● selected", theme::SELECTED),
                Mark::Held => {
                    let through = explorer
                        .held_reason(scope)
                        .map(|reason| explorer.held_through(reason))
                        .unwrap_or_default();
                    Span::styled(format!("◐ held through {through}"), theme::HELD)
                }
                _ => Span::styled("○ not held", theme::DIM),
            };
            let mut head = vec![state];
            if explorer.catalog().scope(scope).composite {
                head.push(Span::styled(" · composite", theme::DIM));
            }
            lines.push(Line::from(head));
            if !labels.descriptions[scope].is_empty() {
                lines.push(Line::from(labels.descriptions[scope].clone()));
            }
            lines.extend(reason_line(app, explorer, scope));
            labels.scope_names[scope].clone()
        }
        None => {
            let scopes: Vec<ScopeId> = explorer.tree().scopes_under(node).collect();
            let held = scopes
                .iter()
                .filter(|&&s| explorer.derived().held.contains(s))
                .count();
            if let Some(title) = labels.node_titles[node]
                .as_ref()
                .filter(|title| !same_words(title, &labels.node_labels[node]))
            {
                lines.push(Line::from(title.clone()));
            }
            lines.push(Line::from(Span::styled(
                format!(
                    "{} · {} held",
                    plural(scopes.len(), "scope", "scopes"),
                    held
                ),
                theme::DIM,
            )));
            labels.node_labels[node].clone()
        }
    };
    let group = tree_node.scope.is_none();
    lines.push(change_line(explorer, group));
    if let Some(scope) = tree_node.scope {
        let composite = explorer.catalog().scope(scope).composite;
        let out = &labels.edges_out[scope];
        if !out.is_empty() {
            lines.push(Line::from(Span::styled(
                if composite { "Members" } else { "Implies" },
                theme::HEADING,
            )));
            for &edge in out {
                lines.push(edge_line("→", explorer, edge, false));
            }
        }
        let incoming = &labels.edges_in[scope];
        if !incoming.is_empty() {
            lines.push(Line::from(Span::styled("Implied by", theme::HEADING)));
            for &edge in incoming {
                lines.push(edge_line("←", explorer, edge, true));
            }
        }
    }
    let details = block(Span::styled(
        format!(" {} ", truncate_left(&title, max_title)),
        theme::TITLE,
    ));
    Paragraph::new(Text::from(lines))
        .wrap(Wrap { trim: false })
        .block(details)
        .render(area, buf);
}

/// "Reason: …" for the focused scope: the text being typed while its reason is edited,
/// else the reason given, else, in a profile, a nudge to give one.
fn reason_line(app: &App, explorer: &Explorer, scope: ScopeId) -> Option<Line<'static>> {
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
                Span::styled("Reason: ", theme::HEADING),
                Span::styled("none yet (r writes one)", theme::WARNING),
            ]));
        }
        (None, None) => return None,
    };
    let reason_style = if selected || editing.is_some() {
        Style::new()
    } else {
        theme::DIM
    };
    Some(Line::from(vec![
        Span::styled(heading, theme::HEADING),
        Span::styled(text::sanitize(reason).into_owned(), reason_style),
    ]))
}

/// One edge of the focused scope: the scope at its other end, the evidence, the note.
fn edge_line(
    arrow: &'static str,
    explorer: &Explorer,
    index: usize,
    incoming: bool,
) -> Line<'static> {
    let edge = &explorer.catalog().edges[index];
    let other = if incoming { edge.from } else { edge.to };
    let labels = explorer.labels();
    let mut spans = vec![
        Span::styled(format!(" {arrow} "), theme::DIM),
        Span::raw(labels.scope_names[other].clone()),
        Span::raw(" "),
        Span::styled(edge.evidence.as_str(), evidence_style(edge.evidence)),
    ];
    if let Some(note) = &labels.edge_notes[index] {
        spans.push(Span::styled(format!(" ({note})"), theme::DIM));
    }
    Line::from(spans)
}

/// "Tick: +3 a, b, c" or "Untick: −1 a".
fn change_line(explorer: &Explorer, group: bool) -> Line<'static> {
    let (tick, untick) = if group {
        ("Tick all: ", "Untick all: ")
    } else {
        ("Tick: ", "Untick: ")
    };
    match &explorer.focus_info().change {
        Change::Tick { adds } if adds.is_empty() => Line::from(vec![
            Span::styled(tick, theme::HEADING),
            Span::styled("adds nothing new", theme::DIM),
        ]),
        Change::Tick { adds } => Line::from(vec![
            Span::styled(tick, theme::HEADING),
            Span::styled(format!("+{} ", adds.len()), theme::ADDS),
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
                Span::styled(untick, theme::HEADING),
                Span::styled(why, theme::DIM),
            ])
        }
        Change::Untick { removes, .. } => Line::from(vec![
            Span::styled(untick, theme::HEADING),
            Span::styled(format!("−{} ", removes.len()), theme::REMOVES),
            Span::raw(names_list(explorer, removes)),
        ]),
        Change::Nothing => Line::default(),
    }
}

/// The "why" of a held scope, in a few words.
fn reason_spans<'a>(explorer: &'a Explorer, reason: &HeldReason, evidence: bool) -> Vec<Span<'a>> {
    match reason {
        HeldReason::Selected => vec![Span::styled("selected", theme::SELECTED)],
        HeldReason::Implied { chain } => {
            let catalog = explorer.catalog();
            let names = &explorer.labels().scope_names;
            // The scopes along the chain, from the selected one, the held one left out.
            let path = chain
                .iter()
                .map(|&edge| names[catalog.edges[edge].from].as_str())
                .collect::<Vec<_>>()
                .join(" → ");
            let mut spans = vec![Span::styled(format!("via {path}"), theme::HELD)];
            if let Some(&last) = chain.last().filter(|_| evidence) {
                let evidence = catalog.edges[last].evidence;
                spans.push(Span::styled(
                    format!(" {}", evidence.as_str()),
                    evidence_style(evidence),
                ));
            }
            spans
        }
        HeldReason::Covered { members } => vec![Span::styled(
            format!(
                "covered by its {}",
                plural(members.len(), "member", "members")
            ),
            theme::HELD,
        )],
    }
}

fn render_held(app: &App, explorer: &Explorer, area: Rect, buf: &mut Buffer) {
    let derived = explorer.derived();
    let held_count = derived.explanation.held.len();
    let held_block = block(Line::from(vec![
        Span::styled(" Held ", theme::TITLE),
        Span::styled(format!("{held_count} "), theme::DIM),
    ]));
    let inner = held_block.inner(area);
    held_block.render(area, buf);
    if held_count == 0 {
        Paragraph::new(Span::styled(
            "Nothing held yet: tick scopes with Space.",
            theme::DIM,
        ))
        .wrap(Wrap { trim: true })
        .render(inner, buf);
        return;
    }
    let tree = explorer.tree();
    let names = &explorer.labels().scope_names;
    let width = usize::from(inner.width);
    // Tree order, grouped under each top-level resource: (group heading, scope, reason).
    let mut by_node: Vec<(NodeId, ScopeId, &HeldReason)> = derived
        .explanation
        .held
        .iter()
        .map(|(scope, reason)| (tree.node_of_scope(*scope), *scope, reason))
        .collect();
    by_node.sort_unstable_by_key(|(node, _, _)| *node);
    let mut held: Vec<(Option<NodeId>, ScopeId, &HeldReason)> = Vec::with_capacity(by_node.len());
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
        .map(|(_, s, _)| text::width(&names[*s]))
        .max()
        .unwrap_or(0);
    let reason_width = |reason: &HeldReason, evidence: bool| -> usize {
        reason_spans(explorer, reason, evidence)
            .iter()
            .map(Span::width)
            .sum()
    };
    let aligned_fits = |evidence: bool| {
        held.iter()
            .all(|(_, _, r)| 2 + name_width + reason_width(r, evidence) <= width)
    };
    let (aligned, evidence) = if aligned_fits(true) {
        (true, true)
    } else if aligned_fits(false) {
        (true, false)
    } else {
        (false, false)
    };
    let mut lines: Vec<Line> = Vec::new();
    // (first line, lines) of each held scope, to cut between scopes and count the rest.
    let mut entries: Vec<(usize, usize)> = Vec::new();
    for (heading, scope, reason) in held {
        if let Some(root) = heading {
            let labels = explorer.labels();
            let heading = labels.node_titles[root]
                .clone()
                .unwrap_or_else(|| labels.node_labels[root].clone());
            lines.push(Line::from(Span::styled(
                truncate(&heading, width),
                theme::HEADING,
            )));
        }
        let start = lines.len();
        let name = names[scope].as_str();
        let gap = if aligned {
            name_width.saturating_sub(text::width(name)) + 1
        } else {
            1
        };
        if 1 + text::width(name) + gap + reason_width(reason, evidence) <= width {
            let mut spans = vec![Span::raw(" "), Span::raw(name), Span::raw(" ".repeat(gap))];
            spans.extend(reason_spans(explorer, reason, evidence));
            // A selected scope's own reason, where a useful part of it fits.
            let used: usize = spans.iter().map(Span::width).sum();
            let room = width.saturating_sub(used + 3);
            if matches!(reason, HeldReason::Selected) && room >= 12 {
                match app.document().reason(scope) {
                    Some(why) => {
                        spans.push(Span::styled(" · ", theme::DIM));
                        spans.push(Span::raw(truncate(&text::sanitize(why), room)));
                    }
                    None if app.document().path().is_some() => {
                        spans.push(Span::styled(" · ", theme::DIM));
                        spans.push(Span::styled(truncate("no reason", room), theme::WARNING));
                    }
                    None => {}
                }
            }
            lines.push(Line::from(spans));
        } else {
            lines.push(Line::from(Span::raw(format!(
                " {}",
                truncate_left(name, width.saturating_sub(1))
            ))));
            let mut spans = vec![Span::raw("   ")];
            spans.extend(reason_spans(explorer, reason, true));
            lines.push(Line::from(fit(spans, width)));
        }
        entries.push((start, lines.len() - start));
    }
    let room = usize::from(inner.height);
    if lines.len() > room && room > 0 {
        let mut keep = room - 1;
        if let Some(&(start, _)) = entries
            .iter()
            .find(|&&(start, height)| start < keep && keep < start + height)
        {
            keep = start;
        }
        let hidden = entries.iter().filter(|&&(start, _)| start >= keep).count();
        lines.truncate(keep);
        lines.push(Line::from(Span::styled(
            format!("… {hidden} more"),
            theme::DIM,
        )));
    }
    Paragraph::new(Text::from(lines)).render(inner, buf);
}

fn render_minimal(explorer: &Explorer, area: Rect, buf: &mut Buffer) {
    let derived = explorer.derived();
    let minimal = &derived.explanation.minimal;
    let selected = derived.selection.len();
    let mut count = vec![Span::styled(
        format!(
            " {selected} selected → {} · {} held ",
            plural(minimal.scopes.len(), "scope", "scopes"),
            derived.explanation.held.len()
        ),
        theme::DIM,
    )];
    if !minimal.proven {
        count.push(Span::styled("not proven minimal ", theme::WARNING));
    }
    let title = Line::from(vec![
        Span::styled(" Minimal ", theme::TITLE),
        Span::styled(format!("· {} ", explorer.format().label()), theme::DIM),
    ]);
    let minimal_block = block(title).title_top(Line::from(count).right_aligned());
    let inner = minimal_block.inner(area);
    minimal_block.render(area, buf);
    let lines: Vec<Line> = if selected == 0 {
        vec![Line::from(Span::styled(
            truncate(
                "Nothing selected: tick scopes with Space, then Enter prints the minimal string.",
                usize::from(inner.width),
            ),
            theme::DIM,
        ))]
    } else {
        let wrapped = text::wrap(&derived.minimal_text, usize::from(inner.width));
        let room = usize::from(inner.height);
        let cut = wrapped.len() > room;
        wrapped
            .into_iter()
            .take(room)
            .enumerate()
            .map(|(i, line)| {
                let line = if cut && i + 1 == room {
                    truncate(&format!("{line}…"), usize::from(inner.width))
                } else {
                    line
                };
                Line::from(Span::styled(line, theme::SELECTED))
            })
            .collect()
    };
    Paragraph::new(Text::from(lines)).render(inner, buf);
}

/// A prompt's box: a titled one-line field, or a question.
fn render_prompt(app: &App, explorer: &Explorer, prompt: &Prompt, area: Rect, buf: &mut Buffer) {
    if area.height < 3 {
        return;
    }
    let clean = |s: &str| text::sanitize(s).into_owned();
    let (title, label, question): (String, &str, Option<Line>) = match prompt {
        Prompt::Name { .. } => (" Save as a new profile ".to_string(), "Name: ", None),
        Prompt::Path { name, .. } => (format!(" Save “{}” ", clean(name)), "File: ", None),
        Prompt::Reason { scope, .. } => {
            let name = &explorer.labels().scope_names[*scope];
            let title = if explorer.is_selected(*scope) {
                format!(" Why {name} is needed ")
            } else {
                format!(" Why {name} is needed (Enter ticks it) ")
            };
            (title, "", None)
        }
        Prompt::Overwrite { path, .. } => (
            " The file exists ".to_string(),
            "",
            Some(Line::from(vec![
                Span::raw(format!("Replace {}? ", clean(&path.display().to_string()))),
                Span::styled("y", theme::KEY),
                Span::raw(" overwrite, "),
                Span::styled("n", theme::KEY),
                Span::raw(" another path, "),
                Span::styled("Esc", theme::KEY),
                Span::raw(" cancel"),
            ])),
        ),
        Prompt::Unsaved { .. } => {
            let name = app
                .document()
                .name()
                .map_or_else(|| "the reasons".to_string(), clean);
            (
                " Unsaved changes ".to_string(),
                "",
                Some(Line::from(vec![
                    Span::raw(format!("Unsaved changes to {name}: ")),
                    Span::raw("save ("),
                    Span::styled("s", theme::KEY),
                    Span::raw("), discard ("),
                    Span::styled("d", theme::KEY),
                    Span::raw("), cancel ("),
                    Span::styled("Esc", theme::KEY),
                    Span::raw(")?"),
                ])),
            )
        }
    };
    Clear.render(area, buf);
    let prompt_block = Block::bordered()
        .border_style(theme::KEY)
        .title_top(Line::from(Span::styled(
            truncate(&title, usize::from(area.width.saturating_sub(4))),
            theme::TITLE,
        )));
    let inner = prompt_block.inner(area);
    prompt_block.render(area, buf);
    let width = usize::from(inner.width);
    let line = match (question, prompt.input()) {
        (Some(question), _) => Line::from(fit(question.spans, width)),
        (None, Some(input)) => {
            let mut spans = vec![Span::styled(label, theme::DIM)];
            spans.extend(input_spans(input, width.saturating_sub(text::width(label))));
            Line::from(spans)
        }
        (None, None) => Line::default(),
    };
    line.render(inner, buf);
}

/// A text field `width` cells wide with its cursor. A long text scrolls by two thirds of
/// the width at a time, so that it holds still while the cursor moves within a page.
fn input_spans(input: &LineInput, width: usize) -> Vec<Span<'static>> {
    if width == 0 {
        return Vec::new();
    }
    let chars: Vec<char> = text::sanitize(input.text()).chars().collect();
    let cursor = input.cursor().min(chars.len());
    let page = (width - width / 3).max(1);
    let start = if cursor < width {
        0
    } else {
        (cursor - width) / page * page + page
    };
    let end = chars.len().min(start + width);
    let mut before: String = chars[start..cursor].iter().collect();
    let under: String = chars.get(cursor).map_or(" ".to_string(), char::to_string);
    let mut after: String = chars[(cursor + 1).min(end)..end].iter().collect();
    let mut spans = Vec::new();
    if start > 0 && !before.is_empty() {
        before.remove(0);
        spans.push(Span::styled("…", theme::DIM));
    }
    let cut_after = end < chars.len() && !after.is_empty();
    if cut_after {
        after.pop();
    }
    spans.push(Span::raw(before));
    spans.push(Span::styled(under, theme::CURSOR));
    spans.push(Span::raw(after));
    if cut_after {
        spans.push(Span::styled("…", theme::DIM));
    }
    fit(spans, width)
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(status) = app.status() else {
        return;
    };
    let style = match status.kind {
        StatusKind::Info => Style::new(),
        StatusKind::Success => theme::SUCCESS,
        StatusKind::Warning => theme::WARNING,
        StatusKind::Error => theme::ERROR,
    };
    let line = text::shorten_segments(&format!(" {}", status.text), usize::from(area.width));
    Span::styled(line, style).render(area, buf);
}

fn render_hints(app: &App, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (key, label) in keys::hints(app) {
        let needed = text::width(&key) + 1 + text::width(label);
        if used + needed > width {
            break;
        }
        used += needed + 2;
        spans.push(Span::styled(key, theme::KEY));
        spans.push(Span::styled(format!(" {label}  "), theme::DIM));
    }
    Line::from(spans).render(area, buf);
}

// ----- the picker -----

fn render_picker(app: &App, picker: &Picker, area: Rect, buf: &mut Buffer) {
    let Some(areas) = layout::picker(area) else {
        render_too_small(area, buf);
        return;
    };
    Line::from(vec![
        Span::styled(" scopex ", theme::TITLE.add_modifier(Modifier::REVERSED)),
        Span::styled("  choose a catalog to explore", theme::DIM),
    ])
    .render(areas.title, buf);

    let counter = format!("{}/{} ", picker.shown().len(), picker.total());
    let query_room = usize::from(areas.prompt.width).saturating_sub(6 + counter.len());
    let mut prompt = vec![Span::styled(" > ", theme::KEY)];
    if picker.query().is_empty() {
        prompt.push(Span::styled(" ", theme::CURSOR));
        prompt.push(Span::styled(" type to filter", theme::DIM));
    } else {
        prompt.push(Span::raw(truncate(
            &text::sanitize(picker.query()),
            query_room,
        )));
        prompt.push(Span::styled(" ", theme::CURSOR));
    }
    Line::from(prompt).render(areas.prompt, buf);
    Line::from(Span::styled(counter, theme::DIM))
        .right_aligned()
        .render(areas.prompt, buf);

    let list_block = block(Span::styled(" Catalogs ", theme::TITLE));
    let inner = list_block.inner(areas.list);
    list_block.render(areas.list, buf);
    let shown = picker.shown();
    if shown.is_empty() {
        Paragraph::new(Span::styled("No catalog matches.", theme::DIM))
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
            buf.set_style(line_area, theme::FOCUS);
        }
        let name_style = if focused { theme::TITLE } else { Style::new() };
        let name = fit(
            highlighted(
                &labels.name,
                &entry.name_positions,
                name_style,
                theme::MATCH,
            ),
            name_width,
        );
        let name_pad = name_width.saturating_sub(name.iter().map(Span::width).sum());
        let id = fit(
            highlighted(&labels.id, &entry.id_positions, theme::HELD, theme::MATCH),
            id_width,
        );
        let id_pad = id_width.saturating_sub(id.iter().map(Span::width).sum());
        let mut spans = vec![Span::styled(if focused { "▌ " } else { "  " }, theme::KEY)];
        spans.extend(name);
        spans.push(Span::raw(" ".repeat(name_pad + 2)));
        spans.extend(id);
        spans.push(Span::raw(" ".repeat(id_pad + 2)));
        spans.push(Span::styled(
            format!("{:>4} scopes  ", labels.scopes),
            theme::DIM,
        ));
        spans.push(Span::styled(labels.origin.clone(), theme::DIM));
        Line::from(fit(spans, usize::from(inner.width))).render(line_area, buf);
    }

    if let Some(row) = picker.focus() {
        let labels = picker.labels(shown[row].entry);
        let width = usize::from(areas.info.width).saturating_sub(1);
        let mut info = Vec::new();
        if let Some(docs) = &labels.docs {
            info.push(Line::from(vec![
                Span::styled(" docs   ", theme::DIM),
                Span::raw(truncate(docs, width.saturating_sub(8))),
            ]));
        }
        if let Some(source) = &labels.source {
            info.push(Line::from(vec![
                Span::styled(" source ", theme::DIM),
                Span::styled(truncate(source, width.saturating_sub(8)), theme::DIM),
            ]));
        }
        Paragraph::new(Text::from(info)).render(areas.info, buf);
    }
    render_status(app, areas.status, buf);
    render_hints(app, areas.hints, buf);
}

// ----- help -----

fn render_help(mode: Mode, scroll: usize, area: Rect, buf: &mut Buffer) {
    let rows = keys::help_rows(mode);
    let help = layout::help(area, &rows);
    let popup = help.popup;
    if popup.width < 3 || popup.height < 3 {
        return;
    }
    let scroll = scroll.min(help.max_scroll);
    Clear.render(popup, buf);
    let mut help_block = Block::bordered()
        .border_style(theme::KEY)
        .title_top(Span::styled(" Keys ", theme::TITLE))
        .title_bottom(Line::from(Span::styled(" Esc closes ", theme::DIM)).right_aligned());
    if help.max_scroll > 0 {
        let more = match (scroll > 0, scroll < help.max_scroll) {
            (true, true) => " ↑↓ more ",
            (false, _) => " ↓ more ",
            (true, false) => " ↑ more ",
        };
        help_block = help_block.title_bottom(Span::styled(more, theme::DIM));
    }
    let inner = help_block.inner(popup);
    help_block.render(popup, buf);
    let mut x = inner.x;
    for column in &help.columns {
        let lines: Vec<Line> = rows[column.rows.clone()]
            .iter()
            .skip(scroll)
            .map(|row| help_line(row, column.key_width, column.width))
            .collect();
        let column_area =
            Rect::new(x, inner.y, column.width as u16, inner.height).intersection(inner);
        Paragraph::new(Text::from(lines)).render(column_area, buf);
        x = x.saturating_add(column.width as u16);
    }
}

fn help_line(row: &HelpRow, key_width: usize, width: usize) -> Line<'static> {
    match row {
        HelpRow::Heading(heading) => Line::from(Span::styled(*heading, theme::HEADING)),
        HelpRow::Blank => Line::default(),
        HelpRow::Keys { keys, what } => {
            let pad = key_width.saturating_sub(text::width(keys));
            Line::from(fit(
                vec![
                    Span::styled(format!(" {keys}"), theme::KEY),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(*what),
                ],
                width,
            ))
        }
    }
}
