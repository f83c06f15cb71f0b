#!/usr/bin/env bash
# release-check.sh [DIST]: check the linux/amd64 archive of `make release` as
# a user on a clean machine would use it. It unpacks the archive into an empty
# folder, checks the checksum and the SBOM, starts the binary's `serve` there
# on a free port with HOME in that folder (no repository, no web/dist, no
# CORRIDOR_* settings) and fetches the UI's page, one of its assets and an API
# answer. DIST defaults to dist/ at the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(cd "${1:-dist}" && pwd)

fail() { echo "release-check: $*" >&2; exit 1; }

archives=("$dist"/corridor_*_linux_amd64.tar.gz)
[ -f "${archives[0]}" ] || fail "no corridor_*_linux_amd64.tar.gz in $dist (run make release)"
[ ${#archives[@]} -eq 1 ] || fail "several linux/amd64 archives in $dist: ${archives[*]}"
archive=${archives[0]}
name=$(basename "$archive")

for want in linux_amd64.tar.gz linux_arm64.tar.gz darwin_arm64.tar.gz darwin_amd64.tar.gz windows_amd64.zip; do
  ls "$dist"/corridor_*_"$want" >/dev/null 2>&1 || fail "archive *_$want is missing in $dist"
done
(cd "$dist" && grep " $name\$" checksums.txt | sha256sum -c --quiet -) || fail "checksum of $name does not match checksums.txt"
sboms=("$dist"/*.cdx.json)
[ -f "${sboms[0]}" ] || fail "no CycloneDX SBOM (*.cdx.json) in $dist"
for s in "${sboms[@]}"; do
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["bomFormat"]=="CycloneDX" and d["components"], "no components"' "$s" ||
    fail "$(basename "$s") is not a CycloneDX SBOM with components"
done

work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir "$work/unpacked" "$work/home"
tar -xzf "$archive" -C "$work/unpacked"
bin="$work/unpacked/corridor"
[ -x "$bin" ] || fail "$name holds no executable corridor at its top level"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
(cd "$work/unpacked" && exec env -i PATH=/usr/bin:/bin HOME="$work/home" ./corridor serve --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1) &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { cat "$work/serve.log" >&2; fail "the server did not start"; }

page=$(curl -fs "$base/") || fail "GET / failed"
grep -qi '<!doctype html>' <<<"$page" || fail "GET / is not the UI's HTML page"
asset=$(grep -o '/assets/[^"]*\.js' <<<"$page" | head -n 1 || true)
[ -n "$asset" ] || fail "the UI's page names no /assets/*.js"
type=$(curl -fs -o "$work/asset" -w '%{content_type}' "$base$asset") || fail "GET $asset failed"
[ -s "$work/asset" ] || fail "GET $asset is empty"
case "$type" in *javascript*) ;; *) fail "GET $asset has Content-Type $type, expected JavaScript" ;; esac
curl -fs "$base/api/v1/nodes?q=lodz" | grep -q '"PLLOD"' || fail "GET /api/v1/nodes?q=lodz does not find Łódź"

if (cd "$work/unpacked" && ./corridor --help) | grep -qE '^[[:space:]]+version[[:space:]]'; then
  version=$(cd "$work/unpacked" && ./corridor version) || fail "corridor version failed"
  want=${name#corridor_}
  want=${want%_linux_amd64.tar.gz}
  grep -qF "$want" <<<"$version" || fail "corridor version does not print $want: $version"
  echo "release-check: corridor version: $(head -n 1 <<<"$version")"
else
  echo "release-check: this build has no 'corridor version' command; version not checked"
fi
echo "release-check: ok: $name unpacked alone serves the UI ($asset, $(wc -c <"$work/asset") bytes) and the API; checksums and ${#sboms[@]} SBOMs present"
