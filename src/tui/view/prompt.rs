//! The prompt box: a titled one-line text field (a profile's name or path, a reason) or
//! a question answered with a letter.

use crate::tui::explorer::Explorer;
use crate::tui::input::LineInput;
use crate::tui::message::Outcome;
use crate::tui::state::{App, KeptLoss, Prompt};
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
        // A question comes as its wordings, the most complete first: the first that
        // fits in [`QUESTION_LINES`] lines is shown.
        let (title, label, question): (String, &str, Vec<Vec<Span>>) = match prompt {
            Prompt::Name { .. } => (" Save as a new profile ".to_string(), "Name: ", vec![]),
            Prompt::Path { name, .. } => (format!(" Save “{}” ", clean(name)), "File: ", vec![]),
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
                (title, "", vec![])
            }
            Prompt::Overwrite { path, .. } => (
                " The file exists ".to_string(),
                "",
                vec![vec![
                    Span::raw(format!("Replace {}? ", clean(&path.display().to_string()))),
                    Span::styled("y", theme.key),
                    Span::raw(" overwrite, "),
                    Span::styled("n", theme.key),
                    Span::raw(" another path, "),
                    Span::styled("Esc", theme.key),
                    Span::raw(" cancel"),
                ]],
            ),
            Prompt::Changed { .. } => {
                let file = app.document().path().map_or_else(String::new, |path| {
                    let name = path.file_name().unwrap_or(path.as_os_str());
                    clean(&name.to_string_lossy())
                });
                let answers = [
                    ("overwrite it", "o"),
                    ("reload it, dropping these changes", "r"),
                    ("cancel", "Esc"),
                ];
                let short = [("overwrite", "o"), ("reload", "r"), ("cancel", "Esc")];
                (
                    " Changed on disk ".to_string(),
                    "",
                    vec![
                        answer_spans(
                            theme,
                            &format!("{file} changed on disk since it was read"),
                            &answers,
                        ),
                        answer_spans(theme, &format!("{file} changed on disk"), &short),
                    ],
                )
            }
            Prompt::UntickAll { count } => (
                " Untick all? ".to_string(),
                "",
                vec![vec![
                    Span::raw(format!(
                        "Untick all {}? ",
                        super::plural(*count, "scope", "scopes")
                    )),
                    Span::styled("y", theme.key),
                    Span::raw(" untick, "),
                    Span::styled("n", theme.key),
                    Span::raw(" keep them"),
                ]],
            ),
            Prompt::LeaveKept { kept, then } => {
                // `s` saves the catalog named first, as it saves the open one when
                // quitting from it.
                let save = match kept.first() {
                    Some(KeptLoss::Ticked { catalog, .. }) => {
                        format!("save {} as a profile", clean(catalog))
                    }
                    Some(KeptLoss::Unsaved { profile }) => format!("save {}", clean(profile)),
                    None => "save".to_string(),
                };
                let quit = match then {
                    Outcome::Cancelled => "quit",
                    Outcome::Accepted(_) => "print and quit",
                };
                let answers = [(save.as_str(), "s"), (quit, "q"), ("stay", "Esc")];
                let wordings = [true, false].map(|named| {
                    let lost = lost_in_catalogs(None, kept, named);
                    let what = format!("{lost}{}", not_printed(kept));
                    // Starting with "unsaved changes to …", a sentence all the same.
                    let what = match what.strip_prefix('u') {
                        Some(rest) => format!("U{rest}"),
                        None => what,
                    };
                    answer_spans(theme, &what, &answers)
                });
                (" Quit? ".to_string(), "", wordings.into())
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
                let kept = kept_elsewhere(app);
                let wordings = if kept.is_empty() {
                    let answers = [("save as a profile", "s"), ("quit", "q"), ("stay", "Esc")];
                    vec![answer_spans(
                        theme,
                        &format!("{what} ticked, not printed"),
                        &answers,
                    )]
                } else {
                    // The open catalog first, then those kept for the picker; the answers
                    // say which one a save keeps.
                    let open =
                        explorer.map_or_else(String::new, |e| clean(e.labels().catalog_name));
                    let save = format!("save {open} as a profile");
                    let answers = [(save.as_str(), "s"), ("quit", "q"), ("stay", "Esc")];
                    [true, false]
                        .map(|named| {
                            let lost = lost_in_catalogs(
                                Some((what.as_str(), open.as_str())),
                                &kept,
                                named,
                            );
                            answer_spans(theme, &format!("{lost}, not printed"), &answers)
                        })
                        .into()
                };
                (" Quit? ".to_string(), "", wordings)
            }
            Prompt::Unsaved { .. } => {
                let name = app
                    .document()
                    .name()
                    .map_or_else(|| "the reasons".to_string(), clean);
                let kept = kept_elsewhere(app);
                let answers = [("save", "s"), ("discard", "d"), ("cancel", "Esc")];
                let wordings = if kept.is_empty() {
                    vec![answer_spans(
                        theme,
                        &format!("Unsaved changes to {name}"),
                        &answers,
                    )]
                } else {
                    [true, false]
                        .map(|named| {
                            let lost = lost_in_catalogs(None, &kept, named);
                            let what = format!(
                                "Unsaved changes to {name}, and {lost}{}",
                                not_printed(&kept)
                            );
                            answer_spans(theme, &what, &answers)
                        })
                        .into()
                };
                (" Unsaved changes ".to_string(), "", wordings)
            }
        };
        let inner_width = usize::from(area.width.saturating_sub(2));
        let lines = match question.len() {
            0 => Vec::new(),
            count => question
                .iter()
                .enumerate()
                .map(|(i, spans)| (i + 1 == count, text::wrap_spans(spans, inner_width)))
                .find(|(last, lines)| *last || lines.len() <= QUESTION_LINES)
                .map(|(_, lines)| lines)
                .unwrap_or_default(),
        };
        // A question of more than one line grows the box upwards, over the panels above.
        let extra = (lines.len().saturating_sub(1).min(QUESTION_LINES - 1) as u16).min(area.y);
        let area = Rect::new(area.x, area.y - extra, area.width, area.height + extra);
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
        if !lines.is_empty() {
            let shown = usize::from(inner.height);
            let cut = lines.len() > shown;
            for (i, (y, line)) in (inner.y..).zip(lines).take(shown).enumerate() {
                let line = if cut && i + 1 == shown {
                    // More than fits: the last line shown says so.
                    let mut spans = line.spans;
                    spans.push(Span::raw(" ".repeat(width)));
                    Line::from(fit(spans, width))
                } else {
                    line
                };
                line.render(Rect::new(inner.x, y, inner.width, 1), buf);
            }
            return;
        }
        let line = match prompt.input() {
            Some(input) => {
                let mut spans = vec![Span::styled(label, theme.dim)];
                spans.extend(input_spans(
                    theme,
                    input,
                    width.saturating_sub(text::width(label)),
                ));
                Line::from(spans)
            }
            None => Line::default(),
        };
        line.render(inner, buf);
    }
}

