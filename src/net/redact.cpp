#include "net/redact.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/base64.h"
#include "core/text.h"
#include "net/url.h"

namespace mlops::net {
namespace {

void add(std::vector<std::string>& out, std::string_view secret) {
  if (!secret.empty()) out.emplace_back(secret);
}

// The values of secret-looking names in "a=1&token=x", as sent and as decoded.
void add_parameters(std::vector<std::string>& out, std::string_view pairs) {
  while (!pairs.empty()) {
    const auto amp = pairs.find('&');
    const std::string_view pair = pairs.substr(0, amp);
    if (const auto eq = pair.find('='); eq != std::string_view::npos) {
      if (secret_looking_name(percent_decode(pair.substr(0, eq)))) {
        add(out, pair.substr(eq + 1));
        add(out, percent_decode(pair.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    pairs.remove_prefix(amp + 1);
  }
}

// A credential header's value: the whole of it, the credentials after the scheme and, for
// Basic, what they decode to.
void add_credentials(std::vector<std::string>& out, std::string_view value) {
  value = trim_blanks(value);
  add(out, value);
  const auto space = value.find(' ');
  if (space == std::string_view::npos) return;
  const std::string_view credentials = trim_blanks(value.substr(space + 1));
  add(out, credentials);
  if (lower_ascii(value.substr(0, space)) != "basic") return;
  if (std::optional<std::string> decoded = base64_decode_lenient(credentials)) {
    add(out, *decoded);
    if (const auto colon = decoded->find(':'); colon != std::string::npos) {
      add(out, decoded->substr(colon + 1));
    }
  }
}

// How a JSON string carries `text`: with '\\' and '"' escaped, and '/' as "\/" when `slash`.
std::string json_escaped(std::string_view text, bool slash) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"' || (slash && c == '/')) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<std::string> secrets_of(const Request& request) {
  std::vector<std::string> out;
  bool form = false;
  for (const auto& [name, value] : request.headers) {
    const std::string key = lower_ascii(name);
    if (key == "authorization" || key == "proxy-authorization" || key == "cookie" ||
        secret_looking_name(key)) {
      add_credentials(out, value);
    }
    form = form || (key == "content-type" &&
                    lower_ascii(value).starts_with("application/x-www-form-urlencoded"));
  }
  if (std::optional<UrlParts> url = parse_url(request.url)) {
    add(out, url->password);
    add(out, percent_decode(url->password));
  }
  std::string_view query = request.url;
  query = query.substr(0, query.find('#'));
  if (const auto question = query.find('?'); question != std::string_view::npos) {
    add_parameters(out, query.substr(question + 1));
  }
  if (form) add_parameters(out, request.body);
  add(out, request.aws_secret_access_key);
  return out;
}

std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets) {
  std::vector<std::string> forms;
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    // Too short to tell from ordinary text ("pw" in "upwards"): replacing it would garble every
    // word (and error codes a caller reads), keeping it might show it.
    if (secret.size() < kShortestSecret && text.find(secret) != std::string_view::npos) {
      return std::string(kWithheld);
    }
    for (const std::string& form : {secret, json_escaped(secret, false), json_escaped(secret, true),
                                    percent_encode(secret)}) {
      if (std::find(forms.begin(), forms.end(), form) == forms.end()) forms.push_back(form);
    }
  }
  std::stable_sort(forms.begin(), forms.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out(text);
  for (const std::string& form : forms) {
    for (auto pos = out.find(form); pos != std::string::npos; pos = out.find(form, pos + 3)) {
      out.replace(pos, form.size(), "***");
    }
  }
  return out;
}

std::string redact_secrets(std::string_view text, const Request& request) {
  return redact_secrets(text, secrets_of(request));
}

}  // namespace mlops::net
