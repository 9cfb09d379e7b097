#!/usr/bin/env python3
"""Fixture HTTP JSON API for the rest_fdw regression tests and demo.

Python 3.11 standard library only.  Listens on 127.0.0.1 only.

Usage
=====

    python3 test/fixture_api.py --port 0 --port-file PATH
                                [--data-dir test/data] [--quiet]
                                [--idle-timeout SECONDS]

  --port N           TCP port on 127.0.0.1; 0 picks a free port.
  --port-file PATH   after binding, the actual port number (decimal, followed
                     by a newline) is written to PATH atomically (temp file +
                     rename), so a reader never sees a partial file.  Wait for
                     the file to exist, then read it.  The file is removed
                     again when the server exits cleanly.
  --data-dir DIR     where users.json and events.json live (default: the
                     "data" directory next to this script, i.e. test/data).
  --quiet            do not log each request to stderr.
  --idle-timeout S   close a keep-alive connection that has been idle for S
                     seconds (default 0 = never).

SIGTERM and SIGINT stop the server promptly (exit status 0).

Protocol
========

HTTP/1.1 with keep-alive.  Every response carries Content-Length or uses
chunked Transfer-Encoding (only /big, /big/ndjson and /bad/truncated_chunked
are chunked), so connections stay reusable, including after 4xx/5xx
responses.  Request bodies (Content-Length or chunked) are always read in
full.  "Expect: 100-continue" is honoured.  The server sets TCP_NODELAY.

Methods: GET, POST, PUT, PATCH and DELETE are all accepted by every endpoint
and behave the same; HEAD returns the headers only.  Any other method gets a
501.  Query strings are ignored except where stated below.

Request log
===========

Every request whose path does NOT start with "/_" is recorded (thread-safe, in
memory, in arrival order; recording happens before the response is produced,
so also for 404s, auth failures, /bad/... and /delay/...) as

    {"seq": n,            # 1, 2, 3, ... since the last /_reset
     "method": "GET",
     "path": "/users",    # raw request path without the query string
                          # (not percent-decoded)
     "query": "a=1&b=2",  # raw query string exactly as received, "" if none
     "headers": {"Host": "127.0.0.1:5000", ...},
                          # header names exactly as received (case kept);
                          # a header sent several times is joined with ", "
     "body": ""}          # request body decoded as UTF-8 (invalid bytes
                          # replaced by U+FFFD), "" if none

Control endpoints (any method; never recorded)
==============================================

  GET /_requests  JSON array of the recorded requests, in order.
  GET /_reset     clears the log, restarts seq at 1 AND zeroes the
                  "connections" counter below; returns [{"ok": true}].
  GET /_stats     [{"connections": C, "requests": R,
                    "connections_total": CT, "requests_total": RT}]
                  C  = TCP connections accepted since the last /_reset (or
                       start).  The connection carrying the /_reset itself
                       was accepted before the reset, so if a client reuses
                       one connection for /_reset, its queries and /_stats,
                       C stays 0; every fresh connection adds 1.
                  R  = number of requests in the log (since the last reset).
                  CT, RT = the same, counted since server start.
  Other /_... paths: 404, not recorded.

Data endpoints
==============

The data sets are test/data/users.json (8 rows, ids 1..8 in order) and
test/data/events.json (5 rows: id, kind, payload object).  Numbers are
re-emitted exactly as written in the file (12345678901234567890.123456789
and -3.5e2 keep their digits) by every endpoint below.

  /users          the users array; the bytes of users.json verbatim
                  (pretty-printed, some names use \\u escapes in the file).
                  Content-Type: application/json.
  /wrapped/users  {"meta": {"count": 8, "note": "brackets ] } [ { in a string"},
                   "data": {"items": [ ...users... ]},
                   "links": {"next": null}}
                  i.e. the rows are at the path data.items.
  /ndjson/users   one user object per line, each line ends with "\\n".
                  Content-Type: application/x-ndjson.
  /columns/users  {"columns": ["id", "name", ...],
                   "rows": [[1, "Alice Anderson", ...], ...]}
                  columns = every key in order of first appearance across all
                  rows; each row is an array in that order; a missing key is
                  null.
  /single/user    users[0] (id 1) as a single JSON object (not an array).
  /events         the events array (events.json verbatim).
  /echo           a one-element array holding this request exactly as
                  recorded in the log: [{"seq", "method", "path", "query",
                  "headers", "body"}].

users.json row notes (for writing expected output):
  id 1  "Alice Anderson"       score 12345678901234567890.123456789,
                               created_at ...Z, signup_date 2024-02-29
  id 2  "José Müller"          age null, score 0.1, tags [], created_at
                               +02:00, last_login 1700000000.25
  id 3  "東京"                 age key missing, score -3.5e2, rating 5
                               (integer), visits "42" (a string)
  id 4  "Zoë 🚀 Rocket"        created_at -05:00, tag "🚀"
  id 5  Robert "Bobby" O\\Brien (JSON: "Robert \\"Bobby\\" O\\\\Brien")
  id 6  "Chloé O'Hara"         address key missing, score -0.000001
  id 7  "Grün 😀 Escaped"      written with \\u escapes incl. a surrogate
                               pair; rating 1e2; zip "01010"
  id 8  "Zed Zero"             zeros everywhere, 1970-01-01, nil uuid
  visits: 7, 0, "42", 1000, 3, 12, 5, 0.

Status, delay
=============

  /status/<code>  responds with HTTP status <code> (200..599) and the body
                  {"error": "fixture status <code>", "detail": "<~400 chars>"}
                  (for 204 and 304 there is no body).  429 and 503 also send
                  "Retry-After: 1".  A code outside 200..599 -> 404.
  /delay/<ms>/<rest>
                  sleeps <ms> milliseconds (at most 120000), then serves
                  /<rest> with the original query string, e.g.
                  /delay/200/users, /delay/50/big?rows=10.  The log records
                  the original path (/delay/200/users).

Hostile / malformed bodies: /bad/<kind>
=======================================

All 200 OK with Content-Type application/json unless noted.

  malformed          [{"id": 1}, {"id": 2,, "name": "x"}]
  truncated          Content-Length: 4096, but only the start of a valid
                     array is sent ('[{"id": 1, "name": "a"}, {"id": 2, "na'),
                     then the connection is closed.
  truncated_chunked  chunked encoding; two chunks with the start of a valid
                     array ('[{"id": 1, "name": "a"}, ' and '{"id": 2, "na'),
                     then the connection is closed without the final
                     0-length chunk.
  invalid_utf8       [{"id": 1, "name": "fine"}, {"id": 2, "name": "bad <FF FE> bytes"}]
                     where <FF FE> are the raw bytes 0xFF 0xFE.
  nul                [{"id": 1, "name": "a\\u0000b"}]  (the JSON escape, 6 chars)
  not_array          {"data": 5}
  no_rows_path       {"other": []}
  bad_int            [{"id": 1, "age": 30}, {"id": 2, "age": "abc"}]
  bad_date           [{"id": 1, "signup_date": "2024-02-29"},
                      {"id": 2, "signup_date": "2024-13-45"}]
  garbage_after      [{"id":1}] trailing
  empty              empty body (Content-Length: 0)
  html               an HTML error page, status 200, Content-Type text/html
  any other kind  -> 404.

Large generated data: /big, /big/ndjson
=======================================

  /big?rows=N         JSON array of N rows (default 1000, N >= 0), streamed
                      with chunked encoding in batches of 2000 rows, never
                      built whole in memory.  Rows are separated by ",\\n".
  /big/ndjson?rows=N  the same rows as NDJSON (one per line, final newline),
                      Content-Type application/x-ndjson.
  An invalid rows value -> 400.  (HTTP/1.0 clients get an unchunked body and
  the connection is closed at the end.)

  Row i (i = 1..N), about 240 bytes, all ASCII, keys in this order:
    id          i
    name        "user <i>"
    email       "user<i>@example.com"
    age         18 + i % 60
    score       decimal "<i % 1000>.<i % 100, two digits>", e.g. i=1234 ->
                234.34, i=5 -> 5.05  (= i%1000 + (i%100)/100)
    active      true when i is even, else false
    created_at  "2024-MM-DDThh:mm:ssZ" with MM = 1 + i%12, DD = 1 + i%28,
                hh = i%24, mm = i%60, ss = (i//60)%60
    tags        ["t<i%5>", "g<i%7>"]
    filler      a constant text of 72 characters
  So e.g. sum(id) = N(N+1)/2, count(*) where active = N//2.

Authentication (each serves the users array on success)
=======================================================

  /auth/bearer  header  Authorization: Bearer s3cret-token
                (scheme case-insensitive, token exact)
                failure: 401, WWW-Authenticate: Bearer realm="fixture"
  /auth/basic   HTTP basic auth, user  alice  password  p@ss:w0rd
                (i.e. Authorization: Basic YWxpY2U6cEBzczp3MHJk)
                failure: 401, WWW-Authenticate: Basic realm="fixture"
  /auth/header  header  X-API-Key: k3y-value   (header name case-insensitive)
                failure: 401, WWW-Authenticate: ApiKey realm="fixture"
  /auth/param   query parameter  api_key=k3y-value  (the value is
                percent-decoded before comparison)
                failure: 401, WWW-Authenticate: ApiKey realm="fixture"
  Failure body: {"error": "unauthorized"}

Anything else
=============

  404 with {"error": "not found", "path": "<path>"}.
"""

