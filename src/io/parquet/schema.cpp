// Schema -> column resolution: a SchemaElement's physical, logical and converted types become
// the Column that says how its values are rendered (io/parquet/schema.h).
#include "io/parquet/schema.h"

#include "io/parquet/codec.h"

namespace mlops::io::parquet {

namespace pf = format;

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

namespace {

int unit_digits(const pf::TimeUnit& unit) {
  if (unit.__isset.MILLIS) return 3;
  if (unit.__isset.MICROS) return 6;
  if (unit.__isset.NANOS) return 9;
  return 0;
}

// The rendering of a column's physical type before any annotation.
Render physical_render(const Column& c) {
  switch (c.physical) {
    case pf::Type::BOOLEAN:
      return Render::kBoolean;
    case pf::Type::INT32:
      return Render::kInt32;
    case pf::Type::INT64:
      return Render::kInt64;
    case pf::Type::INT96:
      return Render::kInt96;
    case pf::Type::FLOAT:
      return Render::kFloat;
    case pf::Type::DOUBLE:
      return Render::kDouble;
    case pf::Type::BYTE_ARRAY:
      return Render::kBytes;
    case pf::Type::FIXED_LEN_BYTE_ARRAY:
      if (c.type_length <= 0 || c.type_length > (1 << 24)) {
        throw Corrupt("a FIXED_LEN_BYTE_ARRAY column of length " + std::to_string(c.type_length));
      }
      return Render::kBytes;
    default:
      throw Corrupt("physical type " + std::to_string(c.physical) + " is not a Parquet type");
  }
}

// Applies the column's logical (or converted) type to its rendering.
void annotate(const pf::SchemaElement& e, Column& c) {
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
}

}  // namespace

Column resolve_column(const pf::SchemaElement& e) {
  Column c;
  c.name = e.name;
  if (!e.__isset.type) throw Corrupt("a primitive column without a physical type");
  c.physical = e.type;
  c.type_length = e.__isset.type_length ? e.type_length : 0;
  c.optional = e.__isset.repetition_type && e.repetition_type == pf::FieldRepetitionType::OPTIONAL;
  c.render = physical_render(c);
  annotate(e, c);
  return c;
}

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

}  // namespace mlops::io::parquet
