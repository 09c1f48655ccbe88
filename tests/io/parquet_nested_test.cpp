#include <gtest/gtest.h>

#include <bit>
#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "common/shell_run.h"
#include "helpers.h"
#include "io/parquet/parquet_reader.h"

// Nested Parquet files (tests/data/parquet/README.md): struct fields read as dotted columns
// with the values DuckDB reads from them; lists and maps listed as columns that are refused,
// naming them, when their values are needed. The files: DuckDB's (duckdb/nested/, written by
// nested.mjs) and Apache parquet-testing's.
namespace mlops::io::testing {
namespace {

std::string parquet_path(const std::string& name) { return data_path("parquet/" + name); }

boost::json::value load_json(const std::string& name) {
  return boost::json::parse(mlops::testing::slurp(parquet_path(name)));
}

// DuckDB's reading of a file: its columns that hold one value per row (struct fields
// flattened), their types and values, and the columns holding lists or maps (`nested`).
const boost::json::object& duckdb_reading(const boost::json::value& reads,
                                          const std::string& file) {
  const boost::json::object* r = &reads.at("files").at(file).as_object();
  if (r->contains("same_as")) r = &reads.at("files").at(r->at("same_as").as_string()).as_object();
  return *r;
}

std::vector<std::string> strings(const boost::json::array& a) {
  std::vector<std::string> out;
  for (const auto& v : a) out.emplace_back(v.as_string());
  return out;
}

// Whether the reader's text is DuckDB's: the same text; floating point the same value. With
// `legacy_utc`, a TIMESTAMP may also be DuckDB's text with "Z": the legacy TIMESTAMP_MICROS
// annotation (without a logical type) is UTC-normalised (LogicalTypes.md, "Backward
// compatibility": isAdjustedToUTC = true), which DuckDB reads as a local timestamp.
bool same(const std::string& type, const std::string& expected, const std::string& actual,
          bool legacy_utc) {
  if (legacy_utc && type == "TIMESTAMP" && actual == expected + "Z") return true;
  if (type == "DOUBLE" || type == "FLOAT") {
    const double a = std::strtod(expected.c_str(), nullptr);
    const double b = std::strtod(actual.c_str(), nullptr);
    return (std::isnan(a) && std::isnan(b)) ||
           std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
  }
  return expected == actual;
}

void expect_duckdb_values(const Table& t, const boost::json::object& reading,
                          const std::string& what, bool legacy_utc = false) {
  EXPECT_EQ(t.columns, strings(reading.at("columns").as_array())) << what;
  const auto types = strings(reading.at("types").as_array());
  const auto& values = reading.at("values").as_array();
  ASSERT_EQ(t.rows.size(), values.size()) << what;
  for (std::size_t r = 0; r < values.size(); ++r) {
    const auto& expected = values[r].as_array();
    ASSERT_EQ(t.rows[r].size(), expected.size()) << what;
    for (std::size_t c = 0; c < expected.size(); ++c) {
      const auto& got = t.rows[r][c];
      const std::string where = what + " row " + std::to_string(r) + " " + t.columns[c];
      if (expected[c].is_null()) {
        EXPECT_FALSE(got.has_value()) << where << ": read \"" << *got << "\", DuckDB null";
      } else if (!got.has_value()) {
        ADD_FAILURE() << where << ": read null, DuckDB " << expected[c];
      } else {
        EXPECT_TRUE(same(types[c], std::string(expected[c].as_string()), *got, legacy_utc))
            << where << ": read \"" << *got << "\", DuckDB " << expected[c];
      }
    }
  }
}

TEST(ParquetNestedTest, StructFieldsReadAsDuckDbReadsThem) {
  // DuckDB's structs: nulls at every level of s, deep.x.y.z (four optional fields: a value's
  // definition level is 4) and t, in two row groups; data pages v1 and v2.
  const boost::json::value nested = load_json("duckdb/nested/nested.json");
  for (const std::string name : {"structs-v1.parquet", "structs-v2.parquet"}) {
    const Table t = read_path(parquet_path("duckdb/nested/" + name));
    expect_duckdb_values(t, duckdb_reading(nested, name), name);
  }
  EXPECT_EQ(read_path(parquet_path("duckdb/nested/structs-v1.parquet")).rows.size(), 3000u);
  // parquet-testing: 216 fields of 36 required structs; an optional struct of an optional int.
  const boost::json::value testing = load_json("testing/duckdb-reads.json");
  for (const std::string name : {"nested_structs.rust.parquet", "nulls.snappy.parquet"}) {
    const Table t = read_path(parquet_path("testing/" + name));
    expect_duckdb_values(t, duckdb_reading(testing, name), name,
                         name == "nested_structs.rust.parquet");
  }
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
  const boost::json::value testing = load_json("testing/duckdb-reads.json");
  const boost::json::value nested = load_json("duckdb/nested/nested.json");
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
    EXPECT_NE(e.message().find("a struct's fields are read as columns of their own"),
              std::string::npos)
        << e.message();
  }
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

TEST(ParquetNestedTest, EveryDamagedByteIsAnInputErrorOrARead) {
  // Definition levels of several bits (v1 and v2 pages), and a schema of groups, damaged.
  for (const std::string name : {"duckdb/nested/structs-v2.parquet", "testing/nulls.snappy.parquet",
                                 "duckdb/nested/collision.parquet"}) {
    const std::string good = mlops::testing::slurp(parquet_path(name));
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (unsigned char x : {0xFFu, 0x01u, 0x80u}) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ x);
        try {
          ParquetReader reader(memory_random_access(std::move(bad)), "bad.parquet");
          read_all(reader);
        } catch (const Error& e) {
          ASSERT_EQ(e.code(), ExitCode::kCannotEvaluate) << name << " byte " << i;
        }
      }
    }
  }
}

}  // namespace
}  // namespace mlops::io::testing
