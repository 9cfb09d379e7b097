"""Hostile endpoints of the fixture API, under /hostile/ (issue 12).

What a server that rest_fdw does not control may send: bytes that are not
UTF-8 in an error body, a Location or a Content-Type; text that a LATIN1 or
EUC_JP database cannot hold; numbers that do not fit; and an echo of the
request path, to see what reached the server.  test/fixture_api.py's
dispatch hands every path under /hostile/ to serve().

    /hostile/api/...            [{"path": <raw path as received>}] for any
                                path below /hostile/api/ (a base_url prefix)
    /hostile/error_bytes        500, body with invalid UTF-8, a CJK character
                                and control characters
    /hostile/not_json           200, an HTML body whose Content-Type holds
                                bytes that are not UTF-8
    /hostile/redirect_bytes     302 to another host, the Location holding
                                bytes that are not UTF-8
    /hostile/text/latin         rows of text LATIN1 has ("café", "\\u00e9")
    /hostile/text/cjk           rows of text only EUC_JP and UTF-8 have
    /hostile/text/emoji         a row with a character neither has
    /hostile/epoch              epoch numbers written with 70+ characters
    /hostile/epoch_huge         an epoch of 1e400 (and -1e400 with ?neg=1)
    /hostile/array              [{"x": [10, 20, 30]}], for json_path indexes
"""

import json

LONG_ONE_HUNDRED = "1." + "0" * 70 + "e2"          # 100 seconds
LONG_FRACTION = "1700000000." + "0" * 65 + "5"     # 1700000000 s and a bit


def _rows(h, rows):
    h.send_bytes(200, json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def serve(h, path, query, entry):
    """Answer a request for a path under /hostile/."""
    name = path[len("/hostile/"):]
    if name.startswith("api/"):
        _rows(h, [{"path": path}])
    elif name == "error_bytes":
        body = (b'{"error": "caf\xe9 \xff\xfe broken", "note": "\xe6\x9d\xb1",'
                b' "ctl": "a\x01b\x1bc"}')
        h.send_bytes(500, body)
    elif name == "not_json":
        # http.server writes header values as latin-1: U+00E9 is byte E9
        h.send_bytes(200, b"<html>nope</html>",
                     ctype="text/html; charset=caf\u00e9\u00ff")
    elif name == "redirect_bytes":
        h.send_response(302)
        h.send_header("Location", "http://localhost:1/caf\u00e9\u00ff")
        h.send_header("Content-Length", "0")
        h.end_headers()
    elif name == "text/latin":
        body = ('[{"id": 1, "name": "caf\u00e9", "doc": {"city": "caf\u00e9"}},'
                ' {"id": 2, "name": "na\\u00efve", "doc": ["\\u00e9t\\u00e9"]}]')
        h.send_bytes(200, body.encode("utf-8"))
    elif name == "text/cjk":
        _rows(h, [{"id": 1, "name": "\u6771\u4eac", "doc": {"city": "\u6771\u4eac"}}])
    elif name == "text/emoji":
        _rows(h, [{"id": 1, "name": "smile \U0001F600", "doc": {"s": "\U0001F600"}}])
    elif name == "epoch":
        body = ('[{"id": 1, "t": %s}, {"id": 2, "t": %s}]'
                % (LONG_ONE_HUNDRED, LONG_FRACTION))
        h.send_bytes(200, body.encode("ascii"))
    elif name == "epoch_huge":
        sign = "-" if "neg=1" in query.split("&") else ""
        h.send_bytes(200, ('[{"id": 1, "t": %s1e400}]' % sign).encode("ascii"))
    elif name == "array":
        _rows(h, [{"x": [10, 20, 30]}])
    else:
        h.not_found(path)
