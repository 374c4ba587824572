//! Helpers shared by the integration tests: the real binary run as a user runs it
//! ([`cli`]), catalogs written for the tests ([`catalogs`]), an allocator that counts
//! ([`alloc`]), and timing for the growth tests, which compare the cost of n and 16n,
//! never against a time limit. Each test uses some of them.
#![allow(dead_code)]

pub mod alloc;
pub mod catalogs;
pub mod cli;

use std::time::Duration;

/// The processor time this thread has used. Unlike the wall clock it does not count the
/// time other programs on a busy machine hold the processor, so a ratio of two such times
/// is decided by the work measured. Work the measured code hands to other threads is not
/// counted, which can only make a growth look smaller than it is by their share.
pub fn thread_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec; the clock id is a constant the platform
    // defines.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "the thread's processor clock is readable");
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The least processor time of `runs` runs of `work`.
pub fn quickest(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = thread_time();
            work();
            thread_time() - start
        })
        .min()
        .unwrap_or_default()
}

/// Every `.rs` file under `dir`, in a stable order.
pub fn source_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
