#!/usr/bin/env bash
# The README's examples cannot rot: its "sql runnable" blocks run against the
# fixture API and must print the "output" block that follows each, and every
# option the validator accepts must be documented (test/readme_examples.py).
cd "$(dirname "$0")/../.." && exec python3 test/readme_examples.py README.md
