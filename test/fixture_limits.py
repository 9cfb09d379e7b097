"""Hostile endpoints of the fixture API, for rest_fdw's limits (issue 12).

test/fixture_api.py dispatches every path under /limits/ here.  Bombs are
built on the fly from a few small compressed pieces, so that no large file
is committed and none is built in memory:

  /limits/bomb/<enc>?mb=N&kind=rows|spaces
        a body that decodes to about N MB (default 256): a JSON array of
        small rows, or white space followed by [].  <enc> is gzip, deflate,
        br or identity.  gzip and deflate repeat a block that follows a
        full flush (so it does not refer to what came before) and end with
        the right checksum; br comes from the brotli command line tool,
        once per size.
  /limits/huge_row/<enc>?mb=N
        [{"id":1,"s":"xxx..."}] with an N MB string (default 1100)
  /limits/bad_encoding/<enc>    Content-Encoding <enc>, body not encoded
  /limits/truncated/<enc>       an encoded body cut short (Content-Length
                                matches what is sent)
  /limits/unknown_encoding      Content-Encoding: zstd, which nobody asked for
  /limits/switch101             "101 Switching Protocols", then JSON bytes
  /limits/early_hints           "103 Early Hints", then a 200 with one row
  /limits/interim_only          "102 Processing", then the connection closes
  /limits/headers?n=1000&size=8000
                                n response headers of size bytes each
  /limits/header_line?size=300000
                                one response header line of size bytes
  /limits/accept_encoding       the request's Accept-Encoding, as a row
  /limits/growing_rows?rows=5&step=100
                                rows whose "s" is step, 2 * step, ... bytes
"""

import shutil
import subprocess
import threading
import urllib.parse
import zlib

MB = 1024 * 1024
BLOCK = 4 * MB                  # decoded size of one repeated piece
MAX_MB = 4096

_ROW = b'{"id":12345,"name":"bomb row","ok":true},'
_cache = {}
_cache_lock = threading.Lock()


