#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "helpers.h"
#include "io/parquet/codec.h"
#include "io/parquet/parquet_reader.h"
#include "io/parquet/render.h"
#include "io/parquet/schema.h"
#include "parquet_types.h"

// The type mapping against LogicalTypes.md (/work/shared/specs/parquet-format): which physical
// type each logical and converted type may annotate, their parameters, the values they allow,
// the specification's own examples; and text columns that must be UTF-8.
namespace mlops::io::parquet {
namespace {

namespace pf = format;

pf::SchemaElement element(std::int32_t physical, std::int32_t length = 0) {
  pf::SchemaElement e;
  e.__set_name("c");
  e.__set_type(physical);
  if (length > 0) e.__set_type_length(length);
  return e;
}

pf::SchemaElement converted(std::int32_t physical, std::int32_t type, std::int32_t length = 0) {
  pf::SchemaElement e = element(physical, length);
  e.__set_converted_type(type);
  return e;
}

pf::SchemaElement integer(std::int32_t physical, int bits, bool is_signed) {
  pf::SchemaElement e = element(physical);
  pf::IntType t;
  t.__set_bitWidth(static_cast<std::int8_t>(bits));
  t.__set_isSigned(is_signed);
  pf::LogicalType lt;
  lt.__set_INTEGER(t);
  e.__set_logicalType(lt);
  return e;
}

pf::SchemaElement decimal(std::int32_t physical, int precision, int scale,
                          std::int32_t length = 0) {
  pf::SchemaElement e = element(physical, length);
  pf::DecimalType t;
  t.__set_precision(precision);
  t.__set_scale(scale);
  pf::LogicalType lt;
  lt.__set_DECIMAL(t);
  e.__set_logicalType(lt);
  return e;
}

pf::SchemaElement timestamp(bool utc, int digits) {
  pf::SchemaElement e = element(pf::Type::INT64);
  pf::TimeUnit unit;
  if (digits == 3) unit.__set_MILLIS({});
  if (digits == 6) unit.__set_MICROS({});
  if (digits == 9) unit.__set_NANOS({});
  pf::TimestampType t;
  t.__set_isAdjustedToUTC(utc);
  t.__set_unit(unit);
  pf::LogicalType lt;
  lt.__set_TIMESTAMP(t);
  e.__set_logicalType(lt);
  return e;
}

template <typename T>
std::string text_of(const pf::SchemaElement& e, T value) {
  const Column c = resolve_column(e);
  std::uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof value);
  std::string scratch;
  return std::string(render(c, bytes, sizeof value, scratch));
}

std::string text_of_bytes(const pf::SchemaElement& e, const std::string& bytes) {
  const Column c = resolve_column(e);
  std::string scratch;
  return std::string(
      render(c, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), scratch));
}

TEST(ParquetTypesTest, IntegersOfEachBitWidthAndSign) {
  EXPECT_EQ(text_of(integer(pf::Type::INT32, 8, true), std::int32_t{-128}), "-128");
  EXPECT_EQ(text_of(integer(pf::Type::INT32, 8, true), std::int32_t{127}), "127");
  EXPECT_EQ(text_of(integer(pf::Type::INT32, 8, false), std::int32_t{255}), "255");
  EXPECT_EQ(text_of(integer(pf::Type::INT32, 16, true), std::int32_t{-32768}), "-32768");
  EXPECT_EQ(text_of(integer(pf::Type::INT32, 16, false), std::int32_t{65535}), "65535");
  EXPECT_EQ(text_of(integer(pf::Type::INT32, 32, false), std::int32_t{-1}), "4294967295");
  EXPECT_EQ(text_of(integer(pf::Type::INT64, 64, false), std::int64_t{-1}), "18446744073709551615");
  EXPECT_EQ(text_of(converted(pf::Type::INT32, pf::ConvertedType::UINT_16), std::int32_t{65535}),
            "65535");
  EXPECT_EQ(text_of(converted(pf::Type::INT32, pf::ConvertedType::INT_8), std::int32_t{-5}), "-5");
}

