#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "net/aws_config.h"
#include "net/http.h"

// Objects in S3 (and S3-compatible stores), Google Cloud Storage (its XML API) and on plain
// HTTP(S) servers, named by URL: s3://bucket/key, gs://bucket/key, https://host/path.
namespace mlops::net {

enum class Store { kS3, kGcs, kHttp };

struct ObjectUrl {
  Store store = Store::kHttp;
  std::string bucket;  // S3, GCS
  std::string key;     // S3, GCS: the key as given (not encoded)
  std::string text;    // the URL as the user wrote it
};

// Whether `path` names an object rather than a local file: s3://, gs://, http://, https://.
bool is_object_url(std::string_view path);
// Usage error (exit 2) for s3:// or gs:// without a bucket or a key.
ObjectUrl parse_object_url(const std::string& text);
// Whether the key has a wildcard ('*', '?', '['): a pattern to list (S3 and GCS only).
bool has_wildcard(std::string_view key);

// Builds and sends the requests for objects. GCS requests carry
// "Authorization: Bearer $GOOGLE_OAUTH_ACCESS_TOKEN" (else $CLOUDSDK_AUTH_ACCESS_TOKEN; neither:
// anonymous) and go to https://storage.googleapis.com, or $STORAGE_EMULATOR_HOST. S3 requests
// are signed by libcurl (SigV4) with aws_settings(), or unsigned without credentials.
class ObjectStore {
 public:
  ObjectStore(Getenv env, std::shared_ptr<Client> client);

  // A GET of bytes [first, first + size) of `object` (size 0: the whole object), with
  // If-Match: `etag` unless it is empty.
  Request get(const ObjectUrl& object, std::uint64_t first, std::uint64_t size,
              const std::string& etag) const;
  // Every key of `pattern`'s bucket that matches its key (a glob: '*' and '?' do not match
  // '/'), listed with ListObjectsV2 page by page from the prefix before the first wildcard;
  // sorted. An input Error when the listing fails.
  std::vector<std::string> list(const ObjectUrl& pattern);
  Response send(const Request& request) { return client_->send(request); }

  // Throws the input Error (exit 3) for an answer that is not what `what` needed: names the
  // object, the status and S3's <Code>/<Message>, with a hint for the usual causes (no such
  // key, access denied, wrong region, throttled).
  [[noreturn]] static void fail(const ObjectUrl& object, const Response& response,
                                const std::string& what);

 private:
  // The URL of `key` in `bucket` (key "" : the bucket itself, for a listing), with `query`.
  std::string url_of(const ObjectUrl& object, const std::string& key,
                     const std::string& query) const;
  void authorise(const ObjectUrl& object, Request& request) const;
  const AwsSettings& aws() const;

  Getenv env_;
  std::shared_ptr<Client> client_;
  // Resolved at the first S3 request, once, whichever thread makes it.
  mutable std::once_flag aws_once_;
  mutable std::unique_ptr<AwsSettings> aws_;
};

// The text of the first <tag>...</tag> in `xml` (S3's error and listing documents), with the
// five XML entities decoded; "" when there is none.
std::string xml_text(std::string_view xml, std::string_view tag, std::size_t* from = nullptr);

}  // namespace mlops::net
