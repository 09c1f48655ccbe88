#include "validate/report_builder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"
#include "core/version.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

// Offending values listed per failed check in the JSON report (GE lists 20).
constexpr std::size_t kTopUnexpected = 20;

std::string range_text(const Range& r) {
  if (r.min && r.max) return "between " + format_number(*r.min) + " and " + format_number(*r.max);
  if (r.min) return ">= " + format_number(*r.min);
  return "<= " + format_number(*r.max);
}

// A statistic that is not finite (a mean over infinite values, a stddev that overflowed) is
// outside every range.
bool in_range(const Range& r, double v) {
  return std::isfinite(v) && (!r.min || v >= *r.min) && (!r.max || v <= *r.max);
}

// A row-level check with `mostly`: passes when the fraction of the rows it judged that pass
// is at least `mostly` (Great Expectations' definition).
struct Mostly {
  double mostly = 1;
  std::uint64_t judged = 0;
  double fraction(std::uint64_t failing) const {
    return static_cast<double>(judged - std::min(failing, judged)) / static_cast<double>(judged);
  }
};

class Builder {
 public:
  Builder(const Contract& c, const Result& r, bool fail_on_warning)
      : contract_(c), result_(r), fail_on_warning_(fail_on_warning) {}

  Outcome build() {
    // Every value check holds vacuously on no rows: only a row_count check can judge them.
    if (result_.dataset.rows == 0 && !contract_.row_count) {
      throw input_error(files() + ": no rows to validate (a header without records)",
                        "check the input, or add row_count: {min: 0} under dataset: in the "
                        "contract to accept empty data");
    }
    for (std::size_t i = 0; i < contract_.columns.size(); ++i) {
      column_checks(contract_.columns[i], result_.columns[i]);
    }
    dataset_checks();
    bool evaluated = false;
    for (const report::Check& c : checks_)
      evaluated = evaluated || c.status != report::Status::kSkip;
    if (!evaluated) {
      throw input_error(files() + ": nothing was validated: every column of the contract is absent",
                        "check that the data is the one the contract describes");
    }
    Outcome out;
    report::Report& rep = out.report;
    rep.tool = "data-validate";
    rep.title = title();
    rep.checks = std::move(checks_);
    rep.seconds = result_.seconds;
    bool failed = rep.count(report::Status::kFail) > 0;
    rep.exit = failed ? ExitCode::kFail : ExitCode::kPass;
    rep.facts = {{"valid", failed ? "false" : "true"},
                 {"rows", std::to_string(result_.dataset.rows)},
                 {"fingerprint", "sha256:" + result_.fingerprint}};
    boost::json::object j;
    j["schema"] = "mlops-actions/data-validate/v1";
    j["tool"] = "data-validate";
    j["version"] = std::string(version());
    j["valid"] = !failed;
    j["verdict"] = rep.verdict();
    j["contract"] = contract_.path;
    j["rows"] = result_.dataset.rows;
    j["fingerprint"] = "sha256:" + result_.fingerprint;
    boost::json::array files;
    for (const auto& f : result_.files) {
      files.push_back({{"path", f.path},
                       {"rows", f.rows},
                       {"bytes", f.bytes},
                       {"compression", f.compression},
                       {"shards", f.shards}});
    }
    j["files"] = std::move(files);
    j["summary"] = {{"checks", rep.checks.size()},
                    {"passed", rep.count(report::Status::kPass)},
                    {"failed", rep.count(report::Status::kFail)},
                    {"warnings", rep.count(report::Status::kWarn)},
                    {"skipped", rep.count(report::Status::kSkip)}};
    j["checks"] = std::move(json_checks_);
    j["seconds"] = result_.seconds;
    out.json = std::move(j);
    return out;
  }

 private:
  std::string files() const {
    std::string list;
    for (const auto& f : result_.files) list += (list.empty() ? "" : ", ") + f.path;
    return list;
  }

  std::string title() const { return files() + " against " + contract_.path; }

