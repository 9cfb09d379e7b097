--
-- Conversion of JSON values to column types (SPEC section 2)
--
SET timezone = 'UTC';
SET extra_float_digits = 0;

CREATE FOREIGN TABLE typed_users (
  id          bigint,
  age         smallint,
  score       numeric,
  rating      float8,
  rating4     real OPTIONS (remote_name 'rating'),
  active      bool,
  created_at  timestamptz,
  created_ts  timestamp OPTIONS (remote_name 'created_at'),
  signup_date date,
  last_login  timestamptz,
  login_date  date OPTIONS (remote_name 'last_login'),
  uuid        uuid,
  tags        text[],
  address     json,
  visits      int,
  visits_text text OPTIONS (remote_name 'visits'),
  email       varchar(40),
  missing     text
) SERVER fixture OPTIONS (path '/users');

-- numeric is exact: the JSON number's own digits, never a double
SELECT id, score, rating, rating4, age FROM typed_users ORDER BY id;
SELECT id, active, created_at, created_ts, signup_date FROM typed_users ORDER BY id;
-- Unix epoch numbers (with fractions) as timestamps and dates
SELECT id, last_login, login_date FROM typed_users ORDER BY id;
-- (unaligned: psql 13 counts an emoji one column wide, later versions two)
\pset format unaligned
SELECT id, uuid, tags, array_length(tags, 1) AS ntags, address->>'city' AS city
  FROM typed_users ORDER BY id;
\pset format aligned
-- "42" sent as a string converts to int; numbers as text keep their digits
SELECT id, visits, visits_text, missing IS NULL AS missing_is_null
  FROM typed_users ORDER BY id;
-- varchar(n) is checked by its input function
SELECT email FROM typed_users WHERE id = 1;

-- arrays of numbers, nested values as json/jsonb, a domain
CREATE DOMAIN positive_int AS int CHECK (VALUE > 0);
CREATE FOREIGN TABLE typed_events (
  id       positive_int,
  kind     text,
  payload  jsonb,
  payload_text text OPTIONS (json_path 'payload'),
  payload_json json OPTIONS (json_path 'payload'),
  ids      int[],
  ids_text text[] OPTIONS (remote_name 'ids'),
  second   int OPTIONS (json_path 'ids.1')
) SERVER fixture OPTIONS (path '/events');
SELECT id, kind, payload, ids, ids_text, second FROM typed_events ORDER BY id;
-- text and json get the value's JSON text as sent; jsonb normalizes it
SELECT payload_text, payload_json, payload FROM typed_events WHERE id = 3;

-- the whole wrapped response as one row, via rows_path ''
CREATE FOREIGN TABLE wrapped_meta (count int OPTIONS (json_path 'meta.count'),
                                   note text OPTIONS (json_path 'meta.note'),
                                   next text OPTIONS (json_path 'links.next'))
  SERVER fixture OPTIONS (path '/wrapped/users');
SELECT * FROM wrapped_meta;

-- values that do not fit their column: the table, column, row and value
-- are in the error's context
CREATE FOREIGN TABLE bad_int (id int, age int) SERVER fixture OPTIONS (path '/bad/bad_int');
SELECT * FROM bad_int;
CREATE FOREIGN TABLE bad_date (id int, signup_date date) SERVER fixture OPTIONS (path '/bad/bad_date');
-- (18 spells the setting "DateStyle" in the hint, older versions "datestyle")
CREATE FUNCTION bad_date_error() RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  message text; hint text; context text;
BEGIN
  PERFORM * FROM bad_date;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT,
                          context = PG_EXCEPTION_CONTEXT;
  RETURN concat_ws(E'\n', 'ERROR: ' || message,
                   'HINT: ' || replace(hint, '"DateStyle"', '"datestyle"'),
                   'CONTEXT: ' || split_part(context, E'\n', 1));
END
$$;
SELECT bad_date_error();
CREATE FOREIGN TABLE small_age (name text, age smallint OPTIONS (remote_name 'score'))
  SERVER fixture OPTIONS (path '/users');
SELECT * FROM small_age;
CREATE FOREIGN TABLE int_score (id int, score int) SERVER fixture OPTIONS (path '/users');
SELECT * FROM int_score;
CREATE FOREIGN TABLE bad_uuid (id int, uuid uuid OPTIONS (remote_name 'name'))
  SERVER fixture OPTIONS (path '/users');
SELECT * FROM bad_uuid;
CREATE FOREIGN TABLE bad_array (id int, address int[]) SERVER fixture OPTIONS (path '/users');
SELECT * FROM bad_array;
CREATE FOREIGN TABLE short_email (email varchar(5)) SERVER fixture OPTIONS (path '/users');
SELECT * FROM short_email;
-- \u0000 cannot be stored in text; invalid UTF-8 is rejected with its offset
CREATE FOREIGN TABLE nul_name (id int, name text) SERVER fixture OPTIONS (path '/bad/nul');
SELECT * FROM nul_name;
SELECT id FROM nul_name;

