#!/usr/bin/env bash
# The weekly docs watch: discover the vendor's new pages and list them
# (`pull --discover --add`), pull every page, merge them, and when anything
# under spec/ changed write a pull request body to BODY_FILE: the new pages
# with their endpoints and Rust methods, the listed pages no index lists any
# more (kept, for a maintainer to judge), the indexes that were down, and
# the review diff. Appends `changed=true` or `changed=false` to
# $GITHUB_OUTPUT (or prints it). A discovery, pull or merge that fails
# fails the script, with the reason on stderr.
# Usage: docs-watch.sh BODY_FILE   (run at the repository's root)
# XTASK overrides how the xtask is run (default `cargo xtask`).
set -euo pipefail
body="$1"
read -r -a xtask <<< "${XTASK:-cargo xtask}"
output="${GITHUB_OUTPUT:-/dev/stdout}"
discovery="$(mktemp)"
changes="$(mktemp)"
trap 'rm -f "$discovery" "$changes"' EXIT
# Paths are given, not defaulted: a prebuilt xtask's defaults are the
# repository it was built in.
"${xtask[@]}" pull --sources spec/sources.toml --discover --add > "$discovery"
cat "$discovery" >&2
"${xtask[@]}" merge --input spec/pages --output spec/openapi.yaml \
  --overlay spec/overlay.yaml --types spec/types.yaml --samples >&2
# Pages that vanished from the indexes change nothing, but are worth a look.
if grep -q '^vanished page ' "$discovery"; then
  echo "warning: listed pages that no index lists any more:" >&2
  grep '^vanished page ' "$discovery" >&2
fi
if [ -z "$(git status --porcelain -- spec/)" ]; then
  echo "changed=false" >> "$output"
  exit 0
fi
"${xtask[@]}" diff --base HEAD --format json > "$changes"
{
  echo "The vendor's docs changed: \`cargo xtask pull --discover --add && cargo xtask merge\` gives the spec below."
  python3 - "$discovery" "$changes" <<'PY'
import json, sys

discovery = open(sys.argv[1]).read().splitlines()
changes = json.load(open(sys.argv[2]))["changes"]
# Each new endpoint's Rust method, from the diff.
methods = {c["location"]: c.get("rust_item") for c in changes if c["id"] == "endpoint-added"}

def section(title, lines):
    if lines:
        print(f"\n#### {title}\n")
        print("\n".join(lines))

# A block: `new page NAME URL`, then one `  METHOD PATH  summary` line per
# endpoint; any other line ends it.
new, in_block = [], False
for line in discovery:
    if line.startswith("new page "):
        _, _, name, url = line.split(" ", 3)
        new.append(f"- **{name}** ({url})")
        in_block = True
    elif not (in_block and line.startswith("  ")):
        in_block = False
    else:
        endpoint, _, summary = line.strip().partition("  ")
        method = methods.get(endpoint)
        shown = f"`{method}`" if method else "no new method (already in the spec)"
        new.append(f"  - `{endpoint}` {summary}: {shown}")
section("New pages (listed in spec/sources.toml by the watch)", new)
section(
    "Listed pages no index lists any more (kept: remove them from spec/sources.toml if the vendor retired them)",
    [f"- {l.split(' ', 3)[2]}: {l.split(' ', 4)[3]}" for l in discovery if l.startswith("vanished page ")],
)
section(
    "Indexes that did not answer",
    [f"- {l[len('index down '):]}" for l in discovery if l.startswith("index down ")],
)
PY
  echo
  "${xtask[@]}" diff --base HEAD --format markdown
} > "$body.partial"
mv "$body.partial" "$body"
echo "changed=true" >> "$output"
