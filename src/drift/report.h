#pragma once

#include <boost/json/value.hpp>
#include <string>

#include "drift/compare.h"
#include "net/metrics.h"
#include "report/report.h"

namespace mlops::drift {

// One line on the schema, shown first in every report: "schema unchanged", or the changes with
// what the policy made of them.
std::string schema_summary(const DatasetResult& result);

// A column's missing-value shares, e.g. "10% -> 25%" with ", drifted" when the change is drift.
std::string missing_summary(const ColumnResult& c);

// The report every output format is written from: one check per column (failed when the
// column drifted and so did the dataset; a warning when only the column did), one for the
// dataset, and the facts GitHub outputs carry (drift, drifted_columns, share).
report::Report to_report(const DatasetResult& result, const std::string& config_path);

// The text report: the inputs, the schema line, one table row per column, the notes and the
// dataset verdict with its weighted share.
std::string text_report(const DatasetResult& result);

// The JSON report, schema "mlops-actions/drift-check/v1" (docs/drift-check.md).
boost::json::value to_json(const DatasetResult& result);

// Prometheus text exposition: per column mlops_drift_statistic, mlops_drift_p_value (tests
// only), mlops_drift_detected; per dataset mlops_drift_dataset_share and
// mlops_drift_dataset_detected. `labels` are added to every sample (e.g. dataset="orders").
std::string to_prometheus(const DatasetResult& result, const net::MetricLabels& labels);

}  // namespace mlops::drift
