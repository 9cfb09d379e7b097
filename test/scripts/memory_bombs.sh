#!/usr/bin/env bash
# Hostile bodies keep the backend's memory bounded (issue 12, SPEC 2): peak
# RSS (VmHWM) of a fresh backend may grow by at most 64 MB over a scan of
#  - compression bombs in gzip, deflate and br, which stop with SQLSTATE
#    54000 at max_decompression_ratio (default);
#  - the same bodies with the ratio check off, which stream to the end:
#    decoded bytes are consumed row by row like plain ones;
#  - one row of 1.1 GB (gzip'd, and plain), which stops with 54000 at
#    max_row_bytes (default).
# Every case runs in a backend of its own, so that one case's peak does not
# hide the next one's.  Ends with "N passed, M failed".
#
# Needs the environment of test/run: PGHOST, PGPORT, PGUSER, FIXTURE_URL.
set -u
limit_kb=$((64 * 1024))
export PGOPTIONS="-c client_min_messages=warning"
psql_q() { timeout 300 psql -X -q -At "$@"; }
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }

psql_q -v ON_ERROR_STOP=1 -v fixture_url="$FIXTURE_URL" >/dev/null <<'SQL' || { echo "FAIL: set-up"; echo "0 passed, 1 failed"; exit 1; }
CREATE EXTENSION IF NOT EXISTS rest_fdw;
DROP SERVER IF EXISTS bomb_fixture CASCADE;
CREATE SERVER bomb_fixture FOREIGN DATA WRAPPER rest_fdw OPTIONS (base_url :'fixture_url');
CREATE FOREIGN TABLE bomb_warmup (id int) SERVER bomb_fixture OPTIONS (path '/encoded/gzip/users');
CREATE FOREIGN TABLE bomb_gzip (id int) SERVER bomb_fixture OPTIONS (path '/limits/bomb/gzip', query 'mb=1024');
CREATE FOREIGN TABLE bomb_deflate (id int) SERVER bomb_fixture OPTIONS (path '/limits/bomb/deflate', query 'mb=1024');
CREATE FOREIGN TABLE bomb_br (id int) SERVER bomb_fixture OPTIONS (path '/limits/bomb/br', query 'mb=1024');
CREATE FOREIGN TABLE bomb_spaces (id int) SERVER bomb_fixture OPTIONS (path '/limits/bomb/gzip', query 'mb=1024&kind=spaces');
-- 256 MB of rows read to the end, with the ratio check off
CREATE FOREIGN TABLE stream_gzip (id int) SERVER bomb_fixture
  OPTIONS (path '/limits/bomb/gzip', query 'mb=256', max_decompression_ratio '0');
CREATE FOREIGN TABLE stream_deflate (id int) SERVER bomb_fixture
  OPTIONS (path '/limits/bomb/deflate', query 'mb=256', max_decompression_ratio '0');
CREATE FOREIGN TABLE stream_br (id int) SERVER bomb_fixture
  OPTIONS (path '/limits/bomb/br', query 'mb=256', max_decompression_ratio '0');
CREATE FOREIGN TABLE stream_spaces (id int) SERVER bomb_fixture
  OPTIONS (path '/limits/bomb/br', query 'mb=256&kind=spaces', max_decompression_ratio '0');
-- a 1.1 GB string in one row
CREATE FOREIGN TABLE huge_row_gzip (id int, s text) SERVER bomb_fixture
  OPTIONS (path '/limits/huge_row/gzip', max_decompression_ratio '0');
CREATE FOREIGN TABLE huge_row_br (id int, s text) SERVER bomb_fixture
  OPTIONS (path '/limits/huge_row/br', max_decompression_ratio '0');
CREATE FOREIGN TABLE huge_row_plain (id int, s text) SERVER bomb_fixture
  OPTIONS (path '/limits/huge_row/identity');
SQL

# run_case NAME QUERY EXPECT: EXPECT is "rows:N" or "error:SQLSTATE"
run_case() {
    local name=$1 query=$2 expect=$3 out before after growth result
    out=$(psql_q -v VERBOSITY=sqlstate 2>&1 <<SQL
CREATE FUNCTION pg_temp.peak_kb() RETURNS bigint LANGUAGE sql AS
  \$\$SELECT substring(pg_read_file('/proc/self/status') FROM 'VmHWM:\s*(\d+) kB')::bigint\$\$;
SELECT count(*) FROM bomb_warmup \gset
SELECT 'before', pg_temp.peak_kb();
$query;
SELECT 'after', pg_temp.peak_kb();
SQL
)
    before=$(echo "$out" | sed -n 's/^before|//p')
    after=$(echo "$out" | sed -n 's/^after|//p')
    if [ -z "$before" ] || [ -z "$after" ]; then
        fail "$name: no measurement: $out"
        return
    fi
    growth=$((after - before))
    result=$(echo "$out" | grep -v '^before|\|^after|' | head -n 1)
    case $expect in
        rows:*) [ "$result" = "${expect#rows:}" ] ||
                    { fail "$name: expected ${expect#rows:}, got: $result (peak RSS grew by ${growth} kB)"; return; } ;;
        error:*) [ "$result" = "ERROR:  ${expect#error:}" ] ||
                    { fail "$name: expected SQLSTATE ${expect#error:}, got: $result (peak RSS grew by ${growth} kB)"; return; } ;;
    esac
    if [ "$growth" -le "$limit_kb" ]; then
        pass "$name: $result, peak RSS grew by ${growth} kB"
    else
        fail "$name: peak RSS grew by ${growth} kB (limit ${limit_kb} kB)"
    fi
}

# rows of the bomb bodies: 4 MB blocks of 41-byte rows, and the last one
rows_256=$(( (4 * 1024 * 1024 / 41) * 64 + 1 ))

run_case "gzip bomb (1 GB), default ratio" "SELECT count(*) FROM bomb_gzip" error:54000
run_case "deflate bomb (1 GB), default ratio" "SELECT count(*) FROM bomb_deflate" error:54000
run_case "br bomb (1 GB), default ratio" "SELECT count(*) FROM bomb_br" error:54000
run_case "gzip bomb of white space (1 GB), default ratio" "SELECT count(*) FROM bomb_spaces" error:54000
run_case "gzip, 256 MB streamed, ratio off" "SELECT count(*) FROM stream_gzip" rows:$rows_256
run_case "deflate, 256 MB streamed, ratio off" "SELECT count(*) FROM stream_deflate" rows:$rows_256
run_case "br, 256 MB streamed, ratio off" "SELECT count(*) FROM stream_br" rows:$rows_256
run_case "br, 256 MB of white space, ratio off" "SELECT count(*) FROM stream_spaces" rows:0
run_case "gzip, one 1.1 GB row" "SELECT id, length(s) FROM huge_row_gzip" error:54000
run_case "br, one 1.1 GB row" "SELECT id, length(s) FROM huge_row_br" error:54000
run_case "plain, one 1.1 GB row" "SELECT id, length(s) FROM huge_row_plain" error:54000

psql_q -c "DROP SERVER bomb_fixture CASCADE" >/dev/null
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
