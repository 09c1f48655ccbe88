#include "tag/registry.h"

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <sstream>
#include <vector>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"
#include "crypto/sha256.h"
#include "net/url.h"
#include "net/www_authenticate.h"
#include "tag/oci_tag.h"

namespace mlops::tag {
namespace {

namespace json = boost::json;

constexpr std::string_view kAccept =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr std::string_view kCredentialsHint =
    "set MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD (or MLOPS_REGISTRY_TOKEN), or log "
    "in with docker login; registries also refuse anonymous requests for a repository that does "
    "not exist";

// What check_manifest needs at hand while it answers challenges.
struct Session {
  net::Client& client;
  const ImageRef& image;
  const Credentials& credentials;
  const RegistryOptions& options;

  net::Response send(const std::string& method, const std::string& url,
                     const std::string& authorization, const std::string& accept,
                     const std::string& body = {}) const {
    net::Request request{.method = method, .url = url, .headers = {}, .body = body};
    if (!accept.empty()) request.headers.emplace_back("Accept", accept);
    if (!body.empty()) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    if (!authorization.empty()) request.headers.emplace_back("Authorization", authorization);
    return client.send(request);
  }

  [[noreturn]] void needs_credentials(const std::string& what) const {
    std::string hint(kCredentialsHint);
    if (!credentials.note.empty()) hint += " (" + credentials.note + ")";
    throw usage_error(
        image.registry + " wants credentials to read " + image.repository + " (" + what + ")",
        hint);
  }

  [[noreturn]] void refused(const std::string& who, const std::string& what) const {
    throw input_error(who + " refused the credentials from " + credentials.source + " for " +
                          image.repository + " (" + what + ")",
                      "check them, and that the account may pull " + image.repository);
  }

  std::string bearer_token(const net::Challenge& challenge) const {
    std::string realm = challenge.param("realm");
    if (realm.empty()) {
      throw input_error("the Bearer challenge of " + image.registry + " names no realm",
                        "the registry's token server cannot be found; check the registry");
    }
    // Parsed by the parser that sends the request, so that the host judged is the host the
    // credentials would go to (in "http://localhost:1@example.org/" that is example.org).
    std::optional<net::UrlParts> parts = net::parse_url(realm);
    if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
      throw input_error("the token realm " + mlops::quoted(net::redact_url(realm)) + " of " +
                            image.registry + " is not an http(s) URL",
                        "check the registry");
    }
    const bool plain = parts->scheme == "http";
    bool anonymous = credentials.username.empty() && credentials.identity_token.empty();
    if (plain && !anonymous && !options.plain_http && !is_loopback(parts->host)) {
      throw input_error("the token realm " + net::redact_url(realm) + " of " + image.registry +
                            " is plain http, so credentials would cross the network unencrypted",
                        "use the registry over https, or allow plain http explicitly if this "
                        "network is trusted");
    }

    // Our own pull scope first, then any other the registry asked for (space-separated).
    std::vector<std::string> scopes{"repository:" + image.repository + ":pull"};
    std::stringstream asked(challenge.param("scope"));
    for (std::string scope; asked >> scope;) {
      if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
    }
    std::string query;
    if (std::string service = challenge.param("service"); !service.empty()) {
      query = "service=" + net::percent_encode(service);
    }
    for (const auto& scope : scopes) {
      query += (query.empty() ? "scope=" : "&scope=") + net::percent_encode(scope);
    }

    net::Response r;
    std::string where;
    if (!credentials.identity_token.empty()) {
      // OAuth2 refresh-token grant (distribution's OAuth2 token authentication), as Docker
      // does with the identity token that `docker login` stored.
      where = "POST " + net::redact_url(realm);
      r = send("POST", realm, "", "application/json",
               "grant_type=refresh_token&client_id=mlops-actions&refresh_token=" +
                   net::percent_encode(credentials.identity_token) + "&" + query);
    } else {
      std::string url = realm + (realm.find('?') == std::string::npos ? "?" : "&") + query;
      where = "GET " + net::redact_url(url);
      r = send("GET", url,
               anonymous
                   ? ""
                   : "Basic " + base64_encode(credentials.username + ":" + credentials.password),
               "application/json");
    }
    if (r.status == 200) {
      try {
        return parse_token_response(r.body);
      } catch (const Error& e) {
        // Which token server said it: the realm comes from the registry's challenge.
        throw input_error(std::string(e.what()) + " (answer to " + where + ")", e.hint());
      }
    }
    std::string what = "the token server answered " + std::to_string(r.status) + " to " + where;
    if (r.attempts > 1) what += " after " + std::to_string(r.attempts) + " attempts";
    if (r.status == 401 || r.status == 403) {
      if (anonymous) needs_credentials(what);
      refused("the token server of " + image.registry, what);
    }
    throw input_error(what, "check that the token server is up; retry later");
  }

