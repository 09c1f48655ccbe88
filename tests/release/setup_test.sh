#!/usr/bin/env bash
# actions/setup as a hosted runner runs it, against a real packaged release: setup.sh with the
# environment GitHub gives the setup step of a tool action (ACTION_REF = github.action_ref as
# a tag, a major tag, a commit, a branch; ACTION_PATH under _actions/OWNER/REPO/REF/;
# RUNNER_TOOL_CACHE, RUNNER_OS/ARCH, GITHUB_OUTPUT/GITHUB_PATH files), run as a user who is not
# root (nobody, through setpriv, when the test runs as root), against a real HTTP server on
# 127.0.0.1 (tests/actions/fake_github_api.py): the GitHub API's list of tags and the release
# downloads (redirected, as github.com does), serving the tarball and SHA256SUMS that
# scripts/package-release.sh made. Each case checks the exit code, the exact ::error line a
# user sees, the requests made, and that a failure installs nothing.
# Usage: setup_test.sh PACKAGE_DIR (holding mlops-actions-<platform>.tar.gz and SHA256SUMS,
# from scripts/package-release.sh; .ci/run runs it after packaging the portable build, and
# release.yml on each runner it verifies the assets on), or setup_test.sh --tools TOOLS_DIR
# (ctest: the six binaries of a build, packaged here as bin/ with its SHA256SUMS; the same
# cases, binaries that need this machine's libraries).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
case $(uname -m) in x86_64) platform=linux-x64 runner_arch=X64 ;; aarch64) platform=linux-arm64 runner_arch=ARM64 ;;
  *) echo "setup_test: no platform for $(uname -m)" >&2; exit 2 ;; esac
asset=mlops-actions-$platform.tar.gz
usage="usage: setup_test.sh PACKAGE_DIR (from scripts/package-release.sh) | --tools TOOLS_DIR"
work=$(mktemp -d /tmp/setup-test.XXXXXX)
chmod 755 "$work"  # the runner's user goes through it
server_pid=
cleanup() {
  [[ -z $server_pid ]] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [[ ${1:-} == --tools ]]; then
  tools=$(cd "${2:?$usage}" && pwd)
  mkdir -p "$work/package/pkg/bin"
  for name in data-validate metric-gate drift-check image-tag canary-eval mlops-attest; do
    cp "$tools/$name" "$work/package/pkg/bin/" || { echo "setup_test: no $name in $tools" >&2; exit 2; }
  done
  tar -czf "$work/package/$asset" -C "$work/package/pkg" bin
  (cd "$work/package" && sha256sum "$asset" >SHA256SUMS)
  package=$work/package
else
  package=$(cd "${1:?$usage}" && pwd)
fi
[[ -f $package/$asset && -f $package/SHA256SUMS ]] ||
  { echo "setup_test: $package holds no $asset and SHA256SUMS: make them with scripts/package-release.sh" >&2; exit 2; }

# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
# shellcheck source=tests/common/github_output.sh
source "$root/tests/common/github_output.sh"

# The package's own version: the release it is served as.
tar -xzf "$package/$asset" -C "$work" bin/data-validate
version=$("$work/bin/data-validate" --version | awk '{print $2}')
rm -rf "${work:?}/bin"
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "setup_test: the package's version is \"$version\"" >&2; exit 2; }
tag=v$version
repo=acme/mlops-actions
release_commit=abcdef1111111111111111111111111111111111
flaky_commit=4444444444444444444444444444444444444444
rc_commit=2222222222222222222222222222222222222222
unknown_commit=3333333333333333333333333333333333333333
token=ghs_setuptesttoken0123456789

