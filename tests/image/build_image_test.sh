#!/usr/bin/env bash
# scripts/build-image.sh end to end: the OCI layout it builds is reproducible (built twice from
# the same binaries, in other directories, a second apart: the same bytes), well formed (digests
# and sizes, config, layer owners, modes, mtimes and order), holds the binaries with every
# library they load, pushes to a real docker-registry started here on 127.0.0.1 under the digest
# it printed, and runs: as root, its layer is unpacked and the binaries are run in it with
# chroot as the image's user 65532 with the image's environment, as `docker run IMAGE ...`
# would (including image-tag finding the pushed image in the registry). Not root, or no
# mount(2) for the chroot's /proc: that part is skipped and says so.
# Needs docker-registry, skopeo, curl, jq, python3, GNU tar, gzip.
# Usage: build_image_test.sh BUILD_DIR (its tools/ holds the binaries)
set -euo pipefail
build=$(cd "${1:?usage: build_image_test.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$build/tools

work=$(mktemp -d /tmp/build-image-test.XXXXXX)
proc_mounted=
cleanup() {
  registry_stop
  [[ -z $proc_mounted ]] || umount "$proc_mounted" 2>/dev/null || umount -l "$proc_mounted" 2>/dev/null || true
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
# shellcheck source=tests/common/registry.sh
source "$root/tests/common/registry.sh"
fatal() {
  echo "build_image_test: error: $*" >&2
  [[ ! -f $work/registry.log ]] || tail -n 15 "$work/registry.log" >&2
  exit 1
}
for tool in docker-registry skopeo curl jq python3 tar gzip sha256sum; do
  command -v "$tool" >/dev/null || fatal "$tool is missing"
done
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
for name in "${binaries[@]}"; do [[ -x $tools/$name ]] || fatal "no $tools/$name: build first"; done
epoch=1700000000  # 2023-11-14T22:13:20Z
tag=1.2.3
source_label=org.opencontainers.image.source=https://github.com/acme/mlops-actions

# ---- reproducible: two builds, other directories and times, one digest and the same bytes ----
mkdir -p "$work/a" "$work/b"
digest=$(cd "$work/a" && SOURCE_DATE_EPOCH=$epoch bash "$root/scripts/build-image.sh" --label "$source_label" \
  "$tools" layout "$tag" 2>"$work/build-a.log") || fatal "build-image.sh failed: $(<"$work/build-a.log")"
sleep 1
digest_b=$(cd "$work/b" && umask 077 && TMPDIR=$work/b SOURCE_DATE_EPOCH=$epoch \
  bash "$root/scripts/build-image.sh" --label "$source_label" "$tools" "$work/b/image" "$tag" 2>"$work/build-b.log") ||
  fatal "the second build-image.sh failed: $(<"$work/build-b.log")"
layout=$work/a/layout
expect "build-image.sh prints a manifest digest" grep -qE '^sha256:[0-9a-f]{64}$' <<<"$digest"
expect "two builds of the same binaries have the same manifest digest" test "$digest" = "$digest_b"
expect "... and are the same files, byte for byte" diff -r "$layout" "$work/b/image"
expect "build-image.sh names the bundled libraries" grep -q "libraries into /" "$work/build-a.log"

# ---- the layout: index -> manifest -> config and layer, digests and sizes as stored ----
blob() { echo "$layout/blobs/sha256/${1#sha256:}"; }
digest_ok() {  # digest_ok DIGEST SIZE: the blob exists, hashes to its name, has that size
  local file
  file=$(blob "$1")
  [[ -f $file && sha256:$(sha256sum "$file" | cut -d' ' -f1) == "$1" && $(stat -c%s "$file") == "$2" ]]
}
index=$layout/index.json
expect "oci-layout is version 1.0.0" test "$(jq -r .imageLayoutVersion "$layout/oci-layout")" = 1.0.0
expect "the index names the printed manifest" test "$(jq -r '.manifests[0].digest' "$index")" = "$digest"
expect "... under the tag" test "$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$index")" = "$tag"
expect "... with its size" digest_ok "$digest" "$(jq -r '.manifests[0].size' "$index")"
manifest=$(blob "$digest")
expect "the manifest is an OCI image manifest" \
  test "$(jq -r '.schemaVersion, .mediaType' "$manifest" | paste -sd' ')" = "2 application/vnd.oci.image.manifest.v1+json"
config_digest=$(jq -r .config.digest "$manifest")
layer_digest=$(jq -r '.layers[0].digest' "$manifest")
expect "the manifest has one gzip layer" \
  test "$(jq -r '[.layers | length, .[0].mediaType] | join(" ")' "$manifest")" = "1 application/vnd.oci.image.layer.v1.tar+gzip"
expect "the config blob matches its digest and size" digest_ok "$config_digest" "$(jq -r .config.size "$manifest")"
expect "the layer blob matches its digest and size" digest_ok "$layer_digest" "$(jq -r '.layers[0].size' "$manifest")"
config=$(blob "$config_digest")
layer=$(blob "$layer_digest")
expect "the config's diff_id is the uncompressed layer's digest" test "$(jq -r '.rootfs.diff_ids[0]' "$config")" = \
  "sha256:$(gzip -dc "$layer" | sha256sum | cut -d' ' -f1)"
expect "the image runs as user 65532" test "$(jq -r .config.User "$config")" = 65532
expect "... with PATH set" grep -qx 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' <(jq -r '.config.Env[]' "$config")
expect "... with no entrypoint and no command" test "$(jq -c '[.config.Entrypoint, .config.Cmd]' "$config")" = "[null,null]"
expect "... created at SOURCE_DATE_EPOCH" test "$(jq -r .created "$config")" = 2023-11-14T22:13:20Z
expect "... for linux/amd64" test "$(jq -r '.os + "/" + .architecture' "$config")" = linux/amd64
expect "... with the --label given" \
  test "$(jq -r '.config.Labels["org.opencontainers.image.source"]' "$config")" = https://github.com/acme/mlops-actions
skopeo_reads() { skopeo inspect "oci:$1" >/dev/null; }
expect "skopeo reads the layout" skopeo_reads "$layout:$tag"

# ---- the layer: contents, owners, modes, mtimes, order ----
TZ=UTC0 tar --numeric-owner --full-time -tvzf "$layer" >"$work/listing"
awk '{print $6}' "$work/listing" >"$work/names"
for name in "${binaries[@]}"; do
  expect "the layer holds /usr/local/bin/$name, executable" grep -q "^-rwxr-xr-x 0/0 .* ./usr/local/bin/$name\$" "$work/listing"
done
loader=$(ldd "$tools/drift-check" | awk '$1 ~ /^\// {print $1}')
expect "the layer holds the dynamic loader at $loader" grep -qx ".$loader" "$work/names"
missing_libs=$(for name in "${binaries[@]}"; do ldd "$tools/$name"; done | awk '$2 == "=>" {print $1}' | sort -u |
  while read -r lib; do grep -q "/$lib\$" "$work/names" || echo "$lib"; done)
expect "the layer holds every library ldd lists for the binaries" test -z "$missing_libs"
[[ -z $missing_libs ]] || echo "  missing: $missing_libs" >&2
expect "the layer holds the CA certificates" grep -qx ./etc/ssl/certs/ca-certificates.crt "$work/names"
expect "the layer holds the licence of libc6" grep -qx ./usr/share/doc/libc6/copyright "$work/names"
passwd_line=$(tar -xzOf "$layer" ./etc/passwd | grep '^nonroot:')
expect "/etc/passwd has the user 65532" test "$passwd_line" = "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin"
expect "every entry but the home directory is owned by 0/0" \
  test "$(awk '$2 != "0/0" {print $2, $6}' "$work/listing")" = "65532/65532 ./home/nonroot/"
expect "every mtime is SOURCE_DATE_EPOCH" test "$(awk '{print $4, $5}' "$work/listing" | sort -u)" = "2023-11-14 22:13:20"
sorted_but_last() { head -n -1 "$1" | LC_ALL=C sort -c; }
expect "the entries are in name order (the home directory appended last)" sorted_but_last "$work/names"
expect "/tmp is world-writable and sticky" grep -q '^drwxrwxrwt 0/0 .* ./tmp/$' "$work/listing"

# ---- the registry: push, and the manifest is there under the digest built ----
registry_start "$work" delete
export HOME=$work/home  # no credentials of the caller's for skopeo
mkdir -p "$HOME"
skopeo copy -q --preserve-digests --dest-tls-verify=false --digestfile "$work/pushed.digest" \
  "oci:$layout:$tag" "docker://$registry/mlops-actions:$tag" || fatal "skopeo could not push the layout"
expect "skopeo pushed the digest built" test "$(<"$work/pushed.digest")" = "$digest"
head_digest=$(curl -sfI -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "http://$registry/v2/mlops-actions/manifests/$tag" |
  awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}' | tr -d '\r')
expect "the registry's Docker-Content-Digest of the tag is the built digest" test "$head_digest" = "$digest"

# ---- the image runs: its layer unpacked, a chroot as user 65532 with the image's Env ----
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIP: running the image's binaries (chroot needs root; this test runs as $(id -un))"
else
  rootfs=$work/rootfs
  mkdir -p "$rootfs"
  tar --numeric-owner -xzf "$layer" -C "$rootfs"
  # A container has /proc (the sanitizers of a dev build need it, and so may the binaries).
  mkdir -p "$rootfs/proc"
  if ! mount -t proc proc "$rootfs/proc" 2>"$work/mount.log"; then
    echo "SKIP: running the image's binaries (cannot mount /proc for the chroot: $(<"$work/mount.log"))"
  else
    proc_mounted=$rootfs/proc
    mapfile -t image_env < <(jq -r '.config.Env[]' "$config")
    in_image() {  # in_image COMMAND...: as `docker run IMAGE COMMAND...` would run it
      env -i "${image_env[@]}" HOME=/home/nonroot chroot --userspec=65532:65532 "$rootfs" "$@"
    }
    for name in "${binaries[@]}"; do
      expect "$name --version runs in the image as 65532" grep -q "^$name " <(in_image "$name" --version 2>&1)
    done
    cp "$root/examples/canary/canary.yaml" "$root/examples/canary/samples-healthy.csv" \
      "$root/examples/canary/samples-regressed.csv" "$rootfs/tmp/"
    status=0
    in_image canary-eval run --config /tmp/canary.yaml --samples /tmp/samples-healthy.csv --json /tmp/canary.json \
      -q --no-github >"$work/run.log" 2>&1 || status=$?
    expect "canary-eval in the image promotes the healthy samples" test "$status" -eq 0
    expect "... writing its report to /tmp as 65532" test "$(jq -r .decision "$rootfs/tmp/canary.json")" = promote
    status=0
    in_image canary-eval run --config /tmp/canary.yaml --samples /tmp/samples-regressed.csv -q --no-github \
      >"$work/run.log" 2>&1 || status=$?
    expect "canary-eval in the image rolls back the regressed samples" test "$status" -eq 1
    # libcurl of the image, against the registry: the image finds itself under its digest.
    status=0
    in_image image-tag --image "$registry/mlops-actions" --tags "type=raw,value=$tag" --check-registry \
      --git-ref refs/heads/main --git-sha 0123456789abcdef0123456789abcdef01234567 --event push --no-github \
      --json /tmp/tag.json -q >"$work/run.log" 2>&1 || status=$?
    expect "image-tag in the image asks the registry over HTTP" test "$status" -eq 0
    expect "... and finds the image" grep -q '"exists": true' "$rootfs/tmp/tag.json"
    expect "... under the built digest" grep -qF "\"digest\": \"$digest\"" "$rootfs/tmp/tag.json"
    [[ $status -eq 0 ]] || cat "$work/run.log" >&2
    umount "$rootfs/proc"
    proc_mounted=
  fi
fi

checks_done
echo "build_image_test: the image is reproducible ($digest), pushes under that digest and runs"
