#pragma once

// A transport that answers every request with one status and body: the fuzz input, for the
// targets that fuzz a client's response parsing.
#include <string>
#include <utility>

#include "net/http.h"

namespace mlops::fuzz {

class Canned : public net::Client {
 public:
  Canned(long status, std::string body) : status_(status), body_(std::move(body)) {}
  net::Response send(const net::Request&) override {
    net::Response r;
    r.status = status_;
    r.body = body_;
    r.content_type = "application/json";
    return r;
  }

 private:
  long status_;
  std::string body_;
};

}  // namespace mlops::fuzz
