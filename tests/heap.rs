//! Reading a large catalog file sets the heap up for the large allocations that follow:
//! they come from the main heap, backed by transparent huge pages where the system gives
//! them on request. Its own test binary, without the test harness: the setting is the
//! whole process's, and it is the main thread's heap that is set up (the harness runs
//! each test on a thread of its own, with a heap of its own).

use std::io::Write as _;

/// The `AnonHugePages` of the mapping of this process that holds `address`, in KiB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn huge_kib_at(address: usize) -> Option<u64> {
    let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
    let mut inside = false;
    for line in smaps.lines() {
        let first = line.split_whitespace().next().unwrap_or_default();
        if let Some((start, end)) = first.split_once('-')
            && let (Ok(start), Ok(end)) = (
                usize::from_str_radix(start, 16),
                usize::from_str_radix(end, 16),
            )
        {
            inside = (start..end).contains(&address);
        } else if inside && let Some(kib) = line.strip_prefix("AnonHugePages:") {
            return kib.trim().trim_end_matches("kB").trim().parse().ok();
        }
    }
    None
}

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    memory_allocated_after_a_large_file_is_read_is_backed_by_huge_pages();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn memory_allocated_after_a_large_file_is_read_is_backed_by_huge_pages() {
    let mode =
        std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled").unwrap_or_default();
    if !mode.contains("[madvise]") {
        // `always` backs any large block so, `never` none: nothing to tell apart.
        eprintln!("transparent huge pages are not in madvise mode here: {mode}");
        return;
    }
    // The middle of a block: its start may lie below the part of the heap set up.
    let address = |bytes: &Vec<u8>| bytes.as_ptr() as usize + bytes.len() / 2;
    // Before: a large block is a mapping of its own, in 4 KiB pages.
    let before = vec![1u8; 16 << 20];
    assert_eq!(
        huge_kib_at(address(&before)),
        Some(0),
        "no huge pages before"
    );

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.toml");
    let text = scopex_synth::generate(10_000, 1);
    assert!(text.len() > 1 << 20);
    std::fs::File::create(&path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .expect("written");
    let read = scopex::catalog::file::read_text(&path, "large.toml").expect("reads");
    assert_eq!(read, text);

    let after = vec![1u8; 16 << 20];
    let huge = huge_kib_at(address(&after)).expect("mapped");
    assert!(huge >= 2048, "{huge} KiB in huge pages");
    drop(before);
    println!("memory allocated after a large file is read is backed by huge pages: ok");
}
