#include "cli/option_groups.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"
#include "fake_io.h"

namespace mlops::cli {
namespace {

using ::testing::HasSubstr;

TEST(OptionGroupsTest, HttpOptionsReadTheirValuesAndNameTheServer) {
  net::Options http;
  po::options_description desc("t");
  add_http_options(desc, http, "each MLflow request", "MLflow's TLS certificate");
  parse({"--timeout", "2.5", "--retries", "0", "--insecure"}, desc);
  EXPECT_DOUBLE_EQ(http.timeout_seconds, 2.5);
  EXPECT_EQ(http.retries, 0);
  EXPECT_TRUE(http.insecure);
  std::ostringstream help;
  help << desc;
  EXPECT_THAT(help.str(), HasSubstr("deadline of each MLflow request, retries included"));
  EXPECT_THAT(help.str(), HasSubstr("do not verify MLflow's TLS certificate"));
}

TEST(OptionGroupsTest, ThreadsKeepTheirDefaultAndAreBounded) {
  int threads = default_threads();
  EXPECT_GE(threads, 1);
  EXPECT_LE(threads, 8);
  po::options_description desc("t");
  add_threads_option(desc, threads, "large plain CSV files", "the number of cores, at most 8");
  parse({}, desc);
  EXPECT_EQ(threads, default_threads());
  parse({"--threads", "3"}, desc);
  EXPECT_EQ(threads, 3);
  std::ostringstream help;
  help << desc;
  EXPECT_THAT(help.str(), HasSubstr("threads for large plain CSV files (default the number"));
  check_threads(1);
  check_threads(256);
  for (int bad : {0, -1, 257}) {
    try {
      check_threads(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_THAT(e.what(), HasSubstr("--threads must be 1 to 256, not " + std::to_string(bad)));
    }
  }
}

TEST(OptionGroupsTest, HttpDefaultsAreNetsWhenNotGiven) {
  net::Options http;
  po::options_description desc("t");
  add_http_options(desc, http, "x", "y");
  parse({}, desc);
  EXPECT_DOUBLE_EQ(http.timeout_seconds, net::Options{}.timeout_seconds);
  EXPECT_EQ(http.retries, net::Options{}.retries);
  EXPECT_FALSE(http.insecure);
}

TEST(OptionGroupsTest, PushJobDefaultsToTheToolAndLabelsAreChecked) {
  PushOptions push;
  po::options_description desc("t");
  add_push_options(desc, push, "drift-check");
  parse({"--label", "team=ml", "--label", "env=prod"}, desc);
  EXPECT_EQ(push.job, "drift-check");
  static constexpr std::string_view kTaken[] = {"column"};
  auto labels = push_labels(push, kTaken);
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].first, "team");
  EXPECT_EQ(labels[1].second, "prod");

  PushOptions taken;
  po::options_description desc2("t");
  add_push_options(desc2, taken, "drift-check");
  parse({"--label", "column=x", "--job", "nightly"}, desc2);
  EXPECT_EQ(taken.job, "nightly");
  EXPECT_THROW(push_labels(taken, kTaken), Error);
}

TEST(OptionGroupsTest, NoPushWithoutAPushgateway) {
  testing::FakeIo fake;
  PushOptions push;  // no --pushgateway: nothing is sent, nothing throws
  EXPECT_NO_THROW(push_if_asked(push, "m 1\n", net::Options{}, fake.io));
}

}  // namespace
}  // namespace mlops::cli
