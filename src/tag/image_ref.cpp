#include "tag/image_ref.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "tag/oci_tag.h"

namespace mlops::tag {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

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

// The host of "host[:port]" or "[v6]:port", lower-cased.
std::string host_of(std::string_view hostport) {
  if (hostport.starts_with('[')) return lower_ascii(hostport.substr(0, hostport.find(']') + 1));
  return lower_ascii(hostport.substr(0, hostport.rfind(':')));
}

}  // namespace

bool is_valid_digest(std::string_view d) {
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
    if (!is_valid_digest(ref.digest)) {
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

}  // namespace mlops::tag
