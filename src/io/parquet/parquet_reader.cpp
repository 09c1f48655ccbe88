#include "io/parquet/parquet_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "core/error.h"
#include "core/read_ledger.h"
#include "crypto/sha256.h"
#include "io/parquet/codec.h"
#include "io/parquet/levels.h"
#include "parquet_types.h"

namespace mlops::io {
namespace {

namespace pf = parquet::format;
using parquet::Corrupt;
using parquet::RleDecoder;
using parquet::Unsupported;

constexpr std::string_view kMagic = "PAR1";
constexpr std::string_view kEncryptedMagic = "PARE";  // a Parquet file with an encrypted footer
// A page larger than this, decompressed, is taken for damage rather than allocated.
constexpr std::int64_t kMaxPageBytes = std::int64_t{1} << 30;

const char* const kDamagedHint = "the file is damaged or was cut short: write it again";
const char* const kUnsupportedHint =
    "write the file with PLAIN or dictionary encoding and flat columns (DuckDB's and pyarrow's "
    "defaults), or convert it to CSV";

// --- Files ---------------------------------------------------------------------------------

class FileAccess final : public RandomAccess {
 public:
  explicit FileAccess(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      throw input_error("cannot open " + path + ": " + std::strerror(errno),
                        "check the path and its permissions");
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw input_error("cannot read " + path + " as Parquet: it is not a regular file",
                        "pass the path of a Parquet file");
    }
    size_ = static_cast<std::uint64_t>(st.st_size);
    if (read_ledger_enabled()) {
      try {
        record_whole();
      } catch (...) {
        ::close(fd_);  // the destructor does not run for a constructor that throws
        throw;
      }
    }
  }
  ~FileAccess() override { ::close(fd_); }
  FileAccess(const FileAccess&) = delete;
  FileAccess& operator=(const FileAccess&) = delete;

  std::uint64_t size() const override { return size_; }
  void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) override {
    read_at(offset, size, out);
  }

 private:
  void read_at(std::uint64_t offset, std::size_t size, std::uint8_t* out) const {
    while (size > 0) {
      const ssize_t n = ::pread(fd_, out, size, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        throw input_error("cannot read " + path_ + " at byte offset " + std::to_string(offset) +
                              ": " + (n < 0 ? std::strerror(errno) : "the file got shorter"),
                          "check that nothing else writes the file while it is read");
      }
      out += n;
      size -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
  }

  // For an attestation (core/read_ledger.h): the digest of the whole file, read through this
  // descriptor before any row is; the rows come from the same file, which must not change
  // meanwhile (the attestation checks it again).
  void record_whole() {
    FileRead before;
    FileRead after;
    crypto::Sha256 hash;
    std::vector<std::uint8_t> block(std::min<std::uint64_t>(size_, 1u << 20));
    const bool stated = stat_file(fd_, before);
    for (std::uint64_t offset = 0; offset < size_; offset += block.size()) {
      const auto n =
          static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size_ - offset));
      read_at(offset, n, block.data());
      hash.update(block.data(), n);
    }
    if (!stated || !stat_file(fd_, after) || !unchanged(before, after) || after.size != size_) {
      throw input_error(path_ + " changed while it was read (its size or modification time moved)",
                        "do not modify the inputs while a gate reads them");
    }
    after.sha256 = hash.hex_digest();
    record_read(path_, after);
  }

  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

class MemoryAccess : public RandomAccess {
 public:
  explicit MemoryAccess(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) override {
    if (offset > bytes_.size() || size > bytes_.size() - offset) {
      throw input_error("read past the end of the data (byte offset " + std::to_string(offset) +
                        ")");
    }
    if (size > 0) std::memcpy(out, bytes_.data() + offset, size);
  }

 private:
  std::string bytes_;
};

// --- Thrift --------------------------------------------------------------------------------

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

// --- Names ---------------------------------------------------------------------------------

std::string encoding_name(std::int32_t e) {
  switch (e) {
    case pf::Encoding::PLAIN:
      return "PLAIN";
    case pf::Encoding::PLAIN_DICTIONARY:
      return "PLAIN_DICTIONARY";
    case pf::Encoding::RLE:
      return "RLE";
    case pf::Encoding::BIT_PACKED:
      return "BIT_PACKED";
    case pf::Encoding::DELTA_BINARY_PACKED:
      return "DELTA_BINARY_PACKED";
    case pf::Encoding::DELTA_LENGTH_BYTE_ARRAY:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case pf::Encoding::DELTA_BYTE_ARRAY:
      return "DELTA_BYTE_ARRAY";
    case pf::Encoding::RLE_DICTIONARY:
      return "RLE_DICTIONARY";
    case pf::Encoding::BYTE_STREAM_SPLIT:
      return "BYTE_STREAM_SPLIT";
    case pf::Encoding::ALP:
      return "ALP";
    default:
      return "encoding " + std::to_string(e);
  }
}

// --- Columns and how their values become text ----------------------------------------------

enum class Render {
  kBoolean,
  kInt32,
  kUInt32,
  kInt64,
  kUInt64,
  kInt96,  // a legacy timestamp
  kFloat,
  kDouble,
  kFloat16,
  kBytes,
  kDate,
  kTimestamp,
  kTime,
  kDecimal,
  kUuid,
};

