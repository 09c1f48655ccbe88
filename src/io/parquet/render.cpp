// Value rendering: the text of dates, times, timestamps (INT96 too), decimals, FLOAT16, UUIDs
// and numbers (io/parquet/render.h).
#include "io/parquet/render.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "io/parquet/codec.h"
#include "io/utf8.h"

namespace mlops::io::parquet {
namespace {

namespace pf = format;

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

// A TIME value of the column's unit, which must be within one day.
void append_time(std::string& out, const Column& c, const std::uint8_t* p) {
  const std::int64_t units =
      c.fraction_digits == 3 ? load_le<std::int32_t>(p) : load_le<std::int64_t>(p);
  if (units < 0 || units >= 86400 * pow10(c.fraction_digits)) {
    throw Corrupt("a TIME value outside one day: " + std::to_string(units));
  }
  append_time_of_day(out, units, c.fraction_digits);
}

// A legacy INT96 timestamp: nanoseconds of the day (8 bytes) and the Julian day (4 bytes),
// little-endian.
void append_int96(std::string& out, const std::uint8_t* p) {
  const FloorDivision d = floor_divide(load_le<std::int64_t>(p), std::int64_t{86400} * 1000000000);
  append_date(out, std::int64_t{load_le<std::int32_t>(p + 8)} - 2440588 + d.quotient);
  out += 'T';
  append_time_of_day(out, d.remainder, 9);
}

// The unscaled value of a DECIMAL of `n` bytes at p.
Int128 decimal_unscaled(const Column& c, const std::uint8_t* p, std::size_t n) {
  if (c.physical == pf::Type::INT32) return load_le<std::int32_t>(p);
  if (c.physical == pf::Type::INT64) return load_le<std::int64_t>(p);
  // Big-endian two's complement.
  std::size_t first = 0;
  const std::uint8_t sign = n > 0 && (p[0] & 0x80) != 0 ? 0xFF : 0x00;
  while (n - first > 16 && p[first] == sign) ++first;
  if (n - first > 16) throw Unsupported("a DECIMAL wider than 128 bits is not read");
  UInt128 bits = sign == 0xFF ? ~static_cast<UInt128>(0) : 0;
  for (std::size_t i = first; i < n; ++i) bits = (bits << 8) | p[i];
  return static_cast<Int128>(bits);
}

// An INTEGER(8|16) value, which must fit its bit width (LogicalTypes.md leaves larger values
// to the reader: they are refused rather than shown as a number the file does not mean).
template <typename T>
T check_bits(const Column& c, T v) {
  if (c.int_bits == 0) return v;
  const bool fits = std::is_signed_v<T>
                        ? v >= -(T{1} << (c.int_bits - 1)) && v < (T{1} << (c.int_bits - 1))
                        : v < (T{1} << c.int_bits);
  if (!fits) {
    throw Corrupt(std::string("a value of ") + std::to_string(v) + " in an INTEGER(" +
                  std::to_string(c.int_bits) + (std::is_signed_v<T> ? ", signed)" : ", unsigned)") +
                  " column");
  }
  return v;
}

// A DECIMAL's unscaled value, which has at most its precision's digits.
Int128 check_precision(const Column& c, Int128 unscaled) {
  if (c.precision >= 39) return unscaled;  // past 128 bits: decimal_unscaled refuses those
  const UInt128 magnitude =
      unscaled < 0 ? 0 - static_cast<UInt128>(unscaled) : static_cast<UInt128>(unscaled);
  static constexpr auto kPowers = [] {
    std::array<UInt128, 39> p{};
    p[0] = 1;
    for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
    return p;
  }();
  if (magnitude >= kPowers[static_cast<std::size_t>(c.precision)]) {
    throw Corrupt("a value of more than " + std::to_string(c.precision) + " digits in a DECIMAL(" +
                  std::to_string(c.precision) + ", " + std::to_string(c.scale) + ") column");
  }
  return unscaled;
}

// 16 bytes as 8-4-4-4-12 lowercase hex.
void append_uuid(std::string& out, const std::uint8_t* p) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 0xF];
  }
}

// Printable ASCII as itself, every other byte (and the backslash) as \xNN in upper-case hex,
// as DuckDB casts a BLOB to text.
void append_escaped_binary(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0x20 && b < 0x7F && b != '\\' && b != '"' && b != '\'') {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
}

}  // namespace

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
      append_number(scratch, check_bits(c, load_le<std::int32_t>(p)));
      break;
    case Render::kUInt32:
      append_number(scratch, check_bits(c, load_le<std::uint32_t>(p)));
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
    case Render::kBytes: {
      const std::string_view bytes(reinterpret_cast<const char*>(p), n);
      // STRING/ENUM/JSON values were checked to be UTF-8; other binary that is not UTF-8 is
      // written as DuckDB prints it, so that no report carries bytes that are not text.
      if (c.utf8 || Utf8Validator().feed(bytes.data(), bytes.size()) == bytes.size()) {
        return bytes;
      }
      append_escaped_binary(scratch, bytes);
      break;
    }
    case Render::kDate:
      append_date(scratch, load_le<std::int32_t>(p));
      break;
    case Render::kTimestamp:
      append_timestamp(scratch, load_le<std::int64_t>(p), c.fraction_digits, c.utc);
      break;
    case Render::kTime:
      append_time(scratch, c, p);
      break;
    case Render::kInt96:
      append_int96(scratch, p);
      break;
    case Render::kDecimal:
      append_decimal(scratch, check_precision(c, decimal_unscaled(c, p, n)), c.scale);
      break;
    case Render::kUuid:
      append_uuid(scratch, p);
      break;
  }
  return scratch;
}

}  // namespace mlops::io::parquet
