#include "core/text.h"

#include "core/string_hash.h"

#include <gtest/gtest.h>

namespace mlops {
namespace {

TEST(TextTest, EditDistanceOfKnownPairs) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);  // the textbook example
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  EXPECT_EQ(edit_distance("flaw", "lawn"), 2u);
  EXPECT_EQ(edit_distance("fractoin", "fraction"), 1u);  // a swap is one edit
  EXPECT_EQ(edit_distance("ca", "abc"), 3u);  // optimal string alignment's textbook case (2 in
                                              // unrestricted Damerau-Levenshtein)
}

TEST(TextTest, NearestSuggestsOnlyPlausibleTypos) {
  std::vector<std::string> keys{"columns", "row_count", "unique", "freshness"};
  EXPECT_EQ(nearest("colums", keys), "columns");
  EXPECT_EQ(nearest("row_cont", keys), "row_count");
  EXPECT_EQ(nearest("zzzzzzzz", keys), "");
  EXPECT_EQ(nearest("maximum", {"min", "max", "mean"}), "max");  // a longer spelling
  EXPECT_EQ(nearest("uniq", keys), "unique");                    // a truncated one
  // Found trying a contract: "max" (a prefix) was suggested for a swapped pair of letters.
  EXPECT_EQ(nearest("max_null_fractoin", {"max", "min", "max_null_fraction", "nullable"}),
            "max_null_fraction");
}

TEST(TextTest, QuotedEscapesAndShortens) {
  EXPECT_EQ(quoted("a\"b\n\x01"), "\"a\\\"b\\n\\x01\"");
  EXPECT_EQ(quoted("abcdef", 3), "\"abc...\"");
}

TEST(TextTest, LowerAsciiTouchesOnlyAsciiLetters) {
  EXPECT_EQ(lower_ascii("Content-TYPE: X1"), "content-type: x1");
  EXPECT_EQ(lower_ascii("\xC3\x89t\xC3\xA9"), "\xC3\x89t\xC3\xA9");  // UTF-8 bytes kept
  EXPECT_EQ(lower_ascii(""), "");
}

TEST(TextTest, DigitGroupsOfThree) {
  EXPECT_EQ(digit_groups(0), "0");
  EXPECT_EQ(digit_groups(999), "999");
  EXPECT_EQ(digit_groups(8939), "8,939");
  EXPECT_EQ(digit_groups(1000000), "1,000,000");
  EXPECT_EQ(digit_groups(18446744073709551615ull), "18,446,744,073,709,551,615");
}

TEST(TextTest, ShortenCountsCodePointsAndEndsWithAnEllipsis) {
  EXPECT_EQ(shorten("Substantial", 20), "Substantial");
  EXPECT_EQ(shorten("abcdef", 6), "abcdef");
  EXPECT_EQ(shorten("abcdefg", 6), "abcde\xE2\x80\xA6");
  // "\xC3\xA9" is one character: five of them fit in five, six are cut after four.
  EXPECT_EQ(shorten("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5),
            "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9");
  EXPECT_EQ(shorten("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5),
            "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xE2\x80\xA6");
}

TEST(TextTest, TrimBlanksRemovesSpacesAndTabsAtBothEnds) {
  EXPECT_EQ(trim_blanks(" \t Bearer x \t"), "Bearer x");
  EXPECT_EQ(trim_blanks("a b"), "a b");
  EXPECT_EQ(trim_blanks("\n x \n"), "\n x \n");  // line breaks are not blanks
  EXPECT_EQ(trim_blanks(" \t "), "");
}

}  // namespace
}  // namespace mlops

// StringMap/StringSet are looked up by a string_view (a field being read) without a copy, and
// hash a string_view and the equal std::string alike.
TEST(StringHashTest, LookupByViewFindsTheStringKey) {
  mlops::StringMap<int> counts{{"alpha", 1}, {"beta", 2}};
  const std::string row = "alpha,beta,gamma";
  const std::string_view field = std::string_view(row).substr(6, 4);  // "beta", not a string
  ASSERT_NE(counts.find(field), counts.end());
  EXPECT_EQ(counts.find(field)->second, 2);
  EXPECT_EQ(counts.find(std::string_view(row).substr(11)), counts.end());  // "gamma"
  mlops::StringSet seen{"x"};
  EXPECT_TRUE(seen.contains(std::string_view("x")));
  EXPECT_EQ(mlops::StringHash{}(std::string_view("beta")),
            mlops::StringHash{}(std::string("beta")));
}
