#!/usr/bin/env bash
# A request that times out fails with one SQLSTATE, 08006 (connection
# failure), whichever clock ran out: connect_timeout_ms while connecting
# (here: a TLS handshake with a server that accepts the connection and then
# says nothing), or timeout_ms once the server stops sending (the fixture's
# /delay/).  A server that refuses the connection is HV00N, as before.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
work=$(mktemp -d)
listener=
cleanup() {
    [ -n "$listener" ] && kill "$listener" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
export PGOPTIONS="-c client_min_messages=warning"
psql_q() { timeout 60 psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# accepts connections and never answers; gone after 60 s whatever happens
python3 - "$work/port" <<'PY' &
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(60)
held = []
try:
    while True:
        held.append(s.accept()[0])
except socket.timeout:
    pass
PY
listener=$!
for _ in $(seq 100); do [ -f "$work/port" ] && break; sleep 0.05; done
[ -f "$work/port" ] || { echo "FAIL: the silent listener did not start"; echo "0 passed, 1 failed"; exit 1; }
silent_port=$(cat "$work/port")

out=$(psql_q -v fixture_url="$FIXTURE_URL" -v silent_url="https://127.0.0.1:$silent_port/" <<'SQL'
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS timeouts_silent CASCADE;
DROP SERVER IF EXISTS timeouts_fixture CASCADE;
DROP SERVER IF EXISTS timeouts_refused CASCADE;
CREATE SERVER timeouts_silent FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'silent_url', connect_timeout_ms '300', max_retries '0');
CREATE SERVER timeouts_fixture FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', max_retries '0');
CREATE SERVER timeouts_refused FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', max_retries '0');
CREATE FOREIGN TABLE timeouts_connect (id int) SERVER timeouts_silent
  OPTIONS (path '/users');
CREATE FOREIGN TABLE timeouts_stall (id int) SERVER timeouts_fixture
  OPTIONS (path '/delay/3000/users', timeout_ms '300');
CREATE FOREIGN TABLE timeouts_refuse (id int) SERVER timeouts_refused
  OPTIONS (path '/users');
CREATE FUNCTION pg_temp.failure(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  state text; message text;
BEGIN
  EXECUTE q;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
  RETURN state || ' ' || regexp_replace(message, '"[^"]*"', 'URL');
END
$$;
SELECT 'connect: ' || pg_temp.failure('SELECT * FROM timeouts_connect');
SELECT 'stall: ' || pg_temp.failure('SELECT * FROM timeouts_stall');
SELECT 'refused: ' || pg_temp.failure('SELECT * FROM timeouts_refuse');
DROP SERVER timeouts_silent CASCADE;
DROP SERVER timeouts_fixture CASCADE;
DROP SERVER timeouts_refused CASCADE;
SQL
) || { echo "FAIL: psql: $out"; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
check() {   # check WHAT EXPECTED
    local got
    got=$(echo "$out" | grep "^$1: ")
    if [ "$got" = "$1: $2" ]; then
        echo "ok: $got"
        passed=$((passed + 1))
    else
        echo "FAIL: expected \"$1: $2\", got \"$got\""
        failed=$((failed + 1))
    fi
}
check connect '08006 GET request to URL timed out'
check stall '08006 GET request to URL timed out'
check refused 'HV00N could not connect to URL'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
