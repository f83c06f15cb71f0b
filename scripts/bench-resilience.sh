#!/usr/bin/env bash
# bench-resilience.sh: cases per second of a resilience analysis run on
# cluster workers: nats-server (from the Go module go.mod pins), WORKERS
# `corridor worker` processes and `corridor serve --nats` on one SQLite store;
# the analysis (2030 demand; chokepoints, ferries and borders: 90 cases) is
# posted warm-started and cold, alternately, RUNS times each, for 1 and 2
# workers; the median wall time from POST to done is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
ELEMENTS=${ELEMENTS:-'"chokepoints","ferries","borders"'}
tmp=$(mktemp -d)
pids=()
stopall() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }
trap 'stopall; rm -rf "$tmp"' EXIT
go build -o "$tmp/corridor" ./cmd/corridor
go build -o "$tmp/nats-server" github.com/nats-io/nats-server/v2
free() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
run_one() { # base cold -> seconds
  local base=$1 cold=$2 id t0 st
  t0=$(date +%s.%N)
  id=$(curl -fs "$base/api/v1/resilience" -d "{\"demand\":\"china-europe-2030\",\"elements\":[$ELEMENTS],\"cold\":$cold}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  while :; do
    st=$(curl -fs "$base/api/v1/resilience/$id" | python3 -c 'import json,sys; j=json.load(sys.stdin); print(j["status"], j.get("total") or len(j["result"]["outcomes"]))')
    case $st in done*) break ;; failed*|cancelled*) echo "analysis $st" >&2; exit 1 ;; esac
    sleep 0.05
  done
  python3 -c "import time; print(f'{time.time()-$t0:.3f} ${st#done }')"
}
median() { python3 -c 'import sys,statistics; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.2f}")' "$@"; }
echo "| workers | start | median s (of $RUNS) | cases | cases/s |"
echo "|---|---|---|---|---|"
for w in 1 2; do
  port=$(free); addr=127.0.0.1:$(free)
  "$tmp/nats-server" -a 127.0.0.1 -p "$port" -js -sd "$tmp/js$w" >"$tmp/nats$w.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 50); do grep -q "Server is ready" "$tmp/nats$w.log" && break; sleep 0.1; done
  db="$tmp/bench$w.db"
  "$tmp/corridor" serve --addr "$addr" --db "$db" --nats "nats://127.0.0.1:$port" --jobs-per-minute 0 >"$tmp/api$w.log" 2>&1 & pids+=($!)
  for i in $(seq 1 "$w"); do
    "$tmp/corridor" worker --nats "nats://127.0.0.1:$port" --db "$db" >"$tmp/worker$w-$i.log" 2>&1 & pids+=($!)
  done
  for _ in $(seq 1 100); do curl -fs "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  warm=(); cold=(); n=0
  for ((r = 0; r < RUNS; r++)); do
    read -r s n < <(run_one "http://$addr" false); warm+=("$s")
    read -r s n < <(run_one "http://$addr" true); cold+=("$s")
  done
  mw=$(median "${warm[@]}"); mc=$(median "${cold[@]}")
  echo "| $w | warm | $mw | $n | $(python3 -c "print(f'{$n/$mw:.1f}')") |"
  echo "| $w | cold | $mc | $n | $(python3 -c "print(f'{$n/$mc:.1f}')") |"
  stopall
done