struct Column {
  std::string name;
  std::int32_t physical = 0;
  std::int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
  bool optional = false;
  Render render = Render::kBytes;
  int fraction_digits = 0;  // TIMESTAMP, TIME: 3, 6 or 9
  bool utc = false;         // TIMESTAMP: isAdjustedToUTC
  int scale = 0;            // DECIMAL
};

int unit_digits(const pf::TimeUnit& unit) {
  if (unit.__isset.MILLIS) return 3;
  if (unit.__isset.MICROS) return 6;
  if (unit.__isset.NANOS) return 9;
  return 0;
}

// How a primitive column's values are rendered, from its physical, logical and converted
// types. Throws Unsupported for annotations the reader does not render.
Column resolve_column(const pf::SchemaElement& e) {
  Column c;
  c.name = e.name;
  if (!e.__isset.type) throw Corrupt("a primitive column without a physical type");
  c.physical = e.type;
  c.type_length = e.__isset.type_length ? e.type_length : 0;
  c.optional = e.__isset.repetition_type && e.repetition_type == pf::FieldRepetitionType::OPTIONAL;
  const bool has_converted = e.__isset.converted_type;
  const std::int32_t converted = has_converted ? e.converted_type : -1;
  const pf::LogicalType& lt = e.logicalType;
  const bool has_logical = e.__isset.logicalType;
  auto require = [&](bool ok, const char* what) {
    if (!ok) throw Corrupt(std::string(what) + " on a column of the wrong physical type");
  };
  auto unsupported = [&](const char* what) {
    throw Unsupported(std::string("the ") + what + " type is not read yet");
  };
  const bool int32 = c.physical == pf::Type::INT32;
  const bool int64 = c.physical == pf::Type::INT64;
  const bool fixed = c.physical == pf::Type::FIXED_LEN_BYTE_ARRAY;
  const bool bytes = c.physical == pf::Type::BYTE_ARRAY;
  switch (c.physical) {
    case pf::Type::BOOLEAN:
      c.render = Render::kBoolean;
      break;
    case pf::Type::INT32:
      c.render = Render::kInt32;
      break;
    case pf::Type::INT64:
      c.render = Render::kInt64;
      break;
    case pf::Type::INT96:
      c.render = Render::kInt96;
      break;
    case pf::Type::FLOAT:
      c.render = Render::kFloat;
      break;
    case pf::Type::DOUBLE:
      c.render = Render::kDouble;
      break;
    case pf::Type::BYTE_ARRAY:
      c.render = Render::kBytes;
      break;
    case pf::Type::FIXED_LEN_BYTE_ARRAY:
      if (c.type_length <= 0 || c.type_length > (1 << 24)) {
        throw Corrupt("a FIXED_LEN_BYTE_ARRAY column of length " + std::to_string(c.type_length));
      }
      c.render = Render::kBytes;
      break;
    default:
      throw Corrupt("physical type " + std::to_string(c.physical) + " is not a Parquet type");
  }
  const bool decimal =
      (has_logical && lt.__isset.DECIMAL) || converted == pf::ConvertedType::DECIMAL;
  if (decimal) {
    require(int32 || int64 || fixed || bytes, "DECIMAL");
    c.scale = has_logical && lt.__isset.DECIMAL ? lt.DECIMAL.scale : e.scale;
    if (c.scale < 0 || c.scale > 76) throw Corrupt("a DECIMAL of scale " + std::to_string(c.scale));
    c.render = Render::kDecimal;
  } else if ((has_logical && lt.__isset.DATE) || converted == pf::ConvertedType::DATE) {
    require(int32, "DATE");
    c.render = Render::kDate;
  } else if (has_logical && lt.__isset.TIMESTAMP) {
    require(int64, "TIMESTAMP");
    c.render = Render::kTimestamp;
    c.fraction_digits = unit_digits(lt.TIMESTAMP.unit);
    c.utc = lt.TIMESTAMP.isAdjustedToUTC;
    if (c.fraction_digits == 0) unsupported("TIMESTAMP unit of this");
  } else if (converted == pf::ConvertedType::TIMESTAMP_MILLIS ||
             converted == pf::ConvertedType::TIMESTAMP_MICROS) {
    require(int64, "TIMESTAMP");
    c.render = Render::kTimestamp;
    c.fraction_digits = converted == pf::ConvertedType::TIMESTAMP_MILLIS ? 3 : 6;
    c.utc = true;
  } else if (has_logical && lt.__isset.TIME) {
    c.fraction_digits = unit_digits(lt.TIME.unit);
    require(c.fraction_digits == 3 ? int32 : int64, "TIME");
    if (c.fraction_digits == 0) unsupported("TIME unit of this");
    c.render = Render::kTime;
  } else if (converted == pf::ConvertedType::TIME_MILLIS ||
             converted == pf::ConvertedType::TIME_MICROS) {
    c.fraction_digits = converted == pf::ConvertedType::TIME_MILLIS ? 3 : 6;
    require(c.fraction_digits == 3 ? int32 : int64, "TIME");
    c.render = Render::kTime;
  } else if (has_logical && lt.__isset.INTEGER) {
    require(lt.INTEGER.bitWidth <= 32 ? int32 : int64, "INTEGER");
    if (!lt.INTEGER.isSigned) c.render = int32 ? Render::kUInt32 : Render::kUInt64;
  } else if (converted >= pf::ConvertedType::UINT_8 && converted <= pf::ConvertedType::UINT_64) {
    require(converted == pf::ConvertedType::UINT_64 ? int64 : int32, "UINT");
    c.render = int32 ? Render::kUInt32 : Render::kUInt64;
  } else if (has_logical && lt.__isset.UUID) {
    require(fixed && c.type_length == 16, "UUID");
    c.render = Render::kUuid;
  } else if (has_logical && lt.__isset.FLOAT16) {
    require(fixed && c.type_length == 2, "FLOAT16");
    c.render = Render::kFloat16;
  } else if (converted == pf::ConvertedType::INTERVAL) {
    unsupported("INTERVAL");
  } else if (has_logical && (lt.__isset.GEOMETRY || lt.__isset.GEOGRAPHY)) {
    unsupported("GEOMETRY/GEOGRAPHY");
  } else if (has_logical && lt.__isset.VARIANT) {
    unsupported("VARIANT");
  }
  return c;
}

