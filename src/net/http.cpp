#include "net/http.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "core/text.h"
#include "net/redact.h"

namespace mlops::net {
namespace {

// A retry is only worth starting with at least this much of the deadline left after its backoff.
constexpr auto kShortestAttempt = std::chrono::milliseconds(10);

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Not thread-safe in libcurl itself, hence call_once; a throw leaves the flag unset.
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw input_error("cannot initialise libcurl", "check the installation of libcurl");
    }
  });
}

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// Counts what arrives, for answers that do not announce their length (chunked, or delimited by
// the connection's end), which CURLOPT_MAXFILESIZE_LARGE cannot refuse up front.
struct Sink {
  std::string* body;
  std::size_t limit;
  bool too_large = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (n > sink->limit - sink->body->size()) {
    sink->too_large = true;
    return 0;  // makes curl abort with CURLE_WRITE_ERROR
  }
  sink->body->append(data, n);
  return n;
}

// curl calls this once per header line, status lines and the blank line included, and for
// every response it reads: an interim "100 Continue" or a proxy's answer to CONNECT comes first.
std::size_t write_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers->clear();  // a new response begins: keep only the final one's headers
  } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // Obsolete line folding (RFC 9110 5.5): the continuation belongs to the previous value.
    if (!headers->empty()) headers->back().second.append(" ").append(trim_blanks(line));
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    headers->emplace_back(lower_ascii(trim_blanks(line.substr(0, colon))),
                          std::string(trim_blanks(line.substr(colon + 1))));
  }
  return n;
}

long to_millis(double seconds) {
  // 0 means "no limit" to curl; keep a tiny positive timeout from rounding down to that.
  return std::max(1L, static_cast<long>(std::ceil(seconds * 1000)));
}

// "64 MiB", "64 KiB", "1000 bytes": the body limit as a message states it.
std::string size_text(std::size_t bytes) {
  if (bytes % (std::size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes % (std::size_t{1} << 10) == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// One try: either a transport failure (code != CURLE_OK, with curl's text) or a response.
struct Attempt {
  CURLcode code = CURLE_OK;
  std::string error;
  Response response;
};

std::string describe(CURLcode code, const char* errbuf, const std::vector<std::string>& secrets) {
  std::string text = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(code);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  // curl's detail names host and port, not userinfo; this is a second line of defence. A very
  // short password would match ordinary words ("port"), so then the detail is dropped instead.
  std::string redacted = redact_secrets(text, secrets);
  return redacted == kWithheld ? curl_easy_strerror(code) : redacted;
}

// One attempt, which must end within `seconds`.
Attempt perform(const Request& request, const Options& options, double seconds,
                const std::vector<std::string>& secrets) {
  Attempt attempt;
  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) {
    attempt.code = CURLE_FAILED_INIT;
    attempt.error = "cannot create a libcurl handle";
    return attempt;
  }
  CURL* h = curl.get();
  std::array<char, CURL_ERROR_SIZE> errbuf{};
  Sink sink{&attempt.response.body, options.max_body_bytes};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf.data());
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts in threads
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, to_millis(seconds));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, to_millis(options.connect_timeout_seconds));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.insecure ? 0L : 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_USERAGENT, "mlops-actions");
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, write_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &attempt.response.headers);
  if (!request.aws_sigv4.empty()) {
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, request.aws_sigv4.c_str());
    curl_easy_setopt(h, CURLOPT_USERNAME, request.aws_access_key_id.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, request.aws_secret_access_key.c_str());
  }

  if (request.method != "HEAD") {
    // Refuses an answer whose Content-Length is too long before reading any of its body (a HEAD
    // answer announces the length of a body it does not send).
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_body_bytes));
  }
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    if (request.method != "POST") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (request.method == "POST" || !request.body.empty()) {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
  }

  std::unique_ptr<curl_slist, ListDeleter> headers;
  auto add_header = [&headers](const std::string& line) {
    // curl_slist_append returns the head it was given, or a new head for an empty list.
    if (curl_slist* head = curl_slist_append(headers.get(), line.c_str()); head && !headers) {
      headers.reset(head);
    }
  };
  for (const auto& [name, value] : request.headers) add_header(name + ": " + value);
  // Without this curl sends "Expect: 100-continue" for larger bodies and waits a second for a
  // "100 Continue" that small servers never send.
  add_header("Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    attempt.code = code;
    attempt.error = sink.too_large || code == CURLE_FILESIZE_EXCEEDED
                        ? "the response is larger than " + size_text(options.max_body_bytes)
                        : describe(code, errbuf.data(), secrets);
    return attempt;
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &attempt.response.status);
  char* content_type = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    attempt.response.content_type = content_type;
  }
  return attempt;
}

bool retryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      // TLS verification, bad URL, oversized body (CURLE_FILESIZE_EXCEEDED, or CURLE_WRITE_ERROR
      // from write_body): the same again next time.
      return false;
  }
}

