#include "gate/run.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "core/error.h"
#include "gate/bootstrap.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"
#include "gate/mlflow.h"
#include "gate/promote.h"
#include "gate/requested_metrics.h"
#include "gate/rules.h"
#include "gate/slices.h"

namespace mlops::gate {
namespace {

// The MLflow client, made on first use: a gate on files never reads MLflow's settings.
class LazyMlflow {
 public:
  LazyMlflow(const net::Options& http, const cli::Io& io) : http_(http), io_(io) {}
  MlflowClient& operator()() {
    if (!client_) {
      transport_.emplace(http_);
      client_.emplace(
          MlflowClient::from_env([this](const std::string& k) { return io_.env(k); }, *transport_));
    }
    return *client_;
  }

 private:
  const net::Options& http_;
  const cli::Io& io_;
  std::optional<net::CurlClient> transport_;
  std::optional<MlflowClient> client_;
};

// One side of the comparison as read: its metrics, and the predictions they came from.
struct Side {
  MetricSet metrics;
  std::optional<Predictions> predictions;
  std::optional<Calibration> calibration;  // when the rules ask for it
};

Side predictions_side(const std::string& path, const PredictionSpec& spec, const Rules& rules,
                      std::istream& in) {
  Side side;
  side.predictions = read_predictions(path, spec, in);
  side.metrics = gate_metrics(*side.predictions, rules, &side.calibration);
  return side;
}

// The prediction columns and probability check the rules need.
PredictionSpec spec_for(const Rules& rules, PredictionSpec spec) {
  for (const MetricRule& r : rules.metrics) spec.probabilities |= needs_probabilities(r.metric);
  if (rules.bootstrap) spec.probabilities |= needs_probabilities(rules.bootstrap->metric);
  spec.probabilities |= rules.calibration;
  for (const SliceSpec& slice : rules.slices) {
    for (const std::string& c : slice.columns) {
      if (std::find(spec.slice_columns.begin(), spec.slice_columns.end(), c) ==
          spec.slice_columns.end()) {
        spec.slice_columns.push_back(c);
      }
    }
  }
  return spec;
}

// Slices are scored from predictions, and compared with the same slices of the baseline's.
void require_slice_inputs(const Rules& rules, const Side& candidate,
                          const std::optional<Side>& baseline) {
  if (rules.slices.empty()) return;
  if (!candidate.predictions) {
    throw usage_error("the gate's slices (" + rules.slices.front().location +
                          ") are scored from predictions, and the candidate is a metrics set",
                      "pass --predictions, or drop slices");
  }
  const bool compares = std::any_of(rules.metrics.begin(), rules.metrics.end(),
                                    [](const MetricRule& r) { return r.needs_baseline(); });
  if (compares && baseline && !baseline->predictions) {
    throw usage_error("the gate's slices (" + rules.slices.front().location +
                          ") compare each slice with the baseline's, which needs its predictions",
                      "pass --baseline-predictions, or gate slices on absolute bounds only");
  }
}

Rules load_gate_rules(const MetricGateOptions& o) {
  Rules rules = load_rules(o.rules_path);
  if (o.bootstrap) {
    if (!rules.bootstrap) {
      throw usage_error("--bootstrap: " + o.rules_path + " has no bootstrap section to resample",
                        "add bootstrap: {metric: ...} to the rules, or drop --bootstrap");
    }
    if (*o.bootstrap < kMinBootstrapSamples || *o.bootstrap > kMaxBootstrapSamples) {
      throw usage_error("--bootstrap must be 100 to 100000 resamples, not " +
                        std::to_string(*o.bootstrap));
    }
    rules.bootstrap->samples = *o.bootstrap;
  }
  return rules;
}

// The candidate; from MLflow also its run (for the promotion) and a warning when the run has
// not finished.
Side read_candidate(const MetricGateOptions& o, const PredictionSpec& spec, const Rules& rules,
                    const cli::Io& io, LazyMlflow& mlflow, Run& run, std::string& warnings) {
  if (!o.metrics.empty()) return {load_metrics_file(o.metrics), std::nullopt, std::nullopt};
  if (!o.predictions.empty()) return predictions_side(o.predictions, spec, rules, io.in);
  Side side;
  side.metrics.source = "MLflow run " + o.mlflow_run;
  run = mlflow().run(o.mlflow_run);
  if (std::string warning = check_candidate_run(run, o.mlflow_run); !warning.empty()) {
    warnings += "metric-gate: warning: " + warning + "\n";
  }
  side.metrics.values = run.metrics;
  return side;
}

// The baseline, if any; from the MLflow registry it also names the model when --model did not.
std::optional<Side> read_baseline(const MetricGateOptions& o, const PredictionSpec& spec,
                                  const Rules& rules, const cli::Io& io, LazyMlflow& mlflow,
                                  std::string& model) {
  if (!o.baseline_metrics.empty()) return Side{load_metrics_file(o.baseline_metrics), {}, {}};
  if (!o.baseline_predictions.empty()) {
    return predictions_side(o.baseline_predictions, spec, rules, io.in);
  }
  if (o.mlflow_baseline.empty()) return std::nullopt;
  ModelVersion v = resolve_model_reference(mlflow(), o.mlflow_baseline);
  Side side;
  side.metrics.source =
      "MLflow " + o.mlflow_baseline + " (version " + v.version + ", run " + v.run_id + ")";
  side.metrics.values = mlflow().run_metrics(v.run_id);
  if (model.empty()) model = v.name;
  return side;
}

// --promote-alias: the verdict goes to MLflow, and on a pass the alias moves.
void promote(const MetricGateOptions& o, const std::string& model, const Run& run,
             MlflowClient& client, GateOutcome& outcome) {
  const bool passed = outcome.report.exit == ExitCode::kPass;
  const std::optional<std::string> version =
      record_verdict(client, {o.mlflow_run, model, o.promote_alias, o.allow_running}, run, passed,
                     outcome.failed_rules);
  const std::string alias = model + "@" + o.promote_alias;
  if (version) outcome.report.facts.emplace_back("promoted", alias + " = version " + *version);
  outcome.mlflow_written =
      "run " + o.mlflow_run + " tagged metric_gate=" +
      (passed ? "passed and alias '" + o.promote_alias + "' of " + model + " moved to it"
              : "failed");
  // The text and JSON reports say what happened to the model, not only the GitHub outputs.
  outcome.text += version ? "metric-gate: promoted " + alias + " = version " + *version + "\n"
                          : "metric-gate: not promoted (the gate failed): " + alias +
                                " unchanged, run " + o.mlflow_run + " tagged metric_gate=failed\n";
  outcome.json.as_object()["promotion"] = {
      {"model", model},
      {"alias", o.promote_alias},
      {"run", o.mlflow_run},
      {"promoted", version.has_value()},
      {"version", version ? boost::json::value(*version) : boost::json::value(nullptr)},
      {"mlflow_written", outcome.mlflow_written}};
}

}  // namespace

GateOutcome run_metric_gate(const MetricGateOptions& o, const cli::Io& io) {
  const Rules rules = load_gate_rules(o);
  const PredictionSpec spec = spec_for(rules, o.spec);

  LazyMlflow mlflow(o.http, io);
  Run candidate_run;
  std::string warnings, model = o.model;
  Side candidate = read_candidate(o, spec, rules, io, mlflow, candidate_run, warnings);
  std::optional<Side> baseline = read_baseline(o, spec, rules, io, mlflow, model);
  require_slice_inputs(rules, candidate, baseline);
  GateInputs in;
  in.candidate = strip_prefix(candidate.metrics, o.candidate_prefix);
  if (baseline) in.baseline = strip_prefix(baseline->metrics, o.baseline_prefix);
  in.checks = evaluate(rules, in.candidate, in.baseline ? &*in.baseline : nullptr);
  if (rules.bootstrap) {
    if (!candidate.predictions || !baseline || !baseline->predictions) {
      throw usage_error(
          "the gate's bootstrap section needs --predictions and --baseline-predictions");
    }
    in.bootstrap =
        paired_bootstrap(*candidate.predictions, *baseline->predictions, *rules.bootstrap);
  }
  if (!rules.slices.empty()) {
    const Predictions* base = baseline && baseline->predictions ? &*baseline->predictions : nullptr;
    in.slices =
        evaluate_slices(rules, *candidate.predictions, base, o.candidate_prefix, o.baseline_prefix);
  }
  in.calibration = candidate.calibration;
  in.rules_path = o.rules_path;

  GateOutcome outcome = build_gate_outcome(in);
  outcome.warnings = std::move(warnings);
  if (!o.promote_alias.empty()) promote(o, model, candidate_run, mlflow(), outcome);
  return outcome;
}

}  // namespace mlops::gate
