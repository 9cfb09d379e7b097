#!/usr/bin/env python3
"""Self test for the fixture API (test/fixture_api.py, the package test/fixture/;
its protocol is test/fixture/PROTOCOL.md).  Standard library only.

    python3 test/fixture_selftest.py [-v]

Starts the fixture server as a subprocess on a free port (via --port-file),
exercises every endpoint, always stops the server, prints "N passed, M failed"
as its last line and exits non-zero if anything failed.
"""

import base64
import decimal
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "fixture_api.py")
DATA = os.path.join(HERE, "data")
VERBOSE = "-v" in sys.argv

PASSED = 0
FAILED = 0
PORT = None


def check(name, cond, detail=""):
    global PASSED, FAILED
    if cond:
        PASSED += 1
        if VERBOSE:
            print("ok   %s" % name)
    else:
        FAILED += 1
        print("FAIL %s %s" % (name, detail))
    return cond


def loads(b):
    return json.loads(b, parse_float=decimal.Decimal)


def conn():
    return http.client.HTTPConnection("127.0.0.1", PORT, timeout=20)


def req(method, path, body=None, headers=None, c=None):
    """One request; returns (status, headers-dict-lowercase, body bytes)."""
    own = c is None
    c = c or conn()
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        data = r.read()
        h = {k.lower(): v for k, v in r.getheaders()}
        return r.status, h, data
    finally:
        if own:
            c.close()


def get(path, **kw):
    return req("GET", path, **kw)


def raw_exchange(payload, read_until_close=True, timeout=5):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        s.sendall(payload)
        out = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
            if not read_until_close:
                break
        return out
    finally:
        s.close()


# --------------------------------------------------------------------------
def test_control():
    st, h, b = get("/_reset")
    check("reset status", st == 200)
    check("reset body", loads(b) == [{"ok": True}], b)
    st, h, b = get("/_requests")
    check("requests empty after reset", loads(b) == [], b)
    st, h, b = get("/_stats")
    s = loads(b)
    check("stats shape", isinstance(s, list) and len(s) == 1
          and {"connections", "requests"} <= set(s[0]), b)
    check("stats requests 0", s[0]["requests"] == 0, b)
    st, h, b = get("/_nope")
    check("unknown control 404", st == 404)
    st, h, b = get("/_requests")
    check("control endpoints not recorded", loads(b) == [], b)


def expected_users():
    with open(os.path.join(DATA, "users.json"), "rb") as f:
        return loads(f.read())


def test_users():
    users = expected_users()
    check("users.json has 8 rows ids 1..8",
          [u["id"] for u in users] == list(range(1, 9)))
    st, h, b = get("/users")
    check("/users 200", st == 200)
    check("/users content-type", h.get("content-type") == "application/json",
          h.get("content-type"))
    check("/users content-length", int(h["content-length"]) == len(b))
    rows = loads(b)
    check("/users equals file", rows == users)
    check("/users exact big decimal in body",
          b"12345678901234567890.123456789" in b)
    check("/users -3.5e2 in body", b"-3.5e2" in b)
    names = [r["name"] for r in rows]
    check("names non-ascii", "José Müller" in names and "東京" in names, names)
    check("name with quote and backslash",
          'Robert "Bobby" O\\Brien' in names, names)
    check("emoji name", any("\U0001F680" in n for n in names))
    check("escaped name decodes", "Grün \U0001F600 Escaped" in names, names)
    check("age null row 2", "age" in rows[1] and rows[1]["age"] is None)
    check("age missing row 3", "age" not in rows[2])
    check("visits string row 3", rows[2]["visits"] == "42")
    check("address missing row 6", "address" not in rows[5])
    check("empty tags row 2", rows[1]["tags"] == [])
    check("Z and +02:00 timestamps",
          any(r["created_at"].endswith("Z") for r in rows)
          and any(r["created_at"].endswith("+02:00") for r in rows))
    check("fractional epoch", any(isinstance(r["last_login"], decimal.Decimal)
                                  for r in rows))
    for r in rows:
        if "score" not in r or "rating" not in r or "active" not in r:
            check("row %d has score/rating/active" % r["id"], False)

    st, h, b = get("/wrapped/users")
    w = loads(b)
    check("/wrapped meta", w.get("meta") == {
        "count": 8, "note": "brackets ] } [ { in a string"}, w.get("meta"))
    check("/wrapped data.items", w["data"]["items"] == users)
    check("/wrapped links", w.get("links") == {"next": None})
    check("/wrapped key order",
          list(w) == ["meta", "data", "links"], list(w))
    check("/wrapped exact decimal", b"12345678901234567890.123456789" in b
          and b"-3.5e2" in b)

    st, h, b = get("/ndjson/users")
    check("/ndjson content-type",
          h.get("content-type") == "application/x-ndjson", h)
    check("/ndjson final newline", b.endswith(b"\n") and
          not b.endswith(b"\n\n"))
    lines = b.decode("utf-8").split("\n")[:-1]
    check("/ndjson 8 lines", len(lines) == 8, len(lines))
    check("/ndjson rows", [loads(l) for l in lines] == users)

    st, h, b = get("/columns/users")
    c = loads(b)
    cols = c["columns"]
    check("/columns column list", cols[:3] == ["id", "name", "email"]
          and "visits" in cols and "address" in cols and len(set(cols)) ==
          len(cols), cols)
    check("/columns row count", len(c["rows"]) == 8)
    ok = all(len(row) == len(cols) for row in c["rows"])
    check("/columns row width", ok)
    recon = [dict(zip(cols, row)) for row in c["rows"]]
    exp = [{k: u.get(k) for k in cols} for u in users]
    check("/columns values", recon == exp)

    st, h, b = get("/single/user")
    check("/single/user object", loads(b) == users[0])

    st, h, b = get("/events")
    ev = loads(b)
    check("/events 5 rows", isinstance(ev, list) and len(ev) == 5)
    check("/events shape", all(set(e) >= {"id", "kind", "payload"} and
                               isinstance(e["payload"], dict) for e in ev))
    check("/events ids", [e["id"] for e in ev] == [1, 2, 3, 4, 5])

    st, h, b = req("POST", "/users", body=b'{"x": 1}',
                   headers={"Content-Type": "application/json"})
    check("POST /users", st == 200 and loads(b) == users)
    st, h, b = req("HEAD", "/users")
    check("HEAD /users", st == 200 and b == b"" and
          int(h["content-length"]) > 0)


