#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "io/remote.h"
#include "support/fake_http_server.h"

// A small S3 on 127.0.0.1 (FakeHttpServer answering as S3 documents: 206 with Content-Range
// and ETag, 412 for a failed If-Match, 416 InvalidRange, XML errors), for the tests of objects.
namespace mlops::io::testing {

using mlops::testing::CannedResponse;
using mlops::testing::FakeHttpServer;
using mlops::testing::RecordedRequest;

inline std::string s3_error(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>";
}

// The answer S3 gives to a GET of `bytes` (ETag `etag`) for the request's Range and If-Match.
inline CannedResponse s3_get(const std::string& bytes, const std::string& etag,
                             const RecordedRequest& r) {
  if (auto m = r.headers.find("if-match"); m != r.headers.end() && m->second != etag) {
    return {.status = 412,
            .body = s3_error("PreconditionFailed",
                             "At least one of the "
                             "pre-conditions you specified did not hold"),
            .content_type = "application/xml"};
  }
  auto range = r.headers.find("range");
  if (range == r.headers.end()) {
    return {
        .status = 200, .body = bytes, .content_type = "text/plain", .headers = {{"ETag", etag}}};
  }
  const std::string spec = range->second.substr(6);  // "bytes="
  const std::uint64_t first = std::stoull(spec.substr(0, spec.find('-')));
  std::uint64_t last = std::stoull(spec.substr(spec.find('-') + 1));
  if (first >= bytes.size()) {
    return {.status = 416,
            .body = s3_error("InvalidRange",
                             "The requested range is not "
                             "satisfiable"),
            .content_type = "application/xml"};
  }
  last = std::min<std::uint64_t>(last, bytes.size() - 1);
  return {
      .status = 206,
      .body = bytes.substr(first, last - first + 1),
      .content_type = "text/plain",
      .headers = {{"ETag", etag},
                  {"Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) +
                                        "/" + std::to_string(bytes.size())}}};
}

struct FakeS3 {
  FakeHttpServer server;
  // Serves `bytes` as s3://bkt/<key> (path-style, as an IP endpoint is addressed).
  void put(const std::string& key, std::string bytes, std::string etag = "\"e-1\"") {
    server.route("GET", "/bkt/" + key,
                 [bytes = std::move(bytes), etag = std::move(etag)](const RecordedRequest& r) {
                   return s3_get(bytes, etag, r);
                 });
  }
  // Answers every GET of s3://bkt/<key> with S3's error document.
  void refuse(const std::string& key, int status, const std::string& code,
              const std::string& message) {
    server.route(
        "GET", "/bkt/" + key,
        CannedResponse{
            .status = status, .body = s3_error(code, message), .content_type = "application/xml"});
  }
  std::map<std::string, std::string> vars() const {
    return {{"AWS_ACCESS_KEY_ID", "AKIDTEST"},
            {"AWS_SECRET_ACCESS_KEY", "the-secret-key"},
            {"AWS_SESSION_TOKEN", "the-session-token"},
            {"AWS_ENDPOINT_URL_S3", server.url()},
            {"HOME", "/nonexistent"}};
  }
  RemoteOptions options() const {
    RemoteOptions o;
    o.env = [vars = vars()](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
    o.http.backoff_seconds = 0.01;
    o.http.timeout_seconds = 60;
    o.http.retries = 2;
    return o;
  }
};

}  // namespace mlops::io::testing
