#!/usr/bin/env bash
# Builds everything with the `ci` preset (ASan+UBSan, -Werror) and runs every test registered
# with ctest: unit, CLI, integration and lint (formatting, shell scripts).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci "$@"
