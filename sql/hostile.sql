--
-- Hostile servers and unprivileged users (issue 12): no control character
-- reaches a header, no request leaves base_url's path, text from the wire
-- is valid in messages and columns, numbers that do not fit fail clearly.
-- The endpoints are under /hostile/ (test/fixture/hostile.py); the role
-- hostile_bob has nothing but USAGE on the wrapper and on two servers.
--
\set fixture_port `echo "$FIXTURE_PORT"`
\set fixture_url 'http://127.0.0.1:' :fixture_port
\set hostile_api :fixture_url '/hostile/api'
-- the messages below depend on it (rest_remote_text)
SET client_encoding = 'UTF8';

CREATE ROLE hostile_bob;
GRANT USAGE ON FOREIGN DATA WRAPPER rest_fdw TO hostile_bob;
CREATE SCHEMA hostile AUTHORIZATION hostile_bob;
-- base_url with a path: the prefix requests must stay under
CREATE SERVER hostile_api FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'hostile_api');
CREATE SERVER hostile_root FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
GRANT USAGE ON FOREIGN SERVER hostile_api, hostile_root TO hostile_bob;

SET ROLE hostile_bob;
SET search_path = hostile, public;

--
-- 4. Control characters in anything that reaches a header, a URL or a body
--
-- a secret is never echoed, only where the control character is
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (bearer_token E'tok\r\nX-Injected: 1')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (api_key E'key\r\n\r\nGET /echo HTTP/1.1\r\nHost: x\r\n\r\n')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (api_key 'k', api_key_header E'X-Key\r\nX-Injected')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (api_key 'k', api_key_header 'X-Key: 1')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (username E'bob\n', password 'pw')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (username 'bob', password E'pw\x01')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (bearer_token E'tok\x7f')$$);
-- JSON escapes in the headers option spell control characters too
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (headers '{"X-Secret": "s\r\nX-Injected: 1"}')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (headers '{"X-A\r\nX-Injected": "1"}')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (headers '{"X A": "1"}')$$);
-- headers that frame the request would let a second request through
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (method 'POST', body '{}', headers '{"Content-Length": "0"}')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (headers '{"transfer-encoding": "chunked"}')$$);
SELECT show_error($$CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (api_key 'k', api_key_header 'Connection')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (path E'/items\r\nX-Injected: 1')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (query E'a=1\n')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (method 'POST', body E'{"a": "\x02"}')$$);
-- a body template may span lines: its length is sent, it cannot smuggle
CREATE FOREIGN TABLE h_body (path text) SERVER hostile_api
  OPTIONS (path '/items', method 'POST', body E'{\n\t"a": 1\r\n}');
SELECT path FROM h_body;
-- what is allowed still works
CREATE USER MAPPING FOR CURRENT_USER SERVER hostile_api
  OPTIONS (bearer_token 'bob-token', headers '{"X-Bob": "plain"}');
-- a value stored before the validator checked it is refused at request
-- time, before anything is sent
RESET ROLE;
CREATE USER MAPPING FOR hostile_bob SERVER hostile_root OPTIONS (bearer_token 'x');
UPDATE pg_user_mapping SET umoptions = ARRAY[E'bearer_token=tok\r\nX-Injected: 1']
  WHERE umuser = 'hostile_bob'::regrole
    AND umserver = (SELECT oid FROM pg_foreign_server WHERE srvname = 'hostile_root');
SELECT ok FROM fixture_reset;
SET ROLE hostile_bob;
CREATE FOREIGN TABLE h_echo (method text) SERVER hostile_root OPTIONS (path '/echo');
SELECT show_error('SELECT * FROM h_echo');
RESET ROLE;
SELECT count(*) AS requests FROM fixture_requests;
DROP USER MAPPING FOR hostile_bob SERVER hostile_root;
SET ROLE hostile_bob;

--
-- 5. Requests stay under base_url's path
--
CREATE FOREIGN TABLE h_items (id text, path text) SERVER hostile_api
  OPTIONS (path '/items/{id}');
CREATE FOREIGN TABLE h_top (id text, path text) SERVER hostile_api
  OPTIONS (path '/{id}');
RESET ROLE;
SELECT ok FROM fixture_reset;
SET ROLE hostile_bob;
-- a key value made only of dots is encoded: no dot segment, no climbing
SELECT count(*) FROM h_items WHERE id = '..';
SELECT count(*) FROM h_items WHERE id IN ('.', '...', '../..', 'a.b');
SELECT show_error($$SELECT * FROM h_top WHERE id = '..'$$);
RESET ROLE;
-- the server received exactly these paths, with bob's token
SELECT path, headers->>'Authorization' AS authorization
  FROM fixture_requests ORDER BY seq;
SET ROLE hostile_bob;
-- values from the query with control characters: encoded in the URL,
-- escaped in a JSON body, never a header of their own
CREATE FOREIGN TABLE h_post (id text, path text) SERVER hostile_api
  OPTIONS (path '/items/{id}', method 'POST', body '{"id": "{id}"}');
