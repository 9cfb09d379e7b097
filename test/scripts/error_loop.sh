#!/usr/bin/env bash
# 1000 failing queries in one backend leave its open file descriptors and
# memory flat: no curl handle, socket or buffer outlives a failed query.
# Half are top-level statements (transaction abort), half are caught in a
# PL/pgSQL loop (subtransaction abort); the loop checks that each query
# fails, with the SQLSTATE of the failure it provokes, and counts them.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -eu
rounds=${ROUNDS:-100}	# each round runs 5 failing queries, twice (top level and caught)
script=$(mktemp)
trap 'rm -f "$script"' EXIT

cat >"$script" <<'SQL'
\set ON_ERROR_STOP 0
\set VERBOSITY terse
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS loop_fixture CASCADE;
DROP SERVER IF EXISTS loop_refused CASCADE;
CREATE SERVER loop_fixture FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
-- refused connections are retried (max_retries, 2 by default): quickly here
CREATE SERVER loop_refused FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'http://127.0.0.1:1', retry_backoff_ms '1');
CREATE USER MAPPING FOR CURRENT_USER SERVER loop_fixture OPTIONS (bearer_token 'loop-secret');
CREATE FOREIGN TABLE f_status (id int) SERVER loop_fixture OPTIONS (path '/status/500');
CREATE FOREIGN TABLE f_refused (id int) SERVER loop_refused OPTIONS (path '/x');
CREATE FOREIGN TABLE f_malformed (id int) SERVER loop_fixture OPTIONS (path '/bad/malformed');
CREATE FOREIGN TABLE f_convert (id int, age int) SERVER loop_fixture OPTIONS (path '/bad/bad_int');
CREATE FOREIGN TABLE f_bigcap (id int) SERVER loop_fixture
  OPTIONS (path '/big', query 'rows=20000', max_response_bytes '200000');
CREATE TEMP TABLE caught (n int);
INSERT INTO caught VALUES (0);
CREATE FUNCTION pg_temp.fds() RETURNS bigint LANGUAGE sql AS
  $$SELECT count(*) FROM pg_ls_dir('/proc/self/fd')$$;
CREATE FUNCTION pg_temp.rss_kb() RETURNS bigint LANGUAGE sql AS
  $$SELECT substring(pg_read_file('/proc/self/status') FROM 'VmRSS:\s*(\d+) kB')::bigint$$;
SQL

round() {
    cat <<'SQL'
SELECT * FROM f_status;
SELECT * FROM f_refused;
SELECT * FROM f_malformed;
SELECT * FROM f_convert;
SELECT count(*) FROM f_bigcap;
DO $$
DECLARE
  t text[];
  state text;
BEGIN
  -- the queries run at top level, and the SQLSTATE each must fail with
  -- (count(*) would not convert f_convert's bad value)
  FOREACH t SLICE 1 IN ARRAY ARRAY[['SELECT * FROM f_status', 'HV000'],
                                   ['SELECT * FROM f_refused', 'HV00N'],
                                   ['SELECT * FROM f_malformed', '22032'],
                                   ['SELECT * FROM f_convert', '22P02'],
                                   ['SELECT count(*) FROM f_bigcap', '54000']] LOOP
    BEGIN
      EXECUTE t[1];
      RAISE EXCEPTION 'error_loop: caught: "%" did not fail', t[1];
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE;
      IF state <> t[2] THEN
        RAISE EXCEPTION 'error_loop: caught: "%" failed with % (expected %): %',
          t[1], state, t[2], SQLERRM;
      END IF;
      UPDATE caught SET n = n + 1;
    END;
  END LOOP;
END $$;
SQL
}

# warm up (caches, first allocations), then measure over the rounds
for _ in $(seq 10); do round; done >>"$script"
echo "SELECT 'before', pg_temp.fds(), pg_temp.rss_kb();" >>"$script"
for _ in $(seq "$rounds"); do round; done >>"$script"
echo "SELECT 'after', pg_temp.fds(), pg_temp.rss_kb();" >>"$script"
echo "SELECT 'caught', n FROM caught;" >>"$script"
echo "DROP SERVER loop_fixture CASCADE; DROP SERVER loop_refused CASCADE;" >>"$script"

out=$(PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -F ' ' -v fixture_url="$FIXTURE_URL" -f "$script" 2>"$script.err")
errors=$(grep -c '^psql.*ERROR' "$script.err" || true)
wrong=$(grep -c 'error_loop: caught' "$script.err" || true)
grep -m 5 'error_loop: caught' "$script.err" || true
secrets=$(grep -c 'loop-secret' "$script.err" || true)
rm -f "$script.err"
read -r _ fds_before rss_before < <(echo "$out" | grep '^before')
read -r _ fds_after rss_after < <(echo "$out" | grep '^after')
read -r _ caught < <(echo "$out" | grep '^caught')
echo "failing queries: $((rounds * 10 + 100)) (top-level errors seen: $errors, caught in PL/pgSQL as expected: $caught)"
echo "open fds: $fds_before -> $fds_after; RSS: ${rss_before}kB -> ${rss_after}kB"
status=0
[ "$errors" -ge $((rounds * 5)) ] || { echo "FAIL: expected at least $((rounds * 5)) errors"; status=1; }
[ "$wrong" = 0 ] || { echo "FAIL: $wrong PL/pgSQL loops caught no error or the wrong one"; status=1; }
[ "${caught:-0}" = $(((rounds + 10) * 5)) ] ||
    { echo "FAIL: PL/pgSQL caught ${caught:-no} expected errors, not $(((rounds + 10) * 5))"; status=1; }
[ "$secrets" = 0 ] || { echo "FAIL: an error message showed the bearer token"; status=1; }
[ "$fds_after" -le "$fds_before" ] || { echo "FAIL: file descriptors grew"; status=1; }
[ $((rss_after - rss_before)) -le 2048 ] || { echo "FAIL: RSS grew by more than 2 MB"; status=1; }
[ $status = 0 ] && echo "PASS: error_loop"
# one test: test/run counts a suite by this line
echo "$((status == 0)) passed, $((status != 0)) failed"
exit $status
