#include "drift/report.h"

#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>

#include "core/text.h"
#include "core/version.h"
#include "json/write.h"
#include "report/text.h"

namespace mlops::drift {
namespace {

std::string comparison(const ColumnResult& c) {
  if (c.p_value) {
    bool le = c.method == Method::kKs;
    return "p = " + format_number(*c.p_value, 4) +
           (c.drift ? (le ? " <= " : " < ") : (le ? " > " : " >= ")) + format_number(c.threshold);
  }
  return to_string(c.method) == "wasserstein"
             ? "distance " + format_number(c.statistic, 4) + (c.drift ? " >= " : " < ") +
                   format_number(c.threshold) + " (in reference std units)"
             : std::string(to_string(c.method)) + " " + format_number(c.statistic, 4) +
                   (c.drift ? " >= " : " < ") + format_number(c.threshold);
}

std::string label(Role role) {
  return role == Role::kFeature ? std::string() : " [" + std::string(to_string(role)) + "]";
}

// The column's data-quality check in its message; a failed one makes a passing column a
// warning under `quality: warn` (under `error` it drifted the column already).
void add_quality(report::Check& check, const ColumnResult& c, SchemaPolicy policy) {
  if (!c.quality) return;
  check.message += "; data quality: " + quality_summary(*c.quality);
  if (c.quality->failed && policy == SchemaPolicy::kWarn && check.status == report::Status::kPass) {
    check.status = report::Status::kWarn;
  }
}

}  // namespace

std::string missing_summary(const ColumnResult& c) {
  return format_number(100 * c.reference_missing_share, 3) + "% -> " +
         format_number(100 * c.current_missing_share, 3) + "%" +
         (c.missing_drift ? " (p = " + format_number(c.missing_p_value, 3) + "), drifted" : "");
}

std::string schema_summary(const DatasetResult& result) {
  if (result.schema_changes.empty()) return "schema unchanged";
  std::string s = "schema changed (" + std::to_string(result.schema_changes.size()) + " column" +
                  (result.schema_changes.size() == 1 ? "" : "s") +
                  ", schema: " + std::string(to_string(result.schema_policy)) + ")";
  switch (result.schema_policy) {
    case SchemaPolicy::kError:
      s += ": dataset drift";
      break;
    case SchemaPolicy::kWarn:
      s += ": warning";
      break;
    case SchemaPolicy::kIgnore:
      s += ": not counted";
      break;
  }
  for (std::size_t i = 0; i < result.schema_changes.size(); ++i) {
    const SchemaChange& c = result.schema_changes[i];
    s += std::string(i == 0 ? ": " : "; ") + "'" + c.column + "' " + c.change;
  }
  return s;
}

report::Report to_report(const DatasetResult& result, const std::string& config_path) {
  report::Report r;
  r.tool = "drift-check";
  r.title = result.current + " against " + result.reference;
  r.exit = result.drift ? ExitCode::kFail : ExitCode::kPass;
  report::Check schema;
  schema.name = "schema";
  schema.group = "schema";
  schema.status = result.schema_changes.empty()                 ? report::Status::kPass
                  : result.schema_drift()                       ? report::Status::kFail
                  : result.schema_policy == SchemaPolicy::kWarn ? report::Status::kWarn
                                                                : report::Status::kPass;
  schema.observed = std::to_string(result.schema_changes.size());
  schema.message = schema_summary(result);
  r.checks.push_back(std::move(schema));
  for (const ColumnResult& c : result.columns) {
    report::Check check;
    check.name = c.column;
    check.group = std::string(to_string(c.role));
    if (!c.drift) {
      check.status = report::Status::kPass;
    } else {
      check.status = result.drift ? report::Status::kFail : report::Status::kWarn;
    }
    if (!c.error.empty()) {
      check.message = c.column + label(c.role) + ": " + c.error;
      check.observed = "error";
    } else if (c.missing_drift) {
      check.message = c.column + label(c.role) + ": missing values " + missing_summary(c) + "; " +
                      std::string(to_string(c.method)) + ", " + comparison(c);
      check.observed = format_number(c.current_missing_share);
    } else {
      check.message =
          c.column + label(c.role) + ": " + std::string(to_string(c.method)) + ", " + comparison(c);
      if (c.effect) {
        check.message += ", effect " + format_number(*c.effect, 4) +
                         (*c.effect >= c.min_effect ? " >= " : " < ") + format_number(c.min_effect);
      }
      check.message += ", missing values " + missing_summary(c);
      if (c.drift) check.message += " - drifted";
      if (c.uncertain) {
        check.message += " (uncertain: the verdict could flip within the error bound " +
                         format_number(c.error_bound, 3) + ", so the column counts as drifted)";
      }
      check.observed = format_number(c.score());
    }
    add_quality(check, c, result.quality_policy);
    if (!c.location.empty() && !config_path.empty()) {
      // "file:line:column" of the column's entry in the config.
      report::Location loc{config_path, 0, 0};
      std::size_t colon = c.location.rfind(':'), before = c.location.rfind(':', colon - 1);
      if (colon != std::string::npos && before != std::string::npos) {
        loc.line = std::strtoull(c.location.c_str() + before + 1, nullptr, 10);
        loc.column = std::strtoull(c.location.c_str() + colon + 1, nullptr, 10);
      }
      check.location = loc;
    }
    r.checks.push_back(std::move(check));
  }
  report::Check dataset;
  dataset.name = "dataset";
  dataset.group = "dataset";
  dataset.status = result.drift ? report::Status::kFail : report::Status::kPass;
  dataset.observed = format_number(result.share, 4);
  const bool share_drift = result.share >= result.drift_share;
  dataset.message = "share of drifted columns " + format_number(result.share, 4) +
                    (share_drift ? " >= " : " < ") + format_number(result.drift_share) +
                    (result.schema_drift() ? "; the schema changed" : "") +
                    (result.drift ? ": dataset drift" : ": no dataset drift");
  r.checks.push_back(std::move(dataset));
  std::string drifted;
  for (const std::string& name : result.drifted()) drifted += (drifted.empty() ? "" : ",") + name;
  r.facts = {{"schema_changed", result.schema_changes.empty() ? "false" : "true"},
             {"drift", result.drift ? "true" : "false"},
             {"drifted_columns", drifted},
             {"share", mlops::json::number(result.share)}};
  return r;
}

boost::json::value to_json(const DatasetResult& result) {
  boost::json::array columns;
  for (const ColumnResult& c : result.columns) {
    boost::json::object j{{"column", c.column},
                          {"role", std::string(to_string(c.role))},
                          {"kind", std::string(to_string(c.kind))},
                          {"type", c.type},
                          {"drift", c.drift},
                          {"weight", c.weight}};
    j["missing"] = boost::json::object{
        {"reference_share", mlops::json::number_or_null(c.reference_missing_share)},
        {"current_share", mlops::json::number_or_null(c.current_missing_share)},
        {"p_value", mlops::json::number_or_null(c.missing_p_value)},
        {"drift", c.missing_drift}};
    j["quality"] = c.quality ? quality_json(*c.quality) : boost::json::value(nullptr);
    if (!c.error.empty()) {
      j["error"] = c.error;
    } else {
      j["method"] = std::string(to_string(c.method));
      j["why"] = c.why;
      j["statistic"] = mlops::json::number_or_null(c.statistic);
      j["p_value"] =
          c.p_value ? mlops::json::number_or_null(*c.p_value) : boost::json::value(nullptr);
      j["threshold"] = c.threshold;
      j["effect"] = c.effect ? mlops::json::number_or_null(*c.effect) : boost::json::value(nullptr);
      j["min_effect"] = c.min_effect;
      j["error_bound"] = c.error_bound;
      j["uncertain"] = c.uncertain;
      j["reference_values"] = c.reference_values;
      j["current_values"] = c.current_values;
      j["reference_nulls"] = c.reference_nulls;
      j["current_nulls"] = c.current_nulls;
      j["distinct"] = c.distinct > 0 ? boost::json::value(c.distinct) : nullptr;
    }
    columns.push_back(std::move(j));
  }
  boost::json::array notes;
  for (const std::string& n : result.notes) notes.emplace_back(n);
  boost::json::array schema_changes;
  for (const SchemaChange& c : result.schema_changes) {
    schema_changes.push_back(boost::json::object{{"column", c.column}, {"change", c.change}});
  }
  boost::json::array drifted;
  for (const std::string& n : result.drifted()) drifted.emplace_back(n);
  return boost::json::object{
      {"schema", "mlops-actions/drift-check/v1"},
      {"tool", "drift-check"},
      {"version", std::string(version())},
      {"schema_policy", std::string(to_string(result.schema_policy))},
      {"schema_changes", std::move(schema_changes)},
      {"drift", result.drift},
      {"share", result.share},
      {"drift_share", result.drift_share},
      {"quality_policy", std::string(to_string(result.quality_policy))},
      {"drifted_columns", std::move(drifted)},
      {"preset", std::string(to_string(result.preset))},
      {"reference", boost::json::object{{"name", result.reference},
                                        {"rows", result.reference_rows},
                                        {"rank_error", result.reference_rank_error}}},
      {"current", boost::json::object{{"name", result.current},
                                      {"rows", result.current_rows},
                                      {"rank_error", result.current_rank_error}}},
      {"columns", std::move(columns)},
      {"notes", std::move(notes)}};
}

std::string to_prometheus(const DatasetResult& result, const net::MetricLabels& labels) {
  net::Exposition out(labels);
  auto column = [](const ColumnResult& c, bool method) {
    net::MetricLabels l{{"column", c.column}};
    if (method) l.emplace_back("method", std::string(to_string(c.method)));
    return l;
  };
  out.family("mlops_drift_statistic", "Drift statistic per column (KS D, distance, chi-square).");
  for (const ColumnResult& c : result.columns) {
    if (c.error.empty()) out.sample("mlops_drift_statistic", column(c, true), c.statistic);
  }
  out.family("mlops_drift_p_value", "p-value of the column's drift test (tests only).");
  for (const ColumnResult& c : result.columns) {
    if (c.error.empty() && c.p_value)
      out.sample("mlops_drift_p_value", column(c, true), *c.p_value);
  }
  out.family("mlops_drift_detected", "1 when the column drifted (or could not be compared).");
  for (const ColumnResult& c : result.columns) {
    out.sample("mlops_drift_detected", column(c, false), c.drift ? 1 : 0);
  }
  out.family("mlops_drift_schema_changes", "Columns only one side has or of another kind.");
  out.sample("mlops_drift_schema_changes", {}, static_cast<double>(result.schema_changes.size()));
  out.family("mlops_drift_dataset_share", "Weighted share of drifted columns.");
  out.sample("mlops_drift_dataset_share", {}, result.share);
  out.family("mlops_drift_dataset_detected", "1 when the dataset drifted.");
  out.sample("mlops_drift_dataset_detected", {}, result.drift ? 1 : 0);
  return out.text();
}

std::string text_report(const DatasetResult& r) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"column", "kind", "method", "statistic", "p-value", "threshold", "effect",
                  "missing", "quality", "verdict"});
  for (const ColumnResult& c : r.columns) {
    std::string name =
        c.column +
        (c.role == Role::kFeature ? std::string() : " [" + std::string(to_string(c.role)) + "]");
    if (!c.error.empty()) {
      rows.push_back({name, std::string(to_string(c.kind)), "-", "-", "-", "-", "-",
                      missing_summary(c), "-", "error: " + c.error});
      continue;
    }
    std::string verdict = c.drift ? "DRIFT" : "ok";
    if (c.missing_drift) verdict += " (missing values)";
    if (c.drift && c.quality && c.quality->failed && r.quality_policy == SchemaPolicy::kError) {
      verdict += " (data quality)";
    }
    if (c.uncertain)
      verdict = "DRIFT? (uncertain within error " + format_number(c.error_bound, 2) + ")";
    rows.push_back({name, std::string(to_string(c.kind)), std::string(to_string(c.method)),
                    format_number(c.statistic, 4), c.p_value ? format_number(*c.p_value, 4) : "-",
                    format_number(c.threshold),
                    c.effect ? format_number(*c.effect, 3) +
                                   (*c.effect >= c.min_effect ? " >= " : " < ") +
                                   format_number(c.min_effect)
                             : "-",
                    missing_summary(c), c.quality ? quality_cell(*c.quality) : "-", verdict});
  }
  std::string text = "drift-check: " + r.current + " (" + std::to_string(r.current_rows) +
                     " rows) against " + r.reference + " (" + std::to_string(r.reference_rows) +
                     " rows), preset " + std::string(to_string(r.preset)) + "\n" +
                     "drift-check: " + schema_summary(r) + "\n" + report::text_table(rows);
  for (const ColumnResult& c : r.columns) {
    if (c.quality && c.quality->failed) {
      text += "  data quality (quality: " + std::string(to_string(r.quality_policy)) + "): '" +
              c.column + "' " + quality_summary(*c.quality) + "\n";
    }
  }
  for (const std::string& n : r.notes) text += "  note: " + n + "\n";
  if (r.reference_rank_error > 0 || r.current_rank_error > 0) {
    text += "  note: sketched values; normalised rank error <= " +
            format_number(100 * std::max(r.reference_rank_error, r.current_rank_error), 3) +
            "% (99% confidence)\n";
  }
  std::size_t drifted = r.drifted().size();
  const bool share_drift = r.share >= r.drift_share;
  text += "drift-check: " + std::string(r.drift ? "DATASET DRIFT" : "no dataset drift") + " (" +
          (r.schema_drift() ? "the schema changed; " : "") + std::to_string(drifted) + " of " +
          std::to_string(r.columns.size()) + " columns drifted, weighted share " +
          format_number(r.share, 4) + (share_drift ? " >= " : " < ") +
          format_number(r.drift_share) + ")\n";
  return text;
}

}  // namespace mlops::drift
