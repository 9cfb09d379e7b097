--
-- InfluxDB 1.x (Debian's influxdb, started by `make check` with
-- test/data/influxdb.lp loaded into database rest_fdw_test): the influxql
-- preset of the sql dialect, and raw and GROUP BY queries read by options.
--
-- Each query over the foreign table is checked three ways: the Remote SQL
-- of EXPLAIN, the statement InfluxDB logged as executed (test/received.py,
-- which shows it as InfluxDB writes it back from its parse), and its rows
-- against those of the same query over a local copy of the known points.
-- Runs after setup.sql (explain_verbose, show_error).
--
\set influxdb_port `echo "$INFLUXDB_PORT"`
\set influxdb_url 'http://127.0.0.1:' :influxdb_port
SET timezone = 'UTC';
SET extra_float_digits = 0;

CREATE SERVER influx FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'influxdb_url', preset 'influxql');
CREATE FOREIGN TABLE cpu (
  time timestamptz, host text, region text, usage float8, cores int,
  busy bool, note text, absent text
) SERVER influx OPTIONS (path '/query?db=rest_fdw_test', remote_table 'cpu');

-- all the points, read without pushdown: the known data of test/data/influxdb.lp
CREATE TABLE l_cpu AS SELECT * FROM cpu;
SELECT * FROM l_cpu ORDER BY time, host;

-- The last statement InfluxDB logged as executed ("Executing query"), as
-- it writes it back from its parse: names resolved, quotes only where needed
CREATE FUNCTION influx_received() RETURNS text LANGUAGE sql AS $$
  SELECT regexp_replace((regexp_match(l, ' query="((?:[^"\\]|\\.)*)"'))[1], '\\(.)', '\1', 'g')
  FROM regexp_split_to_table(pg_read_file(current_setting('rest_fdw_test.influxdb_log')),
                             E'\n') WITH ORDINALITY AS t(l, n)
  WHERE l ~ 'msg="Executing query"'
  ORDER BY n DESC LIMIT 1
$$;
\set influxdb_log `echo "$INFLUXDB_LOG"`
SET rest_fdw_test.influxdb_log = :'influxdb_log';

-- Runs a query over cpu, and the same over l_cpu: the Remote SQL that
-- EXPLAIN announces, whether PostgreSQL filters, sorts, limits or
-- aggregates anything itself, the statement InfluxDB executed, the row
-- count, and whether both answers are the same multiset.  The query runs
-- once (into a temporary table), so what InfluxDB logged last is its own.
CREATE FUNCTION check_influx(q text)
RETURNS TABLE (remote_sql text, local_work boolean, received text, n bigint, same boolean)
LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  local_work := false;
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    IF line ~ 'Remote SQL: ' THEN
      remote_sql := regexp_replace(line, '^\s*Remote SQL: ', '');
    ELSIF line ~ '^\s*(Filter|Sort Key|Group Key): ' OR
          line ~ '^\s*(->\s*)?(Limit|Sort|Aggregate|HashAggregate|GroupAggregate)\M' THEN
      local_work := true;
    END IF;
  END LOOP;
  DROP TABLE IF EXISTS influx_result;
  EXECUTE 'CREATE TEMP TABLE influx_result AS ' || q;
  received := influx_received();
  SELECT count(*) INTO n FROM influx_result;
  EXECUTE format('SELECT NOT EXISTS (TABLE influx_result EXCEPT ALL (%1$s))
                     AND NOT EXISTS ((%1$s) EXCEPT ALL TABLE influx_result)',
                 replace(q, 'FROM cpu', 'FROM l_cpu')) INTO same;
  RETURN NEXT;
END
$$;
\x on

