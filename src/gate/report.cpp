#include "gate/report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.h"
#include "core/version.h"
#include "json/write.h"
#include "report/text.h"

namespace mlops::gate {
namespace {

std::string signed_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.6g", v);
  return buf;
}

}  // namespace

boost::json::object add_rule_check(const RuleCheck& c, const std::string& rules_path,
                                   ReportTables& t) {
  const std::string in_slice = c.slice.empty() ? "" : "[" + c.slice + "]";
  report::Check check;
  check.name = c.metric + "." + c.check + in_slice;
  check.group = c.metric;
  check.observed =
      c.skipped ? (c.slice.empty() ? "absent" : "skipped") : format_number(c.candidate);
  check.status = c.skipped  ? report::Status::kSkip
                 : c.passed ? report::Status::kPass
                            : report::Status::kFail;
  std::string base = c.baseline ? format_number(*c.baseline) : "";
  std::string delta = c.baseline ? signed_num(c.candidate - *c.baseline) : "";
  check.message = c.skipped ? (c.note.empty() ? c.metric + " is absent (optional rule)" : c.note)
                            : c.metric + " = " + format_number(c.candidate) +
                                  (c.baseline ? " (baseline " + base + ", " + delta + ")" : "") +
                                  ", expected " + c.expected;
  if (!c.slice.empty()) check.message = "slice " + c.slice + ": " + check.message;
  check.location = report::Location{rules_path, 0, 0};
  if (auto colon = c.location.find(':'); colon != std::string::npos) {
    // "file:line:col" of the rule in the gate file, for annotations.
    std::size_t second = c.location.find(':', colon + 1);
    check.location->line = std::strtoull(c.location.c_str() + colon + 1, nullptr, 10);
    if (second != std::string::npos) {
      check.location->column = std::strtoull(c.location.c_str() + second + 1, nullptr, 10);
    }
  }
  if (check.status == report::Status::kFail) t.failed.push_back(check.name);
  t.rows.push_back({c.metric + (c.slice.empty() ? "" : " " + in_slice),
                    c.skipped ? "-" : format_number(c.candidate), base, delta,
                    c.check + " " + c.expected, std::string(report::to_string(check.status))});
  boost::json::object j{{"metric", c.metric},
                        {"check", c.check},
                        {"expected", c.expected},
                        {"limit", c.limit},
                        {"status", std::string(report::to_string(check.status))}};
  j["candidate"] = c.skipped ? boost::json::value(nullptr) : boost::json::value(c.candidate);
  j["baseline"] = c.baseline ? boost::json::value(*c.baseline) : boost::json::value(nullptr);
  j["delta"] =
      c.baseline ? boost::json::value(c.candidate - *c.baseline) : boost::json::value(nullptr);
  if (!c.note.empty()) j["reason"] = c.note;
  t.report.checks.push_back(std::move(check));
  return j;
}

GateOutcome build_gate_outcome(const GateInputs& in) {
  GateOutcome out;
  report::Report& r = out.report;
  r.tool = "metric-gate";
  r.title = in.candidate.source +
            (in.baseline ? " against " + in.baseline->source : std::string()) + " with " +
            in.rules_path;
  boost::json::array rules;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"metric", "candidate", "baseline", "delta", "rule", "verdict"});
  std::vector<std::string> failed;
  ReportTables t{r, rows, failed};
  for (const RuleCheck& c : in.checks) rules.push_back(add_rule_check(c, in.rules_path, t));
  boost::json::value boot = nullptr;
  if (in.bootstrap) {
    const BootstrapResult& b = *in.bootstrap;
    report::Check check;
    check.name = b.metric + ".bootstrap";
    check.group = b.metric;
    check.status = b.passed ? report::Status::kPass : report::Status::kFail;
    check.observed = signed_num(b.difference);
    char ci[160];
    std::snprintf(ci, sizeof ci,
                  "%.0f%% interval of candidate - baseline [%+.6g, %+.6g] over %d resamples",
                  b.confidence * 100, b.low, b.high, b.samples);
    check.message = std::string(ci) + (b.passed ? "" : ": a significant ") +
                    (b.passed ? "" : (b.greater_is_better ? "drop" : "rise")) +
                    (b.passed ? "" : " beyond " + format_number(b.max_drop));
    if (!b.passed) failed.push_back(check.name);
    rows.push_back({b.metric, format_number(b.candidate), format_number(b.baseline),
                    signed_num(b.difference), std::string("bootstrap ") + ci,
                    std::string(report::to_string(check.status))});
    r.checks.push_back(std::move(check));
    boot = {{"metric", b.metric},
            {"candidate", b.candidate},
            {"baseline", b.baseline},
            {"difference", b.difference},
            {"low", b.low},
            {"high", b.high},
            {"confidence", b.confidence},
            {"samples", b.samples},
            {"max_drop", b.max_drop},
            {"greater_is_better", b.greater_is_better},
            {"passed", b.passed}};
  }
  boost::json::value slices = add_slices(in.slices, in.rules_path, t);
  const bool passed = failed.empty();
  r.exit = passed ? ExitCode::kPass : ExitCode::kFail;
  for (const auto& f : failed) out.failed_rules += (out.failed_rules.empty() ? "" : ",") + f;
  r.facts = {{"passed", passed ? "true" : "false"}, {"failed_rules", out.failed_rules}};

  out.text = "metric-gate: " + r.title + "\n" + report::text_table(rows);
  out.text += slice_summary(in.slices) + calibration_summary(in.calibration);
  out.text += "metric-gate: " + std::string(passed ? "pass" : "fail") +
              (passed ? "" : " (" + out.failed_rules + ")") + "\n";

  // JSON has no NaN or infinity: an undefined metric (ROC AUC of one class) is null.
  boost::json::object metrics;
  for (const auto& [k, v] : in.candidate.values) metrics[k] = mlops::json::number_or_null(v);
  boost::json::object j{{"schema", "mlops-actions/metric-gate/v1"},
                        {"tool", "metric-gate"},
                        {"version", std::string(version())},
                        {"passed", passed},
                        {"verdict", r.verdict()},
                        {"rules_file", in.rules_path},
                        {"candidate", {{"source", in.candidate.source}, {"metrics", metrics}}}};
  if (in.baseline) {
    boost::json::object bm;
    for (const auto& [k, v] : in.baseline->values) bm[k] = mlops::json::number_or_null(v);
    j["baseline"] = {{"source", in.baseline->source}, {"metrics", bm}};
  } else {
    j["baseline"] = nullptr;
  }
  j["rules"] = std::move(rules);
  j["bootstrap"] = boot;
  if (!in.slices.empty()) j["slices"] = std::move(slices);
  if (in.calibration) j["calibration"] = calibration_json(*in.calibration);
  r.markdown_appendix = calibration_markdown(in.calibration);
  boost::json::array failed_json;
  for (const auto& f : failed) failed_json.push_back(boost::json::value(f));
  j["failed_rules"] = std::move(failed_json);
  j["promotion"] = nullptr;  // --promote-alias fills it in (gate/run.cpp)
  out.json = std::move(j);
  return out;
}

}  // namespace mlops::gate
