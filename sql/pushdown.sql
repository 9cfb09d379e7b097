--
-- The params dialect (SPEC section 3): quals sent as query parameters and
-- path keys.  Each case shows the request EXPLAIN announces, the request
-- the fixture received, and that the answer equals the same query over a
-- local copy of the data.
--
SET timezone = 'UTC';

-- Runs "SELECT * FROM <ftable> WHERE <cond>" and the same over <ltable>;
-- returns EXPLAIN's Remote Request, what the fixture received, the row
-- count, and whether both answers are the same multiset.
CREATE FUNCTION pushdown(ftable text, ltable text, cond text)
RETURNS TABLE (explained text, received text, n bigint, same boolean)
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE format('EXPLAIN (COSTS OFF) SELECT * FROM %s WHERE %s', ftable, cond) LOOP
    IF line ~ 'Remote Request' THEN
      explained := regexp_replace(line, '^\s*Remote Request: ', '');
    END IF;
  END LOOP;
  PERFORM ok FROM fixture_reset;
  EXECUTE format('SELECT count(*) FROM %s WHERE %s', ftable, cond) INTO n;
  SELECT string_agg(r.path || CASE WHEN r.query <> '' THEN '?' || r.query ELSE '' END, ' | ' ORDER BY r.seq)
    INTO received FROM fixture_requests r;
  EXECUTE format('SELECT NOT EXISTS (SELECT * FROM %1$s WHERE %3$s EXCEPT ALL SELECT * FROM %2$s WHERE %3$s)
                     AND NOT EXISTS (SELECT * FROM %2$s WHERE %3$s EXCEPT ALL SELECT * FROM %1$s WHERE %3$s)',
                 ftable, ltable, cond) INTO same;
  RETURN NEXT;
END
$$;

-- one table per filter style of the fixture, over the same data
CREATE FOREIGN TABLE f_suffix (
  id int NOT NULL, name text, age int, score numeric, active bool,
  created_at timestamptz, signup_date date, email text
) SERVER fixture OPTIONS (
  path '/filter/suffix/users',
  op_eq '{column}={value}', op_ne '{column}_ne={value}',
  op_lt '{column}_lt={value}', op_le '{column}_lte={value}',
  op_gt '{column}_gt={value}', op_ge '{column}_gte={value}',
  op_in '{column}_in={values}',
  op_like '{column}_like={value}', op_ilike '{column}_ilike={value}',
  op_is_null '{column}_null=true', op_is_not_null '{column}_null=false');
CREATE TABLE l_users AS SELECT * FROM f_suffix;
SELECT count(*) FROM l_users;

-- every operator, with constants of each kind
SELECT * FROM pushdown('f_suffix', 'l_users', 'id = 3');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id <> 3');
SELECT * FROM pushdown('f_suffix', 'l_users', 'age < 30');
SELECT * FROM pushdown('f_suffix', 'l_users', 'age <= 30');
SELECT * FROM pushdown('f_suffix', 'l_users', 'age > 30');
SELECT * FROM pushdown('f_suffix', 'l_users', '30 <= age');
SELECT * FROM pushdown('f_suffix', 'l_users', 'score >= 99.99');
SELECT * FROM pushdown('f_suffix', 'l_users', 'score < -0.0000001');
-- a float8 or float4 is sent as the shortest text that reads back as it, whatever
-- extra_float_digits says: rounded to 15 digits, the one above 0.1 would be
-- sent as 0.1, and the user whose score is 0.1 lost
CREATE FOREIGN TABLE f_float (id int NOT NULL, score float8,
                              score4 float4 OPTIONS (remote_name 'score'))
  SERVER fixture OPTIONS (path '/filter/suffix/users',
                          op_lt '{column}_lt={value}', op_gt '{column}_gt={value}');
