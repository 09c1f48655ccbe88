#include "gate/predictions.h"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <new>
#include <stdexcept>
#include <system_error>

#include "core/error.h"
#include "core/text.h"
#include "gate/classification.h"
#include "gate/regression.h"
#include "io/open_table.h"
#include "io/remote.h"
#include "io/value_parse.h"

namespace mlops::gate {
namespace {

std::size_t column(const io::TableReader& r, const std::string& name, const char* role) {
  const auto& cols = r.columns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i] == name) {
      io::require_values(r, i);
      return i;
    }
  }
  std::string near = nearest(name, cols);
  throw input_error(
      r.name() + " has no " + role + " column '" + name + "'",
      near.empty() ? "name it with the matching option" : "did you mean '" + near + "'?");
}

double number(const io::TableReader& r, const io::Row& row, std::size_t i, const char* role) {
  const io::Field& f = row.fields[i];
  if (!f.null) {
    if (auto v = io::parse_number(f.text); v && std::isfinite(*v)) return *v;
  }
  throw input_error(r.name() + ":" + std::to_string(row.line) + ": the " + role + " column '" +
                        r.columns()[i] + "' holds " +
                        (f.null ? std::string("a null") : quoted(f.text)) + ", not a number",
                    "every prediction row needs a finite number there");
}

// A probability column's value: a finite number in [0, 1].
double probability(const io::TableReader& r, const io::Row& row, std::size_t i, const char* role) {
  const double v = number(r, row, i, role);
  if (v < 0 || v > 1) {
    throw input_error(r.name() + ":" + std::to_string(row.line) + ": the " + role + " column '" +
                          r.columns()[i] + "' holds " + quoted(row.fields[i].text) +
                          ", not a probability in [0, 1], and the rules ask for a probability "
                          "metric (log_loss or brier)",
                      "write probabilities (e.g. the sigmoid of a logit), or gate only on "
                      "ranking metrics such as roc_auc, which take any score");
  }
  return v;
}

// How many rows the file at `path` probably holds, judged from the bytes taken by its first
// `rows` records (`bytes`): its size over their mean length, plus an eighth. 0 when the size is
// unknown (stdin). Only a hint to reserve storage: a guess too low means the vectors grow as
// usual (a compressed file's size counts fewer bytes than its records), and capacity never
// written to costs address space, not memory.
std::size_t expected_rows(const std::string& path, std::size_t rows, std::uint64_t bytes) {
  if (path == "-" || rows == 0 || bytes == 0) return 0;
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return 0;
  const double mean = static_cast<double>(bytes) / static_cast<double>(rows);
  return static_cast<std::size_t>(static_cast<double>(size) / mean * 1.125) + rows;
}

// Rows read before storage is reserved for the rest of the file.
constexpr std::size_t kSampleRows = 4096;

void reserve(Predictions& p, std::size_t rows, bool weighted) try {
  switch (p.task) {
    case Task::kBinary:
      p.positive.reserve(rows);
      p.score.reserve(rows);
      break;
    case Task::kMulticlass:
      p.y.reserve(rows);
      p.score.reserve(rows * p.classes);
      break;
    case Task::kRegression:
      p.y_num.reserve(rows);
      p.score.reserve(rows);
      break;
  }
  if (weighted) p.weight.reserve(rows);
} catch (const std::bad_alloc&) {
  // A guess too high for the address space the system grants (the first rows were short):
  // the vectors grow as they fill, as without the hint.
} catch (const std::length_error&) {
  // Likewise for a guess past what a vector can hold.
}

// Appends a row's value of a slice column.
void add_level(SliceColumn& c, std::map<std::optional<std::string>, std::uint32_t>& index,
               const io::Field& f) {
  std::optional<std::string> value;
  if (!f.null) value = f.text;
  auto [it, inserted] = index.try_emplace(value, static_cast<std::uint32_t>(c.levels.size()));
  if (inserted) c.levels.push_back(std::move(value));
  c.level.push_back(it->second);
}

}  // namespace

Predictions subset(const Predictions& p, const std::vector<std::size_t>& rows) {
  Predictions s;
  s.source = p.source;
  s.task = p.task;
  s.classes = p.classes;
  s.threshold = p.threshold;
  const std::size_t per_row = p.task == Task::kMulticlass ? p.classes : 1;
  for (std::size_t i : rows) {
    if (!p.positive.empty()) s.positive.push_back(p.positive[i]);
    if (!p.y.empty()) s.y.push_back(p.y[i]);
    if (!p.y_num.empty()) s.y_num.push_back(p.y_num[i]);
    if (!p.weight.empty()) s.weight.push_back(p.weight[i]);
    s.score.insert(s.score.end(), p.score.begin() + static_cast<std::ptrdiff_t>(i * per_row),
                   p.score.begin() + static_cast<std::ptrdiff_t>((i + 1) * per_row));
  }
  return s;
}

bool needs_probabilities(const std::string& metric) {
  return metric == "log_loss" || metric == "brier";
}