// --- Text ----------------------------------------------------------------------------------

// Appends v in decimal, zero-padded to `width` digits (after a '-' for negative values).
void append_padded(std::string& out, std::int64_t v, int width) {
  std::array<char, 24> digits{};
  const auto magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), magnitude);
  (void)ec;
  const auto n = static_cast<int>(end - digits.data());
  if (v < 0) out += '-';
  if (n < width) out.append(static_cast<std::size_t>(width - n), '0');
  out.append(digits.data(), end);
}

// a = quotient * b + remainder with 0 <= remainder < b (b > 0), without overflow.
struct FloorDivision {
  std::int64_t quotient;
  std::int64_t remainder;
};
FloorDivision floor_divide(std::int64_t a, std::int64_t b) {
  FloorDivision d{a / b, a % b};
  if (d.remainder < 0) {
    d.remainder += b;
    --d.quotient;
  }
  return d;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return floor_divide(a, b).quotient; }

// YYYY-MM-DD of days since 1970-01-01 (Howard Hinnant's civil_from_days).
void append_date(std::string& out, std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<std::uint64_t>(z - era * 146097);
  const std::uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::uint64_t mp = (5 * doy + 2) / 153;
  const std::uint64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::uint64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
  append_padded(out, y, 4);
  out += '-';
  append_padded(out, static_cast<std::int64_t>(m), 2);
  out += '-';
  append_padded(out, static_cast<std::int64_t>(d), 2);
}

std::int64_t pow10(int digits) {
  std::int64_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p;
}

// HH:MM:SS.fff of `units` (0 <= units < one day) at 10^-digits seconds.
void append_time_of_day(std::string& out, std::int64_t units, int digits) {
  const std::int64_t per_second = pow10(digits);
  const std::int64_t seconds = units / per_second;
  append_padded(out, seconds / 3600, 2);
  out += ':';
  append_padded(out, seconds / 60 % 60, 2);
  out += ':';
  append_padded(out, seconds % 60, 2);
  out += '.';
  append_padded(out, units % per_second, digits);
}

void append_timestamp(std::string& out, std::int64_t units, int digits, bool utc) {
  const std::int64_t per_day = 86400 * pow10(digits);
  const FloorDivision d = floor_divide(units, per_day);
  append_date(out, d.quotient);
  out += 'T';
  append_time_of_day(out, d.remainder, digits);
  if (utc) out += 'Z';
}

template <typename T>
void append_number(std::string& out, T v) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(v)) {
      out += "nan";
      return;
    }
  }
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
  (void)ec;
  out.append(buffer.data(), end);
}

float half_to_float(std::uint16_t h) {
  const int exponent = (h >> 10) & 0x1F;
  const int mantissa = h & 0x3FF;
  float magnitude = 0;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? std::numeric_limits<float>::infinity()
                              : std::numeric_limits<float>::quiet_NaN();
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa + 1024), exponent - 25);
  }
  return (h & 0x8000) != 0 ? -magnitude : magnitude;
}

// 128-bit integers for DECIMAL (a GCC and Clang extension, on x86-64 and arm64 alike).
__extension__ using Int128 = __int128;
__extension__ using UInt128 = unsigned __int128;

