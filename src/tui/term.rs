//! The terminal: set-up, the event loop, and restoring it whatever happens (quit, error,
//! panic on any thread, SIGTERM).
//!
//! The UI draws on the terminal itself: stdout when it is one, else `/dev/tty` (else
//! stderr), so that `scope="$(scopex outreach)"` works: the chosen string goes to stdout
//! only after the terminal is restored, from `main`. Crossterm reads keys from `/dev/tty`
//! when stdin is not a terminal.

use super::action::Action;
use super::clipboard::Clipboard;
use super::message::{Effect, Outcome, Status};
use super::state::App;
use super::step::{self, Outside};
use super::view;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
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
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = disable_raw_mode();
    }
}

type PanicHook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// The exit status of a program that panicked, as Rust gives it to a panicking `main`.
const PANIC_EXIT: i32 = 101;

/// Restores the terminal before the previous panic hook prints the message, then ends the
/// program: a panic on any thread (the search ranking's too) leaves no UI running on a
/// restored terminal. Puts the previous hook back when dropped.
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
            eprintln!("scopex stopped after an internal error; the terminal is restored.");
            std::process::exit(PANIC_EXIT);
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
        enter_modes(writer)?;
        Ok(ModeGuard)
    }
}

/// Raw mode, the alternate screen, the mouse, bracketed paste (a paste arrives as one
/// event, not as keys), no cursor. [`restore_terminal`] undoes it.
fn enter_modes(writer: &mut impl Write) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        writer,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Ctrl-z: the terminal restored, the process stops as the shell expects (SIGTSTP);
/// when it is continued the modes come back and the screen is cleared for a full draw.
fn suspend(terminal: &mut Terminal<Backend>) -> io::Result<(u16, u16)> {
    restore_terminal();
    #[cfg(unix)]
    // SAFETY: raise only sends a signal to this process; SIGTSTP's default action stops
    // it until SIGCONT, and scopex installs no handler for it.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enter_modes(terminal.backend_mut())?;
    // The screen is cleared and ratatui's idea of it made blank too (a frame with
    // nothing in it), so that the next draw is drawn in full. (`Terminal::clear` would
    // ask the terminal where its cursor is, which a terminal just handed back may not
    // answer in time.)
    execute!(terminal.backend_mut(), Clear(ClearType::All))?;
    terminal.draw(|_| {})?;
    // The terminal may have been resized meanwhile.
    let size = terminal.size()?;
    Ok((size.width, size.height))
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

/// The real outside world: the terminal the UI is drawn on and the clipboard.
struct Live<'a> {
    terminal: &'a mut Terminal<Backend>,
    clipboard: Clipboard,
}

impl Outside for Live<'_> {
    fn copy(&mut self, text: &str, what: &'static str) -> Option<Status> {
        Some(self.clipboard.copy(text, what, &mut TtyWriter::open()))
    }

    fn draw(&mut self, app: &App) -> io::Result<()> {
        self.terminal.draw(|frame| view::render(app, frame))?;
        Ok(())
    }

    fn suspend(&mut self) -> io::Result<Option<(u16, u16)>> {
        suspend(self.terminal).map(Some)
    }
}

fn event_loop(session: &mut Session, mut app: App) -> io::Result<Outcome> {
    let size = session.terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let signals = &session.signals;
    let mut live = Live {
        terminal: &mut session.terminal,
        clipboard: Clipboard::new(),
    };
    // The first frame.
    step::step(&mut app, [], &mut live)?;
    loop {
        // Once a frame is on the screen (a catalog's first too, after the picker).
        app.start_background_work();
        if signals.received() {
            return Ok(Outcome::Cancelled);
        }
        // While a search is being ranked, look for its result often.
        let timeout = if app.busy() { BUSY_POLL } else { POLL };
        let mut burst = Vec::new();
        if event::poll(timeout)? {
            // Everything already queued is handled before the next search and draw.
            burst.push(event::read()?);
            while event::poll(Duration::ZERO)? {
                burst.push(event::read()?);
            }
        } else if !app.busy() {
            continue;
        }
        if let Effect::Exit(outcome) = step::step(&mut app, burst, &mut live)? {
            return Ok(outcome);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Set in the child process that is to panic.
    const CHILD: &str = "SCOPEX_TEST_PANIC_CHILD";

    #[test]
    fn a_panic_on_another_thread_ends_the_program_with_101() {
        if std::env::var_os(CHILD).is_some() {
            // The child: with the explorer's hook in place, a thread other than the main
            // one panics, as the search ranking might, while the main thread goes on.
            let _guard = PanicGuard::install();
            let _ = std::thread::Builder::new()
                .name("scopex-ranking".to_string())
                .spawn(|| panic!("ranking failed"));
            // Without the hook ending it, the child ends here, after a while, with 0.
            std::thread::sleep(Duration::from_secs(10));
            std::process::exit(0);
        }
        let exe = std::env::current_exe().expect("the test binary");
        let output = Command::new(exe)
            .args([
                "--exact",
                "tui::term::tests::a_panic_on_another_thread_ends_the_program_with_101",
                "--nocapture",
            ])
            .env(CHILD, "1")
            .output()
            .expect("the child runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(PANIC_EXIT), "{stderr}");
        assert!(stderr.contains("ranking failed"), "{stderr}");
        assert!(
            stderr.contains("scopex stopped after an internal error"),
            "{stderr}"
        );
    }
}
