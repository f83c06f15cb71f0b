#!/usr/bin/env bash
# loadtest.sh: POST /api/v1/route under load on loopback with wrk, bounded in
# time. Prints wrk's requests/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-bin/corridor}
duration=${DURATION:-15s}
conns=${CONNS:-32}
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --addr "127.0.0.1:$port" --log-format json >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
script=$(mktemp --suffix=.lua)
cat >"$script" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"from":"Xi\'an","to":"Duisburg","depart":"2026-03-01","max_results":8}'
LUA
body='{"from":"Xi'"'"'an","to":"Duisburg","depart":"2026-03-01","max_results":8}'
curl -fs -X POST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$port/api/v1/route" >/dev/null
echo "loadtest: wrk -t2 -c$conns -d$duration POST /api/v1/route (Xi'an → Duisburg, whole Pareto front)"
wrk -t2 -c"$conns" -d"$duration" --latency -s "$script" "http://127.0.0.1:$port/api/v1/route"
rm -f "$script"
