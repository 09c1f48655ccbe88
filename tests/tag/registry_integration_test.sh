#!/usr/bin/env bash
# The registry check (tag::check_manifest) against a real OCI registry: docker-registry started
# here on 127.0.0.1, first open, then with htpasswd Basic auth, then with token auth backed by
# token_server.py; an image layout built by make_oci_layout.sh and pushed with skopeo. Every
# server is stopped on exit. Needs docker-registry, skopeo, htpasswd (apache2-utils), openssl,
# python3 and curl. Usage: registry_integration_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: registry_integration_test.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)

# The command under test. Given IMAGE and TAG it prints "exists=<true|false> digest=<digest>
# media_type=<type>" and exits 0 (exists), 1 (absent), 2 (credentials missing) or 3 (could not
# check). Swap for image-tag --check-registry once it exists (and adjust check_output).
probe=("$build/tests/registry_probe")

# shellcheck source=tests/common/server_test.sh
. "$(dirname "$0")/../common/server_test.sh"
server_test registry_integration_test

for tool in docker-registry skopeo htpasswd openssl python3 curl "${probe[0]}"; do
  command -v "$tool" >/dev/null || fail "$tool is missing"
done

# Nothing of the caller's environment may lend credentials to the probe.
unset MLOPS_REGISTRY_TOKEN MLOPS_REGISTRY_USERNAME MLOPS_REGISTRY_PASSWORD DOCKER_CONFIG
export HOME=$work/home
mkdir -p "$HOME"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
port=$(free_port)
token_port=$(free_port)
registry=127.0.0.1:$port
user=alice
password="pw-$RANDOM-$RANDOM-secret"

registry_pid=
# start_registry open|htpasswd|token: one storage directory, so images pushed in one mode are
# there in the next.
start_registry() {
  local auth=''
  case $1 in
    htpasswd) auth="auth: {htpasswd: {realm: mlops-test, path: '$work/htpasswd'}}" ;;
    token)
      auth="auth: {token: {realm: 'http://127.0.0.1:$token_port/token', service: mlops-registry,"
      auth+=" issuer: mlops-test-issuer, rootcertbundle: '$work/token.crt'}}"
      ;;
  esac
  cat >"$work/registry-$1.yml" <<YML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: '$work/storage'}
  delete: {enabled: true}
http: {addr: '$registry', secret: ci-not-secret}
$auth
YML
  docker-registry serve "$work/registry-$1.yml" >>"$work/registry.log" 2>&1 &
  registry_pid=$!
  pids+=("$registry_pid")
  local code
  for _ in $(seq 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://$registry/v2/" || true)
    [[ $code == 200 || $code == 401 ]] && return 0
    sleep 0.05
  done
  fail "docker-registry ($1) did not start"
}
stop_registry() {
  kill "$registry_pid"
  wait "$registry_pid" 2>/dev/null || true
}

# run EXPECTED_EXIT [VAR=VALUE...] -- IMAGE TAG: runs the probe with those variables set and
# leaves its stdout in $out and stderr in $err. Every output is kept to search for secrets.
run() {
  local expected=$1 status=0
  shift
  local vars=()
  while [[ $1 != -- ]]; do
    vars+=("$1")
    shift
  done
  shift
  env "${vars[@]}" "${probe[@]}" "$@" >"$work/out" 2>"$work/err" || status=$?
  out=$(<"$work/out")
  err=$(<"$work/err")
  cat "$work/out" "$work/err" >>"$work/all-output"
  [[ $status -eq $expected ]] ||
    fail "probe $* exited $status, expected $expected (stdout: $out; stderr: $err)"
}
check_output() {
  [[ $out == "$1" ]] || fail "probe printed '$out', expected '$1'"
}
expect_err() {
  grep -qF -- "$1" <<<"$err" || fail "stderr lacks '$1': $err"
}
oci=application/vnd.oci.image.manifest.v1+json
docker_v2=application/vnd.docker.distribution.manifest.v2+json

# ---- the image ----
digest=$("$here/make_oci_layout.sh" "$work/img" 1.0)
[[ $digest =~ ^sha256:[0-9a-f]{64}$ ]] || fail "make_oci_layout.sh printed '$digest'"

