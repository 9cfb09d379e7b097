--
-- The sql dialect's deparser (SPEC section 4), shown by EXPLAIN VERBOSE.
-- The servers here are never contacted: plain EXPLAIN sends nothing.  What
-- ClickHouse answers to this SQL is checked by sql/clickhouse.sql.
--
SET timezone = 'UTC';
-- a schema of its own: short table names that other tests may use too
CREATE SCHEMA sql_deparse;
SET search_path = sql_deparse, public;

-- the plan without its Output lines: what is sent, and what stays local
CREATE FUNCTION explain_sql(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    IF line !~ '^\s*Output: ' THEN
      -- a parameterized clause, written one way: 17 and later give the
      -- scanned column first, older versions the parameter
      RETURN NEXT regexp_replace(line, '\((\$[0-9]+) = (`[a-z_]+`)\)', '(\2 = \1)', 'g');
    END IF;
  END LOOP;
END
$$;

CREATE SERVER sd_ch FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1/', preset 'clickhouse');
CREATE FOREIGN TABLE s (
  id bigint NOT NULL, n int, name text, price numeric, f float8, ok bool,
  d date, ts timestamp, tz timestamptz, tags text[],
  "Odd name" text OPTIONS (remote_name 'we`ird\name')
) SERVER sd_ch OPTIONS (remote_table 'db.events');

-- projection: only the columns the query needs; identifiers always quoted
SELECT * FROM explain_sql('SELECT id, "Odd name" FROM s');
SELECT * FROM explain_sql('SELECT count(*) FROM s WHERE random() < 0.5');

-- comparisons with constants of each type
SELECT * FROM explain_sql('SELECT id FROM s WHERE id = 1 AND n <> -2 AND price >= 12.50 AND f < 1.5e10');
SELECT * FROM explain_sql('SELECT id FROM s WHERE id = -9223372036854775808 AND price = -0.0001');
SELECT * FROM explain_sql('SELECT id FROM s WHERE ok AND NOT (ok = false)');
SELECT * FROM explain_sql('SELECT id FROM s WHERE d > ''2024-02-29'' AND ts <= ''2024-01-02 03:04:05''');
-- ClickHouse's DateTime has whole seconds: a fraction rounds the right way
SELECT * FROM explain_sql('SELECT id FROM s WHERE tz > ''2024-01-02 03:04:05.5+00'' AND tz < ''2024-01-02 03:04:05.5+00''');
SELECT * FROM explain_sql('SELECT id FROM s WHERE tz >= ''2024-01-02 03:04:05.5+00'' AND ''2024-01-02 03:04:05.5+00'' >= tz');
SELECT * FROM explain_sql('SELECT id FROM s WHERE tz = ''2024-01-02 03:04:05.5+00''');
-- dates and times ClickHouse cannot represent stay local
SELECT * FROM explain_sql('SELECT id FROM s WHERE d > ''1960-01-01'' AND ts < ''infinity''');

-- literals are escaped: quotes, backslashes, newlines, comment markers
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE name = 'it''s a \ back' OR name = E'line\nnext\ttab'$q$);
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE name IN ('-- no comment', '/* nor this */', '; DROP TABLE x')$q$);
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE "Odd name" = '`' || 'x'$q$);

-- AND, OR, NOT: NOT is pushed down to the atoms
SELECT * FROM explain_sql('SELECT id FROM s WHERE NOT (n > 1 OR name IS NULL)');
SELECT * FROM explain_sql('SELECT id FROM s WHERE NOT (n > 1 AND (ok OR name LIKE ''a%''))');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n BETWEEN 1 AND 10 OR n IS NULL');

-- IN lists: NULLs left out, and NOT IN with a NULL is never true
SELECT * FROM explain_sql('SELECT id FROM s WHERE n IN (1, 2, NULL)');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n = ANY (ARRAY[]::int[])');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n NOT IN (1, 2)');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n NOT IN (1, NULL)');
SELECT * FROM explain_sql('SELECT id FROM s WHERE NOT (n <> ALL (ARRAY[3, 4]))');

-- LIKE; ILIKE only where the engine has it (ClickHouse 18 does not)
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE name LIKE '100\% _done_' AND name NOT LIKE '%x%'$q$);
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE name ILIKE 'a%'$q$);

-- arithmetic on columns and constants; integer division stays local
SELECT * FROM explain_sql('SELECT id FROM s WHERE n + 1 > id * 2 AND -n < 5 AND n % 3 = 1 AND f / 2 > 1');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n / 2 = 1');

