#include "io/decompress.h"

#include <zlib.h>
#include <zstd.h>

#include <utility>
#include <vector>

#include "core/error.h"

namespace mlops::io {
namespace {

constexpr std::size_t kInputChunk = std::size_t{256} << 10;

class GzipSource : public Source {
 public:
  GzipSource(std::unique_ptr<Source> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(kInputChunk) {
    // 16 + MAX_WBITS: expect a gzip header and trailer.
    if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) {
      throw input_error(name_ + ": cannot initialise gzip decompression", "retry");
    }
  }
  ~GzipSource() override { inflateEnd(&zs_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    zs_.next_out = reinterpret_cast<Bytef*>(dst);
    zs_.avail_out = static_cast<uInt>(n);
    while (zs_.avail_out == n) {
      if (zs_.avail_in == 0 && !eof_) {
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) {
          eof_ = true;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(in_.data());
        zs_.avail_in = static_cast<uInt>(got);
      }
      if (zs_.avail_in == 0 && eof_) {
        if (in_member_) {
          throw input_error(name_ + ": truncated gzip stream at compressed byte offset " +
                                std::to_string(inner_->raw_offset()),
                            "the file is incomplete; re-create or re-download it");
        }
        break;
      }
      in_member_ = true;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // A gzip file may hold several members; continue with the next one if any.
        in_member_ = false;
        inflateReset(&zs_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        std::string why = zs_.msg != nullptr ? zs_.msg : "error " + std::to_string(rc);
        throw input_error(name_ + ": corrupt gzip data (" + why + ") near compressed byte offset " +
                              std::to_string(inner_->raw_offset() - zs_.avail_in),
                          "re-create or re-download the file");
      }
    }
    return n - zs_.avail_out;
  }
  std::uint64_t raw_offset() const override { return inner_->raw_offset() - zs_.avail_in; }

 private:
  std::unique_ptr<Source> inner_;
  std::string name_;
  std::vector<char> in_;
  z_stream zs_{};
  bool eof_ = false;
  bool in_member_ = false;
};

class ZstdSource : public Source {
 public:
  ZstdSource(std::unique_ptr<Source> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(ZSTD_DStreamInSize()) {
    ctx_ = ZSTD_createDCtx();
    if (ctx_ == nullptr) throw input_error(name_ + ": cannot initialise zstd decompression");
  }
  ~ZstdSource() override { ZSTD_freeDCtx(ctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    ZSTD_outBuffer out{dst, n, 0};
    while (out.pos == 0) {
      if (input_.pos == input_.size && !eof_) {
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) eof_ = true;
        input_ = ZSTD_inBuffer{in_.data(), got, 0};
      }
      if (input_.pos == input_.size && eof_) {
        if (frame_open_) {
          throw input_error(name_ + ": truncated zstd stream at compressed byte offset " +
                                std::to_string(inner_->raw_offset()),
                            "the file is incomplete; re-create or re-download it");
        }
        break;
      }
      std::size_t rc = ZSTD_decompressStream(ctx_, &out, &input_);
      if (ZSTD_isError(rc)) {
        throw input_error(name_ + ": corrupt zstd data (" + ZSTD_getErrorName(rc) +
                              ") near compressed byte offset " + std::to_string(raw_offset()),
                          "re-create or re-download the file");
      }
      // rc == 0 means a frame ended exactly here; anything else means more input is needed.
      frame_open_ = rc != 0;
    }
    return out.pos;
  }
  std::uint64_t raw_offset() const override {
    return inner_->raw_offset() - (input_.size - input_.pos);
  }

 private:
  std::unique_ptr<Source> inner_;
  std::string name_;
  std::vector<char> in_;
  ZSTD_DCtx* ctx_ = nullptr;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool eof_ = false;
  bool frame_open_ = false;
};

}  // namespace

std::unique_ptr<Source> make_gzip_source(std::unique_ptr<Source> inner, const std::string& name) {
  return std::make_unique<GzipSource>(std::move(inner), name);
}

std::unique_ptr<Source> make_zstd_source(std::unique_ptr<Source> inner, const std::string& name) {
  return std::make_unique<ZstdSource>(std::move(inner), name);
}

}  // namespace mlops::io
