#pragma once

// Decoding of the Thrift compact-protocol structs of a Parquet file's footer and page headers.

#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace mlops::io::parquet {

// Decodes one Thrift compact-protocol struct at the start of [data, data + size); returns the
// bytes it took. Containers and strings are bounded by the data's size, so damage cannot make
// it allocate more than a multiple of that.
template <typename T>
std::size_t decode_thrift(const std::uint8_t* data, std::size_t size, T& out) {
  // Thrift's buffer steps its pointer before it checks the bound: never a null one.
  static const std::uint8_t kNothing = 0;
  if (data == nullptr) data = &kNothing;
  const auto bound = static_cast<std::uint32_t>(std::min<std::size_t>(size, INT_MAX));
  auto config = std::make_shared<apache::thrift::TConfiguration>(
      static_cast<int>(std::max<std::uint32_t>(bound, 1)));
  // OBSERVE: the buffer only reads the bytes (Thrift's API takes them non-const).
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>(
      const_cast<std::uint8_t*>(data),  // NOLINT(cppcoreguidelines-pro-type-const-cast)
      bound, apache::thrift::transport::TMemoryBuffer::OBSERVE, config);
  apache::thrift::protocol::TCompactProtocolT<apache::thrift::transport::TMemoryBuffer> protocol(
      buffer, static_cast<std::int32_t>(bound), static_cast<std::int32_t>(bound));
  out.read(&protocol);
  return bound - buffer->available_read();
}

}  // namespace mlops::io::parquet
