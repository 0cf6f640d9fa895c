#!/usr/bin/env bash
# A private Postfix for the mail suites: its own configuration and queue directory (so it never
# touches, nor is touched by, a system Postfix), SMTP on a loopback port only, accepting mail for
# the test domains (voters.test, partners.test) and delivering it to one Maildir. Anything else
# is refused during the SMTP conversation (554, no relaying), so a test mailing a real domain fails
# at once instead of leaving mail queued. Started and stopped by pid: the master daemon runs in the
# foreground (`master -d`) as a background process of this script; no systemd, no service command.
#   test/integration/mail/mta.sh start   # prints SMTP_URL=... and MAILDIR=... (eval-able lines)
#   test/integration/mail/mta.sh stop    # stops the master by its pid, waits for it to be gone
#   test/integration/mail/mta.sh status
# MTA_DIR (default /tmp/rollcall-mta) holds everything: etc/ (main.cf, master.cf), queue/, data/,
# maildir/ (cur/ new/ tmp/), maillog, master.pid. MTA_PORT picks the port (default: a free one).
# Needs root (Postfix's master binds and drops to the postfix user) and Debian's postfix package:
# .ci/run installs it when missing ("Local only", non-interactive; see docs/mail-testing.md).
set -euo pipefail

MTA_DIR="${MTA_DIR:-/tmp/rollcall-mta}"
DOMAINS="voters.test partners.test"
MASTER=/usr/lib/postfix/sbin/master
pidfile="$MTA_DIR/master.pid"
envfile="$MTA_DIR/env"