  // Adds one check. `v` (may be null) gives failing rows and examples.
  void add(const std::string& column, const std::string& check, Severity severity, bool passed,
           const std::string& observed, const std::string& expected, const Violations* v,
           bool skipped = false, double error_bound = 0, std::optional<Mostly> mostly = {}) {
    report::Check c;
    c.name = (column.empty() ? "dataset" : column) + "." + check;
    c.group = column.empty() ? "dataset" : column;
    c.observed = observed;
    if (skipped) {
      c.status = report::Status::kSkip;
    } else if (passed) {
      c.status = report::Status::kPass;
    } else {
      c.status = severity == Severity::kError || fail_on_warning_ ? report::Status::kFail
                                                                  : report::Status::kWarn;
    }
    c.message = observed + (expected.empty() ? "" : " (expected " + expected + ")");
    if (!passed && v != nullptr && !v->examples.empty()) {
      const Example& e = v->examples.front();
      c.message += ", e.g. " + quote(e.value);
      c.location = report::Location{result_.files[e.file].path, e.line, 0};
    }
    if (!passed && v != nullptr && v->counts_values && v->values.size() > 1) {
      std::string most;
      for (const auto& [value, n] : v->top_values(3)) {
        most += (most.empty() ? "" : ", ") + quote(value) + " (" + std::to_string(n) +
                (n == 1 ? " row)" : " rows)");
      }
      c.message += "; most frequent: " + most;
    }
    boost::json::object j;
    j["name"] = c.name;
    j["column"] = column.empty() ? boost::json::value(nullptr) : boost::json::value(column);
    j["check"] = check;
    j["severity"] = std::string(to_string(severity));
    j["status"] = std::string(report::to_string(c.status));
    j["observed"] = observed;
    j["expected"] = expected;
    if (v != nullptr) {
      j["failing_rows"] = v->count;
      boost::json::array ex;
      for (const auto& e : v->examples) {
        ex.push_back({{"file", result_.files[e.file].path}, {"line", e.line}, {"value", e.value}});
      }
      j["examples"] = std::move(ex);
      if (v->counts_values) {
        boost::json::array values;
        for (const auto& [value, n] : v->top_values(kTopUnexpected)) {
          values.push_back({{"value", value}, {"count", n}});
        }
        j["unexpected_values"] = std::move(values);
        j["unexpected_values_complete"] = v->values_complete;
      }
    }
    if (mostly) {
      j["mostly"] = mostly->mostly;
      j["evaluated_rows"] = mostly->judged;
      if (v != nullptr && mostly->judged > 0) j["observed_fraction"] = mostly->fraction(v->count);
    }
    j["approximate"] = error_bound > 0;
    if (error_bound > 0) j["error_bound"] = error_bound;
    json_checks_.push_back(std::move(j));
    checks_.push_back(std::move(c));
  }

  // A value for a one-line message: at most 60 bytes, cut after a whole "name=value" of a rule's
  // or key's example when it has several ("a=1, b=80.0, ..." rather than "b=8...").
  static std::string quote(const std::string& s) {
    constexpr std::size_t kMax = 60;
    if (s.size() <= kMax) return "\"" + s + "\"";
    std::size_t cut = s.rfind(", ", kMax);
    if (cut == std::string::npos || cut == 0) cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8
    return "\"" + s.substr(0, cut) + "...\"";
  }

  static std::string rows_text(std::uint64_t n, const char* what) {
    return std::to_string(n) + (n == 1 ? " row " : " rows ") + what;
  }

  // `judged`: the rows the check judged, the denominator of `mostly`.
  void count_check(const std::string& col, const std::string& check, Severity sev,
                   const Violations& v, const char* what, const std::string& expected, bool skipped,
                   std::optional<double> mostly = {}, std::uint64_t judged = 0) {
    if (!mostly || judged == 0) {
      add(col, check, sev, v.count == 0, rows_text(v.count, what), expected, &v, skipped, 0,
          mostly ? std::optional<Mostly>(Mostly{*mostly, judged}) : std::nullopt);
      return;
    }
    const Mostly m{*mostly, judged};
    const double fraction = m.fraction(v.count);
    add(col, check, sev, fraction >= *mostly,
        rows_text(v.count, what) + ", " + format_number(fraction) + " of " +
            std::to_string(judged) + " pass",
        expected + " for a fraction >= " + format_number(*mostly) + " (mostly)", &v, skipped, 0, m);
  }

  // A check of the values (bounds, sets, patterns, lengths) on a present column without one
  // value judged nothing: reported skipped ("no values"), never a pass.
  void value_check(const std::string& col, const std::string& check, Severity sev,
                   const Violations& v, const char* what, const std::string& expected, bool absent,
                   bool no_values, std::optional<double> mostly, std::uint64_t judged) {
    if (no_values && !absent) {
      add(col, check, sev, true, "no values: every row is null", expected, nullptr, true);
    } else {
      count_check(col, check, sev, v, what, expected, absent, mostly, judged);
    }
  }

  // For a contract column missing from some files: their columns that differ from it only in
  // case ("Sex" for "sex"), else a likely typo, so the report does not read as one missing and
  // one unrelated extra column.
  std::string near_names(const std::string& col, const std::vector<std::size_t>& files) const {
    std::vector<std::string> seen;
    for (std::size_t f : files) {
      for (const auto& e : result_.files[f].extra_columns) {
        if (std::find(seen.begin(), seen.end(), e) == seen.end()) seen.push_back(e);
      }
    }
    for (const auto& e : seen) {
      if (lower_ascii(e) == lower_ascii(col)) {
        return " (the data has '" + e + "': column names are case-sensitive)";
      }
    }
    std::string typo = nearest(col, seen);
    return typo.empty() ? "" : " (the data has '" + typo + "': a misspelling?)";
  }

