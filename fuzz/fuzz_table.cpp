// The streaming table reader on arbitrary bytes: CSV/TSV, JSON Lines, JSON arrays, gzip and
// zstd (detected by content), with a small chunk size so records straddle refills.
#include <sstream>

#include "fuzz_util.h"
#include "io/open_table.h"
#include "io/sampled_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mlops::fuzz::run_one([&] {
    std::istringstream in(mlops::fuzz::text(data, size));
    mlops::io::ReadOptions options;
    options.chunk_bytes = 64 + (size % 3) * 61;
    options.max_record_bytes = 1 << 16;
    mlops::io::SampledReader reader(mlops::io::open_table("-", options, in), 8);
    mlops::io::Row row;
    std::size_t cells = 0;
    while (reader.next(row)) {
      if (row.fields.size() != reader.columns().size()) std::abort();  // the reader's promise
      cells += row.fields.size();
    }
    (void)cells;
  });
}
