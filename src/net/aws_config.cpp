#include "net/aws_config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "net/url.h"

namespace mlops::net {
namespace {

std::string env_or(const Getenv& env, const std::string& name, const std::string& fallback = {}) {
  std::string v = env_text(env, name);
  return v.empty() ? fallback : v;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// "~/.aws/<name>" under HOME, or "" without a HOME.
std::string home_file(const Getenv& env, const std::string& name) {
  const std::string home = env_or(env, "HOME");
  return home.empty() ? std::string() : home + "/.aws/" + name;
}

struct Files {
  std::string credentials, config;
  std::string credentials_path, config_path;
};

Files read_files(const Getenv& env) {
  Files f;
  f.credentials_path = env_or(env, "AWS_SHARED_CREDENTIALS_FILE", home_file(env, "credentials"));
  f.config_path = env_or(env, "AWS_CONFIG_FILE", home_file(env, "config"));
  if (!f.credentials_path.empty()) f.credentials = read_text(f.credentials_path);
  if (!f.config_path.empty()) f.config = read_text(f.config_path);
  return f;
}

// A profile's section name in the config file: "default", else "profile NAME".
std::string config_section(const std::string& profile) {
  return profile == "default" ? profile : "profile " + profile;
}

bool has_section(std::string_view text, std::string_view section) {
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    std::string_view l = trim_blanks(line);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.size() >= 2 && l.front() == '[' && l.back() == ']' &&
        trim_blanks(l.substr(1, l.size() - 2)) == section) {
      return true;
    }
  }
  return false;
}

struct Profile {
  const Files& files;
  std::string name;
  // From the credentials file first, then the config file.
  std::optional<std::string> get(std::string_view key) const {
    if (auto v = ini_value(files.credentials, name, key)) return v;
    return ini_value(files.config, config_section(name), key);
  }
};

AwsCredentials credentials_of(const Getenv& env, const Profile& profile) {
  AwsCredentials c;
  c.access_key_id = env_or(env, "AWS_ACCESS_KEY_ID");
  c.secret_access_key = env_or(env, "AWS_SECRET_ACCESS_KEY");
  if (!c.access_key_id.empty() || !c.secret_access_key.empty()) {
    if (c.access_key_id.empty() || c.secret_access_key.empty()) {
      throw usage_error(
          std::string(c.access_key_id.empty() ? "AWS_SECRET_ACCESS_KEY is set without "
                                                "AWS_ACCESS_KEY_ID"
                                              : "AWS_ACCESS_KEY_ID is set without "
                                                "AWS_SECRET_ACCESS_KEY"),
          "set both, or neither to use a profile (AWS_PROFILE)");
    }
    c.session_token = env_or(env, "AWS_SESSION_TOKEN");
    return c;
  }
  c.access_key_id = profile.get("aws_access_key_id").value_or("");
  c.secret_access_key = profile.get("aws_secret_access_key").value_or("");
  c.session_token = profile.get("aws_session_token").value_or("");
  if (c.access_key_id.empty() != c.secret_access_key.empty()) {
    throw usage_error("the AWS profile '" + profile.name +
                          "' has one of aws_access_key_id and aws_secret_access_key",
                      "give it both");
  }
  return c;
}

std::string endpoint_of(const Getenv& env, const Profile& profile) {
  std::string endpoint = env_or(env, "AWS_ENDPOINT_URL_S3", env_or(env, "AWS_ENDPOINT_URL"));
  if (endpoint.empty()) {
    endpoint = profile.get("s3.endpoint_url").value_or(profile.get("endpoint_url").value_or(""));
  }
  if (endpoint.empty()) return endpoint;
  while (endpoint.ends_with('/')) endpoint.pop_back();
  const auto parts = parse_url(endpoint);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https") ||
      (!parts->path.empty() && parts->path != "/")) {
    throw usage_error(
        "the S3 endpoint " + quoted(redact_url(endpoint)) + " is not an http(s) URL of a host",
        "set AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL to e.g. "
        "http://127.0.0.1:9000");
  }
  return endpoint;
}

bool path_style_of(const Getenv& env, const Profile& profile) {
  std::string style = env_or(env, "MLOPS_S3_ADDRESSING_STYLE");
  const bool from_env = !style.empty();
  if (!from_env) style = profile.get("s3.addressing_style").value_or("");
  style = lower_ascii(style);
  if (style.empty() || style == "virtual" || style == "auto") return false;
  if (style == "path") return true;
  throw usage_error(std::string(from_env ? "MLOPS_S3_ADDRESSING_STYLE"
                                         : "the profile's s3 "
                                           "addressing_style") +
                        " is " + quoted(style) + ", not path, virtual or auto",
                    "use path for S3-compatible stores that want https://host/bucket/key");
}

}  // namespace

Getenv process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): read only
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::string env_text(const Getenv& env, const std::string& name) {
  std::optional<std::string> v = env ? env(name) : std::nullopt;
  return v ? *v : std::string();
}

std::optional<std::string> ini_value(std::string_view text, std::string_view section,
                                     std::string_view key) {
  const std::string wanted = lower_ascii(key);
  std::istringstream in{std::string(text)};
  bool inside = false;
  std::string parent;  // "s3" while reading the indented lines under "s3 ="
  for (std::string raw; std::getline(in, raw);) {
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    const std::string_view line = trim_blanks(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      inside = trim_blanks(line.substr(1, line.size() - 2)) == section;
      parent.clear();
      continue;
    }
    const auto eq = line.find('=');
    if (!inside || eq == std::string_view::npos) continue;
    const std::string name = lower_ascii(trim_blanks(line.substr(0, eq)));
    const std::string_view value = trim_blanks(line.substr(eq + 1));
    if (!indented) parent = value.empty() ? name : std::string();
    const std::string full = indented && !parent.empty() ? parent + "." + name : name;
    if (full == wanted && !value.empty()) return std::string(value);
  }
  return std::nullopt;
}

AwsSettings aws_settings(const Getenv& env) {
  const Files files = read_files(env);
  AwsSettings s;
  const std::string asked = env_or(env, "AWS_PROFILE");
  s.profile = asked.empty() ? "default" : asked;
  if (!asked.empty() && !has_section(files.credentials, s.profile) &&
      !has_section(files.config, config_section(s.profile))) {
    throw usage_error(
        "AWS_PROFILE names the profile '" + s.profile + "', which neither " +
            (files.credentials_path.empty() ? "~/.aws/credentials" : files.credentials_path) +
            " nor " + (files.config_path.empty() ? "~/.aws/config" : files.config_path) + " has",
        "check the name, or AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE");
  }
  const Profile profile{files, s.profile};
  s.credentials = credentials_of(env, profile);
  s.region = env_or(env, "AWS_REGION", env_or(env, "AWS_DEFAULT_REGION"));
  if (s.region.empty()) s.region = profile.get("region").value_or("us-east-1");
  s.endpoint = endpoint_of(env, profile);
  s.path_style = path_style_of(env, profile);
  return s;
}

}  // namespace mlops::net
