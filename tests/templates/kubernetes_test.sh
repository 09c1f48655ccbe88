#!/usr/bin/env bash
# templates/kubernetes/ against the Kubernetes OpenAPI schema and run on the example data
# (kubernetes_test.mjs), with a real Prometheus Pushgateway (Debian package
# prometheus-pushgateway) on 127.0.0.1 for the CronJob's push, stopped on exit. The npm
# packages are installed by with_npm.sh (skipped, exit 77, without node/npm).
# Usage: kubernetes_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: kubernetes_test.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/kubernetes-test.XXXXXX)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
prometheus-pushgateway --web.listen-address="127.0.0.1:$port" --persistence.file= >"$work/pushgateway.log" 2>&1 &
pid=$!
# Ready when it answers, as long as it is alive (up to two minutes on a busy machine).
for _ in $(seq 1200); do
  curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/pushgateway.log" >&2; echo "kubernetes_test: the Pushgateway exited" >&2; exit 1; }
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null || { echo "kubernetes_test: the Pushgateway did not start" >&2; exit 1; }
bash "$here/with_npm.sh" node "$here/kubernetes_test.mjs" "$build/tools" "http://127.0.0.1:$port"
