#include <gtest/gtest.h>

#include "helpers.h"

namespace mlops::io::testing {
namespace {

using Cells = std::vector<std::optional<std::string>>;

TEST(CsvReaderTest, ReadsHeaderAndRows) {
  Table t = read_text("a,b,c\n1,2,3\n4,5,6\n");
  EXPECT_EQ(t.format, Format::kCsv);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (Cells{v("1"), v("2"), v("3")}));
  EXPECT_EQ(t.rows[1], (Cells{v("4"), v("5"), v("6")}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(t.offsets, (std::vector<std::uint64_t>{6, 12}));
}

TEST(CsvReaderTest, QuotedFieldsHoldDelimitersQuotesAndNewlines) {
  Table t = read_text("id,text\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n4,\"\"\n");
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_EQ(t.rows[0][1], v("a, b"));
  EXPECT_EQ(t.rows[1][1], v("say \"hi\""));
  EXPECT_EQ(t.rows[2][1], v("two\nlines"));
  // A quoted empty string is the empty text, which is a null token by default.
  EXPECT_EQ(t.rows[3][1], null);
  // The embedded newline moves the next record's line number on by one.
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 3, 4, 6}));
}

TEST(CsvReaderTest, CrlfLineEndingsAndMissingFinalNewline) {
  Table t = read_text("a,b\r\n1,\"x\r\ny\"\r\n2,z");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (Cells{v("1"), v("x\r\ny")}));
  EXPECT_EQ(t.rows[1], (Cells{v("2"), v("z")}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 4}));
}

TEST(CsvReaderTest, Utf8BomIsSkipped) {
  Table t = read_text("\xEF\xBB\xBFname,city\nZoë,Zürich\n");
  EXPECT_EQ(t.columns[0], "name");
  EXPECT_EQ(t.rows[0], (Cells{v("Zoë"), v("Zürich")}));
}

TEST(CsvReaderTest, TsvIsDetectedFromContentAndExtension) {
  Table sniffed = read_text("a\tb\n1,5\t2\n");
  EXPECT_EQ(sniffed.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(sniffed.rows[0], (Cells{v("1,5"), v("2")}));
  Table named = read_path(write_temp("t.tsv", "x\ty\n\"q\tr\"\t3\n"));
  EXPECT_EQ(named.rows[0], (Cells{v("q\tr"), v("3")}));
}

TEST(CsvReaderTest, ConfigurableDelimiter) {
  ReadOptions o;
  o.format = Format::kCsv;
  o.delimiter = ';';
  Table t = read_text("a;b\n1,5;\"x;y\"\n", o);
  EXPECT_EQ(t.rows[0], (Cells{v("1,5"), v("x;y")}));
}

TEST(CsvReaderTest, DefaultNullTokens) {
  Table t = read_text("a,b,c,d,e,f,g,h\n,NA,N/A,null,NULL,NaN,na,None\n");
  EXPECT_EQ(t.rows[0], (Cells{null, null, null, null, null, null, v("na"), v("None")}));
}

TEST(CsvReaderTest, CustomNullTokens) {
  ReadOptions o;
  o.null_tokens = NullTokens({"-", "missing"});
  Table t = read_text("a,b,c\n-,missing,\n", o);
  // With a custom list the empty field is a value (the empty string).
  EXPECT_EQ(t.rows[0], (Cells{null, null, v("")}));
}

TEST(CsvReaderTest, NoHeaderNamesColumns) {
  ReadOptions o;
  o.header = false;
  Table t = read_text("1,2\n3,4\n", o);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"column_1", "column_2"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{1, 2}));
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  Table t = read_text("a\n1\n\n\n2\n");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 5}));
}

TEST(CsvReaderTest, EmptyHeaderNameGetsPositionalName) {
  Table t = read_text(",value\n0,1\n");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"column_1", "value"}));
}

// Records straddling chunk boundaries, including quotes and CRLF split across them, must read
// the same as with one big chunk.
TEST(CsvReaderTest, TinyChunksGiveTheSameRows) {
  std::string text = "id,text,n\r\n";
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(i) + ",\"v,\"\"" + std::to_string(i) + "\"\"\nx\"," +
            (i % 3 == 0 ? "" : "7") + "\r\n";
  }
  Table big = read_text(text);
  for (std::size_t chunk : {64u, 65u, 97u, 128u}) {
    ReadOptions o;
    o.chunk_bytes = chunk;
    Table small = read_text(text, o);
    EXPECT_EQ(small.rows, big.rows) << "chunk " << chunk;
    EXPECT_EQ(small.lines, big.lines) << "chunk " << chunk;
    EXPECT_EQ(small.offsets, big.offsets) << "chunk " << chunk;
  }
  ASSERT_EQ(big.rows.size(), 200u);
  EXPECT_EQ(big.rows[5][1], v("v,\"5\"\nx"));
  EXPECT_EQ(big.rows[3][2], null);
  EXPECT_EQ(big.lines[1], 4u);
}

TEST(CsvReaderTest, RecordLongerThanChunkGrowsTheBuffer) {
  std::string long_field(10000, 'x');
  ReadOptions o;
  o.chunk_bytes = 64;
  Table t = read_text("a,b\n1," + long_field + "\n2,y\n", o);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0][1], long_field);
  EXPECT_EQ(t.rows[1][1], v("y"));
}

// The reader's branch-free null filter (NullTokens::matches_padded) must answer as matches()
// does, for every length class: empty, short, the 63-byte cap of its length mask and beyond.
TEST(CsvReaderTest, PaddedNullMatchingAgreesWithMatches) {
  const std::string long_token(70, 'N');
  const std::string cap_token(63, 'x');
  for (const NullTokens& nulls :
       {NullTokens::defaults(), NullTokens({"-", "?", long_token, cap_token}),
        NullTokens(std::vector<std::string>{})}) {
    for (const std::string& text :
         {std::string(), std::string("NA"), std::string("N"), std::string("NaN"),
          std::string("nan"), std::string("-"), std::string("?"), std::string("null"),
          std::string("NULLS"), long_token, long_token + "N", std::string(69, 'N'), cap_token,
          std::string(62, 'x'), cap_token + "x", std::string("x")}) {
      const std::string padded = text + ",";  // the byte after a field in the buffer
      EXPECT_EQ(nulls.matches_padded(std::string_view(padded.data(), text.size())),
                nulls.matches(text))
          << text;
    }
  }
}

}  // namespace
}  // namespace mlops::io::testing
