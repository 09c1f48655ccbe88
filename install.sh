#!/bin/sh
# Installs the mlops-actions binaries (data-validate, metric-gate, drift-check, image-tag,
# canary-eval, mlops-attest) from a GitHub release on any Linux x86-64 or arm64 machine with
# glibc 2.35 or later, without root:
#
#   curl -fsSL https://github.com/OWNER/mlops-actions/releases/latest/download/install.sh | sh
#   curl -fsSL https://github.com/OWNER/mlops-actions/releases/latest/download/install.sh | sh -s -- --version v1.2.3
#
# or downloaded first, read, then run:
#
#   curl -fsSLO https://github.com/OWNER/mlops-actions/releases/latest/download/install.sh
#   sh install.sh --help
#
# It downloads the release asset for this machine (mlops-actions-linux-x64.tar.gz or
# mlops-actions-linux-arm64.tar.gz) and the release's SHA256SUMS, checks the asset against it,
# unpacks it into PREFIX/lib/mlops-actions (bin/, lib/ with libcurl and OpenSSL, share/doc/)
# and links each binary into PREFIX/bin; PREFIX is ~/.local unless --prefix says otherwise.
# Nothing changes until the download is verified and the new binaries have run; a failure
# leaves an earlier installation as it was. docs/install.md has the details.
#
# POSIX sh (dash, busybox ash, bash); needs curl or wget, sha256sum or shasum, tar, gzip.
# Everything is in functions and the last line runs them, so a download cut short runs nothing.

# The project's repository; the copy of this script attached to each release names its own.
default_repo=OWNER/mlops-actions
binaries="data-validate metric-gate drift-check image-tag canary-eval mlops-attest"
min_glibc=2.35

usage() {
  cat <<'EOF'
Usage: install.sh [--version vX.Y.Z] [--prefix DIR] [--repo OWNER/NAME] [--base-url URL]
       install.sh --uninstall [--prefix DIR]

Installs the mlops-actions binaries of a GitHub release into PREFIX/bin (PREFIX/lib/mlops-actions
holds the release's files), after checking the download against the release's SHA256SUMS.

  --version TAG   the release to install (default: the latest release)
  --prefix DIR    install into DIR/bin and DIR/lib/mlops-actions (default: ~/.local)
  --repo O/N      the GitHub repository of the releases
  --base-url URL  where the releases are, for a mirror: files are fetched from
                  URL/download/TAG/FILE, the latest from URL/latest/download/FILE
                  (default: https://github.com/OWNER/NAME/releases)
  --uninstall     remove what install.sh installed into PREFIX
  -h, --help      this text

Environment: MLOPS_VERSION, MLOPS_PREFIX, MLOPS_REPO, MLOPS_BASE_URL set the same (an option wins).
EOF
}

say() { printf 'mlops-actions install: %s\n' "$*"; }
fail() {
  printf 'mlops-actions install: error: %s\n' "$*" >&2
  exit 1
}
usage_fail() {
  printf 'mlops-actions install: error: %s\n' "$*" >&2
  printf 'run install.sh --help for the options\n' >&2
  exit 2
}
has() { command -v "$1" >/dev/null 2>&1; }

# ---- the machine ----
detect_platform() {
  os=$(uname -s) || fail "uname failed"
  [ "$os" = Linux ] ||
    fail "mlops-actions releases Linux binaries only, and this is $os: build from source (README.md, \"Building by hand\") or use the container image"
  machine=$(uname -m) || fail "uname failed"
  case $machine in
    x86_64 | amd64)
      platform=linux-x64
      loader=/lib64/ld-linux-x86-64.so.2
      ;;
    aarch64 | arm64)
      platform=linux-arm64
      loader=/lib/ld-linux-aarch64.so.1
      ;;
    *) fail "no release binaries for the machine $machine: x86_64 and aarch64 are supported; build from source (README.md, \"Building by hand\") or ask for the platform in an issue" ;;
  esac
  # The binaries are glibc programs: without its loader (musl: Alpine) they cannot start.
  [ -e "$loader" ] ||
    fail "no glibc here ($loader is missing; Alpine and other musl systems are not supported): the binaries need glibc $min_glibc or later; use the container image instead"
  if has getconf && glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null); then
    glibc=${glibc#glibc }
    newer=$(printf '%s\n%s\n' "$glibc" "$min_glibc" | sort -t. -k1,1n -k2,2n | tail -n 1)
    [ "$newer" = "$glibc" ] ||
      fail "this system has glibc $glibc; the binaries need $min_glibc or later (Ubuntu 22.04, Debian 12 or newer); use the container image instead"
  fi
}

# ---- downloading: curl or wget ----
pick_downloader() {
  if has curl; then
    downloader=curl
  elif has wget; then
    downloader=wget
  else
    fail "neither curl nor wget is installed: install one of them (e.g. apt-get install curl) and run this again"
  fi
}

