#!/usr/bin/env bash
# install.sh end to end, against a real local release server (tests/release/serve.sh, GitHub's
# URL layout and its releases/latest/download redirect) serving a real packaged release (what
# scripts/package-release.sh writes): run by dash, piped into sh as the one-liner does, as an
# unprivileged user with a HOME of its own; the installed binaries run from PATH and print
# their version. Refusals, each with its message and nothing installed: a corrupted asset (an
# earlier installation kept intact), a missing asset (404), a release whose binaries are of
# another version, an unsupported machine or OS (uname faked on PATH), no checksum tool, no
# downloader, a file of someone else's in the way. wget instead of curl, shasum instead of
# sha256sum, --prefix, --uninstall, and the copy of install.sh a release attaches.
# Run by .ci/run after the portable build (as tests/release/package_test.sh).
# Usage: install_test.sh RELEASE_DIR (holds mlops-actions-<platform>.tar.gz and SHA256SUMS, as
# written by scripts/package-release.sh BUILD_DIR RELEASE_DIR)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
release=$(cd "${1:?usage: install_test.sh RELEASE_DIR}" && pwd)

work=$(mktemp -d /tmp/install-test.XXXXXX)
cleanup() {
  serve_stop
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
# shellcheck source=tests/release/serve.sh
source "$root/tests/release/serve.sh"
fatal() { echo "install_test: error: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || fatal "run as root: it runs install.sh as another, unprivileged user (CI runs as root)"
command -v dash >/dev/null || fatal "dash is missing (apt-get install dash)"
command -v setpriv >/dev/null || fatal "setpriv is missing (apt-get install util-linux)"
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
case $(uname -m) in x86_64) platform=linux-x64 ;; aarch64) platform=linux-arm64 ;; *) fatal "no platform for $(uname -m)" ;; esac
asset=mlops-actions-$platform.tar.gz
[[ -f $release/$asset && -f $release/SHA256SUMS ]] || fatal "no $asset and SHA256SUMS in $release"

# The version the asset's binaries report is the release's tag.
mkdir -p "$work/probe"
tar -xzf "$release/$asset" -C "$work/probe" bin/data-validate
version=$("$work/probe/bin/data-validate" --version | cut -d' ' -f2)
tag=v$version
sum=$(cd "$release" && sha256sum "$asset" | cut -d' ' -f1)

# ---- the release server: github.com/acme/mlops-actions/releases, as its URLs look ----
# download/TAG: the release; download/v9.9.9: the same asset under another version;
# download/v0.0.1: a corrupted asset; download/v0.0.2: SHA256SUMS but no asset.
site=$work/site
releases=$site/acme/mlops-actions/releases
mkdir -p "$releases/download/$tag" "$releases/download/v9.9.9" "$releases/download/v0.0.1" "$releases/download/v0.0.2"
cp "$release/$asset" "$release/SHA256SUMS" "$releases/download/$tag/"
cp "$release/$asset" "$release/SHA256SUMS" "$releases/download/v9.9.9/"
cp "$release/$asset" "$release/SHA256SUMS" "$releases/download/v0.0.1/"
printf '\x00' | dd of="$releases/download/v0.0.1/$asset" bs=1 seek=1000 conv=notrunc status=none
corrupt_sum=$(sha256sum "$releases/download/v0.0.1/$asset" | cut -d' ' -f1)
cp "$release/SHA256SUMS" "$releases/download/v0.0.2/"
# download/v0.0.3: the asset with two lines in SHA256SUMS, the right one first.
mkdir -p "$releases/download/v0.0.3"
cp "$release/$asset" "$releases/download/v0.0.3/"
printf '%s  %s\n%s  %s\n' "$sum" "$asset" "$corrupt_sum" "$asset" >"$releases/download/v0.0.3/SHA256SUMS"
# A mirror under load, for curl and for wget: its first answers are 503 (each file's once, the
# asset's twice), then it serves the release.
for mirror in flaky-curl flaky-wget; do
  mkdir -p "$site/$mirror/releases/download"
  cp -r "$releases/download/$tag" "$site/$mirror/releases/download/"
done
flaky_paths() {  # flaky_paths MIRROR: the JSON entries of its paths that first answer 503
  printf '"/%s/releases/latest/download/SHA256SUMS": 1, "/%s/releases/download/%s/SHA256SUMS": 1, "/%s/releases/download/%s/%s": 2' \
    "$1" "$1" "$tag" "$1" "$tag" "$asset"
}
chmod -R a+rX "$site"
serve_log=$work/server.log
RELEASE_SERVER_FAIL_FIRST="{$(flaky_paths flaky-curl), $(flaky_paths flaky-wget)}"
export RELEASE_SERVER_FAIL_FIRST
serve_release "$site" "$tag" || fatal "no release server"
unset RELEASE_SERVER_FAIL_FIRST
base=$serve_url/acme/mlops-actions/releases

