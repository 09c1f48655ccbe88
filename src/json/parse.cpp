#include "json/parse.h"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <charconv>
#include <optional>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/text.h"

namespace mlops::json {
namespace {

namespace bj = boost::json;

// Builds values like Boost's own parser does (a value_stack), except that doubles are taken
// from their text. Integers keep Boost's conversion, which is exact.
class ExactHandler {
 public:
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  bj::value_stack stack;
  std::optional<std::string> duplicate;  // set when a key repeats within one object ("" too)

  // Ready for the next document, whatever state the last one was left in.
  void reset() {
    stack.reset();
    duplicate.reset();
    number_.clear();
    key_.clear();
    depth_ = 0;
  }

  bool on_document_begin(bj::error_code&) { return true; }
  bool on_document_end(bj::error_code&) { return true; }
  bool on_array_begin(bj::error_code&) { return true; }
  bool on_array_end(std::size_t n, bj::error_code&) {
    stack.push_array(n);
    return true;
  }
  bool on_object_begin(bj::error_code&) {
    if (depth_ == keys_.size()) keys_.emplace_back();
    keys_[depth_++].clear();
    return true;
  }
  bool on_object_end(std::size_t n, bj::error_code&) {
    --depth_;
    stack.push_object(n);
    return true;
  }
  bool on_string_part(bj::string_view s, std::size_t, bj::error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_string(bj::string_view s, std::size_t, bj::error_code&) {
    stack.push_string(s);
    return true;
  }
  bool on_key_part(bj::string_view s, std::size_t, bj::error_code&) {
    key_.append(s.data(), s.size());
    stack.push_chars(s);
    return true;
  }
  bool on_key(bj::string_view s, std::size_t, bj::error_code& ec) {
    key_.append(s.data(), s.size());
    if (!keys_[depth_ - 1].insert(key_).second) {
      duplicate = std::move(key_);
      ec = bj::error::syntax;  // stops the parser; `duplicate` says why
      return false;
    }
    key_.clear();
    stack.push_key(s);
    return true;
  }
  bool on_number_part(bj::string_view s, bj::error_code&) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, bj::string_view, bj::error_code&) {
    number_.clear();
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, bj::string_view, bj::error_code&) {
    number_.clear();
    stack.push_uint64(u);
    return true;
  }
  bool on_double(double d, bj::string_view s, bj::error_code&) {
    number_.append(s.data(), s.size());
    double exact = 0;
    auto [end, ec] = std::from_chars(number_.data(), number_.data() + number_.size(), exact);
    // Out of range (1e999): keep Boost's answer (inf or 0), as its own parser would.
    stack.push_double(ec == std::errc() && end == number_.data() + number_.size() ? exact : d);
    number_.clear();
    return true;
  }
  bool on_bool(bool b, bj::error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(bj::error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(bj::string_view, bj::error_code&) { return true; }
  bool on_comment(bj::string_view, bj::error_code&) { return true; }

 private:
  std::string number_;
  std::string key_;                                    // the key being read, from its parts
  std::vector<std::unordered_set<std::string>> keys_;  // keys seen, per open object
  std::size_t depth_ = 0;                              // open objects
};

// Where the key that ends just before `end` (its closing quote) starts: its opening quote.
std::size_t key_start(std::string_view text, std::size_t end) {
  for (std::size_t i = end; i-- > 0;) {
    if (text[i] != '"') continue;
    std::size_t slashes = 0;
    while (i > slashes && text[i - 1 - slashes] == '\\') ++slashes;
    if (slashes % 2 == 0) return i;
  }
  return end;
}

}  // namespace

struct ExactParser::Impl {
  bj::basic_parser<ExactHandler> parser{bj::parse_options{}};
};

ExactParser::ExactParser() : impl_(std::make_unique<Impl>()) {}
ExactParser::~ExactParser() = default;

std::optional<ParseFailure> ExactParser::parse(std::string_view text, bj::value& out) {
  bj::basic_parser<ExactHandler>& parser = impl_->parser;
  parser.reset();
  parser.handler().reset();
  bj::error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) {
    return ParseFailure{ParseFailure::Kind::kTrailingText, used, "unexpected text after the value"};
  }
  if (ec) {
    const std::optional<std::string>& duplicate = parser.handler().duplicate;
    // The parser stops on a repeated key at its closing quote; point at the key itself.
    if (duplicate) {
      return ParseFailure{ParseFailure::Kind::kDuplicateKey, key_start(text, used),
                          "duplicate key " + quoted(*duplicate) +
                              " (JSON readers disagree on which value "
                              "counts)"};
    }
    return ParseFailure{ParseFailure::Kind::kSyntax, std::min(used, text.size()), ec.message()};
  }
  out = parser.handler().stack.release();
  return std::nullopt;
}

bj::value parse_json_exact(std::string_view text, const std::string& name) {
  ExactParser parser;
  bj::value out;
  const std::optional<ParseFailure> failure = parser.parse(text, out);
  if (!failure) return out;
  // Line and column (1-based) of the byte where the parser stopped.
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < failure->offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  const std::string where = name + ":" + std::to_string(line) + ":" + std::to_string(column);
  if (failure->kind == ParseFailure::Kind::kDuplicateKey) {
    throw input_error(where + ": " + failure->why, "write each key once per object");
  }
  std::string why = failure->why;
  if (failure->kind == ParseFailure::Kind::kTrailingText) {
    const bj::error_code extra = bj::error::extra_data;
    why = extra.message();  // the wording parse_json_exact always had
  }
  throw input_error(where + ": malformed JSON (" + why + ")",
                    "check the file is complete and unedited");
}

const char* json_kind(const bj::value& v) {
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  return v.is_bool() ? "a boolean" : "null";
}

std::optional<double> to_double(const bj::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

void JsonFields::malformed(const std::string& expected) const {
  throw input_error("malformed response from " + source + ": " + expected + " (" + where + ")",
                    hint);
}

const bj::value* JsonFields::find(const bj::object& parent, std::string_view key) const {
  auto it = parent.find(key);
  return it == parent.end() ? nullptr : &it->value();
}

const bj::value& JsonFields::need(const bj::object& parent, std::string_view key,
                                  const std::string& path) const {
  const bj::value* v = find(parent, key);
  if (!v) malformed("expected a field '" + path + "', found none");
  return *v;
}

const bj::object& JsonFields::object(const bj::value& v, const std::string& path) const {
  if (!v.is_object()) malformed("expected '" + path + "' to be an object, found " + json_kind(v));
  return v.get_object();
}

const bj::array& JsonFields::array(const bj::value& v, const std::string& path) const {
  if (!v.is_array()) malformed("expected '" + path + "' to be an array, found " + json_kind(v));
  return v.get_array();
}

std::string JsonFields::string(const bj::value& v, const std::string& path) const {
  if (!v.is_string()) malformed("expected '" + path + "' to be a string, found " + json_kind(v));
  return std::string(v.get_string());
}

}  // namespace mlops::json
