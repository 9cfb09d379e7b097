#!/usr/bin/env bash
# The real OpenAPI descriptions of test/scripts/openapi_examples.sh (the npm
# package @readme/oas-examples: Swagger 2.0, OpenAPI 3.0 and 3.1, JSON and
# YAML, written by no one here), imported through the backend:
#   - each document imports with IMPORT FOREIGN SCHEMA openapi ... OPTIONS
#     (spec_file ...) into a schema of its own, with no ERROR, making as
#     many tables as the plain-C mapping finds (test/unit/openapi_dump.c);
#   - every generated table can be planned: EXPLAIN of a SELECT of all its
#     columns, with an equality on each key its path needs;
#   - for three documents, the NOTICEs and the generated schema (tables,
#     options, columns, types, column options) are as checked in, in
#     test/data/openapi/*.import.out (after a deliberate change:
#     OPENAPI_EXAMPLES_UPDATE=1 rewrites them).
#
# The package is installed with npm into REST_FDW_NPM_DIR (default
# /var/cache/rest_fdw-npm), once; without npm (or libyaml-dev) the test
# says so and is skipped.  Needs the environment of test/run.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
npm_dir=${REST_FDW_NPM_DIR:-/var/cache/rest_fdw-npm}
version=8.2.2
work=$(mktemp -d /tmp/rest_fdw_oasi.XXXXXX)
trap 'rm -rf "$work"' EXIT

. "$top/test/realapi/npm.bash"
npm_package "$npm_dir" @readme/oas-examples "$version"
pkg=$npm_dir/node_modules/@readme/oas-examples
make -s -C "$top/test/unit" openapi_dump >"$work/make.log" 2>&1 ||
    { cat "$work/make.log"; bad "build test/unit/build/plain/openapi_dump"; finish; }
dump=$top/test/unit/build/plain/openapi_dump

psql_run() { PGOPTIONS="-c client_min_messages=notice -c statement_timeout=60s" psql -X -q -At "$@"; }
# the server's base_url is never reached: nothing here sends a request
psql_run -v ON_ERROR_STOP=1 >"$work/setup.out" 2>&1 <<'SQL' ||
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS oas_examples CASCADE;
CREATE SERVER oas_examples FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:9/api');
DROP FUNCTION IF EXISTS oas_plan_all;
-- EXPLAIN of every foreign table of schema s: one line a table, "planned"
-- or the ERROR; each {key} of its path gets an equality on its column (the
-- column whose remote_name, or else name, is the key)
CREATE FUNCTION oas_plan_all(s name) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
  t record;
  k record;
  quals text[];
  val text;
BEGIN
  FOR t IN SELECT c.oid, c.relname,
                  (SELECT substr(o, 6) FROM unnest(ft.ftoptions) o WHERE o LIKE 'path=%') AS path
             FROM pg_class c JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
            WHERE c.relnamespace = s::regnamespace ORDER BY c.relname LOOP
    quals := '{}';
    FOR k IN SELECT a.attname, a.atttypid, format_type(a.atttypid, a.atttypmod) AS type
               FROM regexp_matches(coalesce(t.path, ''), '\{([^}]+)\}', 'g') m(p)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0
                AND coalesce((SELECT substr(o, 13) FROM unnest(a.attfdwoptions) o
                               WHERE o LIKE 'remote_name=%'), a.attname::text) = m.p[1] LOOP
      val := CASE WHEN k.atttypid = 'uuid'::regtype THEN '00000000-0000-0000-0000-000000000001'
                  WHEN k.atttypid IN ('date'::regtype, 'timestamptz'::regtype) THEN '2024-01-02'
                  WHEN k.atttypid = 'boolean'::regtype THEN 'true'
                  WHEN k.atttypid = 'jsonb'::regtype THEN '1'
                  ELSE '1' END;
      quals := quals || format('%I = %L::%s', k.attname, val, k.type);
    END LOOP;
    BEGIN
      EXECUTE format('EXPLAIN (COSTS OFF) SELECT * FROM %I.%I%s', s, t.relname,
                     CASE WHEN cardinality(quals) > 0
                          THEN ' WHERE ' || array_to_string(quals, ' AND ') ELSE '' END);
      RETURN NEXT t.relname || ' planned';
    EXCEPTION WHEN OTHERS THEN
      RETURN NEXT t.relname || ' ERROR: ' || SQLERRM;
    END;
  END LOOP;
