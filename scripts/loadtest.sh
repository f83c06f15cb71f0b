#!/usr/bin/env bash
# loadtest.sh: POST /api/v1/route under load on loopback with wrk, bounded in
# time. Prints wrk's requests/s and latency percentiles.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-bin/corridor}
duration=${DURATION:-10s}
conns=${CONNS:-4 8 16 32}
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
echo "loadtest: wrk -t2 -d$duration POST /api/v1/route (Xi'an → Duisburg, up to 8 itineraries), connections: $conns"
printf '%-12s %10s %10s %10s %10s\n' connections req/s p50 p90 p99
for c in $conns; do
  out=$(wrk -t2 -c"$c" -d"$duration" --latency -s "$script" "http://127.0.0.1:$port/api/v1/route")
  [ -n "${VERBOSE:-}" ] && echo "$out"
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p90=$(echo "$out" | awk '$1=="90%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')
  printf '%-12s %10s %10s %10s %10s %s\n' "$c" "$rps" "$p50" "$p90" "$p99" "$errs"
done
rm -f "$script"
