--
-- The HTTP client: retries, timeouts, redirects, allowed hosts, encodings,
-- TLS, the connection cache and the HTTP figures
--
\set fixture_port `echo "$FIXTURE_PORT"`
\set tls_port `echo "$FIXTURE_TLS_PORT"`
\set ca_file `echo "$FIXTURE_CA_FILE"`
\set fixture_url 'http://127.0.0.1:' :fixture_port
\set tls_url 'https://127.0.0.1:' :tls_port

-- a server of its own, with a secret, and short backoffs for the tests
CREATE SERVER http FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', retry_backoff_ms '1');
CREATE USER MAPPING FOR CURRENT_USER SERVER http
  OPTIONS (bearer_token 's3cret-token', headers '{"X-Mapping-Secret": "hush"}');
CREATE FOREIGN TABLE http_stats (connections int, requests int)
  SERVER fixture OPTIONS (path '/_stats');
CREATE FOREIGN TABLE http_users (id int, name text) SERVER http
  OPTIONS (path '/users');

CREATE FUNCTION http_explain(statement text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) ' || statement LOOP
    -- 18 prints actual rows with two decimals (rows=8.00)
    line := regexp_replace(line, '(actual rows=[0-9]+)\.00 ', '\1 ');
    RETURN NEXT regexp_replace(line, 'time=[0-9.]+ ms', 'time=N ms');
  END LOOP;
END
$$;

CREATE TEMP TABLE stats_before AS
  SELECT * FROM rest_fdw_http_stats() WHERE server_name = 'http';

--
-- Retries
--
-- 503 twice (Retry-After: 0), then the rows
CREATE FOREIGN TABLE retry_503 (id int) SERVER http
  OPTIONS (path '/flaky/503/2/a/users', query 'ra=0');
SELECT ok FROM fixture_reset;
SELECT http_explain('SELECT * FROM retry_503');
SELECT path, query FROM fixture_requests ORDER BY seq;

-- 502 and 504 without Retry-After: exponential backoff
CREATE FOREIGN TABLE retry_502 (id int) SERVER http
  OPTIONS (path '/flaky/502/1/b/flaky/504/1/c/users');
SELECT count(*) FROM retry_502;

-- a connection closed before any response is retried
CREATE FOREIGN TABLE retry_reset (id int) SERVER http
  OPTIONS (path '/flaky/reset/1/d/users');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM retry_reset;
SELECT count(*) AS requests FROM fixture_requests;

-- Retry-After in seconds and as an HTTP date are waited for
CREATE FOREIGN TABLE retry_after_seconds (id int) SERVER http
  OPTIONS (path '/flaky/503/1/e/users', query 'ra=1');
CREATE FOREIGN TABLE retry_after_date (id int) SERVER http
  OPTIONS (path '/flaky/429/1/f/users', query 'ra=date:2');
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM retry_after_seconds;
SELECT clock_timestamp() - :'t0' >= interval '0.95 s' AS waited_1s;
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM retry_after_date;
SELECT clock_timestamp() - :'t0' >= interval '0.95 s' AS waited_for_date;

-- max_retries caps the tries, and the error says how many were made
CREATE FOREIGN TABLE retry_never_ok (id int) SERVER http
  OPTIONS (path '/flaky/503/100/g/users', query 'ra=0');
SELECT ok FROM fixture_reset;
SELECT show_error('SELECT * FROM retry_never_ok');
ALTER FOREIGN TABLE retry_never_ok OPTIONS (ADD max_retries '4');
SELECT show_error('SELECT * FROM retry_never_ok');
ALTER FOREIGN TABLE retry_never_ok OPTIONS (SET max_retries '0');
SELECT show_error('SELECT * FROM retry_never_ok');
SELECT count(*) AS requests FROM fixture_requests;
CREATE SERVER http_refused FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1', max_retries '1', retry_backoff_ms '1');
CREATE FOREIGN TABLE retry_refused (id int) SERVER http_refused OPTIONS (path '/x');
SELECT show_curl_error('SELECT * FROM retry_refused');