CREATE TABLE l_float AS SELECT * FROM f_float;
SET extra_float_digits = 0;
SELECT * FROM pushdown('f_float', 'l_float', 'score < 0.10000000000000002::float8');
SELECT * FROM pushdown('f_float', 'l_float', 'score > 0.09999999999999999::float8');
SELECT * FROM pushdown('f_float', 'l_float', 'score4 < 0.10000001::float4');
RESET extra_float_digits;
SELECT * FROM pushdown('f_suffix', 'l_users', 'id IN (2, 4, 99)');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id = ANY (ARRAY[1, 8])');
SELECT * FROM pushdown('f_suffix', 'l_users', 'age IS NULL');
SELECT * FROM pushdown('f_suffix', 'l_users', 'age IS NOT NULL');
SELECT * FROM pushdown('f_suffix', 'l_users', 'name LIKE ''%o%''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'name ILIKE ''z%''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'active');
SELECT * FROM pushdown('f_suffix', 'l_users', 'NOT active');
SELECT * FROM pushdown('f_suffix', 'l_users', 'active = false');
SELECT * FROM pushdown('f_suffix', 'l_users', 'created_at >= ''2022-08-20 11:15:30+00''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'created_at < ''2021-03-14 15:09:26+02''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'signup_date > ''2020-02-29''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id > 2 AND age <= 45 AND active');

-- what is not sent is checked locally only: text ordering depends on
-- collation, functions of the column, OR, comparisons between columns
SELECT * FROM pushdown('f_suffix', 'l_users', 'name > ''M''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'lower(name) = ''zed zero''');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id = 1 OR id = 2');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id < age');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id > 6 AND name <> email');
-- a comparison with NULL matches nothing: no request at all
SELECT * FROM pushdown('f_suffix', 'l_users', 'id = NULL::int');
SELECT * FROM pushdown('f_suffix', 'l_users', 'id IN (NULL::int)');

-- VERBOSE lists what was sent and what is checked locally only
SELECT explain_verbose('SELECT id FROM f_suffix WHERE age > 20 AND name > ''M''');

-- values that need escaping are URL-encoded; template literals are not
SELECT * FROM pushdown('f_suffix', 'l_users', $$name = 'a&b=c#d%e+f g'$$);
SELECT * FROM pushdown('f_suffix', 'l_users', $$name = 'José Müller'$$);
SELECT * FROM pushdown('f_suffix', 'l_users', $$name IN ('東京', 'x,y')$$);

-- runtime values: a stable expression, evaluated once at scan start
SELECT * FROM pushdown('f_suffix', 'l_users',
  $$created_at > '2021-01-01 00:00:00+00'::timestamptz + interval '1 day'$$);
-- (the value is the day the test runs: the server must have received it)
SELECT explained, replace(received, to_char(current_date, 'YYYY-MM-DD'), '<current_date>') AS received, n, same
  FROM pushdown('f_suffix', 'l_users', 'signup_date <= current_date');

-- a prepared statement's parameter ($1 in a generic plan)
SET plan_cache_mode = force_generic_plan;
PREPARE by_age(int) AS SELECT id FROM f_suffix WHERE age >= $1 ORDER BY id;
EXPLAIN (COSTS OFF) EXECUTE by_age(40);
SELECT ok FROM fixture_reset;
EXECUTE by_age(40);
SELECT query FROM fixture_requests;
DEALLOCATE by_age;
RESET plan_cache_mode;

-- a PL/pgSQL variable
CREATE FUNCTION names_older_than(min_age int) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY SELECT name FROM f_suffix WHERE age > min_age ORDER BY id;
END $$;
SELECT ok FROM fixture_reset;
SELECT * FROM names_older_than(44);
SELECT query FROM fixture_requests;

-- other filter styles; a looser template still yields PostgreSQL's answer
CREATE FOREIGN TABLE f_colon (id int, name text, age int)
  SERVER fixture OPTIONS (path '/filter/colon/users',
    op_eq '{column}:eq={value}', op_ge '{column}:gte={value}', op_in '{column}:in={values}');
CREATE FOREIGN TABLE f_postgrest (id int, name text, age int)
  SERVER fixture OPTIONS (path '/filter/postgrest/users',
    op_eq '{column}=eq.{value}', op_gt '{column}=gt.{value}', op_in '{column}=in.({values})',
    op_is_null '{column}=is.null');