Predictions read_predictions(const std::string& path, const PredictionSpec& spec,
                             std::istream& stdin_stream) {
  Predictions p;
  p.source = io::display_name(path);
  p.task = spec.task;
  p.threshold = spec.threshold;
  io::ReadOptions read;
  read.remote = spec.remote;
  // Only the columns the spec names are read (a Parquet file's other columns are skipped).
  std::vector<std::string> wanted = spec.proba_columns;
  wanted.insert(wanted.end(), spec.slice_columns.begin(), spec.slice_columns.end());
  for (const std::string* c : {&spec.label_column, &spec.score_column, &spec.weight_column}) {
    if (!c->empty()) wanted.push_back(*c);
  }
  read.wanted_columns = io::only_columns(std::move(wanted));
  auto reader = io::open_table(path, read, stdin_stream);
  io::Row row;
  bool first = true;
  std::size_t label = 0, score = 0, weight = 0;
  std::vector<std::size_t> proba, slice;
  std::vector<std::map<std::optional<std::string>, std::uint32_t>> slice_index(
      spec.slice_columns.size());
  // Binary labels: the positive label, or true/1 by default; with a custom positive label
  // every other value is negative.
  const bool custom_positive = spec.positive_label != "1";
  std::size_t rows = 0;
  std::uint64_t first_offset = 0;
  while (reader->next(row)) {
    if (rows == 0) first_offset = row.offset;
    // (A Parquet row's offset is its index, not a byte offset: no guess from it.)
    if (rows == kSampleRows && reader->format() != io::Format::kParquet) {
      reserve(p, expected_rows(path, rows, row.offset - first_offset), !spec.weight_column.empty());
    }
    ++rows;
    if (first) {
      label = column(*reader, spec.label_column, "label");
      if (spec.task == Task::kMulticlass) {
        if (spec.proba_columns.size() < 2) {
          throw usage_error(
              "multiclass predictions need --proba-columns with one column per class");
        }
        for (const auto& c : spec.proba_columns) proba.push_back(column(*reader, c, "probability"));
        p.classes = proba.size();
      } else {
        score = column(*reader, spec.score_column, "score");
      }
      if (!spec.weight_column.empty()) weight = column(*reader, spec.weight_column, "weight");
      for (const auto& c : spec.slice_columns) {
        slice.push_back(column(*reader, c, "slice"));
        p.slices.push_back({c, {}, {}});
      }
      first = false;
    }
    const io::Field& lf = row.fields[label];
    if (lf.null) {
      throw input_error(reader->name() + ":" + std::to_string(row.line) + ": the label is null",
                        "every prediction row needs a label");
    }
    switch (spec.task) {
      case Task::kBinary: {
        bool positive;
        if (!custom_positive && lf.text.size() == 1 && (lf.text[0] == '0' || lf.text[0] == '1')) {
          positive = lf.text[0] == '1';  // the common case, without the comparisons below
        } else {
          const auto as_bool = io::parse_boolean(lf.text);
          positive = lf.text == spec.positive_label || (!custom_positive && as_bool == true);
          if (!positive && !custom_positive && lf.text != "0" && as_bool != false) {
            throw input_error(reader->name() + ":" + std::to_string(row.line) + ": binary label " +
                                  quoted(lf.text) + " is neither 0/1 nor true/false",
                              "use --positive-label to name the positive class");
          }
        }
        p.positive.push_back(positive ? 1 : 0);
        p.score.push_back(spec.probabilities ? probability(*reader, row, score, "score")
                                             : number(*reader, row, score, "score"));
        break;
      }
      case Task::kMulticlass: {
        int cls = -1;
        for (std::size_t k = 0; k < spec.classes.size(); ++k) {
          if (lf.text == spec.classes[k]) cls = static_cast<int>(k);
        }
        if (spec.classes.empty()) {
          auto v = io::parse_integer(lf.text);
          if (v && *v >= 0 && static_cast<std::size_t>(*v) < proba.size())
            cls = static_cast<int>(*v);
        }
        if (cls < 0) {
          throw input_error(reader->name() + ":" + std::to_string(row.line) + ": label " +
                                quoted(lf.text) + " is not one of the classes",
                            "list the label of each probability column with --classes");
        }
        p.y.push_back(cls);
        for (std::size_t c : proba) {
          p.score.push_back(spec.probabilities ? probability(*reader, row, c, "probability")
                                               : number(*reader, row, c, "probability"));
        }
        break;
      }
      case Task::kRegression:
        p.y_num.push_back(number(*reader, row, label, "label"));
        p.score.push_back(number(*reader, row, score, "prediction"));
        break;
    }
    if (!spec.weight_column.empty()) {
      double w = number(*reader, row, weight, "weight");
      if (w < 0) {
        throw input_error(reader->name() + ":" + std::to_string(row.line) +
                              ": negative sample weight " + std::to_string(w),
                          "weights must be >= 0");
      }
      p.weight.push_back(w);
    }
    for (std::size_t k = 0; k < slice.size(); ++k) {
      add_level(p.slices[k], slice_index[k], row.fields[slice[k]]);
    }
  }
  if (first) {
    throw input_error(reader->name() + " holds no predictions", "check the file");
  }
  return p;
}

MetricSet compute_metrics(const Predictions& p) {
  MetricSet m;
  m.source = p.source;
  switch (p.task) {
    case Task::kBinary:
      m.values = binary_metrics(p.positive, p.score, p.weight, p.threshold);
      break;
    case Task::kMulticlass:
      m.values = multiclass_metrics(p.y, p.score, p.classes, p.weight);
      break;
    case Task::kRegression:
      m.values = regression_metrics(p.y_num, p.score, p.weight);
      break;
  }
  return m;
}

double compute_metric(const Predictions& p, const std::string& name,
                      const std::vector<double>& weights) {
  MetricValues all;
  switch (p.task) {
    case Task::kBinary:
      all = binary_metrics(p.positive, p.score, weights, p.threshold);
      break;
    case Task::kMulticlass:
      all = multiclass_metrics(p.y, p.score, p.classes, weights);
      break;
    case Task::kRegression:
      all = regression_metrics(p.y_num, p.score, weights);
      break;
  }
  auto it = all.find(name);
  if (it == all.end()) {
    throw usage_error("the bootstrap metric '" + name + "' is not computed for this task",
                      "see the metric names in docs/metric-gate.md");
  }
  return it->second;
}

}  // namespace mlops::gate
