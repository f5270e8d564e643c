#!/usr/bin/env bash
# Property-based run of the whole JSON API against its own OpenAPI document.
#
#   bench/schemathesis.sh [MAX_EXAMPLES] [DATABASE_URL]
#
# Serves the demo consultation from a fresh SQLite file (default) or the
# empty PostgreSQL database given, signs in an admin with a read-write API
# token, and lets schemathesis (installed in a throwaway virtualenv from
# PyPI) generate requests for every operation, MAX_EXAMPLES (default 20)
# each. Prints schemathesis's summary, then the count of requests the server
# answered by status class, read from its own log: the figure that matters
# is the number of 5xx, which must be 0. Bounded: stops the server at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

MAX_EXAMPLES="${1:-20}"
DB_URL="${2:-}"
BIN="${BIN:-target/debug/codraft}"
VENV="${VENV:-/tmp/codraft-schemathesis}"

[[ -x "$VENV/bin/schemathesis" ]] || {
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet schemathesis
}
[[ -x "$BIN" ]] || cargo build --quiet

TMP="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT

export CODRAFT_DATABASE_URL="${DB_URL:-sqlite://$TMP/fuzz.db}" CODRAFT_DATA_DIR="$TMP"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# Generous limits: the run signs in, registers and resets far more than a person.
CODRAFT_BIND="127.0.0.1:$PORT" CODRAFT_LOGIN_FAILURES_PER_ADDRESS=100000 \
    CODRAFT_REGISTRATIONS_PER_ADDRESS=100000 CODRAFT_PASSWORD_RESETS_PER_ADDRESS=100000 \
    RUST_LOG=info "$BIN" serve --demo >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
    curl -fs "$BASE/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done

PASSWORD="fuzz-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CODRAFT_PASSWORD="$PASSWORD" RUST_LOG=warn "$BIN" user create \
    --email fuzz-admin@example.org --name "Fuzz Admin" --role admin >/dev/null
TOKEN=$(curl -fs -X POST "$BASE/api/v1/tokens" -H 'Content-Type: application/json' \
    -d "{\"email\":\"fuzz-admin@example.org\",\"password\":\"$PASSWORD\",\"label\":\"fuzz\",\"scope\":\"read-write\"}" |
    python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])')

echo "== schemathesis, $MAX_EXAMPLES examples per operation, against $BASE (${CODRAFT_DATABASE_URL%%://*})"
set +e
"$VENV/bin/schemathesis" run "$BASE/api/openapi.json" --url "$BASE" \
    --header "Authorization: Bearer $TOKEN" --max-examples "$MAX_EXAMPLES" --seed 1 \
    --checks not_a_server_error --request-timeout 30 --no-color 2>&1 | tail -40
st_status=${PIPESTATUS[0]}
set -e

echo "== requests answered, by status class (server log)"
sed 's/\x1b\[[0-9;]*m//g' "$TMP/server.log" >"$TMP/plain.log"
for class in 2 3 4 5; do
    printf '%sxx: %s\n' "$class" "$(grep -cE "http.status_code=${class}[0-9]{2}" "$TMP/plain.log" || true)"
done
fivexx=$(grep -cE 'http.status_code=5[0-9]{2}' "$TMP/plain.log" || true)
if [[ "$fivexx" -gt 0 ]]; then
    echo "server errors:"
    grep -E 'http.status_code=5[0-9]{2}' "$TMP/plain.log" | head -20
fi
echo "schemathesis exit status: $st_status"
[[ "$fivexx" -eq 0 ]]
