--
-- The sql dialect against a real ClickHouse (Debian's clickhouse-server,
-- started by `make check` with test/data/clickhouse.sql loaded).  Every
-- query runs over the foreign table and over a local copy of the same rows:
-- the answers must be the same multiset, whatever was pushed down.
--
\set clickhouse_port `echo "$CLICKHOUSE_PORT"`
\set clickhouse_url 'http://127.0.0.1:' :clickhouse_port
CREATE EXTENSION IF NOT EXISTS rest_fdw;
SET timezone = 'UTC';
SET extra_float_digits = 0;

CREATE SERVER clickhouse FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'clickhouse_url', preset 'clickhouse');
CREATE FOREIGN TABLE ch_events (
  id bigint NOT NULL, status text, amount numeric, big bigint, score float8,
  flag bool, note text, day date, ts timestamp, tags text[], qty int
) SERVER clickhouse OPTIONS (remote_table 'rest_fdw_test.events');
CREATE FOREIGN TABLE ch_statuses (status text, label text)
  SERVER clickhouse OPTIONS (remote_table 'rest_fdw_test.statuses');

-- the local copies, fetched without any pushdown
CREATE TABLE l_events AS SELECT * FROM ch_events;
CREATE TABLE l_statuses AS SELECT * FROM ch_statuses;
SELECT count(*), count(note), count(score), sum(qty), min(ts), max(ts) FROM l_events;
-- 64-bit integers arrive quoted, decimals exact, text with every kind of byte
-- (unaligned: psql 13 counts an emoji one column wide, later versions two)
\pset format unaligned
SELECT id, status, amount, big, score, flag, note, day, ts, tags, qty
  FROM l_events WHERE id > 10000 ORDER BY id;
\pset format aligned

-- Runs a query over ch_* and the same over l_*: the Remote SQL that
-- EXPLAIN announces, whether anything was filtered locally, the row count,
-- and whether both answers are the same multiset.
CREATE FUNCTION check_query(q text)
RETURNS TABLE (remote_sql text, local_filter boolean, n bigint, same boolean)
LANGUAGE plpgsql AS $$
DECLARE
  line text;
  lq text := replace(q, 'ch_', 'l_');
BEGIN
  local_filter := false;
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    IF line ~ 'Remote SQL: ' THEN
      remote_sql := concat_ws(' | ', remote_sql, regexp_replace(line, '^\s*Remote SQL: ', ''));
    ELSIF line ~ '^\s*(Filter|Join Filter|Sort Key|Group Key): ' THEN
      local_filter := true;
    END IF;
  END LOOP;
  EXECUTE format('SELECT count(*) FROM (%s) q', q) INTO n;
  EXECUTE format('SELECT NOT EXISTS ((%1$s) EXCEPT ALL (%2$s))
                     AND NOT EXISTS ((%2$s) EXCEPT ALL (%1$s))', q, lq) INTO same;
  RETURN NEXT;
END
$$;

-- the plan without its Output lines
CREATE FUNCTION explain_sql(q text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    IF line !~ '^\s*Output: ' THEN
      RETURN NEXT line;
    END IF;
  END LOOP;
END
$$;

-- comparisons, with constants of each type
SELECT * FROM check_query('SELECT * FROM ch_events WHERE id = 17');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE id <> 17 AND id < 100');
SELECT * FROM check_query('SELECT id, qty FROM ch_events WHERE qty >= -3 AND qty < 2');
SELECT * FROM check_query('SELECT id, amount FROM ch_events WHERE amount > 100.125');
SELECT * FROM check_query('SELECT id, amount FROM ch_events WHERE amount = -0.0001 OR amount = 99999999999999.9999');
SELECT * FROM check_query('SELECT id, big FROM ch_events WHERE big = 9223372036854775807 OR big = -9223372036854775808');
SELECT * FROM check_query('SELECT id, big FROM ch_events WHERE big > 9223372036854000000');
SELECT * FROM check_query('SELECT id, score FROM ch_events WHERE score > 12.25');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE flag');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE NOT flag AND id < 50');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE flag = false');
SELECT * FROM check_query($q$SELECT id, day FROM ch_events WHERE day >= '2024-01-15' AND day < '2024-02-01'$q$);
SELECT * FROM check_query($q$SELECT id, ts FROM ch_events WHERE ts BETWEEN '2023-03-01 10:00:00' AND '2023-03-02 10:00:00'$q$);
-- a fraction of a second, rounded the right way for DateTime
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE ts > '2023-01-01 04:00:14.5' AND ts <= '2023-01-01 10:01:06.9'$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE ts >= '2023-01-01 04:00:14.5' AND ts < '2023-01-01 10:01:07.1'$q$);

