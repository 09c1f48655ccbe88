#include "net/object_store.h"

#include <fnmatch.h>

#include <algorithm>
#include <utility>

#include "core/error.h"
#include "core/text.h"
#include "net/url.h"

namespace mlops::net {
namespace {

// The oldest libcurl whose SigV4 is tested to sign a request's own headers (Range,
// x-amz-content-sha256, x-amz-security-token) besides Host and X-Amz-Date: Debian 12's, which
// the release binaries bundle.
constexpr unsigned kTestedSigner = 0x075800;  // 7.88.0

// SHA-256 of an empty payload: what every GET and listing signs (S3 wants the header).
constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Each segment of a key percent-encoded as S3 signs it (unreserved characters kept, '/' kept).
std::string encode_key(std::string_view key) {
  std::string out;
  for (;;) {
    const auto slash = key.find('/');
    out += percent_encode(key.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    out += '/';
    key.remove_prefix(slash + 1);
  }
}

// Whether a virtual-hosted URL cannot work: a bucket with dots breaks the TLS wildcard
// certificate, and an IP address or localhost endpoint has no subdomains.
bool needs_path_style(const std::string& bucket, const std::string& host) {
  if (bucket.find('.') != std::string::npos) return true;
  if (host == "localhost" || host.starts_with('[')) return true;
  return std::all_of(host.begin(), host.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::string decode_entities(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}, {"&amp;", '&'}};
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    bool done = false;
    for (const auto& [entity, c] : kEntities) {
      if (text.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size();
        done = true;
        break;
      }
    }
    if (!done) out.push_back(text[i++]);
  }
  return out;
}

std::string hint_for(long status, const std::string& code, const ObjectUrl& object,
                     const Response& response) {
  const bool s3 = object.store == Store::kS3;
  if (status == 404) return "check the bucket and the key (the name is case-sensitive)";
  if (status == 401 || status == 403) {
    if (object.store == Store::kGcs) {
      return "check GOOGLE_OAUTH_ACCESS_TOKEN (e.g. `gcloud auth print-access-token`) and the "
             "object's permissions";
    }
    if (s3 && libcurl_version_number() < kTestedSigner) {
      // Ubuntu 22.04's 7.81 signs only Host and X-Amz-Date (curl issue #11738); S3 refuses
      // unsigned x-amz-* headers (the session token, x-amz-content-sha256).
      return "this libcurl (" + libcurl_version() +
             ") is older than 7.88, whose request signing is the one tested; older ones may "
             "leave headers S3 needs signed unsigned: use the release binaries (they bring "
             "their own libcurl), or check the credentials";
    }
    if (s3 && (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" ||
               code == "ExpiredToken" || code == "InvalidToken")) {
      return "check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or the "
             "AWS_PROFILE's keys) and that they have not expired";
    }
    return s3 ? "check that the credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE) may read the "
                "object (s3:GetObject, s3:ListBucket for a pattern)"
              : "check the URL and that it needs no credentials";
  }
  if (status == 301 || status == 307 || code == "AuthorizationHeaderMalformed" ||
      code == "PermanentRedirect") {
    const std::string region = response.header("x-amz-bucket-region");
    return region.empty() ? "set AWS_REGION to the bucket's region"
                          : "set AWS_REGION=" + region + " (the bucket's region)";
  }
  if (status == 503 || status == 429 || code == "SlowDown") {
    return "the store is throttling requests: run again later, or with fewer --threads";
  }
  return "check the URL and the store's status";
}

}  // namespace

bool is_object_url(std::string_view path) {
  const std::string lower = lower_ascii(path.substr(0, 8));
  return lower.starts_with("s3://") || lower.starts_with("gs://") || lower.starts_with("http://") ||
         lower.starts_with("https://");
}

ObjectUrl parse_object_url(const std::string& text) {
  ObjectUrl o;
  o.text = text;
  const std::string scheme = lower_ascii(text.substr(0, text.find(':')));
  if (scheme == "http" || scheme == "https") {
    if (!parse_url(text)) {
      throw usage_error(quoted(redact_url(text)) + " is not a URL", "check its spelling");
    }
    return o;
  }
  o.store = scheme == "s3" ? Store::kS3 : Store::kGcs;
  const std::string_view rest = std::string_view(text).substr(scheme.size() + 3);
  const auto slash = rest.find('/');
  o.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) o.key = std::string(rest.substr(slash + 1));
  if (o.bucket.empty() || o.key.empty() || o.bucket.find_first_of("?#@:") != std::string::npos) {
    throw usage_error(
        quoted(text) + " does not name an object",
        "write " + scheme + "://BUCKET/KEY, e.g. " + scheme + "://my-bucket/data/train.parquet");
  }
  return o;
}

bool has_wildcard(std::string_view key) { return key.find_first_of("*?[") != std::string::npos; }

std::string xml_text(std::string_view xml, std::string_view tag, std::size_t* from) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  const auto start = xml.find(open, from != nullptr ? *from : 0);
  if (start == std::string_view::npos) {
    if (from != nullptr) *from = std::string_view::npos;
    return {};
  }
  const auto body = start + open.size();
  const auto end = xml.find(close, body);
  if (end == std::string_view::npos) {
    if (from != nullptr) *from = std::string_view::npos;
    return {};
  }
  if (from != nullptr) *from = end + close.size();
  return decode_entities(xml.substr(body, end - body));
}

