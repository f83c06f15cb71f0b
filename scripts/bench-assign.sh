#!/usr/bin/env bash
# bench-assign: time to relative gap 1e-4, 1e-6 and 1e-8 (tap-b's definition,
# (TSTT−SPTT)/SPTT) of every assignment algorithm on Chicago-Sketch (toll factor
# 0.02, distance factor 0.04) and Philadelphia (toll factor 0.055), whole process
# (reading the files included), printed as a Markdown table with the peer's
# figures (../shared/research/peer-tapb.md, tap-b serial build, median wall s).
#
# Environment: CORRIDOR_SHARED_DATA (folder holding tntp/; default ../shared/data),
# RUNS (runs per cell, median reported; default 1), LIMIT (seconds per run before
# a cell is given up; default 120), PHILA_LIMIT (default 900), ALGS (default
# "b bfw cfw fw"), NETS (default "chicago philadelphia").
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${CORRIDOR_SHARED_DATA:-../shared/data}/tntp"
RUNS="${RUNS:-1}"
LIMIT="${LIMIT:-120}"
PHILA_LIMIT="${PHILA_LIMIT:-900}"
ALGS="${ALGS:-b bfw cfw fw}"
NETS="${NETS:-chicago philadelphia}"
if [ ! -d "$DATA/Chicago-Sketch" ]; then
  echo "bench-assign: $DATA/Chicago-Sketch not found; set CORRIDOR_SHARED_DATA" >&2
  exit 1
fi
BIN="$(mktemp -d)/corridor"
trap 'rm -rf "$(dirname "$BIN")"' EXIT
go build -o "$BIN" ./cmd/corridor

# peer: tap-b serial build, median wall seconds (peer-tapb.md)
peer() {
  case "$1/$2" in
    chicago/1e-4) echo 0.699 ;; chicago/1e-6) echo 0.787 ;; chicago/1e-8) echo 1.187 ;;
    philadelphia/1e-4) echo 130.5 ;; philadelphia/1e-6) echo "195.1 (n=1)" ;; *) echo "not run" ;;
  esac
}

echo "| network | algorithm | target | wall s (median of $RUNS) | iterations | gap (TSTT−SPTT)/SPTT | gap (TSTT−SPTT)/TSTT | objective | peak RSS MiB | tap-b serial wall s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for net in $NETS; do
  case $net in
    chicago) dir="$DATA/Chicago-Sketch"; netf=ChicagoSketch_net.tntp; trips=ChicagoSketch_trips.tntp
             factors=(--toll-factor 0.02 --distance-factor 0.04); limit=$LIMIT; name=Chicago-Sketch ;;
    philadelphia) dir="$DATA/Philadelphia"; netf=Philadelphia_net.tntp; trips=Philadelphia_trips.tntp.gz
             factors=(--toll-factor 0.055); limit=$PHILA_LIMIT; name=Philadelphia ;;
    *) echo "unknown network $net" >&2; exit 2 ;;
  esac
  [ -f "$dir/$trips" ] || { echo "| $name | – | – | trips file missing | | | | | | |"; continue; }
  for alg in $ALGS; do
    given_up=""
    for gap in 1e-4 1e-6 1e-8; do
      if [ -n "$given_up" ]; then
        echo "| $name | $alg | $gap | > $limit (not reached at $given_up) | | | | | | $(peer $net $gap) |"
        continue
      fi
      walls=(); line=""
      for ((r = 0; r < RUNS; r++)); do
        out="$(mktemp)"; tim="$(mktemp)"
        t0=$(date +%s.%N)
        set +e
        /usr/bin/time -f "%M" -o "$tim" timeout "$limit" "$BIN" assign --tntp-net "$dir/$netf" --tntp-trips "$dir/$trips" \
          "${factors[@]}" --algorithm "$alg" --gap "$gap" --gap-definition sptt --max-iter 1000000 --format json >"$out" 2>/dev/null
        rc=$?
        set -e
        t1=$(date +%s.%N)
        if [ $rc -ne 0 ]; then
          given_up="$gap"; rm -f "$out" "$tim"; break
        fi
        walls+=("$(echo "$t1 - $t0" | bc -l)")
        line=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("%d | %.2e | %.2e | %.10g" % (s["iterations"], s["relative_gap_sptt"], s["relative_gap"], s["objective"]))' "$out")
        rss=$(( $(tail -1 "$tim") / 1024 ))
        rm -f "$out" "$tim"
      done
      if [ -n "$given_up" ]; then
        echo "| $name | $alg | $gap | > $limit (not reached) | | | | | | $(peer $net $gap) |"
        continue
      fi
      med=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}')
      echo "| $name | $alg | $gap | $med | $line | $rss | $(peer $net $gap) |"
    done
  done
done
