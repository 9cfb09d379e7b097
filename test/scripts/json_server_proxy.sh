#!/usr/bin/env bash
# A real paginated API behind a real reverse proxy: json-server 1.0 (npm)
# behind a keep-alive Node proxy (test/realapi/proxy.js), 3000 rows.  Each
# scan, for concurrent_pages 1, 2, 4 and 8, run three times, must return
# exactly the API's own data, row by row and in order:
#   - pages of 400 (the last one short);
#   - pages of 250, so the rows fill the last page exactly and json-server
#     answers page 13 with page 12 again: the repeated page is not returned;
#   - pages of 250 with page_count_path 'pages', json-server's page count.
#
# json-server is installed with npm into REST_FDW_NPM_DIR (default
# /var/cache/rest_fdw-npm), once.  Needs the environment of test/run.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
npm_dir=${REST_FDW_NPM_DIR:-/var/cache/rest_fdw-npm}
version=1.0.0-beta.15
work=$(mktemp -d /tmp/rest_fdw_js.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

. "$top/test/realapi/npm.bash"
npm_package "$npm_dir" json-server "$version"
bin=$npm_dir/node_modules/.bin/json-server

# the API's data: 3000 orders, each with a nested customer
python3 - "$work/db.json" "$work/expected.txt" <<'PY'
import json, random, sys
rng = random.Random(20261201)
orders = []
for i in range(1, 3001):
    orders.append({"id": str(i), "status": rng.choice(["new", "paid", "shipped"]),
                   "big": "%d.%02d" % (rng.randint(0, 10 ** 12), rng.randint(0, 99)),
                   "customer": {"name": "Customer %d" % i,
                                "address": {"street": "%d Main St" % i, "city": "New York"}}})
json.dump({"orders": orders}, open(sys.argv[1], "w"), indent=2)
with open(sys.argv[2], "w") as f:
    for o in orders:
        f.write("%s|%s|%s|%s\n" % (o["id"], o["status"], o["big"], o["customer"]["address"]["city"]))
PY

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$work" && exec "$bin" --host 127.0.0.1 --port "$port" db.json >"$work/json-server.log" 2>&1) &
pids+=($!)
node "$top/test/realapi/proxy.js" "$port" "$work/proxy.port" >"$work/proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    [ -s "$work/proxy.port" ] && python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1])' \
        "http://127.0.0.1:$port/orders?_page=1&_per_page=1" 2>/dev/null && break
    sleep 0.1
done
[ -s "$work/proxy.port" ] || { cat "$work/json-server.log" "$work/proxy.log"; bad "json-server and the proxy started"; finish; }
url=http://127.0.0.1:$(cat "$work/proxy.port")
ok "json-server $version on 127.0.0.1:$port behind the proxy at $url"

psql_run() { PGOPTIONS="-c client_min_messages=notice -c statement_timeout=60s" psql -X -q -At "$@"; }
psql_run -v ON_ERROR_STOP=1 -v url="$url" >/dev/null <<'SQL' || { bad "set-up"; finish; }
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS json_server_proxy CASCADE;
CREATE SERVER json_server_proxy FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'url',
  pagination 'page', page_param '_page', page_size_param '_per_page', rows_path 'data');
CREATE FOREIGN TABLE js_orders (id bigint, status text, big numeric,
                                city text OPTIONS (json_path 'customer.address.city'))
  SERVER json_server_proxy OPTIONS (path '/orders');
SQL

for config in "page_size '400'" "page_size '250'" "page_size '250', page_count_path 'pages'"; do
    for c in 1 2 4 8; do
        for run in 1 2 3; do
            psql_run -c "ALTER FOREIGN TABLE js_orders OPTIONS (DROP page_size)" >/dev/null 2>&1
            psql_run -c "ALTER FOREIGN TABLE js_orders OPTIONS (DROP page_count_path)" >/dev/null 2>&1
            psql_run -c "ALTER FOREIGN TABLE js_orders OPTIONS (DROP concurrent_pages)" >/dev/null 2>&1
            psql_run -v ON_ERROR_STOP=1 \
                -c "ALTER FOREIGN TABLE js_orders OPTIONS (ADD $config, ADD concurrent_pages '$c')" >/dev/null ||
                { bad "ALTER FOREIGN TABLE for $config"; continue; }
            psql_run -v ON_ERROR_STOP=1 -F '|' -c "SELECT id, status, big, city FROM js_orders" \
                >"$work/got.txt" 2>"$work/err.txt"
            name="$config, concurrent_pages $c, run $run"
            # only the scan that relies on the repeated page check says so
            want_notice=0
            [ "$config" = "page_size '250'" ] && want_notice=1
            notice=0
            grep -q "NOTICE:  page 13 of foreign table .* repeats the page before it" "$work/err.txt" && notice=1
            if grep -q "ERROR" "$work/err.txt"; then
                bad "$name: $(grep -m 2 -A 1 ERROR "$work/err.txt" | head -c 300)"
            elif [ "$notice" != "$want_notice" ]; then
                bad "$name: the NOTICE of a repeated page 13 was $( ((notice)) || echo "not ")given"
            elif cmp -s "$work/got.txt" "$work/expected.txt"; then
                ok "$name: 3000 rows as the API has them$( ((notice)) && echo ", page 13 (page 12 again) left out with a NOTICE")"
            else
                bad "$name: $(wc -l <"$work/got.txt") rows, first difference: $(diff "$work/got.txt" "$work/expected.txt" | head -n 3 | tr '\n' ' ')"
            fi
        done
    done
done
psql_run -c "DROP SERVER json_server_proxy CASCADE" >/dev/null
finish
