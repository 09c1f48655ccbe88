# shellcheck shell=bash
# The scaffold of a shell test that starts servers (sourced): `server_test NAME` makes the
# scratch folder $work, the list $pids of background servers, an EXIT trap that stops them and
# removes $work, and `fail MESSAGE`, which prints "NAME: error: MESSAGE" and the end of every
# log in $work, then exits 1.
server_test() {
  server_test_name=$1
  work=$(mktemp -d "/tmp/$1.XXXXXX")
  pids=()
  trap server_test_cleanup EXIT
}

server_test_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

fail() {
  echo "$server_test_name: error: $*" >&2
  for log in "$work"/*.log; do [[ -f $log ]] && tail -n 20 "$log" >&2; done
  exit 1
}
