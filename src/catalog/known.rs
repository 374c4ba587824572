//! A catalog file's content hash, remembered beside the compiled catalogs with what the
//! file system says of the file (device, inode, size, modification and change times), so
//! that a warm search of a large file need not read it whole to find its compiled form.
//!
//! The record is trusted only when every one of those is as recorded, and it is written
//! only for a file that had not changed for [`SETTLED`] when it was hashed (and did not
//! change while it was): any later write to the file moves its change time (which no
//! program can set back) past the recorded one, however coarse the file system's clock.
//! This is how git trusts its index. The compiled form found through it is then checked
//! as always (format, build, source hash and length, payload hash). Records are kept on
//! Unix only; elsewhere, and whenever a record is missing or stale, the file is hashed.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long a file must have been left alone for its hash to be recorded.
const SETTLED: Duration = Duration::from_secs(3);

/// A file's content hash and length, and its bytes when they were read to hash it.
#[derive(Debug)]
pub(super) struct Hashed {
    pub(super) hash: u128,
    pub(super) len: u64,
    /// The whole file, unless its hash came from the record. A caller that finds no
    /// compiled form then parses these bytes: a first run reads and hashes a file once.
    pub(super) bytes: Option<Vec<u8>>,
}

/// The content hash and length of the regular file at `path`, from its record in the
/// folder `dir` when it holds, else read whole (and recorded when the file is settled).
pub(super) fn hash_file(dir: &Path, path: &Path) -> std::io::Result<Hashed> {
    #[cfg(unix)]
    {
        unix::hash_file(dir, path, SETTLED)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        read(path)
    }
}

