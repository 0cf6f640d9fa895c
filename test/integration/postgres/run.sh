#!/usr/bin/env bash
# Runs the server's test suite against a real PostgreSQL: installs it from Debian if missing,
# starts a cluster by hand if none is running (no systemd), and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
started_here=""
if ! pg_lsclusters -h | awk '$4=="online"' | grep -q .; then
  pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
  pg_ctlcluster "$version" main start
  started_here="$version main"
fi
stop() { if [ -n "$started_here" ]; then pg_ctlcluster $started_here stop || true; fi; }
trap stop EXIT
port=$(pg_lsclusters -h | awk '$4=="online"{print $3; exit}')
su postgres -c "psql -p $port -qtAc \"select 1 from pg_roles where rolname='rollcall_ci'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"create role rollcall_ci login password 'rollcall_ci' createdb\""
su postgres -c "psql -p $port -qtAc \"select 1 from pg_database where datname='rollcall_ci'\"" | grep -q 1 ||
  su postgres -c "createdb -p $port -O rollcall_ci rollcall_ci"
[ -d dist/test/unit/server ] || npm run build
TEST_DATABASE_URL="postgres://rollcall_ci:rollcall_ci@127.0.0.1:$port/rollcall_ci" node --test --test-concurrency=1 dist/test/unit/server dist/test/unit/admin dist/test/unit/partners
