#include "io/remote.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

#include "core/error.h"
#include "core/text.h"
#include "io/parquet/parquet_reader.h"
#include "net/url.h"

namespace mlops::io {
namespace {

// "bytes FIRST-LAST/TOTAL" (RFC 9110 14.4), false when it is not that.
bool parse_content_range(std::string_view text, std::uint64_t& first, std::uint64_t& last,
                         std::uint64_t& total) {
  if (!text.starts_with("bytes ")) return false;
  text.remove_prefix(6);
  const char* p = text.data();
  const char* end = p + text.size();
  auto number = [&](std::uint64_t& out, char stop) {
    auto [next, ec] = std::from_chars(p, end, out);
    if (ec != std::errc() || (stop != '\0' && (next == end || *next != stop))) return false;
    if (stop == '\0' && next != end) return false;
    p = next + (stop != '\0' ? 1 : 0);
    return true;
  };
  return number(first, '-') && number(last, '/') && number(total, '\0') && first <= last &&
         last < total;
}

std::string at_offset(const std::string& name, std::uint64_t offset) {
  return name + " at byte offset " + std::to_string(offset);
}

}  // namespace

bool is_remote(std::string_view path) { return net::is_object_url(path); }

std::string display_name(const std::string& path) {
  return is_remote(path) ? net::redact_url(path) : path;
}

net::Options RemoteOptions::default_http() {
  net::Options o;
  o.timeout_seconds = 120;  // one range of 8-16 MiB on a slow link
  o.retries = 3;            // S3 asks clients to retry 503 SlowDown with backoff
  o.timeout_option = "--data-timeout";
  o.retries_option = "--data-retries";
  return o;
}

RemoteObject::RemoteObject(const std::string& url, RemoteOptions options)
    : url_(net::parse_object_url(url)),
      options_(std::move(options)),
      store_(std::make_shared<net::ObjectStore>(options_.env,
                                                std::make_shared<net::CurlClient>(options_.http))),
      name_(net::redact_url(url)) {
  const net::Response r = store_->send(store_->get(url_, 0, options_.head_bytes, ""));
  if (r.status == 416) return;  // S3's answer to a range of an empty object
  if (r.status == 200) {
    head_ = r.body;  // the server ignored Range: this is the whole object
    size_ = head_.size();
    return;
  }
  if (r.status != 206) net::ObjectStore::fail(url_, r, "cannot read");
  std::uint64_t first = 0, last = 0;
  if (!parse_content_range(r.header("content-range"), first, last, size_) || first != 0 ||
      r.body.size() != last + 1) {
    throw input_error("cannot read " + name_ + ": the answer to the first range request has " +
                          std::to_string(r.body.size()) + " bytes and Content-Range " +
                          quoted(r.header("content-range")),
                      "check that the server implements range requests");
  }
  head_ = r.body;
  etag_ = r.header("etag");
}

void RemoteObject::read(std::uint64_t offset, std::size_t size, std::uint8_t* out) const {
  if (offset > size_ || size > size_ - offset) {
    throw input_error("cannot read " + std::to_string(size) + " bytes of " +
                          at_offset(name_, offset) + ": the object has " + std::to_string(size_) +
                          " bytes",
                      "check that the file is complete");
  }
  if (offset + size <= head_.size()) {
    if (size > 0) std::memcpy(out, head_.data() + offset, size);
    return;
  }
  while (size > 0) {
    const std::size_t n = std::min(size, options_.max_range_bytes);
    read_range(offset, n, out);
    offset += n;
    size -= n;
    out += n;
  }
}

void RemoteObject::read_range(std::uint64_t offset, std::size_t size, std::uint8_t* out) const {
  const net::Response r = store_->send(store_->get(url_, offset, size, etag_));
  if (r.status == 412) {
    throw input_error(name_ + " changed while it was read (its ETag is no longer " + etag_ + ")",
                      "read it again once it is no longer being written");
  }
  if (r.status != 206)
    net::ObjectStore::fail(url_, r, "cannot read " + at_offset("", offset) + " of");
  std::uint64_t first = 0, last = 0, total = 0;
  if (!parse_content_range(r.header("content-range"), first, last, total) || first != offset ||
      last != offset + size - 1 || total != size_ || r.body.size() != size) {
    throw input_error("cannot read " + at_offset(name_, offset) + ": asked for " +
                          std::to_string(size) + " bytes, the answer has " +
                          std::to_string(r.body.size()) + " with Content-Range " +
                          quoted(r.header("content-range")),
                      "check that the object is not being rewritten, and the server");
  }
  std::memcpy(out, r.body.data(), size);
}

namespace {

class RemoteSource : public Source {
 public:
  explicit RemoteSource(std::shared_ptr<const RemoteObject> object)
      : object_(std::move(object)), buffer_(object_->head()) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (pos_ == buffer_.size()) {
      const std::uint64_t at = offset_ + pos_;
      if (at >= object_->size()) return 0;
      const auto k = static_cast<std::size_t>(
          std::min<std::uint64_t>(object_->options().range_bytes, object_->size() - at));
      buffer_.resize(k);
      object_->read(at, k, reinterpret_cast<std::uint8_t*>(buffer_.data()));
      offset_ = at;
      pos_ = 0;
    }
    const std::size_t k = std::min(n, buffer_.size() - pos_);
    std::memcpy(dst, buffer_.data() + pos_, k);
    pos_ += k;
    return k;
  }
  std::uint64_t raw_offset() const override { return offset_ + pos_; }

