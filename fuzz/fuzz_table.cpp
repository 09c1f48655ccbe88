// The streaming table reader on arbitrary bytes: CSV/TSV, JSON Lines, JSON arrays, gzip and
// zstd (detected by content), with a small chunk size so records straddle refills. Then the
// same bytes (uncompressed) as CSV with a delimiter picked from them, with a small and a large
// chunk: the rows (text, nulls, line, offset) and the error must be the same, so refills and the
// CSV reader's block scan (io/field_scan.h) never show.
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "io/open_table.h"
#include "io/sampled_reader.h"

namespace {

struct Outcome {
  std::vector<std::string> cells;  // every field as "N" (null) or "T<text>", then line, offset
  std::string error;
  bool operator==(const Outcome&) const = default;
};

Outcome read(const std::string& bytes, mlops::io::ReadOptions options, std::size_t chunk_bytes) {
  Outcome out;
  try {
    std::istringstream in(bytes);
    options.chunk_bytes = chunk_bytes;
    options.max_record_bytes = 1 << 16;
    mlops::io::SampledReader reader(mlops::io::open_table("-", options, in), 8);
    mlops::io::Row row;
    while (reader.next(row)) {
      if (row.fields.size() != reader.columns().size()) std::abort();  // the reader's promise
      for (const auto& f : row.fields) {
        out.cells.push_back(f.null ? "N" : "T" + std::string(f.text));
      }
      out.cells.push_back(std::to_string(row.line) + ":" + std::to_string(row.offset));
    }
  } catch (const mlops::Error& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mlops::fuzz::run_one([&] {
    const std::string bytes = mlops::fuzz::text(data, size);
    const std::size_t small_chunk = 64 + (size % 3) * 61;
    read(bytes, {}, small_chunk);  // any format, detected
    mlops::io::ReadOptions csv;
    csv.format = mlops::io::Format::kCsv;
    csv.delimiter = size == 0 ? ',' : ",;\t|"[data[0] % 4];
    // Compressed input is left out: there a chunk size decides whether a corrupt stream or a
    // bad byte in what it inflated to is met first.
    const bool compressed = bytes.starts_with("\x1f\x8b") || bytes.starts_with("\x28\xb5\x2f\xfd");
    if (!compressed && !(read(bytes, csv, small_chunk) == read(bytes, csv, 1 << 16))) std::abort();
  });
}
