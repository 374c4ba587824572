//! Work over many scopes on several threads: filtering them, and filtering and sorting
//! them at once.

use std::cmp::Ordering as Order;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many scopes one thread is faster than starting another. (Tests use small
/// catalogs and want the threads too.)
const PARALLEL_FROM: usize = if cfg!(test) { 64 } else { 4_096 };

/// Scopes a thread takes at a time.
const SLICE: usize = if cfg!(test) { 16 } else { 1_024 };

/// How many threads to work on `count` items with.
fn threads_for(count: usize) -> usize {
    if count >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |p| p.get().min(8))
    } else {
        1
    }
}

/// Runs `work` on `threads` threads, the caller's among them, and gives what each
/// returned.
fn on_threads<R: Send>(threads: usize, work: impl Fn() -> R + Sync) -> Vec<R> {
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(&work)).collect();
        // The caller's thread works too.
        let mut all = vec![work()];
        for helper in helpers {
            match helper.join() {
                Ok(part) => all.push(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    })
}

/// `keep(0..count)`'s kept values, in order; large counts on several threads, which take
/// small slices in turn (one that gets less CPU on a busy machine holds nobody up).
pub(super) fn filter_in_parallel<T: Send>(
    count: usize,
    keep: impl Fn(usize) -> Option<T> + Sync,
) -> Vec<T> {
    let threads = threads_for(count);
    if threads <= 1 {
        return (0..count).filter_map(keep).collect();
    }
    let next = AtomicUsize::new(0);
    let mut slices: Vec<(usize, Vec<T>)> = on_threads(threads, || {
        let mut slices = Vec::new();
        loop {
            let start = next.fetch_add(SLICE, Ordering::Relaxed);
            if start >= count {
                return slices;
            }
            let kept: Vec<T> = (start..(start + SLICE).min(count))
                .filter_map(&keep)
                .collect();
            slices.push((start, kept));
        }
    })
    .into_iter()
    .flatten()
    .collect();
    slices.sort_unstable_by_key(|(start, _)| *start);
    slices.into_iter().flat_map(|(_, kept)| kept).collect()
}

/// `keep(0..count)`'s kept values sorted by `order`, which no two of them may be equal
/// in (then the result is the one order there is, however the work was shared). On
/// several threads each sorts what it kept, and the sorted runs are merged.
pub(super) fn sorted_in_parallel<T: Send>(
    count: usize,
    keep: impl Fn(usize) -> Option<T> + Sync,
    order: impl Fn(&T, &T) -> Order + Sync,
) -> Vec<T> {
    let threads = threads_for(count);
    if threads <= 1 {
        let mut kept: Vec<T> = (0..count).filter_map(keep).collect();
        kept.sort_unstable_by(&order);
        return kept;
    }
    let next = AtomicUsize::new(0);
    let runs = on_threads(threads, || {
        let mut kept = Vec::new();
        loop {
            let start = next.fetch_add(SLICE, Ordering::Relaxed);
            if start >= count {
                break;
            }
            kept.extend((start..(start + SLICE).min(count)).filter_map(&keep));
        }
        kept.sort_unstable_by(&order);
        kept
    });
    merged(runs, &order)
}

/// Sorted runs merged into one, two at a time.
fn merged<T>(mut runs: Vec<Vec<T>>, order: &impl Fn(&T, &T) -> Order) -> Vec<T> {
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut pairs = runs.into_iter();
        while let Some(a) = pairs.next() {
            next.push(match pairs.next() {
                Some(b) => merge_two(a, b, order),
                None => a,
            });
        }
        runs = next;
    }
    runs.pop().unwrap_or_default()
}

fn merge_two<T>(a: Vec<T>, b: Vec<T>, order: &impl Fn(&T, &T) -> Order) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => order(x, y) != Order::Greater,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_in_parallel_keeps_and_sorts_as_one_thread_would() {
        for count in [0, 1, 63, 64, 65, 200, 1_000, 4_099] {
            // Kept unevenly: none in some slices, all in others.
            let keep = |i: usize| {
                (i % 7 != 3 && (i / 40) % 5 != 2).then(|| (i * 7919) % 1_009 * 10_000 + i)
            };
            let mut expected: Vec<usize> = (0..count).filter_map(keep).collect();
            expected.sort_unstable_by(|a, b| b.cmp(a));
            assert_eq!(
                sorted_in_parallel(count, keep, |a, b| b.cmp(a)),
                expected,
                "{count}"
            );
            let all: Vec<usize> = (0..count).filter_map(keep).collect();
            assert_eq!(filter_in_parallel(count, keep), all, "{count}");
        }
    }

    #[test]
    fn runs_merge_in_order() {
        let order = |a: &u32, b: &u32| a.cmp(b);
        let runs = vec![
            vec![1, 4, 9],
            vec![],
            vec![2, 3, 10, 11],
            vec![0],
            vec![5, 6, 7, 8],
        ];
        assert_eq!(merged(runs, &order), (0..12).collect::<Vec<u32>>());
        assert_eq!(merged(Vec::new(), &order), Vec::<u32>::new());
        assert_eq!(
            merged(vec![vec![3, 1]], &order),
            [3, 1],
            "one run is left as it is"
        );
    }
}
