//! A compiled catalog's file in memory: mapped on Unix (nothing copied; only the pages
//! read are loaded), else read. Both the search's scope texts (`view.rs`) and the full
//! catalog read from the cache (`cache.rs`) sit on one.

use std::path::Path;

/// A cache file's bytes: mapped into memory on Unix (nothing copied; only the pages read
/// are loaded), else read.
#[derive(Debug)]
pub(super) enum Bytes {
    #[cfg(unix)]
    Mapped(map::Map),
    #[cfg_attr(unix, allow(dead_code))]
    Read(Vec<u8>),
}

impl Bytes {
    /// The whole file at `path`.
    pub(super) fn of(path: &Path) -> Option<Bytes> {
        #[cfg(unix)]
        {
            let file = std::fs::File::open(path).ok()?;
            map::Map::of(&file).map(Bytes::Mapped)
        }
        #[cfg(not(unix))]
        {
            std::fs::read(path).ok().map(Bytes::Read)
        }
    }

    pub(super) fn as_slice(&self) -> &[u8] {
        match self {
            #[cfg(unix)]
            Bytes::Mapped(map) => map.as_slice(),
            Bytes::Read(bytes) => bytes,
        }
    }
}

#[cfg(unix)]
pub(super) mod map {
    /// A read-only mapping of a whole file.
    #[derive(Debug)]
    pub(in crate::catalog) struct Map {
        at: std::ptr::NonNull<libc::c_void>,
        len: usize,
    }

    // SAFETY: the mapping is read-only and owned by this value alone.
    unsafe impl Send for Map {}
    // SAFETY: as above; reading from several threads at once is fine.
    unsafe impl Sync for Map {}

    impl Map {
        /// The whole of `file`, a regular file (an empty one is not mapped).
        pub(super) fn of(file: &std::fs::File) -> Option<Map> {
            use std::os::fd::AsRawFd as _;
            let meta = file.metadata().ok()?;
            let len = usize::try_from(meta.len()).ok()?;
            if !meta.is_file() || len == 0 {
                return None;
            }
            // SAFETY: a new private read-only mapping of an open file; the result is
            // checked before use. Cache files are written to a temporary file and renamed
            // into place (`cache::store`), and removed by unlinking, never changed in
            // place, so the mapped bytes stay as they are for as long as the mapping
            // lives (one cut short by another program would stop this one with SIGBUS,
            // as for any mapped file).
            let at = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    len,
                    libc::PROT_READ,
                    libc::MAP_PRIVATE,
                    file.as_raw_fd(),
                    0,
                )
            };
            if at == libc::MAP_FAILED {
                return None;
            }
            Some(Map {
                at: std::ptr::NonNull::new(at)?,
                len,
            })
        }

        pub(super) fn as_slice(&self) -> &[u8] {
            // SAFETY: `len` bytes from `at` are mapped for as long as `self` lives.
            unsafe { std::slice::from_raw_parts(self.at.as_ptr().cast::<u8>(), self.len) }
        }
    }

    impl Drop for Map {
        fn drop(&mut self) {
            // SAFETY: unmaps exactly what `of` mapped, once.
            unsafe {
                libc::munmap(self.at.as_ptr(), self.len);
            }
        }
    }
}