-- Fast paths: common values are converted straight from the JSON token.
-- They must give exactly what the input functions give.  ISO 8601 strings
-- come back from /echo as the body of a POST; every column type gets each
-- value, in several TimeZone and DateStyle settings, and any difference
-- from the plain cast (value or error message) is listed.
CREATE FOREIGN TABLE echo_time (
  body  text,
  tstz  timestamptz OPTIONS (remote_name 'body'),
  ts    timestamp OPTIONS (remote_name 'body'),
  d     date OPTIONS (remote_name 'body'),
  tstz3 timestamptz(3) OPTIONS (remote_name 'body'),
  ts0   timestamp(0) OPTIONS (remote_name 'body')
) SERVER fixture OPTIONS (path '/echo', method 'POST', body '2024-01-15T10:30:00.5+02:00');
SELECT body, tstz, ts, d, tstz3, ts0 FROM echo_time;
CREATE FUNCTION time_differences(vals text[]) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  v text; col text; got text; want text;
BEGIN
  FOREACH v IN ARRAY vals LOOP
    EXECUTE format('ALTER FOREIGN TABLE echo_time OPTIONS (SET body %L)', v);
    FOREACH col IN ARRAY ARRAY['tstz timestamptz', 'ts timestamp', 'd date',
                               'tstz3 timestamptz(3)', 'ts0 timestamp(0)'] LOOP
      BEGIN
        EXECUTE format('SELECT %I::text FROM echo_time', split_part(col, ' ', 1)) INTO got;
      EXCEPTION WHEN OTHERS THEN
        got := 'ERROR: ' || SQLERRM;
      END;
      BEGIN
        EXECUTE format('SELECT %L::%s::text', v, split_part(col, ' ', 2)) INTO want;
      EXCEPTION WHEN OTHERS THEN
        want := 'ERROR: ' || SQLERRM;
      END;
      IF got IS DISTINCT FROM want THEN
        RETURN NEXT format('%s as %s: got %s, expected %s', v, col, got, want);
      END IF;
    END LOOP;
  END LOOP;
END
$$;
\set time_values '{2024-01-15,2024-02-29,2023-02-29,0001-01-01,0099-12-31,9999-12-31,2024-01-15T10:30:00,"2024-01-15 10:30:00",2024-01-15T10:30:00Z,2024-01-15T10:30:00.123456Z,2024-01-15T10:30:00.1234567Z,2024-01-15T10:30:00.9999995Z,2024-01-15T23:59:59.9999Z,2021-12-23T06:50:43.788Z,2024-01-15T10:30:00+02:00,2024-01-15T10:30:00-05:30,2024-01-15T10:30:00+0530,2024-01-15T10:30:00-03,2024-01-15T10:30:00+15:59,2024-01-15T10:30:00+16:00,2024-01-15T10:30:00z,2024-01-15t10:30:00Z,2024-01-15T24:00:00Z,2024-01-15T23:59:60Z,2024-01-15T10:30Z,2024-13-01,2024-01-32,2024-04-31T00:00:00Z,0000-01-01,9999-12-31T23:59:59-15:00,0001-01-01T00:00:00+15:00,2024-03-10T02:30:00,2024-01-15T10:30:00.Z,2024-01-15T10:30:00ZZ,2024-01-15Z,"2024-01-15T10:30:00 +02:00",20240115,2024-01-15T10:30:00.000001+01:00}'
SET timezone = 'UTC';
SELECT * FROM time_differences(:'time_values');
SET timezone = 'America/New_York';
SELECT * FROM time_differences(:'time_values');
SET timezone = 'Asia/Kolkata';
SET datestyle = 'SQL, DMY';
SELECT * FROM time_differences(:'time_values');
RESET datestyle;
SET timezone = 'UTC';

-- numbers: the generated rows of /big carry their expected values
CREATE FOREIGN TABLE big_numbers (id int, score numeric, score2 numeric(6,1) OPTIONS (remote_name 'score'),
                                  score8 float8 OPTIONS (remote_name 'score'),
                                  score4 real OPTIONS (remote_name 'score'),
                                  created_at timestamptz, created_date date OPTIONS (remote_name 'created_at'))
  SERVER fixture OPTIONS (path '/big', query 'rows=3000');
SELECT count(*) AS rows,
       count(*) FILTER (WHERE score::text <> ((id % 1000) + (id % 100) / 100.0)::numeric(10,2)::text) AS bad_score,
       count(*) FILTER (WHERE score2::text <> ((id % 1000) + (id % 100) / 100.0)::numeric(6,1)::text) AS bad_score2,
       count(*) FILTER (WHERE score8 <> score::text::float8) AS bad_score8,
       count(*) FILTER (WHERE score4 <> score::text::real) AS bad_score4,
       count(*) FILTER (WHERE created_at <> make_timestamptz(2024, 1 + id % 12, 1 + id % 28, id % 24, id % 60,
                                                             (id / 60) % 60, 'UTC')) AS bad_created_at,
       count(*) FILTER (WHERE created_date <> make_date(2024, 1 + id % 12, 1 + id % 28)) AS bad_created_date
  FROM big_numbers;
