#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "helpers.h"

namespace mlops::io::testing {
namespace {

using ::testing::HasSubstr;

// Every malformed input is an input Error (exit 3) naming the source, the line and the byte
// offset; none is skipped silently.
void expect_input_error(const std::string& text, const std::string& line_marker,
                        const std::string& offset_marker, const std::string& what,
                        ReadOptions options = {}) {
  Error e = error_of([&] { read_text(text, options); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("<stdin>:" + line_marker + ":")) << e.what();
  EXPECT_THAT(e.what(), HasSubstr("(byte offset " + offset_marker + ")")) << e.what();
  EXPECT_THAT(e.what(), HasSubstr(what)) << e.what();
  EXPECT_FALSE(e.hint().empty());
}

TEST(MalformedInputTest, UnterminatedQuote) {
  // The quote opens on line 3 at byte 10 and never closes.
  expect_input_error("a,b\n1,2\n3,\"oops\n4,5\n", "3", "10", "unterminated quoted field");
}

TEST(MalformedInputTest, TextAfterClosingQuote) {
  expect_input_error("a,b\n1,\"x\"y\n", "2", "9", "after a closing quote");
}

TEST(MalformedInputTest, RaggedRowTooFewFields) {
  expect_input_error("a,b,c\n1,2,3\n4,5\n", "3", "12", "a row has 2 fields, expected 3");
}

TEST(MalformedInputTest, RaggedRowTooManyFields) {
  expect_input_error("a,b\n1,2\n3,4,5\n", "3", "8", "a row has 3 fields, expected 2");
}

TEST(MalformedInputTest, RaggedRowAfterMultilineField) {
  // Line numbers count the newline inside the quoted field on line 2.
  expect_input_error("a,b\n1,\"x\ny\"\n2\n", "4", "12", "a row has 1 fields, expected 2");
}

TEST(MalformedInputTest, BrokenJsonLine) {
  // Line 2 starts at byte 9; the parser stops at the '}' where a value should be (byte 15).
  expect_input_error("{\"a\": 1}\n{\"b\": }\n", "2", "15", "malformed JSON in record 2");
}

TEST(MalformedInputTest, JsonLineThatIsNotAnObject) {
  expect_input_error("{\"a\": 1}\n[1, 2]\n", "2", "9", "is a JSON array, not an object");
}

TEST(MalformedInputTest, JsonLineWithTrailingText) {
  expect_input_error("{\"a\": 1} x\n", "1", "9", "unexpected text after the record");
}

// Readers disagree on which of two values of one key counts (json/parse.h): refused, at the
// second key's opening quote (line 2 starts at byte 9; the second "a" is at byte 18).
TEST(MalformedInputTest, JsonLineWithADuplicateKey) {
  expect_input_error("{\"a\": 1}\n{\"a\": 1, \"a\": 2}\n", "2", "18",
                     "malformed JSON in record 2: duplicate key \"a\"");
}

// After a record that failed mid-object, the parser starts clean for the next input.
TEST(MalformedInputTest, ARecordAfterAFailedOneParsesClean) {
  expect_input_error("{\"a\": {\"b\": 1, \"b\": 2}}\n", "1", "15", "duplicate key \"b\"");
  Table t = read_text("{\"a\": {\"b\": 1}}\n");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a.b"}));
}

TEST(MalformedInputTest, JsonArrayMissingComma) {
  expect_input_error("[{\"a\": 1}\n {\"a\": 2}]", "2", "11", "expected ',' or ']' after a record");
}

TEST(MalformedInputTest, TruncatedJsonArray) {
  expect_input_error("[{\"a\": 1},\n {\"a\": 2", "2", "12", "unterminated JSON object");
}

TEST(MalformedInputTest, JsonArrayOfScalars) {
  expect_input_error("[1, 2]", "1", "1", "expected '{' starting a record");
}

TEST(MalformedInputTest, InvalidUtf8InCsv) {
  // 0xff on line 3, byte offset 12.
  expect_input_error("a,b\n1,ok\n2,b\xffx\n", "3", "12", "starting with byte 0xff");
}

TEST(MalformedInputTest, InvalidUtf8InsideQuotedMultilineField) {
  // The broken two-byte sequence starts at byte 10, on line 3 of the file.
  expect_input_error("a,b\n1,\"x\nz\xc3\x28\"\n", "3", "10", "starting with byte 0xc3");
}

TEST(MalformedInputTest, InvalidUtf8InJsonLines) {
  expect_input_error("{\"a\": \"ok\"}\n{\"a\": \"\xe2\x82\"}\n", "2", "19", "invalid UTF-8");
}

TEST(MalformedInputTest, Utf8SequenceCutAtEndOfInput) {
  expect_input_error("a\nx\xe2\x82", "2", "3", "starting with byte 0xe2");
}

TEST(MalformedInputTest, EmptyCsvInput) { expect_input_error("", "1", "0", "the input is empty"); }

TEST(MalformedInputTest, DuplicateHeaderName) {
  expect_input_error("a,b,a\n1,2,3\n", "1", "0", "names column \"a\" twice");
}

TEST(MalformedInputTest, RecordLongerThanTheLimit) {
  ReadOptions o;
  o.chunk_bytes = 64;
  o.max_record_bytes = 256;
  expect_input_error("a,b\n1,\"" + std::string(1000, 'x') + "\"\n", "2", "4",
                     "longer than 256 bytes", o);
}

TEST(MalformedInputTest, MissingFileNamesThePath) {
  Error e = error_of([] { read_path("/nonexistent/data.csv"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("cannot open /nonexistent/data.csv"));
}

TEST(MalformedInputTest, DirectoryIsRejected) {
  Error e = error_of([] { read_path(::testing::TempDir()); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("is a directory"));
}

}  // namespace
}  // namespace mlops::io::testing
