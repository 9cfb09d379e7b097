--
-- Option combinations that cannot work.  CREATE and ALTER accept each
-- level on its own, since another level (the server, the table, a preset)
-- may still complete it; once a scan is planned every level is known, and
-- a combination that cannot work is an ERROR naming the table, already at
-- plain EXPLAIN.  The server is never contacted: plain EXPLAIN sends
-- nothing.
--
CREATE SCHEMA option_combinations;
SET search_path = option_combinations, public;
CREATE SERVER oc FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/');

-- the cursor styles need cursor_path, and rows_path beside it
CREATE FOREIGN TABLE no_cursor_path (id int) SERVER oc
  OPTIONS (rows_path 'items', pagination 'cursor');
SELECT show_error('EXPLAIN SELECT * FROM no_cursor_path');
CREATE FOREIGN TABLE no_rows_path (id int) SERVER oc
  OPTIONS (pagination 'next_url', cursor_path 'links.next');
SELECT show_error('EXPLAIN SELECT * FROM no_rows_path');
CREATE FOREIGN TABLE cursor_ndjson (id int) SERVER oc
  OPTIONS (rows_path 'items', format 'ndjson', pagination 'cursor',
           cursor_path 'next');
SELECT show_error('EXPLAIN SELECT * FROM cursor_ndjson');
-- a cursor inside the rows is never read
CREATE FOREIGN TABLE cursor_in_rows (id int) SERVER oc
  OPTIONS (rows_path 'data', pagination 'cursor', cursor_path 'data.next');
SELECT show_error('EXPLAIN SELECT * FROM cursor_in_rows');
-- the same error for a SELECT, before any request
SELECT * FROM cursor_in_rows;

-- the API's end-of-data values are only read when paging
CREATE FOREIGN TABLE total_unpaged (id int) SERVER oc
  OPTIONS (rows_path 'items', total_path 'total');
SELECT show_error('EXPLAIN SELECT * FROM total_unpaged');
CREATE FOREIGN TABLE more_unpaged (id int) SERVER oc
  OPTIONS (rows_path 'items', has_more_path 'has_more');
SELECT show_error('EXPLAIN SELECT * FROM more_unpaged');
CREATE FOREIGN TABLE pages_unpaged (id int) SERVER oc
  OPTIONS (rows_path 'items', page_count_path 'pages');
SELECT show_error('EXPLAIN SELECT * FROM pages_unpaged');
-- and, like a cursor, beside the rows
CREATE FOREIGN TABLE more_ndjson (id int) SERVER oc
  OPTIONS (format 'ndjson', pagination 'offset', has_more_path 'has_more');
SELECT show_error('EXPLAIN SELECT * FROM more_ndjson');
CREATE FOREIGN TABLE total_no_rows_path (id int) SERVER oc
  OPTIONS (pagination 'page', total_path 'total');
SELECT show_error('EXPLAIN SELECT * FROM total_no_rows_path');
CREATE FOREIGN TABLE pages_over_rows (id int) SERVER oc
  OPTIONS (rows_path 'result.items', pagination 'page', page_count_path 'result');
SELECT show_error('EXPLAIN SELECT * FROM pages_over_rows');

-- column names are read beside the rows, and only for json_columns
CREATE FOREIGN TABLE columns_json (id int) SERVER oc
  OPTIONS (rows_path 'rows', columns_path 'columns');
SELECT show_error('EXPLAIN SELECT * FROM columns_json');
CREATE FOREIGN TABLE columns_no_rows_path (id int) SERVER oc
  OPTIONS (format 'json_columns', columns_path 'columns');
SELECT show_error('EXPLAIN SELECT * FROM columns_no_rows_path');
CREATE FOREIGN TABLE columns_empty (id int) SERVER oc
  OPTIONS (format 'json_columns', rows_path 'rows', columns_path '');
SELECT show_error('EXPLAIN SELECT * FROM columns_empty');

-- the sql dialect's options, without the sql dialect
CREATE FOREIGN TABLE params_remote_table (id int) SERVER oc
  OPTIONS (remote_table 'events');
SELECT show_error('EXPLAIN SELECT * FROM params_remote_table');
CREATE FOREIGN TABLE params_remote_query (id int) SERVER oc
  OPTIONS (remote_query 'SELECT 1 AS id');
SELECT show_error('EXPLAIN SELECT * FROM params_remote_query');
-- and the sql dialect without them (sql_dialect.c)
CREATE FOREIGN TABLE sql_nothing (id int) SERVER oc
  OPTIONS (dialect 'sql', query 'q={sql}');
SELECT show_error('EXPLAIN SELECT * FROM sql_nothing');

-- another level completes what one level lacks
CREATE SERVER oc_cursor FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', pagination 'cursor',
           has_more_path 'has_more');
CREATE FOREIGN TABLE cursor_done (id int) SERVER oc_cursor
  OPTIONS (rows_path 'items', cursor_path 'next');
SELECT show_error('EXPLAIN SELECT * FROM cursor_done');
-- a table that does not page overrides the server's end-of-data value
CREATE FOREIGN TABLE one_page (id int) SERVER oc_cursor
  OPTIONS (rows_path 'items', pagination 'none');
SELECT show_error('EXPLAIN SELECT * FROM one_page');
ALTER FOREIGN TABLE one_page OPTIONS (ADD has_more_path '');
SELECT show_error('EXPLAIN SELECT * FROM one_page');
-- and so does one whose rows are objects, the server's columns_path
CREATE SERVER oc_columns FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', format 'json_columns',
           rows_path 'rows', columns_path 'columns');
CREATE FOREIGN TABLE arrays (id int) SERVER oc_columns;
SELECT show_error('EXPLAIN SELECT * FROM arrays');
CREATE FOREIGN TABLE objects (id int) SERVER oc_columns
  OPTIONS (format 'json', columns_path '');
SELECT show_error('EXPLAIN SELECT * FROM objects');

-- options that only do not apply to the style chosen are accepted: a
-- server may set them for tables of several styles
CREATE FOREIGN TABLE offset_page_param (id int) SERVER oc
  OPTIONS (rows_path 'items', pagination 'offset', page_param 'p',
           cursor_param 'c', max_pages '3');
SELECT show_error('EXPLAIN SELECT * FROM offset_page_param');
CREATE FOREIGN TABLE unpaged_max_pages (id int) SERVER oc
  OPTIONS (max_pages '3', page_size '10', concurrent_pages '4');
SELECT show_error('EXPLAIN SELECT * FROM unpaged_max_pages');
-- a preset's offset_param, on a table that pages by page number
CREATE SERVER oc_postgrest FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', preset 'postgrest');
CREATE FOREIGN TABLE by_page (id int) SERVER oc_postgrest
  OPTIONS (pagination 'page', page_size '10', total_path 'total',
           rows_path 'items');
SELECT show_error('EXPLAIN SELECT * FROM by_page');

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA option_combinations CASCADE;
DROP SERVER oc, oc_cursor, oc_columns, oc_postgrest CASCADE;
RESET client_min_messages;
