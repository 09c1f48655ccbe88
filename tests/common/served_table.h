#pragma once

// A table in memory served the two ways a reader can serve it (io/table.h): row by row
// (next), or in batches (next_batch) of at most a given size, where a column whose batch holds
// no null comes as codes of a dictionary and else as fields. There are two dictionaries per
// column, numbered differently, the second from the middle row on (a batch never spans both);
// the fields of every other column carry their dictionary codes too. Tests hold a tool's
// batch path to its row path with it.

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"

namespace mlops::testing {

using Cells = std::vector<std::vector<std::optional<std::string>>>;  // [row][column]

class ServedTable : public io::TableReader {
 public:
  // `batch_rows` 0: rows only.
  ServedTable(std::vector<std::string> columns, Cells rows, std::size_t batch_rows)
      : columns_(std::move(columns)), rows_(std::move(rows)), batch_rows_(batch_rows) {
    const std::size_t n = columns_.size();
    texts_.resize(n);
    for (auto& d : entries_) d.resize(n);
    for (auto& d : code_of_) d.resize(n);
    for (auto& d : ids_) d.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
      std::map<std::string, bool> seen;
      for (const auto& row : rows_) {
        if (row[c] && seen.emplace(*row[c], true).second) texts_[c].push_back(*row[c]);
      }
      for (int d = 0; d < 2; ++d) {
        ids_[d][c] = io::new_dictionary_id();
        for (std::size_t k = 0; k < texts_[c].size(); ++k) {
          const std::string& text = texts_[c][d == 0 ? k : texts_[c].size() - 1 - k];
          entries_[d][c].emplace_back(text);
          code_of_[d][c][text] = static_cast<std::uint32_t>(k);
        }
      }
    }
  }

  const std::vector<std::string>& columns() const override { return columns_; }
  const std::string& name() const override { return name_; }
  io::Format format() const override { return io::Format::kParquet; }
  std::uint64_t bytes_read() const override { return 0; }

  bool next(io::Row& row) override {
    if (at_ == rows_.size()) return false;
    row.fields.resize(columns_.size());
    for (std::size_t c = 0; c < columns_.size(); ++c) row.fields[c] = field(at_, c);
    row.line = at_ + 1;
    row.offset = at_;
    ++at_;
    return true;
  }

  bool reads_batches() const override { return batch_rows_ > 0; }
  bool next_batch(io::Batch& batch, std::size_t max_rows) override {
    std::size_t n = std::min({max_rows, batch_rows_, rows_.size() - at_});
    if (at_ < middle() && at_ + n > middle()) n = middle() - at_;
    batch.rows = n;
    if (n == 0) return false;
    batch.columns.resize(columns_.size());
    batch.lines.resize(n);
    batch.offsets.resize(n);
    for (std::size_t r = 0; r < n; ++r) {
      batch.lines[r] = at_ + r + 1;
      batch.offsets[r] = at_ + r;
    }
    const int d = dictionary_of(at_);
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      io::BatchColumn& column = batch.columns[c];
      bool nulls = false;
      for (std::size_t r = 0; r < n; ++r) nulls |= !rows_[at_ + r][c];
      column.dictionary = 0;
      if (!nulls) {
        column.dictionary = ids_[d][c];
        column.entries = entries_[d][c].data();
        column.entry_count = entries_[d][c].size();
        column.codes.resize(n);
        for (std::size_t r = 0; r < n; ++r) column.codes[r] = code_of_[d][c][*rows_[at_ + r][c]];
        continue;
      }
      column.fields.resize(n);
      for (std::size_t r = 0; r < n; ++r) column.fields[r] = field(at_ + r, c);
    }
    at_ += n;
    return true;
  }

 private:
  std::size_t middle() const { return rows_.size() / 2; }
  int dictionary_of(std::size_t row) const { return row < middle() ? 0 : 1; }
  io::Field field(std::size_t r, std::size_t c) {
    const auto& text = rows_[r][c];
    if (!text) return io::Field{{}, true};
    const int d = dictionary_of(r);
    const std::uint32_t code = code_of_[d][c][*text];
    if (c % 2 == 0) return io::Field{entries_[d][c][code], false};
    return io::Field{entries_[d][c][code], false, ids_[d][c], code};
  }

  std::vector<std::string> columns_;
  Cells rows_;
  std::size_t batch_rows_;
  std::size_t at_ = 0;
  std::string name_ = "served";
  std::vector<std::vector<std::string>> texts_;
  std::vector<std::vector<std::string_view>> entries_[2];
  std::vector<std::map<std::string, std::uint32_t>> code_of_[2];
  std::vector<std::uint32_t> ids_[2];
};

}  // namespace mlops::testing
