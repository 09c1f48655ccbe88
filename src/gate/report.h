#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gate/bootstrap.h"
#include "gate/curves.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"
#include "gate/slices.h"
#include "report/report.h"

namespace mlops::gate {

// Everything a gate run evaluated.
struct GateInputs {
  std::string rules_path;
  MetricSet candidate;
  std::optional<MetricSet> baseline;
  std::vector<RuleCheck> checks;
  std::optional<BootstrapResult> bootstrap;
  std::vector<SliceOutcome> slices;        // the rules applied per slice (`slices:`)
  std::optional<Calibration> calibration;  // the candidate's reliability curve, when asked for
};

// The run as the common report (JUnit: one testcase per rule bound; GitHub outputs `passed`
// and `failed_rules`), the JSON report (schema mlops-actions/metric-gate/v1) and the text
// table (metric, candidate, baseline, delta, rule, verdict).
struct GateOutcome {
  report::Report report;
  boost::json::value json;
  std::string text;
  std::string failed_rules;  // comma-separated "metric.check" names
  // Lines for stderr ("metric-gate: warning: ..."), written with the text report.
  std::string warnings;
  // What --promote-alias wrote to MLflow ("run R tagged metric_gate=..."), "" when nothing: a
  // report that fails to be written afterwards must not leave that write unsaid.
  std::string mlflow_written;
};

GateOutcome build_gate_outcome(const GateInputs& in);

// The tables a report is built into (report_sections.cpp adds the slices' rows).
struct ReportTables {
  report::Report& report;
  std::vector<std::vector<std::string>>& rows;  // the text table
  std::vector<std::string>& failed;             // failed check names
};

// Adds one evaluated rule bound (of all rows or of a slice) to the tables; returns its JSON.
boost::json::object add_rule_check(const RuleCheck& c, const std::string& rules_path,
                                   ReportTables& t);

// The slices in the tables, and as JSON: per slice its name, columns, rows, baseline_rows,
// skipped (the reason, or null) and rules (as the top-level rules).
boost::json::value add_slices(const std::vector<SliceOutcome>& slices,
                              const std::string& rules_path, ReportTables& t);

// Text lines naming the failing and the skipped slices ("" without slices).
std::string slice_summary(const std::vector<SliceOutcome>& slices);

// The calibration's text line, JSON ({bins, ece, curve: [{lower, upper, rows,
// mean_predicted, fraction_positive}]}) and Markdown reliability table ("" without one).
std::string calibration_summary(const std::optional<Calibration>& c);
boost::json::value calibration_json(const Calibration& c);
std::string calibration_markdown(const std::optional<Calibration>& c);

}  // namespace mlops::gate
