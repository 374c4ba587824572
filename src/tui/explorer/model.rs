//! The explorer's grant model, built on another thread when the explorer opens with
//! nothing ticked: at 100,000 scopes it takes about as long as the rest of the first
//! frame, which does not need it (with nothing ticked, what the first frame shows comes
//! from the catalog's edges, see `grants::walk`). The first thing that needs the model
//! waits for it.

use crate::catalog::Catalog;
use crate::grants::{GrantModel, Trust};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

pub(super) struct Model {
    trust: Trust,
    ready: OnceLock<GrantModel>,
    /// The thread building it, until it is taken in.
    building: Mutex<Option<JoinHandle<GrantModel>>>,
    catalog: Arc<Catalog>,
}

impl Model {
    /// The model of `catalog` under `trust`, built now.
    pub(super) fn now(catalog: &Arc<Catalog>, trust: Trust) -> Model {
        let model = Model::waiting(catalog, trust, None);
        let _ = model.ready.set(GrantModel::with_trust(catalog, trust));
        model
    }

    /// The model of `catalog` under `trust`, built on another thread (or, if no thread
    /// can be started, when first asked for).
    pub(super) fn later(catalog: &Arc<Catalog>, trust: Trust) -> Model {
        let shared = Arc::clone(catalog);
        let thread = std::thread::Builder::new()
            .name("grant model".into())
            .spawn(move || GrantModel::with_trust(&shared, trust));
        Model::waiting(catalog, trust, thread.ok())
    }

    /// [`Model::later`], the thread starting only once `start` receives (or is dropped,
    /// or after five seconds, so that a test of something that waits fails, not hangs):
    /// for tests, which hold the model back to see what does not wait for it.
    #[cfg(test)]
    pub(super) fn held_back(
        catalog: &Arc<Catalog>,
        trust: Trust,
        start: std::sync::mpsc::Receiver<()>,
    ) -> Model {
        let shared = Arc::clone(catalog);
        let thread = std::thread::spawn(move || {
            let _ = start.recv_timeout(std::time::Duration::from_secs(5));
            GrantModel::with_trust(&shared, trust)
        });
        Model::waiting(catalog, trust, Some(thread))
    }

    fn waiting(
        catalog: &Arc<Catalog>,
        trust: Trust,
        thread: Option<JoinHandle<GrantModel>>,
    ) -> Model {
        Model {
            trust,
            ready: OnceLock::new(),
            building: Mutex::new(thread),
            catalog: Arc::clone(catalog),
        }
    }

    /// The evidence the model trusts (known before it is built).
    pub(super) fn trust(&self) -> Trust {
        self.trust
    }

    /// Is the model built and taken in? (If not, [`Model::get`] may wait.)
    pub(super) fn is_ready(&self) -> bool {
        self.ready.get().is_some()
    }

    /// The model, waiting for its thread if it is still building. A panic there is
    /// raised here, as if the model had been built on this thread.
    pub(super) fn get(&self) -> &GrantModel {
        self.ready.get_or_init(|| {
            let thread = self.building.lock().ok().and_then(|mut t| t.take());
            match thread.map(JoinHandle::join) {
                Some(Ok(model)) => model,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => GrantModel::with_trust(&self.catalog, self.trust),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin;
    use crate::tui::action::Action;
    use crate::tui::explorer::Explorer;
    use crate::tui::state::App;
    use crate::tui::view;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::buffer::Buffer;
    use std::time::Duration;

    fn frame(app: &mut App, width: u16, height: u16) -> Buffer {
        app.update(Action::Resize(width, height));
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        terminal
            .draw(|frame| view::render(app, frame))
            .expect("drawn");
        terminal.backend().buffer().clone()
    }

    fn model_of(app: &App) -> &Model {
        &app.explorer_state().expect("the explorer").grants
    }

    #[test]
    fn the_first_frames_draw_without_the_grant_model_and_a_tick_waits_for_it() {
        let mut catalogs: Vec<Catalog> = ["github", "google", "outreach"]
            .into_iter()
            .filter_map(builtin)
            .collect();
        let synthetic = scopex_synth::generate(3_000, 3);
        catalogs.push(
            crate::catalog::parse_catalog(
                &synthetic,
                "synth.toml",
                crate::catalog::Origin::Builtin,
            )
            .expect("loads"),
        );
        for catalog in catalogs {
            let id = catalog.id.clone();
            let mut eager =
                App::of_explorer(Explorer::with_model(catalog.clone(), &[], Model::now));
            let (start, wait) = std::sync::mpsc::channel();
            let mut held = App::of_explorer(Explorer::with_model(catalog, &[], |c, t| {
                Model::held_back(c, t, wait)
            }));
            assert!(!model_of(&held).is_ready(), "{id}");
            for (width, height) in [(80, 24), (200, 60)] {
                assert_eq!(
                    frame(&mut held, width, height),
                    frame(&mut eager, width, height)
                );
            }
            // Moving the focus onto scopes and groups needs no model either.
            for action in [
                Action::MoveDown,
                Action::Unfold,
                Action::MoveDown,
                Action::MoveDown,
            ] {
                held.update(action);
                eager.update(action);
                assert_eq!(
                    frame(&mut held, 200, 60),
                    frame(&mut eager, 200, 60),
                    "{id}"
                );
            }
            assert!(!model_of(&held).is_ready(), "{id}: no frame so far waited");
            // Ticking needs it: the tick waits until the model, let go a moment later, is
            // built, and shows what it shows with the model built at once.
            let release = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(30));
                let _ = start.send(());
            });
            held.update(Action::ToggleScope);
            eager.update(Action::ToggleScope);
            assert!(model_of(&held).is_ready(), "{id}");
            assert_eq!(
                frame(&mut held, 200, 60),
                frame(&mut eager, 200, 60),
                "{id}"
            );
            release.join().expect("released");
        }
    }

    #[test]
    fn a_model_that_could_not_be_built_on_its_thread_panics_where_it_is_asked_for() {
        let catalog = Arc::new(builtin("github").expect("built in"));
        let model = Model::waiting(
            &catalog,
            Trust::DEFAULT,
            Some(std::thread::spawn(|| -> GrantModel { panic!("no model") })),
        );
        let asked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| model.get().scope_count()));
        assert!(asked.is_err());
        // Asked again, it is built here.
        assert_eq!(model.get().scope_count(), catalog.len());
    }
}
