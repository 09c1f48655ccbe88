#!/usr/bin/env bash
# Which release's binaries a reusable workflow installs (model-ci, drift-monitor,
# canary-analysis): INPUT_VERSION when set, else the release tag (pick_release_tag of
# action-lib.sh, as setup.sh for an action's ref) on the commit of the mlops-actions checkout
# in CHECKOUT, asking the remote when the checkout has no tags. Writes version= and url= (the
# release's download URL on GITHUB_SERVER_URL for REPOSITORY) to GITHUB_OUTPUT. Exit 2, with
# an ::error:: titled CALLER, when the commit carries no release tag.
set -euo pipefail
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/action-lib.sh"
checkout=${CHECKOUT:-.mlops-actions}
caller=${CALLER:-mlops-actions}
version=${INPUT_VERSION:-}
fail() { error_annotation "$caller" "$1"; exit 2; }
[[ -z $version ]] || valid_version "$version" ||
  fail "the version input must be a release tag such as v1.2.3, or source, not \"$version\""
[[ ${REPOSITORY:?} =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || fail "the repository \"$REPOSITORY\" is not OWNER/REPO"
if [[ -z $version ]]; then
  commit=$(git -C "$checkout" rev-parse HEAD)
  tags=$(git -C "$checkout" tag --points-at HEAD --list 'v*')
  # Should the checkout have left the tags behind, ask the remote (annotated tags are listed
  # as TAG^{} with their commit).
  [[ -n $tags ]] || tags=$(git -C "$checkout" ls-remote --tags origin 'v*' 2>/dev/null |
    awk -v c="$commit" '$1 == c { sub("^refs/tags/", "", $2); sub("\\^\\{\\}$", "", $2); print $2 }' || true)
  version=$(pick_release_tag <<<"$tags")
  [[ -n $version ]] ||
    fail "mlops-actions $commit carries no release tag (vX.Y.Z): set the version input to the release whose binaries to run, e.g. v1.2.3"
fi
echo "mlops-actions $version from $REPOSITORY"
set_output version "$version"
set_output url "${GITHUB_SERVER_URL:-https://github.com}/$REPOSITORY/releases/download/$version"