-- tags: equality with a string, escaped as InfluxQL escapes
SELECT * FROM check_influx($q$SELECT * FROM cpu WHERE host = 'a'$q$);
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE host = 'o''neil'$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE host IN ('a', 'c', 'nobody', NULL)$q$);
-- string fields, with a quote, double quotes and a backslash
SELECT * FROM check_influx($q$SELECT host, note FROM cpu WHERE note = 'it''s "quoted" \ here'$q$);
-- number fields: a point without the field fails the comparison, as NULL does
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE usage > 10$q$);
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE NOT (usage > 10)$q$);
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE usage <> 30$q$);
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE usage >= -5.5 AND usage < 20.25$q$);
SELECT * FROM check_influx($q$SELECT host, cores FROM cpu WHERE cores IN (2, 8) AND 4 < cores$q$);
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE usage = 99.875$q$);
-- time, as RFC 3339 in UTC, whatever the session's time zone
SET timezone = 'America/New_York';
SELECT * FROM check_influx($q$SELECT time, host FROM cpu WHERE time >= '2023-11-14 17:14:20' AND time < '2023-11-14 22:17:20+00'$q$);
RESET timezone;
SET timezone = 'UTC';
SELECT * FROM check_influx($q$SELECT time, host FROM cpu WHERE time = '2023-11-14 22:13:20+00' AND host = 'b'$q$);
SELECT * FROM check_influx($q$SELECT time, host FROM cpu WHERE time > '2023-11-14 22:16:19.999999+00'$q$);
-- no point matches: InfluxDB answers a statement without series
SELECT * FROM check_influx($q$SELECT * FROM cpu WHERE host = 'nobody'$q$);

-- what InfluxQL does not say exactly stays with PostgreSQL (Filter)
-- a point without a tag has it as '' there, NULL here
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE region <> 'eu'$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE region = ''$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE region IS NULL$q$);
-- OR across columns, LIKE, booleans, text order, numeric, arithmetic
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE host = 'a' OR usage > 50$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE note LIKE '%quote%'$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE busy$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE host > 'b'$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE usage::numeric = 10.5$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE cores * 2 = 8$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE usage > 1e20$q$);
-- a condition on time that is not a comparison with a constant
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE time <> '2023-11-14 22:13:20+00'$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE time > now() - interval '100 years'$q$);
-- both: what can be sent is, the rest is filtered here
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu WHERE host = 'a' AND note LIKE 'no%'$q$);

-- ORDER BY time and LIMIT / OFFSET are sent: the order is InfluxDB's
SELECT * FROM check_influx($q$SELECT time, host, usage FROM cpu WHERE host = 'a' ORDER BY time DESC LIMIT 2$q$);
\x off
SELECT time, host, usage FROM cpu WHERE host = 'a' ORDER BY time DESC LIMIT 2;
\x on
SELECT * FROM check_influx($q$SELECT time, host FROM cpu WHERE host = 'a' ORDER BY time LIMIT 1 OFFSET 1$q$);
\x off
SELECT time, host FROM cpu WHERE host = 'a' ORDER BY time LIMIT 1 OFFSET 1;
\x on
SELECT * FROM check_influx($q$SELECT time, host FROM cpu ORDER BY time DESC LIMIT 3 OFFSET 2$q$);
\x off
SELECT time, host FROM cpu ORDER BY time DESC LIMIT 3 OFFSET 2;
\x on
-- OFFSET without LIMIT is not: InfluxDB 1.6 skips points per series then
SELECT * FROM check_influx($q$SELECT time, host FROM cpu WHERE cores > 1 ORDER BY time DESC OFFSET 4$q$);
SELECT * FROM check_influx($q$SELECT count(*) FROM (SELECT host FROM cpu LIMIT 4) s$q$);
-- a LIMIT counts the points that pass the fields' conditions
SELECT * FROM check_influx($q$SELECT time, host FROM cpu WHERE usage > 5 ORDER BY time LIMIT 2$q$);
-- other orders, LIMIT 0 (no limit in InfluxQL) and aggregates are done here
SELECT * FROM check_influx($q$SELECT host, usage FROM cpu ORDER BY usage LIMIT 2$q$);
SELECT * FROM check_influx($q$SELECT time, host FROM cpu ORDER BY time, host LIMIT 2$q$);
SELECT * FROM check_influx($q$SELECT host FROM cpu LIMIT 0$q$);
SELECT * FROM check_influx($q$SELECT host, count(*), max(usage) FROM cpu GROUP BY host$q$);
-- a LIMIT over rows PostgreSQL filters is not sent
SELECT * FROM check_influx($q$SELECT host FROM cpu WHERE region IS NULL LIMIT 1$q$);
-- values known only at run time are not sent
PREPARE by_host(text, float8) AS SELECT host, usage FROM cpu WHERE host = $1 AND usage > $2;
SET plan_cache_mode = force_generic_plan;
\x off
SELECT * FROM explain_verbose('EXECUTE by_host(''a'', 10)') AS e WHERE e ~ 'Remote SQL|Filter';
EXECUTE by_host('a', 10);
RESET plan_cache_mode;

