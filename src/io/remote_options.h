#pragma once

#include <cstddef>

#include "net/aws_config.h"
#include "net/http.h"

namespace mlops::io {

// How data files in object storage or on a web server (io/remote.h) are fetched. The defaults
// suit the tools; tests shrink them. Its own header so that io::ReadOptions can carry it.
struct RemoteOptions {
  net::Getenv env = net::process_env();
  // Each request for data: its deadline, retries and backoff included (--data-timeout,
  // --data-retries).
  net::Options http = default_http();
  std::size_t head_bytes = std::size_t{64} << 10;       // the first request: format sniffing
  std::size_t range_bytes = std::size_t{8} << 20;       // each further request of a stream
  std::size_t max_range_bytes = std::size_t{16} << 20;  // a longer random read is split
  // Parquet: the last bytes, fetched in one request (the footer, the last column chunks).
  std::size_t tail_bytes = std::size_t{1} << 20;
  // 120 s and 3 retries, named --data-timeout and --data-retries: one request carries up to
  // max_range_bytes, and S3 asks clients to retry 503 SlowDown with backoff.
  static net::Options default_http();
};

}  // namespace mlops::io