# The script as a user has it, readable by the unprivileged user too.
chmod 711 "$work"
cp "$root/install.sh" "$work/install.sh"
chmod 644 "$work/install.sh"

# run NAME EXPECTED_EXIT COMMAND...: runs it (stdout and stderr to $work/NAME.log), checks the
# exit status and leaves the output in $out.
run() {
  local name=$1 want=$2 got=0
  shift 2
  "$@" >"$work/$name.log" 2>&1 || got=$?
  out=$(<"$work/$name.log")
  [[ $got == "$want" ]] || { echo "  $name: exit $got, expected $want; output:" >&2; sed 's/^/    /' "$work/$name.log" >&2; return 1; }
}
says() { grep -qF -- "$1" <<<"$out" || { echo "  not in the output: $1" >&2; return 1; }; }
# installed PREFIX: every binary is a link in PREFIX/bin that runs and prints the version.
installed() {
  local name
  for name in "${binaries[@]}"; do
    [[ -L $1/bin/$name ]] || { echo "  $1/bin/$name is not a link" >&2; return 1; }
    [[ $("$1/bin/$name" --version) == "$name $version "* ]] || { echo "  $1/bin/$name --version fails" >&2; return 1; }
  done
}
# nothing_in PREFIX: no binary, no files, no leftover staging directory.
nothing_in() {
  local left
  left=$(find "$1" -mindepth 1 ! -type d 2>/dev/null; find "$1" -name '.mlops-actions*' 2>/dev/null)
  [[ -z $left ]] || { echo "  left behind: $left" >&2; return 1; }
}
no_temp_left() { [[ -z $(find "$1" -maxdepth 1 -name 'mlops-install.*') ]]; }

# ---- the one-liner, as an unprivileged user: curl … | sh, the latest release ----
user_home=$work/home
mkdir -p "$user_home" "$work/user-tmp"
chown 65534:65534 "$user_home" "$work/user-tmp"
as_nobody() {
  setpriv --reuid=65534 --regid=65534 --clear-groups \
    env -i HOME="$user_home" TMPDIR="$work/user-tmp" PATH=/usr/local/bin:/usr/bin:/bin MLOPS_BASE_URL="$base" "$@"
}
expect "the test user is not root" test "$(as_nobody id -u)" = 65534
expect "the one-liner (piped into sh, dash) installs the latest release as an unprivileged user" \
  run oneliner 0 as_nobody sh -c "cat '$work/install.sh' | sh -s -- --repo acme/mlops-actions"
expect "sh is dash here" test "$(readlink -f "$(command -v sh)")" = "$(readlink -f "$(command -v dash)")"
expect "... resolving latest through the releases/latest/download redirect" \
  grep -q "HEAD /acme/mlops-actions/releases/latest/download/SHA256SUMS .* 302" "$work/server.log"
expect "... then both files from that release" \
  grep -q "GET /acme/mlops-actions/releases/download/$tag/$asset .* 200" "$work/server.log"
expect "... saying which release is the latest" says "the latest release of acme/mlops-actions is $tag"
expect "... that the checksum was verified" says "checksum verified: $asset sha256 $sum"
expect "... what it installed where" says "installed mlops-actions $version (release $tag, $platform) in $user_home/.local/lib/mlops-actions"
expect "... the links" says "linked into $user_home/.local/bin: ${binaries[*]}"
expect "... and that ~/.local/bin is not on PATH, with the line to add it" \
  says "echo 'export PATH=\"$user_home/.local/bin:\$PATH\"' >> ~/.profile"
expect "the binaries in ~/.local/bin run and print the version" installed "$user_home/.local"
expect "... as the user's own files" test "$(stat -c %u "$user_home/.local/lib/mlops-actions/bin/drift-check")" = 65534
# shellcheck disable=SC2016 # for the user's shell
expect "... found on PATH, with the bundled libraries (RPATH through the link)" \
  run on-path 0 as_nobody env PATH="$user_home/.local/bin:/usr/bin:/bin" sh -c 'drift-check --version && LD_TRACE_LOADED_OBJECTS=1 image-tag'
