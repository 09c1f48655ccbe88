#include <gtest/gtest.h>
#include <algorithm>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "io/parquet/parquet_reader.h"
#include "parquet/reference.h"

// Every file of Apache's parquet-testing (data/, with aes256/ and geospatial/; copied into
// tests/data/parquet/testing, README.md there) and what reading it must give: its values as
// DuckDB reads them (testing/duckdb-reads.json) or as its documentation says, or a refusal
// (exit 3) whose message names the file and says why: a refused file that starts to read fails
// the test, so that it moves to kReads and its values are checked from then on.
namespace mlops::io::testing {
namespace {

enum class Outcome {
  kReads,            // values equal DuckDB's reading
  kReadsDocumented,  // DuckDB cannot read it or reads it otherwise: checked by a test below
  kRefused,          // exit 3, the message holding `words`
};

struct Expected {
  Outcome outcome = Outcome::kReads;
  std::string words;
  std::string why;
  std::vector<std::string> utc_columns;
};

Expected reads() { return {}; }
// Reads as DuckDB reads it, but for these timestamp columns, UTC-adjusted by the file's
// legacy converted type where DuckDB reads a naive timestamp: DuckDB's text with "Z".
Expected reads_utc(std::vector<std::string> columns) {
  Expected e;
  e.utc_columns = std::move(columns);
  return e;
}
Expected documented(std::string test) {
  return {Outcome::kReadsDocumented, "", std::move(test), {}};
}
Expected refused(std::string words) { return {Outcome::kRefused, std::move(words), "", {}}; }

const std::string kEncrypted = "is an encrypted Parquet file";
const std::string kGeo = "GEOMETRY";
// byte_stream_split_extended: DuckDB reads BYTE_STREAM_SPLIT only for FLOAT and DOUBLE.
const std::string kTwins = "ByteStreamSplitColumnsEqualTheirPlainTwins (io_test)";

// A list or map column has no one value per row: refused, naming it (by the start of its
// name: a nested column may be named by its dotted path).
Expected nested(const std::string& column) { return refused("column \"" + column); }

const std::map<std::string, Expected>& expectations() {
  static const std::map<std::string, Expected> table = {
      {"aes256/encrypt_columns_and_footer.parquet.encrypted", refused(kEncrypted)},
      {"aes256/encrypt_columns_and_footer_ctr.parquet.encrypted", refused(kEncrypted)},
      {"aes256/encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted",
       refused(kEncrypted)},
      {"aes256/encrypt_columns_plaintext_footer.parquet.encrypted", refused(kEncrypted)},
      {"aes256/uniform_encryption.parquet.encrypted", refused(kEncrypted)},
      {"alltypes_dictionary.parquet", reads()},
      {"alltypes_plain.parquet", reads()},
      {"alltypes_plain.snappy.parquet", reads()},
      {"alltypes_tiny_pages.parquet", reads()},
      {"alltypes_tiny_pages_plain.parquet", reads()},
      {"binary.parquet", reads()},
      {"binary_truncated_min_max.parquet", reads()},
      {"byte_array_decimal.parquet", reads()},
      {"byte_stream_split.zstd.parquet", reads()},
      {"byte_stream_split_extended.gzip.parquet", documented(kTwins)},
      {"column_chunk_key_value_metadata.parquet", reads()},  // a row group of 0 rows
      {"concatenated_gzip_members.parquet", reads()},
      {"data_index_bloom_encoding_stats.parquet", reads()},
      {"data_index_bloom_encoding_with_length.parquet", reads()},
      {"datapage_v1-corrupt-checksum.parquet", refused("checksum (CRC-32) does not match")},
      {"datapage_v1-snappy-compressed-checksum.parquet", reads()},
      {"datapage_v1-uncompressed-checksum.parquet", reads()},
      {"datapage_v2.snappy.parquet", nested("e")},
      {"datapage_v2_empty_datapage.snappy.parquet", reads()},
      {"delta_binary_packed.parquet", reads()},
      {"delta_byte_array.parquet", reads()},
      {"delta_encoding_optional_column.parquet", reads()},
      {"delta_encoding_required_column.parquet", reads()},
      {"delta_length_byte_array.parquet", reads()},
      {"dict-page-offset-zero.parquet", reads()},
      {"encrypt_columns_and_footer.parquet.encrypted", refused(kEncrypted)},
      {"encrypt_columns_and_footer_aad.parquet.encrypted", refused(kEncrypted)},
      {"encrypt_columns_and_footer_bloom_filter.parquet.encrypted", refused(kEncrypted)},
      {"encrypt_columns_and_footer_ctr.parquet.encrypted", refused(kEncrypted)},
      {"encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted", refused(kEncrypted)},
      {"encrypt_columns_plaintext_footer.parquet.encrypted", refused(kEncrypted)},
      {"external_key_material_java.parquet.encrypted", refused(kEncrypted)},
      {"fixed_length_byte_array.parquet", reads()},
      {"fixed_length_decimal.parquet", reads()},
      {"fixed_length_decimal_legacy.parquet", reads()},
      {"float16_nonzeros_and_nans.parquet", reads()},
      {"float16_zeros_and_nans.parquet", reads()},
      {"floating_orders_nan_count.parquet", reads()},
      {"geospatial/crs-arbitrary-value.parquet", refused(kGeo)},
      {"geospatial/crs-default.parquet", refused(kGeo)},
      {"geospatial/crs-geography.parquet", refused(kGeo)},
      {"geospatial/crs-projjson.parquet", refused(kGeo)},
      {"geospatial/crs-srid.parquet", refused(kGeo)},
      {"geospatial/geography-lines.parquet", refused(kGeo)},
      {"geospatial/geography-points.parquet", refused(kGeo)},
      {"geospatial/geography-polygons.parquet", refused(kGeo)},
      {"geospatial/geospatial-with-nan.parquet", refused(kGeo)},
      {"geospatial/geospatial.parquet", refused(kGeo)},
      {"hadoop_lz4_compressed.parquet", documented("HadoopLz4ReadsAsTheLz4RawFile (io_test)")},
      {"hadoop_lz4_compressed_larger.parquet", documented("LargerLz4FilesHoldTheSameRows")},
      {"incorrect_map_schema.parquet", nested("my_map")},
      {"int32_decimal.parquet", reads()},
      {"int32_with_null_pages.parquet", reads()},
      {"int64_decimal.parquet", reads()},
      {"int96_from_spark.parquet", documented("Int96TimestampsAsDocumented (io_test)")},
      {"large_string_map.brotli.parquet", nested("arr")},
      {"list_columns.parquet", nested("int64_list")},
      {"lz4_raw_compressed.parquet", reads()},
      {"lz4_raw_compressed_larger.parquet", reads()},
      {"map_no_value.parquet", nested("my_map")},
      {"nan_in_stats.parquet", reads()},
      {"nation.dict-malformed.parquet", refused("runs past the end of its column chunk")},
      {"nested_lists.snappy.parquet", nested("a")},
      {"nested_maps.snappy.parquet", nested("a")},
      // ul_observation_date's fields are INT64 with the legacy converted type TIMESTAMP_MICROS
      // and no logical type: UTC-adjusted by LogicalTypes.md's compatibility rules, which
      // DuckDB reads as a naive TIMESTAMP. The reader's text is DuckDB's with "Z".
      {"nested_structs.rust.parquet",
       reads_utc({"ul_observation_date.min", "ul_observation_date.max", "ul_observation_date.mean",
                  "ul_observation_date.sum", "ul_observation_date.variance"})},
      {"non_hadoop_lz4_compressed.parquet", documented("HadoopLz4ReadsAsTheLz4RawFile (io_test)")},
      {"nonnullable.impala.parquet", nested("Int_Array")},
      {"null_list.parquet", nested("emptylist")},
      {"nullable.impala.parquet", nested("int_array")},
      {"nulls.snappy.parquet", reads()},
      {"old_list_structure.parquet", nested("a")},
      {"overflow_i16_page_cnt.parquet", reads()},
      {"page_v2_empty_compressed.parquet", reads()},
      {"plain-dict-uncompressed-checksum.parquet", reads()},
      {"repeated_no_annotation.parquet", nested("phoneNumbers")},
      {"repeated_primitive_no_list.parquet", nested("Int32_list")},
      {"rle-dict-snappy-checksum.parquet", reads()},
      {"rle-dict-uncompressed-corrupt-checksum.parquet",
       refused("checksum (CRC-32) does not match")},
      {"rle_boolean_encoding.parquet", reads()},
      {"single_nan.parquet", reads()},
      {"sort_columns.parquet", reads()},
      {"uniform_encryption.parquet.encrypted", refused(kEncrypted)},
      {"unknown-logical-type.parquet", refused("a logical type newer than this reader's")},
  };
  return table;
}

TEST(ParquetTestingFilesTest, EveryFileIsListed) {
  const std::string dir = parquet_path("testing/");
  std::set<std::string> on_disk;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string path = e.path().string().substr(dir.size());
    if (path.ends_with(".parquet") || path.ends_with(".parquet.encrypted")) on_disk.insert(path);
  }
  std::set<std::string> listed;
  for (const auto& [name, expected] : expectations()) listed.insert(name);
  EXPECT_EQ(on_disk, listed);
  EXPECT_EQ(listed.size(), 88u);
}

TEST(ParquetTestingFilesTest, EachFileReadsOrIsRefusedAsExpected) {
  const boost::json::value reads = load_json(parquet_path("testing/duckdb-reads.json"));
  for (const auto& [name, expected] : expectations()) {
    SCOPED_TRACE(name);
    const std::string path = parquet_path("testing/" + name);
    if (expected.outcome == Outcome::kReads) {
      boost::json::object reading = duckdb_reading(reads, name);
      std::vector<std::size_t> utc;
      const auto& names = reading.at("columns").as_array();
      for (const std::string& column : expected.utc_columns) {
        auto it = std::find(names.begin(), names.end(), boost::json::value(column));
        ASSERT_NE(it, names.end()) << column;
        utc.push_back(static_cast<std::size_t>(it - names.begin()));
      }
      for (auto& row : reading.at("values").as_array()) {
        for (std::size_t c : utc) {
          auto& v = row.as_array().at(c);
          if (v.is_string()) v = std::string(v.as_string()) + "Z";
        }
      }
      expect_as_duckdb_reads(read_path(path), reading, name);
      continue;
    }
    if (expected.outcome == Outcome::kReadsDocumented) {
      EXPECT_NO_THROW(read_path(path)) << "see " << expected.why;
      continue;
    }
    try {
      const Table t = read_path(path);
      ADD_FAILURE() << name << " now reads (" << t.rows.size()
                    << " rows): it must be refused with \"" << expected.words << "\"";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << e.message();
      EXPECT_NE(e.message().find(expected.words), std::string::npos) << e.message();
      EXPECT_NE(e.message().find(path), std::string::npos) << e.message();
    }
  }
}

TEST(ParquetTestingFilesTest, LargerLz4FilesHoldTheSameRows) {
  // DuckDB does not read the deprecated LZ4 codec; Apache Arrow's tests read
  // hadoop_lz4_compressed_larger.parquet as the same 10,000 rows as the LZ4_RAW file.
  const boost::json::value reads = load_json(parquet_path("testing/duckdb-reads.json"));
  expect_as_duckdb_reads(read_path(parquet_path("testing/hadoop_lz4_compressed_larger.parquet")),
                         duckdb_reading(reads, "lz4_raw_compressed_larger.parquet"),
                         "hadoop_lz4_compressed_larger.parquet");
}

// Reads `bytes` as a Parquet file: a read, or an input Error (exit 3), else a failure.
void expect_read_or_input_error(std::string bytes, const std::string& what) {
  try {
    ParquetReader reader(memory_random_access(std::move(bytes)), what);
    read_all(reader);
  } catch (const Error& e) {
    ASSERT_EQ(e.code(), ExitCode::kCannotEvaluate) << what << ": " << e.message();
  }
}

TEST(ParquetTestingFilesTest, EveryDamagedByteOfTheSmallFilesIsAnInputErrorOrARead) {
  // Each byte of every file under 1 KB in turn (28 files: codecs, decimals, FLOAT16, INT96,
  // nested schemas, empty pages, checksums) flipped (two ways in files of at most 100 rows):
  // the reader reads the file or throws an input Error; never a crash, a hang or another
  // exception (ASan and UBSan watch).
  int files = 0;
  for (const auto& [name, expected] : expectations()) {
    const std::string good = slurp(parquet_path("testing/" + name));
    if (good.size() >= 1024) continue;
    ++files;
    std::vector<unsigned char> flips = {0xFF};
    try {
      if (ParquetReader(memory_random_access(good), name).num_rows() <= 100) flips.push_back(0x01);
    } catch (const Error&) {
      // refused from its footer: every flip is cheap
      flips.push_back(0x01);
    }
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (unsigned char x : flips) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ x);
        expect_read_or_input_error(std::move(bad), name + " byte " + std::to_string(i));
      }
    }
  }
  EXPECT_EQ(files, 28);
}

}  // namespace
}  // namespace mlops::io::testing
