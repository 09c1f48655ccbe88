#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "tag/image_ref.h"

// Where image-tag finds the credentials of a registry: the environment, then Docker's
// config.json.
namespace mlops::tag {

// Credentials for one registry. Never printed, not even in errors: messages name `source`.
struct Credentials {
  std::string username, password;  // Basic: to the registry, or to its token server
  std::string identity_token;      // an OAuth2 refresh token (config.json "identitytoken")
  std::string registry_token;      // a bearer token sent to the registry as it is
  std::string source;              // where they came from, e.g. "MLOPS_REGISTRY_TOKEN"
  // Why none were found although the Docker config mentions the registry (a credential
  // helper, which is not run); shown in the hint when the registry asks for credentials.
  std::string note;

  bool empty() const {
    return username.empty() && identity_token.empty() && registry_token.empty();
  }
};

// Reads an environment variable; "" when unset.
using Env = std::function<std::string(const std::string&)>;

// The credentials for `image`'s registry, first found wins:
//   1. MLOPS_REGISTRY_TOKEN: a registry bearer token, sent as it is;
//   2. MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD (both, or a usage error);
//   3. the `auths` entry for the registry in $DOCKER_CONFIG/config.json, or else in
//      $HOME/.docker/config.json (a missing file is no error).
// Empty credentials mean anonymous access.
Credentials load_credentials(const ImageRef& image, const Env& env);

// The `auths` entry for `image`'s registry in the text of a Docker config.json. Keys match as
// Docker matches them: "ghcr.io", "https://ghcr.io", "ghcr.io/v2/" and "http://ghcr.io/v1/"
// all name ghcr.io, and Docker Hub is "https://index.docker.io/v1/" (or docker.io,
// index.docker.io, registry-1.docker.io). An entry holds "auth" (base64 of user:password) or
// "username" and "password", and may hold "identitytoken" and "registrytoken". credsStore and
// credHelpers are not supported: helpers are not run, and `note` says so. Usage error (exit 2)
// naming `path` for malformed JSON or a malformed entry, never printing a value.
Credentials credentials_from_docker_config(std::string_view json, const ImageRef& image,
                                           const std::string& path);

}  // namespace mlops::tag
