# syntax=docker/dockerfile:1
# The mlops-actions container image, for those who build images with Docker: the release's
# binaries and the Debian 12 libraries they are bundled with, on debian:12-slim, with CA
# certificates, as the unprivileged user 65532 and without an entrypoint, so that
#   mkdir -p reports
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" -w /work IMAGE drift-check compare --reference ... --current ... --html reports/drift.html
# runs one binary (--user: uid 65532 cannot write to a bind-mounted directory of the host). The release workflow publishes an equivalent image built without Docker
# (scripts/build-image.sh: the same binaries and libraries on an empty base, reproducible);
# docs/workflows.md compares the two.
#
# From a published release (the asset is checked against the release's SHA256SUMS):
#   docker build --build-arg REPOSITORY=OWNER/mlops-actions --build-arg VERSION=v1.2.3 -t mlops-actions:v1.2.3 .
# From an asset unpacked locally (bin/, lib/, share/ as actions/setup installs it), e.g. one
# the release workflow built:
#   mkdir -p dist/pkg-linux-x64 && tar -xzf mlops-actions-linux-x64.tar.gz -C dist/pkg-linux-x64
#   docker build --build-context asset=dist/pkg-linux-x64 -t mlops-actions:dev .
# The image is built for the platform Docker builds for, from that platform's asset (linux/amd64:
# mlops-actions-linux-x64, linux/arm64: mlops-actions-linux-arm64), e.g. both at once:
#   docker buildx build --platform linux/amd64,linux/arm64 --build-arg REPOSITORY=OWNER/mlops-actions --build-arg VERSION=v1.2.3 .

# The release asset, downloaded and verified; replaced wholesale by --build-context asset=DIR.
FROM debian:12-slim AS download
ARG REPOSITORY
ARG VERSION
ARG TARGETARCH
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates curl >/dev/null \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /download
RUN test -n "$REPOSITORY" && test -n "$VERSION" || { \
      echo "give --build-arg REPOSITORY=OWNER/mlops-actions --build-arg VERSION=vX.Y.Z, or --build-context asset=DIR" >&2; \
      exit 2; } \
 && case "${TARGETARCH:-amd64}" in \
      amd64) asset=mlops-actions-linux-x64.tar.gz ;; \
      arm64) asset=mlops-actions-linux-arm64.tar.gz ;; \
      *) echo "no release asset for linux/$TARGETARCH: linux/amd64 and linux/arm64 are released" >&2; exit 2 ;; \
    esac \
 && base="https://github.com/$REPOSITORY/releases/download/$VERSION" \
 && curl --fail --silent --show-error --location --proto '=https' -O "$base/$asset" -O "$base/SHA256SUMS" \
 && grep -F "  $asset" SHA256SUMS | sha256sum -c - \
 && mkdir /asset \
 && tar -xzf "$asset" -C /asset

FROM scratch AS asset
COPY --from=download /asset/ /

FROM debian:12-slim
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 nonroot \
 && useradd --uid 65532 --gid 65532 --home-dir /home/nonroot --create-home --shell /usr/sbin/nologin nonroot
# The binaries load their libraries from ../lib (RPATH $ORIGIN/../lib): /usr/local/lib here.
# glibc is the base image's, the same Debian 12 glibc they were built against.
COPY --from=asset /bin/ /usr/local/bin/
COPY --from=asset /lib/ /usr/local/lib/
COPY --from=asset /share/doc/ /usr/local/share/doc/mlops-actions/
RUN for name in data-validate metric-gate drift-check image-tag canary-eval mlops-attest; do \
      "/usr/local/bin/$name" --version || exit 1; \
    done
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /home/nonroot
LABEL org.opencontainers.image.title="mlops-actions" \
      org.opencontainers.image.description="ML CI/CD quality gates: data-validate, metric-gate, drift-check, image-tag, canary-eval, mlops-attest"
# No ENTRYPOINT: the command is the binary to run. CMD stays the base image's bash.
