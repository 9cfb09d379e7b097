--
-- Hostile servers: compression bombs, huge rows, 1xx answers, oversized
-- headers and broken encodings (issue 12).  The memory each of these takes
-- is measured by test/scripts/memory_bombs.sh; here is what the user sees.
--
\set fixture_port `echo "$FIXTURE_PORT"`
\set fixture_url 'http://127.0.0.1:' :fixture_port

CREATE SERVER limits FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', max_retries '2', retry_backoff_ms '1');
CREATE USER MAPPING FOR CURRENT_USER SERVER limits;

-- the ratio limit's figures depend on how the network cut the body
CREATE FUNCTION limits_error(statement text) RETURNS text
LANGUAGE sql AS $$
  SELECT regexp_replace(show_error(statement),
                        '[0-9]+ bytes of (\w+) data decoded to [0-9]+ bytes',
                        'N bytes of \1 data decoded to N bytes')
$$;

--
-- The options
--
CREATE FOREIGN TABLE limits_opts (id int) SERVER limits
  OPTIONS (path '/users', max_decompression_ratio '50', max_row_bytes '1048576');
ALTER SERVER limits OPTIONS (ADD max_row_bytes '33554432');
ALTER SERVER limits OPTIONS (DROP max_row_bytes);
ALTER FOREIGN TABLE limits_opts OPTIONS (SET max_decompression_ratio '0');
SELECT count(*) FROM limits_opts;
ALTER FOREIGN TABLE limits_opts OPTIONS (SET max_decompression_ratio '-1');
ALTER FOREIGN TABLE limits_opts OPTIONS (SET max_decompression_ratio 'lots');
ALTER FOREIGN TABLE limits_opts OPTIONS (SET max_row_bytes '0');
-- a row may become one field: no more than a field can hold
ALTER FOREIGN TABLE limits_opts OPTIONS (SET max_row_bytes '1073741820');
ALTER FOREIGN TABLE limits_opts OPTIONS (SET max_row_bytes '1073741819');
CREATE USER MAPPING FOR PUBLIC SERVER limits OPTIONS (max_row_bytes '10');

--
-- Encodings: rest_fdw asks for what it decodes itself
--
CREATE FOREIGN TABLE limits_accept (accept_encoding text) SERVER limits
  OPTIONS (path '/limits/accept_encoding');
SELECT * FROM limits_accept;
-- a table that asks for something else gets what it asked for
CREATE FOREIGN TABLE limits_accept_identity (accept_encoding text) SERVER limits
  OPTIONS (path '/limits/accept_encoding', headers '{"Accept-Encoding": "identity"}');
SELECT * FROM limits_accept_identity;
CREATE FOREIGN TABLE limits_gzip (id int, name text) SERVER limits
  OPTIONS (path '/encoded/gzip/users');
CREATE FOREIGN TABLE limits_deflate (id int, name text) SERVER limits
  OPTIONS (path '/encoded/deflate/users');
CREATE FOREIGN TABLE limits_br (id int, name text) SERVER limits
  OPTIONS (path '/encoded/br/users');
SELECT (SELECT sum(id) FROM limits_gzip) AS gzip, (SELECT sum(id) FROM limits_deflate) AS deflate,
       (SELECT sum(id) FROM limits_br) AS br;
-- 20000 rows through deflate, read a bounded piece at a time
CREATE FOREIGN TABLE limits_big_deflate (id int) SERVER limits
  OPTIONS (path '/encoded/deflate/big', query 'rows=20000');
SELECT count(*), sum(id) FROM limits_big_deflate;

--
-- Compression bombs stop at max_decompression_ratio (default 100)
--
CREATE FOREIGN TABLE bomb_gzip (id int) SERVER limits
  OPTIONS (path '/limits/bomb/gzip', query 'mb=64');
CREATE FOREIGN TABLE bomb_deflate (id int) SERVER limits
  OPTIONS (path '/limits/bomb/deflate', query 'mb=64');
CREATE FOREIGN TABLE bomb_br (id int) SERVER limits
  OPTIONS (path '/limits/bomb/br', query 'mb=64');
CREATE FOREIGN TABLE bomb_spaces (id int) SERVER limits
  OPTIONS (path '/limits/bomb/gzip', query 'mb=64&kind=spaces');
SELECT limits_error('SELECT count(*) FROM bomb_gzip');
SELECT limits_error('SELECT count(*) FROM bomb_deflate');
SELECT limits_error('SELECT count(*) FROM bomb_br');
SELECT limits_error('SELECT count(*) FROM bomb_spaces');
-- not retried: the same answer would come again
SELECT ok FROM fixture_reset;
SELECT limits_error('SELECT count(*) FROM bomb_br');
SELECT count(*) AS requests FROM fixture_requests WHERE path = '/limits/bomb/br';
-- with the check off the rows stream to the end (64 MB of them)
CREATE FOREIGN TABLE bomb_streamed (id int) SERVER limits
  OPTIONS (path '/limits/bomb/br', query 'mb=64', max_decompression_ratio '0');
