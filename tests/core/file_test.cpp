#include "core/file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error_of.h"
#include "core/error.h"

namespace mlops {
namespace {

namespace fs = std::filesystem;
using mlops::testing::code_of;
using ::testing::HasSubstr;

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// A fresh directory per test: listing it shows any temporary file left behind.
std::string fresh_dir() {
  std::string dir = ::testing::TempDir() + "file_test_" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::vector<std::string> listing(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(FileTest, WriteReplacesTheFileAndLeavesNoTemporary) {
  std::string dir = fresh_dir();
  std::string path = dir + "/report.json";
  std::ofstream(path) << "old content that is longer";
  ::chmod(path.c_str(), 0640);
  write_file(path, "new", false, "JSON report");
  EXPECT_EQ(slurp(path), "new");
  EXPECT_EQ(listing(dir), std::vector<std::string>{"report.json"});
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);  // the report keeps its permissions
}

TEST(FileTest, FullDiskIsExitThree) {
  // /dev/full is not a regular file: written in place, and every write checked.
  try {
    write_file("/dev/full", "{}\n", false, "JSON report");
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    EXPECT_THAT(e.what(), HasSubstr("cannot write the JSON report to /dev/full"));
    EXPECT_THAT(e.what(), HasSubstr("No space left on device"));
  }
  EXPECT_EQ(code_of([] { append_file("/dev/full", "verdict=pass\n", "GITHUB_OUTPUT file"); }),
            ExitCode::kCannotEvaluate);
}

TEST(FileTest, MissingDirectoryIsExitThree) {
  EXPECT_EQ(code_of([] { write_file("/nonexistent/dir/r.json", "{}", false, "JSON report"); }),
            ExitCode::kCannotEvaluate);
}

TEST(FileTest, UncommittedStagedFileLeavesTheTargetAlone) {
  std::string dir = fresh_dir();
  std::string path = dir + "/report.xml";
  std::ofstream(path) << "before";
  {
    StagedFile staged(path, "after", "JUnit report");
    EXPECT_EQ(listing(dir).size(), 2u);  // the target and the temporary file
    EXPECT_EQ(slurp(path), "before");
  }
  EXPECT_EQ(slurp(path), "before");
  EXPECT_EQ(listing(dir), std::vector<std::string>{"report.xml"});
}

TEST(FileTest, CommittedFileCanBeTakenBack) {
  std::string dir = fresh_dir();
  StagedFile staged(dir + "/r.json", "{\"valid\": true}", "JSON report");
  staged.commit();
  EXPECT_TRUE(staged.renamed());
  staged.remove_committed();
  EXPECT_TRUE(listing(dir).empty());
}

TEST(FileTest, WriteThroughSymlinkReplacesTheFileItNames) {
  std::string dir = fresh_dir();
  std::string real = dir + "/real.json", link = dir + "/link.json";
  std::ofstream(real) << "old";
  fs::create_symlink(real, link);
  write_file(link, "new", false, "JSON report");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(slurp(real), "new");
}

TEST(FileTest, TemporaryNamesAreUnpredictableAndExclusive) {
  std::string dir = fresh_dir();
  std::string a = create_unique_file(dir, "data-validate-", ".json");
  std::string b = create_unique_file(dir, "data-validate-", ".json");
  EXPECT_NE(a, b);
  EXPECT_THAT(a, ::testing::MatchesRegex(".*/data-validate-[0-9a-f]{16}\\.json"));
  EXPECT_EQ(a.find(std::to_string(::getpid())), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::lstat(a.c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0077, 0u);  // private until the report replaces it
}

TEST(FileTest, AppendFailureCanBeUndone) {
  std::string dir = fresh_dir();
  std::string path = dir + "/github_output";
  std::ofstream(path) << "earlier=1\n";
  std::uint64_t size = append_file(path, "verdict=pass\n", "GITHUB_OUTPUT file");
  EXPECT_EQ(size, 10u);
  truncate_file(path, size);
  EXPECT_EQ(slurp(path), "earlier=1\n");
}

TEST(FileTest, SameFileFollowsSymlinksAndHardLinks) {
  std::string dir = fresh_dir();
  std::string data = dir + "/data.csv";
  std::ofstream(data) << "a\n1\n";
  fs::create_symlink(data, dir + "/alias.csv");
  fs::create_hard_link(data, dir + "/hard.csv");
  EXPECT_TRUE(same_file(data, dir + "/alias.csv"));
  EXPECT_TRUE(same_file(dir + "/./hard.csv", data));
  EXPECT_FALSE(same_file(data, dir + "/missing.csv"));
}

}  // namespace
}  // namespace mlops