void append_decimal(std::string& out, Int128 unscaled, int scale) {
  const bool negative = unscaled < 0;
  auto magnitude = negative ? 0 - static_cast<UInt128>(unscaled) : static_cast<UInt128>(unscaled);
  std::array<char, 96> reversed{};  // 39 digits of 2^127, or a scale of up to 76 and "0"
  std::size_t n = 0;
  do {
    reversed[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  while (n < static_cast<std::size_t>(scale) + 1) reversed[n++] = '0';
  if (negative) out += '-';
  for (std::size_t i = n; i-- > 0;) {
    out += reversed[i];
    if (i == static_cast<std::size_t>(scale) && scale > 0) out += '.';
  }
}

template <typename T>
T load_le(const std::uint8_t* p) {
  T v{};
  std::memcpy(&v, p, sizeof v);  // Parquet is little-endian, as are x86-64 and arm64
  return v;
}

// Renders one non-null value: `p` points at the value's bytes (for BYTE_ARRAY, after the
// length), `n` is its size. Text of plain bytes is a view of `p`; other text is put in
// `scratch`.
std::string_view render(const Column& c, const std::uint8_t* p, std::size_t n,
                        std::string& scratch) {
  scratch.clear();
  switch (c.render) {
    case Render::kBoolean:
      return *p != 0 ? "true" : "false";
    case Render::kInt32:
      append_number(scratch, load_le<std::int32_t>(p));
      break;
    case Render::kUInt32:
      append_number(scratch, load_le<std::uint32_t>(p));
      break;
    case Render::kInt64:
      append_number(scratch, load_le<std::int64_t>(p));
      break;
    case Render::kUInt64:
      append_number(scratch, load_le<std::uint64_t>(p));
      break;
    case Render::kFloat:
      append_number(scratch, load_le<float>(p));
      break;
    case Render::kDouble:
      append_number(scratch, load_le<double>(p));
      break;
    case Render::kFloat16:
      append_number(scratch, half_to_float(load_le<std::uint16_t>(p)));
      break;
    case Render::kBytes:
      return {reinterpret_cast<const char*>(p), n};
    case Render::kDate:
      append_date(scratch, load_le<std::int32_t>(p));
      break;
    case Render::kTimestamp:
      append_timestamp(scratch, load_le<std::int64_t>(p), c.fraction_digits, c.utc);
      break;
    case Render::kTime: {
      const std::int64_t units =
          c.fraction_digits == 3 ? load_le<std::int32_t>(p) : load_le<std::int64_t>(p);
      if (units < 0 || units >= 86400 * pow10(c.fraction_digits)) {
        throw Corrupt("a TIME value outside one day: " + std::to_string(units));
      }
      append_time_of_day(scratch, units, c.fraction_digits);
      break;
    }
    case Render::kInt96: {
      // Nanoseconds of the day (8 bytes) and the Julian day (4 bytes), little-endian.
      const FloorDivision d =
          floor_divide(load_le<std::int64_t>(p), std::int64_t{86400} * 1000000000);
      append_date(scratch, std::int64_t{load_le<std::int32_t>(p + 8)} - 2440588 + d.quotient);
      scratch += 'T';
      append_time_of_day(scratch, d.remainder, 9);
      break;
    }
    case Render::kDecimal: {
      Int128 unscaled = 0;
      if (c.physical == pf::Type::INT32) {
        unscaled = load_le<std::int32_t>(p);
      } else if (c.physical == pf::Type::INT64) {
        unscaled = load_le<std::int64_t>(p);
      } else {
        // Big-endian two's complement.
        std::size_t first = 0;
        const std::uint8_t sign = n > 0 && (p[0] & 0x80) != 0 ? 0xFF : 0x00;
        while (n - first > 16 && p[first] == sign) ++first;
        if (n - first > 16) throw Unsupported("a DECIMAL wider than 128 bits is not read");
        UInt128 bits = sign == 0xFF ? ~static_cast<UInt128>(0) : 0;
        for (std::size_t i = first; i < n; ++i) bits = (bits << 8) | p[i];
        unscaled = static_cast<Int128>(bits);
      }
      append_decimal(scratch, unscaled, c.scale);
      break;
    }
    case Render::kUuid: {
      static constexpr std::string_view kHex = "0123456789abcdef";
      for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) scratch += '-';
        scratch += kHex[p[i] >> 4];
        scratch += kHex[p[i] & 0xF];
      }
      break;
    }
  }
  return scratch;
}

// The size of one PLAIN value of a fixed-size physical type; 0 for BYTE_ARRAY and BOOLEAN.
std::size_t fixed_size(const Column& c) {
  switch (c.physical) {
    case pf::Type::INT32:
    case pf::Type::FLOAT:
      return 4;
    case pf::Type::INT64:
    case pf::Type::DOUBLE:
      return 8;
    case pf::Type::INT96:
      return 12;
    case pf::Type::FIXED_LEN_BYTE_ARRAY:
      return static_cast<std::size_t>(c.type_length);
    default:
      return 0;
  }
}

// --- One column chunk, read page by page ---------------------------------------------------

class ColumnCursor {
 public:
  explicit ColumnCursor(const Column& column) : column_(&column) {}

  // Starts the chunk whose bytes (compressed pages) are in chunk_, from file offset `offset`.
  std::vector<std::uint8_t>& start_chunk(std::uint64_t offset, std::int32_t codec) {
    chunk_offset_ = offset;
    page_offset_ = offset;
    codec_ = codec;
    pos_ = 0;
    page_left_ = 0;
    dictionary_text_.clear();
    dictionary_.clear();
    has_dictionary_ = false;
    return chunk_;
  }

  // The file offset of the page being read (for messages).
  std::uint64_t page_offset() const { return page_offset_; }

  void next(Field& field) {
    while (page_left_ == 0) load_page();
    --page_left_;
    if (column_->optional) {
      const std::uint32_t level = def_.next();
      if (level == 0) {
        field.text = {};
        field.null = true;
        return;
      }
      if (level != 1) throw Corrupt("a definition level of " + std::to_string(level));
    }
    field.null = false;
    field.text = next_value();
  }

