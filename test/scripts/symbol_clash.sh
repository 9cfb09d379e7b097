#!/usr/bin/env bash
# No function rest_fdw.so takes from a library it links (jansson, libyaml,
# libcurl, zlib, brotli) has a namesake that the postgres executable
# exports: the dynamic linker would bind the call to PostgreSQL's function
# instead (jansson's json_object() and PostgreSQL's SQL function
# json_object() did exactly that, and the first IMPORT FOREIGN SCHEMA
# crashed).  Checked against the postgres that test/run started.
#
# Needs the environment of test/run: PATH with its PostgreSQL, and the
# library built in the tree.
set -u
cd "$(dirname "$0")/../.."
so=rest_fdw.so
postgres=$(command -v postgres)
if [ ! -f "$so" ] || [ -z "$postgres" ] || ! command -v nm >/dev/null; then
    echo "FAIL: needs $so, postgres on PATH and nm"; echo "0 passed, 1 failed"; exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nm -D --undefined-only "$so" | awk '{print $2}' | sed 's/@.*//' | sort -u >"$work/needed"
nm -D --defined-only "$postgres" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$work/postgres"
passed=0 failed=0
for lib in $(ldd "$so" | awk '$3 ~ /^\// {print $3}'); do
    case $(basename "$lib") in
        libc.so*|libm.so*|ld-linux*|libpthread*|libdl*) continue ;;
    esac
    nm -D --defined-only "$lib" | awk '{print $3}' | sed 's/@.*//' | sort -u >"$work/lib"
    clash=$(comm -12 "$work/needed" "$work/lib" | comm -12 - "$work/postgres" | tr '\n' ' ')
    if [ -z "$clash" ]; then
        passed=$((passed + 1))
    else
        echo "FAIL: $(basename "$lib"): postgres also exports $clash"
        failed=$((failed + 1))
    fi
done
echo "ok: checked $((passed + failed)) libraries against $postgres"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
