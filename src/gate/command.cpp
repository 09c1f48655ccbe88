#include "gate/command.h"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>

#include "attest/options.h"
#include "cli/app.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "core/version.h"
#include "gate/bootstrap.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"
#include "gate/mlflow.h"
#include "gate/predictions.h"
#include "gate/promote.h"
#include "gate/report.h"
#include "gate/rules.h"
#include "net/http.h"

namespace mlops::gate {
namespace {

namespace po = cli::po;

constexpr const char* kUsage =
    "usage: metric-gate check --rules GATE.yaml CANDIDATE [BASELINE] [options]\n"
    "  CANDIDATE: --metrics FILE | --predictions FILE | --mlflow-run RUN_ID\n"
    "  BASELINE:  --baseline-metrics FILE | --baseline-predictions FILE |\n"
    "             --mlflow-baseline MODEL@ALIAS | MODEL/STAGE\n"
    "\n"
    "Gates a trained model on its metrics: exit 0 all rules pass, 1 a rule fails, 2 bad rules\n"
    "or usage, 3 a metric or input is unavailable (never a pass).\n";

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

Task parse_task(const std::string& t) {
  if (t == "binary") return Task::kBinary;
  if (t == "multiclass") return Task::kMulticlass;
  if (t == "regression") return Task::kRegression;
  throw usage_error("--task must be binary, multiclass or regression, not '" + t + "'");
}

struct Sources {
  std::string metrics, predictions, mlflow_run;
  std::string baseline_metrics, baseline_predictions, mlflow_baseline;
};

}  // namespace

ExitCode metric_gate(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, kUsage)) return *done;
  if (args[0] != "check") {
    throw usage_error("unknown command '" + args[0] + "'", "use 'check' (see --help)");
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  Sources src;
  std::string rules_path, task = "binary", proba, classes, promote_alias, model;
  std::string candidate_prefix, baseline_prefix;
  bool allow_running = false;
  PredictionSpec spec;
  int bootstrap = 0;
  net::Options http;
  cli::OutputOptions out;
  po::options_description desc("metric-gate check options");
  desc.add_options()("help,h", "show this help")(
      "rules,r", po::value(&rules_path)->value_name("GATE.yaml"), "the gate rules")(
      "metrics", po::value(&src.metrics)->value_name("FILE"), "candidate metrics (JSON or YAML)")(
      "predictions", po::value(&src.predictions)->value_name("FILE"),
      "candidate predictions (CSV, JSON Lines, ...; - for stdin)")(
      "mlflow-run", po::value(&src.mlflow_run)->value_name("RUN_ID"), "candidate MLflow run")(
      "baseline-metrics", po::value(&src.baseline_metrics)->value_name("FILE"), "baseline metrics")(
      "baseline-predictions", po::value(&src.baseline_predictions)->value_name("FILE"),
      "baseline predictions, same rows as the candidate's")(
      "mlflow-baseline", po::value(&src.mlflow_baseline)->value_name("MODEL@ALIAS|MODEL/STAGE"),
      "the champion in the MLflow model registry")(
      "task", po::value(&task)->value_name("binary|multiclass|regression"),
      "what the predictions are (default binary)")(
      "label-column", po::value(&spec.label_column)->value_name("NAME"), "default: label")(
      "score-column", po::value(&spec.score_column)->value_name("NAME"),
      "binary: P(positive); regression: the prediction (default: score)")(
      "proba-columns", po::value(&proba)->value_name("A,B,..."),
      "multiclass: one probability column per class")(
      "classes", po::value(&classes)->value_name("X,Y,..."),
      "multiclass: the label value of each probability column (default 0,1,...)")(
      "positive-label", po::value(&spec.positive_label)->value_name("VALUE"),
      "binary: the positive class (default 1/true)")(
      "weight-column", po::value(&spec.weight_column)->value_name("NAME"), "sample weights")(
      "threshold", po::value(&spec.threshold)->value_name("P"),
      "binary: predicted positive when score >= P (default 0.5)")(
      "bootstrap", po::value(&bootstrap)->value_name("N"),
      "resamples for the rules' bootstrap section (overrides its samples)")(
      "promote-alias", po::value(&promote_alias)->value_name("ALIAS"),
      "on pass, point this alias of --model at the candidate run's version")(
      "model", po::value(&model)->value_name("NAME"),
      "the registered model of the candidate run (default: from --mlflow-baseline)")(
      "allow-running-run", po::bool_switch(&allow_running),
      "promote a candidate run that has not finished (RUNNING) when the gate passes")(
      "candidate-prefix", po::value(&candidate_prefix)->value_name("PREFIX"),
      "use the candidate metrics named PREFIX<name>, e.g. test. or val_")(
      "baseline-prefix", po::value(&baseline_prefix)->value_name("PREFIX"),
      "use the baseline metrics named PREFIX<name>")(
      "timeout", po::value(&http.timeout_seconds)->value_name("SECONDS"),
      "deadline of each MLflow request, retries included (default 30)")(
      "retries", po::value(&http.retries)->value_name("N"),
      "extra attempts on connection errors and 5xx (default 2)")(
      "insecure", po::bool_switch(&http.insecure),
      "do not verify MLflow's TLS certificate (also MLFLOW_TRACKING_INSECURE_TLS=true)");
  cli::add_output_options(desc, out, false);
  attest::RecordOptions record;
  attest::add_record_options(desc, record);
  auto vm = cli::parse(rest, desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  cli::check_outputs(out, {record.attest_out},
                     {rules_path, src.metrics, src.predictions, src.baseline_metrics,
                      src.baseline_predictions, record.attest_key},
                     {record.audit_log});
  const attest::DecisionRecorder recorder(record, io.getenv);
  if (rules_path.empty()) throw usage_error("--rules is required", "pass the gate file");
  int candidates = !src.metrics.empty() + !src.predictions.empty() + !src.mlflow_run.empty();
  int baselines = !src.baseline_metrics.empty() + !src.baseline_predictions.empty() +
                  !src.mlflow_baseline.empty();
  if (candidates != 1) {
    throw usage_error("give exactly one candidate: --metrics, --predictions or --mlflow-run");
  }
  if (baselines > 1) throw usage_error("give at most one baseline");
  spec.task = parse_task(task);
  spec.proba_columns = split_commas(proba);
  spec.classes = split_commas(classes);
  if (!spec.classes.empty() && spec.classes.size() != spec.proba_columns.size()) {
    throw usage_error("--classes must list one label per --proba-columns column");
  }
  // Every usage check comes before anything is read from or written to MLflow.
  if (!promote_alias.empty() && src.mlflow_run.empty()) {
    throw usage_error("--promote-alias needs the candidate as --mlflow-run");
  }
  if (!promote_alias.empty() && model.empty() && src.mlflow_baseline.empty()) {
    throw usage_error("--promote-alias needs --model (or --mlflow-baseline naming the model)");
  }
  if (allow_running && promote_alias.empty()) {
    throw usage_error("--allow-running-run is only for --promote-alias");
  }
  if (!promote_alias.empty()) check_alias_name(promote_alias);
  // MLflow's own client settings are honoured too, and refused as it refuses them.
  if (!src.mlflow_run.empty() || !src.mlflow_baseline.empty()) {
    const char* kInsecure = "MLFLOW_TRACKING_INSECURE_TLS";
    if (mlflow_env_flag(kInsecure, io.getenv ? io.getenv(kInsecure) : std::nullopt)) {
      http.insecure = true;
    }
    http.ca_file = io.env("MLFLOW_TRACKING_SERVER_CERT_PATH");
    if (http.insecure && !http.ca_file.empty()) {
      throw usage_error(
          "TLS verification is off (--insecure or MLFLOW_TRACKING_INSECURE_TLS) and "
          "MLFLOW_TRACKING_SERVER_CERT_PATH names a CA bundle",
          "set only one of them, as MLflow's own client requires");
    }
  }

  if (!(spec.threshold >= 0 && spec.threshold <= 1)) {
    throw usage_error(
        "--threshold must be a probability from 0 to 1, not " + format_number(spec.threshold),
        "a NaN or out-of-range threshold would predict every row the same");
  }

  Rules rules = load_rules(rules_path);
  if (vm.count("bootstrap")) {
    if (!rules.bootstrap) {
      throw usage_error("--bootstrap: " + rules_path + " has no bootstrap section to resample",
                        "add bootstrap: {metric: ...} to the rules, or drop --bootstrap");
    }
    if (bootstrap < kMinBootstrapSamples || bootstrap > kMaxBootstrapSamples) {
      throw usage_error("--bootstrap must be 100 to 100000 resamples, not " +
                        std::to_string(bootstrap));
    }
    rules.bootstrap->samples = bootstrap;
  }
  for (const MetricRule& r : rules.metrics) spec.probabilities |= needs_probabilities(r.metric);
  if (rules.bootstrap) spec.probabilities |= needs_probabilities(rules.bootstrap->metric);

  std::optional<net::CurlClient> transport;
  std::optional<MlflowClient> mlflow;
  auto mlflow_client = [&]() -> MlflowClient& {
    if (!mlflow) {
      transport.emplace(http);
      mlflow.emplace(
          MlflowClient::from_env([&](const std::string& k) { return io.env(k); }, *transport));
    }
    return *mlflow;
  };

  GateInputs in;
  Run candidate_run;
  std::optional<Predictions> cand_pred, base_pred;
  if (!src.metrics.empty()) {
    in.candidate = load_metrics_file(src.metrics);
  } else if (!src.predictions.empty()) {
    cand_pred = read_predictions(src.predictions, spec, io.in);
    in.candidate = compute_metrics(*cand_pred);
  } else {
    in.candidate.source = "MLflow run " + src.mlflow_run;
    candidate_run = mlflow_client().run(src.mlflow_run);
    if (std::string warning = check_candidate_run(candidate_run, src.mlflow_run);
        !warning.empty()) {
      io.err << cli::shield_untrusted("metric-gate: warning: " + warning + "\n",
                                      io.github_actions());
    }
    in.candidate.values = candidate_run.metrics;
  }
  if (!src.baseline_metrics.empty()) {
    in.baseline = load_metrics_file(src.baseline_metrics);
  } else if (!src.baseline_predictions.empty()) {
    base_pred = read_predictions(src.baseline_predictions, spec, io.in);
    in.baseline = compute_metrics(*base_pred);
  } else if (!src.mlflow_baseline.empty()) {
    ModelVersion v = resolve_model_reference(mlflow_client(), src.mlflow_baseline);
    MetricSet base;
    base.source =
        "MLflow " + src.mlflow_baseline + " (version " + v.version + ", run " + v.run_id + ")";
    base.values = mlflow_client().run_metrics(v.run_id);
    in.baseline = std::move(base);
    if (model.empty()) model = v.name;
  }
  in.candidate = strip_prefix(in.candidate, candidate_prefix);
  if (in.baseline) in.baseline = strip_prefix(*in.baseline, baseline_prefix);
  in.checks = evaluate(rules, in.candidate, in.baseline ? &*in.baseline : nullptr);
  if (rules.bootstrap) {
    if (!cand_pred || !base_pred) {
      throw usage_error(
          "the gate's bootstrap section needs --predictions and --baseline-predictions");
    }
    in.bootstrap = paired_bootstrap(*cand_pred, *base_pred, *rules.bootstrap);
  }
  in.rules_path = rules_path;

  GateOutcome outcome = build_gate_outcome(in);
  if (!promote_alias.empty()) {
    const bool passed = outcome.report.exit == ExitCode::kPass;
    if (auto promoted =
            record_verdict(mlflow_client(), {src.mlflow_run, model, promote_alias, allow_running},
                           candidate_run, passed, outcome.failed_rules)) {
      outcome.report.facts.emplace_back("promoted", *promoted);
    }
  }
  cli::Finish finish(out, io);
  finish.set_text(outcome.text);  // the table replaces the generic text report
  if (recorder.active()) {
    finish.set_record([&] {
      recorder.record(
          {"metric-gate", std::string(version()), outcome.report.verdict(),
           static_cast<int>(outcome.report.exit),
           attest::file_subjects({src.metrics, src.predictions}),
           attest::file_subjects({src.baseline_metrics, src.baseline_predictions, rules_path}),
           attest::config_digest(rules_path), outcome.json});
    });
  }
  try {
    finish.publish(outcome.report, outcome.json);
  } catch (const Error& e) {
    // MLflow was written before the reports (the promoted fact is in them); a report that then
    // fails must not leave that write unsaid.
    if (promote_alias.empty()) throw;
    throw Error(e.code(),
                e.what() + std::string("; MLflow was already written: run ") + src.mlflow_run +
                    " tagged metric_gate=" +
                    (outcome.report.exit == ExitCode::kPass
                         ? "passed and alias '" + promote_alias + "' of " + model + " moved to it"
                         : "failed"),
                e.hint());
  }
  return outcome.report.exit;
}

}  // namespace mlops::gate
