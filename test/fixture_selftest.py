#!/usr/bin/env python3
"""Self test for test/fixture_api.py (standard library only).

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
    check("big throughput >= 50 MB/s", mbps >= 50, mbps)

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
                  test_keepalive_and_log):
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
