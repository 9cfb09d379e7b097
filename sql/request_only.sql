--
-- Request-only columns (issue 18): a column that is a parameter of the
-- request, not a field of the rows (a search string, a PromQL query), is
-- filled in every row from its = or IN value, so the local check keeps the
-- rows.  And a sent equality whose column no row of a response has is said
-- with a NOTICE rather than an empty answer without a word.  The fixture's
-- /search/users and /prom/api/v1/query answer rows without the parameter
-- they were asked with (test/fixture/search.py).
--
SET timezone = 'UTC';

-- the defect: a Prometheus table whose query column is sent through op_eq
-- but is not in the rows; every row fails the local check of query = 'up'
CREATE FOREIGN TABLE prom_plain (query text, metric jsonb, value jsonb)
  SERVER fixture OPTIONS (path '/prom/api/v1/query', rows_path 'data.result',
                          op_eq '{column}={value}');
SELECT ok FROM fixture_reset;
SELECT metric ->> 'job' AS job FROM prom_plain WHERE query = 'up';
SELECT path, query FROM fixture_requests;
-- no NOTICE when the response has no rows
SELECT count(*) FROM prom_plain WHERE query = 'nothing';
-- nor when the rows carry the key, even if none of them matches: the loose
-- style compares case-insensitively, so the API sends "Zed Zero"
CREATE FOREIGN TABLE loose_users (id int, name text)
  SERVER fixture OPTIONS (path '/filter/loose/users', op_eq '{column}={value}');
SELECT count(*) FROM loose_users WHERE name = 'zed zero';
SELECT id FROM loose_users WHERE name = 'Zed Zero';
-- nor for a qual that is only checked locally (no template sends it)
CREATE FOREIGN TABLE users_nick (id int, nickname text)
  SERVER fixture OPTIONS (path '/users');
SELECT count(*) FROM users_nick WHERE nickname = 'al';

-- declared request-only, the same query has its rows, each with the value
-- it was asked for
ALTER FOREIGN TABLE prom_plain ALTER COLUMN query OPTIONS (ADD request_only 'true');
SELECT * FROM explain_verbose($$SELECT metric ->> 'job' FROM prom_plain WHERE query = 'up'$$);
SELECT ok FROM fixture_reset;
SELECT query, metric ->> 'job' AS job, value ->> 1 AS v FROM prom_plain WHERE query = 'up';
SELECT query, metric ->> 'handler' AS handler, value ->> 1 AS v
  FROM prom_plain WHERE query = 'rate(http_requests_total[5m])';
SELECT path, query FROM fixture_requests ORDER BY seq;
-- never read from the rows, even when they have the key: the loose style
-- matches case-insensitively, and the row has the value it was asked for
CREATE FOREIGN TABLE loose_by_name (id int, name text OPTIONS (request_only 'true'))
  SERVER fixture OPTIONS (path '/filter/loose/users', op_eq '{column}={value}');
SELECT id, name FROM loose_by_name WHERE name = 'zed zero';
-- a query without a value for it: the error of a missing path key
SELECT show_error($$SELECT * FROM prom_plain$$);
SELECT show_error($$SELECT * FROM prom_plain WHERE query LIKE 'u%'$$);

-- a search API: q is sent through op_eq, since through a placeholder in the
-- table's query; the rows carry neither
CREATE FOREIGN TABLE search_users (
  q text OPTIONS (request_only 'true'),
  id int NOT NULL,
  name text,
  created_at timestamptz
) SERVER fixture OPTIONS (path '/search/users', rows_path 'results',
                          op_eq '{column}={value}', op_ne '{column}_ne={value}',
                          op_like '{column}_like={value}',
                          sort_param 'sort', sort_asc '{column}', sort_desc '-{column}',
                          limit_param 'limit', select_param 'fields');
CREATE FOREIGN TABLE search_since (
  q text OPTIONS (request_only 'true', remote_name 'q'),
  since date OPTIONS (request_only 'true'),
  id int, name text
) SERVER fixture OPTIONS (path '/search/users', rows_path 'results',
                          query 'since={since}', op_eq '{column}={value}');
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT id, name FROM search_since WHERE q = 'o' AND since = '2022-01-01';
SELECT q, since, id FROM search_since WHERE q = 'o' AND since = '2022-01-01' ORDER BY id;
SELECT path, query FROM fixture_requests;

-- IN: one request per value, a value listed twice sent once; each row has
-- the value of its own request
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT q, id FROM search_users WHERE q IN ('an', 'zzz', 'chlo', 'an');
SELECT q, id FROM search_users WHERE q IN ('an', 'zzz', 'chlo', 'an') ORDER BY q, id;
SELECT query FROM fixture_requests ORDER BY seq;

