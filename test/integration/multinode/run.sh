#!/usr/bin/env bash
# Multi-node integration test: three Rollcall nodes, one PostgreSQL, shared volumes; one node is
# SIGKILLed under load and restarted (see multinode.ts for the checks). Then the same three nodes
# behind HAProxy (balancer.ts: a drain on SIGTERM, a 5× surge, a 20× spike), on a database of its
# own. MULTINODE_PARTS="multinode balancer" (the default) picks which. Exits non-zero on failure.
# Starts PostgreSQL like test/integration/postgres/run.sh when none is running (and stops it again),
# uses a fresh database (dropped afterwards), and kills only the processes it started (by pid).
# With MULTINODE_GLUSTER=1 (what .ci/run sets) the nodes share a real replica-3 GlusterFS volume,
# each through its own FUSE mount, built and torn down with the Gluster suite's scripts; otherwise
# two shared local directories stand in for it.
set -euo pipefail
cd "$(dirname "$0")/../../.."
. test/integration/lib.sh
gluster_bed=""
if [ "${MULTINODE_GLUSTER:-0}" = 1 ]; then
  . test/integration/gluster/env.sh
  bash test/integration/gluster/teardown.sh >/dev/null 2>&1 || true   # a bed left by an interrupted run
  gluster_bed=1
  trap 'bash test/integration/gluster/teardown.sh' EXIT   # until the full cleanup below takes over
  bash test/integration/gluster/setup.sh
  vol() { printf '[{"name":"gluster","paths":["%s"]}]' "$1"; }
  export MULTINODE_VOLUMES MULTINODE_NODE_VOLUMES
  MULTINODE_VOLUMES=$(vol "$MNT1")
  MULTINODE_NODE_VOLUMES="[$(vol "$MNT1"),$(vol "$MNT2"),$(vol "$MNT3")]"
fi
start_postgres
port=$PG_PORT
db="rollcall_multinode_$$"
psql_admin() { su postgres -c "psql -p $port -qtAc \"$1\""; }
psql_admin "select 1 from pg_roles where rolname='rollcall_ci'" | grep -q 1 ||
  psql_admin "create role rollcall_ci login password 'rollcall_ci' createdb"
su postgres -c "createdb -p $port -O rollcall_ci $db"
db2="rollcall_balancer_$$"
test_pid=""
export MULTINODE_PIDFILE
MULTINODE_PIDFILE=$(mktemp)
cleanup() {
  if [ -n "$test_pid" ] && kill -0 "$test_pid" 2>/dev/null; then kill -TERM "$test_pid" 2>/dev/null || true; fi
  # Nodes (and HAProxy) the test started and could not stop itself (it was SIGKILLed): by pid, if still ours.
  while read -r pid; do
    if [ -n "$pid" ] && grep -qE 'rollcall.js|haproxy' "/proc/$pid/cmdline" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done < "$MULTINODE_PIDFILE"
  rm -f "$MULTINODE_PIDFILE"
  psql_admin "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  psql_admin "drop database if exists $db2 with (force)" >/dev/null 2>&1 || true
  stop_postgres
  if [ -n "$gluster_bed" ]; then bash test/integration/gluster/teardown.sh || true; fi
}
trap cleanup EXIT
[ -f dist/test/integration/multinode/balancer.js ] || npx tsc -p tsconfig.json >/dev/null || true
parts=" ${MULTINODE_PARTS:-multinode balancer} "
if [[ "$parts" == *" multinode "* ]]; then
  export DATABASE_URL="postgres://rollcall_ci:rollcall_ci@127.0.0.1:$port/$db"
  # Bounded: the steps take about 2 minutes; the test aborts itself (killing its nodes) after 220 s,
  # `timeout` ends it after 230 s, and cleanup kills any node left from the pid file.
  timeout --kill-after=10 230 node dist/test/integration/multinode/multinode.js &
  test_pid=$!
  wait "$test_pid"
fi
if [[ "$parts" == *" balancer "* ]]; then
  command -v haproxy >/dev/null || { echo "haproxy is not installed (apt-get install haproxy)" >&2; exit 1; }
  su postgres -c "createdb -p $port -O rollcall_ci $db2"
  export DATABASE_URL="postgres://rollcall_ci:rollcall_ci@127.0.0.1:$port/$db2"
  # Bounded: about 2.5 minutes; the test aborts itself after 280 s, `timeout` ends it after 290 s.
  timeout --kill-after=10 290 node dist/test/integration/multinode/balancer.js &
  test_pid=$!
  wait "$test_pid"
fi
