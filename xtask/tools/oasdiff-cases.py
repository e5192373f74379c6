#!/usr/bin/env python3
"""Reads oasdiff's checker tests and writes the simple ones as a case table.

A test is simple when its inputs are two of oasdiff's fixture files loaded
as they are (`open("../data/checker/X.yaml")` twice, or `loadFrom(t,
"../data/checker/P", 1)` and `2`), with no edit of the loaded specs in Go.
For each, the table states the facts the test asserts: the ids it expects
(`Id: checker.XId`, `requireChange`/`requireSingleChange(.., checker.XId)`),
the ids it requires absent (`require.False(t, containsId(.., checker.XId))`,
`requireNoChange`, and, for a test of one check that expects no change,
every id that check's file declares), and whether it expects nothing
breaking at all (`require.Empty` with every check on). Ids come from the
`XId = "x"` constants in checker/*.go. The rest of the tests (edits in Go,
other loaders) are left for hand ports, and counted.

Usage: python3 xtask/tools/oasdiff-cases.py OASDIFF_CHECKOUT > xtask/tests/it/oasdiff_cases.rs
where OASDIFF_CHECKOUT holds checker/ at the commit the fixtures in
../shared/corpus/oasdiff-checker come from (4553c69d; `fetch` of
oasdiff/oasdiff, then `git archive 4553c69d checker | tar -x`).
"""
import glob
import os
import re
import sys

root = sys.argv[1]
ids = {}
for f in glob.glob(os.path.join(root, "checker", "*.go")):
    if f.endswith("_test.go"):
        continue
    for name, value in re.findall(r'\b(\w+Id)\s*=\s*"([a-z0-9-]+)"', open(f).read()):
        ids[name] = value

by_value = {v: k for k, v in ids.items()}

# The ids each check may report: those declared in the file that defines
# the check's function.
check_ids = {}
for f in glob.glob(os.path.join(root, "checker", "*.go")):
    if f.endswith("_test.go"):
        continue
    text = open(f).read()
    declared = [v for _, v in re.findall(r'\b(\w+Id)\s*=\s*"([a-z0-9-]+)"', text)]
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
        if re.search(r"\bs[12]\.Spec\b|\bs[12]\.Spec\.", body) or re.search(r"\b(base|revision|s1|s2)\.(Spec|Paths)\b", body):
            skipped["edits"] += 1
            continue
        files = re.findall(r'open\("\.\./data/checker/([\w.-]+)\.yaml"\)', body)
        loaded = re.findall(r'loadFrom\(t, "\.\./data/checker/([\w-]*)", ([12])\)', body)
        if len(files) == 2:
            base, revision = files
        elif len(loaded) == 2 and [v for _, v in loaded] == ["1", "2"]:
            base, revision = loaded[0][0] + "spec1", loaded[1][0] + "spec2"
        else:
            skipped["loader"] += 1
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
        empty = bool(re.search(r"require\.Empty\(t, errs\)|require\.Len\(t, errs, 0\)", body))
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
        absent = sorted(absent - set(expect))
        cases.append((name, base, revision, expect, absent, nothing))

def strs(xs):
    return "&[" + ", ".join(f'"{x}"' for x in xs) + "]"

print("//! oasdiff's checker tests whose inputs are two fixture files as they are,")
print("//! as facts: the fixtures, the ids each test expects and requires absent,")
print("//! and whether it expects nothing. Written by `xtask/tools/oasdiff-cases.py`")
print("//! from oasdiff's checker/*_test.go at 4553c69d; do not edit by hand.")
print(f"//! {total} tests read; {len(cases)} written; left for hand ports: "
      + ", ".join(f"{v} {k}" for k, v in skipped.items()) + ".")
print()
print("/// One test: (Go test, base fixture, revision fixture, expected ids,")
print("/// ids required absent, nothing expected).")
print("pub type FilePairCase = (")
print("    &'static str,")
print("    &'static str,")
print("    &'static str,")
print("    &'static [&'static str],")
print("    &'static [&'static str],")
print("    bool,")
print(");")
print()
print("/// The cases, in the order of oasdiff's test files.")
print("pub const FILE_PAIR_CASES: &[FilePairCase] = &[")
for name, base, revision, expect, absent, nothing in cases:
    print(f'    ("{name}", "{base}", "{revision}", {strs(expect)}, {strs(absent)}, {"true" if nothing else "false"}),')
print("];")
