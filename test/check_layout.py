#!/usr/bin/env python3
"""Checks that the README's Layout table names every file of the repository.

Usage: python3 test/check_layout.py [README]

The names are the `backticked` paths of the table's first column.  A name
ending in "/" is a directory and covers the files directly in it; a name may
be a glob (test/fuzz/corpus/*/).  A file is covered when a name matches the
file itself or the directory it is in.  Top-level files must be named one by
one; src/ is one row here, since its files are each named in the module
table of src/README.md, which test/check_layers.py checks.  Every
name must match at least one file, so that the table has no stale rows.

The files are those of `git ls-files`.  Outside a git work tree (the
matrix's copy of the tree) there is nothing to compare with: it says so and
checks nothing.  Closes with "N passed, M failed".
"""

import fnmatch
import os
import re
import subprocess
import sys

from tally import finish, result

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
readme = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "README.md")
try:
    ls = subprocess.run(["git", "-C", top, "ls-files"], capture_output=True,
                        text=True)
except FileNotFoundError:
    ls = None                       # no git command (the matrix's roots)
if ls is None or ls.returncode != 0:
    print("# not a git work tree: nothing to compare the Layout table with")
    sys.exit(finish())
files = [f for f in ls.stdout.split("\n") if f]

with open(readme, encoding="utf-8") as f:
    text = f.read()
m = re.search(r"^## Layout\n(.*?)(?=^## |\Z)", text, re.M | re.S)
rows = [l for l in (m.group(1) if m else "").split("\n") if l.startswith("| `")]
names = []
for row in rows:
    names += re.findall(r"`([^`]+)`", row.split("|")[1])
result(len(names) > 0, "the README has a Layout table (%d names)" % len(names))

dirs = [n for n in names if n.endswith("/")]
paths = [n for n in names if not n.endswith("/")]


def covered(f):
    if any(fnmatch.fnmatchcase(f, p) for p in paths):
        return True
    parent = os.path.dirname(f)
    if parent == "":
        return False
    return any(fnmatch.fnmatchcase(parent + "/", d) for d in dirs)


missing = [f for f in files if not covered(f)]
result(not missing, "the Layout table names every file of git ls-files (%d)"
       % len(files), "not named: " + " ".join(missing))


def used(n):
    if n.endswith("/"):
        return any(fnmatch.fnmatchcase(os.path.dirname(f) + "/", n)
                   for f in files)
    return any(fnmatch.fnmatchcase(f, n) for f in files)


stale = [n for n in names if not used(n)]
result(not stale, "every name in the Layout table is a file or directory of "
       "the repository", "no such file: " + " ".join(stale))

sys.exit(finish())
