--
-- OAuth 2.0 (issue 18): client_credentials and refresh_token grants set in
-- the user mapping, the access token from the fixture's token endpoint,
-- cached for its lifetime, renewed on expiry or on a 401 once.  No secret
-- appears in this file's output: the fixture's credentials are read into
-- variables (\gset), which the echoed statements name but do not show;
-- test/scripts/oauth_secrets.sh looks for every secret in it.
--
\set fixture_port `echo "$FIXTURE_PORT"`
\set fixture_url 'http://127.0.0.1:' :fixture_port
\set token_url :fixture_url '/oauth/token'
CREATE FOREIGN TABLE oauth_control (ok bool, command text)
  SERVER fixture OPTIONS (path '/oauth/control/{command}');
CREATE FOREIGN TABLE oauth_stats (token_requests int, api_requests int,
  api_401 int, client_auth text, grants text, scope text, audience text)
  SERVER fixture OPTIONS (path '/oauth/stats');
CREATE FOREIGN TABLE oauth_credentials (client_id text, client_secret text,
  refresh_token text) SERVER fixture OPTIONS (path '/oauth/credentials');
SELECT client_id, client_secret, refresh_token FROM oauth_credentials \gset
\set wrong_secret 'wr0ng-' :client_secret

CREATE SERVER oauth_api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', oauth_token_url :'token_url');
-- pages one at a time, so that which request gets which token is fixed
CREATE FOREIGN TABLE oauth_items (id int, page int, token_no int)
  SERVER oauth_api OPTIONS (path '/oauth/api/items', pagination 'page',
    page_param 'page', page_size_param 'per_page', page_size '3',
    concurrent_pages '1');
SELECT ok FROM oauth_control WHERE command = 'reset';

-- which pages got which token, and what the fixture saw
CREATE FUNCTION oauth_pages() RETURNS TABLE (page int, ids text, token_no int)
LANGUAGE sql AS $$
  SELECT page, string_agg(id::text, ',' ORDER BY id), min(token_no)
    FROM oauth_items GROUP BY page ORDER BY page
$$;

--
-- Options: the secrets only in a user mapping, the combinations checked
--
CREATE SERVER oauth_bad FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', oauth_client_secret 'x');
CREATE SERVER oauth_bad FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', oauth_client_auth 'digest');
CREATE SERVER oauth_bad FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', oauth_token_url 'ftp://127.0.0.1/token');
CREATE SERVER oauth_bad FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', oauth_token_url 'https://u:p@127.0.0.1/token');
CREATE FOREIGN TABLE oauth_bad (id int) SERVER oauth_api
  OPTIONS (oauth_token_url 'https://127.0.0.1/token');
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (oauth_client_secret 'x');
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (oauth_client_id 'x');
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (oauth_client_id 'x', oauth_client_secret 'y', bearer_token 'z');
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (username 'x', password 'y', oauth_scope 'read');
-- the token endpoint may be on the server: without one anywhere, the
-- scan is refused when planned
CREATE SERVER oauth_nourl FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
CREATE FOREIGN TABLE oauth_nourl_items (id int) SERVER oauth_nourl
  OPTIONS (path '/oauth/api/items');
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_nourl
  OPTIONS (oauth_client_id 'x', oauth_client_secret 'y');
SELECT show_error('EXPLAIN SELECT * FROM oauth_nourl_items');
DROP SERVER oauth_nourl CASCADE;
-- ALTER checks the mapping as it becomes
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (oauth_client_id :'client_id', oauth_client_secret :'client_secret');
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (DROP oauth_client_secret);
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (ADD bearer_token 'z');

--
-- client_credentials, the client authenticated by HTTP Basic (the default):
-- one token request, its token used by every page and cached for the
-- next query
--
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (ADD oauth_scope 'items:read', ADD oauth_audience 'https://api.example/');
SELECT * FROM oauth_pages();
SELECT token_requests, api_requests, api_401, client_auth, grants, scope, audience
  FROM oauth_stats;