-- other conditions on it are not sent: they test the value the rows got
SELECT * FROM explain_verbose($$SELECT id FROM search_users WHERE q = 'o' AND q LIKE 'o%' AND q <> 'x'$$);
SELECT ok FROM fixture_reset;
SELECT count(*) FROM search_users WHERE q = 'o' AND q LIKE 'o%' AND q <> 'x';
SELECT count(*) FROM search_users WHERE q = 'o' AND q <> 'o';
SELECT query FROM fixture_requests ORDER BY seq;

-- select_param never asks for it; LIMIT is sent, since the rows that come
-- are the answer (the fixture ignores limit, PostgreSQL's Limit keeps 2)
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT q, id FROM search_users WHERE q = 'o' LIMIT 2;
SELECT q, id FROM search_users WHERE q = 'o' LIMIT 2;
SELECT query FROM fixture_requests;

-- ORDER BY: never by it; by another column only with one request, since
-- the rows of several requests, each sorted, are not sorted as a whole
EXPLAIN (COSTS OFF) SELECT id FROM search_users WHERE q = 'o' ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM search_users WHERE q IN ('o', 'an') ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM search_users WHERE q IN ('o', 'an') ORDER BY q;
SELECT q, id FROM search_users WHERE q IN ('an', 'o') ORDER BY id, q;

-- a prepared statement's parameter, and a stable expression
PREPARE by_term(text) AS SELECT q, id FROM search_users WHERE q = $1 ORDER BY id;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE by_term('an');
SELECT ok FROM fixture_reset;
EXECUTE by_term('an');
EXECUTE by_term('chlo');
SELECT query FROM fixture_requests ORDER BY seq;
DEALLOCATE by_term;
RESET plan_cache_mode;
SET app.term = 'an';
EXPLAIN (COSTS OFF) SELECT q, id FROM search_users WHERE q = current_setting('app.term');
SELECT q, id FROM search_users WHERE q = current_setting('app.term');
RESET app.term;

-- with pushdown off it is still sent: the request needs it
SET rest_fdw.enable_pushdown = off;
EXPLAIN (COSTS OFF) SELECT id FROM search_users WHERE q = 'an' AND id > 0;
RESET rest_fdw.enable_pushdown;

-- a join: one request per outer row, with the outer value; each row has it
CREATE TABLE terms (term text, note text);
INSERT INTO terms VALUES ('an', 'a'), ('zzz', 'b'), ('chlo', 'c');
ANALYZE terms;
SELECT ltrim(regexp_replace(l, '^\s*->\s*', ''))
  FROM explain_verbose($$SELECT t.note, s.id FROM terms t JOIN search_users s ON s.q = t.term$$) l
 WHERE l ~ 'Nested Loop|Foreign Scan|Remote Request|Pushed Quals';
SELECT ok FROM fixture_reset;
SELECT t.note, s.q, s.id FROM terms t JOIN search_users s ON s.q = t.term ORDER BY t.note, s.id;
SELECT query FROM fixture_requests ORDER BY query;
-- the NOTICE of a table that does not declare it: once for all the rescans
CREATE FOREIGN TABLE search_plain (q text, id int, name text)
  SERVER fixture OPTIONS (path '/search/users', rows_path 'results',
                          op_eq '{column}={value}');
SELECT count(*) FROM terms t JOIN search_plain s ON s.q = t.term;

-- options: a boolean; not with json_path; it must be sent somehow; not for
-- the sql dialect, which reads every column from the rows
CREATE FOREIGN TABLE ro_bad (q text OPTIONS (request_only 'maybe')) SERVER fixture;
CREATE FOREIGN TABLE ro_bad (q text OPTIONS (request_only 'true', json_path 'a.q')) SERVER fixture;
CREATE FOREIGN TABLE ro_unsent (q text OPTIONS (request_only 'on'), id int)
  SERVER fixture OPTIONS (path '/search/users');
SELECT show_error($$SELECT id FROM ro_unsent WHERE q = 'an'$$);
ALTER FOREIGN TABLE ro_unsent ALTER COLUMN q OPTIONS (ADD op_eq 'q={value}');
ALTER FOREIGN TABLE ro_unsent OPTIONS (ADD rows_path 'results');
SELECT q, id FROM ro_unsent WHERE q = 'an';
ALTER FOREIGN TABLE ro_unsent ALTER COLUMN q OPTIONS (SET request_only 'false');
SELECT q, id FROM ro_unsent WHERE q = 'an';
CREATE FOREIGN TABLE ro_sql (q text OPTIONS (request_only 'true'), id int)
  SERVER fixture OPTIONS (dialect 'sql', remote_table 'users', query 'sql={sql}');
SELECT show_error($$SELECT id FROM ro_sql WHERE q = 'an'$$);
