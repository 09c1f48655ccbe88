#include "config/node.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
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

// Walks the parser's events (aliases are not expanded, so this is linear in the text) to
// find what yaml-cpp's loader would silently accept: a second document, and a key repeated
// in one mapping (the loader keeps one of the two values).
class StrictChecker : public YAML::EventHandler {
 public:
  StrictChecker(const std::string& name, ExitCode code) : name_(name), code_(code) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) {
      throw Error(code_, mark_text(name_, mark) + ": a second YAML document starts here",
                  "the file must hold exactly one document: remove the '---' line and what "
                  "follows, or merge the documents");
    }
  }
  void OnDocumentEnd() override {}
  // A null key ("~", "null" or nothing) compares with other null keys, never with text.
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { leaf(mark, "null", '~'); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { leaf({}, {}, '*'); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    leaf(mark, value, '=');
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    bool map = false;
    bool expect_key = true;  // maps: the next node is a key
    std::string path;        // dotted path of this container, as Node::path() gives it
    std::string key;         // maps: the current key; empty for a complex key
    std::size_t index = 0;   // sequences: the current item
    std::map<std::string, YAML::Mark> keys;
  };

  // The path of the node that starts now inside the top frame.
  std::string child_path() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    if (!f.map) return f.path + "[" + std::to_string(f.index) + "]";
    return f.path.empty() ? f.key : f.path + "." + f.key;
  }

  bool at_key() const { return !stack_.empty() && stack_.back().map && stack_.back().expect_key; }

  // A scalar ('='), null ('~') or alias ('*', whose text is unknown here) ends.
  void leaf(const YAML::Mark& mark, const std::string& text, char kind) {
    if (at_key()) {
      Frame& f = stack_.back();
      f.key = text;
      if (kind != '*') {
        auto [it, fresh] = f.keys.emplace(kind + text, mark);
        if (!fresh) {
          std::string where = f.path.empty() ? "at the top level" : "in '" + f.path + "'";
          throw Error(code_,
                      mark_text(name_, mark) + ": duplicate key '" + f.key + "' " + where +
                          " (first at line " + std::to_string(it->second.line + 1) + ", column " +
                          std::to_string(it->second.column + 1) + ")",
                      "remove one of them: YAML would silently keep only one value");
        }
      }
    }
    done();
  }

  void open(bool map) {
    Frame f;
    f.map = map;
    f.path = at_key() ? stack_.back().path : child_path();
    if (at_key()) stack_.back().key.clear();  // a complex key is never looked up by name
    stack_.push_back(std::move(f));
  }

  void close() {
    stack_.pop_back();
    done();
  }

  // A node inside the top frame is complete.
  void done() {
    if (stack_.empty()) return;
    Frame& f = stack_.back();
    if (f.map) {
      f.expect_key = !f.expect_key;
    } else {
      ++f.index;
    }
  }

  const std::string& name_;
  ExitCode code_;
  int documents_ = 0;
  std::vector<Frame> stack_;
};

bool non_finite_word(std::string_view text) {
  std::string s(text);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.erase(0, 1);
  return s == ".nan" || s == ".inf" || s == "nan" || s == "inf" || s == "infinity";
}

}  // namespace

bool non_finite_text(std::string_view text) {
  if (non_finite_word(text)) return true;
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ptr != text.data() + text.size()) return false;
  return ec == std::errc::result_out_of_range || (ec == std::errc() && !std::isfinite(v));
}

YAML::Node parse_yaml(const std::string& text, const std::string& name, ExitCode code) {
  try {
    std::stringstream in(text);
    YAML::Parser parser(in);
    StrictChecker checker(name, code);
    while (parser.HandleNextDocument(checker)) {
    }
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw Error(code, mark_text(name, e.mark) + ": invalid YAML: " + e.msg,
                "fix the syntax at that line and column");
  }
}

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
  YAML::Node root = parse_yaml(text, name, ExitCode::kUsage);
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

void Node::fail_at(std::size_t offset, const std::string& what, const std::string& hint) const {
  YAML::Mark mark = node_.IsDefined() ? node_.Mark() : parent_mark_;
  if (node_.IsScalar() && !mark.is_null() && node_.Scalar().find('\n') == std::string::npos &&
      offset <= node_.Scalar().size()) {
    // A quoted scalar's text starts after its quote.
    mark.column += static_cast<int>(offset) + (plain() ? 0 : 1);
  }
  std::string subject = path_.empty() ? "" : " for '" + path_ + "'";
  throw usage_error(mark_text(*file_, mark) + ": " + what + subject, hint);
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
    const bool whole = ptr == s.data() + s.size() && !s.empty();
    if (whole && ec == std::errc() && std::isfinite(v)) return v;
    // Every comparison with NaN is false and an infinite bound holds for every value: either
    // would make a check that checks nothing.
    if ((whole && ec == std::errc()) || non_finite_word(s)) {
      fail("expected a finite number, found " + describe(),
           "NaN and infinity are not allowed in a configuration");
    }
    if (whole && ec == std::errc::result_out_of_range) {
      fail("the number " + describe() + " is out of the range of a double",
           "write a finite number between -1.7e308 and 1.7e308");
    }
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
