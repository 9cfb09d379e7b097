--
-- Runtime errors: HTTP status, connection, malformed responses
--
CREATE FOREIGN TABLE status_404 (id int) SERVER fixture OPTIONS (path '/status/404');
SELECT show_error('SELECT * FROM status_404');
CREATE FOREIGN TABLE status_503 (id int) SERVER fixture OPTIONS (path '/status/503', query 'x=1');
SELECT show_error('SELECT * FROM status_503');

-- connection refused (nothing listens on port 1)
CREATE SERVER refused FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url 'http://127.0.0.1:1/api');
CREATE FOREIGN TABLE refused_t (id int) SERVER refused OPTIONS (path '/users');
SELECT show_curl_error('SELECT * FROM refused_t');

-- malformed JSON, with the byte offset and an excerpt
CREATE FOREIGN TABLE malformed (id int) SERVER fixture OPTIONS (path '/bad/malformed');
SELECT show_error('SELECT * FROM malformed');
CREATE FOREIGN TABLE garbage_after (id int) SERVER fixture OPTIONS (path '/bad/garbage_after');
SELECT show_error('SELECT * FROM garbage_after');
CREATE FOREIGN TABLE empty_body (id int) SERVER fixture OPTIONS (path '/bad/empty');
SELECT show_error('SELECT * FROM empty_body');
CREATE FOREIGN TABLE html_page (id int) SERVER fixture OPTIONS (path '/bad/html');
SELECT show_error('SELECT * FROM html_page');
CREATE FOREIGN TABLE invalid_utf8 (id int, name text) SERVER fixture OPTIONS (path '/bad/invalid_utf8');
SELECT show_error('SELECT * FROM invalid_utf8');

-- a body that stops early
CREATE FOREIGN TABLE truncated (id int) SERVER fixture OPTIONS (path '/bad/truncated');
SELECT show_curl_error('SELECT * FROM truncated');
CREATE FOREIGN TABLE truncated_chunked (id int) SERVER fixture OPTIONS (path '/bad/truncated_chunked');
SELECT show_curl_error('SELECT * FROM truncated_chunked');

-- rows_path not found, or not an array
CREATE FOREIGN TABLE no_rows (id int) SERVER fixture OPTIONS (path '/bad/no_rows_path', rows_path 'data');
SELECT show_error('SELECT * FROM no_rows');
CREATE FOREIGN TABLE not_array (id int) SERVER fixture OPTIONS (path '/bad/not_array', rows_path 'data');
SELECT show_error('SELECT * FROM not_array');

-- a transfer that goes quiet for longer than timeout_ms
CREATE FOREIGN TABLE slow (id int) SERVER fixture OPTIONS (path '/delay/3000/users', timeout_ms '300');
SELECT show_error('SELECT * FROM slow');

-- max_response_bytes
CREATE FOREIGN TABLE capped (id int) SERVER fixture OPTIONS (path '/big', query 'rows=10000', max_response_bytes '100000');
SELECT show_error('SELECT count(*) FROM capped');

-- query cancel stops a transfer: statement_timeout during a slow response
SET statement_timeout = '300ms';
CREATE FOREIGN TABLE slower (id int) SERVER fixture OPTIONS (path '/delay/5000/users');
SELECT * FROM slower;
RESET statement_timeout;

-- the backend is fine after all of this
SELECT count(*) FROM users;
