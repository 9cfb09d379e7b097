#!/usr/bin/env bash
# Query cancel and statement_timeout stop a scan within 200 ms (SPEC 6)
# while a compressed body is being decoded: a gzip, deflate and br body of
# 1 GB of rows, read with the ratio check off so that decoding goes on for
# seconds.  Measured as test/scripts/cancel_latency.sh does: the server's
# clock at pg_cancel_backend() and right after the error; for
# statement_timeout, the failed statement's elapsed time minus the timeout.
# Ends with "N passed, M failed".
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
limit_ms=${LIMIT_MS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
psql_q() { timeout 120 psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

psql_q -v fixture_url="$FIXTURE_URL" >/dev/null <<'SQL' || { echo "FAIL: set-up"; echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS cancel_bomb_fixture CASCADE;
CREATE SERVER cancel_bomb_fixture FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', max_decompression_ratio '0');
CREATE FOREIGN TABLE cancel_bomb_gzip (id int) SERVER cancel_bomb_fixture
  OPTIONS (path '/limits/bomb/gzip', query 'mb=1024');
CREATE FOREIGN TABLE cancel_bomb_deflate (id int) SERVER cancel_bomb_fixture
  OPTIONS (path '/limits/bomb/deflate', query 'mb=1024');
CREATE FOREIGN TABLE cancel_bomb_br (id int) SERVER cancel_bomb_fixture
  OPTIONS (path '/limits/bomb/br', query 'mb=1024');
-- white space is decoded without a row to return in between
CREATE FOREIGN TABLE cancel_bomb_spaces (id int) SERVER cancel_bomb_fixture
  OPTIONS (path '/limits/bomb/gzip', query 'mb=1024&kind=spaces');
-- the fixture builds a body at its first request (br takes seconds): that
-- is done here, so that the cases below cancel the decoding itself
SELECT count(*) FROM (SELECT * FROM cancel_bomb_gzip LIMIT 1) s;
SELECT count(*) FROM (SELECT * FROM cancel_bomb_deflate LIMIT 1) s;
SELECT count(*) FROM (SELECT * FROM cancel_bomb_br LIMIT 1) s;
SQL

# cancel_case NAME TABLE: cancel a count(*) over TABLE after it has run 0.5 s
cancel_case() {
    local name=$1 table=$2 t_cancel t_error latency victim
    PGAPPNAME=cancel_bomb_victim psql -X -q -At \
        -c "SELECT count(*) FROM $table" \
        -c "SELECT extract(epoch FROM clock_timestamp())" \
        >"$work/victim.out" 2>"$work/victim.err" &
    victim=$!
    for _ in $(seq 100); do
        [ "$(psql_q -c "SELECT count(*) FROM pg_stat_activity
                        WHERE application_name = 'cancel_bomb_victim' AND state = 'active'
                          AND query LIKE '%$table%'")" = 1 ] && break
        sleep 0.05
    done
    sleep 0.5
    t_cancel=$(psql_q -c "SELECT extract(epoch FROM clock_timestamp()), pg_cancel_backend(pid)
                          FROM pg_stat_activity WHERE application_name = 'cancel_bomb_victim'" | cut -d'|' -f1)
    if ! timeout 30 tail --pid="$victim" -f /dev/null; then
        kill "$victim" 2>/dev/null
        fail "cancel, $name: the query did not end within 30 s of the cancel"
        return
    fi
    wait "$victim"
    t_error=$(tail -n 1 "$work/victim.out")
    if ! grep -q "canceling statement due to user request" "$work/victim.err" || [ -z "$t_error" ]; then
        fail "cancel, $name: expected a cancel error, got: $(cat "$work/victim.err" "$work/victim.out")"
        return
    fi
    latency=$(python3 -c "print(round((float('$t_error') - float('$t_cancel')) * 1000, 1))")
    if python3 -c "import sys; sys.exit(0 if $latency < $limit_ms else 1)"; then
        pass "cancel, $name: ${latency} ms"
    else
        fail "cancel, $name: ${latency} ms (limit ${limit_ms} ms)"
    fi
}

# timeout_case NAME TABLE TIMEOUT_MS: statement_timeout over a count(*)
timeout_case() {
    local name=$1 table=$2 timeout_ms=$3 out latency
    out=$(psql -X -q -At \
        -c "SET statement_timeout = $timeout_ms" \
        -c "SELECT extract(epoch FROM clock_timestamp())" \
        -c "SELECT count(*) FROM $table" \
        -c "SELECT extract(epoch FROM clock_timestamp())" 2>"$work/timeout.err")
    if ! grep -q "canceling statement due to statement timeout" "$work/timeout.err"; then
        fail "statement_timeout, $name: expected a statement timeout, got: $(cat "$work/timeout.err") $out"
        return
    fi
    latency=$(echo "$out" | python3 -c "
import sys
t = [float(x) for x in sys.stdin.read().split()]
print(round((t[1] - t[0]) * 1000 - $timeout_ms, 1))")
    if python3 -c "import sys; sys.exit(0 if $latency < $limit_ms else 1)"; then
        pass "statement_timeout, $name: ${latency} ms past the timeout"
    else
        fail "statement_timeout, $name: ${latency} ms past the timeout (limit ${limit_ms} ms)"
    fi
}

for enc in gzip deflate br spaces; do
    cancel_case "decoding a $enc bomb" cancel_bomb_$enc
    timeout_case "decoding a $enc bomb" cancel_bomb_$enc 700
done

psql_q -c "DROP SERVER cancel_bomb_fixture CASCADE" >/dev/null
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
