#!/usr/bin/env bash
# rest_fdw.allowed_hosts holds however the library is loaded (issue 12,
# item 3).  The administrator sets it the way the docs say, in a fresh
# session (doc/security.md); then a role with nothing but USAGE on the
# wrapper tries to widen it before the library is loaded, at connection
# start (PGOPTIONS) and with SET, and its own server must receive nothing.
# A superuser's PGOPTIONS still works.  The setting is reset at the end.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER (a superuser),
# FIXTURE_URL.
set -u
cd "$(dirname "$0")/../.."

bob=hostile_ah_bob
db=rest_fdw_allowed_hosts
passed=0 failed=0
. test/scripts/common.bash
su_psql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
export PGOPTIONS="-c client_min_messages=warning"
cleanup() {
    psql -X -q -d postgres -c "ALTER SYSTEM RESET rest_fdw.allowed_hosts" \
        -c "SELECT pg_reload_conf()" >/dev/null
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $bob" >/dev/null
}
trap cleanup EXIT
requests() { fixture_get /_requests | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $bob" >/dev/null
psql -X -q -d postgres -c "CREATE DATABASE $db" -c "CREATE ROLE $bob LOGIN" >/dev/null || exit 1
su_psql <<SQL || exit 1
CREATE EXTENSION rest_fdw;
GRANT USAGE ON FOREIGN DATA WRAPPER rest_fdw TO $bob;
CREATE SCHEMA bob AUTHORIZATION $bob;
SQL
# bob's own server, on a host the administrator does not allow
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -U "$bob" <<SQL || exit 1
CREATE SERVER bobs FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url '$FIXTURE_URL');
CREATE FOREIGN TABLE bob.echo (method text) SERVER bobs OPTIONS (path '/echo');
SQL

# The example of doc/security.md, as written there, in a fresh session: the
# library is not loaded yet.  No such example is a failure, not a pass.
readme_sql=$(awk '/^ *```sql$/ { block = ""; inblock = 1; next }
                  /^ *```$/ { if (inblock && block ~ /ALTER SYSTEM SET rest_fdw.allowed_hosts/) print block; inblock = 0; next }
                  inblock { block = block $0 "\n" }' doc/security.md)
out=$(printf '%s' "$readme_sql" | psql -X -q -v ON_ERROR_STOP=1 -d "$db" 2>&1)
status=$?
[ -n "$readme_sql" ] || { status=1; out="doc/security.md has no ALTER SYSTEM SET rest_fdw.allowed_hosts example"; }
check "doc/security.md's ALTER SYSTEM example works in a fresh session" $status "$readme_sql$out"
readme_value=$(printf '%s' "$readme_sql" | sed -n "s/.*ALTER SYSTEM SET rest_fdw.allowed_hosts = '\([^']*\)'.*/\1/p")
out=$(su_psql -c "LOAD 'rest_fdw'" -c "SHOW rest_fdw.allowed_hosts" 2>&1)
[ -n "$readme_value" ] && [ "$out" = "$readme_value" ]
check "a new session has the documented value ($readme_value)" $? "$out"

# as bob: the administrator's list holds, whatever bob sets first
bob_query() {   # bob_query PGOPTIONS [SQL before the query]
    fixture_get /_reset >/dev/null
    PGOPTIONS="$1" psql -X -q -At -d "$db" -U "$bob" -c "SET client_min_messages = error" \
        ${2:+-c "$2"} -c "\\set VERBOSITY verbose" -c "SELECT * FROM bob.echo" 2>&1
}
out=$(bob_query "")
echo "$out" | grep -q 'ERROR:  42501: host "127.0.0.1:[0-9]*" is not allowed by rest_fdw.allowed_hosts'
check "bob: his server's host is refused" $? "$out"
check "bob: nothing reached his server" "$([ "$(requests)" = 0 ]; echo $?)"

for opt in "*" "" "127.0.0.1"; do
    out=$(bob_query "-c rest_fdw.allowed_hosts=$opt")
    echo "$out" | grep -q 'ERROR:  42501: rest_fdw.allowed_hosts is not known in this session'
    check "bob with PGOPTIONS rest_fdw.allowed_hosts='$opt': refused, fails closed" $? "$out"
    check "bob with PGOPTIONS rest_fdw.allowed_hosts='$opt': nothing reached his server" \
        "$([ "$(requests)" = 0 ]; echo $?)"
done

out=$(bob_query "" "SET rest_fdw.allowed_hosts = '*'")
echo "$out" | grep -q 'ERROR:  42501: host "127.0.0.1:[0-9]*" is not allowed by rest_fdw.allowed_hosts'
check "bob with SET before the library is loaded: the administrator's list holds" $? "$out"
check "bob with SET: nothing reached his server" "$([ "$(requests)" = 0 ]; echo $?)"

# an invalid value that replaced the server's (here a superuser's ALTER ROLE,
# given before the library is loaded, so not checked) fails closed too
psql -X -q -d postgres -c "ALTER ROLE $bob SET rest_fdw.allowed_hosts = 'not a host list!'" >/dev/null
out=$(bob_query "")
echo "$out" | grep -q 'ERROR:  42501: rest_fdw.allowed_hosts is not known in this session'
check "an invalid value in place of the server's: fails closed" $? "$out"
check "an invalid value: nothing reached his server" "$([ "$(requests)" = 0 ]; echo $?)"
psql -X -q -d postgres -c "ALTER ROLE $bob RESET rest_fdw.allowed_hosts" >/dev/null

out=$(PGOPTIONS="-c rest_fdw.allowed_hosts=*" psql -X -q -At -d "$db" -U "$bob" \
        -c "LOAD 'rest_fdw'" -c "SELECT 1" 2>&1)
echo "$out" | grep -q 'ERROR:  access to library "rest_fdw" is not allowed'
check "bob cannot LOAD the library himself" $? "$out"

# a superuser may widen the list for a session
fixture_get /_reset >/dev/null
out=$(PGOPTIONS="-c rest_fdw.allowed_hosts=127.0.0.1" su_psql -c "SELECT * FROM bob.echo" 2>&1)
check "a superuser's PGOPTIONS value is used" "$([ "$out" = GET ]; echo $?)" "$out"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
