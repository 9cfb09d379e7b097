#!/usr/bin/env bash
# A backend waiting for an API exits when the postmaster dies, as every
# backend must: it waits on its latch and the postmaster-death event, not
# only on curl's sockets.  A throwaway cluster of its own (this one is
# killed) scans a table whose response takes 30 s; once the request is out,
# the postmaster is killed with SIGKILL, and the backend must be gone well
# before the response would have come: within 10 s.  For comparison it also
# checks that the same wait, left alone, is still going after 10 s (so the
# 10 s are not the response arriving early).
#
# Needs the environment of test/run: PATH with its PostgreSQL, FIXTURE_URL.
set -u
work=$(mktemp -d)
as_pg=()
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$work"
    as_pg=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
    [ -f "$work/data/postmaster.pid" ] &&
        "${as_pg[@]}" pg_ctl -D "$work/data" -m immediate stop >/dev/null 2>&1
    # what the killed postmaster left behind
    pkill -9 -f -- "-D $work/data" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

"${as_pg[@]}" initdb -D "$work/data" -A trust -E UTF8 --locale=C.UTF-8 >"$work/initdb.log" 2>&1 ||
    { cat "$work/initdb.log"; echo "FAIL: initdb"; exit 1; }
"${as_pg[@]}" pg_ctl -D "$work/data" -l "$work/postgres.log" -w -s \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off" start ||
    { cat "$work/postgres.log"; echo "FAIL: start"; exit 1; }
user=$(stat -c %U "$work/data")
psql_q() { timeout 60 psql -X -q -At -h 127.0.0.1 -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 "$@"; }

psql_q -v fixture_url="$FIXTURE_URL" >/dev/null <<'SQL' || { echo "FAIL: set-up"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION rest_fdw;
CREATE SERVER death_fixture FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', timeout_ms '120000');
CREATE FOREIGN TABLE slow_users (id int) SERVER death_fixture
  OPTIONS (path '/delay/30000/users');
SQL

passed=0 failed=0

# start_victim: a scan of slow_users in the background; prints its backend's
# pid once it waits for the API
start_victim() {
    PGAPPNAME=death_victim psql -X -q -At -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
        -c "SELECT count(*) FROM slow_users" >"$work/victim.out" 2>&1 &
    local pid=""
    for _ in $(seq 200); do
        pid=$(psql_q -c "SELECT pid FROM pg_stat_activity
                         WHERE application_name = 'death_victim' AND wait_event_type = 'Extension'")
        [ -n "$pid" ] && break
        sleep 0.05
    done
    echo "$pid"
}

# the same wait, undisturbed, lasts: after 10 s the backend still waits
backend=$(start_victim)
if [ -z "$backend" ]; then
    echo "FAIL: the scan never waited for the API"; cat "$work/victim.out"; exit 1
fi
sleep 10
state=$(psql_q -c "SELECT wait_event_type FROM pg_stat_activity WHERE pid = $backend")
if [ "$state" = Extension ]; then
    echo "ok: an undisturbed wait is still going after 10 s"
    passed=$((passed + 1))
else
    echo "FAIL: the wait ended by itself within 10 s (state \"$state\"): the test proves nothing"
    failed=$((failed + 1))
fi
psql_q -c "SELECT pg_cancel_backend($backend)" >/dev/null
wait

# now kill the postmaster while a backend waits
backend=$(start_victim)
postmaster=$(head -1 "$work/data/postmaster.pid")
if [ -z "$backend" ] || [ -z "$postmaster" ]; then
    echo "FAIL: no waiting backend ($backend) or postmaster ($postmaster)"; exit 1
fi
kill -9 "$postmaster"
gone=
for _ in $(seq 100); do
    if ! kill -0 "$backend" 2>/dev/null; then gone=1; break; fi
    sleep 0.1
done
if [ -n "$gone" ]; then
    echo "ok: the waiting backend exited within 10 s of the postmaster's death"
    passed=$((passed + 1))
else
    echo "FAIL: backend $backend still runs 10 s after the postmaster died"
    failed=$((failed + 1))
fi
wait
rm -f "$work/data/postmaster.pid"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
