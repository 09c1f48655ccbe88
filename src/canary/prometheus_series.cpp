#include "canary/prometheus.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "core/text.h"
#include "json/parse.h"

// Prometheus series: the query_range answer's body read into series, and the series combined
// into the one sample a judge compares.
namespace mlops::canary {
namespace {

namespace json = boost::json;

// Prometheus's formatting of sample values (strconv.FormatFloat): decimal text or one of the
// three special spellings. Other servers write "Inf"; from_chars's own "inf"/"nan" forms are
// refused so that a typo cannot pass as a number.
bool parse_sample(std::string_view text, double& value) {
  if (text == "NaN") {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (text == "+Inf" || text == "Inf") {
    value = std::numeric_limits<double>::infinity();
  } else if (text == "-Inf") {
    value = -std::numeric_limits<double>::infinity();
  } else {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
  }
  return true;
}

// A parsed body with what a complaint about it has to name.
struct Body : mlops::json::JsonFields {
  explicit Body(const std::string& context)
      : JsonFields{"Prometheus", context,
                   "check that the URL points at Prometheus or a server with its query API"} {}

  Series series(const json::value& v, const std::string& path) const {
    const json::object& o = object(v, path);
    Series s;
    const std::string metric_path = path + ".metric";
    for (const auto& [name, value] : object(need(o, "metric", metric_path), metric_path)) {
      s.labels.emplace(std::string(name), string(value, metric_path + "." + std::string(name)));
    }
    const json::value* values = find(o, "values");
    if (find(o, "histograms")) {
      throw usage_error("the query returns native histogram samples for " +
                            format_labels(s.labels) + ", not numbers (" + where + ")",
                        "wrap it in histogram_quantile(), histogram_count() or "
                        "histogram_sum() to get a number per step");
    }
    if (!values) malformed("expected a field '" + path + ".values', found none");
    const json::array& points = array(*values, path + ".values");
    s.points.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      const std::string at = path + ".values[" + std::to_string(i) + "]";
      const json::array& pair = array(points[i], at);
      if (pair.size() != 2) {
        malformed("expected '" + at + "' to be [time, \"value\"], found " +
                  std::to_string(pair.size()) + " elements");
      }
      if (!pair[0].is_number()) {
        malformed("expected '" + at + "[0]' to be a time in seconds, found " +
                  mlops::json::json_kind(pair[0]));
      }
      double value = 0;
      if (std::string text = string(pair[1], at + "[1]"); !parse_sample(text, value)) {
        malformed("expected '" + at + "[1]' to be a number as text, found " + quoted(text));
      }
      s.points.emplace_back(pair[0].to_number<double>(), value);
    }
    return s;
  }
};

void collect_messages(const Body& b, const json::object& root, std::string_view key,
                      std::vector<std::string>* out) {
  const json::value* list = b.find(root, key);
  if (!list) return;
  const json::array& items = b.array(*list, std::string(key));
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string text = b.string(items[i], std::string(key) + "[" + std::to_string(i) + "]");
    if (out) out->push_back(one_line(text, 600));
  }
}

}  // namespace

void query_failed(const std::string& type, const std::string& message, const std::string& where) {
  std::string detail = one_line(type.empty() ? "error" : type) + ": " + one_line(message, 600);
  if (type == "bad_data") {
    throw usage_error("Prometheus rejected the query: " + detail + " (" + where + ")",
                      "fix the query, or the window and step, in the configuration; try the "
                      "query in the Prometheus expression browser first");
  }
  if (type == "timeout" || type == "canceled") {
    throw input_error("Prometheus gave up on the query: " + detail + " (" + where + ")",
                      "simplify the query or shorten the window, or raise Prometheus's "
                      "--query.timeout");
  }
  if (type == "execution") {
    throw input_error("Prometheus could not execute the query: " + detail + " (" + where + ")",
                      "the query is valid but failed on the stored data; make it work in the "
                      "Prometheus expression browser over the same window");
  }
  throw input_error("Prometheus answered with an error: " + detail + " (" + where + ")",
                    "check the Prometheus logs");
}

