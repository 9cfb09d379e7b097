#!/usr/bin/env python3
"""Fixture HTTP JSON API for the rest_fdw regression tests and demo.

Python 3.11 standard library only.  Listens on 127.0.0.1 only.

Usage
=====

    python3 test/fixture_api.py --port 0 --port-file PATH
                                [--data-dir test/data] [--quiet]
                                [--idle-timeout SECONDS]
                                [--tls-dir DIR --tls-port-file PATH]

  --port N           TCP port on 127.0.0.1; 0 picks a free port.
  --port-file PATH   after binding, the actual port number (decimal, followed
                     by a newline) is written to PATH atomically (temp file +
                     rename), so a reader never sees a partial file.  Wait for
                     the file to exist, then read it.  The file is removed
                     again when the server exits cleanly.
  --data-dir DIR     where users.json, events.json and issues.json live
                     (default: the "data" directory next to this
                     script, i.e. test/data).
  --quiet            do not log each request to stderr.
  --idle-timeout S   close a keep-alive connection that has been idle for S
                     seconds (default 0 = never).
  --tls-dir DIR      also serve HTTPS, with a certificate from a CA that is
                     created in DIR at start (needs the openssl command; see
                     "TLS listener" below); DIR/ca.crt is the CA to trust.
  --tls-port-file P  where the HTTPS port goes, as for --port-file; written
                     before the --port-file.

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
                    "connections_total": CT, "requests_total": RT,
                    "max_in_flight": M}]
                  C  = TCP connections accepted since the last /_reset (or
                       start).  The connection carrying the /_reset itself
                       was accepted before the reset, so if a client reuses
                       one connection for /_reset, its queries and /_stats,
                       C stays 0; every fresh connection adds 1.
                  R  = number of requests in the log (since the last reset).
                  CT, RT = the same, counted since server start.
                  M  = the most data requests answered at the same time
                       since the last reset (concurrent paging)
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

Fault injection
===============

  /faults/<mode>/<seed>/<path>   answered as <path>, with the body's bytes
                  split into seeded random pieces with random pauses between
                  them; <mode> "chunks" keeps the connection alive, "close"
                  closes it after the response.  The log records <path>.
                  See test/fixture_faults.py.

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

Filtering: /filter/<style>/<dataset> (query-parameter pushdown)
================================================================

For testing rest_fdw's params dialect against a server that really filters.
<dataset> is users, events or issues (test/data/issues.json: 12 GitHub-like
issues; see "issues.json row notes" below).  <style> is one of the six
parameter syntaxes below.  The response is a JSON array of the matching rows
(numbers re-emitted exactly as written), [] when nothing matches.  An
unknown style or dataset -> 404 {"error": "not found", "path": ...}.

Decoding.  The raw query string is split on "&" (empty pieces are skipped),
each piece at its first "=", and both halves are percent-decoded as UTF-8.
'+' is a LITERAL PLUS, not a space (RFC 3986; curl_easy_escape never
produces '+' for a space): send a space as %20.  A piece without "=" ->
400; invalid UTF-8 after decoding -> 400.  Every parameter is interpreted:
there are no ignored parameters.

Semantics (all styles):
  - Conditions are ANDed.  Each style says below when a repeated parameter
    means IN.
  - <column> is a key of the rows, or a dotted path into nested objects
    (address.city); dotted paths work for every operator, sort and fields.
  - A column that occurs in no row of the data set (in a filter, sort or
    field list) -> 400 {"error": "unknown column", "column": "<col>",
    "parameter": "<param name>"}.  Bad syntax (unknown operator, a limit
    that is not a non-negative integer, sort/fields/limit/offset given twice,
    a null test other than true/false ...) -> 400 {"error": "invalid query
    parameter", "parameter": ..., "detail": ...}.
  - The JSON type of the DATA value decides how the parameter text is read:
      number  the parameter is parsed as a number ([+-]digits[.digits]
              [e[+-]digits], or [+-]Infinity) and compared exactly
              (decimal; 1e2 = 100 = 100.0); unparsable -> 400 {"error":
              "invalid filter value", "parameter", "column", "detail"}.
              Checked against every row, so "age_gt=abc" is a 400 even
              when other conditions exclude all rows.
      bool    the parameter must be true or false (else 400); false < true.
      string  when both sides are ISO 8601 dates / date-times
              (YYYY-MM-DD[( |T)hh:mm[:ss[.frac]][Z|+hh[:mm]]]), they compare
              as instants (no offset = UTC; a date is its midnight UTC), so
              2023-12-31T23:59:59+02:00 = 2023-12-31T21:59:59Z; otherwise
              codepoint by codepoint (Python str order, no collation).  So
              users' "visits": "42" (a string) compares as text:
              visits_lt=100 does NOT match it ("42" > "100" as text).
      null / missing key
              never matches a comparison, IN or LIKE (SQL), also not _ne /
              not.eq; only the null tests see it.
      array / object
              never matches a comparison, IN or LIKE; only the null tests.
  - LIKE / ILIKE: the whole value must match; % = any run, _ = one
    character, \\ escapes the next character (a trailing \\ -> 400).  ILIKE
    is case-insensitive (Unicode).  Numbers match against their JSON text,
    bools against "true"/"false".
  - Sort: several keys, stable (ties keep data file order).  Numbers
    numerically, date-time strings as instants, other strings in codepoint
    order, bools false < true; mixed types: bools < numbers < date-time
    strings < other strings < arrays/objects.  NULL/missing sort last
    ascending and first descending (PostgreSQL's default) unless the style
    says otherwise.
  - Field list: each row keeps only the listed keys, in the listed order; a
    dotted field keeps just that nested value ({"address": {"city": ...}});
    a key the row lacks stays absent.  An empty list (e.g. "_fields=")
    returns {} for every row.
  - Order of application: filter, sort, offset, limit, field list.

The styles (OP = the operator, v = a value):

  plain     col=v                 equality
            col=v1&col=v2         the same column repeated: IN (v1, v2)
            nothing else: every parameter name must be a column.

  suffix    (json-server like)
            col=v                 =   (repeated: IN, as in plain)
            col_ne=v              <>
            col_lt=v  col_lte=v   <   <=
            col_gt=v  col_gte=v   >   >=
            col_in=a,b,c          IN; split at every comma (no quoting, so
                                  a value with a comma cannot be sent);
                                  col_in= is IN ('')
            col_like=pat          LIKE
            col_ilike=pat         ILIKE
            col_null=true|false   IS NULL / IS NOT NULL
            _sort=col1,-col2      ORDER BY col1, col2 DESC
            _fields=a,b           column list
            _limit=N  _offset=N
            A name that is a column is always equality (a column named
            x_lt would win over x + _lt).  Repeated suffixed conditions are
            ANDed.

  loose     the suffix syntax, deliberately looser than SQL (the answer is a
            superset of SQL's; rest_fdw must re-check locally):
            col=v and col_in= compare strings case-insensitively
            (casefold), col_gt= acts as >= and col_lt= as <=.  Everything
            else (_ne, _lte, _gte, _like, ...) is exactly as in suffix.

  colon     col:eq=v  col:ne=v  col:lt=v  col:lte=v  col:gt=v  col:gte=v
            col:in=a,b            (split at every comma, as in suffix)
            col:like=pat  col:ilike=pat
            col:null=true|false
            sort=col:asc,col2:desc    (direction optional, default asc)
            fields=a,b   limit=N   offset=N
            A bare col=v (no operator) -> 400.  Repeated conditions ANDed.

  postgrest PostgREST's syntax:
            col=eq.v  neq.v  lt.v  lte.v  gt.v  gte.v
            col=in.(a,b,"c,d")    double-quoted items may contain commas
                                  and parentheses; in a quoted item \\
                                  escapes the next character (\\" \\\\);
                                  in.() is the empty list
            col=like.pat  col=ilike.pat   both % and * are "any run"
            col=is.null  is.true  is.false  (is.unknown = is.null;
                                  is.true/is.false match bool data only)
            col=not.<any of the above>   SQL NOT: not.eq.v still never
                                  matches NULL; not.is.null = IS NOT NULL;
                                  not.is.true matches false AND null
            select=a,b  (select=* = every key)
            order=a.asc,b.desc    each item col[.asc|.desc][.nullsfirst|
                                  .nullslast]; a dotted column works
                                  (address.city.desc)
            limit=N   offset=N
            The value is split at the first "." only (eq.1.5 is "1.5").
            Repeated conditions are ANDed (id=gt.1&id=lt.4).  or=/and=
            groups are not supported (400 unknown column "or").

  bracket   col[$eq]=v  col[$ne]=v  col[$lt]=v  col[$lte]=v  col[$gt]=v
            col[$gte]=v  col[$like]=pat  col[$ilike]=pat
            col[$null]=true|false
            col[$in]=a&col[$in]=b         IN (a, b): one item per parameter
            col[$in][0]=a&col[$in][1]=b   (same; also col[$in][]=a); the
                                          value is never split at commas
            sort=col:asc,col2:desc  (as in colon)
            fields[0]=a&fields[1]=b  (ordered by index; fields[]=a and
                                      fields=a,b also work)
            limit=N   offset=N
            The brackets may be sent raw or percent-encoded (%5B%24eq%5D).
            A bare col=v -> 400.  Repeated non-$in conditions ANDed.

Path-key routes (for {column} placeholders in the path option)
==============================================================

Path segments are split at "/" first, then percent-decoded (so %2F is a
slash inside a value, %20 a space, '+' a plus).

  /repos/<owner>/<repo>/issues
          the issues of issues.json whose owner and repo equal the segments
          exactly (case-sensitive), in file order, WITHOUT the owner and
          repo keys; an unknown owner/repo gives [] (not 404).  Takes the
          suffix-style parameters (the columns are number, title, state,
          labels, created_at, comments; owner=... is an unknown column).
          e.g. /repos/acme/widgets/issues?state=open&_sort=-number
          /repos/zo%C3%AB/caf%C3%A9%20app/issues
                                          (owner zoë, repo "café app")
  /users/<id>
          the user with that id as a single JSON object; <id> must be
          decimal digits; no such user -> 404 {"error": "user not found",
          "id": "<id>"}.  Query parameters are ignored.
  /users/<id>/events
          events whose id <= <id> (user 1 -> event 1, user 3 -> events 1..3,
          users 5..8 -> all 5), as they are in events.json (no user id key);
          404 as above when there is no such user.  Takes the suffix-style
          parameters.

issues.json row notes (number is per repository, so it repeats):
  acme/widgets     #1 "Crash on startup"  #2 "crash in parser when input is
                   empty"  #3 "Add dark mode" (closed)  #4 "a&b=c #4 100% +
                   more: café ☕" (comments null)  #5 "Docs: typo in README"
                   (closed, labels [])
  acme/gadgets     #1 "Battery drains fast"  #2 "Support USB-C" (closed)
                   #3 "50%_off label shows the wrong price"
  octo/hello-world #1 "Hello, world!" (closed)  #2 "Ünïcödé title: naïve
                   façade"  #3 "CRASH when the emoji 🚀 is typed"
  zoë/café app     #1 Quotes "double" and 'single' (closed; the title
                   holds both quote characters)
  state open: 7 rows, closed: 5.  created_at all ...Z, 2021..2024;
  comments 3, 0, 12, null, 1, 7, 4, 2, 0, 5, 9, 1.

HTTP client endpoints: pagination, faults, redirects, encodings
===============================================================

For testing rest_fdw's HTTP client.  Every one is recorded in the request
log like any other endpoint.

Pagination: /pages/<style>
  The rows are the users (8, in file order) or, with rows=N, the /big rows
  1..N.  Any style takes latency=MS (sleep before answering, at most 10000;
  per page, so a client that overlaps pages finishes sooner) and max=N (the
  server's largest page, default 100; bigger requests are cut to it).  Page
  sizes default to 3.  latency_from=K delays only the pages that start at
  row K (0-based) or later.  Bad numbers -> 400.

  /pages/offset   offset=K (default 0), limit=N -> rows K..K+N-1 as
                  {"items": [...], "total": T}.  size_name=X / offset_name=Y
                  rename the two parameters (e.g. size_name=take&offset_name=skip).
  /pages/page     page=P (default base), per_page=N, base=B (first page
                  number, default 1) -> {"items": [...], "total": T}.
                  size_name / page_name rename the parameters.  clamp=1
                  answers a page past the end with the last page again
                  (json-server 1.0).  meta=1 (also for offset) puts
                  "pages": P, "next": P+1 | null and "has_more": true |
                  false before the items (offset: only has_more).
                  echo_prefix=K starts every page but the first with the
                  first K rows of the page before it.
  /pages/cursor   cursor=C (opaque; none = the start), limit=N ->
                  {"items": [...], "next_cursor": "<C'>" | null}; null on the
                  last page.  cursor_at=start puts next_cursor before items;
                  stuck=1 always answers the same cursor (a broken API);
                  cycle=1 goes round two cursors (none, C1, C0, C1, ...);
                  ignore_cursor=1 always answers the first rows (with the
                  next cursor the given one implies).
  /pages/next_url after=K, limit=N -> {"items": [...], "links": {"next": U}}
                  with U null on the last page, else the same path and query
                  with after advanced, written as form= says: relative
                  (default, "/pages/next_url?..."), absolute
                  ("http://127.0.0.1:PORT/..."), other (the same port under
                  the host name "localhost": another host to a client),
                  bare (relative to the directory: "next_url?..."), escaped
                  (relative, with every "/" written "\\/" in the JSON).
                  stuck=1 names the page itself as the next one; cycle=1
                  goes round (none, after=N, after=0, after=N, ...).
  /pages/range    PostgREST's Range paging: request headers "Range-Unit: items"
                  and "Range: A-B" (inclusive) -> rows A..B as a plain JSON
                  array, 206 (200 when that is every row) with
                  "Content-Range: A-B/T"; 416 when A is past the end; no
                  Range header: every row, 200.
  /pages/link     page=P (default 1), per_page=N -> a plain JSON array, and
                  Link: <absolute URL of P+1>; rel="next" (left out on the
                  last page), <...last page...>; rel="last".  form=other
                  puts the next link on host "localhost".

Faults
  /flaky/<what>/<times>/<key>/<rest>
                  the first <times> requests with this <key> (counted since
                  the last /_reset) fail, later ones are served as /<rest>
                  (with the query string).  <what> is an HTTP status 400..599
                  (body {"error": "flaky <what>", "try": n}; with ra=S a
                  "Retry-After: S" header, with ra=date:S an HTTP-date S
                  seconds ahead), or "reset": the connection is closed with a
                  TCP reset before any response.
  /stall/<ms>?rows=N&after=B
                  /big?rows=N (chunked), but after the first B bytes
                  (default 100) the body stops for <ms> ms, then the rest.
  /reset_mid_body/<B>?rows=N
                  the first B bytes of /big?rows=N (chunked), then a TCP reset.

Redirects (body {"redirect": true}, Content-Length set)
  /redirect/<code>/<n>/<rest>
                  <n> hops of status <code> on this host (relative Location:
                  /redirect/<code>/<n-1>/<rest>), then Location: /<rest>; the
                  query string is kept.
  /redirect_other/<code>/<rest>
                  Location: http://localhost:PORT/<rest>: the same server
                  under another host name.
  /redirect_scheme
                  302 to ftp://127.0.0.1/users.

Encodings: /encoded/<enc>/<source>
  <enc> is gzip, deflate (zlib format, as HTTP means it) or br; <source> is
  users or big (with ?rows=N).  The body is the source compressed, with
  Content-Encoding: <enc> and X-Decoded-Length: <bytes before compression>.
  br uses the brotli module if Python has it, else the brotli command line
  tool (Debian package "brotli"), else a valid brotli stream of
  uncompressed meta-blocks (RFC 7932 9.2).

TLS listener (--tls-dir DIR --tls-port-file PATH)
  At start, openssl creates a throw-away CA (DIR/ca.crt, the file clients
  must trust) and a certificate for 127.0.0.1 and localhost signed by it,
  and a second listener serves every endpoint above over HTTPS on its own
  port (written to PATH like --port-file).  Both listeners share the
  request log, the connection counters and the /flaky counters.

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

import fixture_faults
import fixture_hostile  # noqa: E402  (test/fixture_hostile.py: /hostile/)
import fixture_limits

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
        self.filter = FilterData(data_dir)  # query-parameter filtering


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


# ==========================================================================
# Query-parameter filtering: /filter/<style>/<dataset> and the path-key
# routes /repos/<owner>/<repo>/issues, /users/<id>, /users/<id>/events.
# Documented in the docstring under "Filtering".  Everything for these
# endpoints lives in this section; the router calls serve_filter_route().
# ==========================================================================
import datetime as _dt              # noqa: E402  (kept inside this section)
import decimal as _decimal          # noqa: E402
import functools as _functools      # noqa: E402
import re as _re                    # noqa: E402

FILTER_ROUTE_PREFIXES = ("/filter/", "/repos/", "/users/")
FILTER_STYLES = ("plain", "suffix", "loose", "colon", "postgrest", "bracket")
FILTER_DATASETS = ("users", "events", "issues")


class FilterError(Exception):
    """Ends a filter request with an HTTP status and a JSON error body."""

    def __init__(self, status, body):
        super().__init__(body.get("error"))
        self.status = status
        self.body = body


def _bad_param(param, detail):
    return FilterError(400, {"error": "invalid query parameter",
                             "parameter": param, "detail": detail})


def _unknown_column(param, column):
    return FilterError(400, {"error": "unknown column", "column": column,
                             "parameter": param})


def _column_paths(rows):
    """Every key and dotted path into nested objects found in any row."""
    paths = set()

    def walk(obj, prefix):
        for k, v in obj.items():
            paths.add(prefix + k)
            if isinstance(v, dict):
                walk(v, prefix + k + ".")
    for r in rows:
        if isinstance(r, dict):
            walk(r, "")
    return paths


class FilterData:
    """The parsed data sets behind the filter endpoints (read-only)."""

    def __init__(self, data_dir):
        self.rows = {}
        for name in FILTER_DATASETS:
            with open(os.path.join(data_dir, name + ".json"), "rb") as f:
                self.rows[name] = load_json_exact(f.read())
        self.columns = {n: _column_paths(r) for n, r in self.rows.items()}
        # issues as /repos/<owner>/<repo>/issues serves them: without the
        # keys that the path supplies
        self.repo_issues = [
            (r.get("owner"), r.get("repo"),
             {k: v for k, v in r.items() if k not in ("owner", "repo")})
            for r in self.rows["issues"]]
        self.repo_issue_columns = _column_paths(
            [r for _, _, r in self.repo_issues])


def _pct_decode(text, param=None):
    """Percent-decode as UTF-8; '+' stays a literal plus (not a space)."""
    try:
        return urllib.parse.unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        raise _bad_param(param if param is not None else text,
                         "percent-decoded text is not valid UTF-8")


def _parse_query(query):
    """[(name, value)] in order; empty pieces skipped; "name" alone -> 400."""
    out = []
    for piece in query.split("&"):
        if not piece:
            continue
        k, sep, v = piece.partition("=")
        name = _pct_decode(k)
        if not sep:
            raise _bad_param(name, "query parameter without '='")
        out.append((name, _pct_decode(v, name)))
    return out


# -- values -----------------------------------------------------------------
_NUMBER_RE = _re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")
_DATETIME_RE = _re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
    r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?\Z")


class _BadValue(Exception):
    pass


def _lookup(row, column):
    """row[column]; a dotted column walks nested objects; missing -> None."""
    if column in row:
        return row[column]
    cur = row
    for part in column.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def _parse_number(text):
    if _NUMBER_RE.match(text):
        return _decimal.Decimal(text)
    if text in ("Infinity", "+Infinity", "-Infinity"):
        return _decimal.Decimal(text)
    raise _BadValue("%s is not a number" % json.dumps(text,
                                                      ensure_ascii=False))


def _parse_datetime(text):
    """An aware datetime for ISO 8601 text (naive = UTC), else None."""
    if not _DATETIME_RE.match(text):
        return None
    # fromisoformat before Python 3.11 takes only the forms it writes:
    # "+HH:MM" for the offset (no "Z"), and 3 or 6 digits after a "."
    m = _re.match(r"(.{10}[T ][\d:]+)(?:[.,](\d+))?([Zz]|[+-][\d:]+)?\Z",
                  text)
    frac, offset = (m.group(2), m.group(3)) if m else (None, None)
    text = m.group(1) if m else text
    if frac:
        text += "." + (frac + "000000")[:6]
    if offset in ("Z", "z"):
        text += "+00:00"
    elif offset:
        digits = offset[1:].replace(":", "")
        text += offset[0] + digits[:2] + ":" + (digits[2:] or "00")
    try:
        d = _dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=_dt.timezone.utc)
    return d


def _cmp(a, b):
    return (a > b) - (a < b)


def _compare(value, param, ci=False):
    """Compare a non-null scalar data value with parameter text: <0, 0, >0.

    The JSON type of the data value decides how the text is read."""
    if isinstance(value, bool):
        if param not in ("true", "false"):
            raise _BadValue("%s is not true or false"
                            % json.dumps(param, ensure_ascii=False))
        return _cmp(value, param == "true")
    if isinstance(value, RawNumber):
        return _cmp(_decimal.Decimal(value), _parse_number(param))
    dv = _parse_datetime(value)
    dp = _parse_datetime(param) if dv is not None else None
    if dp is not None:
        return _cmp(dv, dp)
    if ci:
        return _cmp(value.casefold(), param.casefold())
    return _cmp(value, param)


@_functools.lru_cache(maxsize=256)
def _like_regex(pattern, ci, star):
    """SQL LIKE pattern -> compiled regex ('\\' escapes, % and _ wildcards;
    with star, '*' is a wildcard too, as in PostgREST)."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 == len(pattern):
                raise _BadValue("LIKE pattern must not end with escape "
                                "character")
            out.append(_re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "%" or (star and c == "*"):
            out.append(".*")
        elif c == "_":
            out.append(".")
        else:
            out.append(_re.escape(c))
        i += 1
    return _re.compile("".join(out),
                       _re.DOTALL | (_re.IGNORECASE if ci else 0))


def _like_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)               # strings and RawNumber (its JSON text)


