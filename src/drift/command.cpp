#include "drift/command.h"

#include <boost/json.hpp>
#include <chrono>
#include <exception>
#include <thread>
#include <unordered_map>

#include "attest/options.h"
#include "cli/app.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/file.h"
#include "core/text.h"
#include "core/version.h"
#include "drift/compare.h"
#include "drift/config.h"
#include "drift/html.h"
#include "drift/profile.h"
#include "drift/profile_json.h"
#include "drift/report.h"
#include "io/open_table.h"
#include "io/progress.h"
#include "io/sampled_reader.h"
#include "io/source.h"
#include "json/write.h"
#include "net/http.h"
#include "net/metrics.h"
#include "report/text.h"

namespace mlops::drift {
namespace {

namespace po = cli::po;

constexpr const char* kUsage =
    "usage: drift-check compare --reference REF --current CUR [--config drift.yaml] [options]\n"
    "       drift-check profile DATA -o DATA.profile.json [--config drift.yaml]\n"
    "       drift-check merge A.profile.json B.profile.json... -o MERGED.profile.json\n"
    "\n"
    "Has the current data drifted from the reference? REF and CUR are data files (CSV, TSV,\n"
    "JSON Lines, JSON; gzip/zstd; - for stdin) or profiles. Exit 0 no dataset drift, 1 dataset\n"
    "drift, 2 bad usage or config, 3 an input or server could not be read (never a pass).\n";

// Column plans for a raw input: the config's roles and types first, then `like` (the other
// side's columns, so both sides read a column the same way), then the sample's types. A column
// whose values are numbers on one side and text on the other keeps its own kind, so that the
// comparison sees the schema change instead of failing on the first word in a numeric column.
std::vector<ColumnPlan> plan_columns(const std::vector<std::string>& names,
                                     const io::TypeInferrer& inferred, const DriftConfig& config,
                                     const std::vector<ColumnPlan>* like) {
  std::unordered_map<std::string_view, const ColumnPlan*> others;
  if (like) {
    for (const ColumnPlan& o : *like) others.emplace(o.name, &o);
  }
  std::vector<ColumnPlan> plan;
  plan.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    ColumnPlan p{names[i], default_kind(inferred.type(i)), inferred.type(i),
                 inferred.values(i) > 0};
    const ColumnSettings* s = config.find(names[i]);
    if (like) {
      auto found = others.find(names[i]);
      if (found == others.end()) {
        p.kind = Kind::kIgnored;  // new in this input: reported, not compared
      } else {
        const ColumnPlan& other = *found->second;
        if (!kinds_conflict(p.kind, p.typed, other.kind, other.typed) || (s && s->kind)) {
          p = {names[i], other.kind, other.type, other.typed};
        }
      }
    }
    p.kind = planned_kind(p.kind, s);
    plan.push_back(p);
  }
  return plan;
}

std::vector<ColumnPlan> plan_of(const Profile& profile) {
  std::vector<ColumnPlan> plan;
  for (const ColumnProfile& c : profile.columns) {
    plan.push_back({c.name, c.kind, c.type, has_values(c)});
  }
  return plan;
}

struct Input {
  std::string path;
  bool is_profile = false;
  std::unique_ptr<io::SampledReader> reader;
  std::unique_ptr<io::Progress> progress;
  Profile profile;
  bool spilled = false;
};

Input open_input(const std::string& path, const cli::Io& io, bool progress) {
  Input in;
  in.path = path;
  if (is_profile_file(path)) {
    in.is_profile = true;
    in.profile = load_profile(path);
    return in;
  }
  io::ReadOptions options;
  if (progress && path != "-") {
    in.progress = std::make_unique<io::Progress>(io.err, true, path, io::file_size(path));
    options.progress = in.progress.get();
  }
  in.reader = std::make_unique<io::SampledReader>(io::open_table(path, options, io.in), 10000);
  return in;
}

void build(Input& in, std::vector<ColumnPlan> plan, const BuildOptions& options) {
  ProfileBuilder builder(std::move(plan), options);
  io::Row row;
  while (in.reader->next(row)) builder.add(row, *in.reader);
  in.spilled = builder.spilled();
  in.profile = builder.finish(in.reader->name(), in.reader->bytes_read());
  if (in.progress) in.progress->finish();
}

std::string text_report(const DatasetResult& r) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"column", "kind", "method", "statistic", "p-value", "threshold", "effect",
                  "missing", "verdict"});
  for (const ColumnResult& c : r.columns) {
    std::string name =
        c.column +
        (c.role == Role::kFeature ? std::string() : " [" + std::string(to_string(c.role)) + "]");
    if (!c.error.empty()) {
      rows.push_back({name, std::string(to_string(c.kind)), "-", "-", "-", "-", "-",
                      missing_summary(c), "error: " + c.error});
      continue;
    }
    std::string verdict = c.drift ? "DRIFT" : "ok";
    if (c.missing_drift) verdict += " (missing values)";
    if (c.uncertain)
      verdict = "DRIFT? (uncertain within error " + format_number(c.error_bound, 2) + ")";
    rows.push_back({name, std::string(to_string(c.kind)), std::string(to_string(c.method)),
                    format_number(c.statistic, 4), c.p_value ? format_number(*c.p_value, 4) : "-",
                    format_number(c.threshold),
                    c.effect ? format_number(*c.effect, 3) +
                                   (*c.effect >= c.min_effect ? " >= " : " < ") +
                                   format_number(c.min_effect)
                             : "-",
                    missing_summary(c), verdict});
  }
  std::string text = "drift-check: " + r.current + " (" + std::to_string(r.current_rows) +
                     " rows) against " + r.reference + " (" + std::to_string(r.reference_rows) +
                     " rows), preset " + std::string(to_string(r.preset)) + "\n" +
                     "drift-check: " + schema_summary(r) + "\n" + report::text_table(rows);
  for (const std::string& n : r.notes) text += "  note: " + n + "\n";
  if (r.reference_rank_error > 0 || r.current_rank_error > 0) {
    text += "  note: sketched values; normalised rank error <= " +
            format_number(100 * std::max(r.reference_rank_error, r.current_rank_error), 3) +
            "% (99% confidence)\n";
  }
  std::size_t drifted = r.drifted().size();
  const bool share_drift = r.share >= r.drift_share;
  text += "drift-check: " + std::string(r.drift ? "DATASET DRIFT" : "no dataset drift") + " (" +
          (r.schema_drift() ? "the schema changed; " : "") + std::to_string(drifted) + " of " +
          std::to_string(r.columns.size()) + " columns drifted, weighted share " +
          format_number(r.share, 4) + (share_drift ? " >= " : " < ") +
          format_number(r.drift_share) + ")\n";
  return text;
}

