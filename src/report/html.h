#pragma once

#include <string>
#include <string_view>

namespace mlops::report::html {

// The pieces of the HTML reports whose colour carries meaning (a verdict, a check's status).
// They are coloured by SVG presentation attributes, never by CSS: Jenkins' default
// Content-Security-Policy (`sandbox; default-src 'none'; img-src 'self'; style-src 'self';`)
// blocks <style> blocks and style="" attributes, but not fill="…". A report's stylesheet may
// still restyle them where it is allowed (a dark scheme), since CSS wins over attributes.

// Good (pass, no drift), bad (fail, drift, error) or warn (a warning, an uncertain verdict).
enum class Tone { kGood, kBad, kWarn };

// The tone's colour in the light scheme, as #rrggbb: #1a7f37, #cf222e, #9a6700.
std::string_view colour(Tone tone);

// About how wide `text` is, in em, in bold sans-serif (DejaVu Sans Bold, Liberation Sans Bold,
// Arial): an estimate without the font, on the generous side for regular text, so that what
// is placed after a label of this width does not overlap or clip it.
double text_em(std::string_view text);

// The verdict as a badge for the page's heading: `text` (HTML-escaped here) in white on a
// rounded rectangle of the tone's colour, inline SVG sized in em so it follows the heading's
// font. The SVG is role="img" with the text as its aria-label, and keeps the text in a
// <text> element so it can still be found and copied.
std::string badge(std::string_view text, Tone tone);

// A small disc of the tone's colour to put before a status word ("drifted", "fail"), so the
// status keeps its colour where the stylesheet is blocked. Hidden from screen readers: the
// word that follows says the same.
std::string mark(Tone tone);

}  // namespace mlops::report::html
