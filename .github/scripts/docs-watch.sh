#!/usr/bin/env bash
# The weekly docs watch: pull the vendor's pages, merge them, and when the
# spec changed write a pull request body (the review diff) to BODY_FILE.
# Appends `changed=true` or `changed=false` to $GITHUB_OUTPUT (or prints
# it). Usage: docs-watch.sh BODY_FILE   (run at the repository's root)
# XTASK overrides how the xtask is run (default `cargo xtask`).
set -euo pipefail
body="$1"
read -r -a xtask <<< "${XTASK:-cargo xtask}"
output="${GITHUB_OUTPUT:-/dev/stdout}"
# Paths are given, not defaulted: a prebuilt xtask's defaults are the
# repository it was built in.
"${xtask[@]}" pull --sources spec/sources.toml >&2
"${xtask[@]}" merge --input spec/pages --output spec/openapi.yaml \
  --overlay spec/overlay.yaml --types spec/types.yaml --samples >&2
if [ -z "$(git status --porcelain -- spec/)" ]; then
  echo "changed=false" >> "$output"
  exit 0
fi
{
  echo "The vendor's docs pages changed: \`cargo xtask pull && cargo xtask merge\` gives the spec below."
  echo
  "${xtask[@]}" diff --base HEAD --format markdown
} > "$body.partial"
mv "$body.partial" "$body"
echo "changed=true" >> "$output"
