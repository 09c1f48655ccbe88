# shellcheck shell=bash
# The checks of the tests of scripts that decide from a repository's release tags
# (scripts/major-tag.sh, scripts/is-latest.sh); sourced.
#
#   tag_repo TAG...                 a temporary git repository (in `repo`, removed on exit) with
#                                   one commit per TAG, in that order, each tagged
#   check TAG EXPECTED [EXIT]       runs `bash $script TAG $repo`: its output is EXPECTED and
#                                   its exit code EXIT (default 0); counts failures
#   checks_end                      exit 1 when any check failed
failures=0
repo=

tag_repo() {
  repo=$(mktemp -d /tmp/tag-script-test.XXXXXX)
  trap 'rm -rf "$repo"' EXIT
  git -C "$repo" init -q
  local tag
  for tag in "$@"; do
    git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m "$tag"
    git -C "$repo" tag "$tag"
  done
}

check() {
  local out code=0
  out=$(bash "${script:?}" "$1" "$repo" 2>/dev/null) || code=$?
  if [[ $out == "$2" && $code == "${3:-0}" ]]; then
    echo "ok: $1 -> \"$2\" (exit $code)"
  else
    echo "FAIL: $1 -> \"$out\" (exit $code), expected \"$2\" (exit ${3:-0})" >&2
    failures=$((failures + 1))
  fi
}

checks_end() { (( failures == 0 )) || exit 1; }
