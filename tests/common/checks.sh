# shellcheck shell=bash
# The checks of the shell tests (sourced): each `expect` prints ok or FAIL and counts failures;
# `checks_done` ends the test, failing it when any check failed.
failures=0

# expect "what" CONDITION...: runs CONDITION; "ok: what" when it succeeds, else "FAIL: what".
expect() {
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what" >&2; failures=$((failures + 1)); fi
}

# checks_done: exit 1, saying how many, when a check failed.
checks_done() {
  (( failures == 0 )) || { echo "$failures check(s) failed" >&2; exit 1; }
}
