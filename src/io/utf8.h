#pragma once

#include <cstddef>
#include <cstdint>

namespace mlops::io {

// Incremental UTF-8 validator (RFC 3629: no overlongs, surrogates or code points past
// U+10FFFF). Feed consecutive pieces of one stream; state carries across piece boundaries.
class Utf8Validator {
 public:
  // Returns the index in [data, data+n) of the byte at which the stream stopped being valid,
  // or n if all are valid so far.
  std::size_t feed(const char* data, std::size_t n);
  // True when the stream so far ends in the middle of a multi-byte sequence.
  bool incomplete() const { return need_ != 0; }
  // How many bytes of the broken (or unfinished) sequence came before the byte where feed()
  // stopped; subtract it to locate the sequence's first byte.
  int sequence_bytes() const { return seen_; }

 private:
  int need_ = 0;
  int seen_ = 0;
  unsigned char lo_ = 0x80;
  unsigned char hi_ = 0xBF;
};

}  // namespace mlops::io
