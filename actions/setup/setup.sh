#!/usr/bin/env bash
# The logic of actions/setup, run with the environment GitHub gives a step (tested by
# tests/actions/actions_test.sh and, against a local server serving a packaged release, by
# tests/release/setup_test.sh). Inputs: INPUT_VERSION, INPUT_RELEASE_BASE_URL; the action:
# ACTION_REPOSITORY, ACTION_REF (github.action_repository, github.action_ref), ACTION_PATH;
# runner: RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, GITHUB_OUTPUT, GITHUB_PATH,
# GITHUB_SERVER_URL, GITHUB_API_URL; GITHUB_TOKEN (optional, for the API's rate limit).
#
# Which version: the version input when set; else the release that matches the action's own
# ref, the one the user wrote after "@" in `uses:`:
#   vX.Y.Z (vX.Y.Z-PRE)  that release, with no API request (refs/tags/vX.Y.Z too);
#   vX or vX.Y           a moving major tag: the release tag (vX.Y.Z) on the commit it points at
#                        (release.yml moves v1 only once that release is published);
#   a 40-hex commit      the release tag on that commit (upper case is read as lower case);
#   anything else        (a branch, refs/heads/...) refused, exit 2, saying how to pin.
# The last two ask GitHub's REST API for the repository's tags (GET /repos/R/tags, 100 a page,
# each with its commit, annotated tags peeled), once; a commit's release is remembered in the
# tool cache, so a later action of the job asks nothing.
# Inside another composite action github.action_ref is that action's (actions/runner#2473): the
# repository and ref are then read from ACTION_PATH, _actions/OWNER/REPO/REF/actions/..., when
# it is the directory this script runs from; else a ref is refused (exit 2).
#
# A tool cache entry is reused only with its completion marker, .complete (the asset's sha256,
# or "source"), written once everything is in place: an entry without it (an install cut short)
# is installed again. Every download is retried (3 times: a refused connection, a time-out, a
# 408/429/5xx answer), with a connect time-out of 20 s and at most 600 s per request.
set -euo pipefail

TOOL=setup
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"
# fail MESSAGE: could not install (exit 3); usage_error (exit 2): the inputs or the ref.
fail() { error_annotation "mlops-actions setup" "$1"; exit 3; }
pin_hint="pin the action to a release, uses: OWNER/mlops-actions/actions/NAME@vX.Y.Z (or the commit of a release), or set its version input, version: vX.Y.Z"

refuse_line_breaks release-base-url
version=${INPUT_VERSION:-}
# The version names a directory of the tool cache and a release: no path, no line break.
[[ -z $version ]] || valid_version "$version" ||
  usage_error "the version input must be a release tag such as v1.2.0, or source, not \"$version\""
case "${RUNNER_OS:-Linux}" in
  Linux) os=linux ;;
  macOS) usage_error "macOS runners are not supported yet: mlops-actions releases Linux binaries only (X64, ARM64); run the job on a Linux runner (docs/workflows.md, \"The asset\")" ;;
  *) usage_error "unsupported runner OS '${RUNNER_OS:-}': Linux runners (X64, ARM64) are supported" ;;
esac
case "${RUNNER_ARCH:-X64}" in
  X64) arch=x64 ;;
  ARM64) arch=arm64 ;;
  *) usage_error "unsupported runner architecture '${RUNNER_ARCH:-}': X64 and ARM64 are supported" ;;