SELECT count(*), count(DISTINCT token_no) FROM oauth_items;
SELECT token_requests, api_requests FROM oauth_stats;

-- ALTER USER MAPPING drops the cached token; the client in the form body
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (ADD oauth_client_auth 'body', DROP oauth_audience);
SELECT * FROM oauth_pages();
SELECT token_requests, client_auth, grants, scope, audience FROM oauth_stats;
-- so does ALTER SERVER
ALTER SERVER oauth_api OPTIONS (ADD timeout_ms '20000');
SELECT count(*) FROM oauth_items;
SELECT token_requests FROM oauth_stats;

--
-- A token that expires in the middle of a scan: the API takes each token
-- for two pages only.  Page 3 is answered 401, the token is renewed and
-- page 3 sent again: every row once, in order, with the new token from
-- page 3 on.
--
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'token_pages=2';
SELECT * FROM oauth_pages();
SELECT token_requests, api_requests, api_401 FROM oauth_stats;
-- the same with pages read ahead, two in flight: which pages meet a 401
-- varies (page 3, and page 4 if it went out with the old token too, which
-- then takes page 3's new one), the rows do not
CREATE FOREIGN TABLE oauth_items_ahead (id int, page int, token_no int)
  SERVER oauth_api OPTIONS (path '/oauth/api/items', pagination 'page',
    page_param 'page', page_size_param 'per_page', page_size '3',
    concurrent_pages '2');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'token_pages=2';
SELECT count(*), count(DISTINCT id), sum(id), count(DISTINCT token_no) > 1 AS renewed
  FROM oauth_items_ahead;
SELECT token_requests >= 1 AS refreshed, api_401 >= 1 AS rejected FROM oauth_stats;
SELECT ok FROM oauth_control WHERE command = 'token_pages=0';

-- A token the provider says expires at once is used for its request only:
-- every page fetches its own, with no 401
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (SET oauth_scope 'items:all');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'expires_in=0';
SELECT * FROM oauth_pages();
SELECT token_requests, api_requests, api_401 FROM oauth_stats;
-- and one without expires_in is kept until the API rejects it
SELECT ok FROM oauth_control WHERE command = 'expires_in=none';
SELECT count(*) FROM oauth_items;
SELECT count(*) FROM oauth_items;
SELECT token_requests, api_requests, api_401 FROM oauth_stats;
SELECT ok FROM oauth_control WHERE command = 'expires_in=3600';

--
-- 401: renewed once; a second 401 for the same request is the API's answer
--
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'reject=1';
SELECT * FROM oauth_pages();
SELECT token_requests, api_requests, api_401 FROM oauth_stats;
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'reject=2';
SELECT show_error('SELECT * FROM oauth_items');
SELECT token_requests, api_requests, api_401 FROM oauth_stats;

--
-- The token endpoint is retried on 5xx as any request is (max_retries),
-- and says so when it keeps failing
--
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (SET oauth_scope 'items:read');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'token_fail=2';
SELECT count(*) FROM oauth_items;
SELECT token_requests FROM oauth_stats;
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (SET oauth_scope 'items:all');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'token_fail=5';
SELECT show_error('SELECT * FROM oauth_items');
SELECT token_requests FROM oauth_stats;

-- an answer that is no token response
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (SET oauth_scope 'items:read');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'garble=1';
SELECT show_error('SELECT * FROM oauth_items');
SELECT token_requests, api_requests FROM oauth_stats;

--
-- A wrong client secret: the provider's error and description, the secret
-- it echoed scrubbed, and a hint; a 401 from the token endpoint is not
-- retried
--
SELECT ok FROM oauth_control WHERE command = 'reset';
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (SET oauth_client_secret :'wrong_secret');
SELECT show_error('SELECT * FROM oauth_items');
SELECT token_requests, api_requests FROM oauth_stats;
-- by Basic too
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (SET oauth_client_auth 'basic');
SELECT show_error('SELECT * FROM oauth_items');
SELECT client_auth FROM oauth_stats;

--
-- rest_fdw.allowed_hosts holds for the token endpoint too
--
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (SET oauth_client_secret :'client_secret');
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (ADD oauth_token_url 'http://tokens.invalid/oauth/token');
SET rest_fdw.allowed_hosts = '127.0.0.1';
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT show_error('SELECT * FROM oauth_items');
SELECT token_requests, api_requests FROM oauth_stats;
RESET rest_fdw.allowed_hosts;
ALTER USER MAPPING FOR CURRENT_USER SERVER oauth_api OPTIONS (DROP oauth_token_url);

--
-- ... and the server's TLS settings: a token endpoint over https is
-- verified against the server's ca_file, or refused
--
\set tls_port `echo "$FIXTURE_TLS_PORT"`
\set ca_file `echo "$FIXTURE_CA_FILE"`
\set tls_token_url 'https://127.0.0.1:' :tls_port '/oauth/token'
ALTER SERVER oauth_api OPTIONS (SET oauth_token_url :'tls_token_url');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT show_curl_error('SELECT * FROM oauth_items');
ALTER SERVER oauth_api OPTIONS (ADD ca_file :'ca_file');
SELECT count(*) FROM oauth_items;
SELECT token_requests, api_requests FROM oauth_stats;
ALTER SERVER oauth_api OPTIONS (SET oauth_token_url :'token_url', DROP ca_file);

--
-- EXPLAIN (VERBOSE, ANALYZE) sends the requests and shows no secret; its
-- requests count the token requests too (here: a token, a 401, a new token,
-- then the four pages)
--
CREATE FUNCTION oauth_explain(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
    IF line ~ '(Remote|HTTP|URL)' THEN
      RETURN NEXT regexp_replace(regexp_replace(line, '127\.0\.0\.1:[0-9]+', '127.0.0.1:PORT', 'g'),
                                 '(bytes|time)=[0-9.]+', '\1=N', 'g');
    END IF;
  END LOOP;
END
$$;
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'reject=1';
SELECT oauth_explain('SELECT * FROM oauth_items');

--
-- refresh_token: the grant follows from the mapping.  A provider that
-- rotates refresh tokens: each refresh sends the one the last answer
-- brought (generations 0, 1, 2 ...), within this backend
--
DROP USER MAPPING FOR CURRENT_USER SERVER oauth_api;
CREATE USER MAPPING FOR CURRENT_USER SERVER oauth_api
  OPTIONS (oauth_client_id :'client_id', oauth_client_secret :'client_secret',
           oauth_refresh_token :'refresh_token');
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT ok FROM oauth_control WHERE command = 'rotate=on';
SELECT ok FROM oauth_control WHERE command = 'expires_in=0';
SELECT * FROM oauth_pages();
SELECT token_requests, api_401, grants FROM oauth_stats;
-- ALTER SERVER drops the access token but keeps the rotated refresh token:
-- the mapping still holds the one it replaced
ALTER SERVER oauth_api OPTIONS (SET timeout_ms '30000');
SELECT count(*) FROM oauth_items;
SELECT grants FROM oauth_stats;
-- a new session has only the catalog's refresh token, which the provider
-- revoked when it rotated it: a clear error, with what to do
\c
SELECT show_error('SELECT * FROM oauth_items');
SELECT grants FROM oauth_stats;

-- a revoked refresh token, without rotation: not retried either
SELECT ok FROM oauth_control WHERE command = 'reset';
SELECT count(*) FROM oauth_items;
SELECT ok FROM oauth_control WHERE command = 'revoke';
ALTER SERVER oauth_api OPTIONS (SET timeout_ms '20000');
SELECT show_error('SELECT * FROM oauth_items');
SELECT token_requests, grants FROM oauth_stats;

DROP USER MAPPING FOR CURRENT_USER SERVER oauth_api;
DROP SERVER oauth_api CASCADE;
SELECT ok FROM oauth_control WHERE command = 'reset';