TEST(ParquetTypesTest, IntegersOutsideTheirBitWidthAreRefused) {
  // "If a stored value is larger than the maximum allowed by the annotation, the behavior is
  // not defined": refused, not shown as a number the writer did not mean.
  EXPECT_THROW(text_of(integer(pf::Type::INT32, 8, true), std::int32_t{128}), Corrupt);
  EXPECT_THROW(text_of(integer(pf::Type::INT32, 8, true), std::int32_t{-129}), Corrupt);
  EXPECT_THROW(text_of(integer(pf::Type::INT32, 8, false), std::int32_t{256}), Corrupt);
  EXPECT_THROW(text_of(integer(pf::Type::INT32, 8, false), std::int32_t{-1}), Corrupt);
  EXPECT_THROW(text_of(integer(pf::Type::INT32, 16, true), std::int32_t{32768}), Corrupt);
  EXPECT_THROW(text_of(converted(pf::Type::INT32, pf::ConvertedType::UINT_8), std::int32_t{300}),
               Corrupt);
  EXPECT_THROW(text_of(converted(pf::Type::INT32, pf::ConvertedType::INT_16), std::int32_t{-40000}),
               Corrupt);
}

TEST(ParquetTypesTest, AnnotationsOnTheWrongPhysicalTypeAreCorrupt) {
  // "INT(8|16|32, *) must annotate an int32 and INT(64, *) an int64"; bit widths 8 to 64 only.
  EXPECT_THROW(resolve_column(integer(pf::Type::INT32, 64, true)), Corrupt);
  EXPECT_THROW(resolve_column(integer(pf::Type::INT64, 32, true)), Corrupt);
  EXPECT_THROW(resolve_column(integer(pf::Type::INT32, 7, true)), Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT64, pf::ConvertedType::INT_16)), Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT32, pf::ConvertedType::UINT_64)), Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT64, pf::ConvertedType::DATE)), Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT64, pf::ConvertedType::TIME_MILLIS)), Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT32, pf::ConvertedType::TIME_MICROS)), Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT32, pf::ConvertedType::TIMESTAMP_MILLIS)),
               Corrupt);
  EXPECT_THROW(resolve_column(converted(pf::Type::INT32, pf::ConvertedType::UTF8)), Corrupt);
  EXPECT_THROW(
      resolve_column(converted(pf::Type::FIXED_LEN_BYTE_ARRAY, pf::ConvertedType::INTERVAL, 12)),
      Unsupported);
}

TEST(ParquetTypesTest, DecimalPrecisionAndScale) {
  // int32: precision 1..9; int64: 1..18; fixed of n bytes: floor(log10(2^(8n-1) - 1)) digits
  // (4 bytes: 9, 16 bytes: 38); scale 0..precision; the precision is required.
  EXPECT_NO_THROW(resolve_column(decimal(pf::Type::INT32, 9, 2)));
  EXPECT_THROW(resolve_column(decimal(pf::Type::INT32, 10, 2)), Corrupt);
  EXPECT_NO_THROW(resolve_column(decimal(pf::Type::INT64, 18, 0)));
  EXPECT_THROW(resolve_column(decimal(pf::Type::INT64, 19, 0)), Corrupt);
  EXPECT_NO_THROW(resolve_column(decimal(pf::Type::FIXED_LEN_BYTE_ARRAY, 9, 3, 4)));
  EXPECT_THROW(resolve_column(decimal(pf::Type::FIXED_LEN_BYTE_ARRAY, 10, 3, 4)), Corrupt);
  EXPECT_NO_THROW(resolve_column(decimal(pf::Type::FIXED_LEN_BYTE_ARRAY, 38, 3, 16)));
  EXPECT_THROW(resolve_column(decimal(pf::Type::FIXED_LEN_BYTE_ARRAY, 39, 3, 16)), Corrupt);
  EXPECT_NO_THROW(resolve_column(decimal(pf::Type::BYTE_ARRAY, 60, 3)));
  EXPECT_THROW(resolve_column(decimal(pf::Type::INT32, 4, 5)), Corrupt);
  EXPECT_THROW(resolve_column(decimal(pf::Type::INT32, 0, 0)), Corrupt);
  EXPECT_THROW(resolve_column(decimal(pf::Type::DOUBLE, 4, 2)), Corrupt);
  pf::SchemaElement legacy = converted(pf::Type::INT32, pf::ConvertedType::DECIMAL);
  EXPECT_THROW(resolve_column(legacy), Corrupt);  // no precision
  legacy.__set_precision(4);
  EXPECT_EQ(text_of(legacy, std::int32_t{-1250}), "-1250");  // no scale: 0
  legacy.__set_scale(2);
  EXPECT_EQ(text_of(legacy, std::int32_t{-1250}), "-12.50");
}

