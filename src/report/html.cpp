#include "report/html.h"

#include <cmath>

#include "core/text.h"
#include "report/junit.h"

namespace mlops::report::html {
namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Lengths to a hundredth: finer is invisible.
std::string fixed(double v) { return format_number(std::round(v * 100) / 100, 7); }

}  // namespace

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
  // the font, so it is set (textLength) to about the width of the font's average glyph; the
  // badge always fits its text, slightly squeezed or spread in an unusual font.
  constexpr double kHeight = 26, kPad = 8, kAdvance = 11.5;
  const double text_width = kAdvance * static_cast<double>(code_points(text));
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
