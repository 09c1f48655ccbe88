#include "validate/options.h"

#include <algorithm>
#include <cstdint>

#include "attest/options.h"
#include "cli/option_groups.h"
#include "cli/publish.h"
#include "core/error.h"
#include "io/value_parse.h"

namespace mlops::validate {
namespace {

namespace po = cli::po;

// Examples are for reading; a thousand per check is more than a report can show usefully.
constexpr std::int64_t kMaxExamples = 1000;

// The options whose text is checked and converted after parsing.
struct RawCheckOptions {
  std::string fail_on = "error", as_of;
  std::int64_t max_examples = 5;  // signed: a size_t option reads "-1" as 2^64 - 1
  int threads = cli::default_threads();
};

void describe(po::options_description& desc, CheckOptions& o, RawCheckOptions& raw) {
  desc.add_options()("help,h", "show this help")("data", po::value(&o.validate.files)->multitoken(),
                                                 "data files, validated as one dataset")(
      "contract,c", po::value(&o.contract_path)->value_name("PATH"), "the contract (YAML)")(
      "max-examples", po::value(&raw.max_examples)->value_name("N"),
      "offending values shown per check (default 5, at most 1000)")(
      "fail-on", po::value(&raw.fail_on)->value_name("error|warning"),
      "which failed checks fail the gate (default error)")(
      "as-of", po::value(&raw.as_of)->value_name("DATETIME"),
      "the time freshness is measured from (default now), e.g. 2026-01-31T00:00:00Z");
  cli::add_threads_option(desc, raw.threads, "large plain CSV files",
                          "the number of cores, at most 8");
  cli::add_data_http_options(desc, o.validate.remote.http);
  cli::add_output_options(desc, o.out, true);
  attest::add_record_options(desc, o.record);
}

// --as-of as seconds since the epoch: a datetime, or a date at midnight UTC.
double parse_as_of(const std::string& as_of) {
  auto t = io::parse_datetime(as_of);
  if (t) return *t;
  auto d = io::parse_date(as_of);
  if (!d) {
    throw usage_error("--as-of: cannot read '" + as_of + "' as a date or datetime",
                      "use ISO 8601, e.g. 2026-01-31T00:00:00Z");
  }
  return static_cast<double>(*d) * 86400.0;
}

}  // namespace

const char* const kDataValidateUsage =
    "usage: data-validate check DATA... --contract CONTRACT.yaml [options]\n"
    "       data-validate infer DATA [--sample-rows N] [-o CONTRACT.yaml]\n"
    "\n"
    "Validates datasets against a contract in one streaming pass (exit 0 valid, 1 violated,\n"
    "2 bad contract or usage, 3 data unreadable), or writes a starter contract from data.\n"
    "Data: CSV, TSV, JSON Lines or JSON arrays, optionally gzip/zstd; - reads stdin.\n";

std::optional<CheckOptions> parse_check_options(const std::vector<std::string>& args, cli::Io& io) {
  CheckOptions o;
  RawCheckOptions raw;
  po::options_description desc("data-validate check options");
  describe(desc, o, raw);
  po::positional_options_description pos;
  pos.add("data", -1);
  auto vm = cli::parse(args, desc, pos);
  if (vm.count("help")) {
    io.out << kDataValidateUsage << "\n" << desc << "\n";
    return std::nullopt;
  }
  const std::vector<std::string>& files = o.validate.files;
  std::vector<std::string> inputs = files;
  inputs.insert(inputs.end(), {o.contract_path, o.record.attest_key});
  cli::check_outputs(o.out, {o.record.attest_out}, inputs, {o.record.audit_log});
  o.recorder = std::make_shared<const attest::DecisionRecorder>(o.record, io.getenv);
  if (files.empty()) throw usage_error("no data files given", "pass at least one DATA path");
  if (o.contract_path.empty()) {
    throw usage_error("--contract is required", "pass the contract YAML");
  }
  if (raw.fail_on != "error" && raw.fail_on != "warning") {
    throw usage_error("--fail-on must be 'error' or 'warning', not '" + raw.fail_on + "'");
  }
  o.fail_on_warning = raw.fail_on == "warning";
  if (raw.max_examples < 0 || raw.max_examples > kMaxExamples) {
    throw usage_error("--max-examples must be 0 to " + std::to_string(kMaxExamples) + ", not " +
                      std::to_string(raw.max_examples));
  }
  o.validate.max_examples = static_cast<std::size_t>(raw.max_examples);
  o.validate.progress = io.stderr_is_tty && !o.out.quiet;
  o.validate.charts = !o.out.html.empty();
  cli::check_threads(raw.threads);
  o.validate.threads = raw.threads;
  net::check_options(o.validate.remote.http);
  if (!raw.as_of.empty()) o.validate.as_of = parse_as_of(raw.as_of);
  return o;
}

std::optional<InferOptions> parse_infer_options(const std::vector<std::string>& args, cli::Io& io) {
  InferOptions o;
  std::int64_t sample_rows = 0;  // signed: a size_t option reads "-1" as 2^64 - 1
  po::options_description desc("data-validate infer options");
  desc.add_options()("help,h", "show this help")("data", po::value(&o.data), "the data file")(
      "sample-rows", po::value(&sample_rows)->value_name("N"),
      "read only the first N rows (default: all)")(
      "output,o", po::value(&o.output)->value_name("PATH"), "where to write (default stdout)");
  cli::add_data_http_options(desc, o.remote.http);
  po::positional_options_description pos;
  pos.add("data", 1);
  auto vm = cli::parse(args, desc, pos);
  if (vm.count("help")) {
    io.out << kDataValidateUsage << "\n" << desc << "\n";
    return std::nullopt;
  }
  if (o.data.empty()) throw usage_error("no data file given", "pass the DATA path to infer from");
  if (sample_rows < 0) {
    throw usage_error("--sample-rows must be 0 (all rows) or more, not " +
                      std::to_string(sample_rows));
  }
  o.sample_rows = static_cast<std::size_t>(sample_rows);
  net::check_options(o.remote.http);
  cli::refuse_overwriting_inputs({o.data}, {o.output});
  return o;
}

}  // namespace mlops::validate
