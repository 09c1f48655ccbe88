#pragma once

#include <string>
#include <vector>

#include "drift/profile.h"
#include "io/table.h"

namespace mlops::drift::testing {

// A TableReader over rows held in memory, for feeding ProfileBuilder in tests.
class VectorReader : public io::TableReader {
 public:
  VectorReader(std::vector<std::string> columns, std::vector<std::vector<std::string>> rows)
      : columns_(std::move(columns)), rows_(std::move(rows)) {}
  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(io::Row& row) override {
    if (next_ == rows_.size()) return false;
    row.fields.clear();
    for (const std::string& text : rows_[next_]) {
      row.fields.push_back({text, text.empty()});
    }
    row.line = ++next_ + 1;  // the header is line 1
    return true;
  }
  const std::string& name() const override { return name_; }
  io::Format format() const override { return io::Format::kCsv; }
  std::uint64_t bytes_read() const override { return 0; }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t next_ = 0;
  std::string name_ = "memory.csv";
};

// The integers from, from + 1, ..., to - 1 as doubles.
inline std::vector<double> range(int from, int to) {
  std::vector<double> v;
  for (int i = from; i < to; ++i) v.push_back(i);
  return v;
}

// One numeric column named `name` holding `values`.
inline Profile numeric_profile(const std::string& name, const std::vector<double>& values,
                               Storage storage = Storage::kExact, MemoryBudget* budget = nullptr) {
  static MemoryBudget unlimited;
  unlimited.limit = ~0ull;
  BuildOptions options;
  options.storage = storage;
  options.budget = budget ? budget : &unlimited;
  ProfileBuilder b({{name, Kind::kNumeric, io::DataType::kNumber}}, options);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(values.size());
  for (double v : values) rows.push_back({std::to_string(v)});
  VectorReader reader({name}, rows);
  io::Row row;
  while (reader.next(row)) b.add(row, reader);
  return b.finish(name + ".csv", 0);
}

// One categorical column named `name`: value i repeated counts[i] times.
inline Profile categorical_profile(const std::string& name, const std::vector<std::string>& values,
                                   const std::vector<int>& counts) {
  BuildOptions options;
  options.storage = Storage::kSketch;
  ProfileBuilder b({{name, Kind::kCategorical, io::DataType::kString}}, options);
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (int k = 0; k < counts[i]; ++k) rows.push_back({values[i]});
  }
  VectorReader reader({name}, rows);
  io::Row row;
  while (reader.next(row)) b.add(row, reader);
  return b.finish(name + ".csv", 0);
}

}  // namespace mlops::drift::testing
