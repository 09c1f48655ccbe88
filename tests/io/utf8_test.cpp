#include "io/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace mlops::io {
namespace {

std::size_t first_bad(const std::string& s) {
  Utf8Validator v;
  return v.feed(s.data(), s.size());
}

TEST(Utf8ValidatorTest, AcceptsValidSequences) {
  // 1- to 4-byte sequences, including the largest code point U+10FFFF.
  std::string s = "plain ascii, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80, \xf4\x8f\xbf\xbf";
  EXPECT_EQ(first_bad(s), s.size());
}

TEST(Utf8ValidatorTest, RejectsWhatRfc3629Forbids) {
  EXPECT_EQ(first_bad("ab\xff"), 2u);            // never valid
  EXPECT_EQ(first_bad("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(first_bad("\xe0\x80\xaf"), 1u);      // overlong 3-byte
  EXPECT_EQ(first_bad("\xed\xa0\x80"), 1u);      // UTF-16 surrogate D800
  EXPECT_EQ(first_bad("\xf4\x90\x80\x80"), 1u);  // above U+10FFFF
  EXPECT_EQ(first_bad("\xc3x"), 1u);             // missing continuation
  EXPECT_EQ(first_bad("12345678\x80"), 8u);      // stray continuation after the fast path
}

TEST(Utf8ValidatorTest, SequencesMaySpanPieces) {
  Utf8Validator v;
  std::string a = "x\xf0\x9f", b = "\x98\x80y";
  EXPECT_EQ(v.feed(a.data(), a.size()), a.size());
  EXPECT_TRUE(v.incomplete());
  EXPECT_EQ(v.feed(b.data(), b.size()), b.size());
  EXPECT_FALSE(v.incomplete());
}

// The ASCII fast paths (32 and 8 bytes per test) must hand over to the byte checks wherever
// the first non-ASCII byte falls, relative to their blocks and to the end.
TEST(Utf8ValidatorTest, NonAsciiAtEveryPositionOfALongAsciiRun) {
  for (std::size_t size = 1; size <= 100; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      std::string s(size, 'a');
      s[at] = '\x80';  // a stray continuation byte
      EXPECT_EQ(first_bad(s), at) << size << " " << at;
      if (at + 2 <= size) {
        s[at] = '\xc3';  // a valid two-byte sequence
        s[at + 1] = '\xa9';
        EXPECT_EQ(first_bad(s), size) << size << " " << at;
      }
    }
  }
}

}  // namespace
}  // namespace mlops::io
