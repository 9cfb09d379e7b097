#!/usr/bin/env bash
# Paginated scans in every style through a peer that splits and delays its
# bytes, for concurrent_pages 1, 2, 4 and 8, each row compared with the
# fixture's data (test/pagination_stress.py).
cd "$(dirname "$0")/../.." && exec python3 test/pagination_stress.py
