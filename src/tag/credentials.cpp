#include "tag/credentials.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"

namespace mlops::tag {
namespace {

namespace json = boost::json;

// Docker's ConvertToHostname: an auths key without scheme and path ("https://ghcr.io/v2/").
std::string key_host(std::string_view key) {
  if (key.starts_with("https://")) {
    key.remove_prefix(8);
  } else if (key.starts_with("http://")) {
    key.remove_prefix(7);
  }
  return lower_ascii(key.substr(0, key.find('/')));
}

}  // namespace

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

}  // namespace mlops::tag
