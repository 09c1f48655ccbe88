#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http.h"

// Prometheus metrics of the gates: the text exposition format (0.0.4), for node_exporter's
// textfile collector or a Pushgateway, and the push itself. Shared by drift-check and
// canary-eval, whose metric families are documented with them.
namespace mlops::net {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// The NAME=VALUE items of --label. NAME must be a Prometheus label name, not reserved by
// Prometheus (__*) and not one of `taken` (the labels the tool sets itself); throws a usage
// error naming the item otherwise.
MetricLabels parse_metric_labels(const std::vector<std::string>& items,
                                 std::span<const std::string_view> taken);

// Gauges in the text exposition format: family() starts a metric family (HELP, TYPE gauge),
// sample() adds a line with the common labels first, then the sample's own. Label values are
// escaped (backslash, double quote, newline); values print with 17 significant digits, NaN
// and +-Inf as Prometheus spells them.
class Exposition {
 public:
  explicit Exposition(MetricLabels common = {}) : common_(std::move(common)) {}
  void family(std::string_view name, std::string_view help);
  void sample(std::string_view name, const MetricLabels& labels, double value);
  const std::string& text() const { return text_; }

 private:
  MetricLabels common_;
  std::string text_;
};

// PUTs `exposition` to URL/metrics/job/JOB, replacing that job's group (so metrics of an
// earlier push that this one lacks disappear). A non-empty bearer_token is sent as
// Authorization. Throws a usage error for an empty job or one with '/', an input error
// (exit 3) when the Pushgateway cannot be reached or answers other than 2xx.
void push_metrics(const std::string& url, const std::string& job, const std::string& exposition,
                  const Options& http, const std::string& bearer_token);

}  // namespace mlops::net