 private:
  std::shared_ptr<const RemoteObject> object_;
  std::string buffer_;        // the range being read
  std::uint64_t offset_ = 0;  // of buffer_ in the object
  std::size_t pos_ = 0;       // bytes of buffer_ already read
};

class RemoteAccess final : public RandomAccess {
 public:
  explicit RemoteAccess(std::shared_ptr<const RemoteObject> object) : object_(std::move(object)) {}
  std::uint64_t size() const override { return object_->size(); }
  void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) override {
    const std::uint64_t tail_start =
        object_->size() - std::min<std::uint64_t>(object_->size(), object_->options().tail_bytes);
    if (offset < tail_start || offset + size > object_->size()) {
      object_->read(offset, size, out);
      return;
    }
    {
      // The footer and the last column chunks: one request instead of three or more.
      const std::lock_guard<std::mutex> lock(mutex_);
      if (tail_.empty() && object_->size() > 0) {
        // Filled only once read whole: after a failed read, the next caller asks again
        // instead of taking zeros for the file's bytes.
        std::string tail(static_cast<std::size_t>(object_->size() - tail_start), '\0');
        object_->read(tail_start, tail.size(), reinterpret_cast<std::uint8_t*>(tail.data()));
        tail_ = std::move(tail);
      }
    }
    if (size > 0) std::memcpy(out, tail_.data() + (offset - tail_start), size);
  }

 private:
  std::shared_ptr<const RemoteObject> object_;
  std::mutex mutex_;
  std::string tail_;
};

}  // namespace

std::unique_ptr<Source> remote_source(std::shared_ptr<const RemoteObject> object) {
  return std::make_unique<RemoteSource>(std::move(object));
}

std::unique_ptr<RandomAccess> remote_access(std::shared_ptr<const RemoteObject> object) {
  return std::make_unique<RemoteAccess>(std::move(object));
}

std::vector<std::string> expand_remote(const std::string& path, const RemoteOptions& options) {
  if (!is_remote(path)) return {path};
  const net::ObjectUrl url = net::parse_object_url(path);
  if (url.store == net::Store::kHttp || !net::has_wildcard(url.key)) return {path};
  net::ObjectStore store(options.env, std::make_shared<net::CurlClient>(options.http));
  std::vector<std::string> out;
  const std::string scheme = url.store == net::Store::kS3 ? "s3://" : "gs://";
  for (const std::string& key : store.list(url)) out.push_back(scheme + url.bucket + "/" + key);
  if (out.empty()) {
    throw input_error("no object matches " + path,
                      "check the bucket, the prefix and the pattern ('*' does not match '/')");
  }
  return out;
}

std::string expand_one(const std::string& path, const RemoteOptions& options) {
  if (!is_remote(path) || !net::has_wildcard(path.substr(path.find("://") + 3))) return path;
  std::vector<std::string> all = expand_remote(path, options);
  if (all.size() > 1) {
    throw input_error(path + " matches " + std::to_string(all.size()) + " objects (" + all[0] +
                          ", " + all[1] + (all.size() > 2 ? ", ..." : "") +
                          ") where one data file is read",
                      "name one object, or merge the files first (data-validate check reads "
                      "several as one dataset)");
  }
  return all.front();
}

}  // namespace mlops::io
