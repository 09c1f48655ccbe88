#include "cli/publish.h"

#include <boost/json/serialize.hpp>
#include <sstream>

#include "core/error.h"
#include "core/file.h"
#include "report/github.h"
#include "report/junit.h"
#include "report/markdown.h"
#include "report/text.h"

namespace mlops::cli {
namespace {

void pretty(std::ostream& os, const boost::json::value& v, std::string& indent) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      const auto& obj = v.get_object();
      if (obj.empty()) {
        os << "{}";
        break;
      }
      os << "{\n";
      indent += "  ";
      bool first = true;
      for (const auto& kv : obj) {
        if (!first) os << ",\n";
        first = false;
        os << indent << boost::json::serialize(boost::json::string(kv.key())) << ": ";
        pretty(os, kv.value(), indent);
      }
      indent.resize(indent.size() - 2);
      os << "\n" << indent << "}";
      break;
    }
    case boost::json::kind::array: {
      const auto& arr = v.get_array();
      if (arr.empty()) {
        os << "[]";
        break;
      }
      os << "[\n";
      indent += "  ";
      bool first = true;
      for (const auto& item : arr) {
        if (!first) os << ",\n";
        first = false;
        os << indent;
        pretty(os, item, indent);
      }
      indent.resize(indent.size() - 2);
      os << "\n" << indent << "]";
      break;
    }
    default:
      os << boost::json::serialize(v);
  }
}

}  // namespace

std::string pretty_json(const boost::json::value& value) {
  std::ostringstream os;
  std::string indent;
  pretty(os, value, indent);
  os << "\n";
  return os.str();
}

void write_output(const std::string& path, std::string_view text, Io& io, const char* what) {
  if (path == "-") {
    io.out << text;
    io.out.flush();
    return;
  }
  write_file(path, text, false, (std::string(what) + " report").c_str());
}

void publish(const report::Report& report, const boost::json::value& json,
             const OutputOptions& options, Io& io) {
  if (!options.quiet && options.json != "-") report::write_text(report, io.out, options.verbose);
  if (!options.json.empty()) write_output(options.json, pretty_json(json), io, "JSON");
  if (!options.junit.empty()) {
    std::ostringstream xml;
    report::write_junit(report, xml);
    write_output(options.junit, xml.str(), io, "JUnit");
  }
  if (!options.markdown.empty()) {
    write_output(options.markdown, report::to_markdown(report), io, "Markdown");
  }
  if (!options.no_github && io.env("GITHUB_ACTIONS") == "true") {
    // Workflow commands go to stdout, where the runner reads them; with --json - stdout is
    // the JSON document, so they go to stderr (the runner reads both).
    std::ostream& commands = options.json == "-" ? io.err : io.out;
    report::GithubActions gh(commands, io.env("GITHUB_OUTPUT"), io.env("GITHUB_STEP_SUMMARY"));
    gh.publish(report);
  }
}

}  // namespace mlops::cli
