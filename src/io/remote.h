#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "io/remote_options.h"
#include "io/source.h"
#include "net/object_store.h"

// Data files in object storage or on a web server (s3://, gs://, http(s)://), read with range
// requests: a stream for CSV/JSON holds one range at a time, a Parquet file is read where its
// reader asks (footer, then column chunks). Every range after the first must come from the
// same version of the object (If-Match its ETag): an object replaced while it is read is an
// input Error, never a mix of two versions.
namespace mlops::io {

class RandomAccess;

// Whether `path` names an object rather than a local file.
bool is_remote(std::string_view path);
// `path` as reports and messages show it: a URL without the secrets it may carry (a presigned
// URL's X-Amz-Signature, userinfo), a local path as it is.
std::string display_name(const std::string& path);

// One object. The first request (bytes 0 to head_bytes - 1) learns its size and ETag; a server
// that ignores Range answers with the whole object, which is then served from memory (up to
// the 64 MiB body limit). Safe to read from several threads.
class RemoteObject {
 public:
  RemoteObject(const std::string& url, RemoteOptions options = {});

  std::uint64_t size() const { return size_; }
  // The object's first min(size, head_bytes) bytes.
  const std::string& head() const { return head_; }
  // The URL as messages show it (no credentials).
  const std::string& name() const { return name_; }
  const RemoteOptions& options() const { return options_; }
  // Exactly `size` bytes at `offset`; an input Error (exit 3) naming the object and the offset
  // when they cannot be had (the object changed, an answer was cut short, the store refused).
  void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) const;

 private:
  void read_range(std::uint64_t offset, std::size_t size, std::uint8_t* out) const;

  net::ObjectUrl url_;
  RemoteOptions options_;
  std::shared_ptr<net::ObjectStore> store_;
  std::string name_;
  std::string etag_;
  std::string head_;
  std::uint64_t size_ = 0;
};

// The bytes of `object` in order, one range at a time.
std::unique_ptr<Source> remote_source(std::shared_ptr<const RemoteObject> object);
// Random access to `object` for the Parquet reader, safe to read from several threads at once
// (the pieces of io::Scan); its last tail_bytes (the footer) are fetched once.
std::unique_ptr<RandomAccess> remote_access(std::shared_ptr<const RemoteObject> object);

// The data files `path` stands for: itself, or for an S3/GCS key with a wildcard
// (s3://bucket/prefix/*.parquet) every object matching it, sorted (ListObjectsV2). An input
// Error when a pattern matches nothing.
std::vector<std::string> expand_remote(const std::string& path, const RemoteOptions& options);
// For inputs that are one file: `path`, or the one object its pattern matches. An input Error
// when a pattern matches several (data-validate check takes several files; the others one).
std::string expand_one(const std::string& path, const RemoteOptions& options);

}  // namespace mlops::io
