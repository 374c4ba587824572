//! How much memory a first load of a large catalog file holds at its peak: the file's
//! text, what is read from it and the catalog made of it, not the tree and compiled form
//! on top of them (they are made once the text is let go, in the memory it held). Its own
//! test binary, without the harness, so that only the load is counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes held and the most held at once.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to the system allocator unchanged; only counts are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(held, Ordering::Relaxed);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(block, layout) }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let moved = unsafe { System.realloc(block, layout, size) };
        if !moved.is_null() {
            if size >= layout.size() {
                let held = HELD.fetch_add(size - layout.size(), Ordering::Relaxed)
                    + (size - layout.size());
                PEAK.fetch_max(held, Ordering::Relaxed);
            } else {
                HELD.fetch_sub(layout.size() - size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let cache = tempfile::tempdir().expect("a temporary folder");
    // SAFETY: set before any thread of this program is started.
    unsafe { std::env::set_var("SCOPEX_CACHE_DIR", cache.path()) };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.toml");
    let text = scopex_synth::generate(25_000, 1);
    std::fs::File::create(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .expect("written");
    let file_bytes = text.len();
    drop(text);

    let before = HELD.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let catalog = scopex::catalog::Catalog::from_path(&path).expect("loads");
    let peak = PEAK.load(Ordering::Relaxed) - before;
    assert_eq!(catalog.len(), 25_000);
    let written = std::fs::read_dir(cache.path())
        .expect("a cache folder")
        .filter_map(Result::ok)
        .any(|entry| entry.path().is_dir());
    assert!(written, "the compiled form is written");
    // The text (1x), what is read from it and the catalog's text and records (about 2x
    // more) are held at once; the tree, built after the text is let go, is not added.
    let ratio = peak as f64 / file_bytes as f64;
    println!(
        "first load of a {file_bytes}-byte catalog: peak {peak} bytes held, {ratio:.2} times the file"
    );
    assert!(
        ratio < 3.6,
        "a first load held {ratio:.2} times the file's size at its peak"
    );
    drop(catalog);
    println!("a first load holds under 3.6 times its file at its peak: ok");
}
