#!/usr/bin/env bash
# The last hour before a national consultation closes, on one server:
# the table of the "performance at the peak" figures, with /healthz
# measured in the same run as the yardstick.
#
#   bench/peak.sh [DATABASE_URL]
#
# Seeds `codraft demo --scale $SCALE` (20,000 participants) on a fresh
# SQLite file (default) or on the empty PostgreSQL database given, serves
# it with the release binary ($BIN), and measures with wrk at 64
# connections: /healthz; the busiest article page, anonymous and signed in
# (a participant's token: their own votes shown); votes, checked against a
# recount; posting arguments; the page of a contribution whose proposed
# text is 19,990 `>`; then $REGISTRATIONS registrations and confirmations,
# and the server's peak resident memory over the whole run. Bounded in
# time; stops the server at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DB_URL="${1:-}"
SCALE="${SCALE:-20000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
REGISTRATIONS="${REGISTRATIONS:-4000}"
BIN="${BIN:-target/release/codraft}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -x "$BIN" ]] || cargo build --release --quiet

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

URL="${DB_URL:-sqlite://$TMP/peak.db}"
export CODRAFT_DATABASE_URL="$URL" CODRAFT_DATA_DIR="$TMP" RUST_LOG=warn
# The run registers thousands of accounts from one address.
export CODRAFT_REGISTRATIONS_PER_ADDRESS=1000000

sql() {
    if [[ "$URL" == sqlite://* ]]; then
        python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
            "${URL#sqlite://}" "$1"
    else
        psql "$URL" -Atc "$1"
    fi
}

echo "== seeding $SCALE participants on ${URL%%://*} ($BIN)"
seed_out="$($BIN demo --scale "$SCALE" --tokens 2000 --tokens-file "$TMP/tokens.txt")"
slug=$(sed -n 's/.*bill=\([^ ]*\).*/\1/p' <<<"$seed_out")
popular=$(sed -n 's/.*popular_article=\([0-9]*\).*/\1/p' <<<"$seed_out")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
CODRAFT_BIND="127.0.0.1:$PORT" $BIN serve >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
articles=$(curl -fs "$BASE/api/v1/bills/$slug" | python3 -c 'import sys,json; print(",".join(str(a["id"]) for a in json.load(sys.stdin)["articles"]))')
token=$(head -1 "$TMP/tokens.txt")

declare -A RPS P99 ERR
measure() {
    local name="$1"; shift
    local out
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@")"
    P99[$name]=$(awk '/^ +99%/{print $2}' <<<"$out")
    RPS[$name]=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
    ERR[$name]=$(awk '/Non-2xx/{print $5}' <<<"$out")
    ERR[$name]=${ERR[$name]:-0}
}
ratio() { python3 -c "print(f'{float($1)/float($2):.3f}')"; }

page="$BASE/bills/$slug/articles/$popular"
measure healthz "$BASE/healthz"
measure anonymous "$page"
measure signed-in -H "Authorization: Bearer $token" "$page"
TOKENS="$TMP/tokens.txt" ARTICLES="$articles" measure votes -s bench/vote.lua "$BASE"
TOKENS="$TMP/tokens.txt" ARTICLES="$articles" SLUG="$slug" \
    measure arguments -s bench/contribute.lua "$BASE"

# Counters against a recount, once the writes are done.
mismatched=$(sql "SELECT COUNT(*) FROM articles a WHERE a.votes_agree + a.votes_mixed + a.votes_disagree <> (SELECT COUNT(*) FROM votes v WHERE v.target_kind = 'article' AND v.target_id = a.id)")

# One contribution whose proposed text is 19,990 '>': CPU per view.
# By a participant who did not post in the run (limits per hour).
writer=$(tail -1 "$TMP/tokens.txt")
quotes=$(python3 -c 'print(">" * 19990)')
deep=$(curl -s "$BASE/api/v1/bills/$slug/contributions" -H "Authorization: Bearer $writer" \
    -H 'Content-Type: application/json' \
    -d "{\"kind\":\"amendment\",\"article_id\":$popular,\"proposed_text\":\"$quotes\",\"body\":\"Citation.\"}" \
    | python3 -c 'import sys,json; r=sys.stdin.read(); print(json.loads(r).get("id") or sys.exit(r))')
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
views=20
before=$(cpu_ticks)
for _ in $(seq 1 $views); do
    curl -fs -o /dev/null -H "Authorization: Bearer $token" "$BASE/contributions/$deep"
done
after=$(cpu_ticks)
deep_ms=$(python3 -c "import os; print(f'{($after - $before) * 1000 / os.sysconf(\"SC_CLK_TCK\") / $views:.1f}')")

rss_before=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$SERVER_PID/status")
registered=$(python3 bench/registrations.py "$BASE" "$TMP/outbox" "$REGISTRATIONS")
rss_after=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$SERVER_PID/status")
peak=$(awk '/VmHWM/{print int($2/1024)}' "/proc/$SERVER_PID/status")

h=${RPS[healthz]}
echo "== ${URL%%://*}, scale $SCALE, wrk $CONNECTIONS connections, $DURATION each"
printf '| what | req/s | × /healthz | p99 | non-2xx |\n|---|---|---|---|---|\n'
for k in healthz anonymous signed-in votes arguments; do
    printf '| %s | %s | %s | %s | %s |\n' "$k" "${RPS[$k]}" "$(ratio "${RPS[$k]}" "$h")" "${P99[$k]}" "${ERR[$k]}"
done
echo "articles whose vote counters differ from a recount: $mismatched"
echo "page of a contribution of 19,990 '>': $deep_ms ms of server CPU per view"
echo "$registered"
echo "resident memory: ${rss_before} MiB before the registrations, ${rss_after} MiB after; peak over the run ${peak} MiB"
