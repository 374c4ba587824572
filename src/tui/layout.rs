//! Screen geometry, shared by the state (how many tree rows fit), the views (where to draw)
//! and the mouse mapping (what was clicked). Pure arithmetic on rectangles; never panics,
//! whatever the size.

use super::message::{HelpRow, Panel};
use super::text;
use ratatui::layout::{Margin, Rect};
use std::ops::Range;

/// Below this the explorer only says that the terminal is too small.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Narrower than this, the details and closure panels are left out.
const SIDE_PANELS_MIN_WIDTH: u16 = 72;
/// Lower than this (main area), the closure panel is left out.
const HELD_PANEL_MIN_HEIGHT: u16 = 12;

/// Columns each tree level is indented by.
pub const INDENT: usize = 2;
/// Cells before the checkbox on a tree row: the fold marker and a space.
pub const MARKER_WIDTH: usize = 2;
/// `[x]`.
pub const CHECKBOX_WIDTH: usize = 3;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The inside of a bordered block.
pub fn inner(area: Rect) -> Rect {
    area.inner(Margin::new(1, 1))
}

/// The columns of a tree row's fold marker, relative to the row's start.
pub fn marker_columns(depth: usize) -> std::ops::Range<usize> {
    let start = depth * INDENT;
    start..start + MARKER_WIDTH
}

