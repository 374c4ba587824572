//! Copying to the clipboard: the system clipboard (arboard) where there is one, else the
//! OSC 52 escape sequence, which asks the terminal itself (also across SSH) to set it.
//!
//! The system clipboard handle lives as long as the session: on X11 the contents are served
//! by the process that set them and vanish when its handle is dropped.

use super::message::Status;
use std::io::Write;

pub struct Clipboard {
    system: Option<arboard::Clipboard>,
    /// Why there is no system clipboard, once known.
    unavailable: Option<String>,
}

impl Default for Clipboard {
    fn default() -> Self {
        Clipboard::new()
    }
}

impl Clipboard {
    /// Connects lazily: nothing happens until the first copy.
    pub fn new() -> Clipboard {
        let unavailable = if is_remote() {
            Some("SSH session".to_string())
        } else if !has_display() {
            Some("no display".to_string())
        } else {
            None
        };
        Clipboard {
            system: None,
            unavailable,
        }
    }

    /// A clipboard that never tries the system one (tests, or where it is known absent).
    pub fn terminal_only(reason: &str) -> Clipboard {
        Clipboard {
            system: None,
            unavailable: Some(reason.to_string()),
        }
    }

    /// Copies `text`; `what` names it for the message. `terminal` receives the OSC 52
    /// sequence when the system clipboard cannot be used.
    pub fn copy(&mut self, text: &str, what: &str, terminal: &mut dyn Write) -> Status {
        let system_error = match self.copy_to_system(text) {
            Ok(()) => return Status::success(format!("Copied the {what} to the clipboard")),
            Err(error) => error,
        };
        let mut sequence = osc52(text);
        if std::env::var_os("TMUX").is_some() {
            // tmux passes OSC 52 on with `set-clipboard on`, or wrapped with
            // `allow-passthrough on`; either may be set, so both are sent.
            sequence.push_str(&tmux_passthrough(&osc52(text)));
        }
        let sent = terminal
            .write_all(sequence.as_bytes())
            .and_then(|()| terminal.flush());
        match sent {
            Ok(()) => Status::success(format!(
                "Sent the {what} via the terminal (OSC 52; {system_error})"
            )),
            Err(error) => Status::error(format!(
                "Could not copy the {what}: {system_error}; OSC 52: {error}"
            )),
        }
    }

    /// Why the system clipboard could not be used, in a few words.
    fn copy_to_system(&mut self, text: &str) -> Result<(), String> {
        if let Some(reason) = &self.unavailable {
            return Err(reason.clone());
        }
        if self.system.is_none() {
            match arboard::Clipboard::new() {
                Ok(clipboard) => self.system = Some(clipboard),
                Err(error) => {
                    let reason = short_reason(&error);
                    self.unavailable = Some(reason.clone());
                    return Err(reason);
                }
            }
        }
        let Some(system) = self.system.as_mut() else {
            return Err("no system clipboard".to_string());
        };
        system.set_text(text).map_err(|error| short_reason(&error))
    }
}

/// Over SSH the system clipboard is the remote machine's, not the user's.
fn is_remote() -> bool {
    ["SSH_CONNECTION", "SSH_TTY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}

/// Is there a display server to own a clipboard? (Elsewhere than Linux and the BSDs
/// the system clipboard needs none.)
fn has_display() -> bool {
    if cfg!(any(
        target_os = "macos",
        target_os = "windows",
        target_os = "android"
    )) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
}

fn short_reason(error: &arboard::Error) -> String {
    let reason = match error {
        arboard::Error::ClipboardNotSupported => "clipboard not supported".to_string(),
        arboard::Error::ClipboardOccupied => "clipboard busy".to_string(),
        other => {
            let text = other.to_string();
            let first = text.lines().next().unwrap_or("").trim();
            super::text::truncate(first, 60)
        }
    };
    super::text::sanitize(&reason).into_owned()
}

/// `sequence` wrapped for tmux's passthrough: inner escapes doubled.
fn tmux_passthrough(sequence: &str) -> String {
    format!(
        "\u{1b}Ptmux;{}\u{1b}\\",
        sequence.replace('\u{1b}', "\u{1b}\u{1b}")
    )
}

/// The OSC 52 "set clipboard" sequence for `text`.
pub fn osc52(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(ALPHABET[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn falls_back_to_osc52() {
        let mut clipboard = Clipboard::terminal_only("SSH session");
        let mut terminal = Vec::new();
        let status = clipboard.copy("prospects.all", "minimal string", &mut terminal);
        // Under tmux a wrapped copy follows.
        assert!(
            String::from_utf8(terminal)
                .unwrap()
                .starts_with("\u{1b}]52;c;cHJvc3BlY3RzLmFsbA==\u{7}")
        );
        assert!(status.text.contains("OSC 52"), "{}", status.text);
        assert!(status.text.contains("SSH session"), "{}", status.text);
    }

    #[test]
    fn tmux_passthrough_doubles_escapes() {
        assert_eq!(
            tmux_passthrough("\u{1b}]52;c;eA==\u{7}"),
            "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;eA==\u{7}\u{1b}\\"
        );
    }

    struct Broken;

    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("terminal gone"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn says_why_nothing_worked() {
        let mut clipboard = Clipboard::terminal_only("no display");
        let status = clipboard.copy("x", "minimal string", &mut Broken);
        assert_eq!(status.kind, crate::tui::message::StatusKind::Error);
        assert!(status.text.contains("no display"));
        assert!(status.text.contains("terminal gone"));
    }
}
