#include "gate/options.h"

#include <sstream>

#include "attest/options.h"
#include "cli/option_groups.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "gate/mlflow.h"
#include "gate/promote.h"

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

// The options whose text is checked and converted after parsing.
struct RawOptions {
  std::string task = "binary", proba, classes;
  int bootstrap = 0;
};

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

void describe(po::options_description& desc, MetricGateOptions& o, RawOptions& raw) {
  PredictionSpec& spec = o.spec;
  desc.add_options()("help,h", "show this help")(
      "rules,r", po::value(&o.rules_path)->value_name("GATE.yaml"), "the gate rules")(
      "metrics", po::value(&o.metrics)->value_name("FILE"), "candidate metrics (JSON or YAML)")(
      "predictions", po::value(&o.predictions)->value_name("FILE"),
      "candidate predictions (CSV, JSON Lines, ...; - for stdin)")(
      "mlflow-run", po::value(&o.mlflow_run)->value_name("RUN_ID"), "candidate MLflow run")(
      "baseline-metrics", po::value(&o.baseline_metrics)->value_name("FILE"), "baseline metrics")(
      "baseline-predictions", po::value(&o.baseline_predictions)->value_name("FILE"),
      "baseline predictions, same rows as the candidate's")(
      "mlflow-baseline", po::value(&o.mlflow_baseline)->value_name("MODEL@ALIAS|MODEL/STAGE"),
      "the champion in the MLflow model registry")(
      "task", po::value(&raw.task)->value_name("binary|multiclass|regression"),
      "what the predictions are (default binary)")(
      "label-column", po::value(&spec.label_column)->value_name("NAME"), "default: label")(
      "score-column", po::value(&spec.score_column)->value_name("NAME"),
      "binary: P(positive); regression: the prediction (default: score)")(
      "proba-columns", po::value(&raw.proba)->value_name("A,B,..."),
      "multiclass: one probability column per class")(
      "classes", po::value(&raw.classes)->value_name("X,Y,..."),
      "multiclass: the label value of each probability column (default 0,1,...)")(
      "positive-label", po::value(&spec.positive_label)->value_name("VALUE"),
      "binary: the positive class (default 1/true)")(
      "weight-column", po::value(&spec.weight_column)->value_name("NAME"), "sample weights")(
      "threshold", po::value(&spec.threshold)->value_name("P"),
      "binary: predicted positive when score >= P (default 0.5)")(
      "bootstrap", po::value(&raw.bootstrap)->value_name("N"),
      "resamples for the rules' bootstrap section (overrides its samples)")(
      "promote-alias", po::value(&o.promote_alias)->value_name("ALIAS"),
      "on pass, point this alias of --model at the candidate run's version")(
      "model", po::value(&o.model)->value_name("NAME"),
      "the registered model of the candidate run (default: from --mlflow-baseline)")(
      "allow-running-run", po::bool_switch(&o.allow_running),
      "promote a candidate run that has not finished (RUNNING) when the gate passes")(
      "candidate-prefix", po::value(&o.candidate_prefix)->value_name("PREFIX"),
      "use the candidate metrics named PREFIX<name>, e.g. test. or val_")(
      "baseline-prefix", po::value(&o.baseline_prefix)->value_name("PREFIX"),
      "use the baseline metrics named PREFIX<name>");
  cli::add_http_options(desc, o.http, "each MLflow request",
                        "MLflow's TLS certificate (also MLFLOW_TRACKING_INSECURE_TLS=true)");
  cli::add_data_http_options(desc, o.spec.remote.http);
  cli::add_output_options(desc, o.out, false);
  attest::add_record_options(desc, o.record);
}

void check_sources(const MetricGateOptions& o) {
  if (o.rules_path.empty()) throw usage_error("--rules is required", "pass the gate file");
  const int candidates = !o.metrics.empty() + !o.predictions.empty() + !o.mlflow_run.empty();
  const int baselines =
      !o.baseline_metrics.empty() + !o.baseline_predictions.empty() + !o.mlflow_baseline.empty();
  if (candidates != 1) {
    throw usage_error("give exactly one candidate: --metrics, --predictions or --mlflow-run");
  }
  if (baselines > 1) throw usage_error("give at most one baseline");
}

// Every usage check comes before anything is read from or written to MLflow.
void check_promotion(const MetricGateOptions& o) {
  if (!o.promote_alias.empty() && o.mlflow_run.empty()) {
    throw usage_error("--promote-alias needs the candidate as --mlflow-run");
  }
  if (!o.promote_alias.empty() && o.model.empty() && o.mlflow_baseline.empty()) {
    throw usage_error("--promote-alias needs --model (or --mlflow-baseline naming the model)");
  }
  if (o.allow_running && o.promote_alias.empty()) {
    throw usage_error("--allow-running-run is only for --promote-alias");
  }
  if (!o.promote_alias.empty()) check_alias_name(o.promote_alias);
}

// MLflow's own client settings are honoured too, and refused as it refuses them.
void apply_mlflow_tls(net::Options& http, const cli::Io& io) {
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

}  // namespace

std::optional<MetricGateOptions> parse_metric_gate_options(const std::vector<std::string>& args,
                                                           cli::Io& io) {
  if (cli::top_level_help(args, io, kUsage)) return std::nullopt;
  if (args[0] != "check") {
    throw usage_error("unknown command '" + args[0] + "'", "use 'check' (see --help)");
  }
  MetricGateOptions o;
  RawOptions raw;
  po::options_description desc("metric-gate check options");
  describe(desc, o, raw);
  auto vm = cli::parse(std::vector<std::string>(args.begin() + 1, args.end()), desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return std::nullopt;
  }
  cli::check_outputs(o.out, {o.record.attest_out},
                     {o.rules_path, o.metrics, o.predictions, o.baseline_metrics,
                      o.baseline_predictions, o.record.attest_key},
                     {o.record.audit_log});
  o.recorder = std::make_shared<const attest::DecisionRecorder>(o.record, io.getenv);
  check_sources(o);
  o.spec.task = parse_task(raw.task);
  o.spec.proba_columns = split_commas(raw.proba);
  o.spec.classes = split_commas(raw.classes);
  if (!o.spec.classes.empty() && o.spec.classes.size() != o.spec.proba_columns.size()) {
    throw usage_error("--classes must list one label per --proba-columns column");
  }
  check_promotion(o);
  net::check_options(o.spec.remote.http);
  if (!o.mlflow_run.empty() || !o.mlflow_baseline.empty()) apply_mlflow_tls(o.http, io);
  if (!(o.spec.threshold >= 0 && o.spec.threshold <= 1)) {
    throw usage_error(
        "--threshold must be a probability from 0 to 1, not " + format_number(o.spec.threshold),
        "a NaN or out-of-range threshold would predict every row the same");
  }
  if (vm.count("bootstrap")) o.bootstrap = raw.bootstrap;
  return o;
}

}  // namespace mlops::gate
