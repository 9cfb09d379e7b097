-- rest_fdw demo: a foreign table over the bundled sample API (test/fixture_api.py)
SET timezone = 'UTC';
DROP EXTENSION IF EXISTS rest_fdw CASCADE;
CREATE EXTENSION rest_fdw;

CREATE SERVER sample_api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url');
-- secrets live in the user mapping, never in the server or table
CREATE USER MAPPING FOR CURRENT_USER SERVER sample_api
  OPTIONS (bearer_token 's3cret-token');

CREATE FOREIGN TABLE users (
  id         bigint,
  name       text,
  city       text        OPTIONS (json_path 'address.city'),
  joined     timestamptz OPTIONS (remote_name 'created_at'),
  score      numeric,
  tags       text[],
  raw        jsonb       OPTIONS (json_path '$')
) SERVER sample_api OPTIONS (path '/auth/bearer');

-- rows arrive typed; numeric keeps every digit
SELECT id, name, city, joined, score, tags FROM users ORDER BY id;

-- the request is visible in EXPLAIN; the WHERE clause is checked locally
EXPLAIN (COSTS OFF) SELECT name FROM users WHERE city = 'Berlin';
SELECT name FROM users WHERE city = 'Berlin';

-- join API rows with local data
CREATE TEMP TABLE vip (user_id bigint, level text);
INSERT INTO vip VALUES (1, 'gold'), (4, 'silver');
SELECT u.name, v.level FROM users u JOIN vip v ON v.user_id = u.id ORDER BY u.id;

-- pushdown: WHERE clauses become query parameters (json-server style here),
-- and PostgreSQL still checks every row
CREATE SERVER filtering_api FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', preset 'json_server');
CREATE FOREIGN TABLE people (id int NOT NULL, name text, age int, active bool)
  SERVER filtering_api OPTIONS (path '/filter/suffix/users');
EXPLAIN (COSTS OFF) SELECT id, name FROM people WHERE age >= 30 AND active ORDER BY id DESC;
SELECT id, name FROM people WHERE age >= 30 AND active ORDER BY id DESC;

-- a join sends one keyed request per local row (and Memoize caches repeats)
CREATE FOREIGN TABLE user_by_id (id int, name text)
  SERVER sample_api OPTIONS (path '/users/{id}');
EXPLAIN (COSTS OFF) SELECT v.level, u.name FROM vip v JOIN user_by_id u ON u.id = v.user_id;
SELECT v.level, u.name FROM vip v JOIN user_by_id u ON u.id = v.user_id ORDER BY 1;

-- pages of a paginated API read like one table
CREATE FOREIGN TABLE paged (id int, name text)
  SERVER sample_api OPTIONS (path '/pages/offset', rows_path 'items',
                             pagination 'offset', page_size '3');
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT count(*) FROM paged;

-- rows under a nested key, and a large streamed response
CREATE FOREIGN TABLE wrapped (id int, name text)
  SERVER sample_api OPTIONS (path '/wrapped/users', rows_path 'data.items');
SELECT count(*) FROM wrapped;
CREATE FOREIGN TABLE big (id bigint, name text, score numeric)
  SERVER sample_api OPTIONS (path '/big', query 'rows=200000');
\timing on
SELECT count(*), sum(id), max(score) FROM big;
\timing off

-- errors say what went wrong, without secrets
CREATE FOREIGN TABLE missing (id int) SERVER sample_api OPTIONS (path '/status/404');
\set ON_ERROR_STOP 0
SELECT * FROM missing;
\set ON_ERROR_STOP 1

\set VERBOSITY terse
DROP EXTENSION rest_fdw CASCADE;
