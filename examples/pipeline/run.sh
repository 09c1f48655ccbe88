#!/usr/bin/env bash
# The reference ML CI/CD flow end to end on one machine, with the servers a user would run
# started on 127.0.0.1: an OCI registry, Prometheus and a Pushgateway (examples/pipeline/README.md).
#
# Usage: examples/pipeline/run.sh [--bin DIR] [--work DIR] [SCENARIO...]
#   SCENARIO  healthy, regressed (examples/pipeline/scenarios/NAME.env) or the path of a
#             scenario file; default: healthy then regressed
#   --bin     the directory of the six binaries (default build/release/tools, as scripts/demo.sh
#             builds them)
#   --work    where to keep every report, model, image layout and server log (default: a new
#             /tmp/mlops-pipeline.XXXXXX, printed at the end)
#
# Per scenario, on fresh servers: 1 validate the training data, 2 train a model and score the
# held-out days, 3 gate the candidate against the champion, 4 build the serving image and push it
# when the gates passed and its tag is new, 5 judge the canary on the traffic in Prometheus,
# 6 check production data for drift, push the metrics and read the alert, 7 verify every signed
# decision and the audit log. One line per stage with its verdict; exit 0 when every stage did
# what the scenario expects, 1 when one did not, 2 on bad usage or a missing tool, 3 when a server
# could not start.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/examples/pipeline
cd "$root"  # paths given to the tools, and so named in the attestations, are relative to it
usage="usage: examples/pipeline/run.sh [--bin DIR] [--work DIR] [SCENARIO...]"
die() { echo "pipeline: error: $1" >&2; exit "${2:-2}"; }

bin=$root/build/release/tools
work=
scenarios=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --bin | --work)
      [[ $# -ge 2 ]] || die "$1 needs a directory; $usage"
      if [[ $1 == --bin ]]; then bin=$2; else work=$2; fi
      shift 2
      ;;
    -h | --help) echo "$usage"; exit 0 ;;
    -*) die "unknown option $1; $usage" ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
[[ ${#scenarios[@]} -gt 0 ]] || scenarios=(healthy regressed)
for name in data-validate metric-gate drift-check image-tag canary-eval mlops-attest; do
  [[ -x $bin/$name ]] || die "no $name in $bin: run scripts/demo.sh (it builds build/release/tools) or pass --bin DIR"
done
bin=$(cd "$bin" && pwd)
for tool in prometheus promtool prometheus-pushgateway docker-registry skopeo curl jq openssl python3 awk; do
  command -v "$tool" >/dev/null ||
    die "$tool is missing: run bash scripts/install-deps.sh (scripts/demo.sh does), which installs what this needs"
done
if [[ -z $work ]]; then work=$(mktemp -d /tmp/mlops-pipeline.XXXXXX); else mkdir -p "$work"; fi
work=$(cd "$work" && pwd)

# shellcheck source=examples/pipeline/servers.sh
source "$here/servers.sh"
# shellcheck source=examples/pipeline/stages.sh
source "$here/stages.sh"
trap servers_stop EXIT

# One signing key for every decision; the verifier gets its public half.
openssl genpkey -algorithm ed25519 -out "$work/attest-key.pem" 2>/dev/null
openssl pkey -in "$work/attest-key.pem" -pubout -out "$work/attest-pub.pem"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
git_sha=$(git rev-parse HEAD 2>/dev/null || printf '0%.0s' {1..40})

unexpected=0
for scenario in "${scenarios[@]}"; do
  run_scenario "$scenario"
done
echo "pipeline: reports, models, image layouts and server logs in $work"
if [[ $unexpected -gt 0 ]]; then
  echo "pipeline: $unexpected stage(s) did something other than their scenario expects" >&2
  exit 1
fi
echo "pipeline: every stage of ${scenarios[*]} did what its scenario expects"