 private:
  std::string_view next_value() {
    if (dictionary_encoded_) {
      const std::uint32_t index = indices_.next();
      if (index >= dictionary_.size()) {
        throw Corrupt("dictionary index " + std::to_string(index) + " of a dictionary of " +
                      std::to_string(dictionary_.size()));
      }
      return dictionary_[index];
    }
    if (column_->physical == pf::Type::BOOLEAN) {
      std::uint8_t bit = 0;
      if (encoding_ == pf::Encoding::RLE) {
        const std::uint32_t v = indices_.next();
        if (v > 1) throw Corrupt("a boolean of value " + std::to_string(v));
        bit = static_cast<std::uint8_t>(v);
      } else {
        if (bool_bit_ / 8 >= static_cast<std::uint64_t>(values_end_ - values_)) {
          throw Corrupt("the page's values end early");
        }
        bit = (values_[bool_bit_ / 8] >> (bool_bit_ % 8)) & 1u;
        ++bool_bit_;
      }
      return render(*column_, &bit, 1, scratch_);
    }
    return plain_value(values_, values_end_, scratch_);
  }

  // Reads one PLAIN value at p (advancing it) and renders it into `scratch`.
  std::string_view plain_value(const std::uint8_t*& p, const std::uint8_t* end,
                               std::string& scratch) const {
    std::size_t size = fixed_size(*column_);
    if (column_->physical == pf::Type::BYTE_ARRAY) {
      if (end - p < 4) throw Corrupt("the page's values end early");
      size = load_le<std::uint32_t>(p);
      p += 4;
    }
    if (static_cast<std::size_t>(end - p) < size) throw Corrupt("the page's values end early");
    const std::uint8_t* value = p;
    p += size;
    return render(*column_, value, size, scratch);
  }

  void load_page() {
    for (;;) {
      if (pos_ >= chunk_.size()) {
        page_offset_ = chunk_offset_ + pos_;
        throw Corrupt("the column chunk ends before its row group's last row");
      }
      page_offset_ = chunk_offset_ + pos_;
      pf::PageHeader header;
      pos_ += decode_thrift(chunk_.data() + pos_, chunk_.size() - pos_, header);
      if (header.compressed_page_size < 0 ||
          static_cast<std::uint64_t>(header.compressed_page_size) > chunk_.size() - pos_) {
        throw Corrupt("a page of " + std::to_string(header.compressed_page_size) +
                      " bytes runs past the end of its column chunk");
      }
      if (header.uncompressed_page_size < 0 || header.uncompressed_page_size > kMaxPageBytes) {
        throw Corrupt("a page of " + std::to_string(header.uncompressed_page_size) +
                      " bytes decompressed");
      }
      const std::uint8_t* body = chunk_.data() + pos_;
      const auto body_size = static_cast<std::size_t>(header.compressed_page_size);
      pos_ += body_size;
      // The page's CRC-32 (zlib's), when the writer gave one, is of its bytes as stored.
      if (header.__isset.crc &&
          static_cast<std::uint32_t>(header.crc) !=
              crc32(crc32(0, nullptr, 0), body, static_cast<uInt>(body_size))) {
        throw Corrupt("the page's checksum (CRC-32) does not match its bytes");
      }
      const auto page_size = static_cast<std::size_t>(header.uncompressed_page_size);
      switch (header.type) {
        case pf::PageType::DICTIONARY_PAGE:
          if (!header.__isset.dictionary_page_header) {
            throw Corrupt("a dictionary page without its header");
          }
          parquet::check_decompressed_size(codec_, body, body_size, page_size);
          page_.resize(page_size);
          parquet::decompress(codec_, body, body_size, page_.data(), page_size);
          read_dictionary(header.dictionary_page_header);
          continue;
        case pf::PageType::DATA_PAGE:
          if (!header.__isset.data_page_header) throw Corrupt("a data page without its header");
          parquet::check_decompressed_size(codec_, body, body_size, page_size);
          page_.resize(page_size);
          parquet::decompress(codec_, body, body_size, page_.data(), page_size);
          start_v1(header.data_page_header);
          break;
        case pf::PageType::DATA_PAGE_V2:
          if (!header.__isset.data_page_header_v2) {
            throw Corrupt("a version 2 data page without its header");
          }
          start_v2(header.data_page_header_v2, body, body_size, page_size);
          break;
        default:
          continue;  // index pages and pages of types not yet defined: skipped
      }
      if (page_left_ > 0) return;
    }
  }

  void read_dictionary(const pf::DictionaryPageHeader& header) {
    if (header.encoding != pf::Encoding::PLAIN &&
        header.encoding != pf::Encoding::PLAIN_DICTIONARY) {
      throw Unsupported("a dictionary page in " + encoding_name(header.encoding) + " encoding");
    }
    if (column_->physical == pf::Type::BOOLEAN) throw Corrupt("a dictionary for booleans");
    if (header.num_values < 0) throw Corrupt("a dictionary of a negative number of values");
    dictionary_text_.clear();
    dictionary_.clear();
    std::vector<std::size_t> ends;
    const std::uint8_t* p = page_.data();
    const std::uint8_t* end = p + page_.size();
    for (std::int32_t i = 0; i < header.num_values; ++i) {
      dictionary_text_ += plain_value(p, end, scratch_);
      ends.push_back(dictionary_text_.size());
    }
    dictionary_.reserve(ends.size());
    std::size_t begin = 0;
    for (std::size_t e : ends) {
      dictionary_.emplace_back(dictionary_text_.data() + begin, e - begin);
      begin = e;
    }
    has_dictionary_ = true;
  }