std::vector<Series> parse_query_range_response(std::string_view body, const std::string& context,
                                               std::vector<std::string>* warnings) {
  Body b{context};
  json::value parsed;
  try {
    parsed = mlops::json::parse_json_exact(body, "the body");
  } catch (const Error& e) {
    b.malformed(body.empty() ? "expected a JSON object, found an empty body"
                             : std::string(e.what()) + "; it starts " + quoted(body, 40));
  }
  const json::object& root = b.object(parsed, "the response");
  const std::string status = b.string(b.need(root, "status", "status"), "status");
  if (status == "error") {
    const json::value* type = b.find(root, "errorType");
    const json::value* error = b.find(root, "error");
    query_failed(type ? b.string(*type, "errorType") : "", error ? b.string(*error, "error") : "",
                 context);
  }
  if (status != "success") {
    b.malformed("expected 'status' to be \"success\" or \"error\", found " + quoted(status));
  }
  collect_messages(b, root, "warnings", warnings);
  collect_messages(b, root, "infos", warnings);  // Prometheus 3 sends PromQL hints apart

  const json::object& data = b.object(b.need(root, "data", "data"), "data");
  const std::string type =
      b.string(b.need(data, "resultType", "data.resultType"), "data.resultType");
  if (type != "matrix") {
    b.malformed("expected 'data.resultType' to be \"matrix\" for a range query, found " +
                quoted(type));
  }
  const json::array& result = b.array(b.need(data, "result", "data.result"), "data.result");
  std::vector<Series> out;
  out.reserve(result.size());
  for (std::size_t i = 0; i < result.size(); ++i) {
    out.push_back(b.series(result[i], "data.result[" + std::to_string(i) + "]"));
  }
  return out;
}

std::optional<Aggregate> aggregate_from_name(std::string_view name) {
  for (Aggregate how : {Aggregate::kReject, Aggregate::kConcat, Aggregate::kSumByTimestamp,
                        Aggregate::kMeanByTimestamp}) {
    if (aggregate_name(how) == name) return how;
  }
  return std::nullopt;
}

std::string_view aggregate_name(Aggregate how) {
  switch (how) {
    case Aggregate::kReject:
      return "reject";
    case Aggregate::kConcat:
      return "concat";
    case Aggregate::kSumByTimestamp:
      return "sum";
    case Aggregate::kMeanByTimestamp:
      return "mean";
  }
  return "reject";
}

std::vector<double> aggregate_values(const std::vector<Series>& series, Aggregate how,
                                     const std::string& context) {
  std::vector<double> out;
  if (how == Aggregate::kReject && series.size() > 1) {
    std::string names;
    for (std::size_t i = 0; i < series.size() && i < 3; ++i) {
      names += (i ? ", " : "") + format_labels(series[i].labels);
    }
    if (series.size() > 3) names += ", ...";
    throw usage_error(context + ": the query returned " + std::to_string(series.size()) +
                          " series (" + one_line(names, 400) + "), not one",
                      "aggregate them in the query with sum(...) or avg(...), or choose how to "
                      "combine them (aggregate: sum, mean or concat)");
  }
  if (how == Aggregate::kReject || how == Aggregate::kConcat) {
    for (const Series& s : series) {
      for (const auto& [time, value] : s.points) {
        if (!std::isnan(value)) out.push_back(value);
      }
    }
    return out;
  }
  std::map<double, std::pair<double, std::size_t>> by_time;  // time -> (sum, count)
  for (const Series& s : series) {
    for (const auto& [time, value] : s.points) {
      if (std::isnan(value)) continue;
      auto& [sum, count] = by_time[time];
      sum += value;
      ++count;
    }
  }
  for (const auto& [time, sum_count] : by_time) {
    const auto& [sum, count] = sum_count;
    double value = how == Aggregate::kSumByTimestamp ? sum : sum / static_cast<double>(count);
    if (!std::isnan(value)) out.push_back(value);  // +Inf and -Inf at one time sum to NaN
  }
  return out;
}

std::string format_labels(const std::map<std::string, std::string>& labels) {
  std::string out;
  auto name = labels.find("__name__");
  if (name != labels.end()) {
    out = name->second;
    if (labels.size() == 1) return out;
  }
  out += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (key == "__name__") continue;
    if (!first) out += ", ";
    first = false;
    out += key + "=\"";
    for (char c : value) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out + '}';
}

}  // namespace mlops::canary
