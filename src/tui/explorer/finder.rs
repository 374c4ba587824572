//! The search of the explorer: the query being typed, the scopes it matches (and the
//! tree nodes that show them), and the best match, ranked on another thread when there
//! are many. Every method that changes the query, the field or the results says whether
//! it did; the version moves when it did.

use crate::catalog::{Catalog, NodeId, ResourceTree, ScopeId};
use crate::search::{Match, Matching, NameIndex, Query, Searcher};
use crate::tui::input::LineInput;
use fixedbitset::FixedBitSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, OnceLock};

/// Up to this many matches are ranked on the spot; more on another thread, so that
/// typing never waits for the matcher.
const RANK_NOW: usize = 256;

/// The result of the current query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// The matching scopes.
    matched: FixedBitSet,
    count: usize,
    /// Matching nodes and their ancestors.
    pub(super) visible: FixedBitSet,
}

impl SearchResults {
    /// Results found elsewhere (the operations view's): `matched` items, `visible` tree
    /// nodes (the matches and their ancestors).
    pub(super) fn new(matched: FixedBitSet, visible: FixedBitSet) -> SearchResults {
        SearchResults {
            count: matched.count_ones(..),
            matched,
            visible,
        }
    }
}

/// What the views read of the search.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The query: the text of `field`.
    pub query: String,
    /// The field the query is typed in, with its cursor.
    pub field: LineInput,
    /// The search field has the keyboard.
    pub editing: bool,
    pub results: Option<SearchResults>,
    /// Moves each time the query, the field or the results change.
    pub version: u64,
}

impl Search {
    pub fn filtering(&self) -> bool {
        self.results.is_some()
    }

    pub fn match_count(&self) -> usize {
        self.results.as_ref().map_or(0, |r| r.count)
    }

    pub fn is_match(&self, scope: ScopeId) -> bool {
        self.results
            .as_ref()
            .is_some_and(|r| r.matched.contains(scope))
    }
}

/// The best match of the current query being found on another thread. Dropping it
/// tells the thread to stop.
struct Ranking {
    /// The query ranked.
    query: String,
    cancelled: Arc<AtomicBool>,
    best: Receiver<Option<ScopeId>>,
    /// The focus the filter gave while waiting: when the user has moved it since, the
    /// best match does not take it away.
    interim_focus: NodeId,
}

impl Drop for Ranking {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

/// What running the query found.
pub enum Found {
    /// No query: no filter.
    Nothing,
    /// A few matches, and the best of them.
    Best(Option<ScopeId>),
    /// Many matches: the best is to be ranked on another thread.
    Many(Vec<ScopeId>),
}

/// The best match came in from the ranking thread.
pub struct Ranked {
    pub best: Option<ScopeId>,
    /// Where the focus was put while waiting.
    pub interim_focus: NodeId,
}

/// A query searched, its matches, and its best match once found.
struct Searched {
    matching: Matching,
    best: Option<Option<ScopeId>>,
}

impl Searched {
    fn query(&self) -> &str {
        self.matching.query()
    }
}

#[derive(Default)]
pub struct Finder {
    search: Search,
    /// The query changed and the search has not run yet.
    pending: bool,
    /// Earlier queries the current one refines, ending with it: typing on searches only
    /// among the last one's matches, deleting goes back to one (and to its best match,
    /// when it was found).
    history: Vec<Searched>,
    ranking: Option<Ranking>,
    searcher: Searcher,
    /// The catalog's [`NameIndex`], made on another thread once the first frame is drawn
    /// (or by the first ranking thread that needs it).
    names: Arc<OnceLock<NameIndex>>,
    /// A thread was started to make it ([`Finder::prepare_ranking`]).
    names_started: bool,
}

impl Finder {
    pub fn search(&self) -> &Search {
        &self.search
    }

    /// The nodes the filter shows, when there is one.
    pub fn filter(&self) -> Option<&FixedBitSet> {
        self.search.results.as_ref().map(|r| &r.visible)
    }

    /// A query edit waits for [`Finder::run`].
    pub fn pending(&self) -> bool {
        self.pending
    }

