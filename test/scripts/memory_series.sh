#!/usr/bin/env bash
# Rows inside many arrays (issue 18): an InfluxDB-shaped answer of 300,000
# series of two points each (~25 MB), read with rows_path
# 'results.*.series.*.values', each series' own columns and its tags.host.
# Peak backend memory must stay within 16 MB of the same backend's peak
# before the scan, whether a series' name, tags and columns come before its
# values (streamed) or after them (its rows held until the series ends),
# and every row must carry its own series' values.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -eu
n=${SERIES:-300000}
limit_kb=$((16 * 1024))
status=0
passed=0

for late in 0 1; do
    out=$(PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 \
        -v fixture_url="$FIXTURE_URL" -v q="n=$n&late=$late" <<'SQL'
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS series_memory CASCADE;
CREATE SERVER series_memory FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
CREATE FOREIGN TABLE many (t bigint OPTIONS (remote_name 'time'), value bigint,
                           host text OPTIONS (json_path '^tags.host'),
                           name text OPTIONS (json_path '^name'))
  SERVER series_memory OPTIONS (path '/series/many', query :'q', format 'json_columns',
                                rows_path 'results.*.series.*.values',
                                columns_path 'results.*.series.*.columns');
CREATE FOREIGN TABLE few (t bigint OPTIONS (remote_name 'time'))
  SERVER series_memory OPTIONS (path '/series/many', query 'n=2', format 'json_columns',
                                rows_path 'results.*.series.*.values',
                                columns_path 'results.*.series.*.columns');
CREATE FUNCTION pg_temp.peak_kb() RETURNS bigint LANGUAGE sql AS
  $$SELECT substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+) kB')::bigint$$;
SELECT count(*) FROM few \gset
SELECT pg_temp.peak_kb() AS before_kb \gset
SELECT count(*) AS rows, sum(value) AS sum_value,
       sum((right(host, -1)::bigint = t)::int) AS own_host,
       sum((name = 'm')::int) AS named
  FROM many \gset
SELECT pg_temp.peak_kb() AS after_kb \gset
\echo :rows :sum_value :own_host :named :before_kb :after_kb
DROP SERVER series_memory CASCADE;
SQL
    )
    read -r rows sum_value own_host named before after <<<"$(echo "$out" | tail -n 1)"
    growth=$((after - before))
    echo "late=$late series=$n rows=$rows sum(value)=$sum_value rows_with_own_host=$own_host named=$named peak_before=${before}kB peak_after=${after}kB growth=${growth}kB (limit ${limit_kb}kB)"
    ok=1
    [ "$rows" = $((2 * n)) ] || { echo "FAIL: expected $((2 * n)) rows"; ok=0; }
    [ "$sum_value" = $((4 * n * (n - 1) / 2 + n)) ] || { echo "FAIL: sum(value)"; ok=0; }
    [ "$own_host" = $((2 * n)) ] || { echo "FAIL: a row with another series' host"; ok=0; }
    [ "$named" = $((2 * n)) ] || { echo "FAIL: a row without its series' name"; ok=0; }
    [ "$growth" -le "$limit_kb" ] || { echo "FAIL: peak memory grew by more than 16 MB"; ok=0; }
    if [ $ok = 1 ]; then passed=$((passed + 1)); else status=1; fi
done
[ $status = 0 ] && echo "PASS: memory_series"
echo "$passed passed, $((2 - passed)) failed"
exit $status
