#!/usr/bin/env bash
# Runs the widget suite in headless Chromium (a partner page on another loopback origin embeds the
# widget). Builds if needed; uses the voter browser suite's chromium check. Non-zero on failure.
#   test/integration/widget-browser/run.sh                 # the suite
#   WIDGET_SHOTS_DIR=/tmp/widget-shots test/integration/widget-browser/run.sh   # plus screenshots
set -euo pipefail
cd "$(dirname "$0")/../../.."
. test/integration/lib.sh
ensure_chromium
[ -d node_modules/playwright-core ] || npm ci
newest_src=$(find server storage migrations test support bin views -newer dist/test/integration/widget-browser/widget.test.js -print -quit 2>/dev/null || true)
if [ ! -f dist/test/integration/widget-browser/widget.test.js ] || [ -n "$newest_src" ]; then
  npx tsc -p tsconfig.json || echo "run.sh: tsc reported errors (see above); continuing with what it emitted" >&2
fi
node --test --test-concurrency=1 dist/test/integration/widget-browser
