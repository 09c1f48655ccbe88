#!/usr/bin/env bash
# Runs a test of tests/templates that needs its npm packages (kubernetes-models, yaml: pinned
# in package.json and package-lock.json), installing them first with `npm ci` into
# tests/templates/node_modules when missing. Without node/npm: skipped (exit 77, ctest's
# SKIP_RETURN_CODE for these tests).
# Usage: with_npm.sh COMMAND [ARG...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "templates: SKIPPED: node/npm not found (scripts/install-deps.sh installs them)" >&2
  exit 77
fi
[[ -f $here/node_modules/kubernetes-models/package.json && -f $here/node_modules/yaml/package.json ]] ||
  npm ci --prefix "$here" --silent --no-audit --no-fund
exec "$@"
