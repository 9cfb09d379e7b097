#!/usr/bin/env python3
"""Checks that src/ keeps the layer picture that src/README.md draws.

Usage: python3 test/check_layers.py [src-dir]

src/README.md has a table of modules, one row each: the layer (a number
and a name; a higher number is a lower layer), the module's files as
`backticked` names, and its contract.  From that table and the
`#include "..."` lines of the files, it checks that
  - every .c and .h file of src/ belongs to exactly one module, and every
    name in the table is a file;
  - a file includes headers of its own module, of its own layer or of a
    lower one, never of a higher layer;
  - no two modules include each other, directly or through others (no
    circle, also within a layer);
  - the modules of the layer named "plain C" include no PostgreSQL header;
  - no .c file declares a function of another file with "extern", and
    every function a header declares is defined by its own module (a call
    goes through the callee's header, so the include lines are the whole
    dependency picture).
Closes with "N passed, M failed".
"""

import os
import re
import sys

from tally import finish, result

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "src")
with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
    text = f.read()

# module rows: | 3 request building | `a.c`, `a.h` | contract |
modules = []                        # (layer number, layer name, [files])
for line in text.split("\n"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) < 3 or not re.match(r"^\d+\b", cells[0]):
        continue
    number = int(re.match(r"^(\d+)", cells[0]).group(1))
    name = re.sub(r"^\d+\.?\s*", "", cells[0])
    files = re.findall(r"`([^`]+)`", cells[1])
    modules.append((number, name, files))
result(len(modules) > 0, "src/README.md has a module table (%d modules)"
       % len(modules))

module_of = {}
for i, (_, _, files) in enumerate(modules):
    for f in files:
        if f in module_of:
            result(False, "%s is in one module only" % f)
        module_of[f] = i

present = sorted(f for f in os.listdir(src) if re.search(r"\.[ch]$", f))
missing = [f for f in present if f not in module_of]
result(not missing, "every source file of src/ is in a module",
       "not in the table: " + ", ".join(missing))
stale = [f for f in module_of if f not in present]
result(not stale, "every file the table names exists",
       "no such file: " + ", ".join(stale))

include_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
extern_fn_re = re.compile(r"^extern\s+[^;()]*\(", re.M)
edges = {}                          # module -> set of modules it includes
upward = []
pg_in_plain = []
externs = []
for f in present:
    if f not in module_of:
        continue
    mine = module_of[f]
    with open(os.path.join(src, f), encoding="utf-8", errors="replace") as fh:
        body = fh.read()
    for inc in include_re.findall(body):
        if inc in module_of:
            theirs = module_of[inc]
            if theirs == mine:
                continue
            edges.setdefault(mine, set()).add(theirs)
            if modules[theirs][0] < modules[mine][0]:
                upward.append("%s (layer %d) includes %s (layer %d)"
                              % (f, modules[mine][0], inc, modules[theirs][0]))
        elif modules[mine][1].lower().startswith("plain c"):
            pg_in_plain.append("%s includes %s" % (f, inc))
    if f.endswith(".c"):
        externs += ["%s: %s" % (f, m.strip())
                    for m in extern_fn_re.findall(body)]

# a header declares only what its own module defines
declared_re = re.compile(r"^extern\s[^;]*?\b(\w+)\s*\(", re.M)
foreign = []
for i, (_, _, files) in enumerate(modules):
    bodies = ""
    for f in files:
        if f.endswith(".c") and f in present:
            with open(os.path.join(src, f), encoding="utf-8",
                      errors="replace") as fh:
                bodies += fh.read()
    for h in files:
        if not h.endswith(".h") or h not in present:
            continue
        with open(os.path.join(src, h), encoding="utf-8",
                  errors="replace") as fh:
            for fn in declared_re.findall(fh.read()):
                if not re.search(r"^%s\(" % re.escape(fn), bodies, re.M):
                    foreign.append("%s declares %s(), which its module "
                                   "does not define" % (h, fn))
result(not foreign, "a header declares only its own module's functions",
       "\n".join(foreign))
result(not upward, "no file includes a header of a higher layer",
       "\n".join(upward))
result(not pg_in_plain, "the plain C modules include no PostgreSQL header",
       "\n".join(pg_in_plain))
result(not externs, "no .c file declares another file's function",
       "\n".join(externs))

# circles: depth-first search over the module graph
circles = []
state = {}


def visit(m, path):
    state[m] = "open"
    for n in sorted(edges.get(m, ())):
        if state.get(n) == "open":
            cycle = path[path.index(n):] + [n]
            circles.append(" -> ".join(modules[c][2][0] for c in cycle))
        elif n not in state:
            visit(n, path + [n])
    state[m] = "done"


for m in range(len(modules)):
    if m not in state:
        visit(m, [m])
result(not circles, "no circle between modules", "\n".join(circles))

sys.exit(finish())
