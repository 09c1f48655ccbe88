#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "helpers.h"
#include "parquet/reference.h"

// Parquet from a stream (io/spool.h): standard input, a pipe, a compressed file, read through
// a temporary copy that is unlinked at once; the rows are the file's, and a copy that cannot
// be made is an input Error naming the stream and the directory.
namespace mlops::io::testing {
namespace {

// Sets an environment variable for a scope, and puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// A new empty directory under the test's temporary directory.
std::string fresh_dir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "/" + name;
  std::filesystem::remove_all(dir);
  EXPECT_TRUE(std::filesystem::create_directory(dir)) << dir;
  return dir;
}

std::size_t entries_in(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(dir),
                                                std::filesystem::directory_iterator()));
}

void expect_same(const Table& a, const Table& b) {
  EXPECT_EQ(a.format, Format::kParquet);
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.lines, b.lines);
}

TEST(ParquetStdinTest, StandardInputReadsAsTheFileDoes) {
  const std::string dir = fresh_dir("spool-stdin");
  ScopedEnv tmp("TMPDIR", dir);
  for (const std::string name : {"testing/alltypes_plain.parquet",
                                 "duckdb/nested/structs-v1.parquet", "duckdb/snappy.parquet"}) {
    SCOPED_TRACE(name);
    const std::string path = parquet_path(name);
    expect_same(read_text(slurp(path)), read_path(path));
    // A contract's `format: csv` does not make Parquet CSV, on a stream either.
    ReadOptions csv;
    csv.format = Format::kCsv;
    csv.delimiter = ';';
    expect_same(read_text(slurp(path), csv), read_path(path));
  }
  // The copy was unlinked when it was made.
  EXPECT_EQ(entries_in(dir), 0u);
}

TEST(ParquetStdinTest, TheRawByteObserverSeesTheStream) {
  const std::string bytes = slurp(parquet_path("testing/alltypes_plain.parquet"));
  std::string seen;
  ReadOptions options;
  options.on_raw_bytes = [&](const char* p, std::size_t n) { seen.append(p, n); };
  EXPECT_EQ(read_text(bytes, options).rows.size(), 8u);
  EXPECT_EQ(seen, bytes);
}

TEST(ParquetStdinTest, APipeAndACompressedFileAreStreamsToo) {
  const std::string path = parquet_path("duckdb/nested/structs-v2.parquet");
  const Table file = read_path(path);
  // gzip -n -9 of the same file, as a file and on standard input.
  expect_same(read_path(path + ".gz"), file);
  expect_same(read_text(slurp(path + ".gz")), file);
  // A named pipe (`data-validate check <(cat x.parquet)` passes one).
  const std::string fifo = ::testing::TempDir() + "/parquet.fifo";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << slurp(path); });
  const Table piped = read_path(fifo);
  writer.join();
  expect_same(piped, file);
  ::unlink(fifo.c_str());
}