expect "... libcurl from the bundle" says "libcurl.so.4 => $user_home/.local/lib/mlops-actions/bin/../lib/libcurl.so.4"
expect "... OpenSSL from the bundle" says "libssl.so.3 => $user_home/.local/lib/mlops-actions/bin/../lib/libssl.so.3"
expect "HOME/.local holds bin/ and lib/mlops-actions only" \
  test "$(cd "$user_home/.local" && find . -mindepth 1 -maxdepth 2 | sort | paste -sd' ')" = \
  "./bin ./bin/canary-eval ./bin/data-validate ./bin/drift-check ./bin/image-tag ./bin/metric-gate ./bin/mlops-attest ./lib ./lib/mlops-actions"
expect "... and the user's temporary directory is clean" no_temp_left "$work/user-tmp"

# ---- a corrupted asset: refused with both checksums; the installation stays as it was ----
expect "a corrupted asset is refused (exit 1)" \
  run corrupt 1 as_nobody dash "$work/install.sh" --repo acme/mlops-actions --version v0.0.1
expect "... naming the asset and both checksums" \
  says "error: checksum mismatch for $asset: SHA256SUMS says $sum, the download is $corrupt_sum; nothing was installed"
expect "... the earlier installation is intact and runs" installed "$user_home/.local"
expect "... nothing left behind in ~/.local/lib" \
  test "$(find "$user_home/.local/lib" -mindepth 1 -maxdepth 1 | paste -sd' ')" = "$user_home/.local/lib/mlops-actions"
expect "... nor in the temporary directory" no_temp_left "$work/user-tmp"
expect "a release whose binaries are of another version is refused (exit 1)" \
  run mislabelled 1 as_nobody dash "$work/install.sh" --repo acme/mlops-actions --version v9.9.9
expect "... saying so" says "error: the release v9.9.9 holds binaries of version $version"
expect "... the earlier installation is intact" installed "$user_home/.local"
expect "--uninstall removes the links and lib/mlops-actions" \
  run uninstall 0 as_nobody dash "$work/install.sh" --uninstall
expect "... saying what it removed" says "removed the links in $user_home/.local/bin: ${binaries[*]}"
expect "... leaving nothing" nothing_in "$user_home/.local"

# ---- --prefix, a pinned version, bin on PATH ----
prefix=$work/opt/mlops
expect "--prefix DIR --version installs into DIR/bin" \
  run prefix 0 env PATH="$prefix/bin:$PATH" dash "$work/install.sh" --prefix "$prefix" --version "$tag" --base-url "$base"
expect "... the binaries run" installed "$prefix"
expect "... the pinned release, not the latest (no redirect asked)" \
  test "$(grep -c "releases/latest" "$work/server.log")" = 1
expect "... no PATH hint when DIR/bin is on PATH" test "$(grep -c "not on your PATH" "$work/prefix.log")" = 0
expect "a version without its v is taken as the tag" \
  run no-v 0 dash "$work/install.sh" --prefix "$prefix" --version "$version" --base-url "$base"
expect "... replacing the installed one, and saying so" says "in $prefix/lib/mlops-actions, replacing $version"
expect "... which runs" installed "$prefix"

# ---- 404s ----
empty=$work/empty
expect "a missing asset is refused (exit 1)" \
  run missing 1 dash "$work/install.sh" --prefix "$empty" --version v0.0.2 --base-url "$base"
expect "... naming the URL, the 404 and what to check" \
  says "error: $base/download/v0.0.2/$asset was not found (HTTP 404): is v0.0.2 a release, with the asset $asset? The releases are listed at $base"
expect "... nothing installed" nothing_in "$empty"
expect "an unknown version is refused (exit 1)" \
  run unknown 1 dash "$work/install.sh" --prefix "$empty" --version v7.7.7 --base-url "$base"
expect "... naming the URL and the 404" says "error: $base/download/v7.7.7/SHA256SUMS was not found (HTTP 404)"
expect "a repository without releases is refused (exit 1)" \
  run no-latest 1 dash "$work/install.sh" --prefix "$empty" --base-url "$serve_url/acme/other/releases" --repo acme/other
expect "... saying so" says "error: $serve_url/acme/other/releases/latest/download/SHA256SUMS was not found (HTTP 404): acme/other has no release yet?"
expect "... nothing installed" nothing_in "$empty"

# ---- the tools on PATH: a directory of links to exactly those given ----
toolbox() {  # toolbox DIR TOOL...: DIR holds links to the given tools only
  local dir=$1 tool
  shift
  mkdir -p "$dir"
  for tool in "$@"; do ln -s "$(command -v "$tool")" "$dir/$tool"; done
}
dash=$(command -v dash)
common=(sh uname getconf sort tail head sed cat awk cut tr mktemp mkdir rm mv ln readlink chmod gzip tar id sleep)
toolbox "$work/tools-wget" "${common[@]}" wget shasum
expect "without curl and sha256sum, wget and shasum do" \
  run wget 0 env PATH="$work/tools-wget" "$dash" "$work/install.sh" --prefix "$work/wget" --base-url "$base" --repo acme/mlops-actions
