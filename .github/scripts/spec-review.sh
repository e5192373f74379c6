#!/usr/bin/env bash
# The spec review comment of a pull request: a marker that finds the
# comment again, then `cargo xtask diff --base BASE --format markdown`,
# with `--dependents` when the repository lists its dependent crates in
# spec/dependents.toml (each built against the client the new spec makes).
# Usage: spec-review.sh BASE_REV OUT_FILE   (run at the repository's root)
# XTASK overrides how the xtask is run (default `cargo xtask`).
set -euo pipefail
base="$1"
out="$2"
read -r -a xtask <<< "${XTASK:-cargo xtask}"
proof=()
if [ -f spec/dependents.toml ]; then
  proof=(--dependents)
fi
{
  echo '<!-- xone-spec-review -->'
  "${xtask[@]}" diff --base "$base" --format markdown "${proof[@]}"
} > "$out.partial"
mv "$out.partial" "$out"
