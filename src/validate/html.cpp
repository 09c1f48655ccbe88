#include "validate/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "report/html.h"
#include "report/junit.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

using report::xml_escape;

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string histogram(const ColumnSpec& spec, const ColumnState& st) {
  std::vector<double> v = st.chart.values();
  if (v.empty()) return "<p class=muted>no values</p>";
  auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
  double lo = *lo_it, hi = *hi_it;
  constexpr int kBins = 24;
  std::vector<std::size_t> bins(kBins, 0);
  for (double x : v) {
    int b = hi > lo ? static_cast<int>((x - lo) / (hi - lo) * kBins) : 0;
    ++bins[static_cast<std::size_t>(std::clamp(b, 0, kBins - 1))];
  }
  std::size_t top = *std::max_element(bins.begin(), bins.end());
  std::string svg = "<svg viewBox=\"0 0 240 80\" width=\"240\" height=\"80\" role=\"img\">";
  for (int b = 0; b < kBins; ++b) {
    double h =
        64.0 * static_cast<double>(bins[static_cast<std::size_t>(b)]) / static_cast<double>(top);
    svg += "<rect x=\"" + fixed(b * 10.0, 0) + "\" y=\"" + fixed(66 - h, 1) +
           "\" width=\"9\" height=\"" + fixed(h, 1) + "\" fill=\"#4c78a8\"/>";
  }
  svg += "<text x=\"0\" y=\"78\" font-size=\"9\">" + xml_escape(format_typed(spec.type, lo)) +
         "</text><text x=\"240\" y=\"78\" font-size=\"9\" text-anchor=\"end\">" +
         xml_escape(format_typed(spec.type, hi)) + "</text></svg>";
  if (!st.chart.exact())
    svg += "<p class=muted>sample of " + std::to_string(v.size()) + " values</p>";
  return svg;
}

std::string bars(const ColumnSpec& spec, const ColumnState& st) {
  std::vector<std::pair<std::uint64_t, std::string>> items;
  for (const auto& [value, n] : st.top.counts) items.emplace_back(n, value);
  for (std::size_t i = 0; i < st.allowed_counts.size(); ++i) {
    items.emplace_back(st.allowed_counts[i], spec.allowed->values[i]);
  }
  std::sort(items.rbegin(), items.rend());
  if (items.size() > 8) items.resize(8);
  if (items.empty()) return "<p class=muted>no values</p>";
  double top = static_cast<double>(items.front().first);
  std::string svg = "<svg viewBox=\"0 0 240 " + std::to_string(items.size() * 12) +
                    "\" width=\"240\" height=\"" + std::to_string(items.size() * 12) +
                    "\" role=\"img\">";
  for (std::size_t i = 0; i < items.size(); ++i) {
    double w = 140.0 * static_cast<double>(items[i].first) / top;
    std::string y = std::to_string(i * 12);
    svg += "<text x=\"0\" y=\"" + std::to_string(i * 12 + 9) + "\" font-size=\"9\">" +
           xml_escape(items[i].second.substr(0, 16)) + "</text><rect x=\"90\" y=\"" + y +
           "\" width=\"" + fixed(w, 1) + "\" height=\"10\" fill=\"#f58518\"/><text x=\"" +
           fixed(92 + w, 1) + "\" y=\"" + std::to_string(i * 12 + 9) + "\" font-size=\"9\">" +
           std::to_string(items[i].first) + "</text>";
  }
  return svg + "</svg>";
}

// The verdict as the badge shows it: PASS, FAIL, CANNOT-EVALUATE.
std::string upper_ascii(std::string s) {
  for (char& c : s) c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}

// A check's status after a mark of its colour, which holds where a Content-Security-Policy
// blocks the stylesheet; skipped checks have no colour to keep.
std::string status_html(report::Status status) {
  using report::html::Tone;
  std::string word(report::to_string(status));
  switch (status) {
    case report::Status::kPass:
      return report::html::mark(Tone::kGood) + word;
    case report::Status::kWarn:
      return report::html::mark(Tone::kWarn) + word;
    case report::Status::kFail:
    case report::Status::kError:
      return report::html::mark(Tone::kBad) + word;
    case report::Status::kSkip:
      break;
  }
  return word;
}

}  // namespace

std::string to_html(const Contract& contract, const Result& result, const Outcome& outcome) {
  const report::Report& r = outcome.report;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>data-validate: " +
      xml_escape(r.verdict()) +
      "</title><style>"
      "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
      "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}"
      ".pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}.warning{color:#9a6700}"
      ".skipped,.muted{color:#777}.cols{display:flex;flex-wrap:wrap;gap:1em}"
      ".col{border:1px solid "
      "#ddd;padding:8px;width:250px}.badge{vertical-align:-.15em}</style></head><body>\n";
  h += "<h1>data-validate: " +
       report::html::badge(upper_ascii(r.verdict()), r.exit == ExitCode::kPass
                                                         ? report::html::Tone::kGood
                                                         : report::html::Tone::kBad) +
       "</h1>\n";
  h += "<p>" + xml_escape(r.title) + "</p>\n<ul>";
  for (const auto& [k, v] : r.facts)
    h += "<li><b>" + xml_escape(k) + "</b>: <code>" + xml_escape(v) + "</code></li>";
  h += "</ul>\n<h2>Checks</h2>\n<table><tr><th>status</th><th>check</th><th>observed</"
       "th><th>details</th></tr>\n";
  for (const auto& c : r.checks) {
    std::string status(report::to_string(c.status));
    h += "<tr><td class=\"" + status + "\">" + status_html(c.status) + "</td><td><code>" +
         xml_escape(c.name) + "</code></td><td>" + xml_escape(c.observed) + "</td><td>" +
         xml_escape(c.message) + "</td></tr>\n";
  }
  h += "</table>\n<h2>Columns</h2>\n<div class=\"cols\">\n";
  for (std::size_t i = 0; i < contract.columns.size(); ++i) {
    const ColumnSpec& spec = contract.columns[i];
    const ColumnState& st = result.columns[i];
    h += "<div class=\"col\"><b>" + xml_escape(spec.name) + "</b> <span class=muted>" +
         std::string(to_string(spec.type)) + ", " + std::to_string(st.nulls) + " nulls</span><br>";
    h += is_ordered(spec.type) ? histogram(spec, st) : bars(spec, st);
    h += "</div>\n";
  }
  h += "</div>\n</body></html>\n";
  return h;
}

}  // namespace mlops::validate