END
$$;
SQL
    { cat "$work/setup.out"; bad "set-up"; finish; }

docs=$(cd "$pkg" && find 2.0 3.0 3.1 -type f \( -name '*.json' -o -name '*.yaml' \) | LC_ALL=C sort)
ndocs=0 ntables=0
for f in $docs; do
    ndocs=$((ndocs + 1))
    schema=oas_$(echo "$f" | tr A-Z a-z | tr -c 'a-z0-9\n' _)
    out=$work/$schema.out
    want=$("$dump" "$pkg/$f" 2>/dev/null | grep -c '^table ')
    psql_run -v schema="$schema" -v spec="$pkg/$f" >"$out" 2>&1 <<'SQL'
\set ON_ERROR_STOP 1
CREATE SCHEMA :"schema";
IMPORT FOREIGN SCHEMA openapi FROM SERVER oas_examples INTO :"schema" OPTIONS (spec_file :'spec');
SELECT 'tables ' || count(*) FROM pg_class WHERE relnamespace = :'schema'::regnamespace;
SELECT oas_plan_all(:'schema');
SQL
    rc=$?
    n=$(sed -n 's/^tables //p' "$out")
    planned=$(grep -c ' planned$' "$out")
    if [ $rc -ne 0 ] || grep -q '^ERROR' "$out"; then
        bad "$f: $(grep -m 1 -A 2 'ERROR' "$out" | head -c 400)"
    elif [ "$n" != "$want" ]; then
        bad "$f: $n tables imported, the mapping has $want"
    elif [ "$planned" != "$n" ]; then
        bad "$f: $((n - planned)) of $n tables cannot be planned: $(grep -m 1 ' ERROR: ' "$out")"
    else
        ok "$f: $n tables imported into $schema, each planned; $(grep -c '^NOTICE' "$out") NOTICEs"
    fi
    ntables=$((ntables + ${n:-0}))
done
echo "# @readme/oas-examples $version: $ndocs documents, $ntables tables imported"

# three generated schemas as checked in
for pair in "3.0/json/petstore.json petstore-3.0.import.out" \
            "3.1/yaml/train-travel.yaml train-travel-3.1.import.out" \
            "2.0/yaml/petstore-expanded.yaml petstore-expanded-2.0.import.out"; do
    set -- $pair
    schema=oas_$(echo "$1" | tr A-Z a-z | tr -c 'a-z0-9\n' _)
    got=$work/$2
    {
        grep -E '^(NOTICE|DETAIL|HINT):' "$work/$schema.out"
        psql_run -F ' | ' -v schema="$schema" <<'SQL'
SELECT c.relname, array_to_string(t.ftoptions, ', ')
  FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid
 WHERE c.relnamespace = :'schema'::regnamespace ORDER BY 1;
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       array_to_string(a.attfdwoptions, ', ')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = :'schema'::regnamespace AND a.attnum > 0 ORDER BY 1, a.attnum;
SQL
    } >"$got" 2>&1
    same_as_checked_in "$1" schema "$got" "test/data/openapi/$2"
done

for f in $docs; do
    echo "DROP SCHEMA oas_$(echo "$f" | tr A-Z a-z | tr -c 'a-z0-9\n' _) CASCADE;"
done | PGOPTIONS="-c client_min_messages=warning" psql -X -q >/dev/null 2>&1
PGOPTIONS="-c client_min_messages=warning" psql -X -q -c "DROP SERVER oas_examples CASCADE" \
    -c "DROP FUNCTION oas_plan_all" >/dev/null
finish
