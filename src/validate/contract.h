#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/string_hash.h"
#include "io/table.h"
#include "validate/expression.h"
#include "validate/fixed_pattern.h"
#include "validate/value_index.h"

namespace mlops::validate {

// A data contract (docs/data-validate.md): what a dataset must look like. Loaded from YAML by
// load_contract(); every check carries the severity it fails with.

enum class Severity { kError, kWarning };
enum class Policy { kError, kWarn, kIgnore };
enum class ColumnType { kString, kCategory, kInteger, kNumber, kBoolean, kDate, kDatetime };

std::string_view to_string(ColumnType type);
std::string_view to_string(Severity severity);

// Types whose values are ordered numbers internally (dates as days, datetimes as seconds).
inline bool is_ordered(ColumnType t) {
  return t == ColumnType::kInteger || t == ColumnType::kNumber || t == ColumnType::kDate ||
         t == ColumnType::kDatetime;
}

// A bound on a value, with its text as written (for messages) and whether it is strict.
// `mostly`: the fraction of the values judged that must pass (Great Expectations' mostly);
// absent, every value must.
struct Limit {
  double value = 0;
  std::string text;
  bool exclusive = false;
  Severity severity = Severity::kError;
  std::optional<double> mostly;
};

// A [min, max] range on a statistic (row count, mean, stddev, a quantile).
struct Range {
  std::optional<double> min;
  std::optional<double> max;
  Severity severity = Severity::kError;
};

struct Quantile {
  double q = 0.5;
  Range range;
};

struct ColumnSpec {
  std::string name;
  std::string location;  // contract file:line:col of the column's entry
  bool required = true;
  ColumnType type = ColumnType::kString;
  std::string datetime_format;  // io/date_format.h; empty: ISO 8601
  Severity type_severity = Severity::kError;
  std::optional<double> type_mostly;
  std::optional<Severity> not_null;  // nullable: false
  std::optional<double> not_null_mostly;
  std::optional<Limit> max_null_fraction;
  std::optional<Limit> min;
  std::optional<Limit> max;
  struct Allowed {
    std::vector<std::string> values;
    // value -> position in `values`; one lookup gives membership and the value's counter.
    ValueIndex index;
    Severity severity = Severity::kError;
    std::optional<double> mostly;
  };
  std::optional<Allowed> allowed;
  struct Pattern {
    std::string text;
    std::shared_ptr<const RE2> regex;
    std::optional<FixedPattern> fixed;  // the same pattern without RE2, when it is that simple
    Severity severity = Severity::kError;
    std::optional<double> mostly;
  };
  std::optional<Pattern> pattern;
  std::optional<Limit> min_length;
  std::optional<Limit> max_length;
  std::optional<Severity> unique;
  std::optional<double> unique_mostly;
  std::optional<Range> mean;
  std::optional<Range> stddev;
  std::vector<Quantile> quantiles;
  bool needs_values() const { return !quantiles.empty(); }
};

// A condition every row must meet: `<column> <op> <column or literal>` ("temp_min <=
// temp_max", "age >= 18"), or any rule expression ("abs(a - b) <= 0.01"), optionally only on
// the rows where `when` is true. A row where the rule is null is not judged (not applicable).
struct Rule {
  std::string text;
  Expression expr;
  std::string when_text;  // empty: every row
  std::optional<Expression> when;
  Severity severity = Severity::kError;
  std::optional<double> mostly;
  // The report's name: "<text>", or "<text> when <when_text>".
  std::string name() const { return when_text.empty() ? text : text + " when " + when_text; }
};

struct Freshness {
  std::string column;
  double max_age_seconds = 0;
  std::string max_age_text;
  Severity severity = Severity::kError;
};

struct UniqueKey {
  std::vector<std::string> columns;
  Severity severity = Severity::kError;
  std::optional<double> mostly;
};

struct Contract {
  std::string path;
  io::ReadOptions read;  // delimiter, header, null tokens
  Policy extra_columns = Policy::kError;
  Policy missing_columns = Policy::kError;
  std::optional<Range> row_count;
  std::vector<UniqueKey> unique_keys;
  std::vector<Rule> rules;
  std::optional<Freshness> freshness;
  std::vector<ColumnSpec> columns;
  // Column name -> position in `columns`, so wide tables (100k columns) map in linear time.
  StringMap<std::size_t> column_index;

  const ColumnSpec* find(std::string_view name) const;
  // Position of a column in `columns`, or npos.
  std::size_t index_of(std::string_view name) const;
};

// Loads and checks a contract. Every problem (YAML syntax, unknown key, wrong type, unknown
// column in a rule, bad regex) is a usage Error (exit 2) naming file:line:column.
Contract load_contract(const std::string& path);
Contract parse_contract(const std::string& yaml, const std::string& name);

// "36h", "90m", "7d", "45s", "2w" (also "1.5h") in seconds; nullopt when malformed, or when the
// seconds are not finite and above 0.
std::optional<double> parse_duration(std::string_view text);

}  // namespace mlops::validate
