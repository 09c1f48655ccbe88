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
// fits the rectangle and is the image's accessible name.
TEST(ReportHtmlTest, BadgeIsFilledByAttributesAndSizedToItsText) {
  EXPECT_EQ(badge("DRIFT", Tone::kBad),
            "<svg class=\"badge\" role=\"img\" aria-label=\"DRIFT\" viewBox=\"0 0 74 26\" "
            "width=\"3.42em\" height=\"1.2em\"><rect width=\"74\" height=\"26\" rx=\"4\" "
            "fill=\"#cf222e\"/><text x=\"37\" y=\"19\" text-anchor=\"middle\" "
            "font-size=\"17\" font-weight=\"bold\" fill=\"#fff\" textLength=\"57.5\" "
            "lengthAdjust=\"spacingAndGlyphs\">DRIFT</text></svg>");
  std::string longer = badge("NO DRIFT", Tone::kGood);
  EXPECT_THAT(longer, HasSubstr("fill=\"#1a7f37\""));
  EXPECT_THAT(longer, HasSubstr("textLength=\"92\""));  // 8 characters
  EXPECT_THAT(longer, HasSubstr("viewBox=\"0 0 108 26\""));
}

TEST(ReportHtmlTest, BadgeTextIsEscapedAndCountedInCodePoints) {
  std::string b = badge("<ü>", Tone::kWarn);
  EXPECT_THAT(b, HasSubstr("aria-label=\"&lt;ü&gt;\""));
  EXPECT_THAT(b, HasSubstr(">&lt;ü&gt;</text>"));
  EXPECT_THAT(b, HasSubstr("textLength=\"34.5\""));  // 3 code points, 4 bytes
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