bool retryable(long status) { return status >= 500 || status == 429; }

std::string seconds_text(double seconds) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%g", seconds);
  return buf.data();
}

std::string hint_for(CURLcode code, const Options& options) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "check the URL and that the server is up, or allow more than " +
             seconds_text(options.timeout_seconds) + " s (" + options.timeout_option + ")";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      return "check that the server speaks TLS with a certificate this machine trusts, or give "
             "the CA bundle that signed it";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "check the URL: it must start with http:// or https://";
    default:
      return "check the URL and that the server is up";
  }
}

void check_headers(const Request& request) {
  for (const auto& [name, value] : request.headers) {
    auto bad = [](const std::string& s) {
      return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
    };
    if (bad(name) || bad(value)) {
      // The value is not printed: it may be a token.
      throw input_error("the " + name + " header of " + request.method + " " +
                            redact_url(request.url) + " contains a line break",
                        "remove line breaks from the value (a trailing newline from a token "
                        "file?)");
    }
  }
}

}  // namespace

std::string libcurl_version() { return curl_version_info(CURLVERSION_NOW)->version; }

unsigned libcurl_version_number() { return curl_version_info(CURLVERSION_NOW)->version_num; }

std::string Response::header(std::string_view name) const {
  const std::string key = lower_ascii(name);
  for (const auto& [n, value] : headers) {
    if (n == key) return value;
  }
  return {};
}

std::string Response::header_list(std::string_view name) const {
  const std::string key = lower_ascii(name);
  std::string out;
  for (const auto& [n, value] : headers) {
    if (n != key) continue;
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

void check_options(const Options& options) {
  auto refuse = [](const std::string& what, double value, const std::string& hint) {
    throw usage_error(what + ", not " + seconds_text(value), hint);
  };
  if (!std::isfinite(options.timeout_seconds) || options.timeout_seconds <= 0) {
    refuse("the timeout (" + options.timeout_option + ") must be a positive number of seconds",
           options.timeout_seconds, "e.g. " + options.timeout_option + " 30");
  }
  if (!std::isfinite(options.connect_timeout_seconds) || options.connect_timeout_seconds <= 0) {
    refuse("the connect timeout must be a positive number of seconds",
           options.connect_timeout_seconds, "e.g. 10");
  }
  if (!std::isfinite(options.backoff_seconds) || options.backoff_seconds < 0) {
    refuse("the backoff must be a number of seconds, 0 or more", options.backoff_seconds,
           "e.g. 0.5");
  }
  if (options.retries < 0) {
    throw usage_error("the number of retries (" + options.retries_option +
                          ") must be 0 or more, not " + std::to_string(options.retries),
                      "e.g. " + options.retries_option + " 2");
  }
  if (options.max_body_bytes == 0) {
    throw usage_error("the response size limit must be at least 1 byte", "e.g. 64 MiB");
  }
}

CurlClient::CurlClient(Options options) : options_(std::move(options)) {
  check_options(options_);
  if (!options_.now) options_.now = [] { return Clock::now(); };
  if (!options_.sleep) options_.sleep = [](Clock::duration d) { std::this_thread::sleep_for(d); };
}

Response CurlClient::send(const Request& request) {
  init_curl_once();
  check_headers(request);
  const std::vector<std::string> secrets = secrets_of(request);
  const Clock::time_point deadline =
      options_.now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options_.timeout_seconds));
  const int attempts = 1 + options_.retries;
  double delay = options_.backoff_seconds;
  for (int n = 1;; ++n) {
    const double left = std::chrono::duration<double>(deadline - options_.now()).count();
    Attempt attempt = perform(request, options_, left, secrets);
    if (attempt.code == CURLE_OK) {
      attempt.response.attempts = n;
      if (attempt.response.status < 200 || attempt.response.status >= 300) {
        attempt.response.body = redact_secrets(attempt.response.body, secrets);
      }
    }
    const auto wait =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay));
    // No retry when, after its backoff, too little of the deadline would remain for it.
    const bool out_of_time = deadline - options_.now() < wait + kShortestAttempt;
    const bool again = n < attempts && !out_of_time;
    if (attempt.code == CURLE_OK) {
      if (!again || !retryable(attempt.response.status)) return attempt.response;
    } else if (!again || !retryable(attempt.code)) {
      std::string what =
          "cannot reach " + redact_url(request.url) + " (" + request.method + "): " + attempt.error;
      if (retryable(attempt.code) && out_of_time) {
        what += " (deadline of " + seconds_text(options_.timeout_seconds) + " s reached after " +
                std::to_string(n) + (n == 1 ? " attempt)" : " attempts)");
      } else if (n > 1) {
        what += " (after " + std::to_string(n) + " attempts)";
      }
      throw input_error(what, hint_for(attempt.code, options_));
    }
    options_.sleep(wait);
    delay *= 2;
  }
}

}  // namespace mlops::net
