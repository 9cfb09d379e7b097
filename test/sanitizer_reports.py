#!/usr/bin/env python3
"""Report what UBSan and valgrind's memcheck found in a test run.

Usage: python3 test/sanitizer_reports.py DIR

DIR holds UBSan's logs (ubsan.PID) and memcheck's (valgrind.PID), as
test/run writes them with REST_FDW_SANITIZE=1.  Every UBSan report counts.
A memcheck report counts when its stack passes through rest_fdw, libcurl
or jansson: PostgreSQL itself is not built for memcheck (it writes
uninitialised padding bytes to its files, for one), and those reports are
not about this extension.  Prints the reports that count, and exits 1 if
there is any.
"""

import os
import re
import sys

OURS = re.compile(r"rest_fdw\.so|libcurl|libjansson|\((?:json_stream|json_row|pagination|"
                  r"http_client|connection|convert|rest_fdw|option|request|pushdown|"
                  r"deparse|sql_dialect|url|header_json|http_util|template)\.c:\d+\)")


def memcheck_blocks(text):
    """The error reports of a memcheck log, each a list of lines."""
    blocks, cur = [], []
    for line in text.splitlines():
        body = re.sub(r"^==\d+== ?", "", line)
        if body == "":
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(body)
    if cur:
        blocks.append(cur)
    return blocks


def main(directory):
    counted = 0
    seen = 0
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        with open(path, errors="replace") as f:
            text = f.read()
        if name.startswith("ubsan"):
            counted += 1
            print("== UBSan report in %s:\n%s" % (name, text[:4000]))
        elif name.startswith("valgrind"):
            for block in memcheck_blocks(text):
                seen += 1
                if any(OURS.search(line) for line in block):
                    counted += 1
                    print("== memcheck report in %s:\n  %s" % (name, "\n  ".join(block[:40])))
    print("memcheck logs: %d; reports: %d, of which %d about rest_fdw, libcurl or jansson"
          % (len([n for n in os.listdir(directory) if n.startswith("valgrind")]), seen,
             counted))
    return 1 if counted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
