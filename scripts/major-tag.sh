#!/usr/bin/env bash
# Which major tag a release moves: prints "v1" for the tag v1.4.2 when v1.4.2 is the newest
# final release of major 1 among the repository's tags (so a backport v1.3.9 tagged after
# v1.4.2 moves nothing), and nothing for a pre-release (v1.5.0-rc.1) or an older release.
#   scripts/major-tag.sh TAG [GIT_DIR]
# Exit 0 in both cases; 2 for a tag that is not vMAJOR.MINOR.PATCH[-PRE].
set -euo pipefail
tag=${1:?usage: major-tag.sh TAG [GIT_DIR]}
dir=${2:-.}
[[ $tag =~ ^v([0-9]+)\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
  { echo "major-tag: error: \"$tag\" is not a release tag vMAJOR.MINOR.PATCH[-PRERELEASE]" >&2; exit 2; }
major=${BASH_REMATCH[1]}
[[ -z ${BASH_REMATCH[2]} ]] || exit 0  # pre-releases never move the major tag
newest=$(git -C "$dir" tag --list "v$major.*" | grep -E "^v$major\.[0-9]+\.[0-9]+\$" | sort -V | tail -n 1)
[[ $newest != "$tag" ]] || echo "v$major"