/// The most lines a question takes; past them its shorter wording is used.
const QUESTION_LINES: usize = 3;

/// `what` then the answers, each a word and its key: "what: save (s), quit (q), stay
/// (Esc)?", the keys in the key style.
fn answer_spans(theme: &Theme, what: &str, answers: &[(&str, &str)]) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(format!("{what}: "))];
    for (i, (word, key)) in answers.iter().enumerate() {
        let before = if i == 0 { "" } else { "), " };
        spans.push(Span::raw(format!("{before}{word} (")));
        spans.push(Span::styled(key.to_string(), theme.key));
    }
    spans.push(Span::raw(")?"));
    spans
}

/// What leaving loses in the catalogs kept for the picker, whether the open catalog's
/// string is printed or not: the question names it, so that its answer is the last.
fn kept_elsewhere(app: &App) -> Vec<KeptLoss> {
    app.kept_losses()
}

/// ", not printed" when ticks are lost in a catalog kept for the picker (changes to a
/// profile are not saved, rather).
fn not_printed(kept: &[KeptLoss]) -> &'static str {
    if kept
        .iter()
        .any(|loss| matches!(loss, KeptLoss::Ticked { .. }))
    {
        ", not printed"
    } else {
        ""
    }
}

/// What is lost in each catalog: "2 scopes ticked in Outreach, 1 scope in GitHub,
/// unsaved changes to Acme sync" (`here`, the open catalog's count and name, first); not
/// `named`, the catalogs are counted: "3 scopes ticked in 2 catalogs".
fn lost_in_catalogs(here: Option<(&str, &str)>, kept: &[KeptLoss], named: bool) -> String {
    let clean = |s: &str| text::sanitize(s).into_owned();
    let mut parts: Vec<String> = here
        .map(|(what, name)| format!("{what} ticked in {name}"))
        .into_iter()
        .collect();
    let ticked: Vec<(&str, usize)> = kept
        .iter()
        .filter_map(|loss| match loss {
            KeptLoss::Ticked { catalog, count } => Some((catalog.as_str(), *count)),
            KeptLoss::Unsaved { .. } => None,
        })
        .collect();
    let profiles: Vec<String> = kept
        .iter()
        .filter_map(|loss| match loss {
            KeptLoss::Unsaved { profile } => Some(clean(profile)),
            KeptLoss::Ticked { .. } => None,
        })
        .collect();
    if named {
        for (catalog, count) in ticked {
            let scopes = super::plural(count, "scope", "scopes");
            let ticked = if parts.is_empty() { " ticked" } else { "" };
            parts.push(format!("{scopes}{ticked} in {}", clean(catalog)));
        }
        parts.extend(profiles.iter().map(|p| format!("unsaved changes to {p}")));
    } else {
        if !ticked.is_empty() {
            let scopes = super::plural(ticked.iter().map(|(_, c)| c).sum(), "scope", "scopes");
            parts.push(if parts.is_empty() {
                format!(
                    "{scopes} ticked in {}",
                    super::plural(ticked.len(), "catalog", "catalogs")
                )
            } else {
                format!(
                    "{scopes} in {}",
                    super::plural(ticked.len(), "other catalog", "other catalogs")
                )
            });
        }
        if !profiles.is_empty() {
            parts.push(format!(
                "unsaved changes to {}",
                super::plural(profiles.len(), "profile", "profiles")
            ));
        }
    }
    parts.join(", ")
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
