#include "drift/options.h"

#include "attest/options.h"
#include "cli/publish.h"
#include "core/error.h"

namespace mlops::drift {
namespace {

namespace po = cli::po;

constexpr std::string_view kUsage =
    "usage: drift-check compare --reference REF --current CUR [--config drift.yaml] [options]\n"
    "       drift-check profile DATA -o DATA.profile.json [--config drift.yaml]\n"
    "       drift-check merge A.profile.json B.profile.json... -o MERGED.profile.json\n"
    "\n"
    "Has the current data drifted from the reference? REF and CUR are data files (CSV, TSV,\n"
    "JSON Lines, JSON; gzip/zstd; - for stdin) or profiles. Exit 0 no dataset drift, 1 dataset\n"
    "drift, 2 bad usage or config, 3 an input or server could not be read (never a pass).\n";

// Labels drift-check sets on its own metrics.
constexpr std::string_view kTakenLabels[] = {"column", "method"};

// Prints the usage and `desc` when --help was given.
bool help(const po::variables_map& vm, const po::options_description& desc, cli::Io& io) {
  if (!vm.count("help")) return false;
  io.out << kUsage << "\n" << desc << "\n";
  return true;
}

DriftConfig config_of(const std::string& path) {
  return path.empty() ? DriftConfig{} : load_config(path);
}

}  // namespace

std::string_view usage() { return kUsage; }

std::optional<CompareOptions> parse_compare_options(const std::vector<std::string>& args,
                                                    cli::Io& io) {
  CompareOptions o;
  std::uint64_t budget_mb = 0;
  std::string schema;
  po::options_description desc("drift-check compare options");
  desc.add_options()("help,h", "show this help")(
      "reference,r", po::value(&o.reference)->value_name("REF"),
      "the reference data or profile (e.g. the training data)")(
      "current,c", po::value(&o.current)->value_name("CUR"), "the data to check, or its profile")(
      "config", po::value(&o.config_path)->value_name("drift.yaml"),
      "preset, thresholds, column roles, types, methods and weights")(
      "sketch", po::bool_switch(&o.sketch),
      "summarise numbers in quantile sketches instead of keeping every value (bounded memory)")(
      "schema", po::value(&schema)->value_name("POLICY"),
      "a column only one side has, or numbers against text: error (dataset drift, the "
      "default), warn or ignore; overrides the config's schema:")(
      "memory-budget-mb", po::value(&budget_mb)->value_name("MB"),
      "memory for exact values before switching to sketches (default 1024)")(
      "prometheus", po::value(&o.prometheus)->value_name("FILE"),
      "write the Prometheus text exposition (e.g. for node_exporter's textfile collector)");
  cli::add_threads_option(desc, o.threads, "large plain CSV inputs",
                          "the number of cores, at most 8");
  cli::add_push_options(desc, o.push, "drift-check");
  cli::add_http_options(desc, o.http, "the Pushgateway push", "the Pushgateway's TLS certificate");
  cli::add_data_http_options(desc, o.remote.http);
  cli::add_output_options(desc, o.out, true);
  attest::add_record_options(desc, o.record);
  auto vm = cli::parse(args, desc);
  if (help(vm, desc, io)) return std::nullopt;
  cli::check_outputs(o.out, {o.prometheus, o.record.attest_out},
                     {o.reference, o.current, o.config_path, o.record.attest_key},
                     {o.record.audit_log});
  o.recorder.emplace(o.record, io.getenv);
  if (o.reference.empty() || o.current.empty()) {
    throw usage_error("--reference and --current are both required", "see drift-check --help");
  }
  if (o.reference == "-" && o.current == "-") throw usage_error("only one input can be stdin");
  cli::check_threads(o.threads);
  net::check_options(o.remote.http);
  o.labels = cli::push_labels(o.push, kTakenLabels);
  o.config = config_of(o.config_path);
  if (budget_mb > (1 << 24)) throw usage_error("--memory-budget-mb must be at most 16777216");
  if (budget_mb > 0) o.config.memory_budget = budget_mb << 20;
  if (!schema.empty()) {
    auto policy = parse_schema_policy(schema);
    if (!policy) {
      throw usage_error("unknown --schema '" + schema + "'", "use error, warn or ignore");
    }
    o.config.schema = *policy;
  }
  return o;
}

std::optional<ProfileOptions> parse_profile_options(const std::vector<std::string>& args,
                                                    cli::Io& io) {
  ProfileOptions o;
  po::options_description desc("drift-check profile options");
  desc.add_options()("help,h", "show this help")("data", po::value(&o.data)->value_name("DATA"),
                                                 "the data file (- for stdin)")(
      "output,o", po::value(&o.output)->value_name("FILE"),
      "where to write the profile (- for stdout)")(
      "config", po::value(&o.config_path)->value_name("drift.yaml"),
      "column roles and types, sketch_k, max_categories")("quiet,q", po::bool_switch(&o.quiet),
                                                          "print nothing but errors");
  cli::add_threads_option(desc, o.threads, "a large plain CSV file; the sketches depend on it",
                          "1");
  cli::add_data_http_options(desc, o.remote.http);
  po::positional_options_description positional;
  positional.add("data", 1);
  auto vm = cli::parse(args, desc, positional);
  if (help(vm, desc, io)) return std::nullopt;
  if (o.data.empty() || o.output.empty()) {
    throw usage_error("profile needs DATA and -o FILE",
                      "e.g. drift-check profile data.csv -o data.profile.json");
  }
  cli::refuse_overwriting_inputs({o.data, o.config_path}, {o.output});
  cli::check_threads(o.threads);
  net::check_options(o.remote.http);
  o.config = config_of(o.config_path);
  return o;
}

std::optional<MergeOptions> parse_merge_options(const std::vector<std::string>& args, cli::Io& io) {
  MergeOptions o;
  po::options_description desc("drift-check merge options");
  desc.add_options()("help,h", "show this help")(
      "profiles", po::value(&o.inputs)->value_name("PROFILE")->composing(), "profiles to merge")(
      "output,o", po::value(&o.output)->value_name("FILE"), "where to write the merged profile")(
      "quiet,q", po::bool_switch(&o.quiet), "print nothing but errors");
  po::positional_options_description positional;
  positional.add("profiles", -1);
  auto vm = cli::parse(args, desc, positional);
  if (help(vm, desc, io)) return std::nullopt;
  if (o.inputs.empty() || o.output.empty()) {
    throw usage_error("merge needs profiles and -o FILE",
                      "e.g. drift-check merge a.json b.json -o all.json");
  }
  cli::refuse_overwriting_inputs(o.inputs, {o.output});
  return o;
}

}  // namespace mlops::drift