  void start_v1(const pf::DataPageHeader& header) {
    if (header.num_values < 0) throw Corrupt("a page of a negative number of values");
    const std::uint8_t* p = page_.data();
    const std::uint8_t* end = p + page_.size();
    if (column_->optional) {
      if (header.definition_level_encoding != pf::Encoding::RLE) {
        throw Unsupported("definition levels in " +
                          encoding_name(header.definition_level_encoding) + " encoding");
      }
      if (end - p < 4) throw Corrupt("a data page ends in its definition levels");
      const std::uint32_t size = load_le<std::uint32_t>(p);
      p += 4;
      if (size > static_cast<std::size_t>(end - p)) {
        throw Corrupt("definition levels of " + std::to_string(size) + " bytes run past the page");
      }
      def_ = RleDecoder(p, size, 1);
      p += size;
    }
    start_values(p, end, header.encoding);
    page_left_ = header.num_values;
  }

  void start_v2(const pf::DataPageHeaderV2& header, const std::uint8_t* body, std::size_t body_size,
                std::size_t page_size) {
    if (header.num_values < 0) throw Corrupt("a page of a negative number of values");
    const std::int64_t levels =
        std::int64_t{header.definition_levels_byte_length} + header.repetition_levels_byte_length;
    if (header.definition_levels_byte_length < 0 || header.repetition_levels_byte_length < 0 ||
        levels > static_cast<std::int64_t>(body_size) ||
        levels > static_cast<std::int64_t>(page_size)) {
      throw Corrupt("levels of " + std::to_string(levels) + " bytes in a page of " +
                    std::to_string(body_size));
    }
    const auto level_bytes = static_cast<std::size_t>(levels);
    // Levels are never compressed; the values after them are unless is_compressed is false.
    const std::int32_t codec = header.is_compressed ? codec_ : pf::CompressionCodec::UNCOMPRESSED;
    parquet::check_decompressed_size(codec, body + level_bytes, body_size - level_bytes,
                                     page_size - level_bytes);
    page_.resize(page_size);
    std::memcpy(page_.data(), body, level_bytes);
    parquet::decompress(codec, body + level_bytes, body_size - level_bytes,
                        page_.data() + level_bytes, page_size - level_bytes);
    const std::uint8_t* def = page_.data() + header.repetition_levels_byte_length;
    if (column_->optional) {
      def_ = RleDecoder(def, static_cast<std::size_t>(header.definition_levels_byte_length), 1);
    }
    start_values(page_.data() + level_bytes, page_.data() + page_.size(), header.encoding);
    page_left_ = header.num_values;
  }

  void start_values(const std::uint8_t* p, const std::uint8_t* end, std::int32_t encoding) {
    values_ = p;
    values_end_ = end;
    bool_bit_ = 0;
    encoding_ = encoding;
    dictionary_encoded_ = false;
    switch (encoding) {
      case pf::Encoding::PLAIN:
        return;
      case pf::Encoding::PLAIN_DICTIONARY:
      case pf::Encoding::RLE_DICTIONARY:
        if (!has_dictionary_) throw Corrupt("a dictionary-encoded page without a dictionary");
        dictionary_encoded_ = true;
        // A page of nulls only may have no bit width byte.
        indices_ = p == end ? RleDecoder(p, 0, 0) : RleDecoder(p + 1, end - p - 1, *p);
        return;
      case pf::Encoding::RLE:
        if (column_->physical == pf::Type::BOOLEAN) {
          if (end - p < 4) throw Corrupt("RLE booleans without their length");
          const std::uint32_t size = load_le<std::uint32_t>(p);
          indices_ = RleDecoder(p + 4, std::min<std::size_t>(size, end - p - 4), 1);
          return;
        }
        break;
      default:
        break;
    }
    throw Unsupported("values in " + encoding_name(encoding) + " encoding are not read yet");
  }

  const Column* column_;
  std::vector<std::uint8_t> chunk_;  // the column chunk's pages, as in the file
  std::uint64_t chunk_offset_ = 0;   // file offset of chunk_[0]
  std::uint64_t page_offset_ = 0;    // file offset of the current page's header
  std::size_t pos_ = 0;              // the next page header in chunk_
  std::int32_t codec_ = 0;
  std::vector<std::uint8_t> page_;  // the current page, decompressed
  std::int64_t page_left_ = 0;      // values (nulls included) left in it
  RleDecoder def_;
  std::int32_t encoding_ = 0;
  const std::uint8_t* values_ = nullptr;
  const std::uint8_t* values_end_ = nullptr;
  std::uint64_t bool_bit_ = 0;
  bool dictionary_encoded_ = false;
  RleDecoder indices_;  // dictionary indices, or RLE booleans
  bool has_dictionary_ = false;
  std::string dictionary_text_;  // the dictionary's values, rendered, one after another
  std::vector<std::string_view> dictionary_;
  std::string scratch_;
};

}  // namespace

std::unique_ptr<RandomAccess> open_random_access(const std::string& path) {
  return std::make_unique<FileAccess>(path);
}

std::unique_ptr<RandomAccess> memory_random_access(std::string bytes) {
  return std::make_unique<MemoryAccess>(std::move(bytes));
}

