--
-- Where paging ends: the API's end-of-data signals, and the guards that keep
-- a scan from looping or returning rows twice when an API never says so.
--

-- the requests a statement made, as page numbers (or cursors, or offsets)
CREATE FUNCTION pages_requested(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  result text;
BEGIN
  -- pages read ahead by an earlier statement and still being drained would
  -- be in the log too
  PERFORM rest_fdw_disconnect_all();
  PERFORM ok FROM fixture_reset;
  EXECUTE statement;
  SELECT string_agg(coalesce(substring(query FROM '(?:^|&)(?:page|after|offset|cursor)=([^&]*)'), '-'),
                    ' ' ORDER BY seq) INTO result FROM fixture_requests;
  RETURN result;
END
$$;

-- json-server 1.0 answers a page past the end with its last page again.
-- 12 rows in pages of 3: page 5 is page 4 again.  Its rows are not
-- returned, and paging stops with a NOTICE that says which option to set.
CREATE FOREIGN TABLE pe_clamp (id int, name text) SERVER fixture
  OPTIONS (path '/pages/page', query 'rows=12&clamp=1&meta=1', rows_path 'items',
           pagination 'page', page_size '3', page_size_param 'per_page',
           concurrent_pages '1');
\set VERBOSITY terse
SELECT array_agg(id) FROM pe_clamp;
SELECT pages_requested('SELECT * FROM pe_clamp');
\set VERBOSITY default
-- the same with pages read ahead
ALTER FOREIGN TABLE pe_clamp OPTIONS (SET concurrent_pages '4');
\set VERBOSITY terse
SELECT count(*), sum(id), count(DISTINCT id) FROM pe_clamp;
\set VERBOSITY default

-- the API's own signals end paging where its data ends, without the check
ALTER FOREIGN TABLE pe_clamp OPTIONS (SET concurrent_pages '1', ADD has_more_path 'has_more');
SELECT array_agg(id) FROM pe_clamp;
SELECT pages_requested('SELECT * FROM pe_clamp');
ALTER FOREIGN TABLE pe_clamp OPTIONS (SET has_more_path 'next');
SELECT pages_requested('SELECT * FROM pe_clamp');
ALTER FOREIGN TABLE pe_clamp OPTIONS (DROP has_more_path, ADD page_count_path 'pages');
SELECT array_agg(id) FROM pe_clamp;
SELECT pages_requested('SELECT * FROM pe_clamp');
-- a page count read early keeps pages beyond it from being requested at all
-- (they are requested at once, so they arrive in any order)
ALTER FOREIGN TABLE pe_clamp OPTIONS (SET concurrent_pages '8');
SELECT string_agg(p, ' ' ORDER BY p::int) AS pages_requested
  FROM regexp_split_to_table(pages_requested('SELECT * FROM pe_clamp'), ' ') p;
ALTER FOREIGN TABLE pe_clamp OPTIONS (DROP page_count_path, ADD total_path 'total');
SELECT array_agg(id) FROM pe_clamp;
ALTER FOREIGN TABLE pe_clamp OPTIONS (DROP total_path);
-- a value that is not a page count
ALTER FOREIGN TABLE pe_clamp OPTIONS (ADD page_count_path 'has_more');
SELECT show_error('SELECT * FROM pe_clamp');
ALTER FOREIGN TABLE pe_clamp OPTIONS (DROP page_count_path);
-- has_more_path on the offset style
CREATE FOREIGN TABLE pe_offset_more (id int) SERVER fixture
  OPTIONS (path '/pages/offset', query 'rows=9&meta=1', rows_path 'items',
           pagination 'offset', page_size '3', has_more_path 'has_more',
           concurrent_pages '1');
SELECT array_agg(id) FROM pe_offset_more;
SELECT pages_requested('SELECT * FROM pe_offset_more');

-- a page that only starts like the one before it is not a repeat: its rows,
-- held back while they matched, all come back, in order
CREATE FOREIGN TABLE pe_echo (id int) SERVER fixture
  OPTIONS (path '/pages/page', query 'rows=9&echo_prefix=2', rows_path 'items',
           pagination 'page', page_size '3', page_size_param 'per_page');
SELECT array_agg(id) FROM pe_echo;
-- and a page that is all of the page before it but one row more
ALTER FOREIGN TABLE pe_echo OPTIONS (SET query 'rows=9&echo_prefix=3');
SELECT array_agg(id) FROM pe_echo;

-- the cursor styles: a cursor or URL seen before is an ERROR, not a loop
CREATE FOREIGN TABLE pe_cursor_cycle (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', query 'rows=30&cycle=1', rows_path 'items',
           pagination 'cursor', cursor_path 'next_cursor', page_size '3');
SELECT pages_requested($$SELECT show_error('SELECT count(*) FROM pe_cursor_cycle')$$);
SELECT show_error('SELECT count(*) FROM pe_cursor_cycle');
CREATE FOREIGN TABLE pe_next_cycle (id int) SERVER fixture
  OPTIONS (path '/pages/next_url', query 'rows=30&limit=3&cycle=1', rows_path 'items',
           pagination 'next_url', cursor_path 'links.next');
SELECT show_error('SELECT count(*) FROM pe_next_cycle');
SELECT pages_requested($$SELECT show_error('SELECT count(*) FROM pe_next_cycle')$$);
-- an API that ignores the cursor answers the first page again: an ERROR,
-- as that means the cursor options are wrong
CREATE FOREIGN TABLE pe_cursor_ignored (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', query 'rows=30&ignore_cursor=1', rows_path 'items',
           pagination 'cursor', cursor_path 'next_cursor', page_size '3');
SELECT show_error('SELECT count(*) FROM pe_cursor_ignored');
