--
-- The option validator: every option is checked at CREATE/ALTER time.
--
-- unknown options, with the valid ones in the hint
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_uri 'http://x');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (paht '/users');
CREATE FOREIGN TABLE bad_t (a int OPTIONS (jsonpath 'a')) SERVER fixture;
-- an option at the wrong level
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (base_url 'http://x');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (path '/users');

-- bad numbers
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (timeout_ms 'soon');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (timeout_ms '-1');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (max_response_bytes '1e6');

-- bad enum values
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (method 'DELETE');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (format 'xml');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (ssl_verify 'maybe');
-- enum values are case-insensitive
CREATE FOREIGN TABLE ok_t (a int) SERVER fixture OPTIONS (method 'post', format 'NDJSON');
DROP FOREIGN TABLE ok_t;

-- bad URLs and schemes
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'ftp://example.com/');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'file:///etc/passwd');
SELECT show_curl_error($$CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'not a url')$$);
SELECT show_curl_error($$CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'http://')$$);
-- credentials in a URL are refused, and not echoed
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'https://bob:hunter2@example.com/');

-- invalid headers JSON
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (headers '{"Accept": ');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (headers '["Accept"]');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (headers '{"Accept": 1}');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (headers '{"Bad Name": "x"}');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (headers '{"X-Evil": "a\r\nHost: evil"}');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (headers '{"A": "1", "A": "2"}');

-- secrets are only accepted in user mappings
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (bearer_token 'tok');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (api_key 'k');
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (password 'pw');
CREATE USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (base_url 'http://x');
-- and a mapping validates like the rest
CREATE USER MAPPING FOR CURRENT_USER SERVER fixture OPTIONS (headers 'nope');

-- ALTER is validated too
ALTER SERVER fixture OPTIONS (ADD timeout_ms 'x');
ALTER SERVER fixture OPTIONS (ADD format 'csv');

-- a server without base_url is accepted, but cannot be scanned
CREATE SERVER no_url FOREIGN DATA WRAPPER rest_fdw;
CREATE FOREIGN TABLE no_url_t (a int) SERVER no_url OPTIONS (path '/users');
SELECT * FROM no_url_t;
DROP SERVER no_url CASCADE;

-- turning TLS verification off, or reading a CA file, is for superusers
CREATE ROLE rest_fdw_user;
GRANT USAGE ON FOREIGN DATA WRAPPER rest_fdw TO rest_fdw_user;
SET ROLE rest_fdw_user;
CREATE SERVER insecure FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'https://example.com', ssl_verify 'false');
CREATE SERVER insecure FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'https://example.com', ca_file '/etc/passwd');
CREATE SERVER secure FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'https://example.com', ssl_verify 'true');
DROP SERVER secure;
RESET ROLE;
CREATE SERVER insecure FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'https://example.com', ssl_verify 'false');
DROP SERVER insecure;
REVOKE USAGE ON FOREIGN DATA WRAPPER rest_fdw FROM rest_fdw_user;
DROP ROLE rest_fdw_user;

-- params-dialect templates: placeholders are checked
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (op_gt '{column}_gt=');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (op_gt '{column}_gt={valeu}');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (op_in '{column}={value}&x={values}x{nope}');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (op_is_null '{column}=null.{value}');
CREATE FOREIGN TABLE bad_t (a int) SERVER fixture OPTIONS (sort_asc 'sort=asc');
CREATE FOREIGN TABLE bad_t (a int OPTIONS (op_eq 'q')) SERVER fixture;
CREATE SERVER bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (preset 'graphql');
-- literal braces that are not placeholders are fine
CREATE FOREIGN TABLE ok_t (a int OPTIONS (op_eq 'filter={"{column}": "{value}"}'))
  SERVER fixture OPTIONS (op_in '{column}=in.({values})', op_is_null '{column}=is.null');
DROP FOREIGN TABLE ok_t;
