#include "cli/publish.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/error.h"
#include "core/file.h"
#include "json/write.h"
#include "report/github.h"
#include "report/junit.h"
#include "report/markdown.h"
#include "report/text.h"

namespace mlops::cli {
namespace {

// Flushes `os` and turns a failed write (a full disk, a closed pipe with SIGPIPE ignored)
// into exit 3: the report on stdout is the report of `--json -`.
void flush_checked(std::ostream& os, const std::string& what) {
  os.flush();
  if (!os) {
    throw input_error("cannot write the " + what + " to the standard output or error",
                      "check that the stream is open (not a closed pipe) and the disk has room");
  }
}

}  // namespace

void write_output(const std::string& path, std::string_view text, Io& io, const char* what,
                  StdoutShield shield) {
  if (path == "-") {
    io.out << shield_stdout_document(text, shield, io.github_actions());
    flush_checked(io.out, std::string(what) + " report");
    return;
  }
  write_file(path, text, false, (std::string(what) + " report").c_str());
}

bool github_mode(const OutputOptions& options, const Io& io) {
  return !options.no_github && io.github_actions();
}

std::string shield_untrusted(std::string_view text, bool github) {
  if (!github || text.empty() ||
      (text.find("::") == std::string_view::npos && text.find("##[") == std::string_view::npos)) {
    return std::string(text);
  }
  const std::string token = random_hex(16);
  std::string out = "::stop-commands::" + token + "\n";
  out += text;
  if (out.back() != '\n') out += '\n';
  out += "::" + token + "::\n";
  return out;
}

std::string shield_stdout_document(std::string_view text, StdoutShield shield, bool github) {
  if (!github || shield == StdoutShield::kNone) return std::string(text);
  if (shield == StdoutShield::kWrap) return shield_untrusted(text, github);
  // JSON: "##[" only occurs inside strings, where "#\u0023[" is the same text.
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (std::size_t at = text.find("##["); at != std::string_view::npos;
       at = text.find("##[", from)) {
    out.append(text.substr(from, at - from)).append("#\\u0023[");
    from = at + 3;
  }
  out.append(text.substr(from));
  return out;
}

void Finish::add_file(const std::string& path, std::string text, std::string what) {
  if (!path.empty()) files_.push_back({path, std::move(text), std::move(what)});
}

void Finish::publish(const report::Report& report, const boost::json::value& json) {
  const bool github = github_mode(options_, io_);
  const bool json_to_stdout = options_.json == "-";
  if (!options_.quiet && !json_to_stdout) {
    if (!has_text_) {
      std::ostringstream text;
      report::write_text(report, text, options_.verbose);
      text_ = text.str();
    }
    // Like the warnings: the runner reads stdout for workflow commands whatever --no-github
    // says, and the text report quotes data (column names, values, file names).
    io_.out << shield_untrusted(text_, io_.github_actions());
  }
  if (!warnings_.empty()) {
    // The runner reads stderr for workflow commands whatever --no-github says.
    io_.err << shield_untrusted(warnings_, io_.github_actions());
    flush_checked(io_.err, "warnings");
  }
  flush_checked(io_.out, "text report");

  std::vector<File> files;
  if (!options_.json.empty()) files.push_back({options_.json, json::pretty(json), "JSON report"});
  if (!options_.junit.empty()) {
    std::ostringstream xml;
    report::write_junit(report, xml);
    files.push_back({options_.junit, xml.str(), "JUnit report"});
  }
  if (!options_.markdown.empty()) {
    files.push_back({options_.markdown, report::to_markdown(report), "Markdown report"});
  }
  for (File& f : files_) files.push_back(std::move(f));
  files_.clear();

  // Stage every file before any is renamed: a full disk fails here and replaces nothing.
  std::vector<StagedFile> staged;
  for (const File& f : files) {
    if (f.path == "-") {
      const bool is_json = &f == &files.front() && options_.json == "-";
      io_.out << shield_stdout_document(f.text, is_json ? StdoutShield::kJson : StdoutShield::kWrap,
                                        io_.github_actions());
      flush_checked(io_.out, f.what);
    } else {
      staged.emplace_back(f.path, f.text, f.what.c_str());
    }
  }
  auto take_back = [&staged] {
    for (StagedFile& s : staged) s.remove_committed();
  };
  try {
    for (StagedFile& s : staged) s.commit();
  } catch (...) {
    take_back();
    throw;
  }

  std::optional<report::GithubActions::Appended> appended;
  if (github) {
    // Workflow commands go to stdout, where the runner reads them; with --json - stdout is
    // the JSON document, so they go to stderr (the runner reads both).
    std::ostream& commands = json_to_stdout ? io_.err : io_.out;
    report::GithubActions gh(commands, io_.env("GITHUB_OUTPUT"), io_.env("GITHUB_STEP_SUMMARY"));
    try {
      gh.annotate_checks(report);
      flush_checked(commands, "GitHub annotations");
      appended = gh.write_files(report);
    } catch (...) {
      take_back();
      throw;
    }
  }
  if (record_) {
    try {
      record_();
    } catch (...) {
      if (appended) appended->undo();
      take_back();
      throw;
    }
  }
}

void publish(const report::Report& report, const boost::json::value& json,
             const OutputOptions& options, Io& io) {
  Finish(options, io).publish(report, json);
}

std::vector<std::string> output_paths(const OutputOptions& options) {
  std::vector<std::string> out;
  for (const std::string* p : {&options.json, &options.junit, &options.markdown, &options.html}) {
    if (!p->empty() && *p != "-") out.push_back(*p);
  }
  return out;
}

namespace {

// The --junit path of the running command once it was armed; empty, none.
thread_local std::string junit_on_error;
// Why the --junit path of a command line that did not parse was not armed; empty, it was.
thread_local std::string junit_refused;

// A file found at an output path by check_outputs: `target` after following symlinks.
struct FoundOutput {
  std::string target;
  dev_t dev;
  ino_t ino;
};
thread_local std::vector<FoundOutput> found_outputs;

std::optional<struct stat> regular_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return st;
}

// Whether the text at `path` starts like a JUnit report: an optional BOM, XML declaration,
// comments and white space, then <testsuites or <testsuite.
bool holds_junit(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  std::size_t at = head.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  for (;;) {
    at = head.find_first_not_of(" \t\r\n", at);
    if (at == std::string::npos) return false;
    std::string_view rest = std::string_view(head).substr(at);
    if (rest.starts_with("<?") || rest.starts_with("<!--")) {
      const std::string_view close = rest.starts_with("<?") ? "?>" : "-->";
      const std::size_t end = head.find(close, at);
      if (end == std::string::npos) return false;
      at = end + close.size();
      continue;
    }
    return rest.starts_with("<testsuites") || rest.starts_with("<testsuite");
  }
}

}  // namespace

