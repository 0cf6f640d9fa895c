#!/usr/bin/env bash
# The mail suite: starts a private Postfix (./mta.sh: own config and queue directory, a loopback
# port, test domains delivered to one Maildir), runs the tests against the real server sending
# through it, and stops Postfix by its pid whatever happens. Needs root and Debian's postfix
# (.ci/run installs it). Non-zero on failure; the MTA's log is printed when a test fails.
#   test/integration/mail/run.sh
#   MTA_DIR=/tmp/my-mta test/integration/mail/run.sh     # elsewhere (default /tmp/rollcall-mta-suite)
set -euo pipefail
cd "$(dirname "$0")/../../.."
export MTA_DIR="${MTA_DIR:-/tmp/rollcall-mta-suite}"

newest_src=$(find server storage migrations test support bin views -newer dist/test/integration/mail/mail.test.js -print -quit 2>/dev/null || true)
if [ ! -f dist/test/integration/mail/mail.test.js ] || [ -n "$newest_src" ]; then
  echo "run.sh: building" >&2
  npx tsc -p tsconfig.json || echo "run.sh: tsc reported errors (see above); continuing with what it emitted" >&2
fi
for f in dist/test/integration/mail/mail.test.js dist/bin/rollcall.js; do
  [ -f "$f" ] || { echo "run.sh: $f was not built" >&2; exit 1; }
done

trap 'bash test/integration/mail/mta.sh stop' EXIT
# SMTP_URL=... and MAILDIR=... for the tests.
eval "$(bash test/integration/mail/mta.sh start | sed 's/^/export MTA_/')"

status=0
node --test --test-concurrency=1 dist/test/integration/mail || status=$?
if [ $status -ne 0 ]; then
  echo "--- the MTA's log ($MTA_DIR/maillog) ---" >&2
  tail -n 60 "$MTA_DIR/maillog" >&2 || true
fi
exit $status
