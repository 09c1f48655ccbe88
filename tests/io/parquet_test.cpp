#include <gtest/gtest.h>

#include <bit>
#include <boost/json.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "core/read_ledger.h"
#include "helpers.h"
#include "io/parquet/parquet_reader.h"
#include "io/value_parse.h"
#include "parquet/reference.h"

// The Parquet reader against a real engine (tests/data/parquet/README.md): files DuckDB wrote
// for every codec, type and nullability, and Apache's parquet-testing files, each read back
// with the values DuckDB reads from it, or with their documented content.
namespace mlops::io::testing {
namespace {

using mlops::testing::code_of;
using mlops::testing::error_of;

const std::vector<std::string> kCodecs = {"uncompressed", "snappy", "gzip",
                                          "zstd",         "lz4",    "brotli"};

std::vector<Compare> duckdb_fixture_compare(const std::vector<std::string>& columns) {
  std::vector<Compare> how;
  for (const auto& c : columns) {
    how.push_back(c.starts_with("f32")                          ? Compare::kFloat
                  : c.starts_with("f64") || c.starts_with("f_") ? Compare::kDouble
                                                                : Compare::kText);
  }
  return how;
}

TEST(ParquetDuckDbTest, EveryCodecReadsAsDuckDbReadsIt) {
  const boost::json::value reference = load_json(parquet_path("duckdb/values.json"));
  std::vector<std::string> columns;
  for (const auto& c : reference.at("columns").as_array()) {
    columns.emplace_back(c.as_string());
  }
  const auto how = duckdb_fixture_compare(columns);
  ASSERT_EQ(reference.at("rows").as_int64(), 1200);
  for (const auto& codec : kCodecs) {
    const Table t = read_path(parquet_path("duckdb/" + codec + ".parquet"));
    EXPECT_EQ(t.format, Format::kParquet);
    EXPECT_EQ(t.columns, columns) << codec;
    expect_values(t, reference.at("values").as_array(), how, codec);
    ASSERT_EQ(t.lines.size(), 1200u);
    EXPECT_EQ(t.lines.front(), 1u);
    EXPECT_EQ(t.lines.back(), 1200u);
  }
}

TEST(ParquetDuckDbTest, RowGroupsAndDataPagesV2) {
  // groups.json: 5,000 rows in three row groups, with data pages v1 and v2.
  const boost::json::value groups = load_json(parquet_path("duckdb/groups.json"));
  for (const std::string name :
       {"groups-v1.parquet", "groups-v2.parquet", "groups-v2-delta.parquet"}) {
    const auto& reference = groups.at("files").at(name);
    std::vector<Compare> how;
    for (const auto& c : reference.at("columns").as_array()) {
      how.push_back(c.as_string() == "x" ? Compare::kDouble : Compare::kText);
    }
    const Table t = read_path(parquet_path("duckdb/" + name));
    expect_values(t, reference.at("values").as_array(), how, name);
    // Row::offset is the row's index in the file.
    ASSERT_EQ(t.offsets.size(), 5000u);
    EXPECT_EQ(t.offsets.front(), 0u);
    EXPECT_EQ(t.offsets[4999], 4999u);
    ASSERT_EQ(t.lines.size(), 5000u);
    EXPECT_EQ(t.lines[4999], 5000u);
  }
}

TEST(ParquetDuckDbTest, TheFixturesCoverTheirCodecsAndEncodings) {
  // What DuckDB says it wrote (files.json): every codec, dictionary and plain pages.
  const boost::json::value files = load_json(parquet_path("duckdb/files.json"));
  std::set<std::string> codecs;
  std::set<std::string> encodings;
  for (const auto& f : files.at("files").as_array()) {
    for (const auto& chunk : f.at("chunks").as_array()) {
      codecs.emplace(chunk.at("compression").as_string());
      encodings.emplace(chunk.at("encodings").as_string());
    }
  }
  EXPECT_EQ(codecs,
            (std::set<std::string>{"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW", "BROTLI"}));
  EXPECT_TRUE(encodings.contains("PLAIN"));
  EXPECT_TRUE(encodings.contains("PLAIN_DICTIONARY"));
}

TEST(ParquetDuckDbTest, TextIsWhatTheToolkitsParsersRead) {
  const Table t = read_path(parquet_path("duckdb/zstd.parquet"));
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    const std::string& name = t.columns[c];
    for (const auto& row : t.rows) {
      if (!row[c]) continue;
      const std::string& v = *row[c];
      if (name.starts_with("i") || name.starts_with("u8") || name.starts_with("u16") ||
          name.starts_with("u32")) {
        EXPECT_TRUE(parse_integer(v).has_value()) << name << ": " << v;
      } else if (name.starts_with("u64") || name.starts_with("d") || name.starts_with("f")) {
        if (name.starts_with("dt")) {
          EXPECT_TRUE(parse_date(v).has_value()) << name << ": " << v;
        } else {
          EXPECT_TRUE(parse_number(v).has_value()) << name << ": " << v;
        }
      } else if (name.starts_with("ts")) {
        EXPECT_TRUE(parse_datetime(v).has_value()) << name << ": " << v;
      } else if (name.starts_with("b")) {
        EXPECT_TRUE(parse_boolean(v).has_value()) << name << ": " << v;
      }
    }
  }
}

TEST(ParquetDuckDbTest, DoublesReadBackExactly) {
  // The shortest text of a double parses back to the same double (the toolkit's parser).
  const Table t = read_path(parquet_path("duckdb/snappy.parquet"));
  std::size_t column = 0;
  while (t.columns[column] != "f64_nn") ++column;
  for (const auto& row : t.rows) {
    const double parsed = *parse_number(*row[column]);
    const double reference = std::strtod(row[column]->c_str(), nullptr);
    if (std::isnan(reference)) continue;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(parsed), std::bit_cast<std::uint64_t>(reference))
        << *row[column];
  }
}