bool is_parquet_magic(std::string_view head) {
  return head.substr(0, 4) == kMagic || head.substr(0, 4) == kEncryptedMagic;
}

bool is_parquet_start(std::string_view head) {
  if (head.size() < 5 || !is_parquet_magic(head)) return false;
  const auto next = static_cast<unsigned char>(head[4]);
  return next < 0x20 && next != '\t' && next != '\n' && next != '\r';
}

struct ParquetReader::Impl {
  pf::FileMetaData meta;
  std::vector<Column> columns;
  std::vector<ColumnCursor> cursors;
  std::size_t next_group = 0;
  std::size_t group = 0;           // the row group being read
  std::int64_t rows_left = 0;      // in it
  std::uint64_t group_offset = 0;  // its first column chunk's file offset
  std::uint64_t row_number = 0;
};

ParquetReader::ParquetReader(std::unique_ptr<RandomAccess> file, std::string name)
    : file_(std::move(file)), name_(std::move(name)), impl_(std::make_unique<Impl>()) {
  auto fail = [&](const std::string& what, std::uint64_t offset, const char* hint) {
    throw input_error(name_ + ": " + what + " (byte offset " + std::to_string(offset) + ")", hint);
  };
  const std::uint64_t size = file_->size();
  if (size < 12) {
    fail("is too short to be a Parquet file (" + std::to_string(size) +
             " bytes; the magic and footer alone take 12)",
         0, kDamagedHint);
  }
  std::array<std::uint8_t, 8> tail{};
  std::array<std::uint8_t, 4> head{};
  file_->read(0, head.size(), head.data());
  file_->read(size - tail.size(), tail.size(), tail.data());
  bytes_read_ += head.size() + tail.size();
  const std::string_view head_magic(reinterpret_cast<const char*>(head.data()), 4);
  const std::string_view tail_magic(reinterpret_cast<const char*>(tail.data() + 4), 4);
  if (head_magic == kEncryptedMagic || tail_magic == kEncryptedMagic) {
    fail("is an encrypted Parquet file (encrypted footer), which is not read", 0,
         "decrypt it first, or give the toolkit an unencrypted copy");
  }
  if (head_magic != kMagic) fail("does not start with the Parquet magic PAR1", 0, kDamagedHint);
  if (tail_magic != kMagic) {
    fail("does not end with the Parquet magic PAR1 (a file cut short?)", size - 4, kDamagedHint);
  }
  const std::uint32_t footer_size = load_le<std::uint32_t>(tail.data());
  if (footer_size > size - 12) {
    fail("declares a footer of " + std::to_string(footer_size) + " bytes in a file of " +
             std::to_string(size),
         size - 8, kDamagedHint);
  }
  const std::uint64_t footer_offset = size - 8 - footer_size;
  std::vector<std::uint8_t> footer(footer_size);
  file_->read(footer_offset, footer.size(), footer.data());
  bytes_read_ += footer.size();
  pf::FileMetaData& meta = impl_->meta;
  try {
    decode_thrift(footer.data(), footer.size(), meta);
  } catch (const apache::thrift::TException& e) {
    fail(std::string("has a corrupt footer (FileMetaData: ") + e.what() + ")", footer_offset,
         kDamagedHint);
  }
  if (meta.__isset.encryption_algorithm) {
    fail("is an encrypted Parquet file (plaintext footer, encrypted columns), which is not read",
         footer_offset, "decrypt it first, or give the toolkit an unencrypted copy");
  }
  // The schema: a root group, then (for a flat file) one primitive per column.
  if (meta.schema.empty()) fail("has no schema in its footer", footer_offset, kDamagedHint);
  const pf::SchemaElement& root = meta.schema[0];
  const std::int32_t children = root.__isset.num_children ? root.num_children : 0;
  if (children < 0 || static_cast<std::size_t>(children) >= meta.schema.size() + 1) {
    fail("has a corrupt schema (" + std::to_string(children) + " columns)", footer_offset,
         kDamagedHint);
  }
  for (std::size_t i = 1; i < meta.schema.size(); ++i) {
    const pf::SchemaElement& e = meta.schema[i];
    if (e.__isset.num_children && e.num_children > 0) {
      fail("column \"" + e.name + "\" is nested (a struct, list or map), which is not read yet",
           footer_offset, kUnsupportedHint);
    }
    if (e.__isset.repetition_type && e.repetition_type == pf::FieldRepetitionType::REPEATED) {
      fail("column \"" + e.name + "\" is repeated (a list), which is not read yet", footer_offset,
           kUnsupportedHint);
    }
    try {
      impl_->columns.push_back(resolve_column(e));
    } catch (const Unsupported& u) {
      fail("column \"" + e.name + "\": " + u.what(), footer_offset, kUnsupportedHint);
    } catch (const Corrupt& c) {
      fail("column \"" + e.name + "\": " + c.what(), footer_offset, kDamagedHint);
    }
  }
  if (impl_->columns.size() != static_cast<std::size_t>(children)) {
    fail("has a corrupt schema (the root declares " + std::to_string(children) + " columns, " +
             std::to_string(impl_->columns.size()) + " follow)",
         footer_offset, kDamagedHint);
  }
  for (const Column& c : impl_->columns) columns_.push_back(c.name);
  for (std::size_t g = 0; g < meta.row_groups.size(); ++g) {
    const pf::RowGroup& rg = meta.row_groups[g];
    if (rg.columns.size() != impl_->columns.size() || rg.num_rows < 0) {
      fail("row group " + std::to_string(g) + " has " + std::to_string(rg.columns.size()) +
               " column chunks and " + std::to_string(rg.num_rows) + " rows for " +
               std::to_string(impl_->columns.size()) + " columns",
           footer_offset, kDamagedHint);
    }
  }
  impl_->cursors.reserve(impl_->columns.size());
  for (const Column& c : impl_->columns) impl_->cursors.emplace_back(c);
}

