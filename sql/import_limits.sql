--
-- IMPORT FOREIGN SCHEMA against hostile descriptions (doc/import.md,
-- "Bounds"), served by the fixture (test/fixture/openapi.py): each is a
-- clear ERROR that says where it failed, or a NOTICE for what is left out,
-- never a crash, a hang or unbounded memory.  Then OpenAPI 3.2, and
-- sampled paths whose query holds a comma.
--
SET timezone = 'UTC';
SET datestyle = 'ISO, YMD';
SELECT ok FROM fixture_reset;
CREATE SCHEMA hostile;

-- larger than the server's max_response_bytes: the transfer stops there
\set fixture_port `echo "$FIXTURE_PORT"`
\set fixture_url 'http://127.0.0.1:' :fixture_port
CREATE SERVER fixture_small FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url', max_response_bytes '1000000');
CREATE USER MAPPING FOR CURRENT_USER SERVER fixture_small;
SELECT show_error($$IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture_small INTO hostile
  OPTIONS (spec '/openapi/hostile/gigantic.json')$$);
-- the same document within the bound imports (and gives no table)
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/gigantic.json');

-- nested 5,000 levels (JSON) and 1,000 levels (YAML): a depth bound
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/deep.json');
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/deep.yaml');

-- "billion laughs": aliases of aliases are counted expanded, and stopped
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/laughs.yaml');

-- a $ref cycle, and a chain of 200 $refs
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/refcycle.json');
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/refchain.json');

-- five thousand parameters on one operation
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/params.json');

-- nothing of the above was created
SELECT count(*) FROM pg_class WHERE relnamespace = 'hostile'::regnamespace;

-- a 490-byte path and a 5,000-byte field name: names cut to 63 bytes, the
-- API's spelling in the options
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO hostile
  OPTIONS (spec '/openapi/hostile/names.json');
SELECT c.relname, length(c.relname) AS name_bytes,
       length(array_to_string(t.ftoptions, ',')) AS option_bytes
  FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid
 WHERE c.relnamespace = 'hostile'::regnamespace;
SELECT a.attname, length(a.attname) AS name_bytes,
       length(array_to_string(a.attfdwoptions, ',')) AS option_bytes
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'hostile'::regnamespace AND a.attnum > 0
 ORDER BY a.attnum;

-- OpenAPI 3.2, a backward-compatible 3.1: the same tables as from 3.0
CREATE SCHEMA v32;
IMPORT FOREIGN SCHEMA openapi LIMIT TO (users_by_id, filter_suffix_users)
  FROM SERVER fixture INTO v32 OPTIONS (spec '/openapi/v32.json');
SELECT name, signup_date FROM v32.users_by_id WHERE id = 2;
SELECT c.relname, count(*) AS columns
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'v32'::regnamespace AND a.attnum > 0
 GROUP BY c.relname ORDER BY 1;
-- a table that cannot be created names itself, as PostgreSQL's own import
-- does, and none of the import's tables is left
CREATE SCHEMA taken;
CREATE TABLE taken.users_by_id (id int);
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO taken
  OPTIONS (spec '/openapi/v32.json');
SELECT relname FROM pg_class WHERE relnamespace = 'taken'::regnamespace
   AND relkind = 'f';
DROP SCHEMA taken CASCADE;

-- sampled paths: commas separate them, "\," is a comma of a path's query
CREATE SCHEMA commas;
IMPORT FOREIGN SCHEMA sample FROM SERVER fixture INTO commas
  OPTIONS (paths '/filter/suffix/users?_fields=id\,name, /users');
SELECT c.relname, array_to_string(t.ftoptions, ', ') AS options
  FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid
 WHERE c.relnamespace = 'commas'::regnamespace ORDER BY 1;
SELECT attname FROM pg_attribute
 WHERE attrelid = 'commas.filter_suffix_users'::regclass AND attnum > 0
 ORDER BY attnum;
SELECT * FROM commas.filter_suffix_users ORDER BY id LIMIT 2;
-- a path that does not start with "/" says how to write the list
SELECT show_error($$IMPORT FOREIGN SCHEMA sample FROM SERVER fixture INTO commas
  OPTIONS (paths '/users, users')$$);

DROP SCHEMA hostile, v32, commas CASCADE;
DROP USER MAPPING FOR CURRENT_USER SERVER fixture_small;
DROP SERVER fixture_small;
