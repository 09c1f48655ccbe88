#pragma once

#include <string>
#include <string_view>

#include "net/http.h"
#include "tag/credentials.h"
#include "tag/image_ref.h"

// The registry client: whether an image's repository holds a manifest, answering the
// registry's authentication challenges (OCI distribution spec, distribution token
// authentication).
namespace mlops::tag {

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
