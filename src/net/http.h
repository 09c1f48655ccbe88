#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/url.h"

namespace mlops::net {

// One HTTP request. Header values may hold secrets (Authorization): they are sent, never
// printed. (The `{}` initializers let callers write designated initializers without
// -Wmissing-field-initializers.)
struct Request {
  std::string method = "GET";
  std::string url{};
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  // Signed by libcurl (CURLOPT_AWS_SIGV4) when `aws_sigv4` is set: the provider string
  // "aws:amz:<region>:<service>", with the key id and the secret key (a secret, like the
  // Authorization header it becomes).
  std::string aws_sigv4{};
  std::string aws_access_key_id{};
  std::string aws_secret_access_key{};
};

// An HTTP answer of any status: deciding what a 404 means is the caller's business. Outside
// 2xx the body only serves messages, so CurlClient hands it over with the request's secrets
// replaced by "***" (see net/redact.h): servers echo Authorization headers in error pages.
struct Response {
  long status = 0;
  std::string body{};
  std::string content_type{};
  int attempts = 1;  // tries it took, so a caller can say "500 after 3 attempts"
  // The headers of the final response (not of an interim 100 Continue), in arrival order, with
  // names lower-cased and values trimmed. Filled for HEAD requests too.
  std::vector<std::pair<std::string, std::string>> headers{};

  // The value of the first header called `name` (any case), "" when there is none.
  std::string header(std::string_view name) const;
  // Every value of `name` joined with ", ": repeated fields of a list-valued header such as
  // WWW-Authenticate mean the same as one comma-separated field (RFC 9110, section 5.3).
  std::string header_list(std::string_view name) const;
};

using Clock = std::chrono::steady_clock;

struct Options {
  // The deadline of one send(), all attempts and the backoff between them included (the tools'
  // --timeout): each attempt gets what remains of it, and no retry starts unless, after its
  // backoff, some of it remains. Finite and positive.
  double timeout_seconds = 30;
  double connect_timeout_seconds = 10;  // per attempt, within the deadline
  // Extra attempts on connection errors and 5xx/429. Every request is retried, POST included:
  // the callers in this project only send idempotent requests (set a tag, set an alias).
  int retries = 2;
  double backoff_seconds = 0.5;  // doubles each retry
  bool insecure = false;         // TLS verification is on unless this is set
  std::string ca_file;           // optional CA bundle
  // Answers with a longer body are refused without a retry: at once when Content-Length
  // announces it, else as soon as that many bytes have arrived. The project's servers answer
  // kilobytes; anything near this is a wrong URL (a file server, a stream).
  std::size_t max_body_bytes = std::size_t{64} << 20;
  // Seams for tests, so that a deadline is tested without waiting for it: the clock the
  // deadline is measured on and the wait between attempts. Empty: steady_clock and
  // std::this_thread::sleep_for.
  std::function<Clock::time_point()> now{};
  std::function<void(Clock::duration)> sleep{};
  // The options that set timeout_seconds and retries, as messages name them: the servers'
  // --timeout/--retries, or the data files' --data-timeout/--data-retries (io/remote.h).
  std::string timeout_option = "--timeout";
  std::string retries_option = "--retries";
};

// Usage error (exit 2) for a timeout, connect timeout or backoff that is not a finite number
// (positive for the timeouts, not negative for the backoff), negative retries, or a zero body
// limit; messages name timeout_option and retries_option. CurlClient checks this; a tool checks
// it while parsing its options, so that a bad value is refused also when no request is made.
void check_options(const Options& options);

// The version of the libcurl this process runs with, as curl_version_info states it: "7.88.1"
// and 0x075801.
std::string libcurl_version();
unsigned libcurl_version_number();

// Abstract so tests can substitute a transport; the real one is CurlClient.
class Client {
 public:
  virtual ~Client() = default;
  // Throws Error (exit 3) when no HTTP answer could be had within the retries and the deadline.
  virtual Response send(const Request& request) = 0;
};

// HTTP(S) over libcurl. Redirects are not followed (a redirect would have to decide whether to
// carry the Authorization header to another host); a 3xx is returned like any status.
class CurlClient : public Client {
 public:
  // Usage error (exit 2) for options that check_options refuses.
  explicit CurlClient(Options options = {});
  Response send(const Request& request) override;

 private:
  Options options_;
};

}  // namespace mlops::net
