#!/usr/bin/env bash
# Runs the voter-flow browser suite: builds if needed, makes sure Debian's chromium is there
# (installing it with apt-get when it is not and we may), then runs the tests. Non-zero on failure.
#   test/integration/browser/run.sh            # the suite
#   test/integration/browser/run.sh --shots    # also screenshots of every page, to /tmp/rollcall-screenshots
#   BROWSER_ONLY=voter-story test/integration/browser/run.sh   # one file (dist/test/integration/browser/<name>.test.js)
set -euo pipefail
cd "$(dirname "$0")/../../.."

. test/integration/lib.sh
ensure_chromium

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  npm ci
fi

# Build when dist/ is missing or older than any source (tsc is incremental, so this is cheap).
newest_src=$(find server storage migrations test bench support bin views \
  -newer dist/test/integration/browser/voter-flow.test.js -print -quit 2>/dev/null || true)
if [ ! -f dist/test/integration/browser/voter-flow.test.js ] || [ -n "$newest_src" ]; then
  echo "run.sh: building" >&2
  # Type errors elsewhere in the tree must not hide a stale build: tsc emits anyway, and the
  # test files themselves must compile (checked below).
  npx tsc -p tsconfig.json || echo "run.sh: tsc reported errors (see above); continuing with what it emitted" >&2
fi
for f in dist/test/integration/browser/voter-flow.test.js dist/bin/rollcall.js; do
  [ -f "$f" ] || { echo "run.sh: $f was not built" >&2; exit 1; }
done

# The story test (voter-story.test.ts) reads the voter's mail from a real MTA: the mail suite's
# private Postfix, here in its own directory, stopped by its pid on exit. Without root or Postfix
# the story is skipped (it says why); the other files do not need it.
if [ "$(id -u)" = 0 ] && [ -x /usr/lib/postfix/sbin/master ]; then
  export MTA_DIR="${MTA_DIR:-/tmp/rollcall-mta-browser}"
  trap 'bash test/integration/mail/mta.sh stop' EXIT
  eval "$(bash test/integration/mail/mta.sh start | sed 's/^/export MTA_/')"
fi

status=0
# Two files at a time: each starts its own server (free port, own data dir) and browser, and the
# shorter file (journey wording, ~25 s) then runs beside the voter flow instead of after it.
if [ -n "${BROWSER_ONLY:-}" ]; then
  only="dist/test/integration/browser/${BROWSER_ONLY}.test.js"
  [ -f "$only" ] || { echo "run.sh: $only was not built" >&2; exit 1; }
  node --test "$only" || status=$?
else
  node --test --test-concurrency=2 dist/test/integration/browser || status=$?
fi
if [ "${1:-}" = "--shots" ]; then
  node dist/test/integration/browser/screenshots.js "${2:-/tmp/rollcall-screenshots}" || status=$?
fi
exit $status
