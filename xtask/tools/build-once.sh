#!/usr/bin/env bash
# The four commands a maintainer runs, one after the other on one cold
# target folder: the time of each and how many crates cargo compiled
# (BENCHMARKS.md, "One feature set"). A command that compiles crates the
# one before it built resolved them with other features.
# Usage: xtask/tools/build-once.sh EMPTY_TARGET_DIR   (at the repository's root)
set -euo pipefail
export CARGO_TARGET_DIR="$1"
run() {
  local start end compiled
  start=$(date +%s.%N)
  compiled=$("$@" 2>&1 | grep -c "Compiling" || true)
  end=$(date +%s.%N)
  printf "%-45s %6.1f s %4d compiled\n" "$*" "$(echo "$end - $start" | bc)" "$compiled"
}
run cargo build -p xone -p xtask --locked
run cargo run -p xtask --locked -- rules --check
run cargo build -p xone --locked
run cargo test -p xtask --locked --no-run