  void column_checks(const ColumnSpec& s, const ColumnState& st) {
    const std::string& col = s.name;
    const bool absent = st.missing_in.size() == result_.files.size();
    if (!st.missing_in.empty()) {
      std::string files;
      for (std::size_t f : st.missing_in)
        files += (files.empty() ? "" : ", ") + result_.files[f].path;
      if (s.required && contract_.missing_columns != Policy::kIgnore) {
        Severity sev =
            contract_.missing_columns == Policy::kError ? Severity::kError : Severity::kWarning;
        add(col, "present", sev, false, "missing from " + files + near_names(col, st.missing_in),
            "a column named '" + col + "'", nullptr);
      }
    } else if (s.required) {
      add(col, "present", Severity::kError, true, "present", "", nullptr);
    }
    value_checks(s, st, absent);
    if (s.unique) unique_check(s, st, absent);
    statistic_checks(s, st, absent);
  }

  // The checks of each value (type, nulls, bounds, sets, patterns, lengths), in contract order.
  void value_checks(const ColumnSpec& s, const ColumnState& st, bool absent) {
    const std::string& col = s.name;
    const bool no_values = st.rows == st.nulls;
    const std::string type(to_string(s.type));
    count_check(col, "type", s.type_severity, st.type, ("not " + type).c_str(), type + " values",
                absent, s.type_mostly, st.rows - st.nulls);
    if (s.not_null) {
      count_check(col, "nullable", *s.not_null, st.not_null, "null", "no nulls", absent,
                  s.not_null_mostly, st.rows);
    }
    if (s.max_null_fraction) {
      double frac = st.rows ? static_cast<double>(st.nulls) / static_cast<double>(st.rows) : 0;
      add(col, "max_null_fraction", s.max_null_fraction->severity,
          frac <= s.max_null_fraction->value, "null fraction " + format_number(frac),
          "<= " + s.max_null_fraction->text, nullptr, absent);
    }
    if (s.min) {
      value_check(col, "min", s.min->severity, st.min,
                  (std::string(s.min->exclusive ? "<= " : "< ") + s.min->text).c_str(),
                  std::string(s.min->exclusive ? "> " : ">= ") + s.min->text, absent, no_values,
                  s.min->mostly, st.values);
    }
    if (s.max) {
      value_check(col, "max", s.max->severity, st.max,
                  (std::string(s.max->exclusive ? ">= " : "> ") + s.max->text).c_str(),
                  std::string(s.max->exclusive ? "< " : "<= ") + s.max->text, absent, no_values,
                  s.max->mostly, st.values);
    }
    if (s.allowed) {
      std::string set;
      for (const auto& a : s.allowed->values) set += (set.empty() ? "" : ", ") + a;
      value_check(col, "allowed", s.allowed->severity, st.allowed, "not in the allowed set",
                  "one of [" + set + "]", absent, no_values, s.allowed->mostly, st.values);
    }
    if (s.pattern) {
      value_check(col, "pattern", s.pattern->severity, st.pattern, "not matching the pattern",
                  "full match of /" + s.pattern->text + "/", absent, no_values, s.pattern->mostly,
                  st.values);
    }
    if (s.min_length) {
      value_check(col, "min_length", s.min_length->severity, st.min_length,
                  ("shorter than " + s.min_length->text).c_str(), "length >= " + s.min_length->text,
                  absent, no_values, s.min_length->mostly, st.values);
    }
    if (s.max_length) {
      value_check(col, "max_length", s.max_length->severity, st.max_length,
                  ("longer than " + s.max_length->text).c_str(), "length <= " + s.max_length->text,
                  absent, no_values, s.max_length->mostly, st.values);
    }
  }

  void unique_check(const ColumnSpec& s, const ColumnState& st, bool absent) {
    const std::string& col = s.name;
    if (st.distinct.exact()) {
      count_check(col, "unique", *s.unique, st.unique, "repeating an earlier value",
                  "unique values", absent, s.unique_mostly, st.values);
      return;
    }
    double dups = static_cast<double>(st.distinct.inserted()) - st.distinct.distinct();
    double margin = 3 * st.distinct.relative_error() * st.distinct.distinct();
    // With mostly, the repeats allowed: (1 - mostly) of the values.
    const double allowed =
        (1 - s.unique_mostly.value_or(1)) * static_cast<double>(st.distinct.inserted());
    add(col, "unique", *s.unique, dups <= margin + allowed,
        "about " + format_number(std::max(0.0, dups)) + " repeated values (approximate, +/- " +
            format_number(margin) + ")",
        "unique values", nullptr, absent, st.distinct.relative_error());
  }