import argparse
import base64
import binascii
import http.server
import json
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------
# Secrets
# --------------------------------------------------------------------------
BEARER_TOKEN = "s3cret-token"
BASIC_USER = "alice"
BASIC_PASSWORD = "p@ss:w0rd"
API_KEY = "k3y-value"

MAX_DELAY_MS = 120000
BIG_BATCH = 2000

STATUS_DETAIL = (
    "This response was produced on purpose by the rest_fdw fixture API. "
    "The /status/<code> endpoint answers every request with the HTTP status "
    "code given in its path and this JSON body, so that the foreign data "
    "wrapper's handling of client errors, server errors and unusual status "
    "codes can be tested. The text is deliberately long so that error "
    "messages which include (part of) the response body can be checked for "
    "sensible truncation."
)
assert len(STATUS_DETAIL) >= 300


# --------------------------------------------------------------------------
# JSON helpers that keep numbers exactly as written in the data files
# --------------------------------------------------------------------------
class RawNumber(str):
    """A JSON number kept as its original text."""


def load_json_exact(data):
    return json.loads(data, parse_float=RawNumber, parse_int=RawNumber)


def dump_json_exact(value):
    if isinstance(value, RawNumber):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(
            json.dumps(k, ensure_ascii=False) + ": " + dump_json_exact(v)
            for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dump_json_exact(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


class DataSets:
    def __init__(self, data_dir):
        with open(os.path.join(data_dir, "users.json"), "rb") as f:
            self.users_raw = f.read()
        with open(os.path.join(data_dir, "events.json"), "rb") as f:
            self.events_raw = f.read()
        users = load_json_exact(self.users_raw)
        enc = lambda s: s.encode("utf-8")
        rows = [dump_json_exact(u) for u in users]
        self.wrapped = enc(
            '{"meta": {"count": %d, "note": "brackets ] } [ { in a string"}, '
            '"data": {"items": [%s]}, "links": {"next": null}}'
            % (len(users), ", ".join(rows)))
        self.ndjson = enc("".join(r + "\n" for r in rows))
        columns = []
        for u in users:
            for k in u:
                if k not in columns:
                    columns.append(k)
        self.columns = enc(dump_json_exact(
            {"columns": columns,
             "rows": [[u.get(c) for c in columns] for u in users]}))
        self.single = enc(dump_json_exact(users[0]))


# --------------------------------------------------------------------------
# /big row generator
# --------------------------------------------------------------------------
BIG_FILLER = ("lorem ipsum dolor sit amet consectetur adipiscing elit "
              "sed do eiusmod te")
assert len(BIG_FILLER) == 72
BIG_FMT = ('{"id":%d,"name":"user %d","email":"user%d@example.com","age":%d,'
           '"score":%d.%02d,"active":%s,"created_at":"2024-%02d-%02dT%02d:%02d:%02dZ",'
           '"tags":["t%d","g%d"],"filler":"' + BIG_FILLER + '"}')
BIG_BOOL = ("false", "true")


def big_rows(lo, hi):
    """Rows lo..hi-1 as a list of JSON texts."""
    f = BIG_FMT
    b = BIG_BOOL
    return [f % (i, i, i, 18 + i % 60, i % 1000, i % 100, b[(i & 1) == 0],
                 1 + i % 12, 1 + i % 28, i % 24, i % 60, (i // 60) % 60,
                 i % 5, i % 7)
            for i in range(lo, hi)]


def big_chunks(n, ndjson):
    """Yield the body of /big (or /big/ndjson) for n rows in byte batches."""
    if not ndjson:
        if n == 0:
            yield b"[]"
            return
        first = True
        for lo in range(1, n + 1, BIG_BATCH):
            hi = min(lo + BIG_BATCH, n + 1)
            text = ",\n".join(big_rows(lo, hi))
            text = ("[" if first else ",\n") + text
            if hi == n + 1:
                text += "]"
            first = False
            yield text.encode("ascii")
    else:
        for lo in range(1, n + 1, BIG_BATCH):
            hi = min(lo + BIG_BATCH, n + 1)
            rows = big_rows(lo, hi)
            rows.append("")
            yield "\n".join(rows).encode("ascii")


# --------------------------------------------------------------------------
# Server state
# --------------------------------------------------------------------------
class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.log = []
        self.seq = 0
        self.connections = 0
        self.connections_total = 0
        self.requests_total = 0

    def count_connection(self):
        with self.lock:
            self.connections += 1
            self.connections_total += 1

    def record(self, entry):
        with self.lock:
            self.seq += 1
            self.requests_total += 1
            e = {"seq": self.seq}
            e.update(entry)
            self.log.append(e)
            return e

    def snapshot(self):
        with self.lock:
            return list(self.log)

    def reset(self):
        with self.lock:
            self.log = []
            self.seq = 0
            self.connections = 0

    def stats(self):
        with self.lock:
            return {"connections": self.connections,
                    "requests": len(self.log),
                    "connections_total": self.connections_total,
                    "requests_total": self.requests_total}


class BadRequest(Exception):
    pass


# --------------------------------------------------------------------------
# Request handler
# --------------------------------------------------------------------------
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "rest_fdw-fixture/1.0"

    def version_string(self):
        return self.server_version
    disable_nagle_algorithm = True
    # Buffered writes: headers and small bodies leave in one send();
    # BaseHTTPRequestHandler flushes after every request.
    wbufsize = 64 * 1024

    # -- plumbing --------------------------------------------------------
    def handle_expect_100(self):
        # wfile is buffered: the interim response must leave right away.
        ok = super().handle_expect_100()
        self.wfile.flush()
        return ok

    def log_message(self, fmt, *args):
        if not self.server.quiet:
            sys.stderr.write("fixture_api: %s - %s\n"
                             % (self.address_string(), fmt % args))

    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if te and te.strip().lower() != "identity":
            if te.strip().lower() != "chunked":
                raise BadRequest("unsupported Transfer-Encoding")
            parts = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise BadRequest("eof in chunked body")
                try:
                    size = int(line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    raise BadRequest("bad chunk size")
                if size == 0:
                    # trailers until an empty line
                    while True:
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                data = self.rfile.read(size)
                if len(data) != size:
                    raise BadRequest("eof in chunk")
                parts.append(data)
                self.rfile.readline(65537)  # CRLF after the chunk
            return b"".join(parts)
        cl = self.headers.get("Content-Length")
        if cl is None:
            return b""
        try:
            n = int(cl.strip())
            if n < 0:
                raise ValueError
        except ValueError:
            raise BadRequest("bad Content-Length")
        data = self.rfile.read(n)
        if len(data) != n:
            raise BadRequest("eof in body")
        return data

    def send_bytes(self, status, body, ctype="application/json",
                   extra_headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra_headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, extra_headers=()):
        self.send_bytes(status, json.dumps(obj, ensure_ascii=False)
                        .encode("utf-8"), extra_headers=extra_headers)

    def send_stream(self, status, chunks, ctype):
        """Send an iterable of byte strings with chunked encoding."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if self.request_version == "HTTP/1.0":
            self.close_connection = True
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                for c in chunks:
                    self.wfile.write(c)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        if self.command == "HEAD":
            return
        w = self.wfile
        self.wfile.flush()
        for c in chunks:
            if c:
                w.write(b"%x\r\n" % len(c) + c + b"\r\n")
        w.write(b"0\r\n\r\n")

    def not_found(self, path):
        self.send_json(404, {"error": "not found", "path": path})

    # -- entry points ----------------------------------------------------
    def do_GET(self):
        self.handle_any()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def handle_any(self):
        raw = self.path
        if not raw.startswith("/"):
            # absolute-form request target
            parts = urllib.parse.urlsplit(raw)
            raw = parts.path or "/"
            if parts.query:
                raw += "?" + parts.query
        path, sep, query = raw.partition("?")
        try:
            body = self.read_body()
        except BadRequest as e:
            self.close_connection = True
            self.send_json(400, {"error": "bad request", "detail": str(e)})
            return
        state = self.server.state
        if path.startswith("/_"):
            self.control(path, state)
            return
        headers = {}
        for k, v in self.headers.items():
            headers[k] = headers[k] + ", " + v if k in headers else v
        entry = state.record({
            "method": self.command,
            "path": path,
            "query": query,
            "headers": headers,
            "body": body.decode("utf-8", errors="replace"),
        })
        self.dispatch(path, query, entry)

    def control(self, path, state):
        if path == "/_requests":
            self.send_json(200, state.snapshot())
        elif path == "/_reset":
            state.reset()
            self.send_json(200, [{"ok": True}])
        elif path == "/_stats":
            self.send_json(200, [state.stats()])
        else:
            self.not_found(path)

    def dispatch(self, path, query, entry):
        data = self.server.data
        if path == "/users":
            self.send_bytes(200, data.users_raw)
        elif path == "/wrapped/users":
            self.send_bytes(200, data.wrapped)
        elif path == "/ndjson/users":
            self.send_bytes(200, data.ndjson, "application/x-ndjson")
        elif path == "/columns/users":
            self.send_bytes(200, data.columns)
        elif path == "/single/user":
            self.send_bytes(200, data.single)
        elif path == "/events":
            self.send_bytes(200, data.events_raw)
        elif path == "/echo":
            self.send_json(200, [entry])
        elif path.startswith("/status/"):
            self.status(path)
        elif path.startswith("/delay/"):
            self.delay(path, query, entry)
        elif path.startswith("/bad/"):
            self.bad(path[len("/bad/"):], path)
        elif path in ("/big", "/big/ndjson"):
            self.big(query, path == "/big/ndjson")
        elif path.startswith("/auth/"):
            self.auth(path, query)
        else:
            self.not_found(path)

    # -- endpoints -------------------------------------------------------
    def status(self, path):
        code_s = path[len("/status/"):]
        if not (code_s.isdigit() and len(code_s) == 3
                and 200 <= int(code_s) <= 599):
            self.not_found(path)
            return
        code = int(code_s)
        extra = [("Retry-After", "1")] if code in (429, 503) else []
        if code in (204, 304):
            self.send_response(code)
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            return
        self.send_json(code, {"error": "fixture status %d" % code,
                              "detail": STATUS_DETAIL}, extra)

    def delay(self, path, query, entry):
        rest = path[len("/delay/"):]
        ms_s, sep, target = rest.partition("/")
        if not ms_s.isdigit() or not sep:
            self.not_found(path)
            return
        time.sleep(min(int(ms_s), MAX_DELAY_MS) / 1000.0)
        self.dispatch("/" + target, query, entry)

    def bad(self, kind, path):
        J = "application/json"
        simple = {
            "malformed": b'[{"id": 1}, {"id": 2,, "name": "x"}]',
            "invalid_utf8": b'[{"id": 1, "name": "fine"}, '
                            b'{"id": 2, "name": "bad \xff\xfe bytes"}]',
            "nul": b'[{"id": 1, "name": "a\\u0000b"}]',
            "not_array": b'{"data": 5}',
            "no_rows_path": b'{"other": []}',
            "bad_int": b'[{"id": 1, "age": 30}, {"id": 2, "age": "abc"}]',
            "bad_date": b'[{"id": 1, "signup_date": "2024-02-29"}, '
                        b'{"id": 2, "signup_date": "2024-13-45"}]',
            "garbage_after": b'[{"id":1}] trailing',
            "empty": b"",
        }
        if kind in simple:
            self.send_bytes(200, simple[kind], J)
        elif kind == "html":
            page = (b"<!DOCTYPE html>\n<html><head><title>Error</title></head>"
                    b"<body><h1>Something went wrong</h1><p>The upstream "
                    b"service is unavailable. Please try again later.</p>"
                    b"</body></html>\n")
            self.send_bytes(200, page, "text/html; charset=utf-8")
        elif kind == "truncated":
            part = b'[{"id": 1, "name": "a"}, {"id": 2, "na'
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", J)
            self.send_header("Content-Length", "4096")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(part)
            self.wfile.flush()
        elif kind == "truncated_chunked":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", J)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if self.command != "HEAD":
                for c in (b'[{"id": 1, "name": "a"}, ', b'{"id": 2, "na'):
                    self.wfile.write(b"%x\r\n" % len(c) + c + b"\r\n")
            self.wfile.flush()
        else:
            self.not_found(path)

    def big(self, query, ndjson):
        n = 1000
        for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True):
            if k == "rows":
                try:
                    n = int(v)
                    if n < 0:
                        raise ValueError
                except ValueError:
                    self.send_json(400, {"error": "bad rows parameter",
                                         "rows": v})
                    return
        self.send_stream(200, big_chunks(n, ndjson),
                         "application/x-ndjson" if ndjson
                         else "application/json")

    def auth(self, path, query):
        kind = path[len("/auth/"):]
        h = self.headers
        if kind == "bearer":
            scheme, _, token = (h.get("Authorization") or "").strip() \
                .partition(" ")
            ok = scheme.lower() == "bearer" and token.strip() == BEARER_TOKEN
            challenge = 'Bearer realm="fixture"'
        elif kind == "basic":
            scheme, _, cred = (h.get("Authorization") or "").strip() \
                .partition(" ")
            ok = False
            if scheme.lower() == "basic":
                try:
                    dec = base64.b64decode(cred.strip(), validate=True) \
                        .decode("utf-8")
                    user, _, pw = dec.partition(":")
                    ok = user == BASIC_USER and pw == BASIC_PASSWORD
                except (binascii.Error, UnicodeDecodeError):
                    ok = False
            challenge = 'Basic realm="fixture"'
        elif kind == "header":
            ok = (h.get("X-API-Key") or "").strip() == API_KEY
            challenge = 'ApiKey realm="fixture"'
        elif kind == "param":
            vals = [v for k, v in urllib.parse.parse_qsl(
                query, keep_blank_values=True) if k == "api_key"]
            ok = API_KEY in vals
            challenge = 'ApiKey realm="fixture"'
        else:
            self.not_found(path)
            return
        if ok:
            self.send_bytes(200, self.server.data.users_raw)
        else:
            self.send_json(401, {"error": "unauthorized"},
                           [("WWW-Authenticate", challenge)])


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------
class FixtureServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, handler, data, quiet, idle_timeout):
        self.state = State()
        self.data = data
        self.quiet = quiet
        handler.timeout = idle_timeout or None
        super().__init__(addr, handler)

    def server_bind(self):
        # Skip HTTPServer.server_bind's socket.getfqdn() (slow without DNS).
        import socketserver
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def get_request(self):
        conn = super().get_request()
        self.state.count_connection()
        return conn

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, socket.timeout, TimeoutError)):
            return  # client went away / idle timeout: not interesting
        if not self.quiet:
            super().handle_error(request, client_address)


def write_port_file(path, port):
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".port.", dir=d)
    try:
        with os.fdopen(fd, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(description="rest_fdw fixture HTTP API")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file")
    ap.add_argument("--data-dir", default=os.path.join(HERE, "data"))
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--idle-timeout", type=float, default=0)
    args = ap.parse_args(argv)

    data = DataSets(args.data_dir)
    server = FixtureServer(("127.0.0.1", args.port), Handler, data,
                           args.quiet, args.idle_timeout)
    port = server.server_address[1]

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    if args.port_file:
        write_port_file(args.port_file, port)
    if not args.quiet:
        sys.stderr.write("fixture_api: listening on 127.0.0.1:%d\n" % port)
    try:
        server.serve_forever(poll_interval=0.2)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        server.server_close()
        if args.port_file:
            try:
                with open(args.port_file) as f:
                    mine = f.read().strip() == str(port)
                if mine:
                    os.unlink(args.port_file)
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
