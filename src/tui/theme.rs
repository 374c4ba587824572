//! The explorer's styles by role (focus, selected, held, match, …), in one value the views
//! read: a dark theme (the default), a light one, and a monochrome one for `NO_COLOR` and
//! `--color never`, where every role that colour carried is carried by an attribute
//! (reverse, bold, underline, italic, faint) and the focused tree row gets a glyph.

use crate::catalog::Evidence;
use ratatui::style::{Color, Modifier, Style};

/// The built-in themes, by name (`--theme`, `[theme] base` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Dark, ThemeName::Light, ThemeName::Mono];

    pub fn as_str(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }

    pub fn parse(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.as_str() == name)
    }

    pub fn theme(self) -> Theme {
        match self {
            ThemeName::Dark => Theme::DARK,
            ThemeName::Light => Theme::LIGHT,
            ThemeName::Mono => Theme::MONO,
        }
    }
}

/// A style for each role the screens use, so they agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub border: Style,
    pub title: Style,
    pub dim: Style,
    pub heading: Style,
    /// A ticked scope: `[x]`, and the minimal string.
    pub selected: Style,
    /// Held through what is ticked: `[~]`.
    pub held: Style,
    /// A group with some scopes held: `[-]`.
    pub partial: Style,
    pub unheld: Style,
    /// Characters a search matched.
    pub matched: Style,
    /// The focused row, across the panel.
    pub focus: Style,
    /// Secondary text (a description) on the focused row.
    pub focus_dim: Style,
    pub key: Style,
    pub adds: Style,
    pub removes: Style,
    pub warning: Style,
    pub error: Style,
    pub success: Style,
    pub cursor: Style,
    pub documented: Style,
    pub description: Style,
    pub derived: Style,
    pub inferred: Style,
    /// Mark the focused tree row with a glyph too, for themes whose focus is not a colour.
    pub focus_glyph: bool,
}

const fn fg(color: Color) -> Style {
    Style::new().fg(color)
}

const fn bold(style: Style) -> Style {
    style.add_modifier(Modifier::BOLD)
}

const fn attr(modifier: Modifier) -> Style {
    Style::new().add_modifier(modifier)
}

impl Theme {
    /// For dark terminals: the default.
    pub const DARK: Theme = Theme {
        border: fg(Color::DarkGray),
        title: attr(Modifier::BOLD),
        dim: fg(Color::DarkGray),
        heading: bold(fg(Color::Blue)),
        selected: bold(fg(Color::LightGreen)),
        held: fg(Color::Cyan),
        partial: fg(Color::Yellow),
        unheld: fg(Color::DarkGray),
        matched: bold(fg(Color::Yellow)),
        focus: Style::new().bg(Color::Indexed(237)),
        // Dark grey would vanish on the focus background.
        focus_dim: fg(Color::Gray),
        key: bold(fg(Color::Cyan)),
        adds: bold(fg(Color::Green)),
        removes: bold(fg(Color::Red)),
        warning: fg(Color::Yellow),
        error: bold(fg(Color::Red)),
        success: fg(Color::Green),
        cursor: attr(Modifier::REVERSED),
        documented: fg(Color::Green),
        description: fg(Color::Yellow),
        derived: fg(Color::Cyan),
        inferred: fg(Color::Magenta),
        focus_glyph: false,
    };

    /// For light terminals: darker foregrounds from the 256-colour palette (the basic
    /// yellow and cyan are unreadable on white), a pale focus background.
    pub const LIGHT: Theme = Theme {
        border: fg(Color::Indexed(245)),
        title: attr(Modifier::BOLD),
        dim: fg(Color::Indexed(243)),
        heading: bold(fg(Color::Indexed(25))),
        selected: bold(fg(Color::Indexed(28))),
        held: fg(Color::Indexed(30)),
        partial: fg(Color::Indexed(130)),
        unheld: fg(Color::Indexed(245)),
        matched: bold(fg(Color::Indexed(162))),
        focus: Style::new().bg(Color::Indexed(254)),
        focus_dim: fg(Color::Indexed(239)),
        key: bold(fg(Color::Indexed(25))),
        adds: bold(fg(Color::Indexed(28))),
        removes: bold(fg(Color::Indexed(160))),
        warning: fg(Color::Indexed(130)),
        error: bold(fg(Color::Indexed(160))),
        success: fg(Color::Indexed(28)),
        cursor: attr(Modifier::REVERSED),
        documented: fg(Color::Indexed(28)),
        description: fg(Color::Indexed(130)),
        derived: fg(Color::Indexed(30)),
        inferred: fg(Color::Indexed(127)),
        focus_glyph: false,
    };

