#!/usr/bin/env python3
"""Times shell commands in interleaved rounds (A B C, A B C, ...: on a shared machine a
burst of load then hits every command alike, which hyperfine's one-command-at-a-time
runs do not give), and prints each command's median wall time in milliseconds, one a
line, in the order given.

Usage: scripts/interleave.py RUNS WARMUP COMMAND...
Each COMMAND is run by /bin/sh with its output discarded; a non-zero exit (fzf and sk
say "no match" that way) is not an error.
"""
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs, warmup = int(sys.argv[1]), int(sys.argv[2])
    commands = sys.argv[3:]
    times = [[] for _ in commands]
    for round_ in range(warmup + runs):
        # Each round starts with a different command, so none always follows another.
        order = list(range(len(commands)))
        shift = round_ % len(order)
        order = order[shift:] + order[:shift]
        for i in order:
            start = time.perf_counter()
            subprocess.run(commands[i], shell=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            elapsed = time.perf_counter() - start
            if round_ >= warmup:
                times[i].append(elapsed)
    for t in times:
        print(f"{statistics.median(t) * 1000:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
