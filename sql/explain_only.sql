--
-- Plain EXPLAIN does no executor set-up (BeginForeignScan returns at once,
-- as in postgres_fdw) and sends nothing; what it shows comes from the plan
-- alone.  EXPLAIN ANALYZE runs the scan and sends the request.
--
CREATE SCHEMA explain_only;
SET search_path = explain_only, public;

CREATE FOREIGN TABLE eo_users (id int, name text, age int)
  SERVER fixture OPTIONS (path '/users', op_ge '{column}_gte={value}');
CREATE FOREIGN TABLE eo_keyed (id int, name text)
  SERVER fixture OPTIONS (path '/users/{id}');
CREATE FOREIGN TABLE eo_post (id int)
  SERVER fixture OPTIONS (path '/users', method 'POST', body '{"all": true}');
CREATE FOREIGN TABLE eo_paged (id int)
  SERVER fixture OPTIONS (path '/pages/offset', query 'rows=9', rows_path 'items',
                          pagination 'offset', page_size '3');
-- the sql dialect, on a server that is never contacted
CREATE SERVER eo_ch FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', preset 'clickhouse');
CREATE FOREIGN TABLE eo_events (id bigint, n int, name text)
  SERVER eo_ch OPTIONS (remote_table 'db.events');

-- the plan's lines about the foreign scan, without the fixture's port (the
-- other lines differ between PostgreSQL versions)
CREATE FUNCTION eo_explain(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    IF line ~ '^\s*(->  )?(Foreign Scan|Remote|Pushed|Local Only)' THEN
      RETURN NEXT regexp_replace(line, '127\.0\.0\.1:[0-9]{2,}', '127.0.0.1:PORT', 'g');
    END IF;
  END LOOP;
END
$$;

SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT * FROM eo_users WHERE age >= 30;
SELECT * FROM eo_explain($$SELECT name FROM eo_users WHERE age >= 30 AND lower(name) LIKE 'a%'$$);
SELECT * FROM eo_explain('SELECT * FROM eo_keyed WHERE id IN (1, 2)');
SELECT * FROM eo_explain('SELECT * FROM eo_post');
SELECT * FROM eo_explain('SELECT * FROM eo_paged LIMIT 4');
-- a key from the other side of a join: a parameterized scan
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT * FROM eo_explain('SELECT k.name FROM (VALUES (1), (2)) v(id) JOIN eo_keyed k ON k.id = v.id');
RESET enable_hashjoin;
RESET enable_mergejoin;
-- a prepared statement's generic plan, with its parameter
PREPARE eo_by_age(int) AS SELECT id FROM eo_users WHERE age >= $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE eo_by_age(40);
RESET plan_cache_mode;
DEALLOCATE eo_by_age;
-- the sql dialect: a scan, and an aggregate scan (which reads no relation)
SELECT * FROM eo_explain('SELECT id, name FROM eo_events WHERE n > 3 ORDER BY id LIMIT 5');
SELECT * FROM eo_explain('SELECT n, count(*) FROM eo_events GROUP BY n');
-- none of that sent a request
SELECT count(*) AS requests FROM fixture_requests;

-- EXPLAIN ANALYZE does send it (its figures are not shown: they depend on
-- the version and the clock)
SELECT ok FROM fixture_reset;
DO $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN ANALYZE SELECT * FROM eo_users WHERE age >= 30' LOOP
  END LOOP;
END
$$;
SELECT path, query FROM fixture_requests ORDER BY seq;

RESET search_path;
DROP SCHEMA explain_only CASCADE;
DROP SERVER eo_ch CASCADE;
