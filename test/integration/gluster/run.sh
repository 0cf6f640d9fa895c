#!/usr/bin/env bash
# One entry point for the real-GlusterFS suite: installs GlusterFS if needed, builds the test bed,
# runs the storage contract on it and then the fault sequence under steady writes, and ALWAYS tears
# down (trap), even on failure or Ctrl-C. Exits non-zero if anything failed. Needs root and FUSE.
# A few minutes in all (each brick-SIGSTOP phase holds ~50 s to cross Gluster's 42 s ping-timeout).
# ROLLCALL_GLUSTER_API=0 skips the API-driven pass.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
. "$HERE/env.sh"

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (mount, glusterd)" >&2; exit 2; }
[ -e /dev/fuse ] || { echo "run.sh: needs /dev/fuse" >&2; exit 2; }

cleanup() {
  local rc=$?
  echo "== teardown"
  bash "$HERE/teardown.sh" || true
  exit $rc
}
trap cleanup EXIT INT TERM

started=$(date +%s)
if ! command -v glusterd >/dev/null || ! command -v glusterfs >/dev/null; then
  echo "== installing glusterfs-server glusterfs-client"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq glusterfs-server glusterfs-client >/dev/null
fi
# a bed left over from an interrupted run would make volume create fail
bash "$HERE/teardown.sh" >/dev/null 2>&1 || true
echo "== setup"
bash "$HERE/setup.sh"

echo "== build"
cd "$ROOT"
# Build when the suite is missing or older than any source (after `npm test` in CI it is fresh).
if [ ! -f dist/test/integration/gluster/faults.js ] ||
  [ -n "$(find server storage/src storage/test migrations test support bin -newer dist/test/integration/gluster/faults.js -print -quit 2>/dev/null)" ]; then
  npx tsc -b tsconfig.json >/dev/null || true   # builds storage/ first; errors in other folders still emit; ours are checked below
fi
test -f dist/test/integration/gluster/faults.js

echo "== storage contract on Gluster"
node --test dist/test/integration/gluster/contract.test.js

echo "== fault sequence under steady writes"
node dist/test/integration/gluster/faults.js

if [ "${ROLLCALL_GLUSTER_API:-1}" != 0 ] && [ -f dist/bin/rollcall.js ]; then
  echo "== the same faults under registrations through the API (rollcall serve)"
  node dist/test/integration/gluster/api.js
fi

echo "== gluster suite passed in $(( $(date +%s) - started )) s"