// --- Apache parquet-testing -----------------------------------------------------------------

// The table of every parquet-testing file and its outcome: tests/parquet/testing_files_test.cpp.

TEST(ParquetTestingTest, HadoopLz4ReadsAsTheLz4RawFile) {
  // The deprecated LZ4 codec, in Hadoop's framing and as raw LZ4: DuckDB does not read
  // either, so they are checked against lz4_raw_compressed.parquet's DuckDB reading, the same
  // rows (c0, c1, v11) as Apache Arrow's tests of these three files say.
  const boost::json::value reads = load_json(parquet_path("testing/duckdb-reads.json"));
  const auto& raw = reads.at("files").at("lz4_raw_compressed.parquet");
  const std::vector<Compare> how = {Compare::kText, Compare::kHex, Compare::kDouble};
  expect_values(read_path(parquet_path("testing/hadoop_lz4_compressed.parquet")),
                raw.at("values").as_array(), how, "hadoop_lz4_compressed");
  const Table other = read_path(parquet_path("testing/non_hadoop_lz4_compressed.parquet"));
  EXPECT_EQ(other.columns, (std::vector<std::string>{"c0", "c1", "v11"}));
  expect_values(other, raw.at("values").as_array(), how, "non_hadoop_lz4_compressed");
}

// Microseconds since the epoch of the reader's "YYYY-MM-DDTHH:MM:SS.fffffffff" (any year),
// computed modulo 2^64 as Spark and Arrow compute them from an INT96's Julian day.
std::int64_t wrapped_micros_of(const std::string& text) {
  const std::size_t t = text.find('T');
  const std::size_t m = text.rfind('-', t);
  const std::size_t y = text.rfind('-', m - 1);
  const std::int64_t days = days_from_civil(std::stoll(text.substr(0, y)),
                                            static_cast<unsigned>(std::stoi(text.substr(y + 1))),
                                            static_cast<unsigned>(std::stoi(text.substr(m + 1))));
  const std::uint64_t seconds =
      static_cast<std::uint64_t>(days) * 86400 + std::stoull(text.substr(t + 1, 2)) * 3600 +
      std::stoull(text.substr(t + 4, 2)) * 60 + std::stoull(text.substr(t + 7, 2));
  return static_cast<std::int64_t>(seconds * 1000000 + std::stoull(text.substr(t + 10, 6)));
}

