#!/usr/bin/env bash
# The docker-compose topology with real processes on loopback: PostgreSQL,
# two codraft instances sharing one secret, nginx (Debian's package, with
# deploy/nginx.conf) round-robin in front, and an SMTP sink. A bounded mixed
# load goes through nginx; one instance is SIGKILLed mid-load and started
# again; then every acknowledged write, counter, email, calendar move and
# reminder is checked, and the two-instance throughput is compared with one.
#
#     bench/cluster.sh [SECONDS]        (default 24 s of load; about 2 min in all)
#
# Run as root on Debian (installs postgresql, nginx, wrk, python3 if missing).
# Builds the release binary unless CODRAFT_BIN names one. Exit 1 if a check
# fails. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_OF_LOAD="${1:-24}"
export DEBIAN_FRONTEND=noninteractive

need=()
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v curl >/dev/null 2>&1 || need+=(curl)
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
if ((${#need[@]})); then
    echo "Installing ${need[*]}"
    timeout 300 apt-get update -qq
    timeout 600 apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
id -u postgres >/dev/null 2>&1 ||
    useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres

if [[ -z "${CODRAFT_BIN:-}" ]]; then
    cargo build --release --quiet
    CODRAFT_BIN=target/release/codraft
fi
CODRAFT_BIN=$(realpath "$CODRAFT_BIN")

T=$(mktemp -d /tmp/codraft-cluster.XXXXXX)
chmod 755 "$T"
PIDS=()
PG_STARTED=0
cleanup() {
    set +e
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    [[ -f "$T/b.pid" ]] && kill "$(cat "$T/b.pid")" 2>/dev/null
    [[ -f "$T/nginx.pid" ]] && kill "$(cat "$T/nginx.pid")" 2>/dev/null
    if ((PG_STARTED)); then
        (cd "$T" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$T/pg" -m immediate stop) >/dev/null 2>&1
    fi
    sleep 0.5
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PG_PORT=$(free_port); PORT_A=$(free_port); PORT_B=$(free_port)
PORT_PROXY=$(free_port); PORT_SINGLE=$(free_port); PORT_SMTP=$(free_port)

# PostgreSQL, as CI starts it.
mkdir "$T/pgsock" "$T/pg" && chown postgres: "$T/pgsock" "$T/pg" && chmod 700 "$T/pg"
(cd "$T" && runuser -u postgres -- "$PG_BIN/initdb" -D "$T/pg" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$T/initdb.log" 2>&1) || { cat "$T/initdb.log"; exit 1; }
PG_STARTED=1
(cd "$T" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$T/pg" -l "$T/pgsock/pg.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $T/pgsock -c fsync=off -c max_connections=300" \
    start >/dev/null)
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE codraft" >/dev/null
DB_URL="postgres://postgres@127.0.0.1:$PG_PORT/codraft"

# The SMTP sink.
python3 bench/cluster_smtp.py "$PORT_SMTP" "$T/mail.jsonl" &
PIDS+=($!)
touch "$T/mail.jsonl"

# The two instances: one database, one secret, behind the proxy.
SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
cat >"$T/env" <<EOF
export CODRAFT_DATABASE_URL=$DB_URL
export CODRAFT_SECRET_KEY=$SECRET
export CODRAFT_BASE_URL=http://127.0.0.1:$PORT_PROXY
export CODRAFT_SMTP_URL=smtp://127.0.0.1:$PORT_SMTP
export CODRAFT_TRUST_PROXY=true
export CODRAFT_CALENDAR_SECS=1
export CODRAFT_NOTIFICATIONS_SECS=1
export CODRAFT_OUTBOX_POLL_MS=200
export CODRAFT_OUTBOX_RETRY_BASE_MS=500
export CODRAFT_LOGIN_FAILURES_PER_ACCOUNT=5
export CODRAFT_METRICS_TOKEN=cluster-metrics-token-0123456789
export CODRAFT_LOG_FORMAT=json
export RUST_LOG=warn
EOF
start_instance() { # NAME PORT
    mkdir -p "$T/$1"
    (
        # shellcheck disable=SC1091
        source "$T/env"
        CODRAFT_BIND=127.0.0.1:$2 CODRAFT_DATA_DIR=$T/$1 exec "$CODRAFT_BIN" serve >>"$T/$1.log" 2>&1
    ) &
    echo $! >"$T/$1.pid"
    disown $! 2>/dev/null || true
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "instance $1 did not become ready" >&2
    cat "$T/$1.log" >&2
    return 1
}
start_instance a "$PORT_A"
PIDS+=("$(cat "$T/a.pid")")
start_instance b "$PORT_B"
declare -f start_instance >"$T/restart.sh"
echo "T=$T; CODRAFT_BIN=$CODRAFT_BIN; start_instance b $PORT_B" >>"$T/restart.sh"

# nginx with the compose file's configuration, upstreams pointed at loopback;
# a second server with one upstream measures one instance through the same proxy.
sed -e "s/server app1:8080/server 127.0.0.1:$PORT_A/" \
    -e "s/server app2:8080/server 127.0.0.1:$PORT_B/" \
    -e "s/listen 80 default_server;/listen 127.0.0.1:$PORT_PROXY default_server;/" \
    deploy/nginx.conf >"$T/codraft.conf"
grep -q "127.0.0.1:$PORT_B" "$T/codraft.conf" || { echo "deploy/nginx.conf changed shape" >&2; exit 1; }
cat >"$T/nginx.conf" <<EOF
user root;
worker_processes auto;
pid $T/nginx.pid;
error_log $T/nginx-error.log;
events { worker_connections 2048; }
http {
    access_log off;
    client_body_temp_path $T/nginx-body;
    proxy_temp_path $T/nginx-proxy;
    fastcgi_temp_path $T/nginx-fastcgi;
    uwsgi_temp_path $T/nginx-uwsgi;
    scgi_temp_path $T/nginx-scgi;
    include $T/codraft.conf;
    upstream codraft_single { server 127.0.0.1:$PORT_A; keepalive 32; }
    server {
        listen 127.0.0.1:$PORT_SINGLE;
        location / {
            proxy_pass http://codraft_single;
            proxy_http_version 1.1;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header Connection "";
        }
    }
}
EOF
"$NGINX" -c "$T/nginx.conf" -t -q
"$NGINX" -c "$T/nginx.conf"

# Accounts, made by the operator's command.
export CODRAFT_PASSWORD="Cluster-Load-2026!"
CITIZENS=16
mk_user() {
    (source "$T/env"; CODRAFT_DATA_DIR=$T/a "$CODRAFT_BIN" user create --email "$1" --name "$2" --role "$3" >/dev/null)
}
mk_user sponsor@cluster.invalid "Députée Charge" sponsor
mk_user moderator@cluster.invalid "Modération Charge" moderator
for i in $(seq 0 $((CITIZENS - 1))); do mk_user "citizen$i@cluster.invalid" "Citoyen $i" citizen; done

echo "== Cluster: PostgreSQL :$PG_PORT, instances A :$PORT_A and B :$PORT_B, nginx :$PORT_PROXY, SMTP sink :$PORT_SMTP"
status=0
PROXY=http://127.0.0.1:$PORT_PROXY DIRECT_A=http://127.0.0.1:$PORT_A DIRECT_B=http://127.0.0.1:$PORT_B \
    PSQL="$PG_BIN/psql -h 127.0.0.1 -p $PG_PORT -U postgres -d codraft" \
    KILL_PID_FILE="$T/b.pid" RESTART="source $T/restart.sh" MAIL_LOG="$T/mail.jsonl" \
    PASSWORD="$CODRAFT_PASSWORD" CITIZENS=$CITIZENS SECONDS="$SECONDS_OF_LOAD" THREADS=8 \
    timeout 400 python3 bench/cluster_load.py || status=$?

echo
echo "== Throughput: GET /bills/{slug} (HTML), wrk 2 threads, 32 connections, 10 s each, through nginx"
SLUG=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d codraft -At \
    -c "SELECT slug FROM bills WHERE title = 'Projet de loi sous charge'")
for target in "two instances:$PORT_PROXY" "one instance:$PORT_SINGLE"; do
    name=${target%%:*}; port=${target##*:}
    out=$(timeout 30 wrk -t2 -c32 -d10s --latency -H "Accept: text/html" "http://127.0.0.1:$port/bills/$SLUG")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr -s ' ' | paste -sd';' || true)
    printf '   %-14s %8s req/s  p50 %-8s p99 %-8s %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-no errors}"
done
echo
echo "== /metrics of instance A (abridged)"
curl -fs -H "Authorization: Bearer cluster-metrics-token-0123456789" "http://127.0.0.1:$PORT_A/metrics" |
    grep -E '^codraft_(db_pool|outbox|job_runs)|request_duration_seconds_count' | sed -n '1,12s/^/   /p'
exit "$status"