# The releases: the package as $tag; v8.0.1 with a spoilt SHA256SUMS; v8.0.2 without the asset.
mkdir -p "$work/releases/$tag" "$work/releases/v8.0.1" "$work/releases/v8.0.2"
cp "$package/$asset" "$package/SHA256SUMS" "$work/releases/$tag/"
cp "$package/$asset" "$work/releases/v8.0.1/"
good_sum=$(awk -v f="$asset" '$2 == f {print $1}' "$package/SHA256SUMS")
bad_sum=$(printf '%s' "$good_sum" | sed 's/^0/x/; s/^[1-9a-f]/0/; s/^x/1/')
printf '%s  %s\n' "$bad_sum" "$asset" >"$work/releases/v8.0.1/SHA256SUMS"
cp "$package/SHA256SUMS" "$work/releases/v8.0.2/"
# v8.0.3: the package without bin/mlops-attest, its checksum right.
mkdir -p "$work/releases/v8.0.3" "$work/partial"
tar -xzf "$package/$asset" -C "$work/partial"
rm "$work/partial/bin/mlops-attest"
tar -czf "$work/releases/v8.0.3/$asset" -C "$work/partial" .
(cd "$work/releases/v8.0.3" && sha256sum "$asset" >SHA256SUMS)
# v8.0.4: the package, served by a server that first answers 503 (flaky/mlops-actions); v8.0.5:
# the package with two lines for it in SHA256SUMS (the right one first).
mkdir -p "$work/releases/v8.0.4" "$work/releases/v8.0.5"
cp "$package/$asset" "$package/SHA256SUMS" "$work/releases/v8.0.4/"
cp "$package/$asset" "$work/releases/v8.0.5/"
printf '%s  %s\n%s  %s\n' "$good_sum" "$asset" "$bad_sum" "$asset" >"$work/releases/v8.0.5/SHA256SUMS"
# The tags, as GET /repos/R/tags lists them (annotated tags peeled to their commits): 150 old
# ones first, so that the release is on the second page of 100; on its commit also a
# pre-release tag and the major tag v$major; a commit with a pre-release tag only.
major=v${version%%.*}
{
  echo '{"tags": {"'"$repo"'": ['
  for i in $(seq 1 150); do printf '["v0.0.%d", "%040x"],\n' "$i" "$i"; done
  echo '["'"$major"'", "'"$release_commit"'"], ["'"$tag"'", "'"$release_commit"'"],'
  echo '["'"$tag"'-rc.1", "'"$release_commit"'"], ["v8.0.0-rc.1", "'"$rc_commit"'"]],'
  echo '"ratelimited/mlops-actions": [], "flaky/mlops-actions": [["v8.0.4", "'"$flaky_commit"'"]]},'
  # flaky/mlops-actions: each of its requests is answered 503 once, the asset's twice.
  echo '"fail_first": {"/repos/flaky/mlops-actions/tags": 1,'
  echo '  "/_objects/flaky/mlops-actions/v8.0.4/SHA256SUMS": 1, "/flaky/mlops-actions/releases/download/v8.0.4/'"$asset"'": 2},'
  echo '"releases": "'"$work/releases"'"}'
} >"$work/state.json"
python3 "$root/tests/actions/fake_github_api.py" "$work/port" "$work/requests.jsonl" "$token" "$work/state.json" \
  2>"$work/server.err" &
server_pid=$!
until [[ -s $work/port ]]; do
  kill -0 "$server_pid" 2>/dev/null || { echo "setup_test: the server did not start: $(<"$work/server.err")" >&2; exit 1; }
  sleep 0.05
done
server=http://127.0.0.1:$(<"$work/port")
touch "$work/requests.jsonl"

# The runner: a user who is not root owns the step's files, as on a hosted runner.
runner_dir=$work/runner
mkdir -p "$runner_dir/tmp"
as_runner=()
if [[ $(id -u) -eq 0 ]]; then
  as_runner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
# The action, checked out where the runner puts it: _actions/OWNER/REPO/REF/.
checkout() {  # checkout REPO REF: the actions/ directory at _actions/REPO/REF
  mkdir -p "$runner_dir/_actions/$1/$2"
  cp -r "$root/actions" "$runner_dir/_actions/$1/$2/"
}
for ref in "$tag" "$major" "$release_commit" "$unknown_commit" "$rc_commit" main v8.0.1 v8.0.2 v8.0.3 v8.0.5 \
  "${release_commit^^}" "refs/tags/$tag" refs/heads/main; do
  checkout "$repo" "$ref"
