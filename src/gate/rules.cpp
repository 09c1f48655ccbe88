#include "gate/rules.h"

#include <array>
#include <cmath>
#include <utility>

#include "config/node.h"
#include "core/error.h"

namespace mlops::gate {
namespace {

using config::Node;

// Metrics whose direction is known, so that a gate file need not say it. Anything else is
// higher-is-better unless `greater_is_better: false` is given (never guessed from the name).
constexpr std::array<std::pair<std::string_view, bool>, 34> kKnown = {{
    {"accuracy", true},
    {"balanced_accuracy", true},
    {"precision", true},
    {"recall", true},
    {"f1", true},
    {"precision_macro", true},
    {"recall_macro", true},
    {"f1_macro", true},
    {"precision_micro", true},
    {"recall_micro", true},
    {"f1_micro", true},
    {"precision_weighted", true},
    {"recall_weighted", true},
    {"f1_weighted", true},
    {"roc_auc", true},
    {"roc_auc_ovr_macro", true},
    {"roc_auc_ovr_weighted", true},
    {"average_precision", true},
    {"r2", true},
    {"log_loss", false},
    {"brier", false},
    {"mae", false},
    {"mse", false},
    {"rmse", false},
    {"mape", false},
    {"fp", false},
    {"fn", false},
    {"tp", true},
    {"tn", true},
    {"mean_absolute_error", false},
    {"mean_squared_error", false},
    {"root_mean_squared_error", false},
    {"r2_score", true},
    {"ece", false},
}};

// The operating point a metric's name ends with ("test.precision_at_recall_0.8"), if any: its
// number holds a dot, so the last component after a dot is not its leaf.
std::optional<OperatingPoint> operating_point_in(const std::string& name) {
  for (std::size_t start = 0; start != std::string::npos;) {
    if (auto p = parse_operating_point(std::string_view(name).substr(start))) return p;
    start = name.find_first_of("./", start);
    if (start != std::string::npos) ++start;
  }
  return std::nullopt;
}

// Higher or lower is better, from the table of known metrics (nullopt: unknown).
std::optional<bool> known_direction_of(const std::string& name, const Node& n) {
  if (auto point = operating_point_in(name)) {
    if (!(point->at >= 0 && point->at <= 1)) {
      n.fail("'" + name + "' names an operating point without a number from 0 to 1",
             "write e.g. precision_at_recall_0.8 or recall_at_precision_0.95");
    }
    return true;
  }
  // The last path component decides: "test.log_loss" is a loss, and so is "eval/log_loss"
  // (MLflow's and TensorBoard's slash-separated names).
  const std::size_t separator = name.find_last_of("./");
  return known_direction(name.substr(separator == std::string::npos ? 0 : separator + 1));
}

MetricRule read_rule(const std::string& name, const Node& n) {
  n.allow_keys({"greater_is_better", "required", "min", "max", "threshold", "max_drop",
                "max_relative_drop", "max_rise", "max_relative_rise", "min_absolute_change",
                "min_relative_change", "description"});
  MetricRule r;
  r.metric = name;
  r.location = n.location();
  const std::optional<bool> known = known_direction_of(name, n);
  r.greater_is_better = n.get("greater_is_better").value_or(known.value_or(true));
  r.required = n.get("required").value_or(true);
  auto number = [&](const char* key, std::optional<double>& into) {
    if (n.get(key).defined()) into = n.get(key).as_number();
  };
  number("min", r.min);
  number("max", r.max);
  number("threshold", r.threshold);
  number("max_drop", r.max_drop);
  number("max_relative_drop", r.max_relative_drop);
  number("max_rise", r.max_rise);
  number("max_relative_rise", r.max_relative_rise);
  number("min_absolute_change", r.min_absolute_change);
  number("min_relative_change", r.min_relative_change);
  const std::string direction = r.greater_is_better ? "higher is better" : "lower is better";
  if (r.greater_is_better && (r.max_rise || r.max_relative_rise)) {
    n.fail("max_rise/max_relative_rise apply to lower-is-better metrics, and " + name + " is " +
               direction,
           "use max_drop/max_relative_drop, or set greater_is_better: false");
  }
  if (!r.greater_is_better && (r.max_drop || r.max_relative_drop)) {
    n.fail("max_drop/max_relative_drop apply to higher-is-better metrics, and " + name + " is " +
               direction,
           "use max_rise/max_relative_rise, or set greater_is_better: true");
  }
  for (const auto* v : {&r.max_drop, &r.max_relative_drop, &r.max_rise, &r.max_relative_rise,
                        &r.min_absolute_change, &r.min_relative_change}) {
    if (*v && **v < 0) n.fail("allowed changes are non-negative numbers");
  }
  if (r.min && r.max && *r.min > *r.max) n.fail("min is greater than max");
  if (!r.min && !r.max && !r.threshold && !r.needs_baseline()) {
    n.fail("a rule needs at least one bound",
           "add min, max, threshold, max_drop, max_relative_drop, max_rise or max_relative_rise");
  }
  return r;
}

// `slices:` (a list of columns, or of lists of columns crossed), `min_slice_size:` and
// `calibration:`.
void read_slices_and_calibration(const Node& root, Rules& rules) {
  if (Node slices = root.get("slices"); slices.defined()) {
    if (!slices.is_sequence() || slices.items().empty()) {
      slices.fail("expected a list of columns", "write e.g. slices: [region, device]");
    }
    for (const Node& item : slices.items()) {
      SliceSpec spec{item.as_string_list(), item.location()};
      if (spec.columns.empty()) item.fail("expected a column, or a list of columns to cross");
      rules.slices.push_back(std::move(spec));
    }
  }
  if (Node m = root.get("min_slice_size"); m.defined()) {
    if (rules.slices.empty()) m.fail("min_slice_size without slices", "add slices: [COLUMN]");
    rules.min_slice_size = m.as_integer();
    if (rules.min_slice_size < 1) m.fail("expected a number of rows >= 1");
  }
  if (Node c = root.get("calibration"); c.defined()) {
    c.allow_keys({"bins"});
    const std::int64_t bins = c.get("bins").value_or(std::int64_t{kDefaultCalibrationBins});
    if (!(bins >= 1 && bins <= 1000)) c.get("bins").fail("expected 1 to 1000 bins");
    rules.calibration = true;
    rules.calibration_bins = static_cast<int>(bins);
  }
}

Rules parse_node(const Node& root, const std::string& path) {
  root.allow_keys(
      {"metrics", "bootstrap", "description", "slices", "min_slice_size", "calibration"});
  Rules rules;
  rules.path = path;
  const Node metrics = root.require("metrics");
  for (const auto& [name, rule] : metrics.entries()) {
    rules.metrics.push_back(read_rule(name, rule));
    rules.calibration |= name == "ece";
  }
  read_slices_and_calibration(root, rules);
  if (Node b = root.get("bootstrap"); b.defined()) {
    b.allow_keys({"metric", "samples", "confidence", "max_drop", "seed"});
    BootstrapRule br;
    br.metric = b.require("metric").as_string();
    // Range checks on the values as read: a cast first would wrap 2^32 + 100 to 100, and NaN
    // fails every comparison, so each check states what passes.
    const std::int64_t samples = b.get("samples").value_or(std::int64_t{1000});
    if (!(samples >= kMinBootstrapSamples && samples <= kMaxBootstrapSamples)) {
      b.get("samples").fail("expected 100 to 100000");
    }
    br.samples = static_cast<int>(samples);
    br.confidence = b.get("confidence").value_or(0.95);
    br.max_drop = b.get("max_drop").value_or(0.0);
    br.seed = static_cast<std::uint64_t>(b.get("seed").value_or(std::int64_t{42}));
    if (!(br.confidence > 0.5 && br.confidence < 1)) {
      b.get("confidence").fail("expected a level between 0.5 and 1, e.g. 0.95");
    }
    if (!(std::isfinite(br.max_drop) && br.max_drop >= 0)) {
      b.get("max_drop").fail("expected a finite number >= 0, e.g. 0.01");
    }
    rules.bootstrap = br;
  }
  // A gate that checks nothing would pass every model.
  if (rules.metrics.empty() && !rules.bootstrap) {
    metrics.fail("the gate has no rules", "add a rule under metrics, e.g. accuracy: {min: 0.8}");
  }
  return rules;
}

}  // namespace

std::optional<bool> known_direction(const std::string& metric) {
  for (const auto& [name, higher] : kKnown) {
    if (name == metric) return higher;
  }
  return std::nullopt;
}

Rules load_rules(const std::string& path) { return parse_node(Node::load_file(path), path); }

Rules parse_rules(const std::string& yaml, const std::string& name) {
  return parse_node(Node::load_string(yaml, name), name);
}

}  // namespace mlops::gate
