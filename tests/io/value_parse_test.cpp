#include "io/value_parse.h"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>

namespace mlops::io {
namespace {

TEST(ValueParseTest, Integers) {
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("-7"), -7);
  EXPECT_EQ(parse_integer("+7"), 7);
  EXPECT_EQ(parse_integer("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_integer("9223372036854775808"));  // overflow
  EXPECT_FALSE(parse_integer("1.0"));
  EXPECT_FALSE(parse_integer(" 1"));
  EXPECT_FALSE(parse_integer("1 "));
  EXPECT_FALSE(parse_integer("++1"));
  EXPECT_FALSE(parse_integer("+-1"));
  EXPECT_FALSE(parse_integer("-"));
  EXPECT_FALSE(parse_integer("1-"));
  EXPECT_EQ(parse_integer("-123456789012345678"), -123456789012345678);  // fast path
  EXPECT_EQ(parse_integer("-9223372036854775808"), INT64_MIN);           // slow path
  EXPECT_FALSE(parse_integer(""));
}

// Found by fuzz_table: the fast paths must stop at the first non-digit and at the exact range,
// not overflow (UBSan) on long or mixed text.
TEST(ValueParseTest, FastPathsDoNotOverflowOnLongOrMixedText) {
  EXPECT_FALSE(parse_integer("12345678901234567a"));
  EXPECT_FALSE(parse_integer("4338347678904470092x"));
  EXPECT_FALSE(
      parse_integer("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"));
  EXPECT_EQ(parse_number("1234567890123456789012345"), 1234567890123456789012345.0);
  EXPECT_EQ(parse_number("0.12345678901234567890123"), 0.12345678901234567890123);
  EXPECT_FALSE(parse_number("99999999999999999999999x"));
}

TEST(ValueParseTest, Numbers) {
  EXPECT_EQ(parse_number("3.25"), 3.25);
  EXPECT_EQ(parse_number("-1e3"), -1000.0);
  EXPECT_EQ(parse_number("+.5"), 0.5);
  EXPECT_EQ(parse_number("7"), 7.0);
  EXPECT_FALSE(parse_number("1e999"));  // out of range
  EXPECT_FALSE(parse_number("1,5"));
  EXPECT_FALSE(parse_number("abc"));
  EXPECT_FALSE(parse_number("."));
  EXPECT_FALSE(parse_number("+-1"));
  EXPECT_FALSE(parse_number("1.2.3"));
  EXPECT_FALSE(parse_number("-"));
}

// The fast path must give exactly what from_chars (correct rounding) gives.
TEST(ValueParseTest, FastNumberPathIsCorrectlyRounded) {
  for (const char* s : {"0.1", "0.3", "123.45", "-987.654321", "2.2250738585072", "999999999999999",
                        "0.000000000000001", "1.", ".5", "-0", "3.14159265358979"}) {
    double expected = 0;
    std::string_view sv(s);
    std::from_chars(sv.data() + (sv[0] == '+' ? 1 : 0), sv.data() + sv.size(), expected);
    EXPECT_EQ(parse_number(s), expected) << s;
  }
  EXPECT_EQ(parse_number("1234567890.1234567"), 1234567890.1234567);  // 17 digits: slow path
}

TEST(ValueParseTest, Booleans) {
  EXPECT_EQ(parse_boolean("true"), true);
  EXPECT_EQ(parse_boolean("FALSE"), false);
  EXPECT_EQ(parse_boolean("True"), true);
  EXPECT_FALSE(parse_boolean("1"));
  EXPECT_FALSE(parse_boolean("yes"));
  EXPECT_FALSE(parse_boolean("tRuE"));
}

TEST(ValueParseTest, DatesAreCalendarChecked) {
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(parse_date("2000-03-01"), 11017);  // 30 years (7 leap days) + Jan, Feb 2000 (29)
  EXPECT_EQ(parse_date("2024-02-29"), 19782);
  EXPECT_FALSE(parse_date("2023-02-29"));
  EXPECT_FALSE(parse_date("1900-02-29"));  // not a leap year
  EXPECT_TRUE(parse_date("2000-02-29"));   // a leap year
  EXPECT_FALSE(parse_date("2024-13-01"));
  EXPECT_FALSE(parse_date("2024-1-01"));
  EXPECT_FALSE(parse_date("2024-01-01T00:00"));
}

TEST(ValueParseTest, DatetimesInUtc) {
  // 2026-03-14T09:26:53Z: 20526 days after the epoch (checked with `date -u -d ... +%s`).
  EXPECT_EQ(parse_datetime("2026-03-14T09:26:53Z"), 1773480413.0);
  EXPECT_EQ(parse_datetime("2026-03-14 09:26:53"), 1773480413.0);
  EXPECT_EQ(parse_datetime("2026-03-14T11:26:53+02:00"), 1773480413.0);
  EXPECT_EQ(parse_datetime("2026-03-14T04:26:53-0500"), 1773480413.0);
  EXPECT_EQ(parse_datetime("2026-03-14T09:26Z"), 1773480360.0);
  EXPECT_EQ(parse_datetime("1970-01-01T00:00:00.25Z"), 0.25);
  EXPECT_FALSE(parse_datetime("2026-03-14"));
  EXPECT_FALSE(parse_datetime("2026-03-14T24:00:00Z"));
  EXPECT_FALSE(parse_datetime("2026-03-14T09:26:53X"));
  EXPECT_FALSE(parse_datetime("2026-03-14T09:26:53."));
}

// The ISO parsers (no `format:`) refuse the impossible dates and stray spaces that a custom
// format refuses (date_format_test.cpp).
TEST(ValueParseTest, IsoRefusesImpossibleDatesAndStraySpaces) {
  for (const char* bad : {"2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-13-01",
                          "2024-00-10", "2024-01-00", " 2024-01-05", "2024-01-05 ", "2024-1-05"}) {
    EXPECT_FALSE(parse_date(bad)) << bad;
  }
  EXPECT_TRUE(parse_date("2024-02-29"));
  EXPECT_TRUE(parse_date("2000-02-29"));
  for (const char* bad :
       {"2024-02-30T10:00:00Z", "2023-02-29 10:00", "2024-01-05T24:00:00Z", "2024-01-05T24:00",
        "2024-01-05T10:60:00Z", "2024-01-05T10:60", "2024-01-05T10:00:61Z", "2024-04-31T00:00",
        " 2024-01-05T10:00:00Z", "2024-01-05T10:00:00Z ", "2024-01-05  10:00",
        "2024-01-05T10:00:00 Z", "2024-01-05T 10:00"}) {
    EXPECT_FALSE(parse_datetime(bad)) << bad;
  }
  EXPECT_TRUE(parse_datetime("2024-01-05T23:59:60Z"));  // a leap second
}

// The inline fast paths (value_parse.h) must accept exactly what the full parsers behind them
// accept and give the same value bit for bit: random texts built from the characters of
// numbers and dates (fuzz_value_parse checks arbitrary bytes the same way).
TEST(ValueParseTest, FastPathsAgreeWithTheFullParsers) {
  std::mt19937 rng(4);
  const std::string number_chars = "0123456789012345678901234567890123456789.-+eEinfaINF x";
  const std::string date_chars = "0123456789012345678901234567890123456789-:TZ+. ";
  for (int trial = 0; trial < 100000; ++trial) {
    std::string text;
    const bool date = trial % 2 == 1;
    const std::string& chars = date ? date_chars : number_chars;
    const std::size_t size = date ? 16 + rng() % 10 : rng() % 24;
    for (std::size_t i = 0; i < size; ++i) text += chars[rng() % chars.size()];
    if (date && rng() % 2 == 0) {  // mostly well formed, to reach the value checks
      text = "20" + std::to_string(10 + rng() % 90) + "-" + std::to_string(10 + rng() % 3) + "-" +
             std::to_string(10 + rng() % 22) + "T" + std::to_string(10 + rng() % 15) + ":" +
             std::to_string(10 + rng() % 55) + ":" + std::to_string(10 + rng() % 55) + "Z";
      if (rng() % 3 == 0) text[1 + rng() % 18] = chars[rng() % chars.size()];
    }
    std::int64_t i_fast = 0, i_slow = 0;
    ASSERT_EQ(parse_integer(text, i_fast), detail::parse_integer_slow(text, i_slow)) << text;
    EXPECT_EQ(i_fast, i_slow) << text;
    double fast = 0, slow = 0;
    ASSERT_EQ(parse_number(text, fast), detail::parse_number_slow(text, slow)) << text;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(fast), std::bit_cast<std::uint64_t>(slow)) << text;
    fast = slow = 0;
    ASSERT_EQ(parse_datetime(text, fast), detail::parse_datetime_slow(text, slow)) << text;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(fast), std::bit_cast<std::uint64_t>(slow)) << text;
  }
}

}  // namespace
}  // namespace mlops::io
