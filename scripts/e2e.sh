#!/usr/bin/env bash
# e2e.sh: start the real server (UI built in) on a free port and drive it in
# Debian's Chromium with the Playwright test in web/e2e. Screenshots land in
# $E2E_ARTIFACTS (default: test-artifacts/ at the repository root); then web/e2e/audit.mjs
# checks every view at desktop and phone sizes (overflow, axe-core), the search time and
# the bytes of a repeat visit (figures in $E2E_ARTIFACTS/audit.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-bin/corridor}
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$PWD/test-artifacts}
mkdir -p "$E2E_ARTIFACTS"
if [ ! -x /usr/bin/chromium ]; then
  echo "e2e: /usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)" >&2
  exit 1
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$E2E_ARTIFACTS/server.log"
db="$E2E_ARTIFACTS/e2e.db"
rm -f "$db" "$db-wal" "$db-shm"
export CORRIDOR_API_KEY=e2e-key
"$bin" serve --addr "127.0.0.1:$port" --db "$db" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "e2e: server did not start:"; cat "$log"; exit 1; }
cd web
CORRIDOR_URL="http://127.0.0.1:$port" npm run --silent e2e
