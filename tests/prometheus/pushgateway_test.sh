#!/usr/bin/env bash
# drift-check and canary-eval --pushgateway against a real Prometheus Pushgateway and a real
# Prometheus scraping it with the alert rules of templates/prometheus loaded, both started here
# on 127.0.0.1 (Debian packages prometheus-pushgateway and prometheus) and stopped on exit: the
# pushed metrics are scraped, stored, queried, and fire the templates' alerts.
# Usage: pushgateway_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: pushgateway_test.sh BUILD_DIR}
examples=$(cd "$(dirname "$0")/../../examples/drift" && pwd)
canary_examples=$(cd "$(dirname "$0")/../../examples/canary" && pwd)
rules=$(cd "$(dirname "$0")/../../templates/prometheus" && pwd)
# shellcheck source=tests/common/server_test.sh
. "$(dirname "$0")/../common/server_test.sh"
server_test pushgateway_test

# shellcheck source=tests/support/pushgateway_prometheus.sh
. "$(dirname "$0")/../support/pushgateway_prometheus.sh"
start_pushgateway "$work"
start_prometheus "$work" "$rules/drift-alerts.yml" "$rules/canary-alerts.yml"
wait_ready "http://127.0.0.1:$pgw_port" "http://127.0.0.1:$prom_port"

# The drifted example pair: exit 1 (dataset drift), metrics pushed under job drift_weather.
status=0
"$build/tools/drift-check" compare -r "$examples/reference.csv" \
  -c "$examples/current-summer-2015.csv" -q --pushgateway "http://127.0.0.1:$pgw_port" \
  --job drift_weather --label dataset=seattle || status=$?
[[ $status -eq 1 ]] || fail "drift-check exited $status, expected 1 (dataset drift)"

# What the Pushgateway now exposes to a scrape.
scrape=$(curl -sf "http://127.0.0.1:$pgw_port/metrics")
expect() {
  grep -qE "$1" <<<"$scrape" || fail "the scrape lacks /$1/"
}
expect '^mlops_drift_dataset_detected\{dataset="seattle",instance="",job="drift_weather"\} 1$'
expect '^mlops_drift_dataset_share\{dataset="seattle",instance="",job="drift_weather"\} 1$'
expect '^mlops_drift_detected\{column="temp_max",dataset="seattle",instance="",job="drift_weather"\} 1$'
expect '^mlops_drift_p_value\{column="temp_max",dataset="seattle",instance="",job="drift_weather",method="ks"\} '

# And what Prometheus stored from scraping it, queried by its HTTP API.
query='mlops_drift_detected{job="drift_weather",column="temp_max"}'
for _ in $(seq 600); do
  answer=$(curl -sfG "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$query" || true)
  grep -q '"value":\[[0-9.]*,"1"\]' <<<"$answer" && break
  sleep 0.1
done
grep -q '"value":\[[0-9.]*,"1"\]' <<<"$answer" || fail "Prometheus did not return $query = 1: $answer"

# The template's alert fires on it in Prometheus (for: 0m).
firing() {  # firing ALERTNAME LABEL=VALUE: waits up to 60 s for the alert, firing, with that label
  local answer
  for _ in $(seq 600); do
    answer=$(curl -sf "http://127.0.0.1:$prom_port/api/v1/alerts" || true)
    jq -e --arg name "$1" --arg k "${2%%=*}" --arg v "${2#*=}" \
      '.data.alerts | any(.labels.alertname == $name and .state == "firing" and .labels[$k] == $v)' \
      <<<"$answer" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  fail "Prometheus has no firing $1 with $2: $answer"
}
firing DatasetDrift dataset=seattle

# canary-eval: the regressed example is rolled back (exit 1); its push fires CanaryRolledBack
# and CanaryCriticalMetricFailed (error_rate is critical), and its --metrics file is the same
# exposition, valid for promtool.
status=0
"$build/tools/canary-eval" run --config "$canary_examples/canary.yaml" \
  --samples "$canary_examples/samples-regressed.csv" -q --pushgateway "http://127.0.0.1:$pgw_port" \
  --job canary_checkout --label service=checkout --metrics "$work/canary.prom" || status=$?
[[ $status -eq 1 ]] || fail "canary-eval exited $status, expected 1 (roll back)"
promtool check metrics <"$work/canary.prom" || fail "promtool rejects canary-eval's --metrics file"
scrape=$(curl -sf "http://127.0.0.1:$pgw_port/metrics")
expect '^mlops_canary_decision\{decision="rollback",instance="",job="canary_checkout",service="checkout"\} 1$'
expect '^mlops_canary_decision\{decision="promote",instance="",job="canary_checkout",service="checkout"\} 0$'
expect '^mlops_canary_metric_result\{classification="High",group="errors",instance="",job="canary_checkout",metric="error_rate",service="checkout"\} 1$'
firing CanaryRolledBack service=checkout
firing CanaryCriticalMetricFailed metric=error_rate
# The healthy example replaces the group: promote, and the roll-back series reads 0.
"$build/tools/canary-eval" run --config "$canary_examples/canary.yaml" \
  --samples "$canary_examples/samples-healthy.csv" -q --pushgateway "http://127.0.0.1:$pgw_port" \
  --job canary_checkout --label service=checkout || fail "the healthy canary was not promoted"
scrape=$(curl -sf "http://127.0.0.1:$pgw_port/metrics")
expect '^mlops_canary_decision\{decision="promote",instance="",job="canary_checkout",service="checkout"\} 1$'
expect '^mlops_canary_decision\{decision="rollback",instance="",job="canary_checkout",service="checkout"\} 0$'

# A push replaces the job's group: the no-drift pair brings the share back to 0.
"$build/tools/drift-check" compare -r "$examples/reference.csv" \
  -c "$examples/current-same-period.csv" -q --pushgateway "http://127.0.0.1:$pgw_port" \
  --job drift_weather --label dataset=seattle || fail "the no-drift pair did not pass"
scrape=$(curl -sf "http://127.0.0.1:$pgw_port/metrics")
expect '^mlops_drift_dataset_detected\{dataset="seattle",instance="",job="drift_weather"\} 0$'

# A Pushgateway that refuses the push is an error (exit 3), not a pass.
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
status=0
"$build/tools/drift-check" compare -r "$examples/reference.csv" \
  -c "$examples/current-same-period.csv" -q --pushgateway "http://127.0.0.1:$pgw_port" \
  --retries 0 2>"$work/err.txt" || status=$?
[[ $status -eq 3 ]] || fail "a stopped Pushgateway gave exit $status, expected 3"
status=0
: >"$work/github-output"
GITHUB_ACTIONS=true GITHUB_OUTPUT=$work/github-output "$build/tools/canary-eval" run \
  --config "$canary_examples/canary.yaml" --samples "$canary_examples/samples-healthy.csv" -q \
  --pushgateway "http://127.0.0.1:$pgw_port" --retries 0 2>"$work/err.txt" || status=$?
[[ $status -eq 3 ]] || fail "canary-eval with a stopped Pushgateway gave exit $status, expected 3"
[[ ! -s $work/github-output ]] || fail "canary-eval wrote GitHub outputs although its push failed"
echo "pushgateway_test: drift and canary metrics pushed, scraped, queried and alerting; a stopped server is exit 3"
