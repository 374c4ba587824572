//! The prompt box: a titled one-line text field (a profile's name or path, a reason) or
//! a question answered with a letter.

use crate::tui::explorer::Explorer;
use crate::tui::input::LineInput;
use crate::tui::state::{App, Prompt};
use crate::tui::text::{self, fit, truncate};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

/// The open prompt. Over the picker (quitting with ticks kept) there is no explorer.
pub struct PromptBox<'a> {
    pub app: &'a App,
    pub explorer: Option<&'a Explorer>,
    pub prompt: &'a Prompt,
}

impl Widget for PromptBox<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let PromptBox {
            app,
            explorer,
            prompt,
        } = self;
        let theme = app.theme();
        if area.height < 3 {
            return;
        }
        let clean = |s: &str| text::sanitize(s).into_owned();
        let (title, label, question): (String, &str, Option<Line>) = match prompt {
            Prompt::Name { .. } => (" Save as a new profile ".to_string(), "Name: ", None),
            Prompt::Path { name, .. } => (format!(" Save “{}” ", clean(name)), "File: ", None),
            Prompt::Reason { scope, .. } => {
                let Some(explorer) = explorer else {
                    return;
                };
                let name = explorer.labels().scope_name(*scope);
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
                    Span::styled("y", theme.key),
                    Span::raw(" overwrite, "),
                    Span::styled("n", theme.key),
                    Span::raw(" another path, "),
                    Span::styled("Esc", theme.key),
                    Span::raw(" cancel"),
                ])),
            ),
            Prompt::UntickAll { count } => (
                " Untick all? ".to_string(),
                "",
                Some(Line::from(vec![
                    Span::raw(format!(
                        "Untick all {}? ",
                        super::plural(*count, "scope", "scopes")
                    )),
                    Span::styled("y", theme.key),
                    Span::raw(" untick, "),
                    Span::styled("n", theme.key),
                    Span::raw(" keep them"),
                ])),
            ),
            Prompt::LeaveKept { kept, .. } => {
                let ticked: usize = kept.iter().map(|(_, count)| count).sum();
                let names: Vec<String> = kept.iter().map(|(name, _)| clean(name)).collect();
                let ticked = super::plural(ticked, "scope", "scopes");
                let mut what = format!("{ticked} ticked in {}", names.join(", "));
                // The answers must stay in view: many catalogs are counted, not named.
                let answers = ", not printed: y quit, n stay";
                if text::width(&what) + text::width(answers) + 2 > usize::from(area.width) {
                    what = format!("{ticked} ticked in {} catalogs", names.len());
                }
                (
                    " Quit? ".to_string(),
                    "",
                    Some(Line::from(vec![
                        Span::raw(format!("{what}, not printed: ")),
                        Span::styled("y", theme.key),
                        Span::raw(" quit, "),
                        Span::styled("n", theme.key),
                        Span::raw(" stay"),
                    ])),
                )
            }
            Prompt::Unsaved { .. } if app.document().path().is_none() => {
                let ticked = explorer.map_or(0, Explorer::selected_count);
                // In the operations view the calls are what was ticked; their scopes follow.
                let calls = explorer
                    .filter(|explorer| explorer.operations().shown)
                    .map_or(0, |explorer| explorer.operations().ticked().len());
                let what = if calls > 0 {
                    super::plural(calls, "call", "calls")
                } else {
                    super::plural(ticked, "scope", "scopes")
                };
                (
                    " Quit? ".to_string(),
                    "",
                    Some(Line::from(vec![
                        Span::raw(format!("{what} ticked, not printed: save as a profile (")),
                        Span::styled("s", theme.key),
                        Span::raw("), quit ("),
                        Span::styled("q", theme.key),
                        Span::raw("), stay ("),
                        Span::styled("Esc", theme.key),
                        Span::raw(")?"),
                    ])),
                )
            }
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
                        Span::styled("s", theme.key),
                        Span::raw("), discard ("),
                        Span::styled("d", theme.key),
                        Span::raw("), cancel ("),
                        Span::styled("Esc", theme.key),
                        Span::raw(")?"),
                    ])),
                )
            }
        };
        Clear.render(area, buf);
        let prompt_block = Block::bordered()
            .border_style(theme.key)
            .title_top(Line::from(Span::styled(
                truncate(&title, usize::from(area.width.saturating_sub(4))),
                theme.title,
            )));
        let inner = prompt_block.inner(area);
        prompt_block.render(area, buf);
        let width = usize::from(inner.width);
        let line = match (question, prompt.input()) {
            (Some(question), _) => Line::from(fit(question.spans, width)),
            (None, Some(input)) => {
                let mut spans = vec![Span::styled(label, theme.dim)];
                spans.extend(input_spans(
                    theme,
                    input,
                    width.saturating_sub(text::width(label)),
                ));
                Line::from(spans)
            }
            (None, None) => Line::default(),
        };
        line.render(inner, buf);
    }
}

/// A text field `width` cells wide with its cursor, which stays in view whatever the
/// width of the characters; a "…" marks text left out on either side.
pub(super) fn input_spans(theme: &Theme, input: &LineInput, width: usize) -> Vec<Span<'static>> {
    if width == 0 {
        return Vec::new();
    }
    let window = input.window(width);
    let clean = |s: &str| text::sanitize(s).into_owned();
    let mut spans = Vec::new();
    if window.cut_before {
        spans.push(Span::styled("…", theme.dim));
    }
    spans.push(Span::raw(clean(&window.before)));
    spans.push(Span::styled(clean(&window.under), theme.cursor));
    spans.push(Span::raw(clean(&window.after)));
    if window.cut_after {
        spans.push(Span::styled("…", theme.dim));
    }
    fit(spans, width)
}
