#include "drift/html.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "drift/report.h"
#include "report/html.h"
#include "report/junit.h"

namespace mlops::drift {
namespace {

// Chart geometry, in SVG user units (1 unit = 1 CSS px at the natural size).
constexpr double kWidth = 360;
constexpr double kLeft = 44, kRight = 350;  // plot area of histograms
constexpr double kLegendHeight = 22;
constexpr double kLabelRight = 128, kBarsLeft = 134, kBarsRight = 336;  // bar charts
constexpr double kRowHeight = 20;
constexpr std::size_t kMaxLabelChars = 20;

// The colours of the charts, as SVG presentation attributes so that they hold where a
// Content-Security-Policy blocks the stylesheet (Jenkins' default); where it is allowed, the
// stylesheet's rules win over them and switch to the dark scheme. The same values as kStyle's
// light scheme.
constexpr std::string_view kReferenceColour = "#2f6fb0", kCurrentColour = "#e8710a";
constexpr std::string_view kMutedColour = "#59636e", kLineColour = "#d1d9e0";

using report::html::Tone;

// The paint of one input's bars: solid side by side, translucent with an outline when the two
// inputs' bars overlap.
std::string paint(std::string_view cls, bool overlaid) {
  std::string colour(cls == "r" ? kReferenceColour : kCurrentColour);
  if (!overlaid) return " fill=\"" + colour + "\"";
  return " fill=\"" + colour + "\" fill-opacity=\".45\" stroke=\"" + colour + "\"";
}

// HTML text and attribute values: the XML escaping every report writer uses.
std::string escape(std::string_view text) { return report::xml_escape(text); }

std::string num(double v, int significant = 4) { return format_number(v, significant); }

// SVG coordinates to a tenth of a unit: finer is invisible and only makes the page bigger.
std::string xy(double v) { return format_number(std::round(v * 10) / 10, 7); }

std::string percent(double share, int significant = 3) {
  return format_number(share * 100, significant) + "%";
}

double share_of(double v) { return std::isfinite(v) && v > 0 ? v : 0; }

// A round axis maximum >= top, close enough that the largest bar fills most of the plot.
double axis_max(double top) {
  if (!(top > 0)) return 1;
  double magnitude = std::pow(10.0, std::floor(std::log10(top)));
  for (double m : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0}) {
    if (m * magnitude >= top * (1 - 1e-12)) return m * magnitude;
  }
  return 10 * magnitude;
}

double largest_share(const Histogram& h) {
  double top = 0;
  for (double v : h.reference) top = std::max(top, share_of(v));
  for (double v : h.current) top = std::max(top, share_of(v));
  return top;
}

std::string text(double x, double y, std::string_view anchor, const std::string& body) {
  return "<text x=\"" + xy(x) + "\" y=\"" + xy(y) + "\" text-anchor=\"" + std::string(anchor) +
         "\">" + body + "</text>";
}

// A rect of class `cls` with `attributes`, or of its group's class and paint when cls is empty.
std::string rect(std::string_view cls, double x, double y, double w, double h,
                 std::string_view attributes = "") {
  std::string r = "<rect";
  if (!cls.empty()) r += " class=\"" + std::string(cls) + "\"" + std::string(attributes);
  return r + " x=\"" + xy(x) + "\" y=\"" + xy(y) + "\" width=\"" + xy(w) + "\" height=\"" + xy(h) +
         "\"/>";
}

// Two swatches above the plot, saying which colour is which input.
std::string legend(double x, bool overlaid) {
  return rect("r", x, 6, 10, 10, paint("r", overlaid)) + text(x + 14, 15, "start", "reference") +
         rect("c", x + 84, 6, 10, 10, paint("c", overlaid)) + text(x + 98, 15, "start", "current");
}

// The axis lines: drawn, never filled.
std::string axis(const std::string& d) {
  return "<path class=\"ax\" fill=\"none\" stroke=\"" + std::string(kLineColour) + "\" d=\"" + d +
         "\"/>";
}

std::string svg_open(const char* cls, double height, const std::string& label) {
  return "<svg class=\"" + std::string(cls) + "\" viewBox=\"0 0 " + xy(kWidth) + " " + xy(height) +
         "\" width=\"" + xy(kWidth) + "\" height=\"" + xy(height) +
         "\" role=\"img\" aria-label=\"" + label + "\" font-size=\"10\" fill=\"" +
         std::string(kMutedColour) + "\">";
}

// Overlaid reference and current histograms on shared bins: per bin one rect per input, plus
// the two legend rects.
std::string histogram_svg(const ColumnResult& c) {
  const Histogram& h = c.histogram;
  constexpr double kTop = kLegendHeight + 6, kBottom = 150, kHeight = 172;
  std::size_t bins = h.reference.size();
  double top = axis_max(largest_share(h)), bin_width = (kRight - kLeft) / static_cast<double>(bins);
  auto y_of = [&](double share) { return kBottom - (kBottom - kTop) * share_of(share) / top; };
  std::string s =
      svg_open("o", kHeight, "histograms of " + escape(c.column) + ", reference and current");
  s += axis("M" + xy(kLeft) + " " + xy(kTop) + "H" + xy(kRight) + "M" + xy(kLeft) + " " +
            xy(y_of(top / 2)) + "H" + xy(kRight) + "M" + xy(kLeft) + " " + xy(kBottom) + "H" +
            xy(kRight));
  for (double tick : {0.0, top / 2, top}) {
    s += text(kLeft - 4, y_of(tick) + 3.5, "end", percent(tick));
  }
  // One group per input rather than a class per rect: a 60-bin figure is 7.5 KB, not 8.7.
  for (auto [cls, shares] : {std::pair{"r", &h.reference}, {"c", &h.current}}) {
    s += "<g class=\"" + std::string(cls) + "\"" + paint(cls, true) + ">";
    for (std::size_t i = 0; i < bins; ++i) {
      double y = y_of((*shares)[i]);
      s += rect("", kLeft + bin_width * static_cast<double>(i), y, bin_width, kBottom - y);
    }
    s += "</g>";
  }
  s += text(kLeft, kBottom + 14, "start", escape(num(h.edges.front())));
  if (bins >= 2) {
    const std::size_t middle = bins / 2;  // the edge at (or just left of) the middle
    s += text(kLeft + bin_width * static_cast<double>(middle), kBottom + 14, "middle",
              escape(num(h.edges[middle])));
  }
  s += text(kRight, kBottom + 14, "end", escape(num(h.edges.back())));
  return s + legend(kLeft, true) + "</svg>";
}

// One row per value: its (shortened) label, the reference bar above the current bar, and the
// full label with both shares as the row's tooltip. Per label two rects, plus the legend's two.
std::string bars_svg(const ColumnResult& c) {
  const Histogram& h = c.histogram;
  std::size_t rows = h.labels.size();
  double top = axis_max(largest_share(h)), bottom = kLegendHeight + kRowHeight * rows;
  auto w_of = [&](double share) { return (kBarsRight - kBarsLeft) * share_of(share) / top; };
  std::string s = svg_open("p", bottom + 18, "bars of " + escape(c.column) + " per value");
  s +=
      axis("M" + xy(kBarsLeft) + " " + xy(kLegendHeight) + "V" + xy(bottom) + "H" + xy(kBarsRight));
  for (std::size_t i = 0; i < rows; ++i) {
    double y = kLegendHeight + kRowHeight * static_cast<double>(i);
    s += "<g><title>" + escape(h.labels[i]) + ": reference " + percent(share_of(h.reference[i])) +
         ", current " + percent(share_of(h.current[i])) + "</title>";
    s += text(kLabelRight, y + 13.5, "end", escape(shorten(h.labels[i], kMaxLabelChars)));
    s += rect("r", kBarsLeft, y + 2, w_of(h.reference[i]), 7.5, paint("r", false));
    s += rect("c", kBarsLeft, y + 10, w_of(h.current[i]), 7.5, paint("c", false));
    s += "</g>";
  }
  s += text(kBarsLeft, bottom + 13, "start", "0%") +
       text((kBarsLeft + kBarsRight) / 2, bottom + 13, "middle", percent(top / 2)) +
       text(kBarsRight, bottom + 13, "end", percent(top));
  return s + legend(kBarsLeft, false) + "</svg>";
}

// Text in the tone's class (bad, good or warn: its colour where the stylesheet applies) after a
// mark of its colour, which holds where the stylesheet is blocked.
std::string toned(const std::string& tag, Tone tone, const std::string& body) {
  const char* cls = tone == Tone::kBad ? "bad" : tone == Tone::kGood ? "good" : "warn";
  return "<" + tag + " class=\"" + cls + "\">" + report::html::mark(tone) + body + "</" + tag + ">";
}

std::string verdict_html(const ColumnResult& c) {
  if (!c.error.empty()) return toned("span", Tone::kBad, "error: " + escape(c.error));
  if (c.missing_drift) return toned("span", Tone::kBad, "drifted (missing values)");
  return c.drift ? toned("span", Tone::kBad, "drifted") : toned("span", Tone::kGood, "ok");
}

// The data-quality check (drift/quality.h), toned when it failed: bad when the policy makes it
// drift, warn otherwise.
std::string quality_html(const ColumnResult& c, SchemaPolicy policy) {
  if (!c.quality) return "";
  const QualityCheck& q = *c.quality;
  std::string why = quality_facts(q) + (q.detail.empty() ? "" : "; " + q.detail);
  std::string text = escape(quality_cell(q));
  if (q.failed && policy != SchemaPolicy::kIgnore) {
    text = toned("span", policy == SchemaPolicy::kError ? Tone::kBad : Tone::kWarn, text);
  }
  return text + "<div class=\"why\">" + escape(why) + "</div>";
}

std::string figure(const ColumnResult& c, std::size_t index) {
  std::string f = "<figure id=\"c" + std::to_string(index) + "\"><figcaption><b>" +
                  escape(c.column) + "</b> <span class=\"muted\">";
  if (c.error.empty()) {
    f += escape(to_string(c.method)) + " &middot; statistic " + num(c.statistic);
    if (c.p_value) f += " &middot; p-value " + num(*c.p_value);
    if (c.effect) f += " &middot; effect " + num(*c.effect);
  }
  f += "</span> " + verdict_html(c) + "</figcaption>";
  const Histogram& h = c.histogram;
  bool bars = !h.labels.empty();
  std::size_t n = h.reference.size();
  bool drawable = n > 0 && h.current.size() == n &&
                  (bars ? h.labels.size() == n && h.edges.empty() : h.edges.size() == n + 1);
  if (!c.error.empty()) {
    f += "<p class=\"muted\">Not compared, so nothing to draw.</p>";
  } else if (!drawable) {
    f += "<p class=\"muted\">No histogram to draw.</p>";
  } else {
    f += bars ? bars_svg(c) : histogram_svg(c);
  }
  return f + "</figure>\n";
}

// Colours are custom properties so that the dark scheme and print only swap values; the print
// block comes last so its rules win over the screen ones of equal specificity.
constexpr std::string_view kStyle =
    ":root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#59636e;--line:#d1d9e0;"
    "--panel:#f6f8fa;--ref:#2f6fb0;--cur:#e8710a;--bad:#cf222e;--good:#1a7f37;--warn:#9a6700}"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;"
    "--line:#3d444d;--panel:#151b23;--ref:#5fa0e6;--cur:#f59a3c;--bad:#ff7b72;--good:#3fb950;"
    "--warn:#d29922}}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);"
    "background:var(--bg);max-width:1240px;margin:24px auto;padding:0 16px}"
    "h1{font-size:26px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;"
    "border-bottom:1px solid var(--line)}a{color:inherit}"
    "code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
    "overflow-wrap:anywhere}"
    ".bad{color:var(--bad);font-weight:600}.good{color:var(--good)}"
    ".warn{color:var(--warn);font-weight:600}.muted{color:var(--muted)}"
    ".lead{font-size:16px;margin:4px 0 12px}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0}"
    "dt{color:var(--muted)}dd{margin:0}"
    ".notice{border-left:3px solid var(--warn);background:var(--panel);padding:8px 12px;"
    "margin:12px 0}"
    ".wide{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:13px}"
    "th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;"
    "vertical-align:top}th{background:var(--panel);font-weight:600;white-space:nowrap}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".why{color:var(--muted);font-size:12px}td.m{min-width:14em}td code{overflow-wrap:break-word}"
    "td.k{white-space:nowrap}"
    ".figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(384px,1fr));gap:12px}"
    "figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px 10px}"
    "figcaption{font-size:13px;margin-bottom:4px;overflow-wrap:anywhere}"
    "svg.o,svg.p{display:block;width:100%;max-width:480px;height:auto}"
    ".o text,.p text{fill:var(--muted);font-size:10px}.badge{vertical-align:-.15em}"
    // In a table cell the mark hangs before its word rather than wrapping apart from it.
    "td>.bad,td>.good,td>.warn{position:relative;padding-left:1em}"
    "td .mark{position:absolute;left:0;top:.3em}"
    ".r{fill:var(--ref)}.c{fill:var(--cur)}.o .r,.o .c{fill-opacity:.45;stroke-width:1}"
    ".o .r{stroke:var(--ref)}.o .c{stroke:var(--cur)}"
    ".ax{stroke:var(--line);fill:none}"
    "@media print{:root{color-scheme:light;--fg:#000;--bg:#fff;--muted:#444;--line:#bbb;"
    "--panel:#f2f2f2;--ref:#2f6fb0;--cur:#e8710a;--bad:#b00;--good:#070;--warn:#850}"
    "body{margin:0;max-width:none;padding:0}a{text-decoration:none}.wide{overflow:visible}"
    "table{font-size:11px}th,td{padding:4px 5px}th,td.k,td.n{white-space:normal}"
    "td.m{min-width:10em}.why{font-size:10px}"
    ".figs{grid-template-columns:repeat(2,1fr)}tr,figure{break-inside:avoid}"
    "h2{break-after:avoid}}";

std::string summary(const DatasetResult& r) {
  std::size_t drifted = 0;
  bool errors = false;
  for (const ColumnResult& c : r.columns) {
    drifted += c.drift ? 1 : 0;
    errors = errors || !c.error.empty();
  }
  const char* verdict = r.drift ? "DRIFT" : "NO DRIFT";
  std::string s =
      "<h1>drift-check: " + report::html::badge(verdict, r.drift ? Tone::kBad : Tone::kGood) +
      "</h1>\n<p class=\"lead\">";
  // The schema first: a changed schema is drift under the default policy.
  s += toned("b",
             r.schema_drift()           ? Tone::kBad
             : r.schema_changes.empty() ? Tone::kGood
                                        : Tone::kWarn,
             escape(schema_summary(r)) + ".") +
       " ";
  if (r.columns.empty()) {
    s += "No columns were compared.";
  } else {
    s += "<b>" + std::to_string(drifted) + " of " + std::to_string(r.columns.size()) +
         " columns drifted</b>: weighted share " + num(r.share, 3) +
         (r.share >= r.drift_share ? " &ge; " : " &lt; ") + "drift share " + num(r.drift_share, 3) +
         ".";
    if (errors) s += " Columns that could not be compared count as drifted.";
  }
  s += "</p>\n<dl><dt>preset</dt><dd>" + escape(to_string(r.preset)) +
       "</dd><dt>reference</dt><dd><code>" + escape(r.reference) + "</code> &middot; " +
       digit_groups(r.reference_rows) + " rows</dd><dt>current</dt><dd><code>" + escape(r.current) +
       "</code> &middot; " + digit_groups(r.current_rows) + " rows</dd></dl>\n";
  if (r.reference_rank_error > 0 || r.current_rank_error > 0) {
    std::string sides;
    if (r.reference_rank_error > 0) sides = percent(r.reference_rank_error, 2) + " (reference)";
    if (r.current_rank_error > 0) {
      sides += (sides.empty() ? "" : " and ") + percent(r.current_rank_error, 2) + " (current)";
    }
    s += "<p class=\"notice\">Numeric columns were summarised with quantile sketches: the "
         "normalised rank error is at most " +
         sides +
         " with 99% confidence, so statistics are approximate within the error bounds "
         "shown.</p>\n";
  }
  return s;
}

// The columns' indices in the order the page shows them: those that could not be compared,
// then drifted ones, then the rest, each in the input's order, so that what failed comes first.
std::vector<std::size_t> worst_first(const DatasetResult& r) {
  std::vector<std::size_t> order(r.columns.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto rank = [&](std::size_t i) {
    const ColumnResult& c = r.columns[i];
    return !c.error.empty() ? 0 : c.drift || c.missing_drift || c.uncertain ? 1 : 2;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  return order;
}

// One row per column, worst first. Why the method was chosen sits under the method's name rather
// than in a column of its own, so that the table fits a printed page.
std::string column_table(const DatasetResult& r) {
  bool weights = std::any_of(r.columns.begin(), r.columns.end(),
                             [](const ColumnResult& c) { return c.weight != 1; });
  bool effects = std::any_of(r.columns.begin(), r.columns.end(),
                             [](const ColumnResult& c) { return c.effect.has_value(); });
  std::string t =
      "<div class=\"wide\"><table><thead><tr><th>column</th><th>role</th><th>kind (type)</th>"
      "<th>method</th><th>statistic</th><th>p-value</th><th>threshold</th>" +
      std::string(effects ? "<th>effect (minimum)</th>" : "") +
      std::string(weights ? "<th>weight</th>" : "") +
      "<th>missing values</th><th>verdict</th><th>data quality</th><th>error bound</th></tr>"
      "</thead><tbody>\n";
  auto number = [](const std::string& v) { return "<td class=\"n\">" + v + "</td>"; };
  for (std::size_t i : worst_first(r)) {
    const ColumnResult& c = r.columns[i];
    bool compared = c.error.empty();
    t += "<tr><td><a href=\"#c" + std::to_string(i) + "\"><code>" + escape(c.column) +
         "</code></a></td><td>" + escape(to_string(c.role)) + "</td><td class=\"k\">" +
         escape(to_string(c.kind)) + (c.type.empty() ? "" : " (" + escape(c.type) + ")") +
         "</td><td class=\"m\">" + (compared ? escape(to_string(c.method)) : "");
    if (!c.why.empty()) t += "<div class=\"why\">" + escape(c.why) + "</div>";
    t += "</td>" + number(compared ? num(c.statistic) : "") +
         number(compared && c.p_value ? num(*c.p_value) : "") +
         number(compared ? num(c.threshold) : "");
    if (effects) {
      t += number(compared && c.effect
                      ? num(*c.effect) + (*c.effect >= c.min_effect ? " &ge; " : " &lt; ") +
                            num(c.min_effect)
                      : "");
    }
    t += (weights ? number(num(c.weight)) : "") + "<td class=\"n\">" +
         (c.missing_drift ? toned("span", Tone::kBad, escape(missing_summary(c)))
                          : escape(missing_summary(c))) +
         "</td><td>" + verdict_html(c) + "</td><td>" + quality_html(c, r.quality_policy) + "</td>";
    std::string bound;
    if (c.error_bound > 0) bound = "&plusmn;" + num(c.error_bound, 2);
    if (c.uncertain) bound += " " + toned("span", Tone::kWarn, "uncertain");
    t += number(bound) + "</tr>\n";
  }
  return t + "</tbody></table></div>\n";
}

}  // namespace

std::string to_html(const DatasetResult& result) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"color-scheme\" content=\"light dark\"><title>drift-check: ";
  h += std::string(result.drift ? "DRIFT" : "NO DRIFT") + ", " + escape(result.current) +
       " against " + escape(result.reference) + "</title><style>" + std::string(kStyle) +
       "</style></head><body>\n";
  h += summary(result);
  h += "<h2>Columns</h2>\n" + column_table(result);
  if (!result.notes.empty()) {
    h += "<h2>Notes</h2>\n<ul>";
    for (const std::string& note : result.notes) h += "<li>" + escape(note) + "</li>";
    h += "</ul>\n";
  }
  if (!result.columns.empty()) {
    h += "<h2>Distributions</h2>\n<p class=\"muted\">Shares of each input's values: binned "
         "numeric columns as overlaid histograms, other columns as one pair of bars per value "
         "(hover a row for its full value).</p>\n<div class=\"figs\">\n";
    for (std::size_t i : worst_first(result)) h += figure(result.columns[i], i);
    h += "</div>\n";
  }
  return h + "</body></html>\n";
}

}  // namespace mlops::drift
