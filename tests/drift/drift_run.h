#pragma once

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "drift/command.h"
#include "drift/options.h"
#include "drift/report.h"
#include "drift/run.h"

// drift-check run in-process with a full argv, and the files its tests write and read.
namespace mlops::drift::testing {

// A file under the test temp directory holding `text`; its path. `prefix` keeps suites apart.
inline std::string temp_file(const std::string& prefix, const std::string& name,
                             const std::string& text) {
  std::string path = ::testing::TempDir() + prefix + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

inline std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

struct DriftRun {
  int exit = -1;
  std::string out, err;
};

// `drift-check ARGS...` with `env` as its environment.
inline DriftRun run_drift(std::vector<std::string> args,
                          std::map<std::string, std::string> env = {}) {
  cli::testing::FakeIo f;
  f.env = std::move(env);
  args.insert(args.begin(), "drift-check");
  cli::testing::Argv argv(args);
  DriftRun r;
  r.exit = cli::run_tool("drift-check", argv.span(), f.io, drift_check);
  r.out = f.out.str();
  r.err = f.err.str();
  return r;
}

struct Compared {
  DriftRun run;
  boost::json::value report;  // the JSON report; null when none was written
};

// `drift-check compare -r REF -c CUR --json J --no-github [--config C] MORE...`, with the
// config text `config` (none when empty) and the report in temp files named after `prefix`.
inline Compared compare_json(const std::string& prefix, const std::string& ref,
                             const std::string& cur, const std::string& config,
                             std::vector<std::string> more = {}) {
  const std::string json_path = temp_file(prefix, ".report.json", "");
  std::vector<std::string> args = {"compare", "-r",     ref,       "-c",
                                   cur,       "--json", json_path, "--no-github"};
  if (!config.empty()) {
    args.push_back("--config");
    args.push_back(temp_file(prefix, ".yaml", config));
  }
  args.insert(args.end(), more.begin(), more.end());
  Compared c;
  c.run = run_drift(args);
  const std::string text = slurp(json_path);
  if (!text.empty()) c.report = boost::json::parse(text);
  return c;
}

// The result of `compare -r REF -c CUR -q` as JSON, read by `threads` threads in pieces of at
// least 1 KiB (so that small test files are read in pieces).
inline boost::json::value compare_in_pieces(const std::string& ref, const std::string& cur,
                                            int threads) {
  cli::testing::FakeIo f;
  auto o = parse_compare_options({"-r", ref, "-c", cur, "-q"}, f.io);
  o->threads = threads;
  o->min_piece_bytes = 1024;
  return to_json(run_compare(*o, f.io).result);
}

// The JSON report's entry of column `name`, or nullptr.
inline const boost::json::object* report_column(const boost::json::value& report,
                                                const std::string& name) {
  for (const auto& c : report.at("columns").as_array()) {
    if (c.at("column").as_string() == name) return &c.as_object();
  }
  return nullptr;
}

}  // namespace mlops::drift::testing
