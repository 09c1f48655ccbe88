#include "validate/html_charts.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/text.h"
#include "report/html.h"
#include "report/junit.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

using report::xml_escape;

// Bar chart geometry, in SVG units: labels end before kBarsLeft, each bar is followed by its
// count, and the widest count still ends inside kWidth.
constexpr double kWidth = 240, kFontSize = 9, kBarsLeft = 96, kRow = 12;
constexpr std::size_t kMaxBars = 10;
constexpr std::string_view kBarColour = "#f58518";

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Estimated width of `text` at the charts' font size, in SVG units.
double width_of(std::string_view text) { return report::html::text_em(text) * kFontSize; }

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

struct Bar {
  std::string value;
  std::uint64_t rows = 0;
  bool allowed = true;  // false: outside the column's allowed set
};

// Every counted value, most frequent first (ties by value): the allowed values and the
// offending ones of a column with an allowed set, else the column's most frequent values.
std::vector<Bar> counted_values(const ColumnSpec& spec, const ColumnState& st) {
  std::vector<Bar> bars;
  if (spec.allowed) {
    for (std::size_t i = 0; i < st.allowed_counts.size(); ++i) {
      if (st.allowed_counts[i] > 0) bars.push_back({spec.allowed->values[i], st.allowed_counts[i]});
    }
    for (const auto& [value, n] : st.allowed.values) bars.push_back({value, n, false});
  } else {
    for (const auto& [value, n] : st.top.counts) bars.push_back({value, n});
  }
  std::sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) {
    return a.rows != b.rows ? a.rows > b.rows : a.value < b.value;
  });
  return bars;
}

// The value's label, shortened to fit before the bars; the full value is the row's tooltip.
std::string label(const std::string& value) {
  std::string text = value;
  for (std::size_t chars = 24; width_of(text) > kBarsLeft - 8 && chars > 1; --chars) {
    text = shorten(value, chars);
  }
  return text;
}

std::string bar_rows(const std::vector<Bar>& bars, std::size_t shown) {
  double widest = 0;
  for (std::size_t i = 0; i < shown; ++i)
    widest = std::max(widest, width_of(digit_groups(bars[i].rows)));
  const double longest = std::max(20.0, kWidth - kBarsLeft - 4 - widest);
  const double top = static_cast<double>(bars.front().rows);
  std::string svg;
  for (std::size_t i = 0; i < shown; ++i) {
    const Bar& b = bars[i];
    // At least a sliver, so that a rare offending value still shows its colour.
    const double w = std::max(2.0, longest * static_cast<double>(b.rows) / top);
    const std::string y = fixed(static_cast<double>(i) * kRow, 0);
    const std::string base = fixed(static_cast<double>(i) * kRow + 9, 0);
    const std::string colour(b.allowed ? kBarColour
                                       : report::html::colour(report::html::Tone::kBad));
    svg += "<g><title>" + xml_escape(b.value) + (b.allowed ? "" : " (not allowed)") + ": " +
           digit_groups(b.rows) + (b.rows == 1 ? " row" : " rows") + "</title><text x=\"2\" y=\"" +
           base + "\" font-size=\"9\"" + (b.allowed ? "" : " fill=\"" + colour + "\"") + ">" +
           xml_escape(label(b.value)) + "</text><rect x=\"" + fixed(kBarsLeft, 0) + "\" y=\"" + y +
           "\" width=\"" + fixed(w, 1) + "\" height=\"10\" fill=\"" + colour + "\"/><text x=\"" +
           fixed(kBarsLeft + w + 2, 1) + "\" y=\"" + base + "\" font-size=\"9\">" +
           digit_groups(b.rows) + "</text></g>";
  }
  return svg;
}

std::string bars(const ColumnSpec& spec, const ColumnState& st) {
  const std::vector<Bar> all = counted_values(spec, st);
  if (all.empty()) return "<p class=muted>no values</p>";
  const std::size_t shown = std::min(all.size(), kMaxBars);
  const std::string height = std::to_string(shown * static_cast<std::size_t>(kRow));
  std::string h = "<svg viewBox=\"0 0 240 " + height + "\" width=\"240\" height=\"" + height +
                  "\" role=\"img\">" + bar_rows(all, shown) + "</svg>";
  std::uint64_t in_bars = 0;
  bool offending = false;
  for (std::size_t i = 0; i < shown; ++i) {
    in_bars += all[i].rows;
    offending = offending || !all[i].allowed;
  }
  const bool exact = spec.allowed ? st.allowed.values_complete : st.top.error == 0;
  if (in_bars < st.values) {
    h += "<p class=muted>" + std::string(exact ? "" : "about ") +
         digit_groups(st.values - in_bars) + " more rows in other values</p>";
  }
  if (offending)
    h += "<p class=muted>" + report::html::mark(report::html::Tone::kBad) +
         "not in the allowed set</p>";
  if (!spec.allowed && !exact) {
    h += "<p class=muted>" + digit_groups(st.top.counts.size()) +
         " most frequent values tracked: a count may be low by up to " +
         digit_groups(st.top.error) + "</p>";
  }
  return h;
}

}  // namespace

std::string column_chart(const ColumnSpec& spec, const ColumnState& st) {
  return is_ordered(spec.type) ? histogram(spec, st) : bars(spec, st);
}

}  // namespace mlops::validate
