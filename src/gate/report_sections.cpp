// The parts of metric-gate's report that only some gates have: slices and calibration.
#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "gate/report.h"

namespace mlops::gate {
namespace {

// "fail" when a check of the slice failed, "skipped" when it was not evaluated, else "pass".
std::string_view slice_status(const SliceOutcome& s) {
  if (!s.skipped.empty()) return "skipped";
  for (const RuleCheck& c : s.checks) {
    if (!c.skipped && !c.passed) return "fail";
  }
  return "pass";
}

// v with `digits` decimals (and a sign when `sign`).
std::string fixed(double v, int digits = 4, bool sign = false) {
  char buf[32];
  std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", digits, v);
  return buf;
}

}  // namespace

boost::json::value add_slices(const std::vector<SliceOutcome>& slices,
                              const std::string& rules_path, ReportTables& t) {
  boost::json::array out;
  for (const SliceOutcome& s : slices) {
    boost::json::object columns;
    for (std::size_t k = 0; k < s.columns.size(); ++k) {
      columns[s.columns[k]] = s.values[k] ? boost::json::value(*s.values[k]) : nullptr;
    }
    boost::json::array rules;
    for (const RuleCheck& c : s.checks) rules.push_back(add_rule_check(c, rules_path, t));
    out.push_back(boost::json::object{
        {"slice", s.name},
        {"columns", std::move(columns)},
        {"rows", s.rows},
        {"baseline_rows", s.baseline_rows ? boost::json::value(*s.baseline_rows) : nullptr},
        {"status", slice_status(s)},
        {"skipped",
         s.skipped.empty() ? boost::json::value(nullptr) : boost::json::value(s.skipped)},
        {"rules", std::move(rules)}});
  }
  return out;
}

std::string slice_summary(const std::vector<SliceOutcome>& slices) {
  std::string failing, skipped;
  for (const SliceOutcome& s : slices) {
    if (slice_status(s) == "fail") {
      std::string checks;
      for (const RuleCheck& c : s.checks) {
        if (!c.skipped && !c.passed)
          checks += (checks.empty() ? "" : ", ") + c.metric + "." + c.check;
      }
      failing += "\n  " + s.name + " (" + checks + ")";
    } else if (!s.skipped.empty()) {
      skipped += "\n  " + s.name + " (" + s.skipped + ")";
    }
  }
  std::string out;
  if (!failing.empty()) out += "metric-gate: failing slices:" + failing + "\n";
  if (!skipped.empty()) out += "metric-gate: skipped slices (not evaluated):" + skipped + "\n";
  return out;
}

std::string calibration_summary(const std::optional<Calibration>& c) {
  if (!c) return "";
  return "metric-gate: calibration: ECE " + format_number(c->ece) + " over " +
         std::to_string(c->bins) + " equal-width bins (" + std::to_string(c->curve.size()) +
         " non-empty; the curve is in the JSON and Markdown reports)\n";
}

boost::json::value calibration_json(const Calibration& c) {
  boost::json::array curve;
  for (const ReliabilityBin& b : c.curve) {
    curve.push_back(boost::json::object{{"lower", b.lower},
                                        {"upper", b.upper},
                                        {"rows", b.weight},
                                        {"mean_predicted", b.mean_predicted},
                                        {"fraction_positive", b.fraction_positive}});
  }
  return boost::json::object{
      {"bins", c.bins},
      {"ece", std::isnan(c.ece) ? boost::json::value(nullptr) : boost::json::value(c.ece)},
      {"curve", std::move(curve)}};
}

std::string calibration_markdown(const std::optional<Calibration>& c) {
  if (!c) return "";
  std::string md = "#### Reliability curve (ECE " + fixed(c->ece) + ", " + std::to_string(c->bins) +
                   " bins)\n\n" +
                   "| scores | rows | mean predicted | fraction positive | gap | |\n" +
                   "|---|---:|---:|---:|---:|---|\n";
  for (const ReliabilityBin& b : c->curve) {
    // The bar: the fraction of positives in twentieths, so a calibrated model's bars climb
    // with the bins; the gap column says by how much they miss.
    const auto filled = static_cast<std::size_t>(std::lround(b.fraction_positive * 20));
    md += "| " + fixed(b.lower, 2) + " to " + fixed(b.upper, 2) + " | " + format_number(b.weight) +
          " | " + fixed(b.mean_predicted) + " | " + fixed(b.fraction_positive) + " | " +
          fixed(b.fraction_positive - b.mean_predicted, 4, true) + " | `" +
          std::string(filled, '#') + std::string(20 - filled, '.') + "` |\n";
  }
  return md + "\n";
}

}  // namespace mlops::gate
