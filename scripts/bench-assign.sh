#!/usr/bin/env bash
# bench-assign: time to relative gap 1e-4, 1e-6 and 1e-8 (tap-b's definition,
# (TSTT−SPTT)/SPTT) of every assignment algorithm on Chicago-Sketch (toll factor
# 0.02, distance factor 0.04) and Philadelphia (toll factor 0.055), whole process
# (reading the files included), printed as a Markdown table.
#
# With TAPB set, the peer tap-b (github.com/spartalab/tap-b, Algorithm B in C)
# runs beside corridor's Algorithm B in the same run: the two alternate
# (corridor, tap-b, corridor, tap-b, ...), each cell reports both medians and
# the ratio tap-b / corridor (above 1: corridor is faster). TAPB is the built
# tap-b executable (bin/tap after `make serial` in tap-b's folder) or that
# folder itself (its bin/tap is used). tap-b is not part of this repository;
# build it outside, e.g.
#   TAPB_DIR=$(mktemp -d) && git clone https://github.com/spartalab/tap-b "$TAPB_DIR" && make -C "$TAPB_DIR" serial
#   TAPB="$TAPB_DIR/bin/tap" make bench-assign
# tap-b reads toll and distance factors only from <TOLL FACTOR> and
# <DISTANCE FACTOR> metadata in the network file, so the script runs it on a
# temporary copy of the network file with those two lines added (and on a
# gunzipped copy of Philadelphia's trips); everything else is left at tap-b's
# defaults, with <CONVERGENCE GAP> the target.
#
# Environment: CORRIDOR_SHARED_DATA (folder holding tntp/; default ../shared/data),
# TAPB (see above; unset: corridor only), RUNS (runs per cell and tool, median
# reported; default 3), LIMIT (seconds per run before a cell is given up;
# default 120), PHILA_LIMIT (default 900), ALGS (default "b bfw cfw fw"; tap-b
# runs beside b only), NETS (default "chicago philadelphia"), GAPS (default
# "1e-4 1e-6 1e-8").
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${CORRIDOR_SHARED_DATA:-../shared/data}/tntp"
RUNS="${RUNS:-3}"
LIMIT="${LIMIT:-120}"
PHILA_LIMIT="${PHILA_LIMIT:-900}"
ALGS="${ALGS:-b bfw cfw fw}"
NETS="${NETS:-chicago philadelphia}"
GAPS="${GAPS:-1e-4 1e-6 1e-8}"
if [ ! -d "$DATA/Chicago-Sketch" ]; then
  echo "bench-assign: $DATA/Chicago-Sketch not found; set CORRIDOR_SHARED_DATA" >&2
  exit 1
fi
DATA="$(cd "$DATA" && pwd)"
TAP=""
if [ -n "${TAPB:-}" ]; then
  if [ -d "$TAPB" ]; then TAP="$TAPB/bin/tap"; else TAP="$TAPB"; fi
  if [ ! -x "$TAP" ]; then
    echo "bench-assign: TAPB=$TAPB: no tap-b executable at $TAP (build it with make serial)" >&2
    exit 1
  fi
  TAP="$(cd "$(dirname "$TAP")" && pwd)/$(basename "$TAP")"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
BIN="$WORK/corridor"
go build -o "$BIN" ./cmd/corridor

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]}'; }

# run_corridor DIR NETF TRIPS ALG GAP LIMIT FACTORS...: one timed run; sets
# c_wall, c_cpu (user + system s, all threads), c_line (iterations | gap |
# objective), c_obj and c_rss; returns 1 on failure or timeout.
run_corridor() {
  local dir=$1 netf=$2 trips=$3 alg=$4 gap=$5 limit=$6; shift 6
  local out="$WORK/c.json" tim="$WORK/c.time" t0 t1 rc
  t0=$(date +%s.%N)
  set +e
  /usr/bin/time -f "%M %U %S" -o "$tim" timeout "$limit" "$BIN" assign --tntp-net "$dir/$netf" --tntp-trips "$dir/$trips" \
    "$@" --algorithm "$alg" --gap "$gap" --gap-definition sptt --max-iter 1000000 --format json >"$out" 2>/dev/null
  rc=$?
  set -e
  t1=$(date +%s.%N)
  [ $rc -eq 0 ] || return 1
  c_wall=$(echo "$t1 - $t0" | bc -l)
  c_line=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("%d | %.2e | %.10g" % (s["iterations"], s["relative_gap_sptt"], s["objective"]))' "$out")
  c_obj=$(python3 -c 'import json,sys; print("%.12g" % json.load(open(sys.argv[1]))["objective"])' "$out")
  read -r rss usr sys < <(tail -1 "$tim")
  c_rss=$(( rss / 1024 ))
  c_cpu=$(echo "$usr + $sys" | bc -l)
}

