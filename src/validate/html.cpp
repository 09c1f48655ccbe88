#include "validate/html.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <numeric>
#include <vector>

#include "core/text.h"
#include "report/html.h"
#include "report/junit.h"
#include "validate/html_charts.h"

namespace mlops::validate {
namespace {

using report::xml_escape;
namespace json = boost::json;

// The verdict as the badge shows it: PASS, FAIL, CANNOT-EVALUATE.
std::string upper_ascii(std::string s) {
  for (char& c : s) c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  return s;
}

bool failed(report::Status s) {
  return s == report::Status::kFail || s == report::Status::kError || s == report::Status::kWarn;
}

// Failures first, then warnings, passes and skipped checks; the contract's order within each.
int rank(report::Status s) {
  switch (s) {
    case report::Status::kFail:
    case report::Status::kError:
      return 0;
    case report::Status::kWarn:
      return 1;
    case report::Status::kPass:
      return 2;
    case report::Status::kSkip:
      break;
  }
  return 3;
}

// A check's status after a mark of its colour, which holds where a Content-Security-Policy
// blocks the stylesheet; skipped checks have no colour to keep.
std::string status_html(report::Status status) {
  using report::html::Tone;
  std::string word(report::to_string(status));
  switch (status) {
    case report::Status::kPass:
      return report::html::mark(Tone::kGood) + word;
    case report::Status::kWarn:
      return report::html::mark(Tone::kWarn) + word;
    case report::Status::kFail:
    case report::Status::kError:
      return report::html::mark(Tone::kBad) + word;
    case report::Status::kSkip:
      break;
  }
  return word;
}

std::string where(const report::Check& c) {
  if (!c.location) return "";
  return "<code>" + xml_escape(c.location->file) + ":" + std::to_string(c.location->line) +
         "</code>";
}

std::string text_of(const json::value& v) {
  return v.is_string() ? std::string(v.get_string()) : json::serialize(v);
}

// The first offending rows of a failed check with their file:line, from its JSON entry.
std::string examples_table(const json::object& j) {
  const json::array* examples = j.if_contains("examples") ? j.at("examples").if_array() : nullptr;
  if (examples == nullptr || examples->empty()) return "";
  std::string t = "<table class=\"ex\"><tr><th>where</th><th>offending value</th></tr>";
  for (const json::value& e : *examples) {
    const json::object& o = e.as_object();
    t += "<tr><td><code>" + xml_escape(text_of(o.at("file"))) + ":" + text_of(o.at("line")) +
         "</code></td><td><code>" + xml_escape(text_of(o.at("value"))) + "</code></td></tr>";
  }
  return t + "</table>";
}

// The distinct offending values with their row counts (GE's partial_unexpected_counts).
std::string unexpected_table(const json::object& j) {
  const json::array* values =
      j.if_contains("unexpected_values") ? j.at("unexpected_values").if_array() : nullptr;
  if (values == nullptr || values->empty()) return "";
  std::string t = "<table class=\"uv\"><tr><th>unexpected value</th><th>rows</th></tr>";
  std::uint64_t listed = 0;
  for (const json::value& v : *values) {
    const json::object& o = v.as_object();
    const auto n = o.at("count").to_number<std::uint64_t>();
    listed += n;
    t += "<tr><td><code>" + xml_escape(text_of(o.at("value"))) + "</code></td><td class=n>" +
         digit_groups(n) + "</td></tr>";
  }
  t += "</table>";
  const auto failing = j.at("failing_rows").to_number<std::uint64_t>();
  const json::value* complete = j.if_contains("unexpected_values_complete");
  if (listed < failing) {
    t += "<p class=muted>" + digit_groups(failing - listed) + " more rows hold " +
         (complete != nullptr && complete->is_bool() && !complete->get_bool()
              ? "values not counted one by one"
              : "less frequent values") +
         ".</p>";
  }
  return t;
}

std::string failure_section(const report::Check& c, const json::object& j) {
  return "<section class=\"failure\"><h3>" + status_html(c.status) + " <code>" +
         xml_escape(c.name) + "</code></h3><p>" + xml_escape(c.message) + "</p>" +
         examples_table(j) + unexpected_table(j) + "</section>\n";
}

// The failed checks, each with its examples and offending values; none when all passed.
std::string failures(const report::Report& r, const json::array& entries,
                     const std::vector<std::size_t>& order) {
  const std::size_t n = r.count(report::Status::kFail) + r.count(report::Status::kError);
  const std::size_t warnings = r.count(report::Status::kWarn);
  if (n + warnings == 0) return "";
  std::string h = "<h2>Failed checks</h2>\n<p>" + std::to_string(n) + " of " +
                  std::to_string(r.checks.size()) + " checks failed";
  if (warnings > 0) {
    h += ", " + std::to_string(warnings) +
         (warnings == 1 ? " more as a warning" : " more as warnings") +
         " (warnings do not fail the gate)";
  }
  h += ".</p>\n";
  for (std::size_t i : order) {
    if (!failed(r.checks[i].status)) break;
    static const json::object none;
    h += failure_section(
        r.checks[i], i < entries.size() && entries[i].is_object() ? entries[i].get_object() : none);
  }
  return h;
}

std::string checks_table(const report::Report& r, const std::vector<std::size_t>& order) {
  std::string h =
      "<h2>Checks</h2>\n<table><tr><th>status</th><th>check</th><th>observed</th>"
      "<th>details</th><th>first at</th></tr>\n";
  for (std::size_t i : order) {
    const report::Check& c = r.checks[i];
    std::string status(report::to_string(c.status));
    h += "<tr><td class=\"" + status + "\">" + status_html(c.status) + "</td><td><code>" +
         xml_escape(c.name) + "</code></td><td>" + xml_escape(c.observed) + "</td><td>" +
         xml_escape(c.message) + "</td><td>" + (failed(c.status) ? where(c) : "") + "</td></tr>\n";
  }
  return h + "</table>\n";
}

std::string columns(const Contract& contract, const Result& result, const report::Report& r) {
  std::string h = "<h2>Columns</h2>\n<div class=\"cols\">\n";
  for (std::size_t i = 0; i < contract.columns.size(); ++i) {
    const ColumnSpec& spec = contract.columns[i];
    const ColumnState& st = result.columns[i];
    const bool bad = std::any_of(r.checks.begin(), r.checks.end(), [&](const report::Check& c) {
      return c.group == spec.name && rank(c.status) == 0;
    });
    h += "<div class=\"col\">" +
         (bad ? report::html::mark(report::html::Tone::kBad) : std::string()) + "<b>" +
         xml_escape(spec.name) + "</b> <span class=muted>" + std::string(to_string(spec.type)) +
         ", " + digit_groups(st.nulls) + " nulls</span><br>" + column_chart(spec, st) + "</div>\n";
  }
  return h + "</div>\n";
}

constexpr std::string_view kStyle =
    "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;"
    "vertical-align:top}td.n{text-align:right}code{overflow-wrap:anywhere}"
    ".pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}.warning{color:#9a6700}"
    ".skipped,.muted{color:#777}.cols{display:flex;flex-wrap:wrap;gap:1em}"
    ".col{border:1px solid #ddd;padding:8px;width:250px}.col p{font-size:12px;margin:4px "
    "0}.badge{vertical-align:-.15em}"
    ".failure{border-left:3px solid #cf222e;padding:2px 12px;margin:12px 0}"
    ".failure h3{font-size:1.05em;margin:6px 0}.failure table{margin:6px 0}"
    ".ex,.uv{display:inline-table;margin-right:1em}";

}  // namespace

std::string to_html(const Contract& contract, const Result& result, const Outcome& outcome) {
  const report::Report& r = outcome.report;
  std::vector<std::size_t> order(r.checks.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return rank(r.checks[a].status) < rank(r.checks[b].status);
  });
  static const json::array no_entries;
  const json::object* top = outcome.json.if_object();
  const json::array& entries =
      top != nullptr && top->if_contains("checks") && top->at("checks").is_array()
          ? top->at("checks").get_array()
          : no_entries;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>data-validate: " +
      xml_escape(r.verdict()) + "</title><style>" + std::string(kStyle) + "</style></head><body>\n";
  h += "<h1>data-validate: " +
       report::html::badge(upper_ascii(r.verdict()), r.exit == ExitCode::kPass
                                                         ? report::html::Tone::kGood
                                                         : report::html::Tone::kBad) +
       "</h1>\n";
  h += "<p>" + xml_escape(r.title) + "</p>\n<ul>";
  for (const auto& [k, v] : r.facts)
    h += "<li><b>" + xml_escape(k) + "</b>: <code>" + xml_escape(v) + "</code></li>";
  h += "</ul>\n" + failures(r, entries, order) + checks_table(r, order) +
       columns(contract, result, r);
  return h + "</body></html>\n";
}

}  // namespace mlops::validate