# ---- open registry ----
start_registry open
skopeo copy -q --dest-tls-verify=false --digestfile "$work/pushed.digest" \
  "oci:$work/img:1.0" "docker://$registry/ci/hello:1.0"
[[ $(<"$work/pushed.digest") == "$digest" ]] || fail "skopeo pushed $(<"$work/pushed.digest")"
# The same image as a Docker v2 schema 2 manifest, which has another digest.
skopeo copy -q --dest-tls-verify=false --format v2s2 --digestfile "$work/v2s2.digest" \
  "oci:$work/img:1.0" "docker://$registry/ci/hello:docker"
v2s2_digest=$(<"$work/v2s2.digest")
[[ $v2s2_digest != "$digest" ]] || fail "the v2s2 push kept the OCI digest"

run 0 -- "$registry/ci/hello" 1.0
check_output "exists=true digest=$digest media_type=$oci"
run 0 -- "$registry/ci/hello" docker
check_output "exists=true digest=$v2s2_digest media_type=$docker_v2"
run 0 -- "$registry/ci/hello" "$digest"
check_output "exists=true digest=$digest media_type=$oci"
run 0 -- "localhost:$port/ci/hello" 1.0
check_output "exists=true digest=$digest media_type=$oci"
run 1 -- "$registry/ci/hello" 9.9
check_output "exists=false digest= media_type="
run 1 -- "$registry/ci/nothing" 1.0
check_output "exists=false digest= media_type="
run 2 -- "$registry/ci/hello" -bad-tag
expect_err "invalid tag"

# image-tag --check-registry end to end: the tags it computes, looked up in the same registry.
image_tag=("$build/tools/image-tag" --git-ref refs/heads/main
  --git-sha 0123456789abcdef0123456789abcdef01234567 --event push --no-github)
status=0
env -u GITHUB_ACTIONS "${image_tag[@]}" --image "$registry/ci/hello" --tags 'type=raw,value=1.0' \
  --check-registry --json "$work/tag.json" -q >/dev/null 2>"$work/err" || status=$?
[[ $status -eq 0 ]] || fail "image-tag --check-registry exited $status: $(<"$work/err")"
grep -q '"exists": true' "$work/tag.json" || fail "image-tag did not report exists: $(<"$work/tag.json")"
grep -qF "\"digest\": \"$digest\"" "$work/tag.json" || fail "image-tag reported another digest"
status=0
env -u GITHUB_ACTIONS "${image_tag[@]}" --image "$registry/ci/hello" --tags 'type=raw,value=1.0' \
  --check-registry --fail-if-exists -q >/dev/null 2>&1 || status=$?
[[ $status -eq 1 ]] || fail "image-tag --fail-if-exists on an existing tag exited $status, expected 1"
env -u GITHUB_ACTIONS "${image_tag[@]}" --image "$registry/ci/hello" --tags 'type=raw,value=9.9' \
  --check-registry --fail-if-exists --json "$work/tag.json" -q >/dev/null 2>&1 ||
  fail "image-tag --fail-if-exists on an absent tag failed"
grep -q '"exists": false' "$work/tag.json" || fail "image-tag did not report the tag absent"
# A mixed-case name (a workflow's ghcr.io/${{ github.repository }}) is lower-cased as
# docker/metadata-action does, and looked up under its lower-case name.
env -u GITHUB_ACTIONS "${image_tag[@]}" --image "$registry/CI/Hello" --tags 'type=raw,value=1.0' \
  --check-registry --json "$work/tag.json" -q >/dev/null 2>"$work/err" ||
  fail "image-tag --check-registry of a mixed-case name failed: $(<"$work/err")"
grep -qF "\"tag\": \"$registry/ci/hello:1.0\"" "$work/tag.json" || fail "the mixed-case name was not lower-cased: $(<"$work/tag.json")"
grep -qF "\"digest\": \"$digest\"" "$work/tag.json" || fail "image-tag reported another digest for the mixed-case name"
stop_registry

