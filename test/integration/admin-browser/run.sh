#!/usr/bin/env bash
# Runs the admin browser suite (keyboard only, axe on every page) in headless Chromium.
# Same needs as test/integration/browser/run.sh: Debian's chromium and a build.
#   test/integration/admin-browser/run.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."

. test/integration/lib.sh
ensure_chromium

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/archiver ]; then
  npm ci
fi

newest_src=$(find server storage migrations test support bin views -newer dist/test/integration/admin-browser/admin.test.js -print -quit 2>/dev/null || true)
if [ ! -f dist/test/integration/admin-browser/admin.test.js ] || [ -n "$newest_src" ]; then
  echo "run.sh: building" >&2
  npx tsc -p tsconfig.json || echo "run.sh: tsc reported errors (see above); continuing with what it emitted" >&2
fi
for f in dist/test/integration/admin-browser/admin.test.js dist/bin/rollcall.js; do
  [ -f "$f" ] || { echo "run.sh: $f was not built" >&2; exit 1; }
done

node --test --test-concurrency=1 dist/test/integration/admin-browser
