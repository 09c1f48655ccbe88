// The Parquet reader on arbitrary bytes: the footer (Thrift compact protocol), page headers,
// codecs, levels, dictionaries and values in every encoding the reader reads. Seeds: small
// files from tests/data/parquet (the delta_*, byte_stream_split* and groups-v2-delta ones for
// the DELTA_* and BYTE_STREAM_SPLIT decoders). The same bytes are read by rows and in batches
// (ParquetReader::next_batch, of a size taken from the input): both must give the same cells,
// or both refuse the file; a difference is a finding.
#include <optional>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "io/parquet/parquet_reader.h"

namespace {

struct Reading {
  std::vector<std::optional<std::string>> cells;
  std::optional<std::string> error;
};

Reading by_rows(const std::string& bytes) {
  Reading got;
  try {
    mlops::io::ParquetReader reader(mlops::io::memory_random_access(bytes), "fuzz.parquet");
    mlops::io::Row row;
    while (reader.next(row)) {
      if (row.fields.size() != reader.columns().size()) std::abort();  // the reader's promise
      for (const auto& f : row.fields) {
        got.cells.push_back(f.null ? std::nullopt : std::optional<std::string>(f.text));
      }
    }
  } catch (const mlops::Error& e) {
    got.error = e.what();
  }
  return got;
}

Reading by_batches(const std::string& bytes, std::size_t max_rows) {
  Reading got;
  try {
    mlops::io::ParquetReader reader(mlops::io::memory_random_access(bytes), "fuzz.parquet");
    mlops::io::Batch batch;
    while (reader.next_batch(batch, max_rows)) {
      if (batch.rows == 0 || batch.rows > max_rows) std::abort();
      if (batch.columns.size() != reader.columns().size()) std::abort();
      for (std::size_t r = 0; r < batch.rows; ++r) {
        for (const auto& column : batch.columns) {
          const mlops::io::Field f = column.at(r);
          got.cells.push_back(f.null ? std::nullopt : std::optional<std::string>(f.text));
        }
      }
    }
  } catch (const mlops::Error& e) {
    got.error = e.what();
  }
  return got;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mlops::fuzz::run_one([&] {
    const std::string bytes = mlops::fuzz::text(data, size);
    const Reading rows = by_rows(bytes);
    const std::size_t max_rows = size == 0 ? 1 : data[size - 1] % 9 + 1;
    const Reading batches = by_batches(bytes, max_rows);
    // Both refuse the file or neither does. (Not always with the same words: a batch decodes
    // column after column, so of two faults in one batch it may name another first.)
    if (rows.error.has_value() != batches.error.has_value()) std::abort();
    if (rows.error) {
      // A batch stops at its error: what it read before is the rows' first cells.
      if (batches.cells.size() > rows.cells.size()) std::abort();
      for (std::size_t k = 0; k < batches.cells.size(); ++k) {
        if (batches.cells[k] != rows.cells[k]) std::abort();
      }
      return;
    }
    if (rows.cells != batches.cells) std::abort();
  });
}
