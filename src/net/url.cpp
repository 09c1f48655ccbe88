#include "net/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>

#include "core/text.h"

namespace mlops::net {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};

// One part of a parsed URL, "" when the URL has none.
std::string part(CURLU* url, CURLUPart which) {
  char* text = nullptr;
  if (curl_url_get(url, which, &text, 0) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url) {
  std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
  // curl_url_set wants a C string: a NUL inside the text would silently cut it short.
  if (!handle || url.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return std::nullopt;
  CURLU* u = handle.get();
  UrlParts parts{
      lower_ascii(part(u, CURLUPART_SCHEME)), part(u, CURLUPART_USER), part(u, CURLUPART_PASSWORD),
      lower_ascii(part(u, CURLUPART_HOST)),   part(u, CURLUPART_PORT), part(u, CURLUPART_PATH)};
  if (parts.scheme.empty() || parts.host.empty()) return std::nullopt;
  return parts;
}

bool secret_looking_name(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kSecret = {
      "token", "key", "password", "passwd", "secret", "signature", "sig", "credential"};
  const std::string key = lower_ascii(name);
  return std::any_of(kSecret.begin(), kSecret.end(),
                     [&](std::string_view word) { return key.find(word) != std::string::npos; });
}

std::string redact_url(std::string_view url) {
  std::string_view rest = url;
  std::string out;
  // Userinfo: the last '@' before the path. Searching up to the first '/' (not '?' or '#')
  // also catches a password with an unescaped '?' or '#' in it.
  auto scheme = rest.find("://");
  std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  std::size_t end = std::min(rest.find('/', start), rest.size());
  auto at = rest.substr(start, end - start).rfind('@');
  if (at != std::string_view::npos) {
    out.append(rest.substr(0, start));
    rest.remove_prefix(start + at + 1);
  }
  rest = rest.substr(0, rest.find('#'));  // fragments can carry tokens (OAuth implicit flow)
  auto question = rest.find('?');
  out.append(rest.substr(0, question));
  if (question == std::string_view::npos) return out;

  out.push_back('?');
  std::string_view query = rest.substr(question + 1);
  bool first = true;
  while (true) {
    auto amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    if (!first) out.push_back('&');
    first = false;
    auto eq = param.find('=');
    if (eq != std::string_view::npos && secret_looking_name(param.substr(0, eq))) {
      out.append(param.substr(0, eq + 1)).append("***");
    } else {
      out.append(param);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (unreserved || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace mlops::net