# -- conditions -------------------------------------------------------------
class Cond:
    """column OP arg.  op: eq ieq ne lt le gt ge in iin like ilike
    (arg = text, a list for in/iin), null (arg True = IS NULL, False = IS
    NOT NULL), istrue, isfalse.  neg: PostgREST's not. prefix."""
    __slots__ = ("param", "column", "op", "arg", "neg", "star")

    def __init__(self, param, column, op, arg, neg=False, star=False):
        self.param, self.column, self.op, self.arg = param, column, op, arg
        self.neg, self.star = neg, star

    def test(self, row):
        """True / False / None (SQL's three-valued result)."""
        v = _lookup(row, self.column)
        op = self.op
        if op == "null":
            r = (v is None) == self.arg
        elif op == "istrue":
            r = v is True
        elif op == "isfalse":
            r = v is False
        elif v is None or isinstance(v, (list, dict)):
            return None             # NULL never matches; nor do non-scalars
        elif op in ("like", "ilike"):
            r = _like_regex(self.arg, op == "ilike", self.star) \
                .fullmatch(_like_text(v)) is not None
        elif op in ("in", "iin"):
            cs = [_compare(v, a, op == "iin") for a in self.arg]
            r = 0 in cs
        else:
            c = _compare(v, self.arg, op == "ieq")
            r = {"eq": c == 0, "ieq": c == 0, "ne": c != 0, "lt": c < 0,
                 "le": c <= 0, "gt": c > 0, "ge": c >= 0}[op]
        # (a NULL or non-scalar value returned None above, also under not.)
        return not r if self.neg else r

    def match(self, row):
        try:
            return self.test(row) is True
        except _BadValue as e:
            raise FilterError(400, {
                "error": "invalid filter value", "parameter": self.param,
                "column": self.column, "detail": str(e)})


