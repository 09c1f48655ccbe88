#pragma once

#include <string>
#include <string_view>

// Image references (REGISTRY/NAME[:TAG][@DIGEST]) as Docker and distribution/reference read
// them.
namespace mlops::tag {

// Docker Hub's name in references; its API is served by registry-1.docker.io.
inline constexpr std::string_view kDockerHub = "docker.io";

// An image reference split the way Docker splits it: the first path component is a registry
// host when it contains '.' or ':', is "localhost", or has upper-case letters; otherwise the
// image is on Docker Hub ("docker.io"), where a one-component name gets the "library/" prefix.
// "index.docker.io" is normalised to "docker.io" too.
struct ImageRef {
  std::string registry;    // "docker.io", "ghcr.io", "127.0.0.1:5000", "[::1]:5000"
  std::string repository;  // "library/ubuntu", "ci/hello": lower-case path components
  std::string tag;         // "" when none was given
  std::string digest;      // "sha256:<64 hex>" when given as NAME@DIGEST, else ""

  // The host[:port] that serves the registry API: registry-1.docker.io for Docker Hub.
  std::string api_host() const;
};

// Usage error (exit 2) naming what is wrong when `text` is no valid reference.
ImageRef parse_image_ref(std::string_view text);

// An image name without tag or digest, as image-tag's --image takes it: lower-cased first, as
// docker/metadata-action does (the whole name, registry host included: a workflow's
// `ghcr.io/${{ github.repository }}` may hold upper-case letters), then parsed by
// parse_image_ref. Usage error (exit 2), naming the name as given, when it is still invalid or
// carries a tag or digest.
ImageRef parse_image_name(std::string_view text);

// Whether `digest` is sha256:<64 lower-case hex digits> or sha512:<128>.
bool is_valid_digest(std::string_view digest);

// Whether the host of `hostport` ("host[:port]", "[v6]:port") is this machine: localhost, a
// 127.0.0.0/8 address written as four decimal numbers, or [::1]. Plain http goes only there
// unless asked for (RegistryOptions::plain_http).
bool is_loopback(std::string_view hostport);

}  // namespace mlops::tag
