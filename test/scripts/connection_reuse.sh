#!/usr/bin/env bash
# 1000 queries in one backend reuse one HTTP connection: the fixture counts
# the TCP connections it accepts (/_stats), rest_fdw_get_connections()
# counts the ones curl opened.  For comparison, 100 queries that close the
# cached connection after each make 100 connections, and paginated scans
# that read a page ahead use two.
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
queries=${QUERIES:-1000}
script=$(mktemp)
trap 'rm -f "$script"' EXIT

{
cat <<'SQL'
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS reuse_api CASCADE;
DROP SERVER IF EXISTS reuse_control CASCADE;
-- the queries go to one server; the fixture's counters are read through another
CREATE SERVER reuse_api FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
CREATE SERVER reuse_control FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
CREATE FOREIGN TABLE reuse_users (id int, name text) SERVER reuse_api OPTIONS (path '/users');
CREATE FOREIGN TABLE reuse_pages (id int) SERVER reuse_api
  OPTIONS (path '/pages/offset', rows_path 'items', pagination 'offset', page_size '3');
CREATE FOREIGN TABLE reuse_reset (ok bool) SERVER reuse_control OPTIONS (path '/_reset');
CREATE FOREIGN TABLE reuse_stats (connections int, requests int) SERVER reuse_control
  OPTIONS (path '/_stats');
SELECT rest_fdw_disconnect_all() IS NOT NULL;
SELECT ok FROM reuse_reset;
SELECT extract(epoch FROM clock_timestamp()) AS t0 \gset
SQL
for _ in $(seq "$queries"); do echo "SELECT count(*) FROM reuse_users;"; done
cat <<'SQL'
SELECT 'plain', connections, requests,
       (SELECT connections_opened FROM rest_fdw_get_connections() WHERE server_name = 'reuse_api'),
       round(((extract(epoch FROM clock_timestamp()) - :t0) * 1000 / :queries)::numeric, 3)
FROM reuse_stats;
SELECT rest_fdw_disconnect('reuse_api');
SELECT ok FROM reuse_reset;
SQL
for _ in $(seq 100); do
    echo "SELECT count(*) FROM reuse_users;"
    echo "SELECT rest_fdw_disconnect('reuse_api');"
done
cat <<'SQL'
SELECT 'fresh', connections, requests FROM reuse_stats;
SELECT ok FROM reuse_reset;
SQL
for _ in $(seq 100); do echo "SELECT count(*) FROM reuse_pages;"; done
cat <<'SQL'
SELECT 'paged', connections, requests FROM reuse_stats;
DROP SERVER reuse_api CASCADE;
DROP SERVER reuse_control CASCADE;
SQL
} >"$script"

out=$(PGOPTIONS="-c client_min_messages=warning" timeout 300 \
      psql -X -q -At -F ' ' -v fixture_url="$FIXTURE_URL" -v queries="$queries" -f "$script" 2>&1)
rc=$?
if [ $rc != 0 ]; then
    echo "$out" | grep -v '^8$' | tail -n 20
    echo "FAIL: connection_reuse (psql exit status $rc)"
    exit 1
fi
read -r _ conns reqs opened per_query < <(echo "$out" | grep '^plain ')
read -r _ fresh_conns fresh_reqs < <(echo "$out" | grep '^fresh ')
read -r _ paged_conns paged_reqs < <(echo "$out" | grep '^paged ')
echo "$queries queries: $reqs requests over $conns TCP connection(s) (fixture), $opened opened (rest_fdw_get_connections), ${per_query} ms a query"
echo "100 queries, disconnecting after each: $fresh_reqs requests over $fresh_conns connections"
echo "100 paginated scans (3 pages each, one read ahead): $paged_reqs requests over $paged_conns connections"
status=0
[ "$reqs" = "$queries" ] || { echo "FAIL: expected $queries requests, the fixture saw $reqs"; status=1; }
[ "$conns" = 1 ] || { echo "FAIL: expected 1 connection for $queries queries, the fixture saw $conns"; status=1; }
[ "$opened" = 1 ] || { echo "FAIL: rest_fdw_get_connections() says $opened connections were opened"; status=1; }
[ "$fresh_conns" = 100 ] || { echo "FAIL: the counter does not count: 100 disconnects made $fresh_conns connections"; status=1; }
# two pages in flight, and a page read ahead past the end that is still
# being drained when the next scan starts: a few connections, reused by all
# 100 scans (one per scan would be 100)
[ "$paged_conns" -le 6 ] 2>/dev/null || { echo "FAIL: paginated scans used $paged_conns connections (at most 6 expected)"; status=1; }
[ $status = 0 ] && echo "PASS: connection_reuse"
# one test: test/run counts a suite by this line
echo "$((status == 0)) passed, $((status != 0)) failed"
exit $status
