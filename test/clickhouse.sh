# test/clickhouse.sh: a throwaway ClickHouse server for the sql dialect's
# integration test (sql/clickhouse.sql) and benchmark (bench/clickhouse.sh).
# Sourced by test/run; needs Debian's clickhouse-server and python3.
#
#   clickhouse_start DIR    start on a free 127.0.0.1 port with its own
#                           config and data under DIR (HTTP only); sets
#                           and exports CLICKHOUSE_PORT; returns non-zero
#                           (and prints the log) when it does not answer
#                           within 60 seconds
#   clickhouse_query SQL    run one statement over HTTP, print the answer
#   clickhouse_load FILE    run the statements of FILE (separated by lines
#                           holding only ";")
#   clickhouse_stop         stop it (stop_server: SIGTERM, then SIGKILL after 10 s)

clickhouse_pid=
clickhouse_dir=

clickhouse_start() {
    local dir=$1 port
    clickhouse_dir=$dir
    mkdir -p "$dir/data/tmp" "$dir/data/user_files" "$dir/data/format_schemas"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # ClickHouse 18 opens its TCP (native) port too; give it a free one
    local tcp_port
    tcp_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/server.log</log>
        <errorlog>$dir/server.err.log</errorlog>
    </logger>
    <http_port>$port</http_port>
    <tcp_port>$tcp_port</tcp_port>
    <listen_host>127.0.0.1</listen_host>
    <path>$dir/data/</path>
    <tmp_path>$dir/data/tmp/</tmp_path>
    <user_files_path>$dir/data/user_files/</user_files_path>
    <format_schema_path>$dir/data/format_schemas/</format_schema_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mark_cache_size>268435456</mark_cache_size>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <max_concurrent_queries>20</max_concurrent_queries>
    <mlock_executable>false</mlock_executable>
</yandex>
EOF
    cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>2000000000</max_memory_usage>
            <max_execution_time>60</max_execution_time>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas><default></default></quotas>
</yandex>
EOF
    /usr/sbin/clickhouse-server --config-file="$dir/config.xml" >"$dir/stdout.log" 2>&1 &
    clickhouse_pid=$!
    export CLICKHOUSE_PORT=$port
    for _ in $(seq 120); do
        if clickhouse_query "SELECT 1" >/dev/null 2>&1; then
            return 0
        fi
        kill -0 "$clickhouse_pid" 2>/dev/null || break
        sleep 0.5
    done
    echo "ClickHouse did not start; its logs:" >&2
    tail -n 50 "$dir"/stdout.log "$dir"/server.err.log "$dir"/server.log 2>/dev/null >&2
    clickhouse_stop
    return 1
}

clickhouse_query() {
    python3 - "$1" <<'EOF'
import sys, urllib.request, os
req = urllib.request.Request("http://127.0.0.1:%s/" % os.environ["CLICKHOUSE_PORT"],
                             data=sys.argv[1].encode(), method="POST")
try:
    with urllib.request.urlopen(req, timeout=120) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stderr.write(e.read().decode())
    sys.exit(1)
EOF
}

clickhouse_load() {
    python3 - "$1" <<'EOF'
import sys, urllib.request, os
text = open(sys.argv[1], encoding="utf-8").read()
for stmt in text.split("\n;\n"):
    lines = [l for l in stmt.splitlines() if not l.startswith("--")]
    stmt = "\n".join(lines).strip()
    if not stmt:
        continue
    req = urllib.request.Request("http://127.0.0.1:%s/" % os.environ["CLICKHOUSE_PORT"],
                                 data=stmt.encode(), method="POST")
    try:
        urllib.request.urlopen(req, timeout=300).read()
    except urllib.error.HTTPError as e:
        sys.stderr.write("%s\n-- failed: %s\n" % (stmt[:200], e.read().decode()))
        sys.exit(1)
EOF
}

# stop_server PID...: SIGTERM, then SIGKILL to what still runs after 10 s
# (test/timeseries.sh stops its servers with it too)
stop_server() {
    local pid
    kill "$@" 2>/dev/null
    for pid in "$@"; do
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
}

clickhouse_stop() {
    [ -n "$clickhouse_pid" ] || return 0
    stop_server "$clickhouse_pid"
    clickhouse_pid=
}
