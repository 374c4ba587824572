//! The heap of a process that loads a large catalog file.
//!
//! Reading and checking a catalog of megabytes makes a few large allocations that mostly
//! live until the process ends: the file's text, the raw tables, the scope text and
//! records, the tree, the compiled form. With glibc's defaults each is a mapping of its
//! own, paged in 4 KiB at a time (a page fault each: over 6,000 for a 4 MB catalog, about
//! a seventh of a first search's processor time on a virtual machine) and given back to
//! the system when freed. So from the first file of [`LARGE`] bytes on, large
//! allocations come from the main heap, which grows in large steps and is backed by
//! transparent huge pages where the system gives them on request (`madvise` mode), and
//! memory freed stays for the next allocation; the reader's second thread shares the
//! main heap. The cost is a little more memory at the peak (pages of 2 MiB are filled
//! whole). Elsewhere (another allocator or system) nothing changes.

/// Files from this size on set the heap up.
pub(crate) const LARGE: u64 = 1 << 20;

/// A file of `bytes` is about to be read and parsed: from [`LARGE`] on, sets the heap up
/// for it, once per process.
pub(crate) fn expect_file(bytes: u64) {
    if bytes >= LARGE {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(set_up);
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn set_up() {
    use libc::c_int;
    /// How far the heap grows at a time: room for the largest catalogs of the benchmarks.
    const STEP: c_int = 128 << 20;
    /// A transparent huge page.
    const HUGE: usize = 2 << 20;
    // SAFETY: `mallopt` only sets glibc's tuning parameters (under its arena lock); any
    // value is valid, and memory already allocated is not touched.
    unsafe {
        // Large blocks from the heap, not mappings of their own; what is freed is kept.
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 << 20);
        libc::mallopt(libc::M_TOP_PAD, STEP);
        // Threads started from now on allocate from the main heap too.
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
    // A block larger than any free one in the heap (a large file has not been read yet)
    // makes it grow now, by the block and a step; from the block to the new end of the
    // heap is then backed by huge pages. Only the block's first and last words are
    // written (by the allocator): the rest is never touched, so it costs no memory.
    // SAFETY: a plain allocation, freed below and never read or written.
    let probe = unsafe { libc::malloc(STEP as usize / 2) };
    if probe.is_null() {
        return;
    }
    // SAFETY: `sbrk(0)` only reads where the heap ends.
    let end = unsafe { libc::sbrk(0) } as usize & !(HUGE - 1);
    let start = (probe as usize).next_multiple_of(HUGE);
    if end > start {
        // SAFETY: advice on how to back memory, which never changes what it holds or
        // whether it is mapped. The range is the heap's, from the block just allocated
        // to the heap's end; where part of it were not mapped (a heap that is not one
        // piece), the call fails for that part, harmlessly.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
        }
    }
    // SAFETY: `probe` came from `malloc` above and is freed once.
    unsafe { libc::free(probe) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn set_up() {}
