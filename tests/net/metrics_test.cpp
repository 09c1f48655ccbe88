#include "net/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/error_of.h"
#include "core/exit_code.h"
#include "support/fake_http_server.h"

namespace {

using mlops::net::Exposition;
using mlops::net::MetricLabels;
using mlops::net::parse_metric_labels;
using mlops::testing::error_of;

constexpr std::string_view kTaken[] = {"column", "method"};

TEST(MetricLabelsTest, ParsesNameValuePairsKeepingOrderAndEqualsInValues) {
  MetricLabels labels = parse_metric_labels({"dataset=orders", "env=a=b", "empty="}, kTaken);
  ASSERT_EQ(labels.size(), 3u);
  EXPECT_EQ(labels[0], (std::pair<std::string, std::string>{"dataset", "orders"}));
  EXPECT_EQ(labels[1], (std::pair<std::string, std::string>{"env", "a=b"}));
  EXPECT_EQ(labels[2], (std::pair<std::string, std::string>{"empty", ""}));
}

TEST(MetricLabelsTest, RefusesNamesPrometheusWouldRefuseOrTheToolSets) {
  for (const char* bad : {"noequals", "=v", "1abc=v", "__name__=v", "a-b=v", "a b=v", "column=x"}) {
    auto e = error_of([&] { parse_metric_labels({bad}, kTaken); });
    EXPECT_EQ(e.code(), mlops::ExitCode::kUsage) << bad;
    EXPECT_NE(e.message().find(bad), std::string::npos) << e.message();
  }
  auto e = error_of([&] { parse_metric_labels({"method=x"}, kTaken); });
  EXPECT_NE(e.message().find("'column', 'method' are taken"), std::string::npos) << e.message();
}

TEST(ExpositionTest, GaugeFamiliesWithCommonLabelsFirstAndEscapedValues) {
  Exposition out(MetricLabels{{"dataset", "a\"b\\c\nd"}});
  out.family("m_total", "Help text.");
  out.sample("m_total", {{"column", "x"}}, 1);
  out.sample("m_total", {}, 0.1);
  EXPECT_EQ(out.text(),
            "# HELP m_total Help text.\n"
            "# TYPE m_total gauge\n"
            "m_total{dataset=\"a\\\"b\\\\c\\nd\",column=\"x\"} 1\n"
            "m_total{dataset=\"a\\\"b\\\\c\\nd\"} 0.10000000000000001\n");
}

TEST(ExpositionTest, NoLabelsNoBracesAndNonFiniteValuesAsPrometheusSpellsThem) {
  Exposition out;
  out.sample("a", {}, std::numeric_limits<double>::quiet_NaN());
  out.sample("b", {}, std::numeric_limits<double>::infinity());
  out.sample("c", {}, -std::numeric_limits<double>::infinity());
  out.sample("d", {}, 12345678.5);
  EXPECT_EQ(out.text(), "a NaN\nb +Inf\nc -Inf\nd 12345678.5\n");
}

TEST(PushMetricsTest, PutsTheBodyToTheJobGroupWithTheToken) {
  mlops::testing::FakeHttpServer server;
  server.route("PUT", "/metrics/job/canary%20eval", {.status = 200, .content_type = "text/plain"});
  mlops::net::push_metrics(server.url() + "/", "canary eval", "m 1\n", {}, "s3cret");
  ASSERT_EQ(server.requests().size(), 1u);
  auto r = server.requests()[0];
  EXPECT_EQ(r.body, "m 1\n");
  EXPECT_EQ(r.headers["authorization"], "Bearer s3cret");
  EXPECT_EQ(r.headers["content-type"], "text/plain; version=0.0.4");
}

TEST(PushMetricsTest, ARefusalIsCannotEvaluateWithTheAnswerAndNoToken) {
  mlops::testing::FakeHttpServer server;
  server.route("PUT", "/metrics/job/j",
               {.status = 400,
                .body = "text format parsing error in line 1\n",
                .content_type = "text/plain"});
  auto e = error_of([&] {
    mlops::net::Options http;
    http.retries = 0;
    mlops::net::push_metrics(server.url(), "j", "bad", http, "s3cret");
  });
  EXPECT_EQ(e.code(), mlops::ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("answered 400: text format parsing error in line 1"),
            std::string::npos)
      << e.message();
  EXPECT_EQ(e.message().find("s3cret"), std::string::npos);
}

TEST(PushMetricsTest, AJobNameWithASlashIsAUsageError) {
  for (const char* job : {"", "a/b"}) {
    auto e = error_of([&] { mlops::net::push_metrics("http://127.0.0.1:9", job, "", {}, ""); });
    EXPECT_EQ(e.code(), mlops::ExitCode::kUsage) << job;
  }
}

}  // namespace
