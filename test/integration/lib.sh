# Shared by the integration suites' run.sh scripts (source it from the project root).
# No systemd on a CI machine: what a suite needs is installed from Debian and started by hand.

# Debian's chromium at $CHROMIUM (CHROMIUM_PATH or /usr/bin/chromium), installed when missing.
ensure_chromium() {
  CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$CHROMIUM" ]; then
    echo "run.sh: $CHROMIUM is missing; installing Debian's chromium" >&2
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium
    [ -x "$CHROMIUM" ] || { echo "run.sh: chromium still not at $CHROMIUM" >&2; exit 1; }
  fi
}

# A running PostgreSQL: installs it when missing and starts a cluster when none is online.
# Sets PG_PORT, and PG_STARTED_HERE (the cluster to stop with stop_postgres, or empty).
# `start_postgres scratch` starts a cluster it creates without fsync: for suites that check SQL
# behaviour, not durability (a cluster already running is used as it is).
start_postgres() {
  local mode="${1:-}"
  export DEBIAN_FRONTEND=noninteractive
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  PG_STARTED_HERE=""
  if ! pg_lsclusters -h | awk '$4=="online"' | grep -q .; then
    pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
    if [ "$mode" = scratch ]; then
      pg_ctlcluster "$version" main start -- -o "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    else
      pg_ctlcluster "$version" main start
    fi
    PG_STARTED_HERE="$version main"
  fi
  PG_PORT=$(pg_lsclusters -h | awk '$4=="online"{print $3; exit}')
}

stop_postgres() {
  if [ -n "${PG_STARTED_HERE:-}" ]; then pg_ctlcluster $PG_STARTED_HERE stop || true; fi
}
