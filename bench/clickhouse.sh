#!/usr/bin/env bash
# bench/clickhouse.sh: what the sql dialect's pushdown saves, on a
# 1,000,000-row ClickHouse table.
#
#   CLICKHOUSE_PORT=8123 PGHOST=127.0.0.1 PGPORT=5432 bash bench/clickhouse.sh
#
# Needs a running ClickHouse (test/clickhouse.sh starts one) and a
# PostgreSQL with rest_fdw installed.  For each query it prints the bytes
# received over HTTP (EXPLAIN ANALYZE's HTTP line) and the median of 5 run
# times, with pushdown on and with rest_fdw.enable_pushdown = off.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/test/clickhouse.sh"
ROWS=${ROWS:-1000000}

clickhouse_query "DROP TABLE IF EXISTS default.bench_events" >/dev/null
clickhouse_query "CREATE TABLE default.bench_events (id Int64, status String,
    amount Decimal(18, 2), ts DateTime, note String)
    ENGINE = MergeTree ORDER BY id" >/dev/null
clickhouse_query "INSERT INTO default.bench_events SELECT number + 1,
    ['open', 'closed', 'pending', 'failed', 'refunded'][number % 5 + 1],
    toDecimal64(toString(number % 100000), 2) / toDecimal64('100', 2),
    toDateTime('2024-01-01 00:00:00') + number,
    concat('event number ', toString(number))
    FROM system.numbers LIMIT $ROWS" >/dev/null

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql <<EOF
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS bench_ch CASCADE;
CREATE SERVER bench_ch FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:$CLICKHOUSE_PORT', preset 'clickhouse',
           timeout_ms '300000');
CREATE FOREIGN TABLE bench_events (id bigint, status text, amount numeric,
  ts timestamp, note text) SERVER bench_ch OPTIONS (remote_table 'default.bench_events');
EOF

measure() {   # measure on|off QUERY
    local setting=$1 query=$2 bytes times t
    bytes=$(psql -At -c "SET rest_fdw.enable_pushdown = $setting" \
        -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) $query" |
        sed -n 's/.*HTTP: .*bytes=\([0-9]*\).*/\1/p' | awk "{s += \$1} END {print s}")
    times=()
    for _ in 1 2 3 4 5; do
        t=$(psql -At -c "SET rest_fdw.enable_pushdown = $setting" -c '\timing on' \
            -c "$query" 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -n 1)
        times+=("$t")
    done
    printf '%-4s  %12s bytes  %10s ms (median of 5)\n' "$setting" "$bytes" \
        "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)"
}

for q in "SELECT status, count(*) FROM bench_events GROUP BY status" \
         "SELECT id, amount, ts FROM bench_events WHERE id BETWEEN 500000 AND 500099" \
         "SELECT count(*), sum(amount) FROM bench_events WHERE status = 'failed' AND amount > 900"; do
    echo "== $q"
    measure on "$q"
    measure off "$q"
done
