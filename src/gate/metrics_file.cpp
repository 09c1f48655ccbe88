#include "gate/metrics_file.h"

#include <yaml-cpp/yaml.h>

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "config/node.h"
#include "core/error.h"
#include "core/text.h"
#include "crypto/read_ledger.h"
#include "json/parse.h"

namespace mlops::gate {
namespace {

std::string join(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

// A gate compares numbers; an infinite or NaN metric would pass `min` or fail everything
// without saying why, so the file is refused, as MlflowClient::run_metrics refuses such a run.
[[noreturn]] void non_finite(const std::string& where, const std::string& metric,
                             const std::string& what) {
  throw input_error(where + ": metric '" + metric + "' is " + what +
                        ", not a finite number a threshold can be compared with",
                    "fix what wrote the metrics file so that it holds a finite value");
}

void flatten_json(const boost::json::value& v, const std::string& path, MetricSet& out) {
  switch (v.kind()) {
    case boost::json::kind::object:
      for (const auto& kv : v.get_object()) flatten_json(kv.value(), join(path, kv.key()), out);
      break;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: {
      // JSON has no NaN or infinity, but a literal past double's range (1e400) reads as one.
      const double value = v.to_number<double>();
      if (!std::isfinite(value)) {
        non_finite(out.source, path,
                   std::string(value < 0 ? "-" : "") + "infinite (a number past double's range)");
      }
      out.values[path] = value;
      break;
    }
    case boost::json::kind::string:
      out.other[path] = "the string " + quoted(v.get_string());
      break;
    case boost::json::kind::bool_:
      out.other[path] = v.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::null:
      out.other[path] = "null";
      break;
    case boost::json::kind::array:
      out.other[path] = "a list";
      break;
  }
}

// YAML 1.2's core schema spells infinity and NaN .inf/-.inf/.nan (three cases each); plain
// strtod spellings (inf, nan, infinity) and literals past double's range (1e400) are read as
// numbers too, so that no spelling of a non-finite value slips through as text.
std::optional<double> yaml_number(const std::string& s) {
  static const std::map<std::string, double> kSpecial = {
      {".inf", INFINITY},   {".Inf", INFINITY},     {".INF", INFINITY},     {"+.inf", INFINITY},
      {"+.Inf", INFINITY},  {"+.INF", INFINITY},    {"-.inf", -INFINITY},   {"-.Inf", -INFINITY},
      {"-.INF", -INFINITY}, {".nan", std::nan("")}, {".NaN", std::nan("")}, {".NAN", std::nan("")}};
  if (auto it = kSpecial.find(s); it != kSpecial.end()) return it->second;
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (p != s.data() + s.size()) return std::nullopt;
  if (ec == std::errc()) return v;
  // Out of range: strtod tells an overflow (±HUGE_VAL) from an underflow (0 or a subnormal).
  if (ec == std::errc::result_out_of_range) return std::strtod(s.c_str(), nullptr);
  return std::nullopt;
}

void flatten_yaml(const YAML::Node& n, const std::string& path, MetricSet& out) {
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      flatten_yaml(it->second, join(path, it->first.Scalar()), out);
    }
  } else if (n.IsScalar()) {
    const std::string& s = n.Scalar();
    std::optional<double> v = n.Tag() != "!" ? yaml_number(s) : std::nullopt;
    if (v && !std::isfinite(*v)) {
      non_finite(out.source + ":" + std::to_string(n.Mark().line + 1) + ":" +
                     std::to_string(n.Mark().column + 1),
                 path, quoted(s) + (std::isnan(*v) ? " (NaN)" : " (infinite)"));
    }
    if (v) {
      out.values[path] = *v;
    } else {
      out.other[path] = "the text " + quoted(s);
    }
  } else if (n.IsSequence()) {
    out.other[path] = "a list";
  } else {
    out.other[path] = "null";
  }
}

}  // namespace

std::optional<double> MetricSet::find(const std::string& metric) const {
  auto it = values.find(metric);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

double MetricSet::get(const std::string& metric) const {
  if (auto v = find(metric)) return *v;
  if (auto it = other.find(metric); it != other.end()) {
    throw input_error(
        "metric '" + metric + "' in " + source + " is " + it->second + ", not a number",
        "write it as a number");
  }
  std::vector<std::string> names;
  for (const auto& [k, v] : values) names.push_back(k);
  std::string near = nearest(metric, names);
  throw input_error(
      "metric '" + metric + "' is missing from " + source,
      near.empty() ? "log it, or mark the rule required: false" : "did you mean '" + near + "'?");
}

MetricSet parse_metrics(const std::string& text, const std::string& name) {
  MetricSet out;
  out.source = name;
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    // Numbers converted exactly: Boost's own parser reads some 17-digit decimals one unit in
    // the last place off, which can put a metric on the wrong side of a threshold written with
    // the same digits.
    flatten_json(mlops::json::parse_json_exact(text, name), "", out);
  } else {
    // A second document or a repeated metric name is refused rather than silently resolved.
    YAML::Node root = config::parse_yaml(text, name, ExitCode::kCannotEvaluate);
    if (!root.IsMap()) {
      throw input_error(name + ": expected a mapping of metric names to values",
                        "write JSON like {\"accuracy\": 0.9} or YAML like accuracy: 0.9");
    }
    flatten_yaml(root, "", out);
  }
  return out;
}

MetricSet strip_prefix(const MetricSet& metrics, const std::string& prefix) {
  if (prefix.empty()) return metrics;
  MetricSet out;
  out.source = metrics.source + " (names under '" + prefix + "')";
  for (const auto& [k, v] : metrics.values) {
    if (k.size() > prefix.size() && k.compare(0, prefix.size(), prefix) == 0) {
      out.values[k.substr(prefix.size())] = v;
    }
  }
  for (const auto& [k, v] : metrics.other) {
    if (k.size() > prefix.size() && k.compare(0, prefix.size(), prefix) == 0) {
      out.other[k.substr(prefix.size())] = v;
    }
  }
  return out;
}

MetricSet load_metrics_file(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary)) {
    throw input_error("cannot read the metrics file " + path, "check the path");
  }
  // Hashed as it is read: an attestation signs the digest of the metrics that were judged.
  return parse_metrics(crypto::read_whole_file(path), path);
}

}  // namespace mlops::gate
