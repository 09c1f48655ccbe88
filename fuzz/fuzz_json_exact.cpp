// The exact-number JSON reader on arbitrary text. It must accept exactly what Boost.JSON's own
// parser accepts, except a repeated key within one object (which Boost keeps the last of and
// the exact reader refuses), and build the same document, its numbers read exactly where
// Boost's may be an ulp off; and what it reads must survive a round trip through the
// project's writer (json/write.h).
#include <algorithm>
#include <bit>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "json/parse.h"
#include "json/write.h"

namespace {

namespace json = boost::json;

constexpr std::string_view kName = "fuzz.json";

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

// Boost.JSON 1.81 reads some doubles an ulp off (the reason parse_json_exact exists), so its
// numbers may differ from the exact ones by that much and no more; an infinity counts as one
// ulp past the largest double, which Boost gives for 1.7976931348623158e308. It also reads a
// zero with an exponent past 308 ("0e309") as NaN, 0 times an infinite power of ten, where the
// exact reader rightly gives 0. JSON has no NaN, so the exact reader must never give one.
bool near(double exact, double boost) {
  if (std::isnan(exact)) return false;
  if (exact == boost || (exact == 0 && std::isnan(boost))) return true;
  if (std::isnan(boost) || std::signbit(exact) != std::signbit(boost)) return false;
  auto bits = [](double x) { return std::bit_cast<std::int64_t>(std::abs(x)); };
  return std::abs(bits(exact) - bits(boost)) <= 2;
}

// The path of the first difference between the two readers' documents, or "".
std::string difference(const json::value& exact, const json::value& boost, const std::string& at) {
  const std::string where = at.empty() ? "(document)" : at;
  if (exact.kind() != boost.kind()) return where + ": kinds differ";
  switch (exact.kind()) {
    case json::kind::double_:
      return near(exact.get_double(), boost.get_double()) ? "" : where + ": numbers differ";
    case json::kind::array: {
      const json::array &a = exact.get_array(), &b = boost.get_array();
      if (a.size() != b.size()) return where + ": array sizes differ";
      for (std::size_t i = 0; i < a.size(); ++i) {
        std::string d = difference(a[i], b[i], at + "[" + std::to_string(i) + "]");
        if (!d.empty()) return d;
      }
      return "";
    }
    case json::kind::object: {
      const json::object &a = exact.get_object(), &b = boost.get_object();
      if (a.size() != b.size()) return where + ": object sizes differ";
      auto it = b.begin();
      for (const auto& [key, value] : a) {
        if (key != it->key()) return where + ": keys differ";
        std::string d = difference(value, it->value(), at + "." + std::string(key));
        if (!d.empty()) return d;
        ++it;
      }
      return "";
    }
    default:
      return exact == boost ? "" : where + ": values differ";
  }
}

// Counts the members of every object as parsed, before any deduplication: more members than
// Boost's document holds means a key repeated within an object.
struct MemberCounter {
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  std::size_t members = 0;
  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t, json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t n, json::error_code&) {
    members += n;
    return true;
  }
  bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_string(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_key(json::string_view, std::size_t, json::error_code&) { return true; }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t, json::string_view, json::error_code&) { return true; }
  bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return true; }
  bool on_double(double, json::string_view, json::error_code&) { return true; }
  bool on_bool(bool, json::error_code&) { return true; }
  bool on_null(json::error_code&) { return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

std::size_t members_kept(const json::value& v) {
  std::size_t n = 0;
  if (v.is_array()) {
    for (const json::value& item : v.get_array()) n += members_kept(item);
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) n += 1 + members_kept(kv.value());
  }
  return n;
}

bool has_duplicate_key(const std::string& text, const json::value& boost) {
  json::basic_parser<MemberCounter> counter(json::parse_options{});
  json::error_code ec;
  counter.write_some(false, text.data(), text.size(), ec);
  return !ec && counter.handler().members > members_kept(boost);
}

json::value parse_exact(std::string_view text, std::string_view what) {
  try {
    return mlops::json::parse_json_exact(text, std::string(kName));
  } catch (const mlops::Error& e) {
    if (e.code() != mlops::ExitCode::kCannotEvaluate || !e.message().starts_with(kName)) {
      finding(std::string(what) +
              " refused without an input error naming the file: " + e.message());
    }
    throw;
  }
}

// A lone number must be read as std::from_chars reads it (when that is in range).
void check_lone_number(const std::string& text, const json::value& exact) {
  if (!exact.is_double()) return;
  const std::size_t b = text.find_first_not_of(" \t\r\n");
  const std::size_t e = text.find_last_not_of(" \t\r\n");
  double expected = 0;
  auto [end, err] = std::from_chars(text.data() + b, text.data() + e + 1, expected);
  if (err == std::errc() && end == text.data() + e + 1 &&
      std::bit_cast<std::uint64_t>(expected) != std::bit_cast<std::uint64_t>(exact.get_double())) {
    finding("the number " + text.substr(b, e - b + 1) + " was not read exactly");
  }
}

// Whether every number is finite. A literal out of double's range (1e999) reads as an
// infinity, as json/parse.cpp documents, which JSON cannot hold: such documents cannot
// round-trip (the project's writer refuses infinities; the tools turn them into null first).
bool all_finite(const json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (v.is_array()) {
    return std::all_of(v.get_array().begin(), v.get_array().end(), all_finite);
  }
  if (v.is_object()) {
    return std::all_of(v.get_object().begin(), v.get_object().end(),
                       [](const json::key_value_pair& kv) { return all_finite(kv.value()); });
  }
  return true;
}

// What the project's writer writes must read back and be written as the same text.
void check_round_trip(const json::value& exact) {
  if (!all_finite(exact)) return;
  const std::string first = mlops::json::serialize(exact);
  json::value again;
  try {
    again = parse_exact(first, "serialized JSON");
  } catch (const mlops::Error& e) {
    finding("what json::serialize wrote is refused: " + e.message());
  }
  if (const std::string second = mlops::json::serialize(again); second != first) {
    finding("the serialization changed in a round trip:\n  " + first.substr(0, 200) + "\n  " +
            second.substr(0, 200));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = mlops::fuzz::text(data, size);
  return mlops::fuzz::run_one([&] {
    json::error_code ec;
    const json::value boost = json::parse(text, ec);
    json::value exact;
    try {
      exact = parse_exact(text, "the text");
    } catch (const mlops::Error& e) {
      const bool duplicate = e.message().find(": duplicate key ") != std::string::npos;
      // Text that also has a later syntax error is refused by both, for different reasons.
      if (duplicate && !ec && !has_duplicate_key(text, boost)) {
        finding("parse_json_exact refuses a duplicate key where there is none: " + e.message());
      }
      if (!ec && !duplicate) {
        finding("Boost.JSON accepts what parse_json_exact refuses: " + e.message());
      }
      return;
    }
    if (ec) finding("parse_json_exact accepts what Boost.JSON refuses: " + ec.message());
    if (has_duplicate_key(text, boost)) finding("parse_json_exact accepts a duplicate key");
    if (std::string d = difference(exact, boost, ""); !d.empty()) {
      finding("parse_json_exact and Boost.JSON read different documents at " + d);
    }
    check_lone_number(text, exact);
    check_round_trip(exact);
  });
}
