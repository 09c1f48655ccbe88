#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// An AWS Signature Version 4 verifier written from AWS's description of the algorithm
// (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html), independent of the
// signer under test (libcurl's CURLOPT_AWS_SIGV4), and itself checked against AWS's published
// example values (SigV4CheckTest). It recomputes the signature of a request as a server
// received it and says whether the Authorization header's signature is that one.
namespace mlops::testing {

inline std::string hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[data[i] >> 4]);
    out.push_back(kHex[data[i] & 15]);
  }
  return out;
}

inline std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, 32> md{};
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md.data(), &n, EVP_sha256(), nullptr);
  return hex(md.data(), n);
}

inline std::string hmac(std::string_view key, std::string_view data) {
  std::array<unsigned char, 32> md{};
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md.data(), &n);
  return std::string(reinterpret_cast<const char*>(md.data()), n);
}

// A request as the server saw it: the path and query as sent (still percent-encoded), header
// names lower-cased.
struct SignedRequest {
  std::string method, path, query;
  std::map<std::string, std::string> headers;
  std::string body;
};

// The parts of "AWS4-HMAC-SHA256 Credential=K/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=hex".
struct Authorization {
  std::string key_id, scope, signed_headers, signature;
};

inline bool parse_authorization(std::string_view text, Authorization& out) {
  constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256 ";
  if (!text.starts_with(kAlgorithm)) return false;
  text.remove_prefix(kAlgorithm.size());
  std::map<std::string, std::string> fields;
  while (!text.empty()) {
    while (!text.empty() && (text.front() == ' ' || text.front() == ',')) text.remove_prefix(1);
    const auto comma = text.find(',');
    const std::string_view part = text.substr(0, comma);
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return false;
    fields[std::string(part.substr(0, eq))] = std::string(part.substr(eq + 1));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  const std::string credential = fields["Credential"];
  const auto slash = credential.find('/');
  if (slash == std::string::npos) return false;
  out.key_id = credential.substr(0, slash);
  out.scope = credential.substr(slash + 1);
  out.signed_headers = fields["SignedHeaders"];
  out.signature = fields["Signature"];
  return !out.signed_headers.empty() && !out.signature.empty();
}

// The canonical query: the parameters (already encoded as sent) sorted by name, then value.
inline std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view p = query.substr(0, amp);
    const auto eq = p.find('=');
    params.emplace_back(std::string(p.substr(0, eq)),
                        eq == std::string_view::npos ? "" : std::string(p.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

// The signature `secret` gives `request` under `auth`'s scope and signed headers.
inline std::string expected_signature(const SignedRequest& request, const Authorization& auth,
                                      const std::string& secret) {
  std::string canonical =
      request.method + "\n" + request.path + "\n" + canonical_query(request.query) + "\n";
  std::string_view names = auth.signed_headers;
  while (!names.empty()) {
    const auto semi = names.find(';');
    const std::string name(names.substr(0, semi));
    const auto it = request.headers.find(name);
    canonical += name + ":" + (it == request.headers.end() ? "" : it->second) + "\n";
    if (semi == std::string_view::npos) break;
    names.remove_prefix(semi + 1);
  }
  const auto payload = request.headers.find("x-amz-content-sha256");
  canonical += "\n" + auth.signed_headers + "\n" +
               (payload != request.headers.end() ? payload->second : sha256_hex(request.body));
  const std::string date = request.headers.at("x-amz-date");
  const std::string to_sign =
      "AWS4-HMAC-SHA256\n" + date + "\n" + auth.scope + "\n" + sha256_hex(canonical);
  // scope = DATE/REGION/SERVICE/aws4_request
  std::string key = "AWS4" + secret;
  std::string_view scope = auth.scope;
  for (int i = 0; i < 4; ++i) {
    const auto slash = scope.find('/');
    key = hmac(key, scope.substr(0, slash));
    scope.remove_prefix(slash == std::string_view::npos ? scope.size() : slash + 1);
  }
  const std::string sig = hmac(key, to_sign);
  return hex(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
}

// Whether `request` carries a valid signature by `key_id` with `secret`.
inline bool signature_holds(const SignedRequest& request, const std::string& key_id,
                            const std::string& secret) {
  const auto it = request.headers.find("authorization");
  Authorization auth;
  if (it == request.headers.end() || !parse_authorization(it->second, auth)) return false;
  return auth.key_id == key_id && auth.signature == expected_signature(request, auth, secret);
}

}  // namespace mlops::testing
