#include "net/www_authenticate.h"

#include <cctype>
#include <cstring>

#include "core/error.h"
#include "core/text.h"

namespace mlops::net {

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
                       "the server's authentication challenge cannot be read");
  };
  auto is_alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  auto is_tchar = [&](char c) {
    return is_alnum(c) || (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
  };
  auto is_token68 = [&](char c) {
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

}  // namespace mlops::net