esac
platform=$os-$arch
tool_cache=${RUNNER_TOOL_CACHE:?RUNNER_TOOL_CACHE is not set}/mlops-actions
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The options of every request: retried on transient failures (--retry-all-errors: also a
# connection reset mid-download; an HTTP error answer is not a curl error, so a 404 or 401 is
# not retried), never waiting forever. curl 7.71 or later (ubuntu-22.04 has 7.81).
curl_options=(--silent --show-error --proto '=https,http' --retry 3 --retry-all-errors
  --connect-timeout 20 --max-time 600)

repository=${ACTION_REPOSITORY:-}
# The token, for the API only: kept from the environment of anything run from here (a build).
token=${GITHUB_TOKEN:-}
unset GITHUB_TOKEN
valid_repository() { [[ $repository =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; }

# api_tags: "NAME COMMIT" for each tag of the action's repository, from GET /repos/R/tags
# (the REST API's list of tags: every page, following the Link header's rel="next").
api_tags() {
  local api=${GITHUB_API_URL:-https://api.github.com} url status page=0 next
  url="$api/repos/$repository/tags?per_page=100"
  command -v jq >/dev/null ||
    fail "jq is needed to read the GitHub API's list of tags (for the ref ${ref}), and it is not on PATH: install jq, or $pin_hint"
  printf 'Accept: application/vnd.github+json\nX-GitHub-Api-Version: 2022-11-28\n' >"$work/headers"
  # The token goes in a file (not on a command line, where ps shows it), to the API only.
  [[ -z $token ]] || printf 'Authorization: Bearer %s\n' "$token" >>"$work/headers"
  while [[ -n $url ]]; do
    page=$((page + 1))
    ((page <= 20)) || fail "$repository has more than 2000 tags: the API's list of tags is not read further; $pin_hint"
    status=$(curl "${curl_options[@]}" -H @"$work/headers" -D "$work/response-headers" \
      -o "$work/tags.json" -w '%{http_code}' "$url" 2>"$work/curl.log") ||
      fail "cannot ask the GitHub API which release ${ref} is ($url): $(<"$work/curl.log"); $pin_hint"
    if [[ $status != 200 ]]; then
      local message
      message=$(jq -r '.message? // empty' "$work/tags.json" 2>/dev/null | head -n 1 || true)
      case $status in
        403 | 429) fail "the GitHub API refused to list the tags of $repository (HTTP $status: ${message:-no message}), the rate limit most likely: give the step a token (GITHUB_TOKEN; the actions pass github.token), or $pin_hint" ;;
        404) fail "the GitHub API does not know the repository $repository (HTTP 404: ${message:-Not Found}): a private repository needs a GITHUB_TOKEN that can read it; or $pin_hint" ;;
        *) fail "the GitHub API answered HTTP $status (${message:-no message}) to $url; $pin_hint" ;;
      esac
    fi
    jq -r 'if type == "array" then .[] | select((.name | type) == "string" and (.commit.sha | type) == "string") | "\(.name) \(.commit.sha)" else error("not a list") end' \
      "$work/tags.json" 2>/dev/null ||
      fail "the GitHub API's answer to $url is not a list of tags: $(head -c 200 "$work/tags.json"); $pin_hint"
    # Link: <URL>; rel="next", followed on the API's own host only (the token goes there).
    next=$(tr -d '\r' <"$work/response-headers" | sed -nE 's/^[Ll]ink:.*<([^>]*)>; *rel="next".*/\1/p' | head -n 1)
    url=
    if [[ -n $next ]]; then
      [[ $next == "$api/"* ]] || fail "the GitHub API's next page $next is not on $api"
      url=$next
    fi
  done
}

# resolve_ref: the version for the action's ref (see the top), or exit 2 saying how to pin.
resolve_ref() {
  [[ -n $ref ]] ||
    usage_error "cannot tell which release to install: the action's ref (github.action_ref) is empty, as it is for a local action (uses: ./...); $pin_hint"
  valid_repository ||
    usage_error "cannot tell which release to install: the action's repository (github.action_repository) is \"$repository\", not OWNER/REPO; set the version input, version: vX.Y.Z"
  if [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    echo "$ref"
    return
  fi
  local commit='' tags release remembered=''
  if [[ $ref =~ ^[0-9a-f]{40}$ ]]; then
    commit=$ref
    remembered=$tool_cache/.refs/$repository/$commit
    if [[ -f $remembered ]] && valid_version "$(<"$remembered")"; then
      echo "mlops-actions: $commit is $(<"$remembered") (remembered in the tool cache)" >&2
      cat "$remembered"
      return
    fi
  elif [[ ! $ref =~ ^v[0-9]+(\.[0-9]+)?$ ]]; then
    usage_error "the action's ref \"$ref\" is not a release: a branch (or another name) moves, so which binaries would run is not known; $pin_hint"
  fi
  tags=$(api_tags) || exit
  if [[ -z $commit ]]; then  # a major tag: its commit
    commit=$(awk -v t="$ref" '$1 == t {print $2; exit}' <<<"$tags")
    [[ -n $commit ]] || usage_error "$repository has no tag $ref (asked the GitHub API); $pin_hint"
  fi
  release=$(awk -v c="$commit" '$2 == c {print $1}' <<<"$tags" | pick_release_tag)
  if [[ -z $release ]]; then
    if [[ $ref == "$commit" ]]; then
      usage_error "the commit $commit of $repository carries no release tag (vX.Y.Z), so it has no release binaries; $pin_hint"
    fi
    usage_error "$ref points at $commit of $repository, which carries no release tag (vX.Y.Z); $pin_hint"
  fi
  echo "mlops-actions: $ref is $release (the release tag on $commit)" >&2
  if [[ $ref == "$commit" ]]; then  # for the job's later actions, which then ask nothing
    mkdir -p "$(dirname -- "$remembered")"
    printf '%s\n' "$release" >"$remembered"
  fi
  echo "$release"
}

# from_action_path: the repository and ref of ACTION_PATH, _actions/OWNER/REPO/REF/actions/...
# (REF may be refs/tags/NAME), into `repository` and `ref`; false when ACTION_PATH is not the
# directory this script runs from (then it says nothing about this checkout) or not so laid out.
from_action_path() {
  local path=${ACTION_PATH:-} here there rest owner name path_ref
  here=$(cd "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P) || return 1
  there=$(cd "$path" 2>/dev/null && pwd -P) || return 1
  [[ $here == "$there" ]] || return 1
  rest=${path#*/_actions/}
  [[ $rest == */*/*/actions/* ]] || return 1
  owner=${rest%%/*}
  rest=${rest#*/}
  name=${rest%%/*}
  rest=${rest#*/}
  path_ref=${rest%%/actions/*}
  [[ $owner/$name =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ && $path_ref =~ ^(refs/tags/)?[A-Za-z0-9_.-]+$ ]] || return 1
  repository=$owner/$name
  ref=$path_ref
}

ref=${ACTION_REF:-}
# Inside another composite action, github.action_ref and github.action_repository are the
# outermost action's (actions/runner#2473; github/docs#25336: not promised for composite
# actions at all), or empty under a local one. The runner checks an action out to
# _actions/OWNER/REPO/REF/, so a path there that does not match them names the right ones.
if [[ ${ACTION_PATH:-} == */_actions/* && ${ACTION_PATH:-} != */_actions/"$repository/$ref"/* ]]; then
  said="$repository@$ref"
  if from_action_path; then
    echo "mlops-actions: github.action_ref says ${said}, that of the composite action that calls this one; this action runs from $ACTION_PATH: $repository@$ref"
  elif [[ -z $version ]]; then
    usage_error "github.action_ref says ${said}, but this action runs from $ACTION_PATH: it was called from another composite action, which GitHub gives its own ref (actions/runner#2473); set the version input, version: vX.Y.Z"
  fi
fi
# refs/tags/vX.Y.Z is the tag vX.Y.Z; a commit in upper case is the same commit.
ref=${ref#refs/tags/}
[[ ! $ref =~ ^[0-9A-Fa-f]{40}$ ]] || ref=${ref,,}
if [[ -z $version ]]; then
  version=$(resolve_ref) || exit
  valid_version "$version" || usage_error "the release \"$version\" of the ref $ref cannot name a directory of the tool cache; set the version input, version: vX.Y.Z"
fi
cache=$tool_cache/$version/$platform
bin=$cache/bin

binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
have_binaries() {  # have_binaries [DIR]: every binary in DIR/bin (default: the cache entry)
  local name
  for name in "${binaries[@]}"; do [[ -x "${1:-$cache}/bin/$name" ]] || return 1; done
}

marker=$cache/.complete
if have_binaries && [[ $version != source && -s $marker ]]; then
  echo "mlops-actions $version ($platform) from the tool cache"
elif [[ $version == source ]]; then
  src=$(cd "${ACTION_PATH:?}/../.." && pwd)
  echo "mlops-actions: building $src from source (slow path; version: source)"
  # Only the build's dependencies, with sudo on a runner that is not root (hosted runners have
  # passwordless sudo): the release path never needs it.
  bash "$src/scripts/install-deps.sh" --build-only --sudo ||
    usage_error "version: source cannot install the build dependencies (see the message above): it needs Debian 12 or Ubuntu 24.04 with apt-get as root or passwordless sudo; on other runners use a release, version: vX.Y.Z"
  cmake -S "$src" -B "$cache/build" -DCMAKE_BUILD_TYPE=Release -DMLOPS_BUILD_TESTS=OFF \
    -DMLOPS_BUILD_BENCH=OFF >/dev/null
  cmake --build "$cache/build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
  rm -f "$marker"
  cmake --install "$cache/build" --prefix "$cache" >/dev/null
  echo source >"$marker"
else
  [[ ! -d $cache ]] ||
    echo "mlops-actions: the tool cache entry $cache is incomplete (no $(basename -- "$marker"): an install cut short?): installing it again"
  if [[ -n ${INPUT_RELEASE_BASE_URL:-} ]]; then
    base=$INPUT_RELEASE_BASE_URL
  else
    valid_repository ||
      usage_error "the action's repository (github.action_repository) is \"$repository\", not OWNER/REPO: set the release-base-url input"
    base=${GITHUB_SERVER_URL:-https://github.com}/$repository/releases/download/$version
  fi
  asset=mlops-actions-$platform.tar.gz
  fetch() {  # fetch NAME: from an http(s) base URL or a local directory
    if [[ $base == http://* || $base == https://* ]]; then
      local status
      status=$(curl "${curl_options[@]}" --location -o "$work/$1" -w '%{http_code}' \
        "$base/$1" 2>"$work/curl.log") || fail "cannot download $base/$1: $(<"$work/curl.log")"
      [[ $status == 200 ]] || {
        [[ $status != 404 ]] || fail "cannot download $base/$1 (HTTP 404): the release $version has no $1; is $version a release of ${repository:-mlops-actions} with $platform binaries? (the assets are listed on its release page)"
        fail "cannot download $base/$1 (HTTP $status)"
      }
    else
      cp "${base#file://}/$1" "$work/$1" 2>/dev/null || fail "no $1 in $base"
    fi
  }
  fetch SHA256SUMS
  fetch "$asset"
  expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f {print $1}' "$work/SHA256SUMS")
  [[ -n $expected ]] || fail "SHA256SUMS of $version has no line for $asset"
  lines=$(wc -l <<<"$expected")
  ((lines == 1)) || fail "SHA256SUMS of $version has $lines lines for $asset, not one: refusing to install; report it"
  actual=$(sha256sum "$work/$asset" | awk '{print $1}')
  [[ $actual == "$expected" ]] ||
    fail "checksum mismatch for $asset of $version: expected $expected (SHA256SUMS), got $actual; refusing to install"
  # Unpacked beside the entry and moved into place whole: a failed install leaves none.
  mkdir -p "$tool_cache"
  staging=$(mktemp -d "$tool_cache/.staging-$version-$platform.XXXXXX")
  chmod 755 "$staging"  # mktemp's 700 would keep the entry from other users (a container job's)
  trap 'rm -rf "$work" "$staging"' EXIT
  tar -xzf "$work/$asset" -C "$staging" || fail "cannot unpack $asset of $version"
  have_binaries "$staging" || fail "$asset does not hold all of ${binaries[*]/#/bin/}"
  mkdir -p "$tool_cache/$version"
  rm -rf "$cache"
  mv "$staging" "$cache"
  # Last: the entry is complete (what a later step's reuse asks for).
  printf '%s\n' "$actual" >"$marker"
  echo "mlops-actions $version ($platform) installed from $base, checksum verified"
fi

have_binaries || fail "no binaries in $bin"
# One line, the tool cache's path and a checked version: GITHUB_PATH has no other syntax.
[[ $bin != *[$'\n\r']* ]] || fail "the tool cache's path holds a line break"
echo "$bin" >>"${GITHUB_PATH:?}"
set_output version "$version"
set_output path "$bin"
