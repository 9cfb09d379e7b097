#!/usr/bin/env bash
# No OAuth 2.0 secret (the client secret, a refresh token, an access token)
# reaches the server log, pg_stat_activity, EXPLAIN or an error (issue 18).
# The OAuth flows run here, the failing ones too (a 401 twice, a token
# endpoint that keeps failing, a wrong client secret, a refresh token
# rotated away), with log_statement=all, log_min_messages=debug1 and
# verbose errors; pg_stat_activity is read while a token request waits.
# Then every secret the fixture's provider knows or has issued, and the
# wrong secret, is looked for in the server log, in what the sessions
# printed and in the oauth regression suite's output.
#
# The user mappings, which hold secrets in their statements, are created
# with log_statement=none: statement logging shows what a user typed, and
# keeping a CREATE USER MAPPING out of the log is the administrator's part
# (doc/security.md).
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER (a superuser),
# FIXTURE_URL.
set -u
cd "$(dirname "$0")/../.."

db=rest_fdw_oauth_secrets
passed=0 failed=0
. test/scripts/common.bash
control() { fixture_get "/oauth/control/$1" >/dev/null; }
quiet_psql() { PGOPTIONS="-c log_statement=none -c client_min_messages=warning" psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
loud="-c log_statement=all -c log_min_messages=debug1 -c log_min_error_statement=debug1 -c log_error_verbosity=verbose -c client_min_messages=debug1"
loud_psql() { PGOPTIONS="$loud" psql -X -At -d "$db" "$@" 2>&1; }
out=$(mktemp)
cleanup() {
    rm -f "$out"
    control reset
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null
}
trap cleanup EXIT

datadir=$(psql -X -At -d postgres -c "SHOW data_directory")
log=$(dirname "$datadir")/postgres.log
[ -r "$log" ] || { echo "not ok - the server log $log is readable"; echo "0 passed, 1 failed"; exit 1; }
log_start=$(wc -c <"$log")

# the secrets, without showing them
secret=$(fixture_get /oauth/credentials | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["client_secret"])')
refresh=$(fixture_get /oauth/credentials | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["refresh_token"])')
wrong="wr0ng-$secret"
sq() { printf '%s' "$1" | sed "s/'/''/g"; }

PGOPTIONS="-c client_min_messages=warning" psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 1
control reset
quiet_psql <<SQL || exit 1
CREATE EXTENSION rest_fdw;
CREATE SERVER api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url '$FIXTURE_URL', oauth_token_url '$FIXTURE_URL/oauth/token');
CREATE FOREIGN TABLE items (id int, page int, token_no int) SERVER api
  OPTIONS (path '/oauth/api/items', pagination 'page', page_param 'page',
           page_size_param 'per_page', page_size '3');
CREATE USER MAPPING FOR CURRENT_USER SERVER api
  OPTIONS (oauth_client_id 'fdw-client', oauth_client_secret '$(sq "$secret")');
SQL

# what works, with everything logged
loud_psql -c "SELECT count(*) FROM items" \
    -c "EXPLAIN (ANALYZE, VERBOSE) SELECT * FROM items" >>"$out"
grep -qx 10 "$out"
check "client_credentials: the scan returns its rows" $?

# the failures
control reject=2
loud_psql -c "SELECT * FROM items" >>"$out"
control reset
quiet_psql -c "ALTER SERVER api OPTIONS (ADD timeout_ms '20000')"
control token_fail=5
loud_psql -c "SELECT * FROM items" >>"$out"
control reset
quiet_psql -c "ALTER USER MAPPING FOR CURRENT_USER SERVER api OPTIONS (SET oauth_client_secret '$(sq "$wrong")')"
loud_psql -c "SELECT * FROM items" >>"$out"
quiet_psql -c "ALTER USER MAPPING FOR CURRENT_USER SERVER api OPTIONS (SET oauth_client_secret '$(sq "$secret")', ADD oauth_client_auth 'body')"
loud_psql -c "SELECT * FROM items" >>"$out"
quiet_psql -c "ALTER USER MAPPING FOR CURRENT_USER SERVER api OPTIONS (SET oauth_client_secret '$(sq "$wrong")')"
loud_psql -c "SELECT * FROM items" >>"$out"
# refresh tokens, rotated on each use, then the catalog's one refused
quiet_psql -c "ALTER USER MAPPING FOR CURRENT_USER SERVER api OPTIONS (SET oauth_client_secret '$(sq "$secret")', ADD oauth_refresh_token '$(sq "$refresh")')"
control rotate=on
control expires_in=0
loud_psql -c "SELECT count(*) FROM items" -c "SELECT count(*) FROM items" >>"$out"
loud_psql -c "SELECT count(*) FROM items" >>"$out"
for msg in "failed with HTTP status 401" "HTTP status 503 after 3 attempts" "invalid_client" "invalid_grant"; do
    n=$(tail -c +"$((log_start + 1))" "$log" | grep -c "$msg")
    [ "$n" -gt 0 ]
    check "the server log has the error \"$msg\"" $?
done
grep -q "statement: SELECT count(\*) FROM items" <(tail -c +"$((log_start + 1))" "$log")
check "the server log has the statements (log_statement=all)" $?

# pg_stat_activity while a token request waits
control reset
control token_delay=1500
quiet_psql -c "ALTER USER MAPPING FOR CURRENT_USER SERVER api OPTIONS (DROP oauth_refresh_token)"
PGOPTIONS="$loud" PGAPPNAME=oauth_probe psql -X -At -d "$db" -c "SELECT count(*) FROM items" >>"$out" 2>&1 &
probe=$!
seen=
for _ in $(seq 200); do
    row=$(psql -X -At -d "$db" -c "SELECT wait_event, query FROM pg_stat_activity WHERE application_name = 'oauth_probe' AND state = 'active'")
    if [ -n "$row" ]; then seen=$row; break; fi
    sleep 0.05
done
wait "$probe"
printf '%s\n' "$seen" >>"$out"
case $seen in *"SELECT count(*) FROM items"*) st=0 ;; *) st=1 ;; esac
check "pg_stat_activity showed the query while its token was fetched" $st "$seen"

# every secret, looked for everywhere
fixture_get /oauth/issued | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))' >"$out.secrets"
printf '%s\n' "$wrong" >>"$out.secrets"
nsecrets=$(wc -l <"$out.secrets")
[ "$nsecrets" -gt 10 ]
check "the provider issued tokens to look for ($nsecrets secrets)" $?
places=("$log" "$out" expected/oauth.out)
[ -f results/oauth.out ] && places+=(results/oauth.out)
for place in "${places[@]}"; do
    # -a: a log with bytes that are not text in the locale is searched too
    found=$(grep -a -F -o -f "$out.secrets" "$place" | sort -u | wc -l)
    name=$(basename "$place")
    [ "$found" = 0 ]
    check "no secret in $name" $? "$found of them appear"
done
rm -f "$out.secrets"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