expect "... through the redirect too" says "the latest release of acme/mlops-actions is $tag"
expect "... saying it used wget" says "(with wget)"
expect "... and the binaries run" installed "$work/wget"
toolbox "$work/tools-wget-corrupt" "${common[@]}" wget shasum
expect "... and a corrupted asset is refused there too" \
  run wget-corrupt 1 env PATH="$work/tools-wget-corrupt" "$dash" "$work/install.sh" --prefix "$empty" --version v0.0.1 --base-url "$base"
expect "... with both checksums" says "SHA256SUMS says $sum, the download is $corrupt_sum"
expect "... and a missing asset, with the 404" \
  run wget-missing 1 env PATH="$work/tools-wget" "$dash" "$work/install.sh" --prefix "$empty" --version v0.0.2 --base-url "$base"
expect "... naming the URL" says "error: $base/download/v0.0.2/$asset was not found (HTTP 404)"
toolbox "$work/tools-nosum" "${common[@]}" curl
requests_before=$(wc -l <"$work/server.log")
expect "without sha256sum and shasum the install is refused (exit 1)" \
  run nosum 1 env PATH="$work/tools-nosum" "$dash" "$work/install.sh" --prefix "$empty" --base-url "$base"
expect "... saying what to install" says "error: neither sha256sum nor shasum is installed, so the download cannot be verified"
expect "... before downloading anything" test "$(wc -l <"$work/server.log")" = "$requests_before"
toolbox "$work/tools-nodl" "${common[@]}" sha256sum
expect "without curl and wget the install is refused (exit 1)" \
  run nodl 1 env PATH="$work/tools-nodl" "$dash" "$work/install.sh" --prefix "$empty" --base-url "$base"
expect "... saying what to install" says "error: neither curl nor wget is installed"

# A failure after the new files are in place (a link that cannot be made, ln faked to fail for
# one binary) undoes the swap: the earlier installation is back, or nothing is there.
without_ln=()
for tool in "${common[@]}"; do [[ $tool == ln ]] || without_ln+=("$tool"); done
toolbox "$work/tools-badln" "${without_ln[@]}" curl sha256sum
real_ln=$(command -v ln)
printf '#!/bin/sh\ncase "$*" in *mlops-attest*) echo "ln: cannot do that" >&2; exit 1 ;; esac\nexec %s "$@"\n' "$real_ln" \
  >"$work/tools-badln/ln"
chmod 755 "$work/tools-badln/ln"
expect "a link that cannot be made fails the install (exit 1)" \
  run badln 1 env PATH="$work/tools-badln" "$dash" "$work/install.sh" --prefix "$prefix" --version "$tag" --base-url "$base"
expect "... saying which" says "error: cannot link $prefix/bin/mlops-attest; nothing was changed"
expect "... the earlier installation is back and runs" installed "$prefix"
expect "... with no leftovers" test -z "$(find "$prefix/lib" -name '.mlops-actions*')"
expect "... and on a fresh prefix" \
  run badln-fresh 1 env PATH="$work/tools-badln" "$dash" "$work/install.sh" --prefix "$work/fresh" --version "$tag" --base-url "$base"
expect "... nothing is left there" nothing_in "$work/fresh"

# ---- a server under load (503 first): every request retried, curl and wget ----
statuses() {  # statuses MIRROR: METHOD PATH STATUS of the requests to the mirror, from the log
  sed -nE 's#.*"(GET|HEAD) (/'"$1"'/[^ ]*) HTTP/[0-9.]+" ([0-9]{3}).*#\1 \2 \3#p' "$work/server.log"
}
flaky_log() {  # flaky_log MIRROR: the requests a client that retries makes
  printf '%s\n' "HEAD /$1/releases/latest/download/SHA256SUMS 503" "HEAD /$1/releases/latest/download/SHA256SUMS 302" \
    "GET /$1/releases/download/$tag/SHA256SUMS 503" "GET /$1/releases/download/$tag/SHA256SUMS 200" \
    "GET /$1/releases/download/$tag/$asset 503" "GET /$1/releases/download/$tag/$asset 503" \
    "GET /$1/releases/download/$tag/$asset 200"
}
expect "503 then 200 (curl): installed" \
  run flaky-curl 0 dash "$work/install.sh" --prefix "$work/flaky-curl" --base-url "$serve_url/flaky-curl/releases" --repo acme/mlops-actions
