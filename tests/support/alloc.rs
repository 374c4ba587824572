//! An allocator that counts the bytes in use and their peak, for the tests that measure
//! how memory grows. A test installs it with
//! `#[global_allocator] static ALLOCATOR: Counting = Counting;`. It counts every thread of
//! the process: tests that measure take turns ([`take_turn`]).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The system allocator, counting.
pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's layout goes to the system allocator unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Waits for this test's turn, which lasts as long as the guard: the allocator counts
/// every thread, so the tests of a file that measure memory take turns.
pub fn take_turn() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The bytes allocated now.
pub fn current() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

/// Runs `work` and gives its result and the peak of the bytes it allocated beyond those
/// in use before.
pub fn peak_of<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = current();
    PEAK.store(before, Ordering::Relaxed);
    let result = work();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    (result, peak)
}
