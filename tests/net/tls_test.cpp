// TLS is verified by default: a real TLS server (openssl s_server, self-signed certificate for
// 127.0.0.1) is refused unless its certificate is given as a CA file or --insecure is chosen.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "common/error_of.h"
#include "net/http.h"
#include "support/fake_http_server.h"

namespace mlops::net {
namespace {

using mlops::testing::error_of;

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "tls_" + std::to_string(::getpid());
    port_ = mlops::testing::closed_port();
    std::string cmd =
        "mkdir -p " + dir_ + " && cd " + dir_ +
        " && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 1"
        " -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1"
        " && (openssl s_server -accept 127.0.0.1:" +
        std::to_string(port_) +
        " -cert cert.pem -key key.pem -www -quiet >/dev/null 2>&1 & echo $! > pid)";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    for (int i = 0; i < 1200 && !accepts(port_); ++i) {  // up to 60 s on a busy machine
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(accepts(port_)) << "openssl s_server did not start";
  }
  void TearDown() override {
    std::system(("kill $(cat " + dir_ + "/pid) 2>/dev/null; rm -rf " + dir_).c_str());
  }
  Request get() const {
    return {"GET", "https://127.0.0.1:" + std::to_string(port_) + "/", {}, {}};
  }

  std::string dir_;
  int port_ = 0;
};

TEST_F(TlsTest, SelfSignedServerIsRefusedByDefault) {
  Options o;
  o.retries = 0;
  CurlClient client(o);
  Error e = error_of([&] { client.send(get()); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("https://127.0.0.1:" + std::to_string(port_)));
}

TEST_F(TlsTest, TheServersCertificateAsCaFileIsAccepted) {
  Options o;
  o.retries = 0;
  o.ca_file = dir_ + "/cert.pem";
  CurlClient client(o);
  EXPECT_EQ(client.send(get()).status, 200);
}

TEST_F(TlsTest, InsecureSkipsVerification) {
  Options o;
  o.retries = 0;
  o.insecure = true;
  CurlClient client(o);
  EXPECT_EQ(client.send(get()).status, 200);
}

}  // namespace
}  // namespace mlops::net
