#include "report/html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace mlops::report::html {
namespace {

using ::testing::HasSubstr;

TEST(ReportHtmlTest, ToneColoursAreTheLightSchemes) {
  EXPECT_EQ(colour(Tone::kGood), "#1a7f37");
  EXPECT_EQ(colour(Tone::kBad), "#cf222e");
  EXPECT_EQ(colour(Tone::kWarn), "#9a6700");
}

// The badge's colour is an attribute (it must hold without the stylesheet), its text is white,
// sized to it and is the image's accessible name.
TEST(ReportHtmlTest, BadgeIsFilledByAttributesAndSizedToItsText) {
  EXPECT_EQ(badge("DRIFT", Tone::kBad),
            "<svg class=\"badge\" role=\"img\" aria-label=\"DRIFT\" viewBox=\"0 0 71 26\" "
            "width=\"3.28em\" height=\"1.2em\"><rect width=\"71\" height=\"26\" rx=\"4\" "
            "fill=\"#cf222e\"/><text x=\"35.5\" y=\"19\" text-anchor=\"middle\" "
            "font-size=\"17\" font-weight=\"bold\" fill=\"#fff\" textLength=\"55.4\" "
            "lengthAdjust=\"spacingAndGlyphs\">DRIFT</text></svg>");
  std::string longer = badge("NO DRIFT", Tone::kGood);
  EXPECT_THAT(longer, HasSubstr("fill=\"#1a7f37\""));
  EXPECT_THAT(longer, HasSubstr("textLength=\"86.4\""));  // 6 capitals, a space and an I
  EXPECT_THAT(longer, HasSubstr("viewBox=\"0 0 102 26\""));
}

TEST(ReportHtmlTest, BadgeWidthFollowsTheLetters) {
  // Narrow letters take less room than capitals: FAIL is narrower than PASS.
  EXPECT_THAT(badge("FAIL", Tone::kBad), HasSubstr("textLength=\"43.2\""));
  EXPECT_THAT(badge("PASS", Tone::kGood), HasSubstr("textLength=\"49\""));
  EXPECT_THAT(badge("fail", Tone::kBad), HasSubstr("textLength=\"30.3\""));
}

TEST(ReportHtmlTest, BadgeTextIsEscapedAndCountedInCodePoints) {
  std::string b = badge("<ü>", Tone::kWarn);
  EXPECT_THAT(b, HasSubstr("aria-label=\"&lt;ü&gt;\""));
  EXPECT_THAT(b, HasSubstr(">&lt;ü&gt;</text>"));
  EXPECT_THAT(b, HasSubstr("textLength=\"36.7\""));  // 3 code points, 4 bytes
  EXPECT_THAT(b, HasSubstr("fill=\"#9a6700\""));
}

TEST(ReportHtmlTest, MarkIsADiscOfTheTonesColourHiddenFromScreenReaders) {
  EXPECT_EQ(mark(Tone::kGood),
            "<svg class=\"mark\" aria-hidden=\"true\" viewBox=\"0 0 10 10\" width=\"0.7em\" "
            "height=\"0.7em\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"#1a7f37\"/></svg> ");
  EXPECT_THAT(mark(Tone::kBad), HasSubstr("fill=\"#cf222e\""));
}

}  // namespace
}  // namespace mlops::report::html
