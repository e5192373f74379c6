#!/usr/bin/env bash
# The weekly docs watch: discover the vendor's new pages and list them
# (`pull --discover --add`), pull every page, merge them, and when anything
# under spec/ changed write a pull request body to BODY_FILE: the new pages
# with their endpoints and Rust methods, the listed pages no index lists any
# more (kept, for a maintainer to judge), the indexes that were down, and
# the pages that changed (with their URLs), every decision the merge leaves
# to a maintainer (its warnings, each with the line to paste), the types
# that rest on one sample, a checklist of what the crate's own files need,
# and the review diff. A listed page that no index lists and that answers
# 404 is reported as retired and kept (the pull does not fail on it).
# Appends `changed=true` or `changed=false` to $GITHUB_OUTPUT (or prints
# it). A discovery, pull or merge that fails fails the script, with the
# reason and the discovery report on stderr.
# Usage: docs-watch.sh BODY_FILE   (run at the repository's root)
# XTASK overrides how the xtask is run (default `cargo xtask`).
set -euo pipefail
body="$1"
read -r -a xtask <<< "${XTASK:-cargo xtask}"
output="${GITHUB_OUTPUT:-/dev/stdout}"
discovery="$(mktemp)"
changes="$(mktemp)"
merged="$(mktemp)"
trap 'rm -f "$discovery" "$changes" "$merged"' EXIT
# Paths are given, not defaulted: a prebuilt xtask's defaults are the
# repository it was built in. The discovery report is shown whether or not
# the pull succeeds.
status=0
"${xtask[@]}" pull --sources spec/sources.toml --discover --add > "$discovery" || status=$?
cat "$discovery" >&2
[ "$status" -eq 0 ] || exit "$status"
"${xtask[@]}" merge --input spec/pages --output spec/openapi.yaml \
  --overlay spec/overlay.yaml --types spec/types.yaml --samples > "$merged"
cat "$merged" >&2
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
  python3 - "$discovery" "$changes" "$merged" <(git status --porcelain -- spec/pages) <<'PY'
import json, sys, tomllib

discovery = open(sys.argv[1]).read().splitlines()
changes = json.load(open(sys.argv[2]))["changes"]
merged = open(sys.argv[3]).read().splitlines()
status = open(sys.argv[4]).read().splitlines()
urls = {p["name"]: p["url"] for p in tomllib.load(open("spec/sources.toml", "rb")).get("page", [])}
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
    "Listed pages retired (in no index, answering 404 or 410; kept: remove them from spec/sources.toml)",
    [f"- {l.split(' ', 3)[2]}: {l.split(' ', 4)[3]}" for l in discovery if l.startswith("retired page ")],
)
section(
    "Indexes that did not answer",
    [f"- {l[len('index down '):]}" for l in discovery if l.startswith("index down ")],
)

# The pages that changed under spec/pages, with their URLs.
pages = []
for line in status:
    code, path = line[:2].strip(), line[3:]
    name = path.rsplit("/", 1)[-1].removesuffix(".md")
    what = {"M": "changed", "A": "new", "??": "new", "D": "removed"}.get(code, code)
    pages.append(f"- **{name}** ({urls.get(name, 'not in spec/sources.toml')}): {what}")
section("Pages that changed", pages)

# Every warning of the merge, with the lines indented under it (the line
# to paste), as the merge printed them.
decisions, block = [], None
for line in merged:
    if line.startswith("warning: "):
        block = [line[len("warning: "):]]
        decisions.append(block)
    elif block is not None and line.startswith("  "):
        block.append(line)
    else:
        block = None
if decisions:
    print("\n#### Decisions for a maintainer (the merge's warnings)\n")
    for lines in decisions:
        print("```text")
        print("\n".join(lines))
        print("```")

# The fields whose type rests on one sample.
samples, inside = [], False
for line in merged:
    if line.startswith("types inferred from one sample"):
        inside = True
    elif inside and line.startswith("  "):
        samples.append(f"- {line.strip()}")
    else:
        inside = False
if samples:
    print("\n<details><summary>Types that rest on one sample (" + str(len(samples)) + ")</summary>\n")
    print("\n".join(samples))
    print("\n</details>")

print("\n#### What the crate's own files need\n")
if decisions:
    print("- [ ] Paste the lines the decisions above give into `spec/types.yaml` or `spec/overlay.yaml`, run `cargo xtask merge`, and push to this branch.")
print("- [ ] Review the spec diff below (breaking rows first).")
print("- [x] Nothing outside `spec/`: tests, the fake's routes and `fake::Operation` derive from `spec/openapi.yaml`; the fake answers a new operation with its success's example until someone models it (`FakeXone::unmodelled()`).")
PY
  echo
  "${xtask[@]}" diff --base HEAD --format markdown
} > "$body.partial"
mv "$body.partial" "$body"
echo "changed=true" >> "$output"