class FilterQuery:
    def __init__(self, columns):
        self.columns = columns
        self.conds = []
        self.sort = None            # [(column, desc, nulls_first)]
        self.fields = None          # [column] or None = every key
        self.limit = None
        self.offset = 0
        self._seen = set()

    def column(self, param, column):
        if column not in self.columns:
            raise _unknown_column(param, column)
        return column

    def add(self, param, column, op, arg, neg=False, star=False):
        self.column(param, column)
        if op in ("like", "ilike"):
            try:
                _like_regex(arg, op == "ilike", star)
            except _BadValue as e:
                raise _bad_param(param, str(e))
        self.conds.append(Cond(param, column, op, arg, neg, star))

    def once(self, param):
        if param in self._seen:
            raise _bad_param(param, "given more than once")
        self._seen.add(param)

    def set_int(self, param, value, attr):
        self.once(param)
        if not value.isdigit() or not value.isascii():
            raise _bad_param(param, "not a non-negative integer")
        setattr(self, attr, int(value))

    def set_fields(self, param, names):
        self.fields = [self.column(param, n) for n in names]

    def run(self, rows):
        # every condition sees every row, so a bad value is always a 400,
        # whatever the other conditions say
        keep = []
        for r in rows:
            ok = [c.match(r) for c in self.conds]
            if all(ok):
                keep.append(r)
        if self.sort:
            keep.sort(key=_functools.cmp_to_key(
                lambda a, b: _row_cmp(a, b, self.sort)))
        keep = keep[self.offset:]
        if self.limit is not None:
            keep = keep[:self.limit]
        if self.fields is not None:
            keep = [_project(r, self.fields) for r in keep]
        return keep


