#!/usr/bin/env bash
# Starts the debug server on a temporary SQLite database with the demo data,
# runs the browser tests against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${DOCKET_BIN:-target/debug/docket}
[ -x "$bin" ] || cargo build -p server
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATABASE_URL="sqlite://$tmp/docket.db?mode=rwc" DOCKET_ADDR="127.0.0.1:$port" DOCKET_SITE_ROOT=target/site \
  "$bin" serve >"$tmp/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { cat "$tmp/server.log"; exit 1; }
  sleep 0.5
done
cd tests/browser
DOCKET_URL="http://127.0.0.1:$port" node --test
