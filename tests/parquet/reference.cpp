#include "parquet/reference.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "io/utf8.h"

namespace mlops::io::testing {

std::string parquet_path(const std::string& name) { return data_path("parquet/" + name); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

boost::json::value load_json(const std::string& path) { return boost::json::parse(slurp(path)); }

Compare compare_for_duckdb_type(std::string_view type) {
  if (type == "FLOAT") return Compare::kFloat;
  if (type == "DOUBLE") return Compare::kDouble;
  if (type == "BLOB") return Compare::kHex;
  return Compare::kText;
}

std::string hex(std::string_view bytes) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  }
  return out;
}

namespace {

template <typename Float, typename Bits>
bool same_float(Float a, Float b) {
  return (std::isnan(a) && std::isnan(b)) || std::bit_cast<Bits>(a) == std::bit_cast<Bits>(b);
}

// What the reader shows for binary whose bytes are `hex`: the bytes when they are UTF-8, else
// DuckDB's cast of a BLOB to VARCHAR (DuckDB 1.5.6: from_hex('5c22270a41207e7f')::VARCHAR is
// \x5C\x22\x27\x0AA ~\x7F; printable ASCII but \ " ' as itself, any other byte as \xNN).
std::string shown_binary(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  if (Utf8Validator().feed(bytes.data(), bytes.size()) == bytes.size()) return bytes;
  std::string shown;
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0x20 && b < 0x7F && ch != '\\' && ch != '"' && ch != '\'') {
      shown += ch;
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", b);
      shown += buf;
    }
  }
  return shown;
}

}  // namespace

::testing::AssertionResult same(Compare how, const std::string& expected,
                                const std::string& actual) {
  bool ok = false;
  switch (how) {
    case Compare::kText:
      ok = expected == actual;
      break;
    case Compare::kHex:
      ok = shown_binary(expected) == actual;
      break;
    case Compare::kFloat:
      ok = same_float<float, std::uint32_t>(std::strtof(expected.c_str(), nullptr),
                                            std::strtof(actual.c_str(), nullptr));
      break;
    case Compare::kDouble:
      ok = same_float<double, std::uint64_t>(std::strtod(expected.c_str(), nullptr),
                                             std::strtod(actual.c_str(), nullptr));
      break;
  }
  if (ok) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "DuckDB: \"" << expected << "\", read: \"" << actual << "\"";
}

void expect_values(const Table& table, const boost::json::array& values,
                   const std::vector<Compare>& how, const std::string& what) {
  ASSERT_EQ(table.rows.size(), values.size()) << what;
  for (std::size_t r = 0; r < values.size(); ++r) {
    const auto& expected = values[r].as_array();
    ASSERT_EQ(table.rows[r].size(), expected.size()) << what;
    for (std::size_t c = 0; c < expected.size(); ++c) {
      const auto& got = table.rows[r][c];
      const std::string where = what + " row " + std::to_string(r) + " column " + table.columns[c];
      if (expected[c].is_null()) {
        EXPECT_FALSE(got.has_value()) << where << ": expected null, read \"" << *got << "\"";
      } else if (!got.has_value()) {
        ADD_FAILURE() << where << ": read null, expected " << expected[c];
      } else {
        EXPECT_TRUE(same(how[c], std::string(expected[c].as_string()), *got)) << where;
      }
    }
  }
}

const boost::json::object& duckdb_reading(const boost::json::value& reads,
                                          const std::string& name) {
  const auto& entry = reads.at("files").at(name).as_object();
  if (const auto* other = entry.if_contains("same_as")) {
    return duckdb_reading(reads, std::string(other->as_string()));
  }
  return entry;
}

void expect_as_duckdb_reads(const Table& t, const boost::json::object& reading,
                            const std::string& name) {
  ASSERT_FALSE(reading.contains("error")) << name << ": DuckDB could not read it";
  std::vector<std::string> columns;
  std::vector<Compare> how;
  for (const auto& c : reading.at("columns").as_array()) columns.emplace_back(c.as_string());
  for (const auto& type : reading.at("types").as_array()) {
    how.push_back(compare_for_duckdb_type(type.as_string()));
  }
  EXPECT_EQ(t.columns, columns) << name;
  expect_values(t, reading.at("values").as_array(), how, name);
}

}  // namespace mlops::io::testing
