#!/usr/bin/env bash
# The modules of src/ include one another only downwards, as the table in
# src/README.md says (test/check_layers.py).
cd "$(dirname "$0")/../.." && exec python3 test/check_layers.py src
