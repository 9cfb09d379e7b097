#!/usr/bin/env bash
# Query cancel and statement_timeout stop a transfer within 200 ms (SPEC 6),
# whatever the transfer is doing: waiting for the response headers, stalled
# in the middle of the body, streaming a large body, or waiting out a
# retry's backoff (Retry-After: 30).
#
# Cancel: a second session records the time and calls pg_cancel_backend();
# the cancelled session prints the time right after its error.  Both times
# are the server's clock, so the latency includes one client round trip.
# statement_timeout: the elapsed time of the failed statement minus the
# timeout.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
limit_ms=${LIMIT_MS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
psql_q() { timeout 60 psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

psql_q -v fixture_url="$FIXTURE_URL" >/dev/null <<'SQL' || { echo "FAIL: set-up"; exit 1; }
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS cancel_fixture CASCADE;
CREATE SERVER cancel_fixture FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', timeout_ms '60000');
-- the response headers come after 20 s
CREATE FOREIGN TABLE cancel_headers (id int) SERVER cancel_fixture
  OPTIONS (path '/delay/20000/users');
-- 5000 bytes of the body, then 20 s of nothing
CREATE FOREIGN TABLE cancel_stalled (id int) SERVER cancel_fixture
  OPTIONS (path '/stall/20000', query 'rows=1000&after=5000');
-- a body that streams for seconds (3M rows, ~720 MB)
CREATE FOREIGN TABLE cancel_streaming (id int) SERVER cancel_fixture
  OPTIONS (path '/big', query 'rows=3000000');
-- 503 with Retry-After: 30, so the client waits 30 s before retrying
CREATE FOREIGN TABLE cancel_backoff (id int) SERVER cancel_fixture
  OPTIONS (path '/flaky/503/1000/cancel_backoff/users', query 'ra=30',
           max_retries '3');
-- the same wait on a next page, read ahead while the first page is read
CREATE FOREIGN TABLE cancel_second_page (id int) SERVER cancel_fixture
  OPTIONS (path '/pages/offset', query 'rows=6&latency=10000&latency_from=3&max=3',
           rows_path 'items', pagination 'offset', page_size '3');
CREATE FOREIGN TABLE cancel_reset (ok bool) SERVER cancel_fixture
  OPTIONS (path '/_reset');
CREATE FOREIGN TABLE cancel_requests (seq int, path text) SERVER cancel_fixture
  OPTIONS (path '/_requests');
SELECT ok FROM cancel_reset;
SQL

status=0
results=()

# cancel_case NAME TABLE REQUESTS: cancel a count(*) over TABLE once it is
# in the phase to test, which lasts 10 s or more: when the fixture has
# received REQUESTS requests from it (and answered them as far as it does),
# whatever the machine's speed.
cancel_case() {
    local name=$1 table=$2 requests=$3 t_cancel t_error latency seen
    psql_q -c "SELECT ok FROM cancel_reset" >/dev/null
    PGAPPNAME=cancel_victim psql -X -q -At \
        -c "SELECT count(*) FROM $table" \
        -c "SELECT extract(epoch FROM clock_timestamp())" \
        >"$work/victim.out" 2>"$work/victim.err" &
    local victim=$!
    # wait until the fixture has its requests (at most 20 s), then give
    # the answer to the last one a moment to arrive
    for _ in $(seq 400); do
        seen=$(psql_q -c "SELECT count(*) FROM cancel_requests")
        [ "$seen" -ge "$requests" ] && break
        sleep 0.05
    done
    if [ "$seen" -lt "$requests" ]; then
        echo "FAIL: $name: the fixture got $seen of $requests requests in 20 s"
        status=1
    fi
    sleep 0.2
    t_cancel=$(psql_q -c "SELECT extract(epoch FROM clock_timestamp()), pg_cancel_backend(pid)
                          FROM pg_stat_activity WHERE application_name = 'cancel_victim'" | cut -d'|' -f1)
    if ! timeout 30 tail --pid="$victim" -f /dev/null; then
        kill "$victim" 2>/dev/null
        echo "FAIL: $name: the query did not end within 30 s of the cancel"
        status=1
        return
    fi
    wait "$victim"
    t_error=$(tail -n 1 "$work/victim.out")
    if ! grep -q "canceling statement due to user request" "$work/victim.err" || [ -z "$t_error" ]; then
        echo "FAIL: $name: expected a cancel error, got:"; cat "$work/victim.err" "$work/victim.out"
        status=1
        return
    fi
    latency=$(python3 -c "print(round((float('$t_error') - float('$t_cancel')) * 1000, 1))")
    results+=("cancel, $name: ${latency} ms")
    python3 -c "import sys; sys.exit(0 if $latency < $limit_ms else 1)" ||
        { echo "FAIL: $name: cancel took ${latency} ms (limit ${limit_ms} ms)"; status=1; }
}

# timeout_case NAME TABLE TIMEOUT_MS: statement_timeout over a count(*)
timeout_case() {
    local name=$1 table=$2 timeout_ms=$3 out elapsed latency
    out=$(psql -X -q -At \
        -c "SET statement_timeout = $timeout_ms" \
        -c "SELECT extract(epoch FROM clock_timestamp())" \
        -c "SELECT count(*) FROM $table" \
        -c "SELECT extract(epoch FROM clock_timestamp())" 2>"$work/timeout.err")
    if ! grep -q "canceling statement due to statement timeout" "$work/timeout.err"; then
        echo "FAIL: $name: expected a statement timeout, got:"; cat "$work/timeout.err"; echo "$out"
        status=1
        return
    fi
    latency=$(echo "$out" | python3 -c "
import sys
t = [float(x) for x in sys.stdin.read().split()]
print(round((t[1] - t[0]) * 1000 - $timeout_ms, 1))")
    results+=("statement_timeout, $name: ${latency} ms past the timeout")
    python3 -c "import sys; sys.exit(0 if $latency < $limit_ms else 1)" ||
        { echo "FAIL: $name: statement_timeout took ${latency} ms too long (limit ${limit_ms} ms)"; status=1; }
}

cancel_case "waiting for the response headers" cancel_headers 1
cancel_case "stalled mid-body" cancel_stalled 1
cancel_case "streaming a large body" cancel_streaming 1
cancel_case "waiting out a retry's backoff" cancel_backoff 1
cancel_case "waiting for a page read ahead" cancel_second_page 2
timeout_case "waiting for the response headers" cancel_headers 700
timeout_case "stalled mid-body" cancel_stalled 700
timeout_case "waiting out a retry's backoff" cancel_backoff 700

psql_q -c "DROP SERVER cancel_fixture CASCADE" >/dev/null
for r in "${results[@]}"; do echo "$r"; done
[ ${#results[@]} = 8 ] || { echo "FAIL: only ${#results[@]} of 8 cases measured"; status=1; }
[ $status = 0 ] && echo "PASS: cancel_latency (all under ${limit_ms} ms)"
# one test: test/run counts a suite by this line
echo "$((status == 0)) passed, $((status != 0)) failed"
exit $status
