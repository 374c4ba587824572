//! The two lines at the bottom: the status message and the key hints.

use crate::grants::Trust;
use crate::tui::explorer::trust_label;
use crate::tui::keys;
use crate::tui::message::StatusKind;
use crate::tui::state::App;
use crate::tui::text;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// The status line: the message of the last thing done, until the next key; on the
/// right, in the explorer, the filter "only ticked and held" when it is on and the
/// evidence trusted when it is not the default.
pub struct StatusLine<'a> {
    pub app: &'a App,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let trust = app
            .explorer_state()
            .map(|explorer| explorer.trust())
            .filter(|&trust| trust != Trust::DEFAULT);
        let only_ticked = app
            .explorer_state()
            .is_some_and(|explorer| explorer.ticked_filter());
        let labels = [
            trust.map(|trust| format!("trust: {} ", trust_label(trust))),
            only_ticked.then(|| "only ticked + held ".to_string()),
        ];
        let mut area = area;
        for label in labels.into_iter().flatten() {
            let width = text::width(&label) as u16;
            if width + 20 <= area.width {
                Line::from(Span::styled(label, theme.warning))
                    .right_aligned()
                    .render(area, buf);
                area.width -= width + 1;
            }
        }
        let Some(status) = app.status() else {
            return;
        };
        let style = match status.kind {
            StatusKind::Info => Style::new(),
            StatusKind::Success => theme.success,
            StatusKind::Warning => theme.warning,
            StatusKind::Error => theme.error,
        };
        let line = text::shorten_segments(&format!(" {}", status.text), usize::from(area.width));
        Span::styled(line, style).render(area, buf);
    }
}

/// The hint line: the most useful keys of the mode, from the key table.
pub struct HintLine<'a> {
    pub app: &'a App,
}

impl Widget for HintLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = app.theme();
        let width = usize::from(area.width);
        let mut spans = vec![Span::raw(" ")];
        for (key, label) in keys::fit_hints(app.bindings(), &app.situation(), width) {
            spans.push(Span::styled(key, theme.key));
            spans.push(Span::styled(format!(" {label}  "), theme.dim));
        }
        Line::from(spans).render(area, buf);
    }
}
