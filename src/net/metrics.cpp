#include "net/metrics.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "core/error.h"
#include "core/text.h"

namespace mlops::net {

MetricLabels parse_metric_labels(const std::vector<std::string>& items,
                                 std::span<const std::string_view> taken) {
  MetricLabels out;
  for (const std::string& item : items) {
    auto eq = item.find('=');
    std::string name = item.substr(0, eq);
    bool ok = eq != std::string::npos && !name.empty() &&
              std::isdigit(static_cast<unsigned char>(name[0])) == 0 && name.rfind("__", 0) != 0;
    for (char ch : name) ok = ok && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_');
    const bool reserved = std::find(taken.begin(), taken.end(), name) != taken.end();
    if (!ok || reserved) {
      std::string names;
      for (std::string_view t : taken)
        names += (names.empty() ? "'" : ", '") + std::string(t) + "'";
      throw usage_error(
          "--label expects NAME=VALUE with a Prometheus label name, not " + quoted(item),
          "e.g. --label dataset=orders" + (names.empty() ? "" : " (" + names + " are taken)"));
    }
    out.emplace_back(name, item.substr(eq + 1));
  }
  return out;
}

namespace {

std::string escape_label_value(std::string_view v) {
  std::string out;
  for (char ch : v) {
    if (ch == '\\' || ch == '"') out += '\\';
    if (ch == '\n') {
      out += "\\n";
    } else {
      out += ch;
    }
  }
  return out;
}

std::string sample_value(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return format_number(v, 17);
}

}  // namespace

void Exposition::family(std::string_view name, std::string_view help) {
  text_ += "# HELP ";
  text_ += name;
  text_ += ' ';
  text_ += help;
  text_ += "\n# TYPE ";
  text_ += name;
  text_ += " gauge\n";
}

void Exposition::sample(std::string_view name, const MetricLabels& labels, double value) {
  text_ += name;
  bool first = true;
  for (const MetricLabels* set : std::array<const MetricLabels*, 2>{&common_, &labels}) {
    for (const auto& [k, v] : *set) {
      text_ += first ? '{' : ',';
      first = false;
      text_ += k + "=\"" + escape_label_value(v) + "\"";
    }
  }
  if (!first) text_ += '}';
  text_ += ' ' + sample_value(value) + '\n';
}

void push_metrics(const std::string& url, const std::string& job, const std::string& exposition,
                  const Options& http, const std::string& bearer_token) {
  if (job.empty() || job.find('/') != std::string::npos) {
    throw usage_error("--job must be a non-empty name without '/'", "e.g. --job drift-check");
  }
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  Request req{.method = "PUT",
              .url = base + "/metrics/job/" + percent_encode(job),
              .headers = {{"Content-Type", "text/plain; version=0.0.4"}},
              .body = exposition};
  if (!bearer_token.empty()) req.headers.emplace_back("Authorization", "Bearer " + bearer_token);
  CurlClient client(http);
  Response res = client.send(req);
  if (res.status < 200 || res.status >= 300) {
    std::string detail = one_line(res.body.substr(0, 200));
    throw input_error("the Pushgateway at " + redact_url(base) + " answered " +
                          std::to_string(res.status) + (detail.empty() ? "" : ": " + detail),
                      "check --pushgateway and --job");
  }
}

}  // namespace mlops::net
