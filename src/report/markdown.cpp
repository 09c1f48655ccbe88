#include "report/markdown.h"

#include <algorithm>
#include <vector>

namespace mlops::report {
namespace {

int rank(Status s) {
  switch (s) {
    case Status::kError:
      return 0;
    case Status::kFail:
      return 1;
    case Status::kWarn:
      return 2;
    case Status::kSkip:
      return 3;
    case Status::kPass:
      return 4;
  }
  return 4;
}

std::string_view icon(Status s) {
  switch (s) {
    case Status::kPass:
      return "✅";
    case Status::kFail:
      return "❌";
    case Status::kWarn:
      return "⚠️";
    case Status::kSkip:
      return "⏭️";
    case Status::kError:
      return "🛑";
  }
  return "";
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  // Data values end up here (offending examples): nothing in them may become markup, a link,
  // an HTML tag or a new table cell in a step summary.
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
        out += '\\';
        out += c;
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  // Inside `code` nothing is markup, but a backtick would end the span and a pipe the cell.
  std::string out;
  for (char c : text) {
    if (c == '`') {
      out += '\'';
    } else if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string to_markdown(const Report& r) {
  std::string verdict = r.verdict();
  std::transform(verdict.begin(), verdict.end(), verdict.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
  std::string md = "### " + r.tool + ": " + verdict + "\n\n";
  if (!r.title.empty()) md += markdown_cell(r.title) + "\n\n";
  for (const auto& [name, value] : r.facts) {
    md += "- **" + markdown_cell(name) + "**: `" + markdown_code(value) + "`\n";
  }
  if (!r.facts.empty()) md += "\n";
  md += std::to_string(r.count(Status::kPass)) + " passed, " +
        std::to_string(r.count(Status::kFail)) + " failed, " +
        std::to_string(r.count(Status::kWarn)) + " warnings, " +
        std::to_string(r.count(Status::kError)) + " errors\n\n";
  if (r.checks.empty()) return md + r.markdown_appendix;
  std::vector<const Check*> order;
  for (const auto& c : r.checks) order.push_back(&c);
  std::stable_sort(order.begin(), order.end(), [](const Check* a, const Check* b) {
    return rank(a->status) < rank(b->status);
  });
  md += "| | check | observed | details |\n|---|---|---|---|\n";
  for (const Check* c : order) {
    std::string details = c->message;
    if (c->location && c->location->line > 0) {
      details += " (" + c->location->file + ":" + std::to_string(c->location->line) + ")";
    }
    md += "| " + std::string(icon(c->status)) + " | `" + markdown_code(c->name) + "` | " +
          markdown_cell(c->observed) + " | " + markdown_cell(details) + " |\n";
  }
  return md + (r.markdown_appendix.empty() ? "" : "\n" + r.markdown_appendix);
}

}  // namespace mlops::report
