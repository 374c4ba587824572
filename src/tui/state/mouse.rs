//! What a click or the wheel at a place on the screen means, as an [`Action`].

use super::{App, Screen};
use crate::tui::action::Action;
use crate::tui::explorer;
use crate::tui::layout;
use crate::tui::message::Panel;
use ratatui::layout::{Position, Rect};

impl App {
    /// What a left click at (`column`, `row`) means: in the help it closes it; on a
    /// list it focuses the row under it, on a tree row's checkbox it ticks.
    pub(super) fn clicked(&self, column: u16, row: u16) -> Option<Action> {
        if self.help.is_some() {
            return Some(Action::CloseHelp);
        }
        let at = Position::new(column, row);
        let row_in = |list: Rect, offset: usize| -> Option<(usize, usize)> {
            let inner = layout::inner(list);
            inner.contains(at).then(|| {
                (
                    offset + usize::from(at.y - inner.y),
                    usize::from(at.x - inner.x),
                )
            })
        };
        match &self.screen {
            Screen::Picker(picker) => {
                let areas = layout::picker(self.area())?;
                let (row, _) = row_in(areas.list, picker.offset())?;
                (row < picker.shown().len()).then_some(Action::FocusRow(row))
            }
            Screen::Explorer(explorer) => {
                let areas = layout::explorer_areas(
                    self.area(),
                    &explorer.derived().minimal_text,
                    explorer.panel(),
                )?;
                match areas.panel_at(at)? {
                    Panel::Tree => {}
                    panel => return Some(Action::FocusPanel(panel)),
                }
                if explorer.operations().shown {
                    let operations = explorer.operations();
                    let (row, column) = row_in(areas.tree, operations.offset())?;
                    let &node = operations.rows().get(row)?;
                    let depth = operations.tree().node(node).depth;
                    let group = operations.has_children(node);
                    return Some(if layout::checkbox_columns(depth).contains(&column) {
                        Action::ToggleRow(row)
                    } else if group
                        && (layout::marker_columns(depth).contains(&column)
                            || (operations.is_folded(node)
                                && operations.focus_row() == Some(row)
                                && explorer.panel() == Panel::Tree))
                    {
                        Action::ToggleFoldRow(row)
                    } else {
                        Action::FocusRow(row)
                    });
                }
                let (row, column) = row_in(areas.tree, explorer.offset())?;
                let &node = explorer.rows().get(row)?;
                let depth = explorer.tree().node(node).depth;
                let group = explorer.has_children(node);
                if layout::checkbox_columns(depth).contains(&column) {
                    Some(Action::ToggleRow(row))
                } else if group && layout::marker_columns(depth).contains(&column) {
                    Some(Action::ToggleFoldRow(row))
                } else if group
                    && explorer.is_folded(node)
                    && explorer.focus_row() == Some(row)
                    && explorer.panel() == Panel::Tree
                {
                    // The second click of a double click (or a click on the focused
                    // group, as in the picker): unfold it.
                    Some(Action::ToggleFoldRow(row))
                } else {
                    Some(Action::FocusRow(row))
                }
            }
        }
    }

    /// What the wheel at (`column`, `row`) scrolls: the help when it is open, else the
    /// list or the panel under the pointer. `direction` is -1 up, 1 down.
    pub(super) fn wheeled(&self, column: u16, row: u16, direction: i16) -> Action {
        let plain = if direction < 0 {
            Action::ScrollUp
        } else {
            Action::ScrollDown
        };
        if self.help.is_some() {
            return plain;
        }
        let Screen::Explorer(explorer) = &self.screen else {
            return plain;
        };
        let panel = layout::explorer_areas(
            self.area(),
            &explorer.derived().minimal_text,
            explorer.panel(),
        )
        .and_then(|areas| areas.panel_at(Position::new(column, row)));
        match panel {
            Some(Panel::Tree) | None => plain,
            Some(panel) => Action::ScrollPanel(panel, direction * explorer::SCROLL_STEP as i16),
        }
    }
}
