#include "canary/samples.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "io/open_table.h"
#include "io/value_parse.h"

namespace mlops::canary {

std::map<std::string, MetricSamples> read_samples(const std::string& path,
                                                  std::istream& stdin_stream,
                                                  const std::vector<std::string>& metrics) {
  auto reader = io::open_table(path, io::ReadOptions{}, stdin_stream);
  const std::vector<std::string>& columns = reader->columns();
  auto index_of = [&](const char* name) {
    auto it = std::find(columns.begin(), columns.end(), name);
    if (it == columns.end()) {
      throw input_error(reader->name() + ": no column '" + name + "'",
                        "samples need the columns metric, group, timestamp and value");
    }
    return static_cast<std::size_t>(it - columns.begin());
  };
  const std::size_t metric = index_of("metric"), group = index_of("group"),
                    value = index_of("value");
  index_of("timestamp");
  std::map<std::string, MetricSamples> out;
  io::Row row;
  while (reader->next(row)) {
    auto where = [&] { return reader->name() + ":" + std::to_string(row.line); };
    const io::Field &m = row.fields[metric], &g = row.fields[group], &v = row.fields[value];
    if (m.null || g.null) throw input_error(where() + ": metric and group must not be empty");
    if (std::find(metrics.begin(), metrics.end(), m.text) == metrics.end()) {
      std::string names;
      for (const std::string& n : metrics) names += (names.empty() ? "" : ", ") + n;
      throw input_error(
          where() + ": metric " + quoted(m.text) + " is not in the config (" + names + ")",
          "name each sample's metric as the config does");
    }
    MetricSamples& s = out[std::string(m.text)];
    if (s.baseline_query.empty()) s.baseline_query = s.canary_query = "samples " + reader->name();
    double x = std::nan("");
    if (!v.null) {
      auto parsed = io::parse_number(v.text);
      if (!parsed) {
        throw input_error(where() + ": value " + quoted(v.text) + " is not a number",
                          "write numbers, NaN or +Inf");
      }
      x = *parsed;
    }
    if (g.text == "baseline") {
      s.baseline.push_back(x);
    } else if (g.text == "canary") {
      s.canary.push_back(x);
    } else {
      throw input_error(where() + ": group " + quoted(g.text) + " is neither baseline nor canary");
    }
  }
  return out;
}

}  // namespace mlops::canary