-- a double is sent with all its digits, whatever extra_float_digits says
SHOW extra_float_digits;
SELECT * FROM explain_verbose($q$SELECT host FROM cpu WHERE usage > 0.30000000000000004$q$) AS e
 WHERE e ~ 'Remote SQL';
-- a real is not the double InfluxDB holds: checked here
CREATE FOREIGN TABLE cpu_real (host text, usage real)
  SERVER influx OPTIONS (path '/query?db=rest_fdw_test', remote_table 'cpu');
SELECT * FROM explain_verbose($q$SELECT host FROM cpu_real WHERE usage = 20.25$q$) AS e
 WHERE e ~ 'Remote SQL|Filter';
SELECT host FROM cpu_real WHERE usage = 20.25;

-- time as timestamp (UTC wall-clock time), and columns by remote_name
CREATE FOREIGN TABLE cpu_wall (
  at timestamp OPTIONS (remote_name 'time'), machine text OPTIONS (remote_name 'host'),
  "usage %" float8 OPTIONS (remote_name 'usage')
) SERVER influx OPTIONS (path '/query?db=rest_fdw_test', remote_table 'rest_fdw_test.autogen.cpu');
SELECT * FROM explain_verbose($q$SELECT * FROM cpu_wall WHERE at >= '2023-11-14 22:15:00' AND machine = 'b'$q$);
SELECT * FROM cpu_wall WHERE at >= '2023-11-14 22:15:00' AND machine = 'b';
SELECT influx_received();
-- a name InfluxDB does not know is NULL in every row; quotes in names are escaped
CREATE FOREIGN TABLE odd_names (time timestamptz, "say ""hi""\" text, host text)
  SERVER influx OPTIONS (path '/query?db=rest_fdw_test', remote_table 'cpu');
SELECT * FROM explain_verbose($q$SELECT * FROM odd_names WHERE "say ""hi""\" = 'x' OR host = 'c'$q$);
SELECT count(*), count("say ""hi""\") FROM odd_names WHERE host = 'c';
SELECT influx_received();

-- a statement InfluxDB cannot run is an error in an HTTP 200 answer, which
-- the preset's error_path makes an ERROR rather than no rows
CREATE FOREIGN TABLE cpu_nodb (time timestamptz, host text)
  SERVER influx OPTIONS (path '/query?db=no_such_db', remote_table 'cpu');
SELECT show_error($$SELECT * FROM cpu_nodb$$);
-- what the preset sets, and what it cannot do
SELECT * FROM explain_verbose($q$SELECT host FROM cpu WHERE host = 'a'$q$);
CREATE FOREIGN TABLE cpu_sub (host text)
  SERVER influx OPTIONS (path '/query?db=rest_fdw_test', remote_query 'SELECT * FROM cpu');
SELECT * FROM cpu_sub;

-- the configuration of issue 18, which failed before rows_path took array
-- indices: a raw query's one series
CREATE SERVER influx_raw FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'influxdb_url');
CREATE FOREIGN TABLE cpu_raw (time timestamptz, host text, usage float8)
  SERVER influx_raw
  OPTIONS (path '/query', query 'db=rest_fdw_test&q=SELECT%20*%20FROM%20cpu',
           format 'json_columns', rows_path 'results.0.series.0.values',
           columns_path 'results.0.series.0.columns');
SELECT (SELECT count(*) FROM cpu_raw) AS n,
       NOT EXISTS (SELECT time, host, usage FROM cpu_raw
                   EXCEPT ALL SELECT time, host, usage FROM l_cpu) AND
       NOT EXISTS (SELECT time, host, usage FROM l_cpu
                   EXCEPT ALL SELECT time, host, usage FROM cpu_raw) AS same;
-- an index names one series, which a query without points does not have:
-- the preset's '*' reads that as no rows instead
ALTER FOREIGN TABLE cpu_raw OPTIONS (SET query
  'db=rest_fdw_test&q=SELECT%20*%20FROM%20cpu%20WHERE%20host%20%3D%20%27nobody%27');
SELECT show_error($$SELECT * FROM cpu_raw$$);

-- InfluxQL of one's own, by options alone (the params dialect): GROUP BY
-- "host" answers one series per host, each with its name and tags beside
-- its values, and its own columns (the tag is no longer one of them)
CREATE FOREIGN TABLE cpu_by_host (
  time timestamptz, usage float8, cores int, region text,
  measurement text OPTIONS (json_path '^name'),
  host text OPTIONS (json_path '^tags.host'),
  statement int OPTIONS (json_path '^^^statement_id')
) SERVER influx_raw
  OPTIONS (path '/query', query 'db=rest_fdw_test&q=SELECT%20*%20FROM%20cpu%20GROUP%20BY%20host',
           format 'json_columns', rows_path 'results.*.series.*.values',
           columns_path 'results.*.series.*.columns');
SELECT * FROM cpu_by_host ORDER BY host, time;
SELECT influx_received();
-- every point once, with the values of the preset's table
SELECT (SELECT count(*) FROM cpu_by_host) AS n,
       NOT EXISTS (SELECT time, host, usage, cores, region FROM cpu_by_host
                   EXCEPT ALL SELECT time, host, usage, cores, region FROM l_cpu) AND
       NOT EXISTS (SELECT time, host, usage, cores, region FROM l_cpu
                   EXCEPT ALL SELECT time, host, usage, cores, region FROM cpu_by_host) AS same;
-- two statements in one request: results.* has both; LIMIT is per series there
ALTER FOREIGN TABLE cpu_by_host OPTIONS (SET query
  'db=rest_fdw_test&q=SELECT%20usage%20FROM%20cpu%20WHERE%20usage%20%3E%2050%20GROUP%20BY%20host%3BSELECT%20*%20FROM%20cpu%20GROUP%20BY%20host%20ORDER%20BY%20time%20DESC%20LIMIT%201');
SELECT statement, measurement, host, time, usage, cores FROM cpu_by_host ORDER BY statement, host;
-- one that fails, with error_path set
ALTER FOREIGN TABLE cpu_by_host OPTIONS (ADD error_path 'results.*.error', SET query
  'db=rest_fdw_test&q=SELECT%20*%20FROM%20cpu%3BSELECT%20*%20FROM%20cpu%20WHERE%20time%20%3E%20now()%20OR%20host%20%3D%20%27a%27%20GROUP%20BY%20time(1m)');
SELECT show_error($$SELECT count(*) FROM cpu_by_host$$);
ALTER FOREIGN TABLE cpu_by_host OPTIONS (DROP error_path);
-- a statement that matches nothing has no series: no row
ALTER FOREIGN TABLE cpu_by_host OPTIONS (SET query
  'db=rest_fdw_test&q=SELECT%20*%20FROM%20cpu%20WHERE%20host%20%3D%20%27nobody%27%20GROUP%20BY%20host');
SELECT count(*) FROM cpu_by_host;
SELECT influx_received();
