#include "validate/contract.h"

#include <charconv>
#include <cmath>

#include "config/node.h"
#include "core/error.h"
#include "core/text.h"
#include "validate/contract_parse.h"

namespace mlops::validate {
namespace detail {

using config::Node;

Severity read_severity(const Node& n) {
  std::string s = n.as_string();
  if (s == "error") return Severity::kError;
  if (s == "warning") return Severity::kWarning;
  n.fail("expected 'error' or 'warning', found \"" + s + "\"");
}

Policy read_policy(const Node& n) {
  std::string s = n.as_string();
  if (s == "error") return Policy::kError;
  if (s == "warn" || s == "warning") return Policy::kWarn;
  if (s == "ignore") return Policy::kIgnore;
  n.fail("expected error, warn or ignore, found \"" + s + "\"");
}

Range read_range(const Node& n, Severity fallback) {
  n.allow_keys({"min", "max", "severity"});
  if (!n.is_map()) n.fail("expected a mapping with min and/or max");
  Range r;
  r.severity = fallback;
  if (n.get("min").defined()) r.min = n.get("min").as_number();
  if (n.get("max").defined()) r.max = n.get("max").as_number();
  if (n.get("severity").defined()) r.severity = read_severity(n.get("severity"));
  if (!r.min && !r.max) n.fail("expected min and/or max");
  if (r.min && r.max && *r.min > *r.max) n.fail("min is greater than max");
  return r;
}

std::optional<double> read_mostly(const Node& n) {
  if (!n.defined()) return std::nullopt;
  const double m = n.as_number();
  // mostly: 0 would pass every row: a check that checks nothing.
  if (!(m > 0 && m <= 1)) {
    n.fail("mostly must be a fraction above 0 and at most 1, found " + format_number(m),
           "mostly: 0.95 passes when at least 95% of the values judged pass; remove the check "
           "rather than accept every row");
  }
  return m;
}

}  // namespace detail

namespace {

using config::Node;

// Whether a column declares anything that some data could fail. Presence counts (unless
// the column is optional or missing columns are ignored); so does any type but string and
// category, which accept every text.
bool column_checks_something(const ColumnSpec& col, const Contract& c) {
  return (col.required && c.missing_columns != Policy::kIgnore) ||
         (col.type != ColumnType::kString && col.type != ColumnType::kCategory) || col.not_null ||
         col.max_null_fraction || col.min || col.max || col.allowed || col.pattern ||
         col.min_length || col.max_length || col.unique || col.mean || col.stddev ||
         !col.quantiles.empty();
}

// A contract that no data could fail would report "valid" for anything: refused.
void require_some_check(const Contract& c, const Node& root) {
  if (c.extra_columns != Policy::kIgnore || c.row_count || !c.unique_keys.empty() ||
      !c.rules.empty() || c.freshness) {
    return;
  }
  for (const ColumnSpec& col : c.columns) {
    if (column_checks_something(col, c)) return;
  }
  root.fail("the contract checks nothing: no data could fail it",
            "declare a column that must be present, a type other than string or category, a "
            "column check (nullable, min, max, allowed, pattern, unique, ...) or a dataset check "
            "(row_count, unique_keys, rules, freshness, extra_columns: error)");
}

Contract parse_contract_node(const Node& root, const std::string& path) {
  root.allow_keys({"dataset", "columns", "description"});
  Contract c;
  c.path = path;
  Node columns = root.require("columns");
  for (const auto& [name, spec] : columns.entries()) {
    ColumnSpec col;
    detail::read_column(name, spec, col);
    c.column_index.emplace(name, c.columns.size());
    c.columns.push_back(std::move(col));
  }
  Node ds = root.get("dataset");
  if (!ds.defined()) {
    require_some_check(c, root);
    return c;
  }
  ds.allow_keys({"name", "description", "format", "extra_columns", "missing_columns", "row_count",
                 "unique_keys", "rules", "freshness"});
  if (Node f = ds.get("format"); f.defined()) {
    f.allow_keys({"delimiter", "header", "null_values"});
    if (f.get("delimiter").defined()) {
      std::string d = f.get("delimiter").as_string();
      if (d == "\\t" || d == "tab") d = "\t";
      if (d.size() != 1) f.get("delimiter").fail("expected a single character");
      c.read.delimiter = d[0];
      c.read.format = io::Format::kCsv;
    }
    c.read.header = f.get("header").value_or(true);
    if (f.get("null_values").defined()) {
      c.read.null_tokens = io::NullTokens(f.get("null_values").as_string_list());
    }
  }
  if (ds.get("extra_columns").defined())
    c.extra_columns = detail::read_policy(ds.get("extra_columns"));
  if (ds.get("missing_columns").defined()) {
    c.missing_columns = detail::read_policy(ds.get("missing_columns"));
  }
  if (ds.get("row_count").defined())
    c.row_count = detail::read_range(ds.get("row_count"), Severity::kError);
  if (Node keys = ds.get("unique_keys"); keys.defined()) {
    for (const Node& k : keys.items()) {
      UniqueKey key;
      Node cols = k;
      if (k.is_map()) {
        k.allow_keys({"columns", "severity", "mostly"});
        cols = k.require("columns");
        if (k.get("severity").defined()) key.severity = detail::read_severity(k.get("severity"));
        key.mostly = detail::read_mostly(k.get("mostly"));
      }
      key.columns = cols.as_string_list();
      for (const auto& name : key.columns) {
        if (c.find(name) == nullptr) {
          cols.fail("unknown column '" + name + "' in a unique key",
                    "unique keys may use only columns declared under columns:");
        }
      }
      c.unique_keys.push_back(std::move(key));
    }
  }
  if (Node rules = ds.get("rules"); rules.defined()) {
    for (const Node& r : rules.items())
      c.rules.push_back(detail::read_rule(r, c, Severity::kError));
  }
  if (Node f = ds.get("freshness"); f.defined()) {
    f.allow_keys({"column", "max_age", "severity"});
    Freshness fr;
    fr.column = f.require("column").as_string();
    const ColumnSpec* col = c.find(fr.column);
    if (col == nullptr) {
      f.get("column").fail("unknown column '" + fr.column + "'",
                           "freshness needs a date or datetime column declared under columns:");
    }
    if (col->type != ColumnType::kDate && col->type != ColumnType::kDatetime) {
      f.get("column").fail("freshness needs a date or datetime column, '" + fr.column + "' is " +
                           std::string(to_string(col->type)));
    }
    fr.max_age_text = f.require("max_age").as_string();
    auto secs = parse_duration(fr.max_age_text);
    if (!secs) {
      f.get("max_age").fail("expected a duration like 36h, 90m, 7d, 45s or 2w (finite, above 0)");
    }
    fr.max_age_seconds = *secs;
    if (f.get("severity").defined()) fr.severity = detail::read_severity(f.get("severity"));
    c.freshness = fr;
  }
  require_some_check(c, root);
  return c;
}

}  // namespace

std::string_view to_string(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "string";
    case ColumnType::kCategory:
      return "category";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kNumber:
      return "number";
    case ColumnType::kBoolean:
      return "boolean";
    case ColumnType::kDate:
      return "date";
    case ColumnType::kDatetime:
      return "datetime";
  }
  return "string";
}

std::string_view to_string(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::size_t Contract::index_of(std::string_view name) const {
  auto it = column_index.find(name);
  return it == column_index.end() ? std::string::npos : it->second;
}

const ColumnSpec* Contract::find(std::string_view name) const {
  std::size_t i = index_of(name);
  return i == std::string::npos ? nullptr : &columns[i];
}

std::optional<double> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  double unit = 0;
  switch (text.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    case 'w':
      unit = 7 * 86400;
      break;
    default:
      return std::nullopt;
  }
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, v);
  if (ec != std::errc() || p != text.data() + text.size() - 1) return std::nullopt;
  // In seconds, after scaling (1e308w overflows): infinity would make data never stale, NaN
  // compares false, and a max age of 0 makes every dataset stale.
  const double seconds = v * unit;
  if (!(seconds > 0) || !std::isfinite(seconds)) return std::nullopt;
  return seconds;
}

Contract load_contract(const std::string& path) {
  return parse_contract_node(Node::load_file(path), path);
}

Contract parse_contract(const std::string& yaml, const std::string& name) {
  return parse_contract_node(Node::load_string(yaml, name), name);
}

}  // namespace mlops::validate