# Every request is retried (3 times: a refused or reset connection, a time-out, an answer 408,
# 429 or 5xx; a 404 is not retried) and never waits forever: curl 7.71 or later (every system
# with glibc 2.35 has it) or GNU wget.
curl_options="--retry 3 --retry-all-errors --connect-timeout 20 --max-time 600"
wget_options="--tries=3 --timeout=60 --retry-on-http-error=408,429,500,502,503,504"

# download URL FILE: saves URL to FILE, following redirects; fails with the HTTP status.
download() {
  case $1 in https://*) secure=1 ;; *) secure= ;; esac
  if [ "$downloader" = curl ]; then
    # Over https, redirects may not leave https (--proto-redir).
    if [ -n "$secure" ]; then
      # shellcheck disable=SC2086 # the options are words
      code=$(curl --silent --show-error --location --proto '=https' --proto-redir '=https' $curl_options \
        --write-out '%{http_code}' --output "$2" "$1" 2>"$work/curl.err") || code="${code:-000} $(cat "$work/curl.err")"
    else
      # shellcheck disable=SC2086 # the options are words
      code=$(curl --silent --show-error --location $curl_options \
        --write-out '%{http_code}' --output "$2" "$1" 2>"$work/curl.err") || code="${code:-000} $(cat "$work/curl.err")"
    fi
  else
    # shellcheck disable=SC2086 # the options are words
    if wget --quiet --server-response $wget_options --output-document="$2" "$1" 2>"$work/wget.err"; then
      code=200
    else
      status=$?
      code=$(sed -n 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$work/wget.err" | tail -n 1)
      [ -n "$code" ] || code="000 wget exit $status"
    fi
  fi
  case $code in
    2??) return 0 ;;
    404) fail "$1 was not found (HTTP 404): $(not_found_hint)" ;;
    000*) fail "cannot download $1: ${code#000 }; check the network (and a proxy: https_proxy)" ;;
    *) fail "cannot download $1 (HTTP $code)" ;;
  esac
}

not_found_hint() {
  echo "is $version a release, with the asset $asset? The releases are listed at $base_url"
}