-- collation: text equality is sent, text order only under "C"
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE name > 'M'$q$);
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE name COLLATE "C" > 'M'$q$);

-- what the engine may not share stays local
CREATE FUNCTION my_double(int) RETURNS int LANGUAGE plpgsql IMMUTABLE AS 'BEGIN RETURN $1 * 2; END';
SELECT * FROM explain_sql('SELECT id FROM s WHERE my_double(n) = 4');
SELECT * FROM explain_sql('SELECT id FROM s WHERE lower(name) = ''a''');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n::text = ''1''');
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE 'x' = ANY (tags)$q$);

-- values known at run time are sent as literals after evaluation
PREPARE by_n(int, text) AS SELECT id FROM s WHERE n > $1 AND name = $2;
SET plan_cache_mode = force_generic_plan;
SELECT * FROM explain_sql('EXECUTE by_n(1, ''a'')');
PREPARE by_list(int[]) AS SELECT id FROM s WHERE n = ANY ($1);
SELECT * FROM explain_sql('EXECUTE by_list(ARRAY[1, 2])');
-- ClickHouse's dates and times cover 1970 to 2105: only constants are sent
SELECT * FROM explain_sql($q$SELECT id FROM s WHERE tz > now() - interval '1 day' AND d = current_date$q$);
RESET plan_cache_mode;

-- join keys from the outer side of a nested loop
CREATE TABLE wanted (n int);
INSERT INTO wanted VALUES (1), (2);
ANALYZE wanted;
SELECT * FROM explain_sql('SELECT s.id FROM wanted w JOIN s ON s.n = w.n');

-- ORDER BY and LIMIT / OFFSET when every qual is sent
SELECT * FROM explain_sql('SELECT id, n FROM s WHERE n > 0 ORDER BY n DESC, id LIMIT 5 OFFSET 10');
SELECT * FROM explain_sql('SELECT id FROM s ORDER BY id OFFSET 3');
-- a local filter: the sort is still sent, the LIMIT is not
SELECT * FROM explain_sql('SELECT id FROM s WHERE lower(name) = ''a'' ORDER BY id LIMIT 5');
-- floats and collation-sensitive text are sorted locally
SELECT * FROM explain_sql('SELECT id FROM s ORDER BY f LIMIT 5');
SELECT * FROM explain_sql('SELECT id FROM s ORDER BY name LIMIT 5');

-- aggregates
SELECT * FROM explain_sql('SELECT count(*), count(n), count(DISTINCT name), sum(n), sum(id), sum(price), sum(f), min(d), max(ts) FROM s');
SELECT * FROM explain_sql('SELECT name, avg(n), avg(price), avg(f) FROM s WHERE ok GROUP BY name');
SELECT * FROM explain_sql('SELECT n % 10, count(*) FROM s GROUP BY 1 HAVING count(*) > 2 ORDER BY 2 DESC, 1 LIMIT 3');
-- HAVING that cannot be sent is checked on the groups
SELECT * FROM explain_sql('SELECT name, sum(n) FROM s GROUP BY name HAVING my_double(sum(n)::int) > 4');
-- aggregates the engine computes differently stay local
SELECT * FROM explain_sql('SELECT min(name), max(f) FROM s');
SELECT * FROM explain_sql('SELECT string_agg(name, '','') FROM s');
SELECT * FROM explain_sql('SELECT count(*) FILTER (WHERE ok) FROM s');
SELECT * FROM explain_sql('SELECT f, count(*) FROM s GROUP BY f');
-- a local filter below the aggregate keeps it local
SELECT * FROM explain_sql('SELECT count(*) FROM s WHERE lower(name) = ''a''');

-- remote_query is a subquery; a trailing comment cannot swallow the rest
CREATE FOREIGN TABLE q (k text, v bigint) SERVER sd_ch OPTIONS (
  remote_query 'SELECT status AS k, count() AS v FROM db.events GROUP BY status -- per status');
SELECT * FROM explain_sql('SELECT k FROM q WHERE v > 10');

-- other syntaxes
CREATE SERVER sd_ansi FOREIGN DATA WRAPPER rest_fdw OPTIONS (
  base_url 'http://127.0.0.1:1', dialect 'sql', sql_syntax 'ansi',
  body '{"query": {sql_json}, "resultFormat": "object"}');
CREATE FOREIGN TABLE a (id bigint NOT NULL, name text, ok bool, d date, tz timestamptz, n int)
  SERVER sd_ansi OPTIONS (path '/druid/v2/sql', remote_table 'wiki"pedia');
