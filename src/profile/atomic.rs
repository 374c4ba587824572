//! Writing a file atomically (a temporary file in the same folder, flushed, renamed
//! over the target), keeping the old file's mode and owner, and refusing a file the user
//! may not write.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` atomically: a temporary file created exclusively (a fresh
/// random name, never following a link planted there) in the target's folder, flushed to
/// disk, then renamed over the target. On any error the old file is left untouched.
///
/// When `path` is a symbolic link the write goes through it: the link stays a link and
/// the file it points to is replaced. Anything but a regular file there is left as it
/// is: a device, a FIFO or a socket is refused before anything is written, a folder by
/// the rename. The file keeps its permissions (a 0600 profile stays 0600) and, where the
/// system allows, its owner.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = through_links(path)?;
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = target
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} is not a file path", path.display())))?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => {
            refuse_read_only(&target, &meta)?;
            Some(meta)
        }
        // The rename over a folder fails by itself, leaving the folder as it was.
        Ok(meta) if meta.is_dir() => None,
        // A rename would put a file in the place of a device or a FIFO (`-o /dev/null`
        // run as root replaced /dev/null).
        Ok(_) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "it is a device, FIFO or socket, not a regular file; only a regular file is \
                 replaced",
            ));
        }
        Err(_) => None,
    };
    let prefix = format!(".{}.", file_name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual mode (less the umask), an existing one its own.
        let mode = existing.as_ref().map_or(0o666, |m| m.permissions().mode());
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut file = builder.tempfile_in(&folder)?;
    if let Some(existing) = &existing {
        keep_owner_and_mode(file.as_file(), existing);
    }
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    // On error the temporary file is removed when `file` is dropped.
    file.persist(&target).map_err(|e| e.error)?;
    // Make the rename itself durable.
    if let Ok(dir) = std::fs::File::open(&folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A file the user may not write, or that no one may (no write permission at all, as
/// `chmod a-w` leaves it: root too is refused), is not replaced: the rename would
/// replace it all the same, as the folder allows it, where the user marked it read-only.
fn refuse_read_only(target: &Path, meta: &std::fs::Metadata) -> std::io::Result<()> {
    let writable = !meta.permissions().readonly() && may_write(target);
    if writable {
        return Ok(());
    }
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        format!(" (mode {:o})", meta.permissions().mode() & 0o7777)
    };
    #[cfg(not(unix))]
    let mode = String::new();
    Err(std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        format!("the file is read-only{mode}"),
    ))
}

/// May this process write the file at `path` (the system's own answer, `access(2)`)?
fn may_write(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
            return true; // a path with a NUL byte fails to open later, with its own error
        };
        // SAFETY: `name` is a valid NUL-terminated string that outlives the call.
        unsafe { libc::access(name.as_ptr(), libc::W_OK) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        true
    }
}

/// The file `path` finally names, following symbolic links (also one whose target does
/// not exist yet, which a save creates).
fn through_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // As many links as the system follows before it gives up (ELOOP).
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if next.is_relative() => parent.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Gives the new file the old one's exact mode (the umask may have narrowed it) and,
/// where allowed (as root), its owner. Failing that, the file is still the user's own.
fn keep_owner_and_mode(file: &std::fs::File, existing: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // As the owner, the group can still be kept where the user is one of its members.
        if std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(existing.gid()));
        }
    }
    let _ = file.set_permissions(existing.permissions());
}
