#!/usr/bin/env python3
"""Runs the examples in README.md and doc/*.md, so that they cannot rot.

The files are read in a stated order, because the examples build on each
other (the reference uses the tutorial's tables): README.md first, then the
files of doc/ in the order the README's "## Contents" list links to them.
Every file of doc/ must be in that list.

A fenced block whose info string is "sql runnable" is run; the fenced block
right after it, if its info string is "output", is what psql must print for
it (query results, notices, errors).  A runnable block without an output
block must print nothing.  The blocks run in order in one psql session, in a
fresh database, against the fixture API (test/fixture_api.py): the README
writes its address as http://127.0.0.1:8080, which is replaced by the real
port here and back in the output.  Other blocks (configurations for real
APIs on the internet, excerpts) are not run.

Lines are compared after stripping trailing blanks and dropping blank lines,
and psql's "psql:FILE:LINE: " prefix of errors is removed.  Runs of blanks
and of dashes count as one: psql's idea of how wide a character such as an
emoji is depends on its version (13 gives U+1F680 one column, 15 two), and
so does the padding of a table.

It also checks that every option the validator accepts is documented: the
names listed in the validator's hint for each kind of object must appear in
README.md or doc/*.md as `name`; and that every relative link of these files
leads to a file that exists and, with a #fragment, to one of its headings.

Usage: python3 test/readme_examples.py [--print] [README]
  --print   show what psql printed for each runnable block (to write the
            output blocks), instead of comparing
Needs psql on PATH, the libpq environment (PGHOST, PGPORT, PGUSER) of a
superuser, FIXTURE_PORT, and rest_fdw installed.  Closes with
"N passed, M failed".
"""

import difflib
import os
import re
import subprocess
import sys

from tally import finish, result

README_PORT = "8080"
DATABASE = "rest_fdw_readme"

args = [a for a in sys.argv[1:] if not a.startswith("--")]
print_mode = "--print" in sys.argv
readme = args[0] if args else os.path.join(os.path.dirname(__file__), "..", "README.md")
fixture_port = os.environ.get("FIXTURE_PORT")
if not fixture_port:
    sys.exit("FIXTURE_PORT is not set: start test/fixture_api.py first")
# the README's port of each server, and the real one
ports = {README_PORT: fixture_port}
for readme_port, variable in (("8086", "INFLUXDB_PORT"), ("9090", "PROMETHEUS_PORT")):
    if os.environ.get(variable):
        ports[readme_port] = os.environ[variable]

# ---- the blocks ------------------------------------------------------------
def fenced_blocks(text):
    """(line number, info string, body) of each fenced block."""
    blocks = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(`{3,})\s*(.*)$", lines[i])
        if m:
            fence, info, start = m.group(1), m.group(2).strip(), i + 1
            i += 1
            body = []
            while i < len(lines) and not lines[i].startswith(fence):
                body.append(lines[i])
                i += 1
            blocks.append((start, info, "\n".join(body), i))
        i += 1
    return blocks


def slug(heading):
    """The anchor GitHub gives a heading."""
    s = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return s.replace(" ", "-")


def headings(text):
    """The anchors of the headings outside fenced blocks."""
    out, fence = set(), False
    for l in text.split("\n"):
        if l.startswith("```"):
            fence = not fence
        elif not fence and re.match(r"^#{1,6} ", l):
            out.add(slug(l.lstrip("#")))
    return out


top = os.path.dirname(os.path.abspath(readme))
with open(readme, encoding="utf-8") as f:
    readme_text = f.read()
# the order: README.md, then doc/ as its contents list them
contents = re.search(r"^## Contents\n(.*?)^## ", readme_text, re.M | re.S)
linked = re.findall(r"\]\((doc/[^)#]+\.md)\)", contents.group(1) if contents else "")
docs_dir = os.path.join(top, "doc")
on_disk = sorted("doc/" + n for n in os.listdir(docs_dir) if n.endswith(".md")) \
    if os.path.isdir(docs_dir) else []
result(sorted(set(linked)) == on_disk and len(linked) == len(set(linked)),
       f"the README's contents link every file of doc/ once ({len(on_disk)})",
       "doc/ has: %s\ncontents link: %s" % (" ".join(on_disk), " ".join(linked)))
files = ["README.md"] + [d for d in linked if d in on_disk]
texts = {}
for name in files:
    with open(os.path.join(top, name), encoding="utf-8") as f:
        texts[name] = f.read()
text = "\n".join(texts.values())

# every relative link leads somewhere
broken = []
for name, body in texts.items():
    for target in re.findall(r"\]\(([^)\s]+)\)", body):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, frag = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(name), path)) if path else name
        full = os.path.join(top, dest)
        if not os.path.exists(full):
            broken.append(f"{name}: {target} (no such file)")
        elif frag:
            if dest.endswith(".md") and frag not in headings(open(full, encoding="utf-8").read()):
                broken.append(f"{name}: {target} (no such heading)")
result(not broken, "every relative link of README.md and doc/ leads somewhere",
       "\n".join(broken))

