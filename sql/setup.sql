--
-- Shared set-up for the regression tests: the extension, a server for the
-- fixture API started by `make check`, and helpers to read the fixture's
-- request log and to show errors whose text holds the fixture's port.
--
\set fixture_port `echo "$FIXTURE_PORT"`
\set fixture_url 'http://127.0.0.1:' :fixture_port

CREATE EXTENSION rest_fdw;
-- what \dx shows (whose columns differ between psql versions)
SELECT e.extname AS name, e.extversion AS version, n.nspname AS schema,
       obj_description(e.oid, 'pg_extension') AS description
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE e.extname = 'rest_fdw';
SELECT rest_fdw_version();

-- the wrapper is not usable by everyone
SELECT fdwname, fdwacl FROM pg_foreign_data_wrapper WHERE fdwname = 'rest_fdw';

CREATE SERVER fixture FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'fixture_url');

-- what the fixture received, and a way to clear it
CREATE FOREIGN TABLE fixture_requests (
  seq int, method text, path text, query text, headers jsonb, body text
) SERVER fixture OPTIONS (path '/_requests');
CREATE FOREIGN TABLE fixture_reset (ok bool) SERVER fixture OPTIONS (path '/_reset');
SELECT ok FROM fixture_reset;

-- Runs a statement and returns its error as text, with the fixture's port
-- replaced, so that expected output does not depend on the port.
CREATE FUNCTION show_error(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  state text; message text; detail text; hint text;
BEGIN
  EXECUTE statement;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
  RETURN regexp_replace(concat_ws(E'\n', state || ': ' || message,
                                  'DETAIL: ' || nullif(detail, ''),
                                  'HINT: ' || nullif(hint, '')),
                        '127\.0\.0\.1:[0-9]+', '127.0.0.1:PORT', 'g');
END
$$;

-- EXPLAIN (VERBOSE, COSTS OFF), with the fixture's port replaced
CREATE FUNCTION explain_verbose(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    RETURN NEXT regexp_replace(line, '127\.0\.0\.1:[0-9]+', '127.0.0.1:PORT', 'g');
  END LOOP;
END
$$;

-- The same, for errors whose DETAIL is libcurl's text (a refused
-- connection, a rejected certificate, a URL it cannot parse, a body cut
-- short): each libcurl version words those its own way, so the DETAIL shows
-- only our own part of it.
CREATE FUNCTION show_curl_error(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  state text; message text; detail text;
BEGIN
  EXECUTE statement;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL;
  RETURN regexp_replace(concat_ws(E'\n', state || ': ' || message,
                                  'DETAIL: ' || regexp_replace(nullif(detail, ''),
                                    '^(Received [0-9]+ bytes of the body: )?.*$',
                                    '\1(libcurl''s message)')),
                        '127\.0\.0\.1:[0-9]+', '127.0.0.1:PORT', 'g');
END
$$;
