#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlops {

// Small text helpers shared by config errors, reports and CLI messages.

// Edit distance with adjacent transpositions counted as one edit (optimal string alignment:
// Levenshtein plus swaps, "fractoin" is one edit from "fraction"), for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, or "" when none is close enough to be a plausible typo.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

// A number for messages and reports: up to `significant` significant digits ("%.6g").
std::string format_number(double value, int significant = 6);

// Server or user text for a one-line message: control characters become spaces, text longer
// than `max_len` is cut and marked "...", trailing spaces go.
std::string one_line(std::string_view text, std::size_t max_len = 300);

// ASCII letters lower-cased (header names, schemes, keywords); other bytes kept.
std::string lower_ascii(std::string_view s);

// `s` without leading and trailing spaces and tabs (HTTP header values, RFC 9110 OWS).
std::string_view trim_blanks(std::string_view s);

// A count with its digits grouped in threes, as reports show row counts: 8939 -> "8,939".
std::string digit_groups(std::uint64_t n);

// At most `max_chars` code points of `s` (UTF-8 is never cut inside a character), the last one
// an ellipsis when `s` was longer. `max_chars` >= 1.
std::string shorten(std::string_view s, std::size_t max_chars);

// `s` quoted for a message: printable ASCII kept, the rest escaped, long values shortened.
std::string quoted(std::string_view s, std::size_t max_len = 60);

// The number of Unicode code points of UTF-8 text (bytes that do not continue a sequence).
inline std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace mlops
