#!/usr/bin/env bash
# Lint checks, run by ctest (tests/CMakeLists.txt). Usage: scripts/lint.sh format|shell
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  format)
    # Every C++ source must be clang-formatted (.clang-format); prints the offenders.
    mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*' 'tools/*' 'tests/*' 'bench/*' \
                         | grep -E '\.(cpp|h)$')
    clang-format --dry-run --Werror "${files[@]}"
    echo "lint: ${#files[@]} C++ files formatted"
    ;;
  shell)
    mapfile -t files < <(git ls-files -co --exclude-standard -- '*.sh' .ci/run)
    shellcheck -x "${files[@]}"
    echo "lint: ${#files[@]} shell scripts clean"
    ;;
  *)
    echo "usage: scripts/lint.sh format|shell" >&2
    exit 2
    ;;
esac