-- NULLs: IS [NOT] NULL, NOT over nullable columns, NOT IN with NULL
SELECT * FROM check_query('SELECT id FROM ch_events WHERE note IS NULL');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE score IS NOT NULL AND qty IS NULL');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE NOT (qty > 0 OR score > 5)');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE NOT (qty > 0 AND score > 5)');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE NOT (qty > 0 AND (score IS NULL OR note IS NULL))');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE qty IN (1, 2, NULL)');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE qty NOT IN (1, 2)');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE qty NOT IN (1, NULL)');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE NOT (qty = ANY (ARRAY[3, 4]))');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE qty = 1 OR qty IS NULL');

-- text: equality, IN, LIKE; escaping cases round-trip
SELECT * FROM check_query($q$SELECT id, status FROM ch_events WHERE status = 'it''s'$q$);
SELECT * FROM check_query($q$SELECT id, status FROM ch_events WHERE status IN ('quote '' here', 'back\slash', '/* not a comment */', E'tab\there', '')$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE status = 'ünïcødé ✓' AND id < 30$q$);
SELECT * FROM check_query($q$SELECT id, note FROM ch_events WHERE note = E'line one\nline two' OR note = '-- not a comment'$q$);
SELECT * FROM check_query($q$SELECT id, note FROM ch_events WHERE note = 'semi; colon; DROP TABLE x; --'$q$);
SELECT * FROM check_query($q$SELECT id, note FROM ch_events WHERE note = 'naïve ''quoted'' \ back'$q$);
SELECT * FROM check_query($q$SELECT id, note FROM ch_events WHERE note LIKE '100\% %'$q$);
SELECT * FROM check_query($q$SELECT id, note FROM ch_events WHERE note LIKE '%\_done\_'$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE note LIKE 'note 1_' AND note NOT LIKE '%5'$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE note LIKE '%ï%'$q$);
-- text order and ILIKE are checked locally
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE status > 'o'$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE status COLLATE "C" > 'o'$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE note ILIKE 'NOTE 19%'$q$);

-- arithmetic
SELECT * FROM check_query('SELECT id FROM ch_events WHERE qty::bigint * 2 + 1 > 40');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE id % 7 = 3 AND -(qty::bigint) > 20');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE amount * 2 < -1200 AND id + 1 < 100');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE score / 2 > 6');
SELECT * FROM check_query('SELECT id FROM ch_events WHERE qty / 3 = 2');

-- values known at run time
PREPARE by_qty(int, text) AS SELECT id FROM ch_events WHERE qty > $1 AND status = $2;
PREPARE by_qty_l(int, text) AS SELECT id FROM l_events WHERE qty > $1 AND status = $2;
SET plan_cache_mode = force_generic_plan;
SELECT * FROM explain_sql('EXECUTE by_qty(20, ''open'')') AS e WHERE e ~ 'Remote SQL';
EXECUTE by_qty(20, 'open');
EXECUTE by_qty_l(20, 'open');
PREPARE by_list(int[]) AS SELECT id FROM ch_events WHERE qty = ANY ($1) AND id < 60;
SELECT * FROM explain_sql('EXECUTE by_list(ARRAY[1, 2])') AS e WHERE e ~ 'Remote SQL';
EXECUTE by_list(ARRAY[1, NULL, 24]);
EXECUTE by_list(ARRAY[NULL]::int[]);
RESET plan_cache_mode;
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE day > current_date - 100000$q$);
SELECT * FROM check_query($q$SELECT id FROM ch_events WHERE ts > localtimestamp - interval '100 years' AND id < 5$q$);
-- a join key from the outer side of a nested loop
SET enable_hashjoin = off;
SET enable_mergejoin = off;
SELECT * FROM check_query('SELECT e.id, s.label FROM l_statuses s JOIN ch_events e ON e.status = s.status WHERE e.id < 40');
RESET enable_hashjoin;
RESET enable_mergejoin;

