#!/usr/bin/env bash
# Builds the static web app into web/out (served by the local gateway). Usage: web/build.sh
set -euo pipefail
cd "$(dirname "$0")"
# One build at a time on a machine: two `next build`s writing .next/ and out/ at once corrupt both.
exec 9>"${TMPDIR:-/tmp}/interview-web-build.lock"
flock 9
export NEXT_TELEMETRY_DISABLED=1
# `npm ci` installs exactly the committed lockfile and never rewrites it (a fresh `make test` leaves the
# tree clean). The lockfile lists every platform's optional native packages (Next's SWC, Tailwind's
# oxide), as `npm install` writes it; without them `npm ci` refuses to run.
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
npx next build
test -f out/index.html
