#include "report/junit.h"

#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "sample_report.h"

namespace mlops::report {
namespace {

namespace pt = boost::property_tree;

// Parses the XML with a real parser and checks the structure Jenkins' junit step reads.
TEST(JunitTest, StructureMatchesTheJunitSchemaJenkinsReads) {
  std::ostringstream out;
  write_junit(testing::sample_report(), out);
  std::istringstream in(out.str());
  pt::ptree doc;
  ASSERT_NO_THROW(pt::read_xml(in, doc));

  const pt::ptree& suites = doc.get_child("testsuites");
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.name"), "data-validate");
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.tests"), "5");
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.failures"), "1");
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.errors"), "1");
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.skipped"), "1");
  EXPECT_EQ(suites.get<std::string>("<xmlattr>.time"), "1.250");

  const pt::ptree& suite = suites.get_child("testsuite");
  EXPECT_EQ(suite.get<std::string>("<xmlattr>.name"),
            "data-validate: data.csv against contract.yaml");
  std::vector<std::string> names, kinds;
  for (const auto& [tag, tc] : suite) {
    if (tag != "testcase") continue;
    names.push_back(tc.get<std::string>("<xmlattr>.name"));
    std::string kind = "pass";
    for (const auto& [child, node] : tc) {
      if (child != "<xmlattr>") kind = child;
    }
    kinds.push_back(kind);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"age.type", "age.max", "city.nulls", "freshness",
                                             "id.unique"}));
  EXPECT_EQ(kinds, (std::vector<std::string>{"pass", "failure", "system-out", "skipped", "error"}));
  const pt::ptree* failed = nullptr;
  for (const auto& [tag, tc] : suite) {
    if (tag == "testcase" && tc.get<std::string>("<xmlattr>.name") == "age.max") failed = &tc;
  }
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->get<std::string>("<xmlattr>.classname"), "data-validate.age");
  EXPECT_EQ(failed->get<std::string>("<xmlattr>.file"), "data.csv");
  EXPECT_EQ(failed->get<std::string>("<xmlattr>.line"), "17");
  // Escaped on the way out, restored by the parser.
  EXPECT_EQ(failed->get<std::string>("failure.<xmlattr>.message"),
            "3 values > 120, e.g. 150 & <200>");
}

TEST(JunitTest, ControlCharactersAreReplacedSoTheXmlStaysValid) {
  EXPECT_EQ(xml_escape("a\x01"
                       "b\tc"),
            "a\xEF\xBF\xBD"
            "b\tc");
  EXPECT_EQ(xml_escape("<&'\">"), "&lt;&amp;&apos;&quot;&gt;");
}

TEST(JunitTest, EmptyReportIsStillValid) {
  Report r;
  r.tool = "metric-gate";
  std::ostringstream out;
  write_junit(r, out);
  std::istringstream in(out.str());
  pt::ptree doc;
  ASSERT_NO_THROW(pt::read_xml(in, doc));
  EXPECT_EQ(doc.get<std::string>("testsuites.<xmlattr>.tests"), "0");
}

// A run that ended in an error (exit 2 or 3) still leaves a report a JUnit view can show.
TEST(JunitTest, ErroredRunIsOneErroredTestcaseCarryingTheMessage) {
  struct Case {
    ExitCode code;
    const char* name;
    const char* type;
  };
  for (const Case& c : {Case{ExitCode::kUsage, "usage error", "usage"},
                        Case{ExitCode::kCannotEvaluate, "could not evaluate", "input"}}) {
    std::ostringstream out;
    write_junit_error("drift-check", c.code, "cannot open <a&b>.csv, check the path", out);
    std::istringstream in(out.str());
    pt::ptree doc;
    ASSERT_NO_THROW(pt::read_xml(in, doc)) << out.str();
    const pt::ptree& suites = doc.get_child("testsuites");
    EXPECT_EQ(suites.get<std::string>("<xmlattr>.name"), "drift-check");
    const pt::ptree& suite = suites.get_child("testsuite");
    EXPECT_EQ(suite.get<std::string>("<xmlattr>.name"), std::string("drift-check: ") + c.name);
    for (const pt::ptree* node : {&suites, &suite}) {
      EXPECT_EQ(node->get<std::string>("<xmlattr>.tests"), "1");
      EXPECT_EQ(node->get<std::string>("<xmlattr>.errors"), "1");
      EXPECT_EQ(node->get<std::string>("<xmlattr>.failures"), "0");
      EXPECT_EQ(node->get<std::string>("<xmlattr>.skipped"), "0");
    }
    EXPECT_EQ(suite.count("testcase"), 1u);
    const pt::ptree& tc = suite.get_child("testcase");
    EXPECT_EQ(tc.get<std::string>("<xmlattr>.classname"), "drift-check");
    EXPECT_EQ(tc.get<std::string>("<xmlattr>.name"), c.name);
    EXPECT_EQ(tc.get<std::string>("error.<xmlattr>.type"), c.type);
    EXPECT_EQ(tc.get<std::string>("error.<xmlattr>.message"),
              "cannot open <a&b>.csv, check the path");
    EXPECT_EQ(tc.get<std::string>("error"), "cannot open <a&b>.csv, check the path");
  }
}

// Checks that could not be evaluated inside a finished run keep their type.
TEST(JunitTest, ErroredCheckOfAFinishedRunKeepsTypeError) {
  std::ostringstream out;
  write_junit(testing::sample_report(), out);
  EXPECT_NE(out.str().find("type=\"error\">"), std::string::npos);
  EXPECT_EQ(out.str().find("type=\"input\""), std::string::npos);
}

}  // namespace
}  // namespace mlops::report
