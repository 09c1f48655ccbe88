#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fake_s3.h"
#include "helpers.h"
#include "io/parquet/parquet_reader.h"
#include "io/scan.h"

// A Parquet object (s3://) read in pieces of whole row groups on the scan's threads, as a
// local file is: the same rows, lines, columns and byte count as one read of the local file,
// every byte shown once to the raw observer, and every request after the first for the same
// version of the object. The ranges are shrunk so that the pieces' threads send their column
// chunk requests at once (under the ci preset's sanitizers).
namespace mlops::io::testing {
namespace {

using mlops::testing::test_data;

// groups.json: 5,000 rows in three row groups (2,048, 2,048, 904), columns id, x, s, b, u.
const std::string kGroups = "parquet/duckdb/groups-v1.parquet";

struct Scanned {
  Table joined;
  std::size_t pieces = 0;
  int restarts = 0;
  std::uint64_t bytes = 0;
  std::string raw;  // what on_raw_bytes saw
};

Scanned scan(const std::string& path, int threads, ReadOptions read) {
  Scanned out;
  read.on_raw_bytes = [&out](const char* data, std::size_t n) { out.raw.append(data, n); };
  ScanOptions options;
  options.threads = threads;
  options.min_piece_bytes = 1;
  std::istringstream none;
  Scan s(path, std::move(read), options, none);
  out.pieces = s.pieces();
  std::vector<Table> parts(s.pieces());
  const std::vector<std::uint64_t> lines =
      s.run([&](std::size_t k, TableReader& r) { parts[k] = read_all(r); },
            [&] {
              ++out.restarts;
              parts.assign(1, Table{});
            });
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const Table& p = parts[k];
    out.joined.rows.insert(out.joined.rows.end(), p.rows.begin(), p.rows.end());
    for (auto line : p.lines) out.joined.lines.push_back(line + lines[k]);
    out.joined.offsets.insert(out.joined.offsets.end(), p.offsets.begin(), p.offsets.end());
  }
  out.joined.columns = s.columns();
  out.bytes = s.bytes();
  return out;
}

RemoteOptions small_ranges(const FakeS3& s3) {
  RemoteOptions o = s3.options();
  o.head_bytes = 1024;
  o.tail_bytes = 4096;  // the footer; the column chunks are requested by the pieces
  o.range_bytes = 8192;
  o.max_range_bytes = 8192;
  return o;
}

TEST(RemotePiecesTest, AParquetObjectIsReadInPiecesAsTheLocalFileInOne) {
  const std::string bytes = test_data(kGroups);
  const Scanned local = scan(data_path(kGroups), 1, {});
  ASSERT_EQ(local.pieces, 1u);
  ASSERT_EQ(local.joined.rows.size(), 5000u);
  for (int threads : {2, 3}) {
    FakeS3 s3;
    s3.put("g/groups.parquet", bytes, "\"v1\"");
    ReadOptions read;
    read.remote = small_ranges(s3);
    const Scanned remote = scan("s3://bkt/g/groups.parquet", threads, read);
    EXPECT_EQ(remote.pieces, static_cast<std::size_t>(threads)) << threads;
    EXPECT_EQ(remote.restarts, 0);
    EXPECT_EQ(remote.joined.columns, local.joined.columns);
    EXPECT_EQ(remote.joined.rows, local.joined.rows);
    EXPECT_EQ(remote.joined.lines, local.joined.lines);
    EXPECT_EQ(remote.joined.offsets, local.joined.offsets);
    EXPECT_EQ(remote.bytes, local.bytes);
    EXPECT_EQ(remote.raw, bytes);
    const auto requests = s3.server.requests();
    ASSERT_GT(requests.size(), 3u);  // the head, the footer, column chunks
    for (std::size_t i = 1; i < requests.size(); ++i) {
      EXPECT_EQ(requests[i].headers.at("if-match"), "\"v1\"") << requests[i].headers.at("range");
    }
  }
}

// Several threads read one RemoteAccess at once, from its first read on (so they race for the
// footer that is fetched once) and at offsets that each need a request: every one gets the
// object's bytes, and the footer is asked for once.
TEST(RemotePiecesTest, ThreadsReadOneObjectAtOnce) {
  FakeS3 s3;
  const std::string bytes = test_data(kGroups);
  s3.put("g.parquet", bytes);
  const RemoteOptions o = small_ranges(s3);
  std::shared_ptr<RandomAccess> access =
      remote_access(std::make_shared<const RemoteObject>("s3://bkt/g.parquet", o));
  constexpr int kThreads = 6;
  std::vector<std::string> tails(kThreads), middles(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      tails[t].resize(16);
      access->read(bytes.size() - 16, 16, reinterpret_cast<std::uint8_t*>(tails[t].data()));
      middles[t].resize(5000);
      const std::uint64_t at = 2000 + 7000 * static_cast<std::uint64_t>(t);
      access->read(at, 5000, reinterpret_cast<std::uint8_t*>(middles[t].data()));
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(tails[t], bytes.substr(bytes.size() - 16)) << t;
    EXPECT_EQ(middles[t], bytes.substr(2000 + 7000 * static_cast<std::size_t>(t), 5000)) << t;
  }
  int footer_requests = 0;
  const std::string footer_range = "bytes=" + std::to_string(bytes.size() - o.tail_bytes) + "-" +
                                   std::to_string(bytes.size() - 1);
  for (const RecordedRequest& r : s3.server.requests()) {
    footer_requests += r.headers.at("range") == footer_range ? 1 : 0;
  }
  EXPECT_EQ(footer_requests, 1);
}

// The object's CSV is a stream: one piece, as before, and no request more than one read makes.
TEST(RemotePiecesTest, AnObjectsCsvIsOnePiece) {
  FakeS3 s3;
  const std::string text = test_data("seattle-weather.csv");
  s3.put("w.csv", text);
  ReadOptions read;
  read.remote = s3.options();
  const Scanned remote = scan("s3://bkt/w.csv", 4, read);
  EXPECT_EQ(remote.pieces, 1u);
  EXPECT_EQ(remote.raw, text);
  EXPECT_EQ(remote.joined.rows, read_path(data_path("seattle-weather.csv")).rows);
  EXPECT_EQ(s3.server.requests().size(), 1u);  // 64 KiB head: the whole file
}

}  // namespace
}  // namespace mlops::io::testing
