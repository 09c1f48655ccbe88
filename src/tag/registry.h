#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http.h"
#include "tag/oci_tag.h"

namespace mlops::tag {

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

// One challenge of a WWW-Authenticate header.
struct Challenge {
  std::string scheme;                                       // lower-cased: "bearer", "basic"
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values unquoted
  std::string token68;  // the rare non-parameter form ("Negotiate abc==")

  // The first value of parameter `name` (lower-case), "" when absent.
  std::string param(std::string_view name) const;
};

// Every challenge of a WWW-Authenticate value (RFC 9110, section 11.6.1): several challenges
// separated by commas, parameters as token or quoted-string (commas and escapes inside quotes).
// Unquoted values are read up to the next comma or space, as lenient clients do. Error with
// exit 3 on malformed text. Pure: safe to fuzz.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

// The bearer token of a token server's JSON answer: "token", or else "access_token"
// (distribution token authentication specification). Error with exit 3 when the text is no JSON
// object with a non-empty string token of printable characters. Pure: safe to fuzz. The error
// never quotes the body, which may hold a token.
std::string parse_token_response(std::string_view body);

// What the registry says about one manifest.
struct ManifestStatus {
  bool exists = false;
  std::string digest;      // "sha256:..." when it exists
  std::string media_type;  // the manifest's media type when it exists ("" if not announced)
};

struct RegistryOptions {
  // Talk http:// to any registry. Without it, http:// is used only for loopback registries
  // (localhost, 127.0.0.0/8, [::1]) and https:// for everything else.
  bool plain_http = false;
};

// Whether `image`'s repository has a manifest for `reference` (a tag or a digest), by
// HEAD /v2/<name>/manifests/<reference> with the OCI and Docker manifest and index types in
// Accept. A 401 is answered as the registry challenges: Bearer (a token from the realm, with
// Basic credentials when there are any, anonymously otherwise; an identity token is exchanged
// with the OAuth2 refresh-token grant) or Basic. When a registry leaves Docker-Content-Digest
// out of its HEAD answer, the manifest is fetched and its SHA-256 taken.
// Errors: usage (exit 2) for a bad reference or when the registry wants credentials and none
// were given; exit 3 when the registry or token server refuses given credentials, answers
// anything else unexpected, or cannot be reached. Messages never hold credentials or tokens.
ManifestStatus check_manifest(net::Client& client, const ImageRef& image,
                              const std::string& reference, const Credentials& credentials,
                              const RegistryOptions& options = {});

}  // namespace mlops::tag
