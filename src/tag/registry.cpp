#include "tag/registry.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"
#include "crypto/sha256.h"

namespace mlops::tag {
namespace {

namespace json = boost::json;

constexpr std::string_view kDockerHub = "docker.io";
constexpr std::string_view kAccept =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr std::string_view kCredentialsHint =
    "set MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD (or MLOPS_REGISTRY_TOKEN), or log "
    "in with docker login; registries also refuse anonymous requests for a repository that does "
    "not exist";

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// ---- references ----

// A path component: [a-z0-9]+ joined by '.', '_', '__' or runs of '-' (distribution/reference).
bool valid_component(std::string_view s) {
  std::size_t i = 0;
  auto alnum_run = [&] {
    std::size_t start = i;
    while (i < s.size() && is_lower_alnum(s[i])) ++i;
    return i > start;
  };
  if (!alnum_run()) return false;
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      i += s.substr(i, 2) == "__" ? 2 : 1;
    } else if (s[i] == '-') {
      while (i < s.size() && s[i] == '-') ++i;
    } else {
      return false;
    }
    if (!alnum_run()) return false;
  }
  return true;
}

bool valid_port(std::string_view p) {
  return !p.empty() && p.size() <= 5 && std::all_of(p.begin(), p.end(), is_digit);
}

// host[:port] with DNS labels, or [IPv6][:port].
bool valid_domain(std::string_view d) {
  std::string_view host = d;
  if (d.starts_with('[')) {
    auto close = d.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = d.substr(1, close - 1);
    std::string_view rest = d.substr(close + 1);
    if (!rest.empty() && (rest[0] != ':' || !valid_port(rest.substr(1)))) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c)) || c == ':';
    });
  }
  if (auto colon = d.rfind(':'); colon != std::string_view::npos) {
    if (!valid_port(d.substr(colon + 1))) return false;
    host = d.substr(0, colon);
  }
  if (host.empty()) return false;
  while (true) {
    auto dot = host.find('.');
    std::string_view label = host.substr(0, dot);
    if (label.empty() || label.front() == '-' || label.back() == '-' ||
        !std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) {
      return false;
    }
    if (dot == std::string_view::npos) return true;
    host.remove_prefix(dot + 1);
  }
}

bool valid_digest(std::string_view d) {
  std::string_view hex;
  if (d.starts_with("sha256:")) {
    hex = d.substr(7);
    if (hex.size() != 64) return false;
  } else if (d.starts_with("sha512:")) {
    hex = d.substr(7);
    if (hex.size() != 128) return false;
  } else {
    return false;
  }
  return std::all_of(hex.begin(), hex.end(), is_hex);
}

// The host of "host[:port]" or "[v6]:port", lower-cased.
std::string host_of(std::string_view hostport) {
  if (hostport.starts_with('[')) return lower_ascii(hostport.substr(0, hostport.find(']') + 1));
  return lower_ascii(hostport.substr(0, hostport.rfind(':')));
}

// localhost, a 127.0.0.0/8 address written as four decimal numbers, or [::1].
bool is_loopback(std::string_view hostport) {
  std::string host = host_of(hostport);
  if (host == "localhost" || host == "[::1]") return true;
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  std::stringstream in(host);
  for (std::string part; std::getline(in, part, '.');) {
    if (!valid_port(part) || part.size() > 3 || std::stoi(part) > 255) return false;
    ++parts;
  }
  return parts == 4 && host.back() != '.';
}

// Docker's ConvertToHostname: an auths key without scheme and path ("https://ghcr.io/v2/").
std::string key_host(std::string_view key) {
  if (key.starts_with("https://")) {
    key.remove_prefix(8);
  } else if (key.starts_with("http://")) {
    key.remove_prefix(7);
  }
  return lower_ascii(key.substr(0, key.find('/')));
}

