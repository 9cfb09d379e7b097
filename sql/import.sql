--
-- IMPORT FOREIGN SCHEMA (doc/import.md): tables from the fixture's own
-- OpenAPI description (test/fixture/openapi.py), in JSON and in YAML, and
-- from sample responses.  The generated tables are queried with pushdown,
-- and what EXPLAIN announces is compared with what the fixture received.
--
SET timezone = 'UTC';
SELECT ok FROM fixture_reset;

-- the generated tables and their options, as the catalogs hold them
CREATE VIEW imported AS
SELECT c.relname AS table_name, array_to_string(t.ftoptions, ', ') AS options
  FROM pg_foreign_table t JOIN pg_class c ON c.oid = t.ftrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema();
CREATE VIEW imported_columns AS
SELECT c.relname AS table_name, a.attname AS column_name,
       format_type(a.atttypid, a.atttypmod) AS type,
       array_to_string(a.attfdwoptions, ', ') AS options
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_foreign_table t ON t.ftrelid = c.oid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema() AND a.attnum > 0
 ORDER BY c.relname, a.attnum;

CREATE SCHEMA api;
SET search_path = api, public;
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO api
  OPTIONS (spec '/openapi/fixture.json');
SELECT * FROM public.imported ORDER BY 1;
SELECT * FROM public.imported_columns;

-- the description was fetched with the server's client, like a scan
SELECT method, path, headers->>'Accept' AS accept FROM public.fixture_requests;

-- a filter the description declares is sent; the key fills the path.
-- (Pages strictly one after the other, so that no page read ahead may or
-- may not have reached the log yet.)
ALTER FOREIGN TABLE filter_suffix_users OPTIONS (ADD concurrent_pages '1');
SELECT ok FROM public.fixture_reset;
SELECT public.explain_verbose('SELECT id, name, age FROM filter_suffix_users WHERE age > 40');
-- (unaligned where rows hold emoji: psql 13 counts an emoji one column wide,
-- later versions two)
\pset format unaligned
SELECT id, name, age FROM filter_suffix_users WHERE age > 40 ORDER BY id;
\pset format aligned
SELECT public.explain_verbose('SELECT id, name, created_at FROM users_by_id WHERE id = 4');
\pset format unaligned
SELECT id, name, created_at, tags, address FROM users_by_id WHERE id = 4;
SELECT number, title, state FROM repos_by_owner_repo_issues
 WHERE owner = 'acme' AND repo = 'widgets' AND state = 'open' ORDER BY number;
\pset format aligned
SELECT path, query FROM public.fixture_requests ORDER BY seq;

-- the description's _limit (at most 5) and _offset page the users
SELECT ok FROM public.fixture_reset;
SELECT count(*) FROM filter_suffix_users;
SELECT path, query FROM public.fixture_requests ORDER BY seq;

-- the rows are the fixture's: every user, and the pushed filters give what
-- filtering a local copy gives
\pset format unaligned
SELECT id, name, email, age, score, rating, active, created_at, signup_date,
       uuid, tags, address
  FROM filter_suffix_users ORDER BY id;
\pset format aligned
CREATE TEMP TABLE users_copy AS SELECT * FROM filter_suffix_users;
SELECT (SELECT array_agg(id ORDER BY id) FROM filter_suffix_users
         WHERE age < 30 AND active) AS pushed,
       (SELECT array_agg(id ORDER BY id) FROM users_copy
         WHERE age < 30 AND active) AS local;

-- the same description in YAML gives the same tables; LIMIT TO and EXCEPT
-- choose among the generated names
CREATE SCHEMA api_yaml;
SET search_path = api_yaml, public;
IMPORT FOREIGN SCHEMA openapi LIMIT TO (users_by_id, no_such_table)
  FROM SERVER fixture INTO api_yaml OPTIONS (spec '/openapi/fixture.yaml');
SELECT * FROM public.imported ORDER BY 1;
SELECT name FROM users_by_id WHERE id = 2;
CREATE SCHEMA api_except;
SET search_path = api_except, public;
IMPORT FOREIGN SCHEMA openapi EXCEPT (users_by_id)
  FROM SERVER fixture INTO api_except OPTIONS (spec '/openapi/fixture.yaml');
SELECT * FROM public.imported ORDER BY 1;

