#!/usr/bin/env bash
# The multi-platform image as release.yml makes it: scripts/build-image.sh builds this machine's
# image from the release asset's bin/ (an OCI layout whose index names its platform), a second
# image stands in for the other architecture (a minimal valid image: this machine cannot run an
# arm64 build), and scripts/image-index.sh joins them into one OCI image index: both platforms,
# the images' own manifest digests, the same index digest in any argument order; skopeo pushes
# it (--all) to a real docker-registry on 127.0.0.1, which serves the index under the tag with
# the digest printed and each platform's image to a client of that architecture. Refused: two
# images of one platform, a blob that does not match its digest.
# Run by .ci/run after the portable build (as tests/release/package_test.sh).
# Usage: image_index_test.sh RELEASE_DIR (holds mlops-actions-<platform>.tar.gz)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
release=$(cd "${1:?usage: image_index_test.sh RELEASE_DIR}" && pwd)

work=$(mktemp -d /tmp/image-index-test.XXXXXX)
cleanup() {
  registry_stop
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
# shellcheck source=tests/common/registry.sh
source "$root/tests/common/registry.sh"
fatal() { echo "image_index_test: error: $*" >&2; exit 1; }
for tool in docker-registry skopeo curl jq python3 sha256sum; do
  command -v "$tool" >/dev/null || fatal "$tool is missing"
done
case $(uname -m) in
  x86_64) platform=linux-x64 here=amd64 other=arm64 ;;
  aarch64) platform=linux-arm64 here=arm64 other=amd64 ;;
  *) fatal "no platform for $(uname -m)" ;;
esac
asset=$release/mlops-actions-$platform.tar.gz
[[ -f $asset ]] || fatal "no $asset"
tag=1.2.3
export SOURCE_DATE_EPOCH=1700000000

# ---- this machine's image, from the release asset as release.yml builds it ----
mkdir -p "$work/asset"
tar -xzf "$asset" -C "$work/asset"
here_digest=$(bash "$root/scripts/build-image.sh" "$work/asset/bin" "$work/$here" "$tag" 2>"$work/build.log") ||
  fatal "build-image.sh failed: $(<"$work/build.log")"
expect "build-image.sh's index names the platform linux/$here" \
  test "$(jq -c '.manifests[0].platform' "$work/$here/index.json")" = "{\"architecture\":\"$here\",\"os\":\"linux\"}"
expect "... and the image's config says linux/$here" \
  test "$(jq -r '.os + "/" + .architecture' "$work/$here/blobs/sha256/$(jq -r '.config.digest' "$work/$here/blobs/sha256/${here_digest#sha256:}" | cut -d: -f2)")" = "linux/$here"

# ---- the other architecture's image: minimal, valid, one layer with one file ----
fake_image() {  # fake_image LAYOUT ARCH: prints the manifest digest
  local layout=$1 arch=$2 dir layer diff config manifest
  dir=$(mktemp -d "$work/fake.XXXXXX")
  mkdir -p "$layout/blobs/sha256" "$dir/root"
  echo "a stand-in for the $arch image" >"$dir/root/README"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$dir/root" -cf "$dir/layer.tar" .
  diff=$(sha256sum "$dir/layer.tar" | cut -d' ' -f1)
  gzip -n <"$dir/layer.tar" >"$dir/layer.tar.gz"
  layer=$(sha256sum "$dir/layer.tar.gz" | cut -d' ' -f1)
  cp "$dir/layer.tar.gz" "$layout/blobs/sha256/$layer"
  printf '{"architecture":"%s","config":{},"os":"linux","rootfs":{"diff_ids":["sha256:%s"],"type":"layers"}}' \
    "$arch" "$diff" >"$dir/config"
  config=$(sha256sum "$dir/config" | cut -d' ' -f1)
  cp "$dir/config" "$layout/blobs/sha256/$config"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
    "$config" "$(stat -c%s "$dir/config")" "$layer" "$(stat -c%s "$dir/layer.tar.gz")" >"$dir/manifest"
  manifest=$(sha256sum "$dir/manifest" | cut -d' ' -f1)
  cp "$dir/manifest" "$layout/blobs/sha256/$manifest"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"%s","os":"linux"},"annotations":{"org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$(stat -c%s "$dir/manifest")" "$arch" "$tag" >"$layout/index.json"
  echo "sha256:$manifest"
}
other_digest=$(fake_image "$work/$other" "$other")
expect "skopeo reads the stand-in image" skopeo inspect --raw "oci:$work/$other:$tag" >/dev/null

# ---- the index ----
index_digest=$(bash "$root/scripts/image-index.sh" "$work/index" "$tag" "$work/amd64" "$work/arm64" 2>"$work/index.log") ||
  fatal "image-index.sh failed: $(<"$work/index.log")"
