#!/usr/bin/env python3
"""Fixture HTTP JSON API for the rest_fdw regression tests and demo.

The server is the package test/fixture/; what it answers is described in
test/fixture/PROTOCOL.md.  This file is how everything starts it:

    python3 test/fixture_api.py --port 0 --port-file PATH
                                [--data-dir test/data] [--quiet]
                                [--idle-timeout SECONDS]
                                [--tls-dir DIR --tls-port-file PATH]

Python 3.9 to 3.13, standard library only.  Listens on 127.0.0.1 only.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fixture.core import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
