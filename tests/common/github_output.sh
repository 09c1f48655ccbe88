# shellcheck shell=bash
# Reads a $GITHUB_OUTPUT file (sourced by the shell tests) as GitHub's runner does: NAME=VALUE
# lines and NAME<<DELIMITER ... DELIMITER blocks, blank lines skipped, anything else an error
# that fails the step; a name set twice keeps its last value.

# read_outputs MODE [NAME] [FILE]: the runner's parse of FILE (default $GITHUB_OUTPUT), then
# MODE "value" prints NAME's value (status 1 when it was not set), "names" prints the names in
# the order they were set, one a line, a name set twice twice; "check" only parses. The status is
# 2, with the reason on stderr, when the file is not well formed.
read_outputs() {
  awk -v mode="$1" -v wanted="${2:-}" '
    function bad(why) { printf "GITHUB_OUTPUT line %d: %s\n", NR, why > "/dev/stderr"; failed = 1; exit 2 }
    function set(k, v) { value[k] = v; seen[k] = 1; order[++n] = k }
    delimiter != "" {
      if ($0 == delimiter) { set(key, text); delimiter = ""; next }
      text = (lines++ ? text "\n" : "") $0
      next
    }
    $0 == "" { next }
    {
      eq = index($0, "="); heredoc = index($0, "<<")
      if (eq > 0 && (heredoc == 0 || eq < heredoc)) {
        if (eq == 1) bad("no name before =")
        set(substr($0, 1, eq - 1), substr($0, eq + 1))
      } else if (heredoc > 0) {
        key = substr($0, 1, heredoc - 1); delimiter = substr($0, heredoc + 2)
        if (key == "" || delimiter == "") bad("a heredoc needs a name and a delimiter")
        text = ""; lines = 0
      } else {
        bad("neither NAME=VALUE nor NAME<<DELIMITER")
      }
    }
    END {
      if (failed) exit 2
      if (delimiter != "") { printf "GITHUB_OUTPUT: no line %s ends %s\n", delimiter, key > "/dev/stderr"; exit 2 }
      if (mode == "names") for (i = 1; i <= n; i++) print order[i]
      if (mode == "value") { if (!(wanted in seen)) exit 1; print value[wanted] }
    }
  ' "${3:-${GITHUB_OUTPUT:?}}"
}

# output NAME [FILE]: the value of the output NAME, as later steps see it.
output() { read_outputs value "$1" "${2:-}"; }

# outputs_well_formed [FILE]: GitHub would read the file without an error.
outputs_well_formed() { read_outputs check "" "${1:-}"; }

# output_names [FILE]: the names set, in order (a name set twice is listed twice).
output_names() { read_outputs names "" "${1:-}"; }
