// The Parquet reader on arbitrary bytes: the footer (Thrift compact protocol), page headers,
// codecs, levels, dictionaries and values in every encoding the reader reads. Seeds: small
// files from tests/data/parquet (the delta_*, byte_stream_split* and groups-v2-delta ones for
// the DELTA_* and BYTE_STREAM_SPLIT decoders).
#include "fuzz_util.h"
#include "io/parquet/parquet_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mlops::fuzz::run_one([&] {
    mlops::io::ParquetReader reader(mlops::io::memory_random_access(mlops::fuzz::text(data, size)),
                                    "fuzz.parquet");
    mlops::io::Row row;
    std::size_t cells = 0;
    while (reader.next(row)) {
      if (row.fields.size() != reader.columns().size()) std::abort();  // the reader's promise
      for (const auto& f : row.fields) cells += f.text.size();
    }
    (void)cells;
  });
}
