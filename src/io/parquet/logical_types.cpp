// Logical and converted types to renderings (io/parquet/logical_types.h). A converted type is
// first mapped to the logical type LogicalTypes.md says it stands for, so both are checked by
// the same rules.
#include "io/parquet/logical_types.h"

#include <cmath>
#include <string>

#include "io/parquet/codec.h"

namespace mlops::io::parquet {
namespace {

namespace pf = format;

// What an annotation says, whichever of the two fields said it.
struct Annotation {
  enum class Kind {
    kNone,  // none, or one that changes nothing here (BSON, UNKNOWN, MAP and LIST leftovers)
    kText,  // STRING, ENUM, JSON
    kDecimal,
    kDate,
    kTime,
    kTimestamp,
    kInteger,
    kUuid,
    kFloat16,
  };
  Kind kind = Kind::kNone;
  int digits = 0;  // TIME, TIMESTAMP: 3, 6, 9 (0: a unit the reader does not know)
  bool utc = false;
  int bits = 0;  // INTEGER
  bool is_signed = true;
  int scale = 0;  // DECIMAL
  int precision = 0;
};
using Kind = Annotation::Kind;

int unit_digits(const pf::TimeUnit& unit) {
  if (unit.__isset.MILLIS) return 3;
  if (unit.__isset.MICROS) return 6;
  if (unit.__isset.NANOS) return 9;
  return 0;
}

// The logical type's annotation; `known` false when the file's type is newer than the reader.
Annotation from_logical(const pf::LogicalType& lt, bool& known) {
  const auto& s = lt.__isset;
  known = true;
  if (s.STRING || s.ENUM || s.JSON) return {.kind = Kind::kText};
  if (s.DECIMAL) {
    return {.kind = Kind::kDecimal, .scale = lt.DECIMAL.scale, .precision = lt.DECIMAL.precision};
  }
  if (s.DATE) return {.kind = Kind::kDate};
  if (s.TIME) {
    return {
        .kind = Kind::kTime, .digits = unit_digits(lt.TIME.unit), .utc = lt.TIME.isAdjustedToUTC};
  }
  if (s.TIMESTAMP) {
    return {.kind = Kind::kTimestamp,
            .digits = unit_digits(lt.TIMESTAMP.unit),
            .utc = lt.TIMESTAMP.isAdjustedToUTC};
  }
  if (s.INTEGER) {
    return {.kind = Kind::kInteger, .bits = lt.INTEGER.bitWidth, .is_signed = lt.INTEGER.isSigned};
  }
  if (s.UUID) return {.kind = Kind::kUuid};
  if (s.FLOAT16) return {.kind = Kind::kFloat16};
  if (s.VARIANT) throw Unsupported("the VARIANT type is not read");
  if (s.GEOMETRY || s.GEOGRAPHY) throw Unsupported("the GEOMETRY and GEOGRAPHY types are not read");
  if (s.FILE) throw Corrupt("a FILE annotation on a primitive column (it annotates groups)");
  known = s.BSON || s.UNKNOWN || s.MAP || s.LIST;
  return {};
}

Annotation from_converted(const pf::SchemaElement& e) {
  const std::int32_t t = e.converted_type;
  using C = pf::ConvertedType;
  switch (t) {
    case C::UTF8:
    case C::ENUM:
    case C::JSON:
      return {.kind = Kind::kText};
    case C::DECIMAL:
      // The precision is required; a scale not given is 0.
      return {.kind = Kind::kDecimal,
              .scale = e.__isset.scale ? e.scale : 0,
              .precision = e.__isset.precision ? e.precision : 0};
    case C::DATE:
      return {.kind = Kind::kDate};
    case C::TIME_MILLIS:
    case C::TIME_MICROS:
      return {.kind = Kind::kTime, .digits = t == C::TIME_MILLIS ? 3 : 6, .utc = true};
    case C::TIMESTAMP_MILLIS:
    case C::TIMESTAMP_MICROS:
      return {.kind = Kind::kTimestamp, .digits = t == C::TIMESTAMP_MILLIS ? 3 : 6, .utc = true};
    case C::INT_8:
    case C::INT_16:
    case C::INT_32:
    case C::INT_64:
      return {.kind = Kind::kInteger, .bits = 8 << (t - C::INT_8), .is_signed = true};
    case C::UINT_8:
    case C::UINT_16:
    case C::UINT_32:
    case C::UINT_64:
      return {.kind = Kind::kInteger, .bits = 8 << (t - C::UINT_8), .is_signed = false};
    case C::INTERVAL:
      throw Unsupported("the INTERVAL type is not read");
    default:
      return {};
  }
}

// The most decimal digits a two's complement integer of `bytes` bytes holds:
// floor(log10(2^(8 bytes - 1) - 1)).
int max_decimal_digits(std::int32_t bytes) {
  return static_cast<int>(std::floor((8.0 * bytes - 1) * std::log10(2.0)));
}

void apply_decimal(const Annotation& a, Column& c) {
  int limit = 0;
  switch (c.physical) {
    case pf::Type::INT32:
      limit = 9;
      break;
    case pf::Type::INT64:
      limit = 18;
      break;
    case pf::Type::FIXED_LEN_BYTE_ARRAY:
      limit = max_decimal_digits(c.type_length);
      break;
    case pf::Type::BYTE_ARRAY:
      limit = INT32_MAX;
      break;
    default:
      throw Corrupt("DECIMAL on a column of the wrong physical type");
  }
  if (a.precision < 1 || a.precision > limit || a.scale < 0 || a.scale > a.precision) {
    throw Corrupt("a DECIMAL of precision " + std::to_string(a.precision) + " and scale " +
                  std::to_string(a.scale) + " (precision 1 to " + std::to_string(limit) +
                  " for its physical type, scale 0 to the precision)");
  }
  c.render = Render::kDecimal;
  c.precision = a.precision;
  c.scale = a.scale;
}

void apply_integer(const Annotation& a, Column& c) {
  if (a.bits != 8 && a.bits != 16 && a.bits != 32 && a.bits != 64) {
    throw Corrupt("an INTEGER of " + std::to_string(a.bits) + " bits (8, 16, 32 or 64)");
  }
  if (c.physical != (a.bits == 64 ? pf::Type::INT64 : pf::Type::INT32)) {
    throw Corrupt("INTEGER(" + std::to_string(a.bits) + ") on a column of the wrong physical type");
  }
  if (!a.is_signed) c.render = a.bits == 64 ? Render::kUInt64 : Render::kUInt32;
  if (a.bits < 32) c.int_bits = a.bits;
}

void apply_time(const Annotation& a, Column& c) {
  const char* what = a.kind == Kind::kTime ? "TIME" : "TIMESTAMP";
  if (a.digits == 0)
    throw Unsupported(std::string("a ") + what + " unit this reader does not know");
  const bool int32_time = a.kind == Kind::kTime && a.digits == 3;
  if (c.physical != (int32_time ? pf::Type::INT32 : pf::Type::INT64)) {
    throw Corrupt(std::string(what) + " on a column of the wrong physical type");
  }
  c.render = a.kind == Kind::kTime ? Render::kTime : Render::kTimestamp;
  c.fraction_digits = a.digits;
  c.utc = a.utc;
}

void apply(const Annotation& a, Column& c) {
  auto require = [&](bool ok, const char* what) {
    if (!ok) throw Corrupt(std::string(what) + " on a column of the wrong physical type");
  };
  const bool fixed = c.physical == pf::Type::FIXED_LEN_BYTE_ARRAY;
  switch (a.kind) {
    case Kind::kNone:
      return;
    case Kind::kText:
      require(c.physical == pf::Type::BYTE_ARRAY || fixed, "STRING, ENUM or JSON");
      c.utf8 = true;
      return;
    case Kind::kDecimal:
      return apply_decimal(a, c);
    case Kind::kDate:
      require(c.physical == pf::Type::INT32, "DATE");
      c.render = Render::kDate;
      return;
    case Kind::kTime:
    case Kind::kTimestamp:
      return apply_time(a, c);
    case Kind::kInteger:
      return apply_integer(a, c);
    case Kind::kUuid:
      require(fixed && c.type_length == 16, "UUID");
      c.render = Render::kUuid;
      return;
    case Kind::kFloat16:
      require(fixed && c.type_length == 2, "FLOAT16");
      c.render = Render::kFloat16;
      return;
  }
}

}  // namespace

void annotate(const pf::SchemaElement& e, Column& c) {
  // The logical type when the file has one the reader knows; otherwise the converted type,
  // which writers also put there for readers that do not know the logical one.
  bool known = false;
  if (e.__isset.logicalType) {
    const Annotation a = from_logical(e.logicalType, known);
    if (known) return apply(a, c);
    if (!e.__isset.converted_type) {
      throw Unsupported("a logical type newer than this reader's specification");
    }
  }
  if (e.__isset.converted_type) apply(from_converted(e), c);
}

}  // namespace mlops::io::parquet
