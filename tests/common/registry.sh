# shellcheck shell=bash
# A real OCI registry (Debian's docker-registry) on 127.0.0.1 for the shell tests (sourced).
#
#   registry_start DIR [delete]   starts it on a free port, storing under DIR/storage (with
#                                 `delete`, manifests can be deleted); sets `registry`
#                                 (127.0.0.1:PORT) and `registry_pid`, and returns once /v2/
#                                 answers. Should the port be taken between choosing and
#                                 binding, it tries another (five times), else exits 1 with
#                                 the registry's log.
#   registry_stop                 stops it (for the caller's EXIT trap; safe to call twice).
# Waits for the registry without a deadline: it either answers or exits.
registry=
registry_pid=

registry_start() {
  local dir=$1 delete=${2:-} attempt port
  for attempt in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    registry=127.0.0.1:$port
    {
      echo "version: 0.1"
      echo "log: {level: warn, accesslog: {disabled: true}}"
      echo "storage:"
      echo "  filesystem: {rootdirectory: '$dir/storage'}"
      [[ $delete != delete ]] || echo "  delete: {enabled: true}"
      echo "http: {addr: '$registry', secret: ci-not-secret}"
    } >"$dir/registry.yml"
    docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
    registry_pid=$!
    until curl -sf -o /dev/null "http://$registry/v2/"; do
      if ! kill -0 "$registry_pid" 2>/dev/null; then
        wait "$registry_pid" 2>/dev/null || true
        registry_pid=
        break
      fi
      sleep 0.1
    done
    [[ -z $registry_pid ]] || return 0
    echo "docker-registry did not start on $registry (attempt $attempt): $(tail -n 3 "$dir/registry.log")" >&2
  done
  echo "error: docker-registry did not start" >&2
  exit 1
}

registry_stop() {
  [[ -z $registry_pid ]] || { kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; }
  registry_pid=
}