ExitCode compare_command(const std::vector<std::string>& args, cli::Io& io) {
  std::string reference, current, config_path, prometheus, pushgateway, job = "drift-check";
  std::vector<std::string> labels;
  bool sketch = false;
  int threads = 1;
  std::uint64_t budget_mb = 0;
  std::string schema;
  net::Options http;
  cli::OutputOptions out;
  attest::RecordOptions record;
  po::options_description desc("drift-check compare options");
  desc.add_options()("help,h", "show this help")(
      "reference,r", po::value(&reference)->value_name("REF"),
      "the reference data or profile (e.g. the training data)")(
      "current,c", po::value(&current)->value_name("CUR"), "the data to check, or its profile")(
      "config", po::value(&config_path)->value_name("drift.yaml"),
      "preset, thresholds, column roles, types, methods and weights")(
      "sketch", po::bool_switch(&sketch),
      "summarise numbers in quantile sketches instead of keeping every value (bounded memory)")(
      "schema", po::value(&schema)->value_name("POLICY"),
      "a column only one side has, or numbers against text: error (dataset drift, the "
      "default), warn or ignore; overrides the config's schema:")(
      "memory-budget-mb", po::value(&budget_mb)->value_name("MB"),
      "memory for exact values before switching to sketches (default 1024)")(
      "threads", po::value(&threads)->value_name("N"),
      "1 reads the inputs one after the other, 2 at once (default 1)")(
      "prometheus", po::value(&prometheus)->value_name("FILE"),
      "write the Prometheus text exposition (e.g. for node_exporter's textfile collector)")(
      "pushgateway", po::value(&pushgateway)->value_name("URL"),
      "push the metrics to this Pushgateway (token from PUSHGATEWAY_TOKEN, if set)")(
      "job", po::value(&job)->value_name("NAME"), "the Pushgateway job (default drift-check)")(
      "label", po::value(&labels)->value_name("NAME=VALUE")->composing(),
      "a label added to every metric (repeatable)")(
      "timeout", po::value(&http.timeout_seconds)->value_name("SECONDS"),
      "deadline of the Pushgateway push, retries included (default 30)")(
      "retries", po::value(&http.retries)->value_name("N"),
      "extra attempts on connection errors and 5xx (default 2)")(
      "insecure", po::bool_switch(&http.insecure),
      "do not verify the Pushgateway's TLS certificate");
  cli::add_output_options(desc, out, true);
  attest::add_record_options(desc, record);
  auto vm = cli::parse(args, desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  cli::check_outputs(out, {prometheus, record.attest_out},
                     {reference, current, config_path, record.attest_key}, {record.audit_log});
  const attest::DecisionRecorder recorder(record, io.getenv);
  if (reference.empty() || current.empty()) {
    throw usage_error("--reference and --current are both required", "see drift-check --help");
  }
  if (reference == "-" && current == "-") throw usage_error("only one input can be stdin");
  if (threads < 1 || threads > 2) throw usage_error("--threads must be 1 or 2");
  static constexpr std::string_view kTakenLabels[] = {"column", "method"};
  auto metric_labels = net::parse_metric_labels(labels, kTakenLabels);
  DriftConfig config = config_path.empty() ? DriftConfig{} : load_config(config_path);
  if (budget_mb > (1 << 24)) throw usage_error("--memory-budget-mb must be at most 16777216");
  if (budget_mb > 0) config.memory_budget = budget_mb << 20;
  if (!schema.empty()) {
    auto policy = parse_schema_policy(schema);
    if (!policy) {
      throw usage_error("unknown --schema '" + schema + "'", "use error, warn or ignore");
    }
    config.schema = *policy;
  }

  auto start = std::chrono::steady_clock::now();
  const bool progress = io.stderr_is_tty && !out.quiet && threads == 1;
  Input ref = open_input(reference, io, progress);
  Input cur = open_input(current, io, progress);
  MemoryBudget budget;
  budget.limit = config.memory_budget;
  BuildOptions options;
  options.storage = sketch ? Storage::kSketch : Storage::kExact;
  options.sketch_k = config.sketch_k;
  options.max_categories = config.max_categories;
  options.budget = &budget;
  if (ref.is_profile) options.sketch_k = ref.profile.sketch_k;
  if (cur.is_profile) options.sketch_k = cur.profile.sketch_k;
  std::vector<ColumnPlan> ref_plan, cur_plan;
  if (!ref.is_profile) {
    const std::vector<ColumnPlan> other =
        cur.is_profile ? plan_of(cur.profile) : std::vector<ColumnPlan>{};
    ref_plan = plan_columns(ref.reader->columns(), ref.reader->inferred(), config,
                            cur.is_profile ? &other : nullptr);
  }
  if (!cur.is_profile) {
    const std::vector<ColumnPlan> like = ref.is_profile ? plan_of(ref.profile) : ref_plan;
    cur_plan = plan_columns(cur.reader->columns(), cur.reader->inferred(), config, &like);
  }
  if (threads == 2 && !ref.is_profile && !cur.is_profile) {
    std::exception_ptr failure;
    std::thread second([&] {
      try {
        build(cur, cur_plan, options);
      } catch (...) {
        failure = std::current_exception();
      }
    });
    try {
      build(ref, ref_plan, options);
    } catch (...) {
      second.join();
      throw;
    }
    second.join();
    if (failure) std::rethrow_exception(failure);
  } else {
    if (!ref.is_profile) build(ref, ref_plan, options);
    if (!cur.is_profile) build(cur, cur_plan, options);
  }

  for (const Input* in : {&ref, &cur}) {
    if (in->profile.rows == 0) {
      throw input_error(in->path + " has no rows", "there is nothing to compare; check the input");
    }
  }
  DatasetResult result = compare(ref.profile, cur.profile, config);
  if (ref.spilled || cur.spilled) {
    result.notes.push_back("exact values would exceed the memory budget of " +
                           std::to_string(config.memory_budget >> 20) +
                           " MB: numbers were summarised in sketches");
  }
  report::Report rep = to_report(result, config.path);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The push goes first: when it fails (exit 3) no GitHub output may already say "no drift".
  std::string exposition = to_prometheus(result, metric_labels);
  if (!pushgateway.empty()) {
    // Credentials only from the environment, never argv.
    net::push_metrics(pushgateway, job, exposition, http, io.env("PUSHGATEWAY_TOKEN"));
  }
  cli::Finish finish(out, io);
  finish.set_text(text_report(result));  // the table replaces the generic text report
  if (!out.html.empty()) finish.add_file(out.html, to_html(result), "HTML report");
  finish.add_file(prometheus, exposition, "Prometheus metrics");
  if (recorder.active()) {
    finish.set_record([&] {
      recorder.record({"drift-check", std::string(version()), rep.verdict(),
                       static_cast<int>(rep.exit), attest::file_subjects({current}),
                       attest::file_subjects({reference, config_path}),
                       attest::config_digest(config_path), to_json(result)});
    });
  }
  finish.publish(rep, to_json(result));
  return rep.exit;
}

ExitCode profile_command(const std::vector<std::string>& args, cli::Io& io) {
  std::string data, output, config_path;
  bool quiet = false;
  po::options_description desc("drift-check profile options");
  desc.add_options()("help,h", "show this help")("data", po::value(&data)->value_name("DATA"),
                                                 "the data file (- for stdin)")(
      "output,o", po::value(&output)->value_name("FILE"),
      "where to write the profile (- for stdout)")(
      "config", po::value(&config_path)->value_name("drift.yaml"),
      "column roles and types, sketch_k, max_categories")("quiet,q", po::bool_switch(&quiet),
                                                          "print nothing but errors");
  po::positional_options_description positional;
  positional.add("data", 1);
  auto vm = cli::parse(args, desc, positional);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  if (data.empty() || output.empty()) {
    throw usage_error("profile needs DATA and -o FILE",
                      "e.g. drift-check profile data.csv -o data.profile.json");
  }
  cli::refuse_overwriting_inputs({data, config_path}, {output});
  DriftConfig config = config_path.empty() ? DriftConfig{} : load_config(config_path);
  Input in = open_input(data, io, io.stderr_is_tty && !quiet);
  if (in.is_profile)
    throw usage_error(data + " is already a profile", "use merge to combine profiles");
  MemoryBudget budget;
  budget.limit = config.memory_budget;
  BuildOptions options;
  options.storage = Storage::kSketch;
  options.sketch_k = config.sketch_k;
  options.max_categories = config.max_categories;
  options.budget = &budget;
  build(in, plan_columns(in.reader->columns(), in.reader->inferred(), config, nullptr), options);
  cli::write_output(output, mlops::json::pretty(to_json(in.profile)), io, "profile",
                    cli::StdoutShield::kJson);
  if (!quiet && output != "-") {
    // File names are the caller's text: shielded like data in GitHub mode.
    io.out << cli::shield_untrusted("drift-check: profiled " + std::to_string(in.profile.rows) +
                                        " rows, " + std::to_string(in.profile.columns.size()) +
                                        " columns of " + data + " into " + output + "\n",
                                    io.github_actions());
  }
  return ExitCode::kPass;
}

ExitCode merge_command(const std::vector<std::string>& args, cli::Io& io) {
  std::vector<std::string> inputs;
  std::string output;
  bool quiet = false;
  po::options_description desc("drift-check merge options");
  desc.add_options()("help,h", "show this help")(
      "profiles", po::value(&inputs)->value_name("PROFILE")->composing(), "profiles to merge")(
      "output,o", po::value(&output)->value_name("FILE"), "where to write the merged profile")(
      "quiet,q", po::bool_switch(&quiet), "print nothing but errors");
  po::positional_options_description positional;
  positional.add("profiles", -1);
  auto vm = cli::parse(args, desc, positional);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  if (inputs.empty() || output.empty()) {
    throw usage_error("merge needs profiles and -o FILE",
                      "e.g. drift-check merge a.json b.json -o all.json");
  }
  cli::refuse_overwriting_inputs(inputs, {output});
  Profile merged = load_profile(inputs[0]);
  for (std::size_t i = 1; i < inputs.size(); ++i) merge(merged, load_profile(inputs[i]));
  cli::write_output(output, mlops::json::pretty(to_json(merged)), io, "profile",
                    cli::StdoutShield::kJson);
  if (!quiet && output != "-") {
    io.out << cli::shield_untrusted("drift-check: merged " + std::to_string(inputs.size()) +
                                        " profiles (" + std::to_string(merged.rows) +
                                        " rows) into " + output + "\n",
                                    io.github_actions());
  }
  return ExitCode::kPass;
}

}  // namespace

ExitCode drift_check(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, kUsage)) return *done;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "compare") return compare_command(rest, io);
  if (args[0] == "profile") return profile_command(rest, io);
  if (args[0] == "merge") return merge_command(rest, io);
  std::string hint = "use compare, profile or merge (see --help)";
  if (std::string near = nearest(args[0], {"compare", "profile", "merge"}); !near.empty()) {
    hint = "did you mean '" + near + "'?";
  }
  throw usage_error("unknown command '" + args[0] + "'", hint);
}

}  // namespace mlops::drift
