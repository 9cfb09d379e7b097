# test/timeseries.sh: throwaway InfluxDB 1.x and Prometheus servers for the
# integration tests of sql/influxdb.sql and sql/prometheus.sql, with known
# data.  Sourced by test/run (check) and test/matrix (on the host, for the
# roots) after test/clickhouse.sh (stop_server); needs Debian's influxdb and
# prometheus, and python3.
#
#   timeseries_start DIR   start both on free 127.0.0.1 ports with their
#                          config, data and logs under DIR, load
#                          test/data/influxdb.lp and test/data/prometheus.om;
#                          sets and exports INFLUXDB_PORT, INFLUXDB_LOG,
#                          PROMETHEUS_PORT and PROMETHEUS_QUERY_LOG; returns
#                          non-zero (and prints the logs) when one does not
#                          answer within 60 seconds
#   timeseries_stop        stop them (SIGTERM, then SIGKILL after 10 s)
#
# The logs are what the tests read (pg_read_file) to see the query each
# server received: InfluxDB logs every query it executes, Prometheus writes
# its query log file.

timeseries_pids=()

ts_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ts_wait NAME PID URL: until URL answers 2xx, the process dies or 60 s pass
ts_wait() {
    local name=$1 pid=$2 url=$3
    for _ in $(seq 120); do
        python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$url" \
            >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "$name did not start" >&2
    return 1
}

# ts_post URL [FILE]: POST the file (or nothing), fail on an HTTP error
ts_post() {
    python3 - "$@" <<'EOF'
import sys, urllib.request
data = b""
if len(sys.argv) > 2:
    # line protocol without the comment lines
    with open(sys.argv[2], "rb") as f:
        data = b"".join(l for l in f if not l.startswith(b"#") and l.strip())
try:
    urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=data, method="POST"),
                           timeout=60).read()
except urllib.error.HTTPError as e:
    sys.exit("%s: %s" % (sys.argv[1], e.read().decode()))
EOF
}

influxdb_start() {
    local dir=$1 port rpc_port
    mkdir -p "$dir"
    port=$(ts_free_port)
    rpc_port=$(ts_free_port)
    # every listener but HTTP off; each query logged (query-log-enabled)
    cat >"$dir/influxdb.conf" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc_port"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = true
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$port"
  log-enabled = false
[ifql]
  enabled = false
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
EOF
    /usr/bin/influxd -config "$dir/influxdb.conf" >"$dir/influxd.log" 2>&1 &
    timeseries_pids+=($!)
    export INFLUXDB_PORT=$port INFLUXDB_LOG=$dir/influxd.log
    ts_wait InfluxDB $! "http://127.0.0.1:$port/ping" || { tail -n 30 "$dir/influxd.log" >&2; return 1; }
    ts_post "http://127.0.0.1:$port/query?q=CREATE+DATABASE+rest_fdw_test" &&
        ts_post "http://127.0.0.1:$port/write?db=rest_fdw_test&precision=s" test/data/influxdb.lp
}

prometheus_start() {
    local dir=$1 port
    mkdir -p "$dir/data"
    port=$(ts_free_port)
    # no scrape targets: the data is the known samples only
    cat >"$dir/prometheus.yml" <<EOF
global:
  query_log_file: $dir/query.log
scrape_configs: []
EOF
    # the samples as blocks before the start; their fixed timestamps are
    # years old, hence the retention
    promtool tsdb create-blocks-from openmetrics test/data/prometheus.om "$dir/data" \
        >"$dir/promtool.log" 2>&1 || { cat "$dir/promtool.log" >&2; return 1; }
    /usr/bin/prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
        --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" \
        >"$dir/prometheus.log" 2>&1 &
    timeseries_pids+=($!)
    export PROMETHEUS_PORT=$port PROMETHEUS_QUERY_LOG=$dir/query.log
    ts_wait Prometheus $! "http://127.0.0.1:$port/-/ready" ||
        { tail -n 30 "$dir/prometheus.log" >&2; return 1; }
}

timeseries_start() {
    influxdb_start "$1/influxdb" && prometheus_start "$1/prometheus" && return 0
    timeseries_stop
    return 1
}

timeseries_stop() {
    ((${#timeseries_pids[@]})) && stop_server "${timeseries_pids[@]}"
    timeseries_pids=()
}
