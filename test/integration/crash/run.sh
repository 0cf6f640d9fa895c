#!/usr/bin/env bash
# Crash-safety test: the real server (SQLite, two local volumes in a fresh DATA_DIR) SIGKILLed at
# seeded random moments under a stream of registrations and restarted, then every invariant
# checked (see crash.ts). Exits non-zero on any violation. Bounded: the driver aborts itself after
# 170 s, `timeout` ends it after 180 s, and cleanup kills any server it left, by pid.
# CRASH_SEED=<n> replays a schedule; CRASH_KILLS (10), CRASH_PORT (42510), CRASH_KEEP=1 keeps the files.
set -euo pipefail
cd "$(dirname "$0")/../../.."
[ -f dist/test/integration/crash/crash.js ] || npm run build:all >/dev/null
test_pid=""
export CRASH_PIDFILE
CRASH_PIDFILE=$(mktemp)
cleanup() {
  if [ -n "$test_pid" ] && kill -0 "$test_pid" 2>/dev/null; then kill -TERM "$test_pid" 2>/dev/null || true; fi
  # servers the driver started and could not stop itself (it was killed): by pid, if still ours
  while read -r pid; do
    if [ -n "$pid" ] && grep -q rollcall.js "/proc/$pid/cmdline" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done < "$CRASH_PIDFILE"
  rm -f "$CRASH_PIDFILE"
}
trap cleanup EXIT
timeout --kill-after=10 180 node dist/test/integration/crash/crash.js &
test_pid=$!
wait "$test_pid"
