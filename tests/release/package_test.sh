#!/usr/bin/env bash
# The release asset end to end: scripts/package-release.sh on a portable build (cmake --preset
# portable) writes the asset and SHA256SUMS, byte-identical when run twice; actions/setup
# installs it from a local "release" directory as a runner would; the installed binaries run
# in a chroot that holds nothing but glibc and the asset (no Boost, yaml-cpp, RE2, curl,
# OpenSSL, libstdc++ of the system: what a stock runner or a slim container lacks) and give the
# demo's verdicts there. The checks of the script are seen to fail: a build that is not
# portable, binaries that need a library off the allow-list, a glibc limit below what the
# binaries need. Run by .ci/run after the test suite (the portable build is a build of its own).
# Usage: package_test.sh PORTABLE_BUILD_DIR [DEV_BUILD_DIR (a shared-library build, for the
# allow-list failure; default build/ci)]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: package_test.sh PORTABLE_BUILD_DIR [SHARED_BUILD_DIR]}" && pwd)
shared_build=${2:-$root/build/ci}

work=$(mktemp -d /tmp/package-test.XXXXXX)
proc_mounted=
cleanup() {
  [[ -z $proc_mounted ]] || umount "$proc_mounted" 2>/dev/null || umount -l "$proc_mounted" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
fatal() { echo "package_test: error: $*" >&2; exit 1; }
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
case $(uname -m) in x86_64) platform=linux-x64 ;; aarch64) platform=linux-arm64 ;; *) fatal "no platform for $(uname -m)" ;; esac
asset=mlops-actions-$platform.tar.gz
export SOURCE_DATE_EPOCH=1700000000

# ---- the asset, twice: the same bytes ----
bash "$root/scripts/package-release.sh" "$build" "$work/release" >"$work/package.log" 2>&1 ||
  fatal "package-release.sh failed: $(<"$work/package.log")"
cp "$work/release/$asset" "$work/first.tar.gz"
bash "$root/scripts/package-release.sh" "$build" "$work/release" >/dev/null 2>&1 || fatal "the second run failed"
expect "two runs write the same asset, byte for byte" cmp -s "$work/first.tar.gz" "$work/release/$asset"
expect "SHA256SUMS has exactly one line, the asset's checksum" \
  test "$(cat "$work/release/SHA256SUMS")" = "$(cd "$work/release" && sha256sum "$asset")"
listing=$(tar -tzf "$work/release/$asset")
for name in "${binaries[@]}"; do
  expect "the asset holds bin/$name" grep -qx "bin/$name" <<<"$listing"
done
holds() { grep -qx -- "$1" <<<"$listing"; }
lacks() { ! grep -E -- "$1" <<<"$listing"; }
expect "the asset bundles libcurl" holds lib/libcurl.so.4
expect "the asset bundles OpenSSL" holds lib/libssl.so.3
expect "the asset bundles none of Boost, yaml-cpp, RE2, libstdc++ (linked in statically)" \
  lacks 'lib/lib(boost|yaml-cpp|re2|stdc\+\+)'
expect "the asset carries the copyright of a static library (yaml-cpp)" holds share/doc/libyaml-cpp-dev/copyright
expect "the asset carries the copyright of a bundled library (libcurl)" holds share/doc/libcurl4/copyright

# ---- actions/setup installs it from a local release directory, as on a runner ----
mkdir -p "$work/toolcache"
: >"$work/output"
: >"$work/path"
runner_arch=X64
[[ $platform == linux-x64 ]] || runner_arch=ARM64
(cd "$work" && env INPUT_VERSION=v9.9.9 INPUT_RELEASE_BASE_URL="$work/release" ACTION_PATH="$root/actions/setup" \
  RUNNER_OS=Linux RUNNER_ARCH=$runner_arch \
  RUNNER_TOOL_CACHE="$work/toolcache" GITHUB_OUTPUT="$work/output" GITHUB_PATH="$work/path" \
  bash "$root/actions/setup/setup.sh" >"$work/setup.log" 2>&1) || fatal "setup.sh failed: $(<"$work/setup.log")"
installed=$work/toolcache/mlops-actions/v9.9.9/$platform
expect "setup puts the installed bin/ on PATH" test "$(<"$work/path")" = "$installed/bin"