TEST(ParquetStdinTest, DamageIsNamedAsStandardInput) {
  std::string bytes = slurp(parquet_path("testing/alltypes_plain.parquet"));
  bytes.resize(bytes.size() - 100);
  const Error e = error_of([&] { read_text(bytes); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message().rfind("<stdin>: does not end with the Parquet magic PAR1", 0), 0u)
      << e.message();
}

// Every encrypted file of parquet-testing, on standard input, is refused as the file is: some
// start with a plain page header after the magic, others (uniform_encryption, bloom_filter,
// external_key_material_java) with the length of an encrypted module ("PARE" 2d 00 00 00),
// which a stream once read as CSV.
TEST(ParquetStdinTest, EncryptedFilesAreRefusedAsTheFileIs) {
  for (const std::string name :
       {"encrypt_columns_and_footer.parquet.encrypted",
        "encrypt_columns_and_footer_aad.parquet.encrypted",
        "encrypt_columns_and_footer_bloom_filter.parquet.encrypted",
        "encrypt_columns_and_footer_ctr.parquet.encrypted",
        "encrypt_columns_and_footer_disable_aad_storage.parquet.encrypted",
        "encrypt_columns_plaintext_footer.parquet.encrypted",
        "external_key_material_java.parquet.encrypted", "uniform_encryption.parquet.encrypted",
        "aes256/encrypt_columns_and_footer.parquet.encrypted",
        "aes256/uniform_encryption.parquet.encrypted"}) {
    SCOPED_TRACE(name);
    const std::string path = parquet_path("testing/" + name);
    const Error file = error_of([&] { read_path(path); });
    const Error stream = error_of([&] { read_text(slurp(path)); });
    EXPECT_EQ(stream.code(), ExitCode::kCannotEvaluate);
    EXPECT_EQ(stream.message().rfind("<stdin>: is an encrypted Parquet file", 0), 0u)
        << stream.message();
    // The same words as for the file, but for its name.
    EXPECT_EQ(stream.message().substr(7), file.message().substr(path.size())) << file.message();
  }
}

// A CSV header that starts with the magic's letters is text, with no NUL byte: still CSV, on
// standard input and from a file (named without an extension: the delimiter is sniffed too).
TEST(ParquetStdinTest, CsvWhoseHeaderStartsLikeTheMagicIsCsv) {
  for (const std::string text :
       {"PARENT,age\nann,41\n", "PAR1x,y\n1,2\n", "PARE\tb\n1\t2\n", "PAR1\n7\n"}) {
    SCOPED_TRACE(text);
    const Table stream = read_text(text);
    const Table file = read_path(write_temp("magic-like", text));
    for (const Table* t : {&stream, &file}) {
      EXPECT_EQ(t->format, Format::kCsv);
      EXPECT_EQ(t->rows.size(), 1u);
    }
    EXPECT_EQ(stream.columns, file.columns);
    EXPECT_EQ(stream.rows, file.rows);
  }
  EXPECT_EQ(read_text("PARENT,age\nann,41\n").columns, (std::vector<std::string>{"PARENT", "age"}));
}

TEST(ParquetStdinTest, NoTemporaryDirectoryIsAnInputError) {
  const std::string missing = ::testing::TempDir() + "/no-such-dir/below";
  ScopedEnv tmp("TMPDIR", missing);
  const std::string bytes = slurp(parquet_path("testing/alltypes_plain.parquet"));
  const Error e = error_of([&] { read_text(bytes); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message(),
            "<stdin>: Parquet is read from a temporary copy of a stream, and none "
            "can be made in " +
                missing +
                ": No such file or directory, set TMPDIR "
                "to a writable directory with room for the whole file, or pass the "
                "file's path instead of a stream");
  // CSV and JSON on standard input need no copy.
  EXPECT_EQ(read_text("a,b\n1,2\n").rows.size(), 1u);
}

TEST(ParquetStdinTest, ADiskThatFillsUpIsAnInputError) {
  // The file size limit stands in for a full disk: write() fails (EFBIG instead of ENOSPC)
  // after the first 4,096 bytes of the copy.
  const std::string dir = fresh_dir("spool-full");
  ScopedEnv tmp("TMPDIR", dir);
  const std::string bytes = slurp(parquet_path("duckdb/nested/structs-v1.parquet"));
  ASSERT_GT(bytes.size(), 8192u);
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::optional<Error> e;
  try {
    read_text(bytes);
  } catch (const Error& error) {
    e = error;
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, previous);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e->message().find("<stdin>: Parquet is read from a temporary copy of a stream, and "
                              "writing it to " +
                              dir + " failed after "),
            std::string::npos)
      << e->message();
  EXPECT_NE(e->message().find(" bytes: File too large, set TMPDIR to"), std::string::npos)
      << e->message();
  EXPECT_EQ(entries_in(dir), 0u);
}

}  // namespace
}  // namespace mlops::io::testing