SELECT * FROM explain_sql($q$SELECT id FROM a WHERE name = 'it''s \' AND ok AND d < '2024-01-01' AND tz >= '2024-01-01 10:00:00.25+00' AND name LIKE 'a\_%'$q$);
SELECT * FROM explain_sql('SELECT id FROM a ORDER BY id DESC LIMIT 2');
SELECT * FROM explain_sql('SELECT id FROM a ORDER BY n LIMIT 2');
SELECT * FROM explain_sql('SELECT sum(id), avg(n) FROM a');

CREATE SERVER sd_datasette FOREIGN DATA WRAPPER rest_fdw OPTIONS (
  base_url 'http://127.0.0.1:1', preset 'datasette');
CREATE FOREIGN TABLE ds (id bigint, name text, d date, ok bool)
  SERVER sd_datasette OPTIONS (path '/fixtures.json', remote_table 'facet cities');
SELECT * FROM explain_sql($q$SELECT id FROM ds WHERE id > 2 AND ok AND name LIKE 'a%' AND d > '2020-01-01'$q$);

CREATE SERVER sd_crate FOREIGN DATA WRAPPER rest_fdw OPTIONS (
  base_url 'http://127.0.0.1:1', dialect 'sql', sql_syntax 'postgres',
  body '{"stmt": {sql_json}}', rows_path 'rows', format 'json_columns');
CREATE FOREIGN TABLE c (id bigint, name text, tz timestamptz) SERVER sd_crate
  OPTIONS (path '/_sql', remote_table 'doc.t');
SELECT * FROM explain_sql($q$SELECT id FROM c WHERE name ILIKE 'a%' AND tz > '2024-01-01 00:00:00.5+00' ORDER BY name COLLATE "C" NULLS FIRST$q$);
-- there, values known at run time are sent whatever their type
SELECT * FROM explain_sql($q$SELECT id FROM c WHERE tz > now() - interval '1 day'$q$);

-- pushdown off: per table, per server, per session; only rows are fetched
ALTER FOREIGN TABLE s OPTIONS (ADD pushdown 'false');
SELECT * FROM explain_sql('SELECT name, count(*) FROM s WHERE n > 1 GROUP BY name ORDER BY 2 LIMIT 1');
ALTER FOREIGN TABLE s OPTIONS (DROP pushdown);
ALTER SERVER sd_ch OPTIONS (ADD pushdown 'off');
SELECT * FROM explain_sql('SELECT id FROM s WHERE n > 1');
ALTER SERVER sd_ch OPTIONS (DROP pushdown);
SET rest_fdw.enable_pushdown = off;
SELECT * FROM explain_sql('SELECT id FROM s WHERE n > 1');
RESET rest_fdw.enable_pushdown;
SELECT * FROM explain_sql('SELECT id FROM s WHERE n > 1');

-- the params dialect obeys the same switches; keys are still filled
CREATE FOREIGN TABLE p_users (id int, name text, age int)
  SERVER fixture OPTIONS (path '/filter/suffix/users', op_gt '{column}_gt={value}');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM p_users WHERE age > 30;
SET rest_fdw.enable_pushdown = off;
SELECT count(*) FROM p_users WHERE age > 30;
RESET rest_fdw.enable_pushdown;
SELECT path, query FROM fixture_requests ORDER BY seq;

-- options
CREATE FOREIGN TABLE bad1 (x int) SERVER sd_ch;
SELECT * FROM bad1;
CREATE FOREIGN TABLE bad2 (x int) SERVER sd_ch OPTIONS (remote_table 't', remote_query 'SELECT 1');
SELECT * FROM bad2;
CREATE FOREIGN TABLE bad3 (x int) SERVER sd_ansi OPTIONS (remote_table 't', body '{"q": "x"}');
SELECT * FROM bad3;
CREATE FOREIGN TABLE bad4 (x int) SERVER sd_ansi OPTIONS (remote_table 't', query 'sql={sql}&id={x}');
SELECT * FROM bad4;
CREATE SERVER sd_bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (dialect 'graphql');
CREATE SERVER sd_bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (sql_syntax 'oracle');
CREATE SERVER sd_bad FOREIGN DATA WRAPPER rest_fdw OPTIONS (pushdown 'maybe');
CREATE FOREIGN TABLE bad5 (x int) SERVER sd_ch OPTIONS (remote_tabel 't');