# ---- the installed binaries in a chroot holding only glibc ----
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: running the asset in a glibc-only chroot (chroot needs root; this runs as $(id -un))"
else
  rootfs=$work/rootfs
  multiarch=$(gcc -print-multiarch)
  mkdir -p "$rootfs/lib/$multiarch" "$rootfs/opt" "$rootfs/tmp" "$rootfs/proc"
  chmod 1777 "$rootfs/tmp"
  # glibc, all of it (Debian's libc6 package), as every runner and container has it.
  while read -r lib; do
    [[ -f $lib ]] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done < <(dpkg -L "libc6:$(dpkg --print-architecture)" | grep -E '/lib[^/]*\.so(\.[0-9]+)*$')
  loader=$(readelf -l "$installed/bin/drift-check" | sed -nE 's/.*program interpreter: (.*)\]/\1/p')
  mkdir -p "$rootfs$(dirname "$loader")"
  cp -L "$loader" "$rootfs$loader"
  cp -a "$installed" "$rootfs/opt/mlops-actions"
  cp -a "$root/examples" "$rootfs/examples"
  system_libraries() {  # the chroot's libraries outside the asset that glibc does not provide
    find "$rootfs" -path "$rootfs/opt" -prune -o \( -name 'libstdc++*' -o -name 'libboost*' -o -name 'libcurl*' \
      -o -name 'libyaml*' -o -name 'libssl*' \) -print
  }
  expect "the chroot has no libstdc++, Boost, yaml-cpp, curl or OpenSSL of the system" test -z "$(system_libraries)"
  if ! mount -t proc proc "$rootfs/proc" 2>"$work/mount.log"; then
    echo "SKIP: running the asset in a glibc-only chroot (cannot mount /proc: $(<"$work/mount.log"))"
  else
    proc_mounted=$rootfs/proc
    chroot=$(command -v chroot)
    run() {  # run EXPECTED_EXIT COMMAND...: in the chroot, as an unprivileged user
      local want=$1 got=0
      shift
      env -i PATH=/opt/mlops-actions/bin HOME=/tmp "$chroot" --userspec=65532:65532 "$rootfs" "$@" \
        >"$work/run.out" 2>&1 || got=$?
      [[ $got == "$want" ]] || { echo "  exit $got, expected $want: $*" >&2; tail -n 5 "$work/run.out" >&2; return 1; }
    }
    for name in "${binaries[@]}"; do
      expect "$name --version runs with only glibc besides the asset" run 0 "$name" --version
    done
    expect "data-validate passes the weather data against its contract" \
      run 0 data-validate check /examples/seattle-weather.csv --contract /examples/weather-contract.yaml --no-github -q
    expect "metric-gate passes the example candidate" \
      run 0 metric-gate check --rules /examples/model/gate.yaml --predictions /examples/model/candidate-predictions.csv \
      --baseline-metrics /examples/model/champion-metrics.json --baseline-prefix test. --no-github -q
    expect "drift-check: the same period does not drift (exit 0)" \
      run 0 drift-check compare --reference /examples/drift/reference.csv \
      --current /examples/drift/current-same-period.csv --config /examples/drift/drift.yaml --no-github -q
    expect "drift-check: summer 2015 drifts (exit 1)" \
      run 1 drift-check compare --reference /examples/drift/reference.csv \
      --current /examples/drift/current-summer-2015.csv --config /examples/drift/drift.yaml --no-github -q
    expect "canary-eval: the regressed canary is rolled back (exit 1)" \
      run 1 canary-eval run --config /examples/canary/canary.yaml --samples /examples/canary/samples-regressed.csv \
      --no-github -q
    # TLS through the bundled libcurl and OpenSSL: no CA certificates in the chroot, so the
    # verification fails, and fails closed (exit 3), rather than the library failing to load.
    expect "image-tag --check-registry without CA certificates fails closed (exit 3)" \
      run 3 image-tag --image registry.invalid/x/y --tags type=raw,value=latest --git-ref refs/heads/main \
      --git-sha 0123456789abcdef0123456789abcdef01234567 --event push --check-registry --no-github
  fi
fi

# ---- the checks fail where they should ----
fails_with() {  # fails_with PATTERN COMMAND...: the command exits non-zero and says PATTERN
  local pattern=$1
  shift
  if "$@" >"$work/fail.log" 2>&1; then echo "  exit 0: $*" >&2; return 1; fi
  grep -q -- "$pattern" "$work/fail.log" || { echo "  output: $(<"$work/fail.log")" >&2; return 1; }
}
expect "a glibc limit below the binaries' needs fails, naming the file" \
  fails_with "needs glibc 2\.[0-9]*, newer than 2.17" \
  env MLOPS_MAX_GLIBC=2.17 bash "$root/scripts/package-release.sh" "$build" "$work/low-glibc"
expect "a build not configured portable is refused" \
  fails_with "is not a portable build" bash "$root/scripts/package-release.sh" "$shared_build" "$work/shared"
if [[ -x $shared_build/tools/drift-check ]]; then
  # The shared build's binaries, installed by a stand-in install script of a "portable" build.
  fake=$work/fake-build
  mkdir -p "$fake"
  echo 'MLOPS_PORTABLE:BOOL=ON' >"$fake/CMakeCache.txt"
  # shellcheck disable=SC2016 # ${CMAKE_INSTALL_PREFIX} is for cmake
  printf 'file(INSTALL DESTINATION "${CMAKE_INSTALL_PREFIX}/bin" TYPE PROGRAM FILES %s)\n' \
    "$(printf '"%s" ' "${binaries[@]/#/$shared_build/tools/}")" >"$fake/cmake_install.cmake"
  expect "binaries that need a shared library off the allow-list are refused, naming it" \
    fails_with "needs lib.*not on the allow-list" bash "$root/scripts/package-release.sh" "$fake" "$work/fake"
else
  echo "FAIL: no shared-library build at $shared_build for the allow-list check" >&2
  failures=$((failures + 1))
fi

checks_done
echo "all release packaging checks passed"
