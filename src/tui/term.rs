//! The terminal: set-up, the event loop, and restoring it whatever happens (quit, error,
//! panic, SIGTERM).
//!
//! The UI draws on the terminal itself: stdout when it is one, else `/dev/tty` (else
//! stderr), so that `scope="$(scopex outreach)"` works: the chosen string goes to stdout
//! only after the terminal is restored, from `main`. Crossterm reads keys from `/dev/tty`
//! when stdin is not a terminal.

use super::action::Action;
use super::clipboard::Clipboard;
use super::keys;
use super::message::{Effect, Outcome};
use super::state::App;
use super::view;
use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::panic::PanicHookInfo;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long the loop waits for input before looking at the termination flag again.
const POLL: Duration = Duration::from_millis(200);
/// How often to look for a result computed in the background.
const BUSY_POLL: Duration = Duration::from_millis(4);

/// Is the terminal in the explorer's modes (raw, alternate screen, mouse)?
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Where the UI is drawn.
enum TtyWriter {
    Stdout(io::Stdout),
    Tty(File),
    Stderr(io::Stderr),
}

impl TtyWriter {
    fn open() -> TtyWriter {
        if io::stdout().is_terminal() {
            return TtyWriter::Stdout(io::stdout());
        }
        match File::options().write(true).open("/dev/tty") {
            Ok(tty) => TtyWriter::Tty(tty),
            Err(_) => TtyWriter::Stderr(io::stderr()),
        }
    }
}

impl Write for TtyWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            TtyWriter::Stdout(w) => w.write(buf),
            TtyWriter::Tty(w) => w.write(buf),
            TtyWriter::Stderr(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            TtyWriter::Stdout(w) => w.flush(),
            TtyWriter::Tty(w) => w.flush(),
            TtyWriter::Stderr(w) => w.flush(),
        }
    }
}

type Backend = CrosstermBackend<BufWriter<TtyWriter>>;

/// Undoes the terminal modes; does nothing when they are not on, so it is safe to call
/// twice, and from the panic hook.
fn restore_terminal() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(
            TtyWriter::open(),
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = disable_raw_mode();
    }
}

type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Restores the terminal before the previous panic hook prints the message; puts the
/// previous hook back when dropped.
struct PanicGuard {
    previous: Arc<PanicHook>,
}

impl PanicGuard {
    fn install() -> PanicGuard {
        let previous: Arc<PanicHook> = Arc::new(std::panic::take_hook());
        let chained = Arc::clone(&previous);
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            chained(info);
        }));
        PanicGuard { previous }
    }
}

impl Drop for PanicGuard {
    fn drop(&mut self) {
        // Not during a panic: the hook is what reports it.
        if !std::thread::panicking() {
            let previous = Arc::clone(&self.previous);
            std::panic::set_hook(Box::new(move |info| previous(info)));
        }
    }
}

/// Termination signals set a flag the event loop checks, so the loop ends normally and
/// the terminal is restored on the way out.
struct SignalGuard {
    flag: Arc<AtomicBool>,
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

impl SignalGuard {
    fn install() -> SignalGuard {
        let flag = Arc::new(AtomicBool::new(false));
        #[cfg(unix)]
        let ids = [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGQUIT,
        ]
        .into_iter()
        .filter_map(|signal| signal_hook::flag::register(signal, Arc::clone(&flag)).ok())
        .collect();
        SignalGuard {
            flag,
            #[cfg(unix)]
            ids,
        }
    }

    fn received(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

impl Drop for SignalGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// The terminal in raw mode, on the alternate screen, with mouse capture; dropping it
/// restores the terminal.
struct ModeGuard;

impl ModeGuard {
    fn enter(writer: &mut impl Write) -> io::Result<ModeGuard> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = ModeGuard;
        execute!(
            writer,
            EnterAlternateScreen,
            EnableMouseCapture,
            cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for ModeGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Everything the session holds. Fields drop in order: the terminal (its buffer flushed)
/// before the modes are undone, the hooks last.
struct Session {
    terminal: Terminal<Backend>,
    _modes: ModeGuard,
    signals: SignalGuard,
    _panic: PanicGuard,
}

impl Session {
    fn start() -> io::Result<Session> {
        let panic = PanicGuard::install();
        let signals = SignalGuard::install();
        let mut writer = BufWriter::new(TtyWriter::open());
        let modes = ModeGuard::enter(&mut writer)?;
        let terminal = Terminal::new(CrosstermBackend::new(writer))?;
        Ok(Session {
            terminal,
            _modes: modes,
            signals,
            _panic: panic,
        })
    }
}

/// Runs `app` on the real terminal until it exits.
pub(crate) fn run(app: App) -> io::Result<Outcome> {
    let mut session = Session::start().map_err(|error| {
        io::Error::new(error.kind(), format!("cannot use the terminal: {error}"))
    })?;
    let outcome = event_loop(&mut session, app);
    drop(session);
    outcome
}

fn event_loop(session: &mut Session, mut app: App) -> io::Result<Outcome> {
    let size = session.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut clipboard = Clipboard::new();
    loop {
        if session.signals.received() {
            return Ok(Outcome::Cancelled);
        }
        if app.needs_redraw() {
            session.terminal.draw(|frame| view::render(&app, frame))?;
            app.mark_drawn();
        }
        // While a search is being ranked, look for its result often.
        let timeout = if app.busy() { BUSY_POLL } else { POLL };
        if !event::poll(timeout)? {
            if app.busy() {
                app.settle();
            }
            continue;
        }
        // Everything already queued is handled before the next search and draw.
        loop {
            let event = event::read()?;
            if let Some(action) = keys::action_for_event(&app.situation(), &event) {
                match app.update_deferred(action) {
                    Effect::None | Effect::Redraw => {}
                    Effect::Copy { text, what } => {
                        let status = clipboard.copy(&text, what, &mut TtyWriter::open());
                        app.notify(status);
                    }
                    Effect::Save(request) => {
                        let result = request.write();
                        if let Effect::Exit(outcome) = app.saved(request, result) {
                            return Ok(outcome);
                        }
                    }
                    Effect::Exit(outcome) => return Ok(outcome),
                }
            }
            if !event::poll(Duration::ZERO)? {
                break;
            }
        }
        app.settle();
    }
}
