--
-- Scanning: formats, rows_path, json_path, remote_name, the request sent,
-- and EXPLAIN.
--
CREATE FOREIGN TABLE users (
  id     int,
  name   text,
  city   text OPTIONS (json_path 'address.city'),
  joined timestamptz OPTIONS (remote_name 'created_at'),
  first_tag text OPTIONS (json_path 'tags.0'),
  raw    jsonb OPTIONS (json_path '$')
) SERVER fixture OPTIONS (path '/users');

SET timezone = 'UTC';
SELECT ok FROM fixture_reset;
-- (unaligned: psql 13 counts an emoji one column wide, later versions two)
\pset format unaligned
SELECT id, name, city, joined, first_tag FROM users ORDER BY id;
\pset format aligned
-- exactly one GET of /users, with no query string
SELECT seq, method, path, query, headers->>'Accept' AS accept, body
  FROM fixture_requests;

-- the whole row as jsonb
SELECT raw->'address' AS address, raw->>'email' AS email FROM users WHERE id = 2;

-- EXPLAIN shows the request; VERBOSE adds the full URL
EXPLAIN (COSTS OFF) SELECT id FROM users;
EXPLAIN (COSTS OFF) SELECT id FROM users WHERE name LIKE 'A%';
SELECT explain_verbose('SELECT id, name FROM users WHERE id > 3');
-- EXPLAIN alone sends nothing
SELECT ok FROM fixture_reset;
EXPLAIN (COSTS OFF) SELECT * FROM users;
SELECT count(*) AS requests FROM fixture_requests;

-- local quals are applied by PostgreSQL and give the same answer as a
-- local copy of the data
CREATE TABLE users_local AS SELECT * FROM users;
SELECT id, name FROM users WHERE id % 2 = 0 AND city IS NOT NULL
EXCEPT ALL
SELECT id, name FROM users_local WHERE id % 2 = 0 AND city IS NOT NULL;
SELECT count(*) FROM users WHERE id % 2 = 0 AND city IS NOT NULL;

-- rows under a nested key, with distracting keys around them
CREATE FOREIGN TABLE wrapped_users (id int, name text)
  SERVER fixture OPTIONS (path '/wrapped/users', rows_path 'data.items');
SELECT id, name FROM wrapped_users ORDER BY id;

-- NDJSON
CREATE FOREIGN TABLE nd_users (id int, city text OPTIONS (json_path 'address.city'))
  SERVER fixture OPTIONS (path '/ndjson/users', format 'ndjson');
SELECT * FROM nd_users ORDER BY id;

-- rows as arrays, names in a columns list; table columns in another order
CREATE FOREIGN TABLE col_users (name text, visits int, id bigint, nope text)
  SERVER fixture OPTIONS (path '/columns/users', format 'json_columns',
                          rows_path 'rows', columns_path 'columns');
-- (unaligned: psql 13 counts an emoji one column wide, later versions two)
\pset format unaligned
SELECT id, name, visits, nope FROM col_users ORDER BY id;
\pset format aligned
-- without columns_path, array positions follow the table's column order
CREATE FOREIGN TABLE col_pos (id int, name text)
  SERVER fixture OPTIONS (path '/columns/users', format 'json_columns', rows_path 'rows');
SELECT * FROM col_pos ORDER BY id LIMIT 3;

-- a single object is one row
CREATE FOREIGN TABLE one_user (id int, name text)
  SERVER fixture OPTIONS (path '/single/user');
SELECT * FROM one_user;

-- the static query string, extra headers (table overrides server), and
-- what the server received
ALTER SERVER fixture OPTIONS (ADD headers '{"X-Client": "server", "X-Trace": "t1"}');
CREATE FOREIGN TABLE echo (method text, path text, query text, headers jsonb, body text)
  SERVER fixture OPTIONS (path '/echo', query 'state=all&limit=5',
                          headers '{"X-Client": "table"}');
SELECT method, path, query, headers->>'X-Client' AS client,
       headers->>'X-Trace' AS trace, headers->>'User-Agent' AS agent, body
  FROM echo;
EXPLAIN (COSTS OFF) SELECT * FROM echo;
ALTER SERVER fixture OPTIONS (DROP headers);

-- POST with a body; a body alone means POST
CREATE FOREIGN TABLE echo_post (method text, body text, ctype text OPTIONS (json_path 'headers.Content-Type'))
  SERVER fixture OPTIONS (path '/echo', body '{"query": "x & y", "n": 1}');
SELECT * FROM echo_post;
SELECT explain_verbose('SELECT * FROM echo_post');
ALTER FOREIGN TABLE echo_post OPTIONS (ADD method 'POST', ADD headers '{"Content-Type": "text/plain"}');
SELECT * FROM echo_post;

-- only the columns the query reads are converted: a value that would fail
-- to convert is not read when its column is not needed
CREATE FOREIGN TABLE lazy (id int, age int) SERVER fixture OPTIONS (path '/bad/bad_int');
SELECT id FROM lazy;
SELECT count(*) FROM lazy;

-- rescans send the request again (inner side of a nested loop)
SELECT ok FROM fixture_reset;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SET enable_material = off;
SELECT u.id, e.id AS event
  FROM (VALUES (1), (2)) AS v(n)
  JOIN users u ON u.id = v.n
  JOIN (SELECT id FROM users WHERE id < 3) e ON e.id = u.id
  ORDER BY 1;
RESET enable_hashjoin;
RESET enable_mergejoin;
RESET enable_material;
SELECT count(*) > 1 AS rescanned FROM fixture_requests WHERE path = '/users';
