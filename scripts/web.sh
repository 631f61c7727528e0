#!/usr/bin/env bash
# Installs the npm packages the server's pages are built from (web/package-lock.json), which the
# build embeds in the binary: run before configuring a build. Install scripts are not run (the
# packages ship built files; no package needs one).
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  touch node_modules
fi
