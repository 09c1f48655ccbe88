#include "gate/run.h"

#include <optional>
#include <string>
#include <utility>

#include "core/error.h"
#include "gate/bootstrap.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"
#include "gate/mlflow.h"
#include "gate/promote.h"
#include "gate/rules.h"

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
};

Side predictions_side(const std::string& path, const PredictionSpec& spec, std::istream& in) {
  Side side;
  side.predictions = read_predictions(path, spec, in);
  side.metrics = compute_metrics(*side.predictions);
  return side;
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
Side read_candidate(const MetricGateOptions& o, const PredictionSpec& spec, const cli::Io& io,
                    LazyMlflow& mlflow, Run& run, std::string& warnings) {
  if (!o.metrics.empty()) return {load_metrics_file(o.metrics), std::nullopt};
  if (!o.predictions.empty()) return predictions_side(o.predictions, spec, io.in);
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
                                  const cli::Io& io, LazyMlflow& mlflow, std::string& model) {
  if (!o.baseline_metrics.empty()) return Side{load_metrics_file(o.baseline_metrics), {}};
  if (!o.baseline_predictions.empty()) {
    return predictions_side(o.baseline_predictions, spec, io.in);
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
  PredictionSpec spec = o.spec;
  for (const MetricRule& r : rules.metrics) spec.probabilities |= needs_probabilities(r.metric);
  if (rules.bootstrap) spec.probabilities |= needs_probabilities(rules.bootstrap->metric);

  LazyMlflow mlflow(o.http, io);
  Run candidate_run;
  std::string warnings, model = o.model;
  Side candidate = read_candidate(o, spec, io, mlflow, candidate_run, warnings);
  std::optional<Side> baseline = read_baseline(o, spec, io, mlflow, model);
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
  in.rules_path = o.rules_path;

  GateOutcome outcome = build_gate_outcome(in);
  outcome.warnings = std::move(warnings);
  if (!o.promote_alias.empty()) promote(o, model, candidate_run, mlflow(), outcome);
  return outcome;
}

}  // namespace mlops::gate