-- YAML and JSON gave the same columns, types and options (but for the
-- concurrent_pages set above)
WITH cols AS (
  SELECT n.nspname, c.relname, a.attnum, a.attname, a.atttypid, a.attfdwoptions,
         array_remove(t.ftoptions, 'concurrent_pages=1') AS ftoptions
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_foreign_table t ON t.ftrelid = c.oid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE a.attnum > 0)
SELECT (SELECT count(*) FROM cols WHERE nspname = 'api_except') AS yaml_columns,
       (SELECT count(*) FROM
          (SELECT relname, attnum, attname, atttypid, attfdwoptions::text, ftoptions::text
             FROM cols WHERE nspname = 'api_except'
           INTERSECT
           SELECT relname, attnum, attname, atttypid, attfdwoptions::text, ftoptions::text
             FROM cols WHERE nspname = 'api') s) AS same_in_json;

-- event triggers see what PostgreSQL would have run: the CREATE FOREIGN
-- TABLE, and an ALTER FOREIGN TABLE for each column with options
CREATE FUNCTION public.ddl_commands_seen() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT command_tag, object_type, object_identity, count(*) AS n
             FROM pg_event_trigger_ddl_commands()
            GROUP BY 1, 2, 3 ORDER BY 1, 3 LOOP
    RAISE NOTICE '% % %: %', r.command_tag, r.object_type, r.object_identity, r.n;
  END LOOP;
END $$;
CREATE EVENT TRIGGER ddl_commands_seen ON ddl_command_end
  EXECUTE FUNCTION public.ddl_commands_seen();
CREATE SCHEMA api_events;
IMPORT FOREIGN SCHEMA openapi LIMIT TO (users_by_id, filter_suffix_users)
  FROM SERVER fixture INTO api_events OPTIONS (spec '/openapi/fixture.json');
DROP EVENT TRIGGER ddl_commands_seen;
DROP FUNCTION public.ddl_commands_seen();
SELECT c.relname, count(a.attfdwoptions) AS columns_with_options
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'api_events'::regnamespace AND a.attnum > 0
 GROUP BY 1 ORDER BY 1;

-- a description that does not map: where, and why
SET search_path = public;
CREATE SCHEMA broken;
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken
  OPTIONS (spec '/openapi/bad.json');
SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'broken';
-- a description that is not there is the request's own error
SELECT show_error($$IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken
  OPTIONS (spec '/openapi/none.json')$$);

-- options: unknown ones, missing ones, an unknown remote schema
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken
  OPTIONS (spec '/openapi/fixture.json', flatten 'true');
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken;
IMPORT FOREIGN SCHEMA sample FROM SERVER fixture INTO broken;
IMPORT FOREIGN SCHEMA swagger FROM SERVER fixture INTO broken;

-- samples: the columns and types from the rows themselves
CREATE SCHEMA sampled;
SET search_path = sampled, public;
IMPORT FOREIGN SCHEMA sample FROM SERVER fixture INTO sampled
  OPTIONS (paths '/users, /wrapped/users, /repos/acme/widgets/issues?state=open');
SELECT * FROM public.imported ORDER BY 1;
SELECT * FROM public.imported_columns;
SELECT id, name, signup_date FROM wrapped_users WHERE id < 3 ORDER BY id;
SELECT count(*) FROM repos_acme_widgets_issues;
CREATE SCHEMA flat;
SET search_path = flat, public;
IMPORT FOREIGN SCHEMA sample FROM SERVER fixture INTO flat
  OPTIONS (paths '/users', flatten 'true', sample_rows '3');
SELECT column_name, type, options FROM public.imported_columns
 WHERE column_name LIKE 'address%';
SELECT id, address_city FROM users ORDER BY id LIMIT 3;
SET search_path = public;

-- a local file is only for roles that may read the server's files
CREATE ROLE import_user;
GRANT USAGE ON FOREIGN SERVER fixture TO import_user;
GRANT CREATE ON SCHEMA broken TO import_user;
CREATE USER MAPPING FOR import_user SERVER fixture;
SET ROLE import_user;
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken
  OPTIONS (spec_file '/nonexistent/openapi.json');
RESET ROLE;
SELECT show_error($$IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken
  OPTIONS (spec_file 'relative/openapi.json')$$);
-- a superuser reads the file (an empty one here, which holds no description)
IMPORT FOREIGN SCHEMA openapi FROM SERVER fixture INTO broken
  OPTIONS (spec_file '/dev/null');

DROP USER MAPPING FOR import_user SERVER fixture;
DROP SCHEMA broken;
REVOKE ALL ON FOREIGN SERVER fixture FROM import_user;
DROP ROLE import_user;
DROP SCHEMA api, api_yaml, api_except, sampled, flat CASCADE;
DROP VIEW imported, imported_columns;