    /// How `scope` matches the query, with the matched characters; `None` when it does
    /// not (or there is no query).
    pub fn match_of(&self, catalog: &Catalog, scope: ScopeId) -> Option<Match> {
        if !self.search.is_match(scope) {
            return None;
        }
        self.searcher
            .match_scope(catalog, scope, &self.search.query)
    }

    fn query_changed(&mut self) -> bool {
        self.search.version += 1;
        self.pending = true;
        true
    }

    /// The search field takes the keyboard.
    pub fn start_editing(&mut self) -> bool {
        let changed = !self.search.editing;
        self.search.editing = true;
        if changed {
            self.search.version += 1;
        }
        changed
    }

    /// Types `c` into the field at its cursor.
    pub fn insert(&mut self, c: char) -> bool {
        self.edit(|field| field.insert(c))
    }

    /// Deletes the character before the cursor.
    pub fn delete_char(&mut self) -> bool {
        self.edit(LineInput::delete_back)
    }

    /// Applies an edit or a cursor move to the field, while it has the keyboard.
    pub fn edit(&mut self, edit: impl FnOnce(&mut LineInput) -> bool) -> bool {
        if !self.search.editing || !edit(&mut self.search.field) {
            return false;
        }
        if self.search.field.text() == self.search.query {
            // The cursor moved.
            self.search.version += 1;
            return true;
        }
        self.search.query = self.search.field.text().to_string();
        self.query_changed()
    }

    /// Leaves the field and drops the query and the filter.
    pub fn clear(&mut self) -> bool {
        let mut changed = self.stop_editing();
        if !self.search.query.is_empty() || self.search.filtering() {
            self.search.query.clear();
            self.search.field.clear();
            changed |= self.query_changed();
        }
        changed
    }

    /// Leaves the field, keeping the filter (a query that filters nothing goes).
    pub fn keep(&mut self) -> bool {
        let changed = self.stop_editing();
        if !self.search.filtering() {
            return self.clear() || changed;
        }
        changed
    }

    fn stop_editing(&mut self) -> bool {
        let changed = self.search.editing;
        self.search.editing = false;
        if changed {
            self.search.version += 1;
        }
        changed
    }

    /// Runs the query: the matches, the nodes that show them, and the best match when
    /// there are few. A best match still being ranked for an older query is dropped.
    pub fn run(&mut self, catalog: &Catalog, tree: &ResourceTree) -> Found {
        self.pending = false;
        self.ranking = None;
        self.search.version += 1;
        let query = self.search.query.clone();
        if Query::parse(&query).is_empty() {
            self.search.results = None;
            self.history.clear();
            return Found::Nothing;
        }
        // The last earlier query this one refines (its matches are a subset of that
        // one's); the same query needs no search.
        let parsed = Query::parse(&query);
        while self.history.last().is_some_and(|earlier| {
            earlier.query() != query && !parsed.refines(&Query::parse(earlier.query()))
        }) {
            self.history.pop();
        }
        if self
            .history
            .last()
            .is_none_or(|earlier| earlier.query() != query)
        {
            let earlier = self.history.last().map(|earlier| &earlier.matching);
            let matching = self.searcher.narrow(catalog, &query, earlier);
            self.history.push(Searched {
                matching,
                best: None,
            });
        }
        let Some(searched) = self.history.last_mut() else {
            return Found::Nothing;
        };
        let matching = searched.matching.scopes.as_slice();
        let mut matched = FixedBitSet::with_capacity(catalog.len());
        let mut visible = FixedBitSet::with_capacity(tree.len());
        for &scope in matching {
            matched.insert(scope);
            let node = tree.node_of_scope(scope);
            visible.insert(node);
            for ancestor in tree.ancestors(node) {
                // Seen before: so are all its ancestors.
                if visible.put(ancestor) {
                    break;
                }
            }
        }
        // Tree order is kept; the focus goes to the best match, found here for a few
        // matches and on another thread for many (unless it was found before).
        let count = matching.len();
        let found = if let Some(best) = searched.best {
            Found::Best(best)
        } else if count <= RANK_NOW {
            let names = self.names.get();
            let candidates = self
                .searcher
                .best_candidates(catalog, names, &query, matching);
            let never = AtomicBool::new(false);
            let best = self.searcher.best(catalog, &query, &candidates, &never);
            searched.best = Some(best);
            Found::Best(best)
        } else {
            Found::Many(matching.to_vec())
        };
        self.search.results = Some(SearchResults {
            matched,
            count,
            visible,
        });
        found
    }

