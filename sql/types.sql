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
SELECT id, uuid, tags, array_length(tags, 1) AS ntags, address->>'city' AS city
  FROM typed_users ORDER BY id;
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
SELECT * FROM bad_date;
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
