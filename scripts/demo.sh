#!/usr/bin/env bash
# The end-to-end demo on bundled example data: installs missing dependencies, builds the
# release binaries, and runs each gate that exists so far on examples/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release

echo
echo "== The streaming reader on examples/seattle-weather.csv (types inferred, every field parsed)"
"$bin/bench/read-bench" examples/seattle-weather.csv
