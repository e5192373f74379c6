#!/usr/bin/env bash
# The spec review comment of a pull request: a marker that finds the
# comment again, then `cargo xtask diff --base BASE --format markdown`.
# Usage: spec-review.sh BASE_REV OUT_FILE   (run at the repository's root)
# XTASK overrides how the xtask is run (default `cargo xtask`).
set -euo pipefail
base="$1"
out="$2"
read -r -a xtask <<< "${XTASK:-cargo xtask}"
{
  echo '<!-- xone-spec-review -->'
  "${xtask[@]}" diff --base "$base" --format markdown
} > "$out.partial"
mv "$out.partial" "$out"
