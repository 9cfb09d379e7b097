#!/usr/bin/env bash
# The tables IMPORT FOREIGN SCHEMA makes from an OpenAPI description, queried
# against a mock server that checks every request against that description:
# Prism (@stoplight/prism-cli, npm) serving test/realapi/things.yaml with
# --errors, behind test/realapi/proxy.js, which records what Prism received.
#   - the import makes a table per list endpoint (one wrapped in an object),
#     and one for the keyed path /things/{id};
#   - a WHERE on a declared query parameter, a key lookup and a LIMIT push
#     down: EXPLAIN's Remote Request is the request Prism received, Prism
#     found it valid, and the rows are the description's examples, row by
#     row, filtered as the query says;
#   - every request sent only query parameters the description declares
#     (test/realapi/declared_params.js; Prism itself lets undeclared ones
#     through);
#   - negative controls: a pushed value the description does not allow (a
#     status outside its enum, a page size above its maximum) is Prism's
#     422 and an ERROR; a table pushing an undeclared parameter is caught
#     by the check above.
#
# Prism is installed with npm into REST_FDW_NPM_DIR (default
# /var/cache/rest_fdw-npm)/prism, once; without npm, or with the registry
# out of reach, the test says so and is skipped.  Needs the environment of
# test/run.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
npm_dir=${REST_FDW_NPM_DIR:-/var/cache/rest_fdw-npm}/prism
# 5.14 is the last Prism for Node.js 18 and 20 (Debian 12's is 18; 5.15
# needs 24)
version=5.14.2
work=$(mktemp -d /tmp/rest_fdw_prism.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

. "$top/test/realapi/npm.bash"
npm_package "$npm_dir" @stoplight/prism-cli "$version"
prism=$npm_dir/node_modules/.bin/prism

# the description, where the database server may read it, and as JSON for
# the expected rows
spec=$work/things.yaml
cp "$top/test/realapi/things.yaml" "$spec"
chmod 644 "$spec"
export NODE_PATH=$npm_dir/node_modules
node -e 'const y = require("js-yaml"), fs = require("fs");
         process.stdout.write(JSON.stringify(y.load(fs.readFileSync(process.argv[1], "utf8"))))' \
    "$spec" >"$work/things.json" || { bad "read $spec with js-yaml"; finish; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# both stop by themselves, whatever happens to this script
port=$(free_port)
SCARF_ANALYTICS=false timeout 300 "$prism" mock --errors -h 127.0.0.1 -p "$port" "$spec" \
    >"$work/prism.log" 2>&1 &
pids+=($!)
timeout 300 node "$top/test/realapi/proxy.js" "$port" "$work/proxy.port" "$work/requests.log" \
    >"$work/proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
    [ -s "$work/proxy.port" ] && python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1])' \
        "http://127.0.0.1:$port/things" 2>/dev/null && break
    sleep 0.1
done
if ! [ -s "$work/proxy.port" ] || ! grep -q 'Prism is listening' "$work/prism.log"; then
    cat "$work/prism.log" "$work/proxy.log"
    bad "Prism $version and the proxy started"
    finish
fi
url=http://127.0.0.1:$(cat "$work/proxy.port")
ok "Prism $version on 127.0.0.1:$port, behind the recording proxy at $url"

psql_run() { PGOPTIONS="-c client_min_messages=notice -c statement_timeout=60s" psql -X -q -At "$@"; }
psql_run -v ON_ERROR_STOP=1 -v url="$url" -v doc="$(cat "$work/things.json")" >"$work/setup.out" 2>&1 <<'SQL' ||
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS prism CASCADE;
DROP SCHEMA IF EXISTS prism_things CASCADE;
DROP TABLE IF EXISTS prism_doc CASCADE;
DROP FUNCTION IF EXISTS prism_example;
CREATE SERVER prism FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'url');
CREATE TABLE prism_doc AS SELECT :'doc'::jsonb AS doc;
-- the example of the 200 response of GET PATH in the description, as rows
-- of the generated table's type (the one object of a keyed path as one row;
-- ROWS_PATH: the member holding the rows)
CREATE FUNCTION prism_example(anyelement, path text, rows_path text DEFAULT NULL)
RETURNS SETOF anyelement LANGUAGE sql AS $$
  SELECT r.* FROM prism_doc,
    LATERAL (SELECT doc #> ARRAY['paths', path, 'get', 'responses', '200', 'content',
                                 'application/json', 'example'] AS e) ex,
    LATERAL (SELECT CASE WHEN rows_path IS NULL THEN e ELSE e -> rows_path END AS e2) w,
    LATERAL jsonb_populate_recordset($1, CASE jsonb_typeof(e2) WHEN 'object'
                                         THEN jsonb_build_array(e2) ELSE e2 END) r