examples = []               # (file, line, sql, expected or None)
for name in files:
    all_lines = texts[name].split("\n")
    blocks = fenced_blocks(texts[name])
    for n, (line, info, body, end) in enumerate(blocks):
        if info.split()[:2] != ["sql", "runnable"]:
            continue
        expected = None
        if n + 1 < len(blocks):
            nline, ninfo, nbody, _ = blocks[n + 1]
            between = all_lines[end + 1:nline - 1]
            if ninfo == "output" and all(not l.strip() for l in between):
                expected = nbody
        examples.append((name, line, body, expected))

result(len(examples) > 0, f"README.md and doc/ have runnable examples ({len(examples)})")


def psql(sql, database):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=0", "-d", database],
                          input=sql, capture_output=True, text=True)


def display(out):
    """psql's output as the README shows it: the README's port, no psql:
    prefixes or trailing blanks, single blank lines between results."""
    for readme_port, port in ports.items():
        out = out.replace(f"127.0.0.1:{port}", f"127.0.0.1:{readme_port}")
    lines = [re.sub(r"^psql:[^:]*:\d+: ", "", l).rstrip() for l in out.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text.split("\n") if text else []


def normalize(out):
    lines = [re.sub(r" {2,}", " ", l) for l in display(out) if l]
    return [re.sub(r"-{2,}", "-", l) if re.fullmatch(r"[-+]+", l) else l
            for l in lines]


# ---- run them in one session, split the output at markers -----------------------
# Roles are not dropped with the database: drop those the examples create,
# in case an earlier run stopped half-way.
roles = sorted(set(re.findall(r"CREATE ROLE (\w+)", "\n".join(e[2] for e in examples))))
drop_roles = "".join(f"DROP ROLE IF EXISTS {r};\n" for r in roles)
setup = psql(f"DROP DATABASE IF EXISTS {DATABASE};\n{drop_roles}CREATE DATABASE {DATABASE};\n",
             "postgres")
result(setup.returncode == 0 and "ERROR" not in setup.stderr,
       "create a database for the examples", setup.stderr)

script = []
for k, (_, line, sql, _) in enumerate(examples):
    script.append(f"\\echo '@@@ block {k}'\n")
    for readme_port, port in ports.items():
        sql = sql.replace(f"127.0.0.1:{readme_port}", f"127.0.0.1:{port}")
    script.append(sql + "\n")
script.append("\\echo '@@@ end'\n")
# stderr goes to stdout so that errors stay in order with the results
run = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=0", "-d", DATABASE],
                     input="".join(script), stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True)
outputs = {}
current = None
for l in run.stdout.split("\n"):
    m = re.match(r"^@@@ block (\d+)$", l)
    if m:
        current = int(m.group(1))
        outputs[current] = []
    elif l == "@@@ end":
        current = None
    elif current is not None:
        outputs[current].append(l)
    elif l.strip():
        outputs.setdefault(-1, []).append(l)
result(-1 not in outputs, "psql printed nothing outside the examples",
       "\n".join(outputs.get(-1, [])))

for k, (name, line, sql, expected) in enumerate(examples):
    raw = "\n".join(outputs.get(k, ["(block did not run)"]))
    actual = normalize(raw)
    if print_mode:
        print(f"--- {name} line {line}:")
        print("\n".join(display(raw)) if actual else "(no output)")
        continue
    want = normalize(expected) if expected is not None else []
    first = sql.strip().split("\n")[0][:60]
    diff = "\n".join(difflib.unified_diff(want, actual, f"{name} (expected)",
                                          "psql (actual)", lineterm=""))
    result(actual == want, f"{name} line {line}: {first}", diff)

psql(f"DROP DATABASE IF EXISTS {DATABASE};\n{drop_roles}", "postgres")

# ---- every option is documented ------------------------------------------------------
probes = {
    "server": "CREATE SERVER readme_probe FOREIGN DATA WRAPPER rest_fdw "
              "OPTIONS (readme_no_such_option 'x')",
    "foreign table": "CREATE FOREIGN TABLE readme_probe (a int) SERVER readme_probe_srv "
                     "OPTIONS (readme_no_such_option 'x')",
    "column": "CREATE FOREIGN TABLE readme_probe (a int OPTIONS (readme_no_such_option 'x')) "
              "SERVER readme_probe_srv",
    "user mapping": "CREATE USER MAPPING FOR CURRENT_USER SERVER readme_probe_srv "
                    "OPTIONS (readme_no_such_option 'x')",
}
documented = set(re.findall(r"`([a-z_]+)`", text))
for kind, statement in probes.items():
    sql = ("\\set VERBOSITY default\nBEGIN;\nCREATE EXTENSION IF NOT EXISTS rest_fdw;\n"
           "CREATE SERVER readme_probe_srv FOREIGN DATA WRAPPER rest_fdw "
           "OPTIONS (base_url 'http://127.0.0.1:1');\n"
           f"{statement};\nROLLBACK;\n")
    out = psql(sql, "postgres")
    m = re.search(r"HINT:\s+Valid options in this context are: (.*)", out.stderr)
    if not m:
        result(False, f"the validator lists the valid {kind} options", out.stderr)
        continue
    names = [n.strip() for n in m.group(1).rstrip(".").split(",") if n.strip()]
    missing = [n for n in names if n not in documented]
    result(not missing, f"README.md and doc/ document every {kind} option ({len(names)})",
           "undocumented: " + ", ".join(missing))

sys.exit(finish())