-- ORDER BY, LIMIT, OFFSET
SELECT * FROM check_query('SELECT id, qty FROM ch_events ORDER BY qty DESC NULLS LAST, id LIMIT 7 OFFSET 3');
SELECT * FROM check_query('SELECT id, qty FROM ch_events WHERE flag ORDER BY qty NULLS FIRST, id LIMIT 5');
SELECT * FROM check_query('SELECT id FROM ch_events ORDER BY id DESC OFFSET 2000');
SELECT * FROM check_query('SELECT id, ts FROM ch_events ORDER BY ts, id LIMIT 3');

-- aggregates
SELECT * FROM check_query('SELECT count(*), count(note), count(DISTINCT status), sum(qty), sum(big), sum(amount), min(day), max(ts), min(amount), max(qty) FROM ch_events');
SELECT * FROM check_query('SELECT status, count(*), avg(qty), avg(amount), avg(big) FROM ch_events GROUP BY status');
SELECT * FROM check_query('SELECT flag, round(avg(score)::numeric, 9), round(sum(score)::numeric, 6) FROM ch_events WHERE id < 10000 GROUP BY flag');
SELECT * FROM check_query('SELECT qty % 5, count(*) FROM ch_events WHERE qty IS NOT NULL GROUP BY 1 HAVING count(*) > 300 ORDER BY 2 DESC, 1 LIMIT 3');
SELECT * FROM check_query('SELECT status, sum(qty) FROM ch_events GROUP BY status HAVING sum(qty) IS NULL OR sum(qty) < 0');
-- over no row, and over only NULLs: NULL, not 0
SELECT * FROM check_query('SELECT count(*), sum(qty), avg(qty), min(qty), max(amount), avg(score) FROM ch_events WHERE id < 0');
SELECT * FROM check_query('SELECT id, sum(qty), avg(qty), max(amount) FROM ch_events WHERE qty IS NULL AND id < 100 GROUP BY id');
SELECT count(*), sum(qty), avg(qty) FROM ch_events WHERE id < 0;
SELECT status, count(*), avg(qty) FROM ch_events GROUP BY status ORDER BY status COLLATE "C";

-- a remote error: the engine's message in DETAIL, the SQL sent in CONTEXT
CREATE FOREIGN TABLE ch_bad (no_such_column int) SERVER clickhouse
  OPTIONS (remote_table 'rest_fdw_test.events');
CREATE FUNCTION show_remote_error(statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  message text; detail text; context text;
BEGIN
  EXECUTE statement;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                          context = PG_EXCEPTION_CONTEXT;
  RETURN regexp_replace(concat_ws(E'\n', message, 'DETAIL: ' || substring(detail for 110),
                                  (SELECT string_agg(l, E'\n') FROM regexp_split_to_table(context, E'\n') l
                                    WHERE l ~ '^remote SQL')),
                        '127\.0\.0\.1:[0-9]+', '127.0.0.1:PORT', 'g');
END
$$;
SELECT show_remote_error('SELECT * FROM ch_bad WHERE no_such_column > 1');

-- with pushdown off the answers are the same, and everything is fetched
SET rest_fdw.enable_pushdown = off;
SELECT * FROM check_query('SELECT status, count(*) FROM ch_events WHERE qty > 20 GROUP BY status');
RESET rest_fdw.enable_pushdown;

-- what travels: the same aggregate pushed and not (EXPLAIN ANALYZE bytes)
CREATE FUNCTION http_bytes(q text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, BUFFERS OFF) ' || q LOOP
    IF line ~ 'HTTP: ' THEN
      RETURN substring(line from 'bytes=([0-9]+)')::bigint;
    END IF;
  END LOOP;
END
$$;
SELECT http_bytes('SELECT status, count(*) FROM ch_events GROUP BY status') < 1000 AS pushed_is_small;
SET rest_fdw.enable_pushdown = off;
SELECT http_bytes('SELECT status, count(*) FROM ch_events GROUP BY status') > 20000 AS unpushed_is_large;
RESET rest_fdw.enable_pushdown;
