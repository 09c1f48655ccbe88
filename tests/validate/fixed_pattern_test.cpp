#include "validate/fixed_pattern.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "validate/value_index.h"

// The pattern subset matched without RE2 must answer as RE2 does, for every text.
namespace mlops::validate {
namespace {

TEST(FixedPatternTest, CommonContractPatternsSkipRe2) {
  auto code = FixedPattern::compile("[A-Z]{3}");
  ASSERT_TRUE(code.has_value());
  EXPECT_TRUE(code->full_match("LAX"));
  EXPECT_FALSE(code->full_match("LAXX"));
  EXPECT_FALSE(code->full_match("LaX"));
  auto date = FixedPattern::compile(R"(\d{4}/\d{2}/\d{2} \d{2}:\d{2})");
  ASSERT_TRUE(date.has_value());
  EXPECT_TRUE(date->full_match("2001/01/01 00:01"));
  EXPECT_FALSE(date->full_match("2001/01/01T00:01"));
  EXPECT_FALSE(date->full_match("2001/01/01 00:0"));
  for (const char* other : {"a+", "a|b", "(ab)", ".", "^a", "a$", "[^a]", "\\w", "a{1,2}",
                            "[[:alpha:]]", "\xc3\xa9", "(?i)a", "a{2}{3}", "\\n", "\\d{04}"}) {
    EXPECT_FALSE(FixedPattern::compile(other).has_value()) << other;
  }
}

TEST(FixedPatternTest, AgreesWithRe2OnRandomPatternsAndTexts) {
  const std::vector<std::string> tokens = {
      "a",        "Z",       "0",      "-",    "/",     ":",           " ",
      "\\d",      "\\.",     "\\-",    "\\]",  "[A-Z]", "[a-z0-9]",    "[-a]",
      "[a-]",     "[.*]",    "[\\]x]", "[^a]", "{3}",   "{0}",         "{2}",
      "{1,2}",    "(",       ")",      "|",    ".",     "*",           "+",
      "?",        "^",       "$",      "\\w",  "\\s",   "[[:alpha:]]", "\xc3\xa9",
      "[0-9\\d]", "[\\d-z]", "[z-a]",  "[]a]", "}",     "{",           "_",
      "[a\\-z]",  "\\\\",    "[\\\\]", "#",    "{04}",  "{00}",        "{10}"};
  const std::string alphabet = "aZz09-/: .*]x\\_#\n\t{}\xc3\xa9";
  std::mt19937 rng(19);
  int compiled = 0;
  int matched = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::string pattern;
    for (int n = static_cast<int>(rng() % 5) + 1; n > 0; --n)
      pattern += tokens[rng() % tokens.size()];
    RE2::Options opts;
    opts.set_log_errors(false);
    RE2 re(pattern, opts);
    if (!re.ok()) continue;
    auto fixed = FixedPattern::compile(pattern);
    if (!fixed) continue;
    ++compiled;
    for (int t = 0; t < 60; ++t) {
      std::string text;
      for (int n = static_cast<int>(rng() % 9); n > 0; --n)
        text += alphabet[rng() % alphabet.size()];
      const bool re2 = RE2::FullMatch(text, re);
      EXPECT_EQ(fixed->full_match(text), re2)
          << "pattern /" << pattern << "/ text '" << text << "'";
      matched += re2 ? 1 : 0;
    }
  }
  // The test does exercise the fast path, with texts that match and texts that do not.
  EXPECT_GT(compiled, 500);
  EXPECT_GT(matched, 200);
}

// Texts of 16 bytes and more are matched 16 bytes at a time: a byte outside its range in any
// lane, or in the bytes after the last 16, fails the match, as RE2 says.
TEST(FixedPatternTest, AgreesWithRe2OnLongTexts) {
  const std::vector<std::pair<std::string, std::string>> classes = {
      {"\\d", "0123456789"}, {"[A-Z]", "ABCXYZ"}, {"[a-f]", "abcdef"}, {"-", "-"}, {"/", "/"}};
  const std::string alphabet = "09AZaf-/ g@`[{:\x7f\x80\xff";
  std::mt19937 rng(20);
  int matched = 0, failed = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string pattern, text;
    const int length = 16 + static_cast<int>(rng() % 30);
    for (int n = 0; n < length; ++n) {
      const auto& [token, members] = classes[rng() % classes.size()];
      pattern += token;
      text += members[rng() % members.size()];
    }
    auto fixed = FixedPattern::compile(pattern);
    ASSERT_TRUE(fixed.has_value()) << pattern;
    RE2 re(pattern);
    for (int t = 0; t < 20; ++t) {
      std::string probe = text;
      if (t > 0) probe[rng() % probe.size()] = alphabet[rng() % alphabet.size()];
      const bool re2 = RE2::FullMatch(probe, re);
      EXPECT_EQ(fixed->full_match(probe), re2)
          << "pattern /" << pattern << "/ text '" << probe << "'";
      (re2 ? matched : failed) += 1;
    }
  }
  EXPECT_GT(matched, 300);
  EXPECT_GT(failed, 3000);
}

TEST(ValueIndexTest, FindsEachValueAtItsPositionAndNothingElse) {
  ValueIndex index({"ATL", "", "LAX", "a-much-longer-value-than-eight", "ATL", "ORD"});
  EXPECT_EQ(index.find("ATL"), 0u);
  EXPECT_EQ(index.find(""), 1u);
  EXPECT_EQ(index.find("LAX"), 2u);
  EXPECT_EQ(index.find("a-much-longer-value-than-eight"), 3u);
  EXPECT_EQ(index.find("ORD"), 4u);  // numbered as if "ATL" were listed once
  EXPECT_EQ(index.find("LA"), ValueIndex::kNone);
  EXPECT_EQ(index.find("ATL "), ValueIndex::kNone);
  EXPECT_EQ(ValueIndex().find("ATL"), ValueIndex::kNone);
}

TEST(ValueIndexTest, ShortValuesDifferingOnlyInLengthOrNulBytesAreDistinct) {
  // Values of up to 7 bytes are packed into one word with their length.
  ValueIndex index({"A", std::string("A\0", 2), std::string("\0", 1), "", "1234567", "12345678"});
  EXPECT_EQ(index.find("A"), 0u);
  EXPECT_EQ(index.find(std::string_view("A\0", 2)), 1u);
  EXPECT_EQ(index.find(std::string_view("\0", 1)), 2u);
  EXPECT_EQ(index.find(""), 3u);
  EXPECT_EQ(index.find("1234567"), 4u);
  EXPECT_EQ(index.find("12345678"), 5u);
  EXPECT_EQ(index.find(std::string_view("A\0\0", 3)), ValueIndex::kNone);
  EXPECT_EQ(index.find("123456"), ValueIndex::kNone);
  EXPECT_EQ(index.find("123456789"), ValueIndex::kNone);
}

}  // namespace
}  // namespace mlops::validate