/// The content hash and length of a regular file, read whole.
fn read(path: &Path) -> std::io::Result<Hashed> {
    let bytes = super::file::read_bytes(path)?;
    Ok(Hashed {
        hash: xxhash_rust::xxh3::xxh3_128(&bytes),
        len: bytes.len() as u64,
        bytes: Some(bytes),
    })
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::MetadataExt as _;

    /// What the file system says of a file, as recorded.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Stat {
        dev: u64,
        ino: u64,
        len: u64,
        mtime: (i64, i64),
        ctime: (i64, i64),
    }

    impl Stat {
        fn of(meta: &std::fs::Metadata) -> Stat {
            Stat {
                dev: meta.dev(),
                ino: meta.ino(),
                len: meta.len(),
                mtime: (meta.mtime(), meta.mtime_nsec()),
                ctime: (meta.ctime(), meta.ctime_nsec()),
            }
        }

        fn bytes(&self) -> [u8; 56] {
            let mut out = [0; 56];
            let fields = [
                self.dev,
                self.ino,
                self.len,
                self.mtime.0 as u64,
                self.mtime.1 as u64,
                self.ctime.0 as u64,
                self.ctime.1 as u64,
            ];
            for (slot, field) in out.chunks_exact_mut(8).zip(fields) {
                slot.copy_from_slice(&field.to_le_bytes());
            }
            out
        }

        /// Had the file been left alone for `settled` at `now`?
        fn settled(&self, now: SystemTime, settled: Duration) -> bool {
            let at = |(secs, nanos): (i64, i64)| {
                let (Ok(secs), Ok(nanos)) = (u64::try_from(secs), u32::try_from(nanos)) else {
                    return None;
                };
                SystemTime::UNIX_EPOCH.checked_add(Duration::new(secs, nanos))
            };
            [self.mtime, self.ctime].into_iter().all(|time| {
                at(time)
                    .and_then(|t| now.duration_since(t).ok())
                    .is_some_and(|age| age >= settled)
            })
        }
    }

    /// The record's file for `path` (made absolute, links resolved).
    pub(super) fn record_path(dir: &Path, path: &Path) -> Option<(PathBuf, Vec<u8>)> {
        use std::os::unix::ffi::OsStrExt as _;
        let canonical = std::fs::canonicalize(path).ok()?;
        let key = canonical.as_os_str().as_bytes().to_vec();
        let name = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&key));
        let file = dir.join(name);
        Some((file, key))
    }

    /// A record: the path, what the file system said, the hash.
    fn record(key: &[u8], stat: &Stat, hash: u128) -> Vec<u8> {
        let mut out = Vec::with_capacity(key.len() + 80);
        out.extend_from_slice(&(key.len() as u64).to_le_bytes());
        out.extend_from_slice(key);
        out.extend_from_slice(&stat.bytes());
        out.extend_from_slice(&hash.to_le_bytes());
        out
    }

    /// [`super::hash_file`], recording the hash of a file left alone for `settled`.
    pub(super) fn hash_file(dir: &Path, path: &Path, settled: Duration) -> std::io::Result<Hashed> {
        let Ok(before) = std::fs::metadata(path) else {
            return read(path);
        };
        let stat = Stat::of(&before);
        let place = record_path(dir, path);
        if before.is_file()
            && let Some((file, key)) = &place
            && let Ok(bytes) = std::fs::read(file)
            && let Some(hash) = recorded(&bytes, key, &stat)
        {
            return Ok(Hashed {
                hash,
                len: stat.len,
                bytes: None,
            });
        }
        let now = SystemTime::now();
        let hashed = read(path)?;
        let after = std::fs::metadata(path).map(|meta| Stat::of(&meta));
        if let Some((file, key)) = place
            && after.is_ok_and(|after| after == stat)
            && hashed.len == stat.len
            && stat.settled(now, settled)
        {
            // No record is no error: the next run hashes the file again.
            let _ = write(&file, &record(&key, &stat, hashed.hash));
        }
        Ok(hashed)
    }

    /// The hash a record holds, if it is for `key` and the file is as recorded.
    fn recorded(bytes: &[u8], key: &[u8], stat: &Stat) -> Option<u128> {
        let expected = record(key, stat, 0);
        let hash_at = expected.len() - 16;
        if bytes.len() != expected.len() || bytes[..hash_at] != expected[..hash_at] {
            return None;
        }
        Some(u128::from_le_bytes(bytes[hash_at..].try_into().ok()?))
    }

    fn write(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
        use std::io::Write as _;
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut temporary = tempfile::NamedTempFile::new_in(dir)?;
        temporary.write_all(bytes)?;
        temporary.persist(file).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_settled_file_is_read_once_and_any_change_is_seen() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache_dir = dir.path().join("known");
        let path = dir.path().join("catalog.toml");
        let settled = Duration::from_millis(300);
        let hashed = |path: &Path| unix::hash_file(&cache_dir, path, settled).expect("hashed");
        let hash = |path: &Path| {
            let hashed = hashed(path);
            (hashed.hash, hashed.len)
        };
        let read_and_hash = |path: &Path| {
            read(path).map(|read| {
                assert_eq!(
                    read.bytes.as_deref(),
                    Some(&std::fs::read(path).expect("read")[..])
                );
                (read.hash, read.len)
            })
        };
        std::fs::write(&path, "a = 1\n").expect("written");
        let (record, _) = unix::record_path(&cache_dir, &path).expect("a place");
        // Just written: read and hashed, not recorded.
        assert_eq!(hash(&path), read_and_hash(&path).expect("read"));
        assert!(!record.exists());
        assert_eq!(hashed(&path).bytes.as_deref(), Some(&b"a = 1\n"[..]));
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(hash(&path), read_and_hash(&path).expect("read"));
        assert!(record.exists(), "settled: recorded");
        assert!(
            hashed(&path).bytes.is_none(),
            "the record answers: the file is not read"
        );
        // The record is what answers now: one with another hash is believed...
        let mut bytes = std::fs::read(&record).expect("read");
        let at = bytes.len() - 16;
        bytes[at..].copy_from_slice(&7u128.to_le_bytes());
        std::fs::write(&record, &bytes).expect("written");
        assert_eq!(hash(&path).0, 7);
        // ...until the file changes, even to another text of the same length at once.
        std::fs::write(&path, "a = 2\n").expect("written");
        assert_eq!(hash(&path), read_and_hash(&path).expect("read"));
        // A damaged record is not believed either.
        std::thread::sleep(Duration::from_millis(400));
        hash(&path);
        let good = std::fs::read(&record).expect("recorded again");
        for damaged in [&good[..good.len() - 1], &good[1..], b"".as_slice()] {
            std::fs::write(&record, damaged).expect("written");
            assert_eq!(hash(&path), read_and_hash(&path).expect("read"));
        }
    }
}
