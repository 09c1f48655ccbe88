#!/usr/bin/env bash
# The data of a drift-monitor run (.github/workflows/drift-monitor.yml), tested by
# tests/actions/workflow_scripts_test.sh:
#
#   fetch-data.sh NAME VALUE
#       VALUE is a path in the workspace or an http(s) URL (downloaded, keeping its file name,
#       whose extension tells drift-check the format and compression). Writes NAME=<local path>.
#   fetch-data.sh --shard I/N NAME LIST
#       LIST holds paths, globs in the workspace or URLs, one a line; after the globs are
#       expanded (sorted), shard I of N (0-based) takes entries I, I+N, I+2N, ... and fetches
#       them into one directory. Writes NAME=<directory> and NAME-count=<files>.
#
# Outputs go to GITHUB_OUTPUT; downloads to RUNNER_TEMP/drift-data. DATA_TOKEN, when set, is
# sent as a bearer token to https URLs only (a plain http URL is then refused). Exit 2 for a
# bad argument, 3 when data cannot be had (a missing file, a failed download, an empty shard):
# data that cannot be read is never "no drift".
set -euo pipefail
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../../actions/setup/action-lib.sh"

fail() { error_annotation drift-monitor "$1"; exit "$2"; }
: "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}" "${RUNNER_TEMP:?RUNNER_TEMP is not set}"
# check_name NAME: NAME names outputs and a directory: a word.
check_name() { [[ $1 =~ ^[a-z][a-z0-9-]*$ ]] || fail "the name \"$1\" is not a word of lower-case letters, digits and -" 2; }

# fetch_one NAME VALUE DIR: prints the local path of VALUE, downloading a URL into DIR.
fetch_one() {
  local name=$1 value=$2 dir=$3 file shown
  if [[ $value == https://* || $value == http://* ]]; then
    file=${value%%[?#]*}
    shown=$(sed -E 's#^([a-z]+://)[^/@]*@#\1#' <<<"$file")  # no query, no user:password
    file=${file##*/}
    [[ $file =~ ^[A-Za-z0-9._-]+$ ]] || file=data
    mkdir -p "$dir"
    file=$dir/$file
    [[ ! -e $file ]] || fail "the $name URLs $shown and another one have the same file name" 2
    local args=(--fail --silent --show-error --location --proto '=https,http' --retry 3
                --connect-timeout 30 -o "$file")
    if [[ -n ${DATA_TOKEN:-} ]]; then
      [[ $value == https://* ]] ||
        fail "the $name URL $shown is plain http: refusing to send DATA_TOKEN over it, use https" 2
      # The token reaches curl on stdin, never on its command line.
      printf 'Authorization: Bearer %s\n' "$DATA_TOKEN" |
        curl "${args[@]}" --header @- "$value" >&2 || fail "cannot download the $name from $shown" 3
    else
      curl "${args[@]}" "$value" >&2 || fail "cannot download the $name from $shown" 3
    fi
  else
    [[ -f $value ]] ||
      fail "the $name: no file \"$value\" in the workspace (a path in the calling repository or in the artifacts input)" 3
    file=$value
  fi
  printf '%s\n' "$file"
}

if [[ ${1:-} == --shard ]]; then
  (( $# == 4 )) || fail "usage: fetch-data.sh --shard I/N NAME LIST" 2
  [[ $2 =~ ^([0-9]+)/([0-9]+)$ ]] || fail "--shard \"$2\" is not I/N" 2
  shard=$((10#${BASH_REMATCH[1]}))
  shards=$((10#${BASH_REMATCH[2]}))
  (( shards >= 1 && shard < shards )) || fail "--shard $2: the shard must be 0 to N-1" 2
  name=$3
  check_name "$name"
  # A line is a path or a URL; a carriage return, a line break to GitHub, is none.
  [[ $4 != *$'\r'* ]] || fail "the $name list holds a carriage return: one path, glob or URL a line" 2
  # The entries, globs expanded in sorted order; a glob that matches nothing is an error.
  entries=()
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [[ -n $line ]] || continue
    if [[ $line == *://* || $line != *[*?[]* ]]; then
      entries+=("$line")
    else
      mapfile -t matches < <(compgen -G "$line" | LC_ALL=C sort)
      (( ${#matches[@]} > 0 )) || fail "the $name: the pattern \"$line\" matches no file in the workspace" 3
      entries+=("${matches[@]}")
    fi
  done <<<"$4"
  (( ${#entries[@]} > 0 )) || fail "the $name lists no data" 2
  (( ${#entries[@]} >= shards )) ||
    fail "the $name has ${#entries[@]} file(s) for $shards shards: shard $shard would be empty; use fewer shards" 2
  # The shard's directory holds only its files (links named in list order); downloads go beside
  # it, so that a profile step's "$DIR"/* sees data files only.
  dir=$RUNNER_TEMP/drift-data/$name-shard-$shard
  downloads=$RUNNER_TEMP/drift-data/$name-shard-$shard-downloads
  rm -rf "$dir" "$downloads"
  mkdir -p "$dir"
  count=0
  for ((i = shard; i < ${#entries[@]}; i += shards)); do
    file=$(fetch_one "$name" "${entries[i]}" "$downloads")
    # One name per entry, keeping the extension: the profile of each is named after it.
    base=${file##*/}
    ln -s "$(realpath "$file")" "$dir/$(printf '%05d' "$i")-$base"
    count=$((count + 1))
  done
  set_output "$name" "$dir"
  set_output "$name-count" "$count"
  echo "drift-monitor: shard $shard of $shards: $count of ${#entries[@]} $name file(s)"
else
  (( $# == 2 )) || fail "usage: fetch-data.sh NAME VALUE | --shard I/N NAME LIST" 2
  check_name "$1"
  [[ -n $2 ]] || fail "the $1 is empty" 2
  [[ $2 != *[$'\n\r']* ]] || fail "the $1 holds a line break: give one path or URL" 2
  rm -rf "$RUNNER_TEMP/drift-data/$1"
  file=$(fetch_one "$1" "$2" "$RUNNER_TEMP/drift-data/$1")
  set_output "$1" "$file"
fi