def _sort_key(v):
    if isinstance(v, bool):
        return (0, int(v))
    if isinstance(v, RawNumber):
        return (1, _decimal.Decimal(v))
    if isinstance(v, str):
        d = _parse_datetime(v)
        return (2, (0, d, "") if d is not None else (1, None, v))
    return (3, dump_json_exact(v))


def _row_cmp(a, b, specs):
    for column, desc, nulls_first in specs:
        x, y = _lookup(a, column), _lookup(b, column)
        if x is None or y is None:
            if x is None and y is None:
                continue
            first = -1 if nulls_first else 1
            return first if x is None else -first
        c = _cmp(_sort_key(x), _sort_key(y))
        if c:
            return -c if desc else c
    return 0


def _project(row, fields):
    out = {}
    for f in fields:
        if f in row:
            out[f] = row[f]
            continue
        parts = f.split(".")
        v = row
        for p in parts:
            if not isinstance(v, dict) or p not in v:
                break
            v = v[p]
        else:
            dst = out
            for p in parts[:-1]:
                dst = dst.setdefault(p, {})
            dst[parts[-1]] = v
    return out


def _names(param, value):
    """a,b,c -> [a, b, c]; "" -> []; an empty item -> 400."""
    if value == "":
        return []
    names = value.split(",")
    if "" in names:
        raise _bad_param(param, "empty item in list")
    return names


def _colon_sort(q, param, value):
    """col:asc,col2:desc (direction optional, default asc)."""
    q.once(param)
    specs = []
    for item in _names(param, value):
        col, sep, d = item.rpartition(":")
        if not sep:
            col, d = item, "asc"
        elif d not in ("asc", "desc"):
            raise _bad_param(param, "sort direction must be asc or desc: "
                             + item)
        q.column(param, col)
        specs.append((col, d == "desc", d == "desc"))
    q.sort = specs


# -- styles -----------------------------------------------------------------
_SUFFIX_OPS = (("_ilike", "ilike"), ("_like", "like"), ("_null", "null"),
               ("_lte", "le"), ("_gte", "ge"), ("_ne", "ne"), ("_lt", "lt"),
               ("_gt", "gt"), ("_in", "in"))
_WORD_OPS = {"eq": "eq", "ne": "ne", "lt": "lt", "lte": "le", "gt": "gt",
             "gte": "ge", "in": "in", "like": "like", "ilike": "ilike",
             "null": "null"}


def _null_arg(param, value):
    if value not in ("true", "false"):
        raise _bad_param(param, "must be true or false")
    return value == "true"


def _add_equalities(q, eqs):
    """col=v once is =; the same col repeated is IN (v1, v2, ...)."""
    for col, (param, vals) in eqs.items():
        if len(vals) == 1:
            q.add(param, col, "eq", vals[0])
        else:
            q.add(param, col, "in", vals)


def parse_plain(params, columns):
    q = FilterQuery(columns)
    eqs = {}
    for k, v in params:
        q.column(k, k)
        eqs.setdefault(k, (k, []))[1].append(v)
    _add_equalities(q, eqs)
    return q


