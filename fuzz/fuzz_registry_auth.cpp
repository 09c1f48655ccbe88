// image-tag's registry-facing parsers on arbitrary text, picked by the first byte: a
// WWW-Authenticate value, a token server's answer, a Docker config.json and an image reference.
// Each may refuse only with the Error its header documents; what it accepts must hold up:
// challenges and references survive a round trip through their canonical text, tokens are
// printable, and no credential from a config ever reaches a message.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base64.h"
#include "fuzz_util.h"
#include "net/www_authenticate.h"
#include "tag/registry.h"

namespace {

namespace tag = mlops::tag;
namespace json = boost::json;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

// Runs `f`; a refusal must be an Error with exit code `code`.
template <typename F>
auto expect(mlops::ExitCode code, const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const mlops::Error& e) {
    if (e.code() != code) {
      finding(std::string(what) + " refused with exit code " +
              std::to_string(mlops::to_int(e.code())) + " instead of " +
              std::to_string(mlops::to_int(code)) + ": " + e.message());
    }
    throw;
  }
}

// ---- WWW-Authenticate ----

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The challenges written back as a header: schemes and names as tokens, values quoted.
std::string canonical(const std::vector<net::Challenge>& challenges) {
  std::string out;
  for (const net::Challenge& c : challenges) {
    if (!out.empty()) out += ", ";
    out += c.scheme;
    if (!c.token68.empty()) {
      out += " " + c.token68;
      continue;
    }
    for (std::size_t i = 0; i < c.params.size(); ++i) {
      out += (i == 0 ? " " : ", ") + c.params[i].first + "=" + quote(c.params[i].second);
    }
  }
  return out;
}

bool same(const std::vector<net::Challenge>& a, const std::vector<net::Challenge>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].scheme != b[i].scheme || a[i].params != b[i].params || a[i].token68 != b[i].token68) {
      return false;
    }
  }
  return true;
}

void www_authenticate(std::string_view header) {
  const std::vector<net::Challenge> challenges =
      expect(mlops::ExitCode::kCannotEvaluate, "parse_www_authenticate",
             [&] { return net::parse_www_authenticate(header); });
  if (challenges.empty()) finding("parse_www_authenticate accepted a header with no challenge");
  for (const net::Challenge& c : challenges) {
    if (c.scheme.empty()) finding("a challenge without a scheme");
    for (const auto& [name, value] : c.params) {
      if (name.empty()) finding("a challenge parameter without a name");
      for (char ch : c.scheme + name) {
        if (ch >= 'A' && ch <= 'Z') finding("scheme or parameter name not lower-cased");
      }
    }
    if (!c.token68.empty() && !c.params.empty()) finding("a challenge with token68 and params");
  }
  const std::string text = canonical(challenges);
  std::vector<net::Challenge> again;
  try {
    again = net::parse_www_authenticate(text);
  } catch (const mlops::Error& e) {
    finding("the canonical form " + text + " of an accepted header is refused: " + e.message());
  }
  if (!same(challenges, again)) finding("challenges changed in a round trip through " + text);
}

// ---- token answers ----

void token_response(std::string_view body) {
  const std::string token = expect(mlops::ExitCode::kCannotEvaluate, "parse_token_response",
                                   [&] { return tag::parse_token_response(body); });
  if (token.empty()) finding("parse_token_response returned an empty token");
  for (char c : token) {
    if (c <= ' ' || c >= 0x7f) finding("the token holds a byte an HTTP header cannot carry");
  }
}

// ---- Docker config.json ----

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) {
      n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    }
    if (i + 2 < in.size()) n |= static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// The same config with every secret replaced by one of the same shape (same length, and for
// "auth" the same validity and colon position), so the reader takes the same path: what it
// says then depends on a secret only if it leaks one.
json::value blinded(json::value config) {
  if (!config.is_object()) return config;
  json::value* auths = config.get_object().if_contains("auths");
  if (!auths || !auths->is_object()) return config;
  for (auto& entry : auths->get_object()) {
    if (!entry.value().is_object()) continue;
    for (auto& [key, value] : entry.value().get_object()) {
      if (!value.is_string()) continue;
      const std::string secret(value.get_string());
      if (key == "password" || key == "identitytoken" || key == "registrytoken") {
        value = std::string(secret.size(), 'x');
      } else if (key == "auth" && !secret.empty()) {
        std::optional<std::string> decoded = mlops::base64_decode_lenient(secret);
        if (!decoded) {
          value = std::string(secret.size(), '!');
        } else if (!decoded->empty()) {
          std::string same_shape(decoded->size(), 'y');
          if (std::size_t colon = decoded->find(':'); colon != std::string::npos) {
            same_shape[colon] = ':';
          }
          value = base64(same_shape);
        }
      }
    }
  }
  return config;
}

struct Outcome {
  std::string message;  // the Error's message, or the credentials' source and note
  mlops::tag::Credentials credentials;
};

Outcome read_config(std::string_view text, const tag::ImageRef& image) {
  Outcome out;
  try {
    out.credentials = expect(mlops::ExitCode::kUsage, "credentials_from_docker_config", [&] {
      return tag::credentials_from_docker_config(text, image, "config.json");
    });
    out.message = out.credentials.source + "\n" + out.credentials.note;
  } catch (const mlops::Error& e) {
    out.message = e.message();
  }
  return out;
}

void docker_config(std::string_view text) {
  static const tag::ImageRef kImages[] = {tag::parse_image_ref("ghcr.io/acme/x"),
                                          tag::parse_image_ref("ubuntu")};
  for (const tag::ImageRef& image : kImages) {
    const Outcome outcome = read_config(text, image);
    if (!outcome.credentials.source.empty() && outcome.credentials.empty()) {
      finding("credentials with a source but nothing in them: " + outcome.credentials.source);
    }
    json::error_code ec;
    json::value config = json::parse(text, ec);
    if (ec) continue;
    const std::string other = json::serialize(blinded(config));
    if (const Outcome blind = read_config(other, image); blind.message != outcome.message) {
      finding("what the Docker config reader says depends on a secret:\n  " + outcome.message +
              "\n  " + blind.message);
    }
  }
}

// ---- image references ----

void image_ref(std::string_view text) {
  const tag::ImageRef ref = expect(mlops::ExitCode::kUsage, "parse_image_ref",
                                   [&] { return tag::parse_image_ref(text); });
  if (ref.registry.empty() || ref.repository.empty()) finding("a reference without a name");
  if (!ref.tag.empty() && !tag::is_valid_tag(ref.tag)) finding("an invalid tag was accepted");
  std::string canonical = ref.registry + "/" + ref.repository;
  if (!ref.tag.empty()) canonical += ":" + ref.tag;
  if (!ref.digest.empty()) canonical += "@" + ref.digest;
  tag::ImageRef again;
  try {
    again = tag::parse_image_ref(canonical);
  } catch (const mlops::Error& e) {
    finding("the canonical form " + canonical +
            " of an accepted reference is refused: " + e.message());
  }
  if (again.registry != ref.registry || again.repository != ref.repository ||
      again.tag != ref.tag || again.digest != ref.digest) {
    finding("reference changed in a round trip through " + canonical + ": " + again.registry +
            " / " + again.repository + " : " + again.tag + " @ " + again.digest);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string input = mlops::fuzz::text(data + 1, size - 1);
  return mlops::fuzz::run_one([&] {
    switch (data[0] % 4) {
      case 0:
        www_authenticate(input);
        break;
      case 1:
        token_response(input);
        break;
      case 2:
        docker_config(input);
        break;
      default:
        image_ref(input);
        break;
    }
  });
}
