#!/usr/bin/env bash
# Builds the static web app into web/out (served by the local gateway). Usage: web/build.sh
set -euo pipefail
cd "$(dirname "$0")"
export NEXT_TELEMETRY_DISABLED=1
if [ ! -d node_modules ]; then
  npm install --no-audit --no-fund
fi
npx next build
test -f out/index.html