RESET ROLE;
SELECT ok FROM fixture_reset;
SET ROLE hostile_bob;
SELECT count(*) FROM h_post WHERE id = E'1\r\nX-Injected: 1\r\n\r\nGET /echo HTTP/1.1';
RESET ROLE;
SELECT path, body, headers ? 'X-Injected' AS injected FROM fixture_requests ORDER BY seq;
SET ROLE hostile_bob;
-- a table path may not climb above base_url's path, however it is spelled
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (path '/../../echo')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (path '/items/../../echo')$$);
SELECT show_error($$CREATE FOREIGN TABLE h_bad (id int) SERVER hostile_api
  OPTIONS (path '/%2e%2E/echo')$$);
SELECT show_error($$ALTER FOREIGN TABLE h_items OPTIONS (SET path '/..')$$);
-- dot segments that stay inside are sent as written, not resolved by curl
CREATE FOREIGN TABLE h_inside (path text) SERVER hostile_api
  OPTIONS (path '/a/./b/../items');
SELECT path FROM h_inside;

--
-- 6. Text from the wire
--
-- invalid UTF-8 in an error body becomes \xNN, control characters spaces
CREATE FOREIGN TABLE h_error (id int) SERVER hostile_root
  OPTIONS (path '/hostile/error_bytes');
SELECT show_error('SELECT * FROM h_error');
-- a client that cannot show a character gets \uNNNN, not an encoding error
-- in place of the real one
SET client_encoding = 'LATIN1';
SELECT show_error('SELECT * FROM h_error');
RESET client_encoding;
SET client_encoding = 'UTF8';
-- the same for a Content-Type and a Location
CREATE FOREIGN TABLE h_not_json (id int) SERVER hostile_root
  OPTIONS (path '/hostile/not_json');
SELECT show_error('SELECT * FROM h_not_json');
CREATE FOREIGN TABLE h_redirect (id int) SERVER hostile_root
  OPTIONS (path '/hostile/redirect_bytes');
SELECT show_error('SELECT * FROM h_redirect');
-- json and jsonb keep the text (the LATIN1 and EUC_JP databases are in
-- test/scripts/hostile_encodings.sh)
CREATE FOREIGN TABLE h_text (id int, name text, doc jsonb, docj json)
  SERVER hostile_root OPTIONS (path '/hostile/text/latin');
ALTER FOREIGN TABLE h_text ALTER COLUMN docj OPTIONS (json_path 'doc');
SELECT id, name, doc, docj, doc->>'city' = 'café' AS city_ok FROM h_text ORDER BY id;

--
-- 7. Numbers and paths
--
SET TimeZone = 'UTC';
-- an epoch of any length converts exactly
CREATE FOREIGN TABLE h_epoch (id int, t timestamptz) SERVER hostile_root
  OPTIONS (path '/hostile/epoch');
CREATE FOREIGN TABLE h_epoch_ts (id int, t timestamp) SERVER hostile_root
  OPTIONS (path '/hostile/epoch');
CREATE FOREIGN TABLE h_epoch_date (id int, t date) SERVER hostile_root
  OPTIONS (path '/hostile/epoch');
SELECT id, t FROM h_epoch ORDER BY id;
SELECT id, t FROM h_epoch_ts ORDER BY id;
SELECT id, t FROM h_epoch_date ORDER BY id;
-- one too large for a double is out of range, never infinity
CREATE FOREIGN TABLE h_huge (id int, t timestamptz) SERVER hostile_root
  OPTIONS (path '/hostile/epoch_huge');
CREATE FOREIGN TABLE h_huge_neg (id int, t timestamptz) SERVER hostile_root
  OPTIONS (path '/hostile/epoch_huge', query 'neg=1');
CREATE FOREIGN TABLE h_huge_ts (id int, t timestamp) SERVER hostile_root
  OPTIONS (path '/hostile/epoch_huge');
CREATE FOREIGN TABLE h_huge_date (id int, t date) SERVER hostile_root
  OPTIONS (path '/hostile/epoch_huge');
SELECT show_error('SELECT * FROM h_huge');
SELECT show_error('SELECT * FROM h_huge_neg');
SELECT show_error('SELECT * FROM h_huge_ts');
SELECT show_error('SELECT * FROM h_huge_date');
-- an array index that does not fit in an int finds nothing, never wraps
CREATE FOREIGN TABLE h_array (second int, wrapped int, big int)
  SERVER hostile_root OPTIONS (path '/hostile/array');
ALTER FOREIGN TABLE h_array
  ALTER COLUMN second OPTIONS (json_path 'x.1'),
  ALTER COLUMN wrapped OPTIONS (json_path 'x.4294967297'),
  ALTER COLUMN big OPTIONS (json_path 'x.2147483648');
SELECT * FROM h_array;
RESET TimeZone;

RESET ROLE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA hostile CASCADE;
DROP USER MAPPING FOR hostile_bob SERVER hostile_api;
DROP SERVER hostile_api, hostile_root CASCADE;
REVOKE USAGE ON FOREIGN DATA WRAPPER rest_fdw FROM hostile_bob;
DROP ROLE hostile_bob;
RESET client_min_messages;
