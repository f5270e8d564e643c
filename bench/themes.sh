#!/usr/bin/env bash
# Suggested themes through the API, on a seeded consultation.
#
#   bench/themes.sh [PARTICIPANTS] [DATABASE_URL]
#
# Seeds a synthetic consultation (codraft demo --scale N) on a fresh SQLite
# file (default) or on the PostgreSQL database given (it must be empty),
# serves it, and times GET /api/v1/bills/{slug}/theme-suggestions as a
# moderator: the first request (read, cluster), the same again (cached),
# and one article's. Prints the server's peak memory before and after.
# The engine alone, on real arguments: cargo run --release --example themes.
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

URL="${DB_URL:-sqlite://$TMP/themes.db}"
export CODRAFT_DATABASE_URL="$URL" CODRAFT_DATA_DIR="$TMP" RUST_LOG=warn

echo "== seeding $N participants on ${URL%%://*}"
seed_out="$($BIN demo --scale "$N" --tokens 0 --tokens-file "$TMP/tokens.txt")"
echo "$seed_out"
slug=$(sed -n 's/.*bill=\([^ ]*\).*/\1/p' <<<"$seed_out")
popular=$(sed -n 's/.*popular_article=\([0-9]*\).*/\1/p' <<<"$seed_out")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CODRAFT_BIND="127.0.0.1:$PORT" $BIN serve >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
CODRAFT_PASSWORD=bench-moderator-password $BIN user create --email bench-moderator@example.org \
    --name "Bench Moderator" --role moderator >/dev/null
token=$(curl -fs "http://127.0.0.1:$PORT/api/v1/tokens" -H 'Content-Type: application/json' \
    -d '{"email":"bench-moderator@example.org","password":"bench-moderator-password","label":"bench"}' \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')

peak() { awk '/VmHWM/{printf "%d MiB", $2/1024}' "/proc/$SERVER_PID/status"; }
suggest() {
    local name="$1" query="$2"
    curl -fs -o "$TMP/out.json" -w '%{time_total}' -H "Authorization: Bearer $token" \
        "http://127.0.0.1:$PORT/api/v1/bills/$slug/theme-suggestions$query" >"$TMP/time"
    printf '%-22s %6.2f s  ' "$name" "$(cat "$TMP/time")"
    python3 -c 'import sys,json; d=json.load(open(sys.argv[1])); print(d["contributions"], "read,", len(d["themes"]), "themes,", len(d["unassigned"]), "unassigned; largest:", d["themes"][0]["size"] if d["themes"] else 0, "·", d["themes"][0]["label"] if d["themes"] else "")' "$TMP/out.json"
}

echo "== server peak memory before: $(peak)"
suggest "bill, first" ""
suggest "bill, again (cached)" ""
suggest "popular article" "?scope=article:$popular"
echo "== server peak memory after: $(peak)"
