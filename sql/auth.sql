--
-- Authentication from user mappings; secrets never appear in output
--
CREATE FOREIGN TABLE auth_bearer (id int, name text) SERVER fixture OPTIONS (path '/auth/bearer');
CREATE FOREIGN TABLE auth_basic (id int) SERVER fixture OPTIONS (path '/auth/basic');
CREATE FOREIGN TABLE auth_header (id int) SERVER fixture OPTIONS (path '/auth/header');
CREATE FOREIGN TABLE auth_param (id int) SERVER fixture OPTIONS (path '/auth/param', query 'a=1');

-- no mapping: no credentials are sent, and the API says no
SELECT show_error('SELECT * FROM auth_bearer');

CREATE USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (bearer_token 's3cret-token');
SELECT ok FROM fixture_reset;
SELECT id, name FROM auth_bearer ORDER BY id LIMIT 2;
SELECT headers->>'Authorization' AS authorization FROM fixture_requests;
-- a wrong token: the error shows neither token
ALTER USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (SET bearer_token 'wrong-token');
SELECT show_error('SELECT * FROM auth_bearer');
DROP USER MAPPING FOR CURRENT_USER SERVER fixture;

-- basic auth
CREATE USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (username 'alice', password 'p@ss:w0rd');
SELECT count(*) FROM auth_basic;
DROP USER MAPPING FOR CURRENT_USER SERVER fixture;

-- an API key in a header (X-API-Key unless api_key_header says otherwise)
CREATE USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (api_key 'k3y-value');
SELECT count(*) FROM auth_header;
DROP USER MAPPING FOR CURRENT_USER SERVER fixture;

-- an API key in a query parameter: sent, but not in EXPLAIN or errors
CREATE USER MAPPING FOR PUBLIC SERVER fixture OPTIONS (api_key 'k3y-value', api_key_param 'api_key');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM auth_param;
SELECT path, query FROM fixture_requests;
SELECT explain_verbose('SELECT * FROM auth_param');
CREATE FOREIGN TABLE status_param (id int) SERVER fixture OPTIONS (path '/status/500');
SELECT show_error('SELECT * FROM status_param');

-- headers in a mapping are sent but never shown
ALTER USER MAPPING FOR PUBLIC SERVER fixture OPTIONS (ADD headers '{"X-Secret": "hidden"}');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM echo;
SELECT headers->>'X-Secret' AS secret_header FROM fixture_requests;
SELECT explain_verbose('SELECT * FROM echo');
DROP USER MAPPING FOR PUBLIC SERVER fixture;

-- secrets in a mapping are not visible to other users
CREATE USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (bearer_token 's3cret-token');
CREATE ROLE rest_fdw_other;
SET ROLE rest_fdw_other;
SELECT srvname, umoptions FROM pg_user_mappings WHERE srvname = 'fixture';
RESET ROLE;
DROP ROLE rest_fdw_other;
DROP USER MAPPING FOR CURRENT_USER SERVER fixture;