CREATE FOREIGN TABLE f_bracket (id int, name text, age int)
  SERVER fixture OPTIONS (path '/filter/bracket/users',
    op_ge '{column}[$gte]={value}', op_in '{column}[$in]={value}', op_ne '{column}[$ne]={value}');
CREATE FOREIGN TABLE f_loose (id int, name text, age int)
  SERVER fixture OPTIONS (path '/filter/loose/users',
    op_gt '{column}_gt={value}', op_eq '{column}={value}');
CREATE VIEW l_short AS SELECT id, name, age FROM l_users;
SELECT * FROM pushdown('f_colon', 'l_short', 'age >= 30 AND id IN (1, 2, 5, 7)');
SELECT * FROM pushdown('f_postgrest', 'l_short', 'age > 27 AND id IN (1, 4, 5)');
SELECT * FROM pushdown('f_postgrest', 'l_short', 'age IS NULL');
SELECT * FROM pushdown('f_bracket', 'l_short', 'age >= 45 AND id <> 7');
SELECT * FROM pushdown('f_bracket', 'l_short', 'id IN (3, 6)');
-- the loose style treats _gt as >= and equality as case-insensitive
SELECT * FROM pushdown('f_loose', 'l_short', 'age > 45');
SELECT * FROM pushdown('f_loose', 'l_short', $$name = 'zed zero'$$);
-- a column's own template: name has one, the table has no op_ilike
ALTER FOREIGN TABLE f_colon ALTER COLUMN name OPTIONS (ADD op_ilike '{column}:ilike={value}');
SELECT * FROM pushdown('f_colon', 'l_short', $$name ILIKE '%o%' AND age >= 27$$);

-- presets: only defaults, options override them
CREATE SERVER postgrest_api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1', preset 'postgrest');
CREATE FOREIGN TABLE pg_users (id int NOT NULL, name text, age int)
  SERVER postgrest_api OPTIONS (path '/users');
EXPLAIN (COSTS OFF) SELECT id, name FROM pg_users WHERE age >= 30 AND id IN (1, 2) AND name IS NOT NULL;
EXPLAIN (COSTS OFF) SELECT id FROM pg_users WHERE name ILIKE 'a%' ORDER BY id DESC LIMIT 5;
ALTER FOREIGN TABLE pg_users OPTIONS (ADD op_ge '{column}=gte.{value}&strict=1');
EXPLAIN (COSTS OFF) SELECT id FROM pg_users WHERE age >= 30;
CREATE SERVER json_server_api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1', preset 'json_server');
CREATE FOREIGN TABLE js_users (id int NOT NULL, name text, age int)
  SERVER json_server_api OPTIONS (path '/users');
EXPLAIN (COSTS OFF) SELECT id FROM js_users WHERE age < 30 AND id IN (1, 2) ORDER BY id LIMIT 3;
CREATE SERVER django_api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url 'http://127.0.0.1:1', preset 'django');
CREATE FOREIGN TABLE dj_users (id int NOT NULL, name text, age int)
  SERVER django_api OPTIONS (path '/users/');
EXPLAIN (COSTS OFF) SELECT id FROM dj_users WHERE age >= 30 AND id IN (1, 2) AND name IS NULL ORDER BY id DESC;

-- ORDER BY and LIMIT: sent when the API can answer them exactly
CREATE FOREIGN TABLE f_sorted (id int NOT NULL, name text, age int)
  SERVER fixture OPTIONS (path '/filter/suffix/users',
    sort_param '_sort', sort_asc '{column}', sort_desc '-{column}', sort_separator ',',
    limit_param '_limit', select_param '_fields', op_gt '{column}_gt={value}');
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT id, name FROM f_sorted ORDER BY id DESC LIMIT 3;
-- (unaligned: psql 13 counts an emoji one column wide, later versions two)
\pset format unaligned
SELECT id, name FROM f_sorted ORDER BY id DESC LIMIT 3;
\pset format aligned
SELECT query FROM fixture_requests;
-- a nullable column's order is not sent (where an API puts nulls is unknown)
EXPLAIN (COSTS OFF) SELECT id FROM f_sorted ORDER BY age LIMIT 3;
-- with a filter the API may apply loosely, LIMIT stays local
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT id FROM f_sorted WHERE age > 20 ORDER BY id LIMIT 2;
SELECT id FROM f_sorted WHERE age > 20 ORDER BY id LIMIT 2;
SELECT query FROM fixture_requests;

