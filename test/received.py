#!/usr/bin/env python3
"""Prints the last query a test server received, from the server's own log.

  python3 test/received.py influxdb     the last statement InfluxDB executed
                                        ("Executing query" in $INFLUXDB_LOG,
                                        as InfluxDB writes it back from its
                                        parse: names resolved, quotes only
                                        where needed)
  python3 test/received.py prometheus   the last query in Prometheus's query
                                        log ($PROMETHEUS_QUERY_LOG): its
                                        path, PromQL, and the start, end and
                                        step it was evaluated at

sql/influxdb.sql and sql/prometheus.sql read it through psql's backquotes,
after the query whose pushdown they check: both servers write the line
before they answer.  Prints "(none)" when there is no such line yet.
"""

import json
import os
import re
import sys


def influxdb():
    last = None
    with open(os.environ["INFLUXDB_LOG"], encoding="utf-8", errors="replace") as f:
        for line in f:
            if 'msg="Executing query"' in line:
                m = re.search(r' query="((?:[^"\\]|\\.)*)"', line)
                if m:
                    last = m.group(1)
    if last is None:
        return "(none)"
    # logfmt's quoting: \" and \\ (and \n for a newline)
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), last)


def prometheus():
    last = None
    with open(os.environ["PROMETHEUS_QUERY_LOG"], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                last = json.loads(line)
    if last is None:
        return "(none)"
    p = last["params"]
    text = "%s %s" % (last.get("httpRequest", {}).get("path", "?"), p["query"])
    if p.get("step"):
        text += " start=%s end=%s step=%ss" % (p["start"], p["end"], p["step"])
    else:
        text += " time=%s" % p["end"]
    return text


print({"influxdb": influxdb, "prometheus": prometheus}[sys.argv[1]]())
