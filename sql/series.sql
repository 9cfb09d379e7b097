--
-- Rows inside arrays (issue 18): rows_path with indices and "*", per-series
-- columns_path, and json_path '^...' for the values around the rows.  The
-- fixture's /series/ answers are shaped like InfluxDB 1.x's /query and
-- Prometheus's /api/v1/query_range, built from /series/points.
--
CREATE FOREIGN TABLE series_points (statement int, measurement text, host text,
                                    "time" bigint, value float8)
  SERVER fixture OPTIONS (path '/series/points');
SELECT count(*) FROM series_points;

-- InfluxDB, SELECT * FROM cpu: one series, indices only
CREATE FOREIGN TABLE influx_raw ("time" timestamptz, host text, value float8)
  SERVER fixture OPTIONS (path '/series/influx/raw', format 'json_columns',
                          rows_path 'results.0.series.0.values',
                          columns_path 'results.0.series.0.columns');
SELECT count(*) FROM influx_raw;
(SELECT host, extract(epoch FROM "time")::bigint AS "time", value FROM influx_raw
 EXCEPT SELECT host, "time", value FROM series_points WHERE statement = 0)
UNION ALL
(SELECT host, "time", value FROM series_points WHERE statement = 0
 EXCEPT SELECT host, extract(epoch FROM "time")::bigint, value FROM influx_raw);

-- GROUP BY host, two statements: every series, each with its own columns
-- (host b's in another order), its name and tags, and its statement's id
CREATE FOREIGN TABLE influx_grouped (
  "time" timestamptz, value float8,
  measurement text OPTIONS (json_path '^name'),
  host text OPTIONS (json_path '^tags.host'),
  tags jsonb OPTIONS (json_path '^tags'),
  statement int OPTIONS (json_path '^^^statement_id'))
  SERVER fixture OPTIONS (path '/series/influx/grouped', format 'json_columns',
                          rows_path 'results.*.series.*.values',
                          columns_path 'results.*.series.*.columns');
SELECT statement, measurement, host, tags, count(*), min(value), max(value)
  FROM influx_grouped GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3;
CREATE VIEW series_check AS
  SELECT statement, measurement, host, extract(epoch FROM "time")::bigint AS "time", value
  FROM influx_grouped;
(SELECT * FROM series_check EXCEPT SELECT statement, measurement, host, "time", value FROM series_points)
UNION ALL
(SELECT statement, measurement, host, "time", value FROM series_points EXCEPT SELECT * FROM series_check);
-- the rows in the order of the response
SELECT host, value FROM influx_grouped LIMIT 4;
-- a '^' column is filtered here, not sent to the API as a filter
SELECT count(*), min(value) FROM influx_grouped WHERE host = 'b' AND statement = 1;

-- the same answer with name, tags and columns after each series' values,
-- and statement_id after the series: the same rows
ALTER FOREIGN TABLE influx_grouped OPTIONS (SET path '/series/influx/late');
(SELECT * FROM series_check EXCEPT SELECT statement, measurement, host, "time", value FROM series_points)
UNION ALL
(SELECT statement, measurement, host, "time", value FROM series_points EXCEPT SELECT * FROM series_check);
SELECT count(*) FROM influx_grouped;
SELECT host, value FROM influx_grouped LIMIT 4;

-- held rows are bounded by max_row_bytes
ALTER FOREIGN TABLE influx_grouped OPTIONS (ADD max_row_bytes '100');
SELECT show_error('SELECT * FROM influx_grouped');
ALTER FOREIGN TABLE influx_grouped OPTIONS (DROP max_row_bytes);

-- Prometheus range query: positions for the points, '^metric' for the series
CREATE FOREIGN TABLE prom_range (ts bigint, value text,
                                 metric jsonb OPTIONS (json_path '^metric'),
                                 instance text OPTIONS (json_path '^metric.instance'),
                                 name text OPTIONS (json_path '^metric.__name__'))
  SERVER fixture OPTIONS (path '/series/prom/range', format 'json_columns',
                          rows_path 'data.result.*.values');
SELECT metric, count(*) FROM prom_range GROUP BY 1 ORDER BY metric::text;
(SELECT name, split_part(instance, ':', 1), ts, value::float8 FROM prom_range
 EXCEPT SELECT measurement, host, "time", value FROM series_points)
UNION ALL
(SELECT measurement, host, "time", value FROM series_points
 EXCEPT SELECT name, split_part(instance, ':', 1), ts, value::float8 FROM prom_range);
ALTER FOREIGN TABLE prom_range OPTIONS (SET path '/series/prom/late');
SELECT count(*), count(DISTINCT metric), count(instance) FROM prom_range;
-- a '^' column takes no position: ts and value are still 0 and 1
CREATE FOREIGN TABLE prom_first (metric jsonb OPTIONS (json_path '^metric'),
                                 ts bigint, value text)
  SERVER fixture OPTIONS (path '/series/prom/range', format 'json_columns',
                          rows_path 'data.result.*.values');
SELECT metric->>'instance' AS instance, ts, value FROM prom_first ORDER BY 1, 2, 3 LIMIT 4;

-- pages: the next cursor in an array (cursor_path 'meta.0.next'), and each
-- page's series with their own names
CREATE FOREIGN TABLE series_paged (page int, n int, name text OPTIONS (json_path '^name'))
  SERVER fixture OPTIONS (path '/series/paged', format 'json_columns',
                          rows_path 'results.*.series.*.values',
                          pagination 'cursor', cursor_path 'meta.0.next');
SELECT * FROM series_paged;

-- what matches nothing: an index past the end is an ERROR, as a missing
-- key is; past the first "*", an element without the rest has no rows
CREATE FOREIGN TABLE influx_index (v text)
  SERVER fixture OPTIONS (path '/series/influx/grouped', format 'json_columns',
                          rows_path 'results.5.series.0.values');
SELECT show_error('SELECT * FROM influx_index');
ALTER FOREIGN TABLE influx_index OPTIONS (SET rows_path 'results.2.series.*.values');
SELECT show_error('SELECT * FROM influx_index');
ALTER FOREIGN TABLE influx_index OPTIONS (SET rows_path 'results.*.missing.*.values');
SELECT count(*) FROM influx_index;
-- "*" over an object
ALTER FOREIGN TABLE influx_index OPTIONS (SET rows_path 'results.0.*');
SELECT show_error('SELECT * FROM influx_index');

-- malformed paths are rejected by CREATE and ALTER
ALTER FOREIGN TABLE influx_index OPTIONS (SET rows_path 'results..values');
ALTER FOREIGN TABLE influx_index OPTIONS (SET rows_path 'results.*.');
ALTER FOREIGN TABLE influx_index OPTIONS (ADD cursor_path '^next');
CREATE FOREIGN TABLE bad_path (v text) SERVER fixture OPTIONS (path '/x', total_path '.total');
-- json_path '^' that names no value around the rows
CREATE FOREIGN TABLE bad_climb (v text OPTIONS (json_path '^^^^^^x'))
  SERVER fixture OPTIONS (path '/series/influx/grouped',
                          rows_path 'results.*.series.*.values');
SELECT show_error('SELECT * FROM bad_climb');
ALTER FOREIGN TABLE bad_climb ALTER COLUMN v OPTIONS (SET json_path '^^x');
SELECT show_error('SELECT * FROM bad_climb');
ALTER FOREIGN TABLE bad_climb ALTER COLUMN v OPTIONS (SET json_path '^values');
SELECT show_error('SELECT * FROM bad_climb');