def parse_suffix(params, columns, loose=False):
    q = FilterQuery(columns)
    eqs = {}
    for k, v in params:
        if k == "_sort":
            q.once(k)
            specs = []
            for item in _names(k, v):
                desc = item.startswith("-")
                col = item[1:] if desc else item
                specs.append((q.column(k, col), desc, desc))
            q.sort = specs
        elif k == "_fields":
            q.once(k)
            q.set_fields(k, _names(k, v))
        elif k == "_limit":
            q.set_int(k, v, "limit")
        elif k == "_offset":
            q.set_int(k, v, "offset")
        elif k in columns:
            eqs.setdefault(k, (k, []))[1].append(v)
        else:
            for suf, op in _SUFFIX_OPS:
                if k.endswith(suf) and len(k) > len(suf):
                    col = k[:-len(suf)]
                    break
            else:
                raise _unknown_column(k, k)
            if op == "null":
                q.add(k, col, op, _null_arg(k, v))
            elif op == "in":
                q.add(k, col, op, v.split(","))
            else:
                q.add(k, col, op, v)
    _add_equalities(q, eqs)
    if loose:
        # looser than SQL, never stricter: the remote answer is a superset
        widen = {"eq": "ieq", "in": "iin", "gt": "ge", "lt": "le"}
        for c in q.conds:
            c.op = widen.get(c.op, c.op)
    return q


def parse_loose(params, columns):
    return parse_suffix(params, columns, loose=True)


def parse_colon(params, columns):
    q = FilterQuery(columns)
    for k, v in params:
        if k == "sort":
            _colon_sort(q, k, v)
        elif k == "fields":
            q.once(k)
            q.set_fields(k, _names(k, v))
        elif k == "limit":
            q.set_int(k, v, "limit")
        elif k == "offset":
            q.set_int(k, v, "offset")
        else:
            col, sep, word = k.rpartition(":")
            if not sep:
                if k in columns:
                    raise _bad_param(k, "an operator is required, e.g. "
                                     + k + ":eq=value")
                raise _unknown_column(k, k)
            op = _WORD_OPS.get(word)
            if op is None:
                q.column(k, col)
                raise _bad_param(k, "unknown operator " + word)
            if op == "null":
                q.add(k, col, op, _null_arg(k, v))
            elif op == "in":
                q.add(k, col, op, v.split(","))
            else:
                q.add(k, col, op, v)
    return q


_BRACKET_RE = _re.compile(r"(.+?)\[\$([A-Za-z]+)\](?:\[(\d*)\])?\Z")
_FIELDS_RE = _re.compile(r"fields\[(\d*)\]\Z")


def parse_bracket(params, columns):
    q = FilterQuery(columns)
    ins = {}
    fields = []
    for pos, (k, v) in enumerate(params):
        if k == "sort":
            _colon_sort(q, k, v)
        elif k == "limit":
            q.set_int(k, v, "limit")
        elif k == "offset":
            q.set_int(k, v, "offset")
        elif k == "fields" or _FIELDS_RE.match(k):
            m = _FIELDS_RE.match(k)
            idx = int(m.group(1)) if m and m.group(1) else None
            names = _names(k, v) if k == "fields" else [v]
            for n in names:
                fields.append((idx if idx is not None else float("inf"),
                               pos, q.column(k, n)))
        else:
            m = _BRACKET_RE.match(k)
            if not m:
                if k in columns:
                    raise _bad_param(k, "an operator is required, e.g. "
                                     + k + "[$eq]=value")
                raise _unknown_column(k, k)
            col, word, idx = m.groups()
            op = _WORD_OPS.get(word)
            q.column(k, col)
            if op is None:
                raise _bad_param(k, "unknown operator $" + word)
            if idx is not None and op != "in":
                raise _bad_param(k, "only $in takes an index")
            if op == "in":
                ins.setdefault(col, (k, []))[1].append(v)
            elif op == "null":
                q.add(k, col, op, _null_arg(k, v))
            else:
                q.add(k, col, op, v)
    for col, (param, vals) in ins.items():
        q.add(param, col, "in", vals)
    if fields:
        fields.sort(key=lambda t: (t[0], t[1]))
        q.fields = [n for _, _, n in fields]
    return q


_PGRST_OPS = {"eq": "eq", "neq": "ne", "lt": "lt", "lte": "le", "gt": "gt",
              "gte": "ge", "in": "in", "like": "like", "ilike": "ilike",
              "is": "is"}


def _pgrst_list(param, text):
    """PostgREST's in.(a,b,"c,d"): double quotes protect commas and
    parentheses; inside them \\ escapes the next character."""
    if len(text) < 2 or text[0] != "(" or text[-1] != ")":
        raise _bad_param(param, "in. needs a list in parentheses: in.(a,b)")
    body = text[1:-1]
    if body == "":
        return []
    items = []
    i = 0
    n = len(body)
    while True:
        if i < n and body[i] == '"':
            i += 1
            buf = []
            while i < n and body[i] != '"':
                if body[i] == "\\" and i + 1 < n:
                    i += 1
                buf.append(body[i])
                i += 1
            if i >= n:
                raise _bad_param(param, "unterminated double quote in list")
            i += 1
            if i < n and body[i] != ",":
                raise _bad_param(param, "text after a quoted list item")
            items.append("".join(buf))
        else:
            j = body.find(",", i)
            j = n if j < 0 else j
            items.append(body[i:j])
            i = j
        if i >= n:
            return items
        i += 1                      # the comma


def parse_postgrest(params, columns):
    q = FilterQuery(columns)
    for k, v in params:
        if k == "select":
            q.once(k)
            if v != "*":
                q.set_fields(k, _names(k, v))
        elif k == "order":
            q.once(k)
            specs = []
            for item in _names(k, v):
                parts = item.split(".")
                desc = None
                nulls = None
                while len(parts) > 1 and parts[-1] in (
                        "asc", "desc", "nullsfirst", "nullslast"):
                    t = parts.pop()
                    if t in ("asc", "desc"):
                        desc = t == "desc" if desc is None else desc
                    else:
                        nulls = t == "nullsfirst" if nulls is None else nulls
                desc = bool(desc)
                col = q.column(k, ".".join(parts))
                specs.append((col, desc, desc if nulls is None else nulls))
            q.sort = specs
        elif k == "limit":
            q.set_int(k, v, "limit")
        elif k == "offset":
            q.set_int(k, v, "offset")
        else:
            q.column(k, k)
            neg = v.startswith("not.")
            rest = v[4:] if neg else v
            word, sep, arg = rest.partition(".")
            op = _PGRST_OPS.get(word) if sep else None
            if op is None:
                raise _bad_param(k, "expected operator.value, e.g. eq.5")
            if op == "is":
                kind = {"null": ("null", True), "unknown": ("null", True),
                        "true": ("istrue", None),
                        "false": ("isfalse", None)}.get(arg)
                if kind is None:
                    raise _bad_param(k, "is. takes null, true, false or "
                                     "unknown")
                q.add(k, k, kind[0], kind[1], neg)
            elif op == "in":
                q.add(k, k, "in", _pgrst_list(k, arg), neg)
            else:
                q.add(k, k, op, arg, neg, star=op in ("like", "ilike"))
    return q


FILTER_PARSERS = {"plain": parse_plain, "suffix": parse_suffix,
                  "loose": parse_loose, "colon": parse_colon,
                  "postgrest": parse_postgrest, "bracket": parse_bracket}


# -- routes -----------------------------------------------------------------
def _json_bytes(obj):
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _rows_bytes(rows):
    return dump_json_exact(rows).encode("utf-8")