-- a server that asks to wait longer than a minute is not waited for
CREATE FOREIGN TABLE retry_too_late (id int) SERVER http
  OPTIONS (path '/flaky/503/1/h/users', query 'ra=120');
SELECT show_error('SELECT * FROM retry_too_late');

-- other errors are not retried
CREATE FOREIGN TABLE retry_500 (id int) SERVER http
  OPTIONS (path '/flaky/500/1/i/users');
SELECT ok FROM fixture_reset;
SELECT show_error('SELECT * FROM retry_500');
SELECT count(*) AS requests FROM fixture_requests;

-- POST is retried only when the table says it is idempotent
CREATE FOREIGN TABLE retry_post (id int) SERVER http
  OPTIONS (path '/flaky/503/1/j/users', query 'ra=0', body '{"q": 1}');
SELECT ok FROM fixture_reset;
SELECT show_error('SELECT * FROM retry_post');
ALTER FOREIGN TABLE retry_post OPTIONS (ADD idempotent 'true');
SELECT count(*) FROM retry_post;
SELECT method, body FROM fixture_requests ORDER BY seq;

-- once rows may have been read, a broken connection is an error: trying
-- again could return rows twice
CREATE FOREIGN TABLE reset_mid_body (id int) SERVER http
  OPTIONS (path '/reset_mid_body/2000', query 'rows=100');
SELECT ok FROM fixture_reset;
SELECT show_error('SELECT count(*) FROM reset_mid_body');
SELECT count(*) AS requests FROM fixture_requests;

--
-- Timeouts: timeout_ms is a stall timeout
--
-- 2 s without a byte in the middle of the body
CREATE FOREIGN TABLE stall (id int) SERVER http
  OPTIONS (path '/stall/2000', query 'rows=100&after=1000', timeout_ms '300');
SELECT show_error('SELECT count(*) FROM stall');
-- two pauses of 400 ms take longer than timeout_ms (700) in all, but data
-- keeps coming, so it succeeds (each pause 300 ms short of the timeout,
-- for a loaded machine)
CREATE FOREIGN TABLE slow_but_steady (id int) SERVER http
  OPTIONS (path '/delay/400/stall/400', query 'rows=100&after=1000', timeout_ms '700');
SELECT clock_timestamp() AS t0 \gset
SELECT count(*), sum(id) FROM slow_but_steady;
SELECT clock_timestamp() - :'t0' > interval '700 ms' AS longer_than_timeout_ms;

--
-- Redirects
--
CREATE FOREIGN TABLE redirected (id int) SERVER http
  OPTIONS (path '/redirect/302/3/users', query 'x=1');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM redirected;
SELECT path, query, headers->>'Authorization' AS authorization FROM fixture_requests ORDER BY seq;
CREATE FOREIGN TABLE redirected_too_often (id int) SERVER http
  OPTIONS (path '/redirect/301/6/users');
SELECT show_error('SELECT * FROM redirected_too_often');
CREATE FOREIGN TABLE redirected_to_ftp (id int) SERVER http
  OPTIONS (path '/redirect_scheme');
SELECT show_error('SELECT * FROM redirected_to_ftp');
-- 307 keeps the method and body, 303 turns POST into GET
CREATE FOREIGN TABLE redirected_post (method text, body text) SERVER http
  OPTIONS (path '/redirect/307/1/echo', body '{"q": 2}');
SELECT method, body FROM redirected_post;
ALTER FOREIGN TABLE redirected_post OPTIONS (SET path '/redirect/303/1/echo');
SELECT method, body FROM redirected_post;

-- another host: an error, unless rest_fdw.allowed_hosts lists it, and then
-- without the credentials
CREATE FOREIGN TABLE redirected_away (method text, headers jsonb) SERVER http
  OPTIONS (path '/redirect_other/302/echo');
SELECT regexp_replace(show_error('SELECT * FROM redirected_away'),
                      'localhost:[0-9]+', 'localhost:PORT', 'g');
SET rest_fdw.allowed_hosts = '127.0.0.1, localhost';
SELECT method, split_part(headers->>'Host', ':', 1) AS host,
       headers ? 'Authorization' AS has_authorization,
       headers ? 'X-Mapping-Secret' AS has_mapping_header
