#!/usr/bin/env bash
# Power-cut test: the real server with its SQLite database and both volumes on a LazyFS mount (a
# FUSE file system that keeps written data in its own cache until fsync), SIGKILLed at seeded
# random moments under API registrations and web voters, the unsynced data dropped, the mount
# remounted, the server restarted; then every answered registration checked (see powercut.ts).
# LazyFS (vendored in lazyfs/, MIT) is built once into POWERCUT_LAZYFS_CACHE
# (/var/cache/rollcall-lazyfs) and reused while the sources are unchanged. Bounded: the driver
# aborts itself after 150 s, `timeout` ends it after 160 s; cleanup kills what it started by pid
# and unmounts LazyFS (fusermount3 -u), also on failure.
# POWERCUT_SEED=<n> replays a schedule; POWERCUT_CUTS (5), POWERCUT_PORT (42530), POWERCUT_KEEP=1 keeps the files.
# `run.sh --build-only` only builds LazyFS (.ci/run starts that early, beside the unit tests).
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=test/integration/powercut
[ "${1:-}" = --build-only ] || [ -f dist/test/integration/powercut/powercut.js ] || npm run build:all >/dev/null

# Build LazyFS unless this very source was built already (the stamp is the sources' checksum).
cache=${POWERCUT_LAZYFS_CACHE:-/var/cache/rollcall-lazyfs}
stamp=$(cd "$here/lazyfs" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
if [ ! -x "$cache/$stamp/lazyfs" ]; then
  echo "building LazyFS into $cache/$stamp"
  bash "$here/lazyfs/build.sh" "$cache/$stamp.part"
  rm -rf "$cache/$stamp" && mv "$cache/$stamp.part" "$cache/$stamp"
fi
export POWERCUT_LAZYFS_BIN="$cache/$stamp"
if [ "${1:-}" = --build-only ]; then echo "LazyFS ready in $cache/$stamp"; exit 0; fi
command -v fusermount3 >/dev/null || { echo "fusermount3 missing (Debian's fuse3; lazyfs/build.sh installs it)" >&2; exit 1; }

test_pid=""
export POWERCUT_PIDFILE
POWERCUT_PIDFILE=$(mktemp)
cleanup() {
  if [ -n "$test_pid" ] && kill -0 "$test_pid" 2>/dev/null; then kill -TERM "$test_pid" 2>/dev/null || true; sleep 1; fi
  # what the driver started and could not stop itself (it was killed): by pid, if still ours.
  # The server first (it holds files open on the mount), then LazyFS's mount and process.
  while read -r what pid _; do
    if [ "$what" = rollcall ] && grep -q rollcall.js "/proc/$pid/cmdline" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done < "$POWERCUT_PIDFILE"
  while read -r what pid mnt; do
    [ "$what" = lazyfs ] || continue
    if grep -q " $mnt fuse" /proc/mounts; then fusermount3 -u "$mnt" 2>/dev/null || fusermount3 -u -z "$mnt" || true; fi
    if grep -q lazyfs "/proc/$pid/cmdline" 2>/dev/null; then sleep 0.5; kill -KILL "$pid" 2>/dev/null || true; fi
  done < "$POWERCUT_PIDFILE"
  rm -f "$POWERCUT_PIDFILE"
}
trap cleanup EXIT
timeout --kill-after=10 160 node dist/test/integration/powercut/powercut.js &
test_pid=$!
wait "$test_pid"