# tapb_inputs NAME DIR NETF TRIPS TOLL DIST: copies of the network (with the
# factor tags) and trips files for tap-b in $WORK/NAME.
tapb_inputs() {
  local name=$1 dir=$2 netf=$3 trips=$4 toll=$5 dist=$6 d="$WORK/$1"
  mkdir -p "$d"
  { echo "<TOLL FACTOR> $toll"; echo "<DISTANCE FACTOR> $dist"; cat "$dir/$netf"; } >"$d/net.tntp"
  case $trips in
    *.gz) gunzip -c "$dir/$trips" >"$d/trips.tntp" ;;
    *) cp "$dir/$trips" "$d/trips.tntp" ;;
  esac
}

# run_tapb NAME GAP LIMIT: one timed tap-b run on $WORK/NAME's inputs; sets
# t_wall, t_cpu, t_line (iterations | gap | objective), t_obj and t_rss;
# returns 1 on failure or timeout.
run_tapb() {
  local d="$WORK/$1" gap=$2 limit=$3 t0 t1 rc last
  cat >"$d/params.txt" <<EOF
<FILE PATH> $d/
<NETWORK FILE> net.tntp
<TRIPS FILE> trips.tntp
<FLOWS FILE> $d/flows.txt
<CONVERGENCE GAP> $gap
<MAX RUN TIME> $limit
EOF
  t0=$(date +%s.%N)
  set +e
  (cd "$d" && /usr/bin/time -f "%M %U %S" -o "$d/time" timeout "$limit" "$TAP" "$d/params.txt" >"$d/out" 2>&1)
  rc=$?
  set -e
  t1=$(date +%s.%N)
  [ $rc -eq 0 ] || return 1
  last=$(grep -E '^Iteration [0-9]+:' "$d/out" | tail -1)
  [ -n "$last" ] || return 1
  t_wall=$(echo "$t1 - $t0" | bc -l)
  # "Iteration N: gap G, obj Z, time T, S shifts"
  t_line=$(echo "$last" | sed -E 's/^Iteration ([0-9]+): gap ([^,]+), obj ([^,]+),.*/\1 \2 \3/' |
    awk '{printf "%d | %.2e | %.10g", $1, $2, $3}')
  t_obj=$(echo "$last" | sed -E 's/.*obj ([^,]+),.*/\1/')
  read -r rss usr sys < <(tail -1 "$d/time")
  t_rss=$(( rss / 1024 ))
  t_cpu=$(echo "$usr + $sys" | bc -l)
  # a run that stopped on its time limit rather than on the gap did not reach it
  awk -v g="$(echo "$last" | sed -E 's/.*gap ([^,]+),.*/\1/')" -v t="$gap" 'BEGIN {exit !(g <= t)}'
}

if [ -n "$TAP" ]; then
  echo "Alternating runs: corridor, tap-b ($TAP), corridor, tap-b, ... RUNS=$RUNS per tool and cell; medians."
  echo "Wall s is the whole process; CPU s is user + system time over all threads (tap-b serial: one)."
  echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| network | algorithm | target | corridor wall s | tap-b wall s | tap-b / corridor | CPU s corridor / tap-b | corridor iterations | corridor gap | corridor objective | tap-b iterations | tap-b gap | tap-b objective | objective rel. diff | peak RSS MiB corridor / tap-b | runs corridor/tap-b s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
else
  echo "| network | algorithm | target | wall s (median of $RUNS) | CPU s | iterations | gap (TSTT−SPTT)/SPTT | objective | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|---|---|"
