#include "core/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "common/error_of.h"

namespace mlops {
namespace {

using mlops::testing::error_of;

// RFC 4648 section 10.
TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded) << plain;
    EXPECT_EQ(base64_decode(encoded), plain) << encoded;
  }
}

TEST(Base64Test, EveryByteValueRoundTrips) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    std::string s = all.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(s)), s);
    std::string url = base64_encode(s);
    for (char& c : url) c = c == '+' ? '-' : c == '/' ? '_' : c;
    EXPECT_EQ(base64_decode(url, "x", Base64Alphabet::kUrlSafe), s);
  }
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
}

TEST(Base64Test, StrictDecodingRejectsWhatAnEncoderNeverWrites) {
  const char* bad[] = {
      "Zg",        // standard alphabet needs padding
      "Zg=",       // length not a multiple of 4
      "Z===",      // three pads
      "====",      // only padding
      "Zg==Zg==",  // padding in the middle
      "Zm9v\n",    // whitespace
      "Zm 9v",     // whitespace
      "Zm9*",      // outside the alphabet
      "Zm9-",      // URL-safe character in standard text
      "Zh==",      // non-zero unused bits: "Zg==" is the one encoding of "f"
      "Zm9=",      // non-zero unused bits
      "Z",         // lone character
  };
  for (const char* text : bad) {
    Error e = error_of([&] { base64_decode(text, "the payload"); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << text;
    EXPECT_NE(std::string(e.what()).find("the payload is not valid base64"), std::string::npos)
        << e.what();
  }
}

TEST(Base64Test, ErrorNamesTheOffset) {
  Error e = error_of([] { base64_decode("Zm9v*mFy"); });
  EXPECT_NE(std::string(e.what()).find("at offset 4"), std::string::npos) << e.what();
}

TEST(Base64Test, UrlSafeTakesPaddedAndUnpadded) {
  EXPECT_EQ(base64_decode("Zg", "x", Base64Alphabet::kUrlSafe), "f");
  EXPECT_EQ(base64_decode("Zg==", "x", Base64Alphabet::kUrlSafe), "f");
  EXPECT_EQ(base64_decode("-_8", "x", Base64Alphabet::kUrlSafe), "\xfb\xff");
  EXPECT_THROW(base64_decode("+/8=", "x", Base64Alphabet::kUrlSafe), Error);
  EXPECT_THROW(base64_decode("Zg=", "x", Base64Alphabet::kUrlSafe), Error);
  EXPECT_THROW(base64_decode("Zm9vY", "x", Base64Alphabet::kUrlSafe), Error);
}

}  // namespace
}  // namespace mlops
