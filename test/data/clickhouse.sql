-- Test data for the sql dialect's integration test (sql/clickhouse.sql),
-- loaded into ClickHouse by test/run.  Statements end with a line ";".
DROP DATABASE IF EXISTS rest_fdw_test
;
CREATE DATABASE rest_fdw_test
;
CREATE TABLE rest_fdw_test.events (
    id Int64,
    status String,
    amount Decimal(18, 4),
    big Int64,
    score Nullable(Float64),
    flag UInt8,
    note Nullable(String),
    day Date,
    ts DateTime,
    tags Array(String),
    qty Nullable(Int32)
) ENGINE = MergeTree ORDER BY id
;
INSERT INTO rest_fdw_test.events
SELECT
    number + 1,
    ['open', 'closed', 'pending', 'ünïcødé ✓', 'it''s'][number % 5 + 1],
    toDecimal64(toString(toInt64(number * 37 % 10007) - 5000), 4) / toDecimal64('8', 4),
    if(number % 7 = 0, toInt64(9223372036854775807) - number, toInt64(number) * 1000000007 - 3000000000000),
    if(number % 11 = 0, NULL, toNullable((number % 100) / 8.0)),
    number % 3 = 0,
    multiIf(number % 13 = 0, NULL,
            number % 17 = 0, toNullable('naïve \'quoted\' \\ back'),
            toNullable(concat('note ', toString(number)))),
    toDate('2023-01-01') + number % 400,
    toDateTime('2023-01-01 00:00:00') + number * 3607,
    arrayMap(x -> toString(x), range(number % 4)),
    if(number % 9 = 0, NULL, toNullable(toInt32(number % 50) - 25))
FROM system.numbers LIMIT 2000
;
INSERT INTO rest_fdw_test.events (id, status, amount, big, score, flag, note, day, ts, tags, qty) VALUES
    (10001, 'quote '' here', 0.0001, -9223372036854775808, -0.5, 1, 'line one\nline two', '2024-02-29', '2024-02-29 23:59:59', ['a''b', 'c\\d'], 0),
    (10002, 'back\\slash', -0.0001, 9223372036854775807, 1e300, 0, '-- not a comment', '1970-01-02', '1970-01-02 00:00:00', [], -2147483648),
    (10003, '/* not a comment */', 99999999999999.9999, 0, NULL, 1, '100% _done_', '2105-12-31', '2105-12-31 00:00:00', ['😀'], 2147483647),
    (10004, '', 0, 1, 0, 0, '', '2000-01-01', '2000-01-01 12:00:00', [''], NULL),
    (10005, 'tab\there', 1, -1, -0, 1, 'semi; colon; DROP TABLE x; --', '2000-01-01', '2000-01-01 12:00:00', ['x'], 1)
;
CREATE TABLE rest_fdw_test.statuses (
    status String,
    label String
) ENGINE = MergeTree ORDER BY status
;
INSERT INTO rest_fdw_test.statuses VALUES ('open', 'Open'), ('closed', 'Closed'), ('it''s', 'Quoted')
;
