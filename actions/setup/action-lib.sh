# shellcheck shell=bash
# What the scripts of the binaries' actions share (sourced by actions/*/run.sh, which set TOOL
# to the binary's name and build its arguments in the array `args`). Inputs come as INPUT_*
# variables, never interpolated into a script.

# usage_error MESSAGE: the step fails as the binary would on bad usage (exit 2).
usage_error() { echo "::error title=mlops-actions $TOOL::$1" >&2; exit 2; }

# add OPTION VALUE: OPTION VALUE is passed on unless the value is empty.
add() { [[ -z $2 ]] || args+=("$1" "$2"); }

# add_each OPTION TEXT: OPTION LINE for each non-blank line of TEXT, trimmed (a YAML block
# scalar may leave indentation), e.g. --label for the labels input.
add_each() {
  local line
  while IFS= read -r line; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    add "$1" "$line"
  done <<<"$2"
}

# add_attestation: the attest-out and audit-log inputs. The signing key comes only from the
# step's environment (a secret), never from an input, and reaches the binary by the variable's
# name: its text is on no command line. An earlier run's envelope is removed first, so that it
# cannot pass for this one's. Sets `attestation` and `audit_log`.
add_attestation() {
  attestation=${INPUT_ATTEST_OUT:-}
  audit_log=${INPUT_AUDIT_LOG:-}
  [[ $attestation$audit_log != *$'\n'* ]] || usage_error "the attest-out and audit-log inputs must be one path each"
  if [[ -n $attestation ]]; then
    [[ -n ${MLOPS_ATTEST_KEY:-} ]] ||
      usage_error "the attest-out input needs the PEM private key in the MLOPS_ATTEST_KEY environment variable: set it in the step's env: from a secret"
    args+=(--attest-key env:MLOPS_ATTEST_KEY --attest-out "$attestation")
    rm -f -- "$attestation"
  fi
  add --audit-log "$audit_log"
}

# make_parents PATH...: creates the directories of the report paths (the binaries do not).
make_parents() {
  local path
  for path in "$@"; do
    [[ -z $path || $path == - ]] || mkdir -p -- "$(dirname -- "$path")"
  done
}

# path_output NAME PATH: NAME=PATH when the file was written (for the step's outputs).
path_output() { [[ -z $2 || ! -f $2 ]] || echo "$1=$2"; }
