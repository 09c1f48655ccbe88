#!/usr/bin/env bash
# Builds everything with the `ci` preset (ASan+UBSan, -Werror) and runs every test registered
# with ctest: unit, CLI, integration and lint (formatting, shell scripts, workflows); clang-tidy
# and the fuzz targets run in CI (.ci/run) after it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
# ctest runs one test at a time unless told otherwise (the presets name no job count: the
# machine decides); no test writes Python bytecode into the tree.
export CTEST_PARALLEL_LEVEL=${CTEST_PARALLEL_LEVEL:-$(nproc)} PYTHONDONTWRITEBYTECODE=1
# clang-tidy over every source takes minutes on 2 cores, so the suite leaves it to CI (.ci/run
# runs it right after) unless arguments say otherwise; `ctest --preset ci` alone runs it too.
if [[ $# -eq 0 ]]; then
  ctest --preset ci -E '^lint\.tidy$'
else
  ctest --preset ci "$@"
fi

# The libFuzzer targets need a clang build of their own; CI (.ci/run) runs each for a short
# budget after this, and scripts/fuzz.sh [SECONDS] runs them by hand.
