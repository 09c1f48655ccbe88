#!/usr/bin/env bash
# Whether a release is the repository's "Latest" (what releases/latest/download, and so
# install.sh's default, serves): prints "true" for the tag v1.4.2 when it is the newest final
# release among all the repository's tags vX.Y.Z, of any major, and "false" otherwise: a backport
# v1.3.9 published after v1.4.0 is not the latest, nor is a pre-release (v1.5.0-rc.1). The rule
# of scripts/major-tag.sh, across all majors. release.yml passes it to gh release as --latest=.
#   scripts/is-latest.sh TAG [GIT_DIR]
# Exit 0 in both cases; 2 for a tag that is not vMAJOR.MINOR.PATCH[-PRE].
set -euo pipefail
tag=${1:?usage: is-latest.sh TAG [GIT_DIR]}
dir=${2:-.}
[[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  { echo "is-latest: error: \"$tag\" is not a release tag vMAJOR.MINOR.PATCH[-PRERELEASE]" >&2; exit 2; }
if [[ -n ${BASH_REMATCH[1]} ]]; then  # pre-releases are never the latest
  echo false
  exit 0
fi
tags=$(git -C "$dir" tag --list 'v*') || { echo "is-latest: error: cannot list the tags of $dir" >&2; exit 2; }
grep -qxF -- "$tag" <<<"$tags" ||
  { echo "is-latest: error: $dir has no tag $tag: fetch the tags (actions/checkout with fetch-depth: 0, fetch-tags: true)" >&2; exit 2; }
newest=$(grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' <<<"$tags" | sort -V | tail -n 1)
if [[ $newest == "$tag" ]]; then echo true; else echo false; fi
