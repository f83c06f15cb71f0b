#!/usr/bin/env bash
# cluster.sh: a local cluster for trials, without containers: nats-server
# with JetStream (built from its Go module, the version go.mod pins), two
# `corridor worker`s and `corridor serve --nats` on one SQLite store, all in
# a temporary folder. Ctrl-C stops everything.
#
#   scripts/cluster.sh                 # API on 127.0.0.1:8080, NATS on 127.0.0.1:4222
#   ADDR=127.0.0.1:9000 WORKERS=3 NATS_PORT=4333 scripts/cluster.sh
#
# Then, e.g.:
#   curl -s localhost:8080/api/v1/resilience -d '{"demand":"china-europe-2030","elements":["chokepoints","ferries"]}'
set -euo pipefail
cd "$(dirname "$0")/.."
ADDR=${ADDR:-127.0.0.1:8080}
NATS_PORT=${NATS_PORT:-4222}
WORKERS=${WORKERS:-2}
tmp=$(mktemp -d)
pids=()
stop() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap stop EXIT INT TERM
echo "cluster: building corridor and nats-server into $tmp"
go build -o "$tmp/corridor" ./cmd/corridor
go build -o "$tmp/nats-server" github.com/nats-io/nats-server/v2
"$tmp/nats-server" -a 127.0.0.1 -p "$NATS_PORT" -js -sd "$tmp/js" >"$tmp/nats.log" 2>&1 &
pids+=($!)
nats="nats://127.0.0.1:$NATS_PORT"
for _ in $(seq 1 50); do grep -q "Server is ready" "$tmp/nats.log" && break; sleep 0.1; done
grep -q "Server is ready" "$tmp/nats.log" || { cat "$tmp/nats.log"; exit 1; }
db="$tmp/cluster.db"
"$tmp/corridor" serve --addr "$ADDR" --db "$db" --nats "$nats" &
pids+=($!)
for i in $(seq 1 "$WORKERS"); do
  "$tmp/corridor" worker --nats "$nats" --db "$db" 2>"$tmp/worker$i.log" &
  pids+=($!)
done
echo "cluster: NATS $nats, $WORKERS workers (logs in $tmp), API http://$ADDR — Ctrl-C stops"
wait
