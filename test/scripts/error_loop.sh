#!/usr/bin/env bash
# 1000 failing queries in one backend leave its open file descriptors and
# memory flat: no curl handle, socket or buffer outlives a failed query.
# Half are top-level statements (transaction abort), half are caught in a
# PL/pgSQL loop (subtransaction abort).
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
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['f_status', 'f_refused', 'f_malformed', 'f_convert', 'f_bigcap'] LOOP
    BEGIN
      EXECUTE 'SELECT count(*) FROM ' || t;
    EXCEPTION WHEN OTHERS THEN NULL;
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
echo "DROP SERVER loop_fixture CASCADE; DROP SERVER loop_refused CASCADE;" >>"$script"

out=$(PGOPTIONS="-c client_min_messages=warning" psql -X -q -At -F ' ' -v fixture_url="$FIXTURE_URL" -f "$script" 2>"$script.err")
errors=$(grep -c '^psql.*ERROR' "$script.err" || true)
secrets=$(grep -c 'loop-secret' "$script.err" || true)
rm -f "$script.err"
read -r _ fds_before rss_before < <(echo "$out" | grep '^before')
read -r _ fds_after rss_after < <(echo "$out" | grep '^after')
echo "failing queries: $((rounds * 10 + 100)) (top-level errors seen: $errors)"
echo "open fds: $fds_before -> $fds_after; RSS: ${rss_before}kB -> ${rss_after}kB"
status=0
[ "$errors" -ge $((rounds * 5)) ] || { echo "FAIL: expected at least $((rounds * 5)) errors"; status=1; }
[ "$secrets" = 0 ] || { echo "FAIL: an error message showed the bearer token"; status=1; }
[ "$fds_after" -le "$fds_before" ] || { echo "FAIL: file descriptors grew"; status=1; }
[ $((rss_after - rss_before)) -le 2048 ] || { echo "FAIL: RSS grew by more than 2 MB"; status=1; }
[ $status = 0 ] && echo "PASS: error_loop"
exit $status
