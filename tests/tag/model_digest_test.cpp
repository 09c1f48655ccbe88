// The model digest: independent of listing order, timestamps and the machine. The expected
// value is computed by a separate implementation of the documented format in the shell
// (printf + sha256sum), not by the code under test.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/error.h"
#include "core/read_ledger.h"
#include "tag/model_digest.h"

namespace mlops::tag {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  fs::path dir =
      fs::path(::testing::TempDir()) /
      ("md_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "_" +
       name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string run(const std::string& command) {
  std::string out = (fs::path(::testing::TempDir()) / "md_shell_out").string();
  EXPECT_EQ(std::system((command + " > " + out).c_str()), 0) << command;
  std::ifstream in(out);
  std::string line;
  std::getline(in, line);
  return line;
}

// The documented format, computed by coreutils: header, then per file in byte order of the
// relative path "<path>\0<size>\0<sha256 hex>\n".
std::string shell_digest(const fs::path& dir) {
  return run("cd '" + dir.string() +
             "' && { printf 'mlops-actions model digest v1\\n'; "
             "find . -type f | sed 's|^\\./||' | LC_ALL=C sort | while IFS= read -r f; do "
             "printf '%s\\0%s\\0%s\\n' \"$f\" \"$(stat -c %s \"$f\")\" "
             "\"$(sha256sum \"$f\" | cut -d' ' -f1)\"; done; } | sha256sum | cut -d' ' -f1");
}

// An attestation of --model-file subjects signs the digest of the bytes read here: the read is
// recorded (core/read_ledger.h) with the digest sha256sum gives for the file.
TEST(ModelDigestTest, ModelFilesAreRecordedAsReadForTheAttestation) {
  fs::path dir = fresh_dir("ledger");
  write(dir / "model.bin", "weights v1\n");
  const std::string file = (dir / "model.bin").string();
  clear_reads();
  enable_read_ledger();  // as image-tag does with --attest-out or --audit-log
  model_digest({}, {file});
  std::optional<FileRead> read = find_read(file);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->sha256, run("sha256sum '" + file + "' | cut -d' ' -f1"));
  EXPECT_EQ(read->size, 11u);
  // The same path read again with other bytes in the same run: the file changed, exit 3.
  write(dir / "model.bin", "weights v2, longer\n");
  try {
    model_digest({}, {file});
    ADD_FAILURE() << "a model file that changed during the run was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  }
  clear_reads();
}

TEST(ModelDigestTest, MatchesAnIndependentImplementationOfTheFormat) {
  fs::path dir = fresh_dir("a");
  write(dir / "model.onnx", std::string("\x08\x07onnx\0bytes", 12));
  write(dir / "config.json", "{\"threshold\": 0.5}\n");
  write(dir / "tokenizer/vocab.txt", "a\nb\nc\n");
  write(dir / "Zeta", "capital letters sort before lower case\n");
  ModelDigest d = model_digest({dir.string()}, {});
  EXPECT_EQ(d.sha256, shell_digest(dir));
  ASSERT_EQ(d.files.size(), 4u);
  EXPECT_EQ(d.files[0].path, "Zeta");
  EXPECT_EQ(d.files[3].path, "tokenizer/vocab.txt");
  EXPECT_EQ(d.files[1].size, 19u);
}

TEST(ModelDigestTest, IndependentOfCreationOrderTimestampsAndPermissions) {
  fs::path a = fresh_dir("a"), b = fresh_dir("b");
  write(a / "w1.bin", "weights one");
  write(a / "sub/w2.bin", "weights two");
  write(b / "sub/w2.bin", "weights two");  // created in the other order
  write(b / "w1.bin", "weights one");
  fs::last_write_time(b / "w1.bin", fs::file_time_type{});  // a very different mtime
  fs::permissions(b / "sub/w2.bin", fs::perms::owner_read);
  std::string da = model_digest({a.string()}, {}).sha256;
  EXPECT_EQ(da, model_digest({b.string()}, {}).sha256);
  // One changed byte changes it, and so does a renamed file with the same content.
  write(b / "w1.bin", "weights 0ne");
  EXPECT_NE(da, model_digest({b.string()}, {}).sha256);
  fs::path c = fresh_dir("c");
  write(c / "w1.bin", "weights one");
  write(c / "sub/w3.bin", "weights two");
  EXPECT_NE(da, model_digest({c.string()}, {}).sha256);
}

TEST(ModelDigestTest, GitIdentityIsMixedInWhenAsked) {
  fs::path dir = fresh_dir("a");
  write(dir / "m.bin", "m");
  std::string plain = model_digest({dir.string()}, {}).sha256;
  ModelDigest with =
      model_digest({dir.string()}, {}, "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904");
  EXPECT_NE(plain, with.sha256);
  std::string expected =
      run("cd '" + dir.string() +
          "' && { printf 'mlops-actions model digest v1\\ngit tree "
          "4b825dc642cb6eb9a060e54bf8d69288fbee4904\\n'; printf 'm.bin\\0001\\0%s\\n' "
          "\"$(sha256sum m.bin | cut -d' ' -f1)\"; } | sha256sum | cut -d' ' -f1");
  EXPECT_EQ(with.sha256, expected);
}

TEST(ModelDigestTest, BadModelsAreUsageErrors) {
  fs::path dir = fresh_dir("a");
  EXPECT_THROW(model_digest({dir.string()}, {}), Error);  // empty
  EXPECT_THROW(model_digest({(dir / "missing").string()}, {}), Error);
  write(dir / "real.bin", "x");
  fs::create_symlink(dir / "real.bin", dir / "link.bin");
  try {
    model_digest({dir.string()}, {});
    FAIL() << "a symbolic link was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos);
  }
  // Two --model-file paths with the same name inside the digest are refused.
  fs::path other = fresh_dir("b");
  write(other / "real.bin", "y");
  EXPECT_THROW(model_digest({}, {(dir / "real.bin").string(), (other / "real.bin").string()}),
               Error);
}

}  // namespace
}  // namespace mlops::tag