  void statistic_checks(const ColumnSpec& s, const ColumnState& st, bool absent) {
    const std::string& col = s.name;
    if (s.mean) {
      double m = st.moments.n ? st.moments.mean : std::nan("");
      add(col, "mean", s.mean->severity, in_range(*s.mean, m), "mean " + format_number(m),
          range_text(*s.mean), nullptr, absent);
    }
    if (s.stddev) {
      double sd = st.moments.stddev();
      add(col, "stddev", s.stddev->severity, in_range(*s.stddev, sd), "stddev " + format_number(sd),
          range_text(*s.stddev), nullptr, absent);
    }
    for (const Quantile& q : s.quantiles) {
      const stats::ValueSample& sample = st.quantile_values;
      double v = sample.quantile(q.q);
      std::string observed = "quantile " + format_number(q.q) + " = " + format_number(v);
      if (!sample.exact())
        observed += " (sampled, rank error <= " + format_number(sample.rank_error()) + ")";
      add(col, "quantile_" + format_number(q.q), q.range.severity, in_range(q.range, v), observed,
          range_text(q.range), nullptr, absent, sample.rank_error());
    }
  }

  void dataset_checks() {
    const DatasetState& d = result_.dataset;
    if (contract_.row_count) {
      add("", "row_count", contract_.row_count->severity,
          in_range(*contract_.row_count, static_cast<double>(d.rows)),
          std::to_string(d.rows) + " rows", range_text(*contract_.row_count), nullptr);
    }
    for (std::size_t k = 0; k < contract_.unique_keys.size(); ++k) {
      const UniqueKey& key = contract_.unique_keys[k];
      std::string cols;
      for (const auto& c : key.columns) cols += (cols.empty() ? "" : ",") + c;
      count_check("", "unique_key(" + cols + ")", key.severity, d.key_duplicates[k],
                  "repeating an earlier key", "unique (" + cols + ")", false, key.mostly,
                  d.key_rows[k]);
    }
    for (std::size_t r = 0; r < contract_.rules.size(); ++r) {
      const Rule& rule = contract_.rules[r];
      // A rule that applied to no row judged nothing: skipped, never a pass.
      if (d.rule_rows[r] == 0) {
        add("", "rule(" + rule.name() + ")", rule.severity, true,
            rule.when ? "no row to judge: no row meets the condition with non-null operands"
                      : "no row to judge: an operand is null in every row",
            rule.name(), nullptr, true);
        continue;
      }
      count_check("", "rule(" + rule.name() + ")", rule.severity, d.rules[r], "breaking the rule",
                  rule.name(), false, rule.mostly, d.rule_rows[r]);
    }
    if (contract_.freshness) {
      const Freshness& f = *contract_.freshness;
      const ColumnSpec* spec = contract_.find(f.column);
      std::size_t i = static_cast<std::size_t>(spec - contract_.columns.data());
      double newest = result_.columns[i].highest;
      bool any = std::isfinite(newest);
      double newest_s = spec->type == ColumnType::kDate ? (newest + 1) * 86400.0 : newest;
      double age = result_.as_of - newest_s;
      std::string observed = any ? "newest " + format_typed(spec->type, newest) + ", " +
                                       format_number(age / 3600.0) + "h old"
                                 : "no " + f.column + " values";
      add("", "freshness", f.severity, any && age <= f.max_age_seconds, observed,
          f.column + " within " + f.max_age_text + " of " +
              format_typed(ColumnType::kDatetime, result_.as_of),
          nullptr);
    }
    if (contract_.extra_columns != Policy::kIgnore) {
      std::string extra;
      for (const auto& f : result_.files) {
        for (const auto& e : f.extra_columns) extra += (extra.empty() ? "" : ", ") + e;
      }
      add("", "extra_columns",
          contract_.extra_columns == Policy::kError ? Severity::kError : Severity::kWarning,
          extra.empty(), extra.empty() ? "none" : "not in the contract: " + extra,
          "only the contract's columns", nullptr);
    }
  }

  const Contract& contract_;
  const Result& result_;
  bool fail_on_warning_;
  std::vector<report::Check> checks_;
  boost::json::array json_checks_;
};

}  // namespace

Outcome build_outcome(const Contract& contract, const Result& result, bool fail_on_warning) {
  return Builder(contract, result, fail_on_warning).build();
}

}  // namespace mlops::validate