fi
for net in $NETS; do
  case $net in
    chicago) dir="$DATA/Chicago-Sketch"; netf=ChicagoSketch_net.tntp; trips=ChicagoSketch_trips.tntp
             toll=0.02; dist=0.04; limit=$LIMIT; name=Chicago-Sketch ;;
    philadelphia) dir="$DATA/Philadelphia"; netf=Philadelphia_net.tntp; trips=Philadelphia_trips.tntp.gz
             toll=0.055; dist=0; limit=$PHILA_LIMIT; name=Philadelphia ;;
    *) echo "unknown network $net" >&2; exit 2 ;;
  esac
  factors=(--toll-factor "$toll" --distance-factor "$dist")
  if [ ! -f "$dir/$trips" ]; then echo "| $name | – | – | trips file missing | |"; continue; fi
  [ -z "$TAP" ] || tapb_inputs "$net" "$dir" "$netf" "$trips" "$toll" "$dist"
  for alg in $ALGS; do
    peer=""
    [ -n "$TAP" ] && [ "$alg" = b ] && peer=1
    c_given_up=""; t_given_up=""
    for gap in $GAPS; do
      cw=(); tw=(); cc=(); tc=(); pairs=""; c_runs=(); t_runs=()
      for ((r = 0; r < RUNS; r++)); do
        cr="–"; tr="–"
        if [ -z "$c_given_up" ]; then
          if run_corridor "$dir" "$netf" "$trips" "$alg" "$gap" "$limit" "${factors[@]}"; then
            cw+=("$c_wall"); cc+=("$c_cpu"); cr=$(printf '%.3f' "$c_wall")
            c_runs+=("$c_wall|$c_line|$c_obj|$c_rss")
          else
            c_given_up="$gap"
          fi
        fi
        if [ -n "$peer" ] && [ -z "$t_given_up" ]; then
          if run_tapb "$net" "$gap" "$limit"; then
            tw+=("$t_wall"); tc+=("$t_cpu"); tr=$(printf '%.3f' "$t_wall")
            t_runs+=("$t_wall|$t_line|$t_obj|$t_rss")
          else
            t_given_up="$gap"
          fi
        fi
        pairs+="$cr/$tr "
      done
      # the reported iterations, gap and objective are those of the median-time run
      pick() { printf '%s\n' "$@" | sort -t'|' -k1,1g | awk -v n=$# 'NR == int((n+1)/2)'; }
      cmed="> $limit (not reached)"; tmed="> $limit (not reached)"; ratio="–"; ccpu=""; tcpu=""
      c_it="" c_gap="" c_objv="" c_mem="" t_it="" t_gap="" t_objv="" t_mem="" diff=""
      if [ -z "$c_given_up" ] && [ ${#cw[@]} -gt 0 ]; then
        cmed=$(median "${cw[@]}"); ccpu=$(median "${cc[@]}")
        IFS='|' read -r _ c_it c_gap c_objv c_o c_mem <<<"$(pick "${c_runs[@]}")"
        c_it=" ${c_it// /}"; c_gap=" ${c_gap// /}"; c_objv=" ${c_objv// /}"
      fi
      if [ -n "$peer" ] && [ -z "$t_given_up" ] && [ ${#tw[@]} -gt 0 ]; then
        tmed=$(median "${tw[@]}"); tcpu=$(median "${tc[@]}")
        IFS='|' read -r _ t_it t_gap t_objv t_o t_mem <<<"$(pick "${t_runs[@]}")"
        t_it=" ${t_it// /}"; t_gap=" ${t_gap// /}"; t_objv=" ${t_objv// /}"
      fi
      if [ -n "$peer" ]; then
        if [ -z "$c_given_up" ] && [ -z "$t_given_up" ]; then
          ratio=$(echo "$tmed / $cmed" | bc -l | xargs printf '%.2f')
          diff=$(python3 -c 'import sys; c, t = float(sys.argv[1]), float(sys.argv[2]); print("%.1e" % (abs(c - t) / abs(t)))' "$c_o" "$t_o")
        fi
        echo "| $name | $alg | $gap | $cmed | $tmed | $ratio | $ccpu / $tcpu |$c_it |$c_gap |$c_objv |$t_it |$t_gap |$t_objv | $diff | $c_mem / $t_mem | $pairs|"
      elif [ -n "$TAP" ]; then
        echo "| $name | $alg | $gap | $cmed | | | $ccpu |$c_it |$c_gap |$c_objv | | | | | $c_mem | $pairs|"
      else
        echo "| $name | $alg | $gap | $cmed | $ccpu |$c_it |$c_gap |$c_objv | $c_mem |"
      fi
    done
  done
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)."
