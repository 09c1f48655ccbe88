# shellcheck shell=bash
# What the scripts of the actions and reusable workflows share (sourced by actions/*/run.sh,
# actions/setup/*.sh and scripts/github/*.sh). Inputs come as INPUT_* (or other) variables,
# never interpolated into a script. The binaries' actions set TOOL to the binary's name and
# build its arguments in the array `args`, every value as one --option=VALUE argument (a value
# that begins with "-" is then never read as an option) and the paths the binary takes
# positionally after "--".

# escape_data TEXT: TEXT as the message of a workflow command (::error::TEXT), GitHub's way:
# a line break in it cannot end the command and start one of its own (::add-mask::,
# ::stop-commands::).
escape_data() {
  local text=${1//%/%25}
  text=${text//$'\r'/%0D}
  printf '%s' "${text//$'\n'/%0A}"
}

# error_annotation TITLE MESSAGE: an ::error:: annotation on stderr, the message escaped.
error_annotation() { echo "::error title=$1::$(escape_data "$2")" >&2; }

# usage_error MESSAGE: the step fails as the binary would on bad usage (exit 2).
usage_error() { error_annotation "mlops-actions${TOOL:+ $TOOL}" "$1"; exit 2; }

# refuse_line_breaks INPUT...: each of these inputs (by its action.yml name: INPUT_JSON for
# json) is one path or value; exit 2, naming the input, when one holds a line break (\n or
# \r), before anything runs. A path is written to the step's outputs and shown in the log: a
# line break in it could add an output (drift=false) or a workflow command of its own.
# refuse_line_breaks --lists INPUT...: these inputs hold one item a line; a carriage return,
# which GitHub also reads as a line break, is refused in them.
refuse_line_breaks() {
  local breaks=$'\n\r' what="a line break: give one path or value, on one line" input variable
  if [[ $1 == --lists ]]; then
    breaks=$'\r'
    what="a carriage return: give one item a line, each line ending in a plain line feed"
    shift
  fi
  for input in "$@"; do
    variable=INPUT_${input^^}
    variable=${variable//-/_}
    [[ ${!variable:-} != *["$breaks"]* ]] || usage_error "the $input input holds $what"
  done
}

# add OPTION VALUE: OPTION=VALUE is passed on unless the value is empty.
add() { [[ -z $2 ]] || args+=("$1=$2"); }

# add_flag OPTION INPUT: OPTION is passed when the input (by its action.yml name) is "true";
# anything but "true", "false" or empty (false) is refused with exit 2, naming the input.
add_flag() {
  local variable=INPUT_${2^^} value
  variable=${variable//-/_}
  value=${!variable:-false}
  [[ $value == true || $value == false ]] || usage_error "the $2 input must be \"true\" or \"false\", not \"$value\""
  [[ $value == false ]] || args+=("$1")
}

# add_each OPTION TEXT: OPTION=LINE for each non-blank line of TEXT, trimmed (a YAML block
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
  refuse_line_breaks attest-out audit-log
  attestation=${INPUT_ATTEST_OUT:-}
  audit_log=${INPUT_AUDIT_LOG:-}
  if [[ -n $attestation ]]; then
    [[ -n ${MLOPS_ATTEST_KEY:-} ]] ||
      usage_error "the attest-out input needs the PEM private key in the MLOPS_ATTEST_KEY environment variable: set it in the step's env: from a secret"
    args+=(--attest-key=env:MLOPS_ATTEST_KEY "--attest-out=$attestation")
    rm -f -- "$attestation"
  fi
  add --audit-log "$audit_log"
}

# prepare_outputs PATH...: creates the directories of the report paths (the binaries do not)
# and notes which file is at each before the binary runs (file_identity), so that
# path_output and report_files name only files this run wrote: a binary that stops early
# (a command line that does not parse, an output that is an input, a crash) leaves an earlier
# run's report in place, which must not pass for this run's.
declare -gA outputs_before=()
prepare_outputs() {
  local path
  for path in "$@"; do
    [[ -z $path || $path == - ]] && continue
    mkdir -p -- "$(dirname -- "$path")"
    outputs_before[$path]=$(file_identity "$path")
  done
}

# file_identity PATH: device, inode, size and modification time of the file at PATH (after
# symlinks), empty when there is none. The binaries rename every report into place, so a
# report they wrote is always another inode.
file_identity() { stat -L -c '%d:%i:%s:%y' -- "$1" 2>/dev/null || true; }

# written_by_run PATH: whether PATH, noted by prepare_outputs, is now a regular file that was
# not there before the binary ran. A path that was not noted never counts as written.
written_by_run() {
  [[ -n $1 && $1 != - && -f $1 && -n ${outputs_before[$1]+noted} ]] &&
    [[ $(file_identity "$1") != "${outputs_before[$1]}" ]]
}

# output_delimiter: a fresh random heredoc delimiter, as GitHub's own toolkit draws them (a
# function, so that a test can replace it).
output_delimiter() { printf 'ghadelimiter_%s' "$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"; }

# set_output NAME VALUE: NAME=VALUE for the step's outputs ($GITHUB_OUTPUT).
set_output() { append_variable "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}" "$@"; }

# append_variable FILE NAME VALUE: NAME=VALUE appended to FILE ($GITHUB_OUTPUT, $GITHUB_ENV) in
# the NAME<<DELIMITER form with a random delimiter, so that no value (a path, a name, an API's
# answer) can end its entry early and add entries of its own; a value that holds the delimiter
# is refused (exit 3) and nothing is written. The one place these files are written.
append_variable() {
  local file=$1 name=$2 value=$3 delimiter
  [[ $name =~ ^[A-Za-z_][A-Za-z0-9_-]*$ ]] || { error_annotation mlops-actions "\"$name\" is not an output name"; exit 2; }
  delimiter=$(output_delimiter)
  [[ $delimiter == ghadelimiter_?* && $value != *"$delimiter"* ]] || {
    error_annotation mlops-actions "cannot write the output $name: its value holds the delimiter drawn for it"
    exit 3
  }
  printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$file"
}

# path_output NAME PATH: NAME=PATH when this run wrote the file (written_by_run), for the
# step's outputs.
path_output() { ! written_by_run "$2" || set_output "$1" "$2"; }

# pick_release_tag: of the tag names on stdin (one a line), the release whose binaries to run,
# on stdout (nothing when none is a release): only release tags vX.Y.Z (vX.Y.Z-PRERELEASE),
# a final release before a pre-release, the highest by version order when several. The one
# rule of actions/setup/setup.sh (the ref of an action) and find-release.sh (the commit of a
# reusable workflow).
pick_release_tag() {
  local tags final
  tags=$(grep -E '^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$' || true)
  final=$(grep -v -- - <<<"$tags" || true)
  sort -V <<<"${final:-$tags}" | sed '/^$/d' | tail -n 1
}

# valid_version VERSION: whether VERSION can name a release (v1.2.3, v1.2.3-rc.1) or "source":
# it names a directory of the tool cache and a part of a URL, so no "/", ".." or line break.
valid_version() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ && $1 != *..* ]]; }

