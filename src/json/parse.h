#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mlops::json {

// Parses JSON text with every number converted exactly (std::from_chars, correctly rounded).
// Boost.JSON 1.81's own parser converts some 17-digit decimals one unit in the last place off,
// so a profile or report written with full precision would not read back as the same doubles.
// A key repeated within one object is refused too: Boost.JSON keeps the last value, other
// readers the first, so such a document means different things to different readers; that
// holds for files (metrics, profiles, the GitHub event) and server answers (MLflow,
// Prometheus) alike.
// Throws an input Error (exit 3) naming `name`, the line and column, and what is wrong (for a
// repeated key, "duplicate key \"k\"" at the key's opening quote).
boost::json::value parse_json_exact(std::string_view text, const std::string& name);

// Where and why ExactParser stopped: `offset` is the byte in the text (for a repeated key, its
// opening quote); `why` is Boost's message, "unexpected text after the value", or
// "duplicate key \"k\" (JSON readers disagree on which value counts)".
struct ParseFailure {
  enum class Kind { kSyntax, kTrailingText, kDuplicateKey };
  Kind kind = Kind::kSyntax;
  std::size_t offset = 0;
  std::string why;
};

// The parser of parse_json_exact, kept for many small documents (the records of a JSON Lines
// file) so that its buffers are reused: numbers exact, a key repeated within one object refused.
class ExactParser {
 public:
  ExactParser();
  ~ExactParser();
  ExactParser(const ExactParser&) = delete;
  ExactParser& operator=(const ExactParser&) = delete;

  // Parses `text` as one complete JSON value into `out`; nullopt when it did, else where and
  // why it stopped (`out` is then unspecified).
  std::optional<ParseFailure> parse(std::string_view text, boost::json::value& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What a JSON value is, for "expected X, found Y" messages: "a number", "a string", "an object",
// "an array", "a boolean" or "null".
const char* json_kind(const boost::json::value& value);

// A JSON number as a double: a double as it is, an int64 or uint64 converted (to the nearest
// double past 2^53); nullopt for a string, a boolean, null, an object or an array. Not checked
// for finiteness: a literal past double's range (1e400) parses as an infinity, which each
// caller refuses in its own words.
std::optional<double> to_double(const boost::json::value& value);

// Typed access to the fields of a server's parsed answer, for the clients of Prometheus and
// MLflow. Every failure is an input Error (exit 3) "malformed response from <source>:
// expected ... (<where>)" with `hint`, naming the field by its path ("data.result[0].metric").
struct JsonFields {
  std::string source;  // "Prometheus", "MLflow runs/get"
  std::string where;   // the request, e.g. "GET <redacted URL>"
  std::string hint;

  [[noreturn]] void malformed(const std::string& expected) const;
  const boost::json::value* find(const boost::json::object& parent, std::string_view key) const;
  const boost::json::value& need(const boost::json::object& parent, std::string_view key,
                                 const std::string& path) const;
  const boost::json::object& object(const boost::json::value& v, const std::string& path) const;
  const boost::json::array& array(const boost::json::value& v, const std::string& path) const;
  std::string string(const boost::json::value& v, const std::string& path) const;
};

}  // namespace mlops::json
