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

DROP EXTENSION rest_fdw CASCADE;