// ---- the token flow ----

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

  std::string bearer_token(const Challenge& challenge) const {
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
    std::vector<Challenge> challenges = parse_www_authenticate(header);
    auto find = [&](std::string_view scheme) {
      return std::find_if(challenges.begin(), challenges.end(),
                          [&](const Challenge& c) { return c.scheme == scheme; });
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

std::string ImageRef::api_host() const {
  return registry == kDockerHub ? "registry-1.docker.io" : registry;
}

ImageRef parse_image_ref(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return usage_error("invalid image reference " + mlops::quoted(text) + ": " + why,
                       "write REGISTRY/NAME[:TAG] (for example ghcr.io/org/model:1.0), lower-case");
  };
  if (text.empty()) throw bad("it is empty");
  ImageRef ref;
  std::string_view rest = text;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    if (!valid_digest(ref.digest)) {
      throw bad("the digest must be sha256:<64 hex digits> or sha512:<128 hex digits>");
    }
  }
  auto slash = rest.rfind('/');
  if (auto colon = rest.rfind(':');
      colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (!is_valid_tag(ref.tag)) {
      throw bad("a tag is 1 to 128 of A-Z a-z 0-9 _ . - and does not start with . or -");
    }
  }
  if (auto first = rest.find('/'); first != std::string_view::npos) {
    std::string_view head = rest.substr(0, first);
    if (head.find_first_of(".:") != std::string_view::npos || head == "localhost" ||
        lower_ascii(head) != head) {
      ref.registry = std::string(head);
      rest.remove_prefix(first + 1);
      if (!valid_domain(ref.registry)) throw bad("the registry is no host[:port]");
    }
  }
  if (ref.registry.empty() || ref.registry == "index.docker.io") ref.registry = kDockerHub;
  ref.repository = std::string(rest);
  if (ref.registry == kDockerHub && rest.find('/') == std::string_view::npos) {
    ref.repository = "library/" + ref.repository;
  }
  if (ref.registry.size() + ref.repository.size() + 1 > 255) {
    throw bad("the name is longer than 255 characters");
  }
  std::string_view path = ref.repository;
  while (true) {
    auto next = path.find('/');
    if (!valid_component(path.substr(0, next))) {
      throw bad(lower_ascii(rest) != rest
                    ? "repository names are lower-case"
                    : "each part of the name is lower-case letters and digits, separated by "
                      "'.', '_', '__' or '-'");
    }
    if (next == std::string_view::npos) break;
    path.remove_prefix(next + 1);
  }
  return ref;
}

ImageRef parse_image_name(std::string_view text) {
  const std::string name = lower_ascii(text);
  ImageRef ref;
  try {
    ref = parse_image_ref(name);
  } catch (const Error& e) {
    if (name == text) throw;
    throw usage_error(std::string(e.what()) + " (" + mlops::quoted(text) + " lower-cased)",
                      e.hint());
  }
  if (!ref.tag.empty() || !ref.digest.empty()) {
    throw usage_error("the image " + mlops::quoted(text) + " already has a tag or digest",
                      "give the name only; the tags are what image-tag computes");
  }
  return ref;
}

std::string Challenge::param(std::string_view name) const {
  for (const auto& [n, value] : params) {
    if (n == name) return value;
  }
  return {};
}

