#!/usr/bin/env bash
# with-pg.sh CMD...: run CMD with CORRIDOR_TEST_POSTGRES pointing at a
# throwaway PostgreSQL cluster (scripts/pg.sh), stopped afterwards. When the
# variable is already set, or PostgreSQL is not installed, CMD runs as is
# (the PostgreSQL tests then say why they skip).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${CORRIDOR_TEST_POSTGRES:-}" ] || ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  [ -z "${CORRIDOR_TEST_POSTGRES:-}" ] && echo "with-pg: PostgreSQL is not installed; its tests will skip (apt-get install -y postgresql)" >&2
  exec "$@"
fi
dir=$(mktemp -d /tmp/corridor-pg.XXXXXX)
chmod 755 "$dir"
cleanup() { "$here/pg.sh" stop "$dir"; rm -rf "$dir"; }
trap cleanup EXIT
url=$("$here/pg.sh" start "$dir")
echo "with-pg: throwaway PostgreSQL at ${url%%\?*}" >&2
CORRIDOR_TEST_POSTGRES=$url "$@"
