#include "drift/html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "report/html.h"

namespace mlops::drift {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kHostile = "<script>alert(1)</script>";
constexpr const char* kLongLabel = "Zürich-Hauptbahnhof-Nord-Ausgang";  // 32 code points
// The coloured marks before verdict words (tested in tests/report/html_test.cpp).
const std::string kBad = report::html::mark(report::html::Tone::kBad);
const std::string kGood = report::html::mark(report::html::Tone::kGood);
const std::string kWarn = report::html::mark(report::html::Tone::kWarn);

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Each figure's <svg ...>...</svg> of the page, in order (not the verdict badge or marks).
std::vector<std::string> svgs(const std::string& html) {
  std::vector<std::string> out;
  for (auto at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    auto end = html.find("</svg>", at);
    if (end == std::string::npos) break;
    std::string svg = html.substr(at, end + 6 - at);
    if (svg.starts_with("<svg class=\"o\"") || svg.starts_with("<svg class=\"p\"")) {
      out.push_back(svg);
    }
  }
  return out;
}

// The <g class="cls">...</g> of an SVG.
std::string group(const std::string& svg, const std::string& cls) {
  auto at = svg.find("<g class=\"" + cls + "\"");
  if (at == std::string::npos) return "";
  return svg.substr(at, svg.find("</g>", at) + 4 - at);
}

// The <figure> with id "c<index>".
std::string figure(const std::string& html, std::size_t index) {
  auto at = html.find("<figure id=\"c" + std::to_string(index) + "\"");
  if (at == std::string::npos) return "";
  return html.substr(at, html.find("</figure>", at) + 9 - at);
}

ColumnResult numeric_column() {
  ColumnResult c;
  c.column = "age";
  c.type = "integer";
  c.method = Method::kKs;
  c.statistic = 0.21;
  c.p_value = 0.0012;
  c.threshold = 0.05;
  c.drift = true;
  c.why = "n_ref 500 <= 1000";
  c.histogram.edges = {0, 10, 20, 30, 40, 50, 60};  // 6 bins
  c.histogram.reference = {0.1, 0.2, 0.4, 0.2, 0.1, 0.0};
  c.histogram.current = {0.0, 0.1, 0.2, 0.5, 0.1, 0.1};
  return c;
}

ColumnResult categorical_column() {
  ColumnResult c;
  c.column = "city";
  c.kind = Kind::kCategorical;
  c.type = "string";
  c.method = Method::kChiSquare;
  c.statistic = 1.5;
  c.p_value = 0.41;
  c.threshold = 0.05;
  c.histogram.labels = {kHostile, "a&b\"c", kLongLabel, "paris"};
  c.histogram.reference = {0.25, 0.25, 0.25, 0.25};
  c.histogram.current = {0.2, 0.3, 0.2, 0.3};
  return c;
}

ColumnResult error_column() {
  ColumnResult c;
  c.column = "income";
  c.error = "missing from the current data";
  c.drift = true;
  return c;
}

DatasetResult sample() {
  DatasetResult r;
  r.reference = "data/<ref>.csv";
  r.current = "cur&new.csv";
  r.reference_rows = 1234567;
  r.current_rows = 900;
  r.columns = {numeric_column(), categorical_column(), error_column()};
  r.notes = {"column 'ts' ignored (<date> values; give it a type to compare it)"};
  r.share = 2.0 / 3;
  r.drift_share = 0.5;
  r.drift = true;
  return r;
}

TEST(DriftHtmlTest, OneSvgPerColumnWithAHistogram) {
  std::string html = to_html(sample());
  EXPECT_THAT(html, ::testing::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  EXPECT_EQ(svgs(html).size(), 2u);
  EXPECT_EQ(occurrences(html, "<svg"), occurrences(html, "</svg>"));
  EXPECT_EQ(occurrences(html, "<figure"), 3u);
  EXPECT_EQ(svgs(figure(html, 0)).size(), 1u);
  EXPECT_EQ(svgs(figure(html, 1)).size(), 1u);
  EXPECT_EQ(svgs(figure(html, 2)).size(), 0u);
}

TEST(DriftHtmlTest, HostileTextIsEscapedAndThereAreNoScriptsOrUrls) {
  std::string html = to_html(sample());
  std::string lower = html;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  for (const char* banned : {"<script", "http://", "https://", "<link", " src=", "url(", "@import",
                             "javascript:", "<img", "<iframe", "<object"}) {
    EXPECT_THAT(lower, Not(HasSubstr(banned))) << banned;
  }
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("a&amp;b&quot;c"));
  EXPECT_THAT(html, Not(HasSubstr("a&b")));
  EXPECT_THAT(html, HasSubstr("<li>column &apos;ts&apos; ignored (&lt;date&gt; values;"));
}

TEST(DriftHtmlTest, FileNamesAreEscaped) {
  std::string html = to_html(sample());
  EXPECT_THAT(html, HasSubstr("<code>data/&lt;ref&gt;.csv</code> &middot; 1,234,567 rows"));
  EXPECT_THAT(html, HasSubstr("<code>cur&amp;new.csv</code> &middot; 900 rows"));
  EXPECT_THAT(html, HasSubstr("<title>drift-check: DRIFT, cur&amp;new.csv against "
                              "data/&lt;ref&gt;.csv</title>"));
  EXPECT_THAT(html, Not(HasSubstr("<ref>")));
}

TEST(DriftHtmlTest, VerdictFollowsTheResult) {
  DatasetResult r = sample();
  std::string html = to_html(r);
  EXPECT_THAT(html, HasSubstr("<h1>drift-check: " +
                              report::html::badge("DRIFT", report::html::Tone::kBad) + "</h1>"));
  EXPECT_THAT(html, HasSubstr("<b>2 of 3 columns drifted</b>: weighted share 0.667 &ge; drift "
                              "share 0.5."));
  EXPECT_THAT(html, HasSubstr("Columns that could not be compared count as drifted."));
  EXPECT_THAT(html, HasSubstr("<dt>preset</dt><dd>calibrated</dd>"));

  r.drift = false;
  r.share = 1.0 / 3;
  r.drift_share = 0.75;
  r.preset = Preset::kEvidently;
  html = to_html(r);
  EXPECT_THAT(html,
              HasSubstr("<h1>drift-check: " +
                        report::html::badge("NO DRIFT", report::html::Tone::kGood) + "</h1>"));
  EXPECT_THAT(html, HasSubstr("weighted share 0.333 &lt; drift share 0.75."));
  EXPECT_THAT(html, HasSubstr("<dd>evidently</dd>"));
  EXPECT_THAT(html, Not(HasSubstr(">DRIFT<")));
}

TEST(DriftHtmlTest, BarsMatchTheHistogramSizes) {
  std::vector<std::string> figures = svgs(to_html(sample()));
  ASSERT_EQ(figures.size(), 2u);
  // Numeric: a group of rects per input with one rect per bin, overlaid, plus two legend
  // swatches.
  EXPECT_EQ(occurrences(figures[0], "<rect"), 2 * 6 + 2u);
  std::string reference = group(figures[0], "r"), current = group(figures[0], "c");
  EXPECT_EQ(occurrences(reference, "<rect"), 6u);
  EXPECT_EQ(occurrences(current, "<rect"), 6u);
  EXPECT_THAT(figures[0], HasSubstr("class=\"o\""));  // overlaid: semi-transparent bars
  // x labels at the first, middle and last edges; y ticks up to the largest share (0.5).
  EXPECT_THAT(figures[0], HasSubstr("text-anchor=\"start\">0</text>"));
  EXPECT_THAT(figures[0], HasSubstr("text-anchor=\"middle\">30</text>"));
  EXPECT_THAT(figures[0], HasSubstr("text-anchor=\"end\">60</text>"));
  EXPECT_THAT(figures[0], HasSubstr(">50%</text>"));
  // The current's 0.5 bin reaches the top of the plot (y 28 to 150); the empty bin is flat.
  EXPECT_THAT(current, HasSubstr("<rect x=\"197\" y=\"28\" width=\"51\" height=\"122\"/>"));
  EXPECT_THAT(reference, HasSubstr("<rect x=\"197\" y=\"101.2\" width=\"51\" height=\"48.8\"/>"));
  EXPECT_THAT(reference, HasSubstr("<rect x=\"299\" y=\"150\" width=\"51\" height=\"0\"/>"));
  // Categorical: one pair of bars and one tooltip per label, plus two legend swatches.
  EXPECT_EQ(occurrences(figures[1], "<rect"), 2 * 4 + 2u);
  EXPECT_EQ(occurrences(figures[1], "<title>"), 4u);
  EXPECT_EQ(occurrences(figures[1], "<g>"), 4u);
}

// Jenkins' default Content-Security-Policy blocks the <style> and style="" attributes: the
// colours that say which input is which, and the verdicts', are presentation attributes.
TEST(DriftHtmlTest, ColoursHoldWithoutTheStylesheet) {
  std::string html = to_html(sample());
  EXPECT_THAT(html, Not(HasSubstr(" style=")));
  std::vector<std::string> figures = svgs(html);
  ASSERT_EQ(figures.size(), 2u);
  // Overlaid histograms: translucent fills with an outline, the legend's swatches alike.
  EXPECT_THAT(group(figures[0], "r"),
              ::testing::StartsWith(
                  "<g class=\"r\" fill=\"#2f6fb0\" fill-opacity=\".45\" stroke=\"#2f6fb0\">"));
  EXPECT_THAT(group(figures[0], "c"),
              ::testing::StartsWith(
                  "<g class=\"c\" fill=\"#e8710a\" fill-opacity=\".45\" stroke=\"#e8710a\">"));
  EXPECT_THAT(figures[0], HasSubstr("<rect class=\"r\" fill=\"#2f6fb0\" fill-opacity=\".45\" "
                                    "stroke=\"#2f6fb0\" x=\"44\" y=\"6\""));
  // Bars side by side: solid, every one.
  EXPECT_EQ(occurrences(figures[1], "<rect class=\"r\" fill=\"#2f6fb0\" x="), 4u + 1);
  EXPECT_EQ(occurrences(figures[1], "<rect class=\"c\" fill=\"#e8710a\" x="), 4u + 1);
  // Axes are lines, not black filled shapes; labels small and muted.
  for (const std::string& f : figures) {
    EXPECT_THAT(f, HasSubstr("<path class=\"ax\" fill=\"none\" stroke=\"#d1d9e0\" d="));
    EXPECT_THAT(f, HasSubstr("font-size=\"10\" fill=\"#59636e\">"));
  }
  // Every verdict word comes after a mark of its colour.
  EXPECT_EQ(occurrences(html, "<span class=\"bad\">" + kBad),
            occurrences(html, "<span class=\"bad\">"));
  EXPECT_EQ(occurrences(html, "<span class=\"good\">" + kGood),
            occurrences(html, "<span class=\"good\">"));
  EXPECT_THAT(html, HasSubstr("<b class=\"good\">" + kGood + "schema"));
}

TEST(DriftHtmlTest, LongLabelsAreShortenedWithTheFullTextInTheTooltip) {
  std::string bars = svgs(to_html(sample()))[1];
  // 19 code points and an ellipsis; the ü is two bytes and must not be split.
  EXPECT_THAT(bars, HasSubstr(">Zürich-Hauptbahnhof\u2026</text>"));
  EXPECT_THAT(bars, HasSubstr("<title>Zürich-Hauptbahnhof-Nord-Ausgang: reference 25%, "
                              "current 20%</title>"));
  EXPECT_THAT(bars, HasSubstr(">paris</text>"));
}

TEST(DriftHtmlTest, TableShowsEachColumn) {
  std::string html = to_html(sample());
  EXPECT_THAT(
      html,
      HasSubstr("<td><a href=\"#c0\"><code>age</code></a></td><td>feature</td>"
                "<td class=\"k\">numeric (integer)</td><td class=\"m\">ks<div class=\"why\">n_ref "
                "500 &lt;= 1000</div></td><td class=\"n\">0.21</td>"
                "<td class=\"n\">0.0012</td><td class=\"n\">0.05</td>"
                "<td class=\"n\">0% -&gt; 0%</td>"
                "<td><span class=\"bad\">" +
                kBad + "drifted</span></td><td></td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"m\">chisquare</td>"));
  EXPECT_THAT(html, HasSubstr("<span class=\"good\">" + kGood + "ok</span>"));
  EXPECT_THAT(html, Not(HasSubstr("<th>weight</th>")));  // every weight is 1
}

TEST(DriftHtmlTest, ErrorColumnGetsALineOfTextInsteadOfAFigure) {
  std::string f = figure(to_html(sample()), 2);
  EXPECT_THAT(f, HasSubstr("<b>income</b>"));
  EXPECT_THAT(
      f, HasSubstr("<span class=\"bad\">" + kBad + "error: missing from the current data</span>"));
  EXPECT_THAT(f, HasSubstr("Not compared"));
  EXPECT_THAT(f, Not(HasSubstr("statistic")));
}

TEST(DriftHtmlTest, MismatchedOrEmptyHistogramIsNotDrawn) {
  DatasetResult r = sample();
  r.columns[0].histogram.edges.pop_back();  // 5 edges for 6 shares
  r.columns[1].histogram.current.pop_back();
  ColumnResult empty = numeric_column();
  empty.histogram = {};
  r.columns.push_back(empty);
  std::string html = to_html(r);
  EXPECT_EQ(svgs(html).size(), 0u);
  EXPECT_EQ(occurrences(html, "No histogram to draw."), 3u);
}

TEST(DriftHtmlTest, SketchNoticeOnlyWhenRanksAreApproximate) {
  DatasetResult r = sample();
  EXPECT_THAT(to_html(r), Not(HasSubstr("quantile sketches")));
  r.current_rank_error = 0.0007;
  r.columns[0].error_bound = 0.0031;
  r.columns[0].uncertain = true;
  std::string html = to_html(r);
  EXPECT_THAT(html, HasSubstr("normalised rank error is at most 0.07% (current) with 99% "
                              "confidence"));
  EXPECT_THAT(html, Not(HasSubstr("(reference)")));
  EXPECT_THAT(html, HasSubstr("&plusmn;0.0031 <span class=\"warn\">" + kWarn + "uncertain</span>"));
  r.reference_rank_error = 0.012;
  EXPECT_THAT(to_html(r), HasSubstr("at most 1.2% (reference) and 0.07% (current)"));
}

TEST(DriftHtmlTest, WeightsShownOnlyWhenSomeDiffer) {
  DatasetResult r = sample();
  r.columns[1].weight = 2.5;
  std::string html = to_html(r);
  EXPECT_THAT(html, HasSubstr("<th>weight</th>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">2.5</td>"));
}

TEST(DriftHtmlTest, EffectSizeShownWhenATestHasOne) {
  DatasetResult r = sample();
  EXPECT_THAT(to_html(r), Not(HasSubstr("effect")));
  r.columns[0].effect = 0.031;  // significant, but too small a change to count
  r.columns[0].min_effect = 0.1;
  r.columns[0].drift = false;
  std::string html = to_html(r);
  EXPECT_THAT(html, HasSubstr("<th>effect (minimum)</th>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"n\">0.031 &lt; 0.1</td>"));
  EXPECT_THAT(figure(html, 0), HasSubstr("p-value 0.0012 &middot; effect 0.031</span> "
                                         "<span class=\"good\">" +
                                         kGood + "ok</span>"));
}

TEST(DriftHtmlTest, FiftyWideColumnsStayWellUnderAMegabyte) {
  DatasetResult r;
  r.reference = "reference.parquet";
  r.current = "current.parquet";
  for (int i = 0; i < 50; ++i) {
    ColumnResult c = numeric_column();
    c.column = "feature_" + std::to_string(i);
    c.histogram = {};
    for (int b = 0; b <= 60; ++b) c.histogram.edges.push_back(b * 1.37);  // the 60-bin maximum
    c.histogram.reference.assign(60, 1.0 / 60);
    c.histogram.current.assign(60, 1.0 / 61);
    r.columns.push_back(c);
  }
  std::string html = to_html(r);
  std::vector<std::string> figures = svgs(html);
  ASSERT_EQ(figures.size(), 50u);
  for (const std::string& f : figures) EXPECT_EQ(occurrences(f, "<rect"), 2 * 60 + 2u);
  EXPECT_LT(html.size(), 512u * 1024);
}

// What failed comes first, as in data-validate's page: the column that could not be compared
// (income, third in the input), then the drifted one (age), then the rest (city), in the
// table and among the figures; each keeps its anchor (#c<input index>).
TEST(DriftHtmlTest, ColumnsThatFailedComeFirst) {
  std::string html = to_html(sample());
  const std::size_t table = html.find("<table>"), figures = html.find("<h2>Distributions");
  ASSERT_NE(table, std::string::npos);
  ASSERT_NE(figures, std::string::npos);
  const std::size_t income = html.find("<code>income</code>", table);
  const std::size_t age = html.find("<code>age</code>", table);
  const std::size_t city = html.find("<code>city</code>", table);
  EXPECT_LT(income, age);
  EXPECT_LT(age, city);
  EXPECT_LT(city, figures);
  EXPECT_THAT(html, HasSubstr("<a href=\"#c2\"><code>income</code></a>"));
  const std::size_t f2 = html.find("<figure id=\"c2\"", figures);
  const std::size_t f0 = html.find("<figure id=\"c0\"", figures);
  const std::size_t f1 = html.find("<figure id=\"c1\"", figures);
  EXPECT_LT(f2, f0);
  EXPECT_LT(f0, f1);
}

// The data-quality cell: the check's summary, a warning when it failed under `quality: warn`
// and bad under `quality: error`.
TEST(DriftHtmlTest, QualityCellShowsTheCheck) {
  DatasetResult r = sample();
  QualityCheck q;
  q.name = "new categories";
  q.count = 4;
  q.values = 62;
  q.share = 4.0 / 62;
  q.p_value = 0;
  q.failed = true;
  q.detail = "\"fog\" 4";
  r.columns[1].quality = q;
  const std::string why =
      "<div class=\"why\">4 of 62, expected 0%, p = 0; &quot;fog&quot; 4</div></td>";
  EXPECT_THAT(to_html(r), HasSubstr("<td><span class=\"warn\">" + kWarn +
                                    "new categories 6.45%, failed</span>" + why));
  r.quality_policy = SchemaPolicy::kError;
  EXPECT_THAT(to_html(r), HasSubstr("<td><span class=\"bad\">" + kBad +
                                    "new categories 6.45%, failed</span>" + why));
  r.quality_policy = SchemaPolicy::kIgnore;
  EXPECT_THAT(to_html(r), HasSubstr("<td>new categories 6.45%, failed" + why));
}

}  // namespace
}  // namespace mlops::drift
