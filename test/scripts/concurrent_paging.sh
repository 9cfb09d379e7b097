#!/usr/bin/env bash
# Fetching pages concurrently: 50 pages of 10 rows from an API that takes
# 20 ms to answer each page, read one page at a time (concurrent_pages 1),
# one page ahead (2, the default) and 8 at a time.  The rows must be the
# same, in the same order, and the fixture must see no more requests at
# once than asked for, and more than the read-ahead's 2 with 8 (1; 1 or 2;
# 3 to 8).  Each request takes 20 ms,
# so that they overlap on any machine; the times are printed, not judged,
# since they depend on the machine's speed and load.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
pages=${PAGES:-50}
latency_ms=${LATENCY_MS:-20}
rows=$((pages * 10))

out=$(PGOPTIONS="-c client_min_messages=warning" timeout 300 psql -X -q -At -F ' ' \
      -v ON_ERROR_STOP=1 -v fixture_url="$FIXTURE_URL" \
      -v query="rows=$rows&latency=$latency_ms" 2>&1 <<'SQL'
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS paging_fixture CASCADE;
CREATE SERVER paging_fixture FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
CREATE FOREIGN TABLE paging_t (id int, name text) SERVER paging_fixture
  OPTIONS (path '/pages/offset', query :'query', rows_path 'items',
           pagination 'offset', page_size '10', total_path 'total');
CREATE FOREIGN TABLE paging_reset (ok bool) SERVER paging_fixture OPTIONS (path '/_reset');
CREATE FOREIGN TABLE paging_stats (max_in_flight int) SERVER paging_fixture OPTIONS (path '/_stats');
-- milliseconds a statement takes, best of two, a digest of its rows, and
-- the most requests the fixture answered at once
CREATE FUNCTION pg_temp.run(concurrency int, OUT ms numeric, OUT digest text,
                            OUT in_flight int)
LANGUAGE plpgsql AS $$
DECLARE
  t0 timestamptz;
  i int;
BEGIN
  EXECUTE format('ALTER FOREIGN TABLE paging_t OPTIONS (ADD concurrent_pages %L)', concurrency);
  PERFORM * FROM paging_reset;
  FOR i IN 1..2 LOOP
    t0 := clock_timestamp();
    SELECT md5(string_agg(id || ':' || name, ',' ORDER BY ord)) INTO digest
    FROM (SELECT id, name, row_number() OVER () AS ord FROM paging_t) s;
    ms := least(ms, round((extract(epoch FROM clock_timestamp() - t0) * 1000)::numeric, 1));
  END LOOP;
  SELECT max_in_flight INTO in_flight FROM paging_stats;
  ALTER FOREIGN TABLE paging_t OPTIONS (DROP concurrent_pages);
END
$$;
SELECT 'c1', ms, digest, in_flight FROM pg_temp.run(1);
SELECT 'c2', ms, digest, in_flight FROM pg_temp.run(2);
SELECT 'c8', ms, digest, in_flight FROM pg_temp.run(8);
DROP SERVER paging_fixture CASCADE;
SQL
)
rc=$?
if [ $rc != 0 ]; then
    echo "$out"
    echo "FAIL: concurrent_paging (psql exit status $rc)"
    exit 1
fi
expected=$(python3 -c "
import hashlib
print(hashlib.md5(','.join('%d:user %d' % (i, i) for i in range(1, $rows + 1)).encode()).hexdigest())")
read -r _ ms1 d1 f1 < <(echo "$out" | grep '^c1 ')
read -r _ ms2 d2 f2 < <(echo "$out" | grep '^c2 ')
read -r _ ms8 d8 f8 < <(echo "$out" | grep '^c8 ')
echo "$pages pages of 10 rows, ${latency_ms} ms per page: concurrent_pages 1: ${ms1} ms, 2: ${ms2} ms, 8: ${ms8} ms"
echo "most requests at once: ${f1:-?}, ${f2:-?}, ${f8:-?}"
status=0
for d in "$d1" "$d2" "$d8"; do
    [ "$d" = "$expected" ] || { echo "FAIL: the rows differ from the expected ones, in content or order"; status=1; }
done
[ "${f1:-}" = 1 ] || { echo "FAIL: concurrent_pages 1 had ${f1:-?} requests at once, not 1"; status=1; }
[ "${f2:-0}" -ge 1 ] && [ "${f2:-0}" -le 2 ] ||
    { echo "FAIL: concurrent_pages 2 had ${f2:-?} requests at once, not 1 or 2"; status=1; }
[ "${f8:-0}" -gt 2 ] && [ "${f8:-0}" -le 8 ] ||
    { echo "FAIL: concurrent_pages 8 had ${f8:-?} requests at once, not 3 to 8"; status=1; }
[ $status = 0 ] && echo "PASS: concurrent_paging"
# one test: test/run counts a suite by this line
echo "$((status == 0)) passed, $((status != 0)) failed"
exit $status
