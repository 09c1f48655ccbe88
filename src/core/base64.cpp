#include "core/base64.h"

#include <array>
#include <cstdint>

#include "core/error.h"

namespace mlops {
namespace {

constexpr std::string_view kStandard =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Value of each byte in `alphabet`, or -1.
std::array<std::int8_t, 256> decode_table(Base64Alphabet alphabet) {
  std::array<std::int8_t, 256> t{};
  t.fill(-1);
  for (std::size_t i = 0; i < kStandard.size(); ++i) {
    t[static_cast<unsigned char>(kStandard[i])] = static_cast<std::int8_t>(i);
  }
  if (alphabet == Base64Alphabet::kUrlSafe) {
    t['+'] = -1;
    t['/'] = -1;
    t['-'] = 62;
    t['_'] = 63;
  }
  return t;
}

Error bad(std::string_view what, const std::string& why, std::size_t offset) {
  return input_error(
      std::string(what) + " is not valid base64: " + why + " at offset " + std::to_string(offset),
      "the file was damaged or edited; regenerate it");
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto at = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t n = at(i) << 16 | at(i + 1) << 8 | at(i + 2);
    out += kStandard[n >> 18 & 63];
    out += kStandard[n >> 12 & 63];
    out += kStandard[n >> 6 & 63];
    out += kStandard[n & 63];
  }
  std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    std::uint32_t n = at(i) << 16;
    out += kStandard[n >> 18 & 63];
    out += kStandard[n >> 12 & 63];
    out += "==";
  } else if (rest == 2) {
    std::uint32_t n = at(i) << 16 | at(i + 1) << 8;
    out += kStandard[n >> 18 & 63];
    out += kStandard[n >> 12 & 63];
    out += kStandard[n >> 6 & 63];
    out += '=';
  }
  return out;
}

std::string base64_decode(std::string_view text, std::string_view what, Base64Alphabet alphabet) {
  static const auto kStandardTable = decode_table(Base64Alphabet::kStandard);
  static const auto kUrlTable = decode_table(Base64Alphabet::kUrlSafe);
  const auto& table = alphabet == Base64Alphabet::kStandard ? kStandardTable : kUrlTable;

  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  std::string_view body = text.substr(0, text.size() - pad);
  if (pad > 0 || alphabet == Base64Alphabet::kStandard) {
    if (text.size() % 4 != 0) {
      throw bad(what, "length " + std::to_string(text.size()) + " is not a multiple of 4",
                text.size());
    }
  }
  if (body.size() % 4 == 1) throw bad(what, "a lone final character", body.size() - 1);

  std::string out;
  out.reserve(body.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    std::int8_t v = table[static_cast<unsigned char>(body[i])];
    if (v < 0) {
      throw bad(what,
                body[i] == '=' ? "padding before the end" : "a character outside the alphabet", i);
    }
    acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xff);
    }
  }
  // 2 or 4 bits are left over after a partial group; an encoder sets them to zero.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
    throw bad(what, "non-zero bits in the last character", body.size() - 1);
  }
  return out;
}

std::optional<std::string> base64_decode_lenient(std::string_view in) {
  while (!in.empty() && in.back() == '=') in.remove_suffix(1);
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : in) {
    std::uint32_t v = 0;
    if (c >= 'A' && c <= 'Z') {
      v = static_cast<std::uint32_t>(c - 'A');
    } else if (c >= 'a' && c <= 'z') {
      v = static_cast<std::uint32_t>(c - 'a' + 26);
    } else if (c >= '0' && c <= '9') {
      v = static_cast<std::uint32_t>(c - '0' + 52);
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else {
      return std::nullopt;
    }
    bits = (bits << 6) | v;
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  return out;
}

}  // namespace mlops
