#!/usr/bin/env bash
# Export figures on the release binary: time, size and the server's peak
# memory while each synthesis format and open-data file is produced.
#
#   bench/exports.sh [PARTICIPANTS] [DATABASE_URL]
#
# Seeds `codraft demo --scale N` on a fresh SQLite file (default) or on the
# given empty PostgreSQL database, and downloads every export of the
# scaled consultation once, reading the server's peak resident memory
# (VmHWM, one fresh server per export). The synthesis of a consultation
# not yet published is the moderators' preview, read with a moderator's
# token.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

N="${1:-200000}"
DB_URL="${2:-}"
BIN=target/release/codraft
cargo build --release --quiet

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

URL="${DB_URL:-sqlite://$TMP/exports.db}"
export CODRAFT_DATABASE_URL="$URL" CODRAFT_DATA_DIR="$TMP" RUST_LOG=warn
seed_out="$($BIN demo --scale "$N" --tokens 1 --tokens-file "$TMP/tokens.txt")"
slug=$(sed -n 's/.*bill=\([^ ]*\).*/\1/p' <<<"$seed_out")
echo "== ${URL%%://*}: $seed_out"
CODRAFT_PASSWORD=bench-moderator-password $BIN user create --email bench-moderator@example.org \
    --name "Bench Moderator" --role moderator >/dev/null

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_server() {
    CODRAFT_BIND="127.0.0.1:$PORT" $BIN serve >>"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return
        sleep 0.2
    done
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

start_server
token=$(curl -fs "http://127.0.0.1:$PORT/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"email":"bench-moderator@example.org","password":"bench-moderator-password","label":"bench"}' \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
stop_server

# One fresh server per export, so each peak (VmHWM) is that export's own.
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$SERVER_PID/status"; }
printf '%-28s %9s %10s %13s %13s\n' export seconds MiB "RSS at rest" "peak RSS MiB"
for path in open-data/contributions.csv open-data/contributions.json open-data/votes.csv \
    open-data/votes.json open-data/bill.json open-data/bill.akn.xml open-data/manifest.json \
    synthesis synthesis.json synthesis.md synthesis.docx comparative-table.csv; do
    start_server
    rest=$(kib VmRSS)
    read -r secs bytes < <(curl -fs -o "$TMP/out" -w '%{time_total} %{size_download}\n' \
        -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/bills/$slug/$path")
    peak=$(kib VmHWM)
    printf '%-28s %9.2f %10.1f %13d %13d\n' "$path" "$secs" "$(bc -l <<<"$bytes/1048576")" \
        $((rest / 1024)) $((peak / 1024))
    stop_server
done
