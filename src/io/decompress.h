#pragma once

#include <memory>
#include <string>

#include "io/source.h"

namespace mlops::io {

// Streaming decompressors. Concatenated members/frames are read as one stream; a stream that
// ends early or holds corrupt data is an input Error naming `name` and the compressed offset.
std::unique_ptr<Source> make_gzip_source(std::unique_ptr<Source> inner, const std::string& name);
std::unique_ptr<Source> make_zstd_source(std::unique_ptr<Source> inner, const std::string& name);

}  // namespace mlops::io