/// The columns of a tree row's checkbox, relative to the row's start.
pub fn checkbox_columns(depth: usize) -> std::ops::Range<usize> {
    let start = depth * INDENT + MARKER_WIDTH;
    start..start + CHECKBOX_WIDTH
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExplorerAreas {
    pub tree: Rect,
    pub details: Option<Rect>,
    pub held: Option<Rect>,
    pub minimal: Rect,
    pub status: Rect,
    pub hints: Rect,
}

impl ExplorerAreas {
    pub fn tree_rows(&self) -> usize {
        inner(self.tree).height as usize
    }
}

impl ExplorerAreas {
    /// Where `panel` is drawn, when it is.
    pub fn of(&self, panel: Panel) -> Option<Rect> {
        match panel {
            Panel::Tree => Some(self.tree),
            Panel::Details => self.details,
            Panel::Held => self.held,
            Panel::Minimal => Some(self.minimal),
        }
    }

    /// The panel drawn at `position`: a side panel drawn over the tree wins.
    pub fn panel_at(&self, position: ratatui::layout::Position) -> Option<Panel> {
        [Panel::Details, Panel::Held, Panel::Minimal, Panel::Tree]
            .into_iter()
            .find(|&panel| self.of(panel).is_some_and(|r| r.contains(position)))
    }
}

/// The explorer's areas at `area` with the minimal string `minimal`: its length decides
/// the height of its panel, which grows when `focus` is on it. Views, state and mouse
/// mapping all go through this.
pub fn explorer_areas(area: Rect, minimal: &str, focus: Panel) -> Option<ExplorerAreas> {
    explorer_for(area, |width| super::text::wrap(minimal, width).len(), focus)
}

/// Lines the minimal-string panel may take: more on taller terminals.
fn max_minimal_lines(height: u16) -> usize {
    usize::from((height / 12).max(1))
}

/// The explorer's areas, or `None` when the terminal is too small. `minimal_lines` is how
/// many lines the minimal string needs at the panel's inner width (see `minimal_width`).
pub fn explorer(area: Rect, minimal_lines: impl Fn(usize) -> usize) -> Option<ExplorerAreas> {
    explorer_for(area, minimal_lines, Panel::Tree)
}

/// The explorer's areas with `focus` on a panel: the minimal string's panel grows to show
/// it all (leaving the tree three rows); a side panel left out for want of room takes the
/// place of the tree (details, held) or of the details (held).
pub fn explorer_for(
    area: Rect,
    minimal_lines: impl Fn(usize) -> usize,
    focus: Panel,
) -> Option<ExplorerAreas> {
    if too_small(area) {
        return None;
    }
    let inner_width = usize::from(area.width.saturating_sub(2));
    let max_lines = if focus == Panel::Minimal {
        usize::from(area.height.saturating_sub(9)).max(1)
    } else {
        max_minimal_lines(area.height)
    };
    let lines = minimal_lines(inner_width).clamp(1, max_lines) as u16;
    let bottom = area.y + area.height;
    let hints = Rect::new(area.x, bottom - 1, area.width, 1);
    let status = Rect::new(area.x, bottom - 2, area.width, 1);
    let minimal_height = lines + 2;
    let minimal = Rect::new(
        area.x,
        status.y - minimal_height,
        area.width,
        minimal_height,
    );
    let main = Rect::new(area.x, area.y, area.width, minimal.y - area.y);

    if area.width < SIDE_PANELS_MIN_WIDTH {
        return Some(ExplorerAreas {
            tree: main,
            details: (focus == Panel::Details).then_some(main),
            held: (focus == Panel::Held).then_some(main),
            minimal,
            status,
            hints,
        });
    }
    let right_width = (area.width * 45 / 100).clamp(34, 90);
    let tree = Rect::new(main.x, main.y, main.width - right_width, main.height);
    let right = Rect::new(tree.x + tree.width, main.y, right_width, main.height);
    let (details, held) = if main.height < HELD_PANEL_MIN_HEIGHT {
        if focus == Panel::Held {
            (None, Some(right))
        } else {
            (Some(right), None)
        }
    } else {
        let details_height = main.height - main.height / 2;
        (
            Some(Rect::new(right.x, right.y, right.width, details_height)),
            Some(Rect::new(
                right.x,
                right.y + details_height,
                right.width,
                main.height - details_height,
            )),
        )
    };
    Some(ExplorerAreas {
        tree,
        details,
        held,
        minimal,
        status,
        hints,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickerAreas {
    pub title: Rect,
    pub prompt: Rect,
    pub list: Rect,
    pub info: Rect,
    pub status: Rect,
    pub hints: Rect,
}

impl PickerAreas {
    pub fn list_rows(&self) -> usize {
        inner(self.list).height as usize
    }
}

pub fn picker(area: Rect) -> Option<PickerAreas> {
    if too_small(area) {
        return None;
    }
    let row = |y: u16| Rect::new(area.x, y, area.width, 1);
    let bottom = area.y + area.height;
    let hints = row(bottom - 1);
    let status = row(bottom - 2);
    let info = Rect::new(area.x, bottom - 4, area.width, 2);
    let title = row(area.y);
    let prompt = row(area.y + 1);
    let list = Rect::new(area.x, area.y + 2, area.width, info.y - (area.y + 2));
    Some(PickerAreas {
        title,
        prompt,
        list,
        info,
        status,
        hints,
    })
}

/// A question's box over the picker: across the bottom of the list.
pub fn picker_prompt(areas: &PickerAreas) -> Rect {
    let height = 3.min(areas.list.height);
    Rect::new(
        areas.list.x,
        areas.list.y + areas.list.height - height,
        areas.list.width,
        height,
    )
}

/// A centred box of at most `width` x `height` inside `area`, leaving a margin.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width.saturating_sub(2));
    let height = height.min(area.height.saturating_sub(2));
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// A one-line prompt's box (a name, a path, a reason, a question): across the bottom of
/// the main area, just above the minimal string, so that the details of the focused
/// scope stay in view.
pub fn prompt(areas: &ExplorerAreas) -> Rect {
    let height = 3.min(areas.minimal.y);
    Rect::new(
        areas.minimal.x,
        areas.minimal.y - height,
        areas.minimal.width,
        height,
    )
}

/// One column of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpColumn {
    /// The help rows it shows.
    pub rows: Range<usize>,
    /// Width of the keys, then of the whole column.
    pub key_width: usize,
    pub width: usize,
    /// Lines it takes: a description too long for the column goes on below its keys.
    pub lines: usize,
}

impl HelpColumn {
    /// Cells left for a row's description.
    pub fn what_width(&self) -> usize {
        self.width.saturating_sub(self.key_width + 2).max(1)
    }
}

/// Where the help overlay goes and how far it scrolls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    pub popup: Rect,
    pub columns: Vec<HelpColumn>,
    /// The most lines the columns scroll by: the tallest column's last line at the bottom.
    pub max_scroll: usize,
}

/// From this width on, a help too tall for one column is laid out in two.
pub const HELP_TWO_COLUMNS_MIN_WIDTH: u16 = 80;
/// A column narrower than this for its descriptions is not worth it.
const HELP_MIN_WHAT_WIDTH: usize = 14;

/// The help overlay for `rows`: one column when it fits the height or the terminal is
/// narrower than [`HELP_TWO_COLUMNS_MIN_WIDTH`]; else two, split at a blank row and
/// sharing the width so that the taller of them is as short as can be (a description
/// that does not fit its column wraps below its keys).
pub fn help(area: Rect, rows: &[HelpRow]) -> HelpLayout {
    let room_height = usize::from(area.height.saturating_sub(4));
    let room_width = usize::from(area.width.saturating_sub(4));
    let mut single = help_column(rows, 0..rows.len(), None);
    if single.width > room_width {
        // Narrower than the help: the descriptions wrap rather than run off the edge.
        single = help_column(rows, 0..rows.len(), Some(room_width));
    }
    let columns = if single.lines <= room_height || area.width < HELP_TWO_COLUMNS_MIN_WIDTH {
        vec![single]
    } else {
        two_help_columns(rows, room_width).unwrap_or_else(|| vec![single])
    };
    let tallest = columns.iter().map(|c| c.lines).max().unwrap_or(0);
    let total_width: usize = columns.iter().map(|c| c.width).sum();
    let popup = centered(
        area,
        (total_width + 2).min(usize::from(u16::MAX)) as u16,
        (tallest + 2).min(usize::from(u16::MAX)) as u16,
    );
    let shown = usize::from(popup.height.saturating_sub(2));
    HelpLayout {
        popup,
        columns,
        max_scroll: tallest.saturating_sub(shown),
    }
}

/// The best two columns in `room_width`, trying each blank row as the split and each
/// share of the width.
fn two_help_columns(rows: &[HelpRow], room_width: usize) -> Option<Vec<HelpColumn>> {
    let mut best: Option<((usize, usize, usize), Vec<HelpColumn>)> = None;
    for split in rows
        .iter()
        .enumerate()
        .filter(|(_, row)| **row == HelpRow::Blank)
        .map(|(i, _)| i)
    {
        let (left, right) = (0..split, split + 1..rows.len());
        let natural = (
            help_column(rows, left.clone(), None).width,
            help_column(rows, right.clone(), None).width,
        );
        let candidates: Vec<(usize, usize)> = if natural.0 + natural.1 <= room_width {
            vec![natural]
        } else {
            (1..room_width)
                .map(|width| (width, room_width - width))
                .filter(|&(l, r)| l <= natural.0 && r <= natural.1)
                .collect()
        };
        for (left_width, right_width) in candidates {
            let columns = vec![
                help_column(rows, left.clone(), Some(left_width)),
                help_column(rows, right.clone(), Some(right_width)),
            ];
            // A column narrowed below its natural width keeps room for its descriptions.
            let cramped = |c: &HelpColumn, natural: usize| {
                c.width < natural && c.what_width() < HELP_MIN_WHAT_WIDTH
            };
            if cramped(&columns[0], natural.0) || cramped(&columns[1], natural.1) {
                continue;
            }
            // The taller column as short as can be, then as little wrapped as can be,
            // then as wide (the same wrapping, less cramped).
            let tallest = columns.iter().map(|c| c.lines).max().unwrap_or(0);
            let lines: usize = columns.iter().map(|c| c.lines).sum();
            let width: usize = columns.iter().map(|c| c.width).sum();
            let rank = (tallest, lines, usize::MAX - width);
            if best.as_ref().is_none_or(|(best_rank, _)| rank < *best_rank) {
                best = Some((rank, columns));
            }
        }
    }
    best.map(|(_, columns)| columns)
}

/// A column of `rows[range]`, `width` wide or as wide as its longest row.
fn help_column(rows: &[HelpRow], range: Range<usize>, width: Option<usize>) -> HelpColumn {
    let (key_width, natural) = help_widths(&rows[range.clone()]);
    let mut column = HelpColumn {
        rows: range,
        key_width,
        width: width.unwrap_or(natural).min(natural),
        lines: 0,
    };
    let what_width = column.what_width();
    column.lines = rows[column.rows.clone()]
        .iter()
        .map(|row| match row {
            HelpRow::Keys { what, .. } => help_what_lines(what, what_width).len(),
            HelpRow::Heading(_) | HelpRow::Blank => 1,
        })
        .sum();
    column
}

/// A help row's description in lines of `width` cells.
pub fn help_what_lines(what: &str, width: usize) -> Vec<String> {
    text::wrap(what, width)
}

/// (key column, whole column) widths of help rows.
fn help_widths(rows: &[HelpRow]) -> (usize, usize) {
    let key_width = rows
        .iter()
        .filter_map(|row| match row {
            HelpRow::Keys { keys, .. } => Some(text::width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        + 2;
    let what_width = rows
        .iter()
        .filter_map(|row| match row {
            HelpRow::Keys { what, .. } => Some(text::width(what)),
            HelpRow::Heading(h) => Some(text::width(h).saturating_sub(key_width)),
            HelpRow::Blank => None,
        })
        .max()
        .unwrap_or(0);
    (key_width, key_width + what_width + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_areas_fit_at_every_size() {
        for width in 0..=260u16 {
            for height in [0, 1, 5, 9, 10, 11, 12, 16, 24, 40, 80] {
                let area = Rect::new(0, 0, width, height);
                for focus in Panel::ALL {
                    match explorer_for(area, |_| 30, focus) {
                        None => assert!(too_small(area)),
                        Some(a) => {
                            for r in [a.tree, a.minimal, a.status, a.hints]
                                .into_iter()
                                .chain(a.details)
                                .chain(a.held)
                            {
                                assert_eq!(r.intersection(area), r, "{width}x{height}: {r:?}");
                            }
                            assert!(a.tree.height >= 3);
                            if focus != Panel::Tree {
                                assert!(a.of(focus).is_some(), "{width}x{height}: {focus:?}");
                            }
                        }
                    }
                }
                if let Some(p) = picker(area) {
                    assert!(p.list.height >= 3);
                    assert_eq!(p.list.intersection(area), p.list);
                }
            }
        }
    }

    #[test]
    fn side_panels_at_80x24() {
        let a = explorer(Rect::new(0, 0, 80, 24), |_| 1).expect("fits");
        assert_eq!(a.tree.width, 44);
        assert!(a.details.is_some() && a.held.is_some());
        assert_eq!(a.tree.height, 19);
    }
}