expect "... which runs" installed "$work/flaky-curl"
expect "... each request asked again" test "$(statuses flaky-curl)" = "$(flaky_log flaky-curl)"
toolbox "$work/tools-wget-flaky" "${common[@]}" wget sha256sum
expect "503 then 200 (wget): installed" \
  run flaky-wget 0 env PATH="$work/tools-wget-flaky" "$dash" "$work/install.sh" --prefix "$work/flaky-wget" --base-url "$serve_url/flaky-wget/releases" --repo acme/mlops-actions
expect "... which runs" installed "$work/flaky-wget"
expect "... each request asked again" test "$(statuses flaky-wget)" = "$(flaky_log flaky-wget)"
expect "... with time-outs: curl's and wget's options" \
  grep -qxF 'curl_options="--retry 3 --retry-all-errors --connect-timeout 20 --max-time 600"' "$work/install.sh"
expect "... wget's" grep -qxF 'wget_options="--tries=3 --timeout=60 --retry-on-http-error=408,429,500,502,503,504"' "$work/install.sh"

# ---- two lines for the asset in SHA256SUMS ----
expect "a SHA256SUMS with two lines for the asset is refused (exit 1)" \
  run two-lines 1 dash "$work/install.sh" --prefix "$empty" --version v0.0.3 --base-url "$base"
expect "... saying so" says "error: the SHA256SUMS of v0.0.3 has 2 lines for $asset, not one: refusing to install; report it"
expect "... nothing installed" nothing_in "$empty"

# ---- the machine: uname faked on PATH ----
fake_uname() {  # fake_uname DIR S M: a uname that says S for -s and M for -m
  mkdir -p "$1"
  # shellcheck disable=SC2016 # for the fake's shell
  printf '#!/bin/sh\ncase $1 in -s) echo %s ;; -m) echo %s ;; *) exit 1 ;; esac\n' "$2" "$3" >"$1/uname"
  chmod 755 "$1/uname"
}
fake_uname "$work/riscv" Linux riscv64
expect "an unsupported architecture is refused (exit 1)" \
  run riscv 1 env PATH="$work/riscv:$PATH" dash "$work/install.sh" --prefix "$empty" --base-url "$base"
expect "... naming it and the supported ones" \
  says "error: no release binaries for the machine riscv64: x86_64 and aarch64 are supported"
fake_uname "$work/darwin" Darwin arm64
expect "macOS is refused (exit 1)" \
  run darwin 1 env PATH="$work/darwin:$PATH" dash "$work/install.sh" --prefix "$empty" --base-url "$base"
expect "... saying Linux only" says "error: mlops-actions releases Linux binaries only, and this is Darwin"
expect "... nothing installed on either" nothing_in "$empty"

# ---- usage and conflicts ----
expect "the repository's own copy asks for a repository (exit 2)" \
  run no-repo 2 env -u MLOPS_REPO dash "$work/install.sh" --prefix "$empty"
expect "... pointing at the release's copy" says "error: this copy of install.sh does not name its repository"
expect "an unknown option is a usage error (exit 2)" run bad-option 2 dash "$work/install.sh" --prefx /x
expect "... naming it" says "error: unknown argument \"--prefx\""
expect "a version that is no tag is a usage error (exit 2)" \
  run bad-version 2 dash "$work/install.sh" --version ../../x --base-url "$base"
mkdir -p "$work/taken/bin"
echo 'a build installed by hand' >"$work/taken/bin/metric-gate"
expect "a file of someone else's in PREFIX/bin is refused (exit 1)" \
  run taken 1 dash "$work/install.sh" --prefix "$work/taken" --base-url "$base" --repo acme/mlops-actions
expect "... naming it" says "error: $work/taken/bin/metric-gate exists and was not installed by install.sh"
expect "... and left alone, nothing installed" \
  test "$(find "$work/taken" -mindepth 1 | sort | paste -sd' ')" = "$work/taken/bin $work/taken/bin/metric-gate"

# ---- the copy a release attaches names its repository ----
bash "$root/scripts/release-install-script.sh" acme/mlops-actions "$work/attached" >/dev/null
expect "the release's copy of install.sh needs no --repo" \
  run attached 0 dash "$work/attached/install.sh" --prefix "$work/attached-prefix" --base-url "$base"
expect "... and names its repository" says "the latest release of acme/mlops-actions is $tag"
expect "... its line in SHA256SUMS is its checksum" \
  test "$(cat "$work/attached/SHA256SUMS")" = "$(cd "$work/attached" && sha256sum install.sh)"

checks_done
echo "install_test: install.sh installs $tag ($platform) and refuses what it must"
