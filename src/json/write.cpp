#include "json/write.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace mlops::json {
namespace {

namespace bj = boost::json;

template <typename Int>
void append_integer(std::string& out, Int value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void write(std::string& out, const bj::value& v, int depth, bool indent);

void newline(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write_object(std::string& out, const bj::object& o, int depth, bool indent) {
  if (o.empty()) {
    out += "{}";
    return;
  }
  out += '{';
  bool first = true;
  for (const auto& kv : o) {
    if (!first) out += ',';
    first = false;
    if (indent) newline(out, depth + 1);
    append_string(out, kv.key());
    out += indent ? ": " : ":";
    write(out, kv.value(), depth + 1, indent);
  }
  if (indent) newline(out, depth);
  out += '}';
}

void write_array(std::string& out, const bj::array& a, int depth, bool indent) {
  if (a.empty()) {
    out += "[]";
    return;
  }
  out += '[';
  bool first = true;
  for (const bj::value& item : a) {
    if (!first) out += ',';
    first = false;
    if (indent) newline(out, depth + 1);
    write(out, item, depth + 1, indent);
  }
  if (indent) newline(out, depth);
  out += ']';
}

void write(std::string& out, const bj::value& v, int depth, bool indent) {
  switch (v.kind()) {
    case bj::kind::object:
      write_object(out, v.get_object(), depth, indent);
      break;
    case bj::kind::array:
      write_array(out, v.get_array(), depth, indent);
      break;
    case bj::kind::string:
      append_string(out, v.get_string());
      break;
    case bj::kind::int64:
      append_integer(out, v.get_int64());
      break;
    case bj::kind::uint64:
      append_integer(out, v.get_uint64());
      break;
    case bj::kind::double_:
      append_number(out, v.get_double());
      break;
    case bj::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case bj::kind::null:
      out += "null";
      break;
  }
}

}  // namespace

void append_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    throw std::logic_error(std::string("a JSON number cannot be ") +
                           (std::isnan(value) ? "NaN" : "infinite") +
                           " (the value should have been refused or written as null)");
  }
  if (value == 0) {
    out += std::signbit(value) ? "-0.0" : "0";  // "-0" would read back as the integer 0
    return;
  }
  // The shortest digits that read back exactly, from std::to_chars in scientific form
  // ("-d.ddde+XX"); then laid out as ECMAScript's Number::toString lays them out, in a local
  // buffer appended once (at most "-0.00000" + 17 digits, or 17 digits + 4 zeros).
  char sci[32];
  const char* end = std::to_chars(sci, sci + sizeof sci, value, std::chars_format::scientific).ptr;
  char text[40];
  char* w = text;
  const char* p = sci;
  if (*p == '-') *w++ = *p++;
  char digits[20] = {};
  int k = 0;  // how many significant digits
  for (; *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  const bool negative_exponent = p[1] == '-';
  int exponent = 0;
  for (p += 2; p < end; ++p) exponent = exponent * 10 + (*p - '0');
  if (negative_exponent) exponent = -exponent;
  const int n = exponent + 1;  // the value is 0.digits x 10^n
  if (k <= n && n <= 21) {
    w = std::copy(digits, digits + k, w);
    w = std::fill_n(w, n - k, '0');
  } else if (0 < n && n <= 21) {
    w = std::copy(digits, digits + n, w);
    *w++ = '.';
    w = std::copy(digits + n, digits + k, w);
  } else if (-6 < n && n <= 0) {
    *w++ = '0';
    *w++ = '.';
    w = std::fill_n(w, -n, '0');
    w = std::copy(digits, digits + k, w);
  } else {
    *w++ = digits[0];
    if (k > 1) {
      *w++ = '.';
      w = std::copy(digits + 1, digits + k, w);
    }
    *w++ = 'e';
    *w++ = n - 1 < 0 ? '-' : '+';
    w = std::to_chars(w, text + sizeof text, n - 1 < 0 ? 1 - n : n - 1).ptr;
  }
  out.append(text, w);
}

std::string number(double value) {
  std::string out;
  append_number(out, value);
  return out;
}

void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + from, i - from);
    from = i + 1;
    out += '\\';
    switch (c) {
      case '"':
      case '\\':
        out += static_cast<char>(c);
        break;
      case '\b':
        out += 'b';
        break;
      case '\t':
        out += 't';
        break;
      case '\n':
        out += 'n';
        break;
      case '\f':
        out += 'f';
        break;
      case '\r':
        out += 'r';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(text.data() + from, text.size() - from);
  out += '"';
}

std::string serialize(const boost::json::value& value) {
  std::string out;
  write(out, value, 0, false);
  return out;
}

std::string pretty(const boost::json::value& value) {
  std::string out;
  write(out, value, 0, true);
  out += '\n';
  return out;
}

}  // namespace mlops::json
