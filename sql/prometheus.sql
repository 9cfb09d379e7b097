--
-- Prometheus 2.x (Debian's prometheus, started by `make check` with the
-- samples of test/data/prometheus.om, every minute from 1700000000 =
-- 2023-11-14 22:13:20 UTC to 1700000300): instant queries
-- (/api/v1/query) and range queries (/api/v1/query_range) by options.
--
-- Every query gives its evaluation time: nothing depends on the date.
-- What Prometheus evaluated is read from its query log
-- (prom_received()); the answers are those of the known samples.
-- Runs after setup.sql (explain_verbose, show_error).
--
\set prometheus_port `echo "$PROMETHEUS_PORT"`
\set prometheus_url 'http://127.0.0.1:' :prometheus_port
\set prometheus_query_log `echo "$PROMETHEUS_QUERY_LOG"`
SET rest_fdw_test.prometheus_query_log = :'prometheus_query_log';
SET timezone = 'UTC';
SET extra_float_digits = 0;

-- The last query of Prometheus's query log: the API path, the PromQL, and
-- when it was evaluated
CREATE FUNCTION prom_received() RETURNS text LANGUAGE sql AS $$
  SELECT concat_ws(' ', j #>> '{httpRequest,path}', j #>> '{params,query}',
                   CASE WHEN (j #>> '{params,step}')::numeric > 0
                        THEN format('start=%s end=%s step=%ss', j #>> '{params,start}',
                                    j #>> '{params,end}', j #>> '{params,step}')
                        ELSE 'time=' || (j #>> '{params,end}') END)
  FROM (SELECT l::jsonb AS j
          FROM regexp_split_to_table(pg_read_file(current_setting('rest_fdw_test.prometheus_query_log')),
                                     E'\n') WITH ORDINALITY AS t(l, n)
         WHERE l <> '' ORDER BY n DESC LIMIT 1) last
$$;

CREATE SERVER prometheus FOREIGN DATA WRAPPER rest_fdw
  OPTIONS (base_url :'prometheus_url');

-- instant queries: {"data":{"resultType":"vector","result":[{"metric":{...},
-- "value":[1700000130,"120"]},...]}}; the query and its time are path keys,
-- filled from the query's conditions; the sample's time is float seconds,
-- its value a string
CREATE FOREIGN TABLE prom_instant (
  query text, at numeric,
  job text OPTIONS (json_path 'metric.job'),
  code text OPTIONS (json_path 'metric.code'),
  ts timestamptz OPTIONS (json_path 'value.0'),
  value float8 OPTIONS (json_path 'value.1'),
  metric jsonb
) SERVER prometheus
  OPTIONS (path '/api/v1/query?query={query}&time={at}', rows_path 'data.result');

SELECT query, at, job, code, ts, value FROM prom_instant
 WHERE query = 'http_requests_total' AND at = 1700000130 ORDER BY job, code;
SELECT prom_received();
-- the last sample within five minutes before the time (a gauge)
SELECT metric, ts, value FROM prom_instant
 WHERE query = 'temperature' AND at = 1700000100.5 ORDER BY metric ->> 'room';
SELECT prom_received();
-- PromQL with quotes, braces, brackets and parentheses, URL-encoded
SELECT job, code, value FROM prom_instant
 WHERE query = 'rate(http_requests_total{job="api"}[2m])' AND at = 1700000300 ORDER BY code;
SELECT prom_received();
SELECT job, value FROM prom_instant
 WHERE query = 'sum by (job) (http_requests_total)' AND at = 1700000300 ORDER BY job;
SELECT prom_received();
-- one request per value of an IN list
SELECT query, job, code, value FROM prom_instant
 WHERE query IN ('http_requests_total{code="500"}', 'count(temperature)') AND at = 1700000000
 ORDER BY query, job;
-- Prometheus's special values are float8's
SELECT query, metric, value FROM prom_instant
 WHERE query IN ('vector(1) / 0', '-vector(1) / 0', 'vector(0) / 0') AND at = 1700000000
 ORDER BY value;
-- no series: no row
SELECT count(*) FROM prom_instant WHERE query = 'absent_metric' AND at = 1700000000;
SELECT prom_received();
-- without a query or a time there is no request to make
SELECT show_error($$SELECT * FROM prom_instant WHERE at = 1700000000$$);
-- PromQL Prometheus cannot parse: its HTTP 400 is an ERROR
SELECT regexp_replace(show_error($$SELECT * FROM prom_instant WHERE query = 'rate(' AND at = 1700000000$$),
                      E'\nDETAIL: .*', '') AS error;

-- issue 18's own configuration: the query and its time sent as filters
-- (op_eq), not in the path.  The rows carry neither, so the local check of
-- "query = ..." would drop every row: a NOTICE says so, naming the option;
-- with request_only, each row carries the values it was asked with
CREATE FOREIGN TABLE prom_filter (
  query text, at numeric OPTIONS (remote_name 'time'),
  job text OPTIONS (json_path 'metric.job'),
  value float8 OPTIONS (json_path 'value.1')
) SERVER prometheus
  OPTIONS (path '/api/v1/query', rows_path 'data.result', op_eq '{column}={value}');
SELECT job, value FROM prom_filter
 WHERE query = 'sum by (job) (http_requests_total)' AND at = 1700000300;
SELECT prom_received();
ALTER FOREIGN TABLE prom_filter ALTER COLUMN query OPTIONS (ADD request_only 'true'),
  ALTER COLUMN at OPTIONS (ADD request_only 'true');
SELECT query, at, job, value FROM prom_filter
 WHERE query = 'sum by (job) (http_requests_total)' AND at = 1700000300 ORDER BY job;
SELECT prom_received();
EXPLAIN (COSTS OFF) SELECT job FROM prom_filter
 WHERE query = 'sum by (job) (http_requests_total)' AND at = 1700000300;
-- without a query there is no request to make
SELECT show_error($$SELECT * FROM prom_filter WHERE at = 1700000300$$);

-- range queries: {"data":{"resultType":"matrix","result":[{"metric":{...},
-- "values":[[1700000000,"18"],...]},...]}}: the points of every series
-- (rows_path through '*'), each row with its series' labels ('^metric');
-- the query, start, end and step are path keys
CREATE FOREIGN TABLE prom_range (
  ts timestamptz, value float8,
  metric jsonb OPTIONS (json_path '^metric'),
  room text OPTIONS (json_path '^metric.room'),
  query text,
  range_start numeric OPTIONS (remote_name 'start'),
  range_end numeric OPTIONS (remote_name 'end'),
  step numeric
) SERVER prometheus
  OPTIONS (path '/api/v1/query_range?query={query}&start={start}&end={end}&step={step}',
           rows_path 'data.result.*.values', format 'json_columns');
SELECT room, ts, value FROM prom_range
 WHERE query = 'temperature' AND range_start = 1700000000 AND range_end = 1700000180 AND step = 60
 ORDER BY room, ts;
SELECT prom_received();
SELECT metric, count(*), min(ts), max(ts), sum(value) FROM prom_range
 WHERE query = 'rate(http_requests_total[1m])' AND range_start = 1700000060
   AND range_end = 1700000300 AND step = 120
 GROUP BY metric ORDER BY metric ->> 'job', metric ->> 'code';
SELECT prom_received();
-- every row carries the key values it was asked with
SELECT DISTINCT query, range_start, range_end, step FROM prom_range
 WHERE query = 'sum(temperature)' AND range_start = 1700000000 AND range_end = 1700000060 AND step = 30;
SELECT ts, value FROM prom_range
 WHERE query = 'sum(temperature)' AND range_start = 1700000000 AND range_end = 1700000060 AND step = 30
 ORDER BY ts;
-- a range without samples: no series, no row
SELECT count(*) FROM prom_range
 WHERE query = 'temperature' AND range_start = 1000000000 AND range_end = 1000000600 AND step = 60;