void check_outputs(const OutputOptions& options, const std::vector<std::string>& extra_outputs,
                   const std::vector<std::string>& inputs,
                   const std::vector<std::string>& appended_outputs) {
  std::vector<std::string> replaced = output_paths(options);
  replaced.insert(replaced.end(), extra_outputs.begin(), extra_outputs.end());
  std::vector<std::string> outputs = replaced;
  outputs.insert(outputs.end(), appended_outputs.begin(), appended_outputs.end());
  refuse_overwriting_inputs(inputs, outputs);
  junit_on_error = options.junit;
  for (const std::string& path : replaced) {
    if (path.empty() || path == "-") continue;
    std::error_code ec;
    auto target = std::filesystem::canonical(path, ec);
    auto st = regular_file(path);
    if (!ec && st) found_outputs.push_back({target.string(), st->st_dev, st->st_ino});
  }
}

void arm_error_report_unparsed(const std::string& junit,
                               const std::vector<std::string>& other_values) {
  if (junit.empty()) return;
  if (junit != "-") {
    struct stat st {};
    if (::stat(junit.c_str(), &st) == 0) {
      if (!S_ISREG(st.st_mode) || !holds_junit(junit)) {
        junit_refused = junit +
                        " exists and is not a JUnit report, and a command line that "
                        "does not parse cannot say whether it is an input";
        return;
      }
      for (const std::string& value : other_values) {
        if (same_file(junit, value)) {
          junit_refused = junit + " is also given as " + value +
                          ", and a command line that does not parse cannot say whether that "
                          "is an input";
          return;
        }
      }
    } else if (errno != ENOENT) {
      junit_refused = junit + ": " + std::strerror(errno);
      return;
    }
  }
  junit_on_error = junit;
}

void disarm_error_report() {
  junit_on_error.clear();
  junit_refused.clear();
  found_outputs.clear();
}

void write_error_report(std::string_view tool, ExitCode code, std::string_view message, Io& io) {
  if (!junit_refused.empty()) throw input_error(junit_refused, "fix the command line");
  if (junit_on_error.empty()) return;
  std::ostringstream xml;
  report::write_junit_error(tool, code, message, xml);
  write_output(junit_on_error, xml.str(), io, "JUnit");
}

std::vector<std::string> remove_stale_outputs() {
  std::vector<std::string> failed;
  for (const FoundOutput& f : found_outputs) {
    auto st = regular_file(f.target);
    if (!st || st->st_dev != f.dev || st->st_ino != f.ino) continue;  // gone, or rewritten
    if (::unlink(f.target.c_str()) != 0 && errno != ENOENT) {
      failed.push_back("cannot remove " + f.target + ", a report of an earlier run: " +
                       std::strerror(errno) + ", remove it before anyone reads it as this run's");
    }
  }
  found_outputs.clear();
  return failed;
}

void refuse_overwriting_inputs(const std::vector<std::string>& inputs,
                               const std::vector<std::string>& outputs) {
  // Only regular files can be overwritten for good; /dev/null twice is fine.
  auto skip = [](const std::string& p) {
    std::error_code ec;
    return p.empty() || p == "-" ||
           (std::filesystem::exists(p, ec) && !std::filesystem::is_regular_file(p, ec));
  };
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    const std::string& out = outputs[i];
    if (skip(out)) continue;
    for (const std::string& in : inputs) {
      if (!skip(in) && same_file(out, in)) {
        throw usage_error("the output " + out + " is the input " + in,
                          "write the output somewhere else: it would overwrite its own input");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (skip(outputs[j])) continue;
      std::error_code e1, e2;
      auto a = std::filesystem::weakly_canonical(out, e1);
      auto b = std::filesystem::weakly_canonical(outputs[j], e2);
      if (same_file(out, outputs[j]) || (!e1 && !e2 && a == b)) {
        throw usage_error("two outputs name the same file: " + outputs[j] + " and " + out,
                          "give each output its own path");
      }
    }
  }
}

}  // namespace mlops::cli
