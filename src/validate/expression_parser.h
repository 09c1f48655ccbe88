#pragma once

// Internal to the expression parser (expression_parse.cpp, expression_types.cpp).

#include <string>
#include <vector>

#include "validate/expression.h"

namespace mlops::validate {

// Deep nesting would overflow the stack of the recursive parser and evaluator.
constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 512;

enum class Tok { kEnd, kNumber, kString, kName, kOp, kLParen, kRParen, kComma };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  std::size_t offset = 0;
  bool quoted_name = false;  // `name in backticks`: never a keyword or function
};

// Splits an expression into tokens; throws ExprError at a character that starts none.
std::vector<Token> lex(std::string_view s);

class ExprParser {
 public:
  ExprParser(std::string_view text, const Expression::Resolver& resolve)
      : tokens_(lex(text)), resolve_(resolve) {}

  Expression run() {
    const std::size_t root = parse_or();
    if (peek().kind != Tok::kEnd) {
      fail(peek(), "unexpected " + quoted(peek().text) + " after a complete expression",
           "join conditions with and / or");
    }
    e_.root_ = root;
    return std::move(e_);
  }

 private:
  using Node = Expression::Node;

  const Token& peek() const { return tokens_[pos_]; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool take_if(std::string_view op) {
    if (peek().kind == Tok::kOp && peek().text == op) return take(), true;
    return false;
  }
  [[noreturn]] static void fail(const Token& t, std::string what, std::string hint = {}) {
    throw ExprError{t.offset, std::move(what), std::move(hint), true};
  }
  [[noreturn]] void fail_at(std::size_t node, std::string what, std::string hint = {}) const {
    throw ExprError{e_.nodes_[node].offset, std::move(what), std::move(hint), false};
  }

  std::size_t add(Node n) {
    if (e_.nodes_.size() >= kMaxNodes) fail(peek(), "the expression is too long", "split the rule");
    e_.nodes_.push_back(std::move(n));
    return e_.nodes_.size() - 1;
  }
  Node& at(std::size_t i) { return e_.nodes_[i]; }
  ExprType type(std::size_t i) const { return e_.nodes_[i].type; }

  std::size_t parse_or();
  std::size_t parse_and();
  std::size_t parse_not();
  std::size_t parse_compare();
  std::size_t parse_sum();
  std::size_t parse_product();
  std::size_t parse_unary();
  std::size_t parse_primary();
  std::size_t parse_call(const Token& name);
  std::size_t parse_name(const Token& name);
  std::size_t parse_number(const Token& t);

  std::size_t logical(ExprKind kind, std::size_t a, std::size_t b, std::size_t offset);
  std::size_t arithmetic(const std::string& op, std::size_t a, std::size_t b, std::size_t offset);
  std::size_t compare(CmpOp op, std::size_t a, std::size_t b, std::size_t offset);
  void expect_bool(std::size_t node, std::string_view where) const;
  void expect_number(std::size_t node, std::string_view where) const;
  void coerce(std::size_t literal, std::size_t other);
  std::size_t to_seconds(std::size_t node);

  struct Depth {
    explicit Depth(ExprParser& p) : p_(p) {
      if (++p_.depth_ > kMaxDepth) fail(p_.peek(), "the expression is nested too deeply");
    }
    ~Depth() { --p_.depth_; }
    Depth(const Depth&) = delete;
    Depth& operator=(const Depth&) = delete;
    ExprParser& p_;
  };

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  const Expression::Resolver& resolve_;
  Expression e_;
};

}  // namespace mlops::validate
