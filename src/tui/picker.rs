//! The catalog picker's state: the available catalogs, filtered by typing.

use super::action::Action;
use super::input::LineInput;
use super::text::sanitize;
use crate::catalog::{Catalog, Summary, builtin};
use crate::search::{Fields, Searcher};

/// One catalog on offer.
#[derive(Debug, Clone)]
pub enum PickerEntry {
    /// A built-in catalog, loaded when opened: the picker shows its summary, so its first
    /// frame does not parse every built-in.
    Builtin(Summary),
    /// A catalog that loaded: it opens.
    Ready {
        catalog: Box<Catalog>,
        /// Where it comes from: "built-in" or the file.
        origin: String,
    },
    /// A file of the user's catalog folder that failed to load: listed with its error
    /// (file, line and column), so it is not silently missing; it cannot be opened.
    Broken {
        /// What commands call it: its id, or else its file name.
        name: String,
        origin: String,
        /// The error, as `scopex validate` prints it.
        error: String,
    },
}

impl PickerEntry {
    pub fn ready(catalog: Catalog, origin: impl Into<String>) -> PickerEntry {
        PickerEntry::Ready {
            catalog: Box::new(catalog),
            origin: origin.into(),
        }
    }
}

/// An entry shown under the current filter, with the matched characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub entry: usize,
    pub name_positions: Vec<usize>,
    pub id_positions: Vec<usize>,
}

/// Display text of an entry, made safe for the terminal.
#[derive(Debug, Clone)]
pub struct EntryLabels {
    pub name: String,
    pub id: String,
    pub origin: String,
    pub docs: Option<String>,
    pub source: Option<String>,
    /// The date the catalog's source was read.
    pub retrieved: Option<String>,
    /// `None` for a catalog that failed to load.
    pub scopes: Option<usize>,
    /// Why the catalog failed to load (lines: the located message first, then the
    /// offending line and a caret).
    pub error: Option<String>,
}

/// What the picker asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PickerOutcome {
    Stay,
    Open(usize),
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fingerprint {
    focus: usize,
    offset: usize,
    viewport: usize,
    field: LineInput,
}

pub struct Picker {
    entries: Vec<PickerEntry>,
    labels: Vec<EntryLabels>,
    /// The filter, edited as the search query and the prompts are.
    field: LineInput,
    shown: Vec<Shown>,
    focus: usize,
    offset: usize,
    viewport: usize,
    searcher: Searcher,
}

impl Picker {
    pub fn new(entries: Vec<PickerEntry>) -> Picker {
        let labels = entries
            .iter()
            .map(|e| {
                let clean = |s: &str| sanitize(s).into_owned();
                match e {
                    PickerEntry::Builtin(summary) => EntryLabels {
                        name: clean(&summary.name),
                        id: clean(&summary.id),
                        origin: "built-in".to_string(),
                        docs: summary.docs_url.as_deref().map(clean),
                        source: summary.source.as_deref().map(clean),
                        retrieved: summary.retrieved.as_deref().map(clean),
                        scopes: Some(summary.scopes),
                        error: None,
                    },
                    PickerEntry::Ready { catalog, origin } => EntryLabels {
                        name: clean(&catalog.name),
                        id: clean(&catalog.id),
                        origin: clean(origin),
                        docs: catalog.docs_url.as_deref().map(clean),
                        source: catalog.source.as_deref().map(clean),
                        retrieved: catalog.retrieved.as_deref().map(clean),
                        scopes: Some(catalog.len()),
                        error: None,
                    },
                    PickerEntry::Broken {
                        name,
                        origin,
                        error,
                    } => EntryLabels {
                        name: clean(name),
                        id: clean(name),
                        origin: clean(origin),
                        docs: None,
                        source: None,
                        retrieved: None,
                        scopes: None,
                        error: Some(crate::sanitize::sanitize_lines(error).into_owned()),
                    },
                }
            })
            .collect();
        let mut picker = Picker {
            entries,
            labels,
            field: LineInput::default(),
            shown: Vec::new(),
            focus: 0,
            offset: 0,
            viewport: 1,
            searcher: Searcher::default(),
        };
        picker.filter();
        picker
    }

    pub fn query(&self) -> &str {
        self.field.text()
    }

    /// The filter's field, with its cursor.
    pub fn field(&self) -> &LineInput {
        &self.field
    }

    pub fn shown(&self) -> &[Shown] {
        &self.shown
    }

    pub fn labels(&self, entry: usize) -> &EntryLabels {
        &self.labels[entry]
    }

    pub fn total(&self) -> usize {
        self.entries.len()
    }

    /// The focused row of `shown`, if any is shown.
    pub fn focus(&self) -> Option<usize> {
        (self.focus < self.shown.len()).then_some(self.focus)
    }

    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The id of the catalog of `entry`, when it loads.
    pub(crate) fn catalog_id(&self, entry: usize) -> Option<&str> {
        match self.entries.get(entry)? {
            PickerEntry::Builtin(summary) => Some(&summary.id),
            PickerEntry::Ready { catalog, .. } => Some(&catalog.id),
            PickerEntry::Broken { .. } => None,
        }
    }

