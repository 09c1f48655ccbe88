#!/usr/bin/env bash
# scripts/install-deps.sh as actions/setup's `version: source` runs it (--build-only --sudo) on
# a runner that is not root, and as scripts/test.sh runs it (everything): which packages, which
# Boost for the distribution (Debian 12's 1.81, Ubuntu 24.04's 1.83; Ubuntu 22.04 has none with
# Boost.JSON and is refused with what to do), and that sudo runs apt-get only when asked. The
# system is a stand-in on PATH: id (not root), dpkg-query (nothing installed), apt-cache (the
# distribution's Boost.JSON packages, from BOOST_PACKAGES), sudo and apt-get (recorded, not run).
# Also setup.sh's `version: source` when the dependencies cannot be installed.
# shellcheck disable=SC2016 # the stand-ins are scripts, their $VARIABLES literal
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/install-deps-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"

stubs=$work/stubs
mkdir -p "$stubs"
stub() { printf '#!/bin/bash\n%s\n' "$2" >"$stubs/$1" && chmod +x "$stubs/$1"; }
stub id '[[ $1 == -u ]] && echo 1001 || exec /usr/bin/id "$@"'
stub dpkg-query 'exit 1'
stub apt-cache '[[ $1 == pkgnames ]] || exit 1; for p in $BOOST_PACKAGES; do [[ $p == "$2"* ]] && echo "$p"; done; exit 0'
stub sudo 'echo "sudo $*" >>"$CALLS"; [[ $1 == -n ]] && shift; exec "$@"'
stub apt-get 'echo "apt-get $*" >>"$CALLS"'
stub npm 'exit 0'
run() {  # run BOOST_PACKAGES ARGS...: install-deps.sh on the stand-in system; $code, $work/log, $work/calls
  local boost=$1
  shift
  : >"$work/calls"
  code=0
  env PATH="$stubs:/usr/bin:/bin" BOOST_PACKAGES="$boost" CALLS="$work/calls" \
    bash "$root/scripts/install-deps.sh" "$@" >"$work/log" 2>&1 || code=$?
}
build="g++ cmake make pkg-config git ca-certificates libboost-json1.81-dev libboost-program-options1.81-dev libcurl4-openssl-dev libssl-dev libyaml-cpp-dev zlib1g-dev libzstd-dev libre2-dev thrift-compiler libthrift-dev libsnappy-dev liblz4-dev libbrotli-dev"
debian="libboost-json1.74-dev libboost-json1.81-dev libboost-json1.83-dev"

run "$debian" --build-only
expect "build only, not root: exit 2" test "$code" = 2
expect "build only: the apt-get line names the build dependencies, Debian 12's Boost 1.81, nothing else" \
  test "$(sed -n 2p "$work/log")" = "  apt-get update && apt-get install -y --no-install-recommends $build"
expect "build only: ... nor does it call apt-get or sudo" test ! -s "$work/calls"

run "$debian"
expect "everything: adds the test tools, Chromium, Prometheus and the registry" \
  grep -qE "^  apt-get update && apt-get install -y --no-install-recommends .* chromium .*prometheus .*docker-registry" "$work/log"
expect "everything: ... after the build dependencies" grep -qF " $build ninja-build " "$work/log"

run "libboost-json1.83-dev" --build-only
expect "Ubuntu 24.04: Boost 1.83's packages" \
  test "$(sed -n 2p "$work/log")" = "  apt-get update && apt-get install -y --no-install-recommends ${build//1.81/1.83}"

run "$debian" --build-only --sudo
expect "--sudo, not root: exit 0" test "$code" = 0
expect "--sudo: apt-get runs through sudo -n, the build dependencies only" \
  test "$(<"$work/calls")" = "sudo -n apt-get update -qq
apt-get update -qq
sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $build
apt-get install -y -qq --no-install-recommends $build"

run "libboost-json1.74-dev" --build-only --sudo
expect "Ubuntu 22.04 (Boost 1.74): exit 2" test "$code" = 2
expect "Ubuntu 22.04: says why and what to do" \
  grep -qE '^install-deps: error: no Boost.JSON 1.81 or newer among the packages of .* \(Debian 12 has libboost-json1.81-dev, Ubuntu 24.04 libboost-json1.83-dev; Ubuntu 22.04 has Boost 1.74, which has no Boost.JSON\): build on Debian 12 or Ubuntu 24.04, or install a release \(actions: version: vX.Y.Z; elsewhere: install.sh\)$' "$work/log"
expect "Ubuntu 22.04: updated the package lists first (through sudo), installed nothing" \
  test "$(<"$work/calls")" = "sudo -n apt-get update -qq
apt-get update -qq"

run "$debian" --bogus
expect "an unknown argument: exit 2" test "$code" = 2

# setup.sh, version: source, on that Ubuntu 22.04 runner: exit 2, the message, nothing on PATH.
mkdir -p "$work/toolcache"
: >"$work/output"
: >"$work/path"
code=0
env PATH="$stubs:/usr/bin:/bin" BOOST_PACKAGES="libboost-json1.74-dev" CALLS="$work/calls" INPUT_VERSION=source \
  ACTION_PATH="$root/actions/setup" RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TOOL_CACHE="$work/toolcache" \
  GITHUB_OUTPUT="$work/output" GITHUB_PATH="$work/path" bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1 || code=$?
expect "setup, version: source without Boost.JSON: exit 2" test "$code" = 2
expect "setup: ... the message" test "$(grep '^::error' "$work/log")" = \
  "::error title=mlops-actions setup::version: source cannot install the build dependencies (see the message above): it needs Debian 12 or Ubuntu 24.04 with apt-get as root or passwordless sudo; on other runners use a release, version: vX.Y.Z"
expect "setup: ... nothing on PATH, no output" test ! -s "$work/path" -a ! -s "$work/output"

checks_done
echo "install-deps: all checks passed"