def filter_route(fd, path, query):
    """(status, body bytes) for a path under FILTER_ROUTE_PREFIXES."""
    not_found = FilterError(404, {"error": "not found", "path": path})
    try:
        seg = [_pct_decode(s) for s in path.split("/")[1:]]
    except FilterError:
        raise not_found
    if len(seg) == 3 and seg[0] == "filter":
        style, dataset = seg[1], seg[2]
        if style not in FILTER_PARSERS or dataset not in fd.rows:
            raise not_found
        q = FILTER_PARSERS[style](_parse_query(query), fd.columns[dataset])
        return 200, _rows_bytes(q.run(fd.rows[dataset]))
    if len(seg) == 4 and seg[0] == "repos" and seg[3] == "issues":
        rows = [r for o, p, r in fd.repo_issues
                if o == seg[1] and p == seg[2]]
        q = parse_suffix(_parse_query(query), fd.repo_issue_columns)
        return 200, _rows_bytes(q.run(rows))
    if len(seg) in (2, 3) and seg[0] == "users":
        if len(seg) == 3 and seg[2] != "events":
            raise not_found
        user = None
        if _re.fullmatch(r"[0-9]+", seg[1]):
            for u in fd.rows["users"]:
                if int(u["id"]) == int(seg[1]):
                    user = u
                    break
        if user is None:
            raise FilterError(404, {"error": "user not found", "id": seg[1]})
        if len(seg) == 2:
            return 200, _rows_bytes(user)
        events = [e for e in fd.rows["events"]
                  if int(e["id"]) <= int(user["id"])]
        q = parse_suffix(_parse_query(query), fd.columns["events"])
        return 200, _rows_bytes(q.run(events))
    raise not_found


def serve_filter_route(handler, path, query):
    """Router entry point for FILTER_ROUTE_PREFIXES paths."""
    try:
        status, body = filter_route(handler.server.data.filter, path, query)
    except FilterError as e:
        status, body = e.status, _json_bytes(e.body)
    handler.send_bytes(status, body)


# --------------------------------------------------------------------------
# HTTP client behaviour: pagination, faults, redirects, encodings, TLS
# (see "HTTP client endpoints" in the docstring)
# --------------------------------------------------------------------------
import email.utils as _email_utils  # noqa: E402  (kept inside this section)
import gzip as _gzip                # noqa: E402
import shutil as _shutil            # noqa: E402
import ssl as _ssl                  # noqa: E402
import struct as _struct            # noqa: E402
import subprocess as _subprocess    # noqa: E402
import zlib as _zlib                # noqa: E402

try:
    import brotli as _brotli        # python3-brotli (Debian), optional
except ImportError:
    _brotli = None

CLIENT_ROUTE_PREFIXES = ("/pages/", "/flaky/", "/stall/", "/reset_mid_body/",
                         "/redirect/", "/redirect_other/", "/redirect_scheme",
                         "/encoded/")
PAGE_MAX_LATENCY_MS = 10000


class ClientState:
    """Per-key counters of /flaky; cleared by /_reset."""

    def __init__(self):
        self.lock = threading.Lock()
        self.flaky = {}

    def reset(self):
        with self.lock:
            self.flaky = {}

    def bump(self, key):
        with self.lock:
            n = self.flaky.get(key, 0) + 1
            self.flaky[key] = n
            return n


CLIENT_STATE = ClientState()
_user_rows_cache = {}


def _user_rows(data):
    """The users as a list of JSON texts (numbers as written)."""
    rows = _user_rows_cache.get(id(data))
    if rows is None:
        rows = [dump_json_exact(u) for u in load_json_exact(data.users_raw)]
        _user_rows_cache[id(data)] = rows
    return rows


def _int_param(params, name, default, lo=0, hi=10 ** 9):
    v = params.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v)
    except ValueError:
        raise BadRequest("%s must be an integer" % name)
    if not lo <= n <= hi:
        raise BadRequest("%s out of range" % name)
    return n


def _page_rows(h, params, lo, n):
    """Rows lo .. lo+n-1 (0-based) of the data set, and the total."""
    if "rows" in params:
        total = _int_param(params, "rows", 0)
        hi = min(total, lo + n)
        return (big_rows(lo + 1, hi + 1) if hi > lo else []), total
    rows = _user_rows(h.server.data)
    return rows[lo:lo + n], len(rows)


def _origin(h, other=False):
    scheme = "https" if getattr(h.server, "is_tls", False) else "http"
    host = "localhost" if other else "127.0.0.1"
    return "%s://%s:%d" % (scheme, host, h.server.server_address[1])


def _with(query_pairs, **changes):
    """The query pairs with some values replaced (None removes)."""
    out = [(k, v) for k, v in query_pairs if k not in changes]
    out += [(k, str(v)) for k, v in changes.items() if v is not None]
    return urllib.parse.urlencode(out)


def _encode_cursor(offset):
    return base64.urlsafe_b64encode(b"o=%d" % offset).decode().rstrip("=")


def _decode_cursor(token):
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        if not raw.startswith(b"o="):
            raise ValueError
        return int(raw[2:])
    except (ValueError, binascii.Error):
        raise BadRequest("bad cursor")


