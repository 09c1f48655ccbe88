#include "io/open_table.h"

#include <cstring>
#include <string_view>
#include <utility>

#include "core/text.h"
#include "io/chunk_buffer.h"
#include "io/csv_reader.h"
#include "io/json_reader.h"
#include "io/source.h"

namespace mlops::io {
namespace {

// The format a file name implies, and the delimiter for CSV-like names ('\0' when unknown).
Format format_from_name(const std::string& path, char& delimiter) {
  std::string name = lower_ascii(path);
  for (std::string_view ext : {".gz", ".gzip", ".zst", ".zstd"}) {
    if (name.ends_with(ext)) {
      name.resize(name.size() - ext.size());
      break;
    }
  }
  if (name.ends_with(".csv")) {
    delimiter = ',';
    return Format::kCsv;
  }
  if (name.ends_with(".tsv") || name.ends_with(".tab")) {
    delimiter = '\t';
    return Format::kCsv;
  }
  if (name.ends_with(".jsonl") || name.ends_with(".ndjson")) return Format::kJsonLines;
  return Format::kAuto;  // .json may be an array or JSON Lines: look at the content
}

Format sniff(const ChunkBuffer& b, char& delimiter) {
  const char* p = b.begin();
  const char* end = b.end();
  if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  if (p < end && *p == '[') return Format::kJsonArray;
  if (p < end && *p == '{') return Format::kJsonLines;
  if (delimiter == '\0') {
    std::string_view first(b.begin(), static_cast<std::size_t>(end - b.begin()));
    first = first.substr(0, first.find('\n'));
    delimiter =
        first.find('\t') != std::string_view::npos && first.find(',') == std::string_view::npos
            ? '\t'
            : ',';
  }
  return Format::kCsv;
}

}  // namespace

std::unique_ptr<TableReader> open_table(const std::string& path, const ReadOptions& options,
                                        std::istream& stdin_stream) {
  const std::string name = path == "-" ? "<stdin>" : path;
  auto buffer = std::make_unique<ChunkBuffer>(
      open_source(path, stdin_stream, nullptr, options.on_raw_bytes), name, options.chunk_bytes,
      options.max_record_bytes, options.progress);
  ReadOptions opts = options;
  char name_delimiter = '\0';
  Format format = opts.format;
  if (format == Format::kAuto) format = format_from_name(path, name_delimiter);
  if (opts.delimiter == '\0') opts.delimiter = name_delimiter;
  if (format == Format::kAuto || (format == Format::kCsv && opts.delimiter == '\0')) {
    // Sniff from the first chunk (at least 64 bytes, or the whole input if shorter).
    while (buffer->end() - buffer->begin() < 64 && buffer->refill()) {
    }
    Format sniffed = sniff(*buffer, opts.delimiter);
    if (format == Format::kAuto) format = sniffed;
  }
  if (format == Format::kCsv) return std::make_unique<CsvReader>(std::move(buffer), opts);
  return std::make_unique<JsonReader>(std::move(buffer), format, opts);
}

namespace {

// The bytes of a plain file from `offset` on, with offsets counted from the file's start.
std::unique_ptr<ChunkBuffer> window_at(const std::string& path, const ReadOptions& options,
                                       std::uint64_t offset) {
  auto buffer = std::make_unique<ChunkBuffer>(open_file_at(path, offset), path, options.chunk_bytes,
                                              options.max_record_bytes, options.progress);
  buffer->set_base_offset(offset);
  return buffer;
}

}  // namespace

std::unique_ptr<TableReader> open_csv_at(const std::string& path, const ReadOptions& options,
                                         std::uint64_t offset) {
  return std::make_unique<CsvReader>(window_at(path, options, offset), options);
}

std::unique_ptr<TableReader> open_json_lines_at(const std::string& path, const ReadOptions& options,
                                                std::uint64_t offset) {
  return std::make_unique<JsonReader>(window_at(path, options, offset), Format::kJsonLines,
                                      options);
}

}  // namespace mlops::io