FROM redirected_away;
SET rest_fdw.allowed_hosts = '127.0.0.1';
SELECT regexp_replace(show_error('SELECT * FROM redirected_away'),
                      'localhost:[0-9]+', 'localhost:PORT', 'g');

--
-- rest_fdw.allowed_hosts
--
SET rest_fdw.allowed_hosts = 'api.example.com, *.example.org';
SELECT show_error('SELECT count(*) FROM retry_500');
SELECT set_config('rest_fdw.allowed_hosts', '127.0.0.1:' || :'fixture_port', false) IS NOT NULL;
SELECT count(*) FROM retry_503;
SET rest_fdw.allowed_hosts = '127.0.0.1:1';
SELECT show_error('SELECT count(*) FROM retry_503');
SET rest_fdw.allowed_hosts = 'nowhere, *:*';
SELECT count(*) FROM retry_503;
SET rest_fdw.allowed_hosts = 'http://example.com';
SET rest_fdw.allowed_hosts = 'example.com:99999';
RESET rest_fdw.allowed_hosts;
SHOW rest_fdw.allowed_hosts;
-- only superusers can change it
CREATE ROLE regress_http_user;
SET ROLE regress_http_user;
SET rest_fdw.allowed_hosts = '*';
RESET ROLE;
DROP ROLE regress_http_user;

--
-- Compressed responses, decoded as they stream
--
CREATE FOREIGN TABLE users_gzip (id int, name text) SERVER http
  OPTIONS (path '/encoded/gzip/users');
CREATE FOREIGN TABLE users_deflate (id int, name text) SERVER http
  OPTIONS (path '/encoded/deflate/users');
CREATE FOREIGN TABLE users_br (id int, name text) SERVER http
  OPTIONS (path '/encoded/br/users');
SELECT (SELECT array_agg(name) FROM users_gzip) = (SELECT array_agg(name) FROM http_users) AS gzip,
       (SELECT array_agg(name) FROM users_deflate) = (SELECT array_agg(name) FROM http_users) AS deflate,
       (SELECT array_agg(name) FROM users_br) = (SELECT array_agg(name) FROM http_users) AS br;
-- bytes are counted decoded: the same as /users
SELECT http_explain('SELECT * FROM users_br');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM users_gzip;
SELECT headers->>'Accept-Encoding' ~ 'gzip' AND headers->>'Accept-Encoding' ~ 'br' AS accepts
FROM fixture_requests;
CREATE FOREIGN TABLE big_gzip (id int) SERVER http
  OPTIONS (path '/encoded/gzip/big', query 'rows=20000');
SELECT count(*), sum(id) FROM big_gzip;
-- max_response_bytes applies to the decoded body: a small compressed
-- response that inflates past it fails
ALTER FOREIGN TABLE big_gzip OPTIONS (ADD max_response_bytes '100000');
SELECT show_error('SELECT count(*) FROM big_gzip');

--
-- TLS with a CA of our own (made by the fixture at start)
--
CREATE SERVER https_ca FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'tls_url', ca_file :'ca_file');
CREATE SERVER https_system_cas FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'tls_url');
CREATE SERVER https_unverified FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'tls_url', ssl_verify 'false');
CREATE FOREIGN TABLE tls_users (id int) SERVER https_ca OPTIONS (path '/users');
CREATE FOREIGN TABLE tls_untrusted (id int) SERVER https_system_cas OPTIONS (path '/users');
CREATE FOREIGN TABLE tls_unverified (id int) SERVER https_unverified OPTIONS (path '/users');
SELECT count(*) FROM tls_users;
SELECT show_curl_error('SELECT count(*) FROM tls_untrusted');
SELECT count(*) FROM tls_unverified;
-- pages over TLS, each page's link an https URL
CREATE FOREIGN TABLE tls_pages (id int) SERVER https_ca
  OPTIONS (path '/pages/link', pagination 'link_header', page_size '3',
           page_size_param 'per_page');
