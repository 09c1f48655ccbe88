#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace mlops::testing {

// A request as the server saw it on the wire.
struct RecordedRequest {
  std::string method, path, query;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

// What a route answers. The failure knobs exist to exercise a client's retry and timeout paths.
struct CannedResponse {
  int status = 200;
  std::string body{};
  std::string content_type = "application/json";
  double delay_seconds = 0;
  bool close_without_response = false;
  int fail_times = 0;  // answer 503 this many times first
  // Network faults: send only this many bytes of the body (Content-Length still announces the
  // whole body), then close; or send the response one byte per `trickle_seconds`.
  std::size_t truncate_body_at = static_cast<std::size_t>(-1);
  double trickle_seconds = 0;
  // Answers without a length: the body in chunks (Transfer-Encoding: chunked), no Content-Length.
  bool chunked = false;
  // The Content-Length to announce instead of the body's size (a server that promises more
  // than it sends); unset: the body's size.
  std::size_t announced_length = static_cast<std::size_t>(-1);
  // Extra response headers, sent as given after Content-Type and Content-Length.
  std::vector<std::pair<std::string, std::string>> headers{};
};

// Computes the answer from the request, for servers whose answer depends on what the client
// sent (a registry that wants the right Authorization header, a token server checking query
// parameters). Called on the server thread, without the server's lock held.
using Responder = std::function<CannedResponse(const RecordedRequest&)>;

// A real HTTP/1.1 server on 127.0.0.1, so tests go through sockets and libcurl like production
// does. One connection at a time, one request per connection (always "Connection: close").
class FakeHttpServer {
 public:
  FakeHttpServer();   // binds an ephemeral port and serves on a background thread
  ~FakeHttpServer();  // stops and joins
  FakeHttpServer(const FakeHttpServer&) = delete;
  FakeHttpServer& operator=(const FakeHttpServer&) = delete;

  std::string url() const;  // "http://127.0.0.1:PORT"
  int port() const { return port_; }
  // Replaces an earlier route for the same method and path. Unknown routes answer 404 with an
  // MLflow-shaped error body.
  void route(const std::string& method, const std::string& path, CannedResponse response);
  // Like route(), but the answer comes from `responder` (a callable taking the request,
  // returning a CannedResponse); replaces a canned route and the other way round. `fail_times`
  // of what it returns is ignored. A template, not a Responder overload, so that a braced
  // `{.body = ...}` never tries std::function's constructor: clang 14 (clang-tidy) fails hard
  // on that.
  template <typename F>
  requires std::is_invocable_r_v<CannedResponse, F&, const RecordedRequest&>
  void route(const std::string& method, const std::string& path, F responder) {
    route_responder(method, path, Responder(std::move(responder)));
  }
  std::vector<RecordedRequest> requests() const;  // a copy, safe while serving

 private:
  void route_responder(const std::string& method, const std::string& path, Responder responder);
  void serve();
  void handle(int fd);
  // Sleeps `seconds` unless the server is stopping; false when it is.
  bool pause(double seconds);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::condition_variable stopping_;
  std::map<std::pair<std::string, std::string>, CannedResponse> routes_;
  std::map<std::pair<std::string, std::string>, Responder> responders_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

// The text of tests/data/<name>; throws std::runtime_error naming the path when unreadable.
std::string test_data(const std::string& name);

// A localhost port with nothing listening on it, for connection-refused tests.
int closed_port();

}  // namespace mlops::testing
