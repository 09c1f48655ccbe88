#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/exit_code.h"

namespace mlops::config {

// Parses YAML text strictly: a syntax error, a second document or a key repeated in one
// mapping is an Error of kind `code` naming "<name>:<line>:<column>" (kUsage for
// configuration files, kCannotEvaluate for data such as metrics files).
YAML::Node parse_yaml(const std::string& text, const std::string& name, ExitCode code);

// True when `text` reads as a number that is not finite: NaN or infinity in YAML's (.nan,
// -.inf) or C's spelling (nan, inf, infinity, any case, signed), or a number out of the range
// of a double (1e400). For settings read as text first (a contract bound that may be a date).
bool non_finite_text(std::string_view text);

// A YAML node that knows which file it came from and its path in the document, so every
// error can say "<file>:<line>:<column>: <what> for '<path>', <what to do>" (a usage Error,
// exit 2). Typed accessors are strict: a quoted "10" is not a number, "yes" is not a boolean.
class Node {
 public:
  Node(const Node& other) = default;
  // Rebinds (yaml-cpp's own assignment would overwrite the referenced document node).
  Node& operator=(const Node& other);

  // Parses a file or a string strictly (parse_yaml); errors are usage Errors naming the file,
  // line and column.
  static Node load_file(const std::string& path);
  static Node load_string(const std::string& text, const std::string& name);

  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  // "file:line:column" of this node (1-based), or of the nearest enclosing node when absent.
  std::string location() const;
  // Dotted path from the document root, e.g. "columns.age.min" or "rules[2]".
  const std::string& path() const { return path_; }
  [[noreturn]] void fail(const std::string& what, const std::string& hint = {}) const;
  // fail() at the character `offset` bytes into this scalar's text (an expression's error),
  // when the scalar is on one line; else at the scalar.
  [[noreturn]] void fail_at(std::size_t offset, const std::string& what,
                            const std::string& hint = {}) const;

  // Map access. get() returns an undefined node for a missing key; require() fails instead.
  Node get(std::string_view key) const;
  Node require(std::string_view key) const;
  // Rejects any key not listed, suggesting the nearest listed one.
  void allow_keys(std::initializer_list<std::string_view> keys) const;
  void allow_keys(const std::vector<std::string>& keys) const;
  // Entries of a map (key text and value) in document order; fails when not a map.
  std::vector<std::pair<std::string, Node>> entries() const;
  // Items of a sequence; fails when not a sequence.
  std::vector<Node> items() const;

  std::string as_string() const;
  // A finite number: NaN, infinity (nan, .inf, -.inf) and overflow (1e400) are refused.
  double as_number() const;
  std::int64_t as_integer() const;
  bool as_bool() const;
  // A list of strings: a sequence of scalars, or a single scalar.
  std::vector<std::string> as_string_list() const;

  template <typename T>
  T value_or(T fallback) const;

 private:
  Node(const YAML::Node& node, std::shared_ptr<const std::string> file, std::string path,
       YAML::Mark parent_mark);
  Node child(const YAML::Node& node, std::string path) const;
  std::string describe() const;  // what was found, for "expected X, found Y"
  bool plain() const;            // an unquoted scalar

  YAML::Node node_;
  std::shared_ptr<const std::string> file_;
  std::string path_;
  YAML::Mark parent_mark_;
};

template <>
inline double Node::value_or(double fallback) const {
  return defined() ? as_number() : fallback;
}
template <>
inline std::int64_t Node::value_or(std::int64_t fallback) const {
  return defined() ? as_integer() : fallback;
}
template <>
inline bool Node::value_or(bool fallback) const {
  return defined() ? as_bool() : fallback;
}
template <>
inline std::string Node::value_or(std::string fallback) const {
  return defined() ? as_string() : std::move(fallback);
}

}  // namespace mlops::config
