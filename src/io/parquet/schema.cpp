// Schema -> column resolution: a SchemaElement's physical, logical and converted types become
// the Column that says how its values are rendered (io/parquet/schema.h).
#include "io/parquet/schema.h"

#include "io/parquet/codec.h"
#include "io/parquet/logical_types.h"

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
