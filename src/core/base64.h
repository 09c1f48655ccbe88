#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlops {

// RFC 4648 base64: DSSE envelopes (payload, signatures) and HTTP Basic credentials.
enum class Base64Alphabet {
  kStandard,  // section 4: A-Z a-z 0-9 + /, padding required
  kUrlSafe,   // section 5: A-Z a-z 0-9 - _, padding optional (many encoders omit it)
};

// Standard alphabet with padding.
std::string base64_encode(std::string_view bytes);

// Strict decoding: no whitespace, no characters outside the alphabet, padding only at the end
// and of the right length, and unused bits of the last character zero, so every byte string has
// exactly one accepted encoding. Anything else is an input Error (exit 3) naming `what` and the
// offset of the first bad character.
std::string base64_decode(std::string_view text, std::string_view what = "base64 text",
                          Base64Alphabet alphabet = Base64Alphabet::kStandard);

// Lenient decoding, as Docker reads the "auth" of config.json: standard alphabet, padding
// optional, trailing bits ignored; nullopt for a character outside the alphabet or a length no
// encoding has.
std::optional<std::string> base64_decode_lenient(std::string_view text);

}  // namespace mlops
