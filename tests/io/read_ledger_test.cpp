// The bytes a tool read are the bytes its attestation signs (core/read_ledger.h).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/read_ledger.h"
#include "io/source.h"

namespace mlops::io {
namespace {

std::string temp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "read_ledger_" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

std::string drain(Source& s) {
  std::string out;
  char buf[7];
  while (std::size_t got = s.read(buf, sizeof buf)) out.append(buf, got);
  return out;
}

TEST(ReadLedgerTest, AWholeReadRecordsTheDigestOfItsBytes) {
  clear_reads();
  enable_read_ledger();
  std::string path = temp("whole.csv", "a,b\n1,2\n");
  std::istringstream no_stdin;
  auto src = open_source(path, no_stdin);
  EXPECT_EQ(drain(*src), "a,b\n1,2\n");
  std::optional<FileRead> read = find_read(path);
  ASSERT_TRUE(read.has_value());
  // sha256sum of "a,b\n1,2\n"
  EXPECT_EQ(read->sha256, "492d5ea496056f1a6a6592241032fab764c321596317930b4fa0e1e8bc3b7470");
  EXPECT_EQ(read->size, 8u);
  clear_reads();
}

TEST(ReadLedgerTest, OffUnlessARecordWasAskedFor) {
  clear_reads();
  std::string path = temp("off.csv", "a\n1\n");
  std::istringstream no_stdin;
  auto src = open_source(path, no_stdin);
  drain(*src);
  EXPECT_FALSE(find_read(path).has_value());
}

TEST(ReadLedgerTest, AFileThatGrowsWhileReadIsExitThree) {
  clear_reads();
  enable_read_ledger();
  std::string path = temp("grows.csv", "a,b\n1,2\n3,4\n");
  std::istringstream no_stdin;
  auto src = open_source(path, no_stdin);
  char buf[4];
  ASSERT_EQ(src->read(buf, sizeof buf), 4u);
  std::ofstream(path, std::ios::app) << "5,6\n";  // the seam: written while the tool reads
  try {
    drain(*src);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    EXPECT_NE(std::string(e.what()).find("changed while it was read"), std::string::npos);
  }
  EXPECT_FALSE(find_read(path).has_value());
  clear_reads();
}

TEST(ReadLedgerTest, ReadingTheSameFileAgainWithOtherBytesIsExitThree) {
  clear_reads();
  enable_read_ledger();
  std::string path = temp("twice.csv", "a\n1\n");
  std::istringstream no_stdin;
  drain(*open_source(path, no_stdin));
  temp("twice.csv", "a\n2\n");
  try {
    drain(*open_source(path, no_stdin));
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  }
  clear_reads();
}

}  // namespace
}  // namespace mlops::io
