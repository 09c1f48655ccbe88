#include "report/junit.h"

#include <cstdio>

namespace mlops::report {
namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", s);
  return buf;
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out += ch;
        }
    }
  }
  return out;
}

namespace {

// `error_type` is the type attribute of <error>: "error" for a check that could not be
// evaluated, "usage" or "input" for a run that ended in an error.
void write(const Report& r, std::ostream& out, std::string_view error_type) {
  const std::size_t tests = r.checks.size();
  const std::string counts = " tests=\"" + std::to_string(tests) + "\" failures=\"" +
                             std::to_string(r.count(Status::kFail)) + "\" errors=\"" +
                             std::to_string(r.count(Status::kError)) + "\" skipped=\"" +
                             std::to_string(r.count(Status::kSkip)) + "\" time=\"" +
                             seconds_text(r.seconds) + "\"";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << xml_escape(r.tool) << "\"" << counts << ">\n";
  out << "  <testsuite name=\"" << xml_escape(r.tool + ": " + r.title) << "\"" << counts << ">\n";
  for (const Check& c : r.checks) {
    std::string classname = r.tool + (c.group.empty() ? "" : "." + c.group);
    out << "    <testcase classname=\"" << xml_escape(classname) << "\" name=\""
        << xml_escape(c.name) << "\" time=\"" << seconds_text(c.seconds) << "\"";
    std::string where;
    if (c.location && !c.location->file.empty()) {
      out << " file=\"" << xml_escape(c.location->file) << "\"";
      if (c.location->line > 0) out << " line=\"" << c.location->line << "\"";
    }
    switch (c.status) {
      case Status::kPass:
        out << "/>\n";
        continue;
      case Status::kFail:
        out << ">\n      <failure message=\"" << xml_escape(c.message) << "\" type=\"fail\">"
            << xml_escape(c.message) << "</failure>\n";
        break;
      case Status::kError:
        out << ">\n      <error message=\"" << xml_escape(c.message) << "\" type=\"" << error_type
            << "\">" << xml_escape(c.message) << "</error>\n";
        break;
      case Status::kSkip:
        out << ">\n      <skipped message=\"" << xml_escape(c.message) << "\"/>\n";
        break;
      case Status::kWarn:
        out << ">\n      <system-out>warning: " << xml_escape(c.message) << "</system-out>\n";
        break;
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace

void write_junit(const Report& report, std::ostream& out) { write(report, out, "error"); }

void write_junit_error(std::string_view tool, ExitCode code, std::string_view message,
                       std::ostream& out) {
  const bool usage = code == ExitCode::kUsage;
  Check check;
  check.name = usage ? "usage error" : "could not evaluate";
  check.status = Status::kError;
  check.message = std::string(message);
  Report r;
  r.tool = std::string(tool);
  r.title = check.name;
  r.exit = code;
  r.checks.push_back(std::move(check));
  write(r, out, usage ? "usage" : "input");
}

}  // namespace mlops::report
