#!/usr/bin/env bash
# The install.sh a release attaches: the repository's install.sh with its default repository
# set to the one releasing (release.yml passes $GITHUB_REPOSITORY), so that
#   curl -fsSL https://github.com/OWNER/NAME/releases/latest/download/install.sh | sh
# installs from that repository without --repo; its checksum line is appended to SHA256SUMS.
# Usage: scripts/release-install-script.sh OWNER/NAME OUT_DIR
set -euo pipefail
fail() { echo "release-install-script: error: $1" >&2; exit 1; }
(( $# == 2 )) || fail "usage: release-install-script.sh OWNER/NAME OUT_DIR"
repo=$1
out=$2
[[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "\"$repo\" is not a GitHub repository OWNER/NAME"
source=$(dirname "$0")/../install.sh
mkdir -p "$out"
sed "s|^default_repo=OWNER/mlops-actions\$|default_repo=$repo|" "$source" >"$out/install.sh"
grep -qx "default_repo=$repo" "$out/install.sh" || fail "install.sh has no line default_repo=OWNER/mlops-actions to set"
touch "$out/SHA256SUMS"
grep -v '  install\.sh$' "$out/SHA256SUMS" >"$out/SHA256SUMS.new" || true
(cd "$out" && sha256sum install.sh) >>"$out/SHA256SUMS.new"
mv "$out/SHA256SUMS.new" "$out/SHA256SUMS"
echo "$out/install.sh: installs from $repo"
