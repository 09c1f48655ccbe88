#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <sstream>

#include "report/html.h"
#include "run_helpers.h"
#include "validate/column_state.h"
#include "validate/html.h"
#include "validate/validator.h"

// data-validate's report files: JUnit with one testcase per check, a self-contained HTML page.
namespace mlops::validate::testing {
namespace {

using ::testing::HasSubstr;

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

const char* kContract =
    "columns:\n"
    "  date: {type: date}\n"
    "  precipitation: {type: number, max: 30}\n"
    "  temp_max: {type: number}\n"
    "  temp_min: {type: number}\n"
    "  wind: {type: number}\n"
    "  weather: {type: category, allowed: [rain, sun, fog, drizzle, snow]}\n";

TEST(ReportsTest, JunitHasOneTestcasePerCheck) {
  std::string dir = ::testing::TempDir();
  std::string junit = dir + "dv.xml", json = dir + "dv.json";
  RunResult r =
      run({"check", data_path("seattle-weather.csv"), "--contract",
           temp_file("dv_reports.yaml", kContract), "--junit", junit, "--json", json, "-q"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.out, "");  // --quiet: no text report
  boost::property_tree::ptree doc;
  std::istringstream in(slurp(junit));
  boost::property_tree::read_xml(in, doc);
  const auto& suite = doc.get_child("testsuites.testsuite");
  int cases = 0, failures = 0;
  for (const auto& [tag, tc] : suite) {
    if (tag != "testcase") continue;
    ++cases;
    if (tc.count("failure")) {
      ++failures;
      EXPECT_EQ(tc.get<std::string>("<xmlattr>.name"), "precipitation.max");
      EXPECT_EQ(tc.get<std::string>("<xmlattr>.line"), "305");  // first precipitation > 30
    }
  }
  auto report = boost::json::parse(slurp(json));
  EXPECT_EQ(static_cast<std::size_t>(cases), report.at("checks").as_array().size());
  EXPECT_EQ(failures, 1);
}

TEST(ReportsTest, HtmlIsSelfContainedWithAChartPerColumn) {
  std::string html = ::testing::TempDir() + "dv.html";
  RunResult r = run({"check", data_path("seattle-weather.csv"), "--contract",
                     temp_file("dv_reports.yaml", kContract), "--html", html, "-q"});
  EXPECT_EQ(r.exit, 1);
  std::string page = slurp(html);
  EXPECT_THAT(page, ::testing::StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(page, HasSubstr("<code>precipitation.max</code>"));
  EXPECT_THAT(page, ::testing::Not(HasSubstr("<script")));
  EXPECT_THAT(page, ::testing::Not(HasSubstr("http://")));
  EXPECT_THAT(page, ::testing::Not(HasSubstr("https://")));
  std::size_t charts = 0;
  for (auto p = page.find("<svg viewBox="); p != std::string::npos;
       p = page.find("<svg viewBox=", p + 1)) {
    ++charts;
  }
  EXPECT_EQ(charts, 6u);
  // The verdict and each status keep their colour without the stylesheet (a strict CSP).
  EXPECT_THAT(page, ::testing::Not(HasSubstr(" style=")));
  EXPECT_THAT(page, HasSubstr("<h1>data-validate: " +
                              report::html::badge("FAIL", report::html::Tone::kBad) + "</h1>"));
  EXPECT_THAT(page, HasSubstr("<td class=\"fail\">" + report::html::mark(report::html::Tone::kBad) +
                              "fail</td>"));
  EXPECT_THAT(page, HasSubstr("<td class=\"pass\">" +
                              report::html::mark(report::html::Tone::kGood) + "pass</td>"));
  // The weather bars: rain (641) is the longest bar and comes first.
  EXPECT_LT(page.find(">rain<"), page.find(">sun<"));
  EXPECT_THAT(page, HasSubstr(">641</text>"));
}

// The HTML report on FAA birdstrikes (tests/data/README.md) against a contract it breaks twice
// (tests/data/config/birdstrikes-contract.yaml). Counts from Python's csv + collections.Counter.
std::string birdstrikes_page(const std::string& threads) {
  std::string html = ::testing::TempDir() + "birdstrikes-" + threads + ".html";
  RunResult r = run({"check", data_path("birdstrikes.csv"), "--contract",
                     data_path("config/birdstrikes-contract.yaml"), "--html", html, "-q",
                     "--threads", threads});
  EXPECT_EQ(r.exit, 1) << r.err;
  return slurp(html);
}

// The two failures were checks 10 and 53 of 55 in the table, without file:line or values.
TEST(ReportsTest, HtmlLeadsWithTheFailedChecksAndTheirValues) {
  const std::string page = birdstrikes_page("1");
  const std::size_t failed = page.find("<h2>Failed checks</h2>"), table = page.find("<h2>Checks");
  ASSERT_NE(failed, std::string::npos);
  EXPECT_LT(failed, table);
  EXPECT_THAT(page, HasSubstr("<p>2 of 55 checks failed.</p>"));
  const std::string data = data_path("birdstrikes.csv");
  // Damage: C 14 rows (first at line 301), B 1 row; speed > 300: 320 first at line 45.
  EXPECT_THAT(page, HasSubstr("<td><code>" + data + ":301</code></td><td><code>C</code></td>"));
  EXPECT_THAT(page, HasSubstr("<td><code>C</code></td><td class=n>14</td>"));
  EXPECT_THAT(page, HasSubstr("<td><code>B</code></td><td class=n>1</td>"));
  EXPECT_THAT(page, HasSubstr("<td><code>" + data + ":45</code></td><td><code>320</code></td>"));
  EXPECT_THAT(page, HasSubstr("<td><code>310</code></td><td class=n>5</td>"));
  // In the table every failed row comes before the first passed one.
  const std::size_t last_fail = page.rfind("<td class=\"fail\">");
  EXPECT_LT(last_fail, page.find("<td class=\"pass\">", table));
  EXPECT_GT(last_fail, table);
}

TEST(ReportsTest, HtmlBarsCountEveryValueWithoutClipping) {
  const std::string page = birdstrikes_page("1");
  // A string column: "no values" before; its most frequent value has 908 of 10,000 rows.
  EXPECT_THAT(page, HasSubstr("<title>DALLAS/FORT WORTH INTL ARPT: 908 rows</title>"));
  EXPECT_THAT(page, HasSubstr("6,213 more rows in other values"));  // 10,000 - the top ten
  // The allowed set's values and the two outside it: 8,939 + 549 + 311 + 186 + 14 + 1 = 10,000.
  for (const char* bar :
       {"None: 8,939 rows", "Minor: 549 rows", "Substantial: 311 rows", "Medium: 186 rows",
        "C (not allowed): 14 rows", "B (not allowed): 1 row"}) {
    EXPECT_THAT(page, HasSubstr(std::string("<title>") + bar + "</title>"));
  }
  EXPECT_THAT(page, HasSubstr(">8,939</text>"));  // the whole count, grouped
  EXPECT_EQ(page.find(">no values<"), std::string::npos);
}

// Errors, then warnings, then passes; offending values are escaped wherever they appear.
TEST(ReportsTest, HtmlOrdersWarningsAfterFailuresAndEscapesValues) {
  const std::string html = ::testing::TempDir() + "ordering.html";
  RunResult r = check_text(
      "columns:\n"
      "  a: {type: integer, max: {value: 5, severity: warning}}\n"
      "  b: {type: category, allowed: [x]}\n",
      "a,b\n1,x\n9,<i>&\n", {"--html", html});
  ASSERT_EQ(r.exit, 1) << r.err;
  const std::string page = slurp(html);
  EXPECT_THAT(page, HasSubstr("<p>1 of 7 checks failed, 1 more as a warning (warnings do not "
                              "fail the gate).</p>"));
  const std::size_t table = page.find("<h2>Checks");
  const std::size_t fail = page.find("<code>b.allowed</code>", table);
  const std::size_t warn = page.find("<code>a.max</code>", table);
  const std::size_t pass = page.find("<td class=\"pass\">", table);
  EXPECT_LT(table, fail);
  EXPECT_LT(fail, warn);
  EXPECT_LT(warn, pass);
  EXPECT_THAT(page, HasSubstr("<td><code>&lt;i&gt;&amp;</code></td><td class=n>1</td>"));
  EXPECT_THAT(page, HasSubstr("<title>&lt;i&gt;&amp; (not allowed): 1 row</title>"));
  EXPECT_EQ(page.find("<i>&"), std::string::npos);
}

// The page without its histograms, which are drawn from a sample that depends on the split.
std::string without_histograms(std::string page) {
  const std::string open = "<svg viewBox=\"0 0 240 80\"";
  for (std::size_t at = page.find(open); at != std::string::npos; at = page.find(open, at)) {
    page.erase(at, page.find("</svg>", at) + 6 - at);
  }
  return page;
}

// Shards merge their most frequent values: exact below the cap, whatever the split.
TEST(ReportsTest, HtmlIsTheSameWithShards) {
  const Contract c = load_contract(data_path("config/birdstrikes-contract.yaml"));
  auto page = [&](int threads, std::size_t* shards) {
    ValidateOptions o;
    o.files = {data_path("birdstrikes.csv")};
    o.threads = threads;
    o.min_shard_bytes = 64u << 10;  // the 1.2 MB file in up to `threads` pieces
    o.charts = true;
    o.as_of = 0;
    std::istringstream in;
    std::ostringstream err;
    const Result result = run_validation(c, o, in, err);
    *shards = result.files.front().shards;
    return to_html(c, result, build_outcome(c, result, false));
  };
  std::size_t one = 0, four = 0;
  const std::string whole = without_histograms(page(1, &one));
  const std::string split = without_histograms(page(4, &four));
  EXPECT_EQ(one, 1u);
  EXPECT_EQ(four, 4u);
  const auto differ = std::mismatch(whole.begin(), whole.end(), split.begin(), split.end());
  EXPECT_TRUE(whole == split) << "first difference at byte " << differ.first - whole.begin() << ": "
                              << std::string(differ.first, whole.end()).substr(0, 200);
}

// Misra-Gries: exact up to kMaxTracked distinct values; beyond, every count is low by at most
// `error`, itself at most n / (kMaxTracked + 1) for n values added.
TEST(TopValuesTest, ExactUpToTheCapThenBoundedBelow) {
  constexpr std::size_t k = TopValues::kMaxTracked;
  TopValues exact;
  for (std::size_t i = 0; i < k; ++i) exact.add("v" + std::to_string(i));
  exact.add("v0");
  EXPECT_EQ(exact.error, 0u);
  EXPECT_EQ(exact.counts.at("v0"), 2u);
  EXPECT_EQ(exact.counts.size(), k);

  // 600 x "heavy" spread among 5,000 distinct singletons: n = 5,600, so error <= 5.
  TopValues many;
  for (int i = 0; i < 5000; ++i) {
    many.add("s" + std::to_string(i));
    if (i % 8 == 0 && i / 8 < 600) many.add("heavy");
  }
  ASSERT_EQ(many.total, 5600u);
  EXPECT_LE(many.error, 5600u / (k + 1));
  EXPECT_GT(many.error, 0u);
  ASSERT_TRUE(many.counts.count("heavy"));
  EXPECT_LE(many.counts.at("heavy"), 600u);
  EXPECT_GE(many.counts.at("heavy") + many.error, 600u);
  EXPECT_EQ(most_frequent(many.counts, 1).front().first, "heavy");
}

TEST(TopValuesTest, MergeKeepsTheBound) {
  constexpr std::size_t k = TopValues::kMaxTracked;
  TopValues a, b;
  // Each side alone is exact (k distinct values, "x" among them); together 2k - 1 distinct.
  for (std::size_t i = 0; i + 1 < k; ++i) a.add("a" + std::to_string(i));
  for (std::size_t i = 0; i + 1 < k; ++i) b.add("b" + std::to_string(i));
  for (int i = 0; i < 10; ++i) {
    a.add("x");
    b.add("x");
  }
  a.merge(b);
  EXPECT_EQ(a.total, 2 * (k - 1) + 20);
  EXPECT_EQ(a.error, 1u);  // every count of 1 was lowered away; "x" (20) kept
  EXPECT_EQ(a.counts.size(), 1u);
  EXPECT_EQ(a.counts.at("x"), 19u);
  // Below the cap a merge adds counts exactly.
  TopValues c, d;
  c.add("p");
  d.add("p");
  d.add("q");
  c.merge(d);
  EXPECT_EQ(c.error, 0u);
  EXPECT_EQ(c.counts.at("p"), 2u);
  EXPECT_EQ(c.counts.at("q"), 1u);
}

}  // namespace
}  // namespace mlops::validate::testing
