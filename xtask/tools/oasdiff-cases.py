#!/usr/bin/env python3
"""Reads oasdiff's checker tests and writes the ones it can as a case table.

A test is read when it diffs two of oasdiff's fixture documents (any file
under its `data/`: `open("../data/X")`, `open(file)` with `file :=
"../data/X"`, `open(deprecationFile("x.yaml"))` and the other `dataFileFn`
handles, `l(t, N)` for `data/openapi-testN.yaml`, `loadFrom(t,
"../data/P", 1)` and `2`, `d(t, diff.NewConfig(), N, M)`, or one document
diffed with itself), as they are or edited in Go, with oasdiff's default
configuration (a test that sets deprecation days, attributes, severity
levels, flattened parameters or a stability threshold is counted, not
read: the diff has no such options). The edits are played on the fixtures
by `oasdiff_go_edits.py` and written as JSON pointers. The base is what the
diff call names first, not what was loaded first. For each test, the table
states the facts it asserts: the ids it expects (`Id: checker.XId`,
`requireChange`/`requireSingleChange(.., checker.XId)`, `containsId`, an
ids map, a loop that looks for the id or collects its changes, then
`require.NotEmpty`, `require.Equal(t, checker.XId, e0.Id)`, the id written
out), the ids it requires absent (a loop that collects several ids'
changes, then `require.Empty`; `require.False(t,
containsId(.., checker.XId))`, `requireNoChange`; for a test of one check
that expects no change, or exactly one change, every other id that check's
file declares), and whether it expects nothing breaking at all
(`require.Empty` with every check on). Ids come from the `XId = "x"`
constants in checker/*.go. The rest (other loaders, options, edits not
read, no assertion read) are counted.

Usage: python3 xtask/tools/oasdiff-cases.py OASDIFF_CHECKOUT [DATA] \
           > xtask/tests/oasdiff_suite/from_go.rs
where OASDIFF_CHECKOUT holds checker/ at the commit whose tests and data
../shared/corpus/oasdiff/ carries (4553c69d; `fetch` of oasdiff/oasdiff,
then `git archive 4553c69d checker | tar -x`), and DATA is that commit's
`data/` (default ../shared/corpus/oasdiff/data).
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
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpus", "oasdiff", "data")


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

# oasdiff's level of each rule: `CheckBackwardCompatibility` reports only
# warnings and errors, so a test of it that expects no change rules out
# only the check's ids at those levels.
levels = json.load(open(os.path.join(fixtures, "..", "..", "..", "reference", "oasdiff-rules.json")))["rules"]
# Ids a check reports only under an option the cases do not set (a
# deprecation-days policy: `getDeprecationDays(..) > 0`); ruling them out
# would assert nothing.
OPTION_ONLY = {"api-deprecated-sunset-missing", "request-parameter-deprecated-sunset-missing",
               "request-property-deprecated-sunset-missing", "response-property-deprecated-sunset-missing"}

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

# `xFile = dataFileFn("sub")` in helpers_test.go: `xFile("f.yaml")` is
# `../data/sub/f.yaml`.
data_files = {}
for name, sub in re.findall(r'(\w+)\s*= dataFileFn\("([\w-]+)"\)',
                            open(os.path.join(root, "checker", "helpers_test.go")).read()):
    data_files[name] = sub

LOADER = r"(?:, (?:newLoaderWithOriginTracking\(\)|loader))?"


def read_inputs(body, data_files):
    """The test's two documents as `(base variable, base path, revision
    variable, revision path)`, paths under oasdiff's `data/`; or why not
    (a key of `skipped`). A test reads two documents when it loads exactly
    two (`open`, `l(t, N)`, `loadFrom`, or `d(t, diff.NewConfig(), N, M)`)
    and diffs them with the default configs: oasdiff's options (deprecation
    days, attributes, severity levels, flattened parameters, a stability
    threshold) change what a check reports and the diff has none."""
    # `stabilityChanges(t, base, revision, level)` diffs two files of
    # data/stability/ at every level; at the draft threshold every
    # operation is in, as in the diff (oasdiff's default is beta).
    m = re.fullmatch(r'\s*errs := stabilityChanges\(t, "([\w.-]+)", "([\w.-]+)", checker\.StabilityLevelDraft\)\n(?:(?!stabilityChanges).)*',
                     body, re.S)
    if m and "stabilityFile" in data_files:
        sub = data_files["stabilityFile"]
        return (None, f"{sub}/{m.group(1)}", None, f"{sub}/{m.group(2)}")
    # `WithDeprecation(0, 0)` is oasdiff's default policy, the diff's.
    options = re.sub(r"checker\.WithDeprecation\(0, 0\)", "", body)
    if re.search(r"checker\.With\w+|\.WithFlattenParams|&diff\.Config\{|StabilityLevel\s*=|stabilityChanges\(", options):
        return "options"
    loads = []
    # `file := "../data/x.yaml"`, then `open(file)`.
    named = dict(re.findall(r'(\w+) := "\.\./data/([\w./-]+)"', body))
    for m in re.finditer(r'(\w+), err := open\((?:"\.\./data/([\w./-]+)"|(\w+)\("([\w.-]+)"\)|(\w+))' + LOADER + r"\)", body):
        var, path, fn, name, named_var = m.groups()
        if named_var is not None:
            if named_var not in named:
                return "loader"
            path = named[named_var]
        elif path is None:
            if fn not in data_files:
                return "loader"
            path = f"{data_files[fn]}/{name}"
        loads.append((m.start(), var, path))
    for m in re.finditer(r"(\w+) := l\(t, (\d+)" + LOADER + r"\)", body):
        loads.append((m.start(), m.group(1), f"openapi-test{m.group(2)}.yaml"))
    for m in re.finditer(r'(\w+) := loadFrom\(t, "\.\./data/([\w/-]*)", ([12])\)', body):
        loads.append((m.start(), m.group(1), f"{m.group(2)}spec{m.group(3)}.yaml"))
    for m in re.finditer(r"\bd\(t, diff\.NewConfig\(\), (\d+), (\d+)" + LOADER + r"\)", body):
        loads.append((m.start(), None, f"openapi-test{m.group(1)}.yaml"))
        loads.append((m.start(), None, f"openapi-test{m.group(2)}.yaml"))
    calls = len(re.findall(r"\bopen\(|\bl\(t, |\bloadFrom\(|\bd\(t, ", body))
    diffed = re.findall(r"GetWithOperationsSourcesMap\(diff\.NewConfig\(\), (\w+), (\w+)\)", body)
    # One document diffed with itself (nothing changed), and not edited.
    if len(loads) == 1 and calls == 1 and diffed == [(loads[0][1], loads[0][1])]:
        if re.search(r"\b" + loads[0][1] + r"\.(Spec|Paths)\b", body):
            return "loader"
        return (None, loads[0][2], None, loads[0][2])
    if len(loads) != 2 or calls != (2 if loads[0][1] else 1):
        return "loader"
    (_, a, a_path), (_, b, b_path) = sorted(loads, key=lambda x: x[0])
    if a is None:
        return (None, a_path, None, b_path)
    # Which is the base is what the diff call says, not the load order.
    if len(diffed) != 1 or set(diffed[0]) != {a, b}:
        return "loader"
    paths = {a: a_path, b: b_path}
    base_var, revision_var = diffed[0]
    return (base_var, paths[base_var], revision_var, paths[revision_var])


known_helpers = go_edits.helpers(open(f).read() for f in glob.glob(os.path.join(root, "checker", "*_test.go")))

cases = []
skipped = {"edits": 0, "loader": 0, "options": 0, "no assertion": 0, "unknown id": 0}
total = 0
for f in sorted(glob.glob(os.path.join(root, "checker", "*_test.go"))):
    src = open(f).read()
    for m in re.finditer(r"\nfunc (Test\w+)\(t \*testing\.T\) \{\n(.*?)\n\}\n", src, re.S):
        total += 1
        name, body = m.group(1), m.group(2)
        inputs = read_inputs(body, data_files)
        if isinstance(inputs, str):
            skipped[inputs] += 1
            continue
        base_var, base, revision_var, revision = inputs
        edits = []
        roots = {base_var: "base", revision_var: "revision"} if base_var else {}
        if roots:
            docs = {
                "base": plain(yaml.safe_load(open(os.path.join(fixtures, base)))),
                "revision": plain(yaml.safe_load(open(os.path.join(fixtures, revision)))),
            }
            try:
                edits = go_edits.read(body, docs, roots, known_helpers)
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
        # A change taken apart: `e0 := errs[0].(checker.ApiChange)`, then
        # `require.Equal(t, checker.XId, e0.Id)`.
        expect += re.findall(r"require\.Equal\(t, checker\.(\w+Id), \w+\.Id\)", body)
        # A loop that collects the changes of an id, then
        # `require.NotEmpty(t, collected)`: the id is expected; of several
        # ids (`slices.Contains([]string{..}, err.GetId())`), then
        # `require.Empty(t, collected)`: they are ruled out.
        for found_id, var in re.findall(r"if err\.GetId\(\) == checker\.(\w+Id) \{\s*(\w+) = append\(\2\b", body):
            if re.search(r"require\.NotEmpty\(t, " + var + r"\b", body):
                expect.append(found_id)
        for listed, var in re.findall(r"slices\.Contains\(\[\]string\{(.*?)\}, err\.GetId\(\)\) \{\s*(\w+) = append\(\2\b", body, re.S):
            if re.search(r"require\.Empty\(t, " + var + r"\b", body):
                absent += re.findall(r"checker\.(\w+Id)", listed)
        # A loop that looks for the id, then `require.True(t, found ..)`.
        if re.search(r"require\.True\(t, found\b", body):
            expect += re.findall(r"\.GetId\(\) == checker\.(\w+Id)\b", body)
        # The id written out: `require.Equal(t, "x", errs[0].GetId())`.
        literal = re.findall(r'require\.Equal\(t, "([a-z0-9-]+)", \w+\[\d+\]\.GetId\(\)\)', body)
        literal += re.findall(r"\bId:\s*\"([a-z0-9-]+)\"", body)
        literal += re.findall(r'require\.Equal\(t, "([a-z0-9-]+)", \w+\.Id\)', body)
        expect += [by_value[v] for v in literal if v in by_value]
        # check_not_breaking_test.go: the change is in the changelog and
        # nothing is breaking.
        changelog = re.findall(r'verifyNonBreakingChangeIsChangelogEntry\(t, \w+, \w+, "([a-z0-9-]+)"\)', body)
        expect += [by_value[v] for v in changelog if v in by_value]
        changelog_ids = re.findall(r"verifyNonBreakingChangeIsChangelogEntry\(t, \w+, \w+, checker\.(\w+Id)\)", body)
        expect += changelog_ids
        changelog += changelog_ids
        # versioning_policy_test.go: none of the versioning ids.
        if re.search(r"range versioningIds \{\s*require\.False\(t, containsId", body):
            absent += ["APIVersionNotBumpedId", "APIVersionDecreasedId", "APIMajorVersionNotBumpedId"]
        empty = bool(re.search(r"require\.Empty\(t, (?:errs|changes)\)|require\.Len\(t, errs, 0\)", body)) or bool(changelog)
        # `require.NotEmpty(t, errs)` or `require.Len(t, errs, N)` with
        # every check on, at warnings and errors: something that breaks or
        # warns, whatever its id.
        some = bool(re.search(r"require\.(?:NotEmpty\(t, errs\)|Len\(t, errs, [1-9]\d*\))", body)) \
            and "allChecksConfig()" in body and "CheckBackwardCompatibilityUntilLevel(" not in body
        if not expect and not absent and not empty and not some:
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
        # A check called directly (`checker.XCheck(d, osm, config)`)
        # returns its changes at every level.
        direct = re.findall(r"\bchecker\.(\w+Check)\(d, osm\b", body)
        single += direct
        until_info = ("CheckBackwardCompatibilityUntilLevel(" in body or "stabilityChanges(" in body
                      or bool(direct))

        def ruled_out(check):
            return {i for i in check_ids[check] if i not in OPTION_ONLY
                    and (until_info or levels.get(i) in ("breaking", "warning"))}
        if nothing and len(single) == 1 and check_ids.get(single[0]):
            absent |= ruled_out(single[0])
            nothing = False
        # One change and no other (`requireSingleChange`, a single
        # expected change, `require.Len(t, errs, 1)`) with one check on:
        # none of that check's other ids.
        only_one = re.search(r"requireSingle(?:Api)?Change\(|require\.Len\(t, errs, 1\)", body)
        if only_one and len(expect) == 1 and len(single) == 1 and check_ids.get(single[0]):
            absent |= ruled_out(single[0])
        absent = sorted(absent - set(expect))
        some = some and not expect
        cases.append((name, base, revision, expect, absent, nothing, some, edits))

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
print("//! expects and requires absent, and whether it expects nothing or")
print("//! something (breaking or a warning) whatever its id.")
print(f"//! {total} tests read; {len(cases)} written; left: "
      + ", ".join(f"{v} {k}" for k, v in skipped.items()) + ".")
print()
print("use super::{Case, Edit};")
print()
print("/// The cases, in the order of oasdiff's test files.")
print("pub(super) const FROM_GO: &[Case] = &[")
for name, base, revision, expect, absent, nothing, some, edits in cases:
    shown = "&[" + ", ".join(edit(*e) for e in edits) + "]"
    print(f'    Case {{ test: "{name}", base: "{base}", revision: "{revision}", expect: {strs(expect)}, '
          f'absent: {strs(absent)}, nothing: {"true" if nothing else "false"}, '
          f'some: {"true" if some else "false"}, edits: {shown} }},')
print("];")
for line in unread:
    print(f"not read: {line}", file=sys.stderr)
