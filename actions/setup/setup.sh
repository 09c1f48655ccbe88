#!/usr/bin/env bash
# The logic of actions/setup, run with the environment GitHub gives a step (tested by
# tests/actions/actions_test.sh). Inputs: INPUT_VERSION, INPUT_RELEASE_BASE_URL,
# ACTION_REPOSITORY, ACTION_PATH; runner: RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE,
# GITHUB_OUTPUT, GITHUB_PATH.
set -euo pipefail

TOOL=setup
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"
fail() { error_annotation "mlops-actions setup" "$1"; exit 1; }

refuse_line_breaks release-base-url
version=${INPUT_VERSION:-source}
# The version names a directory of the tool cache and a release: no path, no line break.
valid_version "$version" ||
  usage_error "the version input must be a release tag such as v1.2.0, or source, not \"$version\""
case "${RUNNER_OS:-Linux}" in
  Linux) os=linux ;;
  macOS) fail "macOS runners are not supported yet: mlops-actions releases Linux binaries only (X64, ARM64); run the job on a Linux runner (docs/workflows.md, \"The asset\")" ;;
  *) fail "unsupported runner OS '${RUNNER_OS:-}': Linux runners (X64, ARM64) are supported" ;;
esac
case "${RUNNER_ARCH:-X64}" in
  X64) arch=x64 ;;
  ARM64) arch=arm64 ;;
  *) fail "unsupported runner architecture '${RUNNER_ARCH:-}': X64 and ARM64 are supported" ;;
esac
platform=$os-$arch
cache=${RUNNER_TOOL_CACHE:?RUNNER_TOOL_CACHE is not set}/mlops-actions/$version/$platform
bin=$cache/bin

binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
have_binaries() {
  local name
  for name in "${binaries[@]}"; do [[ -x "$bin/$name" ]] || return 1; done
}

if have_binaries && [[ $version != source ]]; then
  echo "mlops-actions $version ($platform) from the tool cache"
elif [[ $version == source ]]; then
  src=$(cd "${ACTION_PATH:?}/../.." && pwd)
  echo "mlops-actions: building $src from source (slow path)"
  bash "$src/scripts/install-deps.sh" || fail "the build dependencies are missing (see the message above)"
  cmake -S "$src" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release -DMLOPS_BUILD_TESTS=OFF \
    -DMLOPS_BUILD_BENCH=OFF >/dev/null
  cmake --build "$cache/build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
  cmake --install "$cache/build" --prefix "$cache" >/dev/null
else
  base=${INPUT_RELEASE_BASE_URL:-https://github.com/${ACTION_REPOSITORY:?}/releases/download/$version}
  asset=mlops-actions-$platform.tar.gz
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  fetch() {  # fetch NAME: from an http(s) base URL or a local directory
    if [[ $base == http://* || $base == https://* ]]; then
      curl --fail --silent --show-error --location --proto '=https,http' -o "$work/$1" "$base/$1" ||
        fail "cannot download $base/$1"
    else
      cp "${base#file://}/$1" "$work/$1" 2>/dev/null || fail "no $1 in $base"
    fi
  }
  fetch SHA256SUMS
  fetch "$asset"
  expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f {print $1}' "$work/SHA256SUMS")
  [[ -n $expected ]] || fail "SHA256SUMS of $version has no line for $asset"
  actual=$(sha256sum "$work/$asset" | awk '{print $1}')
  [[ $actual == "$expected" ]] ||
    fail "checksum mismatch for $asset: expected $expected, got $actual; refusing to install"
  mkdir -p "$cache"
  tar -xzf "$work/$asset" -C "$cache"
  have_binaries || fail "$asset does not hold all of ${binaries[*]/#/bin/}"
  echo "mlops-actions $version ($platform) installed from $base, checksum verified"
fi

have_binaries || fail "no binaries in $bin"
# One line, the tool cache's path and a checked version: GITHUB_PATH has no other syntax.
[[ $bin != *[$'\n\r']* ]] || fail "the tool cache's path holds a line break"
echo "$bin" >>"${GITHUB_PATH:?}"
set_output version "$version"
set_output path "$bin"