# resolve_latest: the tag that releases/latest/download redirects to (github.com answers with a
# 302 to releases/download/TAG/FILE), read without following it: one request, no API call, and
# both files then come from that one release even if another is published meanwhile.
resolve_latest() {
  url=$base_url/latest/download/SHA256SUMS
  if [ "$downloader" = curl ]; then
    if [ -n "$secure_base" ]; then
      # shellcheck disable=SC2086 # the options are words
      location=$(curl --silent --show-error --head --proto '=https' $curl_options --output /dev/null \
        --write-out '%{http_code} %{redirect_url}' "$url" 2>"$work/curl.err") ||
        fail "cannot reach $url: $(cat "$work/curl.err")"
    else
      # shellcheck disable=SC2086 # the options are words
      location=$(curl --silent --show-error --head $curl_options --output /dev/null \
        --write-out '%{http_code} %{redirect_url}' "$url" 2>"$work/curl.err") ||
        fail "cannot reach $url: $(cat "$work/curl.err")"
    fi
    code=${location%% *}
    location=${location#* }
  else
    # wget --spider retries no HTTP error: tried 3 times here, 1 and 2 s apart, as curl does.
    tries=0
    while :; do
      tries=$((tries + 1))
      # shellcheck disable=SC2086 # the options are words
      wget --quiet --server-response --spider --max-redirect=0 $wget_options "$url" 2>"$work/wget.err" || true
      code=$(sed -n 's/^ *HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' "$work/wget.err" | tail -n 1)
      case $code in
        408 | 429 | 5?? | '') [ "$tries" -lt 3 ] || break ;;
        *) break ;;
      esac
      sleep "$tries"
    done
    location=$(sed -n 's/^ *[Ll]ocation: *//p' "$work/wget.err" | head -n 1 | tr -d '\r')
  fi
  case $code in
    30?) ;;
    404) fail "$url was not found (HTTP 404): $repo has no release yet? The releases are listed at $base_url" ;;
    '' | 000) fail "cannot reach $url; check the network (and a proxy: https_proxy)" ;;
    *) fail "$url did not redirect to a release (HTTP $code): give the release with --version vX.Y.Z" ;;
  esac
  tag=${location%/SHA256SUMS}
  tag=${tag##*/download/}
  case $tag in
    v[0-9]*.[0-9]*.[0-9]*) ;;
    *) fail "the latest release redirects to \"$location\", which names no release tag vX.Y.Z: give one with --version" ;;
  esac
  case $tag in */* | *[!A-Za-z0-9._-]*) fail "the latest release redirects to \"$location\", not a release tag" ;; esac
  version=$tag
}

# ---- checking ----
sha256_of() {
  if has sha256sum; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# ---- install and uninstall ----
# PREFIX/bin/NAME is a symbolic link into PREFIX/lib/mlops-actions/bin: the binaries find their
# bundled libraries through their RPATH $ORIGIN/../lib, and $ORIGIN is the real directory.
link_target() { echo "../lib/mlops-actions/bin/$1"; }

# check_links: every PREFIX/bin/NAME is free or a link of ours, before anything changes.
check_links() {
  for name in $binaries; do
    link=$bin_dir/$name
    if [ -L "$link" ]; then
      [ "$(readlink "$link")" = "$(link_target "$name")" ] ||
        fail "$link exists and links elsewhere ($(readlink "$link")): remove it, or choose another --prefix"
    elif [ -e "$link" ]; then
      fail "$link exists and was not installed by install.sh (a build installed by hand?): remove it, or choose another --prefix"
    fi
  done
}

uninstall() {
  check_links
  removed=
  for name in $binaries; do
    if [ -L "$bin_dir/$name" ]; then
      rm -f "$bin_dir/$name" || fail "cannot remove $bin_dir/$name"
      removed="$removed $name"
    fi
  done
  if [ -d "$home" ]; then
    rm -rf "$home" || fail "cannot remove $home"
    say "removed $home"
  fi
  if [ -n "$removed" ]; then
    say "removed the links in $bin_dir:$removed"
  elif [ ! -e "$home" ]; then
    say "nothing of mlops-actions is installed in $prefix"
  fi
}

# cleanup: on any exit; before the commit (all links made) it also undoes the swap, so a failure
# leaves the previous installation, or none, as it was.
cleanup() {
  [ -z "${work:-}" ] || rm -rf "$work"
  [ -z "${staging:-}" ] || rm -rf "$staging"
  if [ -n "${swapped:-}" ]; then
    rm -rf "$home"
    if [ -n "$previous" ]; then
      mv "$previous" "$home"
    else
      for name in $binaries; do [ ! -L "$bin_dir/$name" ] || rm -f "$bin_dir/$name"; done
    fi
  elif [ -n "${previous:-}" ] && [ -d "$previous" ] && [ ! -e "$home" ]; then
    mv "$previous" "$home"
  fi
}

main() {
  version=${MLOPS_VERSION:-}
  prefix=${MLOPS_PREFIX:-}
  repo=${MLOPS_REPO:-$default_repo}
  base_url=${MLOPS_BASE_URL:-}
  action=install
  while [ $# -gt 0 ]; do
    case $1 in
      --version | --prefix | --repo | --base-url)
        if [ $# -lt 2 ] || [ -z "$2" ]; then usage_fail "$1 needs a value"; fi
        case $1 in
          --version) version=$2 ;;
          --prefix) prefix=$2 ;;
          --repo) repo=$2 ;;
          --base-url) base_url=$2 ;;
        esac
        shift 2
        ;;
      --version=* | --prefix=* | --repo=* | --base-url=*)
        value=${1#*=}
        [ -n "$value" ] || usage_fail "${1%%=*} needs a value"
        case $1 in
          --version=*) version=$value ;;
          --prefix=*) prefix=$value ;;
          --repo=*) repo=$value ;;
          --base-url=*) base_url=$value ;;
        esac
        shift
        ;;
      --uninstall) action=uninstall; shift ;;
      -h | --help) usage; exit 0 ;;
      *) usage_fail "unknown argument \"$1\"" ;;
    esac
  done

  if [ -z "$prefix" ]; then
    [ -n "${HOME:-}" ] || usage_fail "HOME is not set: give --prefix DIR"
    prefix=$HOME/.local
  fi
  case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
  prefix=${prefix%/}
  bin_dir=$prefix/bin
  home=$prefix/lib/mlops-actions
  work=
  staging=
  previous=
  swapped=
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [ "$action" = uninstall ]; then
    uninstall
    return
  fi

  if [ -n "$version" ]; then
    case $version in
      v[0-9]*.[0-9]*.[0-9]*) ;;
      [0-9]*.[0-9]*.[0-9]*) version=v$version ;;
      *) usage_fail "--version takes a release tag such as v1.2.3, not \"$version\"" ;;
    esac
    case $version in */* | *[!A-Za-z0-9._-]*) usage_fail "--version takes a release tag such as v1.2.3, not \"$version\"" ;; esac
  fi
  case $repo in
    OWNER/*) [ -n "$base_url" ] ||
      usage_fail "this copy of install.sh does not name its repository: use the install.sh attached to a release (https://github.com/OWNER/mlops-actions/releases/latest/download/install.sh), or give --repo OWNER/mlops-actions" ;;
    */*) ;;
    *) usage_fail "--repo takes OWNER/NAME, not \"$repo\"" ;;
  esac
  base_url=${base_url:-https://github.com/$repo/releases}
  base_url=${base_url%/}
  case $base_url in
    https://*) secure_base=1 ;;
    http://*) secure_base= ;;
    *) usage_fail "--base-url takes an https:// (or http://) URL, not \"$base_url\"" ;;
  esac

  detect_platform
  pick_downloader
  has sha256sum || has shasum ||
    fail "neither sha256sum nor shasum is installed, so the download cannot be verified: install coreutils (or perl's shasum) and run this again"
  has tar || fail "tar is not installed: install it and run this again"
  has gzip || fail "gzip is not installed: install it and run this again"
  asset=mlops-actions-$platform.tar.gz

  check_links
  mkdir -p "$bin_dir" "$prefix/lib" 2>/dev/null || fail "cannot create $bin_dir and $prefix/lib: choose a --prefix you can write to"
  if [ ! -w "$bin_dir" ] || [ ! -w "$prefix/lib" ]; then
    fail "cannot write to $bin_dir and $prefix/lib: choose a --prefix you can write to (no root needed: the default is ~/.local)"
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-install.XXXXXX") || fail "cannot create a temporary directory (TMPDIR)"

  if [ -z "$version" ]; then
    resolve_latest
    say "the latest release of $repo is $version"
  fi
  release_url=$base_url/download/$version
  [ -n "$secure_base" ] || say "warning: $base_url is not https: the checksum guards against a broken download, not against the server"
  say "downloading $asset and SHA256SUMS of $version from $release_url (with $downloader)"
  download "$release_url/SHA256SUMS" "$work/SHA256SUMS"
  download "$release_url/$asset" "$work/$asset"

  expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1; exit }' "$work/SHA256SUMS")
  case $expected in
    '') fail "the SHA256SUMS of $version has no line for $asset: refusing to install it unchecked" ;;
  esac
  lines=$(awk -v f="$asset" '$2 == f || $2 == "*" f { n++ } END { print n + 0 }' "$work/SHA256SUMS")
  [ "$lines" = 1 ] ||
    fail "the SHA256SUMS of $version has $lines lines for $asset, not one: refusing to install; report it"
  actual=$(sha256_of "$work/$asset")
  [ "$actual" = "$expected" ] ||
    fail "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $actual; nothing was installed (try again; if it persists, report it)"
  say "checksum verified: $asset sha256 $actual"

  # Unpacked next to where it goes (one file system, so the move is a rename), and run there.
  staging=$(mktemp -d "$prefix/lib/.mlops-actions.XXXXXX") || fail "cannot create a directory in $prefix/lib"
  gzip -dc "$work/$asset" | tar -xf - -C "$staging" || fail "cannot unpack $asset (a full disk?); nothing was installed"
  for name in $binaries; do
    [ -x "$staging/bin/$name" ] || fail "$asset holds no bin/$name; nothing was installed"
  done
  reported=$("$staging/bin/data-validate" --version 2>"$work/run.err") ||
    fail "the downloaded data-validate does not run here: $(head -n 3 "$work/run.err"); nothing was installed"

  ver=$(echo "$reported" | cut -d' ' -f2)
  case $version in
    "v$ver" | "v$ver"-*) ;;
    *) fail "the release $version holds binaries of version $ver (\"$reported\"): refusing a mislabelled release; nothing was installed" ;;
  esac
  chmod 755 "$staging"

  old=
  if [ -d "$home" ]; then
    old=$("$home/bin/data-validate" --version 2>/dev/null | cut -d' ' -f2) || old=
    previous=$prefix/lib/.mlops-actions.previous.$$
    rm -rf "$previous"
    mv "$home" "$previous" || { previous=; fail "cannot move the installed $home aside"; }
  fi
  mv "$staging" "$home" || fail "cannot move the new files to $home; nothing was changed"
  staging=
  swapped=1
  for name in $binaries; do
    ln -sfn "$(link_target "$name")" "$bin_dir/$name" || fail "cannot link $bin_dir/$name; nothing was changed"
  done
  swapped=
  [ -z "$previous" ] || rm -rf "$previous"
  previous=

  say "installed mlops-actions $ver (release $version, $platform) in $home${old:+, replacing $old}"
  say "linked into $bin_dir: $binaries"
  case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *)
      say "$bin_dir is not on your PATH; add it, e.g. for sh and bash:"
      # shellcheck disable=SC2016 # $PATH is for the user's shell
      printf '  echo '\''export PATH="%s:$PATH"'\'' >> ~/.profile && . ~/.profile\n' "$bin_dir"
      ;;
  esac
}

# Commands must not read the script being piped into sh.
main "$@" </dev/null
