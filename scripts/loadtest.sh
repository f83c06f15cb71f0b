#!/usr/bin/env bash
# loadtest.sh: load the real server on loopback with the mixed workload of
# scripts/loadgen (route, compare, scenario diff, simulations, scenario
# writes over >= 200 distinct OD pairs of the bundled network), closed loop,
# DURATION per step and CONNS connections per step. MIX=route loads route
# searches only (over the same pairs). Prints requests/s and latency
# percentiles per step.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-bin/corridor}
duration=${DURATION:-10s}
conns=${CONNS:-4 8 16 32}
mix=${MIX:-mixed}
go build -o bin/loadgen ./scripts/loadgen
tmp=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key=loadtest-$RANDOM$RANDOM
printf '%s\n' "$key" >"$tmp/key"
"$bin" serve --addr "127.0.0.1:$port" --db "$tmp/load.db" --api-key-file "$tmp/key" --log-format json >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "loadtest: $mix workload, closed loop, $duration per step, connections: $conns"
CORRIDOR_API_KEY=$key bin/loadgen -url "http://127.0.0.1:$port" -mix "$mix" -conns "$conns" -duration "$duration"