SELECT count(*), sum(id) FROM bomb_streamed;
-- max_response_bytes bounds the decoded size too
ALTER FOREIGN TABLE bomb_streamed OPTIONS (ADD max_response_bytes '10000000');
SELECT show_error('SELECT count(*) FROM bomb_streamed');

--
-- One huge row stops at max_row_bytes (default 16 MB), named by its number
--
CREATE FOREIGN TABLE huge_row (id int, s text) SERVER limits
  OPTIONS (path '/limits/huge_row/gzip', max_decompression_ratio '0');
SELECT show_error('SELECT id, length(s) FROM huge_row');
CREATE FOREIGN TABLE huge_row_plain (id int, s text) SERVER limits
  OPTIONS (path '/limits/huge_row/identity', query 'mb=20');
SELECT show_error('SELECT id, length(s) FROM huge_row_plain');
-- raised, the row is read
ALTER FOREIGN TABLE huge_row_plain OPTIONS (ADD max_row_bytes '25165824');
SELECT id, length(s) FROM huge_row_plain;
-- the row number counts the rows before it: rows of about 100, 200, 300 ...
-- bytes, of which the fourth is too large
CREATE FOREIGN TABLE later_row (id int, s text) SERVER limits
  OPTIONS (path '/limits/growing_rows', query 'rows=6&step=100', max_row_bytes '350');
SELECT show_error('SELECT count(*) FROM later_row');
SELECT id, length(s) FROM later_row LIMIT 3;
ALTER FOREIGN TABLE later_row OPTIONS (SET max_row_bytes '1000');
SELECT count(*) FROM later_row;

--
-- Broken or unexpected encodings
--
CREATE FOREIGN TABLE bad_gzip (id int) SERVER limits OPTIONS (path '/limits/bad_encoding/gzip');
CREATE FOREIGN TABLE bad_deflate (id int) SERVER limits OPTIONS (path '/limits/bad_encoding/deflate');
CREATE FOREIGN TABLE bad_br (id int) SERVER limits OPTIONS (path '/limits/bad_encoding/br');
SELECT show_error('SELECT * FROM bad_gzip') ~ '^08P01: could not decode the gzip body of the response from "http://127.0.0.1:PORT/limits/bad_encoding/gzip"' AS gzip;
SELECT show_error('SELECT * FROM bad_deflate') ~ '^08P01: could not decode the deflate body' AS deflate;
SELECT show_error('SELECT * FROM bad_br') ~ '^08P01: could not decode the br body' AS br;
CREATE FOREIGN TABLE truncated_gzip (id int) SERVER limits OPTIONS (path '/limits/truncated/gzip');
CREATE FOREIGN TABLE truncated_br (id int) SERVER limits OPTIONS (path '/limits/truncated/br');
SELECT split_part(show_error('SELECT count(*) FROM truncated_gzip'), E'\n', 1);
SELECT split_part(show_error('SELECT count(*) FROM truncated_br'), E'\n', 1);
CREATE FOREIGN TABLE unknown_encoding (id int) SERVER limits OPTIONS (path '/limits/unknown_encoding');
SELECT show_error('SELECT * FROM unknown_encoding');

--
-- HTTP edge cases
--
-- 101 Switching Protocols is not an answer: what follows is not read as rows
CREATE FOREIGN TABLE switch101 (id int) SERVER limits OPTIONS (path '/limits/switch101');
SELECT show_error('SELECT * FROM switch101');
-- an interim 1xx before the answer is HTTP as usual; one without an answer is not
CREATE FOREIGN TABLE early_hints (id int) SERVER limits OPTIONS (path '/limits/early_hints');
SELECT * FROM early_hints;
CREATE FOREIGN TABLE interim_only (id int) SERVER limits OPTIONS (path '/limits/interim_only');
SELECT show_error('SELECT * FROM interim_only');
-- 1000 headers of 8 kB: too large, and not retried
SELECT ok FROM fixture_reset;
CREATE FOREIGN TABLE many_headers (id int) SERVER limits OPTIONS (path '/limits/headers');
SELECT show_error('SELECT * FROM many_headers');
SELECT count(*) AS requests FROM fixture_requests WHERE path = '/limits/headers';
-- many headers within the limit are fine
CREATE FOREIGN TABLE some_headers (id int) SERVER limits
  OPTIONS (path '/limits/headers', query 'n=100&size=1000');
SELECT count(*) FROM some_headers;
-- one header line longer than curl takes (curl's words are left out here)
CREATE FOREIGN TABLE long_header (id int) SERVER limits OPTIONS (path '/limits/header_line');
SELECT split_part(show_error('SELECT * FROM long_header'), E'\n', 1);
SELECT count(*) AS requests FROM fixture_requests WHERE path = '/limits/header_line';

DROP SERVER limits CASCADE;
