#!/usr/bin/env bash
# soak.sh: run the real server (SQLite store in a temporary folder, an API key
# from a file) for SOAK_DURATION (default 10m) at SOAK_FRACTION (default 0.8)
# of its capacity measured first with the same mixed workload (route,
# compare, scenario diff, simulations, scenario writes over >= 200 OD pairs),
# then check: 0 errors (non-2xx other than 429), RSS flat (VmRSS, last
# window within 10% of the second), goroutines (go_goroutines at /metrics)
# back to their level before the load. Exit 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-bin/corridor}
duration=${SOAK_DURATION:-10m}
fraction=${SOAK_FRACTION:-0.8}
[ -x "$bin" ] || go build -o "$bin" ./cmd/corridor
go build -o bin/loadgen ./scripts/loadgen
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key=soak-$RANDOM$RANDOM
printf '%s\n' "$key" >"$tmp/key"
"$bin" serve --addr "127.0.0.1:$port" --db "$tmp/soak.db" --api-key-file "$tmp/key" --log-format json >/dev/null 2>"$tmp/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "soak: $bin pid $pid, $duration at $fraction of capacity, $(nproc) cores (shared with the load generator)"
CORRIDOR_API_KEY=$key bin/loadgen -url "http://127.0.0.1:$port" -mix mixed -rate-of-capacity "$fraction" \
  -duration "$duration" -pid "$pid"
