#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <fstream>
#include <sstream>

#include "report/html.h"
#include "run_helpers.h"

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

}  // namespace
}  // namespace mlops::validate::testing