def _pages(h, style, query):
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    params = dict(pairs)
    latency = _int_param(params, "latency", 0, 0, PAGE_MAX_LATENCY_MS)
    latency_from = _int_param(params, "latency_from", 0)
    cap = _int_param(params, "max", 100, 1)
    path = "/pages/" + style
    extra = []

    def wait(first_row):
        if latency and first_row >= latency_from:
            time.sleep(latency / 1000.0)

    if style in ("offset", "page"):
        size_name = params.get("size_name", "limit" if style == "offset"
                               else "per_page")
        size = min(_int_param(params, size_name, 3, 0), cap)
        if style == "offset":
            lo = _int_param(params, params.get("offset_name", "offset"), 0)
        else:
            base = _int_param(params, "base", 1)
            page = _int_param(params, params.get("page_name", "page"), base)
            if page < base:
                raise BadRequest("page before the first")
            if params.get("clamp") == "1" and size:
                # json-server 1.0: a page past the end is the last page
                _, total = _page_rows(h, params, 0, 0)
                page = min(page, base + max(0, -(-total // size) - 1))
            lo = (page - base) * size
        wait(lo)
        rows, total = _page_rows(h, params, lo, size)
        more = lo + len(rows) < total
        echo = _int_param(params, "echo_prefix", 0)
        if echo and lo >= size and rows:
            # a page that starts with the previous page's first rows
            rows = _page_rows(h, params, lo - size, min(echo, size))[0] + rows
        meta = ""
        if params.get("meta") == "1":
            pages = -(-total // size) if size else 0
            if style == "page":
                meta = '"pages": %d, "next": %s, ' % (
                    pages, page + 1 if more else "null")
            meta += '"has_more": %s, ' % ("true" if more else "false")
        body = '{%s"items": [%s], "total": %d}' % (meta, ", ".join(rows), total)
    elif style == "cursor":
        size = min(_int_param(params, "limit", 3, 0), cap)
        lo = _decode_cursor(params["cursor"]) if params.get("cursor") else 0
        wait(lo)
        rows, total = _page_rows(h, params, 0 if params.get("ignore_cursor") == "1"
                                 else lo, size)
        nxt = 'null'
        if params.get("stuck") == "1":
            nxt = json.dumps(params.get("cursor") or _encode_cursor(size))
        elif params.get("cycle") == "1":
            # cursors that go round: (none) -> size -> 0 -> size -> ...
            nxt = json.dumps(_encode_cursor(0 if lo == size else size))
        elif lo + len(rows) < total and rows:
            nxt = json.dumps(_encode_cursor(lo + len(rows)))
        items = '"items": [%s]' % ", ".join(rows)
        cur = '"next_cursor": %s' % nxt
        parts = [cur, items] if params.get("cursor_at") == "start" \
            else [items, cur]
        body = "{%s}" % ", ".join(parts)
    elif style == "next_url":
        size = min(_int_param(params, "limit", 3, 0), cap)
        lo = _int_param(params, "after", 0)
        wait(lo)
        rows, total = _page_rows(h, params, lo, size)
        nxt = "null"
        if lo + len(rows) < total and rows:
            form = params.get("form", "relative")
            after = lo if params.get("stuck") == "1" else lo + len(rows)
            if params.get("cycle") == "1":
                after = 0 if lo == size else size
            rel = path + "?" + _with(pairs, after=after)
            if form == "absolute":
                url = _origin(h) + rel
            elif form == "other":
                url = _origin(h, other=True) + rel
            elif form == "bare":
                url = "next_url?" + _with(pairs, after=after)
            else:
                url = rel
            nxt = json.dumps(url)
            if form == "escaped":
                nxt = nxt.replace("/", "\\/")
        body = '{"items": [%s], "links": {"next": %s}}' % (", ".join(rows), nxt)
    elif style == "link":
        size = min(_int_param(params, "per_page", 3, 1), cap)
        page = _int_param(params, "page", 1, 1)
        wait((page - 1) * size)
        rows, total = _page_rows(h, params, (page - 1) * size, size)
        last = max(1, -(-total // size))
        origin = _origin(h, other=params.get("form") == "other")
        links = []
        if page < last:
            links.append('<%s%s?%s>; rel="next"'
                         % (origin, path, _with(pairs, page=page + 1)))
        links.append('<%s%s?%s>; rel="last"'
                     % (_origin(h), path, _with(pairs, page=last)))
        extra.append(("Link", ", ".join(links)))
        body = "[%s]" % ", ".join(rows)
    elif style == "range":
        # PostgREST: "Range-Unit: items" and "Range: a-b" (inclusive) ask
        # for rows a..b; 206 with "Content-Range: a-b/total", 416 when a is
        # past the end; no Range header: every row, 200.
        rng = h.headers.get("Range")
        _, total = _page_rows(h, params, 0, 0)
        if rng is None:
            rows, total = _page_rows(h, params, 0, total)
            extra.append(("Content-Range", "0-%d/%d" % (len(rows) - 1, total)
                          if rows else "*/%d" % total))
            status = 200
        else:
            m = _re.match(r"^(\d+)-(\d*)$", rng.strip())
            if m is None or h.headers.get("Range-Unit", "items") != "items":
                raise BadRequest("bad Range header")
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) else total - 1
            if lo >= total or hi < lo:
                h.send_bytes(416, b'{"message": "Requested range not satisfiable"}',
                             extra_headers=[("Content-Range", "*/%d" % total)])
                return
            wait(lo)
            rows, total = _page_rows(h, params, lo, min(hi - lo + 1, cap))
            extra.append(("Content-Range", "%d-%d/%d" % (lo, lo + len(rows) - 1, total)))
            status = 206 if len(rows) < total else 200
        h.send_bytes(status, ("[%s]" % ", ".join(rows)).encode("utf-8"),
                     extra_headers=extra)
        return
    else:
        h.not_found(path)
        return
    h.send_bytes(200, body.encode("utf-8"), extra_headers=extra)


def _flaky(h, path, query, entry):
    # /flaky/<code|reset>/<times>/<key>/<rest>
    parts = path.split("/", 5)
    if len(parts) < 6 or not parts[3].isdigit():
        h.not_found(path)
        return
    what, times, key, rest = parts[2], int(parts[3]), parts[4], parts[5]
    n = CLIENT_STATE.bump(key)
    if n <= times:
        if what == "reset":
            _reset_connection(h)
            return
        if not (what.isdigit() and 400 <= int(what) <= 599):
            h.not_found(path)
            return
        params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        extra = []
        ra = params.get("ra")
        if ra is not None:
            if ra.startswith("date:"):
                when = time.time() + int(ra[5:])
                ra = _email_utils.formatdate(when, usegmt=True)
            extra.append(("Retry-After", ra))
        h.send_json(int(what), {"error": "flaky %s" % what, "try": n}, extra)
        return
    h.dispatch("/" + rest, query, entry)


def _reset_connection(h):
    """Close the connection with a TCP RST: no (more) response."""
    h.close_connection = True
    try:
        h.wfile.flush()
    except OSError:
        pass
    try:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                _struct.pack("ii", 1, 0))
    except OSError:
        pass
    h.connection.close()


def _big_body(query):
    params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    n = _int_param(params, "rows", 1000)
    return b"".join(big_chunks(n, False)), params


def _stall(h, path, query):
    # /stall/<ms>?rows=N&after=B: B bytes of /big, a pause of ms, the rest
    ms = path[len("/stall/"):]
    if not ms.isdigit():
        h.not_found(path)
        return
    body, params = _big_body(query)
    after = min(_int_param(params, "after", 100), len(body))
    chunks = [body[:after]]

    def rest():
        yield chunks[0]
        h.wfile.flush()
        time.sleep(min(int(ms), MAX_DELAY_MS) / 1000.0)
        yield body[after:]
    h.send_stream(200, rest(), "application/json")


def _reset_mid_body(h, path, query):
    # /reset_mid_body/<bytes>?rows=N: chunked, then a TCP reset
    after = path[len("/reset_mid_body/"):]
    if not after.isdigit():
        h.not_found(path)
        return
    body, params = _big_body(query)
    part = body[:int(after)]
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    h.wfile.write(b"%x\r\n" % len(part) + part + b"\r\n")
    _reset_connection(h)


def _redirect(h, path, query):
    q = "?" + query if query else ""
    if path.startswith("/redirect_scheme"):
        location = "ftp://127.0.0.1/users"
        code = 302
    elif path.startswith("/redirect_other/"):
        # /redirect_other/<code>/<rest>: to the same port on "localhost"
        code_s, _, rest = path[len("/redirect_other/"):].partition("/")
        if not code_s.isdigit():
            h.not_found(path)
            return
        code = int(code_s)
        location = _origin(h, other=True) + "/" + rest + q
    else:
        # /redirect/<code>/<n>/<rest>: n hops on this host, then /<rest>
        parts = path.split("/", 4)
        if len(parts) < 5 or not parts[2].isdigit() or not parts[3].isdigit():
            h.not_found(path)
            return
        code, n, rest = int(parts[2]), int(parts[3]), parts[4]
        location = ("/redirect/%d/%d/%s" % (code, n - 1, rest) if n > 1
                    else "/" + rest) + q
    h.send_response(code)
    h.send_header("Location", location)
    h.send_header("Content-Type", "application/json")
    body = b'{"redirect": true}'
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def _brotli_stored(data):
    """A valid brotli stream made of uncompressed meta-blocks (RFC 7932
    section 9.2), for when the brotli module is not installed."""
    out = bytearray()
    acc, nacc = 0, 0

    def put(value, n):              # bits go in LSB first
        nonlocal acc, nacc
        acc |= value << nacc
        nacc += n

    def to_byte_boundary():         # zero padding, then whole bytes out
        nonlocal acc, nacc
        while nacc > 0:
            out.append(acc & 0xFF)
            acc >>= 8
            nacc -= 8
        acc, nacc = 0, 0

    put(0, 1)                       # WBITS: one 0 bit means 16
    for i in range(0, len(data), 65536):
        block = data[i:i + 65536]
        put(0, 1)                   # ISLAST = 0
        put(0, 2)                   # MNIBBLES = 4
        put(len(block) - 1, 16)     # MLEN - 1
        put(1, 1)                   # ISUNCOMPRESSED = 1
        to_byte_boundary()
        out += block
    put(1, 1)                       # ISLAST = 1
    put(1, 1)                       # ISLASTEMPTY = 1
    to_byte_boundary()
    return bytes(out)


def _compress(enc, data):
    if enc == "gzip":
        return _gzip.compress(data, 6)
    if enc == "deflate":
        return _zlib.compress(data, 6)      # HTTP "deflate" is zlib format
    if enc == "br":
        if _brotli:
            return _brotli.compress(data)
        if _shutil.which("brotli"):        # the Debian package "brotli"
            return _subprocess.run(["brotli", "-c"], input=data, check=True,
                                   capture_output=True).stdout
        return _brotli_stored(data)
    return None


def _encoded(h, path, query):
    # /encoded/<gzip|deflate|br>/<users|big>
    enc, _, source = path[len("/encoded/"):].partition("/")
    if enc not in ("gzip", "deflate", "br") or source not in ("users", "big"):
        h.not_found(path)
        return
    if source == "users":
        raw = h.server.data.users_raw
    else:
        raw, _ = _big_body(query)
    h.send_bytes(200, _compress(enc, raw),
                 extra_headers=[("Content-Encoding", enc),
                                ("X-Decoded-Length", str(len(raw)))])


def serve_client_route(h, path, query, entry):
    try:
        if path.startswith("/pages/"):
            _pages(h, path[len("/pages/"):], query)
        elif path.startswith("/flaky/"):
            _flaky(h, path, query, entry)
        elif path.startswith("/stall/"):
            _stall(h, path, query)
        elif path.startswith("/reset_mid_body/"):
            _reset_mid_body(h, path, query)
        elif path.startswith("/encoded/"):
            _encoded(h, path, query)
        else:
            _redirect(h, path, query)
    except BadRequest as e:
        h.send_json(400, {"error": "bad request", "detail": str(e)})


def make_tls_context(tls_dir):
    """Create a throw-away CA and a server certificate for 127.0.0.1 and
    localhost in tls_dir with openssl, and return a server SSLContext.
    tls_dir/ca.crt is what clients trust."""
    os.makedirs(tls_dir, exist_ok=True)
    os.chmod(tls_dir, 0o755)
    ca_key, ca_crt = (os.path.join(tls_dir, n) for n in ("ca.key", "ca.crt"))
    key, csr, crt, ext = (os.path.join(tls_dir, n) for n in
                          ("server.key", "server.csr", "server.crt",
                           "server.ext"))
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes"]
    run = lambda *a: _subprocess.run(a, check=True, capture_output=True)
    # The CA's extensions come from a configuration of its own: OpenSSL 1.1
    # adds -addext's to those of the system's openssl.cnf, and a certificate
    # with basicConstraints twice is one it does not verify.
    ca_cnf = os.path.join(tls_dir, "ca.cnf")
    with open(ca_cnf, "w") as f:
        f.write("[req]\n"
                "distinguished_name = dn\n"
                "x509_extensions = v3_ca\n"
                "[dn]\n"
                "[v3_ca]\n"
                "basicConstraints = critical,CA:TRUE\n"
                "keyUsage = critical,keyCertSign,cRLSign\n"
                "subjectKeyIdentifier = hash\n")
    run("openssl", "req", "-x509", "-config", ca_cnf, *ec, "-keyout", ca_key,
        "-out", ca_crt, "-days", "2", "-subj", "/CN=rest_fdw fixture test CA")
    run("openssl", "req", *ec, "-keyout", key, "-out", csr,
        "-subj", "/CN=127.0.0.1")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                "basicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey",
        ca_key, "-CAcreateserial", "-out", crt, "-days", "2",
        "-extfile", ext)
    for name in (ca_crt, crt):
        os.chmod(name, 0o644)
    ctx = _ssl.SSLContext(_ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    return ctx


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
        # data requests being answered, by the reset they started after:
        # a slow answer to an earlier test's request does not count
        self.generation = 0
        self.in_flight = {}
        self.max_in_flight = 0

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

    def begin(self):
        with self.lock:
            g = self.generation
            self.in_flight[g] = self.in_flight.get(g, 0) + 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight[g])
            return g

    def end(self, g):
        with self.lock:
            self.in_flight[g] -= 1
            if not self.in_flight[g]:
                del self.in_flight[g]

    def snapshot(self):
        with self.lock:
            return list(self.log)

    def reset(self):
        with self.lock:
            self.log = []
            self.seq = 0
            self.connections = 0
            self.generation += 1
            self.max_in_flight = 0
        CLIENT_STATE.reset()

    def stats(self):
        with self.lock:
            return {"connections": self.connections,
                    "requests": len(self.log),
                    "connections_total": self.connections_total,
                    "requests_total": self.requests_total,
                    "max_in_flight": self.max_in_flight}


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
    # how this response's bytes travel (test/fixture_faults.py), or None
    fault = None

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
            if self.fault:
                self.wfile.flush()
                self.fault.write(self.wfile, body)
            else:
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
        write = self.fault.write if self.fault else (lambda w, b: w.write(b))
        for c in chunks:
            if c:
                write(w, b"%x\r\n" % len(c) + c + b"\r\n")
        write(w, b"0\r\n\r\n")

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
            # /faults/MODE/SEED/PATH: PATH, with its bytes split and delayed
            self.fault, path = fixture_faults.parse(path, self.command, query)
            if self.fault and self.fault.close:
                self.close_connection = True
        except (BadRequest, ValueError) as e:
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
        generation = state.begin()
        try:
            self.dispatch(path, query, entry)
        finally:
            state.end(generation)

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
        elif path.startswith(FILTER_ROUTE_PREFIXES):
            serve_filter_route(self, path, query)  # filtering section
        elif path.startswith(CLIENT_ROUTE_PREFIXES):
            serve_client_route(self, path, query, entry)  # client section
        elif path.startswith("/hostile/"):
            fixture_hostile.serve(self, path, query, entry)
        elif path.startswith("/limits/"):
            fixture_limits.serve(self, path, query)  # hostile servers
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
    ap.add_argument("--tls-dir")
    ap.add_argument("--tls-port-file")
    args = ap.parse_args(argv)

    data = DataSets(args.data_dir)
    server = FixtureServer(("127.0.0.1", args.port), Handler, data,
                           args.quiet, args.idle_timeout)
    port = server.server_address[1]

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    tls_server = None
    if args.tls_dir:
        # the same endpoints over HTTPS, sharing the log and counters
        tls_server = FixtureServer(("127.0.0.1", 0), Handler, data,
                                   args.quiet, args.idle_timeout)
        tls_server.state = server.state
        tls_server.is_tls = True
        tls_server.socket = make_tls_context(args.tls_dir).wrap_socket(
            tls_server.socket, server_side=True)
        threading.Thread(target=tls_server.serve_forever,
                         kwargs={"poll_interval": 0.2}, daemon=True).start()
        if args.tls_port_file:
            write_port_file(args.tls_port_file, tls_server.server_address[1])

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
        if tls_server:
            tls_server.server_close()
            if args.tls_port_file:
                try:
                    os.unlink(args.tls_port_file)
                except OSError:
                    pass
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
