#include "report/html.h"

#include <cmath>

#include "core/text.h"
#include "report/junit.h"

namespace mlops::report::html {
namespace {

// Lengths to a hundredth: finer is invisible.
std::string fixed(double v) { return format_number(std::round(v * 100) / 100, 7); }

}  // namespace

// The advance of narrow letters and punctuation, other lower case, everything else. Code
// points, not bytes, so UTF-8 counts once per character.
double text_em(std::string_view s) {
  double em = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // continuation byte
    if (std::string_view("Iijlft.,:;'|!- ").find(c) != std::string_view::npos) {
      em += 0.38;
    } else if (c >= 'a' && c <= 'z') {
      em += 0.64;
    } else {
      em += 0.72;
    }
  }
  return em;
}

std::string_view colour(Tone tone) {
  switch (tone) {
    case Tone::kGood:
      return "#1a7f37";
    case Tone::kBad:
      return "#cf222e";
    case Tone::kWarn:
      return "#9a6700";
  }
  return "#cf222e";
}

std::string badge(std::string_view text, Tone tone) {
  // In viewBox units: 26 high, bold text of size 17. The text's width is not known without
  // the font, so it is set (textLength) to an estimate from common fonts' advances: the badge
  // always fits its text, slightly squeezed or spread in an unusual font.
  constexpr double kHeight = 26, kPad = 8, kFontSize = 17;
  const double text_width = std::round(text_em(text) * kFontSize * 10) / 10;
  const double width = std::round(text_width + 2 * kPad);
  const std::string label = xml_escape(text), w = fixed(width);
  return "<svg class=\"badge\" role=\"img\" aria-label=\"" + label + "\" viewBox=\"0 0 " + w +
         " 26\" width=\"" + fixed(width / kHeight * 1.2) + "em\" height=\"1.2em\"><rect width=\"" +
         w + "\" height=\"26\" rx=\"4\" fill=\"" + std::string(colour(tone)) + "\"/><text x=\"" +
         fixed(width / 2) +
         "\" y=\"19\" text-anchor=\"middle\" font-size=\"17\" font-weight=\"bold\" "
         "fill=\"#fff\" textLength=\"" +
         fixed(text_width) + "\" lengthAdjust=\"spacingAndGlyphs\">" + label + "</text></svg>";
}

std::string mark(Tone tone) {
  return "<svg class=\"mark\" aria-hidden=\"true\" viewBox=\"0 0 10 10\" width=\"0.7em\" "
         "height=\"0.7em\"><circle cx=\"5\" cy=\"5\" r=\"5\" fill=\"" +
         std::string(colour(tone)) + "\"/></svg> ";
}

}  // namespace mlops::report::html
