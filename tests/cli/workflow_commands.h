#pragma once

#include <string>
#include <vector>

namespace mlops::cli::testing {

// The workflow commands a GitHub runner would act on in `log` (a step's stdout or stderr), as
// actions/runner reads it: lines end at \n, \r or \r\n (.NET ReadLine); a line whose text after
// leading whitespace starts with "::" is a command, and so is a line holding "##[" (the legacy
// syntax); after ::stop-commands::TOKEN nothing is, until a line ::TOKEN::.
inline std::vector<std::string> active_commands(const std::string& log) {
  std::vector<std::string> lines;
  std::string line;
  for (std::size_t i = 0; i < log.size(); ++i) {
    char c = log[i];
    if (c == '\r' || c == '\n') {
      lines.push_back(line);
      line.clear();
      if (c == '\r' && i + 1 < log.size() && log[i + 1] == '\n') ++i;
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(line);
  std::vector<std::string> commands;
  std::string resume;  // "::TOKEN::" while commands are stopped
  for (const std::string& l : lines) {
    std::string t = l.substr(std::min(l.size(), l.find_first_not_of(" \t\f\v")));
    if (!resume.empty()) {
      if (t == resume) resume.clear();
      continue;
    }
    if (t.rfind("::stop-commands::", 0) == 0) {
      resume = "::" + t.substr(17) + "::";
      continue;
    }
    if (t.rfind("::", 0) == 0 || l.find("##[") != std::string::npos) commands.push_back(t);
  }
  return commands;
}

}  // namespace mlops::cli::testing
