# shellcheck shell=bash
# A release server for the release tests (sourced): serve_release ROOT [LATEST_TAG] starts
# tests/release/release_server.py on 127.0.0.1 and a port the kernel picks, serving the files
# under ROOT (and GitHub's releases/latest/download redirect to LATEST_TAG), and sets
# serve_url=http://127.0.0.1:PORT; serve_stop stops it (call it from the test's EXIT trap).
# The access log is "$serve_log" (default: a file beside ROOT).
serve_pid=
serve_url=

serve_release() {
  local root=$1 latest=${2:-} fifo line=
  serve_log=${serve_log:-$root.server.log}
  fifo=$(mktemp -u "${TMPDIR:-/tmp}/serve-port.XXXXXX")
  mkfifo -m 600 "$fifo"
  python3 "$(dirname "${BASH_SOURCE[0]}")/release_server.py" "$root" ${latest:+"$latest"} \
    >"$fifo" 2>"$serve_log" &
  serve_pid=$!
  # The port is the server's first line, written once it listens; the read blocks until then,
  # or ends at EOF when the server exits first: no fixed port, no polling, no timeout.
  read -r line <"$fifo" || true
  rm -f "$fifo"
  [[ $line =~ ^[0-9]+$ ]] || { echo "serve.sh: the release server did not start: $(cat "$serve_log")" >&2; return 1; }
  # shellcheck disable=SC2034 # for the test that sources this
  serve_url=http://127.0.0.1:$line
}

serve_stop() {
  [[ -z $serve_pid ]] || { kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; }
  serve_pid=
}
