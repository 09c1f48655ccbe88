#include "io/open_table.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "io/chunk_buffer.h"
#include "io/csv_reader.h"
#include "io/json_reader.h"
#include "io/parquet/parquet_reader.h"
#include "io/remote.h"
#include "io/source.h"
#include "io/spool.h"

namespace mlops::io {
namespace {

// The format a file name implies, and the delimiter for CSV-like names ('\0' when unknown).
Format format_from_name(const std::string& path, char& delimiter) {
  // A URL's query (a presigned URL's signature) is not part of the name.
  std::string name = lower_ascii(is_remote(path) ? path.substr(0, path.find('?')) : path);
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

// An encrypted Parquet file (PARE, or PAR1 with encrypted columns) may have no page header
// after the magic but the 4-byte little-endian length of an encrypted module, whose high byte
// is zero (a NUL, never in a CSV or JSON header: "PARENT,..." or "PAR1x,..." stay text).
bool starts_with_encrypted_module(std::string_view head) {
  return head.size() >= 8 && is_parquet_magic(head) && head[7] == '\0';
}

// Whether the first bytes of a stream show Parquet, plain or encrypted (its reader then
// refuses the encrypted one with the same message as for a file).
bool is_parquet_stream_start(std::string_view head) {
  return is_parquet_start(head) || starts_with_encrypted_module(head);
}

// A Parquet file: it starts with the magic (PAR1, or PARE when encrypted) and the binary
// Thrift header that follows it in every Parquet file, whatever its name or the format asked
// for (a file cut short is still Parquet, and its reader says what is wrong; a CSV file whose
// first field starts with "PAR1" is not). Then returns the reader, else null.
// An encrypted file also ends with a magic.
bool is_encrypted_parquet(RandomAccess& file, std::uint64_t size, std::string_view head) {
  if (size < 12 || !starts_with_encrypted_module(head)) return false;
  std::array<char, 4> tail{};
  file.read(size - tail.size(), tail.size(), reinterpret_cast<std::uint8_t*>(tail.data()));
  return is_parquet_magic(std::string_view(tail.data(), tail.size()));
}

std::unique_ptr<TableReader> open_if_parquet(std::unique_ptr<RandomAccess> file,
                                             const std::string& path, const ReadOptions& options) {
  const std::uint64_t size = file->size();
  std::array<char, 8> bytes{};
  if (size < 5) return nullptr;
  const std::string_view head(bytes.data(), std::min<std::uint64_t>(size, bytes.size()));
  file->read(0, head.size(), reinterpret_cast<std::uint8_t*>(bytes.data()));
  if (!is_parquet_start(head) && !is_encrypted_parquet(*file, size, head)) return nullptr;
  if (options.on_raw_bytes) {
    // The observer sees every byte of the file once, in order, as for the other formats.
    // 8 MiB: one range request each for an object.
    std::vector<std::uint8_t> block(std::min<std::uint64_t>(size, 8u << 20));
    for (std::uint64_t offset = 0; offset < size; offset += block.size()) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - offset));
      file->read(offset, n, block.data());
      options.on_raw_bytes(reinterpret_cast<const char*>(block.data()), n);
    }
  }
  return std::make_unique<ParquetReader>(std::move(file), path, options);
}

// A table read from a stream: Parquet (spooled), CSV or JSON by `path` (its name) and content.
std::unique_ptr<TableReader> open_stream(std::unique_ptr<Source> source, const std::string& name,
                                         const std::string& path, const ReadOptions& options) {
  auto buffer = std::make_unique<ChunkBuffer>(std::move(source), name, options.chunk_bytes,
                                              options.max_record_bytes, options.progress);
  // The first chunk (at least 64 bytes, or the whole input if shorter) shows Parquet in a
  // stream (standard input, a pipe, a compressed file), whatever the format asked for; its
  // reader needs random access, so the stream is copied to a temporary file.
  while (buffer->end() - buffer->begin() < 64 && buffer->refill()) {
  }
  if (is_parquet_stream_start(std::string_view(
          buffer->begin(), static_cast<std::size_t>(buffer->end() - buffer->begin())))) {
    return std::make_unique<ParquetReader>(spool_to_temp_file(*buffer, name), name, options);
  }
  ReadOptions opts = options;
  char name_delimiter = '\0';
  Format format = opts.format;
  if (format == Format::kAuto) format = format_from_name(path, name_delimiter);
  if (opts.delimiter == '\0') opts.delimiter = name_delimiter;
  if (format == Format::kAuto || (format == Format::kCsv && opts.delimiter == '\0')) {
    Format sniffed = sniff(*buffer, opts.delimiter);
    if (format == Format::kAuto) format = sniffed;
  }
  if (format == Format::kCsv) return std::make_unique<CsvReader>(std::move(buffer), opts);
  return std::make_unique<JsonReader>(std::move(buffer), format, opts);
}

}  // namespace

std::unique_ptr<TableReader> open_table(const std::string& path, const ReadOptions& options,
                                        std::istream& stdin_stream) {
  if (is_remote(path)) {
    return open_object(
        std::make_shared<const RemoteObject>(expand_one(path, options.remote), options.remote),
        path, options);
  }
  // Parquet is read from regular files (from the end); anything else is a stream.
  std::error_code ec;
  if (path != "-" && std::filesystem::is_regular_file(path, ec)) {
    if (auto parquet = open_if_parquet(open_random_access(path), path, options)) return parquet;
  }
  return open_stream(open_source(path, stdin_stream, nullptr, options.on_raw_bytes),
                     path == "-" ? "<stdin>" : path, path, options);
}

std::unique_ptr<TableReader> open_object(const std::shared_ptr<const RemoteObject>& object,
                                         const std::string& path, const ReadOptions& options) {
  if (auto parquet = open_if_parquet(remote_access(object), object->name(), options)) {
    return parquet;
  }
  return open_stream(
      open_source(remote_source(object), object->name(), nullptr, options.on_raw_bytes),
      object->name(), path, options);
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
