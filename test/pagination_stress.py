#!/usr/bin/env python3
"""Paginated scans against a peer that splits and delays its bytes.

Every pagination style is scanned through the fixture's fault injection
(test/fixture/faults.py: each page's bytes in random pieces with random
pauses, seeded), for concurrent_pages 1, 2, 4 and 8, over several seeds,
on keep-alive connections and with "Connection: close".  Each scan is a
whole scan, a LIMIT that stops in the middle of a page, or a cursor read a
few rows at a time with pauses in between.  Every row that comes back is
compared, in order, with the fixture's source data (fixture.data.big_rows),
not just counted.

Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
Closes with "N passed, M failed", one per scan.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__))))
from fixture.data import big_rows  # noqa: E402

ROWS = 337                  # not a multiple of any page size below
PAGE_SIZE = 25
LIMIT = 37                  # in the middle of the second page
SEEDS = [int(s) for s in os.environ.get("STRESS_SEEDS", "1 2 3").split()]
CONCURRENCY = (1, 2, 4, 8)
MODES = ("chunks", "close")

# style: (path and query of the fixture, table options)
STYLES = {
    "offset": ("/pages/offset", "rows=%d" % ROWS,
               "pagination 'offset', rows_path 'items', page_size '%d'" % PAGE_SIZE),
    "page": ("/pages/page", "rows=%d" % ROWS,
             "pagination 'page', rows_path 'items', page_size '%d', "
             "page_size_param 'per_page'" % PAGE_SIZE),
    # the row count a multiple of the page size: the end is an empty page
    "page_exact": ("/pages/page", "rows=%d" % (PAGE_SIZE * 12),
                   "pagination 'page', rows_path 'items', page_size '%d', "
                   "page_size_param 'per_page'" % PAGE_SIZE),
    "cursor": ("/pages/cursor", "rows=%d" % ROWS,
               "pagination 'cursor', rows_path 'items', cursor_path 'next_cursor', "
               "page_size '%d'" % PAGE_SIZE),
    "next_url": ("/pages/next_url", "rows=%d&limit=%d" % (ROWS, PAGE_SIZE),
                 "pagination 'next_url', rows_path 'items', cursor_path 'links.next'"),
    "link_header": ("/pages/link", "rows=%d" % ROWS,
                    "pagination 'link_header', page_size '%d', "
                    "page_size_param 'per_page', page_param 'page'" % PAGE_SIZE),
    "range": ("/pages/range", "rows=%d" % ROWS,
              "pagination 'range', page_size '%d'" % PAGE_SIZE),
    # pages of about 1.2 MB: a page read ahead fills its buffer and is
    # paused until its turn (one seed only, as they are big)
    "offset_big": ("/pages/offset", "rows=12000&max=5000",
                   "pagination 'offset', rows_path 'items', page_size '5000'"),
}
BIG_STYLES = ("offset_big",)

COLUMNS = "id, name, email, age, score, active, filler"


def expected_rows(n):
    out = []
    for text in big_rows(1, n + 1):
        r = json.loads(text, parse_float=str)
        out.append("|".join([str(r["id"]), r["name"], r["email"], str(r["age"]),
                             str(r["score"]), "t" if r["active"] else "f",
                             r["filler"]]))
    return out


def total_rows(style):
    query = STYLES[style][1]
    return int(query.split("rows=")[1].split("&")[0])


def build_script():
    """The psql script, and the list of (name, style, kind) of its scans."""
    sql = ["\\set ON_ERROR_STOP 0",
           "SET client_min_messages = warning;",
           "CREATE EXTENSION IF NOT EXISTS rest_fdw;",
           "DROP SERVER IF EXISTS stress CASCADE;",
           "CREATE SERVER stress FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url '%s');"
           % os.environ["FIXTURE_URL"]]
    scans = []
    for mode in MODES:
        for seed in SEEDS:
            for style, (path, query, options) in STYLES.items():
                if style in BIG_STYLES and seed != SEEDS[0]:
                    continue
                for conc in CONCURRENCY:
                    table = "s_%s_%s_%d_%d" % (style, mode, seed, conc)
                    sql.append(
                        "CREATE FOREIGN TABLE %s (id int, name text, email text, "
                        "age int, score numeric, active bool, filler text) SERVER stress "
                        "OPTIONS (path '/faults/%s/%d%s', query '%s', %s, "
                        "concurrent_pages '%d', timeout_ms '20000');"
                        % (table, mode, seed, path, query, options, conc))
                    name = "%s %s seed=%d concurrent_pages=%d" % (style, mode, seed, conc)
                    scans.append((name + " full scan", style, "all"))
                    sql.append("\\echo '==scan %d'" % (len(scans) - 1))
                    sql.append("SELECT %s FROM %s;" % (COLUMNS, table))
                    scans.append((name + " LIMIT %d" % LIMIT, style, "limit"))
                    sql.append("\\echo '==scan %d'" % (len(scans) - 1))
                    sql.append("SELECT %s FROM %s LIMIT %d;" % (COLUMNS, table, LIMIT))
                    # a cursor read slowly, on one seed: 23 rows at a time
                    if seed == SEEDS[0]:
                        step = 1000 if style in BIG_STYLES else 23
                        scans.append((name + " cursor FETCH %d, slowly" % step, style, "all"))
                        sql.append("\\echo '==scan %d'" % (len(scans) - 1))
                        sql.append("BEGIN;")
                        sql.append("DECLARE c NO SCROLL CURSOR FOR SELECT %s FROM %s;"
                                   % (COLUMNS, table))
                        for _ in range(total_rows(style) // step + 2):
                            sql.append("FETCH %d FROM c;" % step)
                            sql.append("SELECT pg_sleep(0.005) \\g /dev/null")
                        sql.append("COMMIT;")
    sql.append("\\echo '==end'")
    sql.append("DROP SERVER stress CASCADE;")
    return "\n".join(sql) + "\n", scans


def main():
    script, scans = build_script()
    env = dict(os.environ, PGOPTIONS="-c statement_timeout=60s")
    proc = subprocess.run(["psql", "-X", "-q", "-At", "-v", "VERBOSITY=terse"],
                          input=script, capture_output=True, text=True, env=env,
                          timeout=1200)
    if proc.returncode != 0 and "==end" not in proc.stdout:
        print(proc.stdout[-2000:], proc.stderr[-2000:])
    outputs = {}
    current = None
    for line in proc.stdout.splitlines():
        if line.startswith("==scan "):
            current = int(line.split()[1])
            outputs[current] = []
        elif line == "==end":
            current = None
        elif current is not None and line not in ("BEGIN", "COMMIT", "DECLARE CURSOR"):
            outputs[current].append(line)
    # an error inside the cursor's transaction is followed by one line per
    # command it then refuses: only the first says anything
    errors = [e for e in proc.stderr.strip().splitlines()
              if "current transaction is aborted" not in e]

    expected = {}
    passed = failed = 0
    for i, (name, style, kind) in enumerate(scans):
        n = total_rows(style)
        want = expected.setdefault(n, expected_rows(n))
        if kind == "limit":
            want = want[:LIMIT]
        got = outputs.get(i, [])
        if got == want:
            passed += 1
            continue
        failed += 1
        first = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]),
                     min(len(got), len(want)))
        print("not ok - %s: %d rows, expected %d; first difference at row %d"
              % (name, len(got), len(want), first + 1))
        if first < len(got):
            print("#   got:      %s" % got[first][:120])
        if first < len(want):
            print("#   expected: %s" % want[first][:120])
    for e in errors[:20]:
        print("# psql: %s" % e[:300])
    print("%d scans: %s styles x concurrent_pages %s x %d seeds x %s"
          % (len(scans), len(STYLES), "/".join(map(str, CONCURRENCY)),
             len(SEEDS), "/".join(MODES)))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