die() {
  echo "mta.sh: $*" >&2
  exit 1
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# Waits until something accepts connections on 127.0.0.1:$1 (bash's /dev/tcp), or fails after $2 s.
wait_for_port() {
  local port=$1 deadline=$(($(date +%s) + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

configure() {
  local port=$1 owner=$2
  mkdir -p "$MTA_DIR/etc" "$MTA_DIR/queue" "$MTA_DIR/data" "$MTA_DIR/maildir"/{cur,new,tmp}
  chown -R "$owner" "$MTA_DIR/maildir"
  chown postfix "$MTA_DIR/data"
  # postfix-script's checks read these from the configuration directory.
  cp /etc/postfix/postfix-files "$MTA_DIR/etc/"
  [ -d /etc/postfix/postfix-files.d ] && cp -r /etc/postfix/postfix-files.d "$MTA_DIR/etc/"
  [ -f /etc/postfix/dynamicmaps.cf ] && cp /etc/postfix/dynamicmaps.cf "$MTA_DIR/etc/"
  [ -d /etc/postfix/dynamicmaps.cf.d ] && cp -r /etc/postfix/dynamicmaps.cf.d "$MTA_DIR/etc/"
  cat >"$MTA_DIR/etc/main.cf" <<EOF
# Written by test/integration/mail/mta.sh: a throwaway Postfix for tests. Not for production.
compatibility_level = 3.6
config_directory = $MTA_DIR/etc
queue_directory = $MTA_DIR/queue
data_directory = $MTA_DIR/data
maillog_file = $MTA_DIR/maillog
maillog_file_prefixes = $MTA_DIR
myhostname = mta.rollcall.test
mydomain = rollcall.test
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
# Nothing is delivered locally and nothing leaves: the test domains go to one Maildir.
mydestination =
local_transport = error:local delivery is off in the test MTA
default_transport = error:outside mail is off in the test MTA
relay_transport = error:outside mail is off in the test MTA
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = reject_unauth_destination
smtpd_recipient_restrictions = reject_unauth_destination
alias_maps =
alias_database =
virtual_mailbox_domains = ${DOMAINS// /, }
virtual_mailbox_base = $MTA_DIR
virtual_mailbox_maps = static:maildir/
virtual_uid_maps = static:${owner%%:*}
virtual_gid_maps = static:${owner##*:}
virtual_minimum_uid = 1
smtpd_banner = \$myhostname ESMTP rollcall test MTA
biff = no
append_dot_mydomain = no
readme_directory = no
smtputf8_enable = yes
# Quick tests: no waiting on DNS or on the queue's usual pacing.
disable_dns_lookups = yes
smtp_host_lookup = native
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
maximal_queue_lifetime = 60s
bounce_queue_lifetime = 60s
EOF
  # No chroot (the daemons would need copies of /etc files inside the queue directory).
  cat >"$MTA_DIR/etc/master.cf" <<EOF
# service   type  private unpriv chroot wakeup maxproc command
127.0.0.1:$port inet n - n - - smtpd
pickup      unix  n       -      n      60     1       pickup
cleanup     unix  n       -      n      -      0       cleanup
qmgr        unix  n       -      n      300    1       qmgr
rewrite     unix  -       -      n      -      -       trivial-rewrite
bounce      unix  -       -      n      -      0       bounce
defer       unix  -       -      n      -      0       bounce
trace       unix  -       -      n      -      0       bounce
verify      unix  -       -      n      -      1       verify
flush       unix  n       -      n      1000?  0       flush
proxymap    unix  -       -      n      -      -       proxymap
smtp        unix  -       -      n      -      -       smtp
showq       unix  n       -      n      -      -       showq
error       unix  -       -      n      -      -       error
retry       unix  -       -      n      -      -       error
discard     unix  -       -      n      -      -       discard
local       unix  -       n      n      -      -       local
virtual     unix  -       n      n      -      -       virtual
anvil       unix  -       -      n      -      1       anvil
scache      unix  -       -      n      -      1       scache
postlog     unix-dgram n  -      n      -      1       postlogd
EOF
}

start() {
  [ "$(id -u)" = 0 ] || die "needs root (Postfix's master binds its port and drops to the postfix user); try sudo"
  [ -x "$MASTER" ] || die "Postfix is not installed (apt-get install postfix; .ci/run does it)"
  if pid=$(running_pid); then
    cat "$envfile"
    echo "mta.sh: already running (pid $pid)" >&2
    return 0
  fi
  local port="${MTA_PORT:-$(free_port)}"
  # Delivered files belong to whoever asked through sudo (so they can read them), else nobody.
  local owner="${SUDO_UID:-$(id -u nobody)}:${SUDO_GID:-$(id -g nobody)}"
  # Only ever wipe a directory this script made (or an empty or missing one).
  case "$MTA_DIR" in /?*) ;; *) die "MTA_DIR must be an absolute path other than /" ;; esac
  if [ -d "$MTA_DIR" ] && [ -n "$(ls -A "$MTA_DIR")" ] &&
    ! grep -qs '^# Written by test/integration/mail/mta.sh' "$MTA_DIR/etc/main.cf"; then
    die "$MTA_DIR exists and was not made by mta.sh; choose another MTA_DIR"
  fi
  rm -rf "$MTA_DIR"
  configure "$port" "$owner"
  export MAIL_CONFIG="$MTA_DIR/etc"
  # Creates the queue directories with their owners and modes; fails on a bad configuration.
  postfix -c "$MTA_DIR/etc" check || die "postfix check failed (configuration in $MTA_DIR/etc)"
  # The master in the foreground (-d) as our child in the background: $! is its pid.
  # setsid: the master leads its own process group, so its SIGTERM handler (which signals its
  # group) stops every Postfix child and nothing of ours.
  setsid "$MASTER" -c "$MTA_DIR/etc" -d </dev/null >>"$MTA_DIR/master.out" 2>&1 &
  echo $! >"$pidfile"
  if ! wait_for_port "$port" 20; then
    echo "mta.sh: nothing listening on 127.0.0.1:$port after 20 s" >&2
    cat "$MTA_DIR/master.out" "$MTA_DIR/maillog" >&2 2>/dev/null || true
    stop >/dev/null
    exit 1
  fi
  printf 'SMTP_URL=smtp://127.0.0.1:%s\nMAILDIR=%s\n' "$port" "$MTA_DIR/maildir" | tee "$envfile"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    echo "mta.sh: not running" >&2
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "mta.sh: master $pid still running after 10 s; SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "mta.sh: stopped (pid $pid)" >&2
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid); then
    echo "running (pid $pid)"
    cat "$envfile"
  else
    echo "not running"
    exit 3
  fi ;;
  *) die "usage: mta.sh start|stop|status" ;;
esac