again=$(bash "$root/scripts/image-index.sh" "$work/index-again" "$tag" "$work/arm64" "$work/amd64" 2>/dev/null)
expect "image-index.sh prints a digest" grep -qE '^sha256:[0-9a-f]{64}$' <<<"$index_digest"
expect "the same images in the other order give the same index digest" test "$again" = "$index_digest"
expect "... and the same layout, byte for byte" diff -r "$work/index" "$work/index-again"
expect "it names the platforms" grep -q "$tag, linux/amd64 linux/arm64" "$work/index.log"
layout_index=$work/index/index.json
expect "the layout's index.json names an image index under the tag" \
  test "$(jq -r '.manifests[0] | .mediaType + " " + .annotations["org.opencontainers.image.ref.name"] + " " + .digest' "$layout_index")" = \
  "application/vnd.oci.image.index.v1+json $tag $index_digest"
blob=$work/index/blobs/sha256/${index_digest#sha256:}
expect "... whose blob hashes to that digest" test "sha256:$(sha256sum "$blob" | cut -d' ' -f1)" = "$index_digest"
expect "... with its size" test "$(jq -r '.manifests[0].size' "$layout_index")" = "$(stat -c%s "$blob")"
expect "the image index is an OCI image index of two images" \
  test "$(jq -r '[.schemaVersion, .mediaType, (.manifests | length)] | map(tostring) | join(" ")' "$blob")" = \
  "2 application/vnd.oci.image.index.v1+json 2"
expect "... linux/amd64 and linux/arm64, in that order" \
  test "$(jq -r '[.manifests[].platform | .os + "/" + .architecture] | join(" ")' "$blob")" = "linux/amd64 linux/arm64"
expect "... this machine's under the digest build-image.sh printed" \
  test "$(jq -r --arg a "$here" '.manifests[] | select(.platform.architecture == $a) | .digest' "$blob")" = "$here_digest"
expect "... the other's under its own" \
  test "$(jq -r --arg a "$other" '.manifests[] | select(.platform.architecture == $a) | .digest' "$blob")" = "$other_digest"
expect "skopeo reads the index from the layout" \
  cmp -s "$blob" <(skopeo inspect --raw "oci:$work/index:$tag")

# ---- refused ----
status=0
bash "$root/scripts/image-index.sh" "$work/twice" "$tag" "$work/$here" "$work/$here" >/dev/null 2>"$work/twice.log" || status=$?
expect "two images of one platform are refused (exit 1)" test "$status" = 1
expect "... naming the platform" grep -q "two images for linux/$here" "$work/twice.log"
cp -a "$work/$other" "$work/broken"
layer=$(jq -r '.layers[0].digest' "$work/broken/blobs/sha256/${other_digest#sha256:}")
echo tampered >>"$work/broken/blobs/sha256/${layer#sha256:}"
status=0
bash "$root/scripts/image-index.sh" "$work/bad" "$tag" "$work/$here" "$work/broken" >/dev/null 2>"$work/bad.log" || status=$?
expect "a blob that does not match its digest is refused (exit 1)" test "$status" = 1
expect "... naming it" grep -q "the blob $layer of $work/broken does not match its digest and size" "$work/bad.log"

# ---- pushed to a real registry: the tag is the index; each architecture gets its image ----
registry_start "$work"
export HOME=$work/home  # no credentials of the caller's for skopeo
mkdir -p "$HOME"
skopeo copy -q --all --preserve-digests --dest-tls-verify=false --digestfile "$work/pushed" \
  "oci:$work/index:$tag" "docker://$registry/mlops-actions:$tag" || fatal "skopeo could not push the index"
expect "skopeo pushed the index under its digest" test "$(<"$work/pushed")" = "$index_digest"
head_digest=$(curl -sfI -H 'Accept: application/vnd.oci.image.index.v1+json' "http://$registry/v2/mlops-actions/manifests/$tag" |
  awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}' | tr -d '\r')
expect "the registry serves the index under the tag" test "$head_digest" = "$index_digest"
skopeo inspect --raw --tls-verify=false "docker://$registry/mlops-actions:$tag" >"$work/raw.json"
expect "... whose raw bytes hash to the digest (release.yml's check of an existing tag)" \
  test "sha256:$(sha256sum "$work/raw.json" | cut -d' ' -f1)" = "$index_digest"
for arch in amd64 arm64; do
  skopeo inspect --tls-verify=false --override-os linux --override-arch "$arch" \
    "docker://$registry/mlops-actions:$tag" >"$work/inspect-$arch.json" || fatal "skopeo inspect ($arch) failed"
  # .Digest is the tag's (the index's); the image is told by its architecture and its layers.
  layout=$work/$here manifest=$here_digest
  [[ $arch == "$here" ]] || layout=$work/$other manifest=$other_digest
  expect "a linux/$arch client gets the $arch image (its config and layers)" \
    test "$(jq -c '[.Architecture, .Layers]' "$work/inspect-$arch.json")" = \
    "$(jq -c --arg a "$arch" '[$a, [.layers[].digest]]' "$layout/blobs/sha256/${manifest#sha256:}")"
done

checks_done
echo "image_index_test: linux/amd64 and linux/arm64 under $index_digest"
