//! `scopex need` given many operations the catalog does not list: it names the first ten,
//! each with the closest real operations, and counts the rest. The closest names cost a
//! pass over every operation of the catalog, so they are made for those ten only, and a
//! long list of unknown operations costs little more than a short one. Run as a user runs
//! it: the real binary, its processor time read from the system's account of it, which
//! other programs on a busy machine do not change (on Linux, from /proc); growth is
//! compared, never a time limit.

mod support;

use support::cli::{scopex, stderr};
#[cfg(target_os = "linux")]
use {std::process::Stdio, std::time::Duration, support::cli::command};

/// A catalog of `count` operations, `items{i}.list`, all needing one scope.
fn catalog(count: usize) -> String {
    let mut text = String::from(
        "id = \"many-ops\"\nname = \"Many Ops\"\n\n[[scope]]\nname = \"items.read\"\n\
         description = \"Read items\"\n",
    );
    for i in 0..count {
        text.push_str(&format!(
            "\n[[operation]]\nid = \"items{i}.list\"\nrequires = [[\"items.read\"]]\n"
        ));
    }
    text
}

/// `count` operations that are not in the catalog, each a typing slip away from one that
/// is (so each has suggestions to look for).
fn unknown(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("items{i}.lsit")).collect()
}

/// The processor time (user and system) of one run of `scopex ARGS`, read from
/// `/proc/PID/stat` once it has exited and before it is reaped.
#[cfg(target_os = "linux")]
fn processor_time(args: &[&str]) -> Duration {
    let mut child = command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the scopex binary runs");
    // SAFETY: an all-zero siginfo is a valid value of the plain C struct.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: `info` is a valid, writable siginfo; WNOWAIT leaves the child to be reaped
    // by `child.wait` below.
    let waited = unsafe {
        libc::waitid(
            libc::P_PID,
            child.id(),
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        )
    };
    assert_eq!(waited, 0, "scopex finishes");
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", child.id()))
        .expect("the finished child's stat is readable until it is reaped");
    let status = child.wait().expect("scopex is reaped");
    assert_eq!(status.code(), Some(2), "unknown operations are bad input");
    // The fields after the command name, which is in parentheses: utime and stime are
    // the 14th and 15th of the whole line, in clock ticks.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11..13]
        .iter()
        .map(|field| field.parse::<u64>().expect("a number of clock ticks"))
        .sum();
    // SAFETY: sysconf only reads a constant of the system.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    Duration::from_secs_f64(ticks as f64 / per_second as f64)
}

/// The least processor time of three runs of `need CATALOG` with these operations.
#[cfg(target_os = "linux")]
fn quickest_need(catalog: &str, operations: &[String]) -> Duration {
    let mut args = vec!["need", catalog];
    args.extend(operations.iter().map(String::as_str));
    (0..3)
        .map(|_| processor_time(&args))
        .min()
        .unwrap_or_default()
}

#[test]
fn the_ten_unknown_operations_told_have_suggestions_the_rest_are_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.toml");
    std::fs::write(&path, catalog(50)).expect("catalog written");
    let operations = unknown(15);
    let mut args = vec!["need", path.to_str().expect("utf-8")];
    args.extend(operations.iter().map(String::as_str));
    let output = scopex(&args);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 11, "{err}");
    for (i, line) in lines[..10].iter().enumerate() {
        let told = format!(
            "scopex: `items{i}.lsit` is not an operation of the Many Ops catalog; did you mean"
        );
        assert!(line.starts_with(&told), "{line}");
        assert!(line.contains(&format!("`items{i}.list`")), "{line}");
    }
    assert_eq!(
        lines[10],
        "scopex: and 5 more operations not in the catalog"
    );
}

/// Sixteen times the unknown operations (beyond the ten told) cost about the same: the
/// closest names are looked for only for the ten. Looking for all of them cost about
/// sixteen times as much; the margin is wide so that a busy machine cannot decide.
#[cfg(target_os = "linux")]
#[test]
fn unknown_operations_beyond_those_told_cost_no_suggestions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ops.toml");
    std::fs::write(&path, catalog(4_000)).expect("catalog written");
    let path = path.to_str().expect("utf-8");
    let few = quickest_need(path, &unknown(40));
    let many = quickest_need(path, &unknown(640));
    assert!(
        many < few * 4,
        "16x the unknown operations took {:.1}x the processor time ({few:?} → {many:?})",
        many.as_secs_f64() / few.as_secs_f64()
    );
}
