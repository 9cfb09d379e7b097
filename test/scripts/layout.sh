#!/usr/bin/env bash
# The README's Layout table names every file of the repository
# (test/check_layout.py, against git ls-files).
cd "$(dirname "$0")/../.." && exec python3 test/check_layout.py README.md
