#include "json/write.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "json/parse.h"

namespace mlops::json {
namespace {

double from_bits(std::uint64_t bits) { return std::bit_cast<double>(bits); }
std::uint64_t bits_of(double d) { return std::bit_cast<std::uint64_t>(d); }

// The double `text` reads back as, by std::from_chars (correctly rounded).
double read_back(const std::string& text) {
  double d = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  EXPECT_EQ(ec, std::errc()) << text;
  EXPECT_EQ(end, text.data() + text.size()) << text;
  return d;
}

TEST(JsonWriteTest, NumbersAreWrittenAsJavaScriptWritesThem) {
  // Expected texts are JSON.stringify's (node 18), which RFC 8785 adopts.
  const std::vector<std::pair<double, std::string>> table = {
      {0.5, "0.5"},
      {100.0, "100"},
      {1.0, "1"},
      {-1.5, "-1.5"},
      {1e-300, "1e-300"},
      {1.5e21, "1.5e+21"},
      {1e21, "1e+21"},
      {1e20, "100000000000000000000"},
      {1e-7, "1e-7"},
      {1e-6, "0.000001"},
      {1e-5, "0.00001"},
      {0.000123, "0.000123"},
      {0.1 + 0.2, "0.30000000000000004"},
      {1.0 / 3, "0.3333333333333333"},
      {123.456, "123.456"},
      {1e16, "10000000000000000"},
      {9007199254740992.0, "9007199254740992"},          // 2^53
      {9007199254740994.0, "9007199254740994"},          // 2^53 + 2
      {9223372036854775808.0, "9223372036854776000"},    // 2^63
      {18446744073709551616.0, "18446744073709552000"},  // 2^64
      {1e300, "1e+300"},
      {2.2250738585072014e-308, "2.2250738585072014e-308"},  // the least normal
      {2.225073858507201e-308, "2.225073858507201e-308"},    // the greatest denormal
      {0.0, "0"},
      {-0.0, "-0.0"},  // JSON.stringify writes 0; "-0" would read back as the integer 0
  };
  for (const auto& [value, text] : table) {
    EXPECT_EQ(number(value), text) << "for " << value;
  }
}

TEST(JsonWriteTest, Rfc8785AppendixBNumbers) {
  // RFC 8785 (JSON Canonicalization Scheme), Appendix B: IEEE 754 bits -> text. The two zeros
  // differ here: JCS writes -0 as "0", the project keeps the sign.
  const std::vector<std::pair<std::uint64_t, std::string>> table = {
      {0x0000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& [bits, text] : table) {
    EXPECT_EQ(number(from_bits(bits)), text) << std::hex << "for 0x" << bits;
  }
}

TEST(JsonWriteTest, NeverTheExponentFormsOfBoost) {
  // What Boost.JSON 1.81 writes for the same values: 5E-1, 1E2, 1E-300.
  boost::json::array a{0.5, 100.0, 1e-300, 12.5};
  EXPECT_EQ(boost::json::serialize(a), "[5E-1,1E2,1E-300,1.25E1]");
  EXPECT_EQ(mlops::json::serialize(a), "[0.5,100,1e-300,12.5]");
}

TEST(JsonWriteTest, IntegersAreExact) {
  boost::json::array a{std::int64_t{0}, std::int64_t{-7}, std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max(),
                       std::numeric_limits<std::uint64_t>::max()};
  EXPECT_EQ(mlops::json::serialize(a),
            "[0,-7,-9223372036854775808,9223372036854775807,18446744073709551615]");
}

TEST(JsonWriteTest, NonFiniteNumbersAreACallersBug) {
  for (double bad :
       {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
        -std::numeric_limits<double>::infinity()}) {
    EXPECT_THROW(number(bad), std::logic_error) << bad;
    EXPECT_THROW(mlops::json::serialize(boost::json::array{1, bad}), std::logic_error) << bad;
  }
  try {
    number(std::numeric_limits<double>::infinity());
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("a JSON number cannot be infinite"));
  }
}

TEST(JsonWriteTest, UndefinedNumbersAreNull) {
  EXPECT_TRUE(number_or_null(std::numeric_limits<double>::quiet_NaN()).is_null());
  EXPECT_TRUE(number_or_null(-std::numeric_limits<double>::infinity()).is_null());
  EXPECT_EQ(mlops::json::serialize(number_or_null(0.5)), "0.5");
}

// Checks that `text` is what number(d) must be: it reads back as d bit for bit, in no more
// digits than std::to_chars's shortest form, and looks like JSON.
void expect_exact(double d, const std::string& text) {
  SCOPED_TRACE(text);
  EXPECT_EQ(bits_of(read_back(text)), bits_of(d));
  char shortest[32];
  auto end = std::to_chars(shortest, shortest + sizeof shortest, d, std::chars_format::scientific);
  std::string sci(shortest, end.ptr);
  std::size_t sci_digits = 0, digits = 0;
  for (char c : sci.substr(0, sci.find('e'))) sci_digits += c >= '0' && c <= '9';
  // Significant digits of `text`: from its first non-zero digit to its exponent or end,
  // trailing zeros of an integer aside.
  std::string mantissa = text.substr(0, text.find('e'));
  std::string significant;
  for (char c : mantissa) {
    if (c >= '0' && c <= '9' && !(significant.empty() && c == '0')) significant += c;
  }
  if (mantissa.find('.') == std::string::npos) {
    while (!significant.empty() && significant.back() == '0') significant.pop_back();
  }
  digits = significant.empty() ? 1 : significant.size();
  EXPECT_EQ(digits, sci_digits);
  EXPECT_EQ(text.find('E'), std::string::npos);
  if (std::size_t plus = text.find('+'); plus != std::string::npos) {
    EXPECT_EQ(text[plus - 1], 'e');
  }
  EXPECT_EQ(text.find_first_not_of("-0123456789.e+"), std::string::npos);
}

TEST(JsonWriteTest, RandomDoublesReadBackBitForBitInTheFewestDigits) {
  std::mt19937_64 rng(20261206);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> values;
  for (int i = 0; i < 100000; ++i) {
    double d = from_bits(rng());  // every exponent, denormals included
    if (std::isfinite(d)) values.push_back(d);
  }
  for (int i = 0; i < 20000; ++i) {
    values.push_back(unit(rng));                                               // fractions
    values.push_back(std::round(unit(rng) * 1e6) / 1e3);                       // short decimals
    values.push_back(static_cast<double>(rng() >> (rng() % 64)));              // integers, any size
    values.push_back(from_bits(rng() & 0x000fffffffffffff));                   // denormals
    values.push_back(std::ldexp(1.0, static_cast<int>(rng() % 2098) - 1074));  // powers of two
  }
  for (double d :
       {5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 2.2250738585072014e-308,
        0.1 + 0.2, 9007199254740993.0, 1e21, 1e-7, 1e22, 1e23, 123456789012345680000.0}) {
    values.push_back(d);
  }
  // The powers of ten as repeated products reach them, roundings included.
  double up = 1, down = 1;
  while (up < 1e300) {
    values.push_back(up);
    up *= 10;
  }
  while (down > 1e-300) {
    values.push_back(down);
    down /= 10;
  }

  boost::json::array doc;
  for (double d : values) {
    std::string text = number(d);
    expect_exact(d, text);
    if (HasFailure()) return;  // one value's failures say enough
    doc.emplace_back(d);
  }
  // Through the project's reader too: integral values come back as integers, all exactly.
  boost::json::value back = parse_json_exact(mlops::json::serialize(doc), "numbers.json");
  const boost::json::array& got = back.as_array();
  ASSERT_EQ(got.size(), values.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    double d = got[i].is_double()  ? got[i].get_double()
               : got[i].is_int64() ? static_cast<double>(got[i].get_int64())
                                   : static_cast<double>(got[i].get_uint64());
    differ += bits_of(d) != bits_of(values[i]) && !(values[i] == 0 && d == 0);
  }
  EXPECT_EQ(differ, 0u);
}

TEST(JsonWriteTest, NegativeZeroReadsBackNegative) {
  EXPECT_TRUE(std::signbit(read_back(number(-0.0))));
  // Read back by the project's exact parser and by Boost.JSON: a double, negative, written
  // again as the same text (the round trip fuzz_json_exact checks; "-0" was read as the
  // integer 0 and written back as "0").
  for (const boost::json::value& v :
       {parse_json_exact("[" + number(-0.0) + "]", "z.json"), boost::json::parse("[-0.0]")}) {
    ASSERT_TRUE(v.as_array()[0].is_double());
    EXPECT_TRUE(std::signbit(v.as_array()[0].get_double()));
    EXPECT_EQ(mlops::json::serialize(v), "[-0.0]");
  }
}

TEST(JsonWriteTest, StringsAreEscapedAsBoostEscapesThem) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  boost::json::value v = boost::json::string(every_byte);
  EXPECT_EQ(mlops::json::serialize(v), boost::json::serialize(v));
  std::string s;
  append_string(s, "a\"b\\c\n\t\x01/\x7f\xc3\xa9");
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\n\\t\\u0001/\x7f\xc3\xa9\"");
}

TEST(JsonWriteTest, CompactTextIsBoostsWhereThereAreNoDoubles) {
  boost::json::value v = {{"k", {1, -2, true, nullptr, "s"}},
                          {"o", {{"x\n", boost::json::object()}, {"y", boost::json::array()}}},
                          {"u", std::numeric_limits<std::uint64_t>::max()}};
  EXPECT_EQ(mlops::json::serialize(v), boost::json::serialize(v));
}

TEST(JsonWriteTest, PrettyTextIsIndentedAndReadsBack) {
  boost::json::value v = {{"a", {1, 0.5}},
                          {"b", {{"c", "d"}}},
                          {"e", boost::json::array()},
                          {"f", boost::json::object()}};
  std::string text = pretty(v);
  EXPECT_EQ(boost::json::parse(text), v);
  EXPECT_EQ(text,
            "{\n  \"a\": [\n    1,\n    0.5\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  },\n"
            "  \"e\": [],\n  \"f\": {}\n}\n");
  EXPECT_EQ(pretty(boost::json::value(2.5)), "2.5\n");
}

}  // namespace
}  // namespace mlops::json