ObjectStore::ObjectStore(Getenv env, std::shared_ptr<Client> client)
    : env_(std::move(env)), client_(std::move(client)) {}

const AwsSettings& ObjectStore::aws() const {
  // A usage error thrown here leaves the flag unset: the next request throws it again.
  std::call_once(aws_once_, [this] { aws_ = std::make_unique<AwsSettings>(aws_settings(env_)); });
  return *aws_;
}

std::string ObjectStore::url_of(const ObjectUrl& object, const std::string& key,
                                const std::string& query) const {
  std::string base;
  bool path_style = true;
  if (object.store == Store::kGcs) {
    base = env_text(env_, "STORAGE_EMULATOR_HOST");
    if (base.empty()) base = "https://storage.googleapis.com";
    if (base.find("://") == std::string::npos) base = "http://" + base;
    while (base.ends_with('/')) base.pop_back();
  } else {
    const AwsSettings& s = aws();
    base = s.endpoint.empty() ? "https://s3." + s.region + ".amazonaws.com" : s.endpoint;
    const auto parts = parse_url(base);
    const std::string host = parts ? parts->host : std::string();
    path_style = s.path_style || needs_path_style(object.bucket, host);
    if (!path_style) {
      const auto scheme_end = base.find("://") + 3;
      base.insert(scheme_end, object.bucket + ".");
    }
  }
  std::string url = base + "/";
  if (path_style) url += percent_encode(object.bucket) + "/";
  url += encode_key(key);
  if (!query.empty()) url += "?" + query;
  return url;
}

void ObjectStore::authorise(const ObjectUrl& object, Request& request) const {
  if (object.store == Store::kGcs) {
    std::string token = env_text(env_, "GOOGLE_OAUTH_ACCESS_TOKEN");
    if (token.empty()) token = env_text(env_, "CLOUDSDK_AUTH_ACCESS_TOKEN");
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    return;
  }
  if (object.store != Store::kS3) return;
  const AwsSettings& s = aws();
  if (s.credentials.empty()) return;  // anonymous: a public bucket
  request.headers.emplace_back("x-amz-content-sha256", std::string(kEmptySha256));
  if (!s.credentials.session_token.empty()) {
    request.headers.emplace_back("x-amz-security-token", s.credentials.session_token);
  }
  request.aws_sigv4 = "aws:amz:" + s.region + ":s3";
  request.aws_access_key_id = s.credentials.access_key_id;
  request.aws_secret_access_key = s.credentials.secret_access_key;
}

Request ObjectStore::get(const ObjectUrl& object, std::uint64_t first, std::uint64_t size,
                         const std::string& etag) const {
  Request r;
  r.url = object.store == Store::kHttp ? object.text : url_of(object, object.key, "");
  if (size > 0) {
    r.headers.emplace_back(
        "Range", "bytes=" + std::to_string(first) + "-" + std::to_string(first + size - 1));
  }
  if (!etag.empty()) r.headers.emplace_back("If-Match", etag);
  authorise(object, r);
  return r;
}

std::vector<std::string> ObjectStore::list(const ObjectUrl& pattern) {
  const std::string prefix = pattern.key.substr(0, pattern.key.find_first_of("*?["));
  std::vector<std::string> keys;
  std::string token;
  for (int page = 1;; ++page) {
    // The parameters in the order SigV4 signs them (sorted, values encoded), so that the
    // signature holds whether or not this libcurl sorts them itself.
    std::string query;
    if (!token.empty()) query += "continuation-token=" + percent_encode(token) + "&";
    query += "list-type=2&prefix=" + percent_encode(prefix);
    Request r;
    r.url = url_of(pattern, "", query);
    authorise(pattern, r);
    const Response answer = send(r);
    if (answer.status != 200) fail(pattern, answer, "cannot list");
    std::size_t at = 0;
    for (std::string key = xml_text(answer.body, "Key", &at); at != std::string::npos;
         key = xml_text(answer.body, "Key", &at)) {
      if (::fnmatch(pattern.key.c_str(), key.c_str(), FNM_PATHNAME) == 0) keys.push_back(key);
    }
    if (xml_text(answer.body, "IsTruncated") != "true") break;
    token = xml_text(answer.body, "NextContinuationToken");
    if (token.empty()) {
      throw input_error("cannot list " + pattern.text + ": page " + std::to_string(page) +
                            " of the listing is truncated but has no NextContinuationToken",
                        "check that the store implements ListObjectsV2");
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

void ObjectStore::fail(const ObjectUrl& object, const Response& response, const std::string& what) {
  const std::string code = xml_text(response.body, "Code");
  const std::string message = xml_text(response.body, "Message");
  std::string text =
      what + " " + redact_url(object.text) + ": HTTP " + std::to_string(response.status);
  if (!code.empty()) text += " " + one_line(code, 60);
  if (!message.empty()) text += " (" + one_line(message, 200) + ")";
  if (response.attempts > 1) text += " after " + std::to_string(response.attempts) + " attempts";
  throw input_error(text, hint_for(response.status, code, object, response));
}

}  // namespace mlops::net
