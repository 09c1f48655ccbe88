#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/error_of.h"
#include "core/error.h"
#include "io/open_table.h"

namespace mlops::io::testing {

// A whole table read into memory: nullopt marks a null field.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::uint64_t> lines;
  std::vector<std::uint64_t> offsets;
  Format format = Format::kAuto;
};

inline Table read_all(TableReader& reader) {
  Table t;
  Row row;
  while (reader.next(row)) {
    std::vector<std::optional<std::string>> values;
    for (const Field& f : row.fields) {
      values.push_back(f.null ? std::nullopt : std::optional<std::string>(std::string(f.text)));
    }
    t.rows.push_back(std::move(values));
    t.lines.push_back(row.line);
    t.offsets.push_back(row.offset);
  }
  t.columns = reader.columns();
  t.format = reader.format();
  return t;
}

// Reads `text` as standard input ("-"), so format detection works on content only.
inline Table read_text(const std::string& text, const ReadOptions& options = {}) {
  std::istringstream in(text);
  auto reader = open_table("-", options, in);
  return read_all(*reader);
}

inline Table read_path(const std::string& path, const ReadOptions& options = {}) {
  std::istringstream none;
  auto reader = open_table(path, options, none);
  return read_all(*reader);
}

inline std::string data_path(const std::string& name) {
  return std::string(MLOPS_TEST_DATA) + "/" + name;
}

// A file under the test's temporary directory, removed with the process' temp dir.
inline std::string write_temp(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The bytes of a file (empty when it cannot be read).
inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using mlops::testing::error_of;

inline std::optional<std::string> v(const char* s) { return std::string(s); }
inline const std::optional<std::string> null = std::nullopt;

}  // namespace mlops::io::testing
