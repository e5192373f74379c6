#!/usr/bin/env python3
"""Reads oasdiff's checker tests and writes the ones it can as a case table.

A test is read when its inputs are two of oasdiff's fixture files
(`open("../data/checker/X.yaml")` twice, or `loadFrom(t,
"../data/checker/P", 1)` and `2`), as they are or edited in Go: the edits
are played on the fixtures by `oasdiff_go_edits.py` and written as JSON
pointers. For each, the table states the facts the test asserts: the ids
it expects (`Id: checker.XId`, `requireChange`/`requireSingleChange(..,
checker.XId)`, `containsId`, an ids map, a loop that looks for the id, the
id written out), the ids it requires absent (`require.False(t,
containsId(.., checker.XId))`, `requireNoChange`; for a test of one check
that expects no change, or exactly one change, every other id that check's
file declares), and whether it expects nothing breaking at all
(`require.Empty` with every check on). Ids come from the `XId = "x"`
constants in checker/*.go. The rest (other loaders, fixtures outside
data/checker/, edits not read, no assertion read) are counted.

Usage: python3 xtask/tools/oasdiff-cases.py OASDIFF_CHECKOUT [FIXTURES] \
           > xtask/tests/oasdiff_suite/from_go.rs
where OASDIFF_CHECKOUT holds checker/ at the commit the fixtures in
../shared/corpus/oasdiff-checker come from (4553c69d; `fetch` of
oasdiff/oasdiff, then `git archive 4553c69d checker | tar -x`).
"""
import glob
import json
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oasdiff_go_edits as go_edits  # noqa: E402

root = sys.argv[1]
fixtures = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpus", "oasdiff-checker")