$$;
CREATE SCHEMA prism_things;
SQL
    { cat "$work/setup.out"; bad "set-up"; finish; }

# the import, from the file Prism serves
psql_run -v ON_ERROR_STOP=1 -v spec="$spec" >"$work/import.out" 2>&1 <<'SQL'
IMPORT FOREIGN SCHEMA openapi FROM SERVER prism INTO prism_things OPTIONS (spec_file :'spec');
SELECT c.relname, array_to_string(t.ftoptions, ', ')
  FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid
 WHERE c.relnamespace = 'prism_things'::regnamespace ORDER BY 1;
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), array_to_string(a.attfdwoptions, ', ')
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'prism_things'::regnamespace AND a.attnum > 0 ORDER BY 1, a.attnum;
SQL
if [ $? -ne 0 ]; then
    cat "$work/import.out"
    bad "IMPORT FOREIGN SCHEMA openapi from test/realapi/things.yaml"
    finish
fi
# what the description says, as tables: the keyed path with its key, the
# wrapped list with its rows_path, each declared filter on its column
want_tables="catalog_items|path=/catalog/items, rows_path=items, page_param=page, pagination=page, page_size_param=per_page, page_size=50, total_path=total
things|path=/things, offset_param=offset, pagination=offset, page_size_param=limit, page_size=10
things_by_id|path=/things/{id}"
if [ "$(grep -E '^[a-z_]+\|path=' "$work/import.out")" = "$want_tables" ] &&
    grep -qx 'things|status|text|op_eq=status={value}' "$work/import.out" &&
    grep -qx 'things|price|numeric|op_ge=price_gte={value}' "$work/import.out" &&
    grep -qx 'catalog_items|category|text|op_eq=category={value}' "$work/import.out" &&
    grep -qx 'things_by_id|id|bigint|' "$work/import.out"; then
    ok "IMPORT FOREIGN SCHEMA: catalog_items (rows_path items, page and per_page), things (offset and limit), things_by_id, with their filters"
else
    cat "$work/import.out"
    bad "IMPORT FOREIGN SCHEMA: the tables and options are not the description's"
fi

