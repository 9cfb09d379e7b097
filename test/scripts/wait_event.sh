#!/usr/bin/env bash
# While a request or a page is awaited, pg_stat_activity shows what the
# backend waits for: wait_event_type Extension, and on PostgreSQL 17 and
# later the wait event RestFdwResponse (before 17 an extension's waits are
# all called Extension).  Four waits of 10 to 20 s: the response headers,
# the rest of a body that stalls, a retry's backoff (Retry-After: 30), and
# a next page read ahead.  A second session looks at the waiting one once
# the fixture has the requests, then cancels it.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PGOPTIONS="-c client_min_messages=warning"
psql_q() { timeout 60 psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

psql_q -v fixture_url="$FIXTURE_URL" >/dev/null <<'SQL' || { echo "FAIL: set-up"; exit 1; }
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS wait_fixture CASCADE;
CREATE SERVER wait_fixture FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', timeout_ms '60000');
CREATE FOREIGN TABLE wait_headers (id int) SERVER wait_fixture
  OPTIONS (path '/delay/20000/users');
CREATE FOREIGN TABLE wait_stalled (id int) SERVER wait_fixture
  OPTIONS (path '/stall/20000', query 'rows=1000&after=5000');
CREATE FOREIGN TABLE wait_backoff (id int) SERVER wait_fixture
  OPTIONS (path '/flaky/503/1000/wait_backoff/users', query 'ra=30',
           max_retries '3');
CREATE FOREIGN TABLE wait_second_page (id int) SERVER wait_fixture
  OPTIONS (path '/pages/offset', query 'rows=6&latency=10000&latency_from=3&max=3',
           rows_path 'items', pagination 'offset', page_size '3');
CREATE FOREIGN TABLE wait_reset (ok bool) SERVER wait_fixture
  OPTIONS (path '/_reset');
CREATE FOREIGN TABLE wait_requests (seq int, path text) SERVER wait_fixture
  OPTIONS (path '/_requests');
SQL

if [ "$(psql_q -c "SELECT current_setting('server_version_num')::int >= 170000")" = t ]; then
    expected="Extension|RestFdwResponse"
else
    expected="Extension|Extension"
fi

passed=0 failed=0

# wait_case NAME TABLE REQUESTS: while a count(*) over TABLE waits (once the
# fixture has REQUESTS requests from it), its wait event is the expected one
wait_case() {
    local name=$1 table=$2 requests=$3 seen="" event=""
    psql_q -c "SELECT ok FROM wait_reset" >/dev/null
    PGAPPNAME=wait_victim psql -X -q -At -c "SELECT count(*) FROM $table" \
        >"$work/victim.out" 2>"$work/victim.err" &
    local victim=$!
    for _ in $(seq 400); do
        seen=$(psql_q -c "SELECT count(*) FROM wait_requests")
        [ "$seen" -ge "$requests" ] && break
        sleep 0.05
    done
    # the backend is in the wait soon after the request has gone out (and
    # stays in it for 20 s); between two waits it may be running briefly
    for _ in $(seq 100); do
        event=$(psql_q -c "SELECT wait_event_type || '|' || wait_event FROM pg_stat_activity
                           WHERE application_name = 'wait_victim' AND state = 'active'")
        [ "$event" = "$expected" ] && break
        sleep 0.05
    done
    psql_q -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
               WHERE application_name = 'wait_victim'" >/dev/null
    if ! timeout 30 tail --pid="$victim" -f /dev/null; then
        kill "$victim" 2>/dev/null
    fi
    wait "$victim"
    if [ "$seen" -lt "$requests" ]; then
        echo "FAIL: $name: the fixture got $seen of $requests requests in 20 s"
        failed=$((failed + 1))
    elif [ "$event" != "$expected" ]; then
        echo "FAIL: $name: wait event \"$event\", expected \"$expected\""
        failed=$((failed + 1))
    elif ! grep -q "canceling statement due to user request" "$work/victim.err"; then
        echo "FAIL: $name: expected a cancel error, got:"; cat "$work/victim.err" "$work/victim.out"
        failed=$((failed + 1))
    else
        echo "ok: $name: $event"
        passed=$((passed + 1))
    fi
}

wait_case "waiting for the response headers" wait_headers 1
wait_case "stalled mid-body" wait_stalled 1
wait_case "waiting out a retry's backoff" wait_backoff 1
wait_case "waiting for a page read ahead" wait_second_page 2

psql_q -c "DROP SERVER wait_fixture CASCADE" >/dev/null
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