# ---- htpasswd Basic auth ----
htpasswd -Bbn "$user" "$password" >"$work/htpasswd"
# A Docker config.json with an auths entry: skopeo pushes with it, the probe reads it.
mkdir -p "$work/docker"
printf '{"auths": {"%s": {"auth": "%s"}}}\n' "$registry" \
  "$(printf '%s:%s' "$user" "$password" | base64 -w0)" >"$work/docker/config.json"
start_registry htpasswd
skopeo copy -q --dest-tls-verify=false --dest-authfile "$work/docker/config.json" \
  "oci:$work/img:1.0" "docker://$registry/ci/private:2.0"

creds=(MLOPS_REGISTRY_USERNAME="$user" MLOPS_REGISTRY_PASSWORD="$password")
run 0 "${creds[@]}" -- "$registry/ci/hello" 1.0
check_output "exists=true digest=$digest media_type=$oci"
run 0 "${creds[@]}" -- "$registry/ci/private" 2.0
check_output "exists=true digest=$digest media_type=$oci"
run 0 DOCKER_CONFIG="$work/docker" -- "$registry/ci/private" 2.0
check_output "exists=true digest=$digest media_type=$oci"
run 1 "${creds[@]}" -- "$registry/ci/private" 9.9
check_output "exists=false digest= media_type="
run 3 MLOPS_REGISTRY_USERNAME="$user" MLOPS_REGISTRY_PASSWORD=wrong-password -- \
  "$registry/ci/hello" 1.0
expect_err "refused the credentials from MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD"
run 2 -- "$registry/ci/hello" 1.0
expect_err "wants credentials"
stop_registry

# ---- token auth: the registry trusts JWTs signed by token_server.py ----
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=mlops-test-issuer \
  -keyout "$work/token.key" -out "$work/token.crt" 2>"$work/openssl.log"
python3 "$here/token_server.py" "$token_port" "$work/token.key" "$work/token.crt" \
  mlops-test-issuer mlops-registry "$user:$password" "$work/token-requests.log" \
  >"$work/token-server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1200); do
  curl -sf "http://127.0.0.1:$token_port/token?service=mlops-registry" >/dev/null && break
  sleep 0.05
done
start_registry token

run 0 "${creds[@]}" -- "$registry/ci/hello" 1.0
check_output "exists=true digest=$digest media_type=$oci"
grep -qF "200 service=mlops-registry scope=repository:ci/hello:pull auth=basic" \
  "$work/token-requests.log" || fail "the token server saw no authenticated pull request"
run 1 "${creds[@]}" -- "$registry/ci/hello" 9.9
check_output "exists=false digest= media_type="
run 0 DOCKER_CONFIG="$work/docker" -- "$registry/ci/private" 2.0
check_output "exists=true digest=$digest media_type=$oci"
run 3 MLOPS_REGISTRY_USERNAME="$user" MLOPS_REGISTRY_PASSWORD=wrong-password -- \
  "$registry/ci/hello" 1.0
expect_err "the token server of $registry refused the credentials"
# Anonymous: the token server hands out a token without access, which the registry refuses.
run 2 -- "$registry/ci/hello" 1.0
expect_err "wants credentials"
grep -qF "200 service=mlops-registry scope=repository:ci/hello:pull auth=none" \
  "$work/token-requests.log" || fail "the token server saw no anonymous request"

# ---- registry down ----
stop_registry
run 3 "${creds[@]}" -- "$registry/ci/hello" 1.0
expect_err "cannot reach http://$registry/v2/ci/hello/manifests/1.0"
status=0
env -u GITHUB_ACTIONS "${image_tag[@]}" --image "$registry/ci/hello" --tags 'type=raw,value=1.0' \
  --check-registry --retries 0 -q >/dev/null 2>&1 || status=$?
[[ $status -eq 3 ]] || fail "image-tag against a stopped registry exited $status, expected 3"

# No output of any run carried the password or the Basic credential built from it.
basic=$(printf '%s:%s' "$user" "$password" | base64 -w0)
if grep -qF -e "$password" -e "$basic" "$work/all-output"; then
  fail "a credential appeared in the probe's output"
fi
echo "registry_integration_test: open, htpasswd and token registries checked"