def test_echo():
    st, h, b = req("POST", "/echo?a=%20b&c=d%2Fe&flag",
                   body="héllo=1".encode("utf-8"),
                   headers={"X-Custom-Thing": "Value 1",
                            "content-type": "text/plain"})
    e = loads(b)
    check("/echo is one-element array", isinstance(e, list) and len(e) == 1)
    e = e[0]
    check("/echo method", e["method"] == "POST")
    check("/echo path", e["path"] == "/echo")
    check("/echo raw query", e["query"] == "a=%20b&c=d%2Fe&flag", e["query"])
    check("/echo header names as received",
          e["headers"].get("X-Custom-Thing") == "Value 1" and
          e["headers"].get("content-type") == "text/plain", e["headers"])
    check("/echo body", e["body"] == "héllo=1", e["body"])
    check("/echo seq", isinstance(e.get("seq"), int))
    st, h, b = get("/echo")
    e = loads(b)[0]
    check("/echo GET empty body/query", e["body"] == "" and e["query"] == "")

    # chunked request body
    c = conn()
    try:
        c.request("POST", "/echo", body=iter([b"part1-", b"part2"]),
                  encode_chunked=True,
                  headers={"Transfer-Encoding": "chunked"})
        r = c.getresponse()
        e = loads(r.read())[0]
        check("chunked request body", e["body"] == "part1-part2", e["body"])
    finally:
        c.close()

    # Expect: 100-continue
    body = b'{"k": "v"}'
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    try:
        s.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
                  b"Expect: 100-continue\r\nConnection: close\r\n\r\n"
                  % len(body))
        first = s.recv(100)
        check("100 Continue", first.startswith(b"HTTP/1.1 100"), first)
        s.sendall(body)
        out = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
        check("body after 100-continue", b'"body": "{\\"k\\": \\"v\\"}"' in out,
              out[-200:])
    finally:
        s.close()


def test_status_delay():
    for code in (200, 201, 400, 401, 403, 404, 418, 429, 500, 502, 503):
        st, h, b = get("/status/%d" % code)
        ok = st == code
        if ok:
            d = loads(b)
            ok = (d.get("error") == "fixture status %d" % code and
                  len(d.get("detail", "")) >= 300)
        check("/status/%d" % code, ok, (st, b[:80]))
    st, h, b = get("/status/503")
    check("/status/503 Retry-After", h.get("retry-after") == "1")
    st, h, b = get("/status/204")
    check("/status/204 no body", st == 204 and b == b"")
    st, h, b = get("/status/abc")
    check("/status/abc 404", st == 404)

    t = time.monotonic()
    st, h, b = get("/delay/200/users")
    dt = time.monotonic() - t
    check("/delay/200/users timing", 0.19 <= dt < 2, dt)
    check("/delay/200/users body", st == 200 and len(loads(b)) == 8)
    st, h, b = get("/delay/10/big?rows=10")
    check("/delay with query", st == 200 and len(loads(b)) == 10)
    st, h, b = get("/delay/10/nothing")
    check("/delay to unknown 404", st == 404)

    # threaded: 20 parallel delayed requests
    results = []

    def worker():
        try:
            results.append(get("/delay/300/users")[0])
        except Exception as e:  # noqa
            results.append(repr(e))
    t = time.monotonic()
    ths = [threading.Thread(target=worker) for _ in range(20)]
    for th in ths:
        th.start()
    for th in ths:
        th.join()
    dt = time.monotonic() - t
    check("20 parallel delayed requests", results == [200] * 20 and dt < 1.5,
          (results, dt))


def test_bad():
    J = "application/json"
    st, h, b = get("/bad/malformed")
    check("bad/malformed", st == 200 and h["content-type"] == J and
          b == b'[{"id": 1}, {"id": 2,, "name": "x"}]')
    try:
        json.loads(b)
        check("bad/malformed unparsable", False)
    except ValueError:
        check("bad/malformed unparsable", True)

    for kind in ("truncated", "truncated_chunked"):
        c = conn()
        try:
            c.request("GET", "/bad/" + kind)
            r = c.getresponse()
            check("bad/%s status" % kind, r.status == 200 and
                  r.getheader("Content-Type") == J)
            try:
                r.read()
                check("bad/%s incomplete" % kind, False, "read succeeded")
            except http.client.IncompleteRead as e:
                check("bad/%s incomplete" % kind,
                      e.partial.startswith(b'[{"id": 1, "name": "a"}'), e)
        finally:
            c.close()
    out = raw_exchange(b"GET /bad/truncated HTTP/1.1\r\nHost: x\r\n\r\n")
    check("bad/truncated content-length larger than sent",
          b"Content-Length: 4096" in out and
          len(out.split(b"\r\n\r\n", 1)[1]) < 4096)
    out = raw_exchange(b"GET /bad/truncated_chunked HTTP/1.1\r\nHost: x\r\n\r\n")
    check("bad/truncated_chunked no final chunk",
          b"chunked" in out and not out.endswith(b"0\r\n\r\n"))

    st, h, b = get("/bad/invalid_utf8")
    check("bad/invalid_utf8", st == 200 and b"\xff\xfe" in b)
    try:
        b.decode("utf-8")
        check("bad/invalid_utf8 undecodable", False)
    except UnicodeDecodeError:
        check("bad/invalid_utf8 undecodable", True)
    st, h, b = get("/bad/nul")
    check("bad/nul", b"\\u0000" in b and
          json.loads(b)[0]["name"] == "a\x00b", b)
    st, h, b = get("/bad/not_array")
    check("bad/not_array", json.loads(b) == {"data": 5})
    st, h, b = get("/bad/no_rows_path")
    check("bad/no_rows_path", json.loads(b) == {"other": []})
    st, h, b = get("/bad/bad_int")
    check("bad/bad_int", any(r.get("age") == "abc" for r in json.loads(b)))
    st, h, b = get("/bad/bad_date")
    check("bad/bad_date", any(r.get("signup_date") == "2024-13-45"
                              for r in json.loads(b)))
    st, h, b = get("/bad/garbage_after")
    check("bad/garbage_after", b == b'[{"id":1}] trailing')
    st, h, b = get("/bad/empty")
    check("bad/empty", st == 200 and b == b"" and
          h.get("content-length") == "0" and h["content-type"] == J)
    st, h, b = get("/bad/html")
    check("bad/html", st == 200 and h["content-type"].startswith("text/html")
          and b.lstrip().lower().startswith(b"<!doctype html"))
    st, h, b = get("/bad/whatever")
    check("bad/unknown 404", st == 404)


