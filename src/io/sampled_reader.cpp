#include "io/sampled_reader.h"

#include <stdexcept>
#include <utility>

namespace mlops::io {

SampledReader::SampledReader(std::unique_ptr<TableReader> inner, std::size_t sample_rows)
    : inner_(std::move(inner)) {
  inferrer_.declare_from(*inner_);
  Row row;
  while (sample_.size() < sample_rows && inner_->next(row)) {
    inferrer_.observe(row);
    StoredRow stored{{}, {}, row.line, row.offset};
    for (const Field& f : row.fields) {
      stored.texts.emplace_back(f.text);
      stored.nulls.push_back(f.null);
    }
    sample_.push_back(std::move(stored));
  }
  sample_size_ = sample_.size();
}

bool SampledReader::next(Row& row) {
  if (replayed_ < sample_.size()) {
    const StoredRow& s = sample_[replayed_++];
    // JSON columns seen later in the sample were missing from earlier records: null.
    row.fields.assign(columns().size(), Field{{}, true});
    for (std::size_t i = 0; i < s.texts.size(); ++i) row.fields[i] = {s.texts[i], s.nulls[i]};
    row.line = s.line;
    row.offset = s.offset;
    return true;
  }
  if (!sample_.empty()) {
    sample_.clear();
    sample_.shrink_to_fit();
  }
  return inner_->next(row);
}

bool SampledReader::next_batch(Batch& batch, std::size_t max_rows) {
  if (replayed_ < sample_.size()) {
    throw std::logic_error(name() + ": batches asked for before the sample was replayed");
  }
  if (!sample_.empty()) {
    sample_.clear();
    sample_.shrink_to_fit();
  }
  return inner_->next_batch(batch, max_rows);
}

}  // namespace mlops::io
