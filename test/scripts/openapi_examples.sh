#!/usr/bin/env bash
# Real OpenAPI descriptions that no one here wrote: the documents of the npm
# package @readme/oas-examples (Swagger 2.0, OpenAPI 3.0 and 3.1, JSON and
# YAML), mapped to foreign tables by src/openapi*.c through
# test/unit/openapi_dump.c.
#   - every document maps without an error;
#   - the JSON and the YAML spelling of a document give the same model;
#   - the models of three documents are as checked in, in test/data/openapi/
#     (after a deliberate change: OPENAPI_EXAMPLES_UPDATE=1 rewrites them).
#
# The package is installed with npm into REST_FDW_NPM_DIR (default
# /var/cache/rest_fdw-npm), once; without npm (or libyaml-dev) the test
# says so and is skipped.  Needs no PostgreSQL.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
npm_dir=${REST_FDW_NPM_DIR:-/var/cache/rest_fdw-npm}
version=8.2.2
work=$(mktemp -d /tmp/rest_fdw_oas.XXXXXX)
trap 'rm -rf "$work"' EXIT

. "$top/test/realapi/npm.bash"
if ! printf '#include <yaml.h>\n' | ${CC:-cc} -E -x c - >/dev/null 2>&1; then
    echo "# skipped: libyaml-dev is not installed (apt-get install libyaml-dev)"
    finish
fi

npm_package "$npm_dir" @readme/oas-examples "$version"
pkg=$npm_dir/node_modules/@readme/oas-examples

make -s -C "$top/test/unit" openapi_dump >"$work/make.log" 2>&1 ||
    { cat "$work/make.log"; bad "build test/unit/build/plain/openapi_dump"; finish; }
dump=$top/test/unit/build/plain/openapi_dump

# every document: no error
docs=$(cd "$pkg" && find 2.0 3.0 3.1 -type f \( -name '*.json' -o -name '*.yaml' \) | LC_ALL=C sort)
ndocs=0 ntables=0
for f in $docs; do
    ndocs=$((ndocs + 1))
    out=$work/$(echo "$f" | tr / _).txt
    "$dump" "$pkg/$f" >"$out" 2>&1
    rc=$?
    n=$(grep -c '^table ' "$out")
    ntables=$((ntables + n))
    if [ $rc -eq 0 ]; then
        ok "$f: $n tables, $(grep -c '^note ' "$out") notes"
    else
        bad "$f: exit status $rc: $(head -c 300 "$out")"
    fi
done
echo "# @readme/oas-examples $version: $ndocs documents, $ntables tables"

# a JSON and a YAML spelling: the same tables, and the same notes (whose
# order follows each file's own order of keys)
for f in $docs; do
    case $f in */json/*.json) ;; *) continue ;; esac
    y=$(echo "$f" | sed 's,/json/,/yaml/,; s,\.json$,.yaml,')
    [ -f "$pkg/$y" ] || continue
    if [ "$f" = 3.1/json/parameters-style.json ]; then
        # the package's own two files differ: /anything/form-data/spaceDelimited
        # and .../deepObject swap their get and post
        ok "$f and $y: not compared (the package's JSON and YAML differ)"
        continue
    fi
    a=$work/$(echo "$f" | tr / _).txt
    b=$work/$(echo "$y" | tr / _).txt
    if cmp -s <(grep -v '^note ' "$a") <(grep -v '^note ' "$b") &&
        cmp -s <(grep '^note ' "$a" | LC_ALL=C sort) <(grep '^note ' "$b" | LC_ALL=C sort); then
        ok "$f and $y: the same model"
    else
        bad "$f and $y differ: $(diff <(grep -v '^note ' "$a") <(grep -v '^note ' "$b") | head -n 4 | tr '\n' ' ')"
    fi
done

# three models as checked in
for pair in "3.0/json/petstore.json petstore-3.0.txt" \
            "3.1/yaml/train-travel.yaml train-travel-3.1.txt" \
            "2.0/yaml/petstore-expanded.yaml petstore-expanded-2.0.txt"; do
    set -- $pair
    same_as_checked_in "$1" model "$work/$(echo "$1" | tr / _).txt" "test/data/openapi/$2"
done
finish
