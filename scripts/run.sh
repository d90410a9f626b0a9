#!/usr/bin/env bash
# Runs janji for development: PocketBase on 127.0.0.1:8090 (data in
# .data/pb, seeded with demo data), and `trunk serve` on 127.0.0.1:8080,
# which proxies /api to PocketBase. Ctrl-C stops both.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" run
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"

PB_PORT=8090
APP_PORT="${JANJI_PORT:-8080}"
DATA="$ROOT/.data/pb"
SU_EMAIL="superuser@janji.test"
SU_PASSWORD="janji-demo-2026"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_busy "$PB_PORT"; then
  echo "Port $PB_PORT is in use: stop the other PocketBase (or whatever holds it) and run again." >&2
  exit 1
fi
if port_busy "$APP_PORT"; then
  echo "Port $APP_PORT is in use: set JANJI_PORT to another port, or stop what holds it." >&2
  exit 1
fi

mkdir -p "$DATA"
"$PB_BIN" superuser upsert "$SU_EMAIL" "$SU_PASSWORD" --dir "$DATA" >/dev/null

PB_LOG="$ROOT/.data/pocketbase.log"
"$PB_BIN" serve --http "127.0.0.1:$PB_PORT" --dir "$DATA" \
  --migrationsDir "$ROOT/backend/pb_migrations" --hooksDir "$ROOT/backend/pb_hooks" \
  --automigrate=false --hooksPool 50 >"$PB_LOG" 2>&1 &
PB_PID=$!
TRUNK_PID=""
cleanup() {
  trap - INT TERM EXIT
  [ -n "$TRUNK_PID" ] && kill "$TRUNK_PID" 2>/dev/null || true
  kill "$PB_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PB_PORT/api/health" >/dev/null 2>&1 && break
  kill -0 "$PB_PID" 2>/dev/null || { cat "$PB_LOG" >&2; echo "PocketBase did not start" >&2; exit 1; }
  sleep 0.1
done
node "$ROOT/backend/seed/seed.mjs" --url "http://127.0.0.1:$PB_PORT" --email "$SU_EMAIL" --password "$SU_PASSWORD"

cat <<TXT

  janji is starting (the first build takes a couple of minutes).

    App:         http://127.0.0.1:$APP_PORT/
    PocketBase:  http://127.0.0.1:$PB_PORT/_/   ($SU_EMAIL / $SU_PASSWORD)

  Demo sign-ins (password janji-demo-2026):
    customer@janji.test    a customer
    provider@janji.test    a therapist's own account
    admin@janji.test       an admin (/admin)

  PocketBase log: .data/pocketbase.log. Ctrl-C stops everything.

TXT

(cd "$ROOT" && trunk serve --port "$APP_PORT") &
TRUNK_PID=$!
wait "$TRUNK_PID"