# step_key: this step's name in its job, from GITHUB_ACTION (the step's id, or the name the
# runner makes up for a step without one: __owner_repo, __owner_repo_2, ...; every script of a
# composite action sees its step's), every character outside [A-Za-z0-9._-] as "_"; empty
# outside GitHub. Unique in the job, so it keeps two steps' files and artifacts apart.
step_key() {
  local key=${GITHUB_ACTION:-}
  key=${key%.run}  # runners that qualify it with the composite's own step id
  printf '%s' "${key//[^A-Za-z0-9._-]/_}"
}

# report_artifact: the upload-report and report-name inputs. With upload-report "true", the
# artifact's name becomes the report-artifact output (the action's upload step reads it):
# report-name as given, else TOOL-report-JOB-STEP, plus -LEG (strategy.job-index, as JOB_INDEX)
# in a matrix of more than one leg (JOB_TOTAL) and -attemptN on a re-run, so that no two steps,
# legs or attempts of a run ask upload-artifact v4 for one name (it refuses the second, 409).
# Checked before anything runs: a bad name would fail the upload after the tool ran.
report_artifact() {
  refuse_line_breaks upload-report report-name
  local upload=${INPUT_UPLOAD_REPORT:-false} name=${INPUT_REPORT_NAME:-} key
  [[ $upload == true || $upload == false ]] ||
    usage_error "the upload-report input must be \"true\" or \"false\", not \"$upload\""
  if [[ -n $name ]]; then
    # The characters upload-artifact refuses in a name.
    [[ $name != *[\":\<\>\|\*\?\\/]* ]] ||
      usage_error "the report-name input \"$name\" holds a character an artifact name cannot: \" : < > | * ? \\ /"
  else
    name=$TOOL-report
    [[ ! ${GITHUB_JOB:-} =~ ^[A-Za-z0-9_-]+$ ]] || name+=-$GITHUB_JOB
    key=$(step_key)
    [[ -z $key ]] || name+=-$key
    [[ ! ${JOB_TOTAL:-} =~ ^[0-9]+$ || $JOB_TOTAL -le 1 || ! ${JOB_INDEX:-} =~ ^[0-9]+$ ]] || name+=-$JOB_INDEX
    [[ ! ${GITHUB_RUN_ATTEMPT:-} =~ ^[0-9]+$ || $GITHUB_RUN_ATTEMPT -le 1 ]] || name+=-attempt$GITHUB_RUN_ATTEMPT
  fi
  [[ $upload == false ]] || set_output report-artifact "$name"
}

# default_report: where the JSON report goes without the json input, one file per step
# ($RUNNER_TEMP/TOOL-report[-STEP].json), removed first: a report left by an earlier run must
# not pass for this one's when the tool stops before writing it.
default_report() {
  local key path
  key=$(step_key)
  path=${RUNNER_TEMP:-/tmp}/$TOOL-report${key:+-$key}.json
  rm -f -- "$path"
  printf '%s' "$path"
}

# run_tool COMMAND...: runs the binary in GitHub mode, its exit code in `status`. A binary that
# stopped before deciding (exit 2 or 3, a crash) writes no verdict output; the verdict then says
# so in the binary's words: usage-error (2), cannot-evaluate (anything else).
run_tool() {
  local mark=0 verdict
  [[ ! -f ${GITHUB_OUTPUT:-} ]] || mark=$(wc -c <"$GITHUB_OUTPUT")
  status=0
  GITHUB_ACTIONS=true "$@" || status=$?
  if [[ -f ${GITHUB_OUTPUT:-} ]] && ! tail -c +$((mark + 1)) "$GITHUB_OUTPUT" | grep -qE '^verdict(=|<<)'; then
    case $status in
      0) verdict=pass ;;
      1) verdict=fail ;;
      2) verdict=usage-error ;;
      4) verdict=inconclusive ;;
      *) verdict=cannot-evaluate ;;
    esac
    set_output verdict "$verdict"
  fi
}

# report_files PATH...: the report-files output, the files among PATH... that this run wrote
# (written_by_run), one a line (what upload-report keeps).
report_files() {
  local path files=()
  for path in "$@"; do
    ! written_by_run "$path" || files+=("$path")
  done
  [[ ${#files[@]} -eq 0 ]] || set_output report-files "$(printf '%s\n' "${files[@]}")"
}
