#include "io/remote.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_s3.h"
#include "helpers.h"
#include "io/parquet/parquet_reader.h"
#include "net/url.h"
#include "support/fake_http_server.h"

// Objects read from a small S3 on 127.0.0.1 (fake_s3.h).
namespace mlops::io::testing {
namespace {

using mlops::testing::test_data;

std::string numbers_csv(int rows) {
  std::string text = "id,name\n";
  for (int i = 0; i < rows; ++i) text += std::to_string(i) + ",n" + std::to_string(i * 7) + "\n";
  return text;
}

std::string read_source(Source& source) {
  std::string out;
  char buf[37];
  for (std::size_t n; (n = source.read(buf, sizeof buf)) > 0;) out.append(buf, n);
  return out;
}

TEST(RemoteSourceTest, ReadsInRangesOfTheSameVersion) {
  FakeS3 s3;
  const std::string text = numbers_csv(300);  // about 3 KB
  s3.put("data/numbers.csv", text);
  RemoteOptions o = s3.options();
  o.head_bytes = 100;
  o.range_bytes = 1000;
  auto object = std::make_shared<const RemoteObject>("s3://bkt/data/numbers.csv", o);
  EXPECT_EQ(object->size(), text.size());
  EXPECT_EQ(object->head(), text.substr(0, 100));
  auto source = remote_source(object);
  EXPECT_EQ(read_source(*source), text);
  EXPECT_EQ(source->raw_offset(), text.size());
  const auto requests = s3.server.requests();
  // The head, then ceil((size - 100) / 1000) ranges, each If-Match the first answer's ETag.
  ASSERT_EQ(requests.size(), 1 + (text.size() - 100 + 999) / 1000);
  EXPECT_EQ(requests[0].headers.at("range"), "bytes=0-99");
  EXPECT_EQ(requests[0].headers.count("if-match"), 0u);
  EXPECT_EQ(requests[1].headers.at("range"), "bytes=100-1099");
  EXPECT_EQ(requests[1].headers.at("if-match"), "\"e-1\"");
}

TEST(RemoteSourceTest, AServerThatIgnoresRangeIsReadFromItsOneAnswer) {
  FakeHttpServer server;
  const std::string text = numbers_csv(50);
  server.route("GET", "/files/n.csv", CannedResponse{.status = 200, .body = text});
  RemoteOptions o;
  o.head_bytes = 10;
  auto object = std::make_shared<const RemoteObject>(server.url() + "/files/n.csv", o);
  EXPECT_EQ(object->size(), text.size());
  EXPECT_EQ(read_source(*remote_source(object)), text);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(RemoteSourceTest, AnEmptyObjectHasNoBytes) {
  FakeS3 s3;
  s3.put("empty.csv", "");
  auto object = std::make_shared<const RemoteObject>("s3://bkt/empty.csv", s3.options());
  EXPECT_EQ(object->size(), 0u);
  EXPECT_EQ(read_source(*remote_source(object)), "");
}

TEST(RemoteObjectTest, AnObjectReplacedWhileReadIsAnError) {
  FakeS3 s3;
  const std::string text = numbers_csv(300);
  s3.put("n.csv", text, "\"v1\"");
  RemoteOptions o = s3.options();
  o.head_bytes = 100;
  auto object = std::make_shared<const RemoteObject>("s3://bkt/n.csv", o);
  s3.put("n.csv", text, "\"v2\"");  // a new version under the same key
  std::string buf(50, '\0');
  const Error e =
      error_of([&] { object->read(200, buf.size(), reinterpret_cast<std::uint8_t*>(buf.data())); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("s3://bkt/n.csv changed while it was read"), std::string::npos)
      << e.message();
}

// One deadline per request (--data-timeout): every attempt and the backoff between them fit
// in it, and no retry starts that could not. On a fake clock that moves only in the backoff:
// attempt 1 at 0 s, a 4 s wait, attempt 2 at 4 s; the next wait (8 s) would end at 12 s, past
// the deadline at 10 s, so there is no third attempt although 5 retries are allowed.
TEST(RemoteObjectTest, RetriesAndTheirBackoffStayWithinOneDeadline) {
  FakeS3 s3;
  s3.refuse("k.csv", 503, "SlowDown", "Please reduce your request rate.");
  RemoteOptions o = s3.options();
  o.http.timeout_seconds = 10;
  o.http.retries = 5;
  o.http.backoff_seconds = 4;
  net::Clock::time_point now{};
  std::vector<double> waits;
  o.http.now = [&now] { return now; };
  o.http.sleep = [&](net::Clock::duration d) {
    waits.push_back(std::chrono::duration<double>(d).count());
    now += d;
  };
  const Error e = error_of([&] { RemoteObject("s3://bkt/k.csv", o); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("HTTP 503 SlowDown (Please reduce your request rate.) after 2 "
                             "attempts"),
            std::string::npos)
      << e.message();
  EXPECT_EQ(waits, std::vector<double>{4.0});
  EXPECT_EQ(s3.server.requests().size(), 2u);
}

// The footer's range failed once (a 403 is not retried): the next read asks for it again
// instead of taking the zeros of a buffer never filled for the file's last bytes.
TEST(RemoteAccessTest, AFailedFooterReadIsAskedAgainNotReadAsZeros) {
  FakeS3 s3;
  const std::string bytes = test_data("parquet/duckdb/snappy.parquet");
  RemoteOptions o = s3.options();
  o.head_bytes = 1024;
  o.tail_bytes = 4096;
  int tail_requests = 0;
  s3.server.route("GET", "/bkt/p.parquet", [&](const RecordedRequest& r) {
    if (r.headers.at("range") != "bytes=0-1023" && ++tail_requests == 1) {
      return CannedResponse{.status = 403,
                            .body = s3_error("AccessDenied", "Denied once."),
                            .content_type = "application/xml"};
    }
    return s3_get(bytes, "\"e\"", r);
  });
  auto access = remote_access(std::make_shared<const RemoteObject>("s3://bkt/p.parquet", o));
  std::string tail(8, '\0');
  const std::uint64_t at = bytes.size() - tail.size();
  auto read_tail = [&] {
    access->read(at, tail.size(), reinterpret_cast<std::uint8_t*>(tail.data()));
  };
  EXPECT_EQ(error_of(read_tail).code(), ExitCode::kCannotEvaluate);
  read_tail();
  EXPECT_EQ(tail, bytes.substr(at));  // the footer length, then "PAR1"
}

TEST(RemoteObjectTest, AnAnswerWithTheWrongRangeIsAnError) {
  FakeS3 s3;
  const std::string text = numbers_csv(300);
  s3.server.route("GET", "/bkt/n.csv", [&text](const RecordedRequest& r) {
    CannedResponse answer = s3_get(text, "\"e\"", r);
    if (r.headers.at("range") != "bytes=0-99") {  // every later range answered from byte 0
      RecordedRequest first = r;
      first.headers["range"] = "bytes=0-99";
      answer = s3_get(text, "\"e\"", first);
    }
    return answer;
  });
  RemoteOptions o = s3.options();
  o.head_bytes = 100;
  auto object = std::make_shared<const RemoteObject>("s3://bkt/n.csv", o);
  std::string buf(100, '\0');
  const Error e =
      error_of([&] { object->read(500, buf.size(), reinterpret_cast<std::uint8_t*>(buf.data())); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("s3://bkt/n.csv at byte offset 500"), std::string::npos)
      << e.message();
}

TEST(RemoteErrorTest, NoSuchKeyIsExit3NamingTheObjectWithoutRetry) {
  FakeS3 s3;
  s3.server.route("GET", "/bkt/missing.csv",
                  CannedResponse{.status = 404,
                                 .body = s3_error("NoSuchKey", "The specified key does not exist."),
                                 .content_type = "application/xml"});
  const Error e = error_of([&] { RemoteObject("s3://bkt/missing.csv", s3.options()); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("s3://bkt/missing.csv: HTTP 404 NoSuchKey (The specified key does "
                             "not exist.)"),
            std::string::npos)
      << e.message();
  EXPECT_NE(e.hint().find("check the bucket and the key"), std::string::npos) << e.hint();
  EXPECT_EQ(s3.server.requests().size(), 1u);
}

TEST(RemoteErrorTest, AccessDeniedIsNotRetriedAndShowsNoSecret) {
  FakeS3 s3;
  // A server that quotes the request's session token and signature back.
  s3.server.route("GET", "/bkt/k.csv", [](const RecordedRequest& r) {
    return CannedResponse{
        .status = 403,
        .body = s3_error("AccessDenied",
                         "Access Denied for token " + r.headers.at("x-amz-security-token")),
        .content_type = "application/xml"};
  });
  const Error e = error_of([&] { RemoteObject("s3://bkt/k.csv", s3.options()); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("HTTP 403 AccessDenied"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("***"), std::string::npos) << e.message();
  mlops::testing::expect_no_secret(e, {"the-session-token", "the-secret-key"});
  EXPECT_NE(e.hint().find("AWS_ACCESS_KEY_ID"), std::string::npos) << e.hint();
  EXPECT_EQ(s3.server.requests().size(), 1u);
}

TEST(RemoteErrorTest, SlowDownIsRetriedThenReported) {
  FakeS3 s3;
  s3.refuse("k.csv", 503, "SlowDown", "Please reduce your request rate.");
  const Error e = error_of([&] { RemoteObject("s3://bkt/k.csv", s3.options()); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("HTTP 503 SlowDown (Please reduce your request rate.) after 3 "
                             "attempts"),
            std::string::npos)
      << e.message();
  EXPECT_NE(e.hint().find("throttling"), std::string::npos) << e.hint();
  EXPECT_EQ(s3.server.requests().size(), 3u);
}

TEST(RemoteErrorTest, SlowDownOnceThenTheObject) {
  FakeS3 s3;
  const std::string text = numbers_csv(10);
  int calls = 0;
  s3.server.route("GET", "/bkt/k.csv", [&](const RecordedRequest& r) {
    if (++calls == 1) {
      return CannedResponse{.status = 503,
                            .body = s3_error("SlowDown", "Reduce your rate."),
                            .content_type = "application/xml"};
    }
    return s3_get(text, "\"e\"", r);
  });
  auto object = std::make_shared<const RemoteObject>("s3://bkt/k.csv", s3.options());
  EXPECT_EQ(read_source(*remote_source(object)), text);
  EXPECT_EQ(calls, 2);
}

TEST(RemoteErrorTest, ATruncatedAnswerIsRetriedThenAnError) {
  FakeS3 s3;
  s3.server.route("GET", "/bkt/k.csv", [](const RecordedRequest& r) {
    CannedResponse answer = s3_get(numbers_csv(100), "\"e\"", r);
    answer.truncate_body_at = 10;  // Content-Length promises more, the connection closes
    return answer;
  });
  const Error e = error_of([&] { RemoteObject("s3://bkt/k.csv", s3.options()); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("bkt/k.csv"), std::string::npos) << e.message();
  EXPECT_EQ(s3.server.requests().size(), 3u);
}

TEST(RemoteErrorTest, WrongRegionSaysWhichRegion) {
  FakeS3 s3;
  s3.server.route("GET", "/bkt/k.csv",
                  CannedResponse{.status = 301,
                                 .body = s3_error("PermanentRedirect",
                                                  "The bucket you are "
                                                  "attempting to access must be addressed using "
                                                  "the specified endpoint."),
                                 .content_type = "application/xml",
                                 .headers = {{"x-amz-bucket-region", "eu-west-1"}}});
  const Error e = error_of([&] { RemoteObject("s3://bkt/k.csv", s3.options()); });
  EXPECT_NE(e.hint().find("AWS_REGION=eu-west-1"), std::string::npos) << e.hint();
}

TEST(RemoteErrorTest, APresignedUrlsSignatureIsNeverShown) {
  FakeHttpServer server;
  server.route("GET", "/bkt/k.csv",
               CannedResponse{.status = 403,
                              .body = s3_error("SignatureDoesNotMatch",
                                               "Signature "
                                               "abcdef0123456789sig expired"),
                              .content_type = "application/xml"});
  const std::string url = server.url() +
                          "/bkt/k.csv?X-Amz-Credential=AKID%2F20261207&X-Amz-Signature="
                          "abcdef0123456789sig";
  const Error e = error_of([&] { RemoteObject(url, RemoteOptions{}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  mlops::testing::expect_no_secret(e, {"abcdef0123456789sig"});
  EXPECT_NE(e.message().find("X-Amz-Signature=***"), std::string::npos) << e.message();
  EXPECT_EQ(display_name(url).find("abcdef0123456789sig"), std::string::npos);
  EXPECT_EQ(display_name("data/x.csv"), "data/x.csv");
}

// A ListObjectsV2 answer of `keys`, two per page.
CannedResponse list_page(const std::vector<std::string>& keys, const RecordedRequest& r) {
  std::size_t from = 0;
  if (auto at = r.query.find("continuation-token=page%3D"); at != std::string::npos) {
    from = std::stoul(r.query.substr(at + std::string_view("continuation-token=page%3D").size()));
  }
  std::string body = "<?xml version=\"1.0\"?><ListBucketResult><Name>bkt</Name>";
  for (std::size_t i = from; i < std::min(keys.size(), from + 2); ++i) {
    body += "<Contents><Key>" + keys[i] + "</Key><Size>1</Size></Contents>";
  }
  const bool more = from + 2 < keys.size();
  body += std::string("<IsTruncated>") + (more ? "true" : "false") + "</IsTruncated>";
  if (more)
    body += "<NextContinuationToken>page=" + std::to_string(from + 2) + "</NextContinuationToken>";
  return {.status = 200, .body = body + "</ListBucketResult>", .content_type = "application/xml"};
}

TEST(ExpandRemoteTest, APatternListsEveryPageAndKeepsTheMatchesInOrder) {
  FakeS3 s3;
  const std::vector<std::string> keys = {"day/a.parquet", "day/b.csv", "day/c.parquet",
                                         "day/sub/d.parquet", "day/e.parquet"};
  s3.server.route("GET", "/bkt/", [keys](const RecordedRequest& r) { return list_page(keys, r); });
  EXPECT_EQ(expand_remote("s3://bkt/day/*.parquet", s3.options()),
            (std::vector<std::string>{"s3://bkt/day/a.parquet", "s3://bkt/day/c.parquet",
                                      "s3://bkt/day/e.parquet"}));
  EXPECT_EQ(s3.server.requests().size(), 3u);  // 5 keys, 2 a page
  EXPECT_EQ(expand_remote("s3://bkt/day/a.parquet", s3.options()),
            (std::vector<std::string>{"s3://bkt/day/a.parquet"}));  // no pattern, no listing
  EXPECT_EQ(s3.server.requests().size(), 3u);
  const Error none = error_of([&] { expand_remote("s3://bkt/day/*.json", s3.options()); });
  EXPECT_EQ(none.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(none.message().find("no object matches s3://bkt/day/*.json"), std::string::npos);
  const Error many = error_of([&] { expand_one("s3://bkt/day/*.parquet", s3.options()); });
  EXPECT_NE(many.message().find("matches 3 objects"), std::string::npos) << many.message();
  EXPECT_EQ(expand_one("s3://bkt/day/c.*", s3.options()), "s3://bkt/day/c.parquet");
}

TEST(RemoteGcsTest, XmlApiWithTheBearerTokenForObjectsAndListings) {
  FakeHttpServer gcs;
  const std::string text = numbers_csv(20);
  gcs.route("GET", "/bkt/d/a.csv",
            [&text](const RecordedRequest& r) { return s3_get(text, "\"g1\"", r); });
  gcs.route("GET", "/bkt/d/private.csv", [](const RecordedRequest& r) {
    return CannedResponse{
        .status = 403,
        .body = s3_error("AccessDenied", "Anonymous caller or " + r.headers.at("authorization")),
        .content_type = "application/xml"};
  });
  gcs.route("GET", "/bkt/", [](const RecordedRequest& r) {
    return list_page({"d/a.csv", "d/b.json", "d/c.csv"}, r);
  });
  RemoteOptions o;
  const std::string url = gcs.url();
  o.env = [url](const std::string& name) -> std::optional<std::string> {
    if (name == "STORAGE_EMULATOR_HOST") return url;
    if (name == "GOOGLE_OAUTH_ACCESS_TOKEN") return "ya29.the-access-token";
    return std::nullopt;
  };
  auto object = std::make_shared<const RemoteObject>("gs://bkt/d/a.csv", o);
  EXPECT_EQ(read_source(*remote_source(object)), text);
  EXPECT_EQ(expand_remote("gs://bkt/d/*.csv", o),
            (std::vector<std::string>{"gs://bkt/d/a.csv", "gs://bkt/d/c.csv"}));
  for (const RecordedRequest& r : gcs.requests()) {
    EXPECT_EQ(r.headers.at("authorization"), "Bearer ya29.the-access-token") << r.path;
  }
  const Error e = error_of([&] { RemoteObject("gs://bkt/d/private.csv", o); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  mlops::testing::expect_no_secret(e, {"ya29.the-access-token"});
  EXPECT_NE(e.hint().find("GOOGLE_OAUTH_ACCESS_TOKEN"), std::string::npos) << e.hint();
}

// The tools' way in: open_table with the process environment.
class RemoteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [name, value] : s3_.vars()) ::setenv(name.c_str(), value.c_str(), 1);
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent", 1);
    ::setenv("AWS_CONFIG_FILE", "/nonexistent", 1);
  }
  void TearDown() override {
    for (const auto& [name, value] : s3_.vars()) ::unsetenv(name.c_str());
    ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    ::unsetenv("AWS_CONFIG_FILE");
  }
  FakeS3 s3_;
};

TEST_F(RemoteTableTest, CsvAndParquetObjectsReadAsTheLocalFiles) {
  s3_.put("w/seattle-weather.csv", test_data("seattle-weather.csv"));
  const std::string parquet = "parquet/duckdb/snappy.parquet";
  s3_.put("p/snappy.parquet", test_data(parquet));
  const Table csv = read_path("s3://bkt/w/seattle-weather.csv");
  const Table local_csv = read_path(data_path("seattle-weather.csv"));
  EXPECT_EQ(csv.columns, local_csv.columns);
  EXPECT_EQ(csv.rows, local_csv.rows);
  EXPECT_EQ(csv.lines, local_csv.lines);
  const Table pq = read_path("s3://bkt/p/snappy.parquet");
  const Table local_pq = read_path(data_path(parquet));
  EXPECT_EQ(pq.format, Format::kParquet);
  EXPECT_EQ(pq.columns, local_pq.columns);
  EXPECT_EQ(pq.rows, local_pq.rows);
  EXPECT_FALSE(pq.rows.empty());
}

TEST_F(RemoteTableTest, ParquetFooterIsFetchedOnceAndOnlyColumnChunksFollow) {
  const std::string bytes = test_data("parquet/duckdb/snappy.parquet");
  s3_.put("p/snappy.parquet", bytes);
  std::istringstream none;
  auto reader = open_table("s3://bkt/p/snappy.parquet", ReadOptions{}, none);
  Row row;
  while (reader->next(row)) {
  }
  const auto requests = s3_.server.requests();
  // The head (format sniffing), then at most the last MiB once: this file is smaller, so the
  // whole of it is in those two answers.
  ASSERT_GE(requests.size(), 2u);
  EXPECT_EQ(requests[0].headers.at("range"), "bytes=0-65535");
  if (bytes.size() > 65536) {
    EXPECT_EQ(
        requests[1].headers.at("range"),
        "bytes=" + std::to_string(bytes.size() - std::min<std::size_t>(bytes.size(), 1 << 20)) +
            "-" + std::to_string(bytes.size() - 1));
    EXPECT_EQ(requests.size(), 2u);
  } else {
    EXPECT_EQ(requests.size(), 1u);
  }
}

TEST_F(RemoteTableTest, AMissingObjectIsExit3ForEveryTool) {
  s3_.server.route("GET", "/bkt/nope.parquet",
                   CannedResponse{.status = 404,
                                  .body = s3_error("NoSuchKey", "No such key."),
                                  .content_type = "application/xml"});
  const Error e = error_of([&] { read_path("s3://bkt/nope.parquet"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("s3://bkt/nope.parquet"), std::string::npos) << e.message();
}

}  // namespace
}  // namespace mlops::io::testing