SELECT array_agg(id) FROM tls_pages;
-- a non-superuser cannot turn verification off
CREATE ROLE regress_http_owner;
GRANT USAGE ON FOREIGN DATA WRAPPER rest_fdw TO regress_http_owner;
SET ROLE regress_http_owner;
CREATE SERVER https_mine FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'tls_url', ssl_verify 'false');
RESET ROLE;
REVOKE USAGE ON FOREIGN DATA WRAPPER rest_fdw FROM regress_http_owner;
DROP ROLE regress_http_owner;

--
-- The connection cache: queries reuse one connection per server and user
--
SELECT rest_fdw_disconnect_all() IS NOT NULL AS done;
SELECT count(*) = 0 AS none_left FROM rest_fdw_get_connections();
SELECT count(*) FROM http_users;
SELECT ok FROM fixture_reset;
SELECT count(*) FROM http_users;
SELECT count(*) FROM http_users;
SELECT count(*) FROM retry_503;
SELECT count(*) FROM users_gzip;
-- no new connection since the reset (each server's was made before it)
SELECT connections FROM http_stats;
SELECT server_name, user_name = current_user AS me, valid, in_use
FROM rest_fdw_get_connections() ORDER BY server_name;
-- ALTER SERVER drops the cached connection: the next query makes one
ALTER SERVER http OPTIONS (ADD timeout_ms '20000');
SELECT server_name FROM rest_fdw_get_connections() ORDER BY server_name;
SELECT count(*) FROM retry_503;
SELECT connections FROM http_stats;
-- and so does a changed user mapping; a server without a mapping of its own
-- (fixture) may be affected by any, so its connection is dropped too
ALTER USER MAPPING FOR CURRENT_USER SERVER http OPTIONS (SET bearer_token 'other');
SELECT server_name FROM rest_fdw_get_connections() ORDER BY server_name;
SELECT count(*) FROM retry_503;
SELECT connections FROM http_stats;   -- one more for each server
-- closing them by hand
SELECT rest_fdw_disconnect('http');
SELECT rest_fdw_disconnect('http');
SELECT server_name FROM rest_fdw_get_connections() ORDER BY server_name;
SELECT rest_fdw_disconnect('no_such_server');
-- a connection a running scan uses is not closed, and an invalidated one
-- is closed when the scan ends
BEGIN;
DECLARE c CURSOR FOR SELECT id FROM retry_503;
FETCH 1 FROM c;
SELECT server_name, valid, in_use FROM rest_fdw_get_connections() WHERE server_name = 'http';
SELECT rest_fdw_disconnect('http');
ALTER SERVER http OPTIONS (SET timeout_ms '30000');
SELECT server_name, valid, in_use FROM rest_fdw_get_connections() WHERE server_name = 'http';
FETCH ALL FROM c;
CLOSE c;
COMMIT;
SELECT count(*) FROM rest_fdw_get_connections() WHERE server_name = 'http';

--
-- This backend's HTTP figures per server
--
CREATE FOREIGN TABLE not_found (id int) SERVER http OPTIONS (path '/status/404');
CREATE TEMP TABLE stats_mid AS
  SELECT * FROM rest_fdw_http_stats() WHERE server_name = 'http';
SELECT count(*) FROM users_gzip;                -- 1 request
SELECT split_part(show_error('SELECT * FROM not_found'), E'\n', 1);   -- 1 request, 1 error
SELECT ok FROM fixture_reset;
SELECT count(*) FROM retry_503;                 -- 3 requests, 2 retries
SELECT a.requests - b.requests AS requests, a.errors - b.errors AS errors,
       a.retries - b.retries AS retries, a.bytes - b.bytes AS bytes,
       a.time_ms > b.time_ms AS time
FROM rest_fdw_http_stats() a JOIN stats_mid b USING (server_name);
-- in all, since the start of this file (a new backend has no figures yet)
SELECT count(*) AS rows_before FROM stats_before;
SELECT requests > 50 AS requests, errors > 10 AS errors, retries > 10 AS retries,
       connections_opened > 5 AS connections, bytes > 100000 AS bytes
FROM rest_fdw_http_stats() WHERE server_name = 'http';
