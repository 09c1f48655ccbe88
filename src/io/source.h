#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <memory>
#include <string>

namespace mlops::io {

struct RemoteOptions;

// A stream of bytes: a file, stdin, or a decompressor over another Source.
class Source {
 public:
  virtual ~Source() = default;
  // Reads up to n bytes into dst; returns 0 only at the end of the stream. Throws Error.
  virtual std::size_t read(char* dst, std::size_t n) = 0;
  // Bytes read so far from the underlying file (compressed bytes for a decompressor).
  virtual std::uint64_t raw_offset() const = 0;
};

// Sees every byte read from the file itself (before decompression), e.g. to fingerprint it.
using RawObserver = std::function<void(const char* data, std::size_t size)>;

// Opens the local file `path` for reading ("-" reads `stdin_stream`; an object is opened with
// io/remote.h's remote_source and the overload below), transparently decompressing gzip or zstd
// detected by their magic bytes. Throws an input Error naming the file if it cannot be opened.
// `compression` receives "gzip", "zstd" or "" when not null.
std::unique_ptr<Source> open_source(const std::string& path, std::istream& stdin_stream,
                                    std::string* compression = nullptr,
                                    RawObserver observer = nullptr);
// The same over bytes already opened (`raw`), named `name` in messages.
std::unique_ptr<Source> open_source(std::unique_ptr<Source> raw, const std::string& name,
                                    std::string* compression = nullptr,
                                    RawObserver observer = nullptr);

// Opens a regular file positioned at `offset`, without decompression: for reading one byte
// range of a plain file while other threads read the others.
std::unique_ptr<Source> open_file_at(const std::string& path, std::uint64_t offset);

// "gzip" or "zstd" when the file (or the object, fetched as `remote` says) starts with their
// magic bytes, else "" (also for stdin).
std::string compression_of(const std::string& path, const RemoteOptions& remote);

// The size of a regular file, or 0 when unknown (stdin, pipes, objects).
std::uint64_t file_size(const std::string& path);

}  // namespace mlops::io
