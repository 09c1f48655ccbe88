#include <gtest/gtest.h>

#include "helpers.h"
#include "io/parquet/parquet_reader.h"
#include "parquet_builder.h"

// Whole files built page by page (parquet_builder.h): empty pages, a dictionary page offset of
// 0, and pages in the DELTA_* and BYTE_STREAM_SPLIT encodings read through the reader, with
// the values the specification's examples give.
namespace mlops::io::testing {
namespace {

pf::SchemaElement column(std::int32_t physical, bool optional) {
  pf::SchemaElement e;
  e.__set_name("x");
  e.__set_type(physical);
  e.__set_repetition_type(optional ? pf::FieldRepetitionType::OPTIONAL
                                   : pf::FieldRepetitionType::REQUIRED);
  return e;
}

pf::SchemaElement text_column() {
  pf::SchemaElement e = column(pf::Type::BYTE_ARRAY, false);
  e.__set_converted_type(pf::ConvertedType::UTF8);
  return e;
}

Table read_built(const std::string& bytes) {
  ParquetReader reader(memory_random_access(bytes), "built.parquet");
  return read_all(reader);
}

const std::string kInt7 = std::string("\x07\x00\x00\x00", 4);
const std::string kInt9 = std::string("\x09\x00\x00\x00", 4);
// Definition levels 1, 0, 1: one bit-packed group (header 0x03), bits 101.
const std::string kLevels101 = "\x03\x05";

TEST(ParquetPagesTest, PagesWithoutValuesAreSkippedWhateverTheirBytes) {
  // An empty version 1 page of an optional column with no bytes at all (not even the
  // definition levels' length), one with values, and an empty version 2 page.
  const std::string levels = std::string("\x02\x00\x00\x00", 4) + kLevels101;
  const std::string file =
      build_parquet(column(pf::Type::INT32, true), 3,
                    {data_page_v1(0, pf::Encoding::PLAIN, ""),
                     data_page_v1(3, pf::Encoding::PLAIN, levels + kInt7 + kInt9),
                     data_page_v2(0, 0, pf::Encoding::PLAIN, "", "")});
  const Table t = read_built(file);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][0], "7");
  EXPECT_FALSE(t.rows[1][0].has_value());
  EXPECT_EQ(t.rows[2][0], "9");
}

TEST(ParquetPagesTest, ADictionaryPageOffsetOfZeroIsNoOffset) {
  // The chunk starts with its dictionary ("a", "bc") and says dictionary_page_offset 0; the
  // data page's indices 1, 0, 1 (bit width 1, bits 101).
  const std::string dictionary = std::string(
      "\x01\x00\x00\x00"
      "a\x02\x00\x00\x00"
      "bc",
      11);
  const std::string file =
      build_parquet(text_column(), 3,
                    {dictionary_page(2, dictionary),
                     data_page_v1(3, pf::Encoding::RLE_DICTIONARY, "\x01" + kLevels101)},
                    true);
  const Table t = read_built(file);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][0], "bc");
  EXPECT_EQ(t.rows[1][0], "a");
  EXPECT_EQ(t.rows[2][0], "bc");
}

// Encodings.md's DELTA_LENGTH_BYTE_ARRAY example: lengths 5, 5, 6, 6 (blocks of 128 values in
// 4 miniblocks; first value 5; minimum delta 0; bit widths 1, 0, 0, 0; deltas 0, 1, 0 as
// 0b010), then the bytes.
std::string hello_world(const std::string& data) {
  return std::string("\x80\x01\x04\x04\x0A\x00\x01\x00\x00\x00\x02\x00\x00\x00", 14) + data;
}

TEST(ParquetPagesTest, DeltaLengthByteArrayPageOfTheSpecification) {
  const std::string file = build_parquet(text_column(), 4,
                                         {data_page_v1(4, pf::Encoding::DELTA_LENGTH_BYTE_ARRAY,
                                                       hello_world("HelloWorldFoobarABCDEF"))});
  const Table t = read_built(file);
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0][0], "Hello");
  EXPECT_EQ(t.rows[1][0], "World");
  EXPECT_EQ(t.rows[2][0], "Foobar");
  EXPECT_EQ(t.rows[3][0], "ABCDEF");
  // The same values as text that is not UTF-8: an input Error naming the row.
  const std::string bad = build_parquet(text_column(), 4,
                                        {data_page_v1(4, pf::Encoding::DELTA_LENGTH_BYTE_ARRAY,
                                                      hello_world("HelloWorld\xC0oobarABCDEF"))});
  const Error e = error_of([&] { read_built(bad); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message().rfind("built.parquet: row group 0, column \"x\": row 3: the value is not "
                              "valid UTF-8 (byte 0xc0 at offset 0 of its 6 bytes)",
                              0),
            0u)
      << e.message();
}

TEST(ParquetPagesTest, ByteStreamSplitFloatsInAVersion2Page) {
  // 1.0f (00 00 80 3F), null, -2.5f (00 00 20 C0): streams 00 00 | 00 00 | 80 20 | 3F C0.
  const std::string data = std::string("\x00\x00\x00\x00\x80\x20\x3F\xC0", 8);
  const std::string file =
      build_parquet(column(pf::Type::FLOAT, true), 3,
                    {data_page_v2(3, 1, pf::Encoding::BYTE_STREAM_SPLIT, kLevels101, data)});
  const Table t = read_built(file);
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0][0], "1");
  EXPECT_FALSE(t.rows[1][0].has_value());
  EXPECT_EQ(t.rows[2][0], "-2.5");
}

TEST(ParquetPagesTest, DeltaBinaryPackedInt64PageOfTheSpecification) {
  // Encodings.md's example 2: 7, 5, 3, 1, 2, 3, 4, 5 (one miniblock of 128 2-bit deltas).
  std::string page = std::string("\x80\x01\x01\x08\x0E\x03\x02\xC0\x3F", 9);
  page.append(30, '\0');
  const std::string file =
      build_parquet(column(pf::Type::INT64, false), 8,
                    {data_page_v1(8, pf::Encoding::DELTA_BINARY_PACKED, page)});
  const Table t = read_built(file);
  std::vector<std::string> values;
  for (const auto& row : t.rows) values.push_back(*row[0]);
  EXPECT_EQ(values, (std::vector<std::string>{"7", "5", "3", "1", "2", "3", "4", "5"}));
}

}  // namespace
}  // namespace mlops::io::testing
