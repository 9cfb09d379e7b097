--
-- Pagination: every style, the stop rules, lazy paging, concurrent pages
--
-- The fixture's /pages/<style> endpoints page through the 8 users (or, with
-- rows=N, generated rows), 3 rows a page unless asked otherwise; its
-- request log shows which pages were asked for.
--
\set fixture_port `echo "$FIXTURE_PORT"`
\set fixture_url 'http://127.0.0.1:' :fixture_port
CREATE FOREIGN TABLE fixture_stats (connections int, requests int)
  SERVER fixture OPTIONS (path '/_stats');

-- offset: ?limit=3&offset=0, 3, 6; a short page ends the paging
CREATE FOREIGN TABLE pg_offset (id int, name text) SERVER fixture
  OPTIONS (path '/pages/offset', rows_path 'items', pagination 'offset',
           page_size '3', concurrent_pages '1');
SELECT ok FROM fixture_reset;
SELECT id, name FROM pg_offset;
SELECT path, query FROM fixture_requests ORDER BY seq;

-- without a page size the offset is the number of rows read so far, and an
-- empty page ends the paging (the API's own page size, 2 here)
CREATE FOREIGN TABLE pg_offset_nosize (id int) SERVER fixture
  OPTIONS (path '/pages/offset', query 'limit=2', rows_path 'items',
           pagination 'offset');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_offset_nosize;
SELECT query FROM fixture_requests ORDER BY seq;

-- renamed parameters (?take=4&skip=...), and max_pages
CREATE FOREIGN TABLE pg_offset_named (id int) SERVER fixture
  OPTIONS (path '/pages/offset', query 'size_name=take&offset_name=skip',
           rows_path 'items', pagination 'offset', page_size '4',
           page_size_param 'take', offset_param 'skip', max_pages '1');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_offset_named;
SELECT query FROM fixture_requests ORDER BY seq;

-- page: ?per_page=3&page=1, 2, 3; page_start for APIs that count from 0
CREATE FOREIGN TABLE pg_page (id int) SERVER fixture
  OPTIONS (path '/pages/page', rows_path 'items', pagination 'page',
           page_size '3', page_size_param 'per_page', total_path 'total');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_page;
SELECT query FROM fixture_requests ORDER BY seq;
CREATE FOREIGN TABLE pg_page0 (id int) SERVER fixture
  OPTIONS (path '/pages/page', query 'base=0&size_name=size&page_name=p',
           rows_path 'items', pagination 'page', page_size '4',
           page_size_param 'size', page_param 'p', page_start '0',
           total_path 'total');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_page0;
SELECT query FROM fixture_requests ORDER BY seq;

-- an exact multiple of the page size ends with an empty page
CREATE FOREIGN TABLE pg_page_exact (id int) SERVER fixture
  OPTIONS (path '/pages/page', query 'rows=6', rows_path 'items',
           pagination 'page', page_size '3', page_size_param 'per_page',
           concurrent_pages '1');
SELECT ok FROM fixture_reset;
SELECT count(*), sum(id) FROM pg_page_exact;
SELECT query FROM fixture_requests ORDER BY seq;

-- cursor: the first request without one, then ?cursor=<next_cursor>
CREATE FOREIGN TABLE pg_cursor (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', rows_path 'items', pagination 'cursor',
           cursor_path 'next_cursor', page_size '3');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_cursor;
SELECT query FROM fixture_requests ORDER BY seq;
-- the cursor before the rows; and an API that names the same cursor again
-- (here on purpose; usually a wrong cursor_param) is an error, not an
-- endless scan
CREATE FOREIGN TABLE pg_cursor_first (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', query 'cursor_at=start', rows_path 'items',
           pagination 'cursor', cursor_path 'next_cursor', page_size '3');
SELECT array_agg(id) FROM pg_cursor_first;
CREATE FOREIGN TABLE pg_cursor_stuck (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', query 'stuck=1', rows_path 'items',
           pagination 'cursor', cursor_path 'next_cursor', page_size '3');
SELECT show_error('SELECT count(*) FROM pg_cursor_stuck');

-- next_url: relative, relative to the directory, absolute, with \/ escapes
CREATE FOREIGN TABLE pg_next (id int) SERVER fixture
  OPTIONS (path '/pages/next_url', rows_path 'items', pagination 'next_url',
           cursor_path 'links.next', page_size '3');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_next;
SELECT query FROM fixture_requests ORDER BY seq;
ALTER FOREIGN TABLE pg_next OPTIONS (ADD query 'form=bare');
SELECT array_agg(id) FROM pg_next;
ALTER FOREIGN TABLE pg_next OPTIONS (SET query 'form=absolute');
SELECT array_agg(id) FROM pg_next;
ALTER FOREIGN TABLE pg_next OPTIONS (SET query 'form=escaped');
SELECT array_agg(id) FROM pg_next;

-- link_header (GitHub style): ?per_page=3&page=1, then rel="next"
CREATE FOREIGN TABLE pg_link (id int, name text) SERVER fixture
  OPTIONS (path '/pages/link', pagination 'link_header', page_size '3',
           page_size_param 'per_page', page_param 'page');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_link;
SELECT query FROM fixture_requests ORDER BY seq;

-- options the style needs
CREATE FOREIGN TABLE pg_no_cursor_path (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', rows_path 'items', pagination 'cursor');
SELECT show_error('SELECT * FROM pg_no_cursor_path');
CREATE FOREIGN TABLE pg_no_rows_path (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', pagination 'cursor', cursor_path 'next_cursor');
SELECT show_error('SELECT * FROM pg_no_rows_path');
CREATE FOREIGN TABLE pg_object_cursor (id int) SERVER fixture
  OPTIONS (path '/pages/next_url', rows_path 'items', pagination 'cursor',
           cursor_path 'links');
SELECT show_error('SELECT * FROM pg_object_cursor');
CREATE FOREIGN TABLE pg_bad_total (id int) SERVER fixture
  OPTIONS (path '/pages/cursor', rows_path 'items', pagination 'cursor',
           cursor_path 'next_cursor', total_path 'next_cursor');
SELECT show_error('SELECT * FROM pg_bad_total');
CREATE FOREIGN TABLE pg_bad_option (id int) SERVER fixture
  OPTIONS (pagination 'pages');
CREATE FOREIGN TABLE pg_bad_option (id int) SERVER fixture
  OPTIONS (page_size '0');
CREATE FOREIGN TABLE pg_bad_option (id int) SERVER fixture
  OPTIONS (concurrent_pages '65');

-- a next page on another host: an error, unless rest_fdw.allowed_hosts
-- lists it; then it gets no credentials
CREATE SERVER paging_auth FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url');
CREATE USER MAPPING FOR CURRENT_USER SERVER paging_auth
  OPTIONS (bearer_token 's3cret-token', api_key 'k3y-value', api_key_param 'api_key');
CREATE FOREIGN TABLE pg_other_host (id int) SERVER paging_auth
  OPTIONS (path '/pages/next_url', query 'form=other', rows_path 'items',
           pagination 'next_url', cursor_path 'links.next', page_size '3');
SELECT regexp_replace(show_error('SELECT * FROM pg_other_host'),
                      'localhost:[0-9]+', 'localhost:PORT', 'g');
SET rest_fdw.allowed_hosts = '127.0.0.1, localhost';
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_other_host;
SELECT split_part(headers->>'Host', ':', 1) AS host,
       headers ? 'Authorization' AS has_authorization,
       query LIKE '%api_key=%' AS has_api_key
FROM fixture_requests ORDER BY seq;
RESET rest_fdw.allowed_hosts;
-- on the same host, the api_key parameter goes along, but is never shown
ALTER FOREIGN TABLE pg_other_host OPTIONS (SET query 'form=absolute');
SELECT ok FROM fixture_reset;
SELECT array_agg(id) FROM pg_other_host;
SELECT query FROM fixture_requests ORDER BY seq;
ALTER FOREIGN TABLE pg_other_host OPTIONS (SET query 'form=absolute&stuck=1');
SELECT show_error('SELECT * FROM pg_other_host');

-- LIMIT: pages are fetched lazily, at most one page ahead of the rows used,
-- so 3 rows of 2-row pages never ask for the pages after the third
CREATE FOREIGN TABLE pg_lazy (id int) SERVER fixture
  OPTIONS (path '/pages/offset', rows_path 'items', pagination 'offset',
           page_size '2');
SELECT ok FROM fixture_reset;
SELECT id FROM pg_lazy LIMIT 3;
SELECT count(*) FILTER (WHERE query IN ('limit=2&offset=0', 'limit=2&offset=2')) AS needed,
       count(*) FILTER (WHERE query = 'limit=2&offset=4') <= 1 AS at_most_one_ahead,
       count(*) FILTER (WHERE query NOT IN ('limit=2&offset=0', 'limit=2&offset=2',
                                            'limit=2&offset=4')) AS beyond
FROM fixture_requests;
-- the same without reading ahead: exactly the pages needed
ALTER FOREIGN TABLE pg_lazy OPTIONS (ADD concurrent_pages '1');
SELECT ok FROM fixture_reset;
SELECT id FROM pg_lazy LIMIT 3;
SELECT query FROM fixture_requests ORDER BY seq;
-- a join that rescans the table reads it from the start each time
SELECT count(*) FROM (VALUES (1), (2)) v(x), LATERAL (SELECT id FROM pg_lazy WHERE id > v.x LIMIT 2) s;

-- a LIMIT the planner sends in the page size parameter (limit_param) is
-- the page size; an API that gives fewer rows a page is read on by the rows
-- received, until the LIMIT is reached
CREATE FOREIGN TABLE pg_limit (id int NOT NULL) SERVER fixture
  OPTIONS (path '/pages/offset', query 'rows=50&max=20', rows_path 'items',
           pagination 'offset', page_size '10', limit_param 'limit');
SELECT ok FROM fixture_reset;
SELECT count(*), sum(id) FROM (SELECT id FROM pg_limit LIMIT 25) s;
SELECT query FROM fixture_requests ORDER BY seq;
SELECT ok FROM fixture_reset;
SELECT count(*), sum(id) FROM (SELECT id FROM pg_limit LIMIT 5) s;
SELECT query FROM fixture_requests ORDER BY seq;

-- concurrent pages: results in page order, each page asked for once, none
-- past the total
CREATE FOREIGN TABLE pg_concurrent (id int, name text) SERVER fixture
  OPTIONS (path '/pages/offset', query 'rows=100', rows_path 'items',
           pagination 'offset', page_size '7', total_path 'total',
           concurrent_pages '6');
SELECT ok FROM fixture_reset;
SELECT count(*), sum(id), array_agg(id ORDER BY ord) = array(SELECT generate_series(1, 100)) AS in_order
FROM (SELECT id, row_number() OVER () AS ord FROM pg_concurrent) s;
SELECT count(*) AS requests, count(DISTINCT query) AS distinct_pages,
       max(substring(query FROM 'offset=(\d+)')::int) AS last_offset
FROM fixture_requests;
-- without a total the API's empty page after the end stops it; up to
-- concurrent_pages - 1 requests may go past the end
ALTER FOREIGN TABLE pg_concurrent OPTIONS (DROP total_path);
SELECT ok FROM fixture_reset;
SELECT count(*), sum(id) FROM pg_concurrent;
SELECT count(DISTINCT query) FILTER (WHERE substring(query FROM 'offset=(\d+)')::int < 100) AS pages,
       count(*) FILTER (WHERE substring(query FROM 'offset=(\d+)')::int >= 100) BETWEEN 1 AND 5 AS past_the_end
FROM fixture_requests;

-- paging through a large response of many pages
CREATE FOREIGN TABLE pg_many (id int, email text) SERVER fixture
  OPTIONS (path '/pages/cursor', query 'rows=5000&max=500', rows_path 'items',
           pagination 'cursor', cursor_path 'next_cursor', page_size '500');
SELECT count(*), sum(id), count(DISTINCT email) FROM pg_many;

-- EXPLAIN ANALYZE shows what the requests cost
CREATE FUNCTION explain_http(statement text, hide_bytes bool DEFAULT false)
RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) ' || statement LOOP
    line := regexp_replace(line, 'time=[0-9.]+ ms', 'time=N ms');
    -- 18 prints actual rows with two decimals (rows=8.00)
    line := regexp_replace(line, '(actual rows=[0-9]+)\.00 ', '\1 ');
    IF hide_bytes THEN
      line := regexp_replace(line, 'bytes=[0-9]+', 'bytes=N');
    END IF;
    RETURN NEXT line;
  END LOOP;
END
$$;
SELECT explain_http('SELECT * FROM pg_page');
SELECT explain_http('SELECT * FROM pg_cursor');
-- a LIMIT within the first page: one request, no page read to its end
SELECT explain_http('SELECT * FROM pg_offset LIMIT 2', true);
CREATE FUNCTION explain_http_json(statement text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  plan jsonb;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF, FORMAT JSON) ' || statement
    INTO plan;
  RETURN QUERY SELECT key || ': ' || CASE WHEN key = 'HTTP Time' THEN jsonb_typeof(value)
                                          ELSE value::text END
               FROM jsonb_each(plan -> 0 -> 'Plan') WHERE key LIKE 'HTTP%' ORDER BY key;
END
$$;
SELECT explain_http_json('SELECT * FROM pg_page');