std::vector<Challenge> parse_www_authenticate(std::string_view h) {
  std::vector<Challenge> out;
  std::size_t i = 0;
  auto malformed = [&](const std::string& what) {
    return input_error("malformed WWW-Authenticate header " + mlops::quoted(h, 200) + ": " + what +
                           " at offset " + std::to_string(i),
                       "the registry's authentication challenge cannot be read; check the "
                       "registry");
  };
  auto is_tchar = [](char c) {
    return is_alnum(c) || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
  };
  auto is_token68 = [](char c) {
    return is_alnum(c) || (c != '\0' && std::strchr("-._~+/", c) != nullptr);
  };
  auto is_space = [&](std::size_t k) { return k < h.size() && (h[k] == ' ' || h[k] == '\t'); };
  auto skip_space = [&] {
    while (is_space(i)) ++i;
  };
  auto token = [&] {
    std::size_t start = i;
    while (i < h.size() && is_tchar(h[i])) ++i;
    return h.substr(start, i - start);
  };

  while (true) {
    while (is_space(i) || (i < h.size() && h[i] == ',')) ++i;
    if (i >= h.size()) break;
    Challenge challenge;
    challenge.scheme = lower_ascii(token());
    if (challenge.scheme.empty()) throw malformed("expected an authentication scheme");
    const std::size_t after_scheme = i;
    skip_space();
    if (i < h.size() && i == after_scheme && h[i] != ',') {
      throw malformed("expected a space after the scheme");
    }
    // token68: the whole rest of this challenge, up to a comma or the end.
    std::size_t j = i;
    while (j < h.size() && is_token68(h[j])) ++j;
    std::size_t k = j;
    while (k < h.size() && h[k] == '=') ++k;
    std::size_t e = k;
    while (is_space(e)) ++e;
    if (j > i && (e >= h.size() || h[e] == ',')) {
      challenge.token68 = std::string(h.substr(i, k - i));
      i = e;
      out.push_back(std::move(challenge));
      continue;
    }
    for (bool first = true;; first = false) {
      skip_space();
      const std::size_t name_at = i;
      std::string name = lower_ascii(token());
      if (name.empty()) break;  // the end, a comma before the next challenge, or junk
      skip_space();
      if (i >= h.size() || h[i] != '=') {
        if (first) throw malformed("expected name=value after the scheme");
        i = name_at;  // the scheme of the next challenge
        break;
      }
      ++i;
      skip_space();
      std::string value;
      if (i < h.size() && h[i] == '"') {
        bool closed = false;
        for (++i; i < h.size() && !closed;) {
          char c = h[i++];
          if (c == '"') {
            closed = true;
          } else if (c == '\\' && i < h.size()) {
            value += h[i++];
          } else {
            value += c;
          }
        }
        if (!closed) throw malformed("unterminated quoted string");
      } else {
        std::size_t start = i;
        while (i < h.size() && h[i] != ',' && h[i] != '"' && !is_space(i)) ++i;
        value = std::string(h.substr(start, i - start));
        if (value.empty()) throw malformed("expected a value for '" + name + "'");
      }
      if (challenge.param(name).empty()) challenge.params.emplace_back(name, std::move(value));
      skip_space();
      if (i >= h.size()) break;
      if (h[i] != ',') throw malformed("expected ',' after the value of '" + name + "'");
      ++i;
    }
    out.push_back(std::move(challenge));
  }
  if (out.empty()) throw malformed("expected at least one challenge");
  return out;
}

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

