#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.h"
#include "io/parquet/parquet_reader.h"
#include "parquet/reference.h"

// Nested Parquet files (tests/data/parquet/README.md): struct fields read as dotted columns
// with the values DuckDB reads from them; lists and maps listed as columns that are refused,
// naming them, when their values are needed. The files: DuckDB's (duckdb/nested/, written by
// nested.mjs) and Apache parquet-testing's.
namespace mlops::io::testing {
namespace {

std::vector<std::string> strings(const boost::json::array& a) {
  std::vector<std::string> out;
  for (const auto& v : a) out.emplace_back(v.as_string());
  return out;
}

// DuckDB's reading with "Z" after the values of its TIMESTAMP columns: the legacy
// TIMESTAMP_MICROS annotation (without a logical type) is UTC-normalised (LogicalTypes.md,
// "Backward compatibility": isAdjustedToUTC = true), which DuckDB reads as a local timestamp.
boost::json::object with_utc_timestamps(boost::json::object reading) {
  const auto types = strings(reading.at("types").as_array());
  for (auto& row : reading.at("values").as_array()) {
    for (std::size_t c = 0; c < types.size(); ++c) {
      auto& v = row.as_array()[c];
      if (types[c] == "TIMESTAMP" && v.is_string()) v = std::string(v.as_string()) + "Z";
    }
  }
  return reading;
}

TEST(ParquetNestedTest, StructFieldsReadAsDuckDbReadsThem) {
  // DuckDB's structs: nulls at every level of s, deep.x.y.z (four optional fields: a value's
  // definition level is 4) and t, in two row groups; data pages v1 and v2.
  const boost::json::value nested = load_json(parquet_path("duckdb/nested/nested.json"));
  for (const std::string name : {"structs-v1.parquet", "structs-v2.parquet"}) {
    const Table t = read_path(parquet_path("duckdb/nested/" + name));
    expect_as_duckdb_reads(t, duckdb_reading(nested, name), name);
  }
  EXPECT_EQ(read_path(parquet_path("duckdb/nested/structs-v1.parquet")).rows.size(), 3000u);
  // parquet-testing: 216 fields of 36 required structs; an optional struct of an optional int.
  const boost::json::value testing = load_json(parquet_path("testing/duckdb-reads.json"));
  expect_as_duckdb_reads(read_path(parquet_path("testing/nulls.snappy.parquet")),
                         duckdb_reading(testing, "nulls.snappy.parquet"), "nulls.snappy");
  expect_as_duckdb_reads(
      read_path(parquet_path("testing/nested_structs.rust.parquet")),
      with_utc_timestamps(duckdb_reading(testing, "nested_structs.rust.parquet")),
      "nested_structs.rust");
}

struct Mixed {
  std::string file;
  std::vector<std::string> columns;  // from the file's schema, as the format's rules name them
  std::string refused;               // the first column that is not readable
  std::string kind;                  // what it is
};

// Files with lists and maps, and the columns they are read as (by hand, from each schema).
const std::vector<Mixed> kMixed = {
    {"duckdb/nested/lists.parquet",
     {"id", "s.a", "s.b", "l", "m", "sl.k", "sl.tags", "ls", "z"},
     "l",
     "a list"},
    {"testing/nullable.impala.parquet",
     {"id", "int_array", "int_array_Array", "int_map", "int_Map_Array", "nested_struct.A",
      "nested_struct.b", "nested_struct.C.d", "nested_struct.g"},
     "int_array",
     "a list"},
    {"testing/nonnullable.impala.parquet",
     {"ID", "Int_Array", "int_array_array", "Int_Map", "int_map_array", "nested_Struct.a",
      "nested_Struct.B", "nested_Struct.c.D", "nested_Struct.G"},
     "Int_Array",
     "a list"},
    {"testing/repeated_no_annotation.parquet",
     {"id", "phoneNumbers.phone"},
     "phoneNumbers.phone",
     "a repeated field"},
    {"testing/repeated_primitive_no_list.parquet",
     {"Int32_list", "String_list", "group_of_lists.Int32_list_in_group",
      "group_of_lists.String_list_in_group"},
     "Int32_list",
     "a repeated field"},
    {"testing/old_list_structure.parquet", {"a"}, "a", "a list"},
    {"testing/list_columns.parquet", {"int64_list", "utf8_list"}, "int64_list", "a list"},
    {"testing/null_list.parquet", {"emptylist"}, "emptylist", "a list"},
    {"testing/nested_lists.snappy.parquet", {"a", "b"}, "a", "a list"},
    {"testing/nested_maps.snappy.parquet", {"a", "b", "c"}, "a", "a map"},
    {"testing/incorrect_map_schema.parquet", {"my_map"}, "my_map", "a map"},
    {"testing/large_string_map.brotli.parquet", {"arr"}, "arr", "a map"},
    {"testing/datapage_v2.snappy.parquet", {"a", "b", "c", "d", "e"}, "e", "a list"},
    // map_no_value.md: a MAP, a MAP without values, a LIST (DuckDB does not read the file).
    {"testing/map_no_value.parquet", {"my_map", "my_map_no_v", "my_list"}, "my_map", "a map"},
};

TEST(ParquetNestedTest, ListsAndMapsAreColumnsThatAreNotRead) {
  // The columns DuckDB reads one value per row of are the readable ones; those it reads as
  // lists or maps are not.
  const boost::json::value testing = load_json(parquet_path("testing/duckdb-reads.json"));
  const boost::json::value nested = load_json(parquet_path("duckdb/nested/nested.json"));
  for (const Mixed& m : kMixed) {
    SCOPED_TRACE(m.file);
    std::istringstream none;
    auto reader = open_table(parquet_path(m.file), ReadOptions{}, none);
    auto* parquet = dynamic_cast<ParquetReader*>(reader.get());
    ASSERT_NE(parquet, nullptr);
    EXPECT_EQ(parquet->columns(), m.columns);
    std::vector<std::string> readable;
    std::vector<std::string> not_readable;
    for (std::size_t c = 0; c < m.columns.size(); ++c) {
      (parquet->unreadable(c).empty() ? readable : not_readable).push_back(m.columns[c]);
    }
    const std::string name = m.file.substr(m.file.rfind('/') + 1);
    const boost::json::value& reads = m.file.starts_with("testing/") ? testing : nested;
    const auto& reading = duckdb_reading(reads, name);
    if (reading.contains("error")) {
      EXPECT_TRUE(readable.empty());
      continue;
    }
    EXPECT_EQ(readable, strings(reading.at("columns").as_array()));
    std::vector<std::string> duckdb_nested;
    for (const auto& [key, type] : reading.at("nested").as_object()) {
      duckdb_nested.emplace_back(key);
    }
    EXPECT_EQ(not_readable, duckdb_nested);
  }
}

TEST(ParquetNestedTest, AListOrMapIsRefusedNamingItWhenItsValuesAreNeeded) {
  for (const Mixed& m : kMixed) {
    const Error e = error_of([&] { read_path(parquet_path(m.file)); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << m.file;
    const std::string expected =
        parquet_path(m.file) + ": row group 0, column \"" + m.refused + "\": " + m.kind +
        " (any number of values in a row), which is not read (byte offset ";
    EXPECT_EQ(e.message().rfind(expected, 0), 0u) << e.message();
    // At the column's first data page (DuckDB writes 0 in the deprecated file_offset).
    EXPECT_EQ(e.message().find("(byte offset 0)"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("leave this column out of what the tool reads"), std::string::npos)
        << e.message();
  }
}

// The columns of `t` named in `names`, in that order.
Table only(const Table& t, const std::vector<std::string>& names) {
  Table out;
  out.format = t.format;
  std::vector<std::size_t> at;
  for (const auto& n : names) {
    at.push_back(static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), n) -
                                          t.columns.begin()));
    out.columns.push_back(n);
  }
  for (const auto& row : t.rows) {
    auto& kept = out.rows.emplace_back();
    for (std::size_t i : at) kept.push_back(i < row.size() ? row[i] : std::nullopt);
  }
  return out;
}

TEST(ParquetNestedTest, ColumnsBesideListsReadAsDuckDbReadsThemWhenTheListsAreNotWanted) {
  // A tool that does not name a list or map column (ReadOptions::wanted_columns) reads the
  // others, from a path or from stdin.
  const boost::json::value testing = load_json(parquet_path("testing/duckdb-reads.json"));
  const boost::json::value nested = load_json(parquet_path("duckdb/nested/nested.json"));
  int compared = 0;
  for (const Mixed& m : kMixed) {
    SCOPED_TRACE(m.file);
    const std::string name = m.file.substr(m.file.rfind('/') + 1);
    const auto& reading = duckdb_reading(m.file.starts_with("testing/") ? testing : nested, name);
    if (reading.contains("error")) continue;
    const auto readable = strings(reading.at("columns").as_array());
    ReadOptions options;
    options.wanted_columns = only_columns(readable);
    const std::string path = parquet_path(m.file);
    const Table from_path = read_path(path, options);
    const Table from_stdin = read_text(slurp(path), options);
    // Without a column to read, the rows are still counted.
    EXPECT_EQ(from_path.rows.size(), reading.at("rows").to_number<std::size_t>());
    EXPECT_EQ(from_stdin.rows.size(), from_path.rows.size());
    // A tool that reads every column it is given (infer, drift-check) leaves the lists out.
    ReadOptions leave;
    leave.leave_out_unreadable = true;
    const Table left_out = read_text(slurp(path), leave);
    EXPECT_EQ(left_out.rows.size(), from_path.rows.size());
    if (readable.empty()) continue;
    expect_as_duckdb_reads(only(from_path, readable), reading, name);
    expect_as_duckdb_reads(only(from_stdin, readable), reading, name + " on stdin");
    expect_as_duckdb_reads(only(left_out, readable), reading, name + " leaving lists out");
    ++compared;
  }
  EXPECT_EQ(compared, 7);
}

TEST(ParquetNestedTest, LeftOutColumnsHaveNoValuesAndSayWhy) {
  const std::string path = parquet_path("testing/nested_lists.snappy.parquet");
  std::istringstream none;
  ReadOptions leave;
  leave.leave_out_unreadable = true;
  auto reader = open_table(path, leave, none);
  ASSERT_EQ(reader->columns(), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(reader->has_values(0));
  EXPECT_EQ(reader->unreadable(0), "a list (any number of values in a row), which is not read");
  EXPECT_TRUE(reader->has_values(1));
  EXPECT_EQ(reader->unreadable(1), "");
  // Without the option the list is refused when it is read.
  EXPECT_EQ(error_of([&] { read_path(path); }).code(), ExitCode::kCannotEvaluate);
}

TEST(ParquetNestedTest, AFileWithoutRowsNeedsNoValues) {
  const Table t = read_path(parquet_path("duckdb/nested/lists-empty.parquet"));
  EXPECT_EQ(t.columns, (std::vector<std::string>{"id", "l", "s.k"}));
  EXPECT_TRUE(t.rows.empty());
}

TEST(ParquetNestedTest, ColumnsThatShareANameAreRefused) {
  // A column called "s.a" beside a struct s with a field a: a tool could not tell them apart.
  const std::string path = parquet_path("duckdb/nested/collision.parquet");
  std::istringstream none;
  auto reader = open_table(path, ReadOptions{}, none);
  EXPECT_EQ(reader->columns(), (std::vector<std::string>{"s.a", "s.a", "s.b", "ok"}));
  const Error e = error_of([&] { read_path(path); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message().rfind(path + ": row group 0, column \"s.a\": another column has the same "
                                     "name, which is not read",
                              0),
            0u)
      << e.message();
}

}  // namespace
}  // namespace mlops::io::testing