def test_big():
    def big_rows(path):
        st, h, b = get(path)
        return st, h, b

    st, h, b = big_rows("/big?rows=0")
    check("big rows=0", st == 200 and json.loads(b) == [], b)
    st, h, b = big_rows("/big?rows=1")
    r = json.loads(b)
    check("big rows=1", len(r) == 1 and r[0]["id"] == 1 and
          r[0]["name"] == "user 1")
    st, h, b = big_rows("/big")
    check("big default 1000", len(json.loads(b)) == 1000)
    for n in (1999, 2000, 2001, 4000, 4001):
        st, h, b = big_rows("/big?rows=%d" % n)
        r = json.loads(b)
        check("big rows=%d" % n, [x["id"] for x in r] == list(range(1, n + 1)))
    st, h, b = big_rows("/big?rows=abc")
    check("big rows=abc 400", st == 400)
    st, h, b = big_rows("/big?rows=-1")
    check("big rows=-1 400", st == 400)

    # deterministic formulas
    st, h, b = big_rows("/big?rows=5000")
    r = json.loads(b, parse_float=decimal.Decimal)
    ok = True
    for x in r:
        i = x["id"]
        if (x["name"] != "user %d" % i or x["email"] != "user%d@example.com" % i
                or x["age"] != 18 + i % 60
                or x["score"] != decimal.Decimal(i % 1000) +
                decimal.Decimal(i % 100) / 100
                or x["active"] != (i % 2 == 0)
                or x["created_at"] != "2024-%02d-%02dT%02d:%02d:%02dZ" % (
                    1 + i % 12, 1 + i % 28, i % 24, i % 60, (i // 60) % 60)
                or x["tags"] != ["t%d" % (i % 5), "g%d" % (i % 7)]
                or len(x["filler"]) != 72):
            ok = False
            print("  bad big row", x)
            break
    check("big row formulas (5000 rows)", ok)

    n = 100000
    c = conn()
    try:
        t = time.monotonic()
        c.request("GET", "/big?rows=%d" % n)
        resp = c.getresponse()
        te = resp.getheader("Transfer-Encoding")
        body = resp.read()
        dt = time.monotonic() - t
    finally:
        c.close()
    check("big chunked", te == "chunked", te)
    rows = json.loads(body)
    check("big rows=%d count" % n, len(rows) == n, len(rows))
    check("big rows=%d sum(id)" % n,
          sum(x["id"] for x in rows) == n * (n + 1) // 2)
    check("big rows=%d active count" % n,
          sum(1 for x in rows if x["active"]) == n // 2)
    avg = len(body) / n
    check("big row size ~240 bytes", 200 <= avg <= 280, avg)
    mbps = len(body) / dt / 1e6
    print("big rows=%d: %d bytes in %.3f s = %.1f MB/s (avg row %.0f bytes)"
          % (n, len(body), dt, mbps, avg))
    # speed is reported, not asserted: a timed check fails on a busy machine

    st, h, b = get("/big/ndjson?rows=5000")
    lines = b.split(b"\n")
    check("big/ndjson content-type",
          h.get("content-type") == "application/x-ndjson")
    check("big/ndjson final newline", lines[-1] == b"" and len(lines) == 5001)
    check("big/ndjson rows", [json.loads(l)["id"] for l in lines[:-1]] ==
          list(range(1, 5001)))
    st, h, b = get("/big/ndjson?rows=0")
    check("big/ndjson rows=0 empty", st == 200 and b == b"")
    same = json.loads(get("/big?rows=3000")[2]) == [
        json.loads(l) for l in get("/big/ndjson?rows=3000")[2].splitlines()]
    check("big and big/ndjson same rows", same)

    # HTTP/1.0 client: no chunking, connection closed
    out = raw_exchange(b"GET /big?rows=10 HTTP/1.0\r\n\r\n")
    head, _, body = out.partition(b"\r\n\r\n")
    check("big HTTP/1.0", b"chunked" not in head.lower() and
          len(json.loads(body)) == 10)

    # client disconnecting mid-stream must not hurt the server
    s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
    s.sendall(b"GET /big?rows=1000000 HTTP/1.1\r\nHost: x\r\n\r\n")
    s.recv(65536)
    s.close()
    st, h, b = get("/users")
    check("server fine after client abort", st == 200)


def test_auth():
    users = expected_users()

    def ok(st, b):
        return st == 200 and loads(b) == users

    def denied(name, st, h, b, scheme):
        check(name, st == 401 and json.loads(b) == {"error": "unauthorized"}
              and h.get("www-authenticate", "").startswith(scheme), (st, h, b))

    st, h, b = get("/auth/bearer",
                   headers={"Authorization": "Bearer s3cret-token"})
    check("bearer ok", ok(st, b))
    st, h, b = get("/auth/bearer", headers={"Authorization": "Bearer nope"})
    denied("bearer wrong", st, h, b, "Bearer")
    st, h, b = get("/auth/bearer")
    denied("bearer missing", st, h, b, "Bearer")

    cred = base64.b64encode(b"alice:p@ss:w0rd").decode()
    check("basic credential doc", cred == "YWxpY2U6cEBzczp3MHJk")
    st, h, b = get("/auth/basic", headers={"Authorization": "Basic " + cred})
    check("basic ok", ok(st, b))
    bad = base64.b64encode(b"alice:p@ss").decode()
    st, h, b = get("/auth/basic", headers={"Authorization": "Basic " + bad})
    denied("basic wrong", st, h, b, "Basic")
    st, h, b = get("/auth/basic", headers={"Authorization": "Basic %%%"})
    denied("basic garbage", st, h, b, "Basic")

    st, h, b = get("/auth/header", headers={"X-API-Key": "k3y-value"})
    check("header ok", ok(st, b))
    st, h, b = get("/auth/header", headers={"x-api-key": "k3y-value"})
    check("header ok lowercase name", ok(st, b))
    st, h, b = get("/auth/header", headers={"X-API-Key": "wrong"})
    denied("header wrong", st, h, b, "ApiKey")

    st, h, b = get("/auth/param?api_key=k3y-value")
    check("param ok", ok(st, b))
    st, h, b = get("/auth/param?x=1&api_key=k3y%2Dvalue")
    check("param ok encoded", ok(st, b))
    st, h, b = get("/auth/param?api_key=nope")
    denied("param wrong", st, h, b, "ApiKey")
    st, h, b = req("POST", "/auth/param?api_key=k3y-value", body=b"x")
    check("param ok POST", ok(st, b))


def test_404():
    st, h, b = get("/no/such/thing?x=1")
    check("404", st == 404 and json.loads(b).get("error") == "not found"
          and h.get("content-type") == "application/json")
    out = raw_exchange(b"OPTIONS /users HTTP/1.1\r\nHost: x\r\n"
                       b"Connection: close\r\n\r\n")
    check("OPTIONS 501", out.startswith(b"HTTP/1.1 501"), out[:40])


def test_openapi():
    st, h, b = get("/openapi/fixture.json")
    doc = json.loads(b)
    check("openapi json", st == 200 and doc.get("openapi") == "3.0.3"
          and "/users/{id}" in doc.get("paths", {}))
    st, h, b = get("/openapi/fixture.yaml")
    check("openapi yaml", st == 200 and b.startswith(b"# the fixture API\n")
          and h.get("content-type") == "application/yaml"
          and b'"/users/{id}":' in b)
    st, h, b = get("/openapi/bad.json")
    check("openapi bad", st == 200 and b"Nobody" in b)
    st, h, b = get("/openapi/none.json")
    check("openapi 404", st == 404)


def test_keepalive_and_log():
    c = conn()
    try:
        st, h, b = get("/_reset", c=c)
        check("reset via keep-alive conn", st == 200)
        sock = c.sock
        seq = [
            ("GET", "/users?limit=5&name=Jos%C3%A9", None, {}),
            ("POST", "/echo", b'{"q": 1}', {"Content-Type": "application/json",
                                            "X-Trace": "abc"}),
            ("GET", "/status/500", None, {}),
            ("GET", "/nowhere", None, {}),
            ("GET", "/auth/bearer", None, {}),
            ("GET", "/big?rows=3000", None, {}),
            ("PUT", "/echo", b"put-body", {}),
            ("DELETE", "/users", None, {}),
            ("GET", "/bad/empty", None, {}),
            ("GET", "/status/204", None, {}),
            ("GET", "/events", None, {}),
        ]
        statuses = []
        for m, p, body, hdr in seq:
            st, h, b = req(m, p, body=body, headers=hdr, c=c)
            statuses.append(st)
        check("keep-alive statuses",
              statuses == [200, 200, 500, 404, 401, 200, 200, 200, 200, 204,
                           200], statuses)
        check("keep-alive same socket", c.sock is sock and sock is not None)
        st, h, b = get("/_stats", c=c)
        s = loads(b)[0]
        check("stats: no new connection while reusing", s["connections"] == 0,
              s)
        check("stats: requests", s["requests"] == len(seq), s)
        st, h, b = get("/_requests", c=c)
        log = loads(b)
        check("log length", len(log) == len(seq), len(log))
        check("log seq", [e["seq"] for e in log] ==
              list(range(1, len(seq) + 1)))
        check("log methods/paths",
              [(e["method"], e["path"]) for e in log] ==
              [(m, p.split("?")[0]) for m, p, _, _ in seq])
        check("log raw query", log[0]["query"] == "limit=5&name=Jos%C3%A9"
              and log[1]["query"] == "", log[0]["query"])
        check("log headers", log[1]["headers"].get("X-Trace") == "abc" and
              log[1]["headers"].get("Content-Type") == "application/json",
              log[1]["headers"])
        check("log body", log[1]["body"] == '{"q": 1}' and
              log[6]["body"] == "put-body" and log[0]["body"] == "")
        check("log keys", all(set(e) == {"seq", "method", "path", "query",
                                         "headers", "body"} for e in log))
        check("keep-alive same socket after control",
              c.sock is sock)
    finally:
        c.close()
    # a new connection is counted
    c2 = conn()
    try:
        st, h, b = get("/_stats", c=c2)
        check("stats: new connection counted",
              loads(b)[0]["connections"] == 1, b)
        st, h, b = get("/_stats", c=c2)
        check("stats: reuse not counted",
              loads(b)[0]["connections"] == 1, b)
    finally:
        c2.close()
    st, h, b = get("/_reset")
    st, h, b = get("/_requests")
    check("log cleared", loads(b) == [])
    get("/users")
    st, h, b = get("/_requests")
    check("seq restarts at 1", loads(b)[0]["seq"] == 1)


# --------------------------------------------------------------------------
# Query-parameter filtering (/filter/...) and path-key routes
# --------------------------------------------------------------------------
def fget(path):
    """GET; returns (status, parsed JSON or None)."""
    st, h, b = get(path)
    try:
        return st, loads(b)
    except ValueError:
        return st, None


def fids(path, key="id"):
    """The key values of the rows a 200 filter response returns, or the
    status and body of anything else (so a failed check shows it)."""
    st, rows = fget(path)
    if st != 200 or not isinstance(rows, list):
        return (st, rows)
    return [r.get(key) for r in rows]


def fcheck(name, path, expected, key="id"):
    got = fids(path, key)
    check(name, got == expected, "%s -> %r, expected %r" % (path, got,
                                                             expected))


def ferr(name, path, status, **fields):
    st, h, b = get(path)
    try:
        body = loads(b)
    except ValueError:
        body = None
    ok = (st == status and isinstance(body, dict) and
          h.get("content-type") == "application/json" and
          all(body.get(k) == v for k, v in fields.items()))
    check(name, ok, "%s -> %s %r" % (path, st, body))


def test_filter_basics():
    users = expected_users()
    ferr("filter unknown style", "/filter/nosuch/users", 404,
         error="not found")
    ferr("filter unknown dataset", "/filter/suffix/nosuch", 404)
    ferr("filter trailing slash", "/filter/suffix/users/", 404)
    st, h, b = get("/filter/suffix/users")
    check("filter no params = all rows", st == 200 and loads(b) == users and
          h.get("content-type") == "application/json")
    check("filter numbers exact", b"12345678901234567890.123456789" in b and
          b"-3.5e2" in b)
    st, h, b = get("/filter/plain/users?id=3")
    check("filter row is the file's row", loads(b) == [users[2]])
    st, h, b = get("/filter/suffix/users?id=999")
    check("filter no match is []", st == 200 and b == b"[]", b)
    st, h, b = req("HEAD", "/filter/suffix/users?id=1")
    check("filter HEAD", st == 200 and b == b"" and
          int(h["content-length"]) > 0)
    fcheck("filter through /delay", "/delay/10/filter/suffix/users?id=2",
           [2])

    # plain
    fcheck("plain eq", "/filter/plain/users?id=3", [3])
    fcheck("plain repeated = IN", "/filter/plain/users?id=3&id=1&id=99",
           [1, 3])
    fcheck("plain AND", "/filter/plain/users?active=true&id=3&id=2", [3])
    fcheck("plain non-ASCII",
           "/filter/plain/users?name=Jos%C3%A9%20M%C3%BCller",
           [2])
    fcheck("plain quote/backslash",
           "/filter/plain/users?name=Robert%20%22Bobby%22%20O%5CBrien", [5])
    ferr("plain unknown column", "/filter/plain/users?nope=1", 400,
         error="unknown column", column="nope", parameter="nope")
    ferr("plain has no _limit", "/filter/plain/users?_limit=1", 400,
         column="_limit")
    ferr("plain has no operators", "/filter/plain/users?id_gt=1", 400,
         column="id_gt")

    # decoding: '+' is a literal plus, %2B too; %20 is a space
    title = ("a%26b%3Dc%20%234%20100%25%20%2B%20more%3A%20"
             "caf%C3%A9%20%E2%98%95")
    fcheck("special title %-encoded", "/filter/plain/issues?title=" + title,
           [4], "number")
    fcheck("special title raw plus", "/filter/plain/issues?title=" +
           title.replace("%2B", "+"), [4], "number")
    fcheck("plus is not a space",
           "/filter/plain/issues?title=Crash+on+startup",
           [], "number")
    fcheck("space as %20", "/filter/plain/issues?title=Crash%20on%20startup",
           [1], "number")
    fcheck("encoded parameter name",
           "/filter/suffix/users?%69d%5Fgt=6", [7, 8])
    ferr("piece without =", "/filter/suffix/users?id", 400,
         error="invalid query parameter", parameter="id")
    fcheck("empty pieces skipped", "/filter/suffix/users?&&id=4&", [4])
    ferr("invalid UTF-8", "/filter/plain/users?name=%FF", 400,
         error="invalid query parameter")


def test_filter_numbers():
    """Every numeric operator in every style against a Python oracle."""
    import operator
    users = expected_users()
    ops = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
           "le": operator.le, "gt": operator.gt, "ge": operator.ge}
    loose_ops = dict(ops, lt=operator.le, gt=operator.ge)
    spell = {
        "suffix": lambda c, o, v: {"eq": "%s=%s", "ne": "%s_ne=%s",
                                   "lt": "%s_lt=%s", "le": "%s_lte=%s",
                                   "gt": "%s_gt=%s", "ge": "%s_gte=%s"}[o]
        % (c, v),
        "colon": lambda c, o, v: "%s:%s=%s" % (
            c, {"le": "lte", "ge": "gte"}.get(o, o), v),
        "postgrest": lambda c, o, v: "%s=%s.%s" % (
            c, {"ne": "neq", "le": "lte", "ge": "gte"}.get(o, o), v),
        "bracket": lambda c, o, v: "%s[$%s]=%s" % (
            c, {"le": "lte", "ge": "gte"}.get(o, o), v),
    }
    spell["loose"] = spell["suffix"]
    cases = [("id", v) for v in ("1", "4", "8", "4.5", "0", "1e0")] + \
            [("age", v) for v in ("0", "27", "30.0", "45", "-1")] + \
            [("score", v) for v in ("0.1", "-350", "0", "42.000",
                                    "12345678901234567890.123456789",
                                    "12345678901234567890.12345679",
                                    "-1e-6", "1E6")] + \
            [("rating", v) for v in ("100", "5", "-1.5", "Infinity")]
    bad = []
    n = 0
    for style, fmt in spell.items():
        table = loose_ops if style == "loose" else ops
        for col, v in cases:
            for o, fn in table.items():
                exp = [u["id"] for u in users
                       if isinstance(u.get(col), (int, decimal.Decimal))
                       and not isinstance(u[col], bool) and
                       fn(decimal.Decimal(u[col]), decimal.Decimal(v))]
                q = fmt(col, o, v).replace("+", "%2B")
                got = fids("/filter/%s/users?%s" % (style, q))
                n += 1
                if got != exp:
                    bad.append((style, q, got, exp))
    check("numeric operators x styles vs oracle (%d queries)" % n, not bad,
          bad[:5])
    ferr("number expected", "/filter/suffix/users?age_gt=abc", 400,
         error="invalid filter value", parameter="age_gt", column="age")
    ferr("NaN is not a number", "/filter/postgrest/users?age=eq.NaN", 400,
         error="invalid filter value")
    ferr("bad number even if other conds exclude all",
         "/filter/suffix/users?id=999&age_lt=x", 400,
         error="invalid filter value")
    fcheck("plus sign number", "/filter/suffix/users?id_lte=%2B2", [1, 2])
    fcheck("number repeated IN", "/filter/suffix/users?id=2&id=5", [2, 5])


def test_filter_semantics():
    # NULL / missing (age: id 2 null, id 3 missing)
    fcheck("ne excludes null and missing", "/filter/suffix/users?age_ne=30",
           [4, 5, 6, 7, 8])
    fcheck("suffix null true", "/filter/suffix/users?age_null=true", [2, 3])
    fcheck("suffix null false", "/filter/suffix/users?age_null=false",
           [1, 4, 5, 6, 7, 8])
    fcheck("colon null", "/filter/colon/users?age:null=true", [2, 3])
    fcheck("bracket null", "/filter/bracket/users?age[$null]=false",
           [1, 4, 5, 6, 7, 8])
    fcheck("postgrest is.null", "/filter/postgrest/users?age=is.null", [2, 3])
    fcheck("postgrest not.is.null", "/filter/postgrest/users?age=not.is.null",
           [1, 4, 5, 6, 7, 8])
    fcheck("postgrest not.eq skips null",
           "/filter/postgrest/users?age=not.eq.30", [4, 5, 6, 7, 8])
    ferr("null test needs true/false", "/filter/suffix/users?age_null=yes",
         400, error="invalid query parameter", parameter="age_null")
    fcheck("issues comments null", "/filter/suffix/issues?comments_null=true",
           [4], "number")

    # IN
    fcheck("suffix in", "/filter/suffix/users?id_in=5,2,99", [2, 5])
    fcheck("suffix in strings",
           "/filter/suffix/issues?state_in=closed&_fields=number",
           [3, 5, 2, 1, 1], "number")
    fcheck("colon in", "/filter/colon/users?id:in=7,1", [1, 7])
    fcheck("postgrest in", "/filter/postgrest/users?id=in.(7,1)", [1, 7])
    fcheck("postgrest not.in", "/filter/postgrest/users?id=not.in.(1,2,3)",
           [4, 5, 6, 7, 8])
    fcheck("postgrest in.()", "/filter/postgrest/users?id=in.()", [])
    fcheck("postgrest in quoted comma",
           "/filter/postgrest/issues?title=in.(%22Hello,%20world!%22,x)",
           [1], "number")
    fcheck("suffix in splits at commas",
           "/filter/suffix/issues?title_in=Hello,%20world!", [], "number")
    fcheck("postgrest in quoted escapes",
           "/filter/postgrest/issues?title=in.(%22Quotes%20%5C%22double%5C%22"
           "%20and%20'single'%22)", [1], "number")
    ferr("postgrest in without parens", "/filter/postgrest/users?id=in.1,2",
         400, error="invalid query parameter")
    ferr("postgrest in unterminated quote",
         "/filter/postgrest/users?name=in.(%22abc)", 400)
    fcheck("bracket in repeated", "/filter/bracket/users?id[$in]=2&id[$in]=6",
           [2, 6])
    fcheck("bracket in indexed",
           "/filter/bracket/users?id[$in][1]=6&id[$in][0]=3", [3, 6])
    fcheck("bracket in percent-encoded",
           "/filter/bracket/users?id%5B%24in%5D%5B0%5D=4&id%5B%24in%5D=8",
           [4, 8])
    fcheck("bracket in keeps commas",
           "/filter/bracket/issues?title[$in]=Hello,%20world!", [1], "number")

    # LIKE / ILIKE
    fcheck("like prefix", "/filter/suffix/issues?title_like=Crash%25",
           [1], "number")
    fcheck("ilike", "/filter/suffix/issues?title_ilike=%25crash%25",
           [1, 2, 3], "number")
    fcheck("like _ wildcard", "/filter/suffix/issues?title_like=Add_dark_mode",
           [3], "number")
    fcheck("like escapes",
           "/filter/colon/issues?title:like=50%5C%25%5C_off%25",
           [3], "number")
    fcheck("like escaped % needs a real %",
           "/filter/colon/issues?title:like=%25100%5C%25%25", [4], "number")
    fcheck("like is whole-value", "/filter/suffix/issues?title_like=Crash",
           [], "number")
    fcheck("postgrest like *", "/filter/postgrest/issues?title=like.*USB*",
           [2], "number")
    fcheck("postgrest ilike *", "/filter/postgrest/issues?title=ilike.*CRASH*",
           [1, 2, 3], "number")
    fcheck("postgrest not.like",
           "/filter/postgrest/issues?title=not.like.*a*&select=number,repo",
           [5, 2, 1, 3], "number")
    fcheck("bracket ilike non-ASCII",
           "/filter/bracket/issues?title[$ilike]=%25CAF%C3%89%25", [4],
           "number")
    fcheck("like on numbers uses their text",
           "/filter/suffix/users?visits_like=1%25", [4, 6])
    fcheck("like on a string number", "/filter/suffix/users?visits_like=4_",
           [3])
    ferr("like trailing escape", "/filter/suffix/users?name_like=abc%5C", 400,
         error="invalid query parameter", parameter="name_like")

    # bools
    fcheck("bool eq", "/filter/plain/users?active=true", [1, 3, 5, 6])
    fcheck("bool ne", "/filter/suffix/users?active_ne=true", [2, 4, 7, 8])
    ferr("bool needs true/false", "/filter/plain/users?active=yes", 400,
         error="invalid filter value", column="active")
    fcheck("postgrest is.true", "/filter/postgrest/users?active=is.true",
           [1, 3, 5, 6])
    fcheck("postgrest is.false", "/filter/postgrest/users?active=is.false",
           [2, 4, 7, 8])
    fcheck("postgrest not.is.true matches null too",
           "/filter/postgrest/events?payload.ok=not.is.true", [2, 3, 4, 5])

    # date-times compare as instants (id 2: 2023-12-31T23:59:59+02:00)
    fcheck("timestamp eq across offsets",
           "/filter/suffix/users?created_at=2023-12-31T21:59:59Z", [2])
    fcheck("timestamp gt is not text order",
           "/filter/suffix/users?created_at_gt=2023-12-31T22:00:00Z", [1, 3])
    fcheck("timestamp lte",
           "/filter/colon/users?created_at:lte=2020-02-29T00:00:00Z",
           [6, 7, 8])
    fcheck("timestamp with space and +00",
           "/filter/postgrest/users?created_at=lt.2020-02-29%2000:00:00%2B00",
           [7, 8])
    fcheck("fractional seconds",
           "/filter/suffix/users?created_at=2024-06-01T12:00:00.123456Z", [3])
    fcheck("date gt", "/filter/suffix/users?signup_date_gt=2022-08-20",
           [1, 2])
    fcheck("date vs midnight timestamp",
           "/filter/suffix/users?signup_date=2024-02-29T00:00:00Z", [1])
    fcheck("issues created_at range",
           "/filter/bracket/issues?created_at[$gte]=2024-01-01T00:00:00Z&"
           "created_at[$lt]=2024-02-01T12:00:00Z", [1, 2], "number")

    # text: JSON type decides; "42" is text
    fcheck("string number compares as text (lt)",
           "/filter/suffix/users?visits_lt=100", [1, 2, 5, 6, 7, 8])
    fcheck("string number compares as text (gt)",
           "/filter/suffix/users?visits_gt=100", [3, 4])
    fcheck("text eq is case-sensitive", "/filter/suffix/users?name=zed%20zero",
           [])
    fcheck("text lt codepoint order", "/filter/suffix/users?name_lt=C",
           [1])

    # nested keys and non-scalars
    fcheck("nested eq", "/filter/suffix/users?address.city=Berlin", [1])
    fcheck("nested colon", "/filter/colon/users?address.city:eq=Wien", [7])
    fcheck("nested null (missing parent)",
           "/filter/suffix/users?address.city_null=true", [6])
    fcheck("nested like", "/filter/suffix/users?address.zip_like=0%25",
           [7, 8])
    fcheck("nested postgrest", "/filter/postgrest/events?payload.code=eq.500",
           [5])
    fcheck("nested bool", "/filter/plain/events?payload.ok=true", [1])
    fcheck("arrays never match", "/filter/suffix/users?tags=admin", [])
    fcheck("arrays and null tests", "/filter/suffix/users?tags_null=false",
           [1, 2, 3, 4, 5, 6, 7, 8])
    fcheck("events ids null", "/filter/suffix/events?ids_null=true", [2, 3, 5])
    fcheck("events kind in", "/filter/suffix/events?kind_in=login,error",
           [1, 5])

    # unknown columns and bad syntax
    for style, q, col in (
            ("suffix", "foo=1", "foo"), ("suffix", "foo_gt=1", "foo"),
            ("suffix", "_sort=foo", "foo"),
            ("suffix", "_fields=id,foo", "foo"),
            ("suffix", "address.country=x", "address.country"),
            ("loose", "foo_lt=1", "foo"), ("colon", "foo:eq=1", "foo"),
            ("colon", "sort=foo:desc", "foo"), ("colon", "foo=1", "foo"),
            ("postgrest", "foo=eq.1", "foo"), ("postgrest", "or=(id.eq.1)",
                                                "or"),
            ("postgrest", "order=foo.desc", "foo"),
            ("postgrest", "select=id,foo", "foo"),
            ("bracket", "foo[$eq]=1", "foo"), ("bracket", "fields[0]=foo",
                                               "foo"),
            ("bracket", "sort=foo", "foo")):
        ferr("%s unknown column %s" % (style, q),
             "/filter/%s/users?%s" % (style, q), 400,
             error="unknown column", column=col)
    for style, q in (("suffix", "_limit=-1"), ("suffix", "_limit=x"),
                     ("suffix", "_limit=1&_limit=2"),
                     ("suffix", "_sort=id&_sort=age"),
                     ("suffix", "_offset=1.5"),
                     ("suffix", "_sort=id,,age"),
                     ("colon", "id=1"), ("colon", "id:between=1"),
                     ("colon", "sort=id:up"), ("colon", "limit=a"),
                     ("postgrest", "id=1"), ("postgrest", "id=foo.1"),
                     ("postgrest", "id=is.maybe"), ("postgrest", "limit=1e3"),
                     ("bracket", "id=1"), ("bracket", "id[$between]=1"),
                     ("bracket", "id[$eq][0]=1"), ("bracket", "offset=-2")):
        ferr("%s bad syntax %s" % (style, q),
             "/filter/%s/users?%s" % (style, q), 400,
             error="invalid query parameter")


def test_filter_sort_limit_fields():
    fcheck("suffix sort asc nulls last", "/filter/suffix/users?_sort=age",
           [8, 6, 4, 1, 5, 7, 2, 3])
    fcheck("suffix sort desc nulls first", "/filter/suffix/users?_sort=-age",
           [2, 3, 7, 5, 1, 4, 6, 8])
    fcheck("colon sort", "/filter/colon/users?sort=age:desc",
           [2, 3, 7, 5, 1, 4, 6, 8])
    fcheck("bracket sort default asc", "/filter/bracket/users?sort=age",
           [8, 6, 4, 1, 5, 7, 2, 3])
    fcheck("postgrest order desc.nullslast",
           "/filter/postgrest/users?order=age.desc.nullslast",
           [7, 5, 1, 4, 6, 8, 2, 3])
    fcheck("postgrest order nullsfirst",
           "/filter/postgrest/users?order=age.nullsfirst",
           [2, 3, 8, 6, 4, 1, 5, 7])
    fcheck("postgrest order nested",
           "/filter/postgrest/users?order=address.city.desc&select=id",
           [6, 3, 7, 8, 2, 5, 1, 4])
    fcheck("sort exact big numbers", "/filter/suffix/users?_sort=score",
           [3, 6, 8, 2, 7, 4, 5, 1])
    fcheck("sort mixed types: numbers before strings",
           "/filter/suffix/users?_sort=visits", [2, 8, 5, 7, 1, 6, 4, 3])
    fcheck("sort text codepoints", "/filter/suffix/users?_sort=name",
           [1, 6, 7, 2, 5, 8, 4, 3])
    fcheck("sort bools", "/filter/suffix/users?_sort=-active,id",
           [1, 3, 5, 6, 2, 4, 7, 8])
    # issues file order index: 0-4 acme/widgets #1..#5, 5-7 acme/gadgets
    # #1..#3, 8-10 octo/hello-world #1..#3, 11 zoë/café app #1
    st, rows = fget("/filter/suffix/issues?_sort=state,-comments")
    got = [(r["repo"], r["number"]) for r in rows] if st == 200 else st
    exp = [("widgets", 3), ("gadgets", 2), ("widgets", 5), ("café app", 1),
           ("hello-world", 1),
           ("widgets", 4), ("hello-world", 3), ("gadgets", 1),
           ("hello-world", 2), ("widgets", 1), ("gadgets", 3),
           ("widgets", 2)]
    check("sort two keys, stable ties, desc nulls first", got == exp, got)
    st, rows = fget("/filter/colon/issues?sort=repo:asc,number:desc"
                    "&fields=repo,number")
    got = [(r["repo"], r["number"]) for r in rows] if st == 200 else st
    check("colon two-key sort",
          got == [("café app", 1), ("gadgets", 3), ("gadgets", 2),
                  ("gadgets", 1), ("hello-world", 3), ("hello-world", 2),
                  ("hello-world", 1), ("widgets", 5), ("widgets", 4),
                  ("widgets", 3), ("widgets", 2), ("widgets", 1)], got)

    fcheck("suffix limit/offset after sort",
           "/filter/suffix/users?_sort=-id&_offset=2&_limit=3", [6, 5, 4])
    fcheck("limit after filter",
           "/filter/suffix/users?active=false&_limit=2", [2, 4])
    fcheck("limit 0", "/filter/suffix/users?_limit=0", [])
    fcheck("offset past the end", "/filter/colon/users?offset=50", [])
    fcheck("colon limit", "/filter/colon/users?limit=2&offset=1", [2, 3])
    fcheck("postgrest limit/offset",
           "/filter/postgrest/users?order=id.desc&limit=2&offset=1", [7, 6])
    fcheck("bracket limit", "/filter/bracket/users?limit=1&sort=id:desc", [8])

    st, rows = fget("/filter/suffix/users?_fields=name,id&id_lte=3")
    check("fields in listed order",
          st == 200 and [list(r) for r in rows] == [["name", "id"]] * 3, rows)
    st, rows = fget("/filter/suffix/users?_fields=id,age&id_in=2,3")
    check("fields: missing key stays absent, null stays null",
          rows == [{"id": 2, "age": None}, {"id": 3}], rows)
    st, rows = fget("/filter/suffix/users?_fields=")
    check("empty field list", rows == [{}] * 8, rows)
    st, rows = fget("/filter/suffix/users?_fields=id,address.city&id=6&id=7")
    check("nested field", rows == [{"id": 6},
                                   {"id": 7, "address": {"city": "Wien"}}],
          rows)
    st, rows = fget("/filter/colon/users?fields=id,email&id:eq=1")
    check("colon fields", rows == [{"id": 1, "email": "alice@example.com"}],
          rows)
    st, rows = fget("/filter/postgrest/users?select=id,active&id=eq.1")
    check("postgrest select", rows == [{"id": 1, "active": True}], rows)
    st, rows = fget("/filter/postgrest/users?select=*&id=eq.1")
    check("postgrest select=*", len(rows) == 1 and len(rows[0]) == 14, rows)
    st, rows = fget("/filter/bracket/users?fields[1]=id&fields[0]=name"
                    "&id[$eq]=8")
    check("bracket fields by index", rows == [{"name": "Zed Zero", "id": 8}]
          and list(rows[0]) == ["name", "id"], rows)
    st, rows = fget("/filter/bracket/users?fields[]=id&fields[]=age&id[$lt]=2")
    check("bracket fields[]", rows == [{"id": 1, "age": 30}], rows)
    st, h, b = get("/filter/suffix/users?_fields=score&id=1")
    check("fields keep exact numbers",
          b == b'[{"score": 12345678901234567890.123456789}]', b)


def test_filter_loose():
    fcheck("suffix eq is case-sensitive",
           "/filter/suffix/users?name=ALICE%20ANDERSON", [])
    fcheck("loose eq is case-insensitive",
           "/filter/loose/users?name=ALICE%20ANDERSON", [1])
    fcheck("loose in is case-insensitive",
           "/filter/loose/users?name_in=alice%20anderson,ZED%20ZERO", [1, 8])
    fcheck("loose repeated eq", "/filter/loose/issues?state=OPEN&state=Closed"
           "&_fields=number", [1, 2, 3, 4, 5, 1, 2, 3, 1, 2, 3, 1], "number")
    fcheck("loose gt is >=", "/filter/loose/users?id_gt=7", [7, 8])
    fcheck("loose lt is <=", "/filter/loose/users?id_lt=2", [1, 2])
    fcheck("loose gte unchanged", "/filter/loose/users?id_gte=8", [8])
    fcheck("loose ne stays exact (superset)",
           "/filter/loose/users?name_ne=alice%20anderson&_fields=id",
           [1, 2, 3, 4, 5, 6, 7, 8])
    fcheck("loose like unchanged", "/filter/loose/issues?title_like=crash%25",
           [2], "number")
    fcheck("loose still SQL NULL", "/filter/loose/users?age_lt=100",
           [1, 4, 5, 6, 7, 8])


def test_path_routes():
    users = expected_users()
    with open(os.path.join(DATA, "issues.json"), "rb") as f:
        issues = loads(f.read())
    check("issues.json: 12 rows", len(issues) == 12)
    check("issues.json fields", all(
        list(i) == ["number", "owner", "repo", "title", "state", "labels",
                    "created_at", "comments"] for i in issues))
    check("issues.json one null comments",
          [i["number"] for i in issues if i["comments"] is None] == [4])
    check("issues.json special title", any(
        all(c in i["title"] for c in "&=#%+ ") and "café ☕" in i["title"]
        for i in issues))
    check("issues.json created_at all Z",
          all(i["created_at"].endswith("Z") for i in issues))

    st, rows = fget("/repos/acme/widgets/issues")
    exp = [{k: v for k, v in i.items() if k not in ("owner", "repo")}
           for i in issues if i["owner"] == "acme" and i["repo"] == "widgets"]
    check("repo issues rows without owner/repo",
          st == 200 and rows == exp and len(rows) == 5, rows)
    fcheck("repo issues other repo", "/repos/acme/gadgets/issues",
           [1, 2, 3], "number")
    fcheck("repo issues filtered",
           "/repos/acme/widgets/issues?state=open&_sort=-number&_limit=2",
           [4, 2], "number")
    fcheck("repo issues null test",
           "/repos/acme/widgets/issues?comments_null=true", [4], "number")
    fcheck("repo issues encoded segments",
           "/repos/zo%C3%AB/caf%C3%A9%20app/issues", [1], "number")
    fcheck("repo issues case-sensitive", "/repos/Acme/widgets/issues", [],
           "number")
    fcheck("repo issues unknown repo", "/repos/acme/nothing/issues", [],
           "number")
    ferr("repo issues: owner is not a column",
         "/repos/acme/widgets/issues?owner=acme", 400,
         error="unknown column", column="owner")
    ferr("repo issues: filter on unknown column",
         "/repos/acme/widgets/issues?foo_gt=1", 400, column="foo")
    ferr("repo issues extra segment", "/repos/acme/widgets/issues/1", 404)
    ferr("repos without issues", "/repos/acme/widgets", 404)

    st, u = fget("/users/3")
    check("/users/3 object", st == 200 and u == users[2], u)
    st, h, b = get("/users/1?ignored=1")
    check("/users/1 exact number", st == 200 and
          b"12345678901234567890.123456789" in b)
    ferr("/users/9 404", "/users/9", 404, error="user not found", id="9")
    ferr("/users/abc 404", "/users/abc", 404, error="user not found")
    ferr("/users/ 404", "/users/", 404)
    fcheck("/users/1/events", "/users/1/events", [1])
    fcheck("/users/3/events", "/users/3/events", [1, 2, 3])
    fcheck("/users/8/events", "/users/8/events", [1, 2, 3, 4, 5])
    fcheck("/users/4/events filtered", "/users/4/events?kind=click", [2])
    fcheck("/users/5/events sorted", "/users/5/events?_sort=-id&_limit=2",
           [5, 4])
    ferr("/users/9/events 404", "/users/9/events", 404,
         error="user not found")
    ferr("/users/1/other 404", "/users/1/other", 404)
    st, h, b = get("/users")
    check("/users still the whole file", st == 200 and len(loads(b)) == 8)


def test_filter_log():
    get("/_reset")
    q = "id%5B%24in%5D=1&id[$in]=2&name[$like]=%25+%25"
    get("/filter/bracket/users?" + q, headers={"X-Test": "f"})
    get("/repos/zo%C3%AB/caf%C3%A9%20app/issues?state=open")
    get("/users/2/events")
    get("/filter/suffix/users?nope=1")
    st, h, b = get("/_requests")
    log = loads(b)
    check("filter requests logged",
          [(e["path"], e["query"]) for e in log] ==
          [("/filter/bracket/users", q),
           ("/repos/zo%C3%AB/caf%C3%A9%20app/issues", "state=open"),
           ("/users/2/events", ""),
           ("/filter/suffix/users", "nope=1")], log)
    check("filter request headers logged",
          log and log[0]["headers"].get("X-Test") == "f")


def test_search_prom():
    st, h, b = get("/search/users?q=O&since=2022-01-01")
    doc = loads(b)
    check("search q and since", st == 200 and doc["total"] == 3 and
          [r["id"] for r in doc["results"]] == [1, 2, 4] and
          all(set(r) == {"id", "name", "created_at"}
              for r in doc["results"]), doc)
    st, h, b = get("/search/users?q=zzz")
    check("search no rows", st == 200 and loads(b)["results"] == [], b)
    st, h, b = get("/search/users")
    check("search without q", st == 400, (st, b))
    st, h, b = get("/prom/api/v1/query?query=up")
    doc = loads(b)
    check("prom up", st == 200 and doc["status"] == "success" and
          [r["metric"]["job"] for r in doc["data"]["result"]] ==
          ["prometheus", "node"] and
          all("query" not in r for r in doc["data"]["result"]), doc)
    st, h, b = get("/prom/api/v1/query?query=rate%28http_requests_total"
                   "%5B5m%5D%29")
    doc = loads(b)
    check("prom rate", st == 200 and
          [r["value"][1] for r in doc["data"]["result"]] == ["0.5"], doc)
    st, h, b = get("/prom/api/v1/query?query=nothing")
    check("prom no series",
          st == 200 and loads(b)["data"]["result"] == [], b)
    st, h, b = get("/prom/api/v1/query")
    check("prom without query", st == 400 and
          loads(b)["errorType"] == "bad_data", (st, b))


# --------------------------------------------------------------------------
def start_server(tmp):
    global PORT
    port_file = os.path.join(tmp, "port")
    proc = subprocess.Popen(
        [sys.executable, SERVER, "--port", "0", "--port-file", port_file,
         "--data-dir", DATA, "--quiet"])
    deadline = time.monotonic() + 10
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("fixture server did not start")
        time.sleep(0.02)
    with open(port_file) as f:
        PORT = int(f.read().strip())
    return proc, port_file


def main():
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="fixture_selftest.")
    proc = None
    try:
        proc, port_file = start_server(tmp)
        check("port file", 0 < PORT < 65536, PORT)
        for t in (test_control, test_users, test_echo, test_status_delay,
                  test_bad, test_big, test_auth, test_404,
                  test_keepalive_and_log, test_filter_basics,
                  test_filter_numbers, test_filter_semantics,
                  test_filter_sort_limit_fields, test_filter_loose,
                  test_path_routes, test_filter_log, test_openapi,
                  test_search_prom):
            try:
                t()
            except Exception:
                check(t.__name__ + " raised", False, traceback.format_exc())
        # clean, prompt shutdown on SIGTERM
        ts = time.monotonic()
        proc.terminate()
        try:
            rc = proc.wait(5)
        except subprocess.TimeoutExpired:
            rc = None
        dt = time.monotonic() - ts
        check("SIGTERM exits promptly with 0", rc == 0 and dt < 2, (rc, dt))
        check("port file removed on exit", not os.path.exists(port_file))
    except Exception:
        check("harness", False, traceback.format_exc())
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        for f in os.listdir(tmp):
            os.unlink(os.path.join(tmp, f))
        os.rmdir(tmp)
    print("elapsed %.1f s" % (time.monotonic() - t0))
    print("%d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