TEST(ParquetTestingTest, Int96TimestampsAsDocumented) {
  // int96_from_spark.md: "As microseconds since the epoch, they correspond to: ...". The last
  // (the year 290000) did not fit Spark's arithmetic: the file holds a Julian day that wrapped
  // around, and the reader shows the date that the stored day and nanoseconds are; computed
  // back modulo 2^64 as Spark does, it is the documented value.
  const Table t = read_path(parquet_path("testing/int96_from_spark.parquet"));
  const std::vector<std::optional<std::int64_t>> micros = {1704141296123456,   1704070800000000,
                                                           253402225200000000, 1735599600000000,
                                                           std::nullopt,       9089380393200000000};
  ASSERT_EQ(t.rows.size(), micros.size());
  for (std::size_t i = 0; i < micros.size(); ++i) {
    ASSERT_EQ(t.rows[i][0].has_value(), micros[i].has_value()) << i;
    if (micros[i]) {
      EXPECT_EQ(wrapped_micros_of(*t.rows[i][0]), *micros[i]) << *t.rows[i][0];
    }
  }
  EXPECT_EQ(t.rows[0][0], "2024-01-01T20:34:56.123456000");
  EXPECT_EQ(t.rows[2][0], "9999-12-31T03:00:00.000000000");
}

