#include "config/node.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "crypto/read_ledger.h"

namespace mlops::config {
namespace {

std::string mark_text(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

}  // namespace

Node::Node(const YAML::Node& node, std::shared_ptr<const std::string> file, std::string path,
           YAML::Mark parent_mark)
    : node_(node), file_(std::move(file)), path_(std::move(path)), parent_mark_(parent_mark) {}

Node& Node::operator=(const Node& other) {
  if (this != &other) {
    node_.reset(other.node_);
    file_ = other.file_;
    path_ = other.path_;
    parent_mark_ = other.parent_mark_;
  }
  return *this;
}

Node Node::load_file(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary)) {
    throw usage_error("cannot read the configuration file " + path,
                      "check the path given on the command line");
  }
  // Hashed as it is read: an attestation signs the digest of the config that was applied.
  return load_string(crypto::read_whole_file(path), path);
}

Node Node::load_string(const std::string& text, const std::string& name) {
  auto file = std::make_shared<const std::string>(name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw usage_error(mark_text(name, e.mark) + ": invalid YAML: " + e.msg,
                      "fix the syntax at that line and column");
  }
  YAML::Mark start;
  start.line = 0;
  start.column = 0;
  return Node(root, file, "", start);
}

std::string Node::location() const {
  YAML::Mark mark = node_.IsDefined() ? node_.Mark() : parent_mark_;
  if (mark.is_null()) mark = parent_mark_;
  return mark_text(*file_, mark);
}

void Node::fail(const std::string& what, const std::string& hint) const {
  std::string subject = path_.empty() ? "" : " for '" + path_ + "'";
  throw usage_error(location() + ": " + what + subject, hint);
}

Node Node::child(const YAML::Node& node, std::string path) const {
  YAML::Mark mark = node_.IsDefined() ? node_.Mark() : parent_mark_;
  return Node(node, file_, std::move(path), mark);
}

std::string Node::describe() const {
  if (!node_.IsDefined() || node_.IsNull()) return "nothing";
  if (node_.IsMap()) return "a mapping";
  if (node_.IsSequence()) return "a list";
  return quoted(node_.Scalar());
}

bool Node::plain() const { return node_.IsScalar() && node_.Tag() != "!"; }

Node Node::get(std::string_view key) const {
  std::string sub = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  if (!node_.IsMap()) {
    if (node_.IsDefined() && !node_.IsNull()) fail("expected a mapping, found " + describe());
    return child(YAML::Node(YAML::NodeType::Undefined), sub);
  }
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return child(it->second, sub);
  }
  return child(YAML::Node(YAML::NodeType::Undefined), sub);
}

Node Node::require(std::string_view key) const {
  Node n = get(key);
  if (!n.defined()) {
    std::string where = path_.empty() ? "the document" : "'" + path_ + "'";
    throw usage_error(location() + ": missing required key '" + std::string(key) + "' in " + where,
                      "add it");
  }
  return n;
}

void Node::allow_keys(std::initializer_list<std::string_view> keys) const {
  allow_keys(std::vector<std::string>(keys.begin(), keys.end()));
}

void Node::allow_keys(const std::vector<std::string>& keys) const {
  if (!node_.IsMap()) return;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const std::string key = it->first.Scalar();
    bool known = false;
    for (const auto& k : keys) known = known || k == key;
    if (known) continue;
    std::string where = path_.empty() ? "at the top level" : "in '" + path_ + "'";
    std::string suggestion = nearest(key, keys);
    std::string hint = suggestion.empty() ? "" : "did you mean '" + suggestion + "'? ";
    std::string list;
    for (const auto& k : keys) list += (list.empty() ? "" : ", ") + k;
    throw usage_error(mark_text(*file_, it->first.Mark()) + ": unknown key '" + key + "' " + where,
                      hint + "known keys: " + list);
  }
}

std::vector<std::pair<std::string, Node>> Node::entries() const {
  if (!node_.IsMap()) fail("expected a mapping, found " + describe());
  std::vector<std::pair<std::string, Node>> out;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    std::string key = it->first.Scalar();
    out.emplace_back(key, child(it->second, path_.empty() ? key : path_ + "." + key));
  }
  return out;
}

std::vector<Node> Node::items() const {
  if (!node_.IsSequence()) fail("expected a list, found " + describe());
  std::vector<Node> out;
  for (std::size_t i = 0; i < node_.size(); ++i) {
    out.push_back(child(node_[i], path_ + "[" + std::to_string(i) + "]"));
  }
  return out;
}

std::string Node::as_string() const {
  if (!node_.IsScalar()) fail("expected a string, found " + describe());
  return node_.Scalar();
}

double Node::as_number() const {
  if (plain()) {
    const std::string& s = node_.Scalar();
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty()) return v;
  }
  fail("expected a number, found " + describe());
}

std::int64_t Node::as_integer() const {
  if (plain()) {
    const std::string& s = node_.Scalar();
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && ptr == s.data() + s.size() && !s.empty()) return v;
  }
  fail("expected an integer, found " + describe());
}

bool Node::as_bool() const {
  if (plain()) {
    const std::string& s = node_.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  fail("expected true or false, found " + describe());
}

std::vector<std::string> Node::as_string_list() const {
  if (node_.IsScalar()) return {node_.Scalar()};
  std::vector<std::string> out;
  for (const Node& item : items()) out.push_back(item.as_string());
  return out;
}

}  // namespace mlops::config