-- path keys: {placeholders} filled from equality and IN quals
CREATE FOREIGN TABLE repo_issues (
  owner text, repo text, number int, title text, state text, comments int
) SERVER fixture OPTIONS (path '/repos/{owner}/{repo}/issues',
                          op_eq '{column}={value}');
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT number, title FROM repo_issues
  WHERE owner = 'acme' AND repo = 'widgets' AND state = 'open';
-- the rows do not carry owner and repo: they are filled from the quals
SELECT owner, repo, number, state FROM repo_issues
  WHERE owner = 'acme' AND repo = 'widgets' AND state = 'open' ORDER BY number;
SELECT path, query FROM fixture_requests;
-- IN fans out into one request per value
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT owner, repo, number FROM repo_issues
  WHERE owner = 'acme' AND repo IN ('widgets', 'gadgets');
SELECT owner, repo, number FROM repo_issues
  WHERE owner = 'acme' AND repo IN ('widgets', 'gadgets') ORDER BY repo, number;
SELECT path FROM fixture_requests ORDER BY seq;
-- a value listed twice is one request, whose rows come once; with several
-- requests, each sorted by the API, ORDER BY is sorted here
CREATE FOREIGN TABLE repo_issues_sorted (owner text, repo text, number int NOT NULL)
  SERVER fixture OPTIONS (path '/repos/{owner}/{repo}/issues',
                          sort_param '_sort', sort_asc '{column}', sort_desc '-{column}');
EXPLAIN (COSTS OFF) SELECT number FROM repo_issues_sorted
  WHERE owner = 'acme' AND repo IN ('widgets', 'gadgets', 'widgets') ORDER BY number DESC;
SELECT ok FROM fixture_reset;
SELECT number FROM repo_issues_sorted
  WHERE owner = 'acme' AND repo IN ('widgets', 'gadgets', 'widgets') ORDER BY number DESC;
SELECT path, query FROM fixture_requests ORDER BY seq;
-- one request: the API sorts
EXPLAIN (COSTS OFF) SELECT number FROM repo_issues_sorted
  WHERE owner = 'acme' AND repo = 'widgets' ORDER BY number DESC;
-- a key value that needs escaping in a path segment
SELECT ok FROM fixture_reset;
SELECT count(*) FROM repo_issues WHERE owner = 'zoë' AND repo = 'café app';
SELECT path FROM fixture_requests;
-- a missing key is an error that names it
SELECT * FROM repo_issues WHERE owner = 'acme';
SELECT * FROM repo_issues WHERE owner = 'acme' OR repo = 'widgets';
-- a placeholder that names no column is rejected when planning
CREATE FOREIGN TABLE bad_keys (id int) SERVER fixture OPTIONS (path '/users/{user_id}');
SELECT * FROM bad_keys;

-- joins: a parameterized path sends one keyed request per outer row.
-- Memoize (14 and later) would answer repeated keys from its cache; it is
-- off here so that every version sends the same requests.
DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 140000 THEN
    PERFORM set_config('enable_memoize', 'off', false);
  END IF;