TEST(ParquetTestingTest, Int32WithNullPagesAsDocumented) {
  // int32_with_null_pages.md: 1000 values, 275 nulls, min -2136906554, max 2145722375.
  const Table t = read_path(parquet_path("testing/int32_with_null_pages.parquet"));
  ASSERT_EQ(t.rows.size(), 1000u);
  std::size_t nulls = 0;
  std::int64_t lo = INT64_MAX;
  std::int64_t hi = INT64_MIN;
  for (const auto& row : t.rows) {
    if (!row[0]) {
      ++nulls;
      continue;
    }
    const std::int64_t v = *parse_integer(*row[0]);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_EQ(nulls, 275u);
  EXPECT_EQ(lo, -2136906554);
  EXPECT_EQ(hi, 2145722375);
}

TEST(ParquetTestingTest, FixedLengthByteArrayAsDocumented) {
  // fixed_length_byte_array.md: 1000 values of 4 bytes, in descending order, some null.
  // Bytes that are not UTF-8 are shown as DuckDB shows them, \xNN each (00 00 03 C1 here).
  auto bytes_of = [](const std::string& shown) {
    std::string bytes;
    for (std::size_t i = 0; i < shown.size(); ++i) {
      if (shown.compare(i, 2, "\\x") == 0 && i + 4 <= shown.size()) {
        bytes += static_cast<char>(std::stoi(shown.substr(i + 2, 2), nullptr, 16));
        i += 3;
      } else {
        bytes += shown[i];
      }
    }
    return bytes;
  };
  const Table t = read_path(parquet_path("testing/fixed_length_byte_array.parquet"));
  ASSERT_EQ(t.rows.size(), 1000u);
  std::string previous;
  std::size_t values = 0;
  for (const auto& row : t.rows) {
    if (!row[0]) continue;
    const std::string value = bytes_of(*row[0]);
    ASSERT_EQ(value.size(), 4u) << *row[0];
    if (!previous.empty()) {
      EXPECT_GT(previous, value);
    }
    previous = value;
    ++values;
  }
  EXPECT_GT(values, 0u);
  EXPECT_LT(values, 1000u);
}

TEST(ParquetTestingTest, MalformedDictionaryIsRefusedWhereItIs) {
  // nation.dict-malformed.parquet: a column chunk whose declared size cuts its last page.
  const Error e =
      error_of([] { read_path(parquet_path("testing/nation.dict-malformed.parquet")); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("nation.dict-malformed.parquet: row group 0, column \"name\": "
                             "corrupt data: a page of 28 bytes runs past the end of its column "
                             "chunk (page at byte offset 421)"),
            std::string::npos)
      << e.message();
}

TEST(ParquetTestingTest, PageChecksumsAreChecked) {
  // The README of parquet-testing: "...-corrupt-checksum" files have a page whose CRC does not
  // match (DuckDB does not check it and reads them); the others match and read above.
  for (const std::string name :
       {"datapage_v1-corrupt-checksum.parquet", "rle-dict-uncompressed-corrupt-checksum.parquet"}) {
    const Error e = error_of([&] { read_path(parquet_path("testing/" + name)); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << name;
    EXPECT_NE(e.message().find("the page's checksum (CRC-32) does not match its bytes"),
              std::string::npos)
        << e.message();
    EXPECT_NE(e.message().find(": row group 0, column \""), std::string::npos) << e.message();
  }
}

TEST(ParquetTestingTest, EncryptedFilesAreRefused) {
  for (const std::string name : {"uniform_encryption.parquet.encrypted",
                                 "encrypt_columns_plaintext_footer.parquet.encrypted"}) {
    const Error e = error_of([&] { read_path(parquet_path("testing/" + name)); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << name;
    // Not merely the file's name: the reason.
    EXPECT_NE(e.message().find("is an encrypted Parquet file"), std::string::npos) << e.message();
  }
}

// --- Malformed files -------------------------------------------------------------------------

Table read_bytes(std::string bytes, const std::string& name = "bad.parquet") {
  ParquetReader reader(memory_random_access(std::move(bytes)), name);
  return read_all(reader);
}

TEST(ParquetMalformedTest, BadMagicTruncatedFooterCorruptPage) {
  const std::string good = slurp(parquet_path("testing/alltypes_plain.parquet"));
  ASSERT_EQ(read_bytes(good).rows.size(), 8u);

  std::string bad = good;
  bad[1] = 'X';
  Error e = error_of([&] { read_bytes(bad); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message().rfind(
                "bad.parquet: does not start with the Parquet magic PAR1 (byte offset 0)", 0),
            0u)
      << e.message();

  // Cut short: the end is not the magic.
  e = error_of([&] { read_bytes(good.substr(0, good.size() - 100)); });
  EXPECT_NE(e.message().find("does not end with the Parquet magic"), std::string::npos)
      << e.message();

  // A footer length larger than the file.
  bad = good;
  bad[bad.size() - 6] = '\x7F';
  e = error_of([&] { read_bytes(bad); });
  EXPECT_NE(e.message().find("declares a footer of"), std::string::npos) << e.message();

  // A footer that is not FileMetaData.
  bad = good;
  const std::uint32_t footer = static_cast<unsigned char>(good[good.size() - 8]) |
                               (static_cast<unsigned char>(good[good.size() - 7]) << 8);
  for (std::size_t i = good.size() - 8 - footer; i < good.size() - 8; ++i) bad[i] = '\xFF';
  e = error_of([&] { read_bytes(bad); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("has a corrupt footer"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("byte offset " + std::to_string(good.size() - 8 - footer)),
            std::string::npos)
      << e.message();

  // A corrupt first page header: the row group, column and the page's offset are named.
  bad = good;
  for (std::size_t i = 4; i < 12; ++i) bad[i] = '\xFF';
  e = error_of([&] { read_bytes(bad); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message().rfind("bad.parquet: row group 0, column \"id\": a corrupt page header", 0),
            0u)
      << e.message();
  EXPECT_NE(e.message().find("(page at byte offset 4)"), std::string::npos) << e.message();

  EXPECT_EQ(code_of([&] { read_bytes(std::string("PAR1")); }), ExitCode::kCannotEvaluate);
  // fuzz_parquet: an empty footer (Thrift's buffer over no bytes).
  e = error_of([&] { read_bytes(std::string("PAR1\0\0\0\0PAR1", 12)); });
  EXPECT_NE(e.message().find("has a corrupt footer"), std::string::npos) << e.message();
}

TEST(ParquetMalformedTest, EveryDamagedByteIsAnInputErrorOrARead) {
  // Each byte of a small file in turn, and of the DuckDB fixture's first kilobyte and footer,
  // replaced: the reader reads the file (the byte did not matter, or changed a value) or
  // throws an input Error; never a crash, a hang or another exception (ASan and UBSan watch).
  for (const std::string name :
       {"testing/alltypes_plain.parquet", "testing/dict-page-offset-zero.parquet",
        "testing/rle_boolean_encoding.parquet", "testing/datapage_v2_empty_datapage.snappy.parquet",
        // Definition levels of several bits in v1 and v2 pages; a schema of groups.
        "duckdb/nested/structs-v2.parquet", "duckdb/nested/collision.parquet"}) {
    const std::string good = slurp(parquet_path(name));
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (unsigned char x : {0xFFu, 0x01u, 0x80u}) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ x);
        try {
          read_bytes(bad);
        } catch (const Error& e) {
          ASSERT_EQ(e.code(), ExitCode::kCannotEvaluate) << name << " byte " << i;
        }
      }
    }
  }
}

// --- open_table ------------------------------------------------------------------------------

TEST(ParquetOpenTableTest, ChosenByMagicWhateverTheName) {
  const std::string copy = ::testing::TempDir() + "/parquet-named.csv";
  {
    std::ofstream out(copy, std::ios::binary);
    out << slurp(parquet_path("testing/alltypes_plain.snappy.parquet"));
  }
  ReadOptions options;
  options.delimiter = ';';
  options.format = Format::kCsv;  // a contract's `format:` does not make Parquet CSV
  const Table t = read_path(copy, options);
  EXPECT_EQ(t.format, Format::kParquet);
  EXPECT_EQ(t.rows.size(), 2u);
  std::remove(copy.c_str());
}

TEST(ParquetOpenTableTest, TheRawByteObserverSeesTheWholeFile) {
  const std::string bytes = slurp(parquet_path("testing/alltypes_plain.parquet"));
  std::string seen;
  ReadOptions options;
  options.on_raw_bytes = [&](const char* p, std::size_t n) { seen.append(p, n); };
  read_path(parquet_path("testing/alltypes_plain.parquet"), options);
  EXPECT_EQ(seen, bytes);
}

TEST(ParquetOpenTableTest, AnAttestationSignsTheBytesRead) {
  // core/read_ledger.h: with the ledger on, the reader records the digest of the whole file.
  clear_reads();
  enable_read_ledger();
  const std::string path = parquet_path("testing/alltypes_plain.parquet");
  EXPECT_EQ(read_path(path).rows.size(), 8u);
  const std::optional<FileRead> read = find_read(path);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->sha256,
            "12a618d20a59ee0967fef45e7ec1ff6d451e724838edc1bbeac780ca15e8fcc4");  // sha256sum
  EXPECT_EQ(read->size, 1851u);
  clear_reads();
}

TEST(ParquetOpenTableTest, CsvStartingWithTheMagicIsStillCsv) {
  const Table t = read_text("PAR1,b\n1,2\n");
  EXPECT_EQ(t.format, Format::kCsv);
  const std::string path = ::testing::TempDir() + "/par1.csv";
  {
    std::ofstream out(path);
    out << "PAR1,b\n1,PAR1";
  }
  const Table f = read_path(path);
  EXPECT_EQ(f.format, Format::kCsv);
  EXPECT_EQ(f.columns, (std::vector<std::string>{"PAR1", "b"}));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace mlops::io::testing
