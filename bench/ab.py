#!/usr/bin/env python3
"""Interleaved A/B of two builds of one command, by CPU time (user + system, from getrusage of
each child: finer than GNU time's 10 ms, and less moved by a busy machine than wall time).

Usage: bench/ab.py NEW_BINARY OLD_BINARY ARGS...   (N=runs per binary, default 9)
Prints each side's median and sorted runs, and old / new (> 1: NEW is faster). Exit codes of
the command are ignored (a gate that fails still did its work); its output is discarded.
"""
import os
import resource
import statistics
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    sides = {"new": sys.argv[1], "old": sys.argv[2]}
    args = sys.argv[3:]
    runs = {side: [] for side in sides}
    for _ in range(int(os.environ.get("N", "9"))):
        for side, binary in sides.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=False)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            runs[side].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    for side, times in runs.items():
        print(f"{side} median CPU {statistics.median(times):.3f} s  " +
              " ".join(f"{t:.3f}" for t in sorted(times)))
    print(f"old/new {statistics.median(runs['old']) / statistics.median(runs['new']):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
