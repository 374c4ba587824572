#!/usr/bin/env python3
"""Times shell commands in interleaved rounds (A B C, A B C, ...: on a shared machine a
burst of load then hits every command alike, which hyperfine's one-command-at-a-time
runs do not give), and prints each command's median wall time in milliseconds, one a
line, in the order given.

Usage: scripts/interleave.py [--cpu] RUNS WARMUP COMMAND...
Each COMMAND is run by /bin/sh with its output discarded; a non-zero exit (fzf and sk
say "no match" that way) is not an error. With --cpu, each line also gives the median
user and system processor time in milliseconds (of the shell and all it ran): a program
that works on two cores at once takes less wall time than processor time.
"""
import os
import statistics
import subprocess
import sys
import time


def main() -> int:
    args = sys.argv[1:]
    cpu = bool(args) and args[0] == "--cpu"
    if cpu:
        args = args[1:]
    if len(args) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs, warmup = int(args[0]), int(args[1])
    commands = args[2:]
    times = [[] for _ in commands]
    users = [[] for _ in commands]
    systems = [[] for _ in commands]
    for round_ in range(warmup + runs):
        # Each round starts with a different command, so none always follows another.
        order = list(range(len(commands)))
        shift = round_ % len(order)
        order = order[shift:] + order[:shift]
        for i in order:
            start = time.perf_counter()
            child = subprocess.Popen(commands[i], shell=True, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
            if round_ >= warmup:
                times[i].append(elapsed)
                users[i].append(usage.ru_utime)
                systems[i].append(usage.ru_stime)
    for t, u, s in zip(times, users, systems):
        line = f"{statistics.median(t) * 1000:.2f}"
        if cpu:
            line += f" {statistics.median(u) * 1000:.1f} {statistics.median(s) * 1000:.1f}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
