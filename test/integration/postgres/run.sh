#!/usr/bin/env bash
# Runs the server's test suite against a real PostgreSQL: installs it from Debian if missing,
# starts a cluster by hand if none is running (no systemd), and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/../../.."
. test/integration/lib.sh
start_postgres scratch
trap stop_postgres EXIT
port=$PG_PORT
su postgres -c "psql -p $port -qtAc \"select 1 from pg_roles where rolname='rollcall_ci'\"" | grep -q 1 ||
  su postgres -c "psql -p $port -qc \"create role rollcall_ci login password 'rollcall_ci' createdb\""
su postgres -c "psql -p $port -qtAc \"select 1 from pg_database where datname='rollcall_ci'\"" | grep -q 1 ||
  su postgres -c "createdb -p $port -O rollcall_ci rollcall_ci"
[ -d dist/test/unit/server ] || npm run build:all
# The suites that touch the database: every server test but the PDF, state-rule and SQLite-only
# (db/) ones and the fuzz suite, which pin no database behaviour and would only add time here.
mapfile -t suites < <(find dist/test/unit/server -name '*.test.js' -not -path '*/server/pdf/*' -not -path '*/server/states/*' \
  -not -path '*/server/db/*' -not -name fuzz.test.js | sort)
# Two files at a time: each test app makes its own database, so they never share rows (117 s instead of 183 s).
TMPDIR=/dev/shm TEST_DATABASE_URL="postgres://rollcall_ci:rollcall_ci@127.0.0.1:$port/rollcall_ci" node --test --test-concurrency=2 "${suites[@]}"