    /// The catalog of an entry; `None` for one that failed to load.
    pub(crate) fn take_catalog(&self, entry: usize) -> Option<Catalog> {
        match self.entries.get(entry)? {
            PickerEntry::Builtin(summary) => builtin(&summary.id),
            PickerEntry::Ready { catalog, .. } => Some(Catalog::clone(catalog)),
            PickerEntry::Broken { .. } => None,
        }
    }

    pub(crate) fn fingerprint(&self) -> Fingerprint {
        Fingerprint {
            focus: self.focus,
            offset: self.offset,
            viewport: self.viewport,
            field: self.field.clone(),
        }
    }

    /// Focuses the row of the catalog `id`, when it is shown.
    pub(crate) fn focus_catalog(&mut self, id: &str) {
        if let Some(row) =
            (0..self.shown.len()).find(|&row| self.catalog_id(self.shown[row].entry) == Some(id))
        {
            self.focus = row;
            self.keep_focus_visible();
        }
    }

    pub(crate) fn set_viewport(&mut self, rows: usize) {
        self.viewport = rows.max(1);
        self.keep_focus_visible();
    }

    pub(crate) fn update(&mut self, action: Action) -> PickerOutcome {
        let last = self.shown.len().saturating_sub(1);
        match action {
            Action::MoveUp => self.focus = self.focus.saturating_sub(1),
            Action::MoveDown => self.focus = (self.focus + 1).min(last),
            Action::PageUp => self.focus = self.focus.saturating_sub(self.viewport),
            Action::PageDown => self.focus = (self.focus + self.viewport).min(last),
            Action::Top => self.focus = 0,
            Action::Bottom => self.focus = last,
            Action::ScrollUp => self.focus = self.focus.saturating_sub(1),
            Action::ScrollDown => self.focus = (self.focus + 1).min(last),
            Action::InsertChar(c) => self.edit(|field| field.insert(c)),
            Action::DeleteChar => self.edit(LineInput::delete_back),
            Action::DeleteForward => self.edit(LineInput::delete_forward),
            Action::DeleteWord => self.edit(LineInput::delete_word),
            Action::ClearInput => self.edit(LineInput::delete_to_start),
            Action::CursorLeft => self.edit(LineInput::left),
            Action::CursorRight => self.edit(LineInput::right),
            Action::CursorWordLeft => self.edit(LineInput::word_left),
            Action::CursorWordRight => self.edit(LineInput::word_right),
            Action::CursorStart => self.edit(LineInput::home),
            Action::CursorEnd => self.edit(LineInput::end),
            Action::FocusRow(row) if row < self.shown.len() => {
                // A click on the focused row opens it: a double click does what it says.
                if row == self.focus {
                    return PickerOutcome::Open(self.shown[row].entry);
                }
                self.focus = row;
            }
            Action::OpenCatalog | Action::Accept => {
                if let Some(shown) = self.shown.get(self.focus) {
                    return PickerOutcome::Open(shown.entry);
                }
            }
            Action::Back => {
                if self.field.text().is_empty() {
                    return PickerOutcome::Quit;
                }
                self.field.clear();
                self.filter();
            }
            Action::Quit => return PickerOutcome::Quit,
            _ => {}
        }
        self.keep_focus_visible();
        PickerOutcome::Stay
    }

    /// Applies an edit or a cursor move to the filter; filters again when its text
    /// changed (a cursor move keeps the list and its focus).
    fn edit(&mut self, edit: impl FnOnce(&mut LineInput) -> bool) {
        let before = self.field.text().to_string();
        if edit(&mut self.field) && self.field.text() != before {
            self.filter();
        }
    }

    fn filter(&mut self) {
        let query = self.field.text();
        self.shown = if crate::search::Query::parse(query).is_empty() {
            (0..self.entries.len())
                .map(|entry| Shown {
                    entry,
                    name_positions: Vec::new(),
                    id_positions: Vec::new(),
                })
                .collect()
        } else {
            // The name and the id are both names: a query matches either, and ranks as
            // `scopex search` does.
            let items = self.labels.iter().map(|labels| Fields {
                name: &labels.name,
                other: &labels.id,
                other_is_name: true,
            });
            self.searcher
                .rank(query, items)
                .into_iter()
                .map(|(entry, found)| Shown {
                    entry,
                    name_positions: found.name_positions,
                    id_positions: found.other_positions,
                })
                .collect()
        };
        self.focus = 0;
        self.offset = 0;
    }

    fn keep_focus_visible(&mut self) {
        let viewport = self.viewport.max(1);
        if self.focus < self.offset {
            self.offset = self.focus;
        } else if self.focus >= self.offset + viewport {
            self.offset = self.focus + 1 - viewport;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(viewport));
    }
}