    /// No colour at all (`NO_COLOR`, `--color never`): focus is reverse video plus a
    /// glyph, matches are bold and underlined, selected is bold, held italic, the
    /// secondary text faint.
    pub const MONO: Theme = Theme {
        border: Style::new(),
        title: attr(Modifier::BOLD),
        dim: attr(Modifier::DIM),
        heading: attr(Modifier::BOLD),
        selected: attr(Modifier::BOLD),
        held: attr(Modifier::ITALIC),
        partial: Style::new(),
        unheld: attr(Modifier::DIM),
        matched: attr(Modifier::BOLD.union(Modifier::UNDERLINED)),
        focus: attr(Modifier::REVERSED),
        focus_dim: Style::new(),
        key: attr(Modifier::BOLD),
        adds: attr(Modifier::BOLD),
        removes: attr(Modifier::BOLD),
        warning: attr(Modifier::BOLD),
        error: attr(Modifier::BOLD),
        success: Style::new(),
        cursor: attr(Modifier::REVERSED),
        documented: Style::new(),
        description: Style::new(),
        derived: Style::new(),
        inferred: Style::new(),
        focus_glyph: true,
    };

    /// The style of an implication's evidence.
    pub fn evidence(&self, evidence: Evidence) -> Style {
        match evidence {
            Evidence::Documented => self.documented,
            Evidence::Description => self.description,
            Evidence::Derived => self.derived,
            Evidence::Inferred => self.inferred,
        }
    }

    /// Does any role use a colour? The monochrome theme must not.
    pub fn has_colour(&self) -> bool {
        self.roles().iter().any(|(_, style)| {
            style.fg.is_some_and(|c| c != Color::Reset)
                || style.bg.is_some_and(|c| c != Color::Reset)
                || style.underline_color.is_some_and(|c| c != Color::Reset)
        })
    }

    /// Every role with its name as the config file writes it, in the order the default
    /// file lists them.
    pub fn roles(&self) -> [(&'static str, Style); 22] {
        [
            ("focus", self.focus),
            ("focus_dim", self.focus_dim),
            ("selected", self.selected),
            ("held", self.held),
            ("partial", self.partial),
            ("unheld", self.unheld),
            ("match", self.matched),
            ("dim", self.dim),
            ("border", self.border),
            ("title", self.title),
            ("heading", self.heading),
            ("key", self.key),
            ("adds", self.adds),
            ("removes", self.removes),
            ("warning", self.warning),
            ("error", self.error),
            ("success", self.success),
            ("cursor", self.cursor),
            ("documented", self.documented),
            ("description", self.description),
            ("derived", self.derived),
            ("inferred", self.inferred),
        ]
    }

    /// The role named `name`, to be set from the config file.
    pub fn role_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "focus" => &mut self.focus,
            "focus_dim" => &mut self.focus_dim,
            "selected" => &mut self.selected,
            "held" => &mut self.held,
            "partial" => &mut self.partial,
            "unheld" => &mut self.unheld,
            "match" => &mut self.matched,
            "dim" => &mut self.dim,
            "border" => &mut self.border,
            "title" => &mut self.title,
            "heading" => &mut self.heading,
            "key" => &mut self.key,
            "adds" => &mut self.adds,
            "removes" => &mut self.removes,
            "warning" => &mut self.warning,
            "error" => &mut self.error,
            "success" => &mut self.success,
            "cursor" => &mut self.cursor,
            "documented" => &mut self.documented,
            "description" => &mut self.description,
            "derived" => &mut self.derived,
            "inferred" => &mut self.inferred,
            _ => return None,
        })
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::DARK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_has_no_colour_and_the_others_do() {
        assert!(!Theme::MONO.has_colour());
        assert!(Theme::DARK.has_colour());
        assert!(Theme::LIGHT.has_colour());
    }

    #[test]
    fn every_role_can_be_set_by_its_name() {
        let mut theme = Theme::DARK;
        for (name, _) in Theme::DARK.roles() {
            *theme.role_mut(name).expect(name) = Style::new().fg(Color::Indexed(1));
        }
        assert!(
            theme
                .roles()
                .iter()
                .all(|(_, s)| *s == Style::new().fg(Color::Indexed(1)))
        );
    }

    #[test]
    fn mono_tells_focus_selection_and_matches_apart_by_attributes() {
        let t = Theme::MONO;
        assert!(t.focus.add_modifier.contains(Modifier::REVERSED));
        assert!(t.matched.add_modifier.contains(Modifier::UNDERLINED));
        assert_ne!(t.selected, t.held);
        assert_ne!(t.matched, t.selected);
    }
}