def plain(node):
    """A YAML document as the Rust side reads it: every key a string."""
    if isinstance(node, dict):
        return {str(k).lower() if isinstance(k, bool) else str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if hasattr(node, "isoformat"):
        return node.isoformat()
    return node


unread = []
ids = {}
for f in glob.glob(os.path.join(root, "checker", "*.go")):
    if f.endswith("_test.go"):
        continue
    for name, value in re.findall(r'\b(\w+Id)\s*=\s*"([a-z0-9-]+)"', open(f).read()):
        # `*-comment` ids name the texts of comments, not rules.
        if not value.endswith("-comment"):
            ids[name] = value

by_value = {v: k for k, v in ids.items()}

# The ids each check may report: those declared in the file that defines
# the check's function.
check_ids = {}
for f in glob.glob(os.path.join(root, "checker", "*.go")):
    if f.endswith("_test.go"):
        continue
    text = open(f).read()
    declared = [v for _, v in re.findall(r'\b(\w+Id)\s*=\s*"([a-z0-9-]+)"', text)
                if not v.endswith("-comment")]
    for name in re.findall(r"\nfunc (\w+Check)\(", text):
        check_ids[name] = declared

cases = []
skipped = {"edits": 0, "loader": 0, "no assertion": 0, "unknown id": 0}
total = 0
for f in sorted(glob.glob(os.path.join(root, "checker", "*_test.go"))):
    src = open(f).read()
    for m in re.finditer(r"\nfunc (Test\w+)\(t \*testing\.T\) \{\n(.*?)\n\}\n", src, re.S):
        total += 1
        name, body = m.group(1), m.group(2)
        files = re.findall(r'(\w+), err := open\("\.\./data/checker/([\w.-]+)\.yaml"(?:, (?:newLoaderWithOriginTracking\(\)|loader))?\)', body)
        loaded = re.findall(r'(\w+) := loadFrom\(t, "\.\./data/checker/([\w-]*)", ([12])\)', body)
        if len(files) == 2 and len(re.findall(r"\bopen\(", body)) == 2:
            (base_var, base), (revision_var, revision) = files
        elif len(loaded) == 2 and [v for _, _, v in loaded] == ["1", "2"]:
            (base_var, base, _), (revision_var, revision, _) = loaded
            base, revision = base + "spec1", revision + "spec2"
        else:
            skipped["loader"] += 1
            continue
        edits = []
        roots = {base_var: "base", revision_var: "revision"}
        if re.search(r"\b(" + "|".join(roots) + r")\.(Spec|Paths)\b", body):
            docs = {
                "base": plain(yaml.safe_load(open(os.path.join(fixtures, base + ".yaml")))),
                "revision": plain(yaml.safe_load(open(os.path.join(fixtures, revision + ".yaml")))),
            }
            try:
                edits = go_edits.read(body, docs, roots)
            except (go_edits.Unread, KeyError, IndexError, TypeError, StopIteration) as e:
                skipped["edits"] += 1
                unread.append(f"{name}: {e}")
                continue
        absent = re.findall(r"require\.False\(t, containsId\(\w+, checker\.(\w+Id)\)", body)
        absent += re.findall(r"requireNoChange\(t, \w+, checker\.(\w+Id)\)", body)
        absent += re.findall(r"require\.NotContains\(t, ids, checker\.(\w+Id)\)", body)
        expect = re.findall(r"\bId:\s*checker\.(\w+Id)", body)
        expect += re.findall(r"require(?:Single)?Change\(t, \w+, checker\.(\w+Id)\)", body)
        expect += re.findall(r"require\.Equal\(t, checker\.(\w+Id), \w+\[\d+\]\.GetId\(\)", body)
        expect += re.findall(r"require\.True\(t, containsId\(\w+, checker\.(\w+Id)\)", body)
        expect += re.findall(r"require\.True\(t, ids\[checker\.(\w+Id)\]", body)
        expect += re.findall(r"require\.Contains\(t, ids, checker\.(\w+Id)\)", body)
        # A loop that looks for the id, then `require.True(t, found ..)`.
        if re.search(r"require\.True\(t, found\b", body):
            expect += re.findall(r"\.GetId\(\) == checker\.(\w+Id)\b", body)
        # The id written out: `require.Equal(t, "x", errs[0].GetId())`.
        literal = re.findall(r'require\.Equal\(t, "([a-z0-9-]+)", \w+\[\d+\]\.GetId\(\)\)', body)
        literal += re.findall(r"\bId:\s*\"([a-z0-9-]+)\"", body)
        expect += [by_value[v] for v in literal if v in by_value]
        # check_not_breaking_test.go: the change is in the changelog and
        # nothing is breaking.
        changelog = re.findall(r'verifyNonBreakingChangeIsChangelogEntry\(t, \w+, \w+, "([a-z0-9-]+)"\)', body)
        expect += [by_value[v] for v in changelog if v in by_value]
        # versioning_policy_test.go: none of the versioning ids.
        if re.search(r"range versioningIds \{\s*require\.False\(t, containsId", body):
            absent += ["APIVersionNotBumpedId", "APIVersionDecreasedId", "APIMajorVersionNotBumpedId"]
        empty = bool(re.search(r"require\.Empty\(t, errs\)|require\.Len\(t, errs, 0\)", body)) or bool(changelog)
        if not expect and not absent and not empty:
            skipped["no assertion"] += 1
            continue
        if any(e not in ids for e in expect + absent):
            skipped["unknown id"] += 1
            continue
        expect = sorted(set(ids[e] for e in expect))
        absent = set(ids[e] for e in absent)
        nothing = empty and not expect
        # A test of one check that expects nothing expects none of that
        # check's ids; with every check on, nothing breaking at all.
        single = re.findall(r"singleCheckConfig\(checker\.(\w+Check)\b", body)
        if nothing and len(single) == 1 and check_ids.get(single[0]):
            absent |= set(check_ids[single[0]])
            nothing = False
        # One change and no other (`requireSingleChange`, a single
        # expected change, `require.Len(t, errs, 1)`) with one check on:
        # none of that check's other ids.
        only_one = re.search(r"requireSingle(?:Api)?Change\(|require\.Len\(t, errs, 1\)", body)
        if only_one and len(expect) == 1 and len(single) == 1 and check_ids.get(single[0]):
            absent |= set(check_ids[single[0]])
        absent = sorted(absent - set(expect))
        cases.append((name, base, revision, expect, absent, nothing, edits))

def strs(xs):
    return "&[" + ", ".join(f'"{x}"' for x in xs) + "]"


def edit(side, pointer, value):
    if value is go_edits.REMOVE:
        return f'Edit::Remove("{side}", "{pointer}")'
    return f'Edit::Set("{side}", "{pointer}", r##"{json.dumps(value, separators=(",", ":"))}"##)'


print("//! Generated by `xtask/tools/oasdiff-cases.py` from oasdiff's")
print("//! checker/*_test.go at 4553c69d; do not edit by hand. The tests whose")
print("//! inputs are two fixture files, as they are or edited in Go, as facts:")
print("//! the fixtures, the edits (JSON pointers of the documents as read,")
print("//! `$ref`s followed as kin-openapi's `.Value` does), the ids each test")
print("//! expects and requires absent, and whether it expects nothing.")
print(f"//! {total} tests read; {len(cases)} written; left: "
      + ", ".join(f"{v} {k}" for k, v in skipped.items()) + ".")
print()
print("use super::{Case, Edit};")
print()
print("/// The cases, in the order of oasdiff's test files.")
print("pub(super) const FROM_GO: &[Case] = &[")
for name, base, revision, expect, absent, nothing, edits in cases:
    shown = "&[" + ", ".join(edit(*e) for e in edits) + "]"
    print(f'    Case {{ test: "{name}", base: "{base}", revision: "{revision}", expect: {strs(expect)}, '
          f'absent: {strs(absent)}, nothing: {"true" if nothing else "false"}, edits: {shown} }},')
print("];")
for line in unread:
    print(f"not read: {line}", file=sys.stderr)