  // The Authorization value that answers the challenge of a 401.
  std::string answer(const net::Response& r, const std::string& where) const {
    std::string header = r.header_list("www-authenticate");
    if (header.empty()) {
      throw input_error(where + " answered 401 without a WWW-Authenticate challenge",
                        "check that " + image.registry + " is an OCI registry");
    }
    std::vector<net::Challenge> challenges;
    try {
      challenges = net::parse_www_authenticate(header);
    } catch (const Error& e) {
      // The parser knows no server; here it is the registry.
      throw input_error(e.what(),
                        "the registry's authentication challenge cannot be read; check the "
                        "registry");
    }
    auto find = [&](std::string_view scheme) {
      return std::find_if(challenges.begin(), challenges.end(),
                          [&](const net::Challenge& c) { return c.scheme == scheme; });
    };
    if (auto bearer = find("bearer"); bearer != challenges.end()) {
      return "Bearer " + bearer_token(*bearer);
    }
    if (find("basic") != challenges.end()) {
      if (credentials.username.empty()) needs_credentials(where + " answered 401");
      return "Basic " + base64_encode(credentials.username + ":" + credentials.password);
    }
    throw input_error(where + " answered 401 with a challenge this tool cannot answer: " +
                          mlops::quoted(header, 120),
                      "only Bearer and Basic authentication are supported");
  }
};

}  // namespace

std::string parse_token_response(std::string_view body) {
  auto bad = [](const std::string& what) {
    return input_error("malformed answer from the registry's token server: " + what,
                       "check that the realm of the registry's challenge is a token server");
  };
  boost::system::error_code ec;
  json::value root = json::parse(body, ec);
  if (ec) {
    throw bad(body.empty() ? "expected a JSON object, found an empty body"
                           : "expected a JSON object, found text that is not JSON");
  }
  if (!root.is_object()) throw bad("expected a JSON object");
  for (std::string_view key : {"token", "access_token"}) {
    const json::value* v = root.get_object().if_contains(key);
    if (!v) continue;
    if (!v->is_string()) throw bad("'" + std::string(key) + "' is not a string");
    std::string_view token = v->get_string();
    if (token.empty()) continue;
    if (!std::all_of(token.begin(), token.end(), [](char c) { return c > ' ' && c < 0x7f; })) {
      throw bad("'" + std::string(key) + "' holds characters an HTTP header cannot carry");
    }
    return std::string(token);
  }
  throw bad("expected a non-empty 'token' or 'access_token', found neither");
}

ManifestStatus check_manifest(net::Client& client, const ImageRef& image,
                              const std::string& reference, const Credentials& credentials,
                              const RegistryOptions& options) {
  if (!is_valid_tag(reference) && !is_valid_digest(reference)) {
    throw usage_error("invalid tag " + mlops::quoted(reference),
                      "a tag is 1 to 128 of A-Z a-z 0-9 _ . - and does not start with . or -");
  }
  const std::string host = image.api_host();
  const bool plain = options.plain_http || is_loopback(host);
  const std::string url = (plain ? "http://" : "https://") + host + "/v2/" + image.repository +
                          "/manifests/" + reference;
  const std::string head = "HEAD " + net::redact_url(url);
  Session session{client, image, credentials, options};

  std::string authorization;
  if (!credentials.registry_token.empty()) authorization = "Bearer " + credentials.registry_token;
  net::Response r = session.send("HEAD", url, authorization, std::string(kAccept));
  if (r.status == 401 && authorization.empty()) {
    authorization = session.answer(r, head);
    r = session.send("HEAD", url, authorization, std::string(kAccept));
  }
  if (r.status == 401 || r.status == 403) {
    std::string what = head + " answered " + std::to_string(r.status);
    if (credentials.empty()) session.needs_credentials(what);
    session.refused(image.registry, what);
  }
  if (r.status == 404) return {};
  if (r.status != 200) {
    std::string what = head + " answered " + std::to_string(r.status);
    if (r.attempts > 1) what += " after " + std::to_string(r.attempts) + " attempts";
    throw input_error(what,
                      "check the registry address and that it serves the OCI distribution "
                      "API; retry later if it is overloaded");
  }

  ManifestStatus status;
  status.exists = true;
  status.media_type = r.content_type.substr(0, r.content_type.find(';'));
  status.digest = r.header("docker-content-digest");
  if (!is_valid_digest(status.digest)) {
    // Docker-Content-Digest is optional in the OCI distribution spec: hash the manifest itself.
    net::Response g = session.send("GET", url, authorization, std::string(kAccept));
    if (g.status != 200) {
      throw input_error("GET " + net::redact_url(url) + " answered " + std::to_string(g.status) +
                            " although HEAD answered 200",
                        "retry later");
    }
    status.digest = "sha256:" + crypto::sha256_hex(g.body);
    if (status.media_type.empty()) {
      status.media_type = g.content_type.substr(0, g.content_type.find(';'));
    }
  }
  while (!status.media_type.empty() && status.media_type.back() == ' ') {
    status.media_type.pop_back();
  }
  return status;
}

}  // namespace mlops::tag
