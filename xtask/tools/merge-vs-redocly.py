#!/usr/bin/env python3
"""`cargo xtask merge` against `redocly join` on the same pages, interleaved.

usage: merge-vs-redocly.py XTASK REDOCLY [ROUNDS]
  XTASK:   the release xtask binary (cargo build --release -p xtask)
  REDOCLY: the redocly CLI (.ci/run installs it in target/ci-tools/node)

GitHub's REST API (xtask/tests/fixtures/corpus/github.json.gz, 1,223
operations) is split into pages by split-into-pages.py, as the round-trip
test does. `xtask merge` reads the pages; `redocly join` cannot read
Markdown, so each page's blocks are written out as JSON files beforehand
(untimed, to its advantage) and joined with --without-x-tag-groups (the
pages repeat each tag's definition, which join otherwise refuses). Each
round runs both, the order alternating, and records wall time and peak
resident memory (GNU time's %M) of the whole process. Prints medians and
their ratios as a Markdown table for BENCHMARKS.md.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "tests", "fixtures", "corpus", "github.json.gz")


def timed(argv, cwd):
    """Wall seconds and peak RSS (KiB) of one run; fails loudly."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *argv], cwd=cwd,
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{argv[0]} failed:\n{out.stdout}\n{out.stderr}")
    seconds, kib = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kib)


def main():
    xtask, redocly = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    with tempfile.TemporaryDirectory() as work:
        pages = os.path.join(work, "pages")
        subprocess.run([sys.executable, os.path.join(HERE, "split-into-pages.py"), SPEC, pages],
                       check=True, capture_output=True)
        blocks = os.path.join(work, "blocks")
        os.makedirs(blocks)
        count = 0
        for name in sorted(os.listdir(pages)):
            text = open(os.path.join(pages, name), encoding="utf-8").read()
            for block in re.findall(r"```json\n(.*?)\n```", text, re.S):
                with open(os.path.join(blocks, f"{count:04d}.json"), "w", encoding="utf-8") as f:
                    f.write(block)
                count += 1
        files = sorted(os.listdir(blocks))
        size = sum(os.path.getsize(os.path.join(pages, p)) for p in os.listdir(pages))
        print(f"{count} operations in {len(os.listdir(pages))} pages ({size / 1e6:.1f} MB)")

        runs = {
            "xtask merge": [xtask, "merge", "--input", pages, "--output", os.path.join(work, "xtask.yaml")],
            "redocly join": [redocly, "join", *files, "--without-x-tag-groups",
                             "-o", os.path.join(work, "redocly.yaml")],
        }
        cwd = {"xtask merge": work, "redocly join": blocks}
        results = {name: [] for name in runs}
        for name in runs:  # warm-up: file cache, node's compile cache
            timed(runs[name], cwd[name])
        for r in range(rounds):
            order = list(runs) if r % 2 == 0 else list(reversed(runs))
            for name in order:
                results[name].append(timed(runs[name], cwd[name]))

    print(f"\n{rounds} rounds, interleaved (order alternating)\n")
    print("| command | median time | min | max | median peak memory |")
    print("|---|---|---|---|---|")
    med = {}
    for name, rs in results.items():
        times = [t for t, _ in rs]
        mems = [m for _, m in rs]
        med[name] = (statistics.median(times), statistics.median(mems))
        print(f"| `{name}` | {med[name][0]:.2f} s | {min(times):.2f} s | {max(times):.2f} s "
              f"| {med[name][1] / 1024:.0f} MB |")
    x, r = med["xtask merge"], med["redocly join"]
    print(f"\nredocly / xtask: time {r[0] / x[0]:.1f}x, peak memory {r[1] / x[1]:.1f}x")


if __name__ == "__main__":
    main()