ParquetReader::~ParquetReader() = default;

std::uint64_t ParquetReader::num_rows() const {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(impl_->meta.num_rows, 0));
}

std::size_t ParquetReader::num_row_groups() const { return impl_->meta.row_groups.size(); }

void ParquetReader::open_row_group(std::size_t index) {
  const pf::RowGroup& rg = impl_->meta.row_groups[index];
  impl_->group = index;
  impl_->rows_left = rg.num_rows;
  const std::uint64_t size = file_->size();
  for (std::size_t i = 0; i < impl_->columns.size(); ++i) {
    const pf::ColumnChunk& chunk = rg.columns[i];
    const Column& column = impl_->columns[i];
    auto fail = [&](const std::string& what, std::uint64_t offset, const char* hint) {
      throw input_error(name_ + ": row group " + std::to_string(index) + ", column \"" +
                            column.name + "\": " + what + " (byte offset " +
                            std::to_string(offset) + ")",
                        hint);
    };
    if (chunk.__isset.crypto_metadata || chunk.__isset.encrypted_column_metadata) {
      fail("the column is encrypted, which is not read", chunk.file_offset,
           "decrypt the file first, or give the toolkit an unencrypted copy");
    }
    if (chunk.__isset.file_path) {
      fail("the column chunk is in another file (" + chunk.file_path + "), which is not read",
           chunk.file_offset, kUnsupportedHint);
    }
    if (!chunk.__isset.meta_data) {
      fail("the column chunk has no metadata", chunk.file_offset, kDamagedHint);
    }
    const pf::ColumnMetaData& md = chunk.meta_data;
    if (md.type != column.physical) {
      fail("the column chunk's type (" + std::to_string(md.type) + ") is not the schema's (" +
               std::to_string(column.physical) + ")",
           chunk.file_offset, kDamagedHint);
    }
    if (!parquet::codec_supported(md.codec)) {
      fail("the column is compressed with " + parquet::codec_name(md.codec) + ", which is not read",
           chunk.file_offset,
           "write the file with SNAPPY, GZIP, ZSTD, LZ4_RAW, BROTLI or no compression");
    }
    // The chunk starts at its dictionary page when it has one (a dictionary_page_offset of 0,
    // as some writers put there, means none).
    std::int64_t start = md.data_page_offset;
    if (md.__isset.dictionary_page_offset && md.dictionary_page_offset > 0 &&
        md.dictionary_page_offset < start) {
      start = md.dictionary_page_offset;
    }
    if (start < 4 || md.total_compressed_size < 0 || static_cast<std::uint64_t>(start) > size ||
        static_cast<std::uint64_t>(md.total_compressed_size) >
            size - static_cast<std::uint64_t>(start)) {
      fail("the column chunk (" + std::to_string(md.total_compressed_size) +
               " bytes at byte offset " + std::to_string(start) + ") is not inside the file of " +
               std::to_string(size) + " bytes",
           start < 0 ? 0 : static_cast<std::uint64_t>(start), kDamagedHint);
    }
    const auto offset = static_cast<std::uint64_t>(start);
    if (i == 0) impl_->group_offset = offset;
    std::vector<std::uint8_t>& bytes = impl_->cursors[i].start_chunk(offset, md.codec);
    bytes.resize(static_cast<std::size_t>(md.total_compressed_size));
    file_->read(offset, bytes.size(), bytes.data());
    bytes_read_ += bytes.size();
  }
}

bool ParquetReader::next(Row& row) {
  while (impl_->rows_left == 0) {
    if (impl_->next_group >= impl_->meta.row_groups.size()) return false;
    open_row_group(impl_->next_group++);
  }
  row.fields.resize(impl_->columns.size());
  for (std::size_t i = 0; i < impl_->cursors.size(); ++i) {
    ColumnCursor& cursor = impl_->cursors[i];
    auto fail = [&](const std::string& what, const char* hint) {
      throw input_error(name_ + ": row group " + std::to_string(impl_->group) + ", column \"" +
                            impl_->columns[i].name + "\": " + what + " (page at byte offset " +
                            std::to_string(cursor.page_offset()) + ")",
                        hint);
    };
    try {
      cursor.next(row.fields[i]);
    } catch (const Corrupt& e) {
      fail(std::string("corrupt data: ") + e.what(), kDamagedHint);
    } catch (const Unsupported& e) {
      fail(e.what(), kUnsupportedHint);
    } catch (const apache::thrift::TException& e) {
      fail(std::string("a corrupt page header: ") + e.what(), kDamagedHint);
    }
  }
  --impl_->rows_left;
  row.line = ++impl_->row_number;
  row.offset = impl_->group_offset;
  return true;
}

}  // namespace mlops::io
