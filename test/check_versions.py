#!/usr/bin/env python3
"""Checks that rest_fdw's version numbers agree.

The extension's version has one source: default_version in rest_fdw.control
(e.g. 1.1).  The Makefile passes it to the C code (REST_FDW_VERSION), so the
library cannot disagree.  The release version (e.g. 1.1.0: the extension
version plus a patch level) is written in the packaging metadata, which
cannot read it from elsewhere: META.json (PGXN), debian/changelog and
rpm/rest_fdw.spec.  This script checks that all of them agree, that the SQL
scripts for that version exist and are installed, and that every older
version has an update path to it.

Prints one line per check and closes with "N passed, M failed".
Usage: python3 test/check_versions.py [SOURCE_DIR]
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from tally import finish, result, skip

top = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(os.path.dirname(__file__), ".."))
def check(name, ok, detail=""):
    result(ok, name, detail)


def read(path):
    with open(os.path.join(top, path), encoding="utf-8") as f:
        return f.read()


# ---- the source: rest_fdw.control --------------------------------------
m = re.search(r"^default_version\s*=\s*'([^']*)'", read("rest_fdw.control"), re.M)
ext_version = m.group(1) if m else None
check("rest_fdw.control has a default_version", ext_version is not None)
if ext_version is None:
    sys.exit(finish())
print(f"# extension version {ext_version}")

# ---- the library takes it from the Makefile -----------------------------
hard_coded = []
for name in sorted(os.listdir(os.path.join(top, "src"))):
    if name.endswith((".c", ".h")) and \
            re.search(r"^\s*#\s*define\s+REST_FDW_VERSION\b", read("src/" + name), re.M):
        hard_coded.append("src/" + name)
check("no source file defines REST_FDW_VERSION itself", not hard_coded,
      ", ".join(hard_coded))


def make_variable(name):
    """The value of a variable of the PGXS part of the Makefile."""
    with tempfile.NamedTemporaryFile("w", suffix=".mk", delete=False) as f:
        f.write("print-var:\n\t@echo '$(%s)'\n" % name)
        snippet = f.name
    try:
        out = subprocess.run(["make", "-s", "--no-print-directory", "-C", top,
                              "-f", "Makefile", "-f", snippet, "print-var"],
                             capture_output=True, text=True, check=True)
        return out.stdout.strip()
    finally:
        os.unlink(snippet)


try:
    cppflags = make_variable("PG_CPPFLAGS")
    check("the Makefile passes REST_FDW_VERSION from rest_fdw.control",
          f'-DREST_FDW_VERSION=\\"{ext_version}\\"' in cppflags, cppflags)
    data = make_variable("DATA").split()
except (OSError, subprocess.CalledProcessError) as e:
    check("make can report the Makefile's variables", False, str(e))
    data = []

# ---- SQL scripts -----------------------------------------------------------
scripts = sorted(f for f in os.listdir(top) if re.fullmatch(r"rest_fdw--.+\.sql", f))
check(f"the full script rest_fdw--{ext_version}.sql exists",
      f"rest_fdw--{ext_version}.sql" in scripts)
check("every rest_fdw--*.sql is in the Makefile's DATA (installed)",
      set(scripts) <= set(data), " ".join(sorted(set(scripts) - set(data))))
check("everything in DATA exists", set(data) <= set(scripts),
      " ".join(sorted(set(data) - set(scripts))))

# update path: from every version that has a script to the default version
edges = {}
versions = set()
for s in scripts:
    parts = s[len("rest_fdw--"):-len(".sql")].split("--")
    versions.update(parts)
    if len(parts) == 2:
        edges.setdefault(parts[0], set()).add(parts[1])


def reaches(start, goal):
    seen, todo = set(), [start]
    while todo:
        v = todo.pop()
        if v == goal:
            return True
        if v not in seen:
            seen.add(v)
            todo.extend(edges.get(v, ()))
    return False


stranded = sorted(v for v in versions if not reaches(v, ext_version))
check(f"every older version has an update path to {ext_version}", not stranded,
      "no path from " + ", ".join(stranded))

# ---- the release version ----------------------------------------------------
try:
    meta = json.loads(read("META.json"))
except (OSError, ValueError) as e:
    meta = None
    check("META.json is valid JSON", False, str(e))
release = None
if meta is not None:
    check("META.json is valid JSON", True)
    missing = [k for k in ("name", "abstract", "version", "maintainer", "license",
                           "provides", "meta-spec") if k not in meta]
    check("META.json has PGXN's required keys", not missing, ", ".join(missing))
    release = meta.get("version")
    check("META.json version is a semantic version",
          isinstance(release, str) and re.fullmatch(r"\d+\.\d+\.\d+", release or ""),
          repr(release))
    prov = meta.get("provides", {}).get("rest_fdw", {})
    check("META.json provides rest_fdw at the same version",
          prov.get("version") == release, repr(prov.get("version")))
    check(f"META.json provides rest_fdw from rest_fdw--{ext_version}.sql",
          prov.get("file") == f"rest_fdw--{ext_version}.sql", repr(prov.get("file")))
    check("META.json's docfile exists",
          os.path.exists(os.path.join(top, prov.get("docfile", "-"))))
    check("META.json license is postgresql", meta.get("license") == "postgresql")

if release:
    print(f"# release version {release}")
    check(f"release {release} is extension version {ext_version} plus a patch level",
          release.rsplit(".", 1)[0] == ext_version)

    # debian/changelog: "rest-fdw (1.1.0-1) unstable; urgency=medium"
    first = read("debian/changelog").splitlines()[0]
    m = re.match(r"\S+ \(([^)]+)\)", first)
    deb_version = m.group(1) if m else ""
    upstream = re.sub(r"^\d+:", "", deb_version).rsplit("-", 1)[0]
    check("debian/changelog's latest entry is the release version",
          upstream == release, deb_version)

    # rpm/rest_fdw.spec
    spec = read("rpm/rest_fdw.spec")
    m = re.search(r"^Version:\s*(\S+)", spec, re.M)
    check("rpm/rest_fdw.spec's Version is the release version",
          m is not None and m.group(1) == release, m.group(1) if m else "no Version")
    m = re.search(r"^%changelog\s*\n\*[^\n]* - (\S+)", spec, re.M)
    check("rpm/rest_fdw.spec's latest %changelog entry is the release version",
          m is not None and m.group(1).rsplit("-", 1)[0] == release,
          m.group(1) if m else "no entry")

# ---- the RPM spec parses ------------------------------------------------------
if shutil.which("rpmspec"):
    out = subprocess.run(["rpmspec", "-q", "--qf", "%{name} %{version}\\n",
                          os.path.join(top, "rpm/rest_fdw.spec")],
                         capture_output=True, text=True)
    check("rpmspec -q parses rpm/rest_fdw.spec", out.returncode == 0, out.stderr.strip())
    parsed = subprocess.run(["rpmspec", "-P", os.path.join(top, "rpm/rest_fdw.spec")],
                            capture_output=True, text=True)
    check("rpmspec -P parses rpm/rest_fdw.spec without warnings",
          parsed.returncode == 0 and "warning" not in parsed.stderr.lower(),
          parsed.stderr.strip())
    if release and out.returncode == 0:
        check("rpmspec reports the release version for every package",
              all(line.split()[-1] == release
                  for line in out.stdout.strip().splitlines()),
              out.stdout.strip())
else:
    skip("rpmspec -P parses rpm/rest_fdw.spec", "rpmspec is not installed")

# ---- debian/control is generated from debian/control.in -------------------
if shutil.which("pg_buildext"):
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(top, "debian"), os.path.join(tmp, "debian"))
        env = dict(os.environ)
        env.pop("PG_UPDATECONTROL", None)
        # for the versions it names: which ones a machine supports is the
        # machine's business (test/matrix runs this on 13, 17 and 18 too)
        named = re.findall(r"^Package: postgresql-(\d+)-rest-fdw$",
                           read("debian/control"), re.M)
        env["PG_SUPPORTED_VERSIONS"] = " ".join(named)
        out = subprocess.run(["pg_buildext", "checkcontrol"], cwd=tmp, env=env,
                             capture_output=True, text=True)
        check("debian/control is up to date with debian/control.in",
              out.returncode == 0, (out.stdout + out.stderr).strip())
else:
    skip("debian/control is up to date with debian/control.in",
         "pg_buildext is not installed")

# ---- one licence -----------------------------------------------------------------
def words(text):
    return re.sub(r"\s+", " ", text).strip()


licence = read("LICENSE")
body = licence[licence.index("Permission"):]
copyright_text = read("debian/copyright")
m = re.search(r"^License: PostgreSQL\n((?: .*\n?)+)", copyright_text, re.M)
deb_body = "\n".join(l[1:] if l != " ." else "" for l in m.group(1).splitlines()) if m else ""
check("debian/copyright carries the LICENSE text", words(deb_body) == words(body))
check("rpm/rest_fdw.spec declares the PostgreSQL licence",
      re.search(r"^License:\s*PostgreSQL\s*$", read("rpm/rest_fdw.spec"), re.M) is not None)

sys.exit(finish())