END
$$;
-- EXPLAIN, with the join clause of the inner side written one way: 17 and
-- later print the scanned column first, older versions the outer one
CREATE FUNCTION explain_join(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
    RETURN NEXT regexp_replace(line, 'Filter: \(([a-z]+\.[a-z_]+) = ([a-z_]+)\)',
                               'Filter: (\2 = \1)');
  END LOOP;
END
$$;
CREATE FOREIGN TABLE user_by_id (id int, name text, age int)
  SERVER fixture OPTIONS (path '/users/{id}');
CREATE TABLE wanted (user_id int, note text);
INSERT INTO wanted VALUES (2, 'b'), (5, 'e'), (2, 'again');
ANALYZE wanted;
SELECT explain_join('SELECT w.note, u.name FROM wanted w JOIN user_by_id u ON u.id = w.user_id');
SELECT ok FROM fixture_reset;
SELECT w.note, u.id, u.name FROM wanted w JOIN user_by_id u ON u.id = w.user_id ORDER BY w.note;
SELECT path FROM fixture_requests ORDER BY seq;
-- a key that names nothing (404) is no rows, not an error
INSERT INTO wanted VALUES (99, 'missing');
SELECT ok FROM fixture_reset;
SELECT w.note, u.id, u.name FROM wanted w JOIN user_by_id u ON u.id = w.user_id ORDER BY w.note;
SELECT w.note, u.id FROM wanted w LEFT JOIN user_by_id u ON u.id = w.user_id ORDER BY w.note;
SELECT count(*) FROM user_by_id WHERE id = 99;
SELECT path FROM fixture_requests ORDER BY seq;
DELETE FROM wanted WHERE user_id = 99;

-- the same with a query-parameter filter instead of a path key
SELECT explain_join('SELECT w.note, u.name FROM wanted w JOIN f_suffix u ON u.id = w.user_id');
SELECT ok FROM fixture_reset;
SELECT w.note, u.id, u.name FROM wanted w JOIN f_suffix u ON u.id = w.user_id ORDER BY w.note;
SELECT path, query FROM fixture_requests ORDER BY seq;
-- the answer is the one a local copy gives
SELECT count(*) FROM (
  SELECT w.note, u.id, u.name FROM wanted w JOIN f_suffix u ON u.id = w.user_id
  EXCEPT ALL
  SELECT w.note, u.id, u.name FROM wanted w JOIN l_users u ON u.id = w.user_id) d;
DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 140000 THEN
    PERFORM set_config('enable_memoize', 'on', false);
  END IF;
END
$$;

-- a paginated API: with no local-only qual, the first page asks for no more
-- rows than the LIMIT; a looser remote filter only costs further pages
CREATE FOREIGN TABLE paged_users (id int, name text, age int) SERVER fixture
  OPTIONS (path '/pages/offset', rows_path 'items', pagination 'offset',
           page_size '3', op_gt '{column}_gt={value}');
EXPLAIN (COSTS OFF) SELECT id, age FROM paged_users WHERE age > 28 LIMIT 2;
SELECT ok FROM fixture_reset;
SELECT id, age FROM paged_users WHERE age > 28 LIMIT 2;
SELECT query FROM fixture_requests ORDER BY seq LIMIT 2;
-- with no qual at all, the same: one request, for two rows
SELECT ok FROM fixture_reset;
SELECT id, age FROM paged_users LIMIT 2;
SELECT query FROM fixture_requests ORDER BY seq;
-- a local-only qual keeps the API's page size
EXPLAIN (COSTS OFF) SELECT id FROM paged_users WHERE age > 28 AND name > 'M' LIMIT 2;

-- PostgREST's Range / Content-Range paging: the page is in the headers.
-- One page at a time: with a page read ahead, whether the request past the
-- short last page is made depends on how fast that page arrives.
CREATE FOREIGN TABLE ranged_users (id int, name text) SERVER fixture
  OPTIONS (path '/pages/range', pagination 'range', page_size '3',
           concurrent_pages '1');
SELECT ok FROM fixture_reset;
SELECT id FROM ranged_users ORDER BY id;
SELECT query, headers->>'Range-Unit' AS unit, headers->>'Range' AS range
  FROM fixture_requests ORDER BY seq;
-- rows a multiple of the page size: the request past the end gets a 416,
-- which ends the paging rather than the query
ALTER FOREIGN TABLE ranged_users OPTIONS (SET page_size '4');
SELECT ok FROM fixture_reset;
SELECT count(*) FROM ranged_users;
SELECT headers->>'Range' AS range FROM fixture_requests ORDER BY seq;
