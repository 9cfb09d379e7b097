--
-- Option combinations that cannot work.  CREATE and ALTER accept each
-- level on its own, since another level (the server, the table, a preset)
-- may still complete it; once a scan is planned every level is known, and
-- a combination that cannot work is an ERROR naming the table, already at
-- plain EXPLAIN.  The servers are never contacted: plain EXPLAIN sends
-- nothing.
--
CREATE SCHEMA option_combinations;
SET search_path = option_combinations, public;
CREATE SERVER oc FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/');

-- Creates table tbl (id int) on server srv with the options given, and
-- returns what plain EXPLAIN of a scan of it says
CREATE FUNCTION oc_plan(tbl text, options text, srv text DEFAULT 'oc')
RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE FOREIGN TABLE %I (id int) SERVER %I %s', tbl, srv,
                 CASE WHEN options <> '' THEN 'OPTIONS (' || options || ')' END);
  RETURN show_error(format('EXPLAIN SELECT * FROM %I', tbl));
END
$$;

-- the cursor styles need cursor_path, and rows_path beside it
SELECT oc_plan('no_cursor_path', $$rows_path 'items', pagination 'cursor'$$);
SELECT oc_plan('no_rows_path', $$pagination 'next_url', cursor_path 'links.next'$$);
SELECT oc_plan('cursor_ndjson', $$rows_path 'items', format 'ndjson', pagination 'cursor', cursor_path 'next'$$);
-- a cursor inside the rows is never read
SELECT oc_plan('cursor_in_rows', $$rows_path 'data', pagination 'cursor', cursor_path 'data.next'$$);
-- the same error for a SELECT, before any request
SELECT * FROM cursor_in_rows;

-- the API's end-of-data values are only read when paging
SELECT oc_plan('total_unpaged', $$rows_path 'items', total_path 'total'$$);
SELECT oc_plan('more_unpaged', $$rows_path 'items', has_more_path 'has_more'$$);
SELECT oc_plan('pages_unpaged', $$rows_path 'items', page_count_path 'pages'$$);
-- and, like a cursor, beside the rows
SELECT oc_plan('more_ndjson', $$format 'ndjson', pagination 'offset', has_more_path 'has_more'$$);
SELECT oc_plan('total_no_rows_path', $$pagination 'page', total_path 'total'$$);
SELECT oc_plan('pages_over_rows', $$rows_path 'result.items', pagination 'page', page_count_path 'result'$$);
-- an error the API reports in its answer is read beside the rows too
SELECT oc_plan('error_no_rows_path', $$error_path 'error'$$);
SELECT oc_plan('error_in_rows', $$rows_path 'results', error_path 'results.0.error'$$);

-- column names are read beside the rows, and only for json_columns
SELECT oc_plan('columns_json', $$rows_path 'rows', columns_path 'columns'$$);
SELECT oc_plan('columns_no_rows_path', $$format 'json_columns', columns_path 'columns'$$);
SELECT oc_plan('columns_empty', $$format 'json_columns', rows_path 'rows', columns_path ''$$);

-- the sql dialect's options, without the sql dialect
SELECT oc_plan('params_remote_table', $$remote_table 'events'$$);
SELECT oc_plan('params_remote_query', $$remote_query 'SELECT 1 AS id'$$);
-- and the sql dialect without them (sql_dialect.c)
SELECT oc_plan('sql_nothing', $$dialect 'sql', query 'q={sql}'$$);

-- another level completes what one level lacks
CREATE SERVER oc_cursor FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', pagination 'cursor',
           has_more_path 'has_more');
SELECT oc_plan('cursor_done', $$rows_path 'items', cursor_path 'next'$$, 'oc_cursor');
-- a table that does not page turns off the server's end-of-data value
SELECT oc_plan('one_page', $$rows_path 'items', pagination 'none'$$, 'oc_cursor');
ALTER FOREIGN TABLE one_page OPTIONS (ADD has_more_path '');
SELECT show_error('EXPLAIN SELECT * FROM one_page');
-- and so does one whose rows are objects, the server's columns_path
CREATE SERVER oc_columns FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', format 'json_columns',
           rows_path 'rows', columns_path 'columns');
SELECT oc_plan('arrays', '', 'oc_columns');
SELECT oc_plan('objects', $$format 'json', columns_path ''$$, 'oc_columns');

-- options that only do not apply to the style chosen are accepted: a
-- server may set them for tables of several styles
SELECT oc_plan('offset_page_param', $$rows_path 'items', pagination 'offset', page_param 'p', cursor_param 'c', max_pages '3'$$);
SELECT oc_plan('unpaged_max_pages', $$max_pages '3', page_size '10', concurrent_pages '4'$$);
-- a preset's offset_param, on a table that pages by page number
CREATE SERVER oc_postgrest FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', preset 'postgrest');
SELECT oc_plan('by_page', $$pagination 'page', page_size '10', total_path 'total', rows_path 'items'$$, 'oc_postgrest');

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA option_combinations CASCADE;
DROP SERVER oc, oc_cursor, oc_columns, oc_postgrest CASCADE;
RESET client_min_messages;
