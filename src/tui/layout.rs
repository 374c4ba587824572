//! Screen geometry, shared by the state (how many tree rows fit), the views (where to draw)
//! and the mouse mapping (what was clicked). Pure arithmetic on rectangles; never panics,
//! whatever the size.

use ratatui::layout::{Margin, Rect};

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

/// The explorer's areas for `explorer` at `area`: the minimal string's length decides
/// the height of its panel. Views, state and mouse mapping all go through this.
pub fn explorer_areas(area: Rect, explorer: &super::explorer::Explorer) -> Option<ExplorerAreas> {
    let minimal = &explorer.derived().minimal_text;
    self::explorer(area, |width| super::text::wrap(minimal, width).len())
}

/// Lines the minimal-string panel may take: more on taller terminals.
fn max_minimal_lines(height: u16) -> usize {
    usize::from((height / 12).max(1))
}

/// The explorer's areas, or `None` when the terminal is too small. `minimal_lines` is how
/// many lines the minimal string needs at the panel's inner width (see `minimal_width`).
pub fn explorer(area: Rect, minimal_lines: impl Fn(usize) -> usize) -> Option<ExplorerAreas> {
    if too_small(area) {
        return None;
    }
    let inner_width = usize::from(area.width.saturating_sub(2));
    let lines = minimal_lines(inner_width).clamp(1, max_minimal_lines(area.height)) as u16;
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
            details: None,
            held: None,
            minimal,
            status,
            hints,
        });
    }
    let right_width = (area.width * 45 / 100).clamp(34, 90);
    let tree = Rect::new(main.x, main.y, main.width - right_width, main.height);
    let right = Rect::new(tree.x + tree.width, main.y, right_width, main.height);
    let (details, held) = if main.height < HELD_PANEL_MIN_HEIGHT {
        (right, None)
    } else {
        let details_height = main.height - main.height / 2;
        (
            Rect::new(right.x, right.y, right.width, details_height),
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
        details: Some(details),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explorer_areas_fit_at_every_size() {
        for width in 0..=260u16 {
            for height in [0, 1, 5, 9, 10, 11, 12, 16, 24, 40, 80] {
                let area = Rect::new(0, 0, width, height);
                match explorer(area, |_| 3) {
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
