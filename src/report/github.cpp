#include "report/github.h"

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.h"
#include "core/file.h"
#include "report/markdown.h"

namespace mlops::report {

std::string escape_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_property(std::string_view text) {
  std::string out;
  for (char c : escape_data(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string GithubActions::random_delimiter() {
  // getentropy (glibc 2.25, macOS 10.12) rather than std::random_device, whose libstdc++ 12
  // build calls arc4random and so would need glibc 2.36 of the runner.
  std::array<unsigned char, 16> bytes{};
  if (getentropy(bytes.data(), bytes.size()) != 0) {
    throw Error(
        ExitCode::kCannotEvaluate,
        std::string("no random bytes for the GitHub output delimiter: ") + std::strerror(errno));
  }
  std::string out = "ghadelimiter_";
  static constexpr char kHex[] = "0123456789abcdef";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

GithubActions::GithubActions(std::ostream& commands, std::string output_file,
                             std::string summary_file, std::function<std::string()> delimiter)
    : commands_(commands),
      output_file_(std::move(output_file)),
      summary_file_(std::move(summary_file)),
      delimiter_(std::move(delimiter)) {}

void GithubActions::set_output(std::string_view name, std::string_view value) {
  if (output_file_.empty()) return;
  write_file(output_file_, output_entry(name, value), true, "GITHUB_OUTPUT file");
}

std::string GithubActions::output_entry(std::string_view name, std::string_view value) {
  if (name.empty() || name.find_first_of("=\r\n<") != std::string_view::npos) {
    throw Error(ExitCode::kUsage, "invalid GitHub output name '" + std::string(name) + "'");
  }
  std::string entry;
  if (value.find_first_of("\r\n") == std::string_view::npos) {
    entry = std::string(name) + "=" + std::string(value) + "\n";
  } else {
    std::string delim = delimiter_();
    // A value holding the delimiter would end the heredoc early; draw another.
    for (int i = 0; value.find(delim) != std::string_view::npos; ++i) {
      if (i == 8) throw Error(ExitCode::kCannotEvaluate, "cannot find a heredoc delimiter");
      delim = delimiter_();
    }
    entry = std::string(name) + "<<" + delim + "\n" + std::string(value) + "\n" + delim + "\n";
  }
  return entry;
}

void GithubActions::append_summary(std::string_view markdown) {
  if (summary_file_.empty()) return;
  write_file(summary_file_, markdown, true, "GITHUB_STEP_SUMMARY file");
}

void GithubActions::annotate(Status level, std::string_view message, const Location* location,
                             std::string_view title) {
  const char* command = level == Status::kFail || level == Status::kError ? "error"
                        : level == Status::kWarn                          ? "warning"
                                                                          : "notice";
  std::string props;
  auto add = [&](const char* key, std::string_view value) {
    props += props.empty() ? " " : ",";
    props += key;
    props += '=';
    props += escape_property(value);
  };
  if (location != nullptr && !location->file.empty()) {
    add("file", location->file);
    if (location->line > 0) add("line", std::to_string(location->line));
    if (location->column > 0) add("col", std::to_string(location->column));
  }
  if (!title.empty()) add("title", title);
  commands_ << "::" << command << props << "::" << escape_data(message) << "\n";
}

void GithubActions::annotate_checks(const Report& report) {
  for (const Check& c : report.checks) {
    if (c.status == Status::kFail || c.status == Status::kWarn || c.status == Status::kError) {
      annotate(c.status, c.message, c.location ? &*c.location : nullptr,
               report.tool + ": " + c.name);
    }
  }
}

void GithubActions::Appended::undo() const noexcept {
  if (output) truncate_file(output_file, output_size);
  if (summary) truncate_file(summary_file, summary_size);
}

GithubActions::Appended GithubActions::write_files(const Report& report) {
  Appended done;
  done.output_file = output_file_;
  done.summary_file = summary_file_;
  if (!output_file_.empty()) {
    // Every entry is made before anything is written: a bad name writes nothing.
    std::string entries = output_entry("verdict", report.verdict());
    for (const auto& [name, value] : report.facts) entries += output_entry(name, value);
    done.output_size = append_file(output_file_, entries, "GITHUB_OUTPUT file");
    done.output = true;
  }
  if (!summary_file_.empty()) {
    try {
      done.summary_size =
          append_file(summary_file_, to_markdown(report) + "\n", "GITHUB_STEP_SUMMARY file");
      done.summary = true;
    } catch (...) {
      done.undo();
      throw;
    }
  }
  return done;
}

void GithubActions::publish(const Report& report) {
  annotate_checks(report);
  write_files(report);
}

}  // namespace mlops::report
