#include "core/text.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <numeric>

namespace mlops {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows of the optimal-string-alignment table: the one before the previous holds the
  // cost before an adjacent transposition.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  std::iota(prev.begin(), prev.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] =
          std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    std::swap(before, prev);
    std::swap(prev, row);
  }
  return prev[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  // Distances in half steps: a typo costs 2, and a truncated or extended name ("maximum" for
  // "max") 3, so a one-typo match ("max_null_fractoin") beats a mere prefix ("max").
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& c : candidates) {
    std::size_t d = 2 * edit_distance(word, c);
    std::string_view shorter = c.size() < word.size() ? std::string_view(c) : word;
    std::string_view longer = c.size() < word.size() ? word : std::string_view(c);
    if (shorter.size() >= 3 && longer.substr(0, shorter.size()) == shorter)
      d = std::min<std::size_t>(d, 3);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Allow roughly one typo per three characters; beyond that a suggestion is noise.
  std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  return best_distance <= 2 * limit ? best : std::string();
}

std::string format_number(double value, int significant) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", significant, value);
  return buf;
}

std::string quoted(std::string_view s, std::size_t max_len) {
  std::string out = "\"";
  std::size_t n = 0;
  for (unsigned char c : s) {
    if (n++ == max_len) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

std::string one_line(std::string_view text, std::size_t max_len) {
  std::string out;
  for (char c : text.substr(0, max_len)) {
    out += std::iscntrl(static_cast<unsigned char>(c)) ? ' ' : c;
  }
  if (text.size() > max_len) out += "...";
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string digit_groups(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string shorten(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0, cut = s.size();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";  // ellipsis
  }
  return std::string(s);
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace mlops