TEST(ParquetTypesTest, DecimalValuesInAllFourFormsWithinTheirPrecision) {
  EXPECT_EQ(text_of(decimal(pf::Type::INT32, 4, 2), std::int32_t{9999}), "99.99");
  EXPECT_EQ(text_of(decimal(pf::Type::INT32, 4, 2), std::int32_t{-9999}), "-99.99");
  EXPECT_THROW(text_of(decimal(pf::Type::INT32, 4, 2), std::int32_t{10000}), Corrupt);
  EXPECT_EQ(text_of(decimal(pf::Type::INT64, 18, 18), std::int64_t{-5}), "-0.000000000000000005");
  EXPECT_THROW(text_of(decimal(pf::Type::INT64, 10, 0), std::int64_t{10000000000}), Corrupt);
  // Big-endian two's complement: FF FF FB 2E is -1234.
  EXPECT_EQ(text_of_bytes(decimal(pf::Type::FIXED_LEN_BYTE_ARRAY, 9, 3, 4), "\xFF\xFF\xFB\x2E"),
            "-1.234");
  EXPECT_EQ(text_of_bytes(decimal(pf::Type::BYTE_ARRAY, 5, 1), std::string("\x00\xFF", 2)), "25.5");
  EXPECT_THROW(text_of_bytes(decimal(pf::Type::BYTE_ARRAY, 2, 0), std::string("\x00\xFF", 2)),
               Corrupt);
}

TEST(ParquetTypesTest, TimestampsAsTheSpecificationsExamples) {
  // "in a TIMESTAMP(isAdjustedToUTC=true, unit=MILLIS), the number 172800000 corresponds to
  // 1970-01-03 00:00:00 UTC"; 169200000 to 1970-01-02 23:00:00 UTC; the same numbers with
  // isAdjustedToUTC=false are local: no zone.
  EXPECT_EQ(text_of(timestamp(true, 3), std::int64_t{172800000}), "1970-01-03T00:00:00.000Z");
  EXPECT_EQ(text_of(timestamp(true, 3), std::int64_t{169200000}), "1970-01-02T23:00:00.000Z");
  EXPECT_EQ(text_of(timestamp(false, 3), std::int64_t{172800000}), "1970-01-03T00:00:00.000");
  EXPECT_EQ(text_of(timestamp(false, 9), std::int64_t{-1}), "1969-12-31T23:59:59.999999999");
  // The legacy TIMESTAMP_MICROS "is UTC normalized".
  EXPECT_EQ(text_of(converted(pf::Type::INT64, pf::ConvertedType::TIMESTAMP_MICROS),
                    std::int64_t{172800000001}),
            "1970-01-03T00:00:00.000001Z");
}

TEST(ParquetTypesTest, UuidAsTheSpecificationsExample) {
  // "00112233-4455-6677-8899-aabbccddeeff is encoded as the bytes 00 11 22 ... ee ff".
  pf::SchemaElement e = element(pf::Type::FIXED_LEN_BYTE_ARRAY, 16);
  pf::LogicalType lt;
  lt.__set_UUID({});
  e.__set_logicalType(lt);
  EXPECT_EQ(text_of_bytes(e, std::string("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc"
                                         "\xdd\xee\xff",
                                         16)),
            "00112233-4455-6677-8899-aabbccddeeff");
}

