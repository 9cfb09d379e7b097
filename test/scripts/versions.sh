#!/usr/bin/env bash
# Version numbers in one place: rest_fdw.control is the source, and
# META.json, debian/changelog, rpm/rest_fdw.spec, the SQL scripts and the
# Makefile must agree with it (test/check_versions.py).
cd "$(dirname "$0")/../.." && exec python3 test/check_versions.py
