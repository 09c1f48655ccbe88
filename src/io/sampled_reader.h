#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/table.h"
#include "io/type_infer.h"

namespace mlops::io {

// Reads the first `sample_rows` records ahead (copying them), so their column types can be
// inferred before the single pass, then yields every record, the sample first. Works on
// stdin, where reading twice is impossible. Memory: the sample only.
class SampledReader : public TableReader {
 public:
  SampledReader(std::unique_ptr<TableReader> inner, std::size_t sample_rows);

  // Types inferred from the sample (columns first seen after it are strings).
  const TypeInferrer& inferred() const { return inferrer_; }
  std::size_t sample_size() const { return sample_size_; }

  const std::vector<std::string>& columns() const override { return inner_->columns(); }
  bool next(Row& row) override;
  // Once the sample is replayed, the inner reader's batches (if it reads them).
  bool reads_batches() const override {
    return replayed_ >= sample_.size() && inner_->reads_batches();
  }
  bool next_batch(Batch& batch, std::size_t max_rows) override;
  const std::string& name() const override { return inner_->name(); }
  Format format() const override { return inner_->format(); }
  std::uint64_t bytes_read() const override { return inner_->bytes_read(); }
  bool has_values(std::size_t column) const override { return inner_->has_values(column); }
  std::string_view unreadable(std::size_t column) const override {
    return inner_->unreadable(column);
  }
  std::optional<DataType> declared_type(std::size_t column) const override {
    return inner_->declared_type(column);
  }

 private:
  struct StoredRow {
    std::vector<std::string> texts;
    std::vector<bool> nulls;
    std::uint64_t line;
    std::uint64_t offset;
  };
  std::unique_ptr<TableReader> inner_;
  std::vector<StoredRow> sample_;
  std::size_t replayed_ = 0;
  std::size_t sample_size_ = 0;
  TypeInferrer inferrer_;
};

}  // namespace mlops::io
