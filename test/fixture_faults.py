"""Fault injection for the fixture API: how a response's bytes travel.

A request whose path starts with

    /faults/<mode>/<seed>/<any other fixture path>

is answered exactly as <any other fixture path> would be (the request log
records the inner path, without the prefix), but its bytes are written the
way a slow, real peer writes them: the headers first, then the body in
pieces of random size (1 to FAULT_MAX_CHUNK bytes, drawn from a
distribution that favours small ones), with a random pause (0 to
FAULT_MAX_DELAY_MS) before each piece.  Both are drawn from a random
generator seeded with "<seed> <method> <inner path>?<query>", so a given
seed gives the same split of the same page on every run and a different
split of every page, and read-ahead pages interleave with the page being
read in a way that is reproducible seed by seed.

<mode> is one of

    chunks   keep-alive connections, as every other endpoint;
    close    "Connection: close" on every response, and the connection is
             closed after it, so every page needs a new connection.

A chunked response (Transfer-Encoding) has its chunk framing split at the
same random places: the pieces are cut from the framed bytes.
"""

import random
import time

FAULT_PREFIX = "/faults/"
FAULT_MODES = ("chunks", "close")
FAULT_MAX_CHUNK = 2048
FAULT_MAX_DELAY_MS = 3
# at most this many pauses per response, so that a big body stays fast
FAULT_MAX_PAUSES = 40


class Fault:
    def __init__(self, mode, seed, method, inner_path, query):
        self.mode = mode
        self.rng = random.Random("%s %s %s?%s" % (seed, method, inner_path, query))
        self.pauses = 0

    @property
    def close(self):
        return self.mode == "close"

    def _piece_size(self):
        # mostly small pieces, sometimes one that crosses many rows
        if self.rng.random() < 0.7:
            return self.rng.randint(1, 64)
        return self.rng.randint(65, FAULT_MAX_CHUNK)

    def _pause(self):
        if self.pauses < FAULT_MAX_PAUSES and self.rng.random() < 0.5:
            self.pauses += 1
            time.sleep(self.rng.uniform(0, FAULT_MAX_DELAY_MS) / 1000.0)

    def write(self, wfile, data):
        """Write data to wfile in random pieces with random pauses."""
        pos = 0
        while pos < len(data):
            n = self._piece_size()
            self._pause()
            wfile.write(data[pos:pos + n])
            wfile.flush()
            pos += n


def parse(path, method, query):
    """(Fault, inner path) for a /faults/ path, else (None, path).

    Raises ValueError for a /faults/ path with an unknown mode or a seed
    that is not a decimal number."""
    if not path.startswith(FAULT_PREFIX):
        return None, path
    parts = path[len(FAULT_PREFIX):].split("/", 2)
    if len(parts) < 3 or parts[0] not in FAULT_MODES or not parts[1].isdigit():
        raise ValueError("expected /faults/{%s}/<seed>/<path>" % ",".join(FAULT_MODES))
    inner = "/" + parts[2]
    return Fault(parts[0], parts[1], method, inner, query), inner
