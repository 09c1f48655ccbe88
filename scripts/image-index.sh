#!/usr/bin/env bash
# Joins the per-architecture OCI image layouts of scripts/build-image.sh (one linux/amd64, one
# linux/arm64) into one multi-platform image: an OCI layout whose index.json names, under TAG,
# an OCI image index (a "manifest list") of the images, each with its platform. Prints the
# index's digest, which is what the tag names once pushed with
#   skopeo copy --all --preserve-digests oci:OUT_LAYOUT:TAG docker://ghcr.io/OWNER/mlops-actions:TAG
# and `docker pull` on either architecture then takes its own image.
#
# Usage: scripts/image-index.sh OUT_LAYOUT TAG LAYOUT...
# Reproducible: the images are listed by platform, whatever the order of the arguments, so the
# same images give the same index digest. Refuses an image without a platform, two images of one
# platform, and a blob whose bytes do not match its digest. Needs jq and sha256sum.
set -euo pipefail
umask 022

fail() { echo "image-index: error: $1" >&2; exit "${2:-1}"; }
(( $# >= 3 )) || fail "usage: scripts/image-index.sh OUT_LAYOUT TAG LAYOUT..." 2
out=$1
tag=$2
shift 2
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$ ]] || fail "\"$tag\" is not a valid OCI tag" 2
command -v jq >/dev/null || fail "jq is missing"
if [[ -e $out ]]; then
  [[ -f $out/oci-layout || -z $(ls -A "$out") ]] || fail "$out exists and is not an OCI layout: refusing to replace it" 2
  rm -rf "$out"
fi
mkdir -p "$out/blobs/sha256"

check_blob() {  # check_blob LAYOUT DIGEST SIZE: present, with those bytes
  local file=$1/blobs/sha256/${2#sha256:}
  [[ -f $file ]] || fail "$1 has no blob $2"
  [[ sha256:$(sha256sum "$file" | cut -d' ' -f1) == "$2" && $(stat -c%s "$file") == "$3" ]] ||
    fail "the blob $2 of $1 does not match its digest and size"
}

entries=()
declare -A seen=()
for layout in "$@"; do
  [[ -f $layout/oci-layout && -f $layout/index.json ]] || fail "$layout is not an OCI image layout"
  while IFS=$'\t' read -r media digest size platform; do
    [[ $media == application/vnd.oci.image.manifest.v1+json ]] || fail "$layout lists a $media, not an image manifest"
    [[ -n $platform && $platform != null ]] || fail "$layout names no platform for $digest"
    [[ -z ${seen[$platform]:-} ]] || fail "two images for $platform: ${seen[$platform]} and $layout"
    seen[$platform]=$layout
    check_blob "$layout" "$digest" "$size"
    manifest=$layout/blobs/sha256/${digest#sha256:}
    while IFS=$'\t' read -r blob blob_size; do
      check_blob "$layout" "$blob" "$blob_size"
      cp "$layout/blobs/sha256/${blob#sha256:}" "$out/blobs/sha256/"
    done < <(jq -r '(.config, .layers[]) | [.digest, .size] | @tsv' "$manifest")
    cp "$manifest" "$out/blobs/sha256/"
    entry=$(jq -c --arg d "$digest" 'first(.manifests[] | select(.digest == $d)) | {mediaType, digest, size, platform}' \
      "$layout/index.json")
    entries+=("$platform"$'\t'"$entry")
  done < <(jq -r '.manifests[] | [.mediaType, .digest, .size, (.platform | if . then .os + "/" + .architecture + (if .variant then "/" + .variant else "" end) else "null" end)] | @tsv' "$layout/index.json")
done

manifests=$(printf '%s\n' "${entries[@]}" | LC_ALL=C sort | cut -f2- | paste -sd,)
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[%s]}' "$manifests" >"$out/index.tmp"
hex=$(sha256sum "$out/index.tmp" | cut -d' ' -f1)
size=$(stat -c%s "$out/index.tmp")
mv "$out/index.tmp" "$out/blobs/sha256/$hex"
printf '{"imageLayoutVersion":"1.0.0"}' >"$out/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
  "$hex" "$size" "$tag" >"$out/index.json"
echo "image-index: $out: $tag, $(printf '%s\n' "${entries[@]}" | cut -f1 | LC_ALL=C sort | paste -sd' ')" >&2
echo "sha256:$hex"