# pushed NAME PAGING QUERY EXPECTED: EXPLAIN's Remote Request for QUERY is
# the first request Prism received for it, but for the paging parameters
# PAGING (a regex of names) that the pager adds; every request got a 200;
# and QUERY's rows are EXPECTED's (a query on prism_example())
pushed() {
    local name=$1 paging=$2 query=$3 expected=$4 announced first
    announced=$(psql_run -c "EXPLAIN (VERBOSE, COSTS OFF) $query" 2>&1 |
        sed -n 's/^ *Remote Request: //p' | head -n 1)
    : >"$work/requests.log"
    psql_run -F '|' -c "$query" >"$work/got.txt" 2>&1
    psql_run -F '|' -c "$expected" >"$work/want.txt" 2>&1
    cat "$work/requests.log" >>"$work/all_requests.log"
    first=$(head -n 1 "$work/requests.log" | python3 -c '
import re, sys
status, method, url = sys.stdin.read().split()
announced, paging = sys.argv[1], sys.argv[2]
path, _, query = url.partition("?")
kept = [p for p in query.split("&") if p and not (re.fullmatch(paging, p.split("=")[0])
        and not re.search(r"[?&]" + re.escape(p.split("=")[0]) + "=", announced))]
print(status, method, path + ("?" + "&".join(kept) if kept else ""))' "$announced" "$paging")
    if [ -z "$announced" ]; then
        bad "$name: EXPLAIN shows no Remote Request"
    elif [ "$first" != "200 $announced" ]; then
        bad "$name: EXPLAIN announced \"$announced\", Prism received: $(tr '\n' ' ' <"$work/requests.log")"
    elif grep -q '^ERROR' "$work/got.txt" "$work/want.txt"; then
        bad "$name: $(grep -h -m 1 '^ERROR' "$work/got.txt" "$work/want.txt" | head -n 1)"
    elif grep -qv '^200 ' "$work/requests.log"; then
        bad "$name: Prism refused a request: $(grep -v '^200 ' "$work/requests.log" | head -n 3 | tr '\n' ' ')"
    elif ! [ -s "$work/want.txt" ]; then
        bad "$name: the description's example gives no rows to compare with"
    elif cmp -s "$work/got.txt" "$work/want.txt"; then
        ok "$name: $announced, received as $(head -n 1 "$work/requests.log" | cut -d' ' -f2-); $(wc -l <"$work/got.txt") row(s), as in the description's example"
    else
        bad "$name: rows differ from the description's example: $(diff "$work/got.txt" "$work/want.txt" | head -n 6 | tr '\n' ' ')"
    fi
}
: >"$work/all_requests.log"
cols="id, name, status, price, made_on, tags"
pushed "a declared filter (status)" 'limit|offset' \
    "SELECT $cols FROM prism_things.things WHERE status = 'new' ORDER BY id" \
    "SELECT $cols FROM prism_example(NULL::prism_things.things, '/things') WHERE status = 'new' ORDER BY id"
pushed "a declared range filter (price_gte)" 'limit|offset' \
    "SELECT $cols FROM prism_things.things WHERE price >= 30 ORDER BY id" \
    "SELECT $cols FROM prism_example(NULL::prism_things.things, '/things') WHERE price >= 30 ORDER BY id"
pushed "a key lookup (/things/{id})" '' \
    "SELECT $cols FROM prism_things.things_by_id WHERE id = 2" \
    "SELECT $cols FROM prism_example(NULL::prism_things.things_by_id, '/things/{id}') WHERE id = 2"
# (the first page asks for no more rows than the LIMIT when a filter is
# sent; Prism answers every page with its example, all three rows)
pushed "a LIMIT, in the declared limit" 'offset' \
    "SELECT $cols FROM prism_things.things WHERE status = 'used' LIMIT 1" \
    "SELECT $cols FROM prism_example(NULL::prism_things.things, '/things') WHERE status = 'used' LIMIT 1"
pushed "a declared filter on a list wrapped in an object (category)" 'page|per_page' \
    "SELECT sku, category, in_stock, updated_at FROM prism_things.catalog_items WHERE category = 'tools' ORDER BY sku" \
    "SELECT sku, category, in_stock, updated_at FROM prism_example(NULL::prism_things.catalog_items, '/catalog/items', 'items') WHERE category = 'tools' ORDER BY sku"

# every request above sent only parameters the description declares
if node "$top/test/realapi/declared_params.js" "$spec" "$work/all_requests.log" >"$work/declared.txt" 2>&1 &&
    [ -s "$work/all_requests.log" ]; then
    ok "the $(wc -l <"$work/all_requests.log") requests sent only query parameters the description declares"
else
    bad "parameters the description does not declare: $(head -c 600 "$work/declared.txt")"
fi

# refused NAME QUERY WANT: Prism answers QUERY's request, which sends WANT,
# with a 422, and the query is an ERROR that names that request and status
refused() {
    local name=$1 query=$2 want=$3
    : >"$work/requests.log"
    psql_run -c "$query" >"$work/got.txt" 2>&1
    if ! grep -q '^ERROR:' "$work/got.txt"; then
        bad "$name: no ERROR: $(head -c 300 "$work/got.txt")"
    elif ! grep -q "^422 GET .*$want" "$work/requests.log"; then
        bad "$name: Prism did not refuse it: $(tr '\n' ' ' <"$work/requests.log")"
    elif ! grep -q "^ERROR: .*$want.* 422" "$work/got.txt"; then
        bad "$name: the ERROR does not name the request ($want) and Prism's 422: $(head -c 400 "$work/got.txt")"
    else
        ok "$name: $(sed -n 's/^422 //p' "$work/requests.log" | head -n 1) is Prism's 422, an ERROR"
    fi
}
refused "a status the description's enum does not allow" \
    "SELECT id FROM prism_things.things WHERE status = 'lost'" '[?&]status=lost&'
psql_run -c "ALTER FOREIGN TABLE prism_things.things OPTIONS (SET page_size '50')" >/dev/null
refused "a page size above the description's maximum" \
    "SELECT id FROM prism_things.things" '[?&]limit=50&'
psql_run -c "ALTER FOREIGN TABLE prism_things.things OPTIONS (SET page_size '10')" >/dev/null

# a table pushing a parameter the description does not declare: Prism lets
# it through, the check of the declared parameters does not
: >"$work/requests.log"
psql_run -v ON_ERROR_STOP=1 >"$work/got.txt" 2>&1 <<'SQL'
CREATE FOREIGN TABLE prism_things.things_by_color (id bigint, color text OPTIONS (op_eq 'color={value}'))
  SERVER prism OPTIONS (path '/things');
SELECT id FROM prism_things.things_by_color WHERE color = 'red';
SQL
if node "$top/test/realapi/declared_params.js" "$spec" "$work/requests.log" >"$work/declared.txt" 2>&1; then
    bad "an undeclared parameter (color): not seen by the check: $(tr '\n' ' ' <"$work/requests.log")"
elif grep -q '"color" is not declared' "$work/declared.txt"; then
    ok "an undeclared parameter: $(head -n 1 "$work/declared.txt")"
else
    bad "an undeclared parameter (color): $(head -c 300 "$work/declared.txt") $(head -c 300 "$work/got.txt")"
fi

PGOPTIONS="-c client_min_messages=warning" psql -X -q -c "DROP SERVER prism CASCADE" -c "DROP SCHEMA prism_things" \
    -c "DROP FUNCTION prism_example" -c "DROP TABLE prism_doc" >/dev/null
finish
