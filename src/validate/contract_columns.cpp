#include "validate/contract.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "io/date_format.h"
#include "validate/contract_parse.h"
#include "validate/typed_value.h"

namespace mlops::validate::detail {

using config::Node;

namespace {

ColumnType read_type(const Node& n) {
  static const std::vector<std::pair<std::string, ColumnType>> kTypes = {
      {"string", ColumnType::kString},    {"category", ColumnType::kCategory},
      {"integer", ColumnType::kInteger},  {"number", ColumnType::kNumber},
      {"boolean", ColumnType::kBoolean},  {"date", ColumnType::kDate},
      {"datetime", ColumnType::kDatetime}};
  std::string s = n.as_string();
  std::vector<std::string> names;
  for (const auto& [name, type] : kTypes) {
    if (name == s) return type;
    names.push_back(name);
  }
  std::string near = nearest(s, names);
  n.fail("unknown type \"" + s + "\"",
         (near.empty() ? "" : "did you mean '" + near + "'? ") +
             "types: string, category, integer, number, boolean, date, datetime");
}

// A check's value, written plainly (`max: 5`) or with options (`max: {value: 5, severity:
// warning, exclusive: true}`).
// Row-level checks (a verdict per value) may also take `mostly:`.
struct Spec {
  Node value;
  Severity severity;
  bool exclusive = false;
  std::optional<double> mostly;
};

Spec read_spec(const Node& n, Severity fallback, bool may_be_exclusive, bool row_level) {
  if (!n.is_map()) return {n, fallback};
  std::vector<std::string> keys{"value", "severity"};
  if (may_be_exclusive) keys.emplace_back("exclusive");
  if (row_level) keys.emplace_back("mostly");
  n.allow_keys(keys);
  Spec s{n.require("value"), fallback};
  if (n.get("severity").defined()) s.severity = read_severity(n.get("severity"));
  s.exclusive = n.get("exclusive").value_or(false);
  s.mostly = read_mostly(n.get("mostly"));
  return s;
}

Limit read_limit(const Node& n, const ColumnSpec& col, Severity fallback, bool bounded_value,
                 bool row_level) {
  Spec s = read_spec(n, fallback, true, row_level);
  Limit l;
  l.severity = s.severity;
  l.exclusive = s.exclusive;
  l.mostly = s.mostly;
  l.text = s.value.as_string();
  if (bounded_value) {
    // A date or time bound is an instant, written in ISO 8601 whatever `format:` says the
    // data looks like; text in the column's own format is accepted too.
    auto v = parse_typed(col.type, "", l.text);
    if (!v && !col.datetime_format.empty()) v = parse_typed(col.type, col.datetime_format, l.text);
    const bool numeric = col.type == ColumnType::kInteger || col.type == ColumnType::kNumber;
    // A NaN bound lets every value through; an infinite one checks nothing.
    if ((v && !std::isfinite(*v)) || (!v && numeric && config::non_finite_text(l.text))) {
      s.value.fail("expected a finite " + std::string(to_string(col.type)) + " value, found " +
                       quoted(l.text),
                   "NaN and infinity are not allowed in a contract");
    }
    if (!v) {
      s.value.fail("expected a " + std::string(to_string(col.type)) + " value, found " +
                   quoted(l.text));
    }
    l.value = *v;
  } else {
    l.value = s.value.as_number();
  }
  return l;
}

}  // namespace

void read_column(const std::string& name, const Node& n, ColumnSpec& col) {
  n.allow_keys({"type", "format", "required", "nullable", "max_null_fraction", "min", "max",
                "allowed", "pattern", "min_length", "max_length", "unique", "mean", "stddev",
                "quantiles", "severity", "description"});
  col.name = name;
  col.location = n.location();
  Severity sev = n.get("severity").defined() ? read_severity(n.get("severity")) : Severity::kError;
  if (n.get("type").defined()) {
    Spec s = read_spec(n.get("type"), sev, false, true);
    col.type = read_type(s.value);
    col.type_severity = s.severity;
    col.type_mostly = s.mostly;
  }
  if (n.get("format").defined()) {
    if (col.type != ColumnType::kDatetime && col.type != ColumnType::kDate) {
      n.get("format").fail("format applies to date and datetime columns only");
    }
    col.datetime_format = n.get("format").as_string();
    if (std::string problem = io::check_date_format(col.datetime_format); !problem.empty()) {
      n.get("format").fail(problem,
                           std::string(io::date_format_hint()) + " (docs/data-validate.md)");
    }
  }
  col.required = n.get("required").value_or(true);
  if (n.get("nullable").defined()) {
    Spec s = read_spec(n.get("nullable"), sev, false, true);
    if (!s.value.as_bool()) col.not_null = s.severity;
    col.not_null_mostly = s.mostly;
  }
  if (n.get("max_null_fraction").defined()) {
    col.max_null_fraction = read_limit(n.get("max_null_fraction"), col, sev, false, false);
    if (col.max_null_fraction->value < 0 || col.max_null_fraction->value > 1) {
      n.get("max_null_fraction").fail("expected a fraction between 0 and 1");
    }
  }
  for (const char* key : {"min", "max"}) {
    Node b = n.get(key);
    if (!b.defined()) continue;
    if (!is_ordered(col.type)) {
      b.fail(std::string(key) + " needs an ordered type (integer, number, date, datetime), not " +
                 std::string(to_string(col.type)),
             "set the column's type, or use allowed/min_length for strings");
    }
    (std::string(key) == "min" ? col.min : col.max) = read_limit(b, col, sev, true, true);
  }
  if (col.min && col.max && col.min->value > col.max->value)
    n.get("min").fail("min is greater than max");
  if (n.get("allowed").defined()) {
    Spec s = read_spec(n.get("allowed"), sev, false, true);
    ColumnSpec::Allowed a;
    a.mostly = s.mostly;
    a.values = s.value.as_string_list();
    a.index = ValueIndex(a.values);
    a.severity = s.severity;
    col.allowed = std::move(a);
  }
  if (n.get("pattern").defined()) {
    Spec s = read_spec(n.get("pattern"), sev, false, true);
    ColumnSpec::Pattern p;
    p.mostly = s.mostly;
    p.text = s.value.as_string();
    RE2::Options opts;
    opts.set_log_errors(false);
    auto re = std::make_shared<RE2>(p.text, opts);
    if (!re->ok()) {
      s.value.fail("invalid regular expression: " + re->error(),
                   "patterns use RE2 syntax (no look-around or back-references)");
    }
    p.regex = std::move(re);
    p.fixed = FixedPattern::compile(p.text);
    p.severity = s.severity;
    col.pattern = std::move(p);
  }
  for (const char* key : {"min_length", "max_length"}) {
    Node b = n.get(key);
    if (!b.defined()) continue;
    Limit l = read_limit(b, col, sev, false, true);
    if (l.value < 0 || l.value != std::floor(l.value)) b.fail("expected a non-negative integer");
    (std::string(key) == "min_length" ? col.min_length : col.max_length) = l;
  }
  if (n.get("unique").defined()) {
    Spec s = read_spec(n.get("unique"), sev, false, true);
    if (s.value.as_bool()) col.unique = s.severity;
    col.unique_mostly = s.mostly;
  }
  for (const char* key : {"mean", "stddev"}) {
    Node r = n.get(key);
    if (!r.defined()) continue;
    if (col.type != ColumnType::kInteger && col.type != ColumnType::kNumber) {
      r.fail(std::string(key) + " needs an integer or number column");
    }
    (std::string(key) == "mean" ? col.mean : col.stddev) = read_range(r, sev);
  }
  if (n.get("quantiles").defined()) {
    if (!is_ordered(col.type)) n.get("quantiles").fail("quantiles need an ordered type");
    for (const auto& [qtext, range] : n.get("quantiles").entries()) {
      double q = -1;
      auto [p, ec] = std::from_chars(qtext.data(), qtext.data() + qtext.size(), q);
      if (ec != std::errc() || p != qtext.data() + qtext.size() || !(q >= 0 && q <= 1)) {
        range.fail("a quantile key must be a number between 0 and 1, found " + quoted(qtext));
      }
      col.quantiles.push_back({q, read_range(range, sev)});
    }
  }
}

}  // namespace mlops::validate::detail
