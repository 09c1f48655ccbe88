#include "support/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace mlops::testing {
namespace {

using Clock = std::chrono::steady_clock;

// How long a connection may take to deliver its request before the server gives up on it.
constexpr auto kReadTimeout = std::chrono::seconds(5);
constexpr std::size_t kMaxHeaderBytes = std::size_t{64} * 1024;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  auto end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    // MSG_NOSIGNAL: a client that timed out and hung up must not kill the test with SIGPIPE.
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

// The head of an answer, and its body framed as `r` says (chunked or not).
std::string response_text(const CannedResponse& r) {
  std::ostringstream out;
  out << "HTTP/1.1 " << r.status << ' ' << reason(r.status) << "\r\n"
      << "Content-Type: " << r.content_type << "\r\n";
  if (r.chunked) {
    out << "Transfer-Encoding: chunked\r\n";
  } else {
    std::size_t length =
        r.announced_length != static_cast<std::size_t>(-1) ? r.announced_length : r.body.size();
    out << "Content-Length: " << length << "\r\n";
  }
  for (const auto& [name, value] : r.headers) out << name << ": " << value << "\r\n";
  out << "Connection: close\r\n\r\n";
  if (!r.chunked) {
    out << r.body;
    return out.str();
  }
  constexpr std::size_t kChunk = std::size_t{16} * 1024;
  for (std::size_t at = 0; at < r.body.size(); at += kChunk) {
    std::string_view chunk = std::string_view(r.body).substr(at, kChunk);
    out << std::hex << chunk.size() << std::dec << "\r\n" << chunk << "\r\n";
  }
  out << "0\r\n\r\n";
  return out.str();
}

void respond(int fd, int status, const std::string& content_type, const std::string& body) {
  send_all(fd, response_text({.status = status, .body = body, .content_type = content_type}));
}

std::string error_body(const std::string& code, const std::string& message) {
  return R"({"error_code": ")" + code + R"(", "message": ")" + message + "\"}";
}

}  // namespace

FakeHttpServer::FakeHttpServer() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fake server: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fake server: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeHttpServer::~FakeHttpServer() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  stopping_.notify_all();
  thread_.join();
  ::close(listen_fd_);
}

std::string FakeHttpServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeHttpServer::route(const std::string& method, const std::string& path,
                           CannedResponse response) {
  std::lock_guard lock(mutex_);
  responders_.erase({method, path});
  routes_[{method, path}] = std::move(response);
}

void FakeHttpServer::route_responder(const std::string& method, const std::string& path,
                                     Responder responder) {
  std::lock_guard lock(mutex_);
  routes_.erase({method, path});
  responders_[{method, path}] = std::move(responder);
}

std::vector<RecordedRequest> FakeHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool FakeHttpServer::pause(double seconds) {
  std::unique_lock lock(mutex_);
  return !stopping_.wait_for(lock, std::chrono::duration<double>(seconds),
                             [this] { return stop_.load(); });
}

void FakeHttpServer::serve() {
  while (!stop_) {
    // A short poll so that the destructor's stop flag is seen quickly.
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    handle(fd);
    ::shutdown(fd, SHUT_WR);
    ::close(fd);
  }
}

void FakeHttpServer::handle(int fd) {
  std::string data;
  std::size_t header_end = std::string::npos;
  std::size_t body_size = 0;
  const auto deadline = Clock::now() + kReadTimeout;
  // Reads until the headers and then Content-Length bytes of body have arrived.
  while (!stop_ && Clock::now() < deadline) {
    if (header_end != std::string::npos && data.size() >= header_end + 4 + body_size) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char buf[16384];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return;  // the client hung up before finishing its request
    data.append(buf, static_cast<std::size_t>(n));
    if (!std::isupper(static_cast<unsigned char>(data[0]))) {
      // Not HTTP (a TLS ClientHello, say): answer like a plain HTTP server does.
      respond(fd, 400, "text/plain", "not an HTTP request");
      return;
    }
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end == std::string::npos) {
        if (data.size() > kMaxHeaderBytes) return;
        continue;
      }
      std::istringstream head(data.substr(0, header_end));
      std::string line;
      std::getline(head, line);
      while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto colon = line.find(':');
        if (colon != std::string::npos && lower(line.substr(0, colon)) == "content-length") {
          body_size = std::strtoul(trim(line.substr(colon + 1)).c_str(), nullptr, 10);
        }
      }
    }
  }
  if (header_end == std::string::npos || data.size() < header_end + 4 + body_size) return;

  RecordedRequest request;
  std::istringstream head(data.substr(0, header_end));
  std::string line;
  std::getline(head, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::istringstream request_line(line);
  std::string target;
  request_line >> request.method >> target;
  auto question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    request.headers[lower(line.substr(0, colon))] = trim(line.substr(colon + 1));
  }
  request.body = data.substr(header_end + 4, body_size);

  CannedResponse response;
  Responder responder;
  bool found = false;
  bool fail = false;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    auto it = routes_.find({request.method, request.path});
    if (it != routes_.end()) {
      found = true;
      response = it->second;
      if (it->second.fail_times > 0) {
        --it->second.fail_times;
        fail = true;
      }
    } else if (auto r = responders_.find({request.method, request.path}); r != responders_.end()) {
      found = true;
      responder = r->second;
    }
  }
  if (responder) response = responder(request);
  if (!found) {
    respond(fd, 404, "application/json",
            error_body("ENDPOINT_NOT_FOUND",
                       "No route for " + request.method + " " + request.path + " on this server"));
    return;
  }
  if (fail) {
    respond(fd, 503, "application/json",
            error_body("TEMPORARILY_UNAVAILABLE", "The server is temporarily unavailable"));
    return;
  }
  if (response.close_without_response) return;
  if (response.delay_seconds > 0 && !pause(response.delay_seconds)) return;
  std::string text = response_text(response);
  if (!response.chunked && response.truncate_body_at < response.body.size()) {
    text.resize(text.size() - response.body.size() + response.truncate_body_at);
  }
  if (response.trickle_seconds > 0) {
    for (char ch : text) {
      if (!pause(response.trickle_seconds)) return;
      if (::send(fd, &ch, 1, MSG_NOSIGNAL) != 1) return;  // the client gave up
    }
    return;
  }
  send_all(fd, text);
}

std::string test_data(const std::string& name) {
#ifdef MLOPS_TEST_DATA
  std::filesystem::path root = MLOPS_TEST_DATA;
#else
  // Direct compiles without the CMake definition: tests/data next to this file's directory.
  std::filesystem::path root = std::filesystem::path(__FILE__).parent_path().parent_path() / "data";
#endif
  std::filesystem::path path = root / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test data " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  // A socket that cannot bind has no port: 0, where nothing listens either.
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return 0;
  }
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);  // nothing listens on it now; the kernel will not hand it out again at once
  return ntohs(addr.sin_port);
}

}  // namespace mlops::testing