done
checkout ratelimited/mlops-actions "$release_commit"
checkout garbled/mlops-actions "$release_commit"
checkout flaky/mlops-actions "$flaky_commit"
# A local action's checkout (uses: ./...): the workspace, not _actions/.
mkdir -p "$runner_dir/workspace"
cp -r "$root/actions" "$runner_dir/workspace/"
[[ ${#as_runner[@]} -eq 0 ]] || chown -R 65534:65534 "$runner_dir"

# step [VAR=VALUE...]: the setup step of data-validate@$ACTION_REF (its env: as action.yml
# gives it), in a fresh step environment; exit code in $code, its log in $work/log, the
# requests it made in $work/step-requests.
step() {
  : >"$runner_dir/output"
  : >"$runner_dir/path"
  [[ ${#as_runner[@]} -eq 0 ]] || chown 65534:65534 "$runner_dir/output" "$runner_dir/path"
  local -A vars=([ACTION_REPOSITORY]=$repo [ACTION_REF]=$tag [RUNNER_TOOL_CACHE]=$runner_dir/toolcache
    [RUNNER_ARCH]=$runner_arch [INPUT_VERSION]="" [GITHUB_TOKEN]="")
  local assignment
  for assignment in "$@"; do vars[${assignment%%=*}]=${assignment#*=}; done
  local action_path=$runner_dir/_actions/${vars[ACTION_REPOSITORY]}/${vars[ACTION_REF]}/actions/data-validate/../setup
  [[ -z ${vars[ACTION_PATH]:-} ]] || action_path=${vars[ACTION_PATH]}
  local run_from=${vars[RUN_FROM]:-$action_path}  # the setup.sh that runs (ACTION_PATH's by default)
  local before
  before=$(wc -l <"$work/requests.jsonl")
  code=0
  (cd "$runner_dir" && "${as_runner[@]}" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$runner_dir" \
    TMPDIR="$runner_dir/tmp" RUNNER_TEMP="$runner_dir/tmp" RUNNER_OS=Linux "RUNNER_ARCH=${vars[RUNNER_ARCH]}" \
    "RUNNER_TOOL_CACHE=${vars[RUNNER_TOOL_CACHE]}" GITHUB_OUTPUT="$runner_dir/output" GITHUB_PATH="$runner_dir/path" \
    GITHUB_SERVER_URL="$server" GITHUB_API_URL="$server" "GITHUB_TOKEN=${vars[GITHUB_TOKEN]}" \
    "INPUT_VERSION=${vars[INPUT_VERSION]}" "ACTION_REPOSITORY=${vars[ACTION_REPOSITORY]}" \
    "ACTION_REF=${vars[ACTION_REF]}" ACTION_PATH="$action_path" \
    bash "$run_from/setup.sh") >"$work/log" 2>&1 || code=$?
  tail -n +"$((before + 1))" "$work/requests.jsonl" >"$work/step-requests"
  {
    echo "--- step ${vars[ACTION_REPOSITORY]}@${vars[ACTION_REF]} (exit $code)"
    cat "$work/log"
  } >>"$work/all.log"
}
requests() {  # the step's requests, METHOD PATH, a page of tags as ?page=N
  jq -r '.method + " " + .path + (if (.path | endswith("/tags")) then "?page=" + (.query.page[0] // "1") else "" end)' \
    "$work/step-requests"
}
error_line() { grep '^::error' "$work/log" || true; }
nothing_installed() {  # nothing_installed TOOL_CACHE: no version directory, no outputs
  [[ ! -s $runner_dir/output && ! -s $runner_dir/path ]] &&
    [[ -z $(find "$1" -mindepth 2 -maxdepth 2 ! -name .refs 2>/dev/null | grep -v '/\.refs' || true) ]]
}
hint="pin the action to a release, uses: OWNER/mlops-actions/actions/NAME@vX.Y.Z (or the commit of a release), or set its version input, version: vX.Y.Z"
downloads="GET /$repo/releases/download/$tag/SHA256SUMS
GET /_objects/$repo/$tag/SHA256SUMS
GET /$repo/releases/download/$tag/$asset
GET /_objects/$repo/$tag/$asset"
tags_pages="GET /repos/$repo/tags?page=1
GET /repos/$repo/tags?page=2"

# The wiring: every tool action runs setup.sh in a step of its own with the ref the user wrote
# (github.action_ref of that step), the token, and no version by default.
# shellcheck disable=SC2016 # literal ${{ }}
for action in data-validate metric-gate drift-check image-tag canary-eval; do
  file=$root/actions/$action/action.yml
  setup_step=$(awk '/^    - id: setup$/ {on = 1} on {print} on && /run: bash "\$ACTION_PATH\/setup.sh"/ {exit}' "$file")
  for line in 'ACTION_REPOSITORY: ${{ github.action_repository }}' 'ACTION_REF: ${{ github.action_ref }}' \
    'ACTION_PATH: ${{ github.action_path }}/../setup' 'INPUT_VERSION: ${{ inputs.version }}'; do
    expect "$action: its setup step passes $line" grep -qxF "        $line" <<<"$setup_step"
  done
  expect "$action: ... and github.token for the API" grep -qE '^        GITHUB_TOKEN: \$\{\{ github.token \}\}' <<<"$setup_step"
  expect "$action: the version input defaults to empty" \
    test "$(awk '/^  version:$/ {on = 1; next} on && /^  [^ ]/ {exit} on && /^    default:/ {print}' "$file")" = '    default: ""'
done

expect "the steps run as a user who is not root" \
  test "$("${as_runner[@]}" id -u)" != 0

# ---- @vX.Y.Z: that release, no API request ----
step
cache=$runner_dir/toolcache/mlops-actions/$tag/$platform
expect "tag: exit 0" test "$code" = 0
expect "tag: installed from the release, checksum verified" \
  grep -qxF "mlops-actions $tag ($platform) installed from $server/$repo/releases/download/$tag, checksum verified" "$work/log"
expect "tag: downloads SHA256SUMS and the asset (redirected), asks the API nothing" test "$(requests)" = "$downloads"
expect "tag: no token is sent with a download" test -z "$(jq -r '.authorization // empty' "$work/step-requests")"
expect "tag: the version output" test "$(output version "$runner_dir/output")" = "$tag"
expect "tag: the path output" test "$(output path "$runner_dir/output")" = "$cache/bin"
expect "tag: the bin directory on GITHUB_PATH" test "$(<"$runner_dir/path")" = "$cache/bin"
expect "tag: the tool cache entry can be read by other users (755), as an unpacked directory" test "$(stat -c %a "$cache")" = 755
expect "tag: the tool cache entry belongs to the runner's user" test "$(stat -c %u "$cache/bin/data-validate")" = "$("${as_runner[@]}" id -u)"
for name in data-validate metric-gate drift-check image-tag canary-eval mlops-attest; do
  expect "tag: $name runs and prints its version" \
    grep -qE "^$name $version \\(commit [0-9a-f]+(-dirty)?\\)\$" <<<"$("${as_runner[@]}" "$cache/bin/$name" --version 2>&1)"
done
expect "tag: nothing is left beside the entry" test -z "$(find "$runner_dir/toolcache/mlops-actions" -name '.staging*')"
expect "tag: the entry's completion marker holds the asset's sha256" test "$(cat "$cache/.complete")" = "$good_sum"

# ---- the second run: the tool cache, no request at all ----
step
expect "cache: exit 0" test "$code" = 0
expect "cache: from the tool cache" grep -qxF "mlops-actions $tag ($platform) from the tool cache" "$work/log"
expect "cache: no request" test ! -s "$work/step-requests"
expect "cache: the same path output" test "$(output path "$runner_dir/output")" = "$cache/bin"

# ---- @<commit of the release>: the release tag on that commit, found on the second page ----
step ACTION_REF=$release_commit RUNNER_TOOL_CACHE="$runner_dir/toolcache-sha" GITHUB_TOKEN=$token
expect "sha: exit 0" test "$code" = 0
expect "sha: names the release found" \
  grep -qxF "mlops-actions: $release_commit is $tag (the release tag on $release_commit)" "$work/log"
expect "sha: reads both pages of tags (Link rel=next), then downloads" test "$(requests)" = "$tags_pages
$downloads"
expect "sha: the token goes to the API requests, and only to them" \
  test "$(jq -r '(.path | split("/")[1]) + " " + (.authorization // "none")' "$work/step-requests")" = "repos Bearer $token
repos Bearer $token
acme none
_objects none
acme none
_objects none"
expect "sha: the final release, not its pre-release" test "$(output version "$runner_dir/output")" = "$tag"
quietly() { "$@" >/dev/null; }
expect "sha: the binaries run" quietly "${as_runner[@]}" "$runner_dir/toolcache-sha/mlops-actions/$tag/$platform/bin/metric-gate" --version
step ACTION_REF=$release_commit RUNNER_TOOL_CACHE="$runner_dir/toolcache-sha" GITHUB_TOKEN=$token
expect "sha, second action of the job: exit 0" test "$code" = 0
expect "sha, second action of the job: the commit's release is remembered" \
  grep -qxF "mlops-actions: $release_commit is $tag (remembered in the tool cache)" "$work/log"
expect "sha, second action of the job: no request at all" test ! -s "$work/step-requests"

# ---- @v<major>: the release on the commit the major tag points at ----
step ACTION_REF="$major" RUNNER_TOOL_CACHE="$runner_dir/toolcache-major"
expect "major tag: exit 0" test "$code" = 0
expect "major tag: names the release" grep -qxF "mlops-actions: $major is $tag (the release tag on $release_commit)" "$work/log"
expect "major tag: the version output" test "$(output version "$runner_dir/output")" = "$tag"
expect "major tag: anonymous API requests when there is no token" \
  test "$(jq -r 'select(.path | startswith("/repos/")) | .authorization // "none"' "$work/step-requests" | sort -u)" = none

# ---- version: overrides the ref ----
step ACTION_REF=main INPUT_VERSION="$tag"
expect "version input: exit 0 on a branch ref" test "$code" = 0
expect "version input: that version, from the tool cache" grep -qxF "mlops-actions $tag ($platform) from the tool cache" "$work/log"

# ---- an entry without its completion marker (an install cut short): installed again ----
partial=$runner_dir/toolcache-partial/mlops-actions/$tag/$platform
mkdir -p "$partial"
cp -r "$cache/bin" "$partial/"
[[ ${#as_runner[@]} -eq 0 ]] || chown -R 65534:65534 "$runner_dir/toolcache-partial"
step RUNNER_TOOL_CACHE="$runner_dir/toolcache-partial"
expect "no marker: exit 0" test "$code" = 0
expect "no marker: says the entry is incomplete" \
  grep -qxF "mlops-actions: the tool cache entry $partial is incomplete (no .complete: an install cut short?): installing it again" "$work/log"
expect "no marker: downloads the release again" test "$(requests)" = "$downloads"
expect "no marker: installed, checksum verified" \
  grep -qxF "mlops-actions $tag ($platform) installed from $server/$repo/releases/download/$tag, checksum verified" "$work/log"
expect "no marker: the marker is written" test "$(cat "$partial/.complete")" = "$good_sum"
step RUNNER_TOOL_CACHE="$runner_dir/toolcache-partial"
expect "no marker, then: from the tool cache, no request" test "$code/$(wc -c <"$work/step-requests")" = 0/0

# ---- the ref as GitHub may give it ----
step ACTION_REF="${release_commit^^}" RUNNER_TOOL_CACHE="$runner_dir/toolcache-upper"
expect "an upper-case commit: exit 0" test "$code" = 0
expect "an upper-case commit: read as the lower-case one" \
  grep -qxF "mlops-actions: $release_commit is $tag (the release tag on $release_commit)" "$work/log"
expect "an upper-case commit: that release" test "$(output version "$runner_dir/output")" = "$tag"
step ACTION_REF="refs/tags/$tag" RUNNER_TOOL_CACHE="$runner_dir/toolcache-reftag"
expect "refs/tags/$tag: exit 0" test "$code" = 0
expect "refs/tags/$tag: that release, no API request" test "$(requests)" = "$downloads"
expect "refs/tags/$tag: the version output" test "$(output version "$runner_dir/output")" = "$tag"

# ---- inside the user's own composite action acme/wrapper@v2.0.0 (GitHub gives its ref):
# the repository and ref of ACTION_PATH, _actions/$repo/$tag/ ----
nested_path=$runner_dir/_actions/$repo/$tag/actions/data-validate/../setup
step ACTION_REPOSITORY=acme/wrapper ACTION_REF=v2.0.0 ACTION_PATH="$nested_path" RUNNER_TOOL_CACHE="$runner_dir/toolcache-nested"
expect "nested: exit 0" test "$code" = 0
expect "nested: says which ref it took" \
  grep -qxF "mlops-actions: github.action_ref says acme/wrapper@v2.0.0, that of the composite action that calls this one; this action runs from $nested_path: $repo@$tag" "$work/log"
expect "nested: that release, from $repo" test "$(requests)" = "$downloads"
expect "nested: the version output" test "$(output version "$runner_dir/output")" = "$tag"
step ACTION_REPOSITORY= ACTION_REF= ACTION_PATH="$nested_path" RUNNER_TOOL_CACHE="$runner_dir/toolcache-nested"
expect "nested in a local action (no ref): exit 0, from ACTION_PATH" \
  test "$code/$(output version "$runner_dir/output")" = "0/$tag"

# ---- a server that answers 503 first: every request is retried ----
step ACTION_REPOSITORY=flaky/mlops-actions ACTION_REF=$flaky_commit RUNNER_TOOL_CACHE="$runner_dir/toolcache-flaky"
expect "503 then 200: exit 0" test "$code" = 0
expect "503 then 200: the tags, SHA256SUMS and the asset each asked again" test "$(requests)" = "GET /repos/flaky/mlops-actions/tags?page=1
GET /repos/flaky/mlops-actions/tags?page=1
GET /flaky/mlops-actions/releases/download/v8.0.4/SHA256SUMS
GET /_objects/flaky/mlops-actions/v8.0.4/SHA256SUMS
GET /flaky/mlops-actions/releases/download/v8.0.4/SHA256SUMS
GET /_objects/flaky/mlops-actions/v8.0.4/SHA256SUMS
GET /flaky/mlops-actions/releases/download/v8.0.4/$asset
GET /flaky/mlops-actions/releases/download/v8.0.4/$asset
GET /flaky/mlops-actions/releases/download/v8.0.4/$asset
GET /_objects/flaky/mlops-actions/v8.0.4/$asset"
expect "503 then 200: installed, checksum verified" \
  grep -qxF "mlops-actions v8.0.4 ($platform) installed from $server/flaky/mlops-actions/releases/download/v8.0.4, checksum verified" "$work/log"
# shellcheck disable=SC2016 # literal ${ }
expect "both curls of setup.sh (the API, the downloads) retry, with time-outs" \
  test "$(grep -cF 'curl "${curl_options[@]}"' "$root/actions/setup/setup.sh")" = 2
expect "... the options" grep -qF "curl_options=(--silent --show-error --proto '=https,http' --retry 3 --retry-all-errors
  --connect-timeout 20 --max-time 600)" "$root/actions/setup/setup.sh"

# ---- refusals: exit 2 (how to pin) or 3 (could not install), the message, nothing installed ----
refused() {  # refused WHAT CODE ERROR_LINE TOOL_CACHE
  expect "$1: exit $2" test "$code" = "$2"
  expect "$1: the message" test "$(error_line)" = "$3"
  expect "$1: nothing installed, no output" nothing_installed "$4"
  [[ $code == "$2" && "$(error_line)" == "$3" ]] || { echo "  got exit $code:"; cat "$work/log"; } >&2
}
fresh=$runner_dir/toolcache-refusals
step ACTION_REF=main RUNNER_TOOL_CACHE="$fresh"
refused "branch" 2 "::error title=mlops-actions setup::the action's ref \"main\" is not a release: a branch (or another name) moves, so which binaries would run is not known; $hint" "$fresh"
expect "branch: no request" test ! -s "$work/step-requests"
step ACTION_REF=refs/heads/main RUNNER_TOOL_CACHE="$fresh"
refused "refs/heads/main" 2 "::error title=mlops-actions setup::the action's ref \"refs/heads/main\" is not a release: a branch (or another name) moves, so which binaries would run is not known; $hint" "$fresh"

step ACTION_REF=$unknown_commit RUNNER_TOOL_CACHE="$fresh"
refused "unknown commit" 2 "::error title=mlops-actions setup::the commit $unknown_commit of $repo carries no release tag (vX.Y.Z), so it has no release binaries; $hint" "$fresh"
expect "unknown commit: asked the API, downloaded nothing" test "$(requests)" = "$tags_pages"

step ACTION_REF=$rc_commit RUNNER_TOOL_CACHE="$fresh"
expect "a pre-release's commit: exit 0 (a pre-release tag is a release too) until the download" \
  grep -qxF "mlops-actions: $rc_commit is v8.0.0-rc.1 (the release tag on $rc_commit)" "$work/log"

step ACTION_REF=v8.0.1 RUNNER_TOOL_CACHE="$fresh"
refused "checksum mismatch" 3 "::error title=mlops-actions setup::checksum mismatch for $asset of v8.0.1: expected $bad_sum (SHA256SUMS), got $good_sum; refusing to install" "$fresh"

step ACTION_REF=v8.0.2 RUNNER_TOOL_CACHE="$fresh"
refused "missing asset" 3 "::error title=mlops-actions setup::cannot download $server/$repo/releases/download/v8.0.2/$asset (HTTP 404): the release v8.0.2 has no $asset; is v8.0.2 a release of $repo with $platform binaries? (the assets are listed on its release page)" "$fresh"

step ACTION_REF=v8.0.5 RUNNER_TOOL_CACHE="$fresh"
refused "two lines for the asset in SHA256SUMS" 3 "::error title=mlops-actions setup::SHA256SUMS of v8.0.5 has 2 lines for $asset, not one: refusing to install; report it" "$fresh"

step ACTION_REF=v8.0.3 RUNNER_TOOL_CACHE="$fresh"
refused "an asset without bin/mlops-attest" 3 "::error title=mlops-actions setup::$asset does not hold all of bin/data-validate bin/metric-gate bin/drift-check bin/image-tag bin/canary-eval bin/mlops-attest" "$fresh"

other_arch=ARM64 other_platform=linux-arm64
[[ $runner_arch == X64 ]] || { other_arch=X64 other_platform=linux-x64; }
step RUNNER_ARCH=$other_arch RUNNER_TOOL_CACHE="$fresh"
refused "the other architecture ($other_arch), which this release lacks" 3 "::error title=mlops-actions setup::cannot download $server/$repo/releases/download/$tag/mlops-actions-$other_platform.tar.gz (HTTP 404): the release $tag has no mlops-actions-$other_platform.tar.gz; is $tag a release of $repo with $other_platform binaries? (the assets are listed on its release page)" "$fresh"

step ACTION_REPOSITORY=ratelimited/mlops-actions ACTION_REF=$release_commit RUNNER_TOOL_CACHE="$fresh"
refused "API rate limit" 3 "::error title=mlops-actions setup::the GitHub API refused to list the tags of ratelimited/mlops-actions (HTTP 403: API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)), the rate limit most likely: give the step a token (GITHUB_TOKEN; the actions pass github.token), or $hint" "$fresh"

step ACTION_REF=$release_commit RUNNER_TOOL_CACHE="$fresh" GITHUB_TOKEN=ghs_revoked
refused "a token the API refuses" 3 "::error title=mlops-actions setup::the GitHub API answered HTTP 401 (Bad credentials) to $server/repos/$repo/tags?per_page=100; $hint" "$fresh"

step ACTION_REPOSITORY=garbled/mlops-actions ACTION_REF=$release_commit RUNNER_TOOL_CACHE="$fresh"
refused "an answer that is not JSON" 3 "::error title=mlops-actions setup::the GitHub API's answer to $server/repos/garbled/mlops-actions/tags?per_page=100 is not a list of tags: <html>rate limited</html>; $hint" "$fresh"

step ACTION_REF= ACTION_PATH="$runner_dir/workspace/actions/setup" RUNNER_TOOL_CACHE="$fresh"
refused "no ref (a local action)" 2 "::error title=mlops-actions setup::cannot tell which release to install: the action's ref (github.action_ref) is empty, as it is for a local action (uses: ./...); $hint" "$fresh"

# Inside the user's own composite action acme/wrapper@v2.0.0, GitHub gives that action's ref;
# an ACTION_PATH that is not where setup.sh runs from says nothing about its checkout.
step ACTION_REPOSITORY=acme/wrapper ACTION_REF=v2.0.0 ACTION_PATH="$runner_dir/_actions/$repo/$tag/actions/data-validate/../setup" \
  RUN_FROM="$runner_dir/_actions/$repo/main/actions/setup" RUNNER_TOOL_CACHE="$fresh"
refused "called from another composite action" 2 "::error title=mlops-actions setup::github.action_ref says acme/wrapper@v2.0.0, but this action runs from $runner_dir/_actions/$repo/$tag/actions/data-validate/../setup: it was called from another composite action, which GitHub gives its own ref (actions/runner#2473); set the version input, version: vX.Y.Z" "$fresh"

lacks() { ! grep -qF -- "$1" "$2"; }
expect "the token is in no step's log" lacks "$token" "$work/all.log"

checks_done
echo "setup: all checks passed ($tag from $package)"