Credentials credentials_from_docker_config(std::string_view text, const ImageRef& image,
                                           const std::string& path) {
  const std::string fix = "fix it, or point DOCKER_CONFIG at a directory with another config.json";
  boost::system::error_code ec;
  json::value root = json::parse(text, ec);
  if (ec || !root.is_object()) {
    throw usage_error("the Docker config " + path + " is not a JSON object", fix);
  }
  const json::object& config = root.get_object();
  std::vector<std::string> hosts{lower_ascii(image.registry)};
  if (image.registry == kDockerHub) {
    hosts = {"index.docker.io", "docker.io", "registry-1.docker.io"};
  }
  const std::string exact =
      image.registry == kDockerHub ? "https://index.docker.io/v1/" : image.registry;

  const json::value* auths = config.if_contains("auths");
  if (auths && !auths->is_object()) {
    throw usage_error("'auths' in the Docker config " + path + " is not an object", fix);
  }
  const json::key_value_pair* entry = nullptr;
  if (auths) {
    for (const auto& kv : auths->get_object()) {
      bool match = std::find(hosts.begin(), hosts.end(), key_host(kv.key())) != hosts.end();
      if (match && (!entry || kv.key() == exact)) entry = &kv;
    }
  }

  if (entry) {
    Credentials c;
    const std::string where =
        "auths[" + mlops::quoted(entry->key()) + "] of the Docker config " + path;
    if (!entry->value().is_object()) throw usage_error(where + " is not an object", fix);
    const json::object& fields = entry->value().get_object();
    auto field = [&](std::string_view name) {
      const json::value* v = fields.if_contains(name);
      if (v && !v->is_string()) {
        throw usage_error(std::string(name) + " in " + where + " is not a string", fix);
      }
      return v ? std::string(v->get_string()) : std::string();
    };
    if (std::string auth = field("auth"); !auth.empty()) {
      std::optional<std::string> decoded = base64_decode_lenient(auth);
      auto colon = decoded ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos) {
        throw usage_error("auth in " + where + " is not the base64 of user:password", fix);
      }
      c.username = decoded->substr(0, colon);
      c.password = decoded->substr(colon + 1);
    } else {
      c.username = field("username");
      c.password = field("password");
    }
    c.identity_token = field("identitytoken");
    c.registry_token = field("registrytoken");
    if (c.password.empty()) c.username.clear();  // a bare username is no credential
    c.source = where;
    if (!c.empty()) return c;
  }

  const json::value* helpers = config.if_contains("credHelpers");
  const json::value* helper = nullptr;
  for (const auto& host : hosts) {
    if (helpers && helpers->is_object() && !helper)
      helper = helpers->get_object().if_contains(host);
  }
  const char* key = "credHelpers";
  if (!helper || !helper->is_string()) {
    helper = config.if_contains("credsStore");
    key = "credsStore";
  }
  Credentials none;
  if (helper && helper->is_string() && !helper->get_string().empty()) {
    none.note = "the Docker config " + path + " leaves the credentials of " + image.registry +
                " to docker-credential-" + std::string(helper->get_string()) + " (" + key +
                "), which this tool does not run";
  }
  return none;
}

Credentials load_credentials(const ImageRef& image, const Env& env) {
  Credentials c;
  if (c.registry_token = env("MLOPS_REGISTRY_TOKEN"); !c.registry_token.empty()) {
    c.source = "MLOPS_REGISTRY_TOKEN";
    return c;
  }
  c.username = env("MLOPS_REGISTRY_USERNAME");
  c.password = env("MLOPS_REGISTRY_PASSWORD");
  if (!c.username.empty() || !c.password.empty()) {
    if (c.username.empty() || c.password.empty()) {
      throw usage_error(c.username.empty()
                            ? "MLOPS_REGISTRY_PASSWORD is set but MLOPS_REGISTRY_USERNAME is not"
                            : "MLOPS_REGISTRY_USERNAME is set but MLOPS_REGISTRY_PASSWORD is not",
                        "set both, or neither to use the Docker config or anonymous access");
    }
    c.source = "MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD";
    return c;
  }
  std::filesystem::path path;
  if (std::string dir = env("DOCKER_CONFIG"); !dir.empty()) {
    path = std::filesystem::path(dir) / "config.json";
  } else if (std::string home = env("HOME"); !home.empty()) {
    path = std::filesystem::path(home) / ".docker" / "config.json";
  } else {
    return {};
  }
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!(text << in.rdbuf())) {
    throw usage_error("cannot read the Docker config " + path.string(),
                      "check its permissions, or point DOCKER_CONFIG at another directory");
  }
  return credentials_from_docker_config(text.str(), image, path.string());
}

ManifestStatus check_manifest(net::Client& client, const ImageRef& image,
                              const std::string& reference, const Credentials& credentials,
                              const RegistryOptions& options) {
  if (!is_valid_tag(reference) && !valid_digest(reference)) {
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
  if (!valid_digest(status.digest)) {
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