    /// Takes the results of the query found elsewhere (the operations view searches its
    /// own items), `None` for no filter.
    pub fn show(&mut self, results: Option<SearchResults>) {
        self.pending = false;
        self.ranking = None;
        self.history.clear();
        self.search.version += 1;
        self.search.results = results;
    }

    /// Makes the catalog's [`NameIndex`] on another thread, when the best matches of
    /// its searches will be ranked on one, so that the first does not wait for it.
    pub fn prepare_ranking(&mut self, catalog: &Arc<Catalog>) {
        if catalog.len() <= RANK_NOW || self.names_started {
            return;
        }
        self.names_started = true;
        let names = Arc::clone(&self.names);
        let catalog = Arc::clone(catalog);
        // Without a thread, the first ranking makes it.
        let _ = std::thread::Builder::new()
            .name("scopex-names".to_string())
            .spawn(move || names.get_or_init(|| NameIndex::new(&catalog)).len());
    }

    /// Finds the best of `matches` on another thread; `None` when it runs, else (no
    /// thread could start) the best, found here.
    pub fn start_ranking(
        &mut self,
        catalog: Arc<Catalog>,
        matches: Vec<ScopeId>,
        interim_focus: NodeId,
    ) -> Option<Ranked> {
        let cancelled = Arc::new(AtomicBool::new(false));
        let (send, best) = mpsc::channel();
        let stop = Arc::clone(&cancelled);
        let query = self.search.query.clone();
        let names = Arc::clone(&self.names);
        let ranked_query = query.clone();
        let started = std::thread::Builder::new()
            .name("scopex-ranking".to_string())
            .spawn(move || {
                let searcher = Searcher::default();
                let names = names.get_or_init(|| NameIndex::new(&catalog));
                let candidates = searcher.best_candidates(&catalog, Some(names), &query, &matches);
                let best = searcher.best(&catalog, &query, &candidates, &stop);
                // The explorer may have moved on (another query, or gone): nobody listens.
                let _ = send.send(best);
            });
        self.ranking = Some(Ranking {
            query: ranked_query,
            cancelled,
            best,
            interim_focus,
        });
        match started {
            Ok(_) => None,
            Err(_) => self.finish_ranking(),
        }
    }

    /// Is the best match of the query still being found on another thread?
    pub fn ranking(&self) -> bool {
        self.ranking.is_some()
    }

    /// The user acts on what the screen shows: a best match not yet taken in must not
    /// move the focus under them.
    pub fn cancel_ranking(&mut self) {
        self.ranking = None;
    }

    /// The best match, when it has come in.
    pub fn poll_ranking(&mut self) -> Option<Ranked> {
        let ranking = self.ranking.as_ref()?;
        match ranking.best.try_recv() {
            Ok(best) => {
                let ranking = self.ranking.take()?;
                self.remember(&ranking.query, best);
                Some(Ranked {
                    best,
                    interim_focus: ranking.interim_focus,
                })
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.ranking = None;
                None
            }
        }
    }

    /// Waits for the best match being ranked.
    pub fn finish_ranking(&mut self) -> Option<Ranked> {
        let ranking = self.ranking.take()?;
        let best = match ranking.best.recv() {
            Ok(best) => {
                self.remember(&ranking.query, best);
                best
            }
            // The thread never ran, or ended without an answer.
            Err(_) => None,
        };
        Some(Ranked {
            best,
            interim_focus: ranking.interim_focus,
        })
    }

    /// Keeps the best match of `query`, found on another thread, with its matches.
    fn remember(&mut self, query: &str, best: Option<ScopeId>) {
        if let Some(searched) = self.history.iter_mut().find(|s| s.query() == query) {
            searched.best = Some(best);
        }
    }
}