TEST(ParquetTypesTest, TextColumnsAreMarkedForUtf8) {
  EXPECT_TRUE(resolve_column(converted(pf::Type::BYTE_ARRAY, pf::ConvertedType::UTF8)).utf8);
  EXPECT_TRUE(resolve_column(converted(pf::Type::BYTE_ARRAY, pf::ConvertedType::ENUM)).utf8);
  EXPECT_TRUE(resolve_column(converted(pf::Type::BYTE_ARRAY, pf::ConvertedType::JSON)).utf8);
  EXPECT_FALSE(resolve_column(converted(pf::Type::BYTE_ARRAY, pf::ConvertedType::BSON)).utf8);
  EXPECT_FALSE(resolve_column(element(pf::Type::BYTE_ARRAY)).utf8);
  pf::SchemaElement e = element(pf::Type::BYTE_ARRAY);
  pf::LogicalType lt;
  lt.__set_STRING({});
  e.__set_logicalType(lt);
  EXPECT_TRUE(resolve_column(e).utf8);
}

TEST(ParquetTypesTest, ALogicalTypeNewerThanTheReaderIsRefusedUnlessConvertedSaysWhat) {
  // A logical type whose field the reader's Thrift does not know decodes as an empty union.
  pf::SchemaElement e = element(pf::Type::BYTE_ARRAY);
  e.__set_logicalType(pf::LogicalType{});
  EXPECT_THROW(resolve_column(e), Unsupported);
  e.__set_converted_type(pf::ConvertedType::UTF8);
  EXPECT_TRUE(resolve_column(e).utf8);
}

// --- UTF-8 --------------------------------------------------------------------------------

// `file` with the first `from` replaced by `to` (of the same size), read whole.
void read_patched(const std::string& file, const std::string& from, const std::string& to) {
  std::string bytes = io::testing::file_bytes(io::testing::data_path("parquet/" + file));
  const std::size_t at = bytes.find(from);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, from.size(), to);
  ParquetReader reader(memory_random_access(bytes), "bad.parquet");
  io::testing::read_all(reader);
}

std::string message_of(const std::string& file, const std::string& from, const std::string& to) {
  return mlops::testing::error_of([&] { read_patched(file, from, to); }).message();
}

TEST(ParquetUtf8Test, InvalidTextIsAnInputErrorNamingTheRow) {
  // DuckDB's uncompressed fixture: s_plain (VARCHAR, PLAIN pages) holds "row-5-<md5>" in row 6.
  EXPECT_EQ(message_of("duckdb/uncompressed.parquet", "row-5-", "\xFFow-5-")
                .rfind("bad.parquet: row group 0, column \"s_plain\": row 6: the value is not "
                       "valid UTF-8 (byte 0xff at offset 0 of its 38 bytes), in a column "
                       "annotated as text",
                       0),
            0u);
  // s_dict (dictionary pages): "alpha", first used in row 4, made "\xCElpha" (a two-byte
  // sequence whose second byte is not a continuation).
  EXPECT_EQ(message_of("duckdb/uncompressed.parquet", "alpha", "\xCElpha")
                .rfind("bad.parquet: row group 0, column \"s_dict\": row 4: the value is not "
                       "valid UTF-8 (byte 0xce at offset 0 of its 5 bytes)",
                       0),
            0u);
  const Error e = mlops::testing::error_of(
      [] { read_patched("duckdb/uncompressed.parquet", "row-5-", "\xE2\x82w-5-"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("byte 0xe2 at offset 0"), std::string::npos) << e.message();
}

TEST(ParquetUtf8Test, BytesWithoutATextAnnotationAreNotChecked) {
  // alltypes_plain.parquet's date_string_col is BYTE_ARRAY without an annotation (binary).
  EXPECT_NO_THROW(read_patched("testing/alltypes_plain.parquet", "03/01/09",
                               "\xFF"
                               "3/01/09"));
}

}  // namespace
}  // namespace mlops::io::parquet
