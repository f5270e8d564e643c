#!/usr/bin/env bash
# Load test of the release binary on loopback, with figures printed.
#
#   bench/load.sh [PARTICIPANTS] [DATABASE_URL]
#
# Seeds a synthetic consultation (codraft demo --scale N) on a fresh SQLite
# file (default) or on the PostgreSQL database given (it must be empty),
# serves it, and measures with wrk at 64 connections: /healthz, the page of
# the most popular article, the vote endpoint, and posting an argument
# (scanned for personal data and near-duplicates). Bounded in time; stops
# the server at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

N="${1:-200000}"
DB_URL="${2:-}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-64}"
BIN=target/release/codraft

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release --quiet

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

URL="${DB_URL:-sqlite://$TMP/load.db}"
export CODRAFT_DATABASE_URL="$URL" CODRAFT_DATA_DIR="$TMP" RUST_LOG=warn

echo "== seeding $N participants on ${URL%%://*}"
start=$SECONDS
seed_out="$($BIN demo --scale "$N" --tokens 2000 --tokens-file "$TMP/tokens.txt")"
seed_secs=$((SECONDS - start))
echo "$seed_out"
slug=$(sed -n 's/.*bill=\([^ ]*\).*/\1/p' <<<"$seed_out")
popular=$(sed -n 's/.*popular_article=\([0-9]*\).*/\1/p' <<<"$seed_out")

if [[ "$URL" == sqlite://* ]]; then
    size=$(du -cb "$TMP"/load.db* | tail -1 | cut -f1)
else
    size=$(psql "$URL" -Atc "select pg_database_size(current_database())")
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CODRAFT_BIND="127.0.0.1:$PORT" $BIN serve >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
articles=$(curl -fs "http://127.0.0.1:$PORT/api/v1/bills/$slug" | python3 -c 'import sys,json; print(",".join(str(a["id"]) for a in json.load(sys.stdin)["articles"]))')

measure() {
    local name="$1"; shift
    local out
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@")"
    local p50 p99 rps errors
    p50=$(awk '/^ +50%/{print $2}' <<<"$out")
    p99=$(awk '/^ +99%/{print $2}' <<<"$out")
    rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/{print $5}' <<<"$out")
    printf '%-14s median %-9s p99 %-9s %10s req/s  non-2xx: %s\n' "$name" "$p50" "$p99" "$rps" "${errors:-0}"
}

echo "== ${URL%%://*}: $N participants, seeded in ${seed_secs} s, database $((size / 1024 / 1024)) MiB"
measure healthz "http://127.0.0.1:$PORT/healthz"
measure article-page "http://127.0.0.1:$PORT/bills/$slug/articles/$popular"
TOKENS="$TMP/tokens.txt" ARTICLES="$articles" measure vote -s bench/vote.lua "http://127.0.0.1:$PORT"
# Writing a contribution also scans it (personal data, near-duplicates)
# and queues it for moderation when needed.
TOKENS="$TMP/tokens.txt" ARTICLES="$articles" SLUG="$slug" \
    measure contribute -s bench/contribute.lua "http://127.0.0.1:$PORT"
# The moderators' view of what that run left in the queue.
CODRAFT_PASSWORD=bench-moderator-password $BIN user create --email bench-moderator@example.org \
    --name "Bench Moderator" --role moderator >/dev/null
moderator_token=$(curl -fs "http://127.0.0.1:$PORT/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"email":"bench-moderator@example.org","password":"bench-moderator-password","label":"bench"}' \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
queued=$(curl -fs -H "Authorization: Bearer $moderator_token" "http://127.0.0.1:$PORT/api/v1/moderation/queue" \
    | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d["total"], "in queue; largest group:", max([i["group_size"] for i in d["items"]] or [0]))')
echo "moderation queue after the run: $queued"
CONNECTIONS=8 measure queue -H "Authorization: Bearer $moderator_token" \
    "http://127.0.0.1:$PORT/api/v1/moderation/queue"
