#!/usr/bin/env bash
# Builds everything with the `ci` preset (ASan+UBSan, -Werror) and runs every test registered
# with ctest: unit, CLI, integration and lint (formatting, shell scripts).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
ctest --preset ci "$@"

# Every fuzz target for a short budget (a clang build of its own): a crash fails the run.
# MLOPS_FUZZ_SECONDS=0 skips it; longer runs: scripts/fuzz.sh 600.
fuzz_seconds=${MLOPS_FUZZ_SECONDS:-10}
if [[ $fuzz_seconds -gt 0 ]]; then
  bash scripts/fuzz.sh "$fuzz_seconds"
fi