def _pieces(kind, mb):
    """(prefix, block, count, suffix) of the decoded body."""
    count = max(1, mb * MB // BLOCK)
    if kind == "rows":
        block = _ROW * (BLOCK // len(_ROW))
        return b"[", block, count, b'{"id":0}]'
    if kind == "spaces":
        return b"", b" " * BLOCK, count, b"[]"
    if kind == "huge_row":
        return b'[{"id":1,"s":"', b"x" * BLOCK, count, b'"}]'
    raise ValueError(kind)


def _zlib_parts(prefix, block, count, suffix, gzip_format):
    """One zlib or gzip stream: the block is compressed once after a full
    flush, which resets the dictionary, so its bytes can be repeated; the
    trailer gets the checksum of the whole."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31 if gzip_format else 15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    mid = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    tail = bytearray(c.compress(suffix) + c.flush(zlib.Z_FINISH))
    check = zlib.crc32 if gzip_format else zlib.adler32
    value = check(prefix)
    for _ in range(count):
        value = check(block, value)
    value = check(suffix, value)
    if gzip_format:
        size = (len(prefix) + len(block) * count + len(suffix)) & 0xffffffff
        tail[-8:] = value.to_bytes(4, "little") + size.to_bytes(4, "little")
    else:
        tail[-4:] = value.to_bytes(4, "big")
    return [(head, 1), (mid, count), (bytes(tail), 1)]


def _gzip_parts(prefix, block, count, suffix):
    return _zlib_parts(prefix, block, count, suffix, True)


def _deflate_parts(prefix, block, count, suffix):
    return _zlib_parts(prefix, block, count, suffix, False)


def _br_parts(prefix, block, count, suffix):
    if not shutil.which("brotli"):
        raise RuntimeError("the brotli command line tool is needed")
    p = subprocess.Popen(["brotli", "-q", "5", "-w", "24", "-c"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def feed():
        p.stdin.write(prefix)
        for _ in range(count):
            p.stdin.write(block)
        p.stdin.write(suffix)
        p.stdin.close()
    writer = threading.Thread(target=feed)
    writer.start()
    out = p.stdout.read()
    writer.join()
    p.wait()
    return [(out, 1)]


def _identity_parts(prefix, block, count, suffix):
    return [(prefix, 1), (block, count), (suffix, 1)]


_ENCODERS = {"gzip": _gzip_parts, "deflate": _deflate_parts,
             "br": _br_parts, "identity": _identity_parts}


def _parts(enc, kind, mb):
    key = (enc, kind, mb)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = _ENCODERS[enc](*_pieces(kind, mb))
        return _cache[key]


def _send_parts(h, enc, parts, cut=None):
    total = sum(len(b) * n for b, n in parts)
    if cut is not None:
        total = min(total, cut)
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    if enc != "identity":
        h.send_header("Content-Encoding", enc)
    h.send_header("Content-Length", str(total))
    h.end_headers()
    left = total
    try:
        for b, n in parts:
            for _ in range(n):
                if left <= 0:
                    return
                piece = b[:left]
                h.wfile.write(piece)
                left -= len(piece)
        h.wfile.flush()
    except (BrokenPipeError, ConnectionResetError):
        # the client gave up, as it should with a bomb
        h.close_connection = True


def _int(params, name, default):
    v = params.get(name, str(default))
    if not v.isdigit():
        raise ValueError(name)
    return int(v)


def _raw(h, data):
    h.wfile.write(data)
    h.wfile.flush()
    h.close_connection = True


def serve(h, path, query):
    params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    rest = path[len("/limits/"):]
    name, _, enc = rest.partition("/")
    try:
        if name in ("bomb", "huge_row") and enc in _ENCODERS:
            mb = min(_int(params, "mb", 256 if name == "bomb" else 1100), MAX_MB)
            kind = params.get("kind", "rows") if name == "bomb" else "huge_row"
            if kind not in ("rows", "spaces", "huge_row"):
                raise ValueError("kind")
            _send_parts(h, enc, _parts(enc, kind, mb))
        elif name == "bad_encoding" and enc in ("gzip", "deflate", "br"):
            h.send_bytes(200, b"\xff\xfe[{\"id\":1}] is not " + enc.encode(),
                         extra_headers=[("Content-Encoding", enc)])
        elif name == "truncated" and enc in ("gzip", "deflate", "br"):
            parts = _ENCODERS[enc](b"[", b'{"id":1},' * 5000, 1, b'{"id":2}]')
            body = b"".join(b * n for b, n in parts)
            _send_parts(h, enc, [(body, 1)], cut=len(body) * 2 // 3)
        elif name == "unknown_encoding" and not enc:
            h.send_bytes(200, b"(\xb5/\xfd not really zstd",
                         extra_headers=[("Content-Encoding", "zstd")])
        elif name == "switch101" and not enc:
            _raw(h, b"HTTP/1.1 101 Switching Protocols\r\n"
                    b"Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                    b'[{"id":1},{"id":2}]')
        elif name == "early_hints" and not enc:
            h.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n")
            h.send_bytes(200, b'[{"id":7}]')
        elif name == "interim_only" and not enc:
            _raw(h, b"HTTP/1.1 102 Processing\r\n\r\n")
        elif name == "headers" and not enc:
            n = min(_int(params, "n", 1000), 100000)
            size = min(_int(params, "size", 8000), 1000000)
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            for i in range(n):
                h.send_header("X-Filler-%d" % i, "a" * size)
            h.send_header("Content-Length", "10")
            h.end_headers()
            h.wfile.write(b'[{"id":1}]')
        elif name == "header_line" and not enc:
            size = min(_int(params, "size", 300000), 10000000)
            h.send_bytes(200, b"[]", extra_headers=[("X-Huge", "a" * size)])
        elif name == "growing_rows" and not enc:
            n = min(_int(params, "rows", 5), 1000)
            step = min(_int(params, "step", 100), 100000)
            h.send_json(200, [{"id": i, "s": "x" * (i * step)}
                              for i in range(1, n + 1)])
        elif name == "accept_encoding" and not enc:
            h.send_json(200, [{"accept_encoding":
                               h.headers.get("Accept-Encoding")}])
        else:
            h.not_found(path)
    except ValueError as e:
        h.send_json(400, {"error": "bad request", "detail": str(e)})
