#include "validate/command.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <thread>

#include "attest/options.h"
#include "cli/app.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/file.h"
#include "core/version.h"
#include "io/open_table.h"
#include "io/value_parse.h"
#include "json/write.h"
#include "validate/contract.h"
#include "validate/html.h"
#include "validate/infer.h"
#include "validate/report_builder.h"
#include "validate/validator.h"

namespace mlops::validate {
namespace {

namespace po = cli::po;

constexpr const char* kUsage =
    "usage: data-validate check DATA... --contract CONTRACT.yaml [options]\n"
    "       data-validate infer DATA [--sample-rows N] [-o CONTRACT.yaml]\n"
    "\n"
    "Validates datasets against a contract in one streaming pass (exit 0 valid, 1 violated,\n"
    "2 bad contract or usage, 3 data unreadable), or writes a starter contract from data.\n"
    "Data: CSV, TSV, JSON Lines or JSON arrays, optionally gzip/zstd; - reads stdin.\n";

// Examples are for reading; a thousand per check is more than a report can show usefully.
constexpr std::int64_t kMaxExamples = 1000;

ExitCode check(const std::vector<std::string>& args, cli::Io& io) {
  std::vector<std::string> files;
  std::string contract_path, fail_on = "error", as_of;
  std::int64_t max_examples = 5;  // signed: a size_t option reads "-1" as 2^64 - 1
  int threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  cli::OutputOptions out;
  po::options_description desc("data-validate check options");
  desc.add_options()("help,h", "show this help")("data", po::value(&files)->multitoken(),
                                                 "data files, validated as one dataset")(
      "contract,c", po::value(&contract_path)->value_name("PATH"), "the contract (YAML)")(
      "max-examples", po::value(&max_examples)->value_name("N"),
      "offending values shown per check (default 5, at most 1000)")(
      "fail-on", po::value(&fail_on)->value_name("error|warning"),
      "which failed checks fail the gate (default error)")(
      "as-of", po::value(&as_of)->value_name("DATETIME"),
      "the time freshness is measured from (default now), e.g. 2026-01-31T00:00:00Z")(
      "threads", po::value(&threads)->value_name("N"),
      "threads for large plain CSV files (default: the number of cores, at most 8)");
  cli::add_output_options(desc, out, true);
  attest::RecordOptions record;
  attest::add_record_options(desc, record);
  po::positional_options_description pos;
  pos.add("data", -1);
  auto vm = cli::parse(args, desc, pos);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  std::vector<std::string> inputs = files;
  inputs.insert(inputs.end(), {contract_path, record.attest_key});
  cli::check_outputs(out, {record.attest_out}, inputs, {record.audit_log});
  const attest::DecisionRecorder recorder(record, io.getenv);
  if (files.empty()) throw usage_error("no data files given", "pass at least one DATA path");
  if (contract_path.empty()) throw usage_error("--contract is required", "pass the contract YAML");
  if (fail_on != "error" && fail_on != "warning") {
    throw usage_error("--fail-on must be 'error' or 'warning', not '" + fail_on + "'");
  }
  if (max_examples < 0 || max_examples > kMaxExamples) {
    throw usage_error("--max-examples must be 0 to " + std::to_string(kMaxExamples) + ", not " +
                      std::to_string(max_examples));
  }
  ValidateOptions options;
  options.files = files;
  options.max_examples = static_cast<std::size_t>(max_examples);
  options.progress = io.stderr_is_tty && !out.quiet;
  options.charts = !out.html.empty();
  if (threads < 1) throw usage_error("--threads must be at least 1");
  options.threads = threads;
  if (!as_of.empty()) {
    auto t = io::parse_datetime(as_of);
    if (!t) {
      auto d = io::parse_date(as_of);
      if (!d)
        throw usage_error("--as-of: cannot read '" + as_of + "' as a date or datetime",
                          "use ISO 8601, e.g. 2026-01-31T00:00:00Z");
      t = static_cast<double>(*d) * 86400.0;
    }
    options.as_of = t;
  }

  Contract contract = load_contract(contract_path);
  Result result = run_validation(contract, options, io.in, io.err);
  Outcome outcome = build_outcome(contract, result, fail_on == "warning");
  cli::Finish finish(out, io);
  if (!out.html.empty())
    finish.add_file(out.html, to_html(contract, result, outcome), "HTML report");
  if (cli::github_mode(out, io)) {
    // Later steps (artifact upload, PR comments) find the JSON report through this output.
    std::string report = out.json;
    if (report.empty() || report == "-") {
      // Created exclusively under an unpredictable name: a symlink planted at a guessable
      // /tmp/data-validate-<pid>.json cannot redirect the write.
      std::string dir = io.env("RUNNER_TEMP");
      report =
          create_unique_file(dir.empty() ? std::string("/tmp") : dir, "data-validate-", ".json");
      finish.add_file(report, mlops::json::pretty(outcome.json), "JSON report");
    }
    outcome.report.facts.emplace_back("report", report);
  }
  if (recorder.active()) {
    finish.set_record([&] {
      recorder.record({"data-validate", std::string(version()), outcome.report.verdict(),
                       static_cast<int>(outcome.report.exit), attest::file_subjects(files),
                       attest::file_subjects({contract_path}), attest::config_digest(contract_path),
                       outcome.json});
    });
  }
  finish.publish(outcome.report, outcome.json);
  return outcome.report.exit;
}

ExitCode infer(const std::vector<std::string>& args, cli::Io& io) {
  std::string data, output = "-";
  std::int64_t sample_rows = 0;  // signed: a size_t option reads "-1" as 2^64 - 1
  po::options_description desc("data-validate infer options");
  desc.add_options()("help,h", "show this help")("data", po::value(&data), "the data file")(
      "sample-rows", po::value(&sample_rows)->value_name("N"),
      "read only the first N rows (default: all)")(
      "output,o", po::value(&output)->value_name("PATH"), "where to write (default stdout)");
  po::positional_options_description pos;
  pos.add("data", 1);
  auto vm = cli::parse(args, desc, pos);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  if (data.empty()) throw usage_error("no data file given", "pass the DATA path to infer from");
  if (sample_rows < 0) {
    throw usage_error("--sample-rows must be 0 (all rows) or more, not " +
                      std::to_string(sample_rows));
  }
  cli::refuse_overwriting_inputs({data}, {output});
  auto reader = io::open_table(data, io::ReadOptions{}, io.in);
  cli::write_output(output, infer_contract(*reader, static_cast<std::size_t>(sample_rows)), io,
                    "contract", cli::StdoutShield::kNone);
  return ExitCode::kPass;
}

}  // namespace

ExitCode data_validate(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, kUsage)) return *done;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "check") return check(rest, io);
  if (args[0] == "infer") return infer(rest, io);
  throw usage_error("unknown command '" + args[0] + "'", "use 'check' or 'infer' (see --help)");
}

}  // namespace mlops::validate
